//! The standard library's sources in an app folder: with the default
//! policy (sources kept, one bytecode level, the interpreter's), the
//! modules are sourceless `X.pyc` files and the sources are one deflated
//! archive, `lib/python3.X-sources.zip`, which the launcher serves to
//! tracebacks and `inspect`, in the app and in its workers. Real parts:
//! the launcher stub, the CPython it links, Python's own `zipfile` to read
//! the archive.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::frost;

/// A config with `policy` lines and `config` lines (each indented here)
/// whose app runs `APP`.
fn bzl(policy: &str, config: &str) -> String {
    let indent = |s: &str| s.lines().map(|l| format!("    {l}\n")).collect::<String>();
    format!(
        "def make_exe():\n    dist = default_python_distribution()\n    policy = dist.make_python_packaging_policy()\n{}    config = dist.make_python_interpreter_config()\n    config.run_module = \"app\"\n{}    exe = dist.to_python_executable(name = \"app\", config = config, packaging_policy = policy)\n    exe.add_python_resources(exe.read_package_root(CWD, [\"app\"]))\n    return exe\n\nregister_target(\"exe\", make_exe, default = True)\nresolve_targets()\n",
        indent(policy),
        indent(config)
    )
}

/// Prints what a user of tracebacks, `inspect` and a pool worker sees.
const APP: &str = r#"import encodings, inspect, json, multiprocessing, os, sys, traceback

if __name__ == "__main__":
    home = os.path.dirname(sys.executable)
    print("file", os.path.relpath(json.__file__, home))
    print("getsource", inspect.getsource(json.dumps).splitlines()[0])
    # encodings was imported while CPython started, before the launcher's hook.
    print("encodings", inspect.getsource(encodings.search_function).splitlines()[0])
    try:
        json.loads("{")
    except ValueError:
        print(traceback.format_exc().replace(home, "HOME"))
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        try:
            pool.apply(json.loads, ("[",))
        except ValueError as e:
            print("worker", str(e.__cause__).replace(home, "HOME"))
"#;

fn build(dir: &Path, bzl: &str, app: &str) -> PathBuf {
    std::fs::write(dir.join("frost.bzl"), bzl).unwrap();
    std::fs::write(dir.join("app.py"), app).unwrap();
    let out = frost(&["build", "frost.bzl", "-o", "out"], dir);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    dir.join("out/app")
}

fn run(bundle: &Path) -> String {
    let out = Command::new(bundle.join("app")).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    stdout
}

/// The archive's entries as Python's zipfile reads them: (name, method,
/// compressed size, size), and whether every entry's CRC checks.
fn entries(archive: &Path) -> (Vec<(String, u64, u64, u64)>, bool) {
    let script = "import json, sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nprint(json.dumps([[i.filename, i.compress_type, i.compress_size, i.file_size] for i in z.infolist()]))\nprint(z.testzip() is None)\n";
    let out = Command::new("python3").args(["-c", script]).arg(archive).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    let list: Vec<(String, u64, u64, u64)> = serde_json::from_str(lines.next().unwrap()).unwrap();
    (list, lines.next() == Some("True"))
}

/// Every `.py` file under `dir`.
fn sources_under(dir: &Path) -> Vec<PathBuf> {
    common::contents(dir).into_keys().filter(|p| p.extension().is_some_and(|x| x == "py")).collect()
}

#[test]
fn the_default_policy_keeps_the_sources_in_one_deflated_archive_that_tracebacks_and_inspect_read() {
    let work = tempfile::tempdir().unwrap();
    let bundle = build(work.path(), &bzl("", ""), APP);
    let stdlib = bundle.join("lib/python3.11");
    assert!(stdlib.join("json/__init__.pyc").is_file());
    assert_eq!(sources_under(&stdlib), Vec::<PathBuf>::new(), "no source files beside the bytecode");
    assert!(!stdlib.join("json/__pycache__").exists());

    let (list, crc_ok) = entries(&bundle.join("lib/python3.11-sources.zip"));
    assert!(crc_ok, "every entry's CRC checks");
    assert!(list.iter().any(|(n, ..)| n == "json/__init__.py") && list.iter().any(|(n, ..)| n == "os.py"));
    assert!(list.iter().all(|(n, method, ..)| n.ends_with(".py") && *method == 8), "all deflated");
    let (packed, size) = list.iter().fold((0, 0), |(p, s), (_, _, c, f)| (p + c, s + f));
    assert!(packed * 3 < size, "{packed} bytes for {size} of sources");

    let stdout = run(&bundle);
    assert!(stdout.contains("file lib/python3.11/json/__init__.pyc\n"), "{stdout}");
    assert!(stdout.contains("getsource def dumps(obj, *, skipkeys=False"), "{stdout}");
    assert!(stdout.contains("encodings def search_function(encoding):"), "{stdout}");
    assert!(
        stdout.contains(
            "  File \"HOME/lib/python3.11/json/__init__.py\", line 346, in loads\n    return _default_decoder.decode(s)\n"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("json.decoder.JSONDecodeError: Expecting property name"), "{stdout}");
    // The app's own module, compiled at build time and imported from the
    // executable, names its file in the archive and shows its line.
    assert!(stdout.contains("  File \"HOME/app/app.py\", line 10, in <module>\n    json.loads(\"{\")\n"), "{stdout}");
    // The spawn worker's traceback, formatted in the worker.
    let worker = stdout.split_once("\nworker ").map_or("", |(_, w)| w);
    assert!(worker.contains("HOME/lib/python3.11/json/decoder.py\", line 355, in raw_decode"), "{stdout}");
    assert!(worker.contains("raise JSONDecodeError(\"Expecting value\", s, err.value) from None"), "{stdout}");
}

#[test]
fn several_bytecode_levels_or_another_interpreter_level_keep_the_source_files() {
    for (policy, config, pyc) in [
        ("policy.bytecode_optimize_level_one = True", "", "__init__.cpython-311.opt-1.pyc"),
        ("", "config.optimization_level = 2", "__init__.cpython-311.pyc"),
    ] {
        let work = tempfile::tempdir().unwrap();
        let bundle = build(work.path(), &bzl(policy, config), APP);
        let json = bundle.join("lib/python3.11/json");
        assert!(json.join("__init__.py").is_file() && json.join("__pycache__").join(pyc).is_file(), "{policy}{config}");
        assert!(!bundle.join("lib/python3.11-sources.zip").exists(), "{policy}{config}");
        let stdout = run(&bundle);
        assert!(stdout.contains("file lib/python3.11/json/__init__.py\n"), "{stdout}");
        assert!(stdout.contains("    return _default_decoder.decode(s)\n"), "{stdout}");
    }
}

#[test]
fn without_the_zlib_module_the_archive_is_stored_and_still_read() {
    let work = tempfile::tempdir().unwrap();
    // No pool here: the minimal filter leaves no extension modules.
    let app = "import inspect, json\nprint(inspect.getsource(json.dumps).splitlines()[0])\n";
    let bundle = build(work.path(), &bzl("policy.extension_module_filter = \"minimal\"", ""), app);
    let dynload = bundle.join("lib/python3.11/lib-dynload");
    assert_eq!(dynload.read_dir().unwrap().count(), 0, "no zlib module");
    let (list, crc_ok) = entries(&bundle.join("lib/python3.11-sources.zip"));
    assert!(crc_ok && !list.is_empty() && list.iter().all(|(_, method, c, f)| *method == 0 && c == f));
    assert_eq!(run(&bundle), "def dumps(obj, *, skipkeys=False, ensure_ascii=True, check_circular=True,\n");
}
