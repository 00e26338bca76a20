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

use super::executable::PythonExecutableGen;
use super::interpreter_config::{alloc_config, config_of};

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
        frost_runtime::names::check_executable_name(name)
            .map_err(|e| starlark::Error::new_other(anyhow::anyhow!(e)))?;
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
