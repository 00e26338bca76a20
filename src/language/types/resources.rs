//! The five resource types: `PythonModuleSource`, `PythonPackageResource`,
//! `PythonPackageDistributionResource`, `PythonExtensionModule` and `File`.
//!
//! They have no constructor: `read_package_root`,
//! `make_python_module_source` and friends create them. Their own
//! attributes are read-only; the shared `add_*` attributes (the
//! [`ADD_ATTRIBUTES`] table) are checked on assignment.

use std::cell::RefCell;
use std::fmt;

use allocative::Allocative;
use frost_runtime::plan::{add_attr, AddFlags, ResourceKind, ADD_ATTRIBUTES};
use frost_runtime::{AttrError, Value as AttrValue};
use starlark::any::ProvidesStaticType;
use starlark::values::{
    starlark_value, AllocFrozenValue, AllocValue, Freeze, FreezeResult, Freezer, FrozenHeap, FrozenValue, Heap,
    NoSerialize, StarlarkValue, Trace, Value, ValueLike,
};

use super::interpreter_config::to_attr_value;
use crate::language::errors::{attr_error, other_error};

/// What a resource is, apart from its `add_*` decisions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceData {
    /// Which of the five types it is.
    pub kind: ResourceKind,
    /// The module name, the resource's name in its package, or a `File`'s path.
    pub name: String,
    /// The package of a package or distribution resource.
    pub package: Option<String>,
    /// Whether a module source is a package (`__init__.py`).
    pub is_package: bool,
    /// Whether it comes from the distribution.
    pub is_stdlib: bool,
    /// Whether it is part of a test package (not exposed, as in PyOxidizer).
    pub is_test: bool,
    /// Whether a `File` is executable.
    pub is_executable: bool,
    /// The file it was read from, if any.
    pub source_path: Option<String>,
    /// A module's source, when known.
    pub source: Option<String>,
    /// The `.dist-info` or `.egg-info` folder a distribution resource was
    /// read from (`alpha-1.0.dist-info`): the build places it there, so the
    /// installed folder keeps its name, while `package` is the package's
    /// name (`alpha`), as in PyOxidizer.
    pub dist_folder: Option<String>,
}

impl ResourceData {
    /// The type-specific attributes, in `dir()` order.
    fn own_attributes(&self) -> &'static [&'static str] {
        match self.kind {
            ResourceKind::PythonModuleSource => &["is_package", "is_stdlib", "name", "source"],
            ResourceKind::PythonPackageResource | ResourceKind::PythonPackageDistributionResource => {
                &["is_stdlib", "name", "package"]
            }
            ResourceKind::PythonExtensionModule => &["is_stdlib", "name"],
            ResourceKind::File => &["is_executable", "path"],
        }
    }

    fn get<'v>(&self, attribute: &str, heap: Heap<'v>) -> Option<Value<'v>> {
        if !self.own_attributes().contains(&attribute) {
            return None;
        }
        Some(match attribute {
            "name" => heap.alloc(self.name.as_str()),
            "path" => heap.alloc(self.name.as_str()),
            "package" => heap.alloc(self.package.as_deref().unwrap_or_default()),
            "source" => heap.alloc(self.source.as_deref().unwrap_or_default()),
            "is_package" => Value::new_bool(self.is_package),
            "is_stdlib" => Value::new_bool(self.is_stdlib),
            "is_executable" => Value::new_bool(self.is_executable),
            _ => return None,
        })
    }
}

impl fmt::Display for ResourceData {
    /// PyOxidizer's `str()`: `PythonModuleSource<name=app>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.kind.type_name();
        match self.kind {
            ResourceKind::PythonPackageResource | ResourceKind::PythonPackageDistributionResource => {
                write!(f, "{t}<package={}, name={}>", self.package.as_deref().unwrap_or_default(), self.name)
            }
            ResourceKind::File => write!(f, "{t}<path={}>", self.name),
            _ => write!(f, "{t}<name={}>", self.name),
        }
    }
}

/// A live resource: its data and its changeable `add_*` decisions.
#[derive(Debug)]
pub struct ResourceCell {
    /// What it is.
    pub data: ResourceData,
    /// Its `add_*` decisions.
    pub add: RefCell<AddFlags>,
}

/// A resource of a loaded module: it can be read, not changed.
#[derive(Debug)]
pub struct FrozenResource {
    /// What it is.
    pub data: ResourceData,
    /// Its `add_*` decisions.
    pub add: AddFlags,
}

fn get_any<'v>(data: &ResourceData, add: &AddFlags, attribute: &str, heap: Heap<'v>) -> Option<Value<'v>> {
    data.get(attribute, heap).or_else(|| {
        add.get(attribute).map(|v| match v {
            AttrValue::Bool(b) => Value::new_bool(b),
            AttrValue::Str(s) => heap.alloc(s),
            _ => Value::new_none(),
        })
    })
}

fn dir_any(data: &ResourceData) -> Vec<String> {
    let mut out: Vec<String> = data.own_attributes().iter().map(|s| s.to_string()).collect();
    out.extend(ADD_ATTRIBUTES.iter().map(|a| a.name.to_string()));
    out.sort();
    out
}

/// The error for setting `attribute` on a resource that cannot take it.
fn not_settable(data: &ResourceData, attribute: &str) -> AttrError {
    let owner = data.kind.type_name();
    if data.own_attributes().contains(&attribute) {
        return AttrError::ReadOnly {
            owner,
            name: attribute.to_string(),
            hint: "only the add_* attributes of a resource can be set",
        };
    }
    let names = data.own_attributes().iter().copied().chain(ADD_ATTRIBUTES.iter().map(|a| a.name));
    AttrError::Unknown {
        owner,
        name: attribute.to_string(),
        suggestion: frost_runtime::attr::closest(attribute, names),
    }
}

fn set_any(data: &ResourceData, add: &mut AddFlags, attribute: &str, value: Value) -> Result<(), AttrError> {
    let spec = add_attr(attribute).map_err(|_| not_settable(data, attribute))?;
    let checked = to_attr_value(spec, value)?;
    add.set(attribute, checked)
}

/// Declares one resource type: the live and frozen structs and their
/// Starlark values.
macro_rules! resource_type {
    ($live:ident, $frozen:ident, $name:literal) => {
        #[doc = concat!("A live `", $name, "`.")]
        #[derive(Debug, Trace, ProvidesStaticType, NoSerialize, Allocative)]
        pub struct $live {
            #[trace(static)]
            #[allocative(skip)]
            pub(crate) inner: ResourceCell,
        }

        #[doc = concat!("A `", $name, "` of a loaded module.")]
        #[derive(Debug, ProvidesStaticType, NoSerialize, Allocative)]
        pub struct $frozen {
            #[allocative(skip)]
            pub(crate) inner: FrozenResource,
        }

        impl Freeze for $live {
            type Frozen = $frozen;
            fn freeze(self, _freezer: &Freezer) -> FreezeResult<$frozen> {
                Ok($frozen { inner: FrozenResource { data: self.inner.data, add: self.inner.add.into_inner() } })
            }
        }

        impl<'v> AllocValue<'v> for $live {
            fn alloc_value(self, heap: Heap<'v>) -> Value<'v> {
                heap.alloc_complex(self)
            }
        }

        impl AllocFrozenValue for $frozen {
            fn alloc_frozen_value(self, heap: &FrozenHeap) -> FrozenValue {
                heap.alloc_simple(self)
            }
        }

        impl fmt::Display for $live {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.inner.data.fmt(f)
            }
        }

        impl fmt::Display for $frozen {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.inner.data.fmt(f)
            }
        }

        #[starlark_value(type = $name)]
        impl<'v> StarlarkValue<'v> for $live {
            fn get_attr(&self, attribute: &str, heap: Heap<'v>) -> Option<Value<'v>> {
                get_any(&self.inner.data, &self.inner.add.borrow(), attribute, heap)
            }

            fn has_attr(&self, attribute: &str, heap: Heap<'v>) -> bool {
                self.get_attr(attribute, heap).is_some()
            }

            fn dir_attr(&self) -> Vec<String> {
                dir_any(&self.inner.data)
            }

            fn set_attr(&self, attribute: &str, value: Value<'v>) -> starlark::Result<()> {
                // Bounded before anything is copied out of the heap.
                super::str_list::check_text_size(attribute, super::str_list::value_text_size(value))?;
                crate::language::errors::deferrable(
                    set_any(&self.inner.data, &mut self.inner.add.borrow_mut(), attribute, value).map_err(attr_error),
                )
            }
        }

        #[starlark_value(type = $name)]
        impl<'v> StarlarkValue<'v> for $frozen {
            type Canonical = $live;

            fn get_attr(&self, attribute: &str, heap: Heap<'v>) -> Option<Value<'v>> {
                get_any(&self.inner.data, &self.inner.add, attribute, heap)
            }

            fn has_attr(&self, attribute: &str, heap: Heap<'v>) -> bool {
                self.get_attr(attribute, heap).is_some()
            }

            fn dir_attr(&self) -> Vec<String> {
                dir_any(&self.inner.data)
            }

            fn set_attr(&self, attribute: &str, _value: Value<'v>) -> starlark::Result<()> {
                add_attr(attribute).map_err(|_| attr_error(not_settable(&self.inner.data, attribute)))?;
                Err(other_error(format!(
                    "cannot change `{attribute}`: this {} comes from a loaded module, so it is frozen",
                    $name
                )))
            }
        }
    };
}

resource_type!(PythonModuleSource, FrozenPythonModuleSource, "PythonModuleSource");
resource_type!(PythonPackageResource, FrozenPythonPackageResource, "PythonPackageResource");
resource_type!(
    PythonPackageDistributionResource,
    FrozenPythonPackageDistributionResource,
    "PythonPackageDistributionResource"
);
resource_type!(PythonExtensionModule, FrozenPythonExtensionModule, "PythonExtensionModule");
resource_type!(File, FrozenFile, "File");

/// Allocates a live resource of `data.kind` with the decisions `add`.
pub fn alloc_resource<'v>(heap: Heap<'v>, data: ResourceData, add: AddFlags) -> Value<'v> {
    let inner = ResourceCell { data, add: RefCell::new(add) };
    match inner.data.kind {
        ResourceKind::PythonModuleSource => heap.alloc(PythonModuleSource { inner }),
        ResourceKind::PythonPackageResource => heap.alloc(PythonPackageResource { inner }),
        ResourceKind::PythonPackageDistributionResource => heap.alloc(PythonPackageDistributionResource { inner }),
        ResourceKind::PythonExtensionModule => heap.alloc(PythonExtensionModule { inner }),
        ResourceKind::File => heap.alloc(File { inner }),
    }
}

/// The data and current `add_*` decisions of a resource value, live or
/// frozen, or `None` for any other value.
pub fn resource_of(value: Value) -> Option<(ResourceData, AddFlags)> {
    macro_rules! try_types {
        ($(($live:ident, $frozen:ident)),*) => {
            $(
                if let Some(r) = value.downcast_ref::<$live>() {
                    return Some((r.inner.data.clone(), r.inner.add.borrow().clone()));
                }
                if let Some(r) = value.downcast_ref::<$frozen>() {
                    return Some((r.inner.data.clone(), r.inner.add.clone()));
                }
            )*
        };
    }
    try_types!(
        (PythonModuleSource, FrozenPythonModuleSource),
        (PythonPackageResource, FrozenPythonPackageResource),
        (PythonPackageDistributionResource, FrozenPythonPackageDistributionResource),
        (PythonExtensionModule, FrozenPythonExtensionModule),
        (File, FrozenFile)
    );
    None
}

/// The names of the five resource types, for messages.
pub const RESOURCE_TYPES: &str = "a PythonModuleSource, PythonPackageResource, PythonPackageDistributionResource, \
                                  PythonExtensionModule or File";
