//! Which CPython a config's `python_version = "3.X"` builds with.
//!
//! Selection happens at build time only (`frost check` and `frost eval`
//! need no Python). Among the interpreters [`discover`](super::discover)
//! finds that can serve (CPython 3.X with a shared libpython), the first
//! by where it was found — pyenv, then uv, then `PATH`, then the system's —
//! and, within one place, the newest patch release. A
//! `PythonDistribution(local_path = ...)` is used instead when the config
//! names one ([`super::local`]).

use std::path::{Path, PathBuf};

use anyhow::bail;
use frost_runtime::plan::DistributionSource;

use super::Found;

/// The places a CPython is found, in order of preference.
pub const SOURCES: &[&str] = &["pyenv", "uv", "PATH", "system"];

/// The CPython a build uses.
#[derive(Debug, Clone, PartialEq)]
pub struct Distribution {
    /// `major.minor`.
    pub version: String,
    /// The full version (`3.11.7`).
    pub full_version: String,
    /// Its installation prefix.
    pub prefix: PathBuf,
    /// Its `python3.X` (or `python3`).
    pub executable: PathBuf,
    /// Its shared libpython.
    pub libpython: PathBuf,
    /// Its standard library (`PREFIX/lib/python3.X`).
    pub stdlib: PathBuf,
}

/// The patch number of a full version (`3.11.7` is 7; `3.13.0rc1` is 0).
fn patch(full: &str) -> u32 {
    let third = full.split('.').nth(2).unwrap_or("0");
    third.chars().take_while(char::is_ascii_digit).collect::<String>().parse().unwrap_or(0)
}

/// The index in `found` of the interpreter `python_version = version`
/// selects, or why there is none, in one sentence.
pub fn choose(found: &[Found], version: &str) -> Result<usize, String> {
    let rank = |f: &Found| SOURCES.iter().position(|s| *s == f.source).unwrap_or(SOURCES.len());
    let best = found
        .iter()
        .enumerate()
        .filter(|(_, f)| f.skipped.is_none() && f.version.as_deref() == Some(version))
        .min_by_key(|(_, f)| (rank(f), std::cmp::Reverse(patch(f.full_version.as_deref().unwrap_or("")))))
        .map(|(i, _)| i);
    best.ok_or_else(|| {
        let seen: Vec<String> = found
            .iter()
            .map(|f| {
                let v = f.full_version.as_deref().or(f.version.as_deref()).unwrap_or("?");
                match &f.skipped {
                    Some(why) => format!("{} ({v}, {}: skipped, {why})", f.executable.display(), f.source),
                    None => format!("{} ({v}, {})", f.executable.display(), f.source),
                }
            })
            .collect();
        let seen = if seen.is_empty() { "none at all".to_string() } else { seen.join("; ") };
        format!(
            "no CPython {version} with a shared libpython was found (searched pyenv, uv, PATH and the system's; found: {seen}); \
             install one (for example `pyenv install {version}` with PYTHON_CONFIGURE_OPTS=--enable-shared) or name one with \
             PythonDistribution(local_path = ...)"
        )
    })
}

impl Distribution {
    /// The distribution of an interpreter `discover` accepted.
    fn of_found(f: &Found) -> anyhow::Result<Distribution> {
        let (Some(version), Some(prefix), Some(libpython)) = (&f.version, &f.prefix, &f.libpython) else {
            bail!("{} did not say its version, prefix and libpython", f.executable.display());
        };
        Ok(Distribution {
            version: version.clone(),
            full_version: f.full_version.clone().unwrap_or_else(|| version.clone()),
            prefix: prefix.clone(),
            executable: f.executable.clone(),
            libpython: libpython.clone(),
            stdlib: prefix.join("lib").join(format!("python{version}")),
        })
    }

    /// The libpython of the prefix `prefix` for `version`
    /// (`lib/libpython3.X.so.1.0`, else another `lib/libpython3.X*.so*`).
    pub fn find_libpython(prefix: &Path, version: &str) -> Option<PathBuf> {
        let lib = prefix.join("lib");
        let exact = lib.join(format!("libpython{version}.so.1.0"));
        if exact.is_file() {
            return Some(exact);
        }
        let mut names: Vec<PathBuf> = std::fs::read_dir(&lib)
            .ok()?
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                let name = p.file_name().unwrap_or_default().to_string_lossy().into_owned();
                name.starts_with(&format!("libpython{version}")) && name.contains(".so")
            })
            .collect();
        names.sort();
        names.into_iter().find(|p| p.is_file())
    }
}

/// The CPython a config asking for `version` builds with: `local` when the
/// config names one (its relative path is relative to `base`, the config's
/// folder), else the one [`choose`] picks among those found.
pub fn select(version: &str, local: Option<&DistributionSource>, base: &Path) -> anyhow::Result<Distribution> {
    if let Some(local) = local {
        let dist = super::local::open(local, base)?;
        if dist.version != version {
            bail!(
                "the PythonDistribution at {} is CPython {}, but the config asks for python_version \"{version}\"; \
                 give python_version = \"{}\" or another distribution",
                local.local_path,
                dist.full_version,
                dist.version
            );
        }
        return Ok(dist);
    }
    let found = super::discover();
    let index = choose(&found, version).map_err(anyhow::Error::msg)?;
    Distribution::of_found(&found[index])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(version: &str, full: &str, source: &'static str, skipped: Option<&str>) -> Found {
        Found {
            version: Some(version.into()),
            full_version: Some(full.into()),
            executable: PathBuf::from(format!("/{source}/{full}/bin/python3")),
            source,
            prefix: Some(PathBuf::from(format!("/{source}/{full}"))),
            libpython: Some(PathBuf::from(format!("/{source}/{full}/lib/libpython{version}.so.1.0"))),
            pip: true,
            skipped: skipped.map(str::to_string),
            selected: false,
        }
    }

    #[test]
    fn preference_is_place_then_newest_patch() {
        let all = vec![
            found("3.11", "3.11.2", "system", None),
            found("3.11", "3.11.4", "pyenv", None),
            found("3.11", "3.11.9", "PATH", None),
            found("3.11", "3.11.7", "pyenv", None),
            found("3.12", "3.12.1", "pyenv", Some("it has no shared libpython")),
            found("3.13", "3.13.0rc1", "uv", None),
        ];
        assert_eq!(all[choose(&all, "3.11").unwrap()].full_version.as_deref(), Some("3.11.7"));
        assert_eq!(all[choose(&all, "3.13").unwrap()].full_version.as_deref(), Some("3.13.0rc1"));
        let err = choose(&all, "3.12").unwrap_err();
        assert!(err.starts_with("no CPython 3.12 with a shared libpython was found"), "{err}");
        assert!(
            err.contains("/pyenv/3.12.1/bin/python3 (3.12.1, pyenv: skipped, it has no shared libpython)"),
            "{err}"
        );
        assert!(!err.contains(". "), "one sentence: {err}");
        assert!(choose(&[], "3.9").unwrap_err().contains("found: none at all"));
    }

    #[test]
    fn patch_numbers() {
        assert_eq!(patch("3.11.7"), 7);
        assert_eq!(patch("3.13.0rc1"), 0);
        assert_eq!(patch("3.12.10"), 10);
        assert_eq!(patch("3.12"), 0);
    }
}
