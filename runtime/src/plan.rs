//! The packaging plan: what an executable target packages besides its
//! interpreter config. The policy its resources were decided by, the
//! executable's own attributes, every resource added with its `add_*`
//! decisions, and the actions recorded for `frost build` to run (pip and
//! friends never run while a config is evaluated).
//!
//! It is the `packaging` key of the JSON form (schema version 2).

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

pub use crate::add_flags::{add_attr, AddFlags, ADD_ATTRIBUTES};
use crate::attr::{Attr, AttrError, Group::Packaging, Kind, Value};
use crate::packaging_policy::{PackagingPolicy, POLICY_ATTRIBUTES};
use crate::runtime::json_to_value;
use crate::table::attr_table;
use crate::types::{str_enum, AttrType};

/// How the executable finds its packed resources
/// (`packed_resources_load_mode`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PackedResourcesLoadMode {
    /// No packed resources are loaded.
    None,
    /// Embedded in the executable under this file name.
    Embedded(String),
    /// A file of this name beside the executable, memory-mapped.
    BinaryRelativeMemoryMapped(String),
}

impl PackedResourcesLoadMode {
    /// What a load mode is written as, in words, for messages.
    pub const EXPECTED: &'static str = r#""none", "embedded:FILENAME" or "binary-relative-memory-mapped:FILENAME""#;
}

impl fmt::Display for PackedResourcesLoadMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PackedResourcesLoadMode::None => f.write_str("none"),
            PackedResourcesLoadMode::Embedded(name) => write!(f, "embedded:{name}"),
            PackedResourcesLoadMode::BinaryRelativeMemoryMapped(name) => {
                write!(f, "binary-relative-memory-mapped:{name}")
            }
        }
    }
}

impl FromStr for PackedResourcesLoadMode {
    type Err = ();
    /// `none`, or a prefix, `:` and a non-empty file name.
    fn from_str(s: &str) -> Result<Self, ()> {
        match s.split_once(':') {
            None if s == "none" => Ok(PackedResourcesLoadMode::None),
            Some((_, name)) if name.is_empty() || name.contains(['\0', '/', '\\']) => Err(()),
            Some(("embedded", name)) => Ok(PackedResourcesLoadMode::Embedded(name.into())),
            Some(("binary-relative-memory-mapped", name)) => {
                Ok(PackedResourcesLoadMode::BinaryRelativeMemoryMapped(name.into()))
            }
            _ => Err(()),
        }
    }
}

crate::types::text_attr_type!(PackedResourcesLoadMode, Kind::LoadMode);

str_enum! {
    /// The Windows subsystem of the executable (`windows_subsystem`).
    WindowsSubsystem {
        /// A console program.
        Console = "console",
        /// A GUI program: no console window.
        Windows = "windows",
    }
}

str_enum! {
    /// When the Visual C++ runtime DLLs are installed beside the executable
    /// (`windows_runtime_dlls_mode`).
    WindowsRuntimeDllsMode {
        /// Never.
        Never = "never",
        /// When they are present on the build machine.
        WhenPresent = "when-present",
        /// Always; the build fails without them.
        Always = "always",
    }
}

attr_table! {
    /// The executable's own attributes (not its interpreter config).
    ///
    /// `Default` gives what `dist.to_python_executable()` starts with.
    struct ExecutableAttributes;
    owner "PythonExecutable";
    /// Every attribute of `PythonExecutable` itself, in alphabetical order.
    static EXECUTABLE_ATTRIBUTES;
    /// The executable attribute row for `name`, or an error suggesting the closest name.
    fn executable_attr;
    rows {
        /// The file the licenses of the packaged components are written to,
        /// beside the executable; `None` writes none.
        licenses_filename: Option<String> = Some("COPYING.txt".into()), Packaging;
        /// Where the `in-memory` resources go: `embedded:FILENAME` puts them
        /// in the executable itself (FILENAME is not used),
        /// `binary-relative-memory-mapped:FILENAME` in `FILENAME.zip` beside
        /// it, and `none` refuses them.
        packed_resources_load_mode: PackedResourcesLoadMode =
            PackedResourcesLoadMode::Embedded("packed-resources".into()), Packaging;
        /// Where the tcl/tk support files are installed, relative to the
        /// executable, or `None` for none.
        tcl_files_path: Option<String> = None, Packaging;
        /// When the Visual C++ runtime DLLs are installed beside the
        /// executable: `never`, `when-present` or `always`.
        windows_runtime_dlls_mode: WindowsRuntimeDllsMode = WindowsRuntimeDllsMode::WhenPresent, Packaging;
        /// The Windows subsystem: `console` or `windows` (no console
        /// window). PyOxidizer does not check it; frost does.
        windows_subsystem: WindowsSubsystem = WindowsSubsystem::Console, Packaging;
    }
}

/// The five resource types of PyOxidizer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ResourceKind {
    /// A module's source (`.py`).
    PythonModuleSource,
    /// A non-module file inside a package.
    PythonPackageResource,
    /// A file of a package's `.dist-info` or `.egg-info` metadata.
    PythonPackageDistributionResource,
    /// A compiled extension module.
    PythonExtensionModule,
    /// An untyped file.
    File,
}

impl ResourceKind {
    /// The Starlark type name (`type(resource)`).
    pub fn type_name(self) -> &'static str {
        match self {
            ResourceKind::PythonModuleSource => "PythonModuleSource",
            ResourceKind::PythonPackageResource => "PythonPackageResource",
            ResourceKind::PythonPackageDistributionResource => "PythonPackageDistributionResource",
            ResourceKind::PythonExtensionModule => "PythonExtensionModule",
            ResourceKind::File => "File",
        }
    }
}

/// A place in a config file: where a call was made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallSite {
    /// The file, as messages show it.
    pub file: String,
    /// The 1-based line.
    pub line: usize,
    /// The 1-based column.
    pub column: usize,
}

impl fmt::Display for CallSite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// A resource added to the executable with `add_python_resource(s)`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlannedResource {
    /// Its type.
    #[serde(rename = "type")]
    pub kind: ResourceKind,
    /// The module name (modules, extension modules), the resource's name
    /// relative to its package (package and distribution resources) or the
    /// relative path (`File`).
    pub name: String,
    /// The package of a package or distribution resource.
    #[serde(default)]
    pub package: Option<String>,
    /// Whether a module source is a package (`__init__.py`).
    #[serde(default)]
    pub is_package: bool,
    /// Whether it comes from the distribution's standard library.
    #[serde(default)]
    pub is_stdlib: bool,
    /// The file it was read from, for resources read from disk.
    #[serde(default)]
    pub source_path: Option<String>,
    /// The source given to `make_python_module_source`.
    #[serde(default)]
    pub source: Option<String>,
    /// Whether a `File` is executable.
    #[serde(default)]
    pub is_executable: bool,
    /// Its `add_*` decisions when it was added.
    pub add: AddFlags,
    /// Where it was added.
    pub added_at: Option<CallSite>,
}

/// What a recorded action does, with its arguments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ActionKind {
    /// `exe.pip_install(args, extra_envs)`.
    PipInstall {
        /// The arguments of `pip install`.
        args: Vec<String>,
        /// Extra environment variables for pip.
        extra_envs: BTreeMap<String, String>,
    },
    /// `exe.pip_download(args)`.
    PipDownload {
        /// The arguments of `pip download`.
        args: Vec<String>,
    },
    /// `exe.setup_py_install(package_path, extra_envs, extra_global_arguments)`.
    SetupPyInstall {
        /// The package folder (absolute).
        package_path: String,
        /// Extra environment variables.
        extra_envs: BTreeMap<String, String>,
        /// Arguments given to `setup.py` before `install`.
        extra_global_arguments: Vec<String>,
    },
    /// `exe.read_virtualenv(path)`.
    ReadVirtualenv {
        /// The virtualenv (absolute).
        path: String,
    },
    /// `exe.add_cargo_manifest_licensing(manifest_path, all_features, features)`.
    AddCargoManifestLicensing {
        /// The `Cargo.toml` (absolute).
        manifest_path: String,
        /// Whether every feature is enabled.
        all_features: bool,
        /// The features enabled.
        features: Vec<String>,
    },
    /// `exe.filter_resources_from_files(files, glob_files)`.
    FilterResourcesFromFiles {
        /// Files listing the resource names to keep (absolute).
        files: Vec<String>,
        /// Glob patterns of such files (absolute).
        glob_files: Vec<String>,
    },
}

impl ActionKind {
    /// Whether `frost build` runs it (installing or reading packages); the
    /// other actions are refused by name.
    pub fn runs_at_build(&self) -> bool {
        matches!(
            self,
            ActionKind::PipInstall { .. }
                | ActionKind::PipDownload { .. }
                | ActionKind::SetupPyInstall { .. }
                | ActionKind::ReadVirtualenv { .. }
        )
    }
}

/// An action recorded at evaluation for `frost build` to run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Action {
    /// What it does.
    #[serde(flatten)]
    pub what: ActionKind,
    /// Where it was called.
    pub call_site: Option<CallSite>,
    /// The policy at the time of the call: the `add_*` defaults of the
    /// resources the action produces come from it.
    pub policy: PackagingPolicy,
    /// How many resource callbacks the executable has: they cannot run at
    /// build time, so a build with callbacks and resource-producing actions
    /// must refuse rather than ignore them.
    pub resource_callbacks: usize,
}

/// The policy of a plan: the table's attributes and the preferred
/// extension module variants.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct PolicyPlan {
    /// The attributes.
    pub policy: PackagingPolicy,
    /// `preferred_extension_module_variants`.
    pub preferred_extension_module_variants: BTreeMap<String, String>,
}

/// A `PythonDistribution(local_path = ..., sha256 = ...)`: recorded at
/// evaluation, opened (and an archive checked and unpacked) by `frost build`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DistributionSource {
    /// An unpacked install (a prefix with `bin/python3.X`,
    /// `lib/libpython3.X.so*` and `lib/python3.X/`) or a
    /// python-build-standalone `install_only` `.tar.gz`: relative to the
    /// config's folder when inside it, else absolute.
    pub local_path: String,
    /// The archive's SHA-256, in hex (required for an archive).
    #[serde(default)]
    pub sha256: Option<String>,
}

/// Whether `local_path` names an archive (`.tar.gz`, `.tgz`) rather than
/// an unpacked install.
pub fn is_archive(local_path: &str) -> bool {
    [".tar.gz", ".tgz", ".tar.zst", ".tar.zstd"].iter().any(|s| local_path.ends_with(s))
}

/// Everything an executable packages besides its interpreter config.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackagingPlan {
    /// The distribution named with `PythonDistribution(local_path = ...)`,
    /// or `None` when `frost build` selects one found on the machine.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distribution: Option<DistributionSource>,
    /// The policy as `to_python_executable` saw it: it chose the standard
    /// library's resources, the allowed locations and `allow_files`.
    pub policy: PolicyPlan,
    /// The executable's own attributes.
    pub executable: ExecutableAttributes,
    /// The resources added, in order.
    #[serde(default)]
    pub resources: Vec<PlannedResource>,
    /// The recorded actions, in order.
    #[serde(default)]
    pub actions: Vec<Action>,
}

/// Writes a table struct as a JSON object, one key per row.
pub(crate) fn write_table<S: serde::Serializer>(
    serializer: S,
    table: &[Attr],
    get: impl Fn(&str) -> Option<Value>,
    extra: Option<(&str, &BTreeMap<String, String>)>,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = serializer.serialize_map(Some(table.len() + usize::from(extra.is_some())))?;
    for a in table {
        map.serialize_entry(a.name, &get(a.name).expect("every row is a field").to_json())?;
    }
    if let Some((key, value)) = extra {
        map.serialize_entry(key, value)?;
    }
    map.end()
}

/// Reads a table struct from a JSON object: missing keys keep their
/// defaults; an unknown key or a bad value is an error naming it.
pub(crate) fn read_table<E: serde::de::Error>(
    object: &serde_json::Map<String, serde_json::Value>,
    skip: &str,
    mut set: impl FnMut(&str, Value) -> Result<(), AttrError>,
) -> Result<(), E> {
    for (key, v) in object {
        if key == skip {
            continue;
        }
        let value = json_to_value(v).ok_or_else(|| E::custom(format!("`{key}` cannot be {v}")))?;
        set(key, value).map_err(|e| E::custom(e.with_json_value(v).to_json_message()))?;
    }
    Ok(())
}

impl Serialize for PackagingPolicy {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        write_table(serializer, POLICY_ATTRIBUTES, |n| self.get(n), None)
    }
}

impl<'de> Deserialize<'de> for PackagingPolicy {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let object = serde_json::Map::deserialize(deserializer)?;
        let mut out = PackagingPolicy::default();
        read_table(&object, "", |n, v| out.set(n, v))?;
        Ok(out)
    }
}

impl Serialize for PolicyPlan {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        write_table(
            serializer,
            POLICY_ATTRIBUTES,
            |n| self.policy.get(n),
            Some(("preferred_extension_module_variants", &self.preferred_extension_module_variants)),
        )
    }
}

impl<'de> Deserialize<'de> for PolicyPlan {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let object = serde_json::Map::deserialize(deserializer)?;
        let mut out = PolicyPlan::default();
        let key = "preferred_extension_module_variants";
        read_table(&object, key, |n, v| out.policy.set(n, v))?;
        if let Some(v) = object.get(key) {
            out.preferred_extension_module_variants = serde_json::from_value(v.clone())
                .map_err(|_| serde::de::Error::custom(format!("`{key}` must be an object of strings; got {v}")))?;
        }
        Ok(out)
    }
}

impl Serialize for ExecutableAttributes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        write_table(serializer, EXECUTABLE_ATTRIBUTES, |n| self.get(n), None)
    }
}

impl<'de> Deserialize<'de> for ExecutableAttributes {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let object = serde_json::Map::deserialize(deserializer)?;
        let mut out = ExecutableAttributes::default();
        read_table(&object, "", |n, v| out.set(n, v))?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn load_modes_read_back_as_written() {
        for s in ["none", "embedded:packed-resources", "binary-relative-memory-mapped:res"] {
            assert_eq!(s.parse::<PackedResourcesLoadMode>().unwrap().to_string(), s);
        }
        for s in ["embedded", "embedded:", "mmap:x", "", "embedded:a/b"] {
            assert!(s.parse::<PackedResourcesLoadMode>().is_err(), "{s}");
        }
    }

    #[test]
    fn executable_attributes_are_checked() {
        let mut e = ExecutableAttributes::default();
        assert_eq!(e.get("licenses_filename"), Some(Value::Str("COPYING.txt".into())));
        let err = e.set("windows_subsystem", Value::Str("gui".into())).unwrap_err();
        assert_eq!(err.to_string(), r#"`windows_subsystem` cannot be "gui"; it must be one of "console" or "windows""#);
        e.set("packed_resources_load_mode", Value::Str("none".into())).unwrap();
        let err = e.set("packed_resources_load_mode", Value::Str("embedded".into())).unwrap_err();
        assert!(err.to_string().contains(PackedResourcesLoadMode::EXPECTED), "{err}");
        let err = e.set("windows_subsystm", Value::None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "PythonExecutable has no attribute `windows_subsystm`; did you mean `windows_subsystem`?"
        );
    }

    #[test]
    fn a_plan_reads_back_from_json() {
        let mut plan = PackagingPlan::default();
        plan.policy.policy.set("resources_location", Value::Str("filesystem-relative:lib".into())).unwrap();
        plan.policy.preferred_extension_module_variants.insert("_ssl".into(), "openssl".into());
        plan.executable.windows_subsystem = WindowsSubsystem::Windows;
        plan.actions.push(Action {
            what: ActionKind::PipInstall { args: vec![".".into()], extra_envs: BTreeMap::new() },
            call_site: Some(CallSite { file: "frost.bzl".into(), line: 3, column: 5 }),
            policy: PackagingPolicy::default(),
            resource_callbacks: 0,
        });
        let json = serde_json::to_value(&plan).unwrap();
        assert_eq!(json["actions"][0]["kind"], "pip_install");
        assert_eq!(json["policy"]["resources_location"], "filesystem-relative:lib");
        assert_eq!(json["executable"]["windows_subsystem"], "windows");
        let back: PackagingPlan = serde_json::from_value(json).unwrap();
        assert_eq!(back, plan);
        let flags = serde_json::to_value(AddFlags::default()).unwrap();
        assert_eq!(flags["add_location"], "in-memory");
        assert_eq!(serde_json::from_value::<AddFlags>(flags).unwrap(), AddFlags::default());
        let bad = serde_json::json!({ "policy": { "include_test": "yes" }, "executable": {} });
        let err = serde_json::from_value::<PackagingPlan>(bad).unwrap_err().to_string();
        assert!(err.contains("`include_test` must be a boolean (true or false)"), "{err}");
    }
}
