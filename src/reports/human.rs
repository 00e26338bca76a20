//! Rustc-style text: each finding with a snippet of the line at fault.

use std::collections::HashMap;

use annotate_snippets::display_list::{DisplayList, FormatOptions};
use annotate_snippets::snippet::{Annotation, AnnotationType, Slice, Snippet, SourceAnnotation};

use crate::lints::{Diagnostic, Report, Severity};

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
        "{} {} checked: {} {}, {} {}",
        report.files.len(),
        plural(report.files.len(), "file", "files"),
        errors,
        plural(errors, "error", "errors"),
        warnings,
        plural(warnings, "warning", "warnings"),
    ));
    let notes = report.count(Severity::Note);
    if notes > 0 {
        out.push_str(&format!(", {notes} {}", plural(notes, "note", "notes")));
    }
    out.push('\n');
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
        Severity::Note => AnnotationType::Note,
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
