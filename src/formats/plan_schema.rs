//! The JSON Schema of the `packaging` key: the packaging plan, from its
//! tables (policy, executable attributes, `add_*` flags) and its
//! resource and action shapes.

use frost_runtime::{Attr, ADD_ATTRIBUTES, EXECUTABLE_ATTRIBUTES, POLICY_ATTRIBUTES};
use serde_json::{json, Map, Value as Json};

use super::schema::attribute_schema;

/// An object whose properties are a table's rows; no key is required.
fn table_schema(table: &[Attr], extra: Option<(&str, Json)>) -> Json {
    let mut properties: Map<String, Json> = table.iter().map(|a| (a.name.to_string(), attribute_schema(a))).collect();
    if let Some((k, v)) = extra {
        properties.insert(k.into(), v);
    }
    json!({ "type": "object", "properties": properties, "additionalProperties": false })
}

fn string_list() -> Json {
    json!({ "type": "array", "items": { "type": "string" } })
}

fn string_map() -> Json {
    json!({ "type": "object", "additionalProperties": { "type": "string" } })
}

fn call_site() -> Json {
    json!({
        "anyOf": [
            { "type": "null" },
            {
                "type": "object",
                "properties": {
                    "file": { "type": "string" },
                    "line": { "type": "integer", "minimum": 0 },
                    "column": { "type": "integer", "minimum": 0 },
                },
                "required": ["file", "line", "column"],
                "additionalProperties": false,
            },
        ],
    })
}

/// One action shape: its `kind`, its own arguments (all required) and the
/// keys every action has.
fn action(kind: &str, args: &[(&str, Json)]) -> Json {
    let mut properties = Map::new();
    properties.insert("kind".into(), json!({ "const": kind }));
    for (k, v) in args {
        properties.insert(k.to_string(), v.clone());
    }
    properties.insert("call_site".into(), call_site());
    properties.insert("policy".into(), table_schema(POLICY_ATTRIBUTES, None));
    properties.insert("resource_callbacks".into(), json!({ "type": "integer", "minimum": 0 }));
    let mut required: Vec<&str> = vec!["kind", "policy", "resource_callbacks"];
    required.extend(args.iter().map(|(k, _)| *k));
    json!({ "type": "object", "properties": properties, "required": required, "additionalProperties": false })
}

/// The schema of `packaging`: `null` or a plan.
pub fn packaging_schema() -> Json {
    let resource = json!({
        "type": "object",
        "properties": {
            "type": { "enum": ["PythonModuleSource", "PythonPackageResource", "PythonPackageDistributionResource", "PythonExtensionModule", "File"] },
            "name": { "type": "string" },
            "package": { "type": ["string", "null"] },
            "is_package": { "type": "boolean" },
            "is_stdlib": { "type": "boolean" },
            "source_path": { "type": ["string", "null"] },
            "source": { "type": ["string", "null"] },
            "is_executable": { "type": "boolean" },
            "add": table_schema(ADD_ATTRIBUTES, None),
            "added_at": call_site(),
        },
        "required": ["type", "name", "add"],
        "additionalProperties": false,
    });
    let actions = json!({
        "type": "array",
        "items": { "oneOf": [
            action("pip_install", &[("args", string_list()), ("extra_envs", string_map())]),
            action("pip_download", &[("args", string_list())]),
            action("setup_py_install", &[
                ("package_path", json!({ "type": "string" })),
                ("extra_envs", string_map()),
                ("extra_global_arguments", string_list()),
            ]),
            action("read_virtualenv", &[("path", json!({ "type": "string" }))]),
            action("add_cargo_manifest_licensing", &[
                ("manifest_path", json!({ "type": "string" })),
                ("all_features", json!({ "type": "boolean" })),
                ("features", string_list()),
            ]),
            action("filter_resources_from_files", &[("files", string_list()), ("glob_files", string_list())]),
        ]},
    });
    json!({
        "description": "The executable's packaging plan (null for a bare `PythonInterpreterConfig`): the policy \
                        as `to_python_executable` saw it, the executable's own attributes, the resources added \
                        with their `add_*` decisions, and the actions recorded for `frost build` (pip and \
                        friends never run at evaluation).",
        "default": null,
        "anyOf": [
            { "type": "null" },
            {
                "type": "object",
                "properties": {
                    "policy": table_schema(POLICY_ATTRIBUTES, Some(("preferred_extension_module_variants", string_map()))),
                    "executable": table_schema(EXECUTABLE_ATTRIBUTES, None),
                    "resources": { "type": "array", "items": resource },
                    "actions": actions,
                },
                "required": ["policy", "executable"],
                "additionalProperties": false,
            },
        ],
    })
}
