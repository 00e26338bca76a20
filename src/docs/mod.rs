//! The book pages generated from frost's tables: the attribute reference,
//! the packaging policy, the lint rules and the standard library. Each committed page is checked
//! against its generator by a test; `FROST_BLESS=1 cargo test` rewrites
//! them.

mod attributes;
mod installers;
mod lints;
mod packaging_policy;
mod stdlib;

/// An attribute's section of the book, for `frost lsp`'s hover.
pub(crate) use attributes::attribute_section;
pub use attributes::{attribute_reference, ATTRIBUTE_REFERENCE_PATH};
pub use installers::{installers_page, INSTALLERS_PAGE_PATH};
pub use lints::{explain, lints_page, LINTS_PAGE_PATH};
pub use packaging_policy::{packaging_policy_page, PACKAGING_POLICY_PAGE_PATH};
pub use stdlib::stdlib_reference;

/// Where the generated stdlib page lives, relative to the repository root.
pub const STDLIB_PAGE_PATH: &str = "book/src/stdlib.md";
