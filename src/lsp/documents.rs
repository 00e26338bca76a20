//! The open documents: their text and version, positions in the editor's
//! terms (lines and UTF-16 columns), `file:` URIs, and the light reading of
//! the text that completion, hover and definition share (words, strings,
//! calls, `load()` statements, assignments).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_types::{Position, Range};

/// An open document.
#[derive(Clone, Debug)]
pub struct Document {
    /// Its URI, as the editor sent it.
    pub uri: String,
    /// The file it is (or would be, if never saved).
    pub path: PathBuf,
    /// The editor's version.
    pub version: i32,
    /// The text.
    pub text: String,
}

/// The open documents, by URI.
#[derive(Default)]
pub struct Documents {
    docs: HashMap<String, Document>,
}

impl Documents {
    /// Opens or replaces a document.
    pub fn set(&mut self, uri: &str, version: i32, text: String) -> &Document {
        let path = uri_to_path(uri).unwrap_or_else(|| {
            std::env::current_dir().unwrap_or_default().join(format!("untitled-{}.bzl", self.docs.len()))
        });
        self.docs.insert(uri.to_string(), Document { uri: uri.to_string(), path, version, text });
        &self.docs[uri]
    }

    /// The document `uri`.
    pub fn get(&self, uri: &str) -> Option<&Document> {
        self.docs.get(uri)
    }

    /// Closes a document.
    pub fn remove(&mut self, uri: &str) -> Option<Document> {
        self.docs.remove(uri)
    }

    /// Every open document.
    pub fn all(&self) -> impl Iterator<Item = &Document> {
        self.docs.values()
    }
}

/// The path of a `file:` URI.
pub fn uri_to_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    let path = String::from_utf8(out).ok()?;
    // `file:///C:/x` on Windows.
    let path = if path.len() > 2 && path.as_bytes()[2] == b':' { path[1..].to_string() } else { path };
    Some(PathBuf::from(path))
}

/// The `file:` URI of `path` (made absolute against the current folder).
pub fn path_to_uri(path: &Path) -> String {
    let absolute =
        if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(path) };
    let text = absolute.to_string_lossy().replace('\\', "/");
    let mut out = String::from("file://");
    if !text.starts_with('/') {
        out.push('/');
    }
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The lines of `text`, without their ends.
pub fn line(text: &str, n: usize) -> &str {
    text.split('\n').nth(n).map_or("", |l| l.strip_suffix('\r').unwrap_or(l))
}

/// The byte offset in `line` of the UTF-16 column `character`.
pub fn byte_col(line: &str, character: u32) -> usize {
    let mut units = 0u32;
    for (i, c) in line.char_indices() {
        if units >= character {
            return i;
        }
        units += c.len_utf16() as u32;
    }
    line.len()
}

/// The UTF-16 column of the byte offset `byte` in `line`.
pub fn utf16_col(line: &str, byte: usize) -> u32 {
    line[..byte.min(line.len())].chars().map(|c| c.len_utf16() as u32).sum()
}

/// The UTF-16 column of the 0-based character column `chars` in `line`
/// (starlark counts characters).
pub fn utf16_of_chars(line: &str, chars: usize) -> u32 {
    line.chars().take(chars).map(|c| c.len_utf16() as u32).sum::<u32>()
        + chars.saturating_sub(line.chars().count()) as u32
}

/// The range of 1-based `(line, column)` to `(end_line, end_column)` in
/// starlark's character columns, in `text`.
pub fn range_of(text: &str, (l, c, el, ec): (usize, usize, usize, usize)) -> Range {
    let start_line = l.saturating_sub(1);
    let end_line = el.saturating_sub(1);
    Range {
        start: Position {
            line: start_line as u32,
            character: utf16_of_chars(line(text, start_line), c.saturating_sub(1)),
        },
        end: Position { line: end_line as u32, character: utf16_of_chars(line(text, end_line), ec.saturating_sub(1)) },
    }
}

/// Whether `c` can be part of a name.
pub fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The cursor's place in a document.
pub struct Cursor<'a> {
    /// The whole text.
    pub text: &'a str,
    /// The 0-based line.
    pub line_no: usize,
    /// The line's text.
    pub line: &'a str,
    /// The byte offset in the line.
    pub col: usize,
}

impl<'a> Cursor<'a> {
    /// The cursor at `pos` in `text`.
    pub fn new(text: &'a str, pos: Position) -> Self {
        let l = line(text, pos.line as usize);
        Cursor { text, line_no: pos.line as usize, line: l, col: byte_col(l, pos.character) }
    }

    /// The line before the cursor.
    pub fn before(&self) -> &'a str {
        &self.line[..self.col]
    }

    /// The name around the cursor, with its byte range in the line.
    pub fn word(&self) -> Option<(&'a str, usize, usize)> {
        let start = self.line[..self.col].rfind(|c: char| !is_name_char(c)).map_or(0, |i| i + 1);
        let end = self.line[self.col..].find(|c: char| !is_name_char(c)).map_or(self.line.len(), |i| self.col + i);
        (start < end).then(|| (&self.line[start..end], start, end))
    }

    /// The LSP range of bytes `start..end` of the cursor's line.
    pub fn range(&self, start: usize, end: usize) -> Range {
        let line = self.line_no as u32;
        Range {
            start: Position { line, character: utf16_col(self.line, start) },
            end: Position { line, character: utf16_col(self.line, end) },
        }
    }

    /// The text of the document before the cursor.
    pub fn text_before(&self) -> &'a str {
        let offset: usize = self.text.split('\n').take(self.line_no).map(|l| l.len() + 1).sum();
        &self.text[..(offset + self.col).min(self.text.len())]
    }

    /// When the cursor is inside a string literal on its line: the byte
    /// offset of its opening quote.
    pub fn string_start(&self) -> Option<usize> {
        open_string(self.before())
    }
}

/// The offset of the quote of the string `prefix` ends inside, if it does.
pub fn open_string(prefix: &str) -> Option<usize> {
    let mut open: Option<(usize, char)> = None;
    let mut escaped = false;
    for (i, c) in prefix.char_indices() {
        match open {
            Some((_, q)) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    open = None;
                }
            }
            None if c == '#' => return None,
            None if c == '"' || c == '\'' => open = Some((i, c)),
            None => {}
        }
    }
    open.map(|(i, _)| i)
}

/// The call the end of `text` is inside: the callee's text before its `(`
/// (`dist.to_python_executable`, `PythonInterpreterConfig`), when the
/// cursor is between its parentheses and not in a nested bracket.
pub fn enclosing_call(text: &str) -> Option<&str> {
    // Scan back at most a few thousand bytes: a call's arguments are short.
    let start = text.len().saturating_sub(4000);
    let start = (start..text.len()).find(|i| text.is_char_boundary(*i)).unwrap_or(text.len());
    let window = &text[start..];
    let mut depth = 0i32;
    let mut in_string: Option<char> = None;
    // Walk forwards to know what is in a string, recording open brackets.
    let mut stack: Vec<(usize, char)> = Vec::new();
    for (i, c) in window.char_indices() {
        if let Some(q) = in_string {
            if c == q || c == '\n' {
                in_string = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => in_string = Some(c),
            '(' | '[' | '{' => {
                stack.push((i, c));
                depth += 1;
            }
            ')' | ']' | '}' => {
                stack.pop();
                depth -= 1;
            }
            '#' => {
                // A comment: skip to the end of the line.
                in_string = Some('\n');
            }
            _ => {}
        }
    }
    let _ = depth;
    let &(open, c) = stack.last()?;
    if c != '(' {
        return None;
    }
    let before = window[..open].trim_end();
    let callee_start = before.rfind(|c: char| !(is_name_char(c) || c == '.')).map_or(0, |i| i + 1);
    let callee = &before[callee_start..];
    (!callee.is_empty()).then_some(callee)
}

/// A place in a text: the line, and the start and end bytes in it.
pub type Place = (usize, usize, usize);

/// A `load()` statement, read from the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Load {
    /// The module string (`@stdlib//platform.bzl`, `lib.bzl`).
    pub module: String,
    /// Where the module string is: line and byte columns of its content.
    pub module_at: Place,
    /// The symbols: `(local name, name in the module)`, with where each
    /// appears (line, start byte, end byte).
    pub symbols: Vec<(String, String, Place)>,
}

/// The `load()` statements of `text` (at the start of a line).
pub fn loads(text: &str) -> Vec<Load> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out = Vec::new();
    for (n, l) in lines.iter().enumerate() {
        if !l.starts_with("load(") {
            continue;
        }
        // The statement, possibly over several lines: gather its strings.
        let mut strings: Vec<(String, Place, Option<String>)> = Vec::new();
        let mut done = false;
        for (m, l) in lines.iter().enumerate().skip(n).take(50) {
            let start = if m == n { "load(".len() } else { 0 };
            let bytes = l.as_bytes();
            let mut i = start;
            while i < bytes.len() {
                let c = bytes[i];
                if c == b'#' {
                    break;
                }
                if c == b')' {
                    done = true;
                    break;
                }
                if c == b'"' || c == b'\'' {
                    let Some(len) = l[i + 1..].find(c as char) else { break };
                    let content = l[i + 1..i + 1 + len].to_string();
                    // `alias = "name"`: the alias precedes the `=`.
                    let head = l[start..i].trim_end();
                    let alias = head.strip_suffix('=').map(|h| {
                        let h = h.trim_end();
                        let s = h.rfind(|c: char| !is_name_char(c)).map_or(0, |i| i + 1);
                        h[s..].to_string()
                    });
                    strings.push((content, (m, i + 1, i + 1 + len), alias.filter(|a| !a.is_empty())));
                    i += len + 2;
                    continue;
                }
                i += 1;
            }
            if done {
                break;
            }
        }
        let mut it = strings.into_iter();
        let Some((module, module_at, _)) = it.next() else { continue };
        let symbols = it.map(|(name, at, alias)| (alias.unwrap_or_else(|| name.clone()), name, at)).collect();
        out.push(Load { module, module_at, symbols });
    }
    out
}

/// The top-level `def NAME(` and `NAME =` of a Starlark file: `(name, line,
/// start byte, end byte)`.
pub fn top_level_names(text: &str) -> Vec<(String, usize, usize, usize)> {
    let mut out = Vec::new();
    for (n, l) in text.split('\n').enumerate() {
        if let Some(rest) = l.strip_prefix("def ") {
            let name: String = rest.chars().take_while(|c| is_name_char(*c)).collect();
            if !name.is_empty() {
                out.push((name.clone(), n, 4, 4 + name.len()));
            }
        } else if l.starts_with(|c: char| c.is_alphabetic() || c == '_') {
            let name: String = l.chars().take_while(|c| is_name_char(*c)).collect();
            let rest = l[name.len()..].trim_start();
            if rest.starts_with('=') && !rest.starts_with("==") {
                out.push((name.clone(), n, 0, name.len()));
            }
        }
    }
    out
}

/// The last assignment `name = RHS` at or before line `upto`: its right
/// side.
pub fn last_assignment<'a>(text: &'a str, name: &str, upto: usize) -> Option<&'a str> {
    let mut found = None;
    for l in text.split('\n').take(upto + 1) {
        let t = l.trim_start();
        let Some(rest) = t.strip_prefix(name) else { continue };
        let rest = rest.trim_start();
        if let Some(rhs) = rest.strip_prefix('=').filter(|r| !r.starts_with('=')) {
            found = Some(rhs.trim());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_round_trip() {
        let p = Path::new("/tmp/a b/frost.bzl");
        let uri = path_to_uri(p);
        assert_eq!(uri, "file:///tmp/a%20b/frost.bzl");
        assert_eq!(uri_to_path(&uri).unwrap(), p);
    }

    #[test]
    fn reads_loads() {
        let text = "load(\"@stdlib//platform.bzl\", \"start_methods\", sm = \"start_methods\")\nx = 1\n";
        let l = loads(text);
        assert_eq!(l.len(), 1);
        assert_eq!(l[0].module, "@stdlib//platform.bzl");
        assert_eq!(l[0].symbols[0].0, "start_methods");
        assert_eq!(l[0].symbols[1].0, "sm");
    }

    #[test]
    fn finds_the_enclosing_call() {
        assert_eq!(enclosing_call("x = dist.to_python_executable(name = \"a\", "), Some("dist.to_python_executable"));
        assert_eq!(enclosing_call("f(a, [1, "), None);
        assert_eq!(enclosing_call("f(a)\n"), None);
        assert_eq!(open_string("config.x = \"sp"), Some(11));
        assert_eq!(open_string("config.x = \"sp\""), None);
    }
}
