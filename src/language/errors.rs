//! Errors of an evaluation: the error type the commands see, its
//! rustc-style rendering, and the errors frost's types raise to Starlark.

use std::fmt;

use frost_runtime::AttrError;
use starlark::codemap::FileSpan;

/// Why an evaluation failed.
#[derive(Debug)]
pub enum FrostError {
    /// A problem with the command line or a file that cannot be read: exit 2.
    Usage(String),
    /// A problem in the config: exit 1.
    Config(starlark::Error),
    /// A problem in a module the config loads: exit 1.
    Loaded {
        /// The error, located in the loaded module.
        error: starlark::Error,
        /// The `load` statements that brought the module in, innermost first.
        loaded_at: Vec<FileSpan>,
    },
}

impl FrostError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            FrostError::Usage(_) => 2,
            FrostError::Config(_) | FrostError::Loaded { .. } => 1,
        }
    }
}

impl fmt::Display for FrostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrostError::Usage(m) => write!(f, "error: {m}"),
            FrostError::Config(e) => f.write_str(&render_error(e)),
            FrostError::Loaded { error, loaded_at } => {
                f.write_str(&render_error(error))?;
                for site in loaded_at {
                    write!(f, "\nnote: {}", load_note(site))?;
                }
                Ok(())
            }
        }
    }
}

/// `loaded at frost.bzl:1:6: load("lib.bzl", "X")`.
pub fn load_note(site: &FileSpan) -> String {
    let r = site.resolve();
    let line = site.file.source_line(r.span.begin.line).trim();
    format!("loaded at {}:{}:{}: {line}", r.file, r.span.begin.line + 1, r.span.begin.column + 1)
}

/// What to say when evaluation hit one of frost's limits, or `None` for
/// any other error.
pub fn limit_explanation(message: &str) -> Option<String> {
    let m = message.to_lowercase();
    if m.contains("evaluation cancelled") {
        Some(
            "evaluation stopped: the config ran longer than the time limit (an endless loop?); raise it with --timeout"
                .into(),
        )
    } else if m.contains("ticks has been exceeded") {
        Some(format!("evaluation stopped: {message} (an endless loop?); raise the limit with --max-steps"))
    } else if m.contains("heap") && (m.contains("limit") || m.contains("exceeded")) {
        Some(format!("evaluation stopped: {message}: the config uses too much memory"))
    } else if m.contains("attribute limit") {
        Some(format!("evaluation stopped: {message}"))
    } else if m.contains("int limit") {
        Some(format!("evaluation stopped: {message} (see \"Limits for untrusted configs\" in the book)"))
    } else {
        None
    }
}

/// An evaluation error as rustc-style text: the call stack, the message and
/// a snippet of the line at fault. The anonymous frame that starlark records
/// when frost calls a target function is left out.
pub fn render_error(e: &starlark::Error) -> String {
    let text = e.to_string();
    // A limit is explained from the bare message, without the traceback.
    if let Some(explanation) = limit_explanation(&e.without_diagnostic().to_string()) {
        return format!("error: {explanation}");
    }
    let noise = ["File <builtin>, in None", "File <builtin>, in <module>"];
    let lines: Vec<&str> = text.lines().filter(|l| !noise.contains(&l.trim())).collect();
    let mut out = String::with_capacity(text.len());
    for (i, line) in lines.iter().enumerate() {
        let empty_traceback = *line == "Traceback (most recent call last):"
            && lines.get(i + 1).is_some_and(|next| next.starts_with("error"));
        if !empty_traceback {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.truncate(out.trim_end().len());
    if !out.lines().any(|l| l.starts_with("error")) {
        // starlark prints an error without a location as its bare message.
        out = format!("error: {out}");
    }
    out
}

impl From<starlark::Error> for FrostError {
    fn from(e: starlark::Error) -> Self {
        FrostError::Config(e)
    }
}

/// An error with a message and no location of its own (starlark adds the
/// call site).
pub(crate) fn other_error(message: impl Into<String>) -> starlark::Error {
    starlark::Error::new_other(anyhow::anyhow!(message.into()))
}

/// An error at `location` when there is one.
pub(crate) fn spanned_error(message: String, location: &Option<FileSpan>) -> starlark::Error {
    match location {
        Some(span) => {
            starlark::Error::new_spanned(starlark::ErrorKind::Other(anyhow::anyhow!(message)), span.span, &span.file)
        }
        None => other_error(message),
    }
}

/// An error raised to Starlark from a table check; `frost check` finds the
/// [`AttrError`] again with `anyhow`'s downcast.
pub fn attr_error(e: AttrError) -> starlark::Error {
    starlark::Error::new_value(anyhow::Error::new(e))
}

/// Mutation of a config that came from a loaded (frozen) module.
#[derive(Debug)]
pub struct FrozenConfigError {
    /// What was being changed.
    pub what: String,
}

impl fmt::Display for FrozenConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot change `{}`: this PythonInterpreterConfig comes from a loaded module, so it is frozen; \
             change a copy instead (`config = config.copy()`)",
            self.what
        )
    }
}

impl std::error::Error for FrozenConfigError {}

pub(crate) fn frozen_error(what: &str) -> starlark::Error {
    starlark::Error::new_value(anyhow::Error::new(FrozenConfigError { what: what.to_string() }))
}

/// An attribute error recorded while `frost check` evaluates, with the
/// statement it happened in.
pub type RecordedError = (starlark::Error, Option<FileSpan>);

thread_local! {
    /// While `frost check` evaluates: the attribute errors recorded so far.
    static DEFERRED: std::cell::RefCell<Option<Vec<RecordedError>>> = const { std::cell::RefCell::new(None) };
}

/// From now on, on this thread, a wrong assignment to an attribute is
/// recorded and skipped instead of stopping the evaluation, so that
/// `frost check` reports every one in a file, not only the first.
pub fn start_collecting_attribute_errors() {
    DEFERRED.with(|d| *d.borrow_mut() = Some(Vec::new()));
}

/// Stops recording and returns what was recorded, in order.
pub fn take_attribute_errors() -> Vec<RecordedError> {
    DEFERRED.with(|d| d.borrow_mut().take()).unwrap_or_default()
}

/// The result of an attribute assignment: an error in the value or the
/// name (an [`AttrError`] or a type's own check) is recorded and the
/// assignment skipped while errors are collected; otherwise it is returned.
pub(crate) fn deferrable(result: starlark::Result<()>) -> starlark::Result<()> {
    let Err(e) = result else { return Ok(()) };
    let is_attribute_error = match e.kind() {
        starlark::ErrorKind::Value(inner)
        | starlark::ErrorKind::Other(inner)
        | starlark::ErrorKind::Native(inner)
        | starlark::ErrorKind::Function(inner) => {
            inner.downcast_ref::<AttrError>().is_some()
                || inner.downcast_ref::<crate::language::types::fields::CheckError>().is_some()
        }
        _ => false,
    };
    if !is_attribute_error {
        return Err(e);
    }
    DEFERRED.with(|d| match d.borrow_mut().as_mut() {
        Some(list) => {
            list.push((e, crate::language::locations::current_statement()));
            Ok(())
        }
        None => Err(e),
    })
}
