//! The vocabulary of the attribute table: what kind of value an attribute
//! holds, how a value is checked, and the errors a bad value produces.

pub(crate) use crate::attr_error::json_type_name;
pub use crate::attr_error::{AttrError, Problem};

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

/// Which names a string attribute accepts beyond "any string".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Names {
    /// Any string (without a NUL character).
    Any,
    /// A text encoding CPython knows (see [`crate::codecs::codec_name`]).
    Codec,
    /// An error handler CPython knows ([`crate::codecs::ERROR_HANDLERS`]).
    ErrorHandler,
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

impl Names {
    /// `self`, unless it is [`Names::Any`] and `other` is not (for the table macro).
    pub const fn or(self, other: Names) -> Names {
        match self {
            Names::Any => other,
            named => named,
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
    /// For a string attribute, which names it accepts.
    pub names: Names,
    /// The CPython `major.minor` the attribute first exists in, or `None`
    /// when every version frost supports has it.
    pub since: Option<&'static str>,
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
            Kind::Str => match self.names {
                Names::Any => "a string".to_string(),
                Names::Codec => {
                    r#"the name of a text encoding CPython knows, such as "utf-8", "latin-1" or "cp1252""#.to_string()
                }
                Names::ErrorHandler => format!("one of {}", quoted_list(crate::codecs::ERROR_HANDLERS)),
            },
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
        let nul = match value {
            Value::Str(s) => s.contains('\0').then_some((None, s)),
            Value::List(items) => items.iter().enumerate().find(|(_, s)| s.contains('\0')).map(|(i, s)| (Some(i), s)),
            _ => None,
        };
        if let Some((index, s)) = nul {
            // CPython's configuration strings end at the first NUL: the app
            // would get another value than the one written.
            return Err(AttrError::Invalid {
                attr: self.name,
                got: starlark_string(s),
                got_type: "string",
                problem: Problem::Nul { index },
                expected: self.expected(),
            });
        }
        let problem = match (self.kind, value) {
            (_, Value::None) if self.optional => return Ok(()),
            (_, Value::None) => Some(Problem::NotOptional),
            (Kind::Bool, Value::Bool(_)) => None,
            (Kind::Int { min, max }, Value::Int(i)) => (*i < min || *i > max).then_some(Problem::OutOfRange),
            (Kind::Str, Value::Str(s)) => self.check_name(s),
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

impl Attr {
    /// Whether `s` is a name this string attribute accepts.
    fn check_name(&self, s: &str) -> Option<Problem> {
        use crate::codecs;
        match self.names {
            Names::Any => None,
            Names::Codec => {
                codecs::codec_name(s).is_none().then(|| Problem::UnknownName { suggestion: codecs::suggest_codec(s) })
            }
            Names::ErrorHandler => (!codecs::ERROR_HANDLERS.contains(&s))
                .then(|| Problem::UnknownName { suggestion: codecs::suggest_error_handler(s) }),
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
