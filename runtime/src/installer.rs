//! The lowered form of an installer target (WiX, macOS bundles, wheels,
//! snaps): what kind of installer, its settings, and what it contains, in
//! the order the config added it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::manifest::{Files, INSTALL_SCHEMA_VERSION};

/// Where an installer kind can be built.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BuildHost {
    /// WiX runs on Windows only.
    Windows,
    /// Apple bundles and universal binaries need macOS tools.
    Macos,
    /// Snapcraft runs on Linux.
    Linux,
    /// A wheel is a zip file: anywhere.
    Any,
}

impl BuildHost {
    /// Whether a machine running `os` (`std::env::consts::OS`) can build it.
    pub fn allows(self, os: &str) -> bool {
        match self {
            BuildHost::Windows => os == "windows",
            BuildHost::Macos => os == "macos",
            BuildHost::Linux => os == "linux",
            BuildHost::Any => true,
        }
    }

    /// The host in words, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            BuildHost::Windows => "Windows",
            BuildHost::Macos => "macOS",
            BuildHost::Linux => "Linux",
            BuildHost::Any => "any machine",
        }
    }
}

/// One thing an installer was given, in the order the config gave it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstallerStep {
    /// The method that added it (`add_program_files_manifest`, ...).
    pub op: String,
    /// Its scalar arguments (strings, bools, ints, lists, dicts).
    pub args: BTreeMap<String, serde_json::Value>,
    /// The files it added, when it added files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub files: Option<Files>,
    /// A nested installer it added (an MSI chained in a bundle).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub installer: Option<Box<InstallerBody>>,
}

/// An installer without the target it belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstallerBody {
    /// The Starlark type: `WiXMSIBuilder`, `WiXBundleBuilder`, `WiXInstaller`,
    /// `MacOsApplicationBundleBuilder`, `AppleUniversalBinary`,
    /// `PythonWheelBuilder` or `SnapcraftBuilder`.
    pub installer_type: String,
    /// Where it can be built.
    pub build_host: BuildHost,
    /// Its constructor arguments and attributes.
    pub fields: BTreeMap<String, serde_json::Value>,
    /// What was added to it.
    pub steps: Vec<InstallerStep>,
}

/// A lowered installer target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstallerPlan {
    /// Always [`INSTALL_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Always `"installer"`.
    pub kind: String,
    /// The target that produced it.
    pub target: String,
    /// The triple it was evaluated for.
    pub target_triple: String,
    /// The installer.
    #[serde(flatten)]
    pub body: InstallerBody,
}

impl InstallerPlan {
    /// The plan of `body` for `target`.
    pub fn new(target: &str, target_triple: &str, body: InstallerBody) -> Self {
        InstallerPlan {
            schema_version: INSTALL_SCHEMA_VERSION,
            kind: "installer".to_string(),
            target: target.to_string(),
            target_triple: target_triple.to_string(),
            body,
        }
    }

    /// The pretty JSON `frost eval` prints, with a final newline.
    pub fn to_json_pretty(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a plan serializes");
        text.push('\n');
        text
    }
}

/// The WiX architecture for a target triple, as PyOxidizer's
/// `target_triple_to_wix_arch` picks it: `x86` for `i586-`/`i686-pc-windows*`,
/// `arm64` for `aarch64-pc-windows*`, else `x64`.
pub fn wix_arch_for_triple(triple: &str) -> &'static str {
    if triple.starts_with("i586-pc-windows") || triple.starts_with("i686-pc-windows") {
        "x86"
    } else if triple.starts_with("aarch64-pc-windows") {
        "arm64"
    } else {
        "x64"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wix_arch_follows_the_triple() {
        assert_eq!(wix_arch_for_triple("x86_64-pc-windows-msvc"), "x64");
        assert_eq!(wix_arch_for_triple("i686-pc-windows-msvc"), "x86");
        assert_eq!(wix_arch_for_triple("aarch64-pc-windows-msvc"), "arm64");
        assert_eq!(wix_arch_for_triple("x86_64-unknown-linux-gnu"), "x64");
    }
}
