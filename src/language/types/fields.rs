//! The attribute tables of the tugger types (installers, snaps, wheels):
//! one row per attribute, and the one store, getter, setter, `dir()` and
//! lowering every such type shares. Values are kept in their JSON form, which
//! is also what lowering prints.
//!
//! PyOxidizer's setters stringify and use truthiness; frost checks each
//! value against its row and never coerces. Attributes that PyOxidizer makes
//! write-only (`WiXMSIBuilder`, `Snap*`) are readable in frost.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Mutex;

use frost_runtime::attr::{closest, quoted_list, truncate};
use serde_json::Value as Json;
use starlark::values::dict::{AllocDict, DictRef};
use starlark::values::list::{AllocList, ListRef};
use starlark::values::{Heap, Value};

/// What an attribute accepts.
#[derive(Clone, Copy, Debug)]
pub enum FieldKind {
    /// A string.
    Str,
    /// `True` or `False`.
    Bool,
    /// An int of at least `min`.
    Int {
        /// The smallest accepted value.
        min: i64,
    },
    /// One of the listed strings.
    Enum(&'static [&'static str]),
    /// A list of strings.
    StrList,
    /// A list of strings, each one of the listed values.
    EnumList(&'static [&'static str]),
    /// A dict of strings to strings.
    StrDict,
    /// A dict of strings to lists of strings.
    StrListDict,
    /// A dict of strings to dicts of strings to strings.
    StrDictDict,
    /// A list of dicts of strings to strings.
    StrDictList,
    /// A dict of strings to values of one frost type, copied when assigned.
    Records {
        /// The type of the values.
        type_name: &'static str,
        /// The JSON form of a value of that type, `None` for other values.
        to_json: fn(Value) -> Option<Json>,
    },
}

impl FieldKind {
    /// What the kind accepts, in words.
    pub fn expected(&self) -> String {
        match self {
            FieldKind::Str => "a string".into(),
            FieldKind::Bool => "a bool (True or False)".into(),
            FieldKind::Int { min } => format!("an int of at least {min}"),
            FieldKind::Enum(values) => format!("one of {}", quoted_list(values)),
            FieldKind::StrList => "a list of strings".into(),
            FieldKind::EnumList(values) => format!("a list whose items are each one of {}", quoted_list(values)),
            FieldKind::StrDict => "a dict of strings to strings".into(),
            FieldKind::StrListDict => "a dict of strings to lists of strings".into(),
            FieldKind::StrDictDict => "a dict of strings to dicts of strings to strings".into(),
            FieldKind::StrDictList => "a list of dicts of strings to strings".into(),
            FieldKind::Records { type_name, .. } => format!("a dict of strings to {type_name} values"),
        }
    }
}

/// One row of a type's attribute table.
#[derive(Debug)]
pub struct Field {
    /// The attribute's name.
    pub name: &'static str,
    /// What it accepts.
    pub kind: FieldKind,
    /// Whether `None` is accepted (it means "not set").
    pub optional: bool,
    /// What it holds before it is set.
    pub default: fn() -> Json,
    /// What it does.
    pub doc: &'static str,
}

impl Field {
    /// What the attribute accepts, in words.
    pub fn expected(&self) -> String {
        let base = self.kind.expected();
        if self.optional {
            format!("{base}, or None")
        } else {
            base
        }
    }
}

/// Declares a row: `field!(name, Kind, optional, default, "doc")`.
macro_rules! field {
    ($name:literal, $kind:expr, $optional:expr, $default:expr, $doc:literal) => {
        $crate::language::types::fields::Field {
            name: $name,
            kind: $kind,
            optional: $optional,
            default: || $default,
            doc: $doc,
        }
    };
}
pub(crate) use field;

/// A type's attribute table.
#[derive(Debug)]
pub struct Table {
    /// The Starlark type name, for messages.
    pub type_name: &'static str,
    /// The rows.
    pub fields: &'static [Field],
}

/// Why a value or a name was refused by a tugger type: `frost check`
/// classifies [`CheckErrorKind::UnknownAttribute`] as `unknown-attribute` and
/// the rest as `invalid-value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckError {
    /// What kind of refusal it is.
    pub kind: CheckErrorKind,
    /// The message.
    pub message: String,
}

/// The kinds of [`CheckError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckErrorKind {
    /// No attribute of that name.
    UnknownAttribute,
    /// A value of the wrong type or outside what is accepted.
    InvalidValue,
}

impl fmt::Display for CheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CheckError {}

impl CheckError {
    /// A refused value.
    pub fn invalid(message: impl Into<String>) -> Self {
        CheckError { kind: CheckErrorKind::InvalidValue, message: message.into() }
    }

    /// `X has no attribute `y`; did you mean `z`?`.
    pub fn unknown<'a>(type_name: &str, name: &str, known: impl IntoIterator<Item = &'a str>) -> Self {
        let message = match closest(name, known) {
            Some(s) => format!("{type_name} has no attribute `{name}`; did you mean `{s}`?"),
            None => format!("{type_name} has no attribute `{name}`"),
        };
        CheckError { kind: CheckErrorKind::UnknownAttribute, message }
    }
}

impl From<CheckError> for starlark::Error {
    fn from(e: CheckError) -> Self {
        starlark::Error::new_value(anyhow::Error::new(e))
    }
}

/// `what must be EXPECTED; got TYPE VALUE`.
pub fn wrong(what: &str, expected: &str, got: Value) -> CheckError {
    CheckError::invalid(format!("{what} must be {expected}; got {} {}", got.get_type(), truncate(&got.to_repr(), 120)))
}

/// A string argument or attribute that must be one of `values`.
pub fn check_enum(what: &str, s: &str, values: &[&str]) -> Result<(), CheckError> {
    if values.contains(&s) {
        Ok(())
    } else {
        Err(CheckError::invalid(format!("{what} cannot be \"{s}\"; it must be one of {}", quoted_list(values))))
    }
}

fn str_list(what: &str, expected: &str, v: Value, allowed: Option<&[&str]>) -> Result<Json, CheckError> {
    let list = ListRef::from_value(v).ok_or_else(|| wrong(what, expected, v))?;
    let mut out = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        let s = item.unpack_str().ok_or_else(|| {
            CheckError::invalid(format!(
                "{what} must be {expected}; item {i} is {} {}, not a string",
                item.get_type(),
                truncate(&item.to_repr(), 120)
            ))
        })?;
        if let Some(values) = allowed {
            check_enum(&format!("item {i} of {what}"), s, values)?;
        }
        out.push(Json::from(s));
    }
    Ok(Json::Array(out))
}

fn dict_of(
    what: &str,
    expected: &str,
    v: Value,
    mut value: impl FnMut(&str, Value) -> Result<Json, CheckError>,
) -> Result<Json, CheckError> {
    let dict = DictRef::from_value(v).ok_or_else(|| wrong(what, expected, v))?;
    let mut out = serde_json::Map::new();
    for (k, item) in dict.iter() {
        let key = k.unpack_str().ok_or_else(|| {
            CheckError::invalid(format!("{what} must be {expected}; the key {} is not a string", k.to_repr()))
        })?;
        out.insert(key.to_string(), value(key, item)?);
    }
    Ok(Json::Object(out))
}

/// Checks `v` against `kind` and returns its JSON form. `what` names the
/// attribute or argument in messages.
pub fn to_json(what: &str, kind: FieldKind, optional: bool, v: Value) -> Result<Json, CheckError> {
    let expected = if optional { format!("{}, or None", kind.expected()) } else { kind.expected() };
    if v.is_none() {
        return if optional {
            Ok(Json::Null)
        } else {
            Err(CheckError::invalid(format!("{what} cannot be None; it must be {expected}")))
        };
    }
    let string = || v.unpack_str().map(Json::from).ok_or_else(|| wrong(what, &expected, v));
    match kind {
        FieldKind::Str => string(),
        FieldKind::Bool => v.unpack_bool().map(Json::from).ok_or_else(|| wrong(what, &expected, v)),
        FieldKind::Int { min } => {
            if v.get_type() != "int" {
                return Err(wrong(what, &expected, v));
            }
            match v.unpack_i32().map(i64::from) {
                Some(i) if i >= min => Ok(Json::from(i)),
                _ => {
                    Err(CheckError::invalid(format!("{what} is out of range: {}; it must be {expected}", v.to_repr())))
                }
            }
        }
        FieldKind::Enum(values) => {
            let s = string()?;
            check_enum(what, s.as_str().unwrap_or_default(), values)?;
            Ok(s)
        }
        FieldKind::StrList => str_list(what, &expected, v, None),
        FieldKind::EnumList(values) => str_list(what, &expected, v, Some(values)),
        FieldKind::StrDict => dict_of(what, &expected, v, |k, item| {
            item.unpack_str().map(Json::from).ok_or_else(|| wrong(&format!("{what}[\"{k}\"]"), "a string", item))
        }),
        FieldKind::StrListDict => dict_of(what, &expected, v, |k, item| {
            str_list(&format!("{what}[\"{k}\"]"), "a list of strings", item, None)
        }),
        FieldKind::StrDictDict => {
            dict_of(what, &expected, v, |k, item| to_json(&format!("{what}[\"{k}\"]"), FieldKind::StrDict, false, item))
        }
        FieldKind::StrDictList => {
            let list = ListRef::from_value(v).ok_or_else(|| wrong(what, &expected, v))?;
            let items = list
                .iter()
                .enumerate()
                .map(|(i, item)| to_json(&format!("item {i} of {what}"), FieldKind::StrDict, false, item))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Json::Array(items))
        }
        FieldKind::Records { type_name, to_json: record } => dict_of(what, &expected, v, |k, item| {
            record(item).ok_or_else(|| wrong(&format!("{what}[\"{k}\"]"), &format!("a {type_name}"), item))
        }),
    }
}

/// The Starlark value of a JSON value (a fresh copy: changing it changes
/// nothing else).
pub fn to_starlark<'v>(heap: Heap<'v>, v: &Json) -> Value<'v> {
    match v {
        Json::Null => Value::new_none(),
        Json::Bool(b) => Value::new_bool(*b),
        Json::Number(n) => match n.as_i64().and_then(|i| i32::try_from(i).ok()) {
            Some(i) => heap.alloc(i),
            None => heap.alloc(n.to_string()),
        },
        Json::String(s) => heap.alloc(s.as_str()),
        Json::Array(items) => heap.alloc(AllocList(items.iter().map(|i| to_starlark(heap, i)))),
        Json::Object(map) => heap.alloc(AllocDict(map.iter().map(|(k, i)| (k.as_str(), to_starlark(heap, i))))),
    }
}

/// The attribute values of one object, kept in table order.
#[derive(Debug)]
pub struct Record {
    table: &'static Table,
    values: Mutex<Vec<Json>>,
}

impl Record {
    /// A record holding each row's default.
    pub fn new(table: &'static Table) -> Self {
        Record { table, values: Mutex::new(table.fields.iter().map(|f| (f.default)()).collect()) }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Json>> {
        self.values.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn index(&self, name: &str) -> Option<usize> {
        self.table.fields.iter().position(|f| f.name == name)
    }

    /// The attribute `name` as a Starlark value, or `None` if there is no such attribute.
    pub fn get<'v>(&self, name: &str, heap: Heap<'v>) -> Option<Value<'v>> {
        let i = self.index(name)?;
        Some(to_starlark(heap, &self.lock()[i]))
    }

    /// The JSON value of the attribute `name`.
    pub fn json(&self, name: &str) -> Option<Json> {
        let i = self.index(name)?;
        Some(self.lock()[i].clone())
    }

    /// The string value of the attribute `name`, if it holds a string.
    pub fn string(&self, name: &str) -> Option<String> {
        self.json(name).and_then(|j| j.as_str().map(str::to_string))
    }

    /// Sets an attribute from a Starlark value, checking it against its row.
    pub fn set(&self, name: &str, value: Value) -> Result<(), CheckError> {
        let Some(i) = self.index(name) else {
            return Err(CheckError::unknown(self.table.type_name, name, self.table.fields.iter().map(|f| f.name)));
        };
        let field = &self.table.fields[i];
        let json = to_json(&format!("`{}.{}`", self.table.type_name, field.name), field.kind, field.optional, value)?;
        self.lock()[i] = json;
        Ok(())
    }

    /// Sets an attribute from an already checked JSON value (constructors).
    pub fn put(&self, name: &str, value: Json) {
        if let Some(i) = self.index(name) {
            self.lock()[i] = value;
        }
    }

    /// Whether there is an attribute `name`.
    pub fn has(&self, name: &str) -> bool {
        self.index(name).is_some()
    }

    /// The attribute names, for `dir()`.
    pub fn names(&self) -> Vec<String> {
        self.table.fields.iter().map(|f| f.name.to_string()).collect()
    }

    /// Every attribute and its value.
    pub fn to_map(&self) -> BTreeMap<String, Json> {
        let values = self.lock();
        self.table.fields.iter().zip(values.iter()).map(|(f, v)| (f.name.to_string(), v.clone())).collect()
    }

    /// Every attribute that is set (not None), as a JSON object.
    pub fn to_object(&self) -> Json {
        Json::Object(self.to_map().into_iter().filter(|(_, v)| !v.is_null()).collect())
    }
}
