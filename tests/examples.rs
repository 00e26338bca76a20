//! Every example builds and runs under the real launcher, and `frost check
//! examples/` is clean. Needs the launcher stub next to `frost`, which
//! `cargo test --workspace` builds.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;

/// A copy of `examples/<name>` in a temporary folder, so builds write there.
fn copy_example(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root().join("examples").join(name), dir.path(), false);
    dir
}

fn copy_tree(from: &Path, to: &Path, with_dist: bool) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if (entry.file_name() == "dist" && !with_dist) || entry.file_name() == "__pycache__" {
                continue;
            }
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target, with_dist);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn build(dir: &Path, extra: &[&str]) -> PathBuf {
    let stub = Path::new(env!("CARGO_BIN_EXE_frost")).with_file_name("frost-launcher");
    assert!(stub.exists(), "{} is missing: run `cargo test --workspace`, which builds the launcher", stub.display());
    let out = frost(&[&["build", "frost.bzl"], extra].concat(), dir);
    assert!(out.status.success(), "frost build: {}", String::from_utf8_lossy(&out.stderr));
    let written = String::from_utf8_lossy(&out.stderr);
    let path = written.lines().find_map(|l| l.strip_prefix("wrote ")).expect("frost build says what it wrote");
    dir.join(path.trim())
}

/// Runs a built app with a clean environment but a UTF-8 locale.
fn run(exe: &Path, args: &[&str]) -> Output {
    // Tests run in threads: a file another thread just copied can be held
    // open by a child forked meanwhile, so its exec briefly fails with ETXTBSY.
    frost::build::retry_busy(|| Command::new(exe).args(args).env_clear().env("LC_ALL", "C.UTF-8").output()).unwrap()
}

fn stdout(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn minimal_says_hello_with_its_arguments() {
    let dir = copy_example("minimal");
    let exe = build(dir.path(), &[]);
    assert_eq!(stdout(&run(&exe, &["a", "ünï"])), "hello from hello frozen\nargs: ['a', 'ünï']\n");
    // The app is a folder of its own: the executable (which holds the
    // module), its CPython, and no archive beside it.
    let folder = exe.parent().unwrap();
    assert_eq!(folder, dir.path().join("dist/hello"));
    assert!(folder.join("lib/libpython3.11.so.1.0").is_file() && !folder.join("packed-resources.zip").exists());
}

#[test]
fn multiprocessing_pools_work_with_spawn_and_forkserver() {
    let dir = copy_example("multiprocessing");
    let exe = build(dir.path(), &[]);
    let out = run(&exe, &[]);
    assert_eq!(
        stdout(&out),
        "start method: spawn\nspawn pool: [0, 1, 4, 9, 16, 25]\nspawn executor: [0, 1, 4]\nforkserver pool: [0, 1, 4, 9, 16, 25]\nforkserver executor: [0, 1, 4]\n"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("leaked"), "{stderr}");
}

#[test]
fn cli_runs_its_package_with_the_real_argv() {
    let dir = copy_example("cli");
    let exe = build(dir.path(), &[]);
    assert_eq!(stdout(&run(&exe, &["World"])), "Hello, World!\n");
    assert_eq!(stdout(&run(&exe, &["World", "--shout"])), "HELLO, WORLD!\n");
    let help = stdout(&run(&exe, &["--help"]));
    assert!(help.starts_with("usage: greet [-h] [--shout] name"), "{help}");
    let bad = run(&exe, &[]);
    assert_eq!(bad.status.code(), Some(2), "argparse's usage error passes through");
    // The app folder works from another place with the sources gone.
    let moved = tempfile::tempdir().unwrap();
    copy_tree(exe.parent().unwrap(), moved.path(), true);
    drop(dir);
    assert_eq!(stdout(&run(&moved.path().join("greet"), &["again"])), "Hello, again!\n");
}

#[test]
fn stdlib_vars_takes_its_settings_from_the_command_line() {
    let dir = copy_example("stdlib-vars");
    let exe =
        build(dir.path(), &["--var", "opt", "1", "--var", "who", "tester", "--var", "start_method", "forkserver"]);
    assert_eq!(stdout(&run(&exe, &[])), "optimization level: 1\nwho: tester\nstart method: forkserver\n");
    let exe = build(dir.path(), &[]);
    assert_eq!(stdout(&run(&exe, &[])), "optimization level: 0\nwho: nobody\nstart method: fork\n");
}

#[test]
fn multi_target_builds_each_target() {
    let dir = copy_example("multi-target");
    let exe = build(dir.path(), &[]);
    assert_eq!(exe.file_name().unwrap(), "tool");
    assert_eq!(stdout(&run(&exe, &[])), "dev mode: False\nfrozen: True\n");
    let debug = build(dir.path(), &["--target", "debug"]);
    assert_eq!(debug.file_name().unwrap(), "tool-debug");
    assert_eq!(stdout(&run(&debug, &[])), "dev mode: True\nfrozen: True\n");
}

#[test]
fn frost_build_refuses_to_cross_build() {
    let dir = copy_example("minimal");
    let out = frost(&["build", "frost.bzl", "--target-triple", "x86_64-pc-windows-msvc"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("was evaluated for x86_64-pc-windows-msvc, but frost builds for this machine"), "{stderr}");
    assert!(!dir.path().join("dist").exists(), "nothing is written");
}

/// A bare environment (no LANG, no LC_*) is the C locale: non-ASCII
/// arguments still arrive intact, as with `python -I`.
#[test]
fn non_ascii_arguments_survive_an_empty_environment() {
    let dir = copy_example("minimal");
    let exe = build(dir.path(), &[]);
    let out = frost::build::retry_busy(|| Command::new(&exe).arg("ünï").env_clear().output()).unwrap();
    assert_eq!(stdout(&out), "hello from hello frozen\nargs: ['ünï']\n");
}

#[test]
fn linked_builds_and_app_folders_replace_each_other() {
    let dir = copy_example("minimal");
    // The development build: one executable that finds the module through
    // module_search_paths.
    let bzl = std::fs::read_to_string(dir.path().join("frost.bzl")).unwrap();
    let linked = bzl.replace(
        "    config.run_module",
        "    config.module_search_paths = [\"$ORIGIN/../app\"]\n    config.run_module",
    );
    std::fs::write(dir.path().join("frost.bzl"), linked).unwrap();
    let exe = build(dir.path(), &["--linked"]);
    assert_eq!(exe, dir.path().join("dist/hello"));
    assert!(exe.is_file());
    assert_eq!(stdout(&run(&exe, &["x"])), "hello from hello frozen\nargs: ['x']\n");
    // The default build replaces it by the folder, and `--bundle` is the same build.
    for flag in [&[][..], &["--bundle"][..]] {
        let exe = build(dir.path(), flag);
        assert_eq!(exe, dir.path().join("dist/hello/hello"));
        assert_eq!(stdout(&run(&exe, &["y"])), "hello from hello frozen\nargs: ['y']\n");
    }
    // And the linked build replaces the folder.
    let exe = build(dir.path(), &["--linked"]);
    assert!(exe.is_file(), "{}", exe.display());
    let left: Vec<_> = std::fs::read_dir(dir.path().join("dist")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, ["hello"]);
    let both = frost(&["build", "--linked", "--bundle", "frost.bzl"], dir.path());
    assert_eq!(both.status.code(), Some(2), "{}", String::from_utf8_lossy(&both.stderr));
}

#[test]
fn every_example_is_covered_and_frost_check_is_clean() {
    let mut names: Vec<String> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| root().join("examples").join(n).join("frost.bzl").exists())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["cli", "minimal", "multi-target", "multiprocessing", "stdlib-vars"],
        "add a test for a new example"
    );
    for name in &names {
        let readme = std::fs::read_to_string(root().join("examples").join(name).join("README.md")).unwrap();
        assert!(!readme.trim().is_empty(), "{name} has a README line");
    }
    let out = frost(&["check", "examples", "--deny-warnings"], &root());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
}
