//! Lowering of the tugger targets: a `FileManifest` becomes its install
//! layout ([`InstallManifest`]), an installer its typed plan
//! ([`InstallerPlan`]).

use frost_runtime::installer::{InstallerBody, InstallerPlan};
use frost_runtime::manifest::InstallManifest;
use starlark::values::{Value, ValueLike};

use crate::language::types::file_manifest::FileManifest;
use crate::language::types::macos::{AppleUniversalBinary, MacOsApplicationBundleBuilder};
use crate::language::types::snap::SnapcraftBuilder;
use crate::language::types::wheel::PythonWheelBuilder;
use crate::language::types::wix::{WiXBundleBuilder, WiXInstaller, WiXMSIBuilder};

/// What a non-executable target lowers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetPlan {
    /// A `FileManifest`: its install layout.
    Manifest(InstallManifest),
    /// An installer: what it is and contains.
    Installer(InstallerPlan),
}

impl TargetPlan {
    /// The pretty JSON `frost eval` prints.
    pub fn to_json_pretty(&self) -> String {
        match self {
            TargetPlan::Manifest(m) => m.to_json_pretty(),
            TargetPlan::Installer(i) => i.to_json_pretty(),
        }
    }
}

/// The install layout of a `FileManifest` value.
pub fn lower_manifest(value: Value, target: &str, target_triple: &str) -> Option<InstallManifest> {
    let data = value.downcast_ref::<FileManifest>()?.data();
    Some(InstallManifest::new(target, target_triple, data.files, data.run_path, data.installs))
}

/// The installer of an installer value, without its target.
pub fn installer_body(value: Value) -> Option<InstallerBody> {
    if let Some(w) = value.downcast_ref::<PythonWheelBuilder>() {
        return Some(w.body());
    }
    let state = value
        .downcast_ref::<WiXMSIBuilder>()
        .map(|x| &x.state)
        .or_else(|| value.downcast_ref::<WiXBundleBuilder>().map(|x| &x.state))
        .or_else(|| value.downcast_ref::<WiXInstaller>().map(|x| &x.state))
        .or_else(|| value.downcast_ref::<MacOsApplicationBundleBuilder>().map(|x| &x.state))
        .or_else(|| value.downcast_ref::<AppleUniversalBinary>().map(|x| &x.state))
        .or_else(|| value.downcast_ref::<SnapcraftBuilder>().map(|x| &x.state))?;
    Some(state.body())
}

/// The plan of an installer value.
pub fn lower_installer(value: Value, target: &str, target_triple: &str) -> Option<InstallerPlan> {
    installer_body(value).map(|body| InstallerPlan::new(target, target_triple, body))
}

/// The plan of a manifest or installer value.
pub fn lower_plan(value: Value, target: &str, target_triple: &str) -> Option<TargetPlan> {
    lower_manifest(value, target, target_triple)
        .map(TargetPlan::Manifest)
        .or_else(|| lower_installer(value, target, target_triple).map(TargetPlan::Installer))
}
