//! `frost build` and `frost run`: stamp a lowered config into a copy of the
//! launcher stub. (Being written: see launcher/.)

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use frost_runtime::RuntimeConfig;

/// Where and from what to build.
#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    /// The folder the executable is written to.
    pub out_dir: PathBuf,
    /// The launcher stub to use; found next to `frost` when `None`.
    pub launcher: Option<PathBuf>,
}

/// Writes `out_dir/<executable_name>` and returns its path.
pub fn build(config: &RuntimeConfig, options: &BuildOptions) -> anyhow::Result<PathBuf> {
    let _ = (config, options);
    anyhow::bail!("frost build is not built yet")
}

/// Runs a built executable with `args`; returns its exit code.
pub fn run(exe: &Path, args: &[OsString]) -> anyhow::Result<i32> {
    let _ = (exe, args);
    anyhow::bail!("frost run is not built yet")
}
