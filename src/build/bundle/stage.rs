//! The folder a bundle is assembled in: a fresh temporary folder beside
//! the destination (`.NAME.frost-PID-NANOS.tmp`), removed if the build
//! fails, renamed over the destination when it succeeds. So the output is
//! written whole or not at all, and only ever replaces an earlier frost
//! output.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{anyhow, bail, Context};

/// The file that marks a folder as a bundle frost wrote (and may replace).
pub const MARKER: &str = ".frost-bundle";

/// What the marker file says.
pub const MARKER_TEXT: &str =
    "This folder is an app that `frost build` wrote; the next build replaces it as a whole.\n";

/// What the marker said before bundles were `frost build`'s default: a
/// bundle written then is still frost's output, so a rebuild replaces it.
const OLD_MARKER_TEXTS: &[&str] =
    &["This folder is an app that `frost build --bundle` wrote; the next build replaces it as a whole.\n"];

/// A Python file to compile to bytecode once the stage is assembled.
#[derive(Clone, Debug)]
pub struct Compile {
    /// The `.py` file, relative to the bundle.
    pub file: PathBuf,
    /// Whether the source stays: bytecode goes to `__pycache__`; without
    /// it, one sourceless `X.pyc` replaces `X.py`.
    pub source: bool,
    /// The optimization levels to write (0, 1, 2).
    pub levels: Vec<u8>,
    /// Whether the bytecode goes beside the source as `X.pyc` (where
    /// `zipimport` looks) rather than in `__pycache__`.
    pub beside: bool,
    /// Whether a syntax error fails the build (the app's own modules) or
    /// leaves the file uncompiled (the standard library's test data).
    pub strict: bool,
}

/// A bundle being assembled.
pub struct Stage {
    root: PathBuf,
    jobs: BTreeMap<PathBuf, Compile>,
    done: bool,
    /// Set once a hard link failed: later files are copied.
    copy_only: bool,
}

impl Stage {
    /// A fresh temporary folder in `out_dir` for the bundle `name`.
    pub fn new(out_dir: &Path, name: &str) -> anyhow::Result<Stage> {
        remove_stale(out_dir, name);
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
        let root = out_dir.join(format!(".{name}.frost-{}-{nanos}.tmp", std::process::id()));
        std::fs::create_dir(&root).with_context(|| format!("cannot create {}", root.display()))?;
        Ok(Stage { root, jobs: BTreeMap::new(), done: false, copy_only: false })
    }

    /// The temporary folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The path of `rel` in the stage, its folder created and any file
    /// already there removed: a file hard-linked from frost's cache is
    /// replaced, never written through.
    fn dest(&self, rel: &Path) -> anyhow::Result<PathBuf> {
        let dest = self.root.join(rel);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        match std::fs::symlink_metadata(&dest) {
            Ok(m) if !m.is_dir() => {
                std::fs::remove_file(&dest).with_context(|| format!("cannot replace {}", dest.display()))?
            }
            _ => {}
        }
        Ok(dest)
    }

    /// Hard-links the file `from` to `rel` in the bundle; copies it where
    /// a link cannot be made (another file system).
    pub fn link(&mut self, from: &Path, rel: impl AsRef<Path>) -> anyhow::Result<()> {
        // The common case, a new file in a folder that exists, in one call.
        let direct = self.root.join(rel.as_ref());
        if !self.copy_only && std::fs::hard_link(from, &direct).is_ok() {
            return Ok(());
        }
        let dest = self.dest(rel.as_ref())?;
        if !self.copy_only {
            match std::fs::hard_link(from, &dest) {
                Ok(()) => return Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::CrossesDevices => self.copy_only = true,
                Err(e) => return Err(anyhow!("cannot link {} to {}: {e}", from.display(), dest.display())),
            }
        }
        std::fs::copy(from, &dest).with_context(|| format!("cannot copy {} to {}", from.display(), dest.display()))?;
        Ok(())
    }

    /// Creates the folder `rel` in the bundle.
    pub fn mkdir(&mut self, rel: &Path) -> anyhow::Result<()> {
        let dest = self.root.join(rel);
        std::fs::create_dir_all(&dest).with_context(|| format!("cannot create {}", dest.display()))
    }

    /// Writes `bytes` to `rel` in the bundle.
    pub fn write(&mut self, rel: impl AsRef<Path>, bytes: &[u8]) -> anyhow::Result<()> {
        let dest = self.dest(rel.as_ref())?;
        std::fs::write(&dest, bytes).with_context(|| format!("cannot write {}", dest.display()))
    }

    /// Copies the file `from` to `rel` in the bundle (with its permissions).
    pub fn copy(&mut self, from: &Path, rel: impl AsRef<Path>) -> anyhow::Result<()> {
        let dest = self.dest(rel.as_ref())?;
        std::fs::copy(from, &dest).with_context(|| format!("cannot copy {} to {}", from.display(), dest.display()))?;
        Ok(())
    }

    /// Every file under the folder `rel` of the bundle, by its path
    /// relative to that folder (`/`-separated); the folder is removed.
    pub fn take_dir(&mut self, rel: &Path) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
        let top = self.root.join(rel);
        let mut out = Vec::new();
        let mut stack = vec![top.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).with_context(|| format!("cannot read {}", dir.display()))? {
                let path = entry?.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let name = path.strip_prefix(&top).unwrap_or(&path);
                let name: Vec<String> =
                    name.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
                out.push((
                    name.join("/"),
                    std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?,
                ));
            }
        }
        std::fs::remove_dir_all(&top).with_context(|| format!("cannot remove {}", top.display()))?;
        Ok(out)
    }

    /// Whether `rel` is already in the bundle.
    pub fn has(&self, rel: &Path) -> bool {
        self.root.join(rel).exists()
    }

    /// Compiles `job.file` once the bundle is assembled (a later job for
    /// the same file replaces an earlier one).
    pub fn compile(&mut self, job: Compile) {
        self.jobs.insert(job.file.clone(), job);
    }

    /// Compiles every queued file with `python` (the bundle's own CPython),
    /// as unchecked hash-based `.pyc` files: no timestamps, so a rebuild
    /// gives the same bytes.
    pub fn run_compile(&mut self, python: &Path, cache_tag: &str) -> anyhow::Result<()> {
        let mut rows = Vec::new();
        let mut sourceless = Vec::new();
        for job in self.jobs.values() {
            let src = self.root.join(&job.file);
            // The file name the code carries: its path in the bundle, or in
            // the in-memory archive (where the launcher's zipimport names
            // the archive's path before it).
            let file = job.file.strip_prefix(super::resources::IN_MEMORY_DIR).unwrap_or(&job.file);
            let dfile = file.to_string_lossy().into_owned();
            if job.source && !job.beside {
                for &level in &job.levels {
                    rows.push((src.clone(), dfile.clone(), cached(&src, cache_tag, level), level, job.strict));
                }
            } else {
                let Some(&level) = job.levels.first() else {
                    if job.source {
                        continue;
                    }
                    bail!(
                        "{} would be installed with neither its source nor bytecode; keep one (add_source or add_bytecode_optimization_level_*)",
                        job.file.display()
                    );
                };
                rows.push((src.clone(), dfile, src.with_extension("pyc"), level, job.strict));
                if !job.source {
                    sourceless.push(src);
                }
            }
        }
        let skipped = compile_rows(python, &rows)?;
        for src in sourceless.iter().filter(|s| !skipped.contains(s)) {
            std::fs::remove_file(src).with_context(|| format!("cannot remove {}", src.display()))?;
        }
        self.jobs.clear();
        Ok(())
    }

    /// Moves the assembled bundle to `target`, replacing what is there
    /// (which [`check_replaceable`] has approved) in one rename.
    pub fn commit(mut self, target: &Path) -> anyhow::Result<()> {
        check_replaceable(target)?;
        if std::fs::symlink_metadata(target).is_err() {
            std::fs::rename(&self.root, target)
                .with_context(|| format!("cannot move the bundle to {}", target.display()))?;
        } else {
            exchange(&self.root, target).with_context(|| format!("cannot replace {}", target.display()))?;
            // The stage now holds the previous output: Drop removes it.
            self.done = false;
            return Ok(());
        }
        self.done = true;
        Ok(())
    }
}

impl Stage {
    /// Moves the assembled folder to `target` (a cache entry); when a
    /// concurrent build got there first, `valid` says whether its entry can
    /// stay (this one is then dropped), else this one replaces it.
    pub fn install(mut self, target: &Path, valid: impl Fn(&Path) -> bool) -> anyhow::Result<()> {
        match std::fs::rename(&self.root, target) {
            Ok(()) => {
                self.done = true;
                Ok(())
            }
            Err(_) if target.is_dir() && valid(target) => Ok(()),
            Err(_) if target.is_dir() => {
                // The stage now holds the damaged entry: Drop removes it.
                exchange(&self.root, target).with_context(|| format!("cannot replace {}", target.display()))
            }
            Err(e) => Err(anyhow!("cannot move {} to {}: {e}", self.root.display(), target.display())),
        }
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        if !self.done {
            let _ = remove_any(&self.root);
        }
    }
}

fn remove_any(path: &Path) -> std::io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
        Err(e) => Err(e),
    }
}

/// `dir/__pycache__/stem.TAG[.opt-N].pyc`, as `importlib.util.cache_from_source` names it.
fn cached(src: &Path, tag: &str, level: u8) -> PathBuf {
    let stem = src.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let opt = if level == 0 { String::new() } else { format!(".opt-{level}") };
    src.parent().unwrap_or(Path::new(".")).join("__pycache__").join(format!("{stem}.{tag}{opt}.pyc"))
}

/// Compiles each `[source, display name, output, level, strict]`; prints the
/// strict failures and the skipped sources as JSON.
const COMPILE: &str = r#"
import json, py_compile, sys
mode = py_compile.PycInvalidationMode.UNCHECKED_HASH
failed, skipped = [], []
for src, dfile, out, level, strict in json.load(sys.stdin):
    try:
        py_compile.compile(src, cfile=out, dfile=dfile, doraise=True, optimize=level, invalidation_mode=mode)
    except py_compile.PyCompileError as e:
        (failed if strict else skipped).append(e.msg.strip() if strict else src)
json.dump({'failed': failed, 'skipped': skipped}, sys.stdout)
"#;

type Row = (PathBuf, String, PathBuf, u8, bool);

/// Runs [`COMPILE`] over `rows` in a few processes; returns the skipped sources.
fn compile_rows(python: &Path, rows: &[Row]) -> anyhow::Result<Vec<PathBuf>> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4);
    let chunk = rows.len().div_ceil(workers).max(1);
    let results: Vec<anyhow::Result<serde_json::Value>> = std::thread::scope(|scope| {
        let handles: Vec<_> = rows.chunks(chunk).map(|part| scope.spawn(move || compile_part(python, part))).collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|_| Err(anyhow!("a compile worker failed")))).collect()
    });
    let mut skipped = Vec::new();
    for result in results {
        let v = result?;
        if let Some(first) = v["failed"].as_array().and_then(|a| a.first()) {
            bail!("cannot compile the app's Python code: {}", first.as_str().unwrap_or_default());
        }
        skipped.extend(v["skipped"].as_array().into_iter().flatten().filter_map(|s| s.as_str()).map(PathBuf::from));
    }
    Ok(skipped)
}

fn compile_part(python: &Path, rows: &[Row]) -> anyhow::Result<serde_json::Value> {
    use std::io::Write;
    let json = serde_json::to_vec(
        &rows
            .iter()
            .map(|(s, d, o, l, strict)| serde_json::json!([s.to_string_lossy(), d, o.to_string_lossy(), l, strict]))
            .collect::<Vec<_>>(),
    )?;
    let mut child = Command::new(python)
        .args(["-I", "-S", "-c", COMPILE])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot run {}", python.display()))?;
    let mut stdin = child.stdin.take().ok_or_else(|| anyhow!("no stdin"))?;
    let writer = std::thread::spawn(move || stdin.write_all(&json));
    let output = child.wait_with_output()?;
    let _ = writer.join();
    if !output.status.success() {
        bail!("{} could not compile bytecode: {}", python.display(), String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(serde_json::from_slice(&output.stdout)?)
}

/// A bundle replaces only what frost wrote: nothing, an app file (an
/// earlier single-file build) or a folder with frost's marker.
pub fn check_replaceable(target: &Path) -> anyhow::Result<()> {
    let meta = match std::fs::symlink_metadata(target) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(anyhow!("cannot write {}: {e}", target.display())),
    };
    if meta.is_file() && frost_runtime::payload::read_file(target).is_ok() {
        return Ok(());
    }
    if is_bundle(target) {
        return Ok(());
    }
    let what = if meta.is_dir() {
        "a folder that frost did not write"
    } else if meta.file_type().is_symlink() {
        "a symbolic link"
    } else {
        "a file that frost did not build"
    };
    bail!(
        "cannot write {}: it exists and is {what}, and frost build only replaces what it wrote; remove it, or build elsewhere with -o DIR",
        target.display()
    )
}

/// Whether `path` is a folder that a bundle build wrote (it has the marker).
pub fn is_bundle(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
        && std::fs::read_to_string(path.join(MARKER))
            .is_ok_and(|t| t == MARKER_TEXT || OLD_MARKER_TEXTS.contains(&t.as_str()))
}

/// Swaps `a` and `b` in one step (Linux `renameat2(RENAME_EXCHANGE)`);
/// where that is not available, two renames.
pub fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let ca = std::ffi::CString::new(a.as_os_str().as_bytes())?;
        let cb = std::ffi::CString::new(b.as_os_str().as_bytes())?;
        // SAFETY: both are NUL-terminated paths that live for the call;
        // AT_FDCWD makes them relative to the working folder.
        let r =
            unsafe { libc::renameat2(libc::AT_FDCWD, ca.as_ptr(), libc::AT_FDCWD, cb.as_ptr(), libc::RENAME_EXCHANGE) };
        if r == 0 {
            return Ok(());
        }
        let e = std::io::Error::last_os_error();
        if !matches!(e.raw_os_error(), Some(libc::EINVAL) | Some(libc::ENOSYS)) {
            return Err(e);
        }
    }
    let aside = a.with_extension("old");
    std::fs::rename(b, &aside)?;
    if let Err(e) = std::fs::rename(a, b) {
        let _ = std::fs::rename(&aside, b);
        return Err(e);
    }
    std::fs::rename(&aside, a)
}

/// Removes the stages that builds of `name` killed before they could
/// clean up left in `dir` (their process no longer runs).
fn remove_stale(dir: &Path, name: &str) {
    let prefix = format!(".{name}.frost-");
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else { continue };
        let Some(pid) = rest.strip_suffix(".tmp").and_then(|r| r.split('-').next()) else { continue };
        let Ok(pid) = pid.parse::<u32>() else { continue };
        if pid != std::process::id() && !Path::new("/proc").join(pid.to_string()).exists() {
            let _ = remove_any(&entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cached_names_follow_importlib() {
        let p = Path::new("/b/lib/os.py");
        assert_eq!(cached(p, "cpython-311", 0), Path::new("/b/lib/__pycache__/os.cpython-311.pyc"));
        assert_eq!(cached(p, "cpython-311", 2), Path::new("/b/lib/__pycache__/os.cpython-311.opt-2.pyc"));
    }

    #[test]
    fn a_failed_stage_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        {
            let mut stage = Stage::new(dir.path(), "app").unwrap();
            stage.write("lib/x.py", b"x = 1\n").unwrap();
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn only_frost_output_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let foreign = dir.path().join("app");
        std::fs::create_dir(&foreign).unwrap();
        let err = check_replaceable(&foreign).unwrap_err().to_string();
        assert!(err.contains("a folder that frost did not write"), "{err}");
        std::fs::write(foreign.join(MARKER), MARKER_TEXT).unwrap();
        check_replaceable(&foreign).unwrap();
    }

    #[test]
    fn a_bundle_with_the_old_marker_is_still_frost_output() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("app");
        std::fs::create_dir(&old).unwrap();
        std::fs::write(
            old.join(MARKER),
            "This folder is an app that `frost build --bundle` wrote; the next build replaces it as a whole.\n",
        )
        .unwrap();
        assert!(is_bundle(&old));
        check_replaceable(&old).unwrap();
        std::fs::write(old.join(MARKER), "This folder is an app that someone else wrote.\n").unwrap();
        assert!(!is_bundle(&old));
    }
}
