//! The book's attribute reference, generated from the attribute table.
//!
//! `book/src/attributes.md` is the output of [`attribute_reference`]; a test
//! (`tests/docs.rs`) fails when the committed page differs, and
//! `FROST_BLESS=1 cargo test --test docs` rewrites it.

use frost_runtime::{Attr, Group, Kind, Value, ATTRIBUTES};

use crate::formats::schema::doc_paragraphs;

/// Where the page lives, relative to the repository root.
pub const ATTRIBUTE_REFERENCE_PATH: &str = "book/src/attributes.md";

/// The sections of the reference, in order: title, the group they hold, and
/// an introduction.
const SECTIONS: &[(&str, &str, &str)] = &[
    (
        "Launcher attributes",
        "launcher",
        "Handled by frost's launcher itself; no CPython configuration field is behind them.",
    ),
    (
        "PyPreConfig attributes",
        "PyPreConfig",
        "Fields of CPython's `PyPreConfig`, applied when the interpreter is pre-initialized. \
         `None` leaves the value of the profile (`config_profile`) alone.",
    ),
    (
        "PyConfig attributes",
        "PyConfig",
        "Fields of CPython's `PyConfig`. `None` leaves the value of the profile (`config_profile`) alone.",
    ),
];

/// The attribute reference page, in Markdown.
pub fn attribute_reference() -> String {
    let mut out = String::new();
    out.push_str("<!-- Generated from the attribute table (runtime/src/config.rs) by frost::docs::attribute_reference. Do not edit:\n");
    out.push_str("     `FROST_BLESS=1 cargo test --test docs` rewrites this page. -->\n\n");
    out.push_str("# Attribute reference\n\n");
    out.push_str(
        "These are the attributes of `PythonInterpreterConfig`, the object that\n\
         `dist.make_python_interpreter_config()` returns. Set them by assignment\n\
         (`config.run_module = \"app\"`) or as keyword arguments of\n\
         `PythonInterpreterConfig(...)`. Every value is checked as it is set: a\n\
         wrong type, a value out of range or an unknown name is an error at that\n\
         line.\n\n\
         The same table drives these checks, the JSON that `frost eval` prints (one\n\
         key per attribute), `frost schema` and `frost schema --attributes`.\n\n\
         The CPython column says which versions have the attribute: a few `PyConfig`\n\
         fields are new in 3.11 to 3.13, and setting one on a config whose\n\
         distribution (`python_version`) is older is an error at the assignment\n\
         that names the attribute, the version it needs and the version asked for.\n\n",
    );
    for (title, group, intro) in SECTIONS {
        let attrs: Vec<&Attr> = ATTRIBUTES.iter().filter(|a| a.group.title() == *group).collect();
        out.push_str(&format!("## {title}\n\n{intro}\n\n"));
        out.push_str("| attribute | type | default | CPython |\n|---|---|---|---|\n");
        for a in &attrs {
            out.push_str(&format!(
                "| [`{}`](#{}) | {} | {} | {} |\n",
                a.name,
                a.name,
                type_cell(a),
                code(&a.default_value().to_starlark()),
                a.since.map_or("all".to_string(), |v| format!("{v}+"))
            ));
        }
        out.push('\n');
        for a in &attrs {
            out.push_str(&attribute_section(a, "config"));
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// `bool`, `int`, `str`, `list[str]`, with `or None` when optional.
fn type_cell(a: &Attr) -> String {
    let base = format!("`{}`", a.type_name());
    if a.optional {
        format!("{base} or `None`")
    } else {
        base
    }
}

/// `text` as inline code, escaped for a Markdown table cell.
fn code(text: &str) -> String {
    let text = text.replace('|', "\\|");
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

/// The section of one attribute; `receiver` is the variable its example assigns to.
pub(crate) fn attribute_section(a: &Attr, receiver: &str) -> String {
    let mut out = format!("### `{}`\n\n", a.name);
    for paragraph in doc_paragraphs(a.doc) {
        out.push_str(&paragraph);
        out.push_str("\n\n");
    }
    let accepts = match a.kind {
        Kind::Enum(values) => {
            let values: Vec<String> = values.iter().map(|v| format!("`\"{v}\"`")).collect();
            let mut s = format!("one of {}", values.join(", "));
            if a.optional {
                s.push_str(", or `None`");
            }
            s
        }
        Kind::Terminfo => "`\"dynamic\"`, `\"none\"` or `\"static:<path>\"`".to_string(),
        _ => a.expected().replace("None", "`None`").replace("(True or False)", "(`True` or `False`)"),
    };
    out.push_str(&format!("- accepts: {accepts}\n"));
    out.push_str(&format!("- default: `{}`\n", a.default_value().to_starlark()));
    match a.group {
        Group::Launcher => out.push_str("- applied by: the launcher\n"),
        Group::PreConfig(field) => out.push_str(&format!("- CPython field: `PyPreConfig.{field}`\n")),
        Group::Config(field) => out.push_str(&format!("- CPython field: `PyConfig.{field}`\n")),
        Group::Packaging => {}
    }
    if a.windows_only {
        out.push_str("- Windows only\n");
    }
    if let Some(since) = a.since {
        out.push_str(&format!("- CPython {since} and later: refused when the distribution is older\n"));
    }
    out.push_str(&format!("- example: `{}`\n\n", example(a, receiver)));
    out
}

/// An assignment of a value other than the default, as it reads in a config.
fn example(a: &Attr, receiver: &str) -> String {
    let default = a.default_value();
    let value = match a.kind {
        Kind::Bool => match default {
            Value::Bool(b) => Value::Bool(!b),
            _ => Value::Bool(true),
        },
        Kind::Int { min, max } => Value::Int(if max == 2 { 2 } else { min.max(0) + 42.min(max) }),
        Kind::Str => Value::Str(example_string(a.name).to_string()),
        Kind::Enum(values) => {
            // The last value other than the default: for allocator_backend
            // that is "rust", one frost's launcher supports.
            let v = values.iter().rev().find(|v| Value::Str(v.to_string()) != default).unwrap_or(&values[0]);
            Value::Str(v.to_string())
        }
        Kind::Terminfo => Value::Str("static:/usr/share/terminfo".into()),
        Kind::Location => Value::Str("filesystem-relative:lib".into()),
        Kind::LoadMode => Value::Str("none".into()),
        Kind::StrList => Value::List(match a.name {
            "module_search_paths" => vec!["$ORIGIN/lib".into()],
            "warn_options" => vec!["ignore::DeprecationWarning".into()],
            "x_options" => vec!["importtime".into()],
            _ => vec!["item".into()],
        }),
    };
    format!("{receiver}.{} = {}", a.name, value.to_starlark())
}

fn example_string(name: &str) -> &'static str {
    match name {
        "write_modules_directory_env" => "MYAPP_MODULES_DIR",
        "run_command" => "import app; app.main()",
        "run_module" => "app",
        "run_filename" => "/opt/app/main.py",
        "filesystem_encoding" | "stdio_encoding" => "utf-8",
        "filesystem_errors" | "stdio_errors" => "surrogateescape",
        "python_path_env" => "/opt/app/lib",
        "program_name" => "app",
        "executable" | "base_executable" => "/opt/app/bin/app",
        "pycache_prefix" => "/tmp/pycache",
        _ => "/opt/app",
    }
}
