//! The lowered, versioned runtime struct and its JSON form.
//!
//! The JSON form is one flat object: a few keys describing the executable,
//! then all 75 attributes, every one present, `null` where unset, then
//! `packaging`: the executable's packaging plan ([`PackagingPlan`]), or
//! `null` for a bare `PythonInterpreterConfig`.
//!
//! Version 2 added `packaging`. A version 1 document (which has no
//! `packaging` key) is still read, with no plan.

use serde::ser::SerializeMap;
use serde::Deserialize;

use crate::attr::{closest, json_type_name, AttrError, Value};
use crate::config::{attr, InterpreterConfig, ATTRIBUTES};
pub use crate::json_error::JsonError;
pub use crate::keys::{extra_key, extra_key_schemas, ExtraKey, NON_ATTRIBUTE_KEYS};
use crate::plan::PackagingPlan;

/// The target name a JSON document without a `target` key gets (and the
/// one `frost export` and the Rust API write by default).
pub const DEFAULT_TARGET: &str = "exe";

/// The CPython `major.minor` a config describes unless it says otherwise.
pub const DEFAULT_PYTHON_VERSION: &str = "3.11";

/// The CPython `major.minor` versions a config may name.
pub const PYTHON_VERSIONS: &[&str] = &["3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14"];

/// The version of the JSON form. Bumped whenever a key changes meaning.
pub const SCHEMA_VERSION: u32 = 2;

/// The versions of the JSON form this frost reads: version 1 (before
/// `packaging`) and the current one.
pub const READABLE_SCHEMA_VERSIONS: &[u32] = &[1, 2];

/// The key of the packaging plan in the JSON form: written last.
pub const PACKAGING_KEY: &str = "packaging";

/// What `frost eval` prints and what the launcher reads at start-up.
#[derive(Clone, Debug, PartialEq)]
pub struct RuntimeConfig {
    /// The name given to `to_python_executable`, or `None` when the target
    /// returned a bare `PythonInterpreterConfig`.
    pub executable_name: Option<String>,
    /// The target that produced this config.
    pub target: String,
    /// The triple the config was evaluated for (`BUILD_TARGET_TRIPLE`).
    pub target_triple: String,
    /// The `major.minor` version of the CPython the distribution describes.
    pub python_version: String,
    /// The interpreter attributes.
    pub config: InterpreterConfig,
    /// What the executable packages besides its interpreter config; `None`
    /// for a bare `PythonInterpreterConfig` target (and a version 1 document).
    pub packaging: Option<PackagingPlan>,
}

impl RuntimeConfig {
    /// A config with every attribute at its default.
    pub fn new(target: impl Into<String>, target_triple: impl Into<String>, python_version: impl Into<String>) -> Self {
        RuntimeConfig {
            executable_name: None,
            target: target.into(),
            target_triple: target_triple.into(),
            python_version: python_version.into(),
            config: InterpreterConfig::default(),
            packaging: None,
        }
    }

    /// The JSON form, pretty-printed, with a trailing newline.
    pub fn to_json_pretty(&self) -> String {
        let mut out = serde_json::to_string_pretty(self).expect("a RuntimeConfig always serializes");
        out.push('\n');
        out
    }

    /// Reads the JSON form. Missing keys take their defaults; an unknown key,
    /// a bad value or another schema version is an error.
    pub fn from_json_str(text: &str) -> Result<Self, JsonError> {
        let syntax = |e: serde_json::Error| JsonError::Syntax {
            line: e.line(),
            column: e.column(),
            message: strip_position(&e.to_string()),
        };
        let value: serde_json::Value = serde_json::from_str(text).map_err(syntax)?;
        // serde_json keeps the last of a repeated key; a config must not
        // silently lose a value.
        crate::json_dups::check(text).map_err(syntax)?;
        Self::from_json_value(&value)
    }

    /// Reads an already-parsed JSON value; see [`RuntimeConfig::from_json_str`].
    pub fn from_json_value(value: &serde_json::Value) -> Result<Self, JsonError> {
        let object = value.as_object().ok_or(JsonError::NotAnObject)?;
        let mut out = RuntimeConfig::default();
        // First: a document of another version is refused as such, whatever else it holds.
        if let (Some(key), Some(v)) = (extra_key("schema_version"), object.get("schema_version")) {
            key.read(&mut out, v)?;
        }
        let version = object.get("schema_version").and_then(serde_json::Value::as_u64).unwrap_or(SCHEMA_VERSION.into());
        for (name, v) in object {
            if let Some(key) = extra_key(name) {
                key.read(&mut out, v)?;
                continue;
            }
            if name == PACKAGING_KEY {
                if version < 2 {
                    return Err(JsonError::BadKey {
                        key: name.clone(),
                        got: crate::attr::truncate(&v.to_string(), 80),
                        expected: "absent in a version 1 document (`packaging` is new in version 2)".into(),
                    });
                }
                out.packaging = read_packaging(v)?;
                continue;
            }
            let spec = attr(name).map_err(|_| JsonError::UnknownKey {
                key: name.to_string(),
                suggestion: closest(
                    name,
                    ATTRIBUTES
                        .iter()
                        .map(|a| a.name)
                        .chain(NON_ATTRIBUTE_KEYS.iter().map(|k| k.name))
                        .chain([PACKAGING_KEY]),
                ),
            })?;
            let value = json_to_value(v)
                .ok_or_else(|| {
                    let mut e = AttrError::unrepresentable(spec, v.to_string(), json_type_name(v));
                    // A whole number too large for any int attribute is out
                    // of range, not of the wrong type.
                    if let (AttrError::Invalid { problem, .. }, true) =
                        (&mut e, v.is_u64() && matches!(spec.kind, crate::attr::Kind::Int { .. }))
                    {
                        *problem = crate::attr::Problem::OutOfRange;
                    }
                    e.with_json_value(v)
                })
                .map_err(JsonError::Attr)?;
            out.config.set(name, value).map_err(|e| JsonError::Attr(e.with_json_value(v)))?;
        }
        if let Some(e) = out.config.too_new_for(&out.python_version) {
            return Err(JsonError::Attr(e));
        }
        Ok(out)
    }
}

/// What a JSON document with no keys reads as: every key of
/// [`NON_ATTRIBUTE_KEYS`] at its default, every attribute at its default.
impl Default for RuntimeConfig {
    fn default() -> Self {
        let mut out = RuntimeConfig::new("", "", "");
        for key in NON_ATTRIBUTE_KEYS {
            key.read(&mut out, &key.default_value()).expect("every key's default is accepted");
        }
        out
    }
}

/// The plan of the `packaging` key: `null` or a plan object.
fn read_packaging(v: &serde_json::Value) -> Result<Option<PackagingPlan>, JsonError> {
    if v.is_null() {
        return Ok(None);
    }
    PackagingPlan::deserialize(v).map(Some).map_err(|e| JsonError::Packaging { message: e.to_string() })
}

/// The table value of a JSON value, if it has one of the table's shapes.
pub fn json_to_value(v: &serde_json::Value) -> Option<Value> {
    Some(match v {
        serde_json::Value::Null => Value::None,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => Value::Int(n.as_i64()?),
        serde_json::Value::String(s) => Value::Str(s.clone()),
        serde_json::Value::Array(items) => {
            Value::List(items.iter().map(|i| i.as_str().map(str::to_string)).collect::<Option<_>>()?)
        }
        serde_json::Value::Object(_) => return None,
    })
}

/// serde_json appends " at line L column C"; we report those separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

impl serde::Serialize for RuntimeConfig {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(NON_ATTRIBUTE_KEYS.len() + ATTRIBUTES.len() + 1))?;
        for key in NON_ATTRIBUTE_KEYS {
            map.serialize_entry(key.name, &key.value(self))?;
        }
        for a in ATTRIBUTES {
            let value = self.config.get(a.name).expect("every table row is a field");
            map.serialize_entry(a.name, &value.to_json())?;
        }
        map.serialize_entry(PACKAGING_KEY, &self.packaging)?;
        map.end()
    }
}

impl<'de> serde::Deserialize<'de> for RuntimeConfig {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        RuntimeConfig::from_json_value(&value).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_has_every_attribute_and_reads_back() {
        let mut c = RuntimeConfig::new("exe", "x86_64-unknown-linux-gnu", "3.11");
        c.executable_name = Some("app".into());
        c.config.set("module_search_paths", Value::List(vec!["$ORIGIN/lib".into(), "é \"q\"".into()])).unwrap();
        let text = c.to_json_pretty();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let obj = v.as_object().unwrap();
        assert_eq!(obj.len(), ATTRIBUTES.len() + NON_ATTRIBUTE_KEYS.len() + 1);
        assert_eq!(obj["run_module"], serde_json::Value::Null);
        assert_eq!(obj["multiprocessing_start_method"], "auto");
        assert_eq!(obj["schema_version"], 2);
        assert_eq!(obj["packaging"], serde_json::Value::Null);
        assert_eq!(RuntimeConfig::from_json_str(&text).unwrap(), c);
    }

    #[test]
    fn the_json_form_starts_with_the_non_attribute_keys_in_table_order() {
        let mut c = RuntimeConfig::new("exe", "x86_64-unknown-linux-gnu", "3.11");
        c.executable_name = Some("hello".into());
        let text = c.to_json_pretty();
        let head = "{\n  \"schema_version\": 2,\n  \"executable_name\": \"hello\",\n  \"target\": \"exe\",\n  \"target_triple\": \"x86_64-unknown-linux-gnu\",\n  \"python_version\": \"3.11\",\n  \"allocator_backend\": \"default\",\n";
        assert!(text.starts_with(head), "{text}");
        assert!(text.ends_with("  \"cpu_count\": null,\n  \"packaging\": null\n}\n"), "{text}");
        c.executable_name = None;
        assert!(c.to_json_pretty().contains("\n  \"executable_name\": null,\n"));
    }

    #[test]
    fn version_1_documents_read_as_executables_without_a_plan() {
        let v1 =
            RuntimeConfig::from_json_str(r#"{"schema_version": 1, "executable_name": "app", "run_module": "app"}"#)
                .unwrap();
        assert_eq!(v1.packaging, None);
        assert_eq!(v1.executable_name.as_deref(), Some("app"));
        assert_eq!(v1.config.run_module.as_deref(), Some("app"));
        let err = RuntimeConfig::from_json_str(r#"{"schema_version": 1, "packaging": {}}"#).unwrap_err();
        assert!(err.to_string().contains("new in version 2"), "{err}");
        // A version 2 document with a plan reads back; the launcher reads
        // the embedded config with this same function.
        let mut c = RuntimeConfig::new("exe", "x86_64-unknown-linux-gnu", "3.11");
        c.executable_name = Some("app".into());
        let mut plan = PackagingPlan::default();
        plan.policy.policy.include_test = true;
        c.packaging = Some(plan);
        let text = c.to_json_pretty();
        assert_eq!(RuntimeConfig::from_json_str(&text).unwrap(), c);
        let err = RuntimeConfig::from_json_str(r#"{"packaging": {"policy": {"include_tst": true}, "executable": {}}}"#)
            .unwrap_err();
        assert!(err.to_string().contains("did you mean `include_test`"), "{err}");
    }

    #[test]
    fn missing_keys_take_the_table_defaults() {
        let empty = RuntimeConfig::from_json_str("{}").unwrap();
        assert_eq!(empty, RuntimeConfig::default());
        assert_eq!(empty, RuntimeConfig::new(DEFAULT_TARGET, "", DEFAULT_PYTHON_VERSION));
        for key in NON_ATTRIBUTE_KEYS {
            assert_eq!(key.value(&empty), key.default_value(), "{}", key.name);
        }
    }

    #[test]
    fn every_key_has_a_schema_with_its_default() {
        let schemas = extra_key_schemas();
        assert_eq!(schemas.keys().len(), NON_ATTRIBUTE_KEYS.len());
        for key in NON_ATTRIBUTE_KEYS {
            let schema = &schemas[key.name];
            assert_eq!(schema["default"], key.default_value(), "{}", key.name);
            assert_eq!(schema["description"], key.description, "{}", key.name);
        }
        assert_eq!(schemas["target"]["default"], DEFAULT_TARGET);
        assert_eq!(schemas["python_version"]["default"], DEFAULT_PYTHON_VERSION);
        assert_eq!(schemas["python_version"]["enum"], serde_json::json!(PYTHON_VERSIONS));
        assert_eq!(schemas["schema_version"]["enum"], serde_json::json!(READABLE_SCHEMA_VERSIONS));
        assert!(PYTHON_VERSIONS.contains(&DEFAULT_PYTHON_VERSION));
    }

    #[test]
    fn bad_values_of_the_other_keys() {
        let err = RuntimeConfig::from_json_str(r#"{"target": 3}"#).unwrap_err();
        assert_eq!(err.to_string(), "`target` must be a string; got 3");
        let err = RuntimeConfig::from_json_str(r#"{"executable_name": ["a"]}"#).unwrap_err();
        assert_eq!(err.to_string(), "`executable_name` must be a string or null; got [\"a\"]");
        // Another version wins over every other error.
        let err = RuntimeConfig::from_json_str(r#"{"target": 3, "schema_version": "1"}"#).unwrap_err();
        assert_eq!(err.to_string(), "`schema_version` is \"1\", but this frost reads versions 1 and 2");
        let err = RuntimeConfig::from_json_str(r#"{"targt": "x"}"#).unwrap_err();
        assert_eq!(err.to_string(), "unknown key `targt`; did you mean `target`?");
        let err = RuntimeConfig::from_json_str(r#"{"zzz": 1}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown key `zzz`; the keys are the attribute names and `schema_version`, `executable_name`, `target`, `target_triple`, `python_version`"
        );
    }

    #[test]
    fn bad_json_is_refused_with_reasons() {
        let err = RuntimeConfig::from_json_str("{\n  \"sys_frozen\": @\n}").unwrap_err();
        assert_eq!(err.position(), Some((2, 17)));
        assert_eq!(err.to_string(), "invalid JSON: expected value");
        let err = RuntimeConfig::from_json_str(r#"{"sys_frozn": true}"#).unwrap_err();
        assert_eq!(err.to_string(), "unknown key `sys_frozn`; did you mean `sys_frozen`?");
        let err = RuntimeConfig::from_json_str(r#"{"optimization_level": 1.5}"#).unwrap_err();
        assert!(
            err.to_string().starts_with("`optimization_level` must be an integer from 0 to 2, or null; got number 1.5"),
            "{err}"
        );
        let err = RuntimeConfig::from_json_str(r#"{"schema_version": 3}"#).unwrap_err();
        assert!(matches!(err, JsonError::SchemaVersion { .. }));
        let err = RuntimeConfig::from_json_str(r#"{"x_options": ["a", 1]}"#).unwrap_err();
        assert!(err.to_string().contains("must be an array of strings, or null"), "{err}");
    }

    #[test]
    fn errors_show_the_users_value_as_written() {
        // Words like True, None or False inside the value are the user's, not Starlark's.
        let cases = [
            (
                r#"{"schema_version": 1, "multiprocessing_start_method": "TrueSpawn"}"#,
                r#"`multiprocessing_start_method` cannot be "TrueSpawn"; it must be one of "auto", "none", "fork", "forkserver" or "spawn""#,
            ),
            (
                r#"{"run_module": ["None", "False"]}"#,
                r#"`run_module` must be a string, or null; got array ["None","False"]"#,
            ),
            (
                r#"{"x_options": ["True", 1]}"#,
                r#"`x_options` must be an array of strings, or null; got array ["True",1]"#,
            ),
            (
                r#"{"terminfo_resolution": "static:"}"#,
                r#"`terminfo_resolution` cannot be "static:"; it must be "dynamic", "none" or "static:<path>""#,
            ),
            (r#"{"run_module": 5}"#, "`run_module` must be a string, or null; got integer 5"),
            (r#"{"sys_frozen": "True"}"#, r#"`sys_frozen` must be a boolean (true or false); got string "True""#),
            (r#"{"sys_frozen": null}"#, "`sys_frozen` cannot be null; it must be a boolean (true or false)"),
            (r#"{"hash_seed": 2.5}"#, "`hash_seed` must be an integer from 0 to 4294967295, or null; got number 2.5"),
            (
                r#"{"optimization_level": 30}"#,
                "`optimization_level` is out of range: 30; it must be an integer from 0 to 2, or null",
            ),
        ];
        for (json, message) in cases {
            assert_eq!(RuntimeConfig::from_json_str(json).unwrap_err().to_string(), message, "{json}");
        }
        // The Starlark form of the same error keeps Starlark's words.
        let err = InterpreterConfig::default().set("sys_frozen", Value::None).unwrap_err();
        assert_eq!(err.to_string(), "`sys_frozen` cannot be None; it must be a bool (True or False)");
    }
}
