//! The runtime an app folder carries: `frost build`'s runtime cache
//! (src/build/bundle/cache.rs), the launcher's refusal to run on any
//! libpython but the folder's own (launcher/src/libpython.rs), and the
//! app's independence from the build user. Real builds with the launcher
//! stub next to `frost` and the CPython it links.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::contents;

const CONFIG: &str = r#"def make_exe():
    dist = default_python_distribution()
    config = dist.make_python_interpreter_config()
    config.run_module = "myapp"
    exe = dist.to_python_executable(name = "app", config = config)
    exe.add_python_resource(exe.make_python_module_source("myapp", MAIN))
    return exe

MAIN = """import json, os, sys
home = os.path.dirname(os.path.abspath(sys.executable))
assert json.__file__.startswith(home + os.sep), json.__file__
print("ok", os.getuid(), json.dumps(sys.argv[1:]))
"""

register_target("exe", make_exe, default = True)
resolve_targets()
"#;

fn stub_is_built() {
    let stub = Path::new(env!("CARGO_BIN_EXE_frost")).with_file_name("frost-launcher");
    assert!(stub.exists(), "{} is missing: run `cargo test --workspace`, which builds the launcher", stub.display());
}

/// `frost build frost.bzl -o OUT` in `dir` with `FROST_CACHE_DIR=cache`
/// (`None`: no cache folder at all).
fn build(dir: &Path, out: &str, cache: Option<&Path>) -> Output {
    stub_is_built();
    let mut command = Command::new(env!("CARGO_BIN_EXE_frost"));
    command.args(["build", "frost.bzl", "-o", out]).current_dir(dir).env_remove("XDG_CACHE_HOME");
    match cache {
        Some(cache) => command.env("FROST_CACHE_DIR", cache),
        None => command.env_remove("FROST_CACHE_DIR").env_remove("HOME"),
    };
    command.output().unwrap()
}

fn built(dir: &Path, out: &str, cache: Option<&Path>) -> PathBuf {
    let output = build(dir, out, cache);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    dir.join(out).join("app")
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

fn run_ok(exe: &Path) -> String {
    let out = frost::build::retry_busy(|| Command::new(exe).arg("x").output()).unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn builds_share_one_cached_runtime_and_give_the_bytes_of_an_uncached_build() {
    let work = tempfile::tempdir().unwrap();
    let cache = work.path().join("cache");
    std::fs::write(work.path().join("frost.bzl"), CONFIG).unwrap();
    // Three builds at once into an empty cache: each succeeds, one entry stays.
    let handles: Vec<_> = ["a", "b", "c"]
        .into_iter()
        .map(|out| {
            let (dir, cache) = (work.path().to_path_buf(), cache.clone());
            std::thread::spawn(move || build(&dir, out, Some(&cache)))
        })
        .collect();
    for h in handles {
        let out = h.join().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let entries = names(&cache.join("runtime"));
    assert_eq!(entries.len(), 1, "one entry and no temporary folders: {entries:?}");
    assert!(entries[0].starts_with("cpython-3.11-"), "{entries:?}");
    let entry = cache.join("runtime").join(&entries[0]);
    let a = contents(&work.path().join("a/app"));
    for other in ["b", "c"] {
        assert!(a == contents(&work.path().join(other).join("app")), "{other} differs from a");
    }
    // The bundle's standard library is the cache's, hard-linked.
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let bundled = std::fs::metadata(work.path().join("a/app/lib/python3.11/json/__init__.pyc")).unwrap();
        let cached = std::fs::metadata(entry.join("lib/python3.11/json/__init__.pyc")).unwrap();
        assert_eq!((bundled.dev(), bundled.ino()), (cached.dev(), cached.ino()));
    }
    // No cache folder at all: the same bytes, staged in the bundle itself.
    let uncached = built(work.path(), "plain", None);
    assert!(a == contents(&uncached), "a build without the cache gives other bytes");
    assert!(run_ok(&uncached.join("app")).starts_with("ok "));
    // A damaged entry (a file deleted) is staged again, and the app is whole.
    std::fs::remove_file(entry.join("lib/python3.11/json/decoder.pyc")).unwrap();
    let rebuilt = built(work.path(), "a", Some(&cache));
    assert!(a == contents(&rebuilt), "the rebuild after the damage differs");
    assert!(entry.join("lib/python3.11/json/decoder.pyc").is_file(), "the entry was staged again");
    assert_eq!(names(&cache.join("runtime")), entries, "no temporary folders are left");
    assert_eq!(run_ok(&rebuilt.join("app")), format!("ok {} [\"x\"]\n", current_uid()));
}

fn current_uid() -> String {
    String::from_utf8(Command::new("id").arg("-u").output().unwrap().stdout).unwrap().trim().to_string()
}

#[cfg(unix)]
#[test]
fn the_app_runs_as_nobody() {
    use std::os::unix::fs::PermissionsExt;
    if current_uid() != "0" || !Command::new("setpriv").arg("--version").output().is_ok_and(|o| o.status.success()) {
        println!("SKIPPED: running as nobody needs root and setpriv");
        return;
    }
    let work = tempfile::tempdir().unwrap();
    std::fs::write(work.path().join("frost.bzl"), CONFIG).unwrap();
    // frost's own cache folder: warm when other tests built before.
    let out = common::frost(&["build", "frost.bzl", "-o", "out"], work.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let bundle = work.path().join("out/app");
    // A folder anyone may read, as an installed app is.
    let shared = tempfile::Builder::new().prefix("frost-nobody").tempdir_in("/tmp").unwrap();
    std::fs::set_permissions(shared.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let app = shared.path().join("app");
    assert!(Command::new("cp").arg("-a").arg(&bundle).arg(&app).status().unwrap().success());
    assert!(Command::new("chmod").args(["-R", "a+rX"]).arg(&app).status().unwrap().success());
    let out = Command::new("setpriv")
        .args(["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--reset-env"])
        .arg(app.join("app"))
        .arg("x")
        .current_dir("/")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "ok 65534 [\"x\"]\n", "{stderr}");
}

/// The installation prefix of the CPython the launcher links (`python3`'s).
fn build_cpython_prefix() -> String {
    let out = Command::new("python3").args(["-c", "import sys; print(sys.base_prefix)"]).output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn without_its_libpython_the_app_never_runs_on_another() {
    let work = tempfile::tempdir().unwrap();
    std::fs::write(work.path().join("frost.bzl"), CONFIG).unwrap();
    let out = common::frost(&["build", "frost.bzl", "-o", "out"], work.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let bundle = work.path().join("out/app");
    std::fs::remove_file(bundle.join("lib/libpython3.11.so.1.0")).unwrap();
    // The build's CPython hidden where possible: the loader's only other
    // candidates are the system's.
    let hidden = Command::new("unshare").args(["-m", "true"]).status().is_ok_and(|s| s.success());
    let out = if hidden {
        let script = format!("mount -t tmpfs none '{}' && exec \"$0\"", build_cpython_prefix());
        Command::new("unshare").args(["-m", "sh", "-c", &script]).arg(bundle.join("app")).output().unwrap()
    } else {
        println!("`unshare -m` is not available: the build's CPython stays visible");
        Command::new(bundle.join("app")).output().unwrap()
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && out.stdout.is_empty(), "the app ran: {stderr}");
    let system = ["/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/usr/lib"]
        .iter()
        .map(|d| Path::new(d).join("libpython3.11.so.1.0"))
        .find(|p| p.exists());
    match system {
        // The loader fell back to the system's libpython: the launcher stops.
        Some(_) if hidden => assert!(
            stderr.starts_with(&format!(
                "error: the app folder {} is incomplete: lib/libpython3.11.so.1.0 is missing (the system's ",
                bundle.display()
            )) && stderr
                .trim_end()
                .ends_with("was loaded in its place); copy the whole folder that `frost build` wrote"),
            "{stderr}"
        ),
        Some(_) => assert!(stderr.contains("lib/libpython3.11.so.1.0 is missing"), "{stderr}"),
        // No other libpython: the loader itself says which file is missing.
        None => assert!(stderr.contains("libpython3.11.so.1.0: cannot open shared object file"), "{stderr}"),
    }
}

const GONE_C: &str = r#"#include <Python.h>
int frost_gone(void);
static PyObject *answer(PyObject *self, PyObject *args) { return PyLong_FromLong(frost_gone()); }
static PyMethodDef methods[] = {{"answer", answer, METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_frostgone", NULL, -1, methods};
PyMODINIT_FUNC PyInit__frostgone(void) { return PyModule_Create(&module); }
"#;

const GONE_BZL: &str = r#"def make_exe():
    dist = PythonDistribution(local_path = "cpython", python_version = "3.11")
    config = dist.make_python_interpreter_config()
    config.run_command = "import _frostgone; print('answer', _frostgone.answer())"
    return dist.to_python_executable(name = "app", config = config)

register_target("exe", make_exe, default = True)
resolve_targets()
"#;

/// Runs gcc with `args` in `dir`; whether it succeeded.
fn gcc(dir: &Path, args: &[&str]) -> bool {
    Command::new("gcc").args(args).current_dir(dir).status().is_ok_and(|s| s.success())
}

/// `prefix`: the CPython `dist` as an install of its own (its executable
/// copied, so that its prefix is this folder; the rest linked), with the
/// extension module `extra` added to its `lib-dynload`.
fn cpython_with_module(dist: &frost::python::select::Distribution, prefix: &Path, extra: &Path) {
    use std::os::unix::fs::symlink;
    let stdlib = prefix.join("lib/python3.11");
    std::fs::create_dir_all(prefix.join("bin")).unwrap();
    std::fs::create_dir_all(stdlib.join("lib-dynload")).unwrap();
    std::fs::copy(&dist.executable, prefix.join("bin/python3.11")).unwrap();
    symlink(dist.libpython.with_file_name("libpython3.11.so.1.0"), prefix.join("lib/libpython3.11.so.1.0")).unwrap();
    for entry in std::fs::read_dir(&dist.stdlib).unwrap() {
        let entry = entry.unwrap();
        if !["lib-dynload", "site-packages"].contains(&entry.file_name().to_str().unwrap()) {
            symlink(entry.path(), stdlib.join(entry.file_name())).unwrap();
        }
    }
    for entry in std::fs::read_dir(dist.stdlib.join("lib-dynload")).unwrap() {
        let entry = entry.unwrap();
        symlink(entry.path(), stdlib.join("lib-dynload").join(entry.file_name())).unwrap();
    }
    std::fs::copy(extra, stdlib.join("lib-dynload").join(extra.file_name().unwrap())).unwrap();
}

/// A standard extension module needs a library that is not on the machine
/// at the first build (found through `LD_LIBRARY_PATH` at the second): the
/// cached runtime recorded it missing, and the second build stages it again
/// and carries the library, in the same entry.
#[test]
fn a_library_missing_at_the_first_build_is_carried_once_it_appears() {
    stub_is_built();
    let dist = frost::python::select::select("3.11", None, Path::new(".")).expect("a CPython 3.11");
    let work = tempfile::tempdir().unwrap();
    let (build_dir, shown, cache) = (work.path().join("build"), work.path().join("shown"), work.path().join("cache"));
    std::fs::create_dir_all(&build_dir).unwrap();
    std::fs::create_dir_all(&shown).unwrap();
    std::fs::write(build_dir.join("gone.c"), "int frost_gone(void) { return 42; }\n").unwrap();
    std::fs::write(build_dir.join("_frostgone.c"), GONE_C).unwrap();
    let ask = |code: &str| {
        let out = Command::new(&dist.executable).args(["-c", code]).output().unwrap();
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    let include = format!("-I{}", ask("import sysconfig; print(sysconfig.get_paths()['include'])"));
    let module = format!("_frostgone{}", ask("import sysconfig; print(sysconfig.get_config_var('EXT_SUFFIX'))"));
    let built =
        gcc(&build_dir, &["-shared", "-fPIC", "-o", "libfrostgone.so.1", "-Wl,-soname,libfrostgone.so.1", "gone.c"])
            && gcc(&build_dir, &["-shared", "-fPIC", "-o", &module, "_frostgone.c", &include, "libfrostgone.so.1"]);
    if !built {
        println!("SKIPPED: gcc could not build the library and the extension module");
        return;
    }
    cpython_with_module(&dist, &work.path().join("cpython"), &build_dir.join(&module));
    std::fs::write(work.path().join("frost.bzl"), GONE_BZL).unwrap();
    let build = || {
        let out = Command::new(env!("CARGO_BIN_EXE_frost"))
            .args(["build", "frost.bzl", "-o", "out"])
            .current_dir(work.path())
            .env("FROST_CACHE_DIR", &cache)
            .env("LD_LIBRARY_PATH", &shown)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{stderr}");
        stderr
    };
    let bundle = work.path().join("out/app");
    let carried = bundle.join("lib/libfrostgone.so.1");

    let stderr = build();
    assert!(stderr.contains(&format!("lib-dynload/{module} needs libfrostgone.so.1")), "{stderr}");
    assert!(!carried.exists());
    let entries = names(&cache.join("runtime"));
    assert_eq!(entries.len(), 1, "{entries:?}");
    let entry = cache.join("runtime").join(&entries[0]);
    assert_eq!(std::fs::read_to_string(entry.join("missing.txt")).unwrap(), "libfrostgone.so.1\n");
    // The loader's cache the libraries were looked up in is checked with them.
    let sources = std::fs::read_to_string(entry.join("sources.txt")).unwrap();
    let ld_so_cache = Path::new("/etc/ld.so.cache").is_file();
    assert_eq!(sources.lines().any(|l| l.starts_with("/etc/ld.so.cache ")), ld_so_cache, "{sources}");

    // The library appears where LD_LIBRARY_PATH points: same key, same entry, staged again.
    std::fs::copy(build_dir.join("libfrostgone.so.1"), shown.join("libfrostgone.so.1")).unwrap();
    let stderr = build();
    assert!(!stderr.contains("libfrostgone"), "{stderr}");
    assert!(carried.is_file(), "the bundle carries the library now");
    assert_eq!(names(&cache.join("runtime")), entries, "the entry was staged again in place");
    assert_eq!(std::fs::read_to_string(entry.join("missing.txt")).unwrap(), "");
    assert!(entry.join("lib/libfrostgone.so.1").is_file());
    // The app finds it in its own folder (no LD_LIBRARY_PATH where it runs).
    let out = Command::new(bundle.join("app")).env_remove("LD_LIBRARY_PATH").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "answer 42\n");
}
