//! SARIF 2.1.0, for code scanning: every rule's metadata and documentation,
//! and one result per finding.

use serde_json::json;

use crate::lints::{rules, Report, Rule, Severity};

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// A SARIF 2.1.0 log with one run, every rule's metadata and one result per finding.
pub fn sarif(report: &Report) -> String {
    let all: Vec<&Rule> = rules::all().collect();
    let rules: Vec<_> = all
        .iter()
        .map(|r| {
            let doc = r.documentation();
            let mut rule = json!({
                "id": r.code,
                "name": r.code,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": doc, "markdown": doc},
                "help": {
                    "text": format!("{}\n\n{doc}\n(`frost check --explain {}` prints this.)", r.summary, r.code),
                    "markdown": format!("{}\n\n{doc}", r.summary),
                },
                "defaultConfiguration": {"level": sarif_level(r.severity)},
            });
            if let Some(uri) = r.url() {
                rule["helpUri"] = json!(uri);
            }
            if let Some(fix) = r.fix {
                rule["properties"] = json!({"fix": fix.as_str()});
            }
            rule
        })
        .collect();
    let results: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| {
            let index = all.iter().position(|r| r.code == d.code).unwrap_or(0);
            let mut result = json!({
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
            });
            if let Some(fix) = &d.fix {
                let replacements: Vec<_> = fix
                    .edits
                    .iter()
                    .map(|e| {
                        json!({
                            "deletedRegion": {"byteOffset": e.start, "byteLength": e.end - e.start},
                            "insertedContent": {"text": e.text},
                        })
                    })
                    .collect();
                result["fixes"] = json!([{
                    "description": {"text": fix.title},
                    "artifactChanges": [{"artifactLocation": {"uri": uri(&d.path)}, "replacements": replacements}],
                }]);
            }
            result
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
