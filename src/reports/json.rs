//! The JSON report.

use serde_json::json;

use crate::lints::{Report, Severity};

/// `{"diagnostics": [...], "summary": {...}}`.
pub fn json(report: &Report) -> String {
    let diagnostics: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| {
            let mut value = json!({
                "path": d.path,
                "line": d.line,
                "column": d.column,
                "end_line": d.end_line,
                "end_column": d.end_column,
                "severity": d.severity.as_str(),
                "code": d.code,
                "message": d.message,
            });
            if let Some(fix) = &d.fix {
                let edits: Vec<_> =
                    fix.edits.iter().map(|e| json!({"start": e.start, "end": e.end, "text": e.text})).collect();
                value["fix"] = json!({"title": fix.title, "applicability": fix.applicability.as_str(), "edits": edits});
            }
            value
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
            "notes": report.count(Severity::Note),
        },
    });
    let mut text = serde_json::to_string_pretty(&value).expect("JSON serializes");
    text.push('\n');
    text
}
