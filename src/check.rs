//! `frost check`: evaluate configs, resolve every target and report what is
//! wrong or risky, with stable rule codes, in formats CI systems read.

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

use frost_runtime::{support, RuntimeConfig, StartMethod, ATTRIBUTES};
use rayon::prelude::*;
use starlark::analysis::{AstModuleLint, EvalSeverity};
use starlark::codemap::FileSpan;
use starlark::syntax::AstModule;

use crate::eval::{dialect, evaluate_ast, global_names, EvalOptions, FrostError, Resolve};
use crate::values::FrozenConfigError;

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The config is wrong: `frost check` exits 1.
    Error,
    /// The config works but is probably not what was meant.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rule `frost check` applies.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// The stable code, used in output and in suppression comments.
    pub code: &'static str,
    /// Its severity.
    pub severity: Severity,
    /// One line on what it finds.
    pub summary: &'static str,
}

/// Every rule, frost's own first, then the starlark linter's.
pub const RULES: &[Rule] = &[
    Rule { code: "syntax-error", severity: Severity::Error, summary: "The file is not valid Starlark." },
    Rule {
        code: "invalid-value",
        severity: Severity::Error,
        summary: "An attribute is given a value of the wrong type or outside what it accepts.",
    },
    Rule { code: "unknown-attribute", severity: Severity::Error, summary: "An attribute name that does not exist." },
    Rule {
        code: "frozen-config",
        severity: Severity::Error,
        summary: "A config that comes from a loaded module is changed; change a copy.",
    },
    Rule {
        code: "eval-error",
        severity: Severity::Error,
        summary: "Evaluating the config or resolving a target failed (fail(), an undefined name, a bad load...).",
    },
    Rule {
        code: "limit-exceeded",
        severity: Severity::Error,
        summary: "Evaluation ran too long, too deep or too big, and was stopped.",
    },
    Rule {
        code: "start-method-unavailable",
        severity: Severity::Error,
        summary: "A multiprocessing start method the target platform does not have.",
    },
    Rule {
        code: "unsupported-attribute",
        severity: Severity::Error,
        summary: "An attribute value frost's launcher cannot honour; frost build refuses it.",
    },
    Rule {
        code: "spawn-without-auto-dispatch",
        severity: Severity::Warning,
        summary: "spawn or forkserver is in effect but multiprocessing_auto_dispatch is off: workers would run the app again.",
    },
    Rule {
        code: "multiprocessing-needs-sys-frozen",
        severity: Severity::Warning,
        summary: "sys_frozen is off while multiprocessing settings rely on it.",
    },
    Rule {
        code: "conflicting-run-attributes",
        severity: Severity::Warning,
        summary: "More than one of run_command, run_module and run_filename is set; only one runs.",
    },
    Rule {
        code: "windows-only-attribute",
        severity: Severity::Warning,
        summary: "A Windows-only attribute is set for a non-Windows target triple.",
    },
    Rule {
        code: "search-paths-without-filesystem-importer",
        severity: Severity::Warning,
        summary: "module_search_paths is set but filesystem_importer is off, so nothing reads it.",
    },
    Rule { code: "unused-assign", severity: Severity::Warning, summary: "A variable is assigned but never used." },
    Rule { code: "unused-load", severity: Severity::Warning, summary: "A loaded symbol is never used." },
    Rule { code: "duplicate-key", severity: Severity::Warning, summary: "A dict literal repeats a key." },
    Rule {
        code: "missing-return",
        severity: Severity::Warning,
        summary: "A function returns a value on some paths but not others.",
    },
    Rule {
        code: "duplicate-top-level-assign",
        severity: Severity::Warning,
        summary: "A top-level name is assigned twice.",
    },
    Rule { code: "unreachable", severity: Severity::Warning, summary: "A statement can never run." },
    Rule { code: "using-undefined", severity: Severity::Error, summary: "A name that is never defined is used." },
    Rule { code: "starlark-lint", severity: Severity::Warning, summary: "Another finding of the starlark linter." },
];

/// The rule with this code.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

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
    /// The rule's code.
    pub code: &'static str,
    /// What is wrong and what would be accepted.
    pub message: String,
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

/// The `*.bzl` files named by `inputs`: files as given, directories searched
/// recursively. Sorted, without duplicates. A missing input is an error.
pub fn collect_files(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = BTreeSet::new();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|e| format!("cannot read {}: {e}", input.display()))?;
        if meta.is_dir() {
            walk(input, &mut out).map_err(|e| format!("cannot read {}: {e}", input.display()))?;
        } else {
            out.insert(input.clone());
        }
    }
    // `frost check .` reports `sub/x.bzl`, not `./sub/x.bzl`.
    Ok(out.into_iter().map(|p| p.strip_prefix(".").map(Path::to_path_buf).unwrap_or(p)).collect())
}

fn walk(dir: &Path, out: &mut BTreeSet<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        let name = entry.file_name();
        let hidden = name.to_string_lossy().starts_with('.');
        if kind.is_dir() {
            if !hidden && name != "target" && name != "node_modules" {
                walk(&path, out)?;
            }
        } else if path.extension().is_some_and(|e| e == "bzl") {
            out.insert(path);
        }
    }
    Ok(())
}

/// Checks every file, in parallel; the report's order does not depend on timing.
pub fn check_files(files: &[PathBuf], options: &CheckOptions) -> Report {
    // One file (the common CI case of `frost check frost.bzl`) is checked on
    // this thread: starting a thread pool would cost more than the check.
    let results: Vec<Result<Vec<Diagnostic>, String>> = if files.len() < 2 {
        files.iter().map(|f| check_file(f, options)).collect()
    } else {
        files.par_iter().map(|f| check_file(f, options)).collect()
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
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let display = path.display().to_string();
    let mut out = Vec::new();
    let ast = match AstModule::parse(&display, text.clone(), &dialect()) {
        Ok(ast) => ast,
        Err(e) => {
            out.push(from_error(&e, &display));
            return Ok(suppress(out, &display, &text));
        }
    };
    for lint in ast.lint(Some(&global_names())) {
        // frost's table decides for the lints it names (turning on
        // unused-assign and unused-load, which starlark ships disabled);
        // other lints keep starlark's severity, and advice is dropped.
        let (code, severity) = match (rule(&lint.short_name), lint.severity) {
            (Some(r), _) => (r.code, r.severity),
            (None, EvalSeverity::Error) => ("starlark-lint", Severity::Error),
            (None, EvalSeverity::Warning) => ("starlark-lint", Severity::Warning),
            (None, EvalSeverity::Advice | EvalSeverity::Disabled) => continue,
        };
        let message =
            if code == "starlark-lint" { format!("{} ({})", lint.problem, lint.short_name) } else { lint.problem };
        out.push(at_span(&lint.location, &display, severity, code, message));
    }
    let eval_options = EvalOptions {
        target: options.target.clone(),
        resolve: if options.target.is_some() { Resolve::Requested } else { Resolve::All },
        print: false,
        track_locations: true,
        ..options.eval.clone()
    };
    match evaluate_ast(path, ast, &eval_options) {
        Err(FrostError::Config(e)) => out.push(from_error(&e, &display)),
        Err(FrostError::Loaded { error, loaded_at }) => {
            let mut d = from_error(&error, &display);
            for site in &loaded_at {
                d.message.push_str(&format!(" ({})", crate::eval::load_note(site)));
            }
            out.push(d);
        }
        Err(FrostError::Usage(m)) => return Err(m),
        Ok(evaluated) => {
            for target in &evaluated.targets {
                if let Some(config) = &target.lowered {
                    let fallback = target.registered_at.clone();
                    for finding in rules(config, &eval_options.target_triple) {
                        let span =
                            finding.attr.and_then(|a| target.locations.get(a).cloned()).or_else(|| fallback.clone());
                        let r = rule(finding.code).expect("every finding has a rule");
                        let d = match &span {
                            Some(span) => at_span(span, &display, r.severity, r.code, finding.message),
                            None => at_line(&display, 1, 1, 1, 1, r.severity, r.code, finding.message),
                        };
                        out.push(d);
                    }
                }
            }
        }
    }
    Ok(suppress(out, &display, &text))
}

/// A finding of a config rule, before it has a location.
struct Finding {
    code: &'static str,
    /// The attribute whose assignment it points at.
    attr: Option<&'static str>,
    message: String,
}

fn is_windows(triple: &str) -> bool {
    triple.contains("windows")
}

/// The start method in effect once `auto` is resolved for the triple.
pub fn effective_start_method(method: StartMethod, triple: &str) -> StartMethod {
    method.effective(is_windows(triple))
}

/// frost's own rules over one lowered config.
fn rules(rc: &RuntimeConfig, triple: &str) -> Vec<Finding> {
    let c = &rc.config;
    let mut out = Vec::new();
    let windows = is_windows(triple);
    let method = effective_start_method(c.multiprocessing_start_method, triple);
    if windows && matches!(c.multiprocessing_start_method, StartMethod::Fork | StartMethod::Forkserver) {
        out.push(Finding {
            code: "start-method-unavailable",
            attr: Some("multiprocessing_start_method"),
            message: format!(
                "`multiprocessing_start_method = \"{}\"` is not available on {triple}: Windows has only \"spawn\"; use \"spawn\" or \"auto\"",
                c.multiprocessing_start_method
            ),
        });
    }
    let spawns = matches!(method, StartMethod::Spawn | StartMethod::Forkserver);
    if spawns && !c.multiprocessing_auto_dispatch {
        out.push(Finding {
            code: "spawn-without-auto-dispatch",
            attr: Some("multiprocessing_auto_dispatch"),
            message: format!(
                "the \"{method}\" start method is in effect, but `multiprocessing_auto_dispatch = False`: workers started as `{} --multiprocessing-fork ...` would run the app again; set it to True",
                rc.executable_name.as_deref().unwrap_or("app")
            ),
        });
    }
    if !c.sys_frozen && spawns && c.multiprocessing_auto_dispatch {
        out.push(Finding {
            code: "multiprocessing-needs-sys-frozen",
            attr: Some("sys_frozen"),
            message: format!(
                "`sys_frozen = False` with the \"{method}\" start method: multiprocessing then starts workers as `app <interpreter flags> -c \"from multiprocessing.spawn import spawn_main; ...\" --multiprocessing-fork`; frost's launcher dispatches that form too, but only while `multiprocessing_auto_dispatch` is on, and `multiprocessing.freeze_support()` and code that checks `sys.frozen` see an unfrozen app; set it to True unless your code needs it unset"
            ),
        });
    }
    let runs: Vec<(&'static str, bool)> = vec![
        ("run_command", c.run_command.is_some()),
        ("run_module", c.run_module.is_some()),
        ("run_filename", c.run_filename.is_some()),
    ];
    let set: Vec<&'static str> = runs.iter().filter(|(_, on)| *on).map(|(n, _)| *n).collect();
    if let Some((winner, losers)) = set.split_first() {
        for loser in losers {
            out.push(Finding {
                code: "conflicting-run-attributes",
                attr: Some(loser),
                message: format!(
                    "`{loser}` is ignored: `{winner}` is also set and wins (CPython runs run_command, else run_module, else run_filename)"
                ),
            });
        }
    }
    if !windows {
        for a in ATTRIBUTES.iter().filter(|a| a.windows_only) {
            if c.get(a.name).is_some_and(|v| v != frost_runtime::Value::None) {
                out.push(Finding {
                    code: "windows-only-attribute",
                    attr: Some(a.name),
                    message: format!("`{}` only has an effect on Windows, and the target triple is {triple}", a.name),
                });
            }
        }
    }
    if c.module_search_paths.is_some() && !c.filesystem_importer {
        out.push(Finding {
            code: "search-paths-without-filesystem-importer",
            attr: Some("module_search_paths"),
            message: "`module_search_paths` is set, but `filesystem_importer = False`, so no importer reads it"
                .to_string(),
        });
    }
    // Windows-only attributes are the windows-only-attribute rule's business.
    let windows_only = |name: &str| ATTRIBUTES.iter().any(|a| a.name == name && a.windows_only);
    for u in support::unsupported(c).into_iter().filter(|u| !windows_only(u.attr)) {
        out.push(Finding {
            code: "unsupported-attribute",
            attr: ATTRIBUTES.iter().find(|a| a.name == u.attr).map(|a| a.name),
            message: format!("`{}`: {}", u.attr, u.reason),
        });
    }
    out
}

/// A diagnostic from an evaluation error, classified by what caused it.
fn from_error(e: &starlark::Error, main_path: &str) -> Diagnostic {
    let message = e.without_diagnostic().to_string();
    let first = message.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("").trim().to_string();
    let (code, message) = classify(e, &message);
    let message = if message.is_empty() { first } else { message };
    let span = e.span().cloned().or_else(crate::values::current_statement);
    match span {
        Some(span) => at_span(&span, main_path, Severity::Error, code, message),
        None => at_line(main_path, 1, 1, 1, 1, Severity::Error, code, message),
    }
}

fn classify(e: &starlark::Error, message: &str) -> (&'static str, String) {
    use starlark::ErrorKind;
    let plain = strip_traceback(message);
    match e.kind() {
        ErrorKind::Parser(_) => ("syntax-error", plain),
        ErrorKind::StackOverflow(_) => ("limit-exceeded", format!("{plain}: the config recurses too deeply")),
        ErrorKind::Value(inner) | ErrorKind::Other(inner) | ErrorKind::Native(inner) | ErrorKind::Function(inner) => {
            if let Some(a) = inner.downcast_ref::<frost_runtime::AttrError>() {
                let code = if matches!(a, frost_runtime::AttrError::Unknown { .. }) {
                    "unknown-attribute"
                } else {
                    "invalid-value"
                };
                (code, a.to_string())
            } else if inner.downcast_ref::<FrozenConfigError>().is_some() {
                ("frozen-config", plain)
            } else if is_limit(&plain) {
                ("limit-exceeded", limit_message(&plain))
            } else {
                ("eval-error", plain)
            }
        }
        _ if is_limit(&plain) => ("limit-exceeded", limit_message(&plain)),
        _ => ("eval-error", plain),
    }
}

fn is_limit(message: &str) -> bool {
    crate::eval::limit_explanation(message).is_some()
}

fn limit_message(message: &str) -> String {
    crate::eval::limit_explanation(message).unwrap_or_else(|| message.to_string())
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

fn at_span(span: &FileSpan, main_path: &str, severity: Severity, code: &'static str, message: String) -> Diagnostic {
    let r = span.resolve();
    let file = r.file.clone();
    let path = if file == main_path || file.starts_with(crate::eval::STDLIB_PREFIX) {
        file
    } else {
        crate::eval::display_path(Path::new(&file))
    };
    at_line(
        &path,
        r.span.begin.line + 1,
        r.span.begin.column + 1,
        r.span.end.line + 1,
        r.span.end.column + 1,
        severity,
        code,
        message,
    )
}

#[allow(clippy::too_many_arguments)]
fn at_line(
    path: &str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    severity: Severity,
    code: &'static str,
    message: String,
) -> Diagnostic {
    Diagnostic { path: path.to_string(), line, column, end_line, end_column, severity, code, message }
}

/// The comment that silences rules on its line: `# frost-ignore: code, code`.
pub const SUPPRESS: &str = "frost-ignore:";

/// Drops the findings whose line carries `# frost-ignore: <code>`.
fn suppress(diags: Vec<Diagnostic>, main_path: &str, text: &str) -> Vec<Diagnostic> {
    let lines: Vec<&str> = text.lines().collect();
    diags
        .into_iter()
        .filter(|d| {
            if d.path != main_path {
                return true;
            }
            let Some(line) = lines.get(d.line.wrapping_sub(1)) else { return true };
            !suppressed_codes(line).any(|c| c == d.code)
        })
        .collect()
}

/// The codes a line's `# frost-ignore:` comment names.
pub fn suppressed_codes(line: &str) -> impl Iterator<Item = &str> {
    let codes = line.find('#').and_then(|hash| {
        let comment = &line[hash + 1..];
        comment.find(SUPPRESS).map(|at| &comment[at + SUPPRESS.len()..])
    });
    codes.into_iter().flat_map(|c| c.split([',', ' ']).map(str::trim).filter(|c| !c.is_empty()))
}
