//! `frost check --fix` and `--diff`: the safe fixes of the findings, applied
//! round after round until nothing changes (at most [`MAX_ROUNDS`]), the
//! result checked again, and the file written (whole, permissions kept) or
//! shown as a diff only when the fixed text parses and has no error the
//! original did not have.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::check::{checked, finish, per_triple_options, CheckArgs};
use super::{print_out, report};
use crate::lints::fix::{apply, Applicability, Fix};
use crate::lints::rules::evaluation::SYNTAX_ERROR;
use crate::lints::{CheckOptions, Diagnostic, Report, Severity};
use crate::settings::{Finder, Settings};
use crate::FrostError;

/// Fixes can uncover fixes (a load left unused by a removed line): this
/// many rounds at most.
pub const MAX_ROUNDS: usize = 10;

/// What fixing one file gives.
enum Outcome {
    /// The fixed text, and the codes of the findings fixed.
    Fixed { path: PathBuf, old: String, new: String, codes: Vec<&'static str> },
    /// The fixes would break the file: why. It is left as it is.
    Refused { path: PathBuf, why: String },
}

/// The files of `result` with a safe fix, each fixed as far as it can be.
fn plan(args: &CheckArgs, result: &Report, finder: &mut Finder) -> Result<Vec<Outcome>, ExitCode> {
    let options = args.eval.options().map_err(report)?;
    let mut out = Vec::new();
    for file in &result.files {
        let shown = file.display().to_string();
        let fixable =
            |d: &Diagnostic| d.path == shown && d.fix.as_ref().is_some_and(|f| f.applicability == Applicability::Safe);
        if !result.diagnostics.iter().any(fixable) {
            continue;
        }
        let settings = finder.for_file(file).map_err(|e| report(FrostError::Usage(e.to_string())))?;
        let each = per_triple_options(args, &options, &settings);
        let old = match crate::language::source::read_source(file) {
            Ok(text) => text,
            Err(e) => return Err(report(FrostError::Usage(format!("cannot read {shown}: {e}")))),
        };
        out.push(match fixed_text(file, &old, &each, &settings) {
            Ok(None) => continue,
            Ok(Some((new, codes))) => Outcome::Fixed { path: file.clone(), old, new, codes },
            Err(why) => Outcome::Refused { path: file.clone(), why },
        });
    }
    Ok(out)
}

/// The findings in `path` itself for `text`, under every triple, as the
/// settings report them.
fn findings(path: &Path, text: &str, each: &[CheckOptions], settings: &Settings) -> Vec<Diagnostic> {
    let shown = path.display().to_string();
    let mut out: Vec<Diagnostic> = Vec::new();
    for options in each {
        for d in crate::lints::check_source(path, text.to_string(), options).unwrap_or_default() {
            if d.path == shown && settings.reports(path, d.code) && !out.contains(&d) {
                out.push(d);
            }
        }
    }
    out
}

/// `old` with the safe fixes applied until none is left, and the codes
/// fixed; `None` when nothing changes; an error when the result would not
/// parse or would have an error `old` does not.
fn fixed_text(
    path: &Path,
    old: &str,
    each: &[CheckOptions],
    settings: &Settings,
) -> Result<Option<(String, Vec<&'static str>)>, String> {
    let before = findings(path, old, each, settings);
    let mut text = old.to_string();
    let mut current = before.clone();
    let mut codes = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let fixes: Vec<(&'static str, &Fix)> = current
            .iter()
            .filter_map(|d| d.fix.as_ref().map(|f| (d.code, f)))
            .filter(|(_, f)| f.applicability == Applicability::Safe)
            .collect();
        let only: Vec<&Fix> = fixes.iter().map(|(_, f)| *f).collect();
        let (new, applied) = apply(&text, &only);
        if applied.is_empty() || new == text {
            break;
        }
        codes.extend(applied.iter().map(|&i| fixes[i].0));
        text = new;
        current = findings(path, &text, each, settings);
    }
    if text == old {
        return Ok(None);
    }
    if let Some(d) = current.iter().find(|d| d.code == SYNTAX_ERROR.code) {
        return Err(format!("the fixed text would not parse ({}:{}: {})", d.line, d.column, d.message));
    }
    let was = |d: &Diagnostic| {
        before.iter().any(|b| b.severity == Severity::Error && b.code == d.code && b.message == d.message)
    };
    if let Some(d) = current.iter().find(|d| d.severity == Severity::Error && !was(d)) {
        return Err(format!(
            "the fixed text would have a new error: {} ({}:{}: {})",
            d.code, d.line, d.column, d.message
        ));
    }
    Ok(Some((text, codes)))
}

fn plural(n: usize, one: &str) -> String {
    format!("{n} {one}{}", if n == 1 { "" } else { "s" })
}

/// The codes, each once, with how often when more than once.
fn code_list(codes: &[&'static str]) -> String {
    let mut seen: Vec<(&str, usize)> = Vec::new();
    for c in codes {
        match seen.iter_mut().find(|(s, _)| s == c) {
            Some((_, n)) => *n += 1,
            None => seen.push((c, 1)),
        }
    }
    let items: Vec<String> =
        seen.iter().map(|(c, n)| if *n > 1 { format!("{c} ×{n}") } else { c.to_string() }).collect();
    items.join(", ")
}

/// `frost check --fix`.
pub(super) fn fix(args: &CheckArgs, result: &Report, finder: &mut Finder) -> ExitCode {
    let outcomes = match plan(args, result, finder) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let (mut fixed, mut files, mut failed) = (0, 0, false);
    for outcome in outcomes {
        match outcome {
            Outcome::Fixed { path, new, codes, .. } => {
                if let Err(e) = write(&path, &new) {
                    eprintln!("error: cannot write {}: {e}; left unchanged", path.display());
                    failed = true;
                    continue;
                }
                eprintln!("fixed {}: {} ({})", path.display(), plural(codes.len(), "finding"), code_list(&codes));
                fixed += codes.len();
                files += 1;
            }
            Outcome::Refused { path, why } => {
                eprintln!("warning: {}: not fixed: {why}; left unchanged", path.display());
            }
        }
    }
    eprintln!("fixed {} in {}", plural(fixed, "finding"), plural(files, "file"));
    // What remains, reported as `frost check` reports it.
    let remaining = match checked(args, finder) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let code = finish(args, &remaining);
    if failed {
        ExitCode::from(2)
    } else {
        code
    }
}

/// Writes `text` over `path`, whole or not at all, keeping its permissions;
/// a read-only file is an error (frost does not make it writable).
fn write(path: &Path, text: &str) -> std::io::Result<()> {
    let meta = std::fs::metadata(path)?;
    if meta.permissions().readonly() {
        return Err(std::io::Error::new(std::io::ErrorKind::PermissionDenied, "the file is read-only"));
    }
    crate::build::write_whole(path, text.as_bytes())
}

/// `frost check --diff`: the fixes as a unified diff; nothing is written.
pub(super) fn diff(args: &CheckArgs, result: &Report, finder: &mut Finder) -> ExitCode {
    let outcomes = match plan(args, result, finder) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let mut out = String::new();
    let mut files = 0;
    for outcome in outcomes {
        match outcome {
            Outcome::Fixed { path, old, new, codes } => {
                let shown = path.display().to_string();
                let diff = similar::TextDiff::from_lines(&old, &new);
                out.push_str(&diff.unified_diff().context_radius(3).header(&shown, &shown).to_string());
                eprintln!("would fix {shown}: {} ({})", plural(codes.len(), "finding"), code_list(&codes));
                files += 1;
            }
            Outcome::Refused { path, why } => {
                eprintln!("warning: {}: would not be fixed: {why}", path.display());
            }
        }
    }
    let code = print_out(&out);
    if code != ExitCode::SUCCESS {
        return code;
    }
    if files > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
