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
        let Some(rule) = crate::lints::rules::by_code(code) else { continue };
        if let Some(edit) = silence(doc, d.range.start.line as usize, rule.code) {
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

/// What `frost check --add-ignore` does to the line: `code` added to its
/// `# frost-ignore:` comment, or a new one (not on a line that ends inside
/// a string).
fn silence(doc: &Document, n: usize, code: &'static str) -> Option<TextEdit> {
    let text = line(&doc.text, n);
    let finding = crate::lints::Diagnostic {
        path: String::new(),
        line: n + 1,
        column: 1,
        end_line: n + 1,
        end_column: 1,
        severity: crate::lints::Severity::Error,
        code,
        message: String::new(),
    };
    let (new, added) = crate::lints::suppress::add_ignore_comments(&doc.text, &[&finding]);
    if added == 0 {
        return None;
    }
    let new_line = line(&new, n);
    let start = Position { line: n as u32, character: 0 };
    let end = Position { line: n as u32, character: utf16_col(text, text.len()) };
    debug_assert!(new_line.contains(SUPPRESS));
    Some(TextEdit { range: Range { start, end }, new_text: new_line.to_string() })
}
