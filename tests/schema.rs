//! `frost schema`: the JSON Schema is valid draft 2020-12, every output of
//! `frost eval` validates against it, bad values do not, and it accepts
//! exactly what `frost export` accepts. Checked with two validators: the
//! `jsonschema` crate, and Python's `jsonschema` package for a second
//! regex engine.

mod common;

use std::process::Command;

use common::*;
use frost::formats::schema::{attribute_list, json_schema};
use frost_runtime::runtime::NON_ATTRIBUTE_KEYS;
use frost_runtime::{Kind, Names, ATTRIBUTES};
use proptest::prelude::*;
use serde_json::{json, Map, Value as Json};

fn validator() -> jsonschema::Validator {
    jsonschema::draft202012::new(&json_schema()).expect("the schema compiles")
}

/// Every output of `frost eval` over the examples.
fn example_outputs() -> Vec<(String, Json)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root().join("examples")).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.join("frost.bzl").exists() {
            continue;
        }
        let result = frost(&["eval", "frost.bzl", "--target-triple", "x86_64-unknown-linux-gnu"], &dir);
        assert!(result.status.success(), "{}: {}", dir.display(), String::from_utf8_lossy(&result.stderr));
        out.push((dir.display().to_string(), serde_json::from_slice(&result.stdout).unwrap()));
    }
    assert!(out.len() >= 5, "{} examples", out.len());
    out
}

#[test]
fn the_schema_is_draft_2020_12() {
    let schema = json_schema();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    jsonschema::meta::validate(&schema).expect("valid against the draft 2020-12 meta-schema");
}

#[test]
fn frost_schema_prints_the_schema_and_the_attribute_list() {
    let out = frost(&["schema"], &root());
    assert!(out.status.success());
    assert_eq!(serde_json::from_slice::<Json>(&out.stdout).unwrap(), json_schema());
    let out = frost(&["schema", "--attributes"], &root());
    assert!(out.status.success());
    let list: Json = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list, attribute_list());
    let names: Vec<&str> = list.as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert_eq!(names, ATTRIBUTES.iter().map(|a| a.name).collect::<Vec<_>>());
    for (entry, attr) in list.as_array().unwrap().iter().zip(ATTRIBUTES) {
        assert_eq!(entry["default"], attr.default_value().to_json());
        assert_eq!(entry["optional"], attr.optional);
        assert_eq!(entry["windows_only"], attr.windows_only);
        assert_eq!(entry["cpython_field"], json!(attr.group.cpython_field()));
        if let Kind::Enum(values) = attr.kind {
            assert_eq!(entry["values"], json!(values));
        }
        // The pattern accepts exactly what the table does.
        if let Some(pattern) = entry["pattern"].as_str() {
            let schema = json!({ "type": "string", "pattern": pattern });
            for s in ["dynamic", "none", "static:/a", "static:\n", "static:", "", "dynamic ", "Dynamic", "static"] {
                let ok = attr.check(&frost_runtime::Value::Str(s.into())).is_ok();
                assert_eq!(jsonschema::draft202012::is_valid(&schema, &json!(s)), ok, "{s:?}");
            }
        }
    }
}

#[test]
fn every_example_output_validates() {
    let validator = validator();
    for (name, output) in example_outputs() {
        let errors: Vec<String> = validator.iter_errors(&output).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
        assert_eq!(output.as_object().unwrap().len(), ATTRIBUTES.len() + NON_ATTRIBUTE_KEYS.len() + 1);
    }
}

/// Values a key must refuse: wrong types, values out of range or not in
/// the list, `null` where it is not accepted.
fn bad_values(key: &str) -> Vec<Json> {
    let mut bad = vec![json!({}), json!(1.5)];
    match ATTRIBUTES.iter().find(|a| a.name == key) {
        Some(attr) => {
            if !attr.optional {
                bad.push(Json::Null);
            }
            match attr.kind {
                Kind::Bool => bad.extend([json!("true"), json!(1), json!([])]),
                Kind::Int { min, max } => {
                    bad.extend([json!(min - 1), json!("1"), json!(true)]);
                    if max < i64::MAX {
                        bad.push(json!(max + 1));
                    }
                }
                Kind::Str => bad.extend([json!(1), json!(false), json!(["a"])]),
                Kind::Enum(values) => {
                    bad.extend([json!(format!("{}x", values[0])), json!(values[0].to_uppercase() + "_"), json!(0)])
                }
                Kind::Terminfo => {
                    bad.extend([json!("static:"), json!("dynamic\n"), json!("Dynamic"), json!("static"), json!(1)])
                }
                Kind::StrList => bad.extend([json!("a"), json!(["a", 1]), json!([null]), json!([["a"]])]),
                Kind::Location | Kind::LoadMode => unreachable!("no interpreter attribute is a {:?}", attr.kind),
            }
        }
        None => match key {
            "schema_version" => bad.extend([json!(3), json!(0), json!("1"), Json::Null]),
            "packaging" => bad.extend([
                json!(1),
                json!({ "policy": {} }),
                json!({ "policy": {}, "executable": {}, "x": 1 }),
                json!({ "policy": { "include_test": "yes" }, "executable": {} }),
                json!({ "policy": { "resources_location": "on-disk" }, "executable": {} }),
                json!({ "policy": { "resources_location_fallback": "filesystem-relative" }, "executable": {} }),
                json!({ "policy": {}, "executable": { "windows_subsystem": "gui" } }),
                json!({ "policy": {}, "executable": { "packed_resources_load_mode": "embedded:" } }),
                json!({ "policy": { "preferred_extension_module_variants": { "a": 1 } }, "executable": {} }),
                json!({ "policy": {}, "executable": {}, "actions": [{ "kind": "pip_install" }] }),
            ]),
            "executable_name" => bad.extend([
                json!(""),
                json!("."),
                json!(".."),
                json!("a/b"),
                json!("a\\b"),
                json!("a\nb"),
                json!("\u{85}"),
                json!(3),
            ]),
            "python_version" => bad.extend([json!("2.7"), json!("3.11.7"), json!(3.11), Json::Null]),
            _ => bad.extend([json!(1), Json::Null]),
        },
    }
    bad
}

fn all_keys() -> Vec<&'static str> {
    NON_ATTRIBUTE_KEYS.iter().map(|k| k.name).chain(ATTRIBUTES.iter().map(|a| a.name)).chain(["packaging"]).collect()
}

#[test]
fn bad_values_do_not_validate_and_frost_export_refuses_them_too() {
    let validator = validator();
    let (_, base) = example_outputs().remove(0);
    let mut instances = Vec::new();
    for key in all_keys() {
        for bad in bad_values(key) {
            let mut instance = base.clone();
            instance[key] = bad.clone();
            assert!(!validator.is_valid(&instance), "{key} = {bad} validates");
            let text = serde_json::to_string_pretty(&instance).unwrap();
            assert!(frost::formats::bzl::export_json(&text, "x.json").is_err(), "frost export accepts {key} = {bad}");
            instances.push((instance, false));
        }
    }
    let mut unknown = base.clone();
    unknown["sys_frozn"] = json!(true);
    assert!(!validator.is_valid(&unknown));
    instances.push((unknown, false));
    // A bare config keeps the default Python version.
    let mut bare = base.clone();
    bare["executable_name"] = Json::Null;
    assert!(!validator.is_valid(&bare), "a bare config has no packaging plan");
    instances.push((bare.clone(), false));
    bare["packaging"] = Json::Null;
    assert!(validator.is_valid(&bare));
    instances.push((bare.clone(), true));
    bare["python_version"] = json!("3.12");
    assert!(!validator.is_valid(&bare));
    instances.push((bare, false));
    instances.push((json!({}), true));
    instances.push((base, true));
    python_agrees(&instances);
}

/// A JSON document of the shape `frost export` reads, each key absent, good
/// or bad: the schema and `frost export` must agree on every one.
fn instance() -> impl Strategy<Value = Json> {
    let per_key: Vec<BoxedStrategy<Option<Json>>> = all_keys()
        .into_iter()
        .map(|key| {
            let good = good_values(key);
            let bad = bad_values(key);
            prop_oneof![
                6 => Just(None),
                3 => prop::sample::select(good).prop_map(Some),
                1 => prop::sample::select(bad).prop_map(Some),
            ]
            .boxed()
        })
        .collect();
    (per_key, prop::option::weighted(0.02, Just(json!("extra")))).prop_map(|(values, extra)| {
        let mut object = Map::new();
        for (key, value) in all_keys().into_iter().zip(values) {
            if let Some(value) = value {
                object.insert(key.to_string(), value);
            }
        }
        if let Some(extra) = extra {
            object.insert("sys_frozn".into(), extra);
        }
        Json::Object(object)
    })
}

fn good_values(key: &str) -> Vec<Json> {
    match ATTRIBUTES.iter().find(|a| a.name == key) {
        Some(attr) => {
            let mut good = vec![attr.default_value().to_json()];
            if attr.optional {
                good.push(Json::Null);
            }
            match attr.kind {
                Kind::Bool => good.extend([json!(true), json!(false)]),
                Kind::Int { min, max } => good.extend([json!(min), json!(max.min(1 << 40)), json!(min + 1)]),
                Kind::Str => match attr.names {
                    Names::Any => good.extend([json!(""), json!("a \"b\" \\ \n\t é ☃ 😀")]),
                    Names::Codec => good.extend([json!("utf-8"), json!("Latin 1")]),
                    Names::ErrorHandler => good.extend([json!("strict"), json!("surrogateescape")]),
                },
                Kind::Enum(values) => good.extend(values.iter().map(|v| json!(v))),
                Kind::Terminfo => good.extend([json!("none"), json!("static:/a:/b"), json!("static:\n")]),
                Kind::StrList => good.extend([json!([]), json!(["a", "", "é\n"])]),
                Kind::Location | Kind::LoadMode => unreachable!("no interpreter attribute is a {:?}", attr.kind),
            }
            good
        }
        None => match key {
            "schema_version" => vec![json!(1), json!(2)],
            "packaging" => vec![
                Json::Null,
                json!({ "policy": {}, "executable": {} }),
                json!({
                    "policy": {
                        "resources_location": "filesystem-relative:",
                        "resources_location_fallback": null,
                        "include_test": true,
                        "extension_module_filter": "no-copyleft",
                        "preferred_extension_module_variants": { "_ssl": "openssl" },
                    },
                    "executable": {
                        "windows_subsystem": "windows",
                        "licenses_filename": null,
                        "packed_resources_load_mode": "binary-relative-memory-mapped:res",
                    },
                    "resources": [],
                    "actions": [],
                }),
            ],
            "executable_name" => vec![json!("app"), json!("my app é"), json!(".app"), json!("a..b"), Json::Null],
            "python_version" => frost::runtime::PYTHON_VERSIONS.iter().map(|v| json!(v)).collect(),
            _ => vec![json!("exe"), json!(""), json!("x86_64-unknown-linux-gnu")],
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn the_schema_accepts_exactly_what_frost_export_accepts(instance in instance()) {
        let text = serde_json::to_string_pretty(&instance).unwrap();
        let export = frost::formats::bzl::export_json(&text, "x.json");
        let valid = validator().is_valid(&instance);
        prop_assert_eq!(valid, export.is_ok(), "{} / {:?}", text, export.err().map(|e| format!("{e:#}")));
    }
}

/// Python's `jsonschema` (a second implementation, with Python's regex
/// engine) gives the same verdicts. It is installed with pip when missing.
fn python_agrees(instances: &[(Json, bool)]) {
    let has_jsonschema =
        |_: ()| Command::new("python3").args(["-c", "import jsonschema"]).output().is_ok_and(|o| o.status.success());
    if !has_jsonschema(()) {
        let out = Command::new("python3")
            .args(["-m", "pip", "install", "--user", "--quiet", "jsonschema"])
            .output()
            .expect("python3 runs");
        assert!(out.status.success(), "pip install jsonschema: {}", String::from_utf8_lossy(&out.stderr));
        assert!(has_jsonschema(()), "jsonschema imports after pip install");
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input.json");
    let documents: Vec<&Json> = instances.iter().map(|(i, _)| i).collect();
    std::fs::write(&input, serde_json::to_string(&json!({ "schema": json_schema(), "instances": documents })).unwrap())
        .unwrap();
    let script = "import json, sys, jsonschema\n\
        data = json.load(open(sys.argv[1]))\n\
        jsonschema.Draft202012Validator.check_schema(data['schema'])\n\
        v = jsonschema.Draft202012Validator(data['schema'])\n\
        print(json.dumps([v.is_valid(i) for i in data['instances']]))\n";
    let out = Command::new("python3").args(["-c", script]).arg(&input).output().expect("python3 runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let verdicts: Vec<bool> = serde_json::from_slice(&out.stdout).unwrap();
    for ((instance, expected), verdict) in instances.iter().zip(verdicts) {
        assert_eq!(verdict, *expected, "python jsonschema on {instance}");
    }
}

#[test]
fn python_jsonschema_agrees_on_the_examples() {
    let instances: Vec<(Json, bool)> = example_outputs().into_iter().map(|(_, o)| (o, true)).collect();
    python_agrees(&instances);
}
