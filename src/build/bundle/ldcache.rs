//! The dynamic loader's cache, `/etc/ld.so.cache` (written by `ldconfig`):
//! where the loader looks for a library after a file's own search path and
//! `LD_LIBRARY_PATH`, before its default folders. glibc's format
//! `glibc-ld.so.cache1.1`, alone or after the old `ld.so-1.7.0` table (whose
//! string table it then hides in); little-endian, as on every machine frost
//! builds for.
//!
//! ```text
//! old header  "ld.so-1.7.0" (11 bytes), pad, nlibs u32; nlibs x {flags i32, key u32, value u32}
//!             (its strings are relative to the end of that table)
//! new header  at 0, or after the old table aligned to 8:
//!             "glibc-ld.so.cache" "1.1", nlibs u32, len_strings u32, flags u8,
//!             pad, extension_offset u32, unused; at 48, nlibs x
//!             {flags i32, key u32, value u32, osversion u32, hwcap u64}
//!             (its strings are relative to the new header)
//! ```
//!
//! Every offset is checked: a damaged file is an error, never a panic.

use std::path::{Path, PathBuf};

use super::le::{u32_at, u64_at};

/// Where the loader's cache is.
pub const PATH: &str = "/etc/ld.so.cache";

const OLD_MAGIC: &[u8] = b"ld.so-1.7.0";
const NEW_MAGIC: &[u8] = b"glibc-ld.so.cache1.1";
const OLD_HEADER: usize = 16;
const OLD_ENTRY: usize = 12;
const NEW_HEADER: usize = 48;
const NEW_ENTRY: usize = 24;

/// `flags & FLAG_TYPE_MASK`: an ELF library (`FLAG_ELF`), one for glibc 2 (`FLAG_ELF_LIBC6`).
const FLAG_ELF: i32 = 0x0001;
const FLAG_ELF_LIBC6: i32 = 0x0003;
const FLAG_TYPE_MASK: i32 = 0x00ff;

/// One library the cache lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its soname (`libssl.so.3`).
    pub soname: String,
    /// Its file.
    pub path: PathBuf,
    /// glibc's `FLAG_*` bits: the library's kind and ABI.
    pub flags: i32,
}

/// A parsed loader cache, in the file's order.
#[derive(Debug, Default)]
pub struct LdCache {
    /// Its libraries, but those for a processor feature.
    pub entries: Vec<Entry>,
}

/// The flags the loader accepts besides plain `FLAG_ELF`, for a 64-bit file
/// of processor `machine` (`e_machine`); `None` for a processor not listed
/// here (then any glibc 2 entry is a candidate, and the file's own machine
/// check decides).
fn flags_for(machine: u16) -> Option<i32> {
    let abi = match machine {
        62 => 0x0300,  // EM_X86_64: FLAG_X8664_LIB64
        183 => 0x0a00, // EM_AARCH64: FLAG_AARCH64_LIB64
        21 => 0x0500,  // EM_PPC64: FLAG_POWERPC_LIB64
        22 => 0x0400,  // EM_S390: FLAG_S390_LIB64
        _ => return None,
    };
    Some(abi | FLAG_ELF_LIBC6)
}

impl LdCache {
    /// The loader's cache of this machine; `None` when it is absent,
    /// unreadable or not in a format read here (then the folders of
    /// `/etc/ld.so.conf` stand in for it).
    pub fn system() -> Option<LdCache> {
        Self::read(Path::new(PATH))
    }

    /// The cache in the file `path`, as [`LdCache::system`].
    pub fn read(path: &Path) -> Option<LdCache> {
        parse(&std::fs::read(path).ok()?).ok()
    }

    /// The files the cache names for `soname`, in the loader's order, that
    /// a file of processor `machine` may load. Entries for a processor
    /// feature (a `glibc-hwcaps` subfolder, old-style hwcap folders) are
    /// left out when parsing, so the baseline build of a library is the one
    /// carried: it runs on every processor of the kind.
    pub fn lookup<'a>(&'a self, soname: &'a str, machine: u16) -> impl Iterator<Item = &'a Path> + 'a {
        let wanted = flags_for(machine);
        self.entries
            .iter()
            .filter(move |e| e.soname == soname)
            .filter(move |e| match wanted {
                Some(flags) => e.flags == FLAG_ELF || e.flags == flags,
                None => matches!(e.flags & FLAG_TYPE_MASK, FLAG_ELF | FLAG_ELF_LIBC6),
            })
            .map(|e| e.path.as_path())
    }
}

/// The NUL-terminated string at `base + offset`.
fn string_at(b: &[u8], base: usize, offset: u32) -> Option<String> {
    let start = base.checked_add(offset as usize)?;
    let rest = b.get(start..)?;
    let len = rest.iter().position(|&c| c == 0)?;
    Some(String::from_utf8_lossy(&rest[..len]).into_owned())
}

/// Parses a loader cache; an error says what is wrong with it.
pub fn parse(b: &[u8]) -> Result<LdCache, String> {
    let damaged = |what: &str| format!("the loader cache is damaged: {what}");
    let mut new_at = 0;
    let mut old = None;
    if b.starts_with(OLD_MAGIC) {
        let nlibs = u32_at(b, 12).ok_or_else(|| damaged("its old header is cut short"))? as usize;
        let end = nlibs
            .checked_mul(OLD_ENTRY)
            .and_then(|n| n.checked_add(OLD_HEADER))
            .filter(|&end| end <= b.len())
            .ok_or_else(|| damaged("its old table runs past the end"))?;
        old = Some((nlibs, end));
        new_at = end.checked_add(7).ok_or_else(|| damaged("its old table runs past the end"))? & !7;
    }
    if b.get(new_at..).is_some_and(|rest| rest.starts_with(NEW_MAGIC)) {
        return parse_new(b, new_at).map_err(|what| damaged(&what));
    }
    let Some((nlibs, end)) = old else {
        return Err("not a loader cache (it starts with neither \"ld.so-1.7.0\" nor \"glibc-ld.so.cache1.1\")".into());
    };
    let mut entries = Vec::with_capacity(nlibs);
    for i in 0..nlibs {
        let at = OLD_HEADER + i * OLD_ENTRY;
        let entry = (|| {
            let flags = u32_at(b, at)? as i32;
            let soname = string_at(b, end, u32_at(b, at + 4)?)?;
            let path = string_at(b, end, u32_at(b, at + 8)?)?;
            Some(Entry { soname, path: PathBuf::from(path), flags })
        })();
        entries.push(entry.ok_or_else(|| damaged(&format!("old entry {i} points outside the file")))?);
    }
    Ok(LdCache { entries })
}

/// The new-format table whose header is at `base`.
fn parse_new(b: &[u8], base: usize) -> Result<LdCache, String> {
    let nlibs = u32_at(b, base + NEW_MAGIC.len()).ok_or("its header is cut short")? as usize;
    let first = base.checked_add(NEW_HEADER).ok_or("its header is cut short")?;
    nlibs
        .checked_mul(NEW_ENTRY)
        .and_then(|n| n.checked_add(first))
        .filter(|&end| end <= b.len())
        .ok_or_else(|| format!("its {nlibs} entries run past the end"))?;
    let mut entries = Vec::with_capacity(nlibs);
    for i in 0..nlibs {
        let at = first + i * NEW_ENTRY;
        let entry = (|| {
            let flags = u32_at(b, at)? as i32;
            let hwcap = u64_at(b, at + 16)?;
            let soname = string_at(b, base, u32_at(b, at + 4)?)?;
            let path = string_at(b, base, u32_at(b, at + 8)?)?;
            Some((Entry { soname, path: PathBuf::from(path), flags }, hwcap))
        })();
        let (entry, hwcap) = entry.ok_or_else(|| format!("entry {i} points outside the file"))?;
        // Nonzero: the build for a processor feature (bit 62: a
        // `glibc-hwcaps` subfolder); the baseline one is listed too.
        if hwcap == 0 {
            entries.push(entry);
        }
    }
    Ok(LdCache { entries })
}

/// What the loader searches after a file's own search path and
/// `LD_LIBRARY_PATH` and before its default folders: its cache, or, where
/// the cache cannot be read, the folders `/etc/ld.so.conf` lists (those
/// `ldconfig` would have put in it).
pub enum Loader {
    /// `/etc/ld.so.cache`, read.
    Cache(LdCache),
    /// The folders of `/etc/ld.so.conf` and the files it includes.
    Folders(Vec<PathBuf>),
}

impl Loader {
    /// This machine's, read once per process (a build asks for it for the
    /// runtime cache's key, its staleness check and each library search).
    pub fn system() -> &'static Loader {
        static SYSTEM: std::sync::OnceLock<Loader> = std::sync::OnceLock::new();
        SYSTEM.get_or_init(|| match LdCache::system() {
            Some(cache) => Loader::Cache(cache),
            None => {
                let mut dirs = Vec::new();
                read_conf(Path::new("/etc/ld.so.conf"), &mut dirs, 0);
                Loader::Folders(dirs)
            }
        })
    }

    /// The files it offers for `soname`, needed by a file of processor `machine`, in order.
    pub fn candidates(&self, soname: &str, machine: u16) -> Vec<PathBuf> {
        match self {
            Loader::Cache(cache) => cache.lookup(soname, machine).map(Path::to_path_buf).collect(),
            Loader::Folders(dirs) => dirs.iter().map(|d| d.join(soname)).collect(),
        }
    }

    /// Whether it offers a file for `soname` now, for any processor.
    pub fn has(&self, soname: &str) -> bool {
        match self {
            Loader::Cache(cache) => cache.entries.iter().any(|e| e.soname == soname && e.path.is_file()),
            Loader::Folders(dirs) => dirs.iter().any(|d| d.join(soname).is_file()),
        }
    }

    /// What it is, as lines, for a cached runtime's key: the cache's path
    /// (its size and time are checked with the carried libraries'), or the
    /// folders.
    pub fn key_text(&self) -> String {
        match self {
            Loader::Cache(_) => format!("loader cache {PATH}\n"),
            Loader::Folders(dirs) => dirs.iter().map(|d| format!("{}\n", d.display())).collect(),
        }
    }
}

/// Adds the folders `conf` lists; `include PATTERN` lines read more files
/// (a pattern's `*` only in its last part, as every distribution writes it).
fn read_conf(conf: &Path, dirs: &mut Vec<PathBuf>, depth: u32) {
    let Ok(text) = std::fs::read_to_string(conf) else { return };
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if let Some(pattern) = line.strip_prefix("include").filter(|p| p.starts_with(char::is_whitespace)) {
            if depth < 8 {
                for file in expand(pattern.trim(), conf) {
                    read_conf(&file, dirs, depth + 1);
                }
            }
        } else if line.starts_with('/') {
            let d = PathBuf::from(line);
            if !dirs.contains(&d) {
                dirs.push(d);
            }
        }
    }
}

/// The files an `include` pattern names, sorted (relative to `conf`'s folder).
fn expand(pattern: &str, conf: &Path) -> Vec<PathBuf> {
    let base = conf.parent().unwrap_or(Path::new("/"));
    let pattern = base.join(pattern);
    let (Some(dir), Some(file)) = (pattern.parent(), pattern.file_name().and_then(|f| f.to_str())) else {
        return Vec::new();
    };
    let Some((prefix, suffix)) = file.split_once('*') else {
        return vec![pattern.clone()];
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_str().is_some_and(|n| n.starts_with(prefix) && n.ends_with(suffix)))
        .map(|e| e.path())
        .collect();
    files.sort();
    files
}

#[cfg(test)]
#[path = "ldcache_tests.rs"]
mod tests;
