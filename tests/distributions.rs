//! Distributions: `default_python_distribution(python_version = ...)`
//! selects a CPython found on the machine at build time, and
//! `PythonDistribution(local_path = ..., sha256 = ...)` opens an unpacked
//! install or a python-build-standalone style archive, checked and
//! unpacked safely. The archives are made here, from the real pyenv
//! CPython 3.11, with Python's own `tarfile`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::frost;
use frost::python::local::open_with_cache;
use frost::python::select::{select, Distribution};
use frost_runtime::plan::DistributionSource;

/// The CPython 3.11 the machine has (what `python_version = "3.11"` selects).
fn cpython311() -> Distribution {
    select("3.11", None, Path::new(".")).expect("a CPython 3.11 with a shared libpython")
}

/// Runs Python code (making archives), failing the test when it fails.
fn python(code: &str, args: &[&Path]) {
    let out = Command::new("python3").arg("-c").arg(code).args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn sha256sum(path: &Path) -> String {
    let out = Command::new("sha256sum").arg(path).output().unwrap();
    String::from_utf8(out.stdout).unwrap().split_whitespace().next().unwrap().to_string()
}

/// An `install_only`-shaped archive (`python/bin`, `python/lib`) holding
/// the parts of `dist` needed to start it: its interpreter, libpython,
/// `os.py` (the prefix's landmark), `encodings` and an empty lib-dynload.
fn minimal_archive(dist: &Distribution, dir: &Path) -> PathBuf {
    let tree = dir.join("tree/python");
    let lib = tree.join("lib");
    let stdlib = lib.join("python3.11");
    std::fs::create_dir_all(tree.join("bin")).unwrap();
    std::fs::create_dir_all(stdlib.join("encodings")).unwrap();
    std::fs::create_dir_all(stdlib.join("lib-dynload")).unwrap();
    std::fs::copy(dist.prefix.join("bin/python3.11"), tree.join("bin/python3.11")).unwrap();
    std::os::unix::fs::symlink("python3.11", tree.join("bin/python3")).unwrap();
    std::fs::copy(&dist.libpython, lib.join("libpython3.11.so.1.0")).unwrap();
    std::fs::copy(dist.stdlib.join("os.py"), stdlib.join("os.py")).unwrap();
    for entry in std::fs::read_dir(dist.stdlib.join("encodings")).unwrap().flatten() {
        if entry.path().extension().is_some_and(|e| e == "py") {
            std::fs::copy(entry.path(), stdlib.join("encodings").join(entry.file_name())).unwrap();
        }
    }
    let archive = dir.join("cpython-3.11-install_only.tar.gz");
    python(
        "import sys, tarfile\nwith tarfile.open(sys.argv[2], 'w:gz', compresslevel=1) as t: t.add(sys.argv[1], 'python')",
        &[&tree, &archive],
    );
    archive
}

fn source(path: &str, sha256: Option<&str>) -> DistributionSource {
    DistributionSource { local_path: path.into(), sha256: sha256.map(str::to_string) }
}

/// What the cache's `distributions/` folder holds.
fn cached(cache: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(cache.join("distributions")) else { return Vec::new() };
    let mut names: Vec<String> = entries.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn an_archive_is_checked_unpacked_once_and_asked_its_version() {
    let dist = cpython311();
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let archive = minimal_archive(&dist, dir.path());
    let sha = sha256sum(&archive);

    // A wrong hash names both, and nothing is unpacked.
    let wrong = "0".repeat(64);
    let err = open_with_cache(&source("cpython-3.11-install_only.tar.gz", Some(&wrong)), dir.path(), &cache)
        .unwrap_err()
        .to_string();
    assert!(err.contains(&sha) && err.contains(&wrong), "{err}");
    assert!(cached(&cache).is_empty());

    // The right one: unpacked under its hash, the version asked of the interpreter in it.
    let opened = open_with_cache(&source("cpython-3.11-install_only.tar.gz", Some(&sha)), dir.path(), &cache).unwrap();
    let prefix = cache.join("distributions").join(&sha).join("python");
    assert_eq!(opened.prefix, prefix);
    assert_eq!(opened.version, "3.11");
    assert_eq!(opened.full_version, dist.full_version);
    assert_eq!(opened.libpython, prefix.join("lib/libpython3.11.so.1.0"));
    assert_eq!(cached(&cache), vec![sha.clone()], "no temporary folder is left");
    // Again: the unpacked folder is used as it is.
    let marker = prefix.join("lib/python3.11/marker");
    std::fs::write(&marker, "").unwrap();
    let again = open_with_cache(&source("cpython-3.11-install_only.tar.gz", Some(&sha)), dir.path(), &cache).unwrap();
    assert_eq!(again, opened);
    assert!(marker.exists(), "unpacked once");

    // A folder that is no CPython says what it lacks.
    std::fs::create_dir_all(dir.path().join("empty/lib")).unwrap();
    let err = open_with_cache(&source("empty", None), dir.path(), &cache).unwrap_err().to_string();
    assert!(err.contains("has no lib/python3.X/os.py"), "{err}");
}

/// Hostile archives: each is refused with the entry named, nothing is
/// written outside the cache, and no distribution folder appears.
#[test]
fn hostile_archives_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    // Each case: a name and the Python lines adding its entries to the tarfile `t`.
    let cases: &[(&str, &str, &str)] = &[
        ("dotdot", "add('python/../../evil', b'x')", "python/../../evil"),
        ("absolute", "add('/tmp/frost-hostile-abs', b'x')", "/tmp/frost-hostile-abs"),
        ("symlink-absolute", "link('python/lib/passwd', '/etc/passwd')", "python/lib/passwd"),
        ("symlink-up", "link('python/up', '../../..')", "python/up"),
        // Lexically inside (python/x/y/d/../../.. is python), but d is python/z, so b is python/z/../../.. = outside.
        (
            "symlink-chain",
            "folder('python/z')\nlink('python/x/y/d', '../../z')\nlink('python/x/y/b', 'd/../../..')",
            "python/x/y/b",
        ),
        ("hardlink-up", "add('python/a', b'x')\nlink('python/h', '../../a', tarfile.LNKTYPE)", "python/h"),
        ("fifo", "special('python/fifo', tarfile.FIFOTYPE)", "python/fifo"),
        ("device", "special('python/dev', tarfile.CHRTYPE)", "python/dev"),
    ];
    for (name, body, entry) in cases {
        let archive = dir.path().join(format!("{name}.tar.gz"));
        let code = format!(
            "import io, sys, tarfile\n\
             t = tarfile.open(sys.argv[1], 'w:gz')\n\
             def add(n, data):\n    i = tarfile.TarInfo(n); i.size = len(data); t.addfile(i, io.BytesIO(data))\n\
             def link(n, target, kind=tarfile.SYMTYPE):\n    i = tarfile.TarInfo(n); i.type = kind; i.linkname = target; t.addfile(i)\n\
             def folder(n):\n    i = tarfile.TarInfo(n); i.type = tarfile.DIRTYPE; i.mode = 0o755; t.addfile(i)\n\
             def special(n, kind):\n    i = tarfile.TarInfo(n); i.type = kind; t.addfile(i)\n\
             add('python/bin/ok', b'fine')\n{body}\nt.close()\n"
        );
        python(&code, &[&archive]);
        let sha = sha256sum(&archive);
        let err = open_with_cache(&source(&format!("{name}.tar.gz"), Some(&sha)), dir.path(), &cache)
            .unwrap_err()
            .to_string();
        assert!(err.contains(&format!("the entry {entry} is refused")), "{name}: {err}");
        assert!(cached(&cache).is_empty(), "{name}: {:?}", cached(&cache));
    }
    assert!(!dir.path().parent().unwrap().join("evil").exists());
    assert!(!Path::new("/tmp/frost-hostile-abs").exists());
}

const APP: &str = r#"import multiprocessing, sys
print("version", "%d.%d" % sys.version_info[:2], "frozen", sys.frozen)
def square(x):
    return x * x
if __name__ == "__main__":
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        print("spawn", pool.map(square, range(3)))
"#;

fn config(dist: &str) -> String {
    format!(
        "def make_exe():\n    dist = {dist}\n    config = dist.make_python_interpreter_config()\n    config.run_module = \"app\"\n    exe = dist.to_python_executable(name = \"app\", config = config)\n    exe.add_python_resources(exe.read_package_root(CWD, [\"app\"]))\n    return exe\n\nregister_target(\"exe\", make_exe, default = True)\nresolve_targets()\n"
    )
}

/// `frost eval` records the distribution without reading it (and needs no
/// Python: PATH is empty); `frost build --bundle` copies it, and the app
/// runs on it.
#[test]
fn a_local_install_is_recorded_at_eval_and_bundled_at_build() {
    let dist = cpython311();
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    // An unpacked install: the real one's parts, linked into a prefix of its own.
    let prefix = dir.join("cpython");
    std::fs::create_dir_all(prefix.join("bin")).unwrap();
    std::fs::create_dir_all(prefix.join("lib")).unwrap();
    std::os::unix::fs::symlink(&dist.executable, prefix.join("bin/python3.11")).unwrap();
    std::os::unix::fs::symlink(&dist.stdlib, prefix.join("lib/python3.11")).unwrap();
    let soname = dist.libpython.parent().unwrap().join("libpython3.11.so.1.0");
    std::os::unix::fs::symlink(&soname, prefix.join("lib/libpython3.11.so.1.0")).unwrap();
    std::fs::write(dir.join("app.py"), APP).unwrap();
    std::fs::write(
        dir.join("frost.bzl"),
        config("PythonDistribution(local_path = \"cpython\", python_version = \"3.11\")"),
    )
    .unwrap();

    let out = Command::new(env!("CARGO_BIN_EXE_frost"))
        .args(["eval", "frost.bzl"])
        .current_dir(dir)
        .env("PATH", "")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["packaging"]["distribution"], serde_json::json!({ "local_path": "cpython", "sha256": null }));

    let out = frost(&["build", "--bundle", "frost.bzl", "-o", "out"], dir);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let run = Command::new(dir.join("out/app/app")).output().unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{stdout}{}", String::from_utf8_lossy(&run.stderr));
    assert!(stdout.contains("version 3.11 frozen True") && stdout.contains("spawn [0, 1, 4]"), "{stdout}");

    // Asking the folder for 3.12 says what it holds (a build with the 3.11
    // launcher stops before, at the launcher's version).
    let err = select("3.12", Some(&source("cpython", None)), dir).unwrap_err().to_string();
    assert!(
        err.contains(&format!("is CPython {}", dist.full_version)) && err.contains("python_version \"3.12\""),
        "{err}"
    );
}

#[test]
fn an_archive_without_sha256_is_an_error_at_the_call() {
    let src = config("PythonDistribution(local_path = \"cpython.tar.gz\")");
    let (message, line, column) = common::error_at(&src);
    assert!(message.contains("`sha256` is missing"), "{message}");
    assert_eq!((line, column), (2, 12));
    let (message, ..) = common::error_at(&config("PythonDistribution(sha256 = \"abc\", local_path = \"x.tar.gz\")"));
    assert!(message.contains("`sha256` cannot be \"abc\"; it must be 64 hexadecimal digits"), "{message}");
    let (message, ..) = common::error_at(&config("PythonDistribution(\"\", url = \"https://example.com/x.tar.gz\")"));
    assert!(message.contains("frost downloads nothing"), "{message}");
}
