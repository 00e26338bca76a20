//! `frost doctor`: run a built executable's diagnostic mode. (Being written.)

use std::path::Path;

/// Runs the checks, prints the report (JSON when `json`), returns the exit code.
pub fn doctor(exe: &Path, json: bool) -> anyhow::Result<i32> {
    let _ = (exe, json);
    anyhow::bail!("frost doctor is not built yet")
}
