//! The standard library (`@stdlib//`) and the load semantics around it.

mod common;

use std::path::Path;

use common::*;
use frost::{evaluate, EvalOptions, FrostError};

/// Evaluates `checks` (top-level statements that `fail()` on a wrong
/// answer) for `triple`.
fn run(checks: &str, triple: &str) -> Result<frost_runtime::RuntimeConfig, String> {
    let src = format!("{checks}\ndef m():\n    return PythonInterpreterConfig()\nregister_target(\"m\", m)\n");
    let options = EvalOptions { target_triple: triple.into(), ..options() };
    eval_with(&src, &options).map_err(|e| e.to_string())
}

fn expect(cases: &[(&str, &str)], triple: &str) {
    for (expr, want) in cases {
        let src = format!("got = {expr}\nif got != {want}:\n    fail(\"%s: got %r\" % ({expr:?}, got))");
        run(&format!("{}\n{src}", LOADS), triple).unwrap_or_else(|e| panic!("{triple}: {e}"));
    }
}

const LOADS: &str = r#"load("@stdlib//platform.bzl", "arch", "exe_name", "is_linux", "is_macos", "is_windows", "os_name", "start_methods")
load("@stdlib//multiprocessing.bzl", "multiprocessing_preset", "spawn_everywhere")
load("@stdlib//apps.bzl", "cli_app", "debug_preset", "gui_app", "service_app")"#;

#[test]
fn platform_helpers_follow_the_target_triple() {
    expect(
        &[
            ("os_name()", "\"linux\""),
            ("arch()", "\"x86_64\""),
            ("is_linux()", "True"),
            ("is_windows()", "False"),
            ("exe_name(\"tool\")", "\"tool\""),
            ("start_methods()", "[\"fork\", \"forkserver\", \"spawn\"]"),
            ("os_name(\"aarch64-apple-darwin\")", "\"macos\""),
            ("is_macos(\"aarch64-apple-darwin\")", "True"),
            ("arch(\"aarch64-apple-darwin\")", "\"aarch64\""),
            ("os_name(\"x86_64-unknown-freebsd\")", "\"freebsd\""),
        ],
        "x86_64-unknown-linux-gnu",
    );
    expect(
        &[
            ("os_name()", "\"windows\""),
            ("is_windows()", "True"),
            ("exe_name(\"tool\")", "\"tool.exe\""),
            ("exe_name(\"tool.exe\")", "\"tool.exe\""),
            ("start_methods()", "[\"spawn\"]"),
        ],
        "x86_64-pc-windows-msvc",
    );
}

#[test]
fn multiprocessing_presets_set_the_three_attributes_together() {
    let src = format!(
        "{LOADS}\ndef m():\n    c = PythonInterpreterConfig(sys_frozen = False, multiprocessing_auto_dispatch = False)\n    return multiprocessing_preset(c, start_method = \"forkserver\")\nregister_target(\"m\", m)\n"
    );
    let c = eval(&src).unwrap().config;
    assert_eq!(c.multiprocessing_start_method, frost_runtime::StartMethod::Forkserver);
    assert!(c.sys_frozen && c.multiprocessing_auto_dispatch);

    let src = format!(
        "{LOADS}\ndef m():\n    return spawn_everywhere(PythonInterpreterConfig())\nregister_target(\"m\", m)\n"
    );
    assert_eq!(eval(&src).unwrap().config.multiprocessing_start_method, frost_runtime::StartMethod::Spawn);

    // fork on Windows fails at evaluation, naming the triple and what it has.
    let src = format!("{LOADS}\ndef m():\n    return multiprocessing_preset(PythonInterpreterConfig(), start_method = \"fork\")\nregister_target(\"m\", m)\n");
    let err = eval_with(&src, &EvalOptions { target_triple: "x86_64-pc-windows-msvc".into(), ..options() })
        .unwrap_err()
        .to_string();
    assert!(err.contains("start method \"fork\" is not available on x86_64-pc-windows-msvc; it has spawn"), "{err}");
    // A bad method is refused by the attribute check itself.
    let src = format!("{LOADS}\ndef m():\n    return multiprocessing_preset(PythonInterpreterConfig(), start_method = \"spork\")\nregister_target(\"m\", m)\n");
    assert!(eval(&src).unwrap_err().to_string().contains("`multiprocessing_start_method` cannot be \"spork\""));
}

#[test]
fn app_presets_configure_what_they_promise() {
    let src = format!("{LOADS}\ndef m():\n    return debug_preset(cli_app(PythonInterpreterConfig(), \"tool\"))\nregister_target(\"m\", m)\n");
    let c = eval(&src).unwrap().config;
    assert_eq!(c.run_module.as_deref(), Some("tool"));
    // No search path of its own: a bundle's code is placed by the packaging plan.
    assert_eq!(c.module_search_paths, None);
    assert_eq!((c.site_import, c.write_bytecode, c.install_signal_handlers), (Some(false), Some(false), Some(true)));
    assert_eq!((c.development_mode, c.fault_handler, c.tracemalloc), (Some(true), Some(true), Some(true)));
    assert_eq!(c.warn_options.as_deref().unwrap(), ["default"]);

    let src = format!("{LOADS}\ndef m():\n    return service_app(PythonInterpreterConfig(), \"svc\", paths = [\"/opt/svc\"])\nregister_target(\"m\", m)\n");
    let c = eval(&src).unwrap().config;
    assert_eq!(c.module_search_paths.as_deref().unwrap(), ["/opt/svc"]);
    assert_eq!((c.buffered_stdio, c.fault_handler, c.install_signal_handlers), (Some(false), Some(true), Some(true)));

    let src = format!("{LOADS}\ndef m():\n    c = gui_app(PythonInterpreterConfig(), \"ui\", paths = PATHS)\n    c.module_search_paths.append(\"$ORIGIN/plugins\")\n    return c\nPATHS = [\"$ORIGIN/app\"]\nregister_target(\"m\", m)\n");
    let c = eval(&src).unwrap().config;
    assert_eq!(c.multiprocessing_start_method, frost_runtime::StartMethod::Spawn);
    // The list given is frozen in the module, but the config got its own
    // copy, which the app can extend.
    assert_eq!(c.module_search_paths.as_deref().unwrap(), ["$ORIGIN/app", "$ORIGIN/plugins"]);

    // A search path the config set before the preset is kept.
    let src = format!("{LOADS}\ndef m():\n    c = PythonInterpreterConfig()\n    c.module_search_paths = [\"$ORIGIN/lib\"]\n    return cli_app(c, \"tool\")\nregister_target(\"m\", m)\n");
    assert_eq!(eval(&src).unwrap().config.module_search_paths.as_deref().unwrap(), ["$ORIGIN/lib"]);
}

#[test]
fn unknown_stdlib_modules_are_named() {
    let err = run("load(\"@stdlib//nope.bzl\", \"x\")", "x86_64-unknown-linux-gnu").unwrap_err();
    assert!(err.contains("the standard library has no module `nope.bzl`; it has `@stdlib//platform.bzl`"), "{err}");
    let err = run("load(\"@stdlib//platform.bzl\", \"nope\")", "x86_64-unknown-linux-gnu").unwrap_err();
    assert!(err.contains("nope"), "{err}");
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn modules_are_evaluated_once_per_run() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "shared.bzl", "print(\"evaluating shared\")\nX = 1\n");
    write(dir.path(), "a.bzl", "load(\"shared.bzl\", \"X\")\nA = X\n");
    write(dir.path(), "b.bzl", "load(\"./shared.bzl\", \"X\")\nB = X\n");
    write(
        dir.path(),
        "frost.bzl",
        "load(\"a.bzl\", \"A\")\nload(\"b.bzl\", \"B\")\nload(\"shared.bzl\", \"X\")\ndef m():\n    return PythonInterpreterConfig(hash_seed = A + B + X)\nregister_target(\"m\", m)\n",
    );
    let out = frost(&["eval", "frost.bzl"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("evaluating shared").count(), 1, "{stderr}");
}

#[test]
fn an_error_in_a_loaded_file_shows_its_location_and_the_load() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("lib")).unwrap();
    write(&dir.path().join("lib"), "inner.bzl", "X = 1\nY = PythonInterpreterConfig(sys_frozen = \"no\")\n");
    write(&dir.path().join("lib"), "outer.bzl", "load(\"inner.bzl\", \"X\")\nZ = X\n");
    write(dir.path(), "frost.bzl", "load(\"lib/outer.bzl\", \"Z\")\n");
    let err = evaluate(&dir.path().join("frost.bzl"), &options()).unwrap_err();
    assert!(matches!(err, FrostError::Loaded { .. }));
    let text = err.to_string();
    assert!(text.contains("`sys_frozen` must be a bool (True or False); got string \"no\""), "{text}");
    assert!(text.contains("inner.bzl:2:5"), "the loaded file's location: {text}");
    let notes: Vec<&str> = text.lines().filter(|l| l.starts_with("note: loaded at")).collect();
    assert_eq!(notes.len(), 2, "{text}");
    assert!(notes[0].contains("outer.bzl:1:6: load(\"inner.bzl\", \"X\")"), "{text}");
    assert!(notes[1].contains("frost.bzl:1:6: load(\"lib/outer.bzl\", \"Z\")"), "{text}");
    // frost check reports the same, with the load in the message.
    let out = frost(&["check", "frost.bzl", "--format", "json"], dir.path());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = json["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "invalid-value").unwrap();
    assert_eq!(d["path"], "lib/inner.bzl");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(2), Some(5)));
    assert!(d["message"].as_str().unwrap().contains("loaded at frost.bzl:1:6"), "{d}");
}

#[test]
fn the_book_page_lists_every_stdlib_function() {
    let page = frost::docs::stdlib_reference();
    for (name, source) in frost::language::stdlib::MODULES {
        let (doc, functions) = frost::language::stdlib::describe(source);
        assert!(!doc.is_empty(), "{name} has a module docstring");
        assert!(!functions.is_empty(), "{name} has functions");
        for f in functions {
            assert!(!f.doc.is_empty(), "{name}: {} has a docstring", f.signature);
            assert!(page.contains(&format!("### `{}`", f.signature)), "{}", f.signature);
        }
    }
    golden(&root().join("book/src/stdlib.md"), &page);
}
