//! The lowered form of a `FileManifest` target: its install layout, one
//! entry per destination path. `frost eval` prints it; `frost build` will
//! materialize it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The version of the JSON form of manifests and installer plans.
pub const INSTALL_SCHEMA_VERSION: u32 = 2;

/// What is installed at one destination path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum InstallEntry {
    /// A file copied from disk.
    File {
        /// The absolute path of the file read at evaluation time.
        source: String,
        /// Whether it is installed executable.
        executable: bool,
    },
    /// A file whose content is given inline (`FileContent(content = ...)`).
    Content {
        /// The text written.
        content: String,
        /// Whether it is installed executable.
        executable: bool,
    },
    /// A macOS universal binary that `frost build` makes by joining the
    /// Mach-O files of several architectures (`AppleUniversalBinary`).
    UniversalBinary {
        /// The per-architecture binaries, in the order they were added.
        inputs: Vec<InstallEntry>,
    },
    /// The executable that `frost build` makes for a `PythonExecutable`.
    Executable {
        /// The executable's name (`to_python_executable(name = ...)`).
        name: String,
        /// The target that resolved to this executable, when it came from one.
        target: Option<String>,
    },
    /// A Python resource installed as a file.
    PythonResource {
        /// The resource's Starlark type (`PythonModuleSource`, ...).
        resource_type: String,
        /// Its name (module name, or resource name within its package).
        name: String,
        /// Its package, for package resources.
        package: Option<String>,
    },
}

/// Destination path (relative, `/`-separated) to what is installed there.
pub type Files = BTreeMap<String, InstallEntry>;

/// A lowered `FileManifest` target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstallManifest {
    /// Always [`INSTALL_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Always `"file_manifest"`.
    pub kind: String,
    /// The target that produced it.
    pub target: String,
    /// The triple it was evaluated for.
    pub target_triple: String,
    /// The install layout.
    pub files: Files,
    /// The file `pyoxidizer run` would run: the last executable added.
    pub run_path: Option<String>,
    /// The `install(path, replace)` calls: copies of the layout to make
    /// under the build path, in the order they were asked for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub installs: Vec<InstallRequest>,
}

/// One `FileManifest.install(path, replace)` call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstallRequest {
    /// Where, relative to the build path.
    pub path: String,
    /// Whether an existing folder there is replaced.
    pub replace: bool,
}

impl InstallManifest {
    /// A manifest of `files` for `target`.
    pub fn new(
        target: &str,
        target_triple: &str,
        files: Files,
        run_path: Option<String>,
        installs: Vec<InstallRequest>,
    ) -> Self {
        InstallManifest {
            schema_version: INSTALL_SCHEMA_VERSION,
            kind: "file_manifest".to_string(),
            target: target.to_string(),
            target_triple: target_triple.to_string(),
            files,
            run_path,
            installs,
        }
    }

    /// The pretty JSON `frost eval` prints, with a final newline.
    pub fn to_json_pretty(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a manifest serializes");
        text.push('\n');
        text
    }
}

/// Why a destination path is refused: `None` when it is a clean relative
/// path. Destinations stay inside the install folder.
pub fn check_destination(path: &str) -> Option<&'static str> {
    if path.is_empty() {
        Some("it is empty")
    } else if path.starts_with('/') || path.starts_with('\\') || path.get(1..2) == Some(":") {
        Some("it is absolute; install paths are relative to the install folder")
    } else if path.split(['/', '\\']).any(|c| c == "..") {
        Some("it contains `..`; install paths must stay inside the install folder")
    } else if path.contains('\0') {
        Some("it contains a NUL character")
    } else {
        None
    }
}

/// `path` with `./` components and repeated separators removed.
pub fn normalize_destination(path: &str) -> String {
    path.split('/').filter(|c| !c.is_empty() && *c != ".").collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations_stay_inside() {
        assert_eq!(check_destination("lib/a.py"), None);
        assert!(check_destination("/etc/passwd").is_some());
        assert!(check_destination("a/../../b").is_some());
        assert!(check_destination("C:/x").is_some());
        assert_eq!(normalize_destination("./a//b/./c"), "a/b/c");
    }

    #[test]
    fn entries_serialize_with_their_type() {
        let e = InstallEntry::Executable { name: "app".into(), target: Some("exe".into()) };
        assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"type":"executable","name":"app","target":"exe"}"#);
    }
}
