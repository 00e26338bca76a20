//! `frost build` of a `FileManifest` target (src/build/install.rs):
//! PyOxidizer's own template, whose default target is `install`, builds
//! into `dist/install/` with the executable as an app folder, and runs.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::{frost, root};

fn stub_is_built() {
    let stub = Path::new(env!("CARGO_BIN_EXE_frost")).with_file_name("frost-launcher");
    assert!(stub.exists(), "{} is missing: run `cargo test --workspace`, which builds the launcher", stub.display());
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The executable of PyOxidizer's template starts a REPL: feed it a line.
fn repl(command: &mut Command, line: &str) -> String {
    let mut child = frost::build::retry_busy(|| {
        command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn()
    })
    .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(line.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn pyoxidizers_template_installs_its_default_target() {
    stub_is_built();
    let work = tempfile::tempdir().unwrap();
    let template = std::fs::read_to_string(root().join("tests/corpus/pyoxidizer-template/plain.bzl")).unwrap();
    // The template's install target, with a file beside the executable.
    let bzl = template.replace(
        "    files.add_python_resource(\".\", exe)\n",
        "    files.add_python_resource(\".\", exe)\n    files.add_file(FileContent(filename = \"README\", content = \"hi\\n\"), path = \"doc/README.txt\")\n",
    );
    // And a module in memory (the template's policy default): it goes in the executable.
    let bzl = bzl.replacen(
        "    return exe\n",
        "    exe.add_python_resource(exe.make_python_module_source(\"greet\", \"WHO = 'manifest'\\n\"))\n    return exe\n",
        1,
    );
    assert_ne!(bzl, template, "the template still has its install target");
    assert!(bzl.contains("make_python_module_source(\"greet\""), "the template still returns its executable");
    std::fs::write(work.path().join("frost.bzl"), &bzl).unwrap();
    let out = frost(&["build", "frost.bzl"], work.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let folder = work.path().join("dist/install");
    assert!(stderr(&out).contains(&format!("wrote {}", Path::new("dist/install").display())), "{}", stderr(&out));
    for file in
        ["plain", "lib/libpython3.11.so.1.0", "lib/python3.11/os.pyc", "lib/python3.11-sources.zip", "doc/README.txt"]
    {
        assert!(folder.join(file).is_file(), "{file} is installed");
    }
    assert_eq!(std::fs::read_to_string(folder.join("doc/README.txt")).unwrap(), "hi\n");
    // The executable runs from the installed folder, moved elsewhere.
    let moved = tempfile::tempdir().unwrap();
    assert!(Command::new("cp").arg("-a").arg(&folder).arg(moved.path()).status().unwrap().success());
    let exe = moved.path().join("install/plain");
    let line = "import json, os, sys; print(6 * 7, json.__file__.startswith(os.path.dirname(sys.executable)))\n";
    assert_eq!(repl(&mut Command::new(&exe), line), "42 True\n");
    assert!(!moved.path().join("install/packed-resources.zip").exists(), "no archive beside the executable");
    let line = "import greet, sys; print(greet.WHO, greet.__file__.startswith(sys.executable + '/'))\n";
    assert_eq!(repl(&mut Command::new(&exe), line), "manifest True\n");
    // `frost run` runs the manifest's executable.
    let mut run = Command::new(env!("CARGO_BIN_EXE_frost"));
    run.args(["run", "frost.bzl"]).current_dir(work.path());
    assert_eq!(repl(&mut run, "print('run', 1)\n"), "run 1\n");
}

#[test]
fn a_manifest_that_cannot_be_installed_leaves_nothing() {
    stub_is_built();
    let work = tempfile::tempdir().unwrap();
    let bzl = r#"def make_exe():
    return default_python_distribution().to_python_executable(name = "app")

def make_install(exe):
    files = FileManifest()
    files.add_python_resource(".", exe)
    files.add_python_resource("lib", exe.make_python_module_source("extra", "x = 1\n"))
    return files

register_target("exe", make_exe)
register_target("install", make_install, depends = ["exe"], default = True)
resolve_targets()
"#;
    std::fs::write(work.path().join("frost.bzl"), bzl).unwrap();
    let out = frost(&["build", "frost.bzl"], work.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stderr(&out).trim(),
        "error: target `install` installs the PythonModuleSource `extra` as the file lib/extra.py, and frost build does not install resources added to a FileManifest yet; add it to the executable instead (`exe.add_python_resource(...)` with `add_location = \"filesystem-relative:PREFIX\"`)"
    );
    let left: Vec<_> = std::fs::read_dir(work.path().join("dist")).map(|d| d.count()).into_iter().collect();
    assert!(left.is_empty() || left == [0], "nothing is written: {left:?}");
}
