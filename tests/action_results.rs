//! Packaging actions run at their call in `frost build` and return typed
//! resources (src/language/types/action_results.rs): the config's loop over
//! `pip_install`'s result decides where each resource goes (a distribution
//! resource's `package` is the package's name, its folder keeps its own), what it does
//! not add is not placed, each action runs once, a slow pip is not stopped
//! by the evaluation's time limit, and `frost check` / `frost eval` on the
//! same config still run no Python. Real pip on local package folders
//! (built by a few-line in-tree PEP 517 backend: no network, no `wheel`).

mod common;

use std::path::Path;
use std::process::Command;

use common::{frost, write};

/// A PEP 517 backend: package NAME's wheel, written with zipfile; each
/// build appends a line to `../builds.log`, so a test can count them.
const BACKEND: &str = r#"import os

NAME = open("NAME").read().strip()
VERSION = "1.0"

def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    with open(os.path.join("..", "builds.log"), "a") as log:
        log.write(NAME + "\n")
    files = [
        (f"{NAME}/__init__.py", f"WHO = {NAME!r}\n".encode()),
        (f"{NAME}/data.txt", b"some data\n"),
    ]
    return write_wheel(wheel_directory, files)
"#;

/// The app: where each package came from, and which distributions it sees.
const MAIN: &str = r#"import importlib.metadata as md, importlib.resources, os, sys
import alpha, beta
home = os.path.dirname(os.path.abspath(sys.executable))
print(os.path.relpath(alpha.__file__, home), os.path.relpath(beta.__file__, home))
print(importlib.resources.files("alpha").joinpath("data.txt").read_text().strip())
print(importlib.resources.files("beta").joinpath("data.txt").is_file())
print(md.version("alpha"))
try:
    md.version("beta")
except md.PackageNotFoundError:
    print("no beta metadata")
"#;

/// alpha goes to `lib/` by the loop; beta stays in memory (the policy's
/// default) without its distribution files and its data file.
const CONFIG: &str = r#"def make_exe():
    dist = default_python_distribution()
    policy = dist.make_python_packaging_policy()
    policy.resources_location_fallback = "filesystem-relative:lib"
    config = dist.make_python_interpreter_config()
    config.run_module = "myapp"
    exe = dist.to_python_executable(name = "app", config = config, packaging_policy = policy)
    exe.add_python_resources(exe.read_package_root(CWD, ["myapp"]))
    for r in exe.pip_install(["--no-index", "--no-build-isolation", "./alpha"]):
        if r.add_location != "in-memory":
            fail("the policy's default location is in-memory, not %s" % r.add_location)
        if type(r) == "PythonPackageDistributionResource" and (r.package, str(r).startswith("PythonPackageDistributionResource<package=alpha, name=")) != ("alpha", True):
            fail("a distribution resource's package is its package's name, not %s (%s)" % (r.package, r))
        r.add_location = "filesystem-relative:lib"
        exe.add_python_resource(r)
    found = exe.pip_install(["--no-index", "--no-build-isolation", "./beta"])
    exe.add_python_resources([r for r in found if type(r) != "PythonPackageDistributionResource" and r.name != "data.txt"])
    return exe

register_target("exe", make_exe, default = True)
resolve_targets()
"#;

fn sources(dir: &Path, config: &str) {
    write(dir, "frost.bzl", config);
    write(dir, "myapp/__init__.py", "");
    write(dir, "myapp/__main__.py", MAIN);
    for name in ["alpha", "beta"] {
        write(dir, &format!("{name}/backend.py"), &common::backend(BACKEND));
        write(dir, &format!("{name}/NAME"), name);
        write(
            dir,
            &format!("{name}/pyproject.toml"),
            &format!("[build-system]\nrequires = []\nbuild-backend = \"backend\"\nbackend-path = [\".\"]\n\n[project]\nname = \"{name}\"\nversion = \"1.0\"\n"),
        );
    }
}

fn stub_is_built() {
    let stub = Path::new(env!("CARGO_BIN_EXE_frost")).with_file_name("frost-launcher");
    assert!(stub.exists(), "{} is missing: run `cargo test --workspace`, which builds the launcher", stub.display());
}

fn zip_names(path: &Path) -> Vec<String> {
    let out = Command::new("python3")
        .args(["-I", "-c", "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))"])
        .arg(path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect()
}

#[test]
fn the_loop_over_pip_install_decides_where_each_resource_goes() {
    stub_is_built();
    let work = tempfile::tempdir().unwrap();
    let src = work.path().join("src");
    sources(&src, CONFIG);
    // A time limit far below pip's own start-up: the limit pauses while an
    // action runs, so only the config's own steps count.
    let out = frost(&["build", "frost.bzl", "-o", "../out", "--timeout", "0.2"], &src);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let builds = std::fs::read_to_string(src.join("builds.log")).unwrap();
    assert_eq!(builds, "alpha\nbeta\n", "each action ran once");
    let bundle = work.path().join("out/app");
    assert!(bundle.join("lib/alpha/__init__.py").is_file() && bundle.join("lib/alpha/data.txt").is_file());
    assert!(bundle.join("lib/alpha-1.0.dist-info/METADATA").is_file());
    assert!(!bundle.join("lib/beta").exists(), "beta stayed in memory");
    assert!(!bundle.join("packed-resources.zip").exists(), "the in-memory resources are in the executable");
    let zipped = zip_names(&bundle.join("app"));
    assert!(zipped.iter().any(|n| n == "beta/__init__.py"), "{zipped:?}");
    assert!(!zipped.iter().any(|n| n.starts_with("alpha")), "alpha went to lib/: {zipped:?}");
    assert!(
        !zipped.iter().any(|n| n.starts_with("beta-1.0.dist-info") || n.ends_with("data.txt")),
        "not added: {zipped:?}"
    );
    let left: Vec<_> = std::fs::read_dir(work.path().join("out")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, ["app"], "pip's staging folders are gone");
    std::fs::remove_dir_all(&src).unwrap();
    let run = frost::build::retry_busy(|| Command::new(bundle.join("app")).output()).unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert_eq!(
        String::from_utf8_lossy(&run.stdout),
        "lib/alpha/__init__.py app/beta/__init__.pyc\nsome data\nFalse\n1.0\nno beta metadata\n"
    );
}

#[test]
fn check_and_eval_of_the_same_config_run_no_python() {
    let work = tempfile::tempdir().unwrap();
    sources(work.path(), CONFIG);
    for args in [&["check", "frost.bzl"][..], &["eval", "frost.bzl"]] {
        let out = Command::new(env!("CARGO_BIN_EXE_frost")).args(args).env_clear().current_dir(work.path()).output();
        let out = out.unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        if args[0] == "eval" {
            let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            let actions = json["packaging"]["actions"].as_array().unwrap();
            assert_eq!(actions.len(), 2, "both calls are recorded, not run: {actions:?}");
        }
    }
    assert!(!work.path().join("builds.log").exists() && !work.path().join("dist").exists(), "nothing ran");
}

#[test]
fn callbacks_see_the_installed_resources_and_a_failure_names_the_call() {
    stub_is_built();
    let work = tempfile::tempdir().unwrap();
    // The policy's callback (run by PyOxidizer for each new resource, and
    // refused by frost before actions ran at their call) sends beta to lib/.
    let with_callback = CONFIG
        .replace(
            "def make_exe():",
            "def to_lib(policy, resource):\n    if resource.name == \"beta\":\n        resource.add_location = \"filesystem-relative:lib\"\n\ndef make_exe():",
        )
        .replace(
            "    config = dist.make_python_interpreter_config()\n",
            "    policy.register_resource_callback(to_lib)\n    config = dist.make_python_interpreter_config()\n",
        );
    sources(work.path(), &with_callback);
    let out = frost(&["build", "frost.bzl"], work.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let bundle = work.path().join("dist/app");
    assert!(bundle.join("lib/beta/__init__.py").is_file(), "the callback moved beta");
    assert!(!zip_names(&bundle.join("app")).iter().any(|n| n.starts_with("beta/")));

    let failing = CONFIG.replace("\"./beta\"", "\"./nowhere\"");
    write(work.path(), "frost.bzl", &failing);
    std::fs::remove_dir_all(work.path().join("dist")).unwrap();
    let out = frost(&["build", "frost.bzl"], work.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let message = "pip_install at frost.bzl:16:13 failed (pip install --no-index --no-build-isolation ./nowhere)";
    assert!(stderr.contains(message), "{stderr}");
    assert!(stderr.contains(" --> frost.bzl:16:13"), "{stderr}");
    let left: Vec<_> = std::fs::read_dir(work.path().join("dist")).unwrap().collect();
    assert!(left.is_empty(), "no staging folder or output is left: {left:?}");
}

/// An action on an executable of another CPython version runs with that
/// version's CPython (the one its bundle carries), not the default one:
/// the backend pip runs logs the version that builds the wheel.
#[test]
fn an_action_runs_with_the_cpython_of_its_executables_distribution() {
    stub_is_built();
    let version = "3.12";
    let frost_dir = Path::new(env!("CARGO_BIN_EXE_frost")).parent().unwrap().to_path_buf();
    let stub = frost_dir.join(format!("frost-launcher-{version}"));
    if !stub.exists() {
        assert!(
            std::env::var_os("FROST_TEST_EVERY_STUB").is_none(),
            "{} is missing: run `frost launcher build --all-found`",
            stub.display()
        );
        eprintln!("skipped: no {} (`frost launcher build {version}` makes it)", stub.display());
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let src = work.path().join("src");
    let config = CONFIG.replace(
        "default_python_distribution()",
        &format!("default_python_distribution(python_version = \"{version}\")"),
    );
    sources(&src, &config);
    for name in ["alpha", "beta"] {
        let backend = BACKEND
            .replace("log.write(NAME + \"\\n\")", "import sys; log.write(NAME + \" %d.%d\\n\" % sys.version_info[:2])");
        assert_ne!(backend, BACKEND, "the backend logs the version");
        write(&src, &format!("{name}/backend.py"), &common::backend(&backend));
    }
    write(
        &src,
        "myapp/__main__.py",
        "import sys, alpha, beta\nprint('%d.%d' % sys.version_info[:2], alpha.WHO, beta.WHO)\n",
    );
    let out = frost(&["build", "frost.bzl", "-o", "../out"], &src);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let builds = std::fs::read_to_string(src.join("builds.log")).unwrap();
    assert_eq!(builds, format!("alpha {version}\nbeta {version}\n"), "pip ran with CPython {version}");
    let bundle = work.path().join("out/app");
    assert!(bundle.join(format!("lib/python{version}")).is_dir(), "the bundle carries CPython {version}");
    let run = frost::build::retry_busy(|| Command::new(bundle.join("app")).output()).unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert_eq!(String::from_utf8_lossy(&run.stdout), format!("{version} alpha beta\n"));
}
