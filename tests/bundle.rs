//! `frost build --bundle`: an app folder that runs on a machine without
//! the build's CPython. Real parts throughout: the launcher stub next to
//! `frost`, the CPython it links, that CPython's own pip on a local
//! package (built by a ten-line in-tree PEP 517 backend, so no network and
//! no `wheel` package are needed), and `unshare -m` to hide the build's
//! CPython from the copied app.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{contents, frost};

/// The app: a package read with `read_package_root` that imports a package
/// pip installs, checks that every module it imported comes from the
/// bundle, and runs a pool with each start method.
const MAIN: &str = r#"import multiprocessing, os, sys
import tinypkg
from myapp.work import where

home = os.path.dirname(os.path.abspath(sys.executable))
outside = sorted(n for n, m in list(sys.modules.items())
                 if getattr(m, "__file__", None) and not os.path.abspath(m.__file__).startswith(home + os.sep))
assert not outside, f"modules from outside the bundle: {outside}"
libpython = {line.split()[-1] for line in open("/proc/self/maps") if "libpython" in line}
assert libpython == {os.path.join(home, "lib", os.path.basename(p)) for p in libpython}, libpython
assert all(p.startswith(home + os.sep) for p in sys.path), sys.path
assert tinypkg.VALUE == 42
print("version", sys.version.split()[0])
print("tinypkg from", os.path.relpath(tinypkg.__file__, home))
if __name__ == "__main__":
    for method in ("spawn", "forkserver", "fork"):
        with multiprocessing.get_context(method).Pool(2) as pool:
            found = set(pool.map(where, range(4)))
        assert found == {(home, tinypkg.__file__)}, (method, found)
        print(method, "ok")
"#;

const WORK: &str = r#"import os, sys

def where(_):
    import tinypkg
    home = os.path.dirname(os.path.abspath(sys.executable))
    assert tinypkg.__file__.startswith(home + os.sep), tinypkg.__file__
    import json
    assert json.__file__.startswith(home + os.sep), json.__file__
    return home, tinypkg.__file__
"#;

const BACKEND: &str = r#""""A PEP 517 backend in a few lines: tinypkg's wheel, written with zipfile."""
import os

NAME, VERSION = "tinypkg", "1.0"

def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    files = [
        (f"{NAME}/__init__.py", open(os.path.join("src", NAME, "__init__.py"), "rb").read()),
    ]
    return write_wheel(wheel_directory, files)
"#;

/// A config whose policy lines are `policy` and whose extra executable
/// lines are `extra` (both indented by this function).
fn config(policy: &str, extra: &str) -> String {
    let indent = |s: &str| s.lines().map(|l| format!("    {l}\n")).collect::<String>();
    format!(
        "def make_exe():\n    dist = default_python_distribution()\n    policy = dist.make_python_packaging_policy()\n{}    config = dist.make_python_interpreter_config()\n    config.run_module = \"myapp\"\n    exe = dist.to_python_executable(name = \"app\", config = config, packaging_policy = policy)\n    exe.add_python_resources(exe.read_package_root(CWD, [\"myapp\"]))\n{}    return exe\n\nregister_target(\"exe\", make_exe, default = True)\nresolve_targets()\n",
        indent(policy),
        indent(extra)
    )
}

const ON_DISK: &str = "policy.resources_location = \"filesystem-relative:lib\"";
const PIP: &str = "exe.add_python_resources(exe.pip_install([\"--no-index\", \"--no-build-isolation\", \"./pkg\"]))";

/// Writes the app's sources and `frost.bzl` into `dir`.
fn write_app(dir: &Path, bzl: &str) {
    let backend = common::backend(BACKEND);
    let files = [
        ("frost.bzl", bzl),
        ("myapp/__init__.py", ""),
        ("myapp/__main__.py", MAIN),
        ("myapp/work.py", WORK),
        ("pkg/backend.py", backend.as_str()),
        ("pkg/src/tinypkg/__init__.py", "VALUE = 42\n"),
        (
            "pkg/pyproject.toml",
            "[build-system]\nrequires = []\nbuild-backend = \"backend\"\nbackend-path = [\".\"]\n\n[project]\nname = \"tinypkg\"\nversion = \"1.0\"\n",
        ),
    ];
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

fn stub_is_built() {
    let stub = Path::new(env!("CARGO_BIN_EXE_frost")).with_file_name("frost-launcher");
    assert!(stub.exists(), "{} is missing: run `cargo test --workspace`, which builds the launcher", stub.display());
}

/// `frost build --bundle -o out` in `dir`; asserts success.
fn build(dir: &Path) -> PathBuf {
    stub_is_built();
    let out = frost(&["build", "--bundle", "frost.bzl", "-o", "out"], dir);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    dir.join("out/app")
}

/// The installation prefix of the CPython the launcher links (`python3`'s).
fn build_cpython_prefix() -> String {
    let out = Command::new("python3").args(["-c", "import sys; print(sys.base_prefix)"]).output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn text(out: &Output) -> (String, String) {
    (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn a_copied_bundle_runs_with_the_build_cpython_hidden_and_the_sources_gone() {
    let work = tempfile::tempdir().unwrap();
    let src = work.path().join("src");
    write_app(&src, &config(ON_DISK, PIP));
    let bundle = build(&src);
    assert!(bundle.join("lib/tinypkg/__init__.py").is_file() && bundle.join("lib/myapp/work.py").is_file());
    assert!(!bundle.join("lib/python3.11/site-packages").exists(), "no site-packages of the build machine");
    let moved = work.path().join("elsewhere/app");
    std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
    assert!(Command::new("cp").arg("-a").arg(&bundle).arg(&moved).status().unwrap().success());
    std::fs::remove_dir_all(&src).unwrap();

    let Some(stdout) = run_hidden(&moved.join("app")) else { return };
    assert!(stdout.contains("tinypkg from lib/tinypkg/__init__.py\n"), "{stdout}");
}

/// Runs `exe` with the build's CPython hidden (a tmpfs over its prefix, in
/// a mount namespace of its own); asserts it succeeds and that its pools
/// worked with each start method; returns its output. `None` (and a
/// SKIPPED line) where `unshare -m` is not available.
fn run_hidden(exe: &Path) -> Option<String> {
    if !Command::new("unshare").args(["-m", "true"]).status().is_ok_and(|s| s.success()) {
        println!(
            "SKIPPED the hidden-CPython run: `unshare -m` is not available here (it needs root or user namespaces)"
        );
        return None;
    }
    let prefix = build_cpython_prefix();
    let script = format!("mount -t tmpfs none '{prefix}' && exec \"$0\"");
    let out = Command::new("unshare").args(["-m", "sh", "-c", &script]).arg(exe).output().unwrap();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stdout.starts_with("version 3.11."), "{stdout}");
    for method in ["spawn", "forkserver", "fork"] {
        assert!(stdout.contains(&format!("{method} ok")), "{stdout}\n{stderr}");
    }
    Some(stdout)
}

#[test]
fn a_rebuild_is_byte_identical_and_ld_library_path_cannot_swap_libpython() {
    let work = tempfile::tempdir().unwrap();
    write_app(work.path(), &config(ON_DISK, PIP));
    let first = contents(&build(work.path()));
    let bundle = build(work.path());
    assert_eq!(first.keys().collect::<Vec<_>>(), contents(&bundle).keys().collect::<Vec<_>>());
    assert!(first == contents(&bundle), "a second build changed some bytes");
    let leftovers: Vec<_> =
        std::fs::read_dir(work.path().join("out")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers, ["app"], "no temporary folders are left");
    // The app checks /proc/self/maps: libpython is the bundle's, even when
    // LD_LIBRARY_PATH names the build machine's.
    let out = Command::new(bundle.join("app"))
        .env("LD_LIBRARY_PATH", Path::new(&build_cpython_prefix()).join("lib"))
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success() && stdout.contains("fork ok"), "{stdout}\n{stderr}");
}

#[test]
fn a_failing_pip_names_its_call_and_leaves_the_previous_output_alone() {
    let work = tempfile::tempdir().unwrap();
    write_app(work.path(), &config(ON_DISK, PIP));
    let bundle = build(work.path());
    let before = contents(&bundle);
    let broken = config(ON_DISK, "exe.add_python_resources(exe.pip_install([\"--no-index\", \"./nowhere\"]))");
    std::fs::write(work.path().join("frost.bzl"), broken).unwrap();
    let out = frost(&["build", "--bundle", "frost.bzl", "-o", "out"], work.path());
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("pip_install at frost.bzl:9:30 failed"), "{stderr}");
    assert!(stderr.contains("nowhere"), "pip's own reason is shown: {stderr}");
    assert!(before == contents(&bundle), "the previous bundle is untouched");
    let entries: Vec<_> = std::fs::read_dir(work.path().join("out")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(entries, ["app"], "nothing half-written is left");
}

/// The names in the zip archive `path` (a zip file, or an executable
/// holding one), after the set of their timestamps, as Python's `zipfile`
/// reads them.
fn zip_listing(path: &Path) -> String {
    let listing = Command::new("python3")
        .args(["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(sorted(set(i.date_time for i in z.infolist())), z.namelist())"])
        .arg(path)
        .output()
        .unwrap();
    let (listing, stderr) = text(&listing);
    assert!(listing.starts_with("[(1980, 1, 1, 0, 0, 0)]"), "{listing}{stderr}");
    for name in
        ["'myapp/__main__.py'", "'myapp/__main__.pyc'", "'tinypkg/__init__.pyc'", "'tinypkg-1.0.dist-info/METADATA'"]
    {
        assert!(listing.contains(name), "{name} in {listing}");
    }
    listing
}

#[test]
fn in_memory_resources_are_embedded_in_the_executable_and_follow_it_when_renamed() {
    let work = tempfile::tempdir().unwrap();
    // The default policy and load mode: every resource in memory, in the
    // executable (`embedded:packed-resources`).
    let src = work.path().join("src");
    write_app(&src, &config("", PIP));
    let bundle = build(&src);
    assert!(!bundle.join("lib/myapp").exists() && !bundle.join("lib/tinypkg").exists());
    let beside: Vec<_> = std::fs::read_dir(&bundle).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(
        beside.iter().all(|n| n == "app" || n == "lib" || n == ".frost-bundle"),
        "no archive beside it: {beside:?}"
    );
    zip_listing(&bundle.join("app"));
    let first = contents(&bundle);
    assert!(first == contents(&build(&src)), "a second build changed some bytes");

    // Copied elsewhere, folder and executable renamed, sources gone.
    let moved = work.path().join("elsewhere/renamed");
    std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
    assert!(Command::new("cp").arg("-a").arg(&bundle).arg(&moved).status().unwrap().success());
    std::fs::rename(moved.join("app"), moved.join("tool")).unwrap();
    std::fs::remove_dir_all(&src).unwrap();
    let out = Command::new(moved.join("tool")).output().unwrap();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    // The package's `__file__` is under the executable's own path, also in
    // the pools' workers (the app asserts it).
    assert!(stdout.contains("tinypkg from tool/tinypkg/__init__.pyc\n"), "{stdout}");
    // Started through a symbolic link elsewhere, as from a `bin/` folder.
    let link = work.path().join("tool-link");
    std::os::unix::fs::symlink(moved.join("tool"), &link).unwrap();
    let out = Command::new(&link).output().unwrap();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success() && stdout.contains("tinypkg from tool/tinypkg/__init__.pyc\n"), "{stdout}\n{stderr}");
    let Some(stdout) = run_hidden(&moved.join("tool")) else { return };
    assert!(stdout.contains("tinypkg from tool/tinypkg/__init__.pyc\n"), "{stdout}");
}

#[test]
fn binary_relative_memory_mapped_writes_the_archive_beside_the_executable() {
    let work = tempfile::tempdir().unwrap();
    write_app(
        work.path(),
        &config("", &format!("{PIP}\nexe.packed_resources_load_mode = \"binary-relative-memory-mapped:res\"")),
    );
    let bundle = build(work.path());
    zip_listing(&bundle.join("res.zip"));
    let in_exe = Command::new("python3")
        .args(["-c", "import sys, zipfile; print(zipfile.is_zipfile(sys.argv[1]))"])
        .arg(bundle.join("app"))
        .output()
        .unwrap();
    assert_eq!(text(&in_exe).0, "False\n", "the executable holds no archive");
    let out = Command::new(bundle.join("app")).output().unwrap();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success() && stdout.contains("spawn ok") && stdout.contains("fork ok"), "{stdout}\n{stderr}");
    assert!(stdout.contains("tinypkg from res.zip/tinypkg/__init__.pyc\n"), "{stdout}");
}

#[test]
fn in_memory_resources_without_packed_resources_are_refused_with_the_setting_to_use() {
    let work = tempfile::tempdir().unwrap();
    write_app(work.path(), &config("", "exe.packed_resources_load_mode = \"none\""));
    stub_is_built();
    let out = frost(&["build", "--bundle", "frost.bzl", "-o", "out"], work.path());
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("PythonModuleSource `myapp` (added at frost.bzl:7:5) is to be loaded from memory")
            && stderr.contains("policy.resources_location = \"filesystem-relative:lib\""),
        "{stderr}"
    );
    assert!(!work.path().join("out/app").exists());
}

#[test]
fn in_memory_resources_with_the_in_memory_importer_off_are_refused() {
    let work = tempfile::tempdir().unwrap();
    let bzl = config("", "").replace(
        "    config.run_module = \"myapp\"\n",
        "    config.run_module = \"myapp\"\n    config.oxidized_importer = False\n",
    );
    assert!(bzl.contains("oxidized_importer = False"));
    write_app(work.path(), &bzl);
    stub_is_built();
    let out = frost(&["build", "frost.bzl", "-o", "out"], work.path());
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("PythonModuleSource `myapp` (added at frost.bzl:8:5) is to be loaded from memory, but the interpreter config sets `oxidized_importer = False`"),
        "{stderr}"
    );
    assert!(!work.path().join("out/app").exists());
    // On (the default, as in PyOxidizer), the same app imports from the executable.
    write_app(work.path(), &bzl.replace("oxidized_importer = False", "oxidized_importer = True"));
    let out = frost(&["build", "frost.bzl", "-o", "out"], work.path());
    assert!(out.status.success(), "{}", text(&out).1);
}

#[test]
fn the_policy_filters_the_standard_library() {
    let work = tempfile::tempdir().unwrap();
    let policy =
        format!("{ON_DISK}\npolicy.include_distribution_sources = False\npolicy.extension_module_filter = \"minimal\"");
    // Sources off for every module (PyOxidizer's quirk): the app's own
    // modules ship as bytecode too, and they keep `add_include`.
    let extra = "for r in exe.read_package_root(CWD, [\"myapp\"]):\n    r.add_include = True\n    r.add_source = False\n    exe.add_python_resource(r)";
    let bzl = config(&policy, extra);
    write_app(work.path(), &bzl);
    std::fs::write(
        work.path().join("myapp/__main__.py"),
        "import json, sys\nprint(json.__file__.endswith('.pyc'), sys.version.split()[0])\n",
    )
    .unwrap();
    let bundle = build(work.path());
    let stdlib = bundle.join("lib/python3.11");
    assert!(stdlib.join("os.pyc").is_file() && !stdlib.join("os.py").exists());
    assert!(!stdlib.join("test").exists() && !stdlib.join("unittest/test").exists(), "include_test is False");
    assert_eq!(std::fs::read_dir(stdlib.join("lib-dynload")).map(|d| d.count()).unwrap_or(0), 0, "minimal");
    assert!(bundle.join("lib/myapp/__main__.pyc").is_file() && !bundle.join("lib/myapp/__main__.py").exists());
    let out = Command::new(bundle.join("app")).output().unwrap();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success() && stdout.starts_with("True 3.11."), "{stdout}\n{stderr}");
}

#[test]
fn a_half_copied_bundle_says_what_is_missing() {
    let work = tempfile::tempdir().unwrap();
    write_app(work.path(), &config(ON_DISK, ""));
    let bundle = build(work.path());
    std::fs::remove_dir_all(bundle.join("lib/python3.11/encodings")).unwrap();
    let out = Command::new(bundle.join("app")).output().unwrap();
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr.trim(),
        format!(
            "error: the app folder {} is incomplete: lib/python3.11/encodings is missing; copy the whole folder that `frost build` wrote",
            bundle.display()
        )
    );
}

#[test]
fn a_folder_frost_did_not_write_is_not_replaced() {
    let work = tempfile::tempdir().unwrap();
    write_app(work.path(), &config(ON_DISK, ""));
    std::fs::create_dir_all(work.path().join("out/app")).unwrap();
    std::fs::write(work.path().join("out/app/notes.txt"), "mine").unwrap();
    stub_is_built();
    let out = frost(&["build", "--bundle", "frost.bzl", "-o", "out"], work.path());
    let (_, stderr) = text(&out);
    assert!(stderr.contains("it exists and is a folder that frost did not write"), "{stderr}");
    assert_eq!(std::fs::read_to_string(work.path().join("out/app/notes.txt")).unwrap(), "mine");
}

#[test]
fn a_bundle_an_older_frost_wrote_is_replaced() {
    // Before bundles were the default, the marker named `frost build --bundle`.
    let work = tempfile::tempdir().unwrap();
    write_app(work.path(), &config(ON_DISK, ""));
    let bundle = build(work.path());
    let marker = bundle.join(".frost-bundle");
    assert_eq!(
        std::fs::read_to_string(&marker).unwrap(),
        "This folder is an app that `frost build` wrote; the next build replaces it as a whole.\n"
    );
    std::fs::write(
        &marker,
        "This folder is an app that `frost build --bundle` wrote; the next build replaces it as a whole.\n",
    )
    .unwrap();
    std::fs::write(bundle.join("stale.txt"), "from the old build").unwrap();
    let out = frost(&["build", "frost.bzl", "-o", "out"], work.path());
    let (_, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(!bundle.join("stale.txt").exists(), "the old bundle was replaced as a whole");
    assert!(std::fs::read_to_string(&marker).unwrap().contains("that `frost build` wrote"));
}

/// `frost doctor --format json` of `exe`: the exit code and the report.
fn doctor(exe: &Path) -> (Option<i32>, serde_json::Value, String) {
    let out = frost(&["doctor", exe.to_str().unwrap(), "--format", "json"], exe.parent().unwrap());
    let (stdout, stderr) = text(&out);
    let report = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}\n{stderr}"));
    let human = text(&frost(&["doctor", exe.to_str().unwrap()], exe.parent().unwrap())).0;
    (out.status.code(), report, human)
}

fn check<'a>(report: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("{name}: {report:#}"))
}

#[test]
fn doctor_finds_every_module_and_libpython_inside_the_bundle_and_the_version_asked_for() {
    let work = tempfile::tempdir().unwrap();
    write_app(work.path(), &config("", ""));
    let bundle = build(work.path()).canonicalize().unwrap();
    let (code, report, human) = doctor(&bundle.join("app"));
    assert_eq!(code, Some(0), "{report:#}");
    let folder = bundle.to_str().unwrap();
    assert_eq!(report["origins"]["bundle"], folder);
    let libpython = report["origins"]["libpython"].as_array().unwrap();
    assert_eq!(libpython, &[serde_json::json!(format!("{folder}/lib/libpython3.11.so.1.0"))]);
    assert_eq!(report["origins"]["outside"], serde_json::json!([]));
    let modules = report["origins"]["modules"].as_object().unwrap();
    assert!(modules.keys().all(|dir| dir.starts_with(folder)), "{modules:?}");
    assert!(modules[&format!("{folder}/lib/python3.11")].as_u64().unwrap() > 20, "{modules:?}");
    let entry = check(&report, "entry_point")["detail"].as_str().unwrap();
    assert_eq!(entry, format!("run_module `myapp` comes from {folder}/app/myapp/__main__.pyc, inside the executable"));
    assert_eq!(report["python"]["requested"], "3.11");
    assert!(report["python"]["running"].as_str().unwrap().starts_with("3.11."), "{report:#}");
    assert!(human.contains("  python     3.11.") && human.contains("runs; the config asks for 3.11\n"), "{human}");
    assert!(human.contains(&format!("  libpython  {folder}/lib/libpython3.11.so.1.0\n")), "{human}");
    assert!(human.ends_with("healthy\n") && !human.contains("OUTSIDE"), "{human}");
    // The bundle's folder names its executable.
    let folder_report = text(&frost(&["doctor", folder], work.path())).0;
    assert!(folder_report.starts_with(&format!("frost doctor: {folder}/app (")), "{folder_report}");
}

#[test]
fn doctor_names_a_module_loaded_from_outside_the_bundle_and_where_from() {
    let work = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(work.path().join("outside")).unwrap();
    let outside = work.path().join("outside").canonicalize().unwrap();
    // A stray folder on sys.path: the app's module, and a stand-in for a
    // standard module that multiprocessing imports (it runs the real one).
    std::fs::write(outside.join("helper.py"), "print('helper')\n").unwrap();
    std::fs::write(
        outside.join("fnmatch.py"),
        "import importlib.machinery, os, sys\n_dirs = [d for d in sys.path if d != os.path.dirname(__file__)]\nimportlib.machinery.PathFinder.find_spec('fnmatch', _dirs).loader.exec_module(sys.modules[__name__])\n",
    )
    .unwrap();
    let bzl = format!(
        "def make_exe():\n    dist = default_python_distribution()\n    config = dist.make_python_interpreter_config()\n    config.module_search_paths = [{:?}]\n    config.run_module = \"helper\"\n    return dist.to_python_executable(name = \"app\", config = config)\n\nregister_target(\"exe\", make_exe, default = True)\nresolve_targets()\n",
        outside.to_str().unwrap()
    );
    std::fs::write(work.path().join("frost.bzl"), bzl).unwrap();
    let bundle = build(work.path()).canonicalize().unwrap();
    let (code, report, human) = doctor(&bundle.join("app"));
    assert_eq!(code, Some(1), "{report:#}");
    let outside = outside.to_str().unwrap();
    assert_eq!(
        check(&report, "entry_point")["detail"],
        format!("run_module `helper` comes from {outside}/helper.py, outside the app folder {}", bundle.display())
    );
    let origins = check(&report, "module_origins");
    assert_eq!(origins["ok"], false);
    let detail = origins["detail"].as_str().unwrap();
    assert!(detail.contains(&format!("fnmatch from {outside}/fnmatch.py")), "{detail}");
    assert!(detail.contains(&format!("sys.path has {outside}")), "{detail}");
    assert_eq!(check(&report, "libpython")["ok"], true, "libpython is still the bundle's");
    assert!(human.contains(&format!("  OUTSIDE    fnmatch from {outside}/fnmatch.py\n")), "{human}");
    assert!(human.contains(&format!("  OUTSIDE    helper from {outside}/helper.py\n")), "{human}");
    assert!(human.ends_with("checks failed\n"), "{human}");
}
