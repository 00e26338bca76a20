//! The Starlark types of a frost config, one module each.

mod distribution;
mod embedded_resources;
pub mod exe_bridge;
mod executable;
mod executable_methods;
mod interpreter_config;
mod legacy;
mod package_root;
mod packaging_policy;
mod resources;
mod str_list;

pub use distribution::PythonDistribution;
pub use embedded_resources::PythonEmbeddedResources;
pub use executable::{exe_of, ExeState, ExeView, FrozenPythonExecutable, PythonExecutable};
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
