//! Why a JSON document is not a runtime config.

use std::fmt;

use crate::attr::AttrError;
use crate::runtime::{NON_ATTRIBUTE_KEYS, SCHEMA_VERSION};

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
    /// A key that is neither an attribute nor one of [`NON_ATTRIBUTE_KEYS`].
    UnknownKey {
        /// The key.
        key: String,
        /// The closest known key, when one is close.
        suggestion: Option<&'static str>,
    },
    /// A bad value for one of [`NON_ATTRIBUTE_KEYS`].
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
    /// A bad `packaging` plan.
    Packaging {
        /// What is wrong, as the plan reader says it.
        message: String,
    },
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
                write!(f, "`schema_version` is {found}, but this frost reads versions 1 and {SCHEMA_VERSION}")
            }
            JsonError::UnknownKey { key, suggestion: Some(s) } => write!(f, "unknown key `{key}`; did you mean `{s}`?"),
            JsonError::UnknownKey { key, suggestion: None } => {
                write!(f, "unknown key `{key}`; the keys are the attribute names and {}", extra_key_names())
            }
            JsonError::BadKey { key, got, expected } => write!(f, "`{key}` must be {expected}; got {got}"),
            JsonError::Attr(e) => f.write_str(&e.to_json_message()),
            JsonError::Packaging { message } => write!(f, "`packaging` is not a packaging plan: {message}"),
        }
    }
}

fn extra_key_names() -> String {
    let names: Vec<String> = NON_ATTRIBUTE_KEYS.iter().map(|k| format!("`{}`", k.name)).collect();
    names.join(", ")
}

impl std::error::Error for JsonError {}
