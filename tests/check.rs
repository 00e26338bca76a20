//! `frost check`: every rule fires on a minimal config and stays quiet on
//! the corrected one; formats are golden files; SARIF is validated against
//! its schema; exit codes hold in every format; runaway configs stop.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use frost::lints::{check_files, CheckOptions, Diagnostic, Severity};

fn check_source(src: &str, triple: &str) -> Vec<Diagnostic> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("frost.bzl");
    std::fs::write(&path, src).unwrap();
    let options = CheckOptions {
        eval: frost::EvalOptions { target_triple: triple.into(), ..options() },
        ..CheckOptions::default()
    };
    check_files(&[path], &options).diagnostics
}

const LINUX: &str = "x86_64-unknown-linux-gnu";
const WINDOWS: &str = "x86_64-pc-windows-msvc";

/// (code, triple, body that triggers it, corrected body, 1-based line of the finding)
const CASES: &[(&str, &str, &str, &str, usize)] = &[
    (
        "start-method-unavailable",
        WINDOWS,
        "config.multiprocessing_start_method = \"fork\"",
        "config.multiprocessing_start_method = \"spawn\"",
        4,
    ),
    (
        "start-method-unavailable",
        WINDOWS,
        "config.multiprocessing_start_method = \"forkserver\"",
        "config.multiprocessing_start_method = \"auto\"",
        4,
    ),
    (
        "spawn-without-auto-dispatch",
        LINUX,
        "config.multiprocessing_start_method = \"spawn\"\nconfig.multiprocessing_auto_dispatch = False",
        "config.multiprocessing_start_method = \"spawn\"\nconfig.multiprocessing_auto_dispatch = True",
        5,
    ),
    (
        // forkserver needs no dispatch: its server starts with -c, its workers are forked.
        "spawn-without-auto-dispatch",
        LINUX,
        "config.multiprocessing_start_method = \"spawn\"\nconfig.multiprocessing_auto_dispatch = False",
        "config.multiprocessing_start_method = \"forkserver\"\nconfig.multiprocessing_auto_dispatch = False",
        5,
    ),
    (
        "spawn-without-auto-dispatch",
        WINDOWS,
        "config.multiprocessing_auto_dispatch = False",
        "config.multiprocessing_auto_dispatch = True",
        4,
    ),
    (
        "multiprocessing-needs-sys-frozen",
        LINUX,
        "config.multiprocessing_start_method = \"forkserver\"\nconfig.sys_frozen = False",
        "config.multiprocessing_start_method = \"forkserver\"\nconfig.sys_frozen = True",
        5,
    ),
    ("multiprocessing-needs-sys-frozen", WINDOWS, "config.sys_frozen = False", "config.sys_frozen = True", 4),
    (
        "multiprocessing-needs-sys-frozen",
        LINUX,
        "config.multiprocessing_start_method = \"spawn\"\nconfig.sys_frozen = False",
        "config.multiprocessing_start_method = \"fork\"\nconfig.sys_frozen = False",
        5,
    ),
    (
        "conflicting-run-attributes",
        LINUX,
        "config.run_module = \"a\"\nconfig.run_filename = \"b.py\"",
        "config.run_module = \"a\"",
        5,
    ),
    ("windows-only-attribute", LINUX, "config.legacy_windows_stdio = True", "config.legacy_windows_stdio = None", 4),
    (
        "search-paths-without-filesystem-importer",
        LINUX,
        "config.module_search_paths = [\"$ORIGIN\"]\nconfig.filesystem_importer = False",
        "config.module_search_paths = [\"$ORIGIN\"]",
        4,
    ),
    ("unsupported-attribute", LINUX, "config.filesystem_importer = False", "config.filesystem_importer = True", 4),
    (
        "unsupported-attribute",
        LINUX,
        "config.allocator_backend = \"jemalloc\"",
        "config.allocator_backend = \"default\"",
        4,
    ),
    ("invalid-value", LINUX, "config.optimization_level = 3", "config.optimization_level = 2", 4),
    ("unknown-attribute", LINUX, "config.sys_frozn = True", "config.sys_frozen = True", 4),
    ("eval-error", LINUX, "fail(\"no\")", "pass", 4),
    ("unused-assign", LINUX, "unused = 1", "pass", 4),
    (
        "duplicate-key",
        LINUX,
        "d = {\"a\": 1, \"a\": 2}\nconfig.run_module = d[\"a\"] and \"m\"",
        "d = {\"a\": 1}\nconfig.run_module = d[\"a\"] and \"m\"",
        4,
    ),
];

#[test]
fn every_rule_fires_on_a_minimal_config_and_not_on_the_fixed_one() {
    for (code, triple, bad, good, line) in CASES {
        let found = check_source(&with_body(bad), triple);
        let hit = found.iter().find(|d| d.code == *code);
        let hit = hit.unwrap_or_else(|| panic!("{code} did not fire on:\n{bad}\nfound: {found:#?}"));
        assert_eq!(hit.line, *line, "{code} points at the assignment: {hit:?}");
        let column = if *code == "duplicate-key" { 10 } else { 5 };
        assert_eq!(hit.column, column, "{code}: {hit:?}");
        assert!(hit.end_column > hit.column || hit.end_line > hit.line, "{hit:?}");
        let rule = frost::lints::rules::by_code(code).unwrap();
        assert_eq!(hit.severity, rule.severity);
        let fixed = check_source(&with_body(good), triple);
        assert!(fixed.iter().all(|d| d.code != *code), "{code} still fires on the fix:\n{good}\n{fixed:#?}");
    }
    // The config the rules start from is clean on both kinds of platform.
    assert_eq!(check_source(&with_body("pass"), LINUX), vec![]);
    assert_eq!(check_source(&with_body("pass"), WINDOWS), vec![]);
}

#[test]
fn missing_return_and_syntax_errors_are_reported() {
    let found = check_source("def f(x):\n    if x:\n        return 1\n\nf(0)\n", LINUX);
    assert!(found.iter().any(|d| d.code == "missing-return"), "{found:#?}");
    let found = check_source("def f(:\n", LINUX);
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].code, found[0].line), ("syntax-error", 1));
}

#[test]
fn every_rule_is_on_the_generated_lints_page_with_its_documentation() {
    let page = frost::docs::lints_page();
    for rule in frost::lints::rules::all() {
        let heading = format!("\n## `{}`\n", rule.code);
        let at = page.find(&heading).unwrap_or_else(|| panic!("the lints page has no section for {}", rule.code));
        let section = &page[at + heading.len()..];
        let section = &section[..section.find("\n## `").unwrap_or(section.len())];
        assert!(section.contains(rule.summary), "{}: {section}", rule.code);
        for part in ["### What it finds", "### Why it matters", "### Example", "### Fix"] {
            assert!(section.contains(part), "{} documents `{part}`", rule.code);
        }
    }
}

#[test]
fn explain_prints_a_rules_documentation() {
    for rule in frost::lints::rules::all() {
        let out = run_check(&["--explain", rule.code]);
        assert_eq!(out.status.code(), Some(0), "{}", rule.code);
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.starts_with(&format!("# {}\n", rule.code)), "{text}");
        assert!(text.contains(&rule.documentation()), "{text}");
    }
}

#[test]
fn explain_of_an_unknown_code_exits_2_naming_the_closest_codes() {
    let out = run_check(&["--explain", "conflicting-run-attribute"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("error: --explain: no rule has the code `conflicting-run-attribute`; did you mean `conflicting-run-attributes`"), "{err}");
    let out = run_check(&["--explain", "frozen"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("`frozen-config`"));
}

#[test]
fn a_comment_suppresses_one_rule_on_its_line() {
    let src = with_body("config.run_module = \"a\"\nconfig.run_filename = \"b\"  # frost-ignore: conflicting-run-attributes\nconfig.legacy_windows_stdio = True  # frost-ignore: unused-assign");
    let found = check_source(&src, LINUX);
    let codes: Vec<_> = found.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["windows-only-attribute"], "{found:#?}");
}

fn fixture_dir() -> PathBuf {
    root().join("tests/check")
}

fn run_check(args: &[&str]) -> std::process::Output {
    frost(&[&["check"], args].concat(), &fixture_dir())
}

#[test]
fn formats_match_their_golden_files() {
    for (format, file) in
        [("human", "human.txt"), ("json", "report.json"), ("sarif", "report.sarif"), ("github", "github.txt")]
    {
        let out = run_check(&["fixture", "--format", format, "--target-triple", LINUX]);
        assert_eq!(out.status.code(), Some(1), "{format}");
        golden(&fixture_dir().join("golden").join(file), &String::from_utf8(out.stdout).unwrap());
    }
}

#[test]
fn a_tree_with_broken_files_is_reported_completely_and_in_order() {
    let out = run_check(&["fixture", "--format", "json", "--target-triple", LINUX]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diags = json["diagnostics"].as_array().unwrap();
    let files: std::collections::BTreeSet<&str> = diags.iter().map(|d| d["path"].as_str().unwrap()).collect();
    assert_eq!(
        files.into_iter().collect::<Vec<_>>(),
        ["fixture/broken.bzl", "fixture/sub/nested.bzl", "fixture/sub/syntax.bzl", "fixture/warnings.bzl"]
    );
    assert_eq!(json["summary"]["files"], 5);
    for d in diags {
        for key in ["line", "column", "end_line", "end_column"] {
            assert!(d[key].as_u64().unwrap() >= 1, "{key} is 1-based: {d}");
        }
        assert!(["error", "warning"].contains(&d["severity"].as_str().unwrap()));
    }
    // Parallel checking does not change the output.
    for _ in 0..3 {
        assert_eq!(run_check(&["fixture", "--format", "json", "--target-triple", LINUX]).stdout, out.stdout);
    }
}

#[test]
fn exit_codes_are_the_same_in_every_format() {
    for format in ["human", "json", "sarif", "github"] {
        let code =
            |args: &[&str]| run_check(&[args, &["--format", format, "--target-triple", LINUX]].concat()).status.code();
        assert_eq!(code(&["fixture/good.bzl"]), Some(0), "{format}: clean");
        assert_eq!(code(&["fixture/warnings.bzl"]), Some(0), "{format}: warnings only");
        assert_eq!(code(&["fixture/warnings.bzl", "--deny-warnings"]), Some(1), "{format}: --deny-warnings");
        assert_eq!(code(&["fixture/good.bzl", "--deny-warnings"]), Some(0), "{format}");
        assert_eq!(code(&["fixture/broken.bzl"]), Some(1), "{format}: errors");
        assert_eq!(code(&["fixture/missing.bzl"]), Some(2), "{format}: missing input");
        assert_eq!(code(&["fixture", "--no-such-flag"]), Some(2), "{format}: bad flag");
    }
}

#[test]
fn the_target_triple_drives_the_platform_rules() {
    let out = run_check(&["fixture/sub/nested.bzl", "--format", "json", "--target-triple", WINDOWS]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> =
        json["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"start-method-unavailable"), "{codes:?}");
    let out = run_check(&["fixture/sub/nested.bzl", "--format", "json", "--target-triple", LINUX]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> =
        json["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert!(!codes.contains(&"start-method-unavailable"), "{codes:?}");
}

#[test]
fn runaway_configs_are_stopped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("loop.bzl"), "def f():\n    for _ in range(1000000000):\n        pass\nf()\n")
        .unwrap();
    std::fs::write(dir.path().join("deep.bzl"), "def f(n):\n    return f(n + 1)\nf(0)\n").unwrap();
    std::fs::write(
        dir.path().join("slow.bzl"),
        "def f():\n    x = []\n    for i in range(1000000000):\n        x.append(str(i))\nf()\n",
    )
    .unwrap();
    let out = frost(&["check", ".", "--format", "json", "--timeout", "2"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diags = json["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 3, "{json}");
    for d in diags {
        assert_eq!(d["code"], "limit-exceeded", "{d}");
    }
    let out = frost(&["check", "loop.bzl", "--format", "json", "--max-steps", "1000"], dir.path());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["diagnostics"][0]["message"].as_str().unwrap().contains("--max-steps"), "{json}");
    assert_eq!(json["diagnostics"][0]["line"], 2, "points at the loop");
}

/// Installs an npm package into target/npm-tools (once) and returns its folder.
fn npm_package(name: &str, version: &str) -> PathBuf {
    let prefix = root().join("target/npm-tools").join(name.replace('/', "_"));
    let dir = prefix.join("node_modules").join(name);
    if !dir.exists() {
        std::fs::create_dir_all(&prefix).unwrap();
        let status = Command::new("npm")
            .args(["install", "--no-save", "--no-audit", "--no-fund", "--prefix"])
            .arg(&prefix)
            .arg(format!("{name}@{version}"))
            .status()
            .expect("npm is installed");
        assert!(status.success(), "npm install {name}@{version}");
    }
    dir
}

fn validate(schema: &Path, instance: &[u8]) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("instance.json");
    std::fs::write(&file, instance).unwrap();
    let script = "import json, sys, jsonschema\nschema = json.load(open(sys.argv[1]))\ninstance = json.load(open(sys.argv[2]))\ncls = jsonschema.validators.validator_for(schema)\nerrors = sorted(cls(schema).iter_errors(instance), key=str)\nfor e in errors: print(e.message, list(e.path))\nsys.exit(1 if errors else 0)\n";
    let out = Command::new("python3").args(["-c", script]).arg(schema).arg(&file).output().expect("python3 runs");
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
    }
}

#[test]
fn sarif_is_valid_against_the_sarif_2_1_0_schema() {
    let schema = npm_package("@microsoft/jest-sarif", "1.0.0-beta.0").join("lib/schemas/sarif-2.1.0-rtm.5.json");
    let out = run_check(&["fixture", "--format", "sarif", "--target-triple", LINUX]);
    validate(&schema, &out.stdout).unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), frost::lints::rules::all().count());
    for (rule, declared) in rules.iter().zip(frost::lints::rules::all()) {
        assert_eq!(rule["id"], declared.code);
        assert_eq!(rule["fullDescription"]["text"], declared.documentation(), "SARIF carries the rule's documentation");
        assert!(rule["help"]["markdown"].as_str().unwrap().contains(declared.summary));
    }
    let result = &run["results"][0];
    assert!(result["ruleId"].is_string());
    assert!(result["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap() >= 1);
    // A clean run is valid too.
    let out = run_check(&["fixture/good.bzl", "--format", "sarif"]);
    validate(&schema, &out.stdout).unwrap();
    // And the validator does reject a broken log.
    assert!(validate(&schema, br#"{"version": "2.1.0", "runs": [{"results": []}]}"#).is_err());
}

#[test]
fn every_wrong_assignment_is_reported_in_one_run() {
    let src = "def make_exe():\n    dist = default_python_distribution()\n    config = dist.make_python_interpreter_config()\n    config.run_mode = \"eval:import x\"\n    config.sys_frozn = True\n    config.optimization_level = 7\n    policy = dist.make_python_packaging_policy()\n    policy.resources_location = \"on-disk\"\n    exe = dist.to_python_executable(name = \"app\", config = config, packaging_policy = policy)\n    exe.windows_subsystem = \"gui\"\n    files = FileManifest()\n    return exe\n\nregister_target(\"exe\", make_exe)\n";
    let found = check_source(src, LINUX);
    let errors: Vec<(usize, &str)> =
        found.iter().filter(|d| d.severity == Severity::Error).map(|d| (d.line, d.code)).collect();
    assert_eq!(
        errors,
        [
            (4, "unknown-attribute"),
            (5, "unknown-attribute"),
            (6, "invalid-value"),
            (8, "invalid-value"),
            (10, "invalid-value")
        ],
        "{found:#?}"
    );
    assert!(found[0].message.contains("write `run_command = \"import x\"` instead"), "{}", found[0].message);
    // frost eval still stops at the first.
    assert!(eval(src).unwrap_err().to_string().contains("run_mode"));
}

#[test]
fn an_undefined_name_is_one_finding() {
    let found = check_source("def make_exe():\n    return FOO\n\nregister_target(\"exe\", make_exe)\n", LINUX);
    let codes: Vec<&str> = found.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["using-undefined"], "{found:#?}");
}

#[test]
fn a_missing_var_says_which_option_supplies_it() {
    let err = eval("x = VARS[\"version\"]\n").unwrap_err().to_string();
    assert!(
        err.contains("`VARS` has no key \"version\" (no --var was given); pass it with `--var version VALUE`"),
        "{err}"
    );
    let options = frost::EvalOptions { vars: vec![("name".into(), "app".into())], ..options() };
    let src = format!("{}\nNAME = VARS[\"name\"]\nV = VARS.get(\"version\", \"0\")\nK = VARS.keys() + [k for k in VARS]\nfail(NAME + V + str(K) + str(\"name\" in VARS) + str(len(VARS)))\n", "");
    let err = eval_with(&src, &options).unwrap_err().to_string();
    assert!(err.contains("app0[\"name\", \"name\"]True1"), "{err}");
}

#[test]
fn a_misspelled_method_is_an_unknown_attribute_with_a_suggestion() {
    let found = check_source(
        "def make_exe():\n    dist = default_python_distribution()\n    exe = dist.to_python_executable(name = \"app\")\n    exe.pip_instal([\".\"])\n    return exe\n\nregister_target(\"exe\", make_exe)\n",
        LINUX,
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].code, found[0].line), ("unknown-attribute", 4));
    assert!(found[0].message.contains("did you mean `pip_install`?"), "{}", found[0].message);
}

/// CPython 3.14 made `forkserver` its default on Linux; frost's "auto"
/// stays `fork`. A 3.14 config that leaves the start method to a default is
/// told so (a note: it never changes the exit code); one that names a
/// method, an older version, Windows and macOS are not.
#[test]
fn a_314_config_leaning_on_a_default_start_method_gets_a_note() {
    let for_version = |version: &str, body: &str| {
        with_body(body).replace(
            "default_python_distribution()",
            &format!("default_python_distribution(python_version = \"{version}\")"),
        )
    };
    let code = "start-method-default-differs";
    let found = check_source(&for_version("3.14", "pass"), LINUX);
    let hit = found.iter().find(|d| d.code == code).unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!(hit.severity, frost::lints::rule::Severity::Note);
    assert!(
        hit.message.contains("\"auto\", which frost makes \"fork\"") && hit.message.contains("\"forkserver\""),
        "{hit:?}"
    );
    let found = check_source(&for_version("3.14", "config.multiprocessing_start_method = \"none\""), LINUX);
    let hit = found.iter().find(|d| d.code == code).unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!((hit.line, hit.column), (4, 5), "{hit:?}");
    assert!(hit.message.contains("leaves CPython's default: \"forkserver\""), "{hit:?}");
    for (version, body, triple) in [
        ("3.14", "config.multiprocessing_start_method = \"fork\"", LINUX),
        ("3.14", "config.multiprocessing_start_method = \"forkserver\"", LINUX),
        ("3.13", "pass", LINUX),
        ("3.14", "pass", WINDOWS),
        ("3.14", "pass", "aarch64-apple-darwin"),
    ] {
        let found = check_source(&for_version(version, body), triple);
        assert!(found.iter().all(|d| d.code != code), "{version} {body} {triple}: {found:#?}");
    }
}
