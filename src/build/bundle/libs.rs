//! The shared libraries a bundle carries in `lib/`, beside libpython:
//! everything libpython and the bundled extension modules need (their
//! `DT_NEEDED`, and theirs in turn), found as the build machine's loader
//! finds it, except the system's own (`frost_runtime::system_libraries`:
//! glibc and what PEP 599 lets a wheel assume). So `import ssl` works on a
//! machine without OpenSSL, and never loads another OpenSSL than the one
//! the app was built with.
//!
//! In the bundle, each extension module's library search path becomes a
//! `DT_RPATH` to `lib/` (`$ORIGIN/../..` from `lib/python3.X/lib-dynload`),
//! each carried library's path (if it has one) becomes `$ORIGIN`, and the
//! launcher's own `DT_RPATH` (`$ORIGIN/lib`) covers every library that has
//! no search path of its own: the loader looks there before the system's
//! folders.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context};
use frost_runtime::system_libraries::is_system_library;

use super::elf;
use super::ldcache::{self, Loader};
use super::stage::Stage;
use super::strip::Stripper;

/// A file whose libraries a bundle must carry.
#[derive(Clone)]
pub struct Root {
    /// What it is, for messages (`lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so`).
    pub name: String,
    /// Where it is on the build machine (its `$ORIGIN`).
    pub path: PathBuf,
    /// Its `DT_NEEDED` names.
    pub needed: Vec<String>,
    /// Its own search path, if any.
    pub search_path: Option<String>,
    /// Whether that is a `DT_RUNPATH` (else a `DT_RPATH`).
    pub runpath: bool,
    /// The `DT_RPATH` folders of the files that loaded it, nearest first:
    /// the loader searches them, after its own, when it has no `DT_RUNPATH`.
    pub inherited: Vec<PathBuf>,
    /// The processor it is for (`e_machine`): its libraries must match.
    pub machine: u16,
}

impl Root {
    /// The root of the file at `path` (its `$ORIGIN`) whose dynamic section is `dynamic`.
    pub fn new(name: String, path: PathBuf, dynamic: &elf::Dynamic) -> Root {
        Root {
            name,
            path,
            needed: dynamic.needed.clone(),
            search_path: dynamic.search_path.clone(),
            runpath: dynamic.runpath,
            inherited: Vec::new(),
            machine: dynamic.machine,
        }
    }
}

/// What a set of roots needs beyond the system.
#[derive(Debug, Default)]
pub struct Closure {
    /// Each library by its `DT_NEEDED` name, with the file it resolves to.
    pub found: BTreeMap<String, PathBuf>,
    /// Libraries not found on the build machine: (name, who needs it).
    pub missing: Vec<(String, String)>,
}

/// Every library `roots` need, transitively, except the system's and
/// libpython (which a bundle carries anyway), each looked for in the
/// loader's order: the file's `DT_RPATH` and those of the files that loaded
/// it (unless it has a `DT_RUNPATH`), `LD_LIBRARY_PATH`, its `DT_RUNPATH`,
/// then `also` (the CPython's `lib/`, where its extension modules' search
/// path pointed), the loader's cache (`/etc/ld.so.cache`; without it, the
/// folders of `/etc/ld.so.conf`) and the default folders.
pub fn closure(roots: &[Root], also: &[PathBuf]) -> anyhow::Result<Closure> {
    let loader = Loader::system();
    let defaults = default_dirs();
    let env = ld_library_path();
    let mut out = Closure::default();
    let mut seen = BTreeSet::new();
    let mut queue: VecDeque<Root> = roots.iter().cloned().collect();
    while let Some(Root { name, path, needed, search_path: own, runpath: is_runpath, inherited, machine }) =
        queue.pop_front()
    {
        let own = search_path(own.as_deref(), &path);
        // A file with a DT_RUNPATH uses no DT_RPATH, its own or inherited,
        // and passes on only what it inherited.
        let (rpath, runpath, passed_on) = if is_runpath {
            (Vec::new(), own, inherited)
        } else {
            let rpath: Vec<PathBuf> = own.into_iter().chain(inherited).collect();
            (rpath.clone(), Vec::new(), rpath)
        };
        for needed in needed {
            if is_system_library(&needed) || needed.starts_with("libpython") {
                continue;
            }
            if needed.contains('/') {
                // Linked by its path (a library without a soname): the loader
                // looks there and nowhere else, so it cannot be carried.
                out.missing.push((needed, name.clone()));
                continue;
            }
            if !seen.insert(needed.clone()) {
                continue;
            }
            // As the loader does, a file of another kind (a 32-bit library
            // in /usr/lib on a multilib system, an arm64 one installed
            // beside the x86-64 ones) is passed over.
            let dirs = rpath.iter().chain(&env).chain(&runpath).chain(also).map(|d| d.join(&needed));
            let cached = loader.candidates(&needed, machine);
            let candidates = dirs.chain(cached).chain(defaults.iter().map(|d| d.join(&needed)));
            let usable = |p: PathBuf| {
                let bytes = std::fs::read(&p).ok()?;
                elf::dynamic(&bytes).ok().filter(|lib| lib.machine == machine).map(|lib| (p, lib))
            };
            let Some((found, lib)) = candidates.filter(|p| p.is_file()).find_map(usable) else {
                out.missing.push((needed, name.clone()));
                continue;
            };
            out.found.insert(needed.clone(), found.clone());
            // What it loads searches this file's DT_RPATH chain too.
            let mut child = Root::new(needed, found, &lib);
            child.inherited = passed_on.clone();
            queue.push_back(child);
        }
    }
    Ok(out)
}

/// Copies the library at `path` into the stage's `lib/` as `soname`,
/// stripped when `strip` is given, looking beside itself for the others.
pub fn carry(stage: &mut Stage, soname: &str, path: &Path, strip: Option<&Stripper>) -> anyhow::Result<()> {
    let mut bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    if let Some(strip) = strip {
        bytes = strip.strip(&bytes, soname)?;
    }
    elf::point_search_path(&mut bytes, "$ORIGIN")
        .map_err(|e| anyhow!("cannot make {} look beside itself for libraries: {e}", path.display()))?;
    stage.write(Path::new("lib").join(soname), &bytes)
}

/// The app's own ELF files in `stage` (a wheel's or a local build's
/// extension modules): the libraries they need beyond the system's and
/// the bundle's are copied into `lib/` (each looking beside itself), and a
/// module that needs one and has a search path of its own gets it as a
/// `DT_RPATH` (its `$ORIGIN` folders kept, any other made `$ORIGIN`), so
/// the launcher's `$ORIGIN/lib` is searched after it. `runtime` names the
/// files of `lib/` the runtime put there, `stdlib` the standard library's
/// folder (neither is looked at again). Returns what was not found.
pub fn carry_for_resources(
    stage: &mut Stage,
    runtime: &BTreeSet<String>,
    stdlib: &Path,
    strip: Option<&Stripper>,
) -> anyhow::Result<Vec<String>> {
    let root = stage.root().to_path_buf();
    let mut files = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let dir = root.join(&rel);
        let mut entries: Vec<_> =
            std::fs::read_dir(&dir).with_context(|| format!("cannot read {}", dir.display()))?.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let rel = rel.join(entry.file_name());
            let name = entry.file_name().to_string_lossy().into_owned();
            if rel == stdlib || (rel.parent() == Some(Path::new("lib")) && runtime.contains(&name)) {
                continue;
            }
            if entry.file_type()?.is_dir() {
                stack.push(rel);
            } else if name.contains(".so") {
                let bytes =
                    std::fs::read(entry.path()).with_context(|| format!("cannot read {}", entry.path().display()))?;
                if let Ok(dynamic) = elf::dynamic(&bytes) {
                    files.push((rel, bytes, dynamic));
                }
            }
        }
    }
    let mut warnings = Vec::new();
    for (rel, mut bytes, dynamic) in files {
        let root_of = Root::new(rel.display().to_string(), root.join(&rel), &dynamic);
        let closure = closure(std::slice::from_ref(&root_of), &[root.join("lib")])?;
        let outside: Vec<(&String, &PathBuf)> = closure
            .found
            .iter()
            .filter(|(soname, path)| !path.starts_with(&root) && !runtime.contains(soname.as_str()))
            .collect();
        for (soname, path) in &outside {
            if stage.has(&Path::new("lib").join(soname)) {
                continue;
            }
            carry(stage, soname, path, strip)?;
        }
        let needs_lib =
            closure.found.iter().any(|(soname, path)| !path.starts_with(&root) || runtime.contains(soname.as_str()));
        // Folders of the build machine leave the search path; with a
        // library to find in lib/, what is left becomes a DT_RPATH.
        if let Some(own) = &dynamic.search_path {
            let all: Vec<&str> = own.split(':').filter(|d| !d.is_empty()).collect();
            let kept: Vec<&str> =
                all.iter().copied().filter(|d| d.starts_with("$ORIGIN") || d.starts_with("${ORIGIN}")).collect();
            if needs_lib || kept.len() != all.len() {
                let pointed = if kept.is_empty() {
                    elf::remove_search_path(&mut bytes)
                } else {
                    elf::set_search_path(&mut bytes, &kept.join(":"))
                };
                pointed.map_err(|e| anyhow!("cannot point {} at the bundle's libraries: {e}", rel.display()))?;
                stage.write(&rel, &bytes)?;
            }
        }
        for (soname, needed_by) in closure.missing {
            warnings.push(missing(&soname, &needed_by));
        }
    }
    Ok(warnings)
}

/// The names of the files directly in `dir` (the runtime's `lib/`).
pub fn top_level(dir: &Path) -> anyhow::Result<BTreeSet<String>> {
    let entries = std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
    let mut out = BTreeSet::new();
    for entry in entries.flatten() {
        if !entry.file_type()?.is_dir() {
            out.insert(entry.file_name().to_string_lossy().into_owned());
        }
    }
    Ok(out)
}

/// The warning for a library not found.
pub fn missing(soname: &str, needed_by: &str) -> String {
    if soname.contains('/') {
        return format!(
            "{needed_by} is linked to {soname} by its path (a library without a soname), which the bundle cannot \
             carry: the app loads that path where it runs, if it exists there"
        );
    }
    format!(
        "{needed_by} needs {soname}, which is not on this machine: the bundle carries {needed_by} without it, \
         so what needs it fails to import, as it does here (`extension_module_filter = \"no-libraries\"` \
         leaves such standard modules out)"
    )
}

/// The folders of a file's own `DT_RUNPATH`/`DT_RPATH`, `$ORIGIN` expanded.
fn search_path(search_path: Option<&str>, path: &Path) -> Vec<PathBuf> {
    let origin = path.parent().unwrap_or(Path::new("/")).to_string_lossy().into_owned();
    search_path
        .iter()
        .flat_map(|p| p.split(':'))
        .filter(|d| !d.is_empty())
        .map(|d| PathBuf::from(d.replace("${ORIGIN}", &origin).replace("$ORIGIN", &origin)))
        .collect()
}

/// Where libraries are looked for after a file's own search path, as
/// lines: `LD_LIBRARY_PATH`'s folders, the loader's cache (or the folders
/// standing in for it), the default folders. Part of what a cached runtime
/// depends on.
pub fn search_dirs_text() -> String {
    let line = |d: &PathBuf| format!("{}\n", d.display());
    let env: String = ld_library_path().iter().map(line).collect();
    let defaults: String = default_dirs().iter().map(line).collect();
    format!("{env}{}{defaults}", Loader::system().key_text())
}

/// The loader's cache, when it is read rather than stood in for: a cached
/// runtime depends on its size and time as on a carried library's.
pub fn loader_cache() -> Option<PathBuf> {
    matches!(Loader::system(), Loader::Cache(_)).then(|| PathBuf::from(ldcache::PATH))
}

/// Whether any library of `sonames` can now be found where a file without a
/// search path of its own would find it.
pub fn any_findable<'a>(sonames: impl IntoIterator<Item = &'a str>) -> bool {
    let dirs: Vec<PathBuf> = ld_library_path().into_iter().chain(default_dirs()).collect();
    let loader = Loader::system();
    sonames
        .into_iter()
        .any(|soname| !soname.contains('/') && (dirs.iter().any(|d| d.join(soname).is_file()) || loader.has(soname)))
}

fn ld_library_path() -> Vec<PathBuf> {
    std::env::var_os("LD_LIBRARY_PATH").map(|v| std::env::split_paths(&v).collect()).unwrap_or_default()
}

/// The folders the loader searches last (glibc's `system-dirs`, for
/// Debian's and Fedora's layouts).
fn default_dirs() -> Vec<PathBuf> {
    let arch = format!("{}-linux-gnu", std::env::consts::ARCH);
    [
        format!("/lib/{arch}"),
        format!("/usr/lib/{arch}"),
        "/lib64".into(),
        "/usr/lib64".into(),
        "/lib".into(),
        "/usr/lib".into(),
    ]
    .into_iter()
    .map(PathBuf::from)
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_is_the_files_folder() {
        assert_eq!(
            search_path(Some("$ORIGIN/../lib:${ORIGIN}:/opt/x"), Path::new("/a/b/mod.so")),
            [PathBuf::from("/a/b/../lib"), PathBuf::from("/a/b"), PathBuf::from("/opt/x")]
        );
    }

    #[test]
    fn a_library_of_another_kind_is_passed_over_and_a_missing_one_named() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        std::fs::write(a.join("libfoo.so.1"), b"\x7fELF\x01\x01\x01 a 32-bit library").unwrap();
        std::fs::copy(std::env::current_exe().unwrap(), b.join("libfoo.so.1")).unwrap();
        let root = Root {
            name: "mod.so".into(),
            path: dir.path().join("mod.so"),
            needed: vec!["libfoo.so.1".into(), "libc.so.6".into(), "libnowhere-frost.so.9".into()],
            search_path: Some(format!("{}:{}", a.display(), b.display())),
            runpath: true,
            inherited: Vec::new(),
            machine: elf::dynamic(&std::fs::read(std::env::current_exe().unwrap()).unwrap()).unwrap().machine,
        };
        let closure = closure(&[root], &[]).unwrap();
        assert_eq!(closure.found.get("libfoo.so.1"), Some(&b.join("libfoo.so.1")));
        assert!(!closure.found.contains_key("libc.so.6"), "the system's is not carried");
        assert_eq!(closure.missing, [("libnowhere-frost.so.9".to_string(), "mod.so".to_string())]);
    }

    /// `dir/libleaf.so.1`, and `dir/libmid.so.1` that needs it and has no
    /// search path of its own (built by gcc), or `false` without gcc.
    fn chain(dir: &Path) -> bool {
        let gcc = |args: &[&str]| {
            std::process::Command::new("gcc")
                .args(["-shared", "-x", "c", "/dev/null", "-Wl,--no-as-needed"])
                .args(args)
                .current_dir(dir)
                .status()
                .is_ok_and(|s| s.success())
        };
        gcc(&["-o", "libleaf.so.1", "-Wl,-soname,libleaf.so.1"])
            && gcc(&["-o", "libmid.so.1", "-Wl,-soname,libmid.so.1", "-x", "none", "libleaf.so.1"])
    }

    #[test]
    fn a_dt_rpath_is_searched_for_what_its_libraries_load_and_a_dt_runpath_is_not() {
        let dir = tempfile::tempdir().unwrap();
        if !chain(dir.path()) {
            println!("SKIPPED: gcc cannot build shared libraries here");
            return;
        }
        let exe = std::fs::read(std::env::current_exe().unwrap()).unwrap();
        let root = |runpath| Root {
            name: "mod.so".into(),
            path: dir.path().join("elsewhere/mod.so"),
            needed: vec!["libmid.so.1".into()],
            search_path: Some(dir.path().display().to_string()),
            runpath,
            inherited: Vec::new(),
            machine: elf::dynamic(&exe).unwrap().machine,
        };
        // DT_RPATH: libmid's own need (libleaf) is found through mod.so's path.
        let closure_rpath = closure(&[root(false)], &[]).unwrap();
        assert_eq!(closure_rpath.found.get("libleaf.so.1"), Some(&dir.path().join("libleaf.so.1")));
        assert!(closure_rpath.missing.is_empty(), "{:?}", closure_rpath.missing);
        // DT_RUNPATH: only mod.so's own needs use it; libmid's libleaf is not found.
        let closure_runpath = closure(&[root(true)], &[]).unwrap();
        assert_eq!(closure_runpath.found.get("libmid.so.1"), Some(&dir.path().join("libmid.so.1")));
        assert_eq!(closure_runpath.missing, [("libleaf.so.1".to_string(), "libmid.so.1".to_string())]);
    }
}
