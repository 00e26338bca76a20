//! The codec and error-handler names CPython accepts for `stdio_encoding`,
//! `filesystem_encoding`, `stdio_errors` and `filesystem_errors`.
//!
//! An unknown encoding is a fatal error when CPython starts ("Fatal Python
//! error: init_sys_streams ... LookupError: unknown encoding"), so the
//! attribute check refuses it when the config is evaluated. Names are
//! matched the way CPython 3.11 looks them up: `_Py_normalize_encoding`
//! (lower case; every run of characters other than ASCII letters, digits
//! and `.` becomes one `_`), then `encodings.search_function` (an alias of
//! `encodings.aliases`, also with `.` as `_`, else a module of the
//! `encodings` package). The table is generated from CPython 3.11 by
//! `runtime/gen/codec_names.py` into `codec_names.rs`.

use crate::codec_names::{ALIASES, MODULES};

/// The error handlers CPython registers itself (`codecs.lookup_error`),
/// which `stdio_errors` and `filesystem_errors` may name.
pub const ERROR_HANDLERS: &[&str] = &[
    "strict",
    "ignore",
    "replace",
    "backslashreplace",
    "surrogateescape",
    "surrogatepass",
    "xmlcharrefreplace",
    "namereplace",
];

/// `name` as CPython's `_Py_normalize_encoding` writes it before a lookup:
/// `"UTF 8"` and `"utf--8"` are `utf_8`, `"Latin-1"` is `latin_1`.
pub fn normalize_encoding(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut punct = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '.' {
            if punct && !out.is_empty() {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            punct = false;
        } else {
            punct = true;
        }
    }
    out
}

/// The codec CPython finds for `name` (its `codecs.lookup(name).name`), if
/// it is a text encoding: `"UTF8"` is `utf-8`, `"latin1"` is `iso8859-1`.
pub fn codec_name(name: &str) -> Option<&'static str> {
    let normalized = normalize_encoding(name);
    let alias = |n: &str| ALIASES.iter().find(|(a, _)| *a == n).map(|(_, codec)| *codec);
    alias(&normalized).or_else(|| alias(&normalized.replace('.', "_"))).or_else(|| {
        let module = MODULES.iter().find(|(m, _)| *m == normalized && !normalized.contains('.'));
        module.map(|(_, codec)| *codec)
    })
}

/// The codec whose name or alias is closest to `name`, for "did you mean".
pub fn suggest_codec(name: &str) -> Option<&'static str> {
    let normalized = normalize_encoding(name);
    let known = ALIASES.iter().chain(MODULES);
    let close = crate::attr::closest(&normalized, known.clone().map(|(n, _)| *n))?;
    known.into_iter().find(|(n, _)| *n == close).map(|(_, codec)| *codec)
}

/// The error handler closest to `name`, for "did you mean".
pub fn suggest_error_handler(name: &str) -> Option<&'static str> {
    crate::attr::closest(&name.to_ascii_lowercase(), ERROR_HANDLERS.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_found_as_cpython_finds_them() {
        assert_eq!(normalize_encoding("UTF 8"), "utf_8");
        assert_eq!(normalize_encoding("  --Latin-1--  "), "latin_1");
        assert_eq!(normalize_encoding("ANSI_X3.4-1968"), "ansi_x3.4_1968");
        for (name, codec) in [
            ("utf-8", "utf-8"),
            ("UTF8", "utf-8"),
            ("utf 8", "utf-8"),
            ("latin-1", "iso8859-1"),
            ("iso8859-1", "iso8859-1"),
            ("ISO-8859-15", "iso8859-15"),
            ("cp1252", "cp1252"),
            ("windows-1252", "cp1252"),
            ("ascii", "ascii"),
            ("ANSI_X3.4-1968", "ascii"),
            ("shift_jis", "shift_jis"),
            ("euc-jp", "euc_jp"),
            ("utf-16-le", "utf-16-le"),
            ("mac-roman", "mac-roman"),
        ] {
            assert_eq!(codec_name(name), Some(codec), "{name}");
        }
        // Unknown, bytes-to-bytes (io.TextIOWrapper refuses them) and
        // Windows-only codecs.
        for name in ["", "utf9", "klingon", "hex", "rot13", "base64", "zlib", "mbcs", "oem", "utf-8\u{e9}x"] {
            assert_eq!(codec_name(name), None, "{name}");
        }
    }

    #[test]
    fn close_names_are_suggested() {
        assert_eq!(suggest_codec("utf9"), Some("utf-8"));
        assert_eq!(suggest_codec("latn1"), Some("iso8859-1"));
        assert_eq!(suggest_codec("klingon-tlh"), None);
        assert_eq!(suggest_error_handler("surrogatescape"), Some("surrogateescape"));
        assert_eq!(suggest_error_handler("Strict"), Some("strict"));
        assert_eq!(suggest_error_handler("whatever-you-like"), None);
    }

    /// The committed table is what the generator writes, when CPython 3.11 is here.
    #[test]
    fn the_table_is_what_the_generator_writes() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let python = std::env::var_os("FROST_CODEC_PYTHON").unwrap_or_else(|| "python3.11".into());
        let output = match std::process::Command::new(&python).arg(root.join("gen/codec_names.py")).output() {
            Ok(output) if output.status.success() => output,
            other => {
                eprintln!("skipped: {python:?} cannot run the generator ({other:?})");
                return;
            }
        };
        let committed = std::fs::read_to_string(root.join("src/codec_names.rs")).unwrap();
        assert!(
            String::from_utf8_lossy(&output.stdout) == committed,
            "runtime/src/codec_names.rs is stale: run `python3.11 runtime/gen/codec_names.py > runtime/src/codec_names.rs`"
        );
    }
}
