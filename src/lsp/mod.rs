//! `frost lsp`: a Language Server for frost configs, over stdio.
//!
//! Built on `lsp-server` and `lsp-types` (the pair rust-analyzer uses), by
//! job:
//!
//! - [`server`]: the message loop (initialize, documents, requests,
//!   shutdown);
//! - [`documents`]: the open documents, positions, URIs and the light
//!   reading of the text the requests share;
//! - [`diagnostics`]: `frost check`'s findings for the text being edited,
//!   on a worker thread, never stale;
//! - [`completion`], [`hover`], [`definition`], [`actions`]: the requests;
//! - [`catalog`], [`sources`], [`infer`]: what the server knows of the
//!   language (the attribute tables, the globals and methods with the docs
//!   of their Rust source, the standard library) and the type of a
//!   variable.

pub mod actions;
pub mod catalog;
pub mod completion;
pub mod definition;
pub mod diagnostics;
pub mod documents;
pub mod hover;
pub mod infer;
pub mod server;
pub mod sources;

pub use server::{capabilities, run, serve};
