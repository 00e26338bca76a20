//! Checks on names that become file names.

use crate::attr::starlark_string;

/// An executable name must be a plain file name: `frost build` writes
/// `DIR/<name>`, so it cannot point anywhere else.
///
/// The one check of the name, whichever way it comes in: the config
/// language's `to_python_executable(name = ...)`, a JSON document's
/// `executable_name`, or `frost build` itself.
pub fn check_executable_name(name: &str) -> Result<(), String> {
    let bad = name.is_empty()
        || name == "."
        || name == ".."
        || name.contains(['/', '\\', '\0'])
        || name.chars().any(char::is_control);
    if bad {
        Err(format!(
            "`name` must be a plain file name (no `/`, `\\`, control characters, `.` or `..`); got {}",
            starlark_string(name)
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_must_be_plain_file_names() {
        for bad in ["", ".", "..", "a/b", "/abs", "a\\b", "x\0y", "tab\there", "del\x7f", "nel\u{85}"] {
            assert!(check_executable_name(bad).is_err(), "{bad:?}");
        }
        for good in ["myapp", "my app-1.0", "...", ".hidden", "café"] {
            check_executable_name(good).unwrap();
        }
        assert_eq!(
            check_executable_name("a/b").unwrap_err(),
            "`name` must be a plain file name (no `/`, `\\`, control characters, `.` or `..`); got \"a/b\""
        );
    }
}
