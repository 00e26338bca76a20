//! Checks on names that become file names.

/// An executable name must be a plain file name: `frost build` writes
/// `DIR/<name>`, so it cannot point anywhere else.
pub fn check_executable_name(name: &str) -> Result<(), String> {
    let bad = name.is_empty()
        || name == "."
        || name == ".."
        || name.contains(['/', '\\', '\0'])
        || name.chars().any(char::is_control);
    if bad {
        Err(format!(
            "`name` must be a plain file name (no `/`, `\\`, control characters, `.` or `..`); got {}",
            frost_runtime::attr::starlark_string(name)
        ))
    } else {
        Ok(())
    }
}
