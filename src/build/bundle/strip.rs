//! Debug sections off the bundled libpython and `lib-dynload` modules.
//!
//! A CPython built from source (pyenv, uv's builds) installs its shared
//! libraries with their debug information: about half of an app folder's
//! bytes that the app never reads. When staging the runtime, frost runs
//! `strip --strip-debug` (GNU binutils or LLVM's, found on `PATH`) on each
//! copy; the symbol table stays (backtraces still name functions), only
//! `.debug_*` sections go. `strip` gives the same bytes for the same input,
//! so builds stay reproducible; which tool (and its version) did it is part
//! of the runtime cache's key. `FROST_NO_STRIP=1` keeps the libraries as
//! the CPython installed them; without a `strip` on `PATH` they are kept
//! too.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::Context;

/// Set to a non-empty value other than `0` to keep debug sections.
pub const NO_STRIP_ENV: &str = "FROST_NO_STRIP";

/// The `strip` that removes debug sections.
#[derive(Debug, Clone)]
pub struct Stripper {
    tool: PathBuf,
    version: String,
}

/// The `strip` to use, or `None` when opted out or none is on `PATH`.
pub fn stripper() -> Option<Stripper> {
    if std::env::var_os(NO_STRIP_ENV).is_some_and(|v| !v.is_empty() && v != "0") {
        return None;
    }
    let path = std::env::var_os("PATH")?;
    let tool = std::env::split_paths(&path).map(|d| d.join("strip")).find(|p| p.is_file())?;
    let output = Command::new(&tool).arg("--version").output().ok()?;
    if !output.status.success() {
        return None;
    }
    let version = String::from_utf8_lossy(&output.stdout).lines().next().unwrap_or_default().trim().to_string();
    Some(Stripper { tool, version })
}

/// What the cache key records of `stripper`.
pub fn key(stripper: Option<&Stripper>) -> String {
    match stripper {
        Some(s) => format!("strip-debug {} ({})", s.tool.display(), s.version),
        None => "strip-debug off".to_string(),
    }
}

static SCRATCH: AtomicU64 = AtomicU64::new(0);

impl Stripper {
    /// `bytes` (the ELF file `name`) without its debug sections; the
    /// original bytes when `strip` does not take the file.
    pub fn strip(&self, bytes: &[u8], name: &str) -> anyhow::Result<Vec<u8>> {
        let n = SCRATCH.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("frost-strip-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let result = self.strip_in(&dir, bytes, name);
        let _ = std::fs::remove_dir_all(&dir);
        result
    }

    fn strip_in(&self, dir: &Path, bytes: &[u8], name: &str) -> anyhow::Result<Vec<u8>> {
        let (input, output) = (dir.join("in"), dir.join("out"));
        std::fs::write(&input, bytes).with_context(|| format!("cannot write {}", input.display()))?;
        let status = Command::new(&self.tool)
            .arg("--strip-debug")
            .arg("-o")
            .arg(&output)
            .arg(&input)
            .stderr(std::process::Stdio::null())
            .status()
            .with_context(|| format!("cannot run {} on {name}", self.tool.display()))?;
        if !status.success() {
            return Ok(bytes.to_vec());
        }
        std::fs::read(&output).with_context(|| format!("cannot read the stripped {name}"))
    }
}
