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
    /// The first bracket opened deeper than [`MAX_BRACKETS`], the first
    /// line indented deeper than [`MAX_INDENTS`] levels, or the first name or
    /// number longer than [`MAX_TOKEN_CHARS`]: what and where.
    too_deep: Option<(&'static str, usize)>,
}

/// How deeply brackets may nest (CPython's parser stops at 200).
pub const MAX_BRACKETS: usize = 200;
/// How many levels of indentation a file may have (CPython stops at 100).
pub const MAX_INDENTS: usize = 100;
/// The longest name or number literal, in characters (as CPython's bound on
/// the digits `int()` converts): the lexer is quadratic in a long decimal
/// literal and slow on a long name, and no config needs either.
pub const MAX_TOKEN_CHARS: usize = 4300;

fn scan(text: &str) -> Scan {
    let bytes = text.as_bytes();
    let mut out = Scan::default();
    let mut open: Vec<(char, usize)> = Vec::new();
    let mut indents: Vec<usize> = vec![0];
    let mut i = 0;
    let mut at_line_start = true;
    while i < bytes.len() {
        let b = bytes[i];
        if at_line_start && open.is_empty() && !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'#') {
            // The first token of a logical line: its indentation.
            let start = text[..i].rfind('\n').map_or(0, |n| n + 1);
            let width = bytes[start..i].iter().map(|&c| if c == b'\t' { 8 } else { 1 }).sum::<usize>();
            while indents.last().is_some_and(|&w| w > width) {
                indents.pop();
            }
            if indents.last().is_some_and(|&w| w < width) {
                indents.push(width);
            }
            if indents.len() > MAX_INDENTS + 1 && out.too_deep.is_none() {
                out.too_deep = Some(("indentation", i));
            }
        }
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
                if open.len() > MAX_BRACKETS && out.too_deep.is_none() {
                    out.too_deep = Some(("brackets", i));
                }
            }
            b')' | b']' | b'}' => {
                at_line_start = false;
                open.pop();
            }
            b'\\' if bytes.get(i + 1) == Some(&b'\n') => {
                i += 2;
                continue;
            }
            b if b.is_ascii_alphanumeric() || b == b'_' => {
                at_line_start = false;
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                if i - start > MAX_TOKEN_CHARS && out.too_deep.is_none() {
                    out.too_deep = Some(("token", start));
                }
                continue;
            }
            _ => at_line_start = false,
        }
        i += 1;
    }
    out.unclosed = open.last().copied();
    out
}

/// The 1-based numbers of the lines whose end is inside a string literal
/// (a triple-quoted string spanning lines): text added at their end would
/// change the string.
pub fn lines_ending_in_strings(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'\'' | b'"' => {
                let end = skip_string(bytes, i);
                let first = text[..i].matches('\n').count() + 1;
                let newlines = text[i..end].matches('\n').count();
                out.extend(first..first + newlines);
                i = end;
            }
            _ => i += 1,
        }
    }
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
    if let Some((what, at)) = scanned.too_deep {
        // The parser recurses per level: refuse before it runs out of stack.
        let message = match what {
            "brackets" => format!("Parse error: brackets nest more than {MAX_BRACKETS} deep here"),
            "token" => format!("Parse error: a name or number longer than {MAX_TOKEN_CHARS} characters here"),
            _ => format!("Parse error: more than {MAX_INDENTS} levels of indentation here"),
        };
        let codemap = CodeMap::new(name.to_string(), text);
        let span = Span::new(Pos::new(at as u32), Pos::new(at as u32 + 1));
        return Err(starlark::Error::new_spanned(
            starlark::ErrorKind::Parser(anyhow::anyhow!(message)),
            span,
            &codemap,
        ));
    }
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
    fn nesting_beyond_pythons_limits_is_refused_before_parsing() {
        // The parser needs the stack frost's commands give it.
        let run = std::thread::Builder::new().stack_size(crate::language::EVAL_STACK_BYTES);
        run.spawn(nesting_limits).unwrap().join().unwrap();
    }

    fn nesting_limits() {
        let deep = format!("x = {}1{}\n", "(".repeat(201), ")".repeat(201));
        let e = parse("t.bzl", deep).unwrap_err();
        assert!(e.to_string().contains("brackets nest more than 200 deep"), "{e}");
        assert!(parse("t.bzl", format!("x = {}1{}\n", "[".repeat(200), "]".repeat(200))).is_ok());
        let mut ifs = String::new();
        for level in 0..101 {
            ifs.push_str(&format!("{}if True:\n", " ".repeat(level)));
        }
        ifs.push_str(&format!("{}pass\n", " ".repeat(101)));
        let e = parse("t.bzl", ifs).unwrap_err();
        assert!(e.to_string().contains("more than 100 levels of indentation"), "{e}");
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
