//! The errors of the attribute table: why a name or a value is refused, and
//! the messages, in the config language's words and in JSON's.

use std::fmt;

use crate::attr::{truncate, Attr};

/// Why a value was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The value has the wrong type.
    WrongType,
    /// `None` for an attribute that does not take it.
    NotOptional,
    /// An int outside the accepted range.
    OutOfRange,
    /// A string that is not one of the accepted values.
    NotAllowed,
    /// A name (of a codec, an error handler) CPython does not know.
    UnknownName {
        /// The closest known name, when one is close.
        suggestion: Option<&'static str>,
    },
    /// A string holding a NUL character (`got` is that string).
    Nul {
        /// For a list, the index of the item.
        index: Option<usize>,
    },
    /// A list item that is not a string (`got` is the item).
    NotAString {
        /// The item's index in the list.
        index: usize,
    },
}

/// An attribute name or value that the table refuses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AttrError {
    /// No attribute has this name.
    Unknown {
        /// The Starlark type that has no such attribute.
        owner: &'static str,
        /// The name given.
        name: String,
        /// The closest known name, when one is close.
        suggestion: Option<&'static str>,
    },
    /// A name PyOxidizer removed (before 0.10 or in 0.10/0.11): what to write instead.
    Removed {
        /// The removed name.
        name: String,
        /// What to write instead, in words with the exact replacement.
        replacement: String,
    },
    /// The attribute exists but cannot be set.
    ReadOnly {
        /// The Starlark type.
        owner: &'static str,
        /// The attribute.
        name: String,
        /// What can be done instead.
        hint: &'static str,
    },
    /// The attribute exists but the value is refused.
    Invalid {
        /// The attribute's name.
        attr: &'static str,
        /// The value as Starlark source.
        got: String,
        /// The value's Starlark type.
        got_type: &'static str,
        /// Why it is refused.
        problem: Problem,
        /// What is accepted, in words.
        expected: String,
    },
    /// The attribute exists only in a later CPython than the distribution's
    /// (see [`crate::config::too_new`]).
    TooNew {
        /// The attribute.
        attr: &'static str,
        /// The whole message: the attribute, the version it needs and the
        /// distribution's version.
        message: String,
    },
}

impl AttrError {
    /// An error for a value whose type has no place in the table at all
    /// (a dict, a float, a function...).
    pub fn unrepresentable(attr: &Attr, got: String, got_type: &'static str) -> Self {
        AttrError::Invalid { attr: attr.name, got, got_type, problem: Problem::WrongType, expected: attr.expected() }
    }
}

impl AttrError {
    /// The same error for a value that came as the JSON `value`: the value
    /// as the user wrote it (compact JSON, never rewritten), its JSON type,
    /// and what is accepted in JSON's words.
    pub fn with_json_value(self, value: &serde_json::Value) -> Self {
        match self {
            AttrError::Invalid { attr, problem, expected, .. } => AttrError::Invalid {
                attr,
                got: value.to_string(),
                got_type: json_type_name(value),
                problem,
                expected: any_attr(attr).map(Attr::expected_json).unwrap_or(expected),
            },
            unknown => unknown,
        }
    }

    /// The message in JSON's words (`null`, `boolean`, `an array of
    /// strings`), for input that came as JSON. Only the words frost chose
    /// are translated: the value is shown as `got` holds it, which
    /// [`AttrError::with_json_value`] makes the user's own JSON.
    pub fn to_json_message(&self) -> String {
        match self {
            AttrError::Unknown { .. }
            | AttrError::Removed { .. }
            | AttrError::ReadOnly { .. }
            | AttrError::TooNew { .. } => self.to_string(),
            AttrError::Invalid { attr, got, got_type, problem, expected } => {
                let expected = any_attr(attr).map(Attr::expected_json).unwrap_or_else(|_| expected.clone());
                let mut out = String::new();
                write_invalid(&mut out, attr, got, json_type_word(got_type), *problem, &expected, "null")
                    .expect("writing to a String");
                out
            }
        }
    }
}

/// The row named `name` in any table (interpreter, packaging policy,
/// executable); no two tables share a name.
fn any_attr(name: &str) -> Result<&'static Attr, AttrError> {
    crate::config::attr(name)
        .or_else(|_| crate::packaging_policy::policy_attr(name))
        .or_else(|_| crate::plan::executable_attr(name))
        .or_else(|_| crate::plan::add_attr(name))
}

/// The JSON type of a JSON value, for messages; a whole number is an
/// `integer`, any other number a `number`.
pub(crate) fn json_type_name(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

/// A Starlark type name in JSON's words (JSON's own names pass through).
fn json_type_word(starlark_type: &'static str) -> &'static str {
    match starlark_type {
        "NoneType" => "null",
        "bool" => "boolean",
        "int" => "integer",
        "list" => "array",
        other => other,
    }
}

/// The message of [`AttrError::Invalid`]; `none` is how the language at
/// hand spells the absent value (`None`, `null`).
fn write_invalid(
    f: &mut impl fmt::Write,
    attr: &str,
    got: &str,
    got_type: &str,
    problem: Problem,
    expected: &str,
    none: &str,
) -> fmt::Result {
    let got = truncate(got, 120);
    match problem {
        Problem::WrongType => write!(f, "`{attr}` must be {expected}; got {got_type} {got}"),
        Problem::NotOptional => write!(f, "`{attr}` cannot be {none}; it must be {expected}"),
        Problem::OutOfRange => write!(f, "`{attr}` is out of range: {got}; it must be {expected}"),
        Problem::NotAllowed => write!(f, "`{attr}` cannot be {got}; it must be {expected}"),
        Problem::UnknownName { suggestion: Some(s) } => {
            write!(f, "`{attr}` cannot be {got}; did you mean \"{s}\"? It must be {expected}")
        }
        Problem::UnknownName { suggestion: None } => write!(f, "`{attr}` cannot be {got}; it must be {expected}"),
        Problem::Nul { index: None } => write!(
            f,
            "`{attr}` cannot be {got}: it holds a NUL character, where CPython would cut the string short; remove it"
        ),
        Problem::Nul { index: Some(i) } => write!(
            f,
            "`{attr}` cannot hold {got} (item {i}): it holds a NUL character, where CPython would cut the string short; remove it"
        ),
        Problem::NotAString { index } => {
            write!(f, "`{attr}` must be {expected}; item {index} is {got_type} {got}, not a string")
        }
    }
}

impl fmt::Display for AttrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AttrError::Unknown { owner, name, suggestion: Some(s) } => {
                write!(f, "{owner} has no attribute `{name}`; did you mean `{s}`?")
            }
            AttrError::Unknown { owner, name, suggestion: None } => {
                write!(f, "{owner} has no attribute `{name}`")
            }
            AttrError::ReadOnly { owner, name, hint } => write!(f, "`{name}` of a {owner} is read-only; {hint}"),
            AttrError::Removed { name, replacement } => {
                write!(f, "`{name}` was removed from PyOxidizer's API; {replacement}")
            }
            AttrError::Invalid { attr, got, got_type, problem, expected } => {
                write_invalid(f, attr, got, got_type, *problem, expected, "None")
            }
            AttrError::TooNew { message, .. } => f.write_str(message),
        }
    }
}

impl std::error::Error for AttrError {}
