//! multiprocessing through the built executable: every start method, with
//! real pools, managers, shared memory and failing workers.

mod common;

use common::*;
use serde_json::json;

/// Exercises the default context (the one the config's start method set).
const POOLS: &str = r#"
import json, os, sys
import multiprocessing as mp
from concurrent.futures import ProcessPoolExecutor

def square(x):
    return x * x

def fail(x):
    raise ValueError("worker says no to %d" % x)

def fill(name):
    from multiprocessing import shared_memory
    shm = shared_memory.SharedMemory(name=name)
    shm.buf[:3] = b"abc"
    shm.close()

def put(d, k):
    d[k] = os.getpid()

if __name__ == "__main__":
    from multiprocessing import shared_memory
    method = mp.get_start_method(allow_none=True)
    out = {"method": method, "pid": os.getpid()}
    with mp.Pool(2) as pool:
        out["pool"] = pool.map(square, range(6))
        try:
            pool.apply(fail, (7,))
        except ValueError as e:
            out["pool_error"] = str(e)
    with ProcessPoolExecutor(2) as ex:
        out["executor"] = list(ex.map(square, range(4)))
        try:
            ex.submit(fail, 8).result()
        except ValueError as e:
            out["executor_error"] = str(e)
    with mp.Manager() as manager:
        d = manager.dict()
        p = mp.Process(target=put, args=(d, "k"))
        p.start(); p.join()
        out["manager"] = d["k"] != os.getpid() and p.exitcode == 0
    shm = shared_memory.SharedMemory(create=True, size=16)
    try:
        p = mp.Process(target=fill, args=(shm.name,))
        p.start(); p.join()
        out["shared_memory"] = bytes(shm.buf[:3]).decode()
    finally:
        shm.close()
        shm.unlink()
    print(json.dumps(out))
"#;

fn pools_with(method: &str) {
    pools_with_attrs(method, json!({}));
}

fn pools_with_attrs(method: &str, attrs: serde_json::Value) {
    let mut attrs = attrs;
    attrs["multiprocessing_start_method"] = method.into();
    let app = App::script(POOLS, attrs);
    let out = app.run(Vec::<String>::new()).ok();
    let got = last_json(&out);
    assert_eq!(got["method"], method, "{out}");
    assert_eq!(got["pool"], json!([0, 1, 4, 9, 16, 25]), "{out}");
    assert_eq!(got["pool_error"], "worker says no to 7", "{out}");
    assert_eq!(got["executor"], json!([0, 1, 4, 9]), "{out}");
    assert_eq!(got["executor_error"], "worker says no to 8", "{out}");
    assert_eq!(got["manager"], true, "{out}");
    assert_eq!(got["shared_memory"], "abc", "{out}");
    assert!(!out.stderr.contains("leaked"), "resource_tracker warnings:\n{out}");
    assert!(!out.stderr.contains("Traceback"), "{out}");
}

#[test]
fn fork_pools_managers_and_shared_memory() {
    pools_with("fork");
}

#[test]
fn forkserver_pools_managers_and_shared_memory() {
    pools_with("forkserver");
}

#[test]
fn forkserver_needs_no_auto_dispatch() {
    // Its server starts with -c and its workers are forked from it: nothing
    // is started as `--multiprocessing-fork` (the lint rule says so).
    pools_with_attrs("forkserver", json!({"multiprocessing_auto_dispatch": false}));
}

#[test]
fn spawn_pools_managers_and_shared_memory() {
    pools_with("spawn");
}

const METHOD: &str = r#"
import sys, json
before = "multiprocessing" in sys.modules
from multiprocessing import pool  # a submodule first: the package is imported on the way
import multiprocessing as mp
out = {"before": before, "method": mp.get_start_method(allow_none=True),
       "hook_left": [type(f).__name__ for f in sys.meta_path if "Frost" in type(f).__name__],
       "loader": type(mp.__loader__).__name__}
try:
    mp.set_start_method("spawn")
    out["set"] = "ok"
except RuntimeError as e:
    out["set"] = str(e)
print(json.dumps(out))
"#;

#[test]
fn start_method_auto_none_and_explicit() {
    let cases = [("auto", json!("fork")), ("none", json!(null)), ("forkserver", json!("forkserver"))];
    for (setting, expected) in cases {
        let app = App::command(METHOD, json!({"multiprocessing_start_method": setting}));
        let out = app.run(Vec::<String>::new()).ok();
        let got = last_json(&out);
        assert_eq!(got["before"], false, "{out}");
        assert_eq!(got["method"], expected, "{setting}: {out}");
        assert_eq!(got["hook_left"], json!([]), "the import hook removes itself: {out}");
        assert_eq!(got["loader"], "SourceFileLoader", "the real loader is put back: {out}");
        // The documented consequence: once the method is set, a plain
        // set_start_method() raises "context has already been set".
        let set = if setting == "none" { json!("ok") } else { json!("context has already been set") };
        assert_eq!(got["set"], set, "{setting}: {out}");
    }
}

const SPAWN_SCRIPT: &str = r#"
import json, os, sys
import multiprocessing as mp, multiprocessing.spawn

def where(_):
    with open("/proc/self/cmdline", "rb") as f:
        cmdline = [os.fsdecode(a) for a in f.read().split(b"\0")[1:-1]]
    return [os.getpid(), getattr(sys, "frozen", None), cmdline]

if __name__ == "__main__":
    with mp.Pool(2) as pool:
        got = pool.map(where, range(2))
    print(json.dumps({"method": mp.get_start_method(), "argv": sys.argv, "workers": got,
                      "frozen": getattr(sys, "frozen", None), "meipass": getattr(sys, "_MEIPASS", None),
                      "executable": sys.executable,
                      "spawn_executable": os.fsdecode(mp.spawn.get_executable())}))
"#;

#[test]
fn python_profile_spawns_workers_before_argv_parsing() {
    // parse_argv is on: CPython would reject `--multiprocessing-fork` (PyOxidizer issue 633).
    let app = App::script(SPAWN_SCRIPT, json!({"config_profile": "python", "multiprocessing_start_method": "spawn"}));
    let out = app.run(["-X", "utf8", "hello"]).ok();
    let got = last_json(&out);
    assert_eq!(got["method"], "spawn", "{out}");
    assert_eq!(got["argv"], json!(["hello"]), "CPython parsed the app's argv: {out}");
    assert_eq!(got["workers"][0][1], true, "{out}");
    assert_eq!(got["workers"][0][2][0], "--multiprocessing-fork", "{out}");
    assert!(!out.stderr.contains("leaked"), "{out}");
}

#[test]
fn unfrozen_spawn_workers_use_the_dash_c_form() {
    let app = App::script(SPAWN_SCRIPT, json!({"sys_frozen": false, "multiprocessing_start_method": "spawn"}));
    let out = app.run(Vec::<String>::new()).ok();
    let got = last_json(&out);
    assert_eq!(got["frozen"], json!(null), "{out}");
    // The worker ran as `-I -c "from multiprocessing.spawn import ..." --multiprocessing-fork`, as under python.
    let cmdline: Vec<&str> = got["workers"][0][2].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
    assert_eq!(cmdline.first(), Some(&"-I"), "{out}");
    assert_eq!(cmdline.last(), Some(&"--multiprocessing-fork"), "{out}");
    assert!(cmdline.iter().any(|a| a.starts_with("from multiprocessing.spawn import spawn_main")), "{out}");
}

#[test]
fn a_copied_executable_in_another_folder_still_works() {
    let app = App::script(SPAWN_SCRIPT, json!({"multiprocessing_start_method": "spawn", "sys_meipass": true}));
    let elsewhere = tempfile::tempdir().unwrap();
    let copy = elsewhere.path().join("sub").join("copied-app");
    std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
    std::fs::copy(&app.exe, &copy).unwrap();
    std::fs::remove_file(&app.exe).unwrap();
    let mut cmd = std::process::Command::new(&copy);
    cmd.env("LC_ALL", "C.UTF-8");
    let out = run(cmd).ok();
    let got = last_json(&out);
    assert_eq!(got["argv"][0], copy.to_str().unwrap(), "{out}");
    assert_eq!(got["meipass"], copy.parent().unwrap().to_str().unwrap(), "{out}");
    assert_eq!(got["executable"], copy.to_str().unwrap(), "{out}");
    assert_eq!(got["spawn_executable"], copy.to_str().unwrap(), "{out}");
    assert_eq!(got["workers"].as_array().map(Vec::len), Some(2), "{out}");
}
