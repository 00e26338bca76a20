//! Fixes: edits of the source that resolve a finding, computed from the
//! file's text and the finding alone (its code, message and place), so
//! `frost check --fix`, `--diff` and `frost lsp`'s quick fixes are the same
//! edits. Which rules have fixes is part of their declaration
//! ([`Rule::fix`](super::Rule::fix)); the edits are built in its `build` module.

mod build;
mod syntax;

use std::fmt;

use super::{rules, Diagnostic};

/// Whether a fix can be applied without a human looking at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Applicability {
    /// The fixed config means what the author meant: `frost check --fix`
    /// applies it.
    Safe,
    /// A likely fix that may change what the config does: offered in the
    /// editor, never applied by `--fix`.
    Unsafe,
}

impl Applicability {
    /// `safe` or `unsafe`.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

impl fmt::Display for Applicability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One replacement: the bytes `start..end` of the file become `text`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Edit {
    /// Byte offset where the replaced text starts.
    pub start: usize,
    /// Byte offset just past the replaced text.
    pub end: usize,
    /// What replaces it.
    pub text: String,
}

/// A fix for one finding.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fix {
    /// What it does, as a command: "Change to `sys_frozen`".
    pub title: String,
    /// Whether `--fix` applies it.
    pub applicability: Applicability,
    /// The edits, in order, not overlapping.
    pub edits: Vec<Edit>,
}

impl Fix {
    fn covers(&self) -> (usize, usize) {
        let start = self.edits.iter().map(|e| e.start).min().unwrap_or(0);
        let end = self.edits.iter().map(|e| e.end).max().unwrap_or(0);
        (start, end)
    }
}

/// The fix for `finding` in `text` (the content of the file the finding is
/// in), when its rule has one and it applies here.
pub fn fix_for(text: &str, finding: &Diagnostic) -> Option<Fix> {
    let rule = rules::by_code(finding.code)?;
    rule.fix?;
    let ast = syntax::parse(text)?;
    build::fix(text, &ast, finding)
}

/// Sets the fix of every finding in `path` (whose content is `text`) that
/// has one. The file is parsed once, and only when a finding's rule has a fix.
pub fn attach(path: &str, text: &str, findings: &mut [Diagnostic]) {
    let fixable = |d: &Diagnostic| d.path == path && rules::by_code(d.code).is_some_and(|r| r.fix.is_some());
    if !findings.iter().any(fixable) {
        return;
    }
    let Some(ast) = syntax::parse(text) else { return };
    for d in findings.iter_mut().filter(|d| fixable(d)) {
        d.fix = build::fix(text, &ast, d);
    }
}

/// `text` with `fixes` applied, and the indices of those that were. A fix
/// whose edits overlap or touch those of one applied before it is skipped
/// (the next round, on the new text, finds it again).
pub fn apply(text: &str, fixes: &[&Fix]) -> (String, Vec<usize>) {
    let mut taken: Vec<&Fix> = Vec::new();
    let mut applied = Vec::new();
    for (i, fix) in fixes.iter().enumerate() {
        let (s, e) = fix.covers();
        let clash = taken.iter().any(|t| {
            let (ts, te) = t.covers();
            s <= te && ts <= e
        });
        let in_bounds = fix.edits.iter().all(|e| {
            e.start <= e.end && e.end <= text.len() && text.is_char_boundary(e.start) && text.is_char_boundary(e.end)
        });
        if !clash && in_bounds && !fix.edits.is_empty() {
            taken.push(fix);
            applied.push(i);
        }
    }
    let mut edits: Vec<&Edit> = taken.iter().flat_map(|f| &f.edits).collect();
    edits.sort_by_key(|e| (e.start, e.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        out.push_str(&text[at..e.start]);
        out.push_str(&e.text);
        at = e.end;
    }
    out.push_str(&text[at..]);
    (out, applied)
}

/// The byte offset in `text` of the 1-based `line` and `column` (starlark's
/// columns count characters).
pub fn offset(text: &str, line: usize, column: usize) -> Option<usize> {
    let mut start = 0;
    for _ in 1..line {
        start += text[start..].find('\n')? + 1;
    }
    let rest = &text[start..];
    let end = rest.find('\n').unwrap_or(rest.len());
    let within = rest[..end].char_indices().nth(column.saturating_sub(1)).map_or(end, |(i, _)| i);
    Some(start + within)
}
