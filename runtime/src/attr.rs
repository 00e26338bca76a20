//! The vocabulary of the attribute table: what kind of value an attribute
//! holds, how a value is checked, and the errors a bad value produces.

use std::fmt;

/// A value as the config language and the JSON form both see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// `None` (JSON `null`).
    None,
    /// `True` or `False`.
    Bool(bool),
    /// An int.
    Int(i64),
    /// A string.
    Str(String),
    /// A list of strings.
    List(Vec<String>),
}

impl Value {
    /// The value written as Starlark source: `None`, `True`, `3`, `"a\"b"`, `["x"]`.
    pub fn to_starlark(&self) -> String {
        match self {
            Value::None => "None".into(),
            Value::Bool(true) => "True".into(),
            Value::Bool(false) => "False".into(),
            Value::Int(i) => i.to_string(),
            Value::Str(s) => starlark_string(s),
            Value::List(items) => {
                let items: Vec<String> = items.iter().map(|s| starlark_string(s)).collect();
                format!("[{}]", items.join(", "))
            }
        }
    }

    /// The value as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::None => serde_json::Value::Null,
            Value::Bool(b) => (*b).into(),
            Value::Int(i) => (*i).into(),
            Value::Str(s) => s.as_str().into(),
            Value::List(items) => items.iter().map(|s| serde_json::Value::from(s.as_str())).collect(),
        }
    }

    /// The Starlark name of the value's type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::None => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Str(_) => "string",
            Value::List(_) => "list",
        }
    }
}

/// A string literal in Starlark syntax that reads back to exactly `s`.
///
/// Printable characters, non-ASCII included, are kept as they are; quotes,
/// backslashes and control characters are escaped.
pub fn starlark_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\x7f' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// What an attribute accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `True` or `False`.
    Bool,
    /// An int in `min..=max`.
    Int {
        /// The smallest accepted value.
        min: i64,
        /// The largest accepted value (`i64::MAX`: no limit).
        max: i64,
    },
    /// Any string.
    Str,
    /// One of the listed strings.
    Enum(&'static [&'static str]),
    /// `dynamic`, `none` or `static:<non-empty path>`.
    Terminfo,
    /// A list of strings.
    StrList,
    /// A resource location: `in-memory` or `filesystem-relative:PREFIX`
    /// (see [`crate::policy::ResourceLocation`]).
    Location,
    /// How packed resources are loaded: `none`, `embedded:FILENAME` or
    /// `binary-relative-memory-mapped:FILENAME` (see
    /// [`crate::plan::PackedResourcesLoadMode`]).
    LoadMode,
}

/// Where an attribute lands when the interpreter starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// Handled by the launcher itself; no CPython struct field behind it.
    Launcher,
    /// A `PyPreConfig` field (the name is CPython's).
    PreConfig(&'static str),
    /// A `PyConfig` field (the name is CPython's).
    Config(&'static str),
    /// Not an interpreter attribute: part of the packaging plan (the
    /// packaging policy, the executable's own attributes).
    Packaging,
}

impl Group {
    /// The section of the reference this attribute is listed under.
    pub fn title(&self) -> &'static str {
        match self {
            Group::Launcher => "launcher",
            Group::PreConfig(_) => "PyPreConfig",
            Group::Config(_) => "PyConfig",
            Group::Packaging => "packaging",
        }
    }

    /// CPython's name for the field, where there is one.
    pub fn cpython_field(&self) -> Option<&'static str> {
        match self {
            Group::Launcher | Group::Packaging => None,
            Group::PreConfig(f) | Group::Config(f) => Some(f),
        }
    }
}

/// One row of the attribute table.
#[derive(Clone, Copy, Debug)]
pub struct Attr {
    /// The attribute's name, as written in `.bzl` files and JSON.
    pub name: &'static str,
    /// What it accepts.
    pub kind: Kind,
    /// Whether `None` is accepted (it keeps the profile's value).
    pub optional: bool,
    /// Where it lands at start-up.
    pub group: Group,
    /// Whether it only means something on Windows (the field exists only
    /// in CPython on Windows).
    pub windows_only: bool,
    /// Whether it only means something in a debug build of CPython: a
    /// release build stores the field and ignores it.
    pub debug_only: bool,
    /// What it does, in Markdown.
    pub doc: &'static str,
    pub(crate) default: fn() -> Value,
}

impl Attr {
    /// The value `dist.make_python_interpreter_config()` starts with.
    pub fn default_value(&self) -> Value {
        (self.default)()
    }

    /// What the attribute accepts, in words: `an int from 0 to 2, or None`.
    pub fn expected(&self) -> String {
        self.expected_in(false)
    }

    /// What the attribute accepts, in JSON's words: `an integer from 0 to 2, or null`.
    pub fn expected_json(&self) -> String {
        self.expected_in(true)
    }

    fn expected_in(&self, json: bool) -> String {
        let int = if json { "an integer" } else { "an int" };
        let base = match self.kind {
            Kind::Bool if json => "a boolean (true or false)".to_string(),
            Kind::Bool => "a bool (True or False)".to_string(),
            Kind::Int { min, max } if max == i64::MAX => format!("{int} of at least {min}"),
            Kind::Int { min, max } => format!("{int} from {min} to {max}"),
            Kind::Str => "a string".to_string(),
            Kind::Enum(values) => format!("one of {}", quoted_list(values)),
            Kind::Terminfo => r#""dynamic", "none" or "static:<path>""#.to_string(),
            Kind::StrList if json => "an array of strings".to_string(),
            Kind::StrList => "a list of strings".to_string(),
            Kind::Location => crate::policy::ResourceLocation::EXPECTED.to_string(),
            Kind::LoadMode => crate::plan::PackedResourcesLoadMode::EXPECTED.to_string(),
        };
        match (self.optional, json) {
            (false, _) => base,
            (true, false) => format!("{base}, or None"),
            (true, true) => format!("{base}, or null"),
        }
    }

    /// The one-word type used in docs and schemas: `bool`, `int`, `str`, `list[str]`.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            Kind::Bool => "bool",
            Kind::Int { .. } => "int",
            Kind::Str | Kind::Enum(_) | Kind::Terminfo | Kind::Location | Kind::LoadMode => "str",
            Kind::StrList => "list[str]",
        }
    }

    /// Checks a value against the attribute: the one check every way in
    /// (assignment, keyword argument, JSON) goes through.
    pub fn check(&self, value: &Value) -> Result<(), AttrError> {
        let problem = match (self.kind, value) {
            (_, Value::None) if self.optional => return Ok(()),
            (_, Value::None) => Some(Problem::NotOptional),
            (Kind::Bool, Value::Bool(_)) => None,
            (Kind::Int { min, max }, Value::Int(i)) => (*i < min || *i > max).then_some(Problem::OutOfRange),
            (Kind::Str, Value::Str(_)) => None,
            (Kind::Enum(values), Value::Str(s)) => (!values.contains(&s.as_str())).then_some(Problem::NotAllowed),
            (Kind::Terminfo, Value::Str(s)) => (!valid_terminfo(s)).then_some(Problem::NotAllowed),
            (Kind::StrList, Value::List(_)) => None,
            (Kind::Location, Value::Str(s)) => {
                s.parse::<crate::policy::ResourceLocation>().is_err().then_some(Problem::NotAllowed)
            }
            (Kind::LoadMode, Value::Str(s)) => {
                s.parse::<crate::plan::PackedResourcesLoadMode>().is_err().then_some(Problem::NotAllowed)
            }
            _ => Some(Problem::WrongType),
        };
        match problem {
            None => Ok(()),
            Some(problem) => Err(AttrError::Invalid {
                attr: self.name,
                got: value.to_starlark(),
                got_type: value.type_name(),
                problem,
                expected: self.expected(),
            }),
        }
    }
}

fn valid_terminfo(s: &str) -> bool {
    match s {
        "dynamic" | "none" => true,
        _ => s.strip_prefix("static:").is_some_and(|path| !path.is_empty()),
    }
}

/// `"a", "b" or "c"` style, for messages.
pub fn quoted_list(values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {}", rest.join(", "), last),
    }
}

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
            AttrError::Unknown { .. } | AttrError::Removed { .. } | AttrError::ReadOnly { .. } => self.to_string(),
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
        }
    }
}

impl std::error::Error for AttrError {}

/// `s`, cut to `max` characters with `...` when longer, for messages.
pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let head: String = s.chars().take(max).collect();
        format!("{head}...")
    }
}

/// The known name closest to `name`, if it is close enough to be a typo.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(name, c), c))
        .filter(|(d, c)| *d <= (c.len().max(name.len()) / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_for_starlark() {
        assert_eq!(starlark_string("a\"b\\c\nd\te"), r#""a\"b\\c\nd\te""#);
        assert_eq!(starlark_string("café ☃"), "\"café ☃\"");
        assert_eq!(starlark_string("\x01"), r#""\x01""#);
    }

    #[test]
    fn closest_names() {
        assert_eq!(closest("sys_frozn", ["sys_frozen", "sys_meipass"]), Some("sys_frozen"));
        assert_eq!(closest("xyzzy", ["sys_frozen", "sys_meipass"]), None);
    }

    #[test]
    fn quoted_lists_read_naturally() {
        assert_eq!(quoted_list(&["a"]), "\"a\"");
        assert_eq!(quoted_list(&["a", "b", "c"]), "\"a\", \"b\" or \"c\"");
    }
}
