//! The book's standard-library page, from the modules' docstrings.

use crate::language::stdlib::{describe, MODULES};

/// The book's standard-library page, generated from the modules' docstrings.
pub fn stdlib_reference() -> String {
    let mut out = String::from(
        "# The standard library\n\n<!-- Generated from stdlib/*.bzl by `frost::docs::stdlib_reference`; \
         `FROST_BLESS=1 cargo test --test stdlib` rewrites it. -->\n\n\
         frost ships these modules inside the binary. Load them with `@stdlib//`:\n\n\
         ```python\nload(\"@stdlib//apps.bzl\", \"cli_app\")\n```\n\n\
         Loaded modules see `BUILD_TARGET_TRIPLE`, `VARS`, `CWD` and `CONFIG_PATH`, so the\n\
         defaults below follow `--target-triple`.\n",
    );
    for (name, source) in MODULES {
        let (doc, functions) = describe(source);
        out.push_str(&format!("\n## `@stdlib//{name}`\n\n{doc}\n"));
        for f in functions {
            out.push_str(&format!("\n### `{}`\n\n{}\n", f.signature, f.doc));
        }
    }
    out
}
