//! `PythonDistribution(local_path = ..., sha256 = ...)`, opened at build
//! time: an unpacked install is used where it is; a python-build-standalone
//! `install_only` archive is checked against its SHA-256 and unpacked once
//! into frost's cache (`$FROST_CACHE_DIR`, else `$XDG_CACHE_HOME/frost`,
//! else `~/.cache/frost`), under `distributions/<sha256>/`.
//!
//! An archive is untrusted input: an entry with an absolute path or `..`,
//! a link that points outside the folder, anything but files, folders and
//! links, more than [`MAX_BYTES`] of content or [`MAX_ENTRIES`] entries is
//! refused, and the folder only appears (by rename) once the whole archive
//! is unpacked and checked.

use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

use anyhow::{anyhow, bail, Context};
use frost_runtime::plan::{is_archive, DistributionSource};
use sha2::{Digest, Sha256};

use super::select::Distribution;

/// The most content an archive may unpack to.
pub const MAX_BYTES: u64 = 4 << 30;
/// The most entries an archive may have.
pub const MAX_ENTRIES: usize = 500_000;

/// The environment variable naming frost's cache folder.
pub const CACHE_ENV: &str = "FROST_CACHE_DIR";

/// frost's cache folder (distributions, compiled runtimes):
/// `$FROST_CACHE_DIR`, else `$XDG_CACHE_HOME/frost` (when absolute, as the
/// XDG spec asks), else `$HOME/.cache/frost`.
pub fn cache_dir() -> anyhow::Result<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    var(CACHE_ENV)
        .or_else(|| var("XDG_CACHE_HOME").filter(|p| p.is_absolute()).map(|p| p.join("frost")))
        .or_else(|| var("HOME").map(|p| p.join(".cache").join("frost")))
        .ok_or_else(|| anyhow!("no cache folder: set FROST_CACHE_DIR or HOME"))
}

/// The distribution `source` names; its relative path is relative to `base`
/// (the config's folder). An archive is unpacked in [`cache_dir`].
pub fn open(source: &DistributionSource, base: &Path) -> anyhow::Result<Distribution> {
    open_with_cache(source, base, &cache_dir()?)
}

/// [`open`], with the cache folder `cache`.
pub fn open_with_cache(source: &DistributionSource, base: &Path, cache: &Path) -> anyhow::Result<Distribution> {
    let path = base.join(&source.local_path);
    let prefix = if is_archive(&source.local_path) {
        let Some(sha256) = &source.sha256 else {
            bail!("the archive {} has no sha256 to check it against", path.display());
        };
        unpacked(&path, sha256, cache)?
    } else {
        if !path.is_dir() {
            bail!(
                "the PythonDistribution local_path {} is not a folder (an unpacked CPython) nor a .tar.gz archive",
                path.display()
            );
        }
        path
    };
    of_prefix(&prefix)
}

/// The SHA-256 of the file `path`, in hex.
pub fn sha256_of(path: &Path) -> anyhow::Result<String> {
    let mut file = std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(hasher.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// The folder the archive `path` is unpacked in, unpacking it the first time.
fn unpacked(path: &Path, sha256: &str, cache: &Path) -> anyhow::Result<PathBuf> {
    let actual = sha256_of(path)?;
    if !actual.eq_ignore_ascii_case(sha256) {
        bail!("the archive {} has SHA-256 {actual}, but the config says sha256 = \"{sha256}\"", path.display());
    }
    let root = cache.join("distributions");
    let done = root.join(&actual);
    if !done.is_dir() {
        std::fs::create_dir_all(&root).with_context(|| format!("cannot create {}", root.display()))?;
        let tmp = root.join(format!(".{actual}.{}.tmp", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        let result = unpack(path, &tmp).and_then(|()| {
            std::fs::rename(&tmp, &done).or_else(|e| {
                // Another build unpacked it first: theirs is as good.
                if done.is_dir() {
                    Ok(())
                } else {
                    Err(e).with_context(|| format!("cannot move the unpacked archive to {}", done.display()))
                }
            })
        });
        let _ = std::fs::remove_dir_all(&tmp);
        result?;
    }
    // install_only archives hold one folder, `python/`.
    let inner = done.join("python");
    Ok(if inner.join("bin").is_dir() { inner } else { done })
}

/// Why an entry name cannot be unpacked, or `None` when it is a plain
/// relative path.
fn bad_path(name: &Path) -> Option<&'static str> {
    for c in name.components() {
        match c {
            Component::Normal(_) | Component::CurDir => {}
            Component::ParentDir => return Some("it has a `..` component"),
            Component::RootDir | Component::Prefix(_) => return Some("it is an absolute path"),
        }
    }
    None
}

/// Unpacks the gzip'd tar `archive` into the new folder `into`, refusing
/// hostile entries.
pub fn unpack(archive: &Path, into: &Path) -> anyhow::Result<()> {
    let file = std::fs::File::open(archive).with_context(|| format!("cannot read {}", archive.display()))?;
    let reader: Box<dyn Read> = if archive.to_string_lossy().ends_with(".zst")
        || archive.to_string_lossy().ends_with(".zstd")
    {
        bail!("{}: .tar.zst archives are not supported yet; use the .tar.gz install_only archive", archive.display());
    } else {
        Box::new(flate2::read::GzDecoder::new(file))
    };
    std::fs::create_dir(into).with_context(|| format!("cannot create {}", into.display()))?;
    let mut tar = tar::Archive::new(reader);
    tar.set_preserve_permissions(true);
    let (mut bytes, mut count) = (0u64, 0usize);
    let mut links = Vec::new();
    let refuse =
        |name: &Path, why: &str| anyhow!("{}: the entry {} is refused: {why}", archive.display(), name.display());
    for entry in tar.entries().with_context(|| format!("cannot read the archive {}", archive.display()))? {
        let mut entry = entry.with_context(|| format!("cannot read the archive {}", archive.display()))?;
        let name =
            entry.path().with_context(|| format!("{}: an entry has no readable name", archive.display()))?.into_owned();
        if let Some(why) = bad_path(&name) {
            return Err(refuse(&name, why));
        }
        count += 1;
        if count > MAX_ENTRIES {
            bail!("{}: more than {MAX_ENTRIES} entries; refused", archive.display());
        }
        bytes += entry.header().size().unwrap_or(u64::MAX);
        if bytes > MAX_BYTES {
            bail!("{}: it unpacks to more than {} GiB; refused", archive.display(), MAX_BYTES >> 30);
        }
        let kind = entry.header().entry_type();
        if kind.is_symlink() || kind.is_hard_link() {
            let target =
                entry.link_name().ok().flatten().ok_or_else(|| refuse(&name, "its link has no target"))?.into_owned();
            let resolved =
                if kind.is_hard_link() { target.clone() } else { name.parent().unwrap_or(Path::new("")).join(&target) };
            if target.is_absolute() || !stays_inside(&resolved) {
                return Err(refuse(&name, &format!("it links to {}, outside the archive", target.display())));
            }
            if kind.is_symlink() {
                links.push(name.clone());
            }
        } else if !(kind.is_file() || kind.is_dir() || kind == tar::EntryType::Continuous) {
            return Err(refuse(&name, "only files, folders and links are unpacked"));
        }
        if !entry
            .unpack_in(into)
            .with_context(|| format!("cannot unpack {} from {}", name.display(), archive.display()))?
        {
            return Err(refuse(&name, "it would be written outside the folder"));
        }
    }
    // A link whose path stays inside lexically may still leave through
    // another link: each must really resolve inside.
    let real_root = into.canonicalize().with_context(|| format!("cannot read {}", into.display()))?;
    for link in links {
        match into.join(&link).canonicalize() {
            Ok(real) if real.starts_with(&real_root) => {}
            _ => return Err(refuse(&link, "it points outside the archive or nowhere")),
        }
    }
    Ok(())
}

/// Whether the relative path `path`, with its `..` taken lexically, stays
/// inside the folder it is relative to.
fn stays_inside(path: &Path) -> bool {
    let mut depth = 0i64;
    for c in path.components() {
        match c {
            Component::Normal(_) => depth += 1,
            Component::ParentDir => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return false,
        }
    }
    true
}

/// The distribution installed in `prefix`: its version from the
/// `lib/python3.X` folder, then asked of its own interpreter.
pub fn of_prefix(prefix: &Path) -> anyhow::Result<Distribution> {
    let mut versions: Vec<String> = std::fs::read_dir(prefix.join("lib"))
        .with_context(|| format!("{} is not a CPython installation: it has no lib folder", prefix.display()))?
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter_map(|n| n.strip_prefix("python").map(str::to_string))
        .filter(|v| frost_runtime::PYTHON_VERSIONS.contains(&v.as_str()))
        .filter(|v| prefix.join("lib").join(format!("python{v}/os.py")).is_file())
        .collect();
    versions.sort();
    let Some(version) = versions.pop() else {
        bail!(
            "{} is not a CPython installation frost supports: it has no lib/python3.X/os.py for any of {}",
            prefix.display(),
            frost_runtime::PYTHON_VERSIONS.join(", ")
        );
    };
    let executable = [format!("python{version}"), "python3".into()]
        .iter()
        .map(|n| prefix.join("bin").join(n))
        .find(|p| p.is_file())
        .ok_or_else(|| anyhow!("{} has no bin/python{version}", prefix.display()))?;
    let libpython = Distribution::find_libpython(prefix, &version).ok_or_else(|| {
        anyhow!("{} has no shared libpython (lib/libpython{version}.so*): frost's launcher links one", prefix.display())
    })?;
    let output = Command::new(&executable)
        .args(["-I", "-S", "-c", "import sys; print('%d.%d' % sys.version_info[:2], sys.version.split()[0])"])
        .output()
        .with_context(|| format!("cannot run {}", executable.display()))?;
    let answer = String::from_utf8_lossy(&output.stdout).into_owned();
    let mut words = answer.split_whitespace();
    let (Some(asked), Some(full)) = (words.next(), words.next()) else {
        bail!("{} did not say its version: {}", executable.display(), String::from_utf8_lossy(&output.stderr).trim());
    };
    if asked != version {
        bail!("{} is CPython {full}, but its prefix holds lib/python{version}", executable.display());
    }
    Ok(Distribution {
        version: version.clone(),
        full_version: full.to_string(),
        prefix: prefix.to_path_buf(),
        executable,
        libpython,
        stdlib: prefix.join("lib").join(format!("python{version}")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_containment() {
        assert!(stays_inside(Path::new("a/b/../c")));
        assert!(stays_inside(Path::new("a/..")));
        assert!(!stays_inside(Path::new("a/../..")));
        assert!(!stays_inside(Path::new("/etc")));
        assert_eq!(bad_path(Path::new("python/../../x")), Some("it has a `..` component"));
        assert_eq!(bad_path(Path::new("/etc/passwd")), Some("it is an absolute path"));
        assert_eq!(bad_path(Path::new("./python/bin/python3")), None);
    }
}
