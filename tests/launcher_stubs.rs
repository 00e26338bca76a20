//! `frost launcher build` and the stub summary of `frost python list`, as a
//! user runs them. (Building stubs for real is what `.ci/run` does before
//! the tests; launcher/tests/versions.rs then runs an app with each.)

use std::process::Command;

fn frost(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_frost")).args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn versions_no_stub_can_be_built_for_are_refused_before_anything_runs() {
    let (code, _, err) = frost(&["launcher", "build", "3.8"]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(
        err,
        "error: no launcher stub can be built for CPython 3.8: the launcher's pyo3 0.30 supports CPython 3.9 and later (CPython 3.8 needs pyo3 0.29 or older)\n"
    );
    let (code, _, err) = frost(&["launcher", "build", "3.12", "3.99"]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(
        err,
        "error: `3.99` is not a CPython version frost builds launchers for; it must be one of 3.9, 3.10, 3.11, 3.12, 3.13, 3.14\n"
    );
    // A version, or --all-found, but not both and not neither.
    for args in [&["launcher", "build"][..], &["launcher", "build", "3.12", "--all-found"]] {
        let (code, _, err) = frost(args);
        assert_eq!(code, Some(2), "{args:?}: {err}");
    }
}

#[test]
fn python_list_says_which_stubs_are_next_to_frost() {
    let (code, out, err) = frost(&["python", "list"]);
    assert_eq!(code, Some(0), "{err}");
    // On stderr: stdout is one line per interpreter.
    assert!(!out.contains("launcher stubs"), "{out}");
    let out = err;
    // The stub `cargo build` put next to frost is one of them, with its version.
    let stub = std::path::Path::new(env!("CARGO_BIN_EXE_frost")).with_file_name("frost-launcher");
    let bytes = std::fs::read(&stub).unwrap();
    let info = frost_runtime::payload::stub_info(&bytes).unwrap();
    let line = out.lines().find(|l| l.starts_with("launcher stubs next to frost: ")).unwrap_or_else(|| panic!("{out}"));
    assert!(line.contains(&format!("{} (frost-launcher", info.python_version)), "{line}");
}
