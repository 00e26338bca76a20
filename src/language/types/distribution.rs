//! `PythonDistribution`: the CPython a config builds on, and the factory of
//! its interpreter configs and executables.

use std::fmt;

use allocative::Allocative;
use frost_runtime::InterpreterConfig;
use starlark::any::ProvidesStaticType;
use starlark::environment::{Methods, MethodsBuilder};
use starlark::values::none::NoneOr;
use starlark::values::{starlark_value, Heap, NoSerialize, StarlarkValue, Value, ValueLike};
use starlark::{starlark_module, starlark_simple_value};

use std::cell::RefCell;

use frost_runtime::plan::DistributionSource;
use frost_runtime::PackagingPolicy;
use starlark_map::small_map::SmallMap;

use super::executable::{ExeState, PythonExecutable};
use super::interpreter_config::{alloc_config, alloc_config_for, config_of};
use super::legacy::removed_method_value;
use super::packaging_policy::{alloc_policy, callbacks_of, policy_of};
use crate::language::errors::other_error;

/// The CPython the launcher embeds, as `default_python_distribution()` describes it.
#[derive(Debug, Clone, ProvidesStaticType, NoSerialize, Allocative)]
pub struct PythonDistribution {
    /// `major.minor`.
    pub python_version: String,
    /// The triple the config is evaluated for.
    pub target_triple: String,
    /// Always `standalone_dynamic`: the launcher links a shared libpython.
    pub flavor: String,
    /// `PythonDistribution(local_path = ..., sha256 = ...)`; `None` for
    /// `default_python_distribution()`, which `frost build` selects.
    #[allocative(skip)]
    pub local: Option<DistributionSource>,
}

starlark_simple_value!(PythonDistribution);

impl fmt::Display for PythonDistribution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "PythonDistribution(python_version = \"{}\", target_triple = \"{}\"",
            self.python_version, self.target_triple
        )?;
        if let Some(local) = &self.local {
            write!(f, ", local_path = {:?}", local.local_path)?;
        }
        write!(f, ")")
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
            "local_path" => Some(match &self.local {
                Some(l) => heap.alloc(l.local_path.as_str()),
                None => Value::new_none(),
            }),
            "sha256" => Some(match self.local.as_ref().and_then(|l| l.sha256.as_deref()) {
                Some(s) => heap.alloc(s),
                None => Value::new_none(),
            }),
            _ => removed_method_value("PythonDistribution", attribute, heap),
        }
    }

    fn has_attr(&self, attribute: &str, _heap: Heap<'v>) -> bool {
        matches!(attribute, "python_version" | "target_triple" | "flavor" | "local_path" | "sha256")
    }

    fn dir_attr(&self) -> Vec<String> {
        ["flavor", "local_path", "python_version", "sha256", "target_triple"].map(String::from).to_vec()
    }
}

#[starlark_module]
fn distribution_methods(builder: &mut MethodsBuilder) {
    /// A new `PythonInterpreterConfig` with frost's defaults (the
    /// `isolated` profile, `sys.frozen`, multiprocessing auto-dispatch and the
    /// `auto` start method).
    ///
    /// An attribute that exists only in a later CPython than the
    /// distribution's (`safe_path` needs 3.11...) is refused when set.
    fn make_python_interpreter_config<'v>(
        #[starlark(this)] this: Value<'v>,
        heap: Heap<'v>,
    ) -> starlark::Result<Value<'v>> {
        let dist = this.downcast_ref::<PythonDistribution>().expect("a method of PythonDistribution");
        Ok(alloc_config_for(heap, InterpreterConfig::default(), Some(dist.python_version.clone())))
    }

    /// A new `PythonPackagingPolicy` with PyOxidizer's defaults for the
    /// distribution's target (`resources_location_fallback` is
    /// `"filesystem-relative:lib"` for Windows MSVC targets, else None).
    fn make_python_packaging_policy<'v>(
        #[starlark(this)] this: Value<'v>,
        heap: Heap<'v>,
    ) -> starlark::Result<Value<'v>> {
        let dist = this.downcast_ref::<PythonDistribution>().expect("a method of PythonDistribution");
        Ok(alloc_policy(heap, PackagingPolicy::for_target(&dist.target_triple)))
    }

    /// The standard library's resources. frost evaluates without Python,
    /// so it cannot list them: this is always an empty list. The standard
    /// library is packaged by `frost build` as the executable's policy
    /// (`extension_module_filter`, `include_distribution_sources`...) says.
    fn python_resources<'v>(#[starlark(this)] _this: Value<'v>, heap: Heap<'v>) -> starlark::Result<Value<'v>> {
        Ok(heap.alloc(Vec::<Value<'v>>::new()))
    }

    /// An executable named `name` that runs `config` (a new default config
    /// when omitted), packaged by `packaging_policy` (a new default policy
    /// when omitted).
    ///
    /// As in PyOxidizer, the executable shares the policy's settings (later
    /// changes decide the `add_*` defaults of resources created later) but
    /// copies its callbacks, and takes the allowed locations
    /// (`resources_location` and its fallback), `allow_files` and the
    /// standard library's selection from the policy as it is now: the plan
    /// records that policy.
    fn to_python_executable<'v>(
        #[starlark(this)] this: Value<'v>,
        name: &str,
        #[starlark(default = NoneOr::None)] packaging_policy: NoneOr<Value<'v>>,
        #[starlark(default = NoneOr::None)] config: NoneOr<Value<'v>>,
        #[starlark(kwargs)] kwargs: SmallMap<String, Value<'v>>,
        heap: Heap<'v>,
    ) -> starlark::Result<Value<'v>> {
        if let Some((key, _)) = kwargs.iter().next() {
            let message = frost_runtime::legacy::removed_executable_keyword(key).unwrap_or_else(|| {
                format!(
                    "`to_python_executable` has no parameter `{key}`; it takes `name`, `packaging_policy` and `config`"
                )
            });
            return Err(other_error(message));
        }
        frost_runtime::names::check_executable_name(name).map_err(other_error)?;
        let dist = this.downcast_ref::<PythonDistribution>().expect("a method of PythonDistribution");
        let config = match config.into_option() {
            None => alloc_config(heap, InterpreterConfig::default()),
            Some(c) => match config_of(c) {
                Some(attrs) => {
                    if let Some(e) = attrs.too_new_for(&dist.python_version) {
                        return Err(other_error(format!("{e}; the config given to `to_python_executable` sets it")));
                    }
                    c
                }
                None => return Err(wrong_type("config", "PythonInterpreterConfig", c)),
            },
        };
        let policy = match packaging_policy.into_option() {
            None => alloc_policy(heap, PackagingPolicy::for_target(&dist.target_triple)),
            Some(p) if policy_of(p).is_some() => p,
            Some(p) => return Err(wrong_type("packaging_policy", "PythonPackagingPolicy", p)),
        };
        let collector = policy_of(policy).expect("checked above");
        Ok(heap.alloc(PythonExecutable {
            name: name.to_string(),
            python_version: dist.python_version.clone(),
            target_triple: dist.target_triple.clone(),
            config,
            policy,
            callbacks: callbacks_of(policy),
            collector,
            state: RefCell::new(ExeState { distribution: dist.local.clone(), ..ExeState::default() }),
        }))
    }
}

fn wrong_type(name: &str, expected: &str, got: Value) -> starlark::Error {
    other_error(format!(
        "`{name}` must be a {expected} or None; got {} {}",
        got.get_type(),
        frost_runtime::attr::truncate(&got.to_repr(), 80)
    ))
}
