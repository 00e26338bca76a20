//! frost: configure and launch embedded ("frozen") Python applications.
//!
//! This crate is the configuration side: the Starlark config language, its
//! evaluation into the runtime struct of [`frost_runtime`], and the `frost`
//! command line. It does not link libpython; the launcher does.
//!
//! To generate configs from Rust (typed setters, typed errors, JSON and
//! `.bzl` output), see [`api`]; [`export`] and [`schema`] serve `frost
//! export` and `frost schema`.

#![warn(missing_docs)]

pub mod api;
pub mod build;
pub mod check;
pub mod docs;
pub mod doctor;
pub mod eval;
pub mod export;
mod globals;
pub mod names;
pub mod report;
pub mod schema;
pub mod stdlib;
pub mod values;

pub use eval::{evaluate, evaluate_ast, evaluate_source, EvalOptions, Evaluated, FrostError, Resolve};
pub use frost_runtime as runtime;
