//! `PythonEmbeddedResources`: what `exe.to_embedded_resources()` returns, a
//! snapshot of the executable's resources. It has no attributes.

use std::fmt;

use allocative::Allocative;
use starlark::any::ProvidesStaticType;
use starlark::starlark_simple_value;
use starlark::values::{starlark_value, NoSerialize, StarlarkValue};

/// A snapshot of an executable's packaged resources.
#[derive(Debug, ProvidesStaticType, NoSerialize, Allocative)]
pub struct PythonEmbeddedResources {
    /// The executable's name.
    pub executable_name: String,
    /// How many resources it had added.
    pub resources: usize,
}

starlark_simple_value!(PythonEmbeddedResources);

impl fmt::Display for PythonEmbeddedResources {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PythonEmbeddedResources<{}>", self.executable_name)
    }
}

#[starlark_value(type = "PythonEmbeddedResources")]
impl<'v> StarlarkValue<'v> for PythonEmbeddedResources {}
