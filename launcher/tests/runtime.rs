//! The built executable outside multiprocessing: argv, exit codes, the
//! attributes, the embedded config's checks and the diagnostic mode.

mod common;

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::process::Command;

use common::*;
use serde_json::json;

const ARGV: &str = r#"
import json, os, sys
print(json.dumps({"argv": sys.argv, "argvb": [b.hex() for b in getattr(sys, "argvb", [])],
                  "fs": [os.fsencode(a).hex() for a in sys.argv]}))
"#;

#[test]
fn argv_passes_through_untouched() {
    let app = App::command(ARGV, json!({"argvb": true}));
    let args = ["plain", "ünïcödé ☃", "", "-c", "print('not run')", "--multiprocessing-forkless", "-I"];
    let out = app.run(args).ok();
    let got = last_json(&out);
    let mut expected = vec![app.exe.to_str().unwrap()];
    expected.extend(args);
    assert_eq!(got["argv"], json!(expected), "{out}");
    assert!(!out.stdout.contains("not run\n"), "a -c that is not multiprocessing's never runs: {out}");
    let hex: Vec<String> = expected.iter().map(|a| a.bytes().map(|b| format!("{b:02x}")).collect()).collect();
    assert_eq!(got["argvb"], json!(hex), "{out}");
}

#[test]
fn undecodable_argv_round_trips_without_a_locale() {
    let code = "import json, os, sys\nprint(json.dumps({'argvb': [b.hex() for b in sys.argvb], 'fs': [os.fsencode(a).hex() for a in sys.argv]}))";
    let app = App::command(code, json!({"argvb": true}));
    let mut cmd = Command::new(&app.exe);
    cmd.env_clear().arg(OsString::from_vec(b"caf\xc3\xa9".to_vec())).arg(OsString::from_vec(b"\xff\xfe".to_vec()));
    let out = run(cmd).ok();
    let got = last_json(&out);
    // Whatever the locale makes of them, sys.argv encodes back to the bytes given.
    assert_eq!(got["fs"][1], "636166c3a9", "{out}");
    assert_eq!(got["fs"][2], "fffe", "{out}");
    assert_eq!(got["argvb"][2], "fffe", "{out}");
}

/// (exit code, signal, stderr) of `code` under the app and under `python -I`.
fn both(code: &str) -> (Output, Output) {
    let app = App::command(code, json!({}));
    let mut cmd = Command::new(python());
    cmd.args(["-I", "-c", code]).env("LC_ALL", "C.UTF-8");
    (app.run(Vec::<String>::new()), run(cmd))
}

#[test]
fn exit_codes_and_output_match_python() {
    for (code, expected_code, expected_signal, stderr_has) in [
        ("print('fine')", Some(0), None, ""),
        ("import sys; sys.exit(3)", Some(3), None, ""),
        ("import sys; sys.exit(None)", Some(0), None, ""),
        ("import sys; sys.exit('goodbye, world')", Some(1), None, "goodbye, world"),
        ("raise ValueError('boom')", Some(1), None, "ValueError: boom"),
        ("raise KeyboardInterrupt", None, Some(libc::SIGINT), "KeyboardInterrupt"),
    ] {
        let (app, python) = both(code);
        assert_eq!((app.code, app.signal), (expected_code, expected_signal), "{code}: {app}");
        assert_eq!((app.code, app.signal), (python.code, python.signal), "{code}: app {app}\npython {python}");
        assert!(app.stderr.contains(stderr_has), "{code}: {app}");
        if code.starts_with("raise") {
            assert!(app.stderr.starts_with("Traceback (most recent call last):"), "{code}: {app}");
        }
    }
}

#[test]
fn keyboard_interrupt_from_sigint_with_signal_handlers() {
    let code = "import os, signal, time\nos.kill(os.getpid(), signal.SIGINT)\ntime.sleep(5)";
    let app = App::command(code, json!({"install_signal_handlers": true}));
    let out = app.run(Vec::<String>::new());
    assert_eq!(out.signal, Some(libc::SIGINT), "{out}");
    assert!(out.stderr.contains("KeyboardInterrupt"), "{out}");
}

#[test]
fn run_precedence_module_search_paths_and_the_repl() {
    // The app's folders only: the standard library's are added after them.
    let lib_paths = vec!["$ORIGIN/lib".to_string()];
    let mk = |attrs: serde_json::Value| {
        let mut attrs = attrs;
        attrs["module_search_paths"] = json!(lib_paths);
        let app = App::build(&config(attrs));
        let lib = app.dir.path().join("lib");
        std::fs::create_dir_all(&lib).unwrap();
        std::fs::write(lib.join("mymod.py"), "import sys\nprint('module', sys.path[:3])\n").unwrap();
        std::fs::write(app.dir.path().join("script.py"), "print('script')\n").unwrap();
        app
    };
    let script = "script.py";
    let app = mk(json!({"run_command": "print('command')", "run_module": "mymod", "run_filename": script}));
    assert_eq!(app.run(Vec::<String>::new()).ok().stdout, "command\n");
    let app = mk(json!({"run_module": "mymod", "run_filename": script}));
    let lib = app.dir.path().join("lib");
    let stdlib = stdlib_paths();
    let expected = format!("module ['{}', '{}', '{}']\n", lib.display(), stdlib[0], stdlib[1]);
    assert_eq!(app.run(Vec::<String>::new()).ok().stdout, expected);
    let app = mk(json!({"run_filename": script}));
    assert_eq!(app.run(Vec::<String>::new()).ok().stdout, "script\n");
    // None of them: python's REPL, which reads a non-terminal stdin as a script.
    let app = mk(json!({}));
    let mut cmd = app.cmd();
    cmd.stdin(std::process::Stdio::piped()).stdout(std::process::Stdio::piped());
    let mut child = spawn_retrying(&mut cmd);
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"print(6 * 7)\n").unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stdout), "42\n");
}

const FLAGS: &str = r#"
import json, os, sys
f = sys.flags
out = {"optimize": f.optimize, "bytes_warning": f.bytes_warning, "dont_write_bytecode": sys.dont_write_bytecode,
       "no_site": f.no_site, "dev_mode": f.dev_mode, "utf8_mode": f.utf8_mode, "isolated": f.isolated,
       "ignore_environment": f.ignore_environment, "xoptions": sys._xoptions, "warnoptions": sys.warnoptions,
       "hash_randomization": f.hash_randomization, "hash": hash("frost"), "pycache_prefix": sys.pycache_prefix,
       "stdout_encoding": sys.stdout.encoding, "path_has_extra": "/frost/extra" in sys.path,
       "frozen": getattr(sys, "frozen", None), "meipass": getattr(sys, "_MEIPASS", None),
       "executable": sys.executable, "terminfo": os.environ.get("TERMINFO_DIRS"),
       "faulthandler": __import__("faulthandler").is_enabled(), "safe_path": getattr(f, "safe_path", None)}
print(json.dumps(out))
"#;

#[test]
fn pyconfig_attributes_reach_the_interpreter() {
    let app = App::command(
        FLAGS,
        json!({
            "optimization_level": 2, "bytes_warning": "warn", "write_bytecode": false, "site_import": false,
            "development_mode": true, "utf8_mode": true, "x_options": ["frost=yes"],
            "warn_options": ["ignore::DeprecationWarning"], "hash_seed": 0, "pycache_prefix": "/tmp/frost-pycache",
            "stdio_encoding": "latin-1", "fault_handler": true,
            "sys_frozen": false, "sys_meipass": true, "terminfo_resolution": "static:/frost/terminfo",
        }),
    );
    let out = app.run(Vec::<String>::new()).ok();
    let got = last_json(&out);
    let mut python = Command::new(python());
    python.args(["-c", "print(hash('frost'))"]).env("PYTHONHASHSEED", "0");
    let python_hash: i64 = run(python).ok().stdout.trim().parse().unwrap();
    let dir = app.dir.path().to_str().unwrap();
    // sys.flags.safe_path exists from 3.11 on; the isolated profile sets it.
    let minor: u32 = PYTHON_VERSION.split('.').nth(1).and_then(|m| m.parse().ok()).unwrap_or(0);
    let safe_path = if minor >= 11 { json!(true) } else { json!(null) };
    let expected = json!({
        "optimize": 2, "bytes_warning": 1, "dont_write_bytecode": true, "no_site": 1, "dev_mode": true,
        "utf8_mode": 1, "isolated": 1, "ignore_environment": 1, "xoptions": {"frost": "yes"},
        "warnoptions": ["default", "default::BytesWarning", "ignore::DeprecationWarning"],
        "hash_randomization": 0, "hash": python_hash,
        "pycache_prefix": "/tmp/frost-pycache", "stdout_encoding": "iso8859-1", "path_has_extra": false,
        "frozen": null, "meipass": dir, "executable": app.exe.to_str().unwrap(), "terminfo": "/frost/terminfo",
        "faulthandler": true, "safe_path": safe_path,
    });
    assert_eq!(got, expected, "{out}");

    // The python profile with the environment: PYTHON* variables count.
    let app = App::command(
        FLAGS,
        json!({"config_profile": "python", "terminfo_resolution": "none", "python_path_env": "/frost/extra"}),
    );
    let mut cmd = app.cmd();
    cmd.env_remove("TERMINFO_DIRS");
    let out = run(cmd).ok();
    let got = last_json(&out);
    assert_eq!(got["path_has_extra"], true, "{out}");
    assert_eq!(got["terminfo"], json!(null), "{out}");
    assert_eq!((got["isolated"].clone(), got["ignore_environment"].clone()), (json!(0), json!(0)), "{out}");
    assert_eq!(got["frozen"], true, "{out}");
    assert_eq!(got["meipass"], json!(null), "{out}");
}

#[test]
fn terminfo_dynamic_respects_the_environment() {
    let app = App::command(FLAGS, json!({}));
    let mut cmd = app.cmd();
    cmd.env_remove("TERMINFO_DIRS");
    let got = last_json(&run(cmd).ok());
    let found: Vec<&str> = ["/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo"]
        .into_iter()
        .filter(|d| std::path::Path::new(d).is_dir())
        .collect();
    if found.is_empty() {
        assert_eq!(got["terminfo"], json!(null));
    } else {
        let dirs = got["terminfo"].as_str().unwrap_or_default().to_string();
        assert!(found.iter().all(|d| dirs.split(':').any(|x| x == *d)), "{dirs}");
    }
    let mut cmd = app.cmd();
    cmd.env("TERMINFO_DIRS", "/mine");
    assert_eq!(last_json(&run(cmd).ok())["terminfo"], "/mine");
}

#[test]
fn allocators() {
    let code = "import json\ntry:\n    try:\n        from _testcapi import pymem_getallocatorsname\n    except ImportError:\n        from _testinternalcapi import pymem_getallocatorsname\n    name = pymem_getallocatorsname()\nexcept Exception as e:\n    name = type(e).__name__\nimport multiprocessing as mp\nwith mp.Pool(2) as p:\n    r = p.map(abs, range(-3, 0))\nprint(json.dumps([name, r]))";
    for (attrs, expected) in [
        (json!({}), "pymalloc"),
        (json!({"allocator": "malloc"}), "malloc"),
        (json!({"allocator_debug": true}), "pymalloc_debug"),
        // Rust's global allocator (malloc) in every domain: CPython can no longer name it.
        (
            json!({"allocator_backend": "rust", "allocator_mem": true, "allocator_obj": true, "allocator_pymalloc_arena": true}),
            "RuntimeError",
        ),
        (
            json!({"allocator_backend": "rust", "allocator_mem": true, "allocator_obj": true, "allocator_debug": true}),
            "RuntimeError",
        ),
    ] {
        let app = App::command(code, attrs.clone());
        let out = app.run(Vec::<String>::new()).ok();
        assert_eq!(last_json(&out), json!([expected, [3, 2, 1]]), "{attrs}: {out}");
    }
}

#[test]
fn write_modules_directory_env() {
    let app = App::command("import json", json!({"write_modules_directory_env": "FROST_TEST_MODULES"}));
    let modules = tempfile::tempdir().unwrap();
    app.run(Vec::<String>::new()).ok();
    assert_eq!(std::fs::read_dir(modules.path()).unwrap().count(), 0);
    let mut cmd = app.cmd();
    cmd.env("FROST_TEST_MODULES", modules.path());
    run(cmd).ok();
    let files: Vec<_> = std::fs::read_dir(modules.path()).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let names = std::fs::read_to_string(&files[0]).unwrap();
    let names: Vec<&str> = names.lines().collect();
    assert!(names.contains(&"json") && names.contains(&"sys"), "{names:?}");
    assert!(names.windows(2).all(|w| w[0] < w[1]), "sorted");
}

#[test]
fn damaged_or_foreign_configs_never_run_the_app() {
    let marker = "import pathlib; pathlib.Path('ran').write_text('yes')";
    let app = App::command(marker, json!({}));
    let ran = app.dir.path().join("ran");
    app.run(Vec::<String>::new()).ok();
    assert!(ran.exists(), "the sound app runs");
    std::fs::remove_file(&ran).unwrap();

    // One flipped bit in the embedded JSON.
    let mut bytes = std::fs::read(&app.exe).unwrap();
    let at = bytes.len() - frost_runtime::payload::TRAILER_LEN - 10;
    bytes[at] ^= 0x01;
    std::fs::write(&app.exe, &bytes).unwrap();
    let out = app.run(Vec::<String>::new());
    assert_eq!(out.code, Some(1), "{out}");
    assert!(out.stderr.starts_with("error: ") && out.stderr.contains("damaged"), "{out}");
    assert!(!ran.exists());

    // A trailer of another layout version.
    let mut other = bytes.clone();
    let at = other.len() - frost_runtime::payload::TRAILER_LEN + 8;
    other[at] = 7;
    std::fs::write(&app.exe, &other).unwrap();
    let out = app.run(Vec::<String>::new());
    assert!(out.code == Some(1) && out.stderr.contains("layout version 7"), "{out}");

    // A config for another CPython.
    let mut rc = config(json!({"run_command": marker}));
    rc.python_version = "3.99".into();
    write_app(&app.exe, &rc.to_json_pretty());
    let out = app.run(Vec::<String>::new());
    assert!(out.code == Some(1) && out.stderr.contains("CPython 3.99"), "{out}");

    // Sound JSON that is not a config.
    write_app(&app.exe, r#"{"run_command": 5}"#);
    let out = app.run(Vec::<String>::new());
    assert!(out.code == Some(1) && out.stderr.contains("not valid"), "{out}");

    // The bare stub.
    let out = run(Command::new(STUB));
    assert!(out.code == Some(1) && out.stderr.contains("no embedded config"), "{out}");
    assert!(!ran.exists());
}

#[test]
fn the_boot_code_is_compiled_by_the_linked_cpython() {
    use frost_launcher::interp::{BOOT_MAGIC, BOOT_PYTHON};
    let mut cmd = Command::new(python());
    cmd.args(["-I", "-c", "import importlib.util, sys\nprint(int.from_bytes(importlib.util.MAGIC_NUMBER, 'little'), sys.version.split()[0])"]);
    assert_eq!(run(cmd).ok().stdout, format!("{BOOT_MAGIC} {BOOT_PYTHON}\n"));
}

#[test]
fn a_libpython_of_another_bytecode_never_runs_the_boot_code() {
    use frost_launcher::interp::{BOOT_MAGIC, BOOT_PYTHON};
    let app = App::command("import pathlib; pathlib.Path('ran').write_text('yes')", json!({}));
    // A libpython whose PyImport_GetMagicNumber() answers bytecode version 1
    // (LD_PRELOAD puts this definition before libpython's).
    let source = app.dir.path().join("magic.c");
    std::fs::write(&source, "long PyImport_GetMagicNumber(void) { return 0x0a0d0001L; }\n").unwrap();
    let shim = app.dir.path().join("libmagic.so");
    let mut cc = Command::new("cc");
    cc.args(["-shared", "-fPIC", "-o"]).arg(&shim).arg(&source);
    run(cc).ok();
    let mut cmd = app.cmd();
    cmd.env("LD_PRELOAD", &shim);
    let out = run(cmd);
    assert_eq!(out.code, Some(1), "{out}");
    assert_eq!(
        out.stderr,
        format!(
            "error: the launcher's precompiled boot code is for CPython {BOOT_PYTHON} (magic {}) but the running libpython is {BOOT_PYTHON} (magic 1); rebuild frost-launcher against this CPython\n",
            BOOT_MAGIC & 0xffff
        )
    );
    assert!(!app.dir.path().join("ran").exists());
}

#[test]
fn malformed_worker_arguments_never_run_the_app() {
    let app = App::command("import pathlib; pathlib.Path('ran').write_text('yes')", json!({}));
    let out = app.run(["--multiprocessing-fork", "pipe_handle=__import__('os')"]);
    assert_eq!(out.code, Some(1), "{out}");
    assert!(out.stderr.contains("malformed multiprocessing worker arguments"), "{out}");
    assert!(!app.dir.path().join("ran").exists());
    // With auto-dispatch off the app gets the arguments like any others.
    let app = App::command("import sys; print(sys.argv[1:])", json!({"multiprocessing_auto_dispatch": false}));
    let out = app.run(["--multiprocessing-fork", "x"]).ok();
    assert_eq!(out.stdout, "['--multiprocessing-fork', 'x']\n");
}

#[test]
fn diagnostic_mode_reports_the_four_checks_and_round_trips() {
    let app = App::command("raise SystemExit('the app must not run')", json!({}));
    let mut cmd = app.cmd();
    let key = frost_runtime::doctor_key(&app.exe).unwrap();
    cmd.env(frost_launcher::DOCTOR_ENV, &key).arg("app-argument");
    let out = run(cmd);
    assert_eq!(out.code, Some(0), "{out}");
    assert_eq!(
        out.stderr.lines().next(),
        Some("frost: FROST_DOCTOR is set: running the diagnostics instead of the app")
    );
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert_eq!(report["ok"], true, "{out}");
    let names: Vec<&str> = report["checks"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "version",
            "start_method",
            "sys_frozen",
            "executable",
            "round_trip_fork",
            "round_trip_spawn",
            "round_trip_forkserver",
            "libpython",
            "libraries",
            "module_origins"
        ]
    );
    assert_eq!(report["stub"], frost_launcher::STUB_MARKER);
    assert!(!out.stderr.contains("leaked"), "{out}");

    // Unhealthy: no sys.frozen, and spawn workers cannot be dispatched.
    let app = App::command("pass", json!({"sys_frozen": false, "multiprocessing_auto_dispatch": false}));
    let mut cmd = app.cmd();
    cmd.env(frost_launcher::DOCTOR_ENV, frost_runtime::doctor_key(&app.exe).unwrap());
    let out = run(cmd);
    assert_eq!(out.code, Some(1), "{out}");
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out}"));
    let failed: Vec<&str> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["ok"] == false)
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(failed, ["sys_frozen", "executable", "round_trip_spawn"], "{out}");
}

#[test]
fn the_stub_links_the_configured_cpython_with_an_rpath() {
    let out = run({
        let mut c = Command::new("ldd");
        c.arg(STUB).env_clear();
        c
    })
    .ok();
    let libpython = out.stdout.lines().find(|l| l.contains("libpython")).unwrap_or_else(|| panic!("{out}"));
    let libdir = env!("FROST_PYTHON_LIBDIR");
    assert!(libpython.contains(&format!("=> {libdir}/")), "{libpython}");
    let info = frost_runtime::payload::stub_info(&std::fs::read(STUB).unwrap()).unwrap();
    assert_eq!(info.python_version, PYTHON_VERSION);
}

/// The app's resident set does not keep the launcher's code once the app
/// runs (launcher/src/resident.rs): of the executable's code mapping, little
/// is resident while the app's own code runs.
#[test]
fn the_launchers_code_is_not_resident_while_the_app_runs() {
    let code = r#"
import json, sys
size = rss = 0
mine = False
for line in open("/proc/self/smaps"):
    fields = line.split()
    if "-" in fields[0] and not fields[0].endswith(":"):
        mine = len(fields) > 5 and fields[1] == "r-xp" and fields[5] == sys.executable
    elif mine and fields[0] == "Size:":
        size += int(fields[1])
    elif mine and fields[0] == "Rss:":
        rss += int(fields[1])
print(json.dumps({"size": size, "rss": rss}))
"#;
    let app = App::command(code, json!({}));
    let out = app.run(Vec::<String>::new()).ok();
    let got = last_json(&out);
    let (size, rss) = (got["size"].as_u64().unwrap(), got["rss"].as_u64().unwrap());
    assert!(size > 0, "no code mapping of the app in its smaps: {out}");
    assert!(rss * 4 < size, "{rss} KB of the app's {size} KB code mapping resident: {out}");
}
