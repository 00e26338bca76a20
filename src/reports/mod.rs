//! `frost check` output, one module per format: human (rustc-style
//! snippets), JSON, SARIF 2.1.0 and GitHub Actions annotations.

mod github;
mod human;
mod json;
mod sarif;

pub use github::github;
pub use human::human;
pub use json::json;
pub use sarif::sarif;
