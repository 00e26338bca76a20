//! `frost check`: lint configs, or explain a rule.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;

use super::args::EvalArgs;
use super::{print_out, report, CheckFormat};
use crate::lints::{rules, Diagnostic, Report, Severity};
use crate::settings::{Finder, Settings};
use crate::FrostError;

/// `frost check`'s arguments.
#[derive(Args)]
pub(crate) struct CheckArgs {
    /// Files, or folders searched recursively for `*.bzl`.
    #[arg(required_unless_present = "explain")]
    paths: Vec<PathBuf>,
    /// Print the documentation of the rule with this code and exit.
    #[arg(long, value_name = "CODE", conflicts_with_all = ["format", "deny_warnings"])]
    explain: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    format: CheckFormat,
    /// Exit 1 on warnings too.
    #[arg(long)]
    deny_warnings: bool,
    /// Exit 0 even when there are findings (2 still means a usage or I/O error).
    #[arg(long)]
    exit_zero: bool,
    /// Print how many findings each rule has instead of the findings.
    #[arg(long)]
    statistics: bool,
    /// Write the report to FILE (whole, or not at all) instead of standard output.
    #[arg(long, value_name = "FILE")]
    output_file: Option<PathBuf>,
    /// Print only the findings: no summary line, and nothing when there are none.
    #[arg(long)]
    quiet: bool,
    /// Print the settings in effect for each path (from frost.toml or [tool.frost] in pyproject.toml) and exit.
    #[arg(long)]
    show_settings: bool,
    /// Add a `# frost-ignore: CODE` comment for every current finding, to adopt frost gradually.
    #[arg(long, conflicts_with_all = ["fix", "diff"])]
    add_ignore: bool,
    /// Apply the settings' extend-exclude to files named on the command line
    /// too (for pre-commit, which names every changed file).
    #[arg(long)]
    force_exclude: bool,
    /// Apply the safe fixes, then report what remains. A file is written
    /// (atomically) only if the fixed text checks with no new error.
    #[arg(long)]
    pub(super) fix: bool,
    /// Print the safe fixes as a unified diff and write nothing; exit 1 if
    /// there is a diff, 0 if not. With --fix, the same (--diff wins).
    #[arg(long)]
    pub(super) diff: bool,
    #[command(flatten)]
    pub(super) eval: EvalArgs,
}

/// `frost check --explain CODE`: the rule's documentation, or exit 2 with
/// the closest codes.
pub(crate) fn explain(code: &str) -> ExitCode {
    match rules::by_code(code) {
        Some(rule) => print_out(&crate::docs::explain(rule)),
        None => {
            let closest = rules::closest(code);
            let hint = if closest.is_empty() {
                let all: Vec<String> = rules::all().map(|r| format!("`{}`", r.code)).collect();
                format!("the codes are {}", all.join(", "))
            } else {
                let names: Vec<String> = closest.iter().map(|c| format!("`{c}`")).collect();
                format!("did you mean {}?", or_list(&names))
            };
            report(FrostError::Usage(format!("--explain: no rule has the code `{code}`; {hint}")))
        }
    }
}

/// `a`, `a or b`, `a, b or c`.
fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// `frost check`.
pub(crate) fn run(args: CheckArgs) -> ExitCode {
    if let Some(code) = &args.explain {
        return explain(code);
    }
    let mut finder = Finder::default();
    if args.show_settings {
        return show_settings(&args.paths, &mut finder);
    }
    match checked(&args, &mut finder) {
        Ok(result) if args.add_ignore => add_ignores(&result),
        Ok(result) if args.diff => super::fix::diff(&args, &result, &mut finder),
        Ok(result) if args.fix => super::fix::fix(&args, &result, &mut finder),
        Ok(result) => finish(&args, &result),
        Err(code) => code,
    }
}

fn show_settings(paths: &[PathBuf], finder: &mut Finder) -> ExitCode {
    let mut out = serde_json::Map::new();
    for path in paths {
        // A folder's settings are those of a file inside it.
        let probe = if path.is_dir() { path.join("frost.bzl") } else { path.clone() };
        match finder.for_file(&probe) {
            Ok(s) => out.insert(path.display().to_string(), s.to_json()),
            Err(e) => return report(FrostError::Usage(e.to_string())),
        };
    }
    let mut text = serde_json::to_string_pretty(&serde_json::Value::Object(out)).expect("JSON serializes");
    text.push('\n');
    print_out(&text)
}

/// Checks every file with its settings: grouped by settings, each group
/// once per target triple, the findings filtered and their severities set
/// as the settings say.
pub(super) fn checked(args: &CheckArgs, finder: &mut Finder) -> Result<Report, ExitCode> {
    let options = args.eval.options().map_err(report)?;
    let (files, unreadable) = crate::lints::collect_files(&args.paths).map_err(|e| report(FrostError::Usage(e)))?;
    let named: Vec<&PathBuf> = args.paths.iter().filter(|p| p.is_file()).collect();
    let mut groups: Vec<(Arc<Settings>, Vec<PathBuf>)> = Vec::new();
    for file in files {
        let settings = finder.for_file(&file).map_err(|e| report(FrostError::Usage(e.to_string())))?;
        if settings.excludes(&file) && (args.force_exclude || !named.contains(&&file)) {
            continue;
        }
        match groups.iter_mut().find(|(s, _)| Arc::ptr_eq(s, &settings)) {
            Some((_, list)) => list.push(file),
            None => groups.push((settings, vec![file])),
        }
    }
    let mut result = Report { unreadable, ..Report::default() };
    for (settings, files) in &groups {
        let mut per_triple = Vec::new();
        for check_options in per_triple_options(args, &options, settings) {
            let report = crate::lints::check_files(files, &check_options);
            result.unreadable.extend(report.unreadable);
            per_triple.push((check_options.eval.target_triple.clone(), report.diagnostics));
        }
        result.files.extend(files.iter().cloned());
        for mut d in merge_triples(per_triple) {
            let settings = finder.for_file(Path::new(&d.path)).unwrap_or_else(|_| settings.clone());
            if settings.reports(Path::new(&d.path), d.code) {
                d.severity = settings.severity_of(d.code, d.severity);
                result.diagnostics.push(d);
            }
        }
    }
    result.unreadable.sort();
    result.unreadable.dedup();
    result.diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.code, &a.message).cmp(&(&b.path, b.line, b.column, &b.code, &b.message))
    });
    Ok(result)
}

/// How to check the files `settings` apply to: once per target triple, with
/// the settings' vars under the command line's.
pub(super) fn per_triple_options(
    args: &CheckArgs,
    options: &crate::EvalOptions,
    settings: &Settings,
) -> Vec<crate::lints::CheckOptions> {
    let mut eval = options.clone();
    // The settings' vars first, the command line's over them.
    let mut vars = settings.vars.clone();
    vars.retain(|(k, _)| !options.vars.iter().any(|(c, _)| c == k));
    vars.extend(options.vars.iter().cloned());
    eval.vars = vars;
    let triples = if args.eval.has_target_triple() || settings.target_triples.is_empty() {
        vec![options.target_triple.clone()]
    } else {
        settings.target_triples.clone()
    };
    triples
        .into_iter()
        .map(|triple| crate::lints::CheckOptions {
            target: options.target.clone(),
            eval: crate::EvalOptions { target_triple: triple, ..eval.clone() },
        })
        .collect()
}

/// One list of findings from the findings of each triple: a finding every
/// triple has is shown once; one that only some have names them.
fn merge_triples(per_triple: Vec<(String, Vec<Diagnostic>)>) -> Vec<Diagnostic> {
    if per_triple.len() < 2 {
        return per_triple.into_iter().flat_map(|(_, d)| d).collect();
    }
    let all = per_triple.len();
    let mut seen: Vec<(Diagnostic, Vec<String>)> = Vec::new();
    let mut index: HashMap<Diagnostic, usize> = HashMap::new();
    for (triple, diagnostics) in per_triple {
        for d in diagnostics {
            match index.get(&d) {
                Some(&i) => seen[i].1.push(triple.clone()),
                None => {
                    index.insert(d.clone(), seen.len());
                    seen.push((d, vec![triple.clone()]));
                }
            }
        }
    }
    seen.into_iter()
        .map(|(mut d, triples)| {
            if triples.len() < all {
                d.message = format!("[{}] {}", triples.join(", "), d.message);
            }
            d
        })
        .collect()
}

/// Prints (or writes) the report and gives the exit code.
pub(super) fn finish(args: &CheckArgs, result: &Report) -> ExitCode {
    let text = if args.statistics {
        statistics(result, args.format)
    } else {
        match args.format {
            CheckFormat::Human if args.quiet => quiet_human(result),
            CheckFormat::Human => crate::reports::human(result),
            CheckFormat::Json => crate::reports::json(result),
            CheckFormat::Sarif => crate::reports::sarif(result),
            CheckFormat::Github => crate::reports::github(result),
        }
    };
    let code = match &args.output_file {
        Some(path) => match crate::build::write_whole(path, text.as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => report(FrostError::Usage(format!("cannot write {}: {e}", path.display()))),
        },
        None => print_out(&text),
    };
    if code != ExitCode::SUCCESS {
        return code;
    }
    if !result.unreadable.is_empty() {
        ExitCode::from(2)
    } else if args.exit_zero {
        ExitCode::SUCCESS
    } else if result.count(Severity::Error) > 0 || (args.deny_warnings && result.count(Severity::Warning) > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The human report without its summary line; empty when there is nothing.
fn quiet_human(result: &Report) -> String {
    if result.diagnostics.is_empty() && result.unreadable.is_empty() {
        return String::new();
    }
    let text = crate::reports::human(result);
    let body = text.trim_end().rsplit_once('\n').map_or("", |(body, _)| body);
    format!("{}\n", body.trim_end())
}

/// How many findings each rule has, most first.
fn statistics(result: &Report, format: CheckFormat) -> String {
    let mut counts: Vec<(usize, &'static str, Severity)> = Vec::new();
    for d in &result.diagnostics {
        match counts.iter_mut().find(|(_, c, _)| *c == d.code) {
            Some((n, _, _)) => *n += 1,
            None => counts.push((1, d.code, d.severity)),
        }
    }
    counts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    if matches!(format, CheckFormat::Json) {
        let rows: Vec<_> = counts
            .iter()
            .map(|(n, code, severity)| serde_json::json!({"code": code, "count": n, "severity": severity.as_str()}))
            .collect();
        let mut text = serde_json::to_string_pretty(&rows).expect("JSON serializes");
        text.push('\n');
        return text;
    }
    let mut out = String::new();
    for (n, code, severity) in counts {
        let summary = rules::by_code(code).map_or("", |r| r.summary);
        out.push_str(&format!("{n:>6}  {code:<40}  {severity:<7}  {summary}\n"));
    }
    out
}

/// `--add-ignore`: a `# frost-ignore:` comment on every line with a finding,
/// each file rewritten whole, and the findings it could not silence (in
/// other files, or on lines that are part of a longer string) listed.
fn add_ignores(result: &Report) -> ExitCode {
    let mut by_file: HashMap<&str, Vec<&Diagnostic>> = HashMap::new();
    for d in &result.diagnostics {
        by_file.entry(d.path.as_str()).or_default().push(d);
    }
    let mut files: Vec<&str> = by_file.keys().copied().collect();
    files.sort();
    let mut added = 0;
    let mut left = 0;
    for file in files {
        let path = Path::new(file);
        let Ok(text) = crate::language::source::read_source(path) else { continue };
        let (new_text, n) = crate::lints::suppress::add_ignore_comments(&text, &by_file[file]);
        left += by_file[file].len().saturating_sub(n);
        if n == 0 {
            continue;
        }
        if crate::lints::check_source(path, new_text.clone(), &crate::lints::CheckOptions::default())
            .is_ok_and(|d| d.iter().any(|d| d.code == rules::evaluation::SYNTAX_ERROR.code))
        {
            eprintln!("warning: {file}: comments would break the file; left unchanged");
            continue;
        }
        if let Err(e) = crate::build::write_whole(path, new_text.as_bytes()) {
            return report(FrostError::Usage(format!("cannot write {file}: {e}")));
        }
        added += n;
    }
    eprintln!("added {added} `# frost-ignore:` code{}", if added == 1 { "" } else { "s" });
    if left > 0 {
        eprintln!(
            "{left} finding{} could not be silenced (on a line that ends inside a string, or already silenced elsewhere): run `frost check` to see {}",
            if left == 1 { "" } else { "s" },
            if left == 1 { "it" } else { "them" }
        );
    }
    ExitCode::SUCCESS
}
