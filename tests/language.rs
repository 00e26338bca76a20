//! The config language beyond single attributes: live lists, targets,
//! globals and `load()`.

mod common;

use std::path::Path;

use common::*;
use frost::{evaluate, EvalOptions, FrostError, Resolve};

#[test]
fn list_attributes_are_live() {
    let config = eval(&with_body(
        r#"config.module_search_paths = ["$ORIGIN/lib"]
config.module_search_paths.append("$ORIGIN/plugins")
paths = config.module_search_paths
paths.extend(["c", "d"])
paths.insert(0, "first")
paths.remove("c")
if paths.pop() != "d":
    fail("pop")
if len(paths) != 3 or paths[0] != "first" or paths[-1] != "$ORIGIN/plugins" or "first" not in paths:
    fail("read: %s" % paths)
if paths.index("$ORIGIN/lib") != 1 or paths.count("first") != 1:
    fail("index")
if paths + ["z"] != ["first", "$ORIGIN/lib", "$ORIGIN/plugins", "z"]:
    fail("add")
if [p for p in paths] != ["first", "$ORIGIN/lib", "$ORIGIN/plugins"]:
    fail("iterate")
config.x_options = []
config.x_options.append("dev")
config.warn_options = ["ignore"]
config.warn_options.clear()"#,
    ))
    .unwrap();
    let c = &config.config;
    assert_eq!(c.module_search_paths.as_deref().unwrap(), ["first", "$ORIGIN/lib", "$ORIGIN/plugins"]);
    assert_eq!(c.x_options.as_deref().unwrap(), ["dev"]);
    assert_eq!(c.warn_options.as_deref().unwrap(), Vec::<String>::new());
}

#[test]
fn list_items_are_checked_where_they_go_in() {
    let (message, line, column) = error_at(&with_body("config.x_options = []\nconfig.x_options.extend([\"a\", True])"));
    assert_eq!((line, column), (5, 5), "{message}");
    assert!(
        message.contains("`x_options` must be a list of strings, or None; item 1 is bool True, not a string"),
        "{message}"
    );
    let (message, ..) = error_at(&with_body("config.x_options = []\nconfig.x_options.insert(0, None)"));
    assert!(message.contains("item 0 is NoneType None"), "{message}");
    // Assigning a list copies it: later changes to the list do not sneak in unchecked.
    let config = eval(&with_body("l = [\"a\"]\nconfig.x_options = l\nl.append(1)")).unwrap();
    assert_eq!(config.config.x_options.as_deref().unwrap(), ["a"]);
}

#[test]
fn a_config_changed_after_to_python_executable_still_counts() {
    let src = "def make():\n    dist = default_python_distribution()\n    c = dist.make_python_interpreter_config()\n    exe = dist.to_python_executable(name = \"a\", config = c)\n    c.run_module = \"late\"\n    return exe\nregister_target(\"e\", make)\n";
    assert_eq!(eval(src).unwrap().config.run_module.as_deref(), Some("late"));
}

#[test]
fn targets_resolve_with_their_dependencies() {
    let src = r#"
calls = []
def make_dist():
    calls.append("dist")
    return default_python_distribution()
def make_config(dist):
    c = dist.make_python_interpreter_config()
    c.run_module = "m"
    return c
def make_exe(dist, config):
    return dist.to_python_executable(name = "tool", config = config)
def make_other(exe):
    return exe
register_target("dist", make_dist)
register_target("config", make_config, depends = ["dist"])
register_target("exe", make_exe, depends = ["dist", "config"], default = True)
register_target("other", make_other, depends = ["exe"])
resolve_targets()
if calls != ["dist"]:
    fail("each target resolves once: %s" % calls)
"#;
    let config = eval(src).unwrap();
    assert_eq!(config.executable_name.as_deref(), Some("tool"));
    assert_eq!(config.target, "exe");
    // A target that returns a bare config lowers too, with no executable name.
    let options = EvalOptions { target: Some("config".into()), ..options() };
    let config = eval_with(src, &options).unwrap();
    assert_eq!(config.executable_name, None);
    assert_eq!(config.config.run_module.as_deref(), Some("m"));
    // All targets, as frost check resolves them.
    let all = frost::evaluate_source(
        Path::new("t.bzl"),
        src.into(),
        &EvalOptions { resolve: Resolve::All, ..common::options() },
    )
    .unwrap();
    let names: Vec<_> = all.targets.iter().map(|t| (t.name.as_str(), t.type_name.as_str())).collect();
    assert_eq!(
        names,
        [
            ("dist", "PythonDistribution"),
            ("config", "PythonInterpreterConfig"),
            ("exe", "PythonExecutable"),
            ("other", "PythonExecutable")
        ]
    );
}

fn config_error(src: &str, options: &EvalOptions) -> String {
    match eval_with(src, options) {
        Err(FrostError::Config(e)) => frost::language::render_error(&e),
        other => panic!("expected a config error, got {other:?}"),
    }
}

#[test]
fn target_mistakes_are_explained() {
    let exe = "def make():\n    return PythonInterpreterConfig()\n";
    let msg = config_error(
        &format!("{exe}register_target(\"exe\", make)\n"),
        &EvalOptions { target: Some("ex".into()), ..options() },
    );
    assert!(msg.contains("no target named `ex`; did you mean `exe`?"), "{msg}");
    let msg = config_error(
        &format!("{exe}register_target(\"a\", make, default = True)\nregister_target(\"b\", make, default = True)\n"),
        &options(),
    );
    assert!(msg.contains("`a` is already the default target"), "{msg}");
    let msg = config_error(
        &format!(
            "{exe}register_target(\"a\", make, depends = [\"b\"])\nregister_target(\"b\", make, depends = [\"a\"])\n"
        ),
        &options(),
    );
    assert!(msg.contains("cycle: a -> b -> a"), "{msg}");
    let msg = config_error("def nothing():\n    return None\nregister_target(\"x\", nothing)\n", &options());
    assert!(msg.contains("target `x` returned NoneType None"), "{msg}");
    assert!(msg.contains("--> test.bzl:3:1"), "points at the register_target call: {msg}");
    let msg = config_error("x = 1\n", &options());
    assert!(msg.contains("no targets are registered"), "{msg}");
    let msg = config_error("register_target(\"x\", 5)\n", &options());
    assert!(msg.contains("must be a function; got int"), "{msg}");
    let msg = config_error(
        "def m():\n    return default_python_distribution(python_version = \"2.7\")\nregister_target(\"x\", m)\n",
        &options(),
    );
    assert!(msg.contains("`python_version` cannot be \"2.7\"; it must be one of \"3.8\""), "{msg}");
    let msg = config_error("def m():\n    return default_python_distribution().to_python_executable(name = \"../x\")\nregister_target(\"x\", m)\n", &options());
    assert!(msg.contains("`name` must be a plain file name"), "{msg}");
}

#[test]
fn globals_describe_the_evaluation() {
    let src = r#"
def make():
    c = PythonInterpreterConfig()
    c.run_module = VARS["entry"]
    c.program_name = BUILD_TARGET_TRIPLE
    c.home = CWD
    c.prefix = CONFIG_PATH
    s = struct(a = 1)
    c.run_command = json.encode({"a": s.a})
    return c
register_target("c", make)
"#;
    let options = EvalOptions {
        vars: vec![("entry".into(), "app.main".into())],
        target_triple: "aarch64-apple-darwin".into(),
        ..options()
    };
    let c = eval_with(src, &options).unwrap();
    assert_eq!(c.config.run_module.as_deref(), Some("app.main"));
    assert_eq!(c.config.program_name.as_deref(), Some("aarch64-apple-darwin"));
    assert_eq!(c.target_triple, "aarch64-apple-darwin");
    assert_eq!(c.config.run_command.as_deref(), Some("{\"a\":1}"));
    let cwd = std::env::current_dir().unwrap();
    assert_eq!(c.config.home.as_deref(), Some(cwd.to_str().unwrap()));
    assert_eq!(c.config.prefix.as_deref(), Some(cwd.join("test.bzl").to_str().unwrap()));
    let msg = config_error("fail(\"stop here\")\n", &options);
    assert!(msg.contains("stop here"), "{msg}");
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn load_reads_relative_files_which_see_the_globals_and_are_frozen() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "lib/helpers.bzl", "def who():\n    return VARS.get(\"who\", \"nobody\")\n");
    write(dir.path(), "lib/common.bzl", "load(\"helpers.bzl\", \"who\")\nBASE = PythonInterpreterConfig(run_module = \"base\")\nTRIPLE = BUILD_TARGET_TRIPLE\nWHO = who()\n");
    write(
        dir.path(),
        "frost.bzl",
        "load(\"lib/common.bzl\", \"BASE\", \"TRIPLE\", \"WHO\")\ndef make():\n    c = BASE.copy()\n    c.program_name = TRIPLE + \"/\" + WHO\n    return c\nregister_target(\"c\", make)\n",
    );
    let options = EvalOptions { vars: vec![("who".into(), "me".into())], ..options() };
    let out = evaluate(&dir.path().join("frost.bzl"), &options).unwrap();
    let c = out.requested_config().unwrap();
    assert_eq!(c.config.run_module.as_deref(), Some("base"));
    assert_eq!(c.config.program_name.as_deref(), Some("x86_64-unknown-linux-gnu/me"));

    // A value from a loaded module is frozen: changing it is an error at the change.
    write(dir.path(), "bad.bzl", "load(\"lib/common.bzl\", \"BASE\")\ndef make():\n    BASE.run_module = \"x\"\n    return BASE\nregister_target(\"c\", make)\n");
    let Err(FrostError::Config(e)) = evaluate(&dir.path().join("bad.bzl"), &options) else { panic!("frozen") };
    let msg = frost::language::render_error(&e);
    assert!(
        msg.contains(
            "cannot change `run_module`: this PythonInterpreterConfig comes from a loaded module, so it is frozen"
        ),
        "{msg}"
    );
    assert!(msg.contains("bad.bzl:3:5"), "{msg}");
    write(dir.path(), "bad3.bzl", "load(\"lib/common.bzl\", \"BASE\")\nload(\"lib/list.bzl\", \"L\")\ndef make():\n    L.x_options.append(\"a\")\n    return BASE\nregister_target(\"c\", make)\n");
    write(dir.path(), "lib/list.bzl", "L = PythonInterpreterConfig(x_options = [\"dev\"])\n");
    let Err(FrostError::Config(e)) = evaluate(&dir.path().join("bad3.bzl"), &options) else { panic!("frozen list") };
    let msg = frost::language::render_error(&e);
    assert!(msg.contains("cannot change `x_options`"), "{msg}");
}

#[test]
fn load_errors_name_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("project");
    write(&sub, "a.bzl", "load(\"b.bzl\", \"B\")\nA = 1\n");
    write(&sub, "b.bzl", "load(\"a.bzl\", \"A\")\nB = 1\n");
    write(&sub, "frost.bzl", "load(\"a.bzl\", \"A\")\n");
    // The cycle is found at b.bzl's load of a.bzl; the notes show how b.bzl was reached.
    let err = evaluate(&sub.join("frost.bzl"), &options()).unwrap_err();
    assert!(matches!(err, FrostError::Loaded { .. }));
    let msg = err.to_string();
    assert!(msg.contains("load cycle:") && msg.contains("a.bzl -> ") && msg.contains("b.bzl"), "{msg}");
    assert!(msg.contains("note: loaded at") && msg.contains("frost.bzl:1:6"), "{msg}");

    write(dir.path(), "outside.bzl", "X = 1\n");
    write(&sub, "escape.bzl", "load(\"../outside.bzl\", \"X\")\n");
    let Err(FrostError::Config(e)) = evaluate(&sub.join("escape.bzl"), &options()) else { panic!("escape") };
    let msg = frost::language::render_error(&e);
    assert!(msg.contains("outside.bzl is outside") && msg.contains("--root"), "{msg}");
    // --root widens it.
    write(&sub, "escape.bzl", "load(\"../outside.bzl\", \"X\")\ndef m():\n    return PythonInterpreterConfig(hash_seed = X)\nregister_target(\"m\", m)\n");
    let options = EvalOptions { root: Some(dir.path().to_path_buf()), ..common::options() };
    assert_eq!(
        evaluate(&sub.join("escape.bzl"), &options).unwrap().requested_config().unwrap().config.hash_seed,
        Some(1)
    );

    write(&sub, "missing.bzl", "load(\"nope.bzl\", \"X\")\n");
    let Err(FrostError::Config(e)) = evaluate(&sub.join("missing.bzl"), &options) else { panic!("missing") };
    let msg = frost::language::render_error(&e);
    assert!(msg.contains("cannot load `nope.bzl`") && msg.contains("nope.bzl"), "{msg}");
}
