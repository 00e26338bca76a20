//! The little of ELF a bundle needs: which libraries a file needs
//! (`DT_NEEDED`), its library search path (`DT_RUNPATH`/`DT_RPATH`), and
//! rewriting that path in place, as `chrpath` does, so a copied launcher
//! or libpython looks for its libraries beside itself and nowhere else.
//!
//! 64-bit little-endian ELF only (what frost's launcher is on x86-64 and
//! aarch64 Linux); anything else is an error, never a guess.

use anyhow::{anyhow, bail};

use super::le::{u16_at, u32_at, u64_at};

const PT_LOAD: u32 = 1;
const PT_DYNAMIC: u32 = 2;
const DT_NULL: u64 = 0;
const DT_NEEDED: u64 = 1;
const DT_STRTAB: u64 = 5;
const DT_STRSZ: u64 = 10;
const DT_RPATH: u64 = 15;
const DT_RUNPATH: u64 = 29;

/// The dynamic section of an ELF file, as far as a bundle reads it.
#[derive(Debug, Default)]
pub struct Dynamic {
    /// The `DT_NEEDED` names, in order.
    pub needed: Vec<String>,
    /// The search path (`DT_RUNPATH`, else `DT_RPATH`), if any.
    pub search_path: Option<String>,
    /// Whether it is a `DT_RUNPATH` (searched after `LD_LIBRARY_PATH`, and
    /// not passed on to the libraries the file loads) rather than a `DT_RPATH`.
    pub runpath: bool,
    /// `e_machine`: the processor the file is for.
    pub machine: u16,
    /// Where each `DT_RPATH`/`DT_RUNPATH` entry is (file offset) and where
    /// its string is (file offset, length without the NUL).
    paths_at: Vec<(usize, usize, usize)>,
    /// The dynamic section's entries before its `DT_NULL`: where they start
    /// and end (file offsets).
    entries: (usize, usize),
}

/// A program header: type, file offset, virtual address, size in the file.
struct Segment {
    kind: u32,
    offset: u64,
    vaddr: u64,
    filesz: u64,
}

fn segments(b: &[u8]) -> anyhow::Result<Vec<Segment>> {
    if b.get(..4) != Some(b"\x7fELF") {
        bail!("it is not an ELF file");
    }
    if b.get(4) != Some(&2) || b.get(5) != Some(&1) {
        bail!("it is not a 64-bit little-endian ELF file");
    }
    let bad = || anyhow!("its ELF header is truncated");
    let phoff = u64_at(b, 0x20).ok_or_else(bad)? as usize;
    let phentsize = u16_at(b, 0x36).ok_or_else(bad)? as usize;
    let phnum = u16_at(b, 0x38).ok_or_else(bad)? as usize;
    (0..phnum)
        .map(|i| {
            let at = phoff.checked_add(i.checked_mul(phentsize).ok_or_else(bad)?).ok_or_else(bad)?;
            Ok(Segment {
                kind: u32_at(b, at).ok_or_else(bad)?,
                offset: u64_at(b, at + 8).ok_or_else(bad)?,
                vaddr: u64_at(b, at + 16).ok_or_else(bad)?,
                filesz: u64_at(b, at + 32).ok_or_else(bad)?,
            })
        })
        .collect()
}

/// The file offset of virtual address `vaddr`.
fn file_offset(segments: &[Segment], vaddr: u64) -> Option<usize> {
    segments
        .iter()
        .find(|s| s.kind == PT_LOAD && s.vaddr <= vaddr && vaddr < s.vaddr + s.filesz)
        .map(|s| (vaddr - s.vaddr + s.offset) as usize)
}

fn c_str(b: &[u8], at: usize) -> Option<(String, usize)> {
    let rest = b.get(at..)?;
    let len = rest.iter().position(|&c| c == 0)?;
    Some((String::from_utf8_lossy(&rest[..len]).into_owned(), len))
}

/// Reads the dynamic section of the ELF file `b`.
pub fn dynamic(b: &[u8]) -> anyhow::Result<Dynamic> {
    let segments = segments(b)?;
    let Some(dynamic) = segments.iter().find(|s| s.kind == PT_DYNAMIC) else {
        return Ok(Dynamic::default());
    };
    let bad = || anyhow!("its dynamic section is damaged");
    let mut entries = Vec::new();
    let start = dynamic.offset as usize;
    let end = start.checked_add(dynamic.filesz as usize).ok_or_else(bad)?;
    let mut at = start;
    while at + 16 <= end {
        let tag = u64_at(b, at).ok_or_else(bad)?;
        if tag == DT_NULL {
            break;
        }
        entries.push((at, tag, u64_at(b, at + 8).ok_or_else(bad)?));
        at += 16;
    }
    let value = |tag| entries.iter().find(|e| e.1 == tag).map(|e| e.2);
    let strtab = value(DT_STRTAB).and_then(|v| file_offset(&segments, v)).ok_or_else(bad)?;
    let strsz = value(DT_STRSZ).ok_or_else(bad)? as usize;
    let string = |offset: u64| {
        let at = strtab.checked_add(offset as usize)?;
        if offset as usize >= strsz {
            return None;
        }
        c_str(b, at).map(|(s, len)| (s, at, len))
    };
    let mut out = Dynamic { machine: u16_at(b, 0x12).ok_or_else(bad)?, entries: (start, at), ..Dynamic::default() };
    for &(entry_at, tag, val) in &entries {
        match tag {
            DT_NEEDED => out.needed.push(string(val).ok_or_else(bad)?.0),
            DT_RUNPATH | DT_RPATH => {
                let (s, at, len) = string(val).ok_or_else(bad)?;
                // The loader uses DT_RUNPATH when there is one.
                if out.search_path.is_none() || tag == DT_RUNPATH {
                    out.search_path = Some(s);
                    out.runpath |= tag == DT_RUNPATH;
                }
                out.paths_at.push((entry_at, at, len));
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Points the search path of the ELF file `b` at `new` (see
/// [`set_search_path`]) when it has one long enough, else removes it (the
/// loader then searches the executable's `DT_RPATH`, `$ORIGIN/lib` in a
/// bundle). A file without a search path is left as it is.
pub fn point_search_path(b: &mut [u8], new: &str) -> anyhow::Result<()> {
    let d = dynamic(b)?;
    if d.paths_at.is_empty() {
        return Ok(());
    }
    if d.paths_at.iter().any(|&(_, _, len)| len >= new.len()) {
        set_search_path(b, new)
    } else {
        remove_search_path(b)
    }
}

/// Removes every `DT_RPATH`/`DT_RUNPATH` entry of the ELF file `b`.
pub fn remove_search_path(b: &mut [u8]) -> anyhow::Result<()> {
    let d = dynamic(b)?;
    remove_entries(b, &d, |at| d.paths_at.iter().any(|p| p.0 == at));
    Ok(())
}

/// Removes the dynamic entries at the offsets `remove` picks, moving the
/// later ones up and ending with `DT_NULL`s, as `patchelf --remove-rpath` does.
fn remove_entries(b: &mut [u8], d: &Dynamic, remove: impl Fn(usize) -> bool) {
    let (start, end) = d.entries;
    let kept: Vec<u8> =
        (start..end).step_by(16).filter(|&at| !remove(at)).flat_map(|at| b[at..at + 16].to_vec()).collect();
    b[start..start + kept.len()].copy_from_slice(&kept);
    b[start + kept.len()..end].fill(0);
}

/// Rewrites the search path of the ELF file `b` to `new`, in place, as a
/// `DT_RPATH` (which, unlike `DT_RUNPATH`, `LD_LIBRARY_PATH` cannot
/// override): the file then loads its libraries from `new` only. Its
/// longest search path string must be at least as long as `new`; any other
/// `DT_RPATH`/`DT_RUNPATH` entry is removed.
pub fn set_search_path(b: &mut [u8], new: &str) -> anyhow::Result<()> {
    let d = dynamic(b)?;
    let Some(&(entry_at, at, len)) = d.paths_at.iter().max_by_key(|p| p.2) else {
        bail!("it has no library search path (DT_RUNPATH) to rewrite");
    };
    if new.len() > len {
        bail!(
            "its library search path {:?} is shorter than {new:?}, so it cannot be rewritten in place",
            d.search_path.unwrap_or_default()
        );
    }
    b[at..at + len].fill(0);
    b[at..at + new.len()].copy_from_slice(new.as_bytes());
    b[entry_at..entry_at + 8].copy_from_slice(&DT_RPATH.to_le_bytes());
    remove_entries(b, &d, |e| e != entry_at && d.paths_at.iter().any(|p| p.0 == e));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_running_test_binary_is_read() {
        let exe = std::fs::read(std::env::current_exe().unwrap()).unwrap();
        let d = dynamic(&exe).unwrap();
        assert!(d.needed.iter().any(|n| n.starts_with("libc.so")), "{:?}", d.needed);
    }

    /// A shared library built by gcc with `-rpath` `path` (new dtags:
    /// `DT_RUNPATH`), or `None` without gcc.
    fn library(dir: &std::path::Path, path: &str) -> Option<Vec<u8>> {
        let out = dir.join("libt.so");
        let status = std::process::Command::new("gcc")
            .args(["-shared", "-x", "c", "/dev/null", "-lm", "-Wl,--no-as-needed,--enable-new-dtags", "-o"])
            .arg(&out)
            .arg(format!("-Wl,-rpath,{path}"))
            .status()
            .ok()?;
        status.success().then(|| std::fs::read(out).unwrap())
    }

    #[test]
    fn a_search_path_is_rewritten_in_place_or_removed_and_nothing_else_moves() {
        let dir = tempfile::tempdir().unwrap();
        let Some(original) = library(dir.path(), "/root/.pyenv/versions/3.11.7/lib") else {
            println!("SKIPPED: gcc cannot build a shared library here");
            return;
        };
        let before = dynamic(&original).unwrap();
        assert_eq!(before.search_path.as_deref(), Some("/root/.pyenv/versions/3.11.7/lib"));
        let mut b = original.clone();
        point_search_path(&mut b, "$ORIGIN/../..").unwrap();
        let after = dynamic(&b).unwrap();
        assert_eq!(after.search_path.as_deref(), Some("$ORIGIN/../.."));
        assert_eq!(after.needed, before.needed);
        assert_eq!(after.entries.1 - after.entries.0, before.entries.1 - before.entries.0, "same entries");
        // Too short for the new path: the entry goes, the others stay.
        let short = library(dir.path(), "/x").unwrap();
        let mut b = short.clone();
        point_search_path(&mut b, "$ORIGIN/../..").unwrap();
        let after = dynamic(&b).unwrap();
        assert_eq!(after.search_path, None);
        assert_eq!(after.needed, dynamic(&short).unwrap().needed);
        assert_eq!(
            after.entries.1 - after.entries.0,
            dynamic(&short).unwrap().entries.1 - dynamic(&short).unwrap().entries.0 - 16
        );
        assert!(set_search_path(&mut short.clone(), "$ORIGIN/../..").unwrap_err().to_string().contains("shorter"));
    }

    #[test]
    fn other_files_are_refused() {
        assert!(dynamic(b"#!/bin/sh\n").unwrap_err().to_string().contains("not an ELF"));
        assert!(dynamic(b"\x7fELF\x01\x01").unwrap_err().to_string().contains("64-bit"));
        assert!(dynamic(b"\x7fELF\x02\x01\x01").unwrap_err().to_string().contains("truncated"));
    }
}
