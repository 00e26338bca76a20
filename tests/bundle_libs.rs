//! The shared libraries a bundle carries (src/build/bundle/libs.rs): an app
//! that uses OpenSSL, SQLite, libffi, liblzma, libbz2, zlib, libuuid and
//! readline runs, with every start method, in a root file system that has
//! nothing but the system's libraries (`frost_runtime::system_libraries`:
//! glibc and the compiler's runtime), the way a machine that never saw the
//! build would be; no file of the bundle looks for libraries outside it;
//! and `frost doctor` names a library that came from outside the folder.
//!
//! The root file system run needs `unshare -m` and `chroot` (root, as CI
//! is); without them it says SKIPPED.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::frost;
use frost_runtime::system_libraries::SYSTEM_LIBRARIES;

const BZL: &str = r#"def make_exe():
    dist = default_python_distribution()
    config = dist.make_python_interpreter_config()
    config.run_module = "libsapp"
    exe = dist.to_python_executable(name = "app", config = config)
    exe.add_python_resources(exe.read_package_root(CWD, ["libsapp"]))
    return exe

register_target("exe", make_exe, default = True)
resolve_targets()
"#;

const MAIN: &str = r#"import bz2, ctypes, hashlib, lzma, multiprocessing, readline, sqlite3, ssl, uuid, zlib

from libsapp.work import square

data = b"frost" * 1000
assert lzma.decompress(lzma.compress(data)) == data
assert bz2.decompress(bz2.compress(data)) == data
assert zlib.decompress(zlib.compress(data)) == data
assert sqlite3.connect(":memory:").execute("select 6 * 7").fetchone() == (42,)
assert hashlib.sha256(b"").hexdigest().startswith("e3b0c442")
assert ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_int)(lambda x: x + 1)(41) == 42
assert uuid.uuid4().version == 4
certificates = ssl.create_default_context().cert_store_stats()["x509_ca"]
print("openssl", ssl.OPENSSL_VERSION)
print("certificates", certificates > 0)
print("sqlite", sqlite3.sqlite_version)
for method in ("spawn", "forkserver", "fork"):
    with multiprocessing.get_context(method).Pool(2) as pool:
        assert pool.map(square, range(5)) == [0, 1, 4, 9, 16]
    print(method, "ok")
"#;

/// Writes the app and builds it into `dir/out/app`; returns that folder.
fn build(dir: &Path) -> PathBuf {
    for (path, text) in [
        ("frost.bzl", BZL),
        ("libsapp/__init__.py", ""),
        ("libsapp/__main__.py", MAIN),
        ("libsapp/work.py", "def square(x):\n    return x * x\n"),
    ] {
        common::write(dir, path, text);
    }
    let out = frost(&["build", "frost.bzl", "-o", "out"], dir);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    dir.join("out/app")
}

/// What the build machine's own CPython says (`python3 -c code`).
fn host_python(code: &str) -> String {
    let out = Command::new("python3").args(["-c", code]).output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// The folders the build machine's system libraries are in.
fn system_dirs() -> Vec<PathBuf> {
    let arch = format!("{}-linux-gnu", std::env::consts::ARCH);
    [format!("/lib/{arch}"), format!("/usr/lib/{arch}"), "/lib64".into(), "/usr/lib64".into(), "/lib".into()]
        .into_iter()
        .map(PathBuf::from)
        .collect()
}

/// A root file system with the system's libraries only (each found on this
/// machine), and the folders a running app uses.
fn system_only_root(root: &Path) {
    let arch_dir = root.join(format!("lib/{}-linux-gnu", std::env::consts::ARCH));
    for dir in [&arch_dir, &root.join("lib64"), &root.join("proc"), &root.join("dev/shm"), &root.join("tmp")] {
        std::fs::create_dir_all(dir).unwrap();
    }
    for name in SYSTEM_LIBRARIES {
        let Some(found) = system_dirs().into_iter().map(|d| d.join(name)).find(|p| p.exists()) else { continue };
        let bytes = std::fs::read(&found).unwrap();
        std::fs::write(arch_dir.join(name), &bytes).unwrap();
        if name.starts_with("ld-linux") {
            // Where executables name their loader (PT_INTERP).
            std::fs::write(root.join("lib64").join(name), &bytes).unwrap();
            std::fs::write(root.join("lib").join(name), &bytes).unwrap();
            for copy in [arch_dir.join(name), root.join("lib64").join(name), root.join("lib").join(name)] {
                assert!(Command::new("chmod").arg("755").arg(copy).status().unwrap().success());
            }
        }
    }
    assert!(!arch_dir.join("libssl.so.3").exists() && !arch_dir.join("libsqlite3.so.0").exists());
    // The CA bundle where Fedora keeps it, not where the build's Debian does.
    let certs = root.join("etc/pki/tls/certs");
    std::fs::create_dir_all(&certs).unwrap();
    std::fs::copy(HOST_CA_FILE, certs.join("ca-bundle.crt")).unwrap();
}

/// The build machine's CA bundle (Debian's).
const HOST_CA_FILE: &str = "/etc/ssl/certs/ca-certificates.crt";

fn can_chroot() -> bool {
    Command::new("unshare").args(["-m", "chroot", "/", "true"]).status().is_ok_and(|s| s.success())
}

#[test]
fn an_app_using_openssl_sqlite_and_libffi_runs_where_only_the_system_libraries_are() {
    let work = tempfile::tempdir().unwrap();
    let bundle = build(&work.path().join("src"));
    for lib in ["libssl.so.3", "libcrypto.so.3", "libsqlite3.so.0", "libffi.so.8", "liblzma.so.5"] {
        assert!(bundle.join("lib").join(lib).is_file(), "the bundle carries {lib}");
    }
    assert!(!bundle.join("lib/libc.so.6").exists(), "glibc is the system's, not carried");
    assert!(!bundle.join("lib/libtk8.6.so").exists(), "Tcl/Tk is the system's, with its script folders");
    let dynload = bundle.join("lib/python3.11/lib-dynload");
    let names: Vec<String> =
        std::fs::read_dir(&dynload).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().any(|n| n.starts_with("_ssl.")), "{names:?}");
    assert!(
        !names.iter().any(|n| n.starts_with("_testcapi.")),
        "include_test = False leaves test modules out: {names:?}"
    );
    if !can_chroot() || !Path::new(HOST_CA_FILE).is_file() {
        println!(
            "SKIPPED the system-only root: `unshare -m` and `chroot` need root, and a CA bundle at {HOST_CA_FILE}"
        );
        return;
    }
    let root = work.path().join("root");
    system_only_root(&root);
    assert!(Command::new("cp").arg("-a").arg(&bundle).arg(root.join("app")).status().unwrap().success());
    std::fs::remove_dir_all(work.path().join("src")).unwrap();
    let script = "mount -t proc proc \"$0/proc\" && mount -t tmpfs tmpfs \"$0/dev/shm\" && \
                  mount -t tmpfs tmpfs \"$0/tmp\" && exec chroot \"$0\" /app/app";
    // A machine that has not set OpenSSL's variables (this one may have).
    let out = Command::new("unshare")
        .args(["-m", "sh", "-c", script])
        .arg(&root)
        .env_remove("SSL_CERT_FILE")
        .env_remove("SSL_CERT_DIR")
        .output()
        .unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "stdout:\n{stdout}\nstderr:\n{stderr}");
    // The very libraries the build machine's CPython uses, not others.
    let openssl = host_python("import ssl; print(ssl.OPENSSL_VERSION)");
    let sqlite = host_python("import sqlite3; print(sqlite3.sqlite_version)");
    assert!(stdout.starts_with(&format!("openssl {openssl}\ncertificates True\nsqlite {sqlite}\n")), "{stdout}");
    assert!(stdout.ends_with("spawn ok\nforkserver ok\nfork ok\n"), "{stdout}\n{stderr}");
}

/// Every ELF file under `dir`, recursively.
fn elf_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            elf_files(&path, out);
        } else if std::fs::read(&path).unwrap().starts_with(b"\x7fELF") {
            out.push(path);
        }
    }
}

#[test]
fn no_file_of_a_bundle_looks_for_libraries_outside_it() {
    let work = tempfile::tempdir().unwrap();
    let bundle = build(work.path());
    let mut files = Vec::new();
    elf_files(&bundle, &mut files);
    assert!(files.len() > 40, "{files:?}");
    let mut with_paths = 0;
    for file in files {
        let out = Command::new("readelf").arg("-d").arg(&file).output().unwrap();
        let dynamic = String::from_utf8_lossy(&out.stdout);
        for line in dynamic.lines().filter(|l| l.contains("(RUNPATH)") || l.contains("(RPATH)")) {
            with_paths += 1;
            let path = line.split('[').nth(1).unwrap().trim_end_matches(']');
            assert!(line.contains("(RPATH)"), "{}: {line}", file.display());
            assert!(path.split(':').all(|d| d.starts_with("$ORIGIN")), "{}: {line}", file.display());
        }
    }
    assert!(with_paths > 0, "the launcher at least has its $ORIGIN/lib");
}

#[test]
fn doctor_names_a_library_loaded_from_outside_the_bundle() {
    let work = tempfile::tempdir().unwrap();
    let bundle = build(work.path()).canonicalize().unwrap();
    let doctor = |dir: &Path| {
        let out = frost(&["doctor", "out/app/app", "--format", "json"], dir);
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let check = report["checks"].as_array().unwrap().iter().find(|c| c["name"] == "libraries").unwrap().clone();
        (out.status.code(), report, check)
    };
    let (code, report, check) = doctor(work.path());
    assert_eq!(code, Some(0), "{report:#}");
    assert_eq!(check["ok"], true);
    // Every extension module was loaded: OpenSSL's libraries too, the bundle's.
    let ssl = format!("{}/lib/libssl.so.3", bundle.display());
    assert!(report["origins"]["libraries"].as_array().unwrap().iter().any(|l| l == &ssl), "{report:#}");
    let certificates = report["checks"].as_array().unwrap().iter().find(|c| c["name"] == "certificates").unwrap();
    assert_eq!(certificates["ok"], true, "{certificates}");
    let lzma = format!("{}/lib/liblzma.so.5", bundle.display());
    assert!(report["origins"]["libraries"].as_array().unwrap().iter().any(|l| l == &lzma), "{report:#}");
    // Without the bundle's liblzma (multiprocessing's imports load it), the
    // loader takes the system's: doctor names it.
    std::fs::remove_file(&lzma).unwrap();
    let (code, report, check) = doctor(work.path());
    assert_eq!(code, Some(1), "{report:#}");
    let detail = check["detail"].as_str().unwrap();
    assert!(detail.starts_with(&format!("loaded from outside the app folder {}: ", bundle.display())), "{detail}");
    assert!(detail.contains("/liblzma.so.5"), "{detail}");
}

const EXT_C: &str = r#"#include <Python.h>
unsigned ZSTD_versionNumber(void);
static PyObject *version(PyObject *self, PyObject *args) { return PyLong_FromUnsignedLong(ZSTD_versionNumber()); }
static PyMethodDef methods[] = {{"version", version, METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_zv", NULL, -1, methods};
PyMODINIT_FUNC PyInit__zv(void) { return PyModule_Create(&module); }
"#;

const EXT_BZL: &str = r#"def make_exe():
    dist = default_python_distribution()
    policy = dist.make_python_packaging_policy()
    policy.resources_location = "filesystem-relative:lib"
    config = dist.make_python_interpreter_config()
    config.run_command = "import zv._zv; print('zstd', zv._zv.version())"
    exe = dist.to_python_executable(name = "app", config = config, packaging_policy = policy)
    exe.add_python_resources(exe.read_package_root(CWD, ["zv"]))
    return exe

register_target("exe", make_exe, default = True)
resolve_targets()
"#;

#[test]
fn an_extension_module_of_the_app_gets_the_library_it_links_from_the_build_machine() {
    let zstd = system_dirs().into_iter().map(|d| d.join("libzstd.so.1")).find(|p| p.exists());
    let Some(zstd) = zstd else {
        println!("SKIPPED: this machine has no libzstd.so.1 to link an extension module against");
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let src = work.path().join("src");
    common::write(&src, "frost.bzl", EXT_BZL);
    common::write(&src, "zv/__init__.py", "");
    common::write(&src, "zv/_zv.c", EXT_C);
    let include = host_python("import sysconfig; print(sysconfig.get_paths()['include'])");
    let suffix = host_python("import sysconfig; print(sysconfig.get_config_var('EXT_SUFFIX'))");
    // Linked against the build machine's library by its path (no -dev
    // package needed), with a search path of the build machine's own.
    let built = Command::new("gcc")
        .args(["-shared", "-fPIC", "-o"])
        .arg(src.join(format!("zv/_zv{suffix}")))
        .arg(src.join("zv/_zv.c"))
        .arg(format!("-I{include}"))
        .arg(&zstd)
        .arg(format!("-Wl,-rpath,{}", zstd.parent().unwrap().display()))
        .status();
    if !built.is_ok_and(|s| s.success()) {
        println!("SKIPPED: gcc could not build the extension module");
        return;
    }
    std::fs::remove_file(src.join("zv/_zv.c")).unwrap();
    let out = frost(&["build", "frost.bzl", "-o", "out"], &src);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let bundle = src.join("out/app");
    assert!(bundle.join("lib/libzstd.so.1").is_file(), "the bundle carries the module's libzstd");
    let dynamic = Command::new("readelf").arg("-d").arg(bundle.join(format!("lib/zv/_zv{suffix}"))).output().unwrap();
    let dynamic = String::from_utf8_lossy(&dynamic.stdout);
    // Its search path named the build machine's folder: gone, so the
    // launcher's $ORIGIN/lib is searched.
    assert!(!dynamic.contains("RUNPATH") && !dynamic.contains("(RPATH)"), "{dynamic}");
    if !can_chroot() {
        println!("SKIPPED the system-only root: `unshare -m` and `chroot` need root");
        return;
    }
    let root = work.path().join("root");
    system_only_root(&root);
    assert!(Command::new("cp").arg("-a").arg(&bundle).arg(root.join("app")).status().unwrap().success());
    let script = "mount -t proc proc \"$0/proc\" && exec chroot \"$0\" /app/app";
    let out = Command::new("unshare").args(["-m", "sh", "-c", script]).arg(&root).output().unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stdout.starts_with("zstd 1"), "{stdout}");
}
