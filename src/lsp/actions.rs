//! Code actions on findings: the fixes that are safe without evaluating
//! anything. Today that is renaming a misspelled attribute to the one the
//! message suggests (`did you mean ...?`) and silencing a rule on its line
//! with `# frost-ignore: code`.
//!
//! The seam for `frost check`'s own fixes: when the rules carry fixes
//! (edits with a span), [`actions`] turns each into one more quick fix here,
//! next to these two.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Diagnostic, NumberOrString, Position, Range, TextEdit,
    WorkspaceEdit,
};

use super::documents::{byte_col, line, utf16_col, Document};
use crate::lints::SUPPRESS;

/// The quick fixes for `diagnostics` (as the editor sent them) in `doc`.
pub fn actions(doc: &Document, diagnostics: &[Diagnostic]) -> Vec<CodeActionOrCommand> {
    let Ok(uri) = doc.uri.parse::<lsp_types::Uri>() else { return Vec::new() };
    let mut out = Vec::new();
    let action = |title: String, d: &Diagnostic, edit: TextEdit, preferred: bool| {
        CodeActionOrCommand::CodeAction(CodeAction {
            title,
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![d.clone()]),
            edit: Some(WorkspaceEdit {
                changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                ..Default::default()
            }),
            is_preferred: Some(preferred),
            ..CodeAction::default()
        })
    };
    for d in diagnostics {
        if d.source.as_deref() != Some("frost") {
            continue;
        }
        let Some(NumberOrString::String(code)) = &d.code else { continue };
        if let Some(edit) = rename_attribute(doc, d) {
            let title = format!("Change to `{}`", edit.new_text);
            out.push(action(title, d, edit, true));
        }
        if let Some(edit) = silence(doc, d.range.start.line as usize, code) {
            out.push(action(format!("Silence `{code}` on this line"), d, edit, false));
        }
    }
    out
}

/// `x.wrong` → `x.right` for "has no attribute `wrong`; did you mean `right`?".
fn rename_attribute(doc: &Document, d: &Diagnostic) -> Option<TextEdit> {
    let m = &d.message;
    let wrong = between(m, "has no attribute `", "`")?;
    let right = between(&m[m.find("did you mean `")?..], "did you mean `", "`")?;
    let n = d.range.start.line as usize;
    let text = line(&doc.text, n);
    let from = byte_col(text, d.range.start.character);
    let needle = format!(".{wrong}");
    let at = text[from..].find(&needle).map(|i| from + i + 1)?;
    let end = at + wrong.len();
    if text[end..].starts_with(|c: char| c.is_alphanumeric() || c == '_') {
        return None;
    }
    Some(TextEdit {
        range: Range {
            start: Position { line: n as u32, character: utf16_col(text, at) },
            end: Position { line: n as u32, character: utf16_col(text, end) },
        },
        new_text: right.to_string(),
    })
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = text.find(open)? + open.len();
    let len = text[start..].find(close)?;
    Some(&text[start..start + len])
}

/// Adds `code` to the line's `# frost-ignore:` comment, or adds one.
fn silence(doc: &Document, n: usize, code: &str) -> Option<TextEdit> {
    let text = line(&doc.text, n);
    let end = Position { line: n as u32, character: utf16_col(text, text.len()) };
    let new_text = if text.contains(SUPPRESS) {
        if crate::lints::suppressed_codes(text).any(|c| c == code) {
            return None;
        }
        format!(", {code}")
    } else {
        format!("  # {SUPPRESS} {code}")
    };
    Some(TextEdit { range: Range { start: end, end }, new_text })
}
