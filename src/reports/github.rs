//! GitHub Actions workflow commands: one `::error`, `::warning` or
//! `::notice` line per finding.

use crate::lints::{Report, Severity};

/// GitHub's command for a severity: `error`, `warning` or `notice`.
fn github_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    }
}

/// `::error file=...,line=...,col=...,endLine=...,endColumn=...,title=...::message` lines.
pub fn github(report: &Report) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        out.push_str(&format!(
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            github_level(d.severity),
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
