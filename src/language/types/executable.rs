//! `PythonExecutable`: a name and the interpreter config it runs.

use std::fmt;

use allocative::Allocative;
use starlark::any::ProvidesStaticType;
use starlark::coerce::Coerce;
use starlark::starlark_complex_value;
use starlark::values::{
    starlark_value, Freeze, FreezeResult, Freezer, Heap, NoSerialize, StarlarkValue, Trace, Value, ValueLike,
};

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
