//! The Starlark types of a frost config, one module each.

pub mod code_signing;
mod distribution;
pub mod exe_bridge_tugger;
mod executable;
pub mod fields;
pub mod file_content;
pub mod file_manifest;
pub mod installer_base;
mod interpreter_config;
pub mod local_files;
pub mod macos;
pub mod snap;
mod str_list;
pub mod wheel;
pub mod wix;

pub use distribution::PythonDistribution;
pub use executable::{FrozenPythonExecutable, PythonExecutable, PythonExecutableGen};
pub use interpreter_config::{
    alloc_config, config_of, locations_of, to_attr_value, FrozenPythonInterpreterConfig, PythonInterpreterConfig,
};
pub use str_list::{FrozenStrList, StrList};
