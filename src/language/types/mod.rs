//! The Starlark types of a frost config, one module each.

mod action_results;
pub mod code_signing;
mod distribution;
mod embedded_resources;
pub mod exe_bridge_tugger;
mod executable;
mod executable_methods;
pub mod fields;
pub mod file_content;
pub mod file_manifest;
pub mod installer_base;
mod interpreter_config;
mod legacy;
pub mod local_files;
pub mod macos;
mod package_root;
mod packaging_policy;
mod resources;
pub mod snap;
mod str_list;
mod vars;
pub mod wheel;
pub mod wix;

pub use distribution::PythonDistribution;
pub use embedded_resources::PythonEmbeddedResources;
pub use executable::{exe_of, ExeState, ExeView, FrozenPythonExecutable, PythonExecutable};
pub(crate) use executable_methods::plan_path;
pub use interpreter_config::{
    alloc_config, config_of, locations_of, to_attr_value, FrozenPythonInterpreterConfig, PythonInterpreterConfig,
};
pub use legacy::RemovedMethod;
pub use packaging_policy::{alloc_policy, callbacks_of, policy_of, FrozenPythonPackagingPolicy, PythonPackagingPolicy};
pub use resources::{
    alloc_resource, resource_of, File, FrozenFile, FrozenPythonExtensionModule, FrozenPythonModuleSource,
    FrozenPythonPackageDistributionResource, FrozenPythonPackageResource, PythonExtensionModule, PythonModuleSource,
    PythonPackageDistributionResource, PythonPackageResource, ResourceData,
};
pub use str_list::{FrozenStrList, StrList};
pub use vars::Vars;
