//! `StrList`: the live list behind a list attribute such as
//! `module_search_paths`, checked item by item.

use std::cell::RefCell;
use std::fmt;

use allocative::Allocative;
use frost_runtime::attr::Problem;
use frost_runtime::{attr, Attr, AttrError, Kind, Value as AttrValue, ATTRIBUTES};
use starlark::any::ProvidesStaticType;
use starlark::codemap::FileSpan;
use starlark::environment::{Methods, MethodsBuilder};
use starlark::starlark_module;
use starlark::values::list::ListRef;
use starlark::values::{
    starlark_value, AllocFrozenValue, AllocValue, Freeze, FreezeResult, Freezer, FrozenHeap, FrozenValue, Heap,
    NoSerialize, StarlarkValue, Trace, Value, ValueLike,
};

use crate::language::errors::{attr_error, frozen_error};
use crate::language::limits::MAX_ATTRIBUTE_TEXT_BYTES;
use crate::language::locations::current_statement;

/// The names of the list attributes, in table order: one `StrList` each.
pub(crate) fn list_attrs() -> impl Iterator<Item = &'static Attr> {
    ATTRIBUTES.iter().filter(|a| a.kind == Kind::StrList)
}

/// The list held by a list attribute such as `module_search_paths`.
///
/// Reading the attribute returns this object itself, so `append`, `extend`
/// and the other list methods change the config, and each item is checked
/// to be a string as it goes in.
#[derive(Debug, Trace, ProvidesStaticType, NoSerialize, Allocative)]
pub struct StrList {
    #[trace(static)]
    pub(crate) attr: &'static str,
    #[trace(static)]
    pub(crate) items: RefCell<Option<Vec<String>>>,
    /// Where the list was last changed in place, while tracking is on.
    #[trace(static)]
    #[allocative(skip)]
    pub(crate) changed_at: RefCell<Option<FileSpan>>,
}

/// A `StrList` of a frozen config.
#[derive(Debug, ProvidesStaticType, NoSerialize, Allocative)]
pub struct FrozenStrList {
    pub(crate) attr: &'static str,
    pub(crate) items: Option<Vec<String>>,
    #[allocative(skip)]
    pub(crate) changed_at: Option<FileSpan>,
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
pub(crate) fn list_items(value: Value) -> Option<Option<Vec<String>>> {
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

/// An error unless `bytes` of text fit in one attribute
/// ([`MAX_ATTRIBUTE_TEXT_BYTES`]).
pub(crate) fn check_text_size(attr_name: &str, bytes: usize) -> starlark::Result<()> {
    if bytes > MAX_ATTRIBUTE_TEXT_BYTES {
        return Err(starlark::Error::new_other(anyhow::anyhow!(
            "config attribute limit exceeded: `{attr_name}` would hold {bytes} bytes of text, more than the {MAX_ATTRIBUTE_TEXT_BYTES} bytes (64 MiB) an attribute may hold"
        )));
    }
    Ok(())
}

/// The bytes of text in `items`.
fn text_size(items: &[String]) -> usize {
    items.iter().map(String::len).sum()
}

/// The bytes of text in a Starlark value given for an attribute: a string,
/// or the strings of a list (other items count nothing: they are refused).
pub(crate) fn value_text_size(value: Value) -> usize {
    if let Some(s) = value.unpack_str() {
        s.len()
    } else if let Some(list) = ListRef::from_value(value) {
        list.iter().map(|v| v.unpack_str().map_or(0, str::len)).fold(0, usize::saturating_add)
    } else {
        0
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

            fn set_at(&self, index: Value<'v>, new_value: Value<'v>) -> starlark::Result<()> {
                self.set_item(index, new_value)
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
    /// `list[index] = value`, checked as `append` checks.
    fn set_item(&self, index: Value, value: Value) -> starlark::Result<()>;
}

impl Snapshot for StrList {
    fn snapshot(&self) -> Option<Vec<String>> {
        self.items.borrow().clone()
    }

    fn set_item(&self, index: Value, value: Value) -> starlark::Result<()> {
        let len = self.items.borrow().as_ref().map_or(0, Vec::len);
        let i = index.unpack_i32().ok_or_else(|| {
            starlark::Error::new_other(anyhow::anyhow!("list indices must be ints, not {}", index.get_type()))
        })?;
        let at = list_index(len, i).ok_or_else(|| {
            starlark::Error::new_other(anyhow::anyhow!("index {i} out of range: `{}` has {len} items", self.attr))
        })?;
        let item = item_string(self.attr, at, value)?;
        let others = self.items.borrow().as_ref().map_or(0, |items| text_size(items) - items[at].len());
        check_text_size(self.attr, others.saturating_add(item.len()))?;
        if let Some(span) = current_statement() {
            *self.changed_at.borrow_mut() = Some(span);
        }
        if let Some(items) = self.items.borrow_mut().as_mut() {
            items[at] = item;
        }
        Ok(())
    }
}

impl Snapshot for FrozenStrList {
    fn snapshot(&self) -> Option<Vec<String>> {
        self.items.clone()
    }

    fn set_item(&self, _index: Value, _value: Value) -> starlark::Result<()> {
        Err(frozen_error(self.attr))
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
            check_text_size(attr, text_size(items).saturating_add(value_text_size(item)))?;
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
            let adding = new.iter().map(|v| value_text_size(*v)).fold(0, usize::saturating_add);
            check_text_size(attr, text_size(items).saturating_add(adding))?;
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
            check_text_size(attr, text_size(items).saturating_add(value_text_size(item)))?;
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
