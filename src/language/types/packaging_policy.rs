//! `PythonPackagingPolicy`: every attribute of the packaging policy table,
//! checked on assignment, plus the preferred extension module variants and
//! the resource callbacks.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;

use allocative::Allocative;
use frost_runtime::plan::PolicyPlan;
use frost_runtime::{policy_attr, AttrError, PackagingPolicy, Value as AttrValue, POLICY_ATTRIBUTES};
use starlark::any::ProvidesStaticType;
use starlark::environment::{Methods, MethodsBuilder};
use starlark::starlark_module;
use starlark::values::dict::AllocDict;
use starlark::values::none::NoneType;
use starlark::values::{
    starlark_value, AllocFrozenValue, AllocValue, Freeze, FreezeResult, Freezer, FrozenHeap, FrozenValue, Heap,
    NoSerialize, StarlarkValue, Trace, Value, ValueLike,
};

use super::interpreter_config::to_attr_value;
use crate::language::errors::{attr_error, other_error};

/// The attribute that is read-only: a copy of the dict each time.
const VARIANTS: &str = "preferred_extension_module_variants";

/// The live policy. Executables made from it share its settings (they read
/// them when they create resources) but copy its callbacks.
#[derive(Debug, Trace, ProvidesStaticType, NoSerialize, Allocative)]
pub struct PythonPackagingPolicy<'v> {
    #[trace(static)]
    #[allocative(skip)]
    policy: RefCell<PackagingPolicy>,
    #[trace(static)]
    #[allocative(skip)]
    variants: RefCell<BTreeMap<String, String>>,
    /// The functions of `register_resource_callback`, in order.
    #[allocative(skip)]
    callbacks: RefCell<Vec<Value<'v>>>,
}

/// A policy of a loaded module: it can be read, not changed.
#[derive(Debug, ProvidesStaticType, NoSerialize, Allocative)]
pub struct FrozenPythonPackagingPolicy {
    #[allocative(skip)]
    policy: PackagingPolicy,
    #[allocative(skip)]
    variants: BTreeMap<String, String>,
    callbacks: Vec<FrozenValue>,
}

/// Allocates a live policy holding `policy`.
pub fn alloc_policy(heap: Heap<'_>, policy: PackagingPolicy) -> Value<'_> {
    heap.alloc_complex(PythonPackagingPolicy {
        policy: RefCell::new(policy),
        variants: RefCell::default(),
        callbacks: RefCell::default(),
    })
}

/// The settings of a policy value, live or frozen, or `None` for any other value.
pub fn policy_of(value: Value) -> Option<PolicyPlan> {
    if let Some(live) = value.downcast_ref::<PythonPackagingPolicy>() {
        Some(PolicyPlan {
            policy: live.policy.borrow().clone(),
            preferred_extension_module_variants: live.variants.borrow().clone(),
        })
    } else {
        let frozen = value.downcast_ref::<FrozenPythonPackagingPolicy>()?;
        Some(PolicyPlan { policy: frozen.policy.clone(), preferred_extension_module_variants: frozen.variants.clone() })
    }
}

/// The registered callbacks of a policy value, in order.
pub fn callbacks_of<'v>(value: Value<'v>) -> Vec<Value<'v>> {
    if let Some(live) = value.downcast_ref::<PythonPackagingPolicy>() {
        live.callbacks.borrow().clone()
    } else if let Some(frozen) = value.downcast_ref::<FrozenPythonPackagingPolicy>() {
        frozen.callbacks.iter().map(|v| v.to_value()).collect()
    } else {
        Vec::new()
    }
}

impl<'v> Freeze for PythonPackagingPolicy<'v> {
    type Frozen = FrozenPythonPackagingPolicy;
    fn freeze(self, freezer: &Freezer) -> FreezeResult<Self::Frozen> {
        Ok(FrozenPythonPackagingPolicy {
            policy: self.policy.into_inner(),
            variants: self.variants.into_inner(),
            callbacks: self
                .callbacks
                .into_inner()
                .into_iter()
                .map(|v| v.freeze(freezer))
                .collect::<FreezeResult<_>>()?,
        })
    }
}

impl<'v> AllocValue<'v> for PythonPackagingPolicy<'v> {
    fn alloc_value(self, heap: Heap<'v>) -> Value<'v> {
        heap.alloc_complex(self)
    }
}

impl AllocFrozenValue for FrozenPythonPackagingPolicy {
    fn alloc_frozen_value(self, heap: &FrozenHeap) -> FrozenValue {
        heap.alloc_simple(self)
    }
}

/// `PythonPackagingPolicy(resources_location = "in-memory", ...)`: the
/// attributes that differ from the defaults.
fn write_policy(policy: &PackagingPolicy, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let defaults = PackagingPolicy::default();
    let changed: Vec<String> = POLICY_ATTRIBUTES
        .iter()
        .filter_map(|a| {
            let v = policy.get(a.name)?;
            (Some(&v) != defaults.get(a.name).as_ref()).then(|| format!("{} = {}", a.name, v.to_starlark()))
        })
        .collect();
    write!(f, "PythonPackagingPolicy({})", changed.join(", "))
}

impl fmt::Display for PythonPackagingPolicy<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_policy(&self.policy.borrow(), f)
    }
}

impl fmt::Display for FrozenPythonPackagingPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_policy(&self.policy, f)
    }
}

fn get_policy_attr<'v>(
    policy: &PackagingPolicy,
    variants: &BTreeMap<String, String>,
    attribute: &str,
    heap: Heap<'v>,
) -> Option<Value<'v>> {
    if attribute == VARIANTS {
        let items: Vec<(&str, &str)> = variants.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        return Some(heap.alloc(AllocDict(items)));
    }
    Some(match policy.get(attribute)? {
        AttrValue::Bool(b) => Value::new_bool(b),
        AttrValue::Str(s) => heap.alloc(s),
        _ => Value::new_none(),
    })
}

fn policy_dir() -> Vec<String> {
    let mut names: Vec<String> = POLICY_ATTRIBUTES.iter().map(|a| a.name.to_string()).collect();
    names.push(VARIANTS.to_string());
    names.sort();
    names
}

/// The error for an attribute that cannot be set, or `None` when the table
/// has a row for it.
fn unsettable(attribute: &str) -> Option<AttrError> {
    if attribute == VARIANTS {
        return Some(AttrError::ReadOnly {
            owner: "PythonPackagingPolicy",
            name: attribute.to_string(),
            hint: "call `policy.set_preferred_extension_module_variant(name, value)` instead",
        });
    }
    policy_attr(attribute).err()
}

impl<'v> PythonPackagingPolicy<'v> {
    /// Sets an attribute from a Starlark value, checking it against the table.
    pub fn set(&self, name: &str, value: Value<'v>) -> Result<(), AttrError> {
        if let Some(e) = unsettable(name) {
            return Err(e);
        }
        let spec = policy_attr(name)?;
        let checked = to_attr_value(spec, value)?;
        self.policy.borrow_mut().set(name, checked)
    }
}

#[starlark_value(type = "PythonPackagingPolicy")]
impl<'v> StarlarkValue<'v> for PythonPackagingPolicy<'v> {
    fn get_methods() -> Option<&'static Methods> {
        starlark::methods_static!(RES = policy_methods);
        Some(RES.methods())
    }

    fn get_attr(&self, attribute: &str, heap: Heap<'v>) -> Option<Value<'v>> {
        get_policy_attr(&self.policy.borrow(), &self.variants.borrow(), attribute, heap)
    }

    fn has_attr(&self, attribute: &str, _heap: Heap<'v>) -> bool {
        attribute == VARIANTS || policy_attr(attribute).is_ok()
    }

    fn dir_attr(&self) -> Vec<String> {
        policy_dir()
    }

    fn set_attr(&self, attribute: &str, value: Value<'v>) -> starlark::Result<()> {
        crate::language::errors::deferrable(self.set(attribute, value).map_err(attr_error))
    }
}

fn frozen_policy_error() -> starlark::Error {
    other_error(
        "cannot change this PythonPackagingPolicy: it comes from a loaded module, so it is frozen; \
         make a new one with `dist.make_python_packaging_policy()`",
    )
}

#[starlark_value(type = "PythonPackagingPolicy")]
impl<'v> StarlarkValue<'v> for FrozenPythonPackagingPolicy {
    type Canonical = PythonPackagingPolicy<'v>;

    fn get_methods() -> Option<&'static Methods> {
        starlark::methods_static!(RES = policy_methods);
        Some(RES.methods())
    }

    fn get_attr(&self, attribute: &str, heap: Heap<'v>) -> Option<Value<'v>> {
        get_policy_attr(&self.policy, &self.variants, attribute, heap)
    }

    fn has_attr(&self, attribute: &str, _heap: Heap<'v>) -> bool {
        attribute == VARIANTS || policy_attr(attribute).is_ok()
    }

    fn dir_attr(&self) -> Vec<String> {
        policy_dir()
    }

    fn set_attr(&self, attribute: &str, _value: Value<'v>) -> starlark::Result<()> {
        if let Some(e) = unsettable(attribute) {
            return Err(attr_error(e));
        }
        Err(frozen_policy_error())
    }
}

fn live<'v>(this: Value<'v>) -> starlark::Result<&'v PythonPackagingPolicy<'v>> {
    this.downcast_ref::<PythonPackagingPolicy>().ok_or_else(frozen_policy_error)
}

#[starlark_module]
fn policy_methods(builder: &mut MethodsBuilder) {
    /// Registers `func`, called as `func(policy, resource)` for every
    /// resource created through this policy (`read_package_root`,
    /// `make_python_module_source`), after the resource's `add_*` defaults
    /// are derived; its changes to `resource.add_*` are kept and its return
    /// value is ignored. An executable copies the callbacks registered
    /// before `to_python_executable`; later ones do not reach it.
    fn register_resource_callback<'v>(
        this: Value<'v>,
        #[starlark(require = pos)] func: Value<'v>,
    ) -> starlark::Result<NoneType> {
        if func.get_type() != "function" {
            return Err(other_error(format!(
                "`func` must be a function taking (policy, resource); got {} {}",
                func.get_type(),
                frost_runtime::attr::truncate(&func.to_repr(), 80)
            )));
        }
        live(this)?.callbacks.borrow_mut().push(func);
        Ok(NoneType)
    }

    /// Prefers the variant `value` of the extension module `name` when the
    /// distribution has several.
    fn set_preferred_extension_module_variant<'v>(
        this: Value<'v>,
        name: &str,
        value: &str,
    ) -> starlark::Result<NoneType> {
        live(this)?.variants.borrow_mut().insert(name.to_string(), value.to_string());
        Ok(NoneType)
    }

    /// `"classify"`: typed resources only (emit_files, allow_files and
    /// include_file_resources off; classify_files and
    /// include_classified_resources on). `"files"`: untyped `File`
    /// resources (emit_files, allow_files, include_file_resources and
    /// include_classified_resources on; classify_files off).
    fn set_resource_handling_mode<'v>(this: Value<'v>, mode: &str) -> starlark::Result<NoneType> {
        let policy = live(this)?;
        if !policy.policy.borrow_mut().set_resource_handling_mode(mode) {
            return Err(other_error(format!(
                "`mode` cannot be {}; it must be \"classify\" or \"files\"",
                frost_runtime::attr::starlark_string(mode)
            )));
        }
        Ok(NoneType)
    }
}
