//! The Starlark types of a frost config, one module each.

pub mod code_signing;
mod distribution;
pub mod exe_bridge_tugger;
pub mod fields;
pub mod file_content;
pub mod file_manifest;
pub mod installer_base;
pub mod local_files;
pub mod macos;
pub mod snap;
pub mod wheel;
pub mod wix;
mod executable;
mod interpreter_config;
mod str_list;

pub use distribution::PythonDistribution;
pub use executable::{FrozenPythonExecutable, PythonExecutable, PythonExecutableGen};
pub use interpreter_config::{
    alloc_config, config_of, locations_of, to_attr_value, FrozenPythonInterpreterConfig, PythonInterpreterConfig,
};
pub use str_list::{FrozenStrList, StrList};
