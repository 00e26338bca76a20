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

#[test]
fn the_heap_limit() {
    let src = "def make_exe():\n    xs = []\n    for i in range(10000000):\n        xs.append([i, str(i)])\n    return xs\n\nregister_target(\"exe\", make_exe)\n";
    let options = EvalOptions { max_heap_bytes: 20 << 20, ..options() };
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
