//! The compiled runtime of a bundle, staged once and reused: libpython,
//! the standard library filtered by the policy, `lib-dynload` and their
//! bytecode, kept in frost's cache folder per (CPython, the policy's
//! settings that shape it, frost version) and hard-linked (or, across file
//! systems, copied) into each bundle.
//!
//! ```text
//! $FROST_CACHE_DIR (else $XDG_CACHE_HOME/frost, else ~/.cache/frost)
//!   runtime/cpython-3.11-<hash>/
//!     key.txt        what the entry was staged from (checked, not only hashed)
//!     files.txt      every file and folder of the entry, one a line, sorted
//!     sources.txt    the build machine's libraries it carries, and the loader's cache
//!                    /etc/ld.so.cache they were found with, stamped (checked)
//!     warnings.txt   what staging it had to say, said again at each use
//!     missing.txt    the libraries it could not find (checked: one found now restages)
//!     lib/...        exactly the bundle's `lib/libpython3.X.so.1.0`, the libraries
//!                    it and the extension modules need, and `lib/python3.X/`
//! ```
//!
//! An entry is assembled in a temporary folder beside it and renamed into
//! place; a build that finds the name taken by a concurrent build uses that
//! one. An entry with a file missing or unreadable is staged again.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context};
use frost_runtime::packaging_policy::PackagingPolicy;

use super::libs;
use super::python::{self, Cpython};
use super::stage::Stage;
use super::strip::{self, Stripper};

pub use crate::python::local::CACHE_ENV;

/// Bumped when what an entry holds, or how, changes.
const FORMAT: u32 = 5;

/// frost's cache folder: `$FROST_CACHE_DIR`, else `$XDG_CACHE_HOME/frost`,
/// else `$HOME/.cache/frost`; `None` when none of them is set.
pub fn cache_dir() -> Option<PathBuf> {
    crate::python::local::cache_dir().ok()
}

/// What a runtime entry depends on, as text: the CPython (its files' paths,
/// sizes and modification times), the policy's settings that shape the
/// runtime, the `strip` used (if any), frost's version and the entry format.
/// A file's path, size and modification time, as a line.
fn stamp(p: &Path) -> String {
    match std::fs::metadata(p) {
        Ok(m) => {
            let mtime = m.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
            format!("{} {} {}", p.display(), m.len(), mtime.map_or(0, |d| d.as_nanos()))
        }
        Err(_) => format!("{} missing", p.display()),
    }
}

fn key_text(cpython: &Cpython, policy: &PackagingPolicy, optimization_level: u8, strip: Option<&Stripper>) -> String {
    [
        format!("frost {} format {FORMAT}", env!("CARGO_PKG_VERSION")),
        format!("cpython {} {}", cpython.version, cpython.cache_tag),
        stamp(&cpython.libdir.join(&cpython.soname)),
        stamp(&cpython.python),
        stamp(&cpython.stdlib),
        stamp(&cpython.dynload),
        format!("include_test {}", policy.include_test),
        format!("include_distribution_sources {}", policy.include_distribution_sources),
        format!("include_distribution_resources {}", policy.include_distribution_resources),
        format!("extension_module_filter {}", policy.extension_module_filter),
        format!("bytecode levels {:?}", python::levels(policy)),
        format!("sources compressed {}", python::sources_compressed(policy, optimization_level)),
        format!("system libraries {}", frost_runtime::system_libraries::SYSTEM_LIBRARIES.join(" ")),
        format!("library folders\n{}", libs::search_dirs_text()),
        strip::key(strip),
    ]
    .join("\n")
        + "\n"
}

/// A stable 64-bit FNV-1a hash of `text`, as hex.
fn fnv(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Puts the compiled runtime into `stage` (as `lib/...`): from the cache
/// entry for (`cpython`, `policy`), staging that entry first if needed.
/// Shared libraries lose their debug sections when `strip` is given.
/// Without a cache folder, or when the cache cannot be written, the runtime
/// is staged into the bundle directly. Returns the warnings of staging it.
pub fn stage_runtime(
    cpython: &Cpython,
    policy: &PackagingPolicy,
    optimization_level: u8,
    strip: Option<&Stripper>,
    stage: &mut Stage,
) -> anyhow::Result<Vec<String>> {
    let Some(cache) = cache_dir() else {
        return stage_uncached(cpython, policy, optimization_level, strip, stage);
    };
    let key = key_text(cpython, policy, optimization_level, strip);
    let runtime = cache.join("runtime");
    let entry = runtime.join(format!("cpython-{}-{}", cpython.version, fnv(&key)));
    if let Some(files) = valid_entry(&entry, &key) {
        if link_entry(&entry, &files, stage).is_ok() {
            return Ok(warnings(&entry));
        }
    }
    // Stage (again): a missing, foreign or damaged entry is replaced.
    if std::fs::create_dir_all(&runtime).is_err() {
        return stage_uncached(cpython, policy, optimization_level, strip, stage);
    }
    let name = entry.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut fresh = Stage::new(&runtime, &name)?;
    let staged = python::stage_runtime(cpython, policy, optimization_level, strip, &mut fresh)?;
    fresh.run_compile(&cpython.python, &cpython.cache_tag)?;
    let files = listing(fresh.root())?;
    fresh.write("files.txt", files.join("\n").as_bytes())?;
    // A changed loader cache may name other files for the same libraries:
    // checked as the libraries are, so the entry is staged again in place.
    let sources: String =
        staged.libraries.iter().cloned().chain(libs::loader_cache()).map(|p| stamp(&p) + "\n").collect();
    fresh.write(SOURCES, sources.as_bytes())?;
    fresh.write(WARNINGS, staged.warnings.iter().map(|w| format!("{w}\n")).collect::<String>().as_bytes())?;
    fresh.write(MISSING, staged.missing.iter().map(|m| format!("{m}\n")).collect::<String>().as_bytes())?;
    fresh.write("key.txt", key.as_bytes())?;
    fresh.install(&entry, |existing| complete_entry(existing, &key))?;
    let files = valid_entry(&entry, &key).unwrap_or(files);
    link_entry(&entry, &files, stage)
        .with_context(|| format!("cannot take the runtime from frost's cache {}", entry.display()))?;
    Ok(warnings(&entry))
}

/// The entry's list of carried libraries and of warnings.
const SOURCES: &str = "sources.txt";
const WARNINGS: &str = "warnings.txt";
const MISSING: &str = "missing.txt";

/// The warnings recorded in an entry.
fn warnings(entry: &Path) -> Vec<String> {
    std::fs::read_to_string(entry.join(WARNINGS)).unwrap_or_default().lines().map(str::to_string).collect()
}

/// Stages the runtime into the bundle itself, compiled there.
fn stage_uncached(
    cpython: &Cpython,
    policy: &PackagingPolicy,
    optimization_level: u8,
    strip: Option<&Stripper>,
    stage: &mut Stage,
) -> anyhow::Result<Vec<String>> {
    let staged = python::stage_runtime(cpython, policy, optimization_level, strip, stage)?;
    stage.run_compile(&cpython.python, &cpython.cache_tag)?;
    Ok(staged.warnings)
}

/// The listing of the entry at `entry`, if it is complete, for `key`, and
/// the libraries it carries are unchanged on the build machine.
fn valid_entry(entry: &Path, key: &str) -> Option<Vec<String>> {
    if std::fs::read_to_string(entry.join("key.txt")).ok()? != key {
        return None;
    }
    // A library that was missing and is there now: stage again, to carry it.
    let missing = std::fs::read_to_string(entry.join(MISSING)).ok()?;
    if libs::any_findable(missing.lines()) {
        return None;
    }
    let sources = std::fs::read_to_string(entry.join(SOURCES)).ok()?;
    for line in sources.lines() {
        let path = line.rsplitn(3, ' ').nth(2)?;
        if stamp(Path::new(path)) != line {
            return None;
        }
    }
    let files = std::fs::read_to_string(entry.join("files.txt")).ok()?;
    Some(files.lines().map(str::to_string).collect())
}

/// Whether the entry at `entry` is for `key` and holds every file it lists.
fn complete_entry(entry: &Path, key: &str) -> bool {
    valid_entry(entry, key).is_some_and(|files| files.iter().all(|f| entry.join(f).exists()))
}

/// Every file and folder under `root`, relative, `/`-separated, folders
/// ending in `/`, sorted.
fn listing(root: &Path) -> anyhow::Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let dir = root.join(&rel);
        for entry in std::fs::read_dir(&dir).with_context(|| format!("cannot read {}", dir.display()))? {
            let entry = entry?;
            let path = rel.join(entry.file_name());
            let text = path.to_string_lossy().replace('\\', "/");
            if entry.file_type()?.is_dir() {
                out.push(format!("{text}/"));
                stack.push(path);
            } else {
                out.push(text);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Hard-links (else copies) every file of the entry's listing into `stage`.
fn link_entry(entry: &Path, files: &[String], stage: &mut Stage) -> anyhow::Result<()> {
    for rel in files {
        if ["files.txt", "key.txt", SOURCES, WARNINGS, MISSING].contains(&rel.as_str()) {
            continue;
        }
        if let Some(dir) = rel.strip_suffix('/') {
            stage.mkdir(Path::new(dir))?;
        } else {
            stage.link(&entry.join(rel), rel)?;
        }
    }
    if files.is_empty() {
        return Err(anyhow!("the cache entry {} is empty", entry.display()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_stable() {
        // FNV-1a's published test vectors.
        assert_eq!(fnv(""), "cbf29ce484222325");
        assert_eq!(fnv("a"), "af63dc4c8601ec8c");
    }
}
