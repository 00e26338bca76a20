//! Parsing a config, with the help Python users expect from a parse error.
//!
//! starlark reports an unclosed bracket where the file ends (for `frost
//! eval`, at 1:1) and rejects every tab, even trailing whitespace, which
//! Python accepts. A small scanner that knows strings, comments and
//! brackets fixes both: tabs between tokens become spaces (one character
//! for one, so every position stays the same) and a parse error at the end
//! of the file that an open bracket explains points at that bracket.

use starlark::codemap::{CodeMap, Pos, Span};
use starlark::syntax::AstModule;

use super::dialect;

/// What the scanner found in a source text.
#[derive(Debug, Default, PartialEq, Eq)]
struct Scan {
    /// Byte offsets of tabs outside strings and after a line's indentation.
    loose_tabs: Vec<usize>,
    /// The innermost bracket still open at the end: the character and its
    /// byte offset.
    unclosed: Option<(char, usize)>,
}

fn scan(text: &str) -> Scan {
    let bytes = text.as_bytes();
    let mut out = Scan::default();
    let mut open: Vec<(char, usize)> = Vec::new();
    let mut i = 0;
    let mut at_line_start = true;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' => at_line_start = true,
            b' ' => {}
            b'\t' if at_line_start => {}
            b'\t' => out.loose_tabs.push(i),
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'\'' | b'"' => {
                at_line_start = false;
                i = skip_string(bytes, i);
                continue;
            }
            b'(' | b'[' | b'{' => {
                at_line_start = false;
                open.push((b as char, i));
            }
            b')' | b']' | b'}' => {
                at_line_start = false;
                open.pop();
            }
            b'\\' if bytes.get(i + 1) == Some(&b'\n') => {
                i += 2;
                continue;
            }
            _ => at_line_start = false,
        }
        i += 1;
    }
    out.unclosed = open.last().copied();
    out
}

/// The offset just past the string literal whose quote is at `start`.
fn skip_string(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let triple = bytes.get(start..start + 3) == Some(&[quote; 3][..]);
    let mut i = start + if triple { 3 } else { 1 };
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' if !triple => return i,
            q if q == quote && (!triple || bytes.get(i..i + 3) == Some(&[quote; 3][..])) => {
                return i + if triple { 3 } else { 1 };
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Parses `text` as the config file `name`.
pub fn parse(name: &str, text: String) -> starlark::Result<AstModule> {
    let scanned = scan(&text);
    let text = if scanned.loose_tabs.is_empty() {
        text
    } else {
        let mut bytes = text.into_bytes();
        for at in &scanned.loose_tabs {
            bytes[*at] = b' ';
        }
        String::from_utf8(bytes).expect("a tab replaced by a space keeps UTF-8 valid")
    };
    let len = text.len();
    match AstModule::parse(name, text.clone(), &dialect()) {
        Ok(ast) => Ok(ast),
        Err(e) => Err(explain(e, name, text, len, scanned.unclosed)),
    }
}

/// A parse error at the end of the file that an open bracket explains
/// becomes an error at that bracket.
fn explain(
    e: starlark::Error,
    name: &str,
    text: String,
    len: usize,
    unclosed: Option<(char, usize)>,
) -> starlark::Error {
    let Some((bracket, at)) = unclosed else { return e };
    let trailing = text.trim_end().len();
    let at_end = match e.span() {
        Some(span) => span.span.begin().get() as usize >= trailing,
        None => true,
    };
    if !at_end {
        return e;
    }
    let closer = match bracket {
        '(' => ')',
        '[' => ']',
        _ => '}',
    };
    let codemap = CodeMap::new(name.to_string(), text);
    let span = Span::new(Pos::new(at as u32), Pos::new(at as u32 + 1));
    debug_assert!(at < len);
    starlark::Error::new_spanned(
        starlark::ErrorKind::Parser(anyhow::anyhow!(
            "Parse error: this `{bracket}` is never closed: the file ends before its `{closer}`"
        )),
        span,
        &codemap,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scanner_knows_strings_comments_and_indentation() {
        let s = scan("x = [1,\t# (\n  \"(\\t\",\n'''\t[\n''']");
        assert_eq!(s.loose_tabs, vec![7]);
        assert_eq!(s.unclosed, None);
        let s = scan("def f():\n\tx = (1,\n  2\n");
        assert_eq!(s.loose_tabs, Vec::<usize>::new());
        assert_eq!(s.unclosed, Some(('(', 14)));
    }

    #[test]
    fn an_unclosed_bracket_is_named_where_it_opens() {
        let e = parse("t.bzl", "x = 1\ny = [1,\n  2,\n".into()).unwrap_err();
        let span = e.span().unwrap().resolve_span();
        assert_eq!((span.begin.line, span.begin.column), (1, 4));
        assert!(e.to_string().contains("this `[` is never closed"), "{e}");
    }

    #[test]
    fn trailing_and_inner_tabs_are_whitespace_but_not_inside_strings() {
        let ast = parse("t.bzl", "x = 1\t\ny =\t\"a\tb\"\n".into());
        assert!(ast.is_ok(), "{:?}", ast.err());
    }
}
