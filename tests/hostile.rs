//! Hostile inputs at the edges of frost: files that are not files, text
//! that is not UTF-8, outputs that go nowhere, options out of range. Each
//! must end in a clear error (exit 2 for usage and I/O) and never a hang, a
//! panic or a silent success.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::*;

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn mkfifo(path: &Path) {
    assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
}

#[test]
fn a_fifo_or_a_device_is_refused_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.bzl");
    mkfifo(&fifo);
    for path in [fifo.to_str().unwrap(), "/dev/zero"] {
        let out = frost(&["eval", path], dir.path());
        assert_eq!(out.status.code(), Some(2), "{path}: {}", stderr(&out));
        assert!(stderr(&out).contains("not a regular file") || stderr(&out).contains("it is a"), "{}", stderr(&out));
    }
    // load() of a FIFO is an error at the load, not a hang.
    std::fs::write(dir.path().join("main.bzl"), "load(\"fifo.bzl\", \"X\")\n").unwrap();
    let out = frost(&["eval", "main.bzl"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("it is a FIFO, not a regular file"), "{}", stderr(&out));
}

#[test]
fn frost_check_of_a_folder_skips_a_fifo_named_bzl() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("trap.bzl"));
    std::fs::write(dir.path().join("good.bzl"), with_body("pass")).unwrap();
    let out = frost(&["check", "."], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 file"), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn a_byte_order_mark_is_accepted_and_bad_utf8_is_located() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bom.bzl"), format!("\u{feff}{}", with_body("pass"))).unwrap();
    let out = frost(&["eval", "bom.bzl"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut bytes = with_body("config.run_module = \"app\"").into_bytes();
    let at = bytes.windows(3).position(|w| w == b"app").unwrap();
    bytes[at] = 0xff;
    std::fs::write(dir.path().join("bad.bzl"), bytes).unwrap();
    let out = frost(&["eval", "bad.bzl"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not UTF-8: invalid byte at line 4, column 26"), "{}", stderr(&out));
}

#[test]
fn output_that_goes_nowhere_is_an_error() {
    let config = root().join("examples/minimal/frost.bzl");
    let out = Command::new(env!("CARGO_BIN_EXE_frost"))
        .args(["eval", config.to_str().unwrap()])
        .stdout(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "a real /dev/null is a fine place for output");
    // A closed descriptor 1: the shell's `>&-`.
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("exec \"{}\" eval \"{}\" >&-", env!("CARGO_BIN_EXE_frost"), config.display()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("standard output is closed"), "{}", stderr(&out));
}

#[test]
fn options_out_of_range_are_refused() {
    let config = root().join("examples/minimal/frost.bzl");
    let config = config.to_str().unwrap();
    for (args, says) in [
        (&["--timeout", "1e300"][..], "--timeout 1e300 is not accepted"),
        (&["--timeout", "1e19"], "--timeout 1e19 is not accepted"),
        (&["--timeout", "0"], "--timeout 0 is not accepted"),
        (&["--timeout=-1"], "--timeout -1 is not accepted"),
        (&["--max-steps", "0"], "--max-steps must be at least 1"),
        (&["--root", config], "not a folder"),
        (&["--target-triple", "garbage"], "not a target triple"),
        (&["--target-triple", "x86_64-unknown-linux-gnu; rm"], "not a target triple"),
    ] {
        let out = frost(&[&["eval", config], args].concat(), &root());
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
    let out = frost(&["eval", config, "--target-triple", "aarch64-apple-darwin", "--timeout", "0.5"], &root());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

fn stub() -> std::path::PathBuf {
    let stub = Path::new(env!("CARGO_BIN_EXE_frost")).with_file_name("frost-launcher");
    assert!(stub.exists(), "{} is missing: run `cargo test --workspace`, which builds the launcher", stub.display());
    stub
}

#[test]
fn frost_build_replaces_only_apps_it_built() {
    let _ = stub();
    let dir = tempfile::tempdir().unwrap();
    // An app named like its own config, built into the config's folder.
    let config = with_body("pass").replace("name = \"app\"", "name = \"frost.bzl\"");
    std::fs::write(dir.path().join("frost.bzl"), &config).unwrap();
    let out = frost(&["build", "--linked", "frost.bzl", "-o", "."], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("it exists and is a file that frost did not build"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(dir.path().join("frost.bzl")).unwrap(), config, "the config is untouched");
    // Someone's file, and a folder, in the way.
    std::fs::write(dir.path().join("frost.bzl"), with_body("pass")).unwrap();
    std::fs::create_dir(dir.path().join("dist")).unwrap();
    std::fs::write(dir.path().join("dist/app"), "mine").unwrap();
    let out = frost(&["build", "--linked", "frost.bzl"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(dir.path().join("dist/app")).unwrap(), "mine");
    // An earlier build is replaced.
    std::fs::remove_file(dir.path().join("dist/app")).unwrap();
    for _ in 0..2 {
        let out = frost(&["build", "--linked", "frost.bzl"], dir.path());
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
}

#[test]
fn a_killed_builds_temp_file_is_cleaned_up_by_the_next_build() {
    let _ = stub();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("frost.bzl"), with_body("pass")).unwrap();
    std::fs::create_dir(dir.path().join("dist")).unwrap();
    // A pid that is not running (beyond the kernel's pid_max).
    let stale = dir.path().join("dist/.app.frost-99999999-123.tmp");
    std::fs::write(&stale, "half").unwrap();
    let out = frost(&["build", "--linked", "frost.bzl"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stale.exists());
    let leftovers: Vec<_> =
        std::fs::read_dir(dir.path().join("dist")).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(leftovers, ["app"]);
}

#[test]
fn a_launcher_that_is_not_a_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("frost.bzl"), with_body("pass")).unwrap();
    let out = frost(&["build", "--linked", "frost.bzl", "--launcher", "/dev/zero"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("not a regular file"), "{}", stderr(&out));
}

#[test]
fn a_launcher_stub_older_than_frost_is_refused_with_the_command_that_rebuilds_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("frost.bzl"), with_body("pass")).unwrap();
    // A stub from before payload format 2: its marker does not say `payload=`.
    std::fs::write(dir.path().join("old-stub"), b"\x7fELF...FROST-STUB:python=3.11;debug=0;...").unwrap();
    for mode in ["--linked", "--bundle"] {
        let out = frost(&["build", mode, "frost.bzl", "--launcher", "old-stub"], dir.path());
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("old-stub is older than this frost (it reads payload format 1, this frost writes 2): rebuild it with `frost launcher build 3.11`"),
            "{}",
            stderr(&out)
        );
        assert!(!dir.path().join("dist").exists(), "nothing written");
    }
}

#[test]
fn frost_doctor_stops_an_app_that_never_reports() {
    let dir = tempfile::tempdir().unwrap();
    let exe = dir.path().join("stuck");
    // A program that carries a frost payload but hangs instead of reporting.
    let mut bytes = b"#!/bin/sh\nsleep 30\nexit 0\n".to_vec();
    let json = frost_runtime::RuntimeConfig::new("exe", "x86_64-unknown-linux-gnu", "3.11").to_json_pretty();
    bytes.extend_from_slice(&frost_runtime::payload::encode(&json));
    std::fs::write(&exe, bytes).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
    let started = std::time::Instant::now();
    let out = frost(&["doctor", "stuck", "--timeout", "0.5", "--format", "json"], dir.path());
    assert!(started.elapsed() < std::time::Duration::from_secs(20), "frost doctor waited for the app");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["ok"], false);
    let detail = report["checks"][0]["detail"].as_str().unwrap();
    assert!(detail.contains("did not finish its diagnostics within 0.5 s"), "{detail}");
}

#[test]
fn human_check_output_escapes_what_a_config_prints() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("esc.bzl"),
        "def f():\n    fail(\"line1\\nerror: forged\\x1b[31m red\\rend\")\n\nregister_target(\"exe\", f)\n",
    )
    .unwrap();
    let out = frost(&["check", "esc.bzl"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\x1b') && !text.contains('\r'), "{text:?}");
    assert!(text.contains(r"fail: line1\nerror: forged\x{1b}[31m red\rend"), "{text}");
    assert!(!text.lines().any(|l| l.starts_with("error: forged")), "{text}");
}

#[test]
fn parse_errors_point_where_python_users_look() {
    let dir = tempfile::tempdir().unwrap();
    // An unclosed bracket: at the bracket, in eval and check alike (not 1:1
    // or past the end).
    std::fs::write(dir.path().join("open.bzl"), "x = 1\ny = [1,\n  2,\n").unwrap();
    let out = frost(&["eval", "open.bzl"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("this `[` is never closed") && stderr(&out).contains("open.bzl:2:5"),
        "{}",
        stderr(&out)
    );
    let out = frost(&["check", "open.bzl", "--format", "json"], dir.path());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &report["diagnostics"][0];
    assert_eq!(
        (d["code"].as_str(), d["line"].as_u64(), d["column"].as_u64()),
        (Some("syntax-error"), Some(2), Some(5))
    );
    // A trailing tab is whitespace, as in Python.
    std::fs::write(
        dir.path().join("tab.bzl"),
        with_body("config.run_module = \"app\"\t").replace("dist = ", "dist =\t"),
    )
    .unwrap();
    let out = frost(&["eval", "tab.bzl"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_target_that_resolves_itself_is_a_named_cycle() {
    let src = "def a():\n    return resolve_target(\"b\")\n\ndef b():\n    return resolve_target(\"a\")\n\nregister_target(\"a\", a)\nregister_target(\"b\", b)\n";
    match eval_with(src, &options()) {
        Err(e) => assert!(e.to_string().contains("targets depend on each other in a cycle: a -> b -> a"), "{e}"),
        Ok(_) => panic!("a cycle evaluated"),
    }
}

#[test]
fn list_items_can_be_replaced_and_are_checked() {
    let config =
        eval(&with_body("config.module_search_paths = [\"a\", \"b\"]\nconfig.module_search_paths[-1] = \"ok\""))
            .unwrap();
    assert_eq!(config.config.module_search_paths, Some(vec!["a".to_string(), "ok".to_string()]));
    let err = eval(&with_body("config.module_search_paths = [\"a\"]\nconfig.module_search_paths[0] = 3")).unwrap_err();
    assert!(err.to_string().contains("module_search_paths"), "{err}");
    let err =
        eval(&with_body("config.module_search_paths = [\"a\"]\nconfig.module_search_paths[1] = \"x\"")).unwrap_err();
    assert!(err.to_string().contains("index 1 out of range: `module_search_paths` has 1 items"), "{err}");
}

#[test]
fn deeply_nested_values_and_sources_never_abort() {
    let dir = tempfile::tempdir().unwrap();
    let mut names = Vec::new();
    for (i, op) in ["str(x)", "repr(x)", "json.encode(x)", "x == x", "hash(t)", "sorted([x, x])"].iter().enumerate() {
        let name = format!("deep{i}.bzl");
        let src = format!(
            "def f():\n    x = []\n    t = ()\n    for _ in range(100000):\n        x = [x]\n        t = (t,)\n    return {op}\n\nregister_target(\"e\", f)\n"
        );
        std::fs::write(dir.path().join(&name), src).unwrap();
        names.push(name);
    }
    std::fs::write(dir.path().join("brackets.bzl"), format!("x = {}1{}\n", "(".repeat(10000), ")".repeat(10000)))
        .unwrap();
    let ifs: String =
        (0..3000).map(|l| format!("{}if True:\n", " ".repeat(l))).collect::<String>() + &" ".repeat(3000) + "pass\n";
    std::fs::write(dir.path().join("ifs.bzl"), ifs).unwrap();
    // All together (frost check's worker threads) and one by one (eval).
    let out = frost(&["check", "."], dir.path());
    assert!(matches!(out.status.code(), Some(0 | 1)), "{:?}: {}", out.status, stderr(&out));
    for name in names.iter().map(String::as_str).chain(["brackets.bzl", "ifs.bzl"]) {
        let out = frost(&["eval", name], dir.path());
        assert!(matches!(out.status.code(), Some(1)), "{name}: {:?} {}", out.status, stderr(&out));
    }
    let out = frost(&["eval", "brackets.bzl"], dir.path());
    assert!(stderr(&out).contains("brackets nest more than 200 deep"), "{}", stderr(&out));
}

#[test]
fn json_with_a_repeated_key_or_a_huge_int_is_refused_clearly() {
    let export = |json: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_frost"))
            .args(["export", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(json.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };
    let out = export(r#"{"schema_version": 2, "run_module": "a", "run_module": "b"}"#);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("<stdin>:1:53") && stderr(&out).contains("the key \"run_module\" appears twice"),
        "{}",
        stderr(&out)
    );
    let out = export(r#"{"schema_version": 2, "hash_seed": 18446744073709551615}"#);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("`hash_seed` is out of range: 18446744073709551615"), "{}", stderr(&out));
}

#[test]
fn reads_outside_the_root_name_both_folders() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("g.bzl"), "x = glob([\"/etc/**\"], strip_prefix = \"/etc/\")\n").unwrap();
    let out = frost(&["eval", "g.bzl"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("reads /etc, outside ., the folder the config may read"), "{}", stderr(&out));
}

/// Built-in calls that once panicked (exit 101) or aborted the process by
/// allocating past the heap limit in one go: the real binary now stops each
/// with a limit error (exit 1), at the default limits.
#[test]
fn built_in_calls_that_blew_the_heap_are_limit_errors() {
    let dir = tempfile::tempdir().unwrap();
    for (line, says) in [
        ("x = list(range(1000000000))", "Heap memory limit of"),
        ("x = [0] * 1000000000", "Heap memory limit of"),
        ("x = sorted(range(1000000000))", "Heap memory limit of"),
        ("x = set(range(100000000))", "Heap memory limit of"),
        ("x = 3\nfor _ in range(40):\n    x = x * x", "Int limit of 100000 bits exceeded"),
        ("x = int(\"9\" * 10000000)", "`int()` converts at most 4300 digits"),
        ("config.module_search_paths = [\"x\" * 1000000] * 10000", "config attribute limit exceeded"),
    ] {
        std::fs::write(dir.path().join("frost.bzl"), with_body(line)).unwrap();
        let out = frost(&["eval", "frost.bzl"], dir.path());
        assert_eq!(out.status.code(), Some(1), "{line}: {}", stderr(&out));
        assert!(stderr(&out).starts_with("error: evaluation stopped: "), "{line}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{line}: {}", stderr(&out));
        let out = frost(&["check", "frost.bzl"], dir.path());
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("error[limit-exceeded]"),
            "{line}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

/// A decimal literal of a million digits overflowed the lexer's stack (an
/// abort) in a debug build and took minutes at ten million in a release
/// build; a name that long took seconds. Both are parse errors now.
#[test]
fn huge_names_and_numbers_are_parse_errors() {
    let dir = tempfile::tempdir().unwrap();
    for (what, token) in [("number", "9".repeat(1_000_000)), ("name", "a".repeat(1_000_000))] {
        std::fs::write(dir.path().join("frost.bzl"), format!("X = {token}\n")).unwrap();
        let out = frost(&["eval", "frost.bzl"], dir.path());
        assert_eq!(out.status.code(), Some(1), "{what}: {}", stderr(&out));
        assert!(stderr(&out).contains("a name or number longer than 4300 characters here"), "{what}: {}", stderr(&out));
        assert!(stderr(&out).contains("frost.bzl:1:5"), "{what}: {}", stderr(&out));
    }
}

#[test]
fn an_unreadable_sub_folder_is_reported_after_the_rest_is_checked() {
    // Root reads every folder: run frost as `nobody` (setpriv), when this is root.
    let is_root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    let setpriv = Path::new("/usr/bin/setpriv");
    if !is_root || !setpriv.exists() {
        eprintln!("SKIPPED: needs root and setpriv to run frost as another user");
        return;
    }
    let dir = tempfile::Builder::new().prefix("frost-unreadable").tempdir_in("/tmp").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::write(dir.path().join("a.bzl"), "x = 1\nprint(x)\n").unwrap();
    std::fs::create_dir(dir.path().join("locked")).unwrap();
    std::fs::write(dir.path().join("locked/b.bzl"), "y = 1\n").unwrap();
    std::fs::set_permissions(dir.path().join("locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
    let frost_bin = Path::new(env!("CARGO_BIN_EXE_frost"));
    // The binary must be reachable by `nobody`: copy it beside the configs.
    let copy = dir.path().join("frost");
    std::fs::copy(frost_bin, &copy).unwrap();
    std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = Command::new(setpriv)
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(&copy)
        .args(["check", ".", "--format", "json"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["summary"]["files"], 1, "a.bzl was checked: {report}");
    let unreadable = report.to_string();
    assert!(unreadable.contains("locked") && unreadable.contains("Permission denied"), "{report}");
    std::fs::set_permissions(dir.path().join("locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
}
