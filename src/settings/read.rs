//! Reading a settings file: every key and value is checked, and a mistake
//! is an error at its file:line:col naming what would be accepted.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::Settings;
use crate::lints::{rules, Severity};

/// A settings file that cannot be used.
#[derive(Debug)]
pub struct SettingsError {
    /// The file.
    pub path: PathBuf,
    /// 1-based line and column, when known.
    pub at: Option<(usize, usize)>,
    /// What is wrong and what would be accepted.
    pub message: String,
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Some((line, column)) => write!(f, "{}:{line}:{column}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for SettingsError {}

type List = Vec<Spanned<String>>;

/// The settings table as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Raw {
    select: Option<List>,
    ignore: Option<List>,
    per_file_ignores: Option<BTreeMap<Spanned<String>, List>>,
    severity: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    extend_exclude: Option<List>,
    target_triples: Option<List>,
    vars: Option<BTreeMap<String, Spanned<String>>>,
}

#[derive(Deserialize)]
struct Pyproject {
    tool: Option<Tool>,
}

#[derive(Deserialize)]
struct Tool {
    frost: Option<Raw>,
}

/// 1-based line and column of byte `offset` in `text`.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rfind('\n').map_or(before.chars().count(), |n| before[n + 1..].chars().count()) + 1;
    (line, column)
}

/// Reads the settings in `path`: `Ok(None)` for a `pyproject.toml` with no
/// `[tool.frost]` table.
pub(super) fn read(path: &Path) -> Result<Option<Settings>, SettingsError> {
    let text = crate::language::source::read_source(path).map_err(|e| SettingsError {
        path: path.to_path_buf(),
        at: None,
        message: format!("cannot read it: {e}"),
    })?;
    let error = |span: Option<Range<usize>>, message: String| SettingsError {
        path: path.to_path_buf(),
        at: span.map(|s| position(&text, s.start)),
        message,
    };
    let toml_error = |e: toml::de::Error| error(e.span(), e.message().trim().to_string());
    let is_pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
    let raw = if is_pyproject {
        match toml::from_str::<Pyproject>(&text).map_err(toml_error)?.tool.and_then(|t| t.frost) {
            Some(raw) => raw,
            None => return Ok(None),
        }
    } else {
        toml::from_str::<Raw>(&text).map_err(toml_error)?
    };
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let base = std::path::absolute(&base).unwrap_or(base);
    let codes = |list: Option<List>| -> Result<Vec<String>, SettingsError> {
        list.unwrap_or_default().into_iter().map(|c| check_code(&c).map_err(|m| error(Some(c.span()), m))).collect()
    };
    let glob = |pattern: &Spanned<String>| -> Result<globset::GlobMatcher, SettingsError> {
        globset::GlobBuilder::new(pattern.get_ref())
            .literal_separator(false)
            .build()
            .map(|g| g.compile_matcher())
            .map_err(|e| error(Some(pattern.span()), format!("{} is not a glob: {e}", quoted(pattern.get_ref()))))
    };
    let mut settings = Settings { source: Some(path.to_path_buf()), base, ..Settings::default() };
    settings.select = match raw.select {
        Some(list) => Some(codes(Some(list))?),
        None => None,
    };
    settings.ignore = codes(raw.ignore)?;
    for (pattern, list) in raw.per_file_ignores.unwrap_or_default() {
        let matcher = glob(&pattern)?;
        settings.per_file_ignores.push((pattern.get_ref().clone(), matcher, codes(Some(list))?));
    }
    for (code, level) in raw.severity.unwrap_or_default() {
        let c = check_code(&code).map_err(|m| error(Some(code.span()), m))?;
        let severity = match level.get_ref().as_str() {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            "note" => Severity::Note,
            other => {
                return Err(error(
                    Some(level.span()),
                    format!(
                        "the severity of `{c}` cannot be {}; it must be \"error\", \"warning\" or \"note\"",
                        quoted(other)
                    ),
                ))
            }
        };
        settings.severity.insert(c, severity);
    }
    for pattern in raw.extend_exclude.unwrap_or_default() {
        let matcher = glob(&pattern)?;
        settings.extend_exclude.push((pattern.get_ref().clone(), matcher));
    }
    for triple in raw.target_triples.unwrap_or_default() {
        crate::language::options::check_triple(triple.get_ref())
            .map_err(|m| error(Some(triple.span()), m.replacen("--target-triple", "target-triples:", 1)))?;
        settings.target_triples.push(triple.into_inner());
    }
    settings.vars = raw.vars.unwrap_or_default().into_iter().map(|(k, v)| (k, v.into_inner())).collect();
    Ok(Some(settings))
}

fn quoted(s: &str) -> String {
    frost_runtime::attr::starlark_string(s)
}

/// A rule code, or a prefix of at least one, or the message saying what
/// would be accepted.
fn check_code(code: &Spanned<String>) -> Result<String, String> {
    let c = code.get_ref();
    if !c.is_empty() && rules::all().any(|r| r.code.starts_with(c.as_str())) {
        return Ok(c.clone());
    }
    let closest = rules::closest(c);
    let hint = if closest.is_empty() {
        "see `frost check --explain CODE` and the lint rules page for the codes".to_string()
    } else {
        format!("did you mean {}?", closest.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(" or "))
    };
    Err(format!("{} is not a rule code nor the start of one; {hint}", quoted(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based() {
        assert_eq!(position("a\nbc\n", 3), (2, 2));
        assert_eq!(position("abc", 0), (1, 1));
    }
}
