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
