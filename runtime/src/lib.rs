//! The runtime side of a frost config, shared by the `frost` tool and the
//! launcher: the attribute table, the typed interpreter config, its
//! versioned JSON form and the way it is embedded in an executable.
//!
//! This crate depends on neither starlark nor pyo3.

#![warn(missing_docs)]

pub mod add_flags;
pub mod attr;
mod attr_error;
#[rustfmt::skip]
mod codec_names;
pub mod codecs;
pub mod config;
mod elf;
pub mod installer;
mod json_dups;
mod json_error;
mod keys;
pub mod legacy;
pub mod manifest;
pub mod names;
pub mod packaging_policy;
pub mod payload;
pub mod plan;
pub mod policy;
pub mod runtime;
pub mod support;
pub mod system_libraries;
mod table;
pub mod types;

pub use attr::{Attr, AttrError, Group, Kind, Names, Value};
pub use config::{attr, InterpreterConfig, ATTRIBUTES};
pub use names::check_executable_name;
pub use packaging_policy::{policy_attr, PackagingPolicy, POLICY_ATTRIBUTES};
pub use plan::{
    add_attr, executable_attr, AddFlags, ExecutableAttributes, PackagingPlan, ADD_ATTRIBUTES, EXECUTABLE_ATTRIBUTES,
};
pub use runtime::{JsonError, RuntimeConfig, DEFAULT_PYTHON_VERSION, DEFAULT_TARGET, PYTHON_VERSIONS, SCHEMA_VERSION};
pub use types::*;

/// Where an app folder that `frost build` wrote keeps its standard
/// library's sources, relative to the folder: a deflated zip archive beside
/// the sourceless `lib/python3.X/` (see the book's bundles chapter). The
/// launcher serves them to tracebacks, `inspect` and `pdb`.
pub fn stdlib_sources_archive(python_version: &str) -> String {
    format!("lib/python{python_version}-sources.zip")
}

/// The environment variable that makes a built app run its diagnostic
/// program instead of the app: set (to anything but empty or `0`) by
/// `frost doctor`, read by the launcher, removed again before workers start.
pub const DOCTOR_ENV: &str = "FROST_DOCTOR";

/// The exit code of the diagnostic mode when [`DOCTOR_ENV`] does not hold
/// the app's [`doctor_key`]: someone set `FROST_DOCTOR=1` by hand, or left
/// it in a deployed app's environment. The diagnostics run, but the app
/// did not, and a scheduler must not read that as a success.
pub const DOCTOR_UNCONFIRMED_EXIT: i32 = 3;

/// The value of [`DOCTOR_ENV`] with which `frost doctor` proves it asked
/// for the diagnostics of this very file: `frost-doctor:<dev>:<inode>` of
/// the executable (symlinks followed). With it the diagnostic mode exits 0
/// when healthy; with anything else it exits [`DOCTOR_UNCONFIRMED_EXIT`].
pub fn doctor_key(exe: &std::path::Path) -> std::io::Result<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(exe)?;
        Ok(format!("frost-doctor:{}:{}", meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        std::fs::metadata(exe).map(|meta| format!("frost-doctor:{}", meta.len()))
    }
}
