//! The `frost` command line: exit codes, golden JSON for the examples, and
//! the exact text of error messages.

mod common;

use std::path::Path;

use common::*;

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn examples_lower_to_their_golden_json() {
    let examples = root().join("examples");
    let mut seen = 0;
    for entry in std::fs::read_dir(&examples).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.join("frost.bzl").exists() {
            continue;
        }
        let name = dir.file_name().unwrap().to_str().unwrap().to_string();
        let out = frost(&["eval", "frost.bzl", "--target-triple", "x86_64-unknown-linux-gnu"], &dir);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        golden(&root().join("tests/golden").join(format!("{name}.json")), &stdout(&out));
        seen += 1;
    }
    assert!(seen >= 5, "{seen} examples");
}

#[test]
fn error_messages_match_their_golden_text() {
    let dir = root().join("tests/errors");
    let mut seen = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.extension().is_none_or(|e| e != "bzl") {
            continue;
        }
        let file = path.file_name().unwrap().to_str().unwrap();
        let out = frost(&["eval", file], &dir);
        assert_eq!(out.status.code(), Some(1), "{file} exits 1: {}", stderr(&out));
        assert_eq!(stdout(&out), "", "{file}: nothing on stdout");
        golden(&path.with_extension("stderr"), &stderr(&out));
        seen += 1;
    }
    assert!(seen >= 15, "{seen} error cases");
}

#[test]
fn exit_codes() {
    let dir = root().join("examples/minimal");
    assert_eq!(frost(&["eval", "frost.bzl"], &dir).status.code(), Some(0));
    // A config error is 1.
    let errors = root().join("tests/errors");
    assert_eq!(frost(&["eval", "bad_enum.bzl"], &errors).status.code(), Some(1));
    // A missing file is 2, and says which.
    let out = frost(&["eval", "no-such.bzl"], &dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("error: cannot read no-such.bzl:"), "{}", stderr(&out));
    // A bad flag is 2.
    assert_eq!(frost(&["eval", "frost.bzl", "--no-such-flag"], &dir).status.code(), Some(2));
    assert_eq!(frost(&["eval"], &dir).status.code(), Some(2));
    assert_eq!(frost(&["eval", "frost.bzl", "--var", "only-name"], &dir).status.code(), Some(2));
    // An unset --var-env variable is a usage error.
    let out = frost(&["eval", "frost.bzl", "--var-env", "x", "FROST_TEST_UNSET_VARIABLE"], &dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("FROST_TEST_UNSET_VARIABLE is not set"), "{}", stderr(&out));
}

#[test]
fn vars_targets_and_triples_from_the_command_line() {
    let dir = root().join("examples/stdlib-vars");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_frost"))
        .args(["eval", "frost.bzl", "--var", "opt", "1", "--var-env", "who", "FROST_TEST_WHO", "--var", "opt", "2"])
        .env("FROST_TEST_WHO", "ünïcode")
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["optimization_level"], 2, "the last --var wins");
    assert_eq!(json["x_options"], serde_json::json!(["frost_who=ünïcode"]));

    let dir = root().join("examples/multi-target");
    let out = frost(&["eval", "frost.bzl", "--target", "debug", "--target-triple", "x86_64-pc-windows-msvc"], &dir);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["executable_name"], "tool-debug");
    assert_eq!(json["target"], "debug");
    assert_eq!(json["target_triple"], "x86_64-pc-windows-msvc");
    assert_eq!(json["development_mode"], true);
    let out = frost(&["eval", "frost.bzl", "--target", "nope"], &dir);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no target named `nope`"), "{}", stderr(&out));
}

#[test]
fn print_goes_to_stderr_and_stdout_stays_json() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("frost.bzl"),
        "print(\"hello from the config\")\ndef m():\n    return PythonInterpreterConfig()\nregister_target(\"c\", m)\n",
    )
    .unwrap();
    let out = frost(&["eval", "frost.bzl"], dir.path());
    assert!(out.status.success());
    assert!(stderr(&out).contains("hello from the config"));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["schema_version"], 2);
}

#[test]
fn the_frost_binary_does_not_link_libpython() {
    let exe = Path::new(env!("CARGO_BIN_EXE_frost"));
    let out = std::process::Command::new("ldd").arg(exe).output();
    let Ok(out) = out else { return };
    let libs = stdout(&out);
    assert!(!libs.is_empty(), "ldd printed the libraries");
    assert!(!libs.contains("libpython"), "frost links libpython:\n{libs}");
}
