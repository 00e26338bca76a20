//! The packaging types: `PythonPackagingPolicy`, the resource types and
//! `PythonExecutable`'s packaging methods, and the plan they lower to.

mod common;

use std::path::Path;

use common::*;
use frost::{evaluate, EvalOptions, FrostError};
use frost_runtime::plan::{ActionKind, ResourceKind};
use frost_runtime::{Kind, PackagingPlan, PackagingPolicy, RuntimeConfig, Value, POLICY_ATTRIBUTES};

/// A config whose target makes `policy`, runs `before` on it, makes the
/// executable `exe` from it, then runs `after`. `before` starts on line 4.
fn exe_config(before: &str, after: &str) -> String {
    let indent = |s: &str| -> String { s.lines().map(|l| format!("    {l}\n")).collect() };
    format!(
        "def make_exe():\n    dist = default_python_distribution()\n    policy = dist.make_python_packaging_policy()\n{}    exe = dist.to_python_executable(name = \"app\", packaging_policy = policy)\n{}    return exe\n\nregister_target(\"exe\", make_exe, default = True)\nresolve_targets()\n",
        indent(before),
        indent(after)
    )
}

fn plan_of(config: &RuntimeConfig) -> &PackagingPlan {
    config.packaging.as_ref().expect("an executable has a plan")
}

/// Writes `files` under a new temporary folder and evaluates its `frost.bzl`.
fn eval_tree(files: &[(&str, &str)]) -> (tempfile::TempDir, Result<RuntimeConfig, FrostError>) {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let result = evaluate(&dir.path().join("frost.bzl"), &options())
        .map(|e| e.requested_config().expect("a lowered target").clone());
    (dir, result)
}

/// A value of `kind` other than `default`, as Starlark source.
fn other_value(kind: Kind, default: &Value) -> Value {
    match kind {
        Kind::Bool => Value::Bool(*default != Value::Bool(true)),
        Kind::Enum(values) => {
            Value::Str(values.iter().find(|v| Value::Str(v.to_string()) != *default).unwrap().to_string())
        }
        Kind::Location => Value::Str("filesystem-relative:lib".into()),
        other => panic!("no policy attribute is a {other:?}"),
    }
}

#[test]
fn every_policy_attribute_reads_its_default_and_round_trips() {
    let mut checks = String::new();
    for a in POLICY_ATTRIBUTES {
        checks.push_str(&format!(
            "if policy.{0} != {1}:\n    fail(\"{0} is %r\" % (policy.{0},))\n",
            a.name,
            a.default_value().to_starlark()
        ));
    }
    let config = eval(&exe_config(&checks, "")).unwrap();
    assert_eq!(plan_of(&config).policy.policy, PackagingPolicy::default());
    for a in POLICY_ATTRIBUTES {
        let value = other_value(a.kind, &a.default_value());
        let src = exe_config(
            &format!(
                "policy.{0} = {1}\nif policy.{0} != {1}:\n    fail(\"read back %r\" % (policy.{0},))",
                a.name,
                value.to_starlark()
            ),
            "",
        );
        let config = eval(&src).unwrap_or_else(|e| panic!("{}: {e}", a.name));
        assert_eq!(plan_of(&config).policy.policy.get(a.name), Some(value.clone()), "{}", a.name);
        // The JSON form reads back to the same plan.
        assert_eq!(RuntimeConfig::from_json_str(&config.to_json_pretty()).unwrap(), config, "{}", a.name);
    }
}

#[test]
fn the_windows_default_fallback_comes_from_the_distributions_triple() {
    let src = exe_config("", "");
    let windows = EvalOptions { target_triple: "x86_64-pc-windows-msvc".into(), ..options() };
    let config = eval_with(&src, &windows).unwrap();
    assert_eq!(
        plan_of(&config).policy.policy.get("resources_location_fallback"),
        Some(Value::Str("filesystem-relative:lib".into()))
    );
    let linux = eval(&src).unwrap();
    assert_eq!(plan_of(&linux).policy.policy.resources_location_fallback, None);
    // A bare interpreter config lowers with no plan.
    let bare = eval("def f():\n    return default_python_distribution().make_python_interpreter_config()\nregister_target(\"c\", f, default = True)\n").unwrap();
    assert_eq!(bare.packaging, None);
}

#[test]
fn resource_handling_modes_set_pyoxidizers_flags() {
    let files = eval(&exe_config("policy.set_resource_handling_mode(\"files\")", "")).unwrap();
    let p = &plan_of(&files).policy.policy;
    assert!(p.file_scanner_emit_files && !p.file_scanner_classify_files && p.allow_files);
    assert!(p.include_file_resources && p.include_classified_resources);
    let classify = eval(&exe_config(
        "policy.set_resource_handling_mode(\"files\")\npolicy.set_resource_handling_mode(\"classify\")",
        "",
    ))
    .unwrap();
    let p = &plan_of(&classify).policy.policy;
    assert!(!p.file_scanner_emit_files && p.file_scanner_classify_files && !p.allow_files);
    assert!(!p.include_file_resources && p.include_classified_resources);
    let (message, line, _) = error_at(&exe_config("policy.set_resource_handling_mode(\"auto\")", ""));
    assert!(message.contains("`mode` cannot be \"auto\"; it must be \"classify\" or \"files\""), "{message}");
    assert_eq!(line, 4);
}

const TREE: &[(&str, &str)] = &[
    ("src/myapp/__init__.py", ""),
    ("src/myapp/cli.py", "def main():\n    print('hi')\n"),
    ("src/myapp/data/logo.txt", "logo"),
    ("src/other/__init__.py", ""),
];

#[test]
fn read_package_root_returns_real_resources_with_the_policys_defaults_and_callbacks() {
    let config = exe_config(
        "def cb(policy, resource):\n    if type(resource) == \"PythonPackageResource\":\n        resource.add_location = \"filesystem-relative:data\"\npolicy.resources_location_fallback = \"filesystem-relative:lib\"\npolicy.bytecode_optimize_level_one = True\npolicy.register_resource_callback(cb)",
        "seen = []\nfor r in exe.read_package_root(\"src\", [\"myapp\"]):\n    seen.append(str(r))\n    exe.add_python_resource(r)\nif seen != [\"PythonModuleSource<name=myapp>\", \"PythonModuleSource<name=myapp.cli>\", \"PythonPackageResource<package=myapp, name=data/logo.txt>\"]:\n    fail(seen)\nm = exe.read_package_root(path = \"src\", packages = [\"myapp\"])[1]\nif m.source != \"def main():\\n    print('hi')\\n\" or m.is_package or m.is_stdlib or type(m) != \"PythonModuleSource\":\n    fail(m)",
    );
    let mut files = TREE.to_vec();
    files.push(("frost.bzl", &config));
    let (_dir, result) = eval_tree(&files);
    let config = result.unwrap_or_else(|e| panic!("{e}"));
    let plan = plan_of(&config);
    let names: Vec<(&str, ResourceKind)> = plan.resources.iter().map(|r| (r.name.as_str(), r.kind)).collect();
    assert_eq!(
        names,
        [
            ("myapp", ResourceKind::PythonModuleSource),
            ("myapp.cli", ResourceKind::PythonModuleSource),
            ("data/logo.txt", ResourceKind::PythonPackageResource),
        ]
    );
    assert!(plan.resources[0].is_package);
    assert_eq!(plan.resources[1].source_path.as_deref(), Some("src/myapp/cli.py"));
    // The policy's defaults...
    let cli = &plan.resources[1].add;
    assert!(cli.add_include && cli.add_source && cli.add_bytecode_optimization_level_one);
    assert_eq!(cli.add_location.to_string(), "in-memory");
    assert_eq!(cli.add_location_fallback.as_ref().map(ToString::to_string).as_deref(), Some("filesystem-relative:lib"));
    // ...then the callback's change.
    assert_eq!(plan.resources[2].add.add_location.to_string(), "filesystem-relative:data");
    assert!(!plan.resources[2].add.add_source);
    assert_eq!(plan.resources[2].added_at.as_ref().map(|s| (s.line, s.column)), Some((14, 9)));
}

#[test]
fn read_package_root_stays_inside_the_root_folder() {
    let config = exe_config("", "exe.read_package_root(\"..\", [\"x\"])");
    let (_dir, result) = eval_tree(&[("frost.bzl", &config)]);
    let message = result.unwrap_err().to_string();
    assert!(message.contains("is outside") && message.contains("--root"), "{message}");
    let missing = exe_config("", "exe.read_package_root(\"nowhere\", [\"x\"])");
    let (_dir, result) = eval_tree(&[("frost.bzl", &missing)]);
    assert!(result.unwrap_err().to_string().contains("cannot read `nowhere`"));
}

#[test]
fn add_include_false_is_a_no_op_except_for_extension_modules() {
    let config = exe_config(
        "",
        "r = exe.make_python_module_source(\"skipped\", \"x = 1\")\nr.add_include = False\nexe.add_python_resource(r)\nexe.add_python_resource(exe.make_python_module_source(\"kept\", \"y = 2\", True))",
    );
    let config = eval(&config).unwrap();
    let plan = plan_of(&config);
    assert_eq!(plan.resources.len(), 1);
    assert_eq!(plan.resources[0].name, "kept");
    assert!(plan.resources[0].is_package);
    assert_eq!(plan.resources[0].source.as_deref(), Some("y = 2"));
    // An extension module is added even with add_include False (its default).
    let tree = exe_config("", "for r in exe.read_package_root(\"src\", [\"fast\"]):\n    exe.add_python_resource(r)");
    let (_dir, result) = eval_tree(&[("src/fast.cpython-311-x86_64-linux-gnu.so", ""), ("frost.bzl", &tree)]);
    let config = result.unwrap();
    let plan = plan_of(&config);
    assert_eq!(plan.resources.len(), 1);
    assert_eq!(plan.resources[0].kind, ResourceKind::PythonExtensionModule);
    assert!(!plan.resources[0].add.add_include);
}

#[test]
fn actions_are_recorded_with_their_call_sites_in_frost_eval() {
    let config = exe_config(
        "",
        "found = exe.pip_install([\"-r\", \"requirements.txt\"], extra_envs = {\"PIP_NO_INDEX\": \"1\"})\nif found != []:\n    fail(found)\nexe.add_python_resources(found)\nexe.setup_py_install(package_path = \"pkg\", extra_global_arguments = [\"--quiet\"])\nexe.pip_download([\"numpy\"])\nexe.read_virtualenv(\"venv\")",
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("frost.bzl"), &config).unwrap();
    let out = frost(&["eval", "frost.bzl", "--target-triple", "x86_64-unknown-linux-gnu"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["schema_version"], 2);
    let actions = json["packaging"]["actions"].as_array().unwrap();
    assert_eq!(actions.len(), 4);
    assert_eq!(actions[0]["kind"], "pip_install");
    assert_eq!(actions[0]["args"], serde_json::json!(["-r", "requirements.txt"]));
    assert_eq!(actions[0]["extra_envs"]["PIP_NO_INDEX"], "1");
    assert_eq!(actions[0]["call_site"], serde_json::json!({ "file": "frost.bzl", "line": 5, "column": 13 }));
    assert_eq!(actions[0]["policy"]["resources_location"], "in-memory");
    assert_eq!(actions[1]["kind"], "setup_py_install");
    assert_eq!(actions[1]["package_path"], "pkg");
    assert_eq!(actions[1]["extra_global_arguments"], serde_json::json!(["--quiet"]));
    assert_eq!(actions[1]["call_site"]["line"], 9);
    assert_eq!(actions[2]["kind"], "pip_download");
    assert_eq!((actions[3]["kind"].as_str(), actions[3]["path"].as_str()), (Some("read_virtualenv"), Some("venv")));
    assert_eq!(json["packaging"]["resources"], serde_json::json!([]));
    // Such a plan cannot be exported faithfully: frost export says so.
    let exported = frost::formats::bzl::export_json(&String::from_utf8_lossy(&out.stdout), "app.json");
    let message = format!("{:#}", exported.unwrap_err());
    assert!(message.contains("`packaging` cannot be exported") && message.contains("`pip_install`"), "{message}");
}

#[test]
fn to_python_executable_shares_settings_copies_callbacks_and_snapshots_locations() {
    // Settings changed later decide the add_* defaults of later resources;
    // the plan keeps the policy as the executable saw it.
    let shared = eval(&exe_config(
        "",
        "policy.bytecode_optimize_level_two = True\nexe.add_python_resource(exe.make_python_module_source(\"m\", \"\"))",
    ))
    .unwrap();
    let plan = plan_of(&shared);
    assert!(plan.resources[0].add.add_bytecode_optimization_level_two);
    assert!(!plan.policy.policy.bytecode_optimize_level_two);
    // A callback registered after the executable was made does not reach it.
    let callbacks = eval(&exe_config(
        "def early(policy, r):\n    r.add_bytecode_optimization_level_one = True",
        "def late(policy, r):\n    r.add_include = False\npolicy.register_resource_callback(early)\npolicy.register_resource_callback(late)\nexe.add_python_resource(exe.make_python_module_source(\"m\", \"\"))",
    ));
    // `early` was registered after the executable too: neither runs.
    let callbacks = callbacks.unwrap();
    let plan_resources = &plan_of(&callbacks).resources;
    assert!(plan_resources[0].add.add_include && !plan_resources[0].add.add_bytecode_optimization_level_one);
    let before = eval(&exe_config(
        "def early(policy, r):\n    r.add_bytecode_optimization_level_one = True\npolicy.register_resource_callback(early)",
        "exe.add_python_resource(exe.make_python_module_source(\"m\", \"\"))",
    ))
    .unwrap();
    assert!(plan_of(&before).resources[0].add.add_bytecode_optimization_level_one);
    // The allowed locations are those of the policy at to_python_executable.
    let (message, line, _) = error_at(&exe_config(
        "",
        "policy.resources_location = \"filesystem-relative:lib\"\nexe.add_python_resource(exe.make_python_module_source(\"m\", \"\"))",
    ));
    assert!(message.contains("allowed only \"in-memory\""), "{message}");
    assert_eq!(line, 6);
    // A File needs allow_files when the executable is made.
    let files = exe_config(
        "",
        "policy.set_resource_handling_mode(\"files\")\nfor r in exe.read_package_root(\"src\", [\"a\"]):\n    exe.add_python_resource(r)",
    );
    let (_dir, result) = eval_tree(&[("src/a.py", ""), ("frost.bzl", &files)]);
    let message = result.unwrap_err().to_string();
    assert!(message.contains("cannot add File<path=a.py>: the policy had `allow_files = False`"), "{message}");
}

#[test]
fn removed_names_say_what_to_write_instead() {
    let cases = [
        (
            "config.run_mode = \"module:app\"",
            "`run_mode` was removed from PyOxidizer's API; write `run_module = \"app\"` instead",
        ),
        (
            "config.run_mode = \"eval:import app\"",
            "`run_mode` was removed from PyOxidizer's API; write `run_command = \"import app\"` instead",
        ),
        ("config.raw_allocator = \"system\"", "write `allocator_backend = \"default\"` instead"),
        ("config.run_eval = \"x()\"", "write `run_command = \"x()\"` instead"),
        ("dist.read_virtualenv(\"venv\")", "`dist.read_virtualenv()` was removed in PyOxidizer 0.8"),
        ("PythonInterpreterConfig(raw_allocator = \"jemalloc\")", "write `allocator_backend = \"jemalloc\"` instead"),
    ];
    for (body, expected) in cases {
        let (message, line, _) = error_at(&with_body(body));
        assert!(message.contains(expected), "{body}: {message}");
        assert_eq!(line, 4, "{body}");
    }
    // frost check reports them as unknown attributes, at the assignment.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("frost.bzl"), with_body("config.run_mode = \"module:app\"")).unwrap();
    let out = frost(&["check", "frost.bzl", "--format", "json"], dir.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("unknown-attribute") && text.contains("run_module = \\\"app\\\""), "{text}");
}

#[test]
fn resources_have_pyoxidizers_types_strs_and_read_only_attributes() {
    let config = exe_config(
        "",
        "m = exe.make_python_module_source(\"pkg.mod\", \"x = 1\")\nif type(m) != \"PythonModuleSource\" or str(m) != \"PythonModuleSource<name=pkg.mod>\":\n    fail(m)\nif m.add_location_fallback != None or m.add_bytecode_optimization_level_zero != True:\n    fail(dir(m))\nm.add_location_fallback = \"filesystem-relative:\"\nif m.add_location_fallback != \"filesystem-relative:\":\n    fail(m.add_location_fallback)\nif dir(m) != sorted(dir(m)) or \"source\" not in dir(m):\n    fail(dir(m))\nif dist.python_resources() != []:\n    fail(\"python_resources\")",
    );
    eval(&config).unwrap_or_else(|e| panic!("{e}"));
    let (message, _, _) =
        error_at(&exe_config("", "m = exe.make_python_module_source(\"m\", \"\")\nm.is_stdlib = True"));
    assert!(message.contains("`is_stdlib` of a PythonModuleSource is read-only"), "{message}");
}

/// A CLI packaged PyOxidizer's way: pip_install of the project, a policy
/// in memory with a filesystem fallback, and a loop over read_package_root
/// choosing each resource's location.
#[test]
fn a_realistic_config_checks_clean_and_evaluates_to_its_plan() {
    let config = r#"def make_exe():
    dist = default_python_distribution()

    policy = dist.make_python_packaging_policy()
    policy.resources_location = "in-memory"
    policy.resources_location_fallback = "filesystem-relative:lib"
    policy.extension_module_filter = "no-copyleft"
    policy.include_test = False

    python_config = dist.make_python_interpreter_config()
    python_config.run_module = "mycli"

    exe = dist.to_python_executable(
        name = "mycli",
        packaging_policy = policy,
        config = python_config,
    )
    exe.windows_subsystem = "console"
    exe.add_python_resources(exe.pip_install(["."]))

    for resource in exe.read_package_root(path = CWD + "/src", packages = ["mycli"]):
        if type(resource) == "PythonPackageResource":
            resource.add_location = "filesystem-relative:lib"
        else:
            resource.add_location = "in-memory"
        exe.add_python_resource(resource)

    return exe

register_target("exe", make_exe, default = True)
resolve_targets()
"#;
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in [
        ("src/mycli/__init__.py", ""),
        ("src/mycli/__main__.py", "from mycli.app import main\nmain()\n"),
        ("src/mycli/app.py", "def main():\n    print('hello')\n"),
        ("src/mycli/templates/page.html", "<p>hi</p>"),
        ("frost.bzl", config),
    ] {
        std::fs::create_dir_all(dir.path().join(path).parent().unwrap()).unwrap();
        std::fs::write(dir.path().join(path), text).unwrap();
    }
    let check = frost(&["check", "frost.bzl", "--deny-warnings"], dir.path());
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
    let out = frost(&["eval", "frost.bzl", "--target-triple", "x86_64-unknown-linux-gnu"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let config = RuntimeConfig::from_json_str(&String::from_utf8_lossy(&out.stdout)).unwrap();
    let plan = plan_of(&config);
    assert_eq!(plan.policy.policy.get("extension_module_filter"), Some(Value::Str("no-copyleft".into())));
    assert!(matches!(&plan.actions[0].what, ActionKind::PipInstall { args, .. } if args == &["."]));
    let placed: Vec<(String, String)> =
        plan.resources.iter().map(|r| (r.name.clone(), r.add.add_location.to_string())).collect();
    assert_eq!(
        placed,
        [
            ("mycli".to_string(), "in-memory".to_string()),
            ("mycli.__main__".into(), "in-memory".into()),
            ("mycli.app".into(), "in-memory".into()),
            ("templates/page.html".into(), "filesystem-relative:lib".into()),
        ]
    );
    assert_eq!(config.config.run_module.as_deref(), Some("mycli"));
    assert!(Path::new(&dir.path().join(plan.resources[2].source_path.as_deref().unwrap())).exists());
}

#[test]
fn export_writes_the_policy_and_executable_attributes_back() {
    let src = exe_config(
        "policy.resources_location = \"filesystem-relative:lib\"\npolicy.allow_files = True\npolicy.set_preferred_extension_module_variant(\"_ssl\", \"openssl\")",
        "exe.windows_subsystem = \"windows\"\nexe.licenses_filename = None",
    );
    let config = eval(&src).unwrap();
    let json = config.to_json_pretty();
    let bzl = frost::formats::bzl::export_json(&json, "app.json").unwrap();
    assert!(bzl.contains("    policy.resources_location = \"filesystem-relative:lib\"\n"), "{bzl}");
    assert!(bzl.contains("    policy.set_preferred_extension_module_variant(\"_ssl\", \"openssl\")\n"), "{bzl}");
    assert!(bzl.contains("    exe.windows_subsystem = \"windows\"\n"), "{bzl}");
    assert_eq!(eval(&bzl).unwrap().to_json_pretty(), json);
}

#[test]
fn packaging_values_of_a_loaded_module_are_read_only() {
    let lib = "dist = default_python_distribution()\npolicy = dist.make_python_packaging_policy()\npolicy.include_test = True\nEXE = dist.to_python_executable(name = \"lib\", packaging_policy = policy)\nMOD = EXE.make_python_module_source(\"m\", \"x = 1\")\nEXE.add_python_resource(MOD)\n";
    let main = |body: &str| {
        format!("load(\"lib.bzl\", \"EXE\", \"MOD\", \"policy\")\ndef f():\n    {body}\n    return EXE\nregister_target(\"e\", f, default = True)\n")
    };
    let (_dir, result) = eval_tree(&[("lib.bzl", lib), ("frost.bzl", &main("pass"))]);
    let config = result.unwrap_or_else(|e| panic!("{e}"));
    assert!(plan_of(&config).policy.policy.include_test);
    assert_eq!(plan_of(&config).resources[0].name, "m");
    for (body, expected) in [
        ("EXE.windows_subsystem = \"windows\"", "this PythonExecutable: it comes from a loaded module"),
        ("EXE.pip_install([\"x\"])", "this PythonExecutable: it comes from a loaded module"),
        ("MOD.add_include = False", "this PythonModuleSource comes from a loaded module"),
        ("policy.include_test = False", "this PythonPackagingPolicy: it comes from a loaded module"),
    ] {
        let (_dir, result) = eval_tree(&[("lib.bzl", lib), ("frost.bzl", &main(body))]);
        let message = result.unwrap_err().to_string();
        assert!(message.contains(expected), "{body}: {message}");
    }
}
