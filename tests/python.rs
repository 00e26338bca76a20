//! `frost python list`: the CPythons on the machine, found and asked about
//! themselves, with why a candidate cannot serve.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

fn script(path: &Path, body: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

fn answer(version: &str, lib: &str, implementation: &str) -> String {
    format!(
        "echo '{{\"version\": \"{version}\", \"full\": \"{version}.1\", \"prefix\": \"/p\", \"libs\": {lib}, \"purelib\": \"/p/site\", \"impl\": \"{implementation}\"}}'"
    )
}

#[test]
fn every_candidate_is_listed_with_why_it_is_skipped() {
    let home = tempfile::tempdir().unwrap();
    let bin = home.path().join("bin");
    // A real CPython through a pyenv-style folder.
    let real = Command::new("python3").args(["-c", "import sys; print(sys.executable)"]).output().unwrap();
    let real = String::from_utf8(real.stdout).unwrap().trim().to_string();
    let pyenv = home.path().join("pyenv/versions/real/bin");
    std::fs::create_dir_all(&pyenv).unwrap();
    std::os::unix::fs::symlink(&real, pyenv.join("python3")).unwrap();
    script(&bin.join("python3.13"), &answer("3.13", "[]", "cpython"));
    script(&bin.join("python3.12"), &answer("3.12", "[]", "pypy"));
    script(&bin.join("python3.9"), &answer("3.7", "[\"/p/lib/libpython3.7.so\"]", "cpython"));
    script(&bin.join("python3.10"), "exit 3");
    let out = Command::new(env!("CARGO_BIN_EXE_frost"))
        .args(["python", "list", "--format", "json"])
        .env("HOME", home.path())
        .env("PYENV_ROOT", home.path().join("pyenv"))
        .env("PATH", &bin)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let found: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let by_exe = |name: &str| {
        found
            .iter()
            .find(|f| f["executable"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} not listed: {found:#?}"))
    };
    let pyenv_python = by_exe("versions/real/bin/python3");
    assert_eq!(pyenv_python["source"], "pyenv");
    assert_eq!(pyenv_python["skipped"], serde_json::Value::Null, "{pyenv_python}");
    assert!(pyenv_python["libpython"].as_str().unwrap().contains("libpython3"), "{pyenv_python}");
    // The only usable one: what its version selects; a skipped one never is.
    assert_eq!(pyenv_python["selected"], true, "{pyenv_python}");
    assert_eq!(by_exe("bin/python3.13")["selected"], false);
    assert_eq!(
        by_exe("bin/python3.13")["skipped"],
        "it has no shared libpython (it was built without --enable-shared)"
    );
    assert_eq!(by_exe("bin/python3.12")["skipped"], "it is pypy, not CPython");
    assert!(by_exe("bin/python3.9")["skipped"].as_str().unwrap().starts_with("CPython 3.7 is not one frost supports"));
    assert!(by_exe("bin/python3.10")["skipped"].as_str().unwrap().starts_with("it exited with"));
    // The text form has one line each, the skipped ones saying why.
    let out = Command::new(env!("CARGO_BIN_EXE_frost"))
        .args(["python", "list"])
        .env("HOME", home.path())
        .env("PYENV_ROOT", home.path().join("pyenv"))
        .env("PATH", &bin)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), found.len(), "{text}");
    assert!(text.lines().any(|l| l.contains("python3.12") && l.contains("skipped: it is pypy")), "{text}");
    assert!(text.lines().any(|l| l.starts_with("* ") && l.contains("versions/real/bin/python3")), "{text}");
    assert!(text.lines().filter(|l| l.contains("skipped:")).all(|l| l.starts_with("  ")), "{text}");
}

#[test]
fn an_interpreter_is_asked_once_until_it_changes() {
    let home = tempfile::tempdir().unwrap();
    let bin = home.path().join("bin");
    let log = home.path().join("asked.log");
    let python = bin.join("python3.13");
    let body = format!("echo asked >> '{}'\n{}", log.display(), answer("3.13", "[]", "cpython"));
    script(&python, &body);
    let list = || {
        let out = Command::new(env!("CARGO_BIN_EXE_frost"))
            .args(["python", "list", "--format", "json"])
            .env("HOME", home.path())
            .env("PYENV_ROOT", home.path().join("pyenv"))
            .env("FROST_CACHE_DIR", home.path().join("cache"))
            .env("PATH", &bin)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let found: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
        found.into_iter().find(|f| f["executable"].as_str().unwrap().ends_with("python3.13")).unwrap()
    };
    let asked = || std::fs::read_to_string(&log).unwrap_or_default().lines().count();
    let first = list();
    assert_eq!(first["full_version"], "3.13.1");
    assert_eq!(list(), first, "the kept answer is the same");
    assert_eq!(asked(), 1, "the second listing ran no interpreter");
    // Replaced (a new install at the same path): asked again.
    std::fs::remove_file(&python).unwrap();
    script(&python, &body.replace("3.13.1", "3.13.2"));
    let third = list();
    assert_eq!(asked(), 2, "the replaced interpreter was asked");
    assert_eq!(third["full_version"], "3.13.2");
}
