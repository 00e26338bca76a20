#![allow(dead_code)]
//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use frost::{evaluate_source, EvalOptions, FrostError};
use frost_runtime::RuntimeConfig;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Options pinned to one triple so results do not depend on the host.
pub fn options() -> EvalOptions {
    EvalOptions { target_triple: "x86_64-unknown-linux-gnu".into(), print: false, ..EvalOptions::default() }
}

/// Evaluates `src` as `test.bzl` and returns the lowered requested target.
pub fn eval(src: &str) -> Result<RuntimeConfig, FrostError> {
    eval_with(src, &options())
}

pub fn eval_with(src: &str, options: &EvalOptions) -> Result<RuntimeConfig, FrostError> {
    let evaluated = evaluate_source(Path::new("test.bzl"), src.to_string(), options)?;
    Ok(evaluated.requested_config().expect("a lowered target").clone())
}

/// A config file whose target function runs `body` (indented 4) on `config`.
/// The body starts on line 4.
pub fn with_body(body: &str) -> String {
    let body: String = body.lines().map(|l| format!("    {l}\n")).collect();
    format!(
        "def make_exe():\n    dist = default_python_distribution()\n    config = dist.make_python_interpreter_config()\n{body}    return dist.to_python_executable(name = \"app\", config = config)\n\nregister_target(\"exe\", make_exe, default = True)\nresolve_targets()\n"
    )
}

/// The error of a config that must fail, with its 1-based line and column.
pub fn error_at(src: &str) -> (String, usize, usize) {
    match eval(src) {
        Ok(_) => panic!("expected an error from:\n{src}"),
        Err(FrostError::Usage(m)) => panic!("expected a config error, got a usage error: {m}"),
        Err(e @ FrostError::Loaded { .. }) => panic!("expected an error in the file itself, got: {e}"),
        Err(FrostError::Config(e)) => {
            let span = e.span().expect("the error has a location").resolve();
            (frost::language::render_error(&e), span.span.begin.line + 1, span.span.begin.column + 1)
        }
    }
}

/// Runs the `frost` binary.
pub fn frost(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_frost")).args(args).current_dir(dir).env_remove("FROST_BLESS").output().unwrap()
}

/// Compares `actual` with the golden file at `path`; `FROST_BLESS=1` rewrites it.
pub fn golden(path: &Path, actual: &str) {
    if std::env::var_os("FROST_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with FROST_BLESS=1 to create it)", path.display()));
    assert!(
        expected == actual,
        "{} differs (FROST_BLESS=1 rewrites it)\n--- expected\n{expected}\n--- actual\n{actual}",
        path.display()
    );
}

/// The end of the tests' PEP 517 backends (no `wheel` or `setuptools`
/// needed): `write_wheel(wheel_directory, files)` writes the wheel of
/// `NAME` `VERSION` (module globals of the backend) holding `files`
/// (`(path, bytes)` pairs) plus its METADATA, WHEEL and RECORD, and returns
/// its file name. A backend is its `build_wheel` followed by this text.
pub const WRITE_WHEEL: &str = r#"
import base64 as _b64, hashlib as _hashlib, os as _os, zipfile as _zipfile

def write_wheel(wheel_directory, files):
    dist = f"{NAME}-{VERSION}.dist-info"
    files = files + [
        (f"{dist}/METADATA", f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {VERSION}\n".encode()),
        (f"{dist}/WHEEL", b"Wheel-Version: 1.0\nGenerator: backend\nRoot-Is-Purelib: true\nTag: py3-none-any\n"),
    ]
    name = f"{NAME}-{VERSION}-py3-none-any.whl"
    record = []
    with _zipfile.ZipFile(_os.path.join(wheel_directory, name), "w") as whl:
        for path, data in files:
            whl.writestr(path, data)
            digest = _b64.urlsafe_b64encode(_hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append(f"{path},sha256={digest},{len(data)}")
        whl.writestr(f"{dist}/RECORD", "\n".join(record + [f"{dist}/RECORD,,"]) + "\n")
    return name
"#;

/// A test backend: `build_wheel` text followed by [`WRITE_WHEEL`].
pub fn backend(build_wheel: &str) -> String {
    format!("{build_wheel}\n{WRITE_WHEEL}")
}

/// Writes `text` to `dir/path`, creating its folders.
pub fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Every file of a folder with its bytes, by relative path.
pub fn contents(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(path.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&path).unwrap());
            }
        }
    }
    out
}
