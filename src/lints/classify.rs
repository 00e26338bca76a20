//! Evaluation errors as findings: which rule an error belongs to, and
//! where it points.

use std::path::Path;

use starlark::codemap::FileSpan;

use super::rule::{Rule, Severity};
use super::rules::evaluation::{
    EVAL_ERROR, FROZEN_CONFIG, INVALID_VALUE, LIMIT_EXCEEDED, SYNTAX_ERROR, UNKNOWN_ATTRIBUTE,
};
use super::Diagnostic;
use crate::language::errors::FrozenConfigError;
use crate::language::types::fields::{CheckError, CheckErrorKind};

/// A diagnostic from an evaluation error, classified by what caused it.
pub(crate) fn from_error(e: &starlark::Error, main_path: &str) -> Diagnostic {
    from_error_at(e, None, main_path)
}

/// [`from_error`] for an error recorded at `statement` (when the error has
/// no location of its own).
pub(crate) fn from_error_at(e: &starlark::Error, statement: Option<FileSpan>, main_path: &str) -> Diagnostic {
    let message = e.without_diagnostic().to_string();
    let first = message.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("").trim().to_string();
    let (rule, message) = classify(e, &message);
    let message = if message.is_empty() { first } else { message };
    let span = e.span().cloned().or(statement).or_else(crate::language::locations::current_statement);
    match span {
        Some(span) => at_span(&span, main_path, Severity::Error, rule, message),
        None => at_line(main_path, (1, 1, 1, 1), Severity::Error, rule, message),
    }
}

fn classify(e: &starlark::Error, message: &str) -> (&'static Rule, String) {
    use starlark::ErrorKind;
    let plain = strip_traceback(message);
    match e.kind() {
        ErrorKind::Parser(_) => (SYNTAX_ERROR, plain),
        ErrorKind::StackOverflow(_) => (LIMIT_EXCEEDED, format!("{plain}: the config recurses too deeply")),
        ErrorKind::Value(inner) | ErrorKind::Other(inner) | ErrorKind::Native(inner) | ErrorKind::Function(inner) => {
            if let Some(a) = inner.downcast_ref::<frost_runtime::AttrError>() {
                let code =
                    if matches!(a, frost_runtime::AttrError::Unknown { .. } | frost_runtime::AttrError::Removed { .. })
                    {
                        UNKNOWN_ATTRIBUTE
                    } else {
                        INVALID_VALUE
                    };
                (code, a.to_string())
            } else if let Some(c) = inner.downcast_ref::<CheckError>() {
                let code = match c.kind {
                    CheckErrorKind::UnknownAttribute => UNKNOWN_ATTRIBUTE,
                    CheckErrorKind::InvalidValue => INVALID_VALUE,
                };
                (code, c.message.clone())
            } else if let Some(
                e @ (starlark::values::ValueError::NoAttr(..) | starlark::values::ValueError::NoAttrDidYouMean(..)),
            ) = inner.downcast_ref::<starlark::values::ValueError>()
            {
                // A method or attribute that does not exist, on any type.
                (UNKNOWN_ATTRIBUTE, e.to_string())
            } else if inner.downcast_ref::<FrozenConfigError>().is_some() {
                (FROZEN_CONFIG, plain)
            } else if is_limit(&plain) {
                (LIMIT_EXCEEDED, limit_message(&plain))
            } else {
                (EVAL_ERROR, plain)
            }
        }
        _ if is_limit(&plain) => (LIMIT_EXCEEDED, limit_message(&plain)),
        _ => (EVAL_ERROR, plain),
    }
}

fn is_limit(message: &str) -> bool {
    crate::language::limit_explanation(message).is_some()
}

fn limit_message(message: &str) -> String {
    crate::language::limit_explanation(message).unwrap_or_else(|| message.to_string())
}

/// The message without starlark's traceback lines.
fn strip_traceback(message: &str) -> String {
    let lines: Vec<&str> = message.lines().collect();
    let keep: Vec<&str> = match lines.iter().rposition(|l| l.starts_with("  ") || l.starts_with("Traceback")) {
        Some(i) if lines[0].starts_with("Traceback") => lines[i + 1..].to_vec(),
        _ => lines,
    };
    keep.join("\n").trim().to_string()
}

pub(crate) fn at_span(
    span: &FileSpan,
    main_path: &str,
    severity: Severity,
    rule: &'static Rule,
    message: String,
) -> Diagnostic {
    let r = span.resolve();
    let file = r.file.clone();
    let path = if file == main_path || file.starts_with(crate::language::STDLIB_PREFIX) {
        file
    } else {
        crate::language::display_path(Path::new(&file))
    };
    let (b, e) = (r.span.begin, r.span.end);
    at_line(&path, (b.line + 1, b.column + 1, e.line + 1, e.column + 1), severity, rule, message)
}

/// A finding at `(line, column, end_line, end_column)`, 1-based.
pub(crate) fn at_line(
    path: &str,
    (line, column, end_line, end_column): (usize, usize, usize, usize),
    severity: Severity,
    rule: &'static Rule,
    message: String,
) -> Diagnostic {
    Diagnostic {
        path: path.to_string(),
        line,
        column,
        end_line,
        end_column,
        severity,
        code: rule.code,
        message,
        fix: None,
    }
}
