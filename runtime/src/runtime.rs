//! The lowered, versioned runtime struct and its JSON form.
//!
//! The JSON form is one flat object: a few keys describing the executable,
//! then all 70 attributes, every one present, `null` where unset.

use std::fmt;

use serde::ser::SerializeMap;

use crate::attr::{closest, AttrError, Value};
use crate::config::{attr, InterpreterConfig, ATTRIBUTES};

/// The target name a JSON document without a `target` key gets (and the
/// one `frost export` and the Rust API write by default).
pub const DEFAULT_TARGET: &str = "exe";

/// The CPython `major.minor` a config describes unless it says otherwise.
pub const DEFAULT_PYTHON_VERSION: &str = "3.11";

/// The version of the JSON form. Bumped whenever a key changes meaning.
pub const SCHEMA_VERSION: u32 = 1;

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
}

/// The keys of the JSON form that are not attributes, with what they accept.
pub const EXTRA_KEYS: &[(&str, &str)] = &[
    ("schema_version", "the integer 1"),
    ("executable_name", "a string or null"),
    ("target", "a string"),
    ("target_triple", "a string"),
    ("python_version", "a string such as \"3.11\""),
];

impl RuntimeConfig {
    /// A config with every attribute at its default.
    pub fn new(target: impl Into<String>, target_triple: impl Into<String>, python_version: impl Into<String>) -> Self {
        RuntimeConfig {
            executable_name: None,
            target: target.into(),
            target_triple: target_triple.into(),
            python_version: python_version.into(),
            config: InterpreterConfig::default(),
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
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| JsonError::Syntax {
            line: e.line(),
            column: e.column(),
            message: strip_position(&e.to_string()),
        })?;
        Self::from_json_value(&value)
    }

    /// Reads an already-parsed JSON value; see [`RuntimeConfig::from_json_str`].
    pub fn from_json_value(value: &serde_json::Value) -> Result<Self, JsonError> {
        let object = value.as_object().ok_or(JsonError::NotAnObject)?;
        match object.get("schema_version") {
            None => {}
            Some(v) if v.as_u64() == Some(u64::from(SCHEMA_VERSION)) => {}
            Some(v) => return Err(JsonError::SchemaVersion { found: v.to_string() }),
        }
        let mut out = RuntimeConfig::new(DEFAULT_TARGET, "", DEFAULT_PYTHON_VERSION);
        for (key, v) in object {
            let bad_extra =
                |expected: &str| JsonError::BadKey { key: key.clone(), got: v.to_string(), expected: expected.into() };
            match key.as_str() {
                "schema_version" => {}
                "executable_name" => {
                    out.executable_name = match v {
                        serde_json::Value::Null => None,
                        serde_json::Value::String(s) => Some(s.clone()),
                        _ => return Err(bad_extra("a string or null")),
                    }
                }
                "target" | "target_triple" | "python_version" => {
                    let s = v.as_str().ok_or_else(|| bad_extra("a string"))?.to_string();
                    match key.as_str() {
                        "target" => out.target = s,
                        "target_triple" => out.target_triple = s,
                        _ => out.python_version = s,
                    }
                }
                name => {
                    let spec = attr(name).map_err(|_| JsonError::UnknownKey {
                        key: name.to_string(),
                        suggestion: closest(
                            name,
                            ATTRIBUTES.iter().map(|a| a.name).chain(EXTRA_KEYS.iter().map(|k| k.0)),
                        ),
                    })?;
                    let value = json_to_value(v)
                        .ok_or_else(|| AttrError::unrepresentable(spec, v.to_string(), json_type_name(v)))
                        .map_err(JsonError::Attr)?;
                    out.config.set(name, value).map_err(JsonError::Attr)?;
                }
            }
        }
        Ok(out)
    }
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

fn json_type_name(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

/// serde_json appends " at line L column C"; we report those separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Why a JSON document is not a runtime config.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JsonError {
    /// Not JSON at all.
    Syntax {
        /// The 1-based line.
        line: usize,
        /// The 1-based column (serde_json counts bytes; 0 right after a newline).
        column: usize,
        /// What is wrong, without the position.
        message: String,
    },
    /// JSON, but not an object.
    NotAnObject,
    /// A `schema_version` other than [`SCHEMA_VERSION`].
    SchemaVersion {
        /// The version found, as JSON.
        found: String,
    },
    /// A key that is neither an attribute nor one of [`EXTRA_KEYS`].
    UnknownKey {
        /// The key.
        key: String,
        /// The closest known key, when one is close.
        suggestion: Option<&'static str>,
    },
    /// A bad value for one of [`EXTRA_KEYS`].
    BadKey {
        /// The key.
        key: String,
        /// The value found, as JSON.
        got: String,
        /// What the key accepts, in words.
        expected: String,
    },
    /// A bad attribute value.
    Attr(AttrError),
}

impl JsonError {
    /// The 1-based line and column of a syntax error.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            JsonError::Syntax { line, column, .. } => Some((*line, *column)),
            _ => None,
        }
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonError::Syntax { message, .. } => write!(f, "invalid JSON: {message}"),
            JsonError::NotAnObject => write!(f, "expected a JSON object with one key per attribute"),
            JsonError::SchemaVersion { found } => {
                write!(f, "`schema_version` is {found}, but this frost reads version {SCHEMA_VERSION}")
            }
            JsonError::UnknownKey { key, suggestion: Some(s) } => write!(f, "unknown key `{key}`; did you mean `{s}`?"),
            JsonError::UnknownKey { key, suggestion: None } => {
                write!(f, "unknown key `{key}`; the keys are the attribute names and {}", extra_key_names())
            }
            JsonError::BadKey { key, got, expected } => write!(f, "`{key}` must be {expected}; got {got}"),
            JsonError::Attr(e) => f.write_str(&e.to_json_message()),
        }
    }
}

fn extra_key_names() -> String {
    let names: Vec<String> = EXTRA_KEYS.iter().map(|(k, _)| format!("`{k}`")).collect();
    names.join(", ")
}

impl std::error::Error for JsonError {}

impl serde::Serialize for RuntimeConfig {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(EXTRA_KEYS.len() + ATTRIBUTES.len()))?;
        map.serialize_entry("schema_version", &SCHEMA_VERSION)?;
        map.serialize_entry("executable_name", &self.executable_name)?;
        map.serialize_entry("target", &self.target)?;
        map.serialize_entry("target_triple", &self.target_triple)?;
        map.serialize_entry("python_version", &self.python_version)?;
        for a in ATTRIBUTES {
            let value = self.config.get(a.name).expect("every table row is a field");
            map.serialize_entry(a.name, &value.to_json())?;
        }
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
        assert_eq!(obj.len(), 70 + EXTRA_KEYS.len());
        assert_eq!(obj["run_module"], serde_json::Value::Null);
        assert_eq!(obj["multiprocessing_start_method"], "auto");
        assert_eq!(obj["schema_version"], 1);
        assert_eq!(RuntimeConfig::from_json_str(&text).unwrap(), c);
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
        let err = RuntimeConfig::from_json_str(r#"{"schema_version": 2}"#).unwrap_err();
        assert!(matches!(err, JsonError::SchemaVersion { .. }));
        let err = RuntimeConfig::from_json_str(r#"{"x_options": ["a", 1]}"#).unwrap_err();
        assert!(err.to_string().contains("must be an array of strings, or null"), "{err}");
    }
}
