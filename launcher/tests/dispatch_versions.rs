//! The launcher's recogniser of multiprocessing command lines, fed the
//! real ones: each CPython 3.8 to 3.14 the machine has (pyenv's versions,
//! `python3.X` on PATH) is asked, with a small script, for the argv its own
//! `multiprocessing` gives a spawn worker (frozen and not), the resource
//! tracker and the forkserver. No per-version launcher is needed: the
//! command lines come from each version's own multiprocessing code, and
//! the recogniser is the same Rust for all.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Command;

use frost_launcher::dispatch::{classify, HelperKind, Invocation};

/// Prints, as JSON, the argv each kind of process would be started with.
/// `spawnv_passfds` is replaced by a recorder, so nothing is started; the
/// script leaves with `os._exit` so no cleanup waits for those processes.
const SCRIPT: &str = r#"
import json, os, sys
import multiprocessing
from multiprocessing import util, spawn, forkserver, resource_tracker
seen = []
def record(path, args, passfds):
    # Some versions pass bytes (the executable, os.fsencode'd).
    seen.append([os.fsdecode(a) for a in args])
    return os.getpid()
util.spawnv_passfds = record
out = {}
spawn.set_executable("/app/app")
sys.frozen = True
line = lambda: [os.fsdecode(a) for a in spawn.get_command_line(tracker_fd=5, pipe_handle=7)]
out["spawn-frozen"] = line()
del sys.frozen
out["spawn"] = line()
sys.frozen = True
forkserver._forkserver.ensure_running()
trackers = [a for a in seen if any("resource_tracker" in x for x in a)]
servers = [a for a in seen if any("forkserver" in x for x in a)]
out["tracker"] = trackers[0]
out["forkserver"] = servers[0]
print(json.dumps(out))
sys.stdout.flush()
os._exit(0)
"#;

/// Every `python3.X` (X from 8 to 14) found, one per minor version.
fn pythons() -> Vec<(String, PathBuf)> {
    let mut roots: Vec<PathBuf> = Vec::new();
    let pyenv = std::env::var_os("PYENV_ROOT")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".pyenv")));
    if let Some(Ok(entries)) = pyenv.map(|p| std::fs::read_dir(p.join("versions"))) {
        let mut dirs: Vec<PathBuf> = entries.flatten().map(|e| e.path().join("bin")).collect();
        dirs.sort();
        roots.extend(dirs);
    }
    if let Some(path) = std::env::var_os("PATH") {
        roots.extend(std::env::split_paths(&path).filter(|d| !d.ends_with("shims")));
    }
    let mut out = Vec::new();
    for minor in 8..=14 {
        let version = format!("3.{minor}");
        if let Some(python) = roots.iter().map(|d| d.join(format!("python{version}"))).find(|p| p.is_file()) {
            out.push((version, python));
        }
    }
    out
}

fn argv(json: &serde_json::Value) -> Vec<OsString> {
    let mut args: Vec<OsString> =
        json.as_array().unwrap().iter().map(|a| OsString::from(a.as_str().unwrap())).collect();
    // argv[0] is the app whatever multiprocessing named.
    args[0] = OsString::from("/app/app");
    args
}

#[test]
fn the_command_lines_of_every_installed_cpython_are_recognised() {
    let found = pythons();
    assert!(!found.is_empty(), "no CPython 3.8 to 3.14 on this machine (pyenv or PATH)");
    let mut checked = Vec::new();
    for (version, python) in &found {
        // The app's flags reach the helpers' command lines: isolated (frost's
        // default profile) and not.
        for flags in [&["-I"][..], &[]] {
            let out = Command::new(python).args(flags).arg("-c").arg(SCRIPT).output().unwrap();
            assert!(out.status.success(), "{version}: {}", String::from_utf8_lossy(&out.stderr));
            let lines: serde_json::Value = serde_json::from_slice(&out.stdout)
                .unwrap_or_else(|e| panic!("{version}: {e}: {}", String::from_utf8_lossy(&out.stdout)));
            let what =
                |key: &str| classify(&argv(&lines[key]), true).unwrap_or_else(|e| panic!("{version} {key}: {e}"));
            match what("spawn-frozen") {
                Invocation::Worker { command } => assert!(command.contains("pipe_handle=7"), "{version}: {command}"),
                other => panic!("{version} {flags:?}: the frozen spawn worker is {other:?}: {}", lines["spawn-frozen"]),
            }
            for (key, kind) in [
                ("spawn", HelperKind::SpawnWorker),
                ("tracker", HelperKind::ResourceTracker),
                ("forkserver", HelperKind::Forkserver),
            ] {
                match what(key) {
                    Invocation::Helper { kind: k, .. } if k == kind => {}
                    other => panic!("{version} {flags:?}: {key} is {other:?}, not {kind:?}: {}", lines[key]),
                }
            }
            // Without auto-dispatch, the frozen worker form goes to the app,
            // and the helpers are still recognised.
            assert_eq!(classify(&argv(&lines["spawn-frozen"]), false).unwrap(), Invocation::App, "{version}");
            assert!(matches!(classify(&argv(&lines["tracker"]), false).unwrap(), Invocation::Helper { .. }));
        }
        checked.push(version.as_str());
    }
    eprintln!("checked the command lines of CPython {}", checked.join(", "));
}
