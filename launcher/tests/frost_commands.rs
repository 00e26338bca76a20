//! `frost build`, `frost run` and `frost doctor` (src/build.rs, src/doctor.rs)
//! against the real launcher stub.

mod common;

use common::*;
use frost::build::{build, run as frost_run, BuildOptions};
use serde_json::json;

fn options(dir: &std::path::Path) -> BuildOptions {
    BuildOptions { out_dir: dir.join("dist"), launcher: Some(STUB.into()) }
}

#[test]
fn build_writes_one_executable_quickly_and_run_passes_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let mut rc = config(json!({"run_command": "import sys; print(sys.argv[1:]); sys.exit(len(sys.argv))"}));
    rc.executable_name = Some("myapp".into());
    let started = std::time::Instant::now();
    let exe = build(&rc, &options(dir.path())).unwrap();
    let took = started.elapsed();
    assert!(took < std::time::Duration::from_secs(2), "frost build took {took:?}");
    assert_eq!(exe, dir.path().join("dist").join("myapp"));
    let entries: Vec<_> = std::fs::read_dir(dir.path().join("dist")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(entries, ["myapp"], "no temporary file is left behind");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&exe).unwrap().permissions().mode() & 0o777, 0o755);
    let code = frost_run(&exe, &["a".into(), "ü".into()]).unwrap();
    assert_eq!(code, 3);
    // Rebuilding over the app (or from an app as the stub) gives the same file.
    let before = std::fs::read(&exe).unwrap();
    let again = build(&rc, &BuildOptions { launcher: Some(exe.clone()), ..options(dir.path()) }).unwrap();
    assert_eq!(std::fs::read(again).unwrap(), before);
}

#[test]
fn build_refuses_what_the_launcher_cannot_honour() {
    let dir = tempfile::tempdir().unwrap();
    let mut rc = config(json!({"allocator_backend": "jemalloc", "filesystem_importer": false}));
    let err = build(&rc, &options(dir.path())).unwrap_err().to_string();
    assert!(err.contains("`allocator_backend`") && err.contains("`filesystem_importer`"), "{err}");
    assert!(err.contains("use \"default\" or \"rust\""), "{err}");

    rc = config(json!({}));
    rc.executable_name = None;
    let err = build(&rc, &options(dir.path())).unwrap_err().to_string();
    assert!(err.contains("to_python_executable"), "{err}");

    rc = config(json!({}));
    rc.python_version = "3.99".into();
    let err = build(&rc, &options(dir.path())).unwrap_err().to_string();
    assert!(err.contains(&format!("links CPython {PYTHON_VERSION}")) && err.contains("3.99"), "{err}");

    let not_a_stub = dir.path().join("not-a-stub");
    std::fs::write(&not_a_stub, b"\x7fELF nothing here").unwrap();
    let err =
        build(&config(json!({})), &BuildOptions { launcher: Some(not_a_stub), ..options(dir.path()) }).unwrap_err();
    assert!(err.to_string().contains("not a frost launcher stub"), "{err}");
    assert!(!dir.path().join("dist").join("app").exists(), "nothing is written when the build is refused");
}

#[test]
fn doctor_reports_in_json_and_text() {
    let dir = tempfile::tempdir().unwrap();
    let exe = build(&config(json!({"run_command": "raise SystemExit(9)"})), &options(dir.path())).unwrap();
    let report = frost::build::doctor::report(&exe).unwrap();
    assert_eq!(report["ok"], true, "{report:#}");
    let text = frost::build::doctor::human(&report);
    assert!(text.contains("  ok    round_trip_spawn"), "{text}");
    assert!(text.ends_with("healthy\n"), "{text}");
    // Not a bundle: where the code comes from is reported, not judged.
    assert_eq!(report["origins"]["bundle"], serde_json::Value::Null);
    assert_eq!(report["origins"]["outside"], json!([]));
    assert_eq!(report["python"]["requested"], PYTHON_VERSION);
    assert!(
        text.contains("  app        not a bundle\n") && text.contains("  ok    module_origins         not a bundle: "),
        "{text}"
    );

    // A damaged app is reported without being run.
    let mut bytes = std::fs::read(&exe).unwrap();
    let at = bytes.len() - 40;
    bytes[at] ^= 0x20;
    std::fs::write(&exe, bytes).unwrap();
    let report = frost::build::doctor::report(&exe).unwrap();
    assert_eq!(report["ok"], false);
    assert_eq!(report["checks"][0]["name"], "embedded_config");
    assert!(frost::build::doctor::human(&report).contains("NOT healthy: 1 of 1 checks failed"));
}
