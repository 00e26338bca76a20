//! The CPython a bundle carries: the one the config's `python_version`
//! selects (`crate::python::select`: a `PythonDistribution(local_path =
//! ...)`, else the CPython found on the machine), which must provide the
//! libpython the launcher stub links (its `DT_NEEDED`). frost never links
//! libpython: it runs that CPython's own `python3.X` for what only Python
//! knows.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context};
use frost_runtime::packaging_policy::PackagingPolicy;
use frost_runtime::RuntimeConfig;

use super::stage::{Compile, Stage};
use super::strip::Stripper;
use super::{elf, libs};

/// The CPython installation a bundle copies.
#[derive(Debug)]
pub struct Cpython {
    /// The folder libpython is in.
    pub libdir: PathBuf,
    /// libpython's file name (`libpython3.11.so.1.0`).
    pub soname: String,
    /// Its `python3.X` executable.
    pub python: PathBuf,
    /// Its standard library (`.../lib/python3.11`).
    pub stdlib: PathBuf,
    /// Its extension modules' folder (`.../lib/python3.11/lib-dynload`).
    pub dynload: PathBuf,
    /// `sys.implementation.cache_tag` (`cpython-311`).
    pub cache_tag: String,
    /// `major.minor`.
    pub version: String,
}

/// Asks a CPython where its parts are; one JSON object on stdout. The
/// extension modules' folder is the `lib-dynload` on its `sys.path` (a
/// relocated install's `DESTSHARED` names where it was built).
const QUERY: &str = "import json, os, sys, sysconfig\n\
dyn = [p for p in sys.path if os.path.basename(p) == 'lib-dynload' and os.path.isdir(p)]\n\
print(json.dumps({'stdlib': sysconfig.get_path('stdlib'), \
'dynload': dyn[0] if dyn else sysconfig.get_config_var('DESTSHARED'), 'cache_tag': sys.implementation.cache_tag, \
'version': '%d.%d' % sys.version_info[:2]}))";

/// The CPython `config` selects (a relative `local_path` is relative to
/// `config_dir`), checked to hold the libpython the stub (read from
/// `launcher`) links.
pub fn linked(stub: &[u8], launcher: &Path, config: &RuntimeConfig, config_dir: &Path) -> anyhow::Result<Cpython> {
    let version = config.python_version.as_str();
    let dynamic = elf::dynamic(stub).map_err(|e| anyhow!("cannot read the launcher {}: {e}", launcher.display()))?;
    let soname = dynamic
        .needed
        .iter()
        .find(|n| n.starts_with("libpython"))
        .cloned()
        .ok_or_else(|| anyhow!("the launcher {} does not link a shared libpython", launcher.display()))?;
    let local = config.packaging.as_ref().and_then(|p| p.distribution.as_ref());
    let dist = crate::python::select::select(version, local, config_dir)?;
    let libdir = dist.libpython.parent().unwrap_or(Path::new("/")).to_path_buf();
    if !libdir.join(&soname).is_file() {
        bail!(
            "the launcher {} links {soname}, but the selected CPython {} ({}) has {} instead",
            launcher.display(),
            dist.full_version,
            dist.prefix.display(),
            dist.libpython.display()
        );
    }
    let python = dist.executable;
    let v = crate::python::ask::ask(&python, QUERY)
        .map_err(|why| anyhow!("{} did not say where its standard library is: {why}", python.display()))?;
    let field = |k: &str| {
        v[k].as_str().map(str::to_string).ok_or_else(|| anyhow!("{}: its sysconfig has no {k}", python.display()))
    };
    let found = Cpython {
        libdir,
        soname,
        stdlib: field("stdlib")?.into(),
        dynload: field("dynload")?.into(),
        cache_tag: field("cache_tag")?,
        version: field("version")?,
        python,
    };
    if found.version != version {
        bail!("{} is CPython {}, not the {version} the config asks for", found.python.display(), found.version);
    }
    Ok(found)
}

/// The C library's own (and libpython): what an extension module may link
/// and still count as needing no other library (`no-libraries`). Narrower
/// than `frost_runtime::system_libraries`, which says what a bundle may
/// leave to the running machine.
fn is_c_library(name: &str) -> bool {
    ["libc.so", "libm.so", "libpthread.so", "libdl.so", "librt.so", "libutil.so", "ld-linux", "libpython"]
        .iter()
        .any(|p| name.starts_with(p))
}

/// Whether `extension_module_filter` keeps the extension module `bytes`.
pub fn keeps_extension(filter: &str, bytes: &[u8]) -> bool {
    match filter {
        "minimal" => false,
        // frost knows no licences: `no-copyleft` keeps, as `no-libraries`
        // does, only modules that link nothing beyond the system.
        "no-libraries" | "no-copyleft" => {
            elf::dynamic(bytes).map(|d| d.needed.iter().all(|n| is_c_library(n))).unwrap_or(false)
        }
        _ => true,
    }
}

/// Whether a path inside the standard library is a test package's.
fn is_test_dir(name: &str) -> bool {
    matches!(name, "test" | "tests" | "idle_test")
}

/// Whether a `lib-dynload` file is one of CPython's test extension modules
/// (`_testcapi`, `_testbuffer`, `_ctypes_test`, the `xx` examples...),
/// which only its test suite imports.
fn is_test_extension(file: &str) -> bool {
    let module = file.split('.').next().unwrap_or(file);
    module.starts_with("_test")
        || matches!(module, "_ctypes_test" | "_xxtestfuzz" | "xxlimited" | "xxlimited_35" | "xxsubtype")
}

/// What staging a runtime found: the libraries it carries (files of the
/// build machine, for the cache to watch) and what it could not find.
#[derive(Debug, Default)]
pub struct Staged {
    /// The build machine's files of the libraries in `lib/`.
    pub libraries: Vec<PathBuf>,
    /// One sentence per library not found.
    pub warnings: Vec<String>,
    /// The names of the libraries not found.
    pub missing: Vec<String>,
}

/// Copies libpython and the standard library into `stage`, filtered by
/// `policy`: `lib/<soname>`, `lib/python3.X/` (no `site-packages`, no
/// `config-*` build files, no old bytecode) and its `lib-dynload/`, and
/// the libraries they need beyond the system's in `lib/` (see `libs`); the
/// shared libraries without their debug sections when `strip` is given.
/// With [`sources_compressed`], the modules are sourceless `X.pyc` files
/// and their sources go to one deflated archive
/// ([`frost_runtime::stdlib_sources_archive`]).
pub fn stage_runtime(
    cpython: &Cpython,
    policy: &PackagingPolicy,
    optimization_level: u8,
    strip: Option<&Stripper>,
    stage: &mut Stage,
) -> anyhow::Result<Staged> {
    let compressed = sources_compressed(policy, optimization_level);
    let mut sources = Vec::new();
    let mut zlib_kept = false;
    let libpython = cpython.libdir.join(&cpython.soname);
    let mut lib = std::fs::read(&libpython).with_context(|| format!("cannot read {}", libpython.display()))?;
    let dynamic = elf::dynamic(&lib).map_err(|e| anyhow!("cannot read {}: {e}", libpython.display()))?;
    let mut roots = vec![libs::Root::new(cpython.soname.clone(), libpython.clone(), &dynamic)];
    elf::point_search_path(&mut lib, "$ORIGIN")
        .map_err(|e| anyhow!("cannot make {} look beside itself for libraries: {e}", cpython.soname))?;
    if let Some(strip) = strip {
        lib = strip.strip(&lib, &cpython.soname)?;
    }
    stage.write(Path::new("lib").join(&cpython.soname), &lib)?;
    let into = PathBuf::from("lib").join(format!("python{}", cpython.version));
    // The launcher checks for lib-dynload: it exists even when the filter empties it.
    stage.mkdir(&into.join("lib-dynload"))?;
    let mut stack = vec![(cpython.stdlib.clone(), into.clone())];
    while let Some((dir, rel)) = stack.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .with_context(|| format!("cannot read {}", dir.display()))?
            .collect::<Result<_, _>>()
            .with_context(|| format!("cannot read {}", dir.display()))?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            let meta = std::fs::metadata(&path).with_context(|| format!("cannot read {}", path.display()))?;
            let top = dir == cpython.stdlib;
            if meta.is_dir() {
                let skip = name == "__pycache__"
                    || (top && (name == "site-packages" || name.starts_with("config-")))
                    || (!policy.include_test && is_test_dir(&name));
                if !skip {
                    stack.push((path, rel.join(&name)));
                }
                continue;
            }
            let dest = rel.join(&name);
            if dir == cpython.dynload {
                if !policy.include_test && is_test_extension(&name) {
                    continue;
                }
                let bytes = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
                if keeps_extension(&policy.extension_module_filter.to_string(), &bytes) {
                    let mut bytes = match strip {
                        Some(strip) if name.ends_with(".so") => strip.strip(&bytes, &name)?,
                        _ => bytes,
                    };
                    if let Ok(dynamic) = elf::dynamic(&bytes) {
                        // lib-dynload/ -> lib/python3.X/ -> lib/, where the libraries are.
                        elf::point_search_path(&mut bytes, "$ORIGIN/../..")
                            .map_err(|e| anyhow!("cannot point {} at the bundle's libraries: {e}", path.display()))?;
                        roots.push(libs::Root::new(format!("lib-dynload/{name}"), path.clone(), &dynamic));
                    }
                    stage.write(&dest, &bytes)?;
                    zlib_kept |= name.starts_with("zlib.");
                }
            } else if name.ends_with(".py") && compressed {
                let bytes = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
                stage.write(&dest, &bytes)?;
                let rel = dest.strip_prefix(&into).unwrap_or(&dest);
                sources.push((
                    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"),
                    bytes,
                ));
                stage.compile(Compile {
                    file: dest,
                    source: false,
                    levels: vec![optimization_level],
                    beside: false,
                    strict: false,
                });
            } else if name.ends_with(".py") {
                stage.copy(&path, &dest)?;
                stage.compile(Compile {
                    file: dest,
                    source: policy.include_distribution_sources,
                    levels: levels(policy),
                    beside: false,
                    strict: false,
                });
            } else if !name.ends_with(".pyc") && policy.include_distribution_resources {
                stage.copy(&path, &dest)?;
            }
        }
    }
    if compressed {
        // zipimport inflates with the zlib module: without it, stored.
        let archive = if zlib_kept { super::zip::deflated(sources)? } else { super::zip::archive(sources)? };
        stage.write(frost_runtime::stdlib_sources_archive(&cpython.version), &archive)?;
    }
    stage_libraries(&roots, cpython, strip, stage)
}

/// Whether the standard library's sources go into one deflated archive
/// beside sourceless bytecode (a quarter of their size; the launcher
/// serves them to tracebacks and `inspect`), rather than stay as `X.py`
/// files with their bytecode in `__pycache__`: when the policy keeps the
/// sources and asks for one bytecode level, the interpreter's. Several
/// levels only matter beside the sources (CPython picks the one for `-O`
/// from `__pycache__`), and so does a level the interpreter does not run
/// at (CPython compiles the source at the level it runs).
pub fn sources_compressed(policy: &PackagingPolicy, optimization_level: u8) -> bool {
    policy.include_distribution_sources && levels(policy) == [optimization_level]
}

/// Copies into `lib/` the libraries `roots` need beyond the system's, each
/// looking beside itself for the others.
fn stage_libraries(
    roots: &[libs::Root],
    cpython: &Cpython,
    strip: Option<&Stripper>,
    stage: &mut Stage,
) -> anyhow::Result<Staged> {
    let closure = libs::closure(roots, std::slice::from_ref(&cpython.libdir))?;
    let mut staged = Staged::default();
    for (soname, path) in &closure.found {
        libs::carry(stage, soname, path, strip)?;
        staged.libraries.push(path.clone());
    }
    for (soname, needed_by) in &closure.missing {
        staged.warnings.push(libs::missing(soname, needed_by));
        staged.missing.push(soname.clone());
    }
    Ok(staged)
}

/// The bytecode levels the policy asks for (0, 1, 2).
pub fn levels(policy: &PackagingPolicy) -> Vec<u8> {
    [policy.bytecode_optimize_level_zero, policy.bytecode_optimize_level_one, policy.bytecode_optimize_level_two]
        .iter()
        .enumerate()
        .filter(|(_, on)| **on)
        .map(|(level, _)| level as u8)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_extension_modules_are_recognised() {
        for test in [
            "_testcapi.cpython-311-x86_64-linux-gnu.so",
            "_ctypes_test.so",
            "xxlimited_35.abi3.so",
            "_testsinglephase.so",
        ] {
            assert!(is_test_extension(test), "{test}");
        }
        for real in ["_ctypes.cpython-311-x86_64-linux-gnu.so", "_xxsubinterpreters.so", "unicodedata.so", "_struct.so"]
        {
            assert!(!is_test_extension(real), "{real}");
        }
    }

    #[test]
    fn test_folders_are_recognised() {
        assert!(is_test_dir("test") && is_test_dir("tests") && is_test_dir("idle_test"));
        assert!(!is_test_dir("unittest") && !is_test_dir("testing"));
    }

    #[test]
    fn extension_filters() {
        assert!(keeps_extension("all", b"not even elf"));
        assert!(!keeps_extension("minimal", b""));
        assert!(!keeps_extension("no-libraries", b"not elf"));
    }
}
