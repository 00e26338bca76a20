//! Code actions on findings: the fix of the finding's rule, the very edits
//! `frost check --fix` makes ([`crate::lints::fix`]), and silencing a rule
//! on its line with `# frost-ignore: code`.

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
    let action = |title: String, d: &Diagnostic, edits: Vec<TextEdit>, preferred: bool| {
        CodeActionOrCommand::CodeAction(CodeAction {
            title,
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![d.clone()]),
            edit: Some(WorkspaceEdit { changes: Some(HashMap::from([(uri.clone(), edits)])), ..Default::default() }),
            is_preferred: Some(preferred),
            ..CodeAction::default()
        })
    };
    for d in diagnostics {
        if d.source.as_deref() != Some("frost") {
            continue;
        }
        let Some(NumberOrString::String(code)) = &d.code else { continue };
        let Some(rule) = crate::lints::rules::by_code(code) else { continue };
        if let Some(fix) = shared_fix(doc, d, rule) {
            let preferred = fix.applicability == crate::lints::fix::Applicability::Safe;
            let edits: Vec<TextEdit> = fix.edits.iter().map(|e| text_edit(&doc.text, e)).collect();
            out.push(action(fix.title, d, edits, preferred));
        }
        if let Some(edit) = silence(doc, d.range.start.line as usize, rule.code) {
            out.push(action(format!("Silence `{code}` on this line"), d, vec![edit], false));
        }
    }
    out
}

/// The fix `frost check --fix` would make for `d`, found again in the
/// editor's text.
fn shared_fix(doc: &Document, d: &Diagnostic, rule: &'static crate::lints::Rule) -> Option<crate::lints::fix::Fix> {
    let chars = |p: Position| {
        let text = line(&doc.text, p.line as usize);
        text[..byte_col(text, p.character)].chars().count() + 1
    };
    let finding = crate::lints::Diagnostic {
        path: String::new(),
        line: d.range.start.line as usize + 1,
        column: chars(d.range.start),
        end_line: d.range.end.line as usize + 1,
        end_column: chars(d.range.end),
        severity: rule.severity,
        code: rule.code,
        message: d.message.clone(),
        fix: None,
    };
    crate::lints::fix::fix_for(&doc.text, &finding)
}

/// A byte-offset edit as the editor's lines and UTF-16 columns.
fn text_edit(text: &str, e: &crate::lints::fix::Edit) -> TextEdit {
    let position = |at: usize| {
        let n = text[..at].matches('\n').count();
        let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        Position { line: n as u32, character: utf16_col(line(text, n), at - start) }
    };
    TextEdit { range: Range { start: position(e.start), end: position(e.end) }, new_text: e.text.clone() }
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
        fix: None,
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
