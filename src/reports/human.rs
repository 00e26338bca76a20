//! Rustc-style text: each finding with a snippet of the line at fault.

use std::collections::HashMap;

use annotate_snippets::display_list::{DisplayList, FormatOptions};
use annotate_snippets::snippet::{Annotation, AnnotationType, Slice, Snippet, SourceAnnotation};

use crate::lints::{Diagnostic, Report, Severity};

/// Rustc-style text: each finding with a snippet of the line at fault, then
/// a summary line.
pub fn human(report: &Report) -> String {
    // Each file is read and split into lines once: a file with thousands of
    // findings must not be split once per finding.
    let mut sources: HashMap<&str, Vec<String>> = HashMap::new();
    let mut out = String::new();
    for d in &report.diagnostics {
        let lines = sources.entry(d.path.as_str()).or_insert_with(|| {
            let text = crate::language::source::read_source(std::path::Path::new(&d.path)).unwrap_or_default();
            text.lines().map(str::to_string).collect()
        });
        out.push_str(&render(d, lines.get(d.line.wrapping_sub(1)).map(String::as_str)));
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
    let fixable = report
        .diagnostics
        .iter()
        .filter(|d| d.fix.as_ref().is_some_and(|f| f.applicability == crate::lints::fix::Applicability::Safe))
        .count();
    if fixable > 0 {
        out.push_str(&format!(" ({fixable} fixable with `frost check --fix`)"));
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

/// `text` with its control characters written as escapes (`\n`,
/// `\x1b`): a message from `fail()` or a file name cannot move the cursor,
/// recolour the terminal or forge lines of the report.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\x{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// A source line for display: control characters other than tabs become
/// their visible symbols (one character for one, so columns still match).
fn visible_line(line: &str) -> String {
    line.chars()
        .map(|c| match c {
            '\t' => c,
            c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('?'),
            '\x7f' => '\u{2421}',
            c if c.is_control() => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// One finding, with `line`, the source line it starts on, when known.
fn render(d: &Diagnostic, line: Option<&str>) -> String {
    let title = escaped(&d.message);
    let title = title.as_str();
    let origin = escaped(&d.path);
    let origin = origin.as_str();
    let annotation_type = match d.severity {
        Severity::Error => AnnotationType::Error,
        Severity::Warning => AnnotationType::Warning,
        Severity::Note => AnnotationType::Note,
    };
    let Some(first) = line else {
        return format!("{}[{}]: {}\n --> {origin}:{}:{}", d.severity, d.code, title, d.line, d.column);
    };
    // Show the first line of the span, underlined from the column to the end
    // of the span (or of the line).
    // A trailing space gives an error at the end of the line (a parse error
    // that wants more) a character to point at.
    let first = visible_line(first);
    let at_end = d.column > first.chars().count();
    let padded = if at_end { format!("{first} ") } else { first };
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
