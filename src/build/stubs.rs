//! One launcher stub per CPython version: which stub `frost build` uses for
//! a config's `python_version`, and which stubs are there.
//!
//! A stub links one CPython. The stubs for each version live next to the
//! `frost` executable as `frost-launcher-3.X` (`frost launcher build 3.X`
//! makes one, see [`make`](super::make_stub)); the unsuffixed
//! `frost-launcher` is the one the plain `cargo build` writes, linking the
//! CPython that `PYO3_PYTHON` or `python3` named then. `frost build` takes,
//! in this order: `--launcher PATH`, `$FROST_LAUNCHER`, the plain
//! `frost-launcher` when its marker says it links 3.X (cargo rebuilds it
//! with frost, so it is never stale), `frost-launcher-3.X` next to `frost`;
//! otherwise it stops with one sentence naming
//! the command that makes the stub. No Rust toolchain is involved when the
//! stub exists.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context};
use frost_runtime::payload;

use super::{BuildOptions, LAUNCHER_ENV, LAUNCHER_NAME};

/// The oldest CPython minor version (3.X) the launcher can link: pyo3 0.30
/// supports CPython 3.9 and later.
pub const OLDEST_STUB_MINOR: u32 = 9;

/// The versions frost supports for which a stub can be built (pyo3's range
/// within `frost_runtime::PYTHON_VERSIONS`).
pub fn stub_versions() -> Vec<&'static str> {
    frost_runtime::PYTHON_VERSIONS
        .iter()
        .copied()
        .filter(|v| minor(v).is_some_and(|m| m >= OLDEST_STUB_MINOR))
        .collect()
}

/// The minor number of `3.X`.
pub(crate) fn minor(version: &str) -> Option<u32> {
    version.strip_prefix("3.")?.parse().ok()
}

/// The file name of the stub for `version`: `frost-launcher-3.12`.
pub fn stub_name(version: &str) -> String {
    format!("frost-launcher-{version}{}", std::env::consts::EXE_SUFFIX)
}

/// The folder of the running `frost`, where the stubs are looked for and
/// written.
pub fn frost_dir() -> anyhow::Result<PathBuf> {
    let frost = std::env::current_exe().context("cannot find the running frost executable")?;
    let dir = frost.parent().ok_or_else(|| anyhow!("{} has no parent folder", frost.display()))?;
    Ok(dir.to_path_buf())
}

/// The folders stubs are looked for in: `frost`'s own, and, when it runs
/// from `target/<profile>/deps` (a `cargo test` binary), `target/<profile>`.
fn search_dirs() -> anyhow::Result<Vec<PathBuf>> {
    let dir = frost_dir()?;
    let parent = dir.parent().filter(|_| dir.ends_with("deps")).map(Path::to_path_buf);
    Ok(std::iter::once(dir).chain(parent).collect())
}

/// The first file called `name` in the search folders.
fn find_file(dirs: &[PathBuf], name: &str) -> Option<PathBuf> {
    dirs.iter().map(|d| d.join(name)).find(|p| p.is_file())
}

/// The stub a build for CPython `version` uses (see the module docs), with
/// its bytes when picking it meant reading it already.
pub fn pick(options: &BuildOptions, version: &str) -> anyhow::Result<(PathBuf, Option<Vec<u8>>)> {
    if let Some(path) = &options.launcher {
        return Ok((path.clone(), None));
    }
    if let Some(path) = std::env::var_os(LAUNCHER_ENV).filter(|p| !p.is_empty()) {
        return Ok((PathBuf::from(path), None));
    }
    pick_in(&search_dirs()?, version)
}

/// [`pick`] without `--launcher` or `$FROST_LAUNCHER`, in `dirs`.
fn pick_in(dirs: &[PathBuf], version: &str) -> anyhow::Result<(PathBuf, Option<Vec<u8>>)> {
    // The plain stub first when it links `version`: cargo rebuilt it with
    // frost, so it is never older than frost's own launcher source, where a
    // `frost-launcher-3.X` made earlier can be.
    let plain = find_file(dirs, LAUNCHER_NAME);
    let plain_bytes = plain.as_ref().and_then(|path| super::read_launcher(path).ok());
    if let (Some(path), Some(bytes)) = (&plain, &plain_bytes) {
        if payload::stub_info(payload::stub_of(bytes)).is_ok_and(|info| info.python_version == version) {
            return Ok((path.clone(), plain_bytes));
        }
    }
    if let Some(path) = find_file(dirs, &stub_name(version)) {
        return Ok((path, None));
    }
    let mut plain_links = None;
    if let (Some(path), Some(bytes)) = (&plain, &plain_bytes) {
        if let Ok(info) = payload::stub_info(payload::stub_of(bytes)) {
            plain_links = Some(format!(", and {} links CPython {}", path.display(), info.python_version));
        }
    }
    if minor(version).is_some_and(|m| m < OLDEST_STUB_MINOR) {
        return Err(anyhow!(
            "there is no launcher stub for CPython {version}: the launcher's pyo3 0.30 supports CPython 3.{OLDEST_STUB_MINOR} and later; use python_version \"3.{OLDEST_STUB_MINOR}\" or later"
        ));
    }
    Err(anyhow!(
        "there is no launcher stub for CPython {version} in {}{}: make it with `frost launcher build {version}` (it needs frost's source tree, cargo and a CPython {version} with a shared libpython)",
        dirs[0].display(),
        plain_links.unwrap_or_default()
    ))
}

/// A stub found next to `frost`.
#[derive(Clone, Debug)]
pub struct Present {
    /// The CPython `major.minor` it links.
    pub version: String,
    /// Its path.
    pub path: PathBuf,
}

/// The stubs `frost build` can pick without `--launcher`, one per version,
/// oldest version first (the plain stub wins over the versioned file of
/// the version it links, as in [`pick`]).
pub fn present() -> Vec<Present> {
    let Ok(dirs) = search_dirs() else { return Vec::new() };
    let mut out: Vec<Present> = Vec::new();
    if let Some(path) = find_file(&dirs, LAUNCHER_NAME) {
        let info = super::read_launcher(&path).ok().and_then(|b| payload::stub_info(payload::stub_of(&b)).ok());
        if let Some(info) = info {
            out.push(Present { version: info.python_version, path });
        }
    }
    for version in stub_versions() {
        if out.iter().any(|p| p.version == *version) {
            continue;
        }
        if let Some(path) = find_file(&dirs, &stub_name(version)) {
            out.push(Present { version: version.to_string(), path });
        }
    }
    out.sort_by_key(|p| minor(&p.version));
    out
}

/// The lines `frost python list` adds on stderr: which found versions have
/// a stub, and the command that makes the missing ones.
pub fn summary(found: &[crate::python::Found]) -> String {
    let present = present();
    let mut have: Vec<String> = present
        .iter()
        .map(|p| format!("{} ({})", p.version, p.path.file_name().unwrap_or_default().to_string_lossy()))
        .collect();
    if have.is_empty() {
        have.push("none".into());
    }
    let mut missing: Vec<&str> = Vec::new();
    for f in found.iter().filter(|f| f.skipped.is_none()) {
        let Some(v) = f.version.as_deref() else { continue };
        if stub_versions().contains(&v) && !present.iter().any(|p| p.version == v) && !missing.contains(&v) {
            missing.push(v);
        }
    }
    missing.sort_by_key(|v| minor(v));
    let mut out = format!("launcher stubs next to frost: {}\n", have.join(", "));
    if !missing.is_empty() {
        out.push_str(&format!(
            "no stub yet for {}: `frost launcher build --all-found` makes them\n",
            missing.join(", ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file that carries a stub marker, as `frost build` reads it.
    fn fake_stub(path: &Path, version: &str) {
        std::fs::write(path, format!("\x7fELF...FROST-STUB:python={version};debug=0;...")).unwrap();
    }

    #[test]
    fn the_plain_stub_wins_for_the_version_it_links_then_the_versioned_one() {
        let dir = tempfile::tempdir().unwrap();
        let dirs = [dir.path().to_path_buf()];
        let err = pick_in(&dirs, "3.12").unwrap_err().to_string();
        assert_eq!(
            err,
            format!(
                "there is no launcher stub for CPython 3.12 in {}: make it with `frost launcher build 3.12` (it needs frost's source tree, cargo and a CPython 3.12 with a shared libpython)",
                dir.path().display()
            )
        );
        let plain = dir.path().join(LAUNCHER_NAME);
        fake_stub(&plain, "3.11");
        let (path, bytes) = pick_in(&dirs, "3.11").unwrap();
        assert_eq!(path, plain);
        assert!(bytes.is_some(), "the plain stub was read to pick it");
        let err = pick_in(&dirs, "3.12").unwrap_err().to_string();
        assert!(
            err.contains(&format!(
                "and {} links CPython 3.11: make it with `frost launcher build 3.12`",
                plain.display()
            )),
            "{err}"
        );
        let versioned = dir.path().join(stub_name("3.11"));
        fake_stub(&versioned, "3.11");
        assert_eq!(pick_in(&dirs, "3.11").unwrap().0, plain, "cargo keeps the plain stub current");
        let other = dir.path().join(stub_name("3.12"));
        fake_stub(&other, "3.12");
        assert_eq!(pick_in(&dirs, "3.12").unwrap().0, other);
        let err = pick_in(&dirs, "3.8").unwrap_err().to_string();
        assert!(err.contains("pyo3 0.30 supports CPython 3.9 and later"), "{err}");
    }

    #[test]
    fn stubs_are_built_for_the_versions_pyo3_supports() {
        assert_eq!(stub_versions().first(), Some(&"3.9"));
        assert!(stub_versions().contains(&"3.13"));
        assert_eq!(stub_name("3.10"), format!("frost-launcher-3.10{}", std::env::consts::EXE_SUFFIX));
    }
}
