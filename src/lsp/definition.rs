//! Go to definition: a loaded symbol (into the loaded file, or the standard
//! library's source), a loaded module, a target named in `depends` or
//! `resolve_target`, and a function or value defined in the same file.

use std::path::{Path, PathBuf};

use lsp_types::{Location, Position, Range};

use super::documents::{line, loads, path_to_uri, top_level_names, utf16_col, Cursor, Document};
use crate::language::STDLIB_PREFIX;

/// Where what is at `pos` in `doc` is defined.
pub fn definition(doc: &Document, pos: Position) -> Option<Location> {
    let cursor = Cursor::new(&doc.text, pos);
    let dir = doc.path.parent().unwrap_or(Path::new(".")).to_path_buf();
    let all_loads = loads(&doc.text);
    // On a load statement's module string, or on one of its symbols.
    for load in &all_loads {
        let (l, s, e) = load.module_at;
        if l == cursor.line_no && (s..=e).contains(&cursor.col) {
            let (path, _) = module_file(&dir, &load.module)?;
            return Some(location(&path, 0, 0, 0));
        }
        for (_, name, (l, s, e)) in &load.symbols {
            if *l == cursor.line_no && (*s..=*e).contains(&cursor.col) {
                return symbol_in_module(&dir, &load.module, name);
            }
        }
    }
    // Inside a string: a target name.
    if let Some(quote) = cursor.string_start() {
        let rest = &cursor.line[quote + 1..];
        let end = rest.find(['"', '\'']).unwrap_or(rest.len());
        let name = &rest[..end];
        let before = cursor.text_before();
        let head = cursor.before()[..quote].trim_end();
        let in_depends =
            before.rfind("depends").is_some_and(|at| before[at..].contains('[') && !before[at..].contains(']'));
        if in_depends || head.ends_with("resolve_target(") || head.ends_with("register_target(") {
            return target(doc, name);
        }
        return None;
    }
    let (word, ..) = cursor.word()?;
    if cursor.before().trim_end().ends_with('.') || cursor.line[..cursor.col].ends_with('.') {
        return None;
    }
    // A loaded symbol, by its local name.
    for load in &all_loads {
        if let Some((_, name, _)) = load.symbols.iter().find(|(local, ..)| local == word) {
            return symbol_in_module(&dir, &load.module, name);
        }
    }
    // A top-level name of this file.
    let (_, l, s, e) = top_level_names(&doc.text).into_iter().find(|(n, ..)| n == word)?;
    let text = line(&doc.text, l);
    Some(Location {
        uri: doc.uri.parse().ok()?,
        range: Range {
            start: Position { line: l as u32, character: utf16_col(text, s) },
            end: Position { line: l as u32, character: utf16_col(text, e) },
        },
    })
}

/// Where `register_target("name"` is in `doc`.
fn target(doc: &Document, name: &str) -> Option<Location> {
    for (n, l) in doc.text.split('\n').enumerate() {
        let Some(at) = l.find("register_target(") else { continue };
        let after = &l[at + "register_target(".len()..];
        let trimmed = after.trim_start();
        let Some(q) = trimmed.chars().next().filter(|c| *c == '"' || *c == '\'') else { continue };
        if trimmed[1..].starts_with(name) && trimmed[1 + name.len()..].starts_with(q) {
            let s = l.len() - trimmed.len() + 1;
            return Some(Location {
                uri: doc.uri.parse().ok()?,
                range: Range {
                    start: Position { line: n as u32, character: utf16_col(l, s) },
                    end: Position { line: n as u32, character: utf16_col(l, s + name.len()) },
                },
            });
        }
    }
    None
}

/// The file of the module `module` loaded from `dir`, with its text. A
/// standard-library module is written out (once) to a cache folder, so an
/// editor can open it.
fn module_file(dir: &Path, module: &str) -> Option<(PathBuf, String)> {
    match module.strip_prefix(STDLIB_PREFIX) {
        Some(name) => {
            let text = crate::language::stdlib::module(name)?;
            let folder = std::env::temp_dir().join(format!("frost-{}-stdlib", env!("CARGO_PKG_VERSION")));
            let path = folder.join(name);
            if std::fs::read_to_string(&path).ok().as_deref() != Some(text) {
                std::fs::create_dir_all(&folder).ok()?;
                let partial = folder.join(format!(".{name}.{}", std::process::id()));
                std::fs::write(&partial, text).ok()?;
                std::fs::rename(&partial, &path).ok()?;
            }
            Some((path, text.to_string()))
        }
        None => {
            let path = dir.join(module);
            let text = crate::language::source::read_source(&path).ok()?;
            Some((path.canonicalize().unwrap_or(path), text))
        }
    }
}

/// Where `name` is defined in the module `module` loaded from `dir`.
fn symbol_in_module(dir: &Path, module: &str, name: &str) -> Option<Location> {
    let (path, text) = module_file(dir, module)?;
    match top_level_names(&text).into_iter().find(|(n, ..)| n == name) {
        Some((_, l, s, e)) => {
            let t = line(&text, l);
            Some(location(&path, l, utf16_col(t, s), utf16_col(t, e)))
        }
        None => Some(location(&path, 0, 0, 0)),
    }
}

fn location(path: &Path, line: usize, start: u32, end: u32) -> Location {
    let uri = path_to_uri(path).parse().expect("a file URI parses");
    let line = line as u32;
    Location {
        uri,
        range: Range { start: Position { line, character: start }, end: Position { line, character: end } },
    }
}
