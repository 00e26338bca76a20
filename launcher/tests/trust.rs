//! The launcher as an attack surface: multiprocessing's helper command
//! lines are honoured only from the app itself, the environment cannot
//! change `sys.executable` when the config says not to read it, and the
//! diagnostic mode cannot pass for a successful run.

mod common;

use common::*;
use serde_json::json;

#[test]
fn pythonexecutable_does_not_change_sys_executable_without_the_environment() {
    let code =
        "import os, sys, multiprocessing.spawn as s\nprint(sys.executable)\nprint(os.fsdecode(s.get_executable()))";
    for attrs in [
        json!({}),
        json!({"config_profile": "python", "isolated": true}),
        json!({"config_profile": "python", "use_environment": false}),
    ] {
        let app = App::command(code, attrs.clone());
        let mut cmd = app.cmd();
        cmd.env("PYTHONEXECUTABLE", "/tmp/evil");
        let out = run(cmd).ok();
        let exe = app.exe.display().to_string();
        assert_eq!(out.stdout, format!("{exe}\n{exe}\n"), "{attrs}");
    }
    // Where the config reads the environment, CPython's own rule holds, as
    // under the linked `python3.X`: 3.11's getpath honours the variable on
    // every platform, 3.9 and 3.10 only on macOS.
    let mut python = std::process::Command::new(python());
    python.args(["-c", "import sys; print(sys.executable)"]).env("PYTHONEXECUTABLE", "/tmp/evil");
    let honoured = run(python).ok().stdout == "/tmp/evil\n";
    let app = App::command(code, json!({"config_profile": "python"}));
    let mut cmd = app.cmd();
    cmd.env("PYTHONEXECUTABLE", "/tmp/evil");
    let expected = if honoured { "/tmp/evil".to_string() } else { app.exe.display().to_string() };
    assert_eq!(run(cmd).ok().stdout, format!("{expected}\n{expected}\n"), "CPython {PYTHON_VERSION}");
}

/// An app that says `app ran` (and so shows it was not run either).
fn marked_app(attrs: serde_json::Value) -> App {
    App::command("print('app ran')", attrs)
}

/// Runs `app` with `args` and stdin from `stdin`.
fn run_fed(app: &App, args: &[&str], stdin: &std::path::Path) -> Output {
    let logs = tempfile::tempdir().unwrap();
    let (out, err) = (logs.path().join("out"), logs.path().join("err"));
    let mut cmd = app.cmd();
    cmd.args(args)
        .stdin(std::fs::File::open(stdin).unwrap())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap());
    let status = spawn_retrying(&mut cmd).wait().unwrap();
    use std::os::unix::process::ExitStatusExt;
    Output {
        code: status.code(),
        signal: status.signal(),
        stdout: std::fs::read_to_string(out).unwrap(),
        stderr: std::fs::read_to_string(err).unwrap(),
    }
}

fn assert_refused(out: &Output, what: &str) {
    assert_eq!((out.code, out.signal), (Some(1), None), "{what}: {out}");
    assert!(
        out.stderr
            .starts_with(&format!("error: refusing a multiprocessing {what} command line: the parent process (pid ")),
        "{out}"
    );
    assert!(out.stderr.contains("only the app itself starts its workers and helpers"), "{out}");
    assert!(!out.stdout.contains("app ran"), "{out}");
}

#[test]
fn a_worker_command_line_from_a_foreign_parent_unpickles_nothing() {
    let app = marked_app(json!({}));
    let pwned = app.dir.path().join("pwned");
    // What spawn_main(pipe_handle=0) would unpickle from stdin: os.system("touch pwned").
    let pickle = app.dir.path().join("payload.pickle");
    std::fs::write(&pickle, format!("cos\nsystem\n(S'touch {}'\ntR.", pwned.display())).unwrap();
    let out = run_fed(&app, &["--multiprocessing-fork", "pipe_handle=0"], &pickle);
    assert!(!pwned.exists(), "the payload ran: {out}");
    assert_refused(&out, "worker");
    // The unfrozen form too.
    let program = "from multiprocessing.spawn import spawn_main; spawn_main(pipe_handle=0)";
    let out = run_fed(&app, &["-I", "-c", program, "--multiprocessing-fork"], &pickle);
    assert_refused(&out, "worker");
    assert!(!pwned.exists(), "the payload ran");
    // Without auto-dispatch the arguments are the app's, as before.
    let app = marked_app(json!({"multiprocessing_auto_dispatch": false}));
    let out = run_fed(&app, &["--multiprocessing-fork", "pipe_handle=0"], &pickle).ok();
    assert_eq!(out.stdout, "app ran\n");
}

#[test]
fn a_forkserver_command_line_from_a_foreign_parent_preloads_nothing() {
    let app = marked_app(json!({}));
    let pwned = app.dir.path().join("pwned");
    let evil = app.dir.path().join("evil.py");
    std::fs::write(&evil, format!("open({:?}, 'w').close()\n", pwned.display().to_string())).unwrap();
    let program = format!(
        "from multiprocessing.forkserver import main; main(0, 0, ['__main__'], **{{'sys_path': [], 'main_path': {:?}}})",
        evil.display().to_string()
    );
    let out = run_fed(&app, &["-I", "-c", &program], std::path::Path::new("/dev/null"));
    assert!(!pwned.exists(), "the forkserver preloaded the given main module: {out}");
    assert_refused(&out, "forkserver");
}

#[test]
fn a_resource_tracker_command_line_from_a_foreign_parent_unlinks_nothing() {
    // The tracker unlinks, at the end of its input, every resource it was
    // told about and not told to forget.
    let shm = std::path::Path::new("/dev/shm");
    if !shm.is_dir() {
        eprintln!("skipped: no /dev/shm");
        return;
    }
    let name = format!("frost-trust-{}", std::process::id());
    let victim = shm.join(&name);
    std::fs::write(&victim, b"precious").unwrap();
    let app = marked_app(json!({}));
    let orders = app.dir.path().join("orders");
    std::fs::write(&orders, format!("REGISTER:/{name}:shared_memory\n")).unwrap();
    let out = run_fed(&app, &["-c", "from multiprocessing.resource_tracker import main;main(0)"], &orders);
    let survived = victim.exists();
    let _ = std::fs::remove_file(&victim);
    assert!(survived, "the tracker unlinked /dev/shm/{name}: {out}");
    assert_refused(&out, "resource tracker");
}

#[test]
fn workers_and_helpers_started_by_the_app_itself_still_run() {
    // The parent check passes for the app's own children: a spawn pool
    // (worker command lines) with the resource tracker, and the forkserver.
    let code = "\
import multiprocessing as mp
from multiprocessing import shared_memory
if __name__ == '__main__':
    for method in ['spawn', 'forkserver']:
        with mp.get_context(method).Pool(1) as pool:
            print(method, pool.apply(abs, (-3,)))
    shm = shared_memory.SharedMemory(create=True, size=8)
    shm.close(); shm.unlink()
";
    let app = App::script(code, json!({}));
    let out = app.run(Vec::<String>::new()).ok();
    assert_eq!(out.stdout, "spawn 3\nforkserver 3\n");
    assert!(!out.stderr.contains("refusing"), "{out}");
}

#[test]
fn a_stray_frost_doctor_variable_never_passes_for_a_successful_run() {
    // A scheduled job whose environment still holds FROST_DOCTOR=1: the
    // diagnostics run, say so on stderr, and the exit code is not 0.
    let app = App::command("open('did-the-work', 'w').close()", json!({}));
    let mut cmd = app.cmd();
    cmd.env(frost_launcher::DOCTOR_ENV, "1");
    let out = run(cmd);
    assert_eq!((out.code, out.signal), (Some(frost_runtime::DOCTOR_UNCONFIRMED_EXIT), None), "{out}");
    assert_ne!(out.code, Some(0));
    assert!(
        out.stderr.starts_with("frost: FROST_DOCTOR is set: running the diagnostics instead of the app (not asked for by `frost doctor`: the exit code is 3 even when healthy; unset the variable to run the app)\n"),
        "{out}"
    );
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert_eq!(report["ok"], true, "healthy, and still not a success: {out}");
    assert!(!app.dir.path().join("did-the-work").exists());
    // A key for another file proves nothing either.
    let mut cmd = app.cmd();
    cmd.env(frost_launcher::DOCTOR_ENV, frost_runtime::doctor_key(std::path::Path::new(STUB)).unwrap());
    assert_eq!(run(cmd).code, Some(frost_runtime::DOCTOR_UNCONFIRMED_EXIT));
    // `frost doctor` gives the key: healthy is 0.
    let report = frost::build::doctor::report(&app.exe).unwrap();
    assert_eq!(report["ok"], true, "{report}");
}
