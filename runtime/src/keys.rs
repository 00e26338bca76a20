//! The keys of the JSON form that are not attributes (`schema_version`,
//! `executable_name`, `target`, `target_triple`, `python_version`): one
//! table, read by the writer, the reader and `frost schema`.

use std::fmt;

use crate::runtime::{
    JsonError, RuntimeConfig, DEFAULT_PYTHON_VERSION, DEFAULT_TARGET, PYTHON_VERSIONS, READABLE_SCHEMA_VERSIONS,
    SCHEMA_VERSION,
};

/// A key of the JSON form that is not an attribute: one row of
/// [`NON_ATTRIBUTE_KEYS`].
///
/// The row is all there is to know about the key: the JSON writer, the
/// reader (its value check, its default when the key is missing, the
/// unknown-key suggestions) and `frost schema` all read it from here.
#[derive(Clone, Copy)]
pub struct ExtraKey {
    /// The key, as written in the JSON form.
    pub name: &'static str,
    /// What it accepts, in words, for messages: `a string or null`.
    pub expected: &'static str,
    /// What it means, for the schema and the docs.
    pub description: &'static str,
    default: fn() -> serde_json::Value,
    schema: fn() -> serde_json::Value,
    get: fn(&RuntimeConfig) -> serde_json::Value,
    /// Stores an accepted value; `false` when the value is refused.
    set: fn(&mut RuntimeConfig, &serde_json::Value) -> bool,
}

impl ExtraKey {
    /// The value a document without this key gets.
    pub fn default_value(&self) -> serde_json::Value {
        (self.default)()
    }

    /// The key's JSON Schema (draft 2020-12): what it accepts, its
    /// `default` and its `description`.
    pub fn schema(&self) -> serde_json::Value {
        let mut schema = (self.schema)();
        let object = schema.as_object_mut().expect("a key's schema is an object");
        object.insert("default".into(), self.default_value());
        object.insert("description".into(), self.description.into());
        schema
    }

    /// The key's value in `config`, as the JSON form writes it.
    pub fn value(&self, config: &RuntimeConfig) -> serde_json::Value {
        (self.get)(config)
    }

    /// Reads the key's value `value` into `config`, or says why it is refused.
    pub fn read(&self, config: &mut RuntimeConfig, value: &serde_json::Value) -> Result<(), JsonError> {
        if (self.set)(config, value) {
            Ok(())
        } else if self.name == "schema_version" {
            // Its own error: another version is not a typo but another frost.
            Err(JsonError::SchemaVersion { found: value.to_string() })
        } else {
            Err(JsonError::BadKey {
                key: self.name.to_string(),
                got: value.to_string(),
                expected: self.expected.into(),
            })
        }
    }
}

impl fmt::Debug for ExtraKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExtraKey").field("name", &self.name).field("expected", &self.expected).finish_non_exhaustive()
    }
}

/// The reader of a key held in the string field `$field`.
macro_rules! string_key {
    ($field:ident) => {
        |config: &mut RuntimeConfig, value: &serde_json::Value| match value.as_str() {
            Some(s) => {
                config.$field = s.to_string();
                true
            }
            None => false,
        }
    };
}

/// The keys of the JSON form that are not attributes, in the order the
/// JSON form writes them (before the attributes).
pub const NON_ATTRIBUTE_KEYS: &[ExtraKey] = &[
    ExtraKey {
        name: "schema_version",
        expected: "the integer 2 (or 1, the version before `packaging`)",
        description: "The version of the JSON form.",
        default: || SCHEMA_VERSION.into(),
        schema: || serde_json::json!({ "enum": READABLE_SCHEMA_VERSIONS }),
        get: |_| SCHEMA_VERSION.into(),
        set: |_, value| value.as_u64().is_some_and(|v| READABLE_SCHEMA_VERSIONS.iter().any(|r| u64::from(*r) == v)),
    },
    ExtraKey {
        name: "executable_name",
        expected: "a string or null",
        description: "The name given to `to_python_executable`, or null when the target returned a bare \
                      `PythonInterpreterConfig`. A plain file name: no `/`, `\\`, control characters, `.` or `..`.",
        default: || serde_json::Value::Null,
        schema: || {
            serde_json::json!({
                "anyOf": [
                    { "type": "null" },
                    {
                        "type": "string",
                        "minLength": 1,
                        "not": { "anyOf": [
                            { "enum": [".", ".."] },
                            { "pattern": r"[/\\\x00-\x1f\x7f-\x9f]" },
                        ]},
                    },
                ],
            })
        },
        get: |c| c.executable_name.as_deref().into(),
        set: |c, value| {
            c.executable_name = match value {
                serde_json::Value::Null => None,
                serde_json::Value::String(s) => Some(s.clone()),
                _ => return false,
            };
            true
        },
    },
    ExtraKey {
        name: "target",
        expected: "a string",
        description: "The target that produced this config.",
        default: || DEFAULT_TARGET.into(),
        schema: || serde_json::json!({ "type": "string" }),
        get: |c| c.target.as_str().into(),
        set: string_key!(target),
    },
    ExtraKey {
        name: "target_triple",
        expected: "a string",
        description: "The triple the config was evaluated for (`BUILD_TARGET_TRIPLE`).",
        default: || "".into(),
        schema: || serde_json::json!({ "type": "string" }),
        get: |c| c.target_triple.as_str().into(),
        set: string_key!(target_triple),
    },
    ExtraKey {
        name: "python_version",
        expected: "a string such as \"3.11\"",
        description: "The `major.minor` version of the CPython the distribution describes.",
        default: || DEFAULT_PYTHON_VERSION.into(),
        schema: || serde_json::json!({ "type": "string", "enum": PYTHON_VERSIONS }),
        get: |c| c.python_version.as_str().into(),
        set: string_key!(python_version),
    },
];

/// The row of [`NON_ATTRIBUTE_KEYS`] named `name`.
pub fn extra_key(name: &str) -> Option<&'static ExtraKey> {
    NON_ATTRIBUTE_KEYS.iter().find(|k| k.name == name)
}

/// The JSON Schema of every key of [`NON_ATTRIBUTE_KEYS`], by key: what
/// `frost schema` lists before the attributes.
pub fn extra_key_schemas() -> serde_json::Map<String, serde_json::Value> {
    NON_ATTRIBUTE_KEYS.iter().map(|k| (k.name.to_string(), k.schema())).collect()
}
