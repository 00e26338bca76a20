//! The documentation of frost's built-in functions and methods, read from
//! their Rust source.
//!
//! frost's vendored starlark drops the doc comments of Rust functions when
//! it builds the globals (vendor/README.md), so a `Globals` knows names but
//! not docs. The sources of the `#[starlark_module]`s are shipped in the
//! binary instead, and this module reads each function's `///` comment and
//! parameter list from them: the editor shows exactly what the code says.

/// One built-in function or method, as its source declares it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FnDoc {
    /// Its name.
    pub name: String,
    /// Its parameters, as a config passes them (no receiver, no evaluator).
    pub params: Vec<Param>,
    /// Its doc comment, in Markdown.
    pub doc: String,
}

/// A parameter of a built-in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Param {
    /// Its name.
    pub name: String,
    /// Its default, as Starlark spells it, if it has one.
    pub default: Option<String>,
    /// Only accepted by name.
    pub named_only: bool,
    /// Only accepted by position.
    pub positional_only: bool,
    /// `**kwargs`.
    pub kwargs: bool,
    /// `*args`.
    pub args: bool,
}

impl FnDoc {
    /// `name(a, b = None, *, c = False, **kwargs)`.
    pub fn signature(&self) -> String {
        let mut parts = Vec::new();
        let mut star = self.params.iter().any(|p| p.args);
        for p in &self.params {
            if p.kwargs {
                parts.push(format!("**{}", p.name));
                continue;
            }
            if p.args {
                parts.push(format!("*{}", p.name));
                continue;
            }
            if p.named_only && !star {
                parts.push("*".to_string());
                star = true;
            }
            match &p.default {
                Some(d) => parts.push(format!("{} = {d}", p.name)),
                None => parts.push(p.name.clone()),
            }
        }
        format!("{}({})", self.name, parts.join(", "))
    }

    /// The names a caller can pass by keyword.
    pub fn keywords(&self) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(|p| !p.kwargs && !p.args && !p.positional_only)
    }
}

/// Every documented `fn` of `source` (a Rust file), in order.
pub fn extract(source: &str) -> Vec<FnDoc> {
    let lines: Vec<&str> = source.lines().collect();
    let mut out = Vec::new();
    let mut doc: Vec<String> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        i += 1;
        if let Some(text) = line.strip_prefix("///") {
            doc.push(text.strip_prefix(' ').unwrap_or(text).to_string());
            continue;
        }
        if line.starts_with("#[") {
            continue;
        }
        let rest = ["fn ", "pub fn ", "pub(crate) fn "].iter().find_map(|p| line.strip_prefix(p));
        if let (Some(rest), false) = (rest, doc.is_empty()) {
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            // The parameter list, possibly over several lines.
            let mut text = rest[name.len()..].to_string();
            let mut j = i;
            while !balanced_params(&text) && j < lines.len() && j < i + 60 {
                text.push('\n');
                text.push_str(lines[j]);
                j += 1;
            }
            let params = params_of(&text);
            out.push(FnDoc { name, params, doc: doc.join("\n").trim().to_string() });
        }
        doc.clear();
    }
    out
}

/// Whether `text` (from after the name) holds the whole `(...)` list.
fn balanced_params(text: &str) -> bool {
    let Some(open) = text.find('(') else { return false };
    let mut depth = 0i32;
    let mut in_str = false;
    for c in text[open..].chars() {
        match c {
            '"' => in_str = !in_str,
            '(' | '[' if !in_str => depth += 1,
            ')' | ']' if !in_str => {
                depth -= 1;
                if depth == 0 {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// The parameters of `text`: `<'v>(a: &str, #[starlark(...)] b: T) -> ...`.
fn params_of(text: &str) -> Vec<Param> {
    let Some(open) = text.find('(') else { return Vec::new() };
    let mut pieces = Vec::new();
    let mut depth = 0i32;
    let mut angle = 0i32;
    let mut in_str = false;
    let mut current = String::new();
    for c in text[open + 1..].chars() {
        match c {
            '"' => in_str = !in_str,
            '(' | '[' if !in_str => depth += 1,
            ')' | ']' if !in_str => {
                if depth == 0 {
                    break;
                }
                depth -= 1;
            }
            '<' if !in_str => angle += 1,
            '>' if !in_str && angle > 0 => angle -= 1,
            ',' if !in_str && depth == 0 && angle == 0 => {
                pieces.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    pieces.push(current);
    let mut out = Vec::new();
    for (index, piece) in pieces.iter().enumerate() {
        let mut piece = piece.trim();
        if piece.is_empty() {
            continue;
        }
        let mut attrs = String::new();
        while let Some(rest) = piece.strip_prefix("#[") {
            let Some(end) = attribute_end(rest) else { break };
            attrs.push_str(&rest[..end]);
            attrs.push(' ');
            piece = rest[end + 1..].trim_start();
        }
        let Some((name, ty)) = piece.split_once(':') else { continue };
        let name = name.trim().trim_start_matches("mut ").trim_start_matches("r#").to_string();
        let ty = ty.trim();
        let this =
            attrs.contains("this") && !attrs.contains("this_") || (index == 0 && (name == "this" || name == "_this"));
        if this || ty.contains("Evaluator") || ty.starts_with("Heap") || ty.starts_with("&Heap") {
            continue;
        }
        let default = attrs.find("default =").map(|at| starlark_default(attr_value(&attrs[at + "default =".len()..])));
        out.push(Param {
            name,
            default,
            named_only: attrs.contains("require = named"),
            positional_only: attrs.contains("require = pos"),
            kwargs: attrs.contains("kwargs"),
            args: attrs.contains("args") && !attrs.contains("kwargs"),
        });
    }
    out
}

/// Where the `]` closing an attribute that started after `#[` is.
fn attribute_end(rest: &str) -> Option<usize> {
    let mut depth = 1i32;
    let mut in_str = false;
    for (i, c) in rest.char_indices() {
        match c {
            '"' => in_str = !in_str,
            '[' if !in_str => depth += 1,
            ']' if !in_str => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// The value of `default = VALUE, ...)` in an attribute.
fn attr_value(text: &str) -> &str {
    let mut depth = 0i32;
    let mut in_str = false;
    for (i, c) in text.char_indices() {
        match c {
            '"' => in_str = !in_str,
            '(' | '[' if !in_str => depth += 1,
            ')' | ']' if !in_str => {
                if depth == 0 {
                    return text[..i].trim();
                }
                depth -= 1;
            }
            ',' if !in_str && depth == 0 => return text[..i].trim(),
            _ => {}
        }
    }
    text.trim()
}

/// A Rust default as a config would write it.
fn starlark_default(rust: &str) -> String {
    match rust {
        "false" => "False".into(),
        "true" => "True".into(),
        r if r.contains("None") => "None".into(),
        r if r.starts_with("UnpackList") || r.starts_with("Vec") => "[]".into(),
        r if r.contains("SmallMap") || r.contains("Dict") => "{}".into(),
        r => r.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_docs_and_parameters() {
        let source = r#"
#[starlark_module]
fn globals(builder: &mut GlobalsBuilder) {
    /// Registers a target.
    ///
    /// More.
    fn register_target<'v>(
        #[starlark(require = pos)] name: &str,
        #[starlark(require = pos)] r#fn: Value<'v>,
        #[starlark(require = named, default = UnpackList::default())] depends: UnpackList<String>,
        #[starlark(require = named, default = false)] default: bool,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> starlark::Result<NoneType> {
        todo!()
    }

    /// Copies.
    fn copy<'v>(this: Value<'v>, heap: Heap<'v>) -> starlark::Result<Value<'v>> {}
}
"#;
        let fns = extract(source);
        assert_eq!(fns.len(), 2);
        assert_eq!(fns[0].doc, "Registers a target.\n\nMore.");
        assert_eq!(fns[0].signature(), "register_target(name, fn, *, depends = [], default = False)");
        assert_eq!(fns[1].signature(), "copy()");
    }
}
