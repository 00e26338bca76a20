//! Completion: after `x.` the members of `x`'s type; inside the string
//! assigned to an enum attribute its values; inside `load("` the standard
//! library's modules, then their symbols; inside a call its keyword
//! arguments; elsewhere the globals and the file's names.

use std::path::Path;

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, MarkupContent, MarkupKind, Position,
    TextEdit,
};

use super::catalog::{catalog, module_value_doc, stdlib_symbols, AttrRef, Catalog, TypeInfo};
use super::documents::{enclosing_call, is_name_char, loads, top_level_names, Cursor, Document};
use super::infer::type_of;
use super::sources::FnDoc;
use crate::language::STDLIB_PREFIX;

/// The completions at `pos` in `doc`.
pub fn complete(doc: &Document, pos: Position) -> Vec<CompletionItem> {
    let cursor = Cursor::new(&doc.text, pos);
    let cat = catalog();
    if let Some(quote) = cursor.string_start() {
        return in_string(cat, doc, &cursor, quote);
    }
    let before = cursor.before();
    let typed_start = before.rfind(|c: char| !is_name_char(c)).map_or(0, |i| i + 1);
    let head = &before[..typed_start];
    if let Some(receiver_end) = head.strip_suffix('.').map(str::len) {
        let receiver_start = head[..receiver_end].rfind(|c: char| !is_name_char(c)).map_or(0, |i| i + 1);
        let receiver = &head[receiver_start..receiver_end];
        return match type_of(cat, &doc.text, receiver, cursor.line_no) {
            Some(ty) => members(ty),
            None => Vec::new(),
        };
    }
    let mut items = Vec::new();
    if let Some(callee) = enclosing_call(cursor.text_before()) {
        if let Some(f) = callee_doc(cat, &doc.text, callee, cursor.line_no) {
            for p in f.keywords() {
                items.push(CompletionItem {
                    label: format!("{} = ", p.name),
                    kind: Some(CompletionItemKind::VARIABLE),
                    detail: Some(f.signature()),
                    sort_text: Some(format!("0{}", p.name)),
                    ..CompletionItem::default()
                });
            }
        }
        // `PythonInterpreterConfig(...)` takes every attribute by keyword.
        if callee == "PythonInterpreterConfig" {
            if let Some(ty) = cat.type_named("PythonInterpreterConfig") {
                for a in ty.attributes() {
                    items.push(CompletionItem {
                        label: format!("{} = ", a.name()),
                        kind: Some(CompletionItemKind::FIELD),
                        detail: Some(a.detail()),
                        documentation: Some(markdown(a.markdown(ty))),
                        sort_text: Some(format!("0{}", a.name())),
                        ..CompletionItem::default()
                    });
                }
            }
        }
    }
    for g in &cat.globals {
        items.push(global_item(g));
    }
    let mut seen: std::collections::HashSet<String> = cat.globals.iter().map(|g| g.name.clone()).collect();
    for (name, ..) in top_level_names(&doc.text) {
        if seen.insert(name.clone()) {
            items.push(CompletionItem { label: name, kind: Some(CompletionItemKind::FUNCTION), ..Default::default() });
        }
    }
    for load in loads(&doc.text) {
        for (local, ..) in load.symbols {
            if seen.insert(local.clone()) {
                items.push(CompletionItem {
                    label: local,
                    kind: Some(CompletionItemKind::FUNCTION),
                    detail: Some(format!("from {}", load.module)),
                    ..Default::default()
                });
            }
        }
    }
    items
}

/// The members of a type: attributes, then methods.
fn members(ty: &TypeInfo) -> Vec<CompletionItem> {
    let mut items: Vec<CompletionItem> = ty
        .attributes()
        .map(|a| CompletionItem {
            label: a.name().to_string(),
            kind: Some(CompletionItemKind::FIELD),
            detail: Some(a.detail()),
            documentation: Some(markdown(a.markdown(ty))),
            ..CompletionItem::default()
        })
        .collect();
    for m in &ty.methods {
        items.push(CompletionItem {
            label: m.name.clone(),
            kind: Some(CompletionItemKind::METHOD),
            detail: Some(m.signature()),
            documentation: (!m.doc.is_empty()).then(|| markdown(m.doc.clone())),
            ..CompletionItem::default()
        });
    }
    items
}

fn global_item(g: &FnDoc) -> CompletionItem {
    let value_doc = module_value_doc(&g.name);
    let is_value = value_doc.is_some() || g.name.chars().all(|c| c.is_ascii_uppercase() || c == '_');
    CompletionItem {
        label: g.name.clone(),
        kind: Some(if is_value { CompletionItemKind::CONSTANT } else { CompletionItemKind::FUNCTION }),
        detail: (!g.doc.is_empty() || !g.params.is_empty()).then(|| g.signature()),
        documentation: value_doc
            .map(|d| markdown(d.to_string()))
            .or_else(|| (!g.doc.is_empty()).then(|| markdown(g.doc.clone()))),
        sort_text: Some(format!("1{}", g.name)),
        ..CompletionItem::default()
    }
}

/// The doc of the function a call names: a global, or a method of a
/// receiver whose type is known.
pub fn callee_doc<'c>(cat: &'c Catalog, text: &str, callee: &str, line: usize) -> Option<&'c FnDoc> {
    match callee.rsplit_once('.') {
        None => cat.global(callee),
        Some((receiver, method)) => {
            let receiver = receiver.rsplit('.').next().unwrap_or(receiver);
            type_of(cat, text, receiver, line).and_then(|t| t.method(method))
        }
    }
}

/// Completions inside a string literal that opens at byte `quote`.
fn in_string(cat: &Catalog, doc: &Document, cursor: &Cursor, quote: usize) -> Vec<CompletionItem> {
    let typed = &cursor.before()[quote + 1..];
    let edit_range = cursor.range(quote + 1, cursor.col);
    let value = |label: String, kind: CompletionItemKind, detail: Option<String>| CompletionItem {
        label: label.clone(),
        kind: Some(kind),
        detail,
        filter_text: Some(label.clone()),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit { range: edit_range, new_text: label })),
        ..CompletionItem::default()
    };
    let head = cursor.before()[..quote].trim_end();
    // `load("` + module.
    if head.ends_with("load(") && cursor.line.starts_with("load(") {
        let mut items: Vec<CompletionItem> = crate::language::stdlib::MODULES
            .iter()
            .map(|(name, _)| value(format!("{STDLIB_PREFIX}{name}"), CompletionItemKind::MODULE, None))
            .collect();
        if !typed.starts_with('@') {
            items.extend(sibling_modules(&doc.path).into_iter().map(|n| value(n, CompletionItemKind::FILE, None)));
        }
        return items;
    }
    // `load("module", "` + symbol.
    if cursor.line.starts_with("load(") {
        if let Some(load) = loads(cursor.line).into_iter().next() {
            let symbols: Vec<(String, Option<String>)> = match load.module.strip_prefix(STDLIB_PREFIX) {
                Some(name) => stdlib_symbols(name).into_iter().map(|(n, sig, _)| (n, Some(sig))).collect(),
                None => {
                    let dir = doc.path.parent().unwrap_or(Path::new("."));
                    let text = crate::language::source::read_source(&dir.join(&load.module)).unwrap_or_default();
                    top_level_names(&text)
                        .into_iter()
                        .map(|(n, ..)| (n, None))
                        .filter(|(n, _)| !n.starts_with('_'))
                        .collect()
                }
            };
            return symbols.into_iter().map(|(n, sig)| value(n, CompletionItemKind::FUNCTION, sig)).collect();
        }
    }
    // `x.attr = "` or `attr = "` (a keyword argument).
    let name_start = head.strip_suffix('=').map(str::trim_end).and_then(|h| {
        let s = h.rfind(|c: char| !is_name_char(c)).map_or(0, |i| i + 1);
        (s < h.len()).then_some((h, s))
    });
    if let Some((h, s)) = name_start {
        let attr = &h[s..];
        if attr == "depends" {
            return target_names(&doc.text)
                .into_iter()
                .map(|n| value(n, CompletionItemKind::REFERENCE, None))
                .collect();
        }
        let typed_attr = h[..s].strip_suffix('.').map(|r| {
            let rs = r.rfind(|c: char| !is_name_char(c)).map_or(0, |i| i + 1);
            &r[rs..]
        });
        let found: Option<(&TypeInfo, AttrRef)> = match typed_attr {
            Some(receiver) => type_of(cat, &doc.text, receiver, cursor.line_no)
                .and_then(|t| t.attribute(attr).map(|a| (t, a)))
                .or_else(|| cat.any_attribute(attr)),
            None => cat.any_attribute(attr),
        };
        if let Some((_, a)) = found {
            return a
                .string_values()
                .into_iter()
                .map(|v| value(v.to_string(), CompletionItemKind::ENUM_MEMBER, Some(a.detail())))
                .collect();
        }
    }
    // Inside `depends = [...]` or `resolve_target("`.
    let text_before = cursor.text_before();
    let in_depends = text_before.rfind("depends").is_some_and(|at| {
        let after = &text_before[at..];
        after.contains('[') && !after.contains(']')
    });
    if in_depends || head.ends_with("resolve_target(") {
        return target_names(&doc.text).into_iter().map(|n| value(n, CompletionItemKind::REFERENCE, None)).collect();
    }
    Vec::new()
}

/// The targets `register_target("name", ...)` registers in `text`.
pub fn target_names(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("register_target(") {
        rest = &rest[at + "register_target(".len()..];
        let r = rest.trim_start();
        if let Some(q) = r.chars().next().filter(|c| *c == '"' || *c == '\'') {
            if let Some(end) = r[1..].find(q) {
                out.push(r[1..1 + end].to_string());
            }
        }
    }
    out
}

/// The `.bzl` files beside `path`.
fn sibling_modules(path: &Path) -> Vec<String> {
    let Some(dir) = path.parent() else { return Vec::new() };
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut out: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".bzl") && Some(n.as_str()) != path.file_name().and_then(|f| f.to_str()))
        .take(200)
        .collect();
    out.sort();
    out
}

/// Markdown documentation.
pub fn markdown(value: String) -> Documentation {
    Documentation::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value })
}
