//! frost: configure and launch embedded ("frozen") Python applications.
//!
//! This crate is the configuration side, laid out in the order data flows:
//!
//! - [`language`]: the Starlark config language (types, globals, targets,
//!   `load()`, the standard library) and its bounded evaluation;
//! - [`lower`]: evaluated targets become [`frost_runtime::RuntimeConfig`];
//! - [`lints`]: `frost check`'s rules and their logic;
//! - [`reports`]: lint reports as text, JSON, SARIF and GitHub annotations;
//! - [`settings`]: `frost check`'s settings files (`frost.toml`, `[tool.frost]`);
//! - [`build`]: apps: the launcher with the config embedded, run, doctor;
//! - [`formats`]: the runtime struct as a `.bzl` file and as a JSON Schema;
//! - [`docs`]: the book pages generated from the tables;
//! - [`python`]: the CPythons on this machine a config can name;
//! - [`lsp`]: `frost lsp`, the Language Server for editors;
//! - [`commands`]: the `frost` command line.
//!
//! It does not link libpython; the launcher does. To generate configs from
//! Rust (typed setters, typed errors, JSON and `.bzl` output), see [`api`].

#![warn(missing_docs)]

pub mod api;
pub mod build;
pub mod commands;
pub mod docs;
pub mod formats;
pub mod language;
pub mod lints;
pub mod lower;
pub mod lsp;
pub mod python;
pub mod reports;
pub mod settings;

pub use frost_runtime as runtime;
pub use language::{EvalOptions, FrostError, Resolve};
pub use lower::{evaluate, evaluate_ast, evaluate_source, Evaluated};
