//! The packaging actions besides `pip_install` at build time
//! (src/build/bundle/pip.rs): `setup_py_install` on a local package folder,
//! `pip_download` of a wheel built here (`--no-index --find-links`, no
//! network), and `read_virtualenv` of a virtualenv made with the CPython's
//! own `venv`. Real pip, real CPython, real launcher.

mod common;

use std::path::Path;
use std::process::Command;

use common::{frost, write};

/// A PEP 517 backend in a few lines: package NAME's wheel, written with
/// zipfile (no `wheel` or `setuptools` needed).
const BACKEND: &str = r#"import os

NAME = open("NAME").read().strip()
VERSION = "1.0"

def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    files = [
        (f"{NAME}/__init__.py", f"WHO = {NAME!r}\n".encode()),
    ]
    return write_wheel(wheel_directory, files)
"#;

const MAIN: &str = r#"import os, sys
import frompy, fromwheel, fromvenv
home = os.path.dirname(os.path.abspath(sys.executable))
for m in (frompy, fromwheel, fromvenv):
    assert m.__file__.startswith(home + os.sep), m.__file__
print(frompy.WHO, fromwheel.WHO, fromvenv.WHO, os.path.relpath(fromvenv.__file__, home))
"#;

/// The config: the policy sends the virtualenv's files to `vendor/`, the
/// rest stay in memory (the default); `vendor/` is allowed, as the
/// fallback, when the executable is made.
const CONFIG: &str = r#"def make_exe():
    dist = default_python_distribution()
    policy = dist.make_python_packaging_policy()
    policy.resources_location_fallback = "filesystem-relative:vendor"
    config = dist.make_python_interpreter_config()
    config.run_module = "myapp"
    exe = dist.to_python_executable(name = "app", config = config, packaging_policy = policy)
    exe.add_python_resources(exe.read_package_root(CWD, ["myapp"]))
    exe.add_python_resources(exe.setup_py_install(package_path = "frompy"))
    exe.add_python_resources(exe.pip_download(["--no-index", "--find-links", "wheels", "fromwheel"]))
    policy.resources_location = "filesystem-relative:vendor"
    exe.add_python_resources(exe.read_virtualenv("venv"))
    return exe

register_target("exe", make_exe, default = True)
resolve_targets()
"#;

/// A package folder `dir/name` that the in-tree backend builds.
fn package(dir: &Path, name: &str) {
    write(dir, &format!("{name}/backend.py"), &common::backend(BACKEND));
    write(dir, &format!("{name}/NAME"), name);
    write(
        dir,
        &format!("{name}/pyproject.toml"),
        &format!("[build-system]\nrequires = []\nbuild-backend = \"backend\"\nbackend-path = [\".\"]\n\n[project]\nname = \"{name}\"\nversion = \"1.0\"\n"),
    );
}

fn python(args: &[&str], dir: &Path) {
    let out = Command::new("python3").args(args).current_dir(dir).output().unwrap();
    assert!(out.status.success(), "python3 {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// The app's sources: its package, a package folder, a wheel and a virtualenv.
fn sources(dir: &Path) {
    write(dir, "frost.bzl", CONFIG);
    write(dir, "myapp/__init__.py", "");
    write(dir, "myapp/__main__.py", MAIN);
    package(dir, "frompy");
    package(dir, "fromwheel");
    std::fs::create_dir(dir.join("wheels")).unwrap();
    python(&["-c", "import backend, sys; backend.build_wheel(sys.argv[1])", "../wheels"], &dir.join("fromwheel"));
    std::fs::remove_dir_all(dir.join("fromwheel")).unwrap();
    python(&["-m", "venv", "--without-pip", "venv"], dir);
    let site = dir.join("venv/lib/python3.11/site-packages");
    assert!(site.is_dir(), "python3 is the CPython 3.11 the launcher links");
    write(&site, "fromvenv/__init__.py", "WHO = 'fromvenv'\n");
    write(&site, "fromvenv-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: fromvenv\nVersion: 1.0\n");
}

fn stub_is_built() {
    let stub = Path::new(env!("CARGO_BIN_EXE_frost")).with_file_name("frost-launcher");
    assert!(stub.exists(), "{} is missing: run `cargo test --workspace`, which builds the launcher", stub.display());
}

#[test]
fn setup_py_install_pip_download_and_read_virtualenv_run_at_build_time() {
    stub_is_built();
    let work = tempfile::tempdir().unwrap();
    let src = work.path().join("src");
    sources(&src);
    let out = frost(&["build", "frost.bzl", "-o", "../out"], &src);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let bundle = work.path().join("out/app");
    assert!(bundle.join("vendor/fromvenv/__init__.py").is_file(), "the policy at the call placed the venv's files");
    assert!(bundle.join("vendor/fromvenv-1.0.dist-info/METADATA").is_file());
    assert!(!bundle.join("vendor/frompy").exists() && !bundle.join("vendor/fromwheel").exists());
    std::fs::remove_dir_all(&src).unwrap();
    let run = frost::build::retry_busy(|| Command::new(bundle.join("app")).output()).unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert_eq!(String::from_utf8_lossy(&run.stdout), "frompy fromwheel fromvenv vendor/fromvenv/__init__.py\n");
}

#[test]
fn failing_actions_name_their_call_and_write_nothing() {
    stub_is_built();
    let work = tempfile::tempdir().unwrap();
    sources(work.path());
    let cases = [
        (
            "exe.pip_download([\"--no-index\", \"--find-links\", \"wheels\", \"fromwheel\"])",
            "exe.pip_download([\"--no-index\", \"--find-links\", \"wheels\", \"nosuchpkg\"])",
            "pip_download at frost.bzl:10:30 failed (pip download --no-index --find-links wheels nosuchpkg):",
            "nosuchpkg",
        ),
        (
            "exe.setup_py_install(package_path = \"frompy\")",
            "exe.setup_py_install(package_path = \"myapp\")",
            "setup_py_install at frost.bzl:9:30 failed (pip install ",
            "myapp",
        ),
        (
            "exe.read_virtualenv(\"venv\")",
            "exe.read_virtualenv(\"wheels\")",
            "read_virtualenv at frost.bzl:12:30: ",
            "is not a virtualenv: it has no pyvenv.cfg",
        ),
    ];
    for (good, bad, message, detail) in cases {
        assert!(CONFIG.contains(good), "{good}");
        std::fs::write(work.path().join("frost.bzl"), CONFIG.replace(good, bad)).unwrap();
        let out = frost(&["build", "frost.bzl"], work.path());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(message) && stderr.contains(detail), "{message} … {detail} in:\n{stderr}");
        let left: Vec<_> = std::fs::read_dir(work.path().join("dist")).map(|d| d.count()).into_iter().collect();
        assert!(left.is_empty() || left == [0], "nothing is written: {left:?}");
    }
}
