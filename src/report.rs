//! `frost check` output: human (rustc-style snippets), JSON, SARIF 2.1.0 and
//! GitHub Actions annotations.

use std::collections::HashMap;

use annotate_snippets::display_list::{DisplayList, FormatOptions};
use annotate_snippets::snippet::{Annotation, AnnotationType, Slice, Snippet, SourceAnnotation};
use serde_json::json;

use crate::check::{Diagnostic, Report, Severity, RULES};

/// Rustc-style text: each finding with a snippet of the line at fault, then
/// a summary line.
pub fn human(report: &Report) -> String {
    let mut sources: HashMap<&str, Option<String>> = HashMap::new();
    let mut out = String::new();
    for d in &report.diagnostics {
        let source = sources.entry(d.path.as_str()).or_insert_with(|| std::fs::read_to_string(&d.path).ok());
        out.push_str(&render(d, source.as_deref()));
        out.push_str("\n\n");
    }
    for (path, reason) in &report.unreadable {
        out.push_str(&format!("error: {reason} ({})\n\n", path.display()));
    }
    let (errors, warnings) = (report.count(Severity::Error), report.count(Severity::Warning));
    out.push_str(&format!(
        "{} {} checked: {} {}, {} {}\n",
        report.files.len(),
        plural(report.files.len(), "file", "files"),
        errors,
        plural(errors, "error", "errors"),
        warnings,
        plural(warnings, "warning", "warnings"),
    ));
    out
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

fn render(d: &Diagnostic, source: Option<&str>) -> String {
    let title = d.message.as_str();
    let origin = d.path.as_str();
    let annotation_type = match d.severity {
        Severity::Error => AnnotationType::Error,
        Severity::Warning => AnnotationType::Warning,
    };
    let lines: Vec<&str> = source.map(|s| s.lines().collect()).unwrap_or_default();
    let Some(first) = lines.get(d.line.wrapping_sub(1)) else {
        return format!("{}[{}]: {}\n --> {origin}:{}:{}", d.severity, d.code, title, d.line, d.column);
    };
    // Show the first line of the span, underlined from the column to the end
    // of the span (or of the line).
    // A trailing space gives an error at the end of the line (a parse error
    // that wants more) a character to point at.
    let at_end = d.column > first.chars().count();
    let padded = if at_end { format!("{first} ") } else { first.to_string() };
    let first = padded.as_str();
    let start = byte_index(first, d.column - 1).min(first.len() - 1);
    let end = if d.end_line == d.line { byte_index(first, d.end_column - 1) } else { first.len() - 1 };
    let end = end.clamp(start + 1, first.len());
    let snippet = Snippet {
        title: Some(Annotation { id: Some(d.code), label: Some(title), annotation_type }),
        footer: vec![],
        slices: vec![Slice {
            source: first,
            line_start: d.line,
            origin: Some(origin),
            fold: false,
            annotations: vec![SourceAnnotation { range: (start, end), label: "", annotation_type }],
        }],
        opt: FormatOptions { color: false, anonymized_line_numbers: false, margin: None },
    };
    DisplayList::from(snippet).to_string()
}

/// The byte index of the `column`-th character (0-based) of `line`.
fn byte_index(line: &str, column: usize) -> usize {
    line.char_indices().nth(column).map_or(line.len(), |(i, _)| i)
}

/// `{"diagnostics": [...], "summary": {...}}`.
pub fn json(report: &Report) -> String {
    let diagnostics: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| {
            json!({
                "path": d.path,
                "line": d.line,
                "column": d.column,
                "end_line": d.end_line,
                "end_column": d.end_column,
                "severity": d.severity.as_str(),
                "code": d.code,
                "message": d.message,
            })
        })
        .collect();
    let unreadable: Vec<_> =
        report.unreadable.iter().map(|(p, e)| json!({"path": p.display().to_string(), "message": e})).collect();
    let value = json!({
        "diagnostics": diagnostics,
        "unreadable": unreadable,
        "summary": {
            "files": report.files.len(),
            "errors": report.count(Severity::Error),
            "warnings": report.count(Severity::Warning),
        },
    });
    let mut text = serde_json::to_string_pretty(&value).expect("JSON serializes");
    text.push('\n');
    text
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A SARIF 2.1.0 log with one run, every rule's metadata and one result per finding.
pub fn sarif(report: &Report) -> String {
    let rules: Vec<_> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.code,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.summary},
                "help": {"text": format!("{} See the frost book, page \"Lint rules\", section `{}`.", r.summary, r.code)},
                "defaultConfiguration": {"level": sarif_level(r.severity)},
            })
        })
        .collect();
    let results: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| {
            let index = RULES.iter().position(|r| r.code == d.code).unwrap_or(0);
            json!({
                "ruleId": d.code,
                "ruleIndex": index,
                "level": sarif_level(d.severity),
                "message": {"text": d.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&d.path)},
                        "region": {
                            "startLine": d.line,
                            "startColumn": d.column,
                            "endLine": d.end_line,
                            "endColumn": d.end_column.max(1),
                        },
                    },
                }],
            })
        })
        .collect();
    let value = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "frost",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&value).expect("JSON serializes");
    text.push('\n');
    text
}

/// A relative path as a URI reference (forward slashes, spaces and the like escaped).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b':' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `::error file=...,line=...,col=...,endLine=...,endColumn=...,title=...::message` lines.
pub fn github(report: &Report) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        out.push_str(&format!(
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            d.severity.as_str(),
            escape_property(&d.path),
            d.line,
            d.column,
            d.end_line,
            d.end_column,
            escape_property(&format!("frost {}", d.code)),
            escape_data(&d.message),
        ));
    }
    for (path, reason) in &report.unreadable {
        out.push_str(&format!(
            "::error file={}::{}\n",
            escape_property(&path.display().to_string()),
            escape_data(reason)
        ));
    }
    out
}

/// GitHub's workflow-command escaping for the message.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// GitHub's workflow-command escaping for a property value.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}
