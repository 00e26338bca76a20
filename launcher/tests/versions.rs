//! The same app, built by `frost build` for every CPython version this
//! machine has (src/python `discover()`) that has a launcher stub next to
//! frost (`frost launcher build --all-found` makes them; `.ci/run` does
//! before the tests), picked by the config's `python_version` alone. Each
//! app runs and reports `sys.version_info`, `sys.frozen`,
//! `sys.executable` and `spawn.get_executable()`, and maps over a
//! `spawn`, a `forkserver` and a `fork` pool.
//!
//! A version found without a stub fails the test when
//! `FROST_TEST_EVERY_STUB=1` (as in CI); otherwise it is named on stderr
//! and left out, and the stub `cargo build` made is still tested.

mod common;

use std::path::Path;

use common::*;
use frost::build::{build, stubs, BuildOptions};
use serde_json::json;

/// The app: a module run with `run_module`, so spawn workers import it by name.
const APP: &str = r#"
import json, multiprocessing, multiprocessing.spawn, os, sys


def square(x):
    return x * x


def main():
    pools = {}
    for method in ("spawn", "forkserver", "fork"):
        with multiprocessing.get_context(method).Pool(2) as pool:
            pools[method] = pool.map(square, range(5))
    print(json.dumps({
        "version_info": list(sys.version_info[:2]),
        "frozen": getattr(sys, "frozen", None),
        "executable": sys.executable,
        # bytes on POSIX since 3.11.?: os.fsencode in set_executable.
        "spawn_executable": os.fsdecode(multiprocessing.spawn.get_executable()),
        "pools": pools,
    }))


if __name__ == "__main__":
    main()
"#;

/// The config, the same for every version but `python_version`.
fn bzl(version: &str) -> String {
    format!(
        r#"def make_exe():
    dist = default_python_distribution(python_version = "{version}")
    config = dist.make_python_interpreter_config()
    config.module_search_paths = ["$ORIGIN/../app"]
    config.run_module = "versions_app"
    config.sys_frozen = True
    return dist.to_python_executable(name = "app", config = config)

register_target("exe", make_exe, default = True)
resolve_targets()
"#
    )
}

/// Builds the app for `version` in `dir` with the stub frost picks; runs it.
fn build_and_run(dir: &Path, version: &str) -> serde_json::Value {
    std::fs::create_dir_all(dir.join("app")).unwrap();
    std::fs::write(dir.join("app").join("versions_app.py"), APP).unwrap();
    let rc = frost::api::eval_bzl(&bzl(version), "x86_64-unknown-linux-gnu").unwrap();
    assert_eq!(rc.python_version, version);
    let exe = build(&rc, &BuildOptions { out_dir: dir.join("dist"), launcher: None })
        .unwrap_or_else(|e| panic!("frost build for {version}: {e:#}"));
    let mut cmd = std::process::Command::new(&exe);
    cmd.current_dir(dir).env_remove(frost_launcher::DOCTOR_ENV);
    let out = run(cmd);
    assert_eq!((out.code, out.signal), (Some(0), None), "the app for CPython {version} failed:\n{out}");
    let report = last_json(&out);
    let exe = exe.canonicalize().unwrap();
    let squares = json!([0, 1, 4, 9, 16]);
    let expected = json!({
        "version_info": version.split('.').map(|p| p.parse::<u32>().unwrap()).collect::<Vec<_>>(),
        "frozen": true,
        "executable": exe.to_str().unwrap(),
        "spawn_executable": exe.to_str().unwrap(),
        "pools": {"spawn": squares, "forkserver": squares, "fork": squares},
    });
    assert_eq!(report, expected, "CPython {version}:\n{out}");
    report
}

#[test]
fn the_same_app_runs_on_every_cpython_with_a_stub() {
    if std::env::var_os(frost::build::LAUNCHER_ENV).is_some() {
        panic!("unset ${} to test the stubs frost picks by version", frost::build::LAUNCHER_ENV);
    }
    let found = frost::python::discover();
    let versions = frost::build::make_stub::all_found(&found);
    let present = stubs::present();
    let mut tested = Vec::new();
    let mut missing = Vec::new();
    for version in &versions {
        if !present.iter().any(|p| &p.version == version) {
            missing.push(version.clone());
            continue;
        }
        let dir = tempfile::Builder::new().prefix("frost-versions-test").tempdir().unwrap();
        build_and_run(dir.path(), version);
        tested.push(version.clone());
    }
    eprintln!("tested CPython {}; no stub for {:?}", tested.join(", "), missing);
    if std::env::var_os("FROST_TEST_EVERY_STUB").is_some_and(|v| v == "1") {
        assert!(
            missing.is_empty(),
            "no launcher stub for CPython {}: run `frost launcher build --all-found`",
            missing.join(", ")
        );
    }
    // The stub `cargo build` made (this crate's own) is always among them.
    assert!(tested.iter().any(|v| v == PYTHON_VERSION), "CPython {PYTHON_VERSION} (the plain stub's) was not tested");
}

#[test]
fn a_version_no_stub_can_link_is_refused_in_one_sentence() {
    // 3.8 is a version frost knows but no stub links (pyo3 0.30 starts at 3.9).
    let rc = frost::api::eval_bzl(&bzl("3.8"), "x86_64-unknown-linux-gnu").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let err = build(&rc, &BuildOptions { out_dir: dir.path().join("dist"), launcher: None }).unwrap_err();
    let message = format!("{err:#}");
    assert_eq!(
        message,
        "there is no launcher stub for CPython 3.8: the launcher's pyo3 0.30 supports CPython 3.9 and later; use python_version \"3.9\" or later"
    );
    assert!(!dir.path().join("dist").exists(), "nothing is written");
}
