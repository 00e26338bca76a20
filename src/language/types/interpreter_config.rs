//! `PythonInterpreterConfig`: every attribute of the table, checked on
//! assignment, with live lists.

use std::cell::RefCell;
use std::fmt;

use allocative::Allocative;
use frost_runtime::attr::Problem;
use frost_runtime::{attr, Attr, AttrError, InterpreterConfig, Kind, Value as AttrValue, ATTRIBUTES};
use starlark::any::ProvidesStaticType;
use starlark::environment::{Methods, MethodsBuilder};
use starlark::starlark_module;
use starlark::values::list::ListRef;
use starlark::values::{
    starlark_value, AllocFrozenValue, AllocValue, Freeze, FreezeResult, Freezer, FrozenHeap, FrozenValue, Heap,
    NoSerialize, StarlarkValue, Trace, UnpackValue, Value, ValueLike,
};

use super::str_list::{check_text_size, list_attrs, list_items, value_text_size, FrozenStrList, StrList};
use crate::language::errors::{attr_error, deferrable, frozen_error};
use crate::language::locations::{record, Locations};

/// The live `PythonInterpreterConfig`: the runtime struct behind a `RefCell`
/// (assignments change it in place) and one [`StrList`] per list attribute.
#[derive(Debug, Trace, ProvidesStaticType, NoSerialize, Allocative)]
pub struct PythonInterpreterConfig<'v> {
    /// Every attribute but the lists, which live in `lists`.
    #[trace(static)]
    #[allocative(skip)]
    config: RefCell<InterpreterConfig>,
    /// One `StrList` per list attribute, in table order.
    lists: Vec<Value<'v>>,
    /// Where each attribute was last assigned, while tracking is on.
    #[trace(static)]
    #[allocative(skip)]
    locations: RefCell<Locations>,
    /// The `major.minor` of the distribution that made it
    /// (`make_python_interpreter_config`): attributes of later CPythons are
    /// refused. `None` for `PythonInterpreterConfig()`.
    #[trace(static)]
    version: Option<String>,
}

/// A `PythonInterpreterConfig` of a loaded module: it can be read, not changed.
#[derive(Debug, ProvidesStaticType, NoSerialize, Allocative)]
pub struct FrozenPythonInterpreterConfig {
    #[allocative(skip)]
    config: InterpreterConfig,
    lists: Vec<FrozenValue>,
    #[allocative(skip)]
    locations: Locations,
    version: Option<String>,
}

/// Allocates a live config holding `config`.
pub fn alloc_config<'v>(heap: Heap<'v>, config: InterpreterConfig) -> Value<'v> {
    alloc_config_for(heap, config, None)
}

/// Allocates a live config holding `config` for a distribution of CPython
/// `version`: setting an attribute that version lacks is refused.
pub fn alloc_config_for<'v>(heap: Heap<'v>, config: InterpreterConfig, version: Option<String>) -> Value<'v> {
    let lists = list_attrs()
        .map(|a| {
            let items = match config.get(a.name) {
                Some(AttrValue::List(items)) => Some(items),
                _ => None,
            };
            heap.alloc(StrList { attr: a.name, items: RefCell::new(items), changed_at: RefCell::new(None) })
        })
        .collect();
    heap.alloc_complex(PythonInterpreterConfig {
        config: RefCell::new(config),
        lists,
        locations: RefCell::default(),
        version,
    })
}

/// The complete config behind a `PythonInterpreterConfig` value, live or
/// frozen, or `None` for any other value.
pub fn config_of(value: Value) -> Option<InterpreterConfig> {
    if let Some(live) = value.downcast_ref::<PythonInterpreterConfig>() {
        Some(with_lists(live.config.borrow().clone(), live.lists.iter().copied()))
    } else {
        let frozen = value.downcast_ref::<FrozenPythonInterpreterConfig>()?;
        Some(with_lists(frozen.config.clone(), frozen.lists.iter().map(|v| v.to_value())))
    }
}

/// `config` with its list attributes taken from their `StrList`s (which
/// hold them while the config is live).
fn with_lists<'v>(mut config: InterpreterConfig, lists: impl Iterator<Item = Value<'v>>) -> InterpreterConfig {
    for (a, list) in list_attrs().zip(lists) {
        let items = list_items(list).flatten();
        config.set(a.name, items.map_or(AttrValue::None, AttrValue::List)).expect("a StrList holds strings only");
    }
    config
}

/// Where each attribute of a config value was last set, assignments and
/// in-place list changes alike (empty unless tracking was on).
pub fn locations_of(value: Value) -> Locations {
    let (mut out, lists): (Locations, Vec<Value>) = if let Some(live) = value.downcast_ref::<PythonInterpreterConfig>()
    {
        (live.locations.borrow().clone(), live.lists.clone())
    } else if let Some(frozen) = value.downcast_ref::<FrozenPythonInterpreterConfig>() {
        (frozen.locations.clone(), frozen.lists.iter().map(|v| v.to_value()).collect())
    } else {
        return Locations::new();
    };
    for (a, list) in list_attrs().zip(lists) {
        let changed = if let Some(live) = list.downcast_ref::<StrList>() {
            live.changed_at.borrow().clone()
        } else {
            list.downcast_ref::<FrozenStrList>().and_then(|f| f.changed_at.clone())
        };
        if let Some(span) = changed {
            out.insert(a.name, span);
        }
    }
    out
}

impl<'v> Freeze for PythonInterpreterConfig<'v> {
    type Frozen = FrozenPythonInterpreterConfig;
    fn freeze(self, freezer: &Freezer) -> FreezeResult<Self::Frozen> {
        Ok(FrozenPythonInterpreterConfig {
            config: self.config.into_inner(),
            lists: self.lists.into_iter().map(|v| v.freeze(freezer)).collect::<FreezeResult<_>>()?,
            locations: self.locations.into_inner(),
            version: self.version,
        })
    }
}

impl<'v> AllocValue<'v> for PythonInterpreterConfig<'v> {
    fn alloc_value(self, heap: Heap<'v>) -> Value<'v> {
        heap.alloc_complex(self)
    }
}

impl AllocFrozenValue for FrozenPythonInterpreterConfig {
    fn alloc_frozen_value(self, heap: &FrozenHeap) -> FrozenValue {
        heap.alloc_simple(self)
    }
}

/// `PythonInterpreterConfig(config_profile = "isolated", sys_frozen = False)`:
/// the profile and the attributes that differ from the defaults.
fn write_config(config: &InterpreterConfig, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    write!(f, "PythonInterpreterConfig(")?;
    let mut first = true;
    for a in ATTRIBUTES {
        let value = config.get(a.name).unwrap_or(AttrValue::None);
        if value != a.default_value() || a.name == "config_profile" {
            if !first {
                write!(f, ", ")?;
            }
            first = false;
            write!(f, "{} = {}", a.name, value.to_starlark())?;
        }
    }
    write!(f, ")")
}

impl fmt::Display for PythonInterpreterConfig<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_config(&with_lists(self.config.borrow().clone(), self.lists.iter().copied()), f)
    }
}

impl fmt::Display for FrozenPythonInterpreterConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_config(&with_lists(self.config.clone(), self.lists.iter().map(|v| v.to_value())), f)
    }
}

/// The table value of a Starlark value given for `spec`, or the error that
/// names what was given and what is accepted. Nothing is coerced.
pub fn to_attr_value(spec: &Attr, value: Value) -> Result<AttrValue, AttrError> {
    let wrong = || AttrError::unrepresentable(spec, value.to_repr(), value.get_type());
    if value.is_none() {
        return Ok(AttrValue::None);
    }
    if let Some(b) = value.unpack_bool() {
        return Ok(AttrValue::Bool(b));
    }
    if let Some(s) = value.unpack_str() {
        return Ok(AttrValue::Str(s.to_string()));
    }
    if value.get_type() == "int" {
        return match i64::unpack_value(value).ok().flatten() {
            Some(i) => Ok(AttrValue::Int(i)),
            // Too large for i64: out of range for every int attribute.
            None => Err(AttrError::Invalid {
                attr: spec.name,
                got: value.to_repr(),
                got_type: "int",
                problem: if matches!(spec.kind, Kind::Int { .. }) { Problem::OutOfRange } else { Problem::WrongType },
                expected: spec.expected(),
            }),
        };
    }
    if let Some(items) = list_items(value) {
        return Ok(items.map_or(AttrValue::None, AttrValue::List));
    }
    let Some(list) = ListRef::from_value(value) else { return Err(wrong()) };
    if spec.kind != Kind::StrList {
        return Err(wrong());
    }
    let mut out = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        match item.unpack_str() {
            Some(s) => out.push(s.to_string()),
            None => {
                return Err(AttrError::Invalid {
                    attr: spec.name,
                    got: item.to_repr(),
                    got_type: item.get_type(),
                    problem: Problem::NotAString { index: i },
                    expected: spec.expected(),
                })
            }
        }
    }
    Ok(AttrValue::List(out))
}

impl<'v> PythonInterpreterConfig<'v> {
    fn list_for(&self, name: &str) -> Option<Value<'v>> {
        list_attrs().position(|a| a.name == name).map(|i| self.lists[i])
    }

    /// Sets an attribute from a Starlark value, checking it against the table.
    pub fn set(&self, name: &str, value: Value<'v>) -> Result<(), AttrError> {
        let spec = attr(name).map_err(|e| removed_name(name, value).unwrap_or(e))?;
        let checked = to_attr_value(spec, value)?;
        spec.check(&checked)?;
        if let Some(message) = self.version.as_deref().and_then(|v| frost_runtime::config::too_new(spec, v)) {
            if checked != spec.default_value() {
                return Err(AttrError::TooNew { attr: spec.name, message });
            }
        }
        record(&self.locations, spec.name);
        match (self.list_for(name), checked) {
            (Some(list), AttrValue::List(items)) => {
                let list = list.downcast_ref::<StrList>().expect("a live config holds live lists");
                *list.items.borrow_mut() = Some(items);
            }
            (Some(list), AttrValue::None) => {
                let list = list.downcast_ref::<StrList>().expect("a live config holds live lists");
                *list.items.borrow_mut() = None;
            }
            (_, checked) => self.config.borrow_mut().set(name, checked)?,
        }
        Ok(())
    }
}

/// The error for a name PyOxidizer removed (`run_mode`, `raw_allocator`...),
/// saying what to write instead.
fn removed_name(name: &str, value: Value) -> Option<AttrError> {
    let shown = if let Some(s) = value.unpack_str() {
        AttrValue::Str(s.to_string())
    } else if let Some(b) = value.unpack_bool() {
        AttrValue::Bool(b)
    } else if let Some(i) = value.unpack_i32() {
        AttrValue::Int(i.into())
    } else if let Some(Some(items)) = ListRef::from_value(value)
        .map(|l| l.iter().map(|v| v.unpack_str().map(str::to_string)).collect::<Option<Vec<String>>>())
    {
        AttrValue::List(items)
    } else {
        AttrValue::None
    };
    frost_runtime::legacy::removed_config_attribute(name, &shown)
}

fn get_attr_value<'v>(
    config: &InterpreterConfig,
    lists: &[Value<'v>],
    name: &str,
    heap: Heap<'v>,
) -> Option<Value<'v>> {
    if let Some(i) = list_attrs().position(|a| a.name == name) {
        let list = lists[i];
        return Some(if list_items(list).flatten().is_some() { list } else { Value::new_none() });
    }
    Some(match config.get(name)? {
        AttrValue::None => Value::new_none(),
        AttrValue::Bool(b) => Value::new_bool(b),
        AttrValue::Int(i) => heap.alloc(i),
        AttrValue::Str(s) => heap.alloc(s),
        AttrValue::List(_) => unreachable!("lists are served above"),
    })
}

fn config_dir() -> Vec<String> {
    ATTRIBUTES.iter().map(|a| a.name.to_string()).collect()
}

#[starlark_value(type = "PythonInterpreterConfig")]
impl<'v> StarlarkValue<'v> for PythonInterpreterConfig<'v> {
    fn get_methods() -> Option<&'static Methods> {
        starlark::methods_static!(RES = config_methods);
        Some(RES.methods())
    }

    fn get_attr(&self, attribute: &str, heap: Heap<'v>) -> Option<Value<'v>> {
        get_attr_value(&self.config.borrow(), &self.lists, attribute, heap)
    }

    fn has_attr(&self, attribute: &str, _heap: Heap<'v>) -> bool {
        attr(attribute).is_ok()
    }

    fn dir_attr(&self) -> Vec<String> {
        config_dir()
    }

    fn set_attr(&self, attribute: &str, new_value: Value<'v>) -> starlark::Result<()> {
        // Bounded before anything is copied out of the heap.
        check_text_size(attribute, value_text_size(new_value))?;
        deferrable(self.set(attribute, new_value).map_err(attr_error))
    }
}

#[starlark_value(type = "PythonInterpreterConfig")]
impl<'v> StarlarkValue<'v> for FrozenPythonInterpreterConfig {
    type Canonical = PythonInterpreterConfig<'v>;

    fn get_methods() -> Option<&'static Methods> {
        starlark::methods_static!(RES = config_methods);
        Some(RES.methods())
    }

    fn get_attr(&self, attribute: &str, heap: Heap<'v>) -> Option<Value<'v>> {
        let lists: Vec<Value<'v>> = self.lists.iter().map(|v| v.to_value()).collect();
        get_attr_value(&self.config, &lists, attribute, heap)
    }

    fn has_attr(&self, attribute: &str, _heap: Heap<'v>) -> bool {
        attr(attribute).is_ok()
    }

    fn dir_attr(&self) -> Vec<String> {
        config_dir()
    }

    fn set_attr(&self, attribute: &str, _new_value: Value<'v>) -> starlark::Result<()> {
        attr(attribute).map_err(attr_error)?;
        Err(frozen_error(attribute))
    }
}

#[starlark_module]
fn config_methods(builder: &mut MethodsBuilder) {
    /// A new, live `PythonInterpreterConfig` with the same attributes.
    /// Use it to change a config that came from a loaded module.
    fn copy<'v>(this: Value<'v>, heap: Heap<'v>) -> starlark::Result<Value<'v>> {
        let config = config_of(this).ok_or_else(|| starlark::Error::new_other(anyhow::anyhow!("not a config")))?;
        let version = if let Some(live) = this.downcast_ref::<PythonInterpreterConfig>() {
            live.version.clone()
        } else {
            this.downcast_ref::<FrozenPythonInterpreterConfig>().and_then(|f| f.version.clone())
        };
        let copy = alloc_config_for(heap, config, version);
        if let Some(live) = copy.downcast_ref::<PythonInterpreterConfig>() {
            *live.locations.borrow_mut() = locations_of(this);
        }
        Ok(copy)
    }
}
