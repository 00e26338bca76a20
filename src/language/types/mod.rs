//! The Starlark types of a frost config, one module each.

mod distribution;
mod executable;
mod interpreter_config;
mod str_list;

pub use distribution::PythonDistribution;
pub use executable::{FrozenPythonExecutable, PythonExecutable, PythonExecutableGen};
pub use interpreter_config::{
    alloc_config, config_of, locations_of, to_attr_value, FrozenPythonInterpreterConfig, PythonInterpreterConfig,
};
pub use str_list::{FrozenStrList, StrList};
