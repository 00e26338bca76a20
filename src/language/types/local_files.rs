//! Reading the local tree, as `glob()`, `FileContent(path=)`,
//! `FileManifest.add_path()` and `AppleUniversalBinary.add_path()` do:
//! paths relative to `CWD` (the config's folder; never the process's
//! working folder), only regular files, never outside the root folder that
//! loads are limited to, and at most [`MAX_GLOB_MATCHES`] matches.
//! Only metadata is read: file contents are read by `frost build`.

use std::path::{Path, PathBuf};

use super::fields::CheckError;
use crate::language::display_path;

/// The most files one `glob()` may match.
pub const MAX_GLOB_MATCHES: usize = 100_000;
/// The most folder entries one pattern may visit.
pub const MAX_GLOB_VISITS: usize = 1_000_000;

/// A file of the local tree, checked.
#[derive(Debug, Clone)]
pub struct LocalFile {
    /// Its absolute path, symlinks resolved.
    pub path: PathBuf,
    /// Whether any execute bit is set (always false on Windows).
    pub executable: bool,
}

/// `path` made absolute against `cwd`, with `.` and `..` resolved lexically.
pub fn absolute(cwd: &Path, path: &str) -> PathBuf {
    let joined = cwd.join(path);
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

fn is_executable(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// The regular file `path` names (relative to `cwd`), which must exist and
/// be inside `root`. `what` starts the messages: `FileContent(path = ...)`.
pub fn read_file(what: &str, cwd: &Path, root: &Path, path: &str) -> Result<LocalFile, CheckError> {
    let abs = absolute(cwd, path);
    let real = abs.canonicalize().map_err(|e| {
        CheckError::invalid(format!(
            "{what}: cannot read {} ({e}); relative paths start at CWD, the config's folder",
            display_path(&abs)
        ))
    })?;
    if !real.starts_with(root) {
        return Err(CheckError::invalid(format!(
            "{what}: {} is outside {}, the folder the config may read (widen it with --root DIR)",
            display_path(&real),
            display_path(root)
        )));
    }
    let meta = std::fs::metadata(&real)
        .map_err(|e| CheckError::invalid(format!("{what}: cannot read {}: {e}", display_path(&real))))?;
    if !meta.is_file() {
        return Err(CheckError::invalid(format!("{what}: {} is not a regular file", display_path(&real))));
    }
    Ok(LocalFile { executable: is_executable(&meta), path: real })
}

/// The regular files a glob pattern matches, relative to `cwd`, keeping
/// only those inside `root`. `*` and `?` match within one path component,
/// `**` matches any number of components, `[...]` is a character class.
pub fn glob(
    cwd: &Path,
    root: &Path,
    pattern: &str,
    out: &mut std::collections::BTreeMap<PathBuf, LocalFile>,
) -> Result<(), CheckError> {
    let abs = absolute(cwd, pattern);
    let text = abs.to_string_lossy().replace('\\', "/");
    // The walk starts at the longest leading part without wildcards.
    let parts: Vec<&str> = text.split('/').collect();
    let fixed = parts.iter().take_while(|p| !p.contains(['*', '?', '['])).count();
    let base: PathBuf = if fixed == 0 {
        PathBuf::from("/")
    } else {
        PathBuf::from(format!("/{}", parts[..fixed].join("/").trim_start_matches('/')))
    };
    let rest: Vec<&str> = parts[fixed..].to_vec();
    if rest.is_empty() {
        if let Ok(f) = read_file("glob()", cwd, root, &base.to_string_lossy()) {
            out.insert(f.path.clone(), f);
        }
        return Ok(());
    }
    let Ok(real_base) = base.canonicalize() else { return Ok(()) };
    if !real_base.starts_with(root) {
        return Err(CheckError::invalid(format!(
            "glob(): `{pattern}` reads {}, outside {}, the folder the config may read (widen it with --root DIR)",
            display_path(&real_base),
            display_path(root)
        )));
    }
    walk(&real_base, &rest, root, out, &mut 0)
}

fn walk(
    dir: &Path,
    pattern: &[&str],
    root: &Path,
    out: &mut std::collections::BTreeMap<PathBuf, LocalFile>,
    visits: &mut usize,
) -> Result<(), CheckError> {
    let Some((first, rest)) = pattern.split_first() else { return Ok(()) };
    *visits += 1;
    if *visits > MAX_GLOB_VISITS {
        return Err(CheckError::invalid(format!(
            "glob() visited more than {MAX_GLOB_VISITS} folders; narrow the patterns"
        )));
    }
    if *first == "**" {
        walk(dir, rest, root, out, visits)?;
        for entry in entries(dir) {
            if entry.is_dir() && !entry.is_symlink() {
                walk(&entry, pattern, root, out, visits)?;
            }
        }
        return Ok(());
    }
    for entry in entries(dir) {
        let name = entry.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if !component_matches(first.as_bytes(), name.as_bytes()) {
            continue;
        }
        if rest.is_empty() {
            let Ok(real) = entry.canonicalize() else { continue };
            let Ok(meta) = std::fs::metadata(&real) else { continue };
            if meta.is_file() && real.starts_with(root) {
                if out.len() >= MAX_GLOB_MATCHES {
                    return Err(CheckError::invalid(format!(
                        "glob() matched more than {MAX_GLOB_MATCHES} files; narrow the patterns"
                    )));
                }
                out.insert(entry.clone(), LocalFile { executable: is_executable(&meta), path: entry });
            }
        } else if entry.is_dir() {
            walk(&entry, rest, root, out, visits)?;
        }
    }
    Ok(())
}

fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> =
        std::fs::read_dir(dir).map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    v.sort();
    v
}

enum Tok {
    Star,
    One,
    Class(bool, Vec<(u8, u8)>),
    Lit(u8),
}

fn tokens(p: &[u8]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < p.len() {
        match p[i] {
            b'*' => out.push(Tok::Star),
            b'?' => out.push(Tok::One),
            b'[' => {
                if let Some(len) = p[i + 1..].iter().skip(1).position(|&c| c == b']').map(|n| n + 1) {
                    let class = &p[i + 1..i + 1 + len];
                    let (negate, class) = match class.first() {
                        Some(b'!') | Some(b'^') => (true, &class[1..]),
                        _ => (false, class),
                    };
                    let mut ranges = Vec::new();
                    let mut j = 0;
                    while j < class.len() {
                        if j + 2 < class.len() && class[j + 1] == b'-' {
                            ranges.push((class[j], class[j + 2]));
                            j += 3;
                        } else {
                            ranges.push((class[j], class[j]));
                            j += 1;
                        }
                    }
                    out.push(Tok::Class(negate, ranges));
                    i += len + 2;
                    continue;
                }
                out.push(Tok::Lit(b'['));
            }
            c => out.push(Tok::Lit(c)),
        }
        i += 1;
    }
    out
}

/// Whether one path component matches a pattern component (`*`, `?`,
/// `[...]`), in time proportional to the product of their lengths.
fn component_matches(p: &[u8], s: &[u8]) -> bool {
    let toks = tokens(p);
    // reach[j]: the first i tokens can match the first j bytes.
    let mut reach = vec![false; s.len() + 1];
    reach[0] = true;
    for t in &toks {
        let mut next = vec![false; s.len() + 1];
        for j in 0..=s.len() {
            match t {
                Tok::Star => next[j] = reach[j] || (j > 0 && next[j - 1]),
                _ if j == 0 => {}
                Tok::One => next[j] = reach[j - 1],
                Tok::Lit(c) => next[j] = reach[j - 1] && s[j - 1] == *c,
                Tok::Class(negate, ranges) => {
                    let c = s[j - 1];
                    next[j] = reach[j - 1] && (ranges.iter().any(|&(a, b)| a <= c && c <= b) != *negate)
                }
            }
        }
        reach = next;
    }
    reach[s.len()]
}

#[cfg(test)]
mod tests {
    use super::component_matches;

    #[test]
    fn components_match_like_glob() {
        assert!(component_matches(b"*.py", b"a.py"));
        assert!(!component_matches(b"*.py", b"a.pyc"));
        assert!(component_matches(b"a?c", b"abc"));
        assert!(component_matches(b"[a-c]x", b"bx"));
        assert!(!component_matches(b"[!a-c]x", b"bx"));
    }
}
