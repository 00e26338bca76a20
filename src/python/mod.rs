//! The CPythons on this machine that a config can name with
//! `default_python_distribution(python_version = "3.X")`: found, not
//! configured by hand. Each candidate is asked about itself by running it
//! (frost never links libpython); one that cannot serve says why.
//!
//! Searched, in this order: pyenv's versions (`$PYENV_ROOT/versions`, else
//! `~/.pyenv/versions`), uv-managed Pythons (`~/.local/share/uv/python`),
//! `python3.X` and `python3` on `PATH`, and `/usr/bin` and
//! `/usr/local/bin`. The first one found of each interpreter (by real path)
//! is kept. [`select`] says which of them a config's `python_version`
//! builds with; [`local`] opens a `PythonDistribution(local_path = ...)`.

pub mod ask;
pub mod local;
pub mod select;

use std::path::{Path, PathBuf};

use serde::Serialize;

/// A CPython frost found.
#[derive(Debug, Clone, Serialize)]
pub struct Found {
    /// Its `major.minor`, when it could be asked.
    pub version: Option<String>,
    /// The full version (`3.11.7`).
    pub full_version: Option<String>,
    /// The interpreter.
    pub executable: PathBuf,
    /// Where it was found: `pyenv`, `uv`, `PATH` or `system`.
    pub source: &'static str,
    /// Its installation prefix.
    pub prefix: Option<PathBuf>,
    /// Its shared libpython, when it has one.
    pub libpython: Option<PathBuf>,
    /// Whether `pip` can be imported.
    pub pip: bool,
    /// Why it cannot be a distribution, or `None` when it can.
    pub skipped: Option<String>,
    /// Whether it is the one `python_version = "3.X"` (its version) selects.
    pub selected: bool,
}

/// What the interpreter is asked.
const PROBE: &str = r#"
import json, os, sys, sysconfig
v = sysconfig.get_config_var
libs = []
if v("Py_ENABLE_SHARED") and v("LDLIBRARY"):
    libs = [os.path.join(d, v("LDLIBRARY")) for d in (v("LIBDIR"), os.path.join(sys.base_prefix, "lib")) if d]
print(json.dumps({"version": "%d.%d" % sys.version_info[:2], "full": sys.version.split()[0],
    "prefix": sys.base_prefix, "libs": libs, "purelib": sysconfig.get_paths()["purelib"],
    "impl": sys.implementation.name}))
"#;

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME").map(PathBuf::from)
}

/// Every candidate interpreter, with where it was found, in search order.
fn candidates() -> Vec<(PathBuf, &'static str)> {
    let mut out = Vec::new();
    let pyenv = std::env::var_os("PYENV_ROOT").map(PathBuf::from).or_else(|| home().map(|h| h.join(".pyenv")));
    let uv = home().map(|h| h.join(".local/share/uv/python"));
    for (root, source) in [(pyenv.map(|p| p.join("versions")), "pyenv"), (uv, "uv")] {
        let Some(root) = root else { continue };
        let Ok(entries) = std::fs::read_dir(&root) else { continue };
        let mut dirs: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        dirs.sort();
        for dir in dirs {
            out.push((dir.join("bin/python3"), source));
        }
    }
    let names: Vec<String> = (8..=14).rev().map(|m| format!("python3.{m}")).chain(["python3".to_string()]).collect();
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            // pyenv's shims choose an interpreter by folder: not a distribution.
            if dir.ends_with("shims") {
                continue;
            }
            for name in &names {
                out.push((dir.join(name), "PATH"));
            }
        }
    }
    for dir in ["/usr/bin", "/usr/local/bin"] {
        for name in &names {
            out.push((Path::new(dir).join(name), "system"));
        }
    }
    out
}

/// The CPythons on this machine, each once, with why any cannot serve.
/// Every interpreter is asked at once (or answers from frost's cache, see
/// [`ask`]).
pub fn discover() -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let mut seen: Vec<PathBuf> = Vec::new();
    let mut asked = Vec::new();
    for (path, source) in candidates() {
        let Ok(real) = path.canonicalize() else { continue };
        if !real.is_file() || seen.contains(&real) {
            continue;
        }
        seen.push(real);
        let pending = ask::start(&path, PROBE);
        asked.push((path, source, pending));
    }
    for (path, source, pending) in asked {
        let mut found = Found {
            version: None,
            full_version: None,
            executable: path,
            source,
            prefix: None,
            libpython: None,
            pip: false,
            skipped: None,
            selected: false,
        };
        match pending.answer() {
            Err(why) => found.skipped = Some(why),
            Ok(v) => {
                found.version = v["version"].as_str().map(str::to_string);
                found.full_version = v["full"].as_str().map(str::to_string);
                found.prefix = v["prefix"].as_str().map(PathBuf::from);
                // Looked at now: a kept answer may be older than the files.
                let libs = v["libs"].as_array().into_iter().flatten().filter_map(|p| p.as_str());
                found.libpython = libs.map(PathBuf::from).find(|p| p.is_file());
                found.pip = v["purelib"].as_str().is_some_and(|p| Path::new(p).join("pip").is_dir());
                let version = found.version.clone().unwrap_or_default();
                found.skipped = if v["impl"] != "cpython" {
                    Some(format!("it is {}, not CPython", v["impl"].as_str().unwrap_or("another Python")))
                } else if !frost_runtime::PYTHON_VERSIONS.contains(&version.as_str()) {
                    Some(format!(
                        "CPython {version} is not one frost supports ({})",
                        frost_runtime::PYTHON_VERSIONS.join(", ")
                    ))
                } else if found.libpython.is_none() {
                    Some("it has no shared libpython (it was built without --enable-shared)".into())
                } else {
                    None
                };
            }
        }
        out.push(found);
    }
    // Newest first; among one version, in search order.
    let key = |f: &Found| -> (u32, u32) {
        let v = f.version.as_deref().unwrap_or("0.0");
        let (a, b) = v.split_once('.').unwrap_or((v, "0"));
        (a.parse().unwrap_or(0), b.parse().unwrap_or(0))
    };
    out.sort_by_key(|f| std::cmp::Reverse(key(f)));
    for version in frost_runtime::PYTHON_VERSIONS {
        if let Ok(i) = select::choose(&out, version) {
            out[i].selected = true;
        }
    }
    out
}

/// `frost python list` as text: one line per interpreter, `*` marking the
/// one each version selects.
pub fn human(found: &[Found]) -> String {
    let mut out = String::new();
    for f in found {
        out.push_str(if f.selected { "* " } else { "  " });
        let version = f.full_version.as_deref().or(f.version.as_deref()).unwrap_or("?");
        match &f.skipped {
            None => out.push_str(&format!(
                "{version:<8} {:<7} {}  (libpython {}{})\n",
                f.source,
                f.executable.display(),
                f.libpython.as_ref().map_or("?".into(), |p| p.display().to_string()),
                if f.pip { ", pip" } else { ", no pip" }
            )),
            Some(why) => {
                out.push_str(&format!("{version:<8} {:<7} {}  skipped: {why}\n", f.source, f.executable.display()))
            }
        }
    }
    out
}
