//! Every attribute of the table, through the config language: a valid value
//! reaches the JSON, and a wrong type or a bad value is refused at the
//! assignment with the attribute, the value and what is accepted.

mod common;

use common::*;
use frost_runtime::{Kind, Names, Value, ATTRIBUTES};

/// A valid value that differs from the default, as Starlark and as JSON.
fn valid(attr: &frost_runtime::Attr) -> (String, serde_json::Value) {
    let default = attr.default_value();
    let value = match attr.kind {
        Kind::Bool => Value::Bool(default != Value::Bool(true)),
        Kind::Int { max, .. } => Value::Int(max.min(4_000_000_000)),
        Kind::Str => Value::Str(
            match attr.names {
                Names::Any => "x \"é\" \\ \t y",
                Names::Codec => "Latin-1",
                Names::ErrorHandler => "backslashreplace",
            }
            .into(),
        ),
        Kind::Enum(values) => {
            Value::Str(values.iter().rev().find(|v| default != Value::Str(v.to_string())).unwrap().to_string())
        }
        Kind::Terminfo => Value::Str("static:/usr/share/terminfo".into()),
        Kind::Location => Value::Str("filesystem-relative:lib".into()),
        Kind::LoadMode => Value::Str("none".into()),
        Kind::StrList => Value::List(vec!["a".into(), "☃".into()]),
    };
    (value.to_starlark(), value.to_json())
}

/// A value of the wrong type.
fn wrong_type(attr: &frost_runtime::Attr) -> &'static str {
    match attr.kind {
        Kind::Bool => "\"yes\"",
        Kind::Int { .. } => "\"1\"",
        Kind::Str | Kind::Enum(_) | Kind::Terminfo | Kind::Location | Kind::LoadMode => "1",
        Kind::StrList => "\"a\"",
    }
}

/// Values of the right type that are still refused.
fn bad_values(attr: &frost_runtime::Attr) -> Vec<String> {
    let mut out = Vec::new();
    match attr.kind {
        Kind::Int { min, max } => {
            out.push((min - 1).to_string());
            out.push((max + 1).to_string());
        }
        Kind::Enum(_) => out.push("\"bogus\"".into()),
        Kind::Terminfo => {
            out.push("\"static:\"".into());
            out.push("\"sometimes\"".into());
        }
        Kind::StrList => out.push("[\"a\", 1]".into()),
        Kind::Location => out.push("\"on-disk\"".into()),
        Kind::LoadMode => out.push("\"embedded\"".into()),
        Kind::Bool | Kind::Str => {}
    }
    if !attr.optional {
        out.push("None".into());
    }
    out
}

/// [`with_body`] with a distribution of CPython `version`.
fn with_body_for(version: &str, body: &str) -> String {
    with_body(body).replace(
        "default_python_distribution()",
        &format!("default_python_distribution(python_version = \"{version}\")"),
    )
}

#[test]
fn every_attribute_round_trips_a_valid_value_to_json() {
    for attr in ATTRIBUTES {
        let (starlark, json) = valid(attr);
        let version = attr.since.unwrap_or("3.11");
        let config = eval(&with_body_for(version, &format!("config.{} = {starlark}", attr.name))).unwrap();
        let out: serde_json::Value = serde_json::from_str(&config.to_json_pretty()).unwrap();
        assert_eq!(out[attr.name], json, "{}", attr.name);

        // The constructor's keyword arguments go through the same check.
        let src = format!(
            "def make():\n    return PythonInterpreterConfig({} = {starlark})\n\nregister_target(\"c\", make, default = True)\n",
            attr.name
        );
        // A bare config is for the default CPython (3.11).
        if frost_runtime::config::too_new(attr, frost_runtime::DEFAULT_PYTHON_VERSION).is_some() {
            let (message, ..) = error_at(&src);
            assert!(message.contains(&format!("`{}` needs CPython {version}", attr.name)), "{message}");
            continue;
        }
        let config = eval(&src).unwrap();
        let out: serde_json::Value = serde_json::from_str(&config.to_json_pretty()).unwrap();
        assert_eq!(out[attr.name], json, "constructor {}", attr.name);
    }
}

/// A `PyConfig` field of a newer CPython, set on a config whose
/// distribution is older: refused at the assignment, naming the attribute,
/// the version it needs and the distribution's; accepted from that version on.
#[test]
fn attributes_of_newer_cpythons_are_refused_for_older_distributions() {
    for attr in ATTRIBUTES.iter().filter(|a| a.since.is_some()) {
        let since = attr.since.unwrap();
        let (value, _) = valid(attr);
        let older = frost_runtime::PYTHON_VERSIONS
            .iter()
            .rev()
            .find(|v| frost_runtime::config::version_key(v) < frost_runtime::config::version_key(since))
            .unwrap();
        let (message, line, column) = error_at(&with_body_for(older, &format!("config.{} = {value}", attr.name)));
        assert_eq!((line, column), (4, 5), "{message}");
        assert!(
            message.contains(&format!(
                "`{}` needs CPython {since} or later (PyConfig has no `{}` before it), but the distribution is CPython {older}",
                attr.name,
                attr.group.cpython_field().unwrap()
            )),
            "{message}"
        );
        // None (the default) is no change and is accepted; the version itself and later ones accept it.
        eval(&with_body_for(older, &format!("config.{} = None", attr.name))).unwrap();
        for v in frost_runtime::PYTHON_VERSIONS
            .iter()
            .filter(|v| frost_runtime::config::version_key(v) >= frost_runtime::config::version_key(since))
        {
            eval(&with_body_for(v, &format!("config.{} = {value}", attr.name))).unwrap_or_else(|e| panic!("{v}: {e}"));
        }
    }
    // A config made without a distribution is checked when an executable of an older one takes it.
    let src = "def make():\n    dist = default_python_distribution(python_version = \"3.10\")\n    config = PythonInterpreterConfig(safe_path = True)\n    return dist.to_python_executable(name = \"a\", config = config)\n\nregister_target(\"a\", make, default = True)\n";
    let (message, line, column) = error_at(src);
    assert!(
        message.contains("`safe_path` needs CPython 3.11 or later") && message.contains("CPython 3.10"),
        "{message}"
    );
    assert_eq!((line, column), (4, 12));
    // ... and so is one changed after the executable was made.
    let src = "def make():\n    dist = default_python_distribution(python_version = \"3.9\")\n    config = PythonInterpreterConfig()\n    exe = dist.to_python_executable(name = \"a\", config = config)\n    config.safe_path = True\n    return exe\n\nregister_target(\"a\", make, default = True)\n";
    let (message, ..) = error_at(src);
    assert!(message.contains("`safe_path` needs CPython 3.11 or later"), "{message}");
}

#[test]
fn every_attribute_refuses_a_wrong_type_at_the_assignment() {
    for attr in ATTRIBUTES {
        let bad = wrong_type(attr);
        let (message, line, column) = error_at(&with_body(&format!("config.{} = {bad}", attr.name)));
        assert_eq!((line, column), (4, 5), "{}: {message}", attr.name);
        assert!(message.contains(&format!("`{}` must be {}", attr.name, attr.expected())), "{}: {message}", attr.name);
        assert!(message.contains(bad), "names the bad value: {message}");
        assert!(message.contains("--> test.bzl:4:5"), "{message}");
    }
}

#[test]
fn every_attribute_refuses_bad_values_at_the_assignment() {
    let mut checked = 0;
    for attr in ATTRIBUTES {
        for bad in bad_values(attr) {
            let (message, line, column) = error_at(&with_body(&format!("x = 1\nconfig.{} = {bad}", attr.name)));
            assert_eq!((line, column), (5, 5), "{}: {message}", attr.name);
            assert!(message.contains(&format!("`{}`", attr.name)), "{message}");
            assert!(message.contains(&attr.expected()), "says what is accepted: {message}");
            checked += 1;
        }
    }
    assert!(checked > 20, "{checked}");
}

#[test]
fn the_constructor_refuses_bad_keywords_at_the_call() {
    let src = "def make():\n    return PythonInterpreterConfig(\n        sys_frozen = 1,\n    )\n\nregister_target(\"c\", make, default = True)\n";
    let (message, line, column) = error_at(src);
    assert_eq!((line, column), (2, 12), "{message}");
    assert!(message.contains("`sys_frozen` must be a bool (True or False); got int 1"), "{message}");
    let (message, ..) = error_at(
        "def make():\n    return PythonInterpreterConfig(profile = \"pyhton\")\nregister_target(\"c\", make)\n",
    );
    assert!(
        message.contains("`config_profile` cannot be \"pyhton\"; it must be one of \"isolated\" or \"python\""),
        "{message}"
    );
    let (message, ..) =
        error_at("def make():\n    return PythonInterpreterConfig(sys_frozn = True)\nregister_target(\"c\", make)\n");
    assert!(message.contains("did you mean `sys_frozen`?"), "{message}");
    let config = eval("def make():\n    return PythonInterpreterConfig(profile = \"python\", run_module = \"m\")\nregister_target(\"c\", make)\n").unwrap();
    assert_eq!(config.config.config_profile, frost_runtime::ConfigProfile::Python);
    assert_eq!(config.config.run_module.as_deref(), Some("m"));
}

#[test]
fn unknown_attributes_suggest_the_closest_name() {
    let (message, line, column) = error_at(&with_body("config.multiprocesing_start_method = \"spawn\""));
    assert_eq!((line, column), (4, 5));
    assert!(message.contains("PythonInterpreterConfig has no attribute `multiprocesing_start_method`; did you mean `multiprocessing_start_method`?"), "{message}");
}

#[test]
fn defaults_match_pyoxidizer_for_the_multiprocessing_and_sys_attributes() {
    let config = eval(&with_body("")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&config.to_json_pretty()).unwrap();
    for (key, value) in [
        ("sys_frozen", serde_json::json!(true)),
        ("multiprocessing_auto_dispatch", serde_json::json!(true)),
        ("multiprocessing_start_method", serde_json::json!("auto")),
        ("sys_meipass", serde_json::json!(false)),
        ("config_profile", serde_json::json!("isolated")),
        ("configure_locale", serde_json::json!(true)),
        ("terminfo_resolution", serde_json::json!("dynamic")),
        ("oxidized_importer", serde_json::json!(true)),
        ("filesystem_importer", serde_json::json!(true)),
        ("allocator_backend", serde_json::json!("default")),
        ("run_module", serde_json::Value::Null),
        ("module_search_paths", serde_json::Value::Null),
        ("optimization_level", serde_json::Value::Null),
    ] {
        assert_eq!(json[key], value, "{key}");
    }
    // Every attribute is present.
    for attr in ATTRIBUTES {
        assert!(json.get(attr.name).is_some(), "{}", attr.name);
    }
}

#[test]
fn reading_attributes_gives_back_what_was_set() {
    let src = with_body(
        "config.run_module = \"m\"\nconfig.optimization_level = 2\nif config.run_module != \"m\" or config.optimization_level != 2 or config.sys_frozen != True or config.home != None:\n    fail(\"read back\")\nif \"sys_frozen\" not in dir(config) or len(dir(config)) < 70:\n    fail(\"dir\")",
    );
    eval(&src).unwrap();
}
