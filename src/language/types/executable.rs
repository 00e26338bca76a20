//! `PythonExecutable`: a name, the interpreter config it runs, the
//! packaging policy it shares, its own attributes (the
//! [`EXECUTABLE_ATTRIBUTES`] table), and what it packages: the resources
//! added and the actions recorded for `frost build`. Its methods are in
//! [`super::executable_methods`].

use frost_runtime::plan::DistributionSource;
use std::cell::RefCell;
use std::fmt;

use allocative::Allocative;
use frost_runtime::plan::{Action, PlannedResource, PolicyPlan};
use frost_runtime::{executable_attr, AttrError, ExecutableAttributes, PackagingPlan, Value as AttrValue};
use starlark::any::ProvidesStaticType;
use starlark::environment::Methods;
use starlark::values::{
    starlark_value, AllocFrozenValue, AllocValue, Freeze, FreezeResult, Freezer, FrozenHeap, FrozenValue, Heap,
    NoSerialize, StarlarkValue, Trace, Value, ValueLike,
};

use super::interpreter_config::to_attr_value;
use super::legacy::removed_method_value;
use crate::language::errors::{attr_error, other_error};

/// What an executable packages, changed by its methods.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExeState {
    /// Its own attributes.
    pub attrs: ExecutableAttributes,
    /// The resources added, in order.
    pub resources: Vec<PlannedResource>,
    /// The actions recorded, in order.
    pub actions: Vec<Action>,
    /// The `PythonDistribution(local_path = ...)` it was made from.
    pub distribution: Option<DistributionSource>,
}

/// What `dist.to_python_executable()` returns.
#[derive(Debug, Trace, ProvidesStaticType, NoSerialize, Allocative)]
pub struct PythonExecutable<'v> {
    /// The file name `frost build` writes.
    #[trace(static)]
    pub name: String,
    /// The `major.minor` of the distribution it was made from.
    #[trace(static)]
    pub python_version: String,
    /// The distribution's target triple.
    #[trace(static)]
    pub target_triple: String,
    /// The `PythonInterpreterConfig` it runs: a reference, so changes made
    /// after `to_python_executable` still count.
    pub config: Value<'v>,
    /// The `PythonPackagingPolicy` it shares: later changes to its settings
    /// decide the `add_*` defaults of resources created later.
    pub policy: Value<'v>,
    /// The policy's callbacks when the executable was made (a copy).
    pub callbacks: Vec<Value<'v>>,
    /// The policy when the executable was made: it chose the allowed
    /// locations, `allow_files` and the standard library's resources.
    #[trace(static)]
    #[allocative(skip)]
    pub collector: PolicyPlan,
    #[trace(static)]
    #[allocative(skip)]
    pub(crate) state: RefCell<ExeState>,
}

/// A `PythonExecutable` of a loaded module: it can be read, not changed.
#[derive(Debug, ProvidesStaticType, NoSerialize, Allocative)]
pub struct FrozenPythonExecutable {
    name: String,
    python_version: String,
    target_triple: String,
    config: FrozenValue,
    policy: FrozenValue,
    callbacks: Vec<FrozenValue>,
    #[allocative(skip)]
    collector: PolicyPlan,
    #[allocative(skip)]
    state: ExeState,
}

/// A copy of an executable value's parts, live or frozen.
#[derive(Debug, Clone)]
pub struct ExeView<'v> {
    /// The file name.
    pub name: String,
    /// The distribution's `major.minor`.
    pub python_version: String,
    /// The distribution's target triple.
    pub target_triple: String,
    /// The config value.
    pub config: Value<'v>,
    /// The shared policy value.
    pub policy: Value<'v>,
    /// The copied callbacks.
    pub callbacks: Vec<Value<'v>>,
    /// The policy when the executable was made.
    pub collector: PolicyPlan,
    /// What it packages.
    pub state: ExeState,
}

impl ExeView<'_> {
    /// The packaging plan the executable lowers to.
    pub fn plan(&self) -> PackagingPlan {
        PackagingPlan {
            policy: self.collector.clone(),
            executable: self.state.attrs.clone(),
            resources: self.state.resources.clone(),
            actions: self.state.actions.clone(),
            distribution: self.state.distribution.clone(),
        }
    }
}

/// The parts of a `PythonExecutable` value, or `None` for any other value.
pub fn exe_of(value: Value) -> Option<ExeView> {
    if let Some(e) = value.downcast_ref::<PythonExecutable>() {
        Some(ExeView {
            name: e.name.clone(),
            python_version: e.python_version.clone(),
            target_triple: e.target_triple.clone(),
            config: e.config,
            policy: e.policy,
            callbacks: e.callbacks.clone(),
            collector: e.collector.clone(),
            state: e.state.borrow().clone(),
        })
    } else {
        let e = value.downcast_ref::<FrozenPythonExecutable>()?;
        Some(ExeView {
            name: e.name.clone(),
            python_version: e.python_version.clone(),
            target_triple: e.target_triple.clone(),
            config: e.config.to_value(),
            policy: e.policy.to_value(),
            callbacks: e.callbacks.iter().map(|v| v.to_value()).collect(),
            collector: e.collector.clone(),
            state: e.state.clone(),
        })
    }
}

/// Runs `f` on the state of a live executable, or says it is frozen.
pub(crate) fn with_state_mut<R>(value: Value, f: impl FnOnce(&mut ExeState) -> R) -> starlark::Result<R> {
    match value.downcast_ref::<PythonExecutable>() {
        Some(e) => Ok(f(&mut e.state.borrow_mut())),
        None => Err(other_error(
            "cannot change this PythonExecutable: it comes from a loaded module, so it is frozen; \
             make the executable in the module that changes it",
        )),
    }
}

impl<'v> Freeze for PythonExecutable<'v> {
    type Frozen = FrozenPythonExecutable;
    fn freeze(self, freezer: &Freezer) -> FreezeResult<FrozenPythonExecutable> {
        Ok(FrozenPythonExecutable {
            name: self.name,
            python_version: self.python_version,
            target_triple: self.target_triple,
            config: self.config.freeze(freezer)?,
            policy: self.policy.freeze(freezer)?,
            callbacks: self.callbacks.into_iter().map(|v| v.freeze(freezer)).collect::<FreezeResult<_>>()?,
            collector: self.collector,
            state: self.state.into_inner(),
        })
    }
}

impl<'v> AllocValue<'v> for PythonExecutable<'v> {
    fn alloc_value(self, heap: Heap<'v>) -> Value<'v> {
        heap.alloc_complex(self)
    }
}

impl AllocFrozenValue for FrozenPythonExecutable {
    fn alloc_frozen_value(self, heap: &FrozenHeap) -> FrozenValue {
        heap.alloc_simple(self)
    }
}

fn write_exe(name: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    write!(f, "PythonExecutable(name = {})", frost_runtime::attr::starlark_string(name))
}

impl fmt::Display for PythonExecutable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_exe(&self.name, f)
    }
}

impl fmt::Display for FrozenPythonExecutable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_exe(&self.name, f)
    }
}

/// The attributes that are not in the table: read-only.
const READ_ONLY: &[&str] = &["config", "name"];

fn get_exe_attr<'v>(
    name: &str,
    config: Value<'v>,
    attrs: &ExecutableAttributes,
    attribute: &str,
    heap: Heap<'v>,
) -> Option<Value<'v>> {
    match attribute {
        "name" => return Some(heap.alloc(name)),
        "config" => return Some(config),
        _ => {}
    }
    match attrs.get(attribute) {
        Some(AttrValue::Str(s)) => Some(heap.alloc(s)),
        Some(_) => Some(Value::new_none()),
        None => removed_method_value("PythonExecutable", attribute, heap),
    }
}

fn exe_dir() -> Vec<String> {
    let mut names: Vec<String> = frost_runtime::EXECUTABLE_ATTRIBUTES.iter().map(|a| a.name.to_string()).collect();
    names.extend(READ_ONLY.iter().map(|s| s.to_string()));
    names.sort();
    names
}

/// The error for an attribute that cannot be set, or the table's row.
fn settable(attribute: &str) -> Result<&'static frost_runtime::Attr, AttrError> {
    if READ_ONLY.contains(&attribute) {
        return Err(AttrError::ReadOnly {
            owner: "PythonExecutable",
            name: attribute.to_string(),
            hint: "it is given to `dist.to_python_executable()`",
        });
    }
    executable_attr(attribute).map_err(|_| AttrError::Unknown {
        owner: "PythonExecutable",
        name: attribute.to_string(),
        suggestion: frost_runtime::attr::closest(attribute, exe_dir_static()),
    })
}

fn exe_dir_static() -> impl Iterator<Item = &'static str> {
    frost_runtime::EXECUTABLE_ATTRIBUTES.iter().map(|a| a.name).chain(READ_ONLY.iter().copied())
}

#[starlark_value(type = "PythonExecutable")]
impl<'v> StarlarkValue<'v> for PythonExecutable<'v> {
    fn get_methods() -> Option<&'static Methods> {
        starlark::methods_static!(RES = super::executable_methods::exe_methods);
        Some(RES.methods())
    }

    fn get_attr(&self, attribute: &str, heap: Heap<'v>) -> Option<Value<'v>> {
        get_exe_attr(&self.name, self.config, &self.state.borrow().attrs, attribute, heap)
    }

    fn has_attr(&self, attribute: &str, _heap: Heap<'v>) -> bool {
        exe_dir_static().any(|n| n == attribute)
    }

    fn dir_attr(&self) -> Vec<String> {
        exe_dir()
    }

    fn set_attr(&self, attribute: &str, value: Value<'v>) -> starlark::Result<()> {
        crate::language::errors::deferrable((|| {
            let spec = settable(attribute).map_err(attr_error)?;
            let checked = to_attr_value(spec, value).map_err(attr_error)?;
            self.state.borrow_mut().attrs.set(attribute, checked).map_err(attr_error)
        })())
    }
}

#[starlark_value(type = "PythonExecutable")]
impl<'v> StarlarkValue<'v> for FrozenPythonExecutable {
    type Canonical = PythonExecutable<'v>;

    fn get_methods() -> Option<&'static Methods> {
        starlark::methods_static!(RES = super::executable_methods::exe_methods);
        Some(RES.methods())
    }

    fn get_attr(&self, attribute: &str, heap: Heap<'v>) -> Option<Value<'v>> {
        get_exe_attr(&self.name, self.config.to_value(), &self.state.attrs, attribute, heap)
    }

    fn has_attr(&self, attribute: &str, _heap: Heap<'v>) -> bool {
        exe_dir_static().any(|n| n == attribute)
    }

    fn dir_attr(&self) -> Vec<String> {
        exe_dir()
    }

    fn set_attr(&self, attribute: &str, _value: Value<'v>) -> starlark::Result<()> {
        settable(attribute).map_err(attr_error)?;
        with_state_mut(Value::new_none(), |_| ())
    }
}
