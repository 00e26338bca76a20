//! The Starlark types of a frost config: `PythonInterpreterConfig`, the live
//! string lists behind its list attributes, `PythonDistribution` and
//! `PythonExecutable`.

use std::cell::RefCell;
use std::fmt;

use allocative::Allocative;
use frost_runtime::attr::Problem;
use frost_runtime::{attr, Attr, AttrError, InterpreterConfig, Kind, Value as AttrValue, ATTRIBUTES};
use starlark::any::ProvidesStaticType;
use starlark::codemap::FileSpan;
use starlark::coerce::Coerce;
use starlark::environment::{Methods, MethodsBuilder};
use starlark::values::list::ListRef;
use starlark::values::none::NoneOr;
use starlark::values::{
    starlark_value, AllocFrozenValue, AllocValue, Freeze, FreezeResult, Freezer, FrozenHeap, FrozenValue, Heap,
    NoSerialize, StarlarkValue, Trace, UnpackValue, Value, ValueLike,
};
use starlark::{starlark_complex_value, starlark_module, starlark_simple_value};

/// An error raised to Starlark from a table check; `frost check` finds the
/// [`AttrError`] again with `anyhow`'s downcast.
pub fn attr_error(e: AttrError) -> starlark::Error {
    starlark::Error::new_value(anyhow::Error::new(e))
}

/// Mutation of a config that came from a loaded (frozen) module.
#[derive(Debug)]
pub struct FrozenConfigError {
    /// What was being changed.
    pub what: String,
}

impl fmt::Display for FrozenConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot change `{}`: this PythonInterpreterConfig comes from a loaded module, so it is frozen; \
             change a copy instead (`config = config.copy()`)",
            self.what
        )
    }
}

impl std::error::Error for FrozenConfigError {}

fn frozen_error(what: &str) -> starlark::Error {
    starlark::Error::new_value(anyhow::Error::new(FrozenConfigError { what: what.to_string() }))
}

/// Where attributes were last set: attribute name to the statement's span.
pub type Locations = std::collections::BTreeMap<&'static str, FileSpan>;

thread_local! {
    /// The statement being evaluated, while locations are tracked (see
    /// [`track_statements`]); `None` when they are not.
    static CURRENT_STATEMENT: RefCell<Option<Option<FileSpan>>> = const { RefCell::new(None) };
}

/// Turns on location tracking for this thread: from now on every config
/// records where each attribute was last set, for `frost check`.
pub fn enable_location_tracking() {
    CURRENT_STATEMENT.with(|c| *c.borrow_mut() = Some(None));
}

/// The hook that keeps the current statement up to date; a no-op unless
/// tracking is on.
pub fn before_statement(span: starlark::codemap::FileSpanRef, _continued: bool, _eval: &mut starlark::eval::Evaluator) {
    CURRENT_STATEMENT.with(|c| {
        if let Some(current) = c.borrow_mut().as_mut() {
            *current = Some(span.to_file_span());
        }
    });
}

/// The span of the statement being evaluated, while tracking is on.
pub fn current_statement() -> Option<FileSpan> {
    CURRENT_STATEMENT.with(|c| c.borrow().clone().flatten())
}

fn record(locations: &RefCell<Locations>, name: &'static str) {
    if let Some(span) = current_statement() {
        locations.borrow_mut().insert(name, span);
    }
}

/// The names of the list attributes, in table order: one `StrList` each.
fn list_attrs() -> impl Iterator<Item = &'static Attr> {
    ATTRIBUTES.iter().filter(|a| a.kind == Kind::StrList)
}

// ---------------------------------------------------------------------------
// StrList: the live list behind a list attribute

/// The list held by a list attribute such as `module_search_paths`.
///
/// Reading the attribute returns this object itself, so `append`, `extend`
/// and the other list methods change the config, and each item is checked
/// to be a string as it goes in.
#[derive(Debug, Trace, ProvidesStaticType, NoSerialize, Allocative)]
pub struct StrList {
    #[trace(static)]
    attr: &'static str,
    #[trace(static)]
    items: RefCell<Option<Vec<String>>>,
    /// Where the list was last changed in place, while tracking is on.
    #[trace(static)]
    #[allocative(skip)]
    changed_at: RefCell<Option<FileSpan>>,
}

/// A `StrList` of a frozen config.
#[derive(Debug, ProvidesStaticType, NoSerialize, Allocative)]
pub struct FrozenStrList {
    attr: &'static str,
    items: Option<Vec<String>>,
    #[allocative(skip)]
    changed_at: Option<FileSpan>,
}

impl<'v> AllocValue<'v> for StrList {
    fn alloc_value(self, heap: Heap<'v>) -> Value<'v> {
        heap.alloc_complex(self)
    }
}

impl AllocFrozenValue for FrozenStrList {
    fn alloc_frozen_value(self, heap: &FrozenHeap) -> FrozenValue {
        heap.alloc_simple(self)
    }
}

impl Freeze for StrList {
    type Frozen = FrozenStrList;
    fn freeze(self, _freezer: &Freezer) -> FreezeResult<FrozenStrList> {
        Ok(FrozenStrList { attr: self.attr, items: self.items.into_inner(), changed_at: self.changed_at.into_inner() })
    }
}

/// The items of a `StrList` value, live or frozen.
fn list_items(value: Value) -> Option<Option<Vec<String>>> {
    if let Some(live) = value.downcast_ref::<StrList>() {
        Some(live.items.borrow().clone())
    } else {
        value.downcast_ref::<FrozenStrList>().map(|f| f.items.clone())
    }
}

/// Runs `f` on the items of a live `StrList`, or says it is frozen.
fn with_list_mut<'v, R>(
    this: Value<'v>,
    f: impl FnOnce(&'static str, &mut Vec<String>) -> starlark::Result<R>,
) -> starlark::Result<R> {
    if let Some(live) = this.downcast_ref::<StrList>() {
        if let Some(span) = current_statement() {
            *live.changed_at.borrow_mut() = Some(span);
        }
        let mut items = live.items.borrow_mut();
        let items = items.get_or_insert_with(Vec::new);
        f(live.attr, items)
    } else if let Some(frozen) = this.downcast_ref::<FrozenStrList>() {
        Err(frozen_error(frozen.attr))
    } else {
        Err(starlark::Error::new_other(anyhow::anyhow!("not a config list")))
    }
}

fn repr_items(items: &Option<Vec<String>>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_str(&AttrValue::List(items.clone().unwrap_or_default()).to_starlark())
}

impl fmt::Display for StrList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        repr_items(&self.items.borrow(), f)
    }
}

impl fmt::Display for FrozenStrList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        repr_items(&self.items, f)
    }
}

/// The string an item must be before it goes in at `index`.
fn item_string(attr_name: &'static str, index: usize, item: Value) -> starlark::Result<String> {
    item.unpack_str().map(str::to_string).ok_or_else(|| {
        let expected = attr(attr_name).map(|a| a.expected()).unwrap_or_else(|_| "a list of strings".into());
        attr_error(AttrError::Invalid {
            attr: attr_name,
            got: item.to_repr(),
            got_type: item.get_type(),
            problem: Problem::NotAString { index },
            expected,
        })
    })
}

fn list_index(len: usize, index: i32) -> Option<usize> {
    let i = if index < 0 { len as i64 + i64::from(index) } else { i64::from(index) };
    (0..len as i64).contains(&i).then_some(i as usize)
}

fn list_at<'v>(items: &Option<Vec<String>>, index: Value<'v>, heap: Heap<'v>) -> starlark::Result<Value<'v>> {
    let items = items.as_deref().unwrap_or_default();
    let i = index.unpack_i32().ok_or_else(|| {
        starlark::Error::new_other(anyhow::anyhow!("list indices must be ints, not {}", index.get_type()))
    })?;
    let at = list_index(items.len(), i).ok_or_else(|| {
        starlark::Error::new_other(anyhow::anyhow!("index {i} out of range for a list of length {}", items.len()))
    })?;
    Ok(heap.alloc(items[at].as_str()))
}

fn list_equals(items: &Option<Vec<String>>, other: Value) -> bool {
    let mine = items.as_deref().unwrap_or_default();
    if let Some(list) = ListRef::from_value(other) {
        list.len() == mine.len() && list.iter().zip(mine).all(|(a, b)| a.unpack_str() == Some(b.as_str()))
    } else {
        list_items(other).is_some_and(|o| o.as_deref().unwrap_or_default() == mine)
    }
}

macro_rules! str_list_value {
    ($ty:ident $(, $canonical:ident)?) => {
        #[starlark_value(type = "StrList")]
        impl<'v> StarlarkValue<'v> for $ty {
            $(type Canonical = $canonical;)?
            fn get_methods() -> Option<&'static Methods> {
                starlark::methods_static!(RES = str_list_methods);
                Some(RES.methods())
            }

            fn length(&self) -> starlark::Result<i32> {
                Ok(self.snapshot().map_or(0, |v| v.len()) as i32)
            }

            fn to_bool(&self) -> bool {
                self.snapshot().as_ref().is_some_and(|v| !v.is_empty())
            }

            fn at(&self, index: Value<'v>, heap: Heap<'v>) -> starlark::Result<Value<'v>> {
                list_at(&self.snapshot(), index, heap)
            }

            fn iterate_collect(&self, heap: Heap<'v>) -> starlark::Result<Vec<Value<'v>>> {
                Ok(self.snapshot().iter().flatten().map(|s| heap.alloc(s.as_str())).collect())
            }

            fn is_in(&self, other: Value<'v>) -> starlark::Result<bool> {
                Ok(other.unpack_str().is_some_and(|s| self.snapshot().iter().flatten().any(|i| i == s)))
            }

            fn equals(&self, other: Value<'v>) -> starlark::Result<bool> {
                Ok(list_equals(&self.snapshot(), other))
            }

            fn add(&self, rhs: Value<'v>, heap: Heap<'v>) -> Option<starlark::Result<Value<'v>>> {
                let mut out: Vec<Value<'v>> = self.snapshot().iter().flatten().map(|s| heap.alloc(s.as_str())).collect();
                if let Some(list) = ListRef::from_value(rhs) {
                    out.extend(list.iter());
                } else if let Some(other) = list_items(rhs) {
                    out.extend(other.iter().flatten().map(|s| heap.alloc(s.as_str())));
                } else {
                    return None;
                }
                Some(Ok(heap.alloc(out)))
            }
        }
    };
}

trait Snapshot {
    fn snapshot(&self) -> Option<Vec<String>>;
}

impl Snapshot for StrList {
    fn snapshot(&self) -> Option<Vec<String>> {
        self.items.borrow().clone()
    }
}

impl Snapshot for FrozenStrList {
    fn snapshot(&self) -> Option<Vec<String>> {
        self.items.clone()
    }
}

str_list_value!(StrList);
str_list_value!(FrozenStrList, StrList);

#[starlark_module]
fn str_list_methods(builder: &mut MethodsBuilder) {
    /// Appends a string to the list.
    fn append<'v>(
        this: Value<'v>,
        #[starlark(require = pos)] item: Value<'v>,
    ) -> starlark::Result<starlark::values::none::NoneType> {
        with_list_mut(this, |attr, items| {
            items.push(item_string(attr, items.len(), item)?);
            Ok(starlark::values::none::NoneType)
        })
    }

    /// Appends every string of an iterable to the list.
    fn extend<'v>(
        this: Value<'v>,
        #[starlark(require = pos)] other: Value<'v>,
        heap: Heap<'v>,
    ) -> starlark::Result<starlark::values::none::NoneType> {
        let new: Vec<Value<'v>> = other.iterate(heap)?.collect();
        with_list_mut(this, |attr, items| {
            let start = items.len();
            let new = new
                .into_iter()
                .enumerate()
                .map(|(i, v)| item_string(attr, start + i, v))
                .collect::<starlark::Result<Vec<_>>>()?;
            items.extend(new);
            Ok(starlark::values::none::NoneType)
        })
    }

    /// Inserts a string before `index`.
    fn insert<'v>(
        this: Value<'v>,
        #[starlark(require = pos)] index: i32,
        #[starlark(require = pos)] item: Value<'v>,
    ) -> starlark::Result<starlark::values::none::NoneType> {
        with_list_mut(this, |attr, items| {
            let len = items.len() as i64;
            let at = if index < 0 { (len + i64::from(index)).max(0) } else { i64::from(index).min(len) };
            let s = item_string(attr, at as usize, item)?;
            items.insert(at as usize, s);
            Ok(starlark::values::none::NoneType)
        })
    }

    /// Removes the first item equal to `item`; an error if there is none.
    fn remove<'v>(
        this: Value<'v>,
        #[starlark(require = pos)] item: &str,
    ) -> starlark::Result<starlark::values::none::NoneType> {
        with_list_mut(this, |attr, items| match items.iter().position(|i| i == item) {
            Some(at) => {
                items.remove(at);
                Ok(starlark::values::none::NoneType)
            }
            None => Err(starlark::Error::new_other(anyhow::anyhow!(
                "`{attr}` has no item {}",
                frost_runtime::attr::starlark_string(item)
            ))),
        })
    }

    /// Removes and returns the item at `index` (the last one by default).
    fn pop<'v>(
        this: Value<'v>,
        #[starlark(require = pos)] index: Option<i32>,
        heap: Heap<'v>,
    ) -> starlark::Result<Value<'v>> {
        let s = with_list_mut(this, |attr, items| {
            let at = list_index(items.len(), index.unwrap_or(-1)).ok_or_else(|| {
                starlark::Error::new_other(anyhow::anyhow!(
                    "pop index out of range: `{attr}` has {} items",
                    items.len()
                ))
            })?;
            Ok(items.remove(at))
        })?;
        Ok(heap.alloc(s))
    }

    /// Removes every item.
    fn clear<'v>(this: Value<'v>) -> starlark::Result<starlark::values::none::NoneType> {
        with_list_mut(this, |_, items| {
            items.clear();
            Ok(starlark::values::none::NoneType)
        })
    }

    /// The index of the first item equal to `item`; an error if there is none.
    fn index<'v>(this: Value<'v>, #[starlark(require = pos)] item: &str) -> starlark::Result<i32> {
        let items = list_items(this).flatten().unwrap_or_default();
        items.iter().position(|i| i == item).map(|p| p as i32).ok_or_else(|| {
            starlark::Error::new_other(anyhow::anyhow!(
                "{} is not in the list",
                frost_runtime::attr::starlark_string(item)
            ))
        })
    }

    /// How many items equal `item`.
    fn count<'v>(this: Value<'v>, #[starlark(require = pos)] item: &str) -> starlark::Result<i32> {
        Ok(list_items(this).flatten().unwrap_or_default().iter().filter(|i| *i == item).count() as i32)
    }
}

// ---------------------------------------------------------------------------
// PythonInterpreterConfig

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
}

/// A `PythonInterpreterConfig` of a loaded module: it can be read, not changed.
#[derive(Debug, ProvidesStaticType, NoSerialize, Allocative)]
pub struct FrozenPythonInterpreterConfig {
    #[allocative(skip)]
    config: InterpreterConfig,
    lists: Vec<FrozenValue>,
    #[allocative(skip)]
    locations: Locations,
}

/// Allocates a live config holding `config`.
pub fn alloc_config<'v>(heap: Heap<'v>, config: InterpreterConfig) -> Value<'v> {
    let lists = list_attrs()
        .map(|a| {
            let items = match config.get(a.name) {
                Some(AttrValue::List(items)) => Some(items),
                _ => None,
            };
            heap.alloc(StrList { attr: a.name, items: RefCell::new(items), changed_at: RefCell::new(None) })
        })
        .collect();
    heap.alloc_complex(PythonInterpreterConfig { config: RefCell::new(config), lists, locations: RefCell::default() })
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
        let spec = attr(name)?;
        let checked = to_attr_value(spec, value)?;
        spec.check(&checked)?;
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
        self.set(attribute, new_value).map_err(attr_error)
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
        let copy = alloc_config(heap, config);
        if let Some(live) = copy.downcast_ref::<PythonInterpreterConfig>() {
            *live.locations.borrow_mut() = locations_of(this);
        }
        Ok(copy)
    }
}

// ---------------------------------------------------------------------------
// PythonDistribution

/// The CPython the launcher embeds, as `default_python_distribution()` describes it.
#[derive(Debug, Clone, ProvidesStaticType, NoSerialize, Allocative)]
pub struct PythonDistribution {
    /// `major.minor`.
    pub python_version: String,
    /// The triple the config is evaluated for.
    pub target_triple: String,
    /// Always `standalone_dynamic`: the launcher links a shared libpython.
    pub flavor: String,
}

starlark_simple_value!(PythonDistribution);

impl fmt::Display for PythonDistribution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "PythonDistribution(python_version = \"{}\", target_triple = \"{}\")",
            self.python_version, self.target_triple
        )
    }
}

#[starlark_value(type = "PythonDistribution")]
impl<'v> StarlarkValue<'v> for PythonDistribution {
    fn get_methods() -> Option<&'static Methods> {
        starlark::methods_static!(RES = distribution_methods);
        Some(RES.methods())
    }

    fn get_attr(&self, attribute: &str, heap: Heap<'v>) -> Option<Value<'v>> {
        match attribute {
            "python_version" => Some(heap.alloc(self.python_version.as_str())),
            "target_triple" => Some(heap.alloc(self.target_triple.as_str())),
            "flavor" => Some(heap.alloc(self.flavor.as_str())),
            _ => None,
        }
    }

    fn dir_attr(&self) -> Vec<String> {
        vec!["flavor".into(), "python_version".into(), "target_triple".into()]
    }
}

#[starlark_module]
fn distribution_methods(builder: &mut MethodsBuilder) {
    /// A new `PythonInterpreterConfig` with frost's defaults (the
    /// `isolated` profile, `sys.frozen`, multiprocessing auto-dispatch and the
    /// `auto` start method).
    fn make_python_interpreter_config<'v>(
        #[starlark(this)] _this: Value<'v>,
        heap: Heap<'v>,
    ) -> starlark::Result<Value<'v>> {
        Ok(alloc_config(heap, InterpreterConfig::default()))
    }

    /// An executable named `name` that runs `config` (a new default config
    /// when omitted). `packaging_policy` is accepted for PyOxidizer
    /// compatibility and must be None.
    fn to_python_executable<'v>(
        #[starlark(this)] this: Value<'v>,
        #[starlark(require = named)] name: &str,
        #[starlark(require = named, default = NoneOr::None)] packaging_policy: NoneOr<Value<'v>>,
        #[starlark(require = named, default = NoneOr::None)] config: NoneOr<Value<'v>>,
        heap: Heap<'v>,
    ) -> starlark::Result<Value<'v>> {
        if !packaging_policy.is_none() {
            return Err(starlark::Error::new_other(anyhow::anyhow!(
                "`packaging_policy` is not supported: frost's launcher loads modules from the filesystem (see module_search_paths)"
            )));
        }
        crate::names::check_executable_name(name).map_err(|e| starlark::Error::new_other(anyhow::anyhow!(e)))?;
        let dist = this.downcast_ref::<PythonDistribution>().expect("a method of PythonDistribution");
        let config = match config.into_option() {
            None => alloc_config(heap, InterpreterConfig::default()),
            Some(c) if config_of(c).is_some() => c,
            Some(c) => {
                return Err(starlark::Error::new_other(anyhow::anyhow!(
                    "`config` must be a PythonInterpreterConfig; got {} {}",
                    c.get_type(),
                    c.to_repr()
                )))
            }
        };
        Ok(heap.alloc(PythonExecutableGen {
            name: name.to_string(),
            python_version: dist.python_version.clone(),
            config,
        }))
    }
}

// ---------------------------------------------------------------------------
// PythonExecutable

/// What `dist.to_python_executable()` returns: a name and the config it runs.
#[derive(Debug, Trace, Coerce, ProvidesStaticType, NoSerialize, Allocative)]
#[repr(C)]
pub struct PythonExecutableGen<V> {
    /// The file name `frost build` writes.
    #[trace(static)]
    pub name: String,
    /// The `major.minor` of the distribution it was made from.
    #[trace(static)]
    pub python_version: String,
    /// The `PythonInterpreterConfig` it runs: a reference, so changes made
    /// after `to_python_executable` still count.
    pub config: V,
}

starlark_complex_value!(pub PythonExecutable);

impl<V> fmt::Display for PythonExecutableGen<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PythonExecutable(name = {})", frost_runtime::attr::starlark_string(&self.name))
    }
}

impl<'v> Freeze for PythonExecutable<'v> {
    type Frozen = FrozenPythonExecutable;
    fn freeze(self, freezer: &Freezer) -> FreezeResult<FrozenPythonExecutable> {
        Ok(PythonExecutableGen {
            name: self.name,
            python_version: self.python_version,
            config: self.config.freeze(freezer)?,
        })
    }
}

#[starlark_value(type = "PythonExecutable")]
impl<'v, V: ValueLike<'v>> StarlarkValue<'v> for PythonExecutableGen<V>
where
    Self: ProvidesStaticType<'v>,
{
    fn get_attr(&self, attribute: &str, heap: Heap<'v>) -> Option<Value<'v>> {
        match attribute {
            "name" => Some(heap.alloc(self.name.as_str())),
            "config" => Some(self.config.to_value()),
            _ => None,
        }
    }

    fn dir_attr(&self) -> Vec<String> {
        vec!["config".into(), "name".into()]
    }
}

/// What a target's value lowers to: the name (for an executable), the
/// config, and where its attributes were set.
pub fn lower_target_value(value: Value) -> Option<(Option<String>, InterpreterConfig, Locations)> {
    if let Some(exe) = PythonExecutable::from_value(value) {
        return Some((Some(exe.name.clone()), config_of(exe.config)?, locations_of(exe.config)));
    }
    config_of(value).map(|c| (None, c, locations_of(value)))
}
