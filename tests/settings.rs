//! `frost check`'s settings (frost.toml, [tool.frost] in pyproject.toml) and
//! the flags CI users expect, through the real binary.

mod common;

use std::path::Path;

use common::*;

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn out(o: &std::process::Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// A config with an unused variable (a warning), conflicting run
/// attributes (a warning), fork (an error on Windows) and a VARS key.
const CONFIG: &str = "def make_exe():\n    dist = default_python_distribution()\n    config = dist.make_python_interpreter_config()\n    config.run_module = VARS[\"version\"]\n    config.run_filename = \"x.py\"\n    config.multiprocessing_start_method = \"fork\"\n    x = 1\n    return dist.to_python_executable(name = \"app\", config = config)\n\nregister_target(\"exe\", make_exe)\n";

fn codes(dir: &Path, args: &[&str]) -> (Option<i32>, Vec<String>) {
    let o = frost(&[&["check", "--format", "json"], args].concat(), dir);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", out(&o)));
    let found = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{}",
                d["path"].as_str().unwrap(),
                d["code"].as_str().unwrap(),
                d["severity"].as_str().unwrap()
            )
        })
        .collect();
    (o.status.code(), found)
}

#[test]
fn pyproject_settings_select_ignore_exclude_severity_triples_and_vars() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "pyproject.toml",
        "[project]\nname = \"x\"\n\n[tool.frost]\nignore = [\"unused\"]\nextend-exclude = [\"vendor/**\"]\ntarget-triples = [\"x86_64-unknown-linux-gnu\", \"x86_64-pc-windows-msvc\"]\n\n[tool.frost.severity]\nconflicting-run-attributes = \"error\"\n\n[tool.frost.vars]\nversion = \"1.2.3\"\n",
    );
    write(dir.path(), "sub/frost.bzl", CONFIG);
    write(dir.path(), "vendor/broken.bzl", "x = (\n");
    let (code, found) = codes(dir.path(), &["."]);
    assert_eq!(code, Some(1));
    assert_eq!(
        found,
        ["sub/frost.bzl:conflicting-run-attributes:error", "sub/frost.bzl:start-method-unavailable:error"],
        "unused-assign ignored, vendor/ excluded, the severity raised, fork checked for Windows, VARS from the settings"
    );
    let o = frost(&["check", ".", "--format", "json"], dir.path());
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("[x86_64-pc-windows-msvc] `multiprocessing_start_method"),
        "a finding names its triple"
    );
    // --target-triple and --var win over the settings.
    let (_, found) = codes(dir.path(), &[".", "--target-triple", "x86_64-unknown-linux-gnu"]);
    assert_eq!(found, ["sub/frost.bzl:conflicting-run-attributes:error"]);
    // A nearer frost.toml wins, and select keeps only what it names.
    write(dir.path(), "sub/frost.toml", "select = [\"unused-assign\"]\n");
    let (code, found) = codes(dir.path(), &["sub/frost.bzl", "--var", "version", "x"]);
    assert_eq!((code, found), (Some(0), vec!["sub/frost.bzl:unused-assign:warning".to_string()]));
    // --show-settings says which file is in effect.
    let o = frost(&["check", "--show-settings", "sub/frost.bzl"], dir.path());
    let shown: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(shown["sub/frost.bzl"]["source"].as_str().unwrap().ends_with("frost.toml"));
    assert_eq!(shown["sub/frost.bzl"]["select"], serde_json::json!(["unused-assign"]));
}

#[test]
fn per_file_ignores_match_globs_relative_to_the_settings_file() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "frost.toml",
        "[per-file-ignores]\n\"legacy/*.bzl\" = [\"unused-assign\", \"conflicting\"]\n[vars]\nversion = \"1\"\n",
    );
    write(dir.path(), "legacy/a.bzl", CONFIG);
    write(dir.path(), "new/a.bzl", CONFIG);
    let (_, found) = codes(dir.path(), &["."]);
    assert_eq!(
        found,
        ["new/a.bzl:conflicting-run-attributes:warning", "new/a.bzl:unused-assign:warning"],
        "legacy/ has neither"
    );
}

#[test]
fn bad_settings_are_errors_at_their_line_naming_what_is_accepted() {
    for (text, says) in [
        ("severty = {}\n", "frost.toml:1:1: unknown field `severty`, expected one of `select`"),
        ("ignore = [\"unused-asign\"]\n", "frost.toml:1:11: \"unused-asign\" is not a rule code nor the start of one; did you mean `unused-assign`"),
        ("[severity]\nunused-load = \"fatal\"\n", "frost.toml:2:15: the severity of `unused-load` cannot be \"fatal\"; it must be \"error\", \"warning\" or \"note\""),
        ("target-triples = [\"linux\"]\n", "frost.toml:1:19: target-triples: \"linux\": not a target triple"),
        ("extend-exclude = [\"a[\"]\n", "frost.toml:1:19: \"a[\" is not a glob"),
        ("select = \"unused\"\n", "frost.toml:1:10:"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "frost.toml", text);
        write(dir.path(), "a.bzl", "x = 1\n");
        let o = frost(&["check", "a.bzl"], dir.path());
        assert_eq!(o.status.code(), Some(2), "{text}: {}", out(&o));
        assert!(out(&o).contains(says), "{text}: {}", out(&o));
    }
}

#[test]
fn ci_flags_exit_zero_statistics_quiet_and_output_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.bzl", "x = (\n");
    write(dir.path(), "b.bzl", "y = 1\ny = 2\n");
    let o = frost(&["check", ".", "--exit-zero"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    let o = frost(&["check", ".", "--statistics"], dir.path());
    let text = String::from_utf8_lossy(&o.stdout).to_string();
    assert_eq!(o.status.code(), Some(1));
    assert!(text.lines().any(|l| l.split_whitespace().take(2).eq(["1", "syntax-error"])), "{text}");
    let o = frost(&["check", "b.bzl", "--quiet"], dir.path());
    let text = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(text.contains("duplicate-top-level-assign") && !text.contains("checked:"), "{text}");
    write(dir.path(), "clean.bzl", "x = 1\nprint(x)\n");
    let o = frost(&["check", "clean.bzl", "--quiet"], dir.path());
    assert_eq!((o.status.code(), o.stdout.len()), (Some(0), 0), "{}", out(&o));
    let o = frost(&["check", "b.bzl", "--format", "sarif", "--output-file", "report.sarif"], dir.path());
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty());
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("report.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
}

#[test]
fn add_ignore_silences_every_current_finding_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let src = "def make_exe():\n    dist = default_python_distribution()\n    config = dist.make_python_interpreter_config()\n    config.run_module = \"a\"\n    config.run_filename = \"b\"  # a note\n    doc = \"\"\"line one\n    line two\"\"\"\n    return dist.to_python_executable(name = \"app\", config = config)\n\nregister_target(\"exe\", make_exe)\n";
    write(dir.path(), "a.bzl", src);
    let o = frost(&["check", "a.bzl", "--add-ignore"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    let after = std::fs::read_to_string(dir.path().join("a.bzl")).unwrap();
    assert!(
        after.contains("config.run_filename = \"b\"  # a note  # frost-ignore: conflicting-run-attributes"),
        "{after}"
    );
    // A comment there would become part of the string: left, and said so.
    assert!(after.contains("doc = \"\"\"line one\n    line two\"\"\""), "{after}");
    assert!(out(&o).contains("1 finding could not be silenced"), "{}", out(&o));
    let o = frost(&["check", "a.bzl"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(out(&o).contains("0 errors, 1 warning"), "{}", out(&o));
    // Running it again adds nothing.
    frost(&["check", "a.bzl", "--add-ignore"], dir.path());
    assert_eq!(std::fs::read_to_string(dir.path().join("a.bzl")).unwrap(), after);
}
