//! `frost check`: evaluate configs, resolve every target and report what is
//! wrong or risky. Each rule is a declaration in [`rules`], with its code,
//! severity and documentation; this module runs them over files.

pub mod classify;
pub mod fix;
pub mod rule;
pub mod rules;
pub mod suppress;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use starlark::analysis::AstModuleLint;

use classify::{at_line, at_span, from_error};
pub use rule::{Rule, Severity};
use rules::starlark::{STARLARK_LINT, USING_UNDEFINED};
pub use suppress::{suppressed_codes, SUPPRESS};

use crate::language::source::read_source;
use crate::language::{global_names, EvalOptions, FrostError, Resolve};
use crate::lower::evaluate_ast;

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    /// The file, as given on the command line (or as loaded).
    pub path: String,
    /// 1-based start line.
    pub line: usize,
    /// 1-based start column.
    pub column: usize,
    /// 1-based end line.
    pub end_line: usize,
    /// 1-based end column (exclusive).
    pub end_column: usize,
    /// How bad it is.
    pub severity: Severity,
    /// The rule's code (from its declaration: see [`rules`]).
    pub code: &'static str,
    /// What is wrong and what would be accepted.
    pub message: String,
    /// How to fix it, when frost knows (see [`fix`]).
    pub fix: Option<fix::Fix>,
}

/// How to check.
#[derive(Clone, Debug, Default)]
pub struct CheckOptions {
    /// Resolve only this target (default: all).
    pub target: Option<String>,
    /// The evaluation settings (triple, vars, root, limits).
    pub eval: EvalOptions,
}

/// Everything found in a set of files.
#[derive(Debug, Default)]
pub struct Report {
    /// The files checked, in order.
    pub files: Vec<PathBuf>,
    /// The findings, sorted by file, line and column.
    pub diagnostics: Vec<Diagnostic>,
    /// Files that could not be read (a reason for exit 2).
    pub unreadable: Vec<(PathBuf, String)>,
}

impl Report {
    /// How many findings have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }
}

/// Paths that could not be read, with why.
pub type Unreadable = Vec<(PathBuf, String)>;

/// The `*.bzl` files named by `inputs`: files as given, folders searched
/// recursively (only regular files; hidden folders, `target` and
/// `node_modules` are skipped). Sorted, without duplicates. A missing input
/// is an error; a sub-folder that cannot be read is reported in the second
/// list and the search goes on.
pub fn collect_files(inputs: &[PathBuf]) -> Result<(Vec<PathBuf>, Unreadable), String> {
    let mut out = BTreeSet::new();
    let mut unreadable = Vec::new();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|e| format!("cannot read {}: {e}", input.display()))?;
        if meta.is_dir() {
            walk(input, &mut out, &mut unreadable);
        } else {
            out.insert(input.clone());
        }
    }
    // `frost check .` reports `sub/x.bzl`, not `./sub/x.bzl`.
    let clean = |p: PathBuf| p.strip_prefix(".").map(Path::to_path_buf).unwrap_or(p);
    let files = out.into_iter().map(clean).collect();
    let unreadable = unreadable.into_iter().map(|(p, e)| (clean(p), e)).collect();
    Ok((files, unreadable))
}

fn walk(dir: &Path, out: &mut BTreeSet<PathBuf>, unreadable: &mut Unreadable) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return unreadable.push((dir.to_path_buf(), format!("cannot read {}: {e}", dir.display()))),
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => return unreadable.push((dir.to_path_buf(), format!("cannot read {}: {e}", dir.display()))),
        };
        let path = entry.path();
        let name = entry.file_name();
        let hidden = name.to_string_lossy().starts_with('.');
        // Follow symlinks, as for files named on the command line; a FIFO or
        // a device named *.bzl is not a config.
        let Ok(meta) = std::fs::metadata(&path) else { continue };
        if meta.is_dir() {
            if !hidden && name != "target" && name != "node_modules" && !entry.file_type().is_ok_and(|t| t.is_symlink())
            {
                walk(&path, out, unreadable);
            }
        } else if meta.is_file() && path.extension().is_some_and(|e| e == "bzl") {
            out.insert(path);
        }
    }
}

/// Checks every file, in parallel; the report's order does not depend on timing.
pub fn check_files(files: &[PathBuf], options: &CheckOptions) -> Report {
    // One file (the common CI case of `frost check frost.bzl`) is checked on
    // this thread: starting a thread pool would cost more than the check.
    let results: Vec<Result<Vec<Diagnostic>, String>> = if files.len() < 2 {
        files.iter().map(|f| check_file(f, options)).collect()
    } else {
        let pool = rayon::ThreadPoolBuilder::new().stack_size(crate::language::EVAL_STACK_BYTES).build();
        match pool {
            Ok(pool) => pool.install(|| files.par_iter().map(|f| check_file(f, options)).collect()),
            Err(_) => files.iter().map(|f| check_file(f, options)).collect(),
        }
    };
    let mut report = Report { files: files.to_vec(), ..Report::default() };
    let mut seen = BTreeSet::new();
    for (file, result) in files.iter().zip(results) {
        match result {
            Ok(diags) => {
                for d in diags {
                    if seen.insert(d.clone()) {
                        report.diagnostics.push(d);
                    }
                }
            }
            Err(e) => report.unreadable.push((file.clone(), e)),
        }
    }
    report.diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.code, &a.message).cmp(&(&b.path, b.line, b.column, &b.code, &b.message))
    });
    report
}

/// Checks one file: its syntax, the starlark linter, its evaluation with
/// every target resolved, and frost's rules over every lowered config.
pub fn check_file(path: &Path, options: &CheckOptions) -> Result<Vec<Diagnostic>, String> {
    let text = read_source(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    check_source(path, text, options)
}

/// [`check_file`] for `text`, as if it were the content of the file at
/// `path` (what an editor has before it saves: `frost lsp`). Loads are read
/// from disk, relative to `path`.
pub fn check_source(path: &Path, text: String, options: &CheckOptions) -> Result<Vec<Diagnostic>, String> {
    let display = path.display().to_string();
    let mut out = Vec::new();
    let ast = match crate::language::syntax::parse(&display, text.clone()) {
        Ok(ast) => ast,
        Err(e) => {
            out.push(from_error(&e, &display));
            return Ok(suppress::suppress(out, &display, &text));
        }
    };
    for lint in ast.lint(Some(&global_names())) {
        // frost's table decides for the lints it names (turning on
        // unused-assign and unused-load, which starlark ships disabled);
        // other lints keep starlark's severity, and advice is dropped.
        let Some((rule, severity)) = rules::starlark::for_lint(&lint.short_name, lint.severity) else { continue };
        let message =
            if rule == STARLARK_LINT { format!("{} ({})", lint.problem, lint.short_name) } else { lint.problem };
        out.push(at_span(&lint.location, &display, severity, rule, message));
    }
    let eval_options = EvalOptions {
        target: options.target.clone(),
        resolve: if options.target.is_some() { Resolve::Requested } else { Resolve::All },
        print: false,
        track_locations: true,
        ..options.eval.clone()
    };
    crate::language::errors::start_collecting_attribute_errors();
    let evaluated = evaluate_ast(path, ast, &eval_options);
    // Wrong assignments were recorded and skipped, so one run reports them
    // all; the evaluation's own error, if any, comes after them.
    for (e, statement) in crate::language::errors::take_attribute_errors() {
        out.push(classify::from_error_at(&e, statement, &display));
    }
    match evaluated {
        Err(FrostError::Config(e)) => {
            let d = from_error(&e, &display);
            // An undefined name is the linter's `using-undefined` already,
            // at the same place: one finding, not two.
            let same = |o: &Diagnostic| {
                o.code == USING_UNDEFINED.code && (&o.path, o.line, o.column) == (&d.path, d.line, d.column)
            };
            if !out.iter().any(same) {
                out.push(d);
            }
        }
        Err(FrostError::Loaded { error, loaded_at }) => {
            let mut d = from_error(&error, &display);
            for site in &loaded_at {
                d.message.push_str(&format!(" ({})", crate::language::load_note(site)));
            }
            out.push(d);
        }
        Err(FrostError::Usage(m)) => return Err(m),
        Ok(evaluated) => {
            for target in &evaluated.targets {
                if let Some(plan) = &target.plan {
                    if let Some((rule, message)) = rules::targets::finding(&target.name, plan, std::env::consts::OS) {
                        out.push(match &target.registered_at {
                            Some(span) => at_span(span, &display, rule.severity, rule, message),
                            None => at_line(&display, (1, 1, 1, 1), rule.severity, rule, message),
                        });
                    }
                }
                if let Some(config) = &target.lowered {
                    let fallback = target.registered_at.clone();
                    for finding in rules::config::findings(config, &eval_options.target_triple) {
                        let span =
                            finding.attr.and_then(|a| target.locations.get(a).cloned()).or_else(|| fallback.clone());
                        let r = finding.rule;
                        let d = match &span {
                            Some(span) => at_span(span, &display, r.severity, r, finding.message),
                            None => at_line(&display, (1, 1, 1, 1), r.severity, r, finding.message),
                        };
                        out.push(d);
                    }
                }
            }
        }
    }
    let mut out = suppress::suppress(out, &display, &text);
    fix::attach(&display, &text, &mut out);
    Ok(out)
}
