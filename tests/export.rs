//! `frost export`: JSON back to a config file. The exported file evaluates
//! to exactly the JSON it came from (a property test over generated
//! configs), buildifier has nothing to change in it, and broken JSON is
//! refused with the file, the position and the key at fault.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::*;
use frost::formats::bzl::{export_json, to_bzl, LINE_WIDTH};
use frost_runtime::{
    Attr, Kind, Names, PackagingPlan, RuntimeConfig, Value, ATTRIBUTES, EXECUTABLE_ATTRIBUTES, POLICY_ATTRIBUTES,
};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

const TRIPLE: &str = "x86_64-unknown-linux-gnu";

// ---------------------------------------------------------------------------
// Generated configs

/// Characters that stress escaping: quotes, backslashes, newlines, tabs and
/// other control characters, non-ASCII (combining marks, wide, astral,
/// invisible), and Starlark and format punctuation.
fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::char::range('a', 'z'),
        3 => prop::sample::select(vec![
            '"', '\'', '\\', '\n', '\t', '\r', '\0', '\x01', '\x08', '\x0b', '\x0c', '\x1b', '\x1f', '\x7f',
            '\u{80}', '\u{85}', '\u{9f}', '\u{a0}', 'é', 'ß', '☃', '日', '😀', '\u{301}', '\u{200b}', '\u{2028}',
            '\u{2029}', '\u{feff}', '\u{fffd}', '\u{ffff}', '\u{10ffff}', '$', '{', '}', '%', '#', ' ', '/', ':',
        ]),
        1 => any::<char>(),
    ]
}

fn tricky_string(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(tricky_char(), 0..max).prop_map(|chars| chars.into_iter().collect())
}

/// A tricky string an attribute accepts: no NUL, which is refused where it
/// is assigned (CPython would cut the string there).
fn attr_string(max: usize) -> impl Strategy<Value = String> {
    tricky_string(max).prop_map(|s| s.replace('\0', ""))
}

fn value_for(attr: &'static Attr) -> BoxedStrategy<Value> {
    let base = match attr.kind {
        Kind::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
        Kind::Int { min, max } => prop_oneof![Just(min), Just(max), min..=max].prop_map(Value::Int).boxed(),
        Kind::Str => match attr.names {
            Names::Any => attr_string(24).prop_map(Value::Str).boxed(),
            Names::Codec => prop::sample::select(vec!["utf-8", "Latin-1", "cp1252", "UTF8", "ascii"])
                .prop_map(|v| Value::Str(v.to_string()))
                .boxed(),
            Names::ErrorHandler => prop::sample::select(frost_runtime::codecs::ERROR_HANDLERS.to_vec())
                .prop_map(|v| Value::Str(v.to_string()))
                .boxed(),
        },
        Kind::Enum(values) => prop::sample::select(values.to_vec()).prop_map(|v| Value::Str(v.to_string())).boxed(),
        Kind::Terminfo => prop_oneof![
            Just("dynamic".to_string()),
            Just("none".to_string()),
            attr_string(12).prop_map(|p| format!("static:{p}x")),
        ]
        .prop_map(Value::Str)
        .boxed(),
        Kind::Location => prop_oneof![
            Just("in-memory".to_string()),
            tricky_string(8).prop_map(|p| format!("filesystem-relative:{}", p.replace('\0', ""))),
        ]
        .prop_map(Value::Str)
        .boxed(),
        Kind::LoadMode => prop_oneof![
            Just("none".to_string()),
            Just("embedded:packed-resources".to_string()),
            Just("binary-relative-memory-mapped:res x".to_string()),
        ]
        .prop_map(Value::Str)
        .boxed(),
        Kind::StrList => prop_oneof![
            Just(vec![]),
            prop::collection::vec(attr_string(10), 0..4),
            prop::collection::vec(attr_string(30), 4..16),
        ]
        .prop_map(Value::List)
        .boxed(),
    };
    if attr.optional {
        prop_oneof![1 => Just(Value::None), 4 => base].boxed()
    } else {
        base
    }
}

/// A plain file name: tricky characters without the ones a name refuses.
fn executable_name() -> impl Strategy<Value = String> {
    tricky_string(16).prop_map(|s| {
        let s: String = s.chars().filter(|c| !c.is_control() && !matches!(c, '/' | '\\')).collect();
        if frost::runtime::names::check_executable_name(&s).is_ok() {
            s
        } else {
            format!("app{s}")
        }
    })
}

/// Runtime configs as `frost eval` can print them for [`TRIPLE`]: each
/// attribute at its default about half the time, else any accepted value.
/// `PythonDistribution(local_path, sha256)` pairs as a plan records them.
const LOCAL_DISTRIBUTIONS: &[(&str, Option<&str>)] = &[
    ("cpython", None),
    ("/opt/python 3", None),
    ("dists/cpython-3.12.tar.gz", Some("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")),
];

fn runtime_config() -> impl Strategy<Value = RuntimeConfig> {
    let attrs: Vec<BoxedStrategy<Option<Value>>> =
        ATTRIBUTES.iter().map(|a| prop_oneof![Just(None), value_for(a).prop_map(Some)].boxed()).collect();
    let policy: Vec<BoxedStrategy<Option<Value>>> =
        POLICY_ATTRIBUTES.iter().map(|a| prop_oneof![Just(None), value_for(a).prop_map(Some)].boxed()).collect();
    let exe: Vec<BoxedStrategy<Option<Value>>> =
        EXECUTABLE_ATTRIBUTES.iter().map(|a| prop_oneof![Just(None), value_for(a).prop_map(Some)].boxed()).collect();
    let variants = prop::collection::btree_map(tricky_string(6), tricky_string(6), 0..2);
    let versions = frost::runtime::PYTHON_VERSIONS.to_vec();
    (
        attrs,
        prop::option::weighted(0.8, executable_name()),
        tricky_string(12),
        prop::sample::select(versions),
        (policy, exe, variants),
        prop::option::weighted(0.2, prop::sample::select(LOCAL_DISTRIBUTIONS.to_vec())),
    )
        .prop_map(|(attrs, executable_name, target, version, (policy, exe, variants), local)| {
            let mut c = RuntimeConfig::new(target, TRIPLE, version);
            if executable_name.is_none() {
                c.python_version = frost::runtime::DEFAULT_PYTHON_VERSION.to_string();
            } else {
                // An executable always lowers with a plan.
                let mut plan = PackagingPlan::default();
                for (attr, value) in POLICY_ATTRIBUTES.iter().zip(policy).filter_map(|(a, v)| Some((a, v?))) {
                    plan.policy.policy.set(attr.name, value).unwrap();
                }
                for (attr, value) in EXECUTABLE_ATTRIBUTES.iter().zip(exe).filter_map(|(a, v)| Some((a, v?))) {
                    plan.executable.set(attr.name, value).unwrap();
                }
                plan.policy.preferred_extension_module_variants = variants;
                plan.distribution = local.map(|(path, sha256)| frost_runtime::plan::DistributionSource {
                    local_path: path.to_string(),
                    sha256: sha256.map(str::to_string),
                });
                c.packaging = Some(plan);
            }
            c.executable_name = executable_name;
            for (attr, value) in ATTRIBUTES.iter().zip(attrs) {
                // An attribute the version lacks is refused: not a config to export.
                if frost_runtime::config::too_new(attr, &c.python_version).is_some() {
                    continue;
                }
                if let Some(value) = value {
                    c.config.set(attr.name, value).unwrap();
                }
            }
            c
        })
}

/// `count` generated configs, the same ones every run.
fn sample_configs(count: usize) -> Vec<RuntimeConfig> {
    let mut runner = TestRunner::deterministic();
    let strategy = runtime_config();
    (0..count).map(|_| strategy.new_tree(&mut runner).unwrap().current()).collect()
}

fn round_trip(config: &RuntimeConfig) {
    let json = config.to_json_pretty();
    let bzl = export_json(&json, "generated.json").unwrap();
    assert_eq!(bzl, to_bzl(config, "generated.json"));
    let back = eval(&bzl).unwrap_or_else(|e| panic!("{e}\n--- exported\n{bzl}"));
    assert!(
        back.to_json_pretty() == json,
        "--- exported\n{bzl}\n--- json\n{json}\n--- back\n{}",
        back.to_json_pretty()
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn exported_configs_evaluate_to_the_same_json(config in runtime_config()) {
        round_trip(&config);
    }
}

/// An example's golden JSON without the resources its packaging plan adds
/// (`read_package_root` reads files, which an exported config cannot
/// carry), in `to_json_pretty`'s form.
fn golden_without_resources(path: &std::path::Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let mut config = frost::runtime::RuntimeConfig::from_json_str(&text).unwrap();
    if let Some(plan) = config.packaging.as_mut() {
        plan.resources.clear();
    }
    config.to_json_pretty()
}

#[test]
fn the_examples_round_trip() {
    let mut seen = 0;
    for entry in std::fs::read_dir(root().join("tests/golden")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let json = golden_without_resources(&path);
        let bzl = export_json(&json, "golden.json").unwrap();
        assert_eq!(eval(&bzl).unwrap().to_json_pretty(), json, "{}", path.display());
        seen += 1;
    }
    assert!(seen >= 5, "{seen} golden files");
}

#[test]
fn only_non_default_attributes_are_written() {
    let config =
        eval(&with_body("config.run_module = \"app\"\nconfig.sys_frozen = True\nconfig.verbose = None")).unwrap();
    let bzl = to_bzl(&config, "app.json");
    let assignments: Vec<&str> = bzl.lines().filter(|l| l.trim_start().starts_with("config.")).collect();
    assert_eq!(assignments, ["    config.run_module = \"app\""]);
    for config in sample_configs(50) {
        let bzl = to_bzl(&config, "x.json");
        let written = bzl.lines().filter(|l| l.starts_with("    config.")).count();
        let differing = ATTRIBUTES.iter().filter(|a| config.config.get(a.name).unwrap() != a.default_value()).count();
        assert_eq!(written, differing, "{bzl}");
        assert_eq!(to_bzl(&config, "x.json"), bzl, "deterministic");
    }
}

// ---------------------------------------------------------------------------
// buildifier

/// buildifier 8.2.1 from the npm registry, installed into
/// `target/buildifier/` when it is not there (`FROST_BUILDIFIER` names
/// another binary).
fn buildifier() -> PathBuf {
    if let Some(path) = std::env::var_os("FROST_BUILDIFIER") {
        return path.into();
    }
    // The tests of this file run in parallel threads of one process and
    // would share the temporary folder below: one installs, the others wait.
    static INSTALL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    let os = match std::env::consts::OS {
        "macos" => "darwin",
        os => os,
    };
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        arch => arch,
    };
    let dir = root().join("target/buildifier");
    let bin = dir.join("node_modules/@bazel/buildifier").join(format!("buildifier-{os}_{arch}"));
    if bin.exists() {
        return bin;
    }
    // Install beside it and move it into place, so two test runs at once
    // never see half an install.
    let tmp = root().join(format!("target/buildifier.tmp-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let out = Command::new("npm")
        .args(["install", "--no-save", "--no-audit", "--no-fund", "--prefix"])
        .arg(&tmp)
        .arg("@bazel/buildifier@8.2.1")
        .output()
        .expect("npm runs (buildifier installs from the npm registry)");
    assert!(
        out.status.success(),
        "npm install @bazel/buildifier@8.2.1 failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    if std::fs::rename(&tmp, &dir).is_err() {
        std::fs::remove_dir_all(&tmp).ok();
    }
    assert!(bin.exists(), "{} after npm install", bin.display());
    bin
}

/// Runs `buildifier --mode=check` over `files`; returns its exit code and
/// output (it names each file it would reformat).
fn buildifier_check(files: &[PathBuf]) -> (Option<i32>, String) {
    let out = Command::new(buildifier()).arg("--mode=check").args(files).output().unwrap();
    (out.status.code(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

fn write_all(dir: &Path, files: impl IntoIterator<Item = (String, String)>) -> Vec<PathBuf> {
    files
        .into_iter()
        .map(|(name, text)| {
            let path = dir.join(name);
            std::fs::write(&path, text).unwrap();
            path
        })
        .collect()
}

#[test]
fn buildifier_has_nothing_to_change_in_exported_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut files: Vec<(String, String)> =
        sample_configs(300).iter().enumerate().map(|(i, c)| (format!("gen{i}.bzl"), to_bzl(c, "gen.json"))).collect();
    // Lists just under, at and over the line width, one item and many.
    for n in [1, 2, 3, 5, 10, 40] {
        for width in [LINE_WIDTH - 30, LINE_WIDTH - 25, LINE_WIDTH - 20, LINE_WIDTH, LINE_WIDTH + 10] {
            let mut c = RuntimeConfig::new("exe", TRIPLE, "3.11");
            c.executable_name = Some("app".into());
            c.config.x_options = Some((0..n).map(|i| format!("{i}{}", "x".repeat(width / n))).collect());
            c.config.module_search_paths = Some(vec!["$ORIGIN/lib".into(); n]);
            files.push((format!("list{n}-{width}.bzl"), to_bzl(&c, "lists.json")));
        }
    }
    let wrapped = files.iter().filter(|(_, text)| text.contains(" = [\n")).count();
    assert!(wrapped >= 50, "only {wrapped} files have a wrapped list");
    let unwrapped = files.iter().filter(|(_, text)| text.contains(" = [\"")).count();
    assert!(unwrapped >= 50, "only {unwrapped} files have a one-line list");
    for entry in std::fs::read_dir(root().join("tests/golden")).unwrap() {
        let path = entry.unwrap().path();
        let json = golden_without_resources(&path);
        let name = path.file_stem().unwrap().to_string_lossy();
        files.push((format!("golden-{name}.bzl"), export_json(&json, &path.display().to_string()).unwrap()));
    }
    let paths = write_all(dir.path(), files);
    let (code, output) = buildifier_check(&paths);
    assert_eq!((code, output.as_str()), (Some(0), ""), "buildifier would reformat these files");
}

#[test]
fn buildifier_check_does_catch_misformatting() {
    // The test above would be worthless if check mode passed everything.
    let dir = tempfile::tempdir().unwrap();
    let mut c = RuntimeConfig::new("exe", TRIPLE, "3.11");
    c.executable_name = Some("app".into());
    c.config.x_options = Some(vec!["x".repeat(LINE_WIDTH); 2]);
    let good = to_bzl(&c, "a.json");
    let bad = [
        good.replace("\n\nregister_target", "\nregister_target"),
        good.replace("        \"x", "      \"x"),
        good.replace(",\n    ]", "\n    ]"),
        good.replace("default = True", "default=True"),
    ];
    let files: Vec<(String, String)> = bad.into_iter().enumerate().map(|(i, t)| (format!("bad{i}.bzl"), t)).collect();
    for path in write_all(dir.path(), files) {
        let (code, output) = buildifier_check(std::slice::from_ref(&path));
        assert_eq!(code, Some(4), "{}: {output}", std::fs::read_to_string(&path).unwrap());
    }
}

// ---------------------------------------------------------------------------
// The command line

fn export_cli(args: &[&str], stdin: &str, dir: &Path) -> (Option<i32>, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_frost"))
        .arg("export")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn frost_export_reads_a_file_or_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let json = golden_without_resources(&root().join("tests/golden/minimal.json"));
    std::fs::write(dir.path().join("app.json"), &json).unwrap();
    let (code, from_file, err) = export_cli(&["app.json"], "", dir.path());
    assert_eq!((code, err.as_str()), (Some(0), ""));
    assert!(from_file.starts_with("# Generated by `frost export` from app.json.\n"), "{from_file}");
    let (code, from_stdin, _) = export_cli(&["-"], &json, dir.path());
    assert_eq!(code, Some(0));
    assert_eq!(from_stdin, from_file.replace("from app.json.", "from <stdin>."));
    // A file with only some keys: the rest take their defaults.
    let (code, partial, err) =
        export_cli(&["-"], r#"{"executable_name": "app", "target": "exe", "run_module": "app"}"#, dir.path());
    assert_eq!((code, err.as_str()), (Some(0), ""));
    assert!(partial.contains("\n    config.run_module = \"app\"\n    return dist"), "{partial}");
}

#[test]
fn bad_json_is_refused_naming_the_file_and_the_position() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&str, &str)] = &[
        ("{\n  \"run_module\": \"app\",\n  \"sys_frozen\": tru\n}\n", "error: app.json:3:20: invalid JSON: expected ident\n"),
        ("{\n  \"run_module\": \"app\"\n", "error: app.json:2:22: invalid JSON: EOF while parsing an object\n"),
        ("", "error: app.json:1:1: invalid JSON: EOF while parsing a value\n"),
        ("[1, 2]", "error: app.json: expected a JSON object with one key per attribute\n"),
        (
            "{\n  \"target\": \"exe\",\n  \"sys_frozn\": true\n}",
            "error: app.json:3:3: unknown key `sys_frozn`; did you mean `sys_frozen`?\n",
        ),
        (
            "{\"zzz\": 1}",
            "error: app.json:1:2: unknown key `zzz`; the keys are the attribute names and `schema_version`, `executable_name`, `target`, `target_triple`, `python_version`\n",
        ),
        (
            "{\n    \"multiprocessing_start_method\": \"spork\"}",
            "error: app.json:2:5: `multiprocessing_start_method` cannot be \"spork\"; it must be one of \"auto\", \"none\", \"fork\", \"forkserver\" or \"spawn\"\n",
        ),
        (
            "{\"module_search_paths\": [\"a\", 2]}",
            "error: app.json:1:2: `module_search_paths` must be an array of strings, or null; got array [\"a\",2]\n",
        ),
        ("{\"sys_frozen\": null}", "error: app.json:1:2: `sys_frozen` cannot be null; it must be a boolean (true or false)\n"),
        ("{\"target\": 3}", "error: app.json:1:2: `target` must be a string; got 3\n"),
        (
            "{\"schema_version\": 3}",
            "error: app.json:1:2: `schema_version` is 3, but this frost reads versions 1 and 2\n",
        ),
        (
            "{\"executable_name\": \"..\"}",
            "error: app.json:1:2: `executable_name` must be a plain file name (no `/`, `\\`, control characters, `.` or `..`); got \"..\"\n",
        ),
    ];
    for (json, expected) in cases {
        std::fs::write(dir.path().join("app.json"), json).unwrap();
        let (code, stdout, stderr) = export_cli(&["app.json"], "", dir.path());
        assert_eq!((code, stdout.as_str(), stderr.as_str()), (Some(1), "", *expected), "{json}");
    }
    let (code, stdout, stderr) = export_cli(&["-"], "{\"hash_seed\": -1}", dir.path());
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (
            Some(1),
            "",
            "error: <stdin>:1:2: `hash_seed` is out of range: -1; it must be an integer from 0 to 4294967295, or null\n"
        )
    );
    let (code, stdout, stderr) = export_cli(&["missing.json"], "", dir.path());
    assert_eq!((code, stdout.as_str()), (Some(2), ""));
    assert!(stderr.starts_with("error: cannot read missing.json: "), "{stderr}");
}
