//! `frost check --fix` and `--diff`, through the real binary: each fix
//! before and after, the result checked clean, and the files that must not
//! change left byte for byte.

mod common;

use std::path::Path;

use common::*;

/// A config whose executable function holds `lines` (one statement each),
/// with a `load()` line first when `load` is not empty.
fn config(load: &str, lines: &[&str]) -> String {
    let mut out = String::new();
    if !load.is_empty() {
        out.push_str(load);
        out.push('\n');
    }
    out.push_str("def make_exe():\n    dist = default_python_distribution()\n    config = dist.make_python_interpreter_config()\n");
    for line in lines {
        out.push_str(&format!("    {line}\n"));
    }
    out.push_str(
        "    return dist.to_python_executable(name = \"app\", config = config)\n\nregister_target(\"exe\", make_exe)\n",
    );
    out
}

fn text(o: &std::process::Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// Writes `before`, runs `frost check --fix`, and asserts the file is
/// `after` and then checks clean (no finding at all).
fn fixes_to(before: &str, after: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("frost.bzl");
    std::fs::write(&path, before).unwrap();
    let o = frost(&["check", "--fix", "frost.bzl"], dir.path());
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert_eq!(fixed, after, "{}", text(&o));
    assert!(text(&o).contains("fixed frost.bzl: "), "{}", text(&o));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = frost(&["check", "--deny-warnings", "frost.bzl"], dir.path());
    assert_eq!(o.status.code(), Some(0), "the fixed file checks clean: {}", text(&o));
    assert!(text(&o).contains("no problems") || !text(&o).contains("frost.bzl:"), "{}", text(&o));
}

#[test]
fn removed_pyoxidizer_names_become_their_exact_replacements() {
    let cases = [
        ("config.run_mode = \"eval:import app; app.main()\"", "config.run_command = \"import app; app.main()\""),
        ("config.run_mode = \"module:app.main\"", "config.run_module = \"app.main\""),
        ("config.run_mode = \"file:app.py\"", "config.run_filename = \"app.py\""),
        ("config.run_eval = \"import app\"", "config.run_command = \"import app\""),
        ("config.raw_allocator = \"system\"", "config.allocator_backend = \"default\""),
        ("config.ignore_environment = True", "config.use_environment = False"),
        ("config.unbuffered_stdio = False", "config.buffered_stdio = True"),
        ("config.optimize_level = 1", "config.optimization_level = 1"),
        ("config.sys_paths = [\"$ORIGIN/lib\"]", "config.module_search_paths = [\"$ORIGIN/lib\"]"),
    ];
    for (before, after) in cases {
        fixes_to(&config("", &[before]), &config("", &[after]));
    }
}

#[test]
fn a_misspelled_attribute_with_one_close_match_is_renamed() {
    fixes_to(&config("", &["config.sys_frozn = True"]), &config("", &["config.sys_frozen = True"]));
}

#[test]
fn unused_loads_are_removed_and_an_empty_load_goes() {
    let used = "    config.run_module = \"app\" if is_windows() else \"app2\"";
    // One of two symbols unused: the symbol goes.
    let before = config("load(\"@stdlib//platform.bzl\", \"is_linux\", \"is_windows\")", &[used.trim()]);
    let after = config("load(\"@stdlib//platform.bzl\", \"is_windows\")", &[used.trim()]);
    fixes_to(&before, &after);
    let before = config("load(\"@stdlib//platform.bzl\", \"is_windows\", \"is_linux\")", &[used.trim()]);
    fixes_to(&before, &after);
    // Every symbol unused: the whole load() goes, over several rounds.
    let before = config("load(\"@stdlib//platform.bzl\", \"is_linux\", \"is_macos\", win = \"is_windows\")", &[]);
    fixes_to(&before, &config("", &[]));
}

#[test]
fn the_ignored_run_attribute_is_removed_when_that_cannot_change_what_runs() {
    fixes_to(
        &config("", &["config.run_module = \"app\"", "config.run_filename = \"app.py\"  # old"]),
        &config("", &["config.run_module = \"app\""]),
    );
    // Set only on some paths: which one wins depends on the path, so there
    // is no safe edit and the file stays as it is.
    let dir = tempfile::tempdir().unwrap();
    let before = config(
        "",
        &[
            "config.run_module = \"app\"",
            "if BUILD_TARGET_TRIPLE.startswith(\"x86_64\"):",
            "    config.run_filename = \"app.py\"",
        ],
    );
    std::fs::write(dir.path().join("frost.bzl"), &before).unwrap();
    let o = frost(&["check", "--fix", "frost.bzl"], dir.path());
    assert_eq!(std::fs::read_to_string(dir.path().join("frost.bzl")).unwrap(), before);
    assert!(text(&o).contains("conflicting-run-attributes"), "what remains is reported: {}", text(&o));
    assert!(text(&o).contains("fixed 0 findings in 0 files"), "{}", text(&o));
}

#[test]
fn diff_prints_the_fixes_writes_nothing_and_exits_1_only_when_there_is_one() {
    let dir = tempfile::tempdir().unwrap();
    let before = config("", &["config.run_mode = \"module:app\""]);
    std::fs::write(dir.path().join("frost.bzl"), &before).unwrap();
    let o = frost(&["check", "--diff", "frost.bzl"], dir.path());
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.starts_with("--- frost.bzl\n+++ frost.bzl\n@@ "), "{stdout}");
    assert!(stdout.contains("\n-    config.run_mode = \"module:app\"\n+    config.run_module = \"app\"\n"), "{stdout}");
    assert_eq!(std::fs::read_to_string(dir.path().join("frost.bzl")).unwrap(), before, "--diff writes nothing");
    // --fix --diff is --diff.
    let o = frost(&["check", "--fix", "--diff", "frost.bzl"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(dir.path().join("frost.bzl")).unwrap(), before);
    // Nothing to fix: no diff, exit 0.
    std::fs::write(dir.path().join("frost.bzl"), config("", &["config.run_module = \"app\""])).unwrap();
    let o = frost(&["check", "--diff", "frost.bzl"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(o.stdout.is_empty(), "{}", text(&o));
    // --add-ignore does not mix with them.
    let o = frost(&["check", "--fix", "--add-ignore", "frost.bzl"], dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}

#[test]
fn a_fix_that_would_add_an_error_leaves_the_file_byte_identical() {
    // raw_allocator = "jemalloc" would become allocator_backend = "jemalloc",
    // which frost's launcher refuses: a new error, so nothing is written.
    let dir = tempfile::tempdir().unwrap();
    let before = config("", &["config.raw_allocator = \"jemalloc\""]).replace('\n', "\r\n");
    std::fs::write(dir.path().join("frost.bzl"), &before).unwrap();
    let o = frost(&["check", "--fix", "frost.bzl"], dir.path());
    assert_eq!(std::fs::read(dir.path().join("frost.bzl")).unwrap(), before.as_bytes());
    assert!(
        text(&o).contains("not fixed: the fixed text would have a new error: unsupported-attribute"),
        "{}",
        text(&o)
    );
    assert_eq!(o.status.code(), Some(1), "the finding remains: {}", text(&o));
    // A file with no fix at all is not touched either.
    let broken = "x = (\n";
    std::fs::write(dir.path().join("frost.bzl"), broken).unwrap();
    let o = frost(&["check", "--fix", "frost.bzl"], dir.path());
    assert_eq!(std::fs::read_to_string(dir.path().join("frost.bzl")).unwrap(), broken);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
}

#[test]
fn fixing_keeps_permissions_and_refuses_a_read_only_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("frost.bzl");
    let before = config("", &["config.run_mode = \"module:app\""]);
    std::fs::write(&path, &before).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let o = frost(&["check", "--fix", "frost.bzl"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o7777, 0o640);
    assert_eq!(leftovers(dir.path()), 1, "no temporary file is left");

    std::fs::write(&path, &before).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let o = frost(&["check", "--fix", "frost.bzl"], dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("cannot write frost.bzl: the file is read-only; left unchanged"), "{}", text(&o));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
}

fn leftovers(dir: &Path) -> usize {
    std::fs::read_dir(dir).unwrap().count()
}

#[test]
fn force_exclude_applies_extend_exclude_to_files_named_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("vendor")).unwrap();
    std::fs::write(dir.path().join("vendor/broken.bzl"), "x = (\n").unwrap();
    std::fs::write(dir.path().join("frost.toml"), "extend-exclude = [\"vendor/**\"]\n").unwrap();
    let o = frost(&["check", "vendor/broken.bzl"], dir.path());
    assert_eq!(o.status.code(), Some(1), "a file named is checked: {}", text(&o));
    let o = frost(&["check", "--force-exclude", "vendor/broken.bzl"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("0 files checked"), "{}", text(&o));
}
