//! The runtime side of a frost config, shared by the `frost` tool and the
//! launcher: the attribute table, the typed interpreter config, its
//! versioned JSON form and the way it is embedded in an executable.
//!
//! This crate depends on neither starlark nor pyo3.

#![warn(missing_docs)]

pub mod attr;
pub mod config;
pub mod payload;
pub mod runtime;
pub mod support;
pub mod types;

pub use attr::{Attr, AttrError, Group, Kind, Value};
pub use config::{attr, InterpreterConfig, ATTRIBUTES};
pub use runtime::{JsonError, RuntimeConfig, DEFAULT_PYTHON_VERSION, DEFAULT_TARGET, SCHEMA_VERSION};
pub use types::*;
