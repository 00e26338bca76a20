//! The parts of the syntax tree fixes need: every simple statement with the
//! block it is in, and literal values.

use frost_runtime::Value;
use starlark::syntax::ast::{AstExpr, AstLiteral, AstStmt, ExprP, StmtP};
use starlark::syntax::AstModule;

/// Parses `text` (as frost does: tabs and all), or `None` if it does not parse.
pub(super) fn parse(text: &str) -> Option<AstModule> {
    crate::language::syntax::parse("fix.bzl", text.to_string()).ok()
}

/// A statement that is not a block, with where it is.
pub(super) struct Entry<'a> {
    /// The statement.
    pub stmt: &'a AstStmt,
    /// Which block it is in (the same number for its siblings).
    pub block: usize,
}

/// Every statement that is not itself a block, in source order.
pub(super) fn statements(ast: &AstModule) -> Vec<Entry<'_>> {
    let mut out = Vec::new();
    let mut blocks = 0;
    walk(ast.statement(), &mut blocks, None, &mut out);
    out
}

fn walk<'a>(stmt: &'a AstStmt, blocks: &mut usize, parent: Option<usize>, out: &mut Vec<Entry<'a>>) {
    let block = parent.unwrap_or_else(|| {
        *blocks += 1;
        *blocks
    });
    let body = |s: &'a AstStmt, blocks: &mut usize, out: &mut Vec<Entry<'a>>| walk(s, blocks, None, out);
    match &stmt.node {
        StmtP::Statements(list) => {
            *blocks += 1;
            let id = *blocks;
            for s in list {
                walk(s, blocks, Some(id), out);
            }
        }
        StmtP::If(_, then) => {
            out.push(Entry { stmt, block });
            body(then, blocks, out);
        }
        StmtP::IfElse(_, branches) => {
            out.push(Entry { stmt, block });
            body(&branches.0, blocks, out);
            body(&branches.1, blocks, out);
        }
        StmtP::For(f) => {
            out.push(Entry { stmt, block });
            body(&f.body, blocks, out);
        }
        StmtP::Def(d) => {
            out.push(Entry { stmt, block });
            body(&d.body, blocks, out);
        }
        _ => out.push(Entry { stmt, block }),
    }
}

/// The value of a literal expression (`"text"`, `3`, `True`, `None`, a list
/// of strings), or `None` for anything that must be evaluated.
pub(super) fn literal(text: &str, expr: &AstExpr) -> Option<Value> {
    match &expr.node {
        ExprP::Literal(AstLiteral::String(s)) => Some(Value::Str(s.node.clone())),
        ExprP::Literal(AstLiteral::Int(i)) => {
            let written = text.get(i.span.begin().get() as usize..i.span.end().get() as usize)?;
            written.replace('_', "").parse::<i64>().ok().map(Value::Int)
        }
        ExprP::Identifier(id) => match id.node.ident.as_str() {
            "True" => Some(Value::Bool(true)),
            "False" => Some(Value::Bool(false)),
            "None" => Some(Value::None),
            _ => None,
        },
        ExprP::List(items) => items
            .iter()
            .map(|i| match &i.node {
                ExprP::Literal(AstLiteral::String(s)) => Some(s.node.clone()),
                _ => None,
            })
            .collect::<Option<Vec<String>>>()
            .map(Value::List),
        _ => None,
    }
}

/// The 1-based line of byte offset `at` in `text`.
pub(super) fn line_of(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].matches('\n').count() + 1
}

/// The bytes of the whole lines `start..end` covers, with the line break
/// after them, if nothing else is on those lines but blanks and a comment
/// after the statement; `None` otherwise.
pub(super) fn whole_lines(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    if !text[line_start..start].trim().is_empty() {
        return None;
    }
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
    let after = text[end..line_end].trim();
    if !after.is_empty() && !after.starts_with('#') {
        return None;
    }
    Some((line_start, line_end))
}
