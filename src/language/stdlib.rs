//! frost's standard library: the `.bzl` modules of `stdlib/`, shipped inside
//! the binary and loaded as `@stdlib//name.bzl`.

/// Every module, by file name. Adding a module is adding a line.
pub const MODULES: &[(&str, &str)] = &[
    ("platform.bzl", include_str!("../../stdlib/platform.bzl")),
    ("multiprocessing.bzl", include_str!("../../stdlib/multiprocessing.bzl")),
    ("apps.bzl", include_str!("../../stdlib/apps.bzl")),
];

/// The source of the module `name`, if the standard library has it.
pub fn module(name: &str) -> Option<&'static str> {
    MODULES.iter().find(|(n, _)| *n == name).map(|(_, text)| *text)
}

/// A function of a standard-library module, as its source declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Function {
    /// `name(arg, arg = default)`.
    pub signature: String,
    /// Its docstring, dedented.
    pub doc: String,
}

/// The module docstring and the functions of a module's source. The
/// stdlib's own layout is simple: `def` lines at the top level, each
/// followed by a triple-quoted docstring.
pub fn describe(source: &str) -> (String, Vec<Function>) {
    let lines: Vec<&str> = source.lines().collect();
    let mut i = 0;
    let module_doc = docstring_at(&lines, &mut i).unwrap_or_default();
    let mut functions = Vec::new();
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        if let Some(rest) = line.strip_prefix("def ").filter(|r| !r.starts_with('_')) {
            let mut signature = rest.trim_end().trim_end_matches(':').to_string();
            while !signature.ends_with(')') && i < lines.len() {
                signature.push(' ');
                signature.push_str(lines[i].trim().trim_end_matches(':'));
                i += 1;
            }
            let doc = docstring_at(&lines, &mut i).unwrap_or_default();
            functions.push(Function { signature, doc });
        }
    }
    (module_doc, functions)
}

/// The triple-quoted string starting at line `*i` (after blank lines), dedented.
fn docstring_at(lines: &[&str], i: &mut usize) -> Option<String> {
    while *i < lines.len() && lines[*i].trim().is_empty() {
        *i += 1;
    }
    let first = lines.get(*i)?.trim();
    let body = first.strip_prefix("\"\"\"")?;
    *i += 1;
    if let Some(one_line) = body.strip_suffix("\"\"\"") {
        return Some(one_line.to_string());
    }
    let mut out = vec![body.to_string()];
    while *i < lines.len() {
        let line = lines[*i];
        *i += 1;
        if let Some(last) = line.trim_end().strip_suffix("\"\"\"") {
            out.push(last.to_string());
            break;
        }
        out.push(line.to_string());
    }
    let indent =
        out.iter().skip(1).filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0);
    let text: Vec<String> = out
        .iter()
        .enumerate()
        .map(|(n, l)| if n == 0 { l.trim().to_string() } else { l.get(indent..).unwrap_or("").to_string() })
        .collect();
    Some(text.join("\n").trim().to_string())
}
