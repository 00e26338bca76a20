//! `frost schema`: a JSON Schema of the runtime struct, and the
//! machine-readable attribute list, both from the attribute table.
//!
//! Neither keeps a list of its own: every attribute, its type, accepted
//! values, default and description come from [`ATTRIBUTES`], the table that
//! also checks assignments in the config language and drives the book's
//! attribute reference ([`crate::docs`]).

use frost_runtime::runtime::{extra_key_schemas, PACKAGING_KEY};
use frost_runtime::{Attr, Group, Kind, ATTRIBUTES, SCHEMA_VERSION};
use serde_json::{json, Value as Json};

use frost_runtime::DEFAULT_PYTHON_VERSION;

/// The `$schema` of [`json_schema`].
pub const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The `$id` of [`json_schema`]: names the version of the JSON form.
pub fn schema_id() -> String {
    format!("urn:frost:runtime-config:v{SCHEMA_VERSION}")
}

/// The JSON Schema (draft 2020-12) of `frost eval`'s output.
///
/// Every attribute is a property with its type (a `null` alternative when it
/// is optional), its accepted values (`enum`; `minimum`/`maximum` for ints;
/// a `pattern` for `terminfo_resolution`), its default and its description.
/// No key is required (a missing key takes its default, as `frost export`
/// reads it) and no other key is allowed. A config without an
/// `executable_name` must have the default `python_version`, as `frost eval`
/// gives it. A document the schema accepts is one `frost export` accepts.
pub fn json_schema() -> Json {
    let mut properties = extra_key_schemas();
    for attr in ATTRIBUTES {
        properties.insert(attr.name.to_string(), attribute_schema(attr));
    }
    properties.insert(PACKAGING_KEY.to_string(), super::plan_schema::packaging_schema());
    json!({
        "$schema": DRAFT,
        "$id": schema_id(),
        "title": "frost runtime config",
        "description": format!(
            "The lowered runtime struct of a frost config, as `frost eval` prints it (schema version {SCHEMA_VERSION}). \
             A missing key takes its default."
        ),
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
        "allOf": [
            // A target that returns a bare PythonInterpreterConfig has no
            // distribution of its own: its Python version is the default,
            // and it has no packaging plan.
            {
                "if": { "properties": { "executable_name": { "type": "null" } } },
                "then": { "properties": {
                    "python_version": { "const": DEFAULT_PYTHON_VERSION },
                    "packaging": { "type": "null" },
                } },
            },
            // A version 1 document has no packaging plan.
            {
                "if": { "properties": { "schema_version": { "const": 1 } }, "required": ["schema_version"] },
                "then": { "not": { "required": [PACKAGING_KEY] } },
            },
        ],
    })
}

/// The schema of one attribute.
pub fn attribute_schema(attr: &Attr) -> Json {
    let types = |base: &str| -> Json {
        if attr.optional {
            json!([base, "null"])
        } else {
            json!(base)
        }
    };
    let mut schema = match attr.kind {
        Kind::Bool => json!({ "type": types("boolean") }),
        Kind::Int { min, max } => {
            let mut s = json!({ "type": types("integer"), "minimum": min });
            if max != i64::MAX {
                s["maximum"] = max.into();
            }
            s
        }
        Kind::Str => json!({ "type": types("string") }),
        Kind::Enum(values) => {
            let mut values: Vec<Json> = values.iter().map(|v| Json::from(*v)).collect();
            if attr.optional {
                values.push(Json::Null);
            }
            json!({ "type": types("string"), "enum": values })
        }
        Kind::Terminfo => {
            // `^static:` plus a minimum length rather than one anchored
            // pattern: `$` would also match before a final newline in some
            // validators' regex engines.
            let mut alternatives =
                vec![json!({ "enum": ["dynamic", "none"] }), json!({ "pattern": "^static:", "minLength": 8 })];
            if attr.optional {
                alternatives.push(json!({ "type": "null" }));
            }
            json!({ "type": types("string"), "anyOf": alternatives })
        }
        Kind::StrList => json!({ "type": types("array"), "items": { "type": "string" } }),
        Kind::Location | Kind::LoadMode => {
            let mut alternatives = match attr.kind {
                Kind::Location => vec![json!({ "const": "in-memory" }), json!({ "pattern": LOCATION_PATTERN })],
                _ => vec![json!({ "const": "none" }), json!({ "pattern": LOAD_MODE_PATTERN })],
            };
            if attr.optional {
                alternatives.push(json!({ "type": "null" }));
            }
            json!({ "type": types("string"), "anyOf": alternatives })
        }
    };
    schema["default"] = attr.default_value().to_json();
    schema["description"] = description(attr).into();
    schema
}

/// An attribute's doc as one Markdown paragraph per paragraph of the table.
pub fn description(attr: &Attr) -> String {
    let mut text = doc_paragraphs(attr.doc).join("\n\n");
    if let Some(since) = attr.since {
        text.push_str(&format!(" CPython {since} and later only: refused for an older distribution."));
    }
    text
}

/// The paragraphs of a doc comment, each unwrapped onto one line.
pub(crate) fn doc_paragraphs(doc: &str) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in doc.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        paragraphs.push(current.join(" "));
    }
    paragraphs
}

/// The `kind` of an attribute in the attribute list.
pub fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Bool => "bool",
        Kind::Int { .. } => "int",
        Kind::Str => "str",
        Kind::Enum(_) => "enum",
        Kind::Terminfo => "terminfo",
        Kind::StrList => "str_list",
        Kind::Location => "location",
        Kind::LoadMode => "load_mode",
    }
}

/// The `group` of an attribute in the attribute list.
pub fn group_name(group: Group) -> &'static str {
    match group {
        Group::Launcher => "launcher",
        Group::PreConfig(_) => "pre_config",
        Group::Config(_) => "config",
        Group::Packaging => "packaging",
    }
}

/// Every attribute with its type, accepted values, default and doc, in
/// table order: a JSON array of objects with the keys
///
/// - `name`: the attribute's name, in `.bzl` files and JSON;
/// - `type`: `bool`, `int`, `str` or `list[str]`;
/// - `kind`: `bool`, `int`, `str`, `enum`, `terminfo` or `str_list`;
/// - `optional`: whether `None` (`null`) is accepted;
/// - `values`: the accepted strings of an `enum`, else `null`;
/// - `min`, `max`: the range of an `int` (`max` is `null` when unbounded), else `null`;
/// - `pattern`: for `terminfo`, the regular expression of accepted strings, else `null`;
/// - `expected`: what is accepted, in words, as error messages say it;
/// - `default`: the value `dist.make_python_interpreter_config()` starts with;
/// - `group`: `launcher`, `pre_config` (`PyPreConfig`) or `config` (`PyConfig`);
/// - `cpython_field`: CPython's name for the field, `null` for launcher attributes;
/// - `windows_only`: whether it only means something on Windows;
/// - `since`: the CPython `major.minor` it first exists in, `null` when every version has it;
/// - `doc`: the description, in Markdown.
pub fn attribute_list() -> Json {
    ATTRIBUTES
        .iter()
        .map(|attr| {
            let (min, max) = match attr.kind {
                Kind::Int { min, max } => (json!(min), if max == i64::MAX { Json::Null } else { json!(max) }),
                _ => (Json::Null, Json::Null),
            };
            json!({
                "name": attr.name,
                "type": attr.type_name(),
                "kind": kind_name(attr.kind),
                "optional": attr.optional,
                "values": match attr.kind { Kind::Enum(values) => json!(values), _ => Json::Null },
                "min": min,
                "max": max,
                "pattern": match attr.kind { Kind::Terminfo => json!(TERMINFO_PATTERN), _ => Json::Null },
                "expected": attr.expected(),
                "default": attr.default_value().to_json(),
                "group": group_name(attr.group),
                "cpython_field": attr.group.cpython_field(),
                "windows_only": attr.windows_only,
                "since": attr.since,
                "doc": description(attr),
            })
        })
        .collect()
}

/// The `filesystem-relative:PREFIX` locations (any prefix without NUL).
pub const LOCATION_PATTERN: &str = r"^filesystem-relative:[^\x00]*$";

/// The `embedded:` and `binary-relative-memory-mapped:` load modes (a
/// non-empty file name without `/`, `\` or NUL).
pub const LOAD_MODE_PATTERN: &str = r"^(embedded|binary-relative-memory-mapped):[^/\\\x00]+$";

/// The strings a `terminfo` attribute accepts, as one regular expression
/// (the whole string must match; `.` here must also match a newline).
pub const TERMINFO_PATTERN: &str = r"^(dynamic|none|static:[\s\S]+)$";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_attribute_and_extra_key_is_a_property() {
        let schema = json_schema();
        let properties = schema["properties"].as_object().unwrap();
        assert_eq!(properties.len(), ATTRIBUTES.len() + frost_runtime::runtime::NON_ATTRIBUTE_KEYS.len() + 1);
        for attr in ATTRIBUTES {
            let p = &properties[attr.name];
            assert_eq!(p["default"], attr.default_value().to_json(), "{}", attr.name);
            assert!(!p["description"].as_str().unwrap().is_empty(), "{}", attr.name);
            assert!(!p["description"].as_str().unwrap().contains("\n"), "{}", attr.name);
        }
        assert_eq!(schema["additionalProperties"], false);
        assert_eq!(properties["optimization_level"]["maximum"], 2);
        assert_eq!(properties["optimization_level"]["type"], json!(["integer", "null"]));
        assert_eq!(properties["sys_frozen"]["type"], "boolean");
        assert_eq!(properties["multiprocessing_start_method"]["enum"][4], "spawn");
        assert_eq!(properties["bytes_warning"]["enum"].as_array().unwrap().last(), Some(&Json::Null));
    }

    #[test]
    fn the_attribute_list_follows_the_table() {
        let list = attribute_list();
        let list = list.as_array().unwrap();
        assert_eq!(list.len(), ATTRIBUTES.len());
        let fault = list.iter().find(|a| a["name"] == "fault_handler").unwrap();
        assert_eq!(fault["cpython_field"], "faulthandler");
        assert_eq!(fault["group"], "config");
        assert_eq!(fault["default"], Json::Null);
        let seed = list.iter().find(|a| a["name"] == "hash_seed").unwrap();
        assert_eq!((seed["min"].clone(), seed["max"].clone()), (json!(0), json!(u32::MAX)));
        assert!(list.iter().any(|a| a["windows_only"] == true));
    }
}
