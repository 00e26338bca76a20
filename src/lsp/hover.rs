//! Hover: an attribute's type, default, accepted values and documentation
//! (the book's text); a function's signature and doc; a standard-library
//! symbol's docstring; and, over a finding, its rule's explanation.

use lsp_types::{Diagnostic, Hover, HoverContents, MarkupContent, MarkupKind, NumberOrString, Position, Range};

use super::catalog::{catalog, module_value_doc, stdlib_symbols};
use super::completion::callee_doc;
use super::documents::{enclosing_call, is_name_char, loads, Cursor, Document};
use super::infer::type_of;
use super::sources::FnDoc;
use crate::language::STDLIB_PREFIX;

/// What to show at `pos` in `doc`; `diagnostics` are the findings last
/// published for it.
pub fn hover(doc: &Document, pos: Position, diagnostics: &[Diagnostic]) -> Option<Hover> {
    let cursor = Cursor::new(&doc.text, pos);
    let mut parts = Vec::new();
    let mut range = None;
    if let Some((word, start, end)) = cursor.word() {
        if let Some(text) = describe(doc, &cursor, word, start, end) {
            parts.push(text);
            range = Some(cursor.range(start, end));
        }
    }
    for d in diagnostics.iter().filter(|d| contains(&d.range, pos)) {
        let Some(NumberOrString::String(code)) = &d.code else { continue };
        if let Some(rule) = crate::lints::rules::by_code(code) {
            parts.push(crate::docs::explain(rule));
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: parts.join("\n\n---\n\n") }),
        range,
    })
}

fn contains(r: &Range, p: Position) -> bool {
    let after_start = (p.line, p.character) >= (r.start.line, r.start.character);
    let before_end = (p.line, p.character) <= (r.end.line, r.end.character);
    after_start && before_end
}

fn function(f: &FnDoc) -> String {
    let mut out = format!("```python\n{}\n```", f.signature());
    if !f.doc.is_empty() {
        out.push_str("\n\n");
        out.push_str(&f.doc);
    }
    out
}

/// The text for the name `word` at bytes `start..end` of the cursor's line.
fn describe(doc: &Document, cursor: &Cursor, word: &str, start: usize, end: usize) -> Option<String> {
    let cat = catalog();
    let before = &cursor.line[..start];
    // `receiver.word`.
    if let Some(head) = before.strip_suffix('.') {
        let rs = head.rfind(|c: char| !is_name_char(c)).map_or(0, |i| i + 1);
        let receiver = &head[rs..];
        let ty = type_of(cat, &doc.text, receiver, cursor.line_no);
        if let Some(ty) = ty {
            if let Some(a) = ty.attribute(word) {
                return Some(a.markdown(ty));
            }
            if let Some(m) = ty.method(word) {
                return Some(format!("{}\n\n(method of `{}`)", function(m), ty.name));
            }
        }
        if let Some((ty, a)) = cat.any_attribute(word) {
            return Some(a.markdown(ty));
        }
        return cat
            .types
            .iter()
            .find_map(|t| t.method(word).map(|m| format!("{}\n\n(method of `{}`)", function(m), t.name)));
    }
    // A keyword argument: `word = ` inside a call.
    let after = cursor.line[end..].trim_start();
    if after.starts_with('=') && !after.starts_with("==") {
        let offset: usize = doc.text.split('\n').take(cursor.line_no).map(|l| l.len() + 1).sum::<usize>() + start;
        if let Some(callee) = enclosing_call(&doc.text[..offset]) {
            if callee == "PythonInterpreterConfig" {
                if let Some(ty) = cat.type_named(callee) {
                    if let Some(a) = ty.attribute(word) {
                        return Some(a.markdown(ty));
                    }
                }
            }
            if let Some(f) = callee_doc(cat, &doc.text, callee, cursor.line_no) {
                if f.keywords().any(|p| p.name == word) {
                    return Some(format!("parameter `{word}` of\n\n{}", function(f)));
                }
            }
        }
    }
    // A symbol loaded from the standard library.
    for load in loads(&doc.text) {
        if let Some((_, name, _)) = load.symbols.iter().find(|(local, ..)| local == word) {
            if let Some(module) = load.module.strip_prefix(STDLIB_PREFIX) {
                if let Some((_, sig, d)) = stdlib_symbols(module).into_iter().find(|(n, ..)| n == name) {
                    return Some(format!("```python\n{sig}\n```\n\n{d}\n\n(from `{}`)", load.module));
                }
            }
            return Some(format!("`{name}`, loaded from `{}`", load.module));
        }
    }
    if let Some(d) = module_value_doc(word) {
        return Some(format!("`{word}`\n\n{d}"));
    }
    let g = cat.global(word)?;
    if g.doc.is_empty() && g.params.is_empty() {
        return Some(format!("`{word}`: a Starlark built-in"));
    }
    Some(function(g))
}
