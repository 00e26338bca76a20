//! frost's limits are recognised by the text starlark gives its errors
//! (starlark's evaluator errors are not public types): each limit, when hit,
//! must come out as frost's own explanation and as `limit-exceeded` in
//! `frost check`. A starlark upgrade that rewords one fails here.

mod common;

use std::time::Duration;

use common::*;
use frost::lints::{check_file, CheckOptions};
use frost::{EvalOptions, FrostError};

fn stopped(src: &str, options: &EvalOptions) -> String {
    match eval_with(src, options) {
        Err(FrostError::Config(e)) => frost::language::render_error(&e),
        Err(other) => panic!("expected a config error, got {other}"),
        Ok(_) => panic!("expected the limit to stop:\n{src}"),
    }
}

fn check_codes(src: &str, options: &EvalOptions) -> Vec<&'static str> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("limits.bzl");
    std::fs::write(&path, src).unwrap();
    let found = check_file(&path, &CheckOptions { target: None, eval: options.clone() }).unwrap();
    found.iter().map(|d| d.code).collect()
}

const ENDLESS: &str = "def make_exe():\n    n = 0\n    for i in range(1000000000):\n        n += i\n    return n\n\nregister_target(\"exe\", make_exe)\n";

#[test]
fn the_step_limit() {
    let options = EvalOptions { max_steps: 1000, ..options() };
    let message = stopped(ENDLESS, &options);
    assert!(message.starts_with("error: evaluation stopped: "), "{message}");
    assert!(message.contains("--max-steps"), "{message}");
    assert_eq!(check_codes(ENDLESS, &options), ["limit-exceeded"]);
}

#[test]
fn the_time_limit() {
    let options = EvalOptions { timeout: Duration::from_millis(100), ..options() };
    let message = stopped(ENDLESS, &options);
    assert!(message.starts_with("error: evaluation stopped: the config ran longer than the time limit"), "{message}");
    assert!(message.contains("--timeout"), "{message}");
    assert_eq!(check_codes(ENDLESS, &options), ["limit-exceeded"]);
}

/// A heap limit of `bytes`, with a time limit that a slow or busy machine
/// cannot reach first (a debug build on two loaded cores took over the
/// default 10 s before growing a 20 MiB heap): these tests are about the heap.
fn heap_limit(bytes: usize) -> EvalOptions {
    EvalOptions { max_heap_bytes: bytes, timeout: Duration::from_secs(300), ..options() }
}

#[test]
fn the_heap_limit() {
    let src = "def make_exe():\n    xs = []\n    for i in range(10000000):\n        xs.append([i, str(i)])\n    return xs\n\nregister_target(\"exe\", make_exe)\n";
    let options = heap_limit(20 << 20);
    let message = stopped(src, &options);
    assert!(message.starts_with("error: evaluation stopped: "), "{message}");
    assert!(message.contains("uses too much memory"), "{message}");
    assert_eq!(check_codes(src, &options), ["limit-exceeded"]);
}

#[test]
fn deep_recursion_is_a_limit_too() {
    let src =
        "def f(n):\n    return f(n + 1)\n\ndef make_exe():\n    return f(0)\n\nregister_target(\"exe\", make_exe)\n";
    assert_eq!(check_codes(src, &options()), ["limit-exceeded"]);
}

/// The codes of `check_codes` without the lints of a test's throwaway
/// variables.
fn error_codes(src: &str, options: &EvalOptions) -> Vec<&'static str> {
    check_codes(src, options).into_iter().filter(|c| *c != "unused-assign").collect()
}

/// A target function whose body (indented 4) runs `body`, then returns 1.
fn body(body: &str) -> String {
    let body: String = body.lines().map(|l| format!("    {l}\n")).collect();
    format!("def make_exe():\n{body}    return 1\n\nregister_target(\"exe\", make_exe)\n")
}

/// Each of these once grew past the heap limit inside one built-in call (a
/// panic, an abort or gigabytes of memory before the evaluator's next check):
/// each is now a heap limit error, with a 64 MiB heap.
#[test]
fn the_heap_limit_holds_inside_built_in_calls() {
    let options = heap_limit(64 << 20);
    let cases = [
        "x = [1]\nfor i in range(64):\n    x = x + x",
        "x = list(range(1000000000))",
        "x = tuple(range(1000000000))",
        "x = sorted(range(1000000000))",
        "x = set(range(100000000))",
        "x = []\nx.extend(range(1000000000))",
        "x = [1] * 100000\nfor i in range(30):\n    x.extend(x)",
        "x = [1]\nfor i in range(64):\n    x += x",
        "x = [1] * 100000\nfor i in range(30):\n    x += list(x)",
        "x = []\nx += range(1000000000)",
        "x = [0] * 1000000000",
        "x = (0,) * 1000000000",
        "x = \"x\" * 1000000000",
        "x = b\"x\" * 1000000000",
        "s = \"x\" * 1000000\nx = s + s\nfor i in range(10):\n    x = x + x",
        "s = \"x\" * 1000000\nx = s.join([s] * 10000)",
        "x = (\"x\" * 1000000).replace(\"x\", \"yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\")",
        "x = str([\"x\" * 1000000] * 10000)",
        "x = repr([\"x\" * 1000000] * 10000)",
        "x = \"%s\" % ([\"x\" * 1000000] * 10000,)",
        "x = \"{}\".format([\"x\" * 1000000] * 10000)",
        "x = json.encode([\"x\" * 1000000] * 10000)",
        "x = (\"x \" * 20000000).split()",
        "x = (\"x,\" * 20000000).split(\",\")",
        "x = (\"x\\n\" * 20000000).splitlines()",
        "x = (b\"x\" * 20000000).elems()",
    ];
    for case in cases {
        let src = body(case);
        let message = stopped(&src, &options);
        assert!(message.starts_with("error: evaluation stopped: Heap memory limit of"), "{case}\n{message}");
        assert!(message.contains("uses too much memory"), "{case}\n{message}");
        assert_eq!(error_codes(&src, &options), ["limit-exceeded"], "{case}");
    }
}

#[test]
fn ints_are_bounded() {
    for case in ["x = 3\nfor i in range(40):\n    x = x * x", "x = 1\nfor i in range(10):\n    x = x << 60000"] {
        let src = body(case);
        let message = stopped(&src, &options());
        assert!(message.contains("Int limit of 100000 bits exceeded"), "{case}\n{message}");
        assert_eq!(error_codes(&src, &options()), ["limit-exceeded"], "{case}");
    }
    let src = body("x = int(\"9\" * 10000000)");
    let message = stopped(&src, &options());
    assert!(message.contains("`int()` converts at most 4300 digits, not 10000000"), "{message}");
    assert_eq!(error_codes(&src, &options()), ["limit-exceeded"]);
    // What configs need still works: big ints, and 4300 digits.
    let src =
        body("x = 3\nfor _ in range(10):\n    x = x * x\ny = int(\"9\" * 4300)\nfail(\"reached the end\", y < x)");
    let message = stopped(&src, &options());
    assert!(message.contains("reached the end False"), "{message}");
}

/// Native loops over huge ranges (`all`, `max`) stop at the time limit.
#[test]
fn the_time_limit_holds_inside_built_in_calls() {
    let options = EvalOptions { timeout: Duration::from_millis(300), ..options() };
    for case in [
        "x = all(range(1, 2000000000))",
        "x = max(range(2000000000))",
        "x = len([1 for i in range(2000000000)])",
        "x = sorted(range(100000000))",
    ] {
        let src = body(case);
        let started = std::time::Instant::now();
        let message = stopped(&src, &options);
        assert!(
            message.starts_with("error: evaluation stopped: the config ran longer than the time limit"),
            "{case}\n{message}"
        );
        assert!(started.elapsed() < Duration::from_secs(20), "{case}: {:?}", started.elapsed());
        assert_eq!(error_codes(&src, &options), ["limit-exceeded"], "{case}");
    }
    // `zip` stops at its shortest argument.
    let src = body("x = zip([1, 2], range(2000000000))\nfail(x)");
    assert!(stopped(&src, &options).contains("[(1, 0), (2, 1)]"), "{}", stopped(&src, &options));
}

/// List attributes keep their strings outside the heap: each holds at most
/// 64 MiB of text, refused before it is copied.
#[test]
fn config_attributes_hold_at_most_64_mib_of_text() {
    for line in [
        "config.module_search_paths = [\"x\" * 1000000] * 10000",
        "config.module_search_paths = []\nfor i in range(100):\n    config.module_search_paths.append(\"x\" * 1000000)",
        "config.module_search_paths = [\"x\"]\nconfig.module_search_paths.extend([\"x\" * 1000000] * 100)",
        "config.module_search_paths = [\"x\"]\nconfig.module_search_paths.insert(0, \"x\" * 100000000)",
        "config.module_search_paths = [\"x\"]\nconfig.module_search_paths[0] = \"x\" * 100000000",
        "config.run_module = \"x\" * 100000000",
    ] {
        let src = with_body(line);
        let message = stopped(&src, &options());
        assert!(message.contains("config attribute limit exceeded: `"), "{line}\n{message}");
        assert!(message.contains("an attribute may hold"), "{line}\n{message}");
        assert_eq!(error_codes(&src, &options()), ["limit-exceeded"], "{line}");
    }
    // 64 MiB in all is fine.
    let src = with_body("config.module_search_paths = [\"x\" * 1000000] * 60");
    assert_eq!(eval_with(&src, &options()).unwrap().config.module_search_paths.map(|p| p.len()), Some(60));
}
