//! The fixes, rule by rule: each reads the finding's message and place and
//! the syntax tree, and gives edits only when they are exactly right.

use starlark::syntax::ast::{AssignTargetP, AstExpr, AstStmt, AstString, StmtP};
use starlark::syntax::AstModule;

use super::syntax::{line_of, literal, statements, whole_lines, Entry};
use super::{offset, Applicability, Edit, Fix};
use crate::lints::rules::config::CONFLICTING_RUN_ATTRIBUTES;
use crate::lints::rules::evaluation::UNKNOWN_ATTRIBUTE;
use crate::lints::rules::starlark::UNUSED_LOAD;
use crate::lints::Diagnostic;

/// The fix for `d`, if its rule has one and it applies.
pub(super) fn fix(text: &str, ast: &AstModule, d: &Diagnostic) -> Option<Fix> {
    if d.code == UNKNOWN_ATTRIBUTE.code {
        rename(text, d).or_else(|| migrate(text, ast, d))
    } else if d.code == UNUSED_LOAD.code {
        unused_load(text, ast, d)
    } else if d.code == CONFLICTING_RUN_ATTRIBUTES.code {
        conflicting_run(text, ast, d)
    } else {
        None
    }
}

fn safe(title: String, edits: Vec<Edit>) -> Option<Fix> {
    Some(Fix { title, applicability: Applicability::Safe, edits })
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = text.find(open)? + open.len();
    let len = text[start..].find(close)?;
    Some(&text[start..start + len])
}

fn span(node_span: starlark::codemap::Span) -> (usize, usize) {
    (node_span.begin().get() as usize, node_span.end().get() as usize)
}

/// Whether byte `at` is on one of the finding's lines.
fn on_lines(text: &str, at: usize, d: &Diagnostic) -> bool {
    (d.line..=d.end_line.max(d.line)).contains(&line_of(text, at))
}

/// `x.wrong` → `x.right` for "has no attribute `wrong`; did you mean `right`?"
/// (one close match: the message names only one).
fn rename(text: &str, d: &Diagnostic) -> Option<Fix> {
    let m = &d.message;
    let wrong = between(m, "has no attribute `", "`")?;
    let right = between(&m[m.find("did you mean `")?..], "did you mean `", "`")?;
    let from = offset(text, d.line, d.column)?;
    let line_end = text[from..].find('\n').map_or(text.len(), |i| from + i);
    let needle = format!(".{wrong}");
    let mut search = from;
    while let Some(i) = text[search..line_end].find(&needle) {
        let at = search + i + 1;
        let end = at + wrong.len();
        if !text[end..].starts_with(|c: char| c.is_alphanumeric() || c == '_') {
            return safe(format!("Change to `{right}`"), vec![Edit { start: at, end, text: right.to_string() }]);
        }
        search = end;
    }
    None
}

/// The assignment `<object>.<name> = <value>` on the finding's lines.
fn assignment<'a>(entries: &'a [Entry<'a>], text: &str, name: &str, d: &Diagnostic) -> Option<&'a Entry<'a>> {
    entries.iter().find(|e| match &e.stmt.node {
        StmtP::Assign(a) => match &a.lhs.node {
            AssignTargetP::Dot(_, attr) => attr.node == name && on_lines(text, span(attr.span).0, d),
            _ => false,
        },
        _ => false,
    })
}

/// The parts of an assignment `<object>.<name> = <value>`.
struct DotAssign<'a> {
    /// The attribute name.
    attr: &'a AstString,
    /// The value.
    rhs: &'a AstExpr,
    /// The bytes of the object expression.
    object: (usize, usize),
}

fn dot_assign(stmt: &AstStmt) -> Option<DotAssign<'_>> {
    let StmtP::Assign(a) = &stmt.node else { return None };
    let AssignTargetP::Dot(object, attr) = &a.lhs.node else { return None };
    Some(DotAssign { attr, rhs: &a.rhs, object: span(object.span) })
}

/// A removed attribute with an exact replacement (`run_mode = "eval:..."`
/// → `run_command = "..."`): the name, and the value when it changes.
fn migrate(text: &str, ast: &AstModule, d: &Diagnostic) -> Option<Fix> {
    if !d.message.contains("was removed from PyOxidizer's API") {
        return None;
    }
    let name = between(&d.message, "`", "`")?;
    let entries = statements(ast);
    let entry = assignment(&entries, text, name, d)?;
    let DotAssign { attr, rhs, .. } = dot_assign(entry.stmt)?;
    let value = literal(text, rhs);
    let (new_name, new_value) = frost_runtime::legacy::replacement_attribute(name, value.as_ref())?;
    let (s, e) = span(attr.span);
    let mut edits = vec![Edit { start: s, end: e, text: new_name.to_string() }];
    let shown = match &new_value {
        Some(v) => {
            let (s, e) = span(rhs.span);
            edits.push(Edit { start: s, end: e, text: v.to_starlark() });
            format!("{new_name} = {}", v.to_starlark())
        }
        None => new_name.to_string(),
    };
    safe(format!("Replace `{name}` with `{shown}`"), edits)
}

/// Removes an unused symbol from its `load()`, or the whole `load()` when it
/// was the only one.
fn unused_load(text: &str, ast: &AstModule, d: &Diagnostic) -> Option<Fix> {
    let name = between(&d.message, "of `", "`")?;
    for entry in statements(ast) {
        let StmtP::Load(load) = &entry.stmt.node else { continue };
        let (stmt_start, stmt_end) = span(entry.stmt.span);
        let lines = line_of(text, stmt_start)..=line_of(text, stmt_end);
        let Some(i) = load.args.iter().position(|a| a.local.node.ident == name) else { continue };
        if !lines.contains(&d.line) {
            continue;
        }
        let bounds = |k: usize| {
            let a = &load.args[k];
            let (ls, le) = span(a.local.span);
            let (ts, te) = span(a.their.span);
            (ls.min(ts), le.max(te))
        };
        let title = format!("Remove the unused load of `{name}`");
        if load.args.len() == 1 {
            let (s, e) = whole_lines(text, stmt_start, stmt_end)?;
            return safe(title, vec![Edit { start: s, end: e, text: String::new() }]);
        }
        let (start, end) =
            if i + 1 < load.args.len() { (bounds(i).0, bounds(i + 1).0) } else { (bounds(i - 1).1, bounds(i).1) };
        return safe(title, vec![Edit { start, end, text: String::new() }]);
    }
    None
}

/// Removes the ignored one of two run attributes, when that cannot change
/// what runs: each is assigned once in the file, both in the same block
/// (so one is set exactly when the other is), to literals, on the same
/// object, and the ignored one's statement has its lines to itself.
fn conflicting_run(text: &str, ast: &AstModule, d: &Diagnostic) -> Option<Fix> {
    let loser = between(&d.message, "`", "`")?;
    let winner = between(&d.message[d.message.find(" is ignored: ")?..], "`", "`")?;
    let entries = statements(ast);
    let assigned = |name: &str| -> Vec<&Entry<'_>> {
        entries
            .iter()
            .filter(|e| match &e.stmt.node {
                StmtP::Assign(a) => matches!(&a.lhs.node, AssignTargetP::Dot(_, attr) if attr.node == name),
                StmtP::AssignModify(lhs, ..) => matches!(&lhs.node, AssignTargetP::Dot(_, attr) if attr.node == name),
                _ => false,
            })
            .collect()
    };
    let (losers, winners) = (assigned(loser), assigned(winner));
    let ([lose], [win]) = (losers.as_slice(), winners.as_slice()) else { return None };
    let (lose_assign, win_assign) = (dot_assign(lose.stmt)?, dot_assign(win.stmt)?);
    let object_text = |(s, e): (usize, usize)| text.get(s..e);
    let same_object =
        object_text(lose_assign.object).is_some() && object_text(lose_assign.object) == object_text(win_assign.object);
    let literal_set = |rhs| literal(text, rhs).is_some_and(|v| v != frost_runtime::Value::None);
    if lose.block != win.block
        || !same_object
        || !literal_set(win_assign.rhs)
        || literal(text, lose_assign.rhs).is_none()
    {
        return None;
    }
    let (s, e) = span(lose.stmt.span);
    if !on_lines(text, s, d) {
        return None;
    }
    let (s, e) = whole_lines(text, s, e)?;
    safe(format!("Remove `{loser}`: `{winner}` wins"), vec![Edit { start: s, end: e, text: String::new() }])
}
