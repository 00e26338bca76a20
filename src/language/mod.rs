//! The config language: Starlark in PyOxidizer's shape. Parsing, the
//! globals, one module per Starlark type, the target registry, `load()` and
//! frost's standard library, and the bounded evaluation that ties them
//! together. Lowering the result is [`crate::lower`]'s job.

pub mod errors;
pub mod globals;
pub mod limits;
pub mod loader;
pub mod locations;
pub mod options;
pub mod session;
pub mod source;
pub mod stdlib;
pub mod syntax;
pub mod targets;
mod tugger_globals;
pub mod types;

use starlark::syntax::Dialect;

pub use errors::{limit_explanation, load_note, render_error, FrostError};
pub use globals::{global_names, globals, MODULE_VALUES};
pub use loader::{display_path, STDLIB_PREFIX};
pub use locations::Locations;
pub use options::{
    host_triple, ActionRunner, ActionRunnerRef, EvalOptions, Resolve, DEFAULT_MAX_STEPS, DEFAULT_TIMEOUT,
    EVAL_STACK_BYTES, MAX_HEAP_BYTES,
};

/// The Starlark dialect of frost configs: standard Starlark plus top-level
/// `if`/`for`, f-strings and keyword-only arguments.
pub fn dialect() -> Dialect {
    Dialect {
        enable_top_level_stmt: true,
        enable_f_strings: true,
        enable_keyword_only_arguments: true,
        ..Dialect::Standard
    }
}
