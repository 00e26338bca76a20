//! Methods PyOxidizer removed or moved (`dist.pip_install`,
//! `exe.add_in_memory_python_resources`...): reading one gives a value
//! that, when called, fails with the exact replacement, so the error points
//! at the call.

use std::fmt;

use allocative::Allocative;
use starlark::any::ProvidesStaticType;
use starlark::eval::{Arguments, Evaluator};
use starlark::starlark_simple_value;
use starlark::values::{starlark_value, Heap, NoSerialize, StarlarkValue, Value};

use crate::language::errors::other_error;

/// A removed method: calling it is an error that says what to call instead.
#[derive(Debug, ProvidesStaticType, NoSerialize, Allocative)]
pub struct RemovedMethod {
    /// The method's name.
    pub name: String,
    /// What to write instead.
    pub message: String,
}

starlark_simple_value!(RemovedMethod);

impl fmt::Display for RemovedMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<removed method {}>", self.name)
    }
}

#[starlark_value(type = "removed_method")]
impl<'v> StarlarkValue<'v> for RemovedMethod {
    fn invoke(
        &self,
        _me: Value<'v>,
        _args: &Arguments<'v, '_>,
        _eval: &mut Evaluator<'v, '_, '_>,
    ) -> starlark::Result<Value<'v>> {
        Err(other_error(self.message.clone()))
    }
}

/// The value of the removed method `name` of `type_name`, or `None` when
/// `name` was never a method of it.
pub fn removed_method_value<'v>(type_name: &str, name: &str, heap: Heap<'v>) -> Option<Value<'v>> {
    let message = frost_runtime::legacy::removed_method(type_name, name)?;
    Some(heap.alloc(RemovedMethod { name: name.to_string(), message }))
}
