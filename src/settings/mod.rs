//! `frost check`'s settings, configured once per repository as ruff's are:
//! `frost.toml`, or `[tool.frost]` in `pyproject.toml`, found upward from
//! each checked file (the nearest wins; `frost.toml` before
//! `pyproject.toml` in the same folder).
//!
//! ```toml
//! [tool.frost]
//! select = ["invalid-value", "unknown-attribute", "unused"]   # codes or prefixes
//! ignore = ["starlark-lint"]
//! extend-exclude = ["vendor/**"]
//! target-triples = ["x86_64-unknown-linux-gnu", "x86_64-pc-windows-msvc"]
//!
//! [tool.frost.per-file-ignores]
//! "legacy/*.bzl" = ["unused-assign"]
//!
//! [tool.frost.severity]
//! conflicting-run-attributes = "error"
//!
//! [tool.frost.vars]
//! version = "1.0.0"
//! ```

mod read;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::GlobMatcher;
use serde_json::json;

use crate::lints::Severity;

pub use read::SettingsError;

/// The settings in effect for a file.
#[derive(Debug, Default)]
pub struct Settings {
    /// The file they were read from; `None` for the defaults.
    pub source: Option<PathBuf>,
    /// The folder patterns are relative to: the settings file's folder.
    pub base: PathBuf,
    /// Only these codes (or code prefixes) are reported; all when `None`.
    pub select: Option<Vec<String>>,
    /// These codes (or prefixes) are never reported.
    pub ignore: Vec<String>,
    /// Codes ignored in the files a glob matches.
    pub per_file_ignores: Vec<(String, GlobMatcher, Vec<String>)>,
    /// Severity per code (or prefix).
    pub severity: BTreeMap<String, Severity>,
    /// Files that folder searches skip.
    pub extend_exclude: Vec<(String, GlobMatcher)>,
    /// The triples each config is checked for (one run, one report).
    pub target_triples: Vec<String>,
    /// `VARS` every config sees (`--var` wins).
    pub vars: Vec<(String, String)>,
}

fn matches(pattern: &str, code: &str) -> bool {
    code == pattern || code.starts_with(pattern)
}

impl Settings {
    /// `path` relative to [`Settings::base`], for glob matching.
    fn relative<'a>(&self, path: &'a Path) -> &'a Path {
        let path = path.strip_prefix("./").unwrap_or(path);
        path.strip_prefix(&self.base).unwrap_or(path)
    }

    fn absolute(path: &Path) -> PathBuf {
        std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
    }

    /// Whether a folder search skips `path`.
    pub fn excludes(&self, path: &Path) -> bool {
        let abs = Self::absolute(path);
        let rel = self.relative(&abs);
        self.extend_exclude.iter().any(|(_, g)| g.is_match(rel) || g.is_match(&abs))
    }

    /// Whether a finding with `code` in `path` is reported.
    pub fn reports(&self, path: &Path, code: &str) -> bool {
        if let Some(select) = &self.select {
            if !select.iter().any(|p| matches(p, code)) {
                return false;
            }
        }
        if self.ignore.iter().any(|p| matches(p, code)) {
            return false;
        }
        let abs = Self::absolute(path);
        let rel = self.relative(&abs);
        !self
            .per_file_ignores
            .iter()
            .any(|(_, g, codes)| (g.is_match(rel) || g.is_match(&abs)) && codes.iter().any(|p| matches(p, code)))
    }

    /// The severity of a finding with `code`, after the overrides (the
    /// longest matching code or prefix wins).
    pub fn severity_of(&self, code: &str, default: Severity) -> Severity {
        self.severity.iter().filter(|(p, _)| matches(p, code)).max_by_key(|(p, _)| p.len()).map_or(default, |(_, s)| *s)
    }

    /// The settings as JSON, for `frost check --show-settings`.
    pub fn to_json(&self) -> serde_json::Value {
        json!({
            "source": self.source.as_ref().map(|p| p.display().to_string()),
            "select": self.select,
            "ignore": self.ignore,
            "per-file-ignores": self.per_file_ignores.iter().map(|(p, _, c)| (p.clone(), c.clone())).collect::<BTreeMap<_, _>>(),
            "severity": self.severity.iter().map(|(c, s)| (c.clone(), s.as_str())).collect::<BTreeMap<_, _>>(),
            "extend-exclude": self.extend_exclude.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>(),
            "target-triples": self.target_triples,
            "vars": self.vars.iter().cloned().collect::<BTreeMap<_, _>>(),
        })
    }
}

/// Finds and reads settings, each file once.
#[derive(Default)]
pub struct Finder {
    by_dir: HashMap<PathBuf, Arc<Settings>>,
}

/// The names searched in each folder, in order.
const NAMES: &[&str] = &["frost.toml", "pyproject.toml"];

impl Finder {
    /// The settings for `file`: from the nearest `frost.toml` or
    /// `pyproject.toml` with a `[tool.frost]` table, upward from its
    /// folder; the defaults when there is none.
    pub fn for_file(&mut self, file: &Path) -> Result<Arc<Settings>, SettingsError> {
        let abs = Settings::absolute(file);
        let dir = abs.parent().map(Path::to_path_buf).unwrap_or_default();
        self.for_dir(&dir)
    }

    fn for_dir(&mut self, dir: &Path) -> Result<Arc<Settings>, SettingsError> {
        if let Some(s) = self.by_dir.get(dir) {
            return Ok(s.clone());
        }
        let mut found = None;
        for name in NAMES {
            let candidate = dir.join(name);
            if candidate.is_file() {
                if let Some(s) = read::read(&candidate)? {
                    found = Some(Arc::new(s));
                    break;
                }
            }
        }
        let settings = match (found, dir.parent()) {
            (Some(s), _) => s,
            (None, Some(parent)) => self.for_dir(parent)?,
            (None, None) => Arc::new(Settings::default()),
        };
        self.by_dir.insert(dir.to_path_buf(), settings.clone());
        Ok(settings)
    }
}
