//! `frost launcher build`: makes the launcher stub for a CPython version.
//!
//! It runs cargo on the launcher crate of frost's source tree (the one this
//! `frost` was compiled from) with `PYO3_PYTHON` set to the CPython
//! [`discover`](crate::python::discover) finds for the version, in a target
//! folder of that version's own (`<target>/launcher-stubs/3.X`, so building
//! one version never rebuilds another's), in the profile that matches
//! `frost`'s own (see [`PROFILE`]), and copies the result next to `frost` as
//! `frost-launcher-3.X`, whole or not at all.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{anyhow, bail, Context};
use frost_runtime::payload;

use super::stubs::{frost_dir, minor, stub_name, stub_versions, OLDEST_STUB_MINOR};
use crate::python::Found;

/// The folder this `frost` was compiled from.
const SOURCE_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// The cargo profile stubs are built in: `dev` for a debug `frost`; for a
/// release `frost`, `launcher` (the workspace's Cargo.toml: release with
/// whole-program LTO, one codegen unit, `opt-level = "s"` and
/// `panic = "abort"`), a smaller stub of which less is resident in every
/// app (launcher/README.md, "How the stub is built").
pub const PROFILE: &str = if cfg!(debug_assertions) { "dev" } else { "launcher" };

/// The folder under the target folder where cargo writes [`PROFILE`]'s output.
fn profile_dir() -> &'static str {
    if PROFILE == "dev" {
        "debug"
    } else {
        PROFILE
    }
}

/// frost's source tree, checked: it must still hold the launcher crate.
pub fn source_tree() -> anyhow::Result<PathBuf> {
    let dir = PathBuf::from(SOURCE_DIR);
    if dir.join("Cargo.toml").is_file() && dir.join("launcher").join("Cargo.toml").is_file() {
        return Ok(dir);
    }
    bail!(
        "building a launcher stub needs frost's source tree, and this frost was compiled from {}, which no longer holds it \
         (no launcher/Cargo.toml there); run `frost launcher build` from a frost built in a checkout, or build the stub there \
         with `PYO3_PYTHON=python3.X cargo build -p frost-launcher` and copy it next to frost as frost-launcher-3.X",
        dir.display()
    )
}

/// Checks a version asked for on the command line.
pub fn check_version(version: &str) -> anyhow::Result<()> {
    if stub_versions().contains(&version) {
        return Ok(());
    }
    if frost_runtime::PYTHON_VERSIONS.contains(&version) && minor(version).is_some_and(|m| m < OLDEST_STUB_MINOR) {
        bail!(
            "no launcher stub can be built for CPython {version}: the launcher's pyo3 0.30 supports CPython 3.{OLDEST_STUB_MINOR} and later (CPython 3.8 needs pyo3 0.29 or older)"
        );
    }
    bail!(
        "`{version}` is not a CPython version frost builds launchers for; it must be one of {}",
        stub_versions().join(", ")
    )
}

/// The CPython to link for `version`: the first usable one `discover` found.
pub fn interpreter_for<'a>(version: &str, found: &'a [Found]) -> anyhow::Result<&'a Found> {
    found.iter().find(|f| f.skipped.is_none() && f.version.as_deref() == Some(version)).ok_or_else(|| {
        anyhow!(
            "no CPython {version} with a shared libpython was found on this machine; `frost python list` shows what frost found and why any was skipped"
        )
    })
}

/// The versions `--all-found` builds: every usable version found that a
/// stub can be built for, oldest first.
pub fn all_found(found: &[Found]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for f in found.iter().filter(|f| f.skipped.is_none()) {
        if let Some(v) = f.version.as_deref() {
            if stub_versions().contains(&v) && !out.iter().any(|o| o == v) {
                out.push(v.to_string());
            }
        }
    }
    out.sort_by_key(|v| minor(v));
    out
}

/// The target folder of `version`'s stub builds: under `$CARGO_TARGET_DIR`,
/// else the source tree's `target/`.
fn target_dir(source: &Path, version: &str) -> PathBuf {
    let base = std::env::var_os("CARGO_TARGET_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .map(|d| if d.is_absolute() { d } else { source.join(d) })
        .unwrap_or_else(|| source.join("target"));
    base.join("launcher-stubs").join(version)
}

/// Builds the stub for `version` against `python` and writes it next to
/// `frost`; returns its path. cargo's output goes to this process's stderr.
pub fn make(version: &str, python: &Found) -> anyhow::Result<PathBuf> {
    check_version(version)?;
    let source = source_tree()?;
    let target = target_dir(&source, version);
    let cargo = std::env::var_os("CARGO").filter(|c| !c.is_empty()).unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(&cargo);
    command
        .arg("build")
        .arg("--manifest-path")
        .arg(source.join("Cargo.toml"))
        .args(["-p", "frost-launcher", "--bin", "frost-launcher"])
        .args(["--profile", PROFILE])
        .env("PYO3_PYTHON", &python.executable)
        .env("CARGO_TARGET_DIR", &target)
        // A config file would override PYO3_PYTHON.
        .env_remove("PYO3_CONFIG_FILE")
        .current_dir(&source);
    let status = command.status().map_err(|e| {
        anyhow!(
            "cannot run {} to build the CPython {version} launcher stub: {e}; building a stub needs the Rust toolchain",
            Path::new(&cargo).display()
        )
    })?;
    if !status.success() {
        bail!("cargo could not build the CPython {version} launcher stub ({status}); its messages are above");
    }
    let built = target.join(profile_dir()).join(super::LAUNCHER_NAME);
    let bytes = super::read_launcher(&built)
        .with_context(|| format!("cannot read the stub cargo built, {}", built.display()))?;
    let info = payload::stub_info(&bytes).map_err(|e| anyhow!("{}: {e}", built.display()))?;
    if info.python_version != version {
        bail!(
            "cargo built {} against CPython {}, not {version} (PYO3_PYTHON was {})",
            built.display(),
            info.python_version,
            python.executable.display()
        );
    }
    let dest = frost_dir()?.join(stub_name(version));
    super::write_atomically(&dest, &bytes).with_context(|| format!("cannot write {}", dest.display()))?;
    Ok(dest)
}
