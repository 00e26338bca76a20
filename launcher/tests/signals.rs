//! Signals as `python` has them: Ctrl-C raises `KeyboardInterrupt` (so
//! `finally` blocks and `atexit` handlers run) and a write to a closed pipe
//! raises `BrokenPipeError`, in each profile, compared with the linked
//! CPython's `python3 -I` running the same script.

mod common;

use std::fs;
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use serde_json::json;

/// Sleeps in a try/finally with an atexit handler; says `ready` first.
const SLEEPER: &str = "\
import atexit, sys, time
atexit.register(lambda: print('atexit ran', flush=True))
try:
    print('ready', flush=True)
    time.sleep(60)
finally:
    print('finally ran', flush=True)
";

/// Starts `cmd` with stdout to a file, sends SIGINT once it printed
/// `ready`, and returns (exit code, signal, stdout, stderr).
fn interrupt(mut cmd: Command) -> (Option<i32>, Option<i32>, String, String) {
    let logs = tempfile::tempdir().unwrap();
    let (out, err) = (logs.path().join("out"), logs.path().join("err"));
    cmd.stdin(Stdio::null()).stdout(fs::File::create(&out).unwrap()).stderr(fs::File::create(&err).unwrap());
    let mut child = spawn_retrying(&mut cmd);
    let started = Instant::now();
    while !fs::read_to_string(&out).unwrap_or_default().contains("ready") {
        assert!(started.elapsed() < Duration::from_secs(30), "{cmd:?} never got ready");
        std::thread::sleep(Duration::from_millis(10));
    }
    // SAFETY: kill(2) takes no pointers; the pid is our own child, not yet waited for.
    assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGINT) }, 0);
    let status = child.wait().unwrap();
    (status.code(), status.signal(), fs::read_to_string(&out).unwrap(), fs::read_to_string(&err).unwrap())
}

#[test]
fn ctrl_c_runs_finally_and_atexit_as_python_does() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("sleeper.py");
    fs::write(&script, SLEEPER).unwrap();
    let mut python = Command::new(python());
    python.arg("-I").arg(&script);
    let (py_code, py_signal, py_out, py_err) = interrupt(python);
    assert_eq!(py_out, "ready\nfinally ran\natexit ran\n", "python3 -I: {py_err}");
    assert!(py_err.contains("KeyboardInterrupt"), "{py_err}");
    for profile in ["isolated", "python"] {
        // The default: no signal attribute set at all.
        let app = App::script(SLEEPER, json!({"config_profile": profile}));
        let (code, signal, out, err) = interrupt(app.cmd());
        assert_eq!(out, py_out, "{profile}: {err}");
        assert!(err.contains("KeyboardInterrupt"), "{profile}: {err}");
        assert_eq!((code, signal), (py_code, py_signal), "{profile}: the exit status is python's");
    }
    // The documented opt-out: SIGINT kills the app at once.
    let app = App::script(SLEEPER, json!({"install_signal_handlers": false}));
    let (code, signal, out, _) = interrupt(app.cmd());
    assert_eq!((code, signal, out.as_str()), (None, Some(libc::SIGINT), "ready\n"));
}

/// Prints until stdout, a pipe whose reader has gone, refuses.
const WRITER: &str = "\
import sys
try:
    for i in range(1_000_000):
        print(i)
except BrokenPipeError:
    sys.stderr.write('BrokenPipeError\\n')
    sys.stderr.flush()
    sys.stdout = None
    sys.exit(3)
";

/// Runs `cmd` with stdout a pipe that is closed after its first line.
fn closed_pipe(mut cmd: Command) -> (Option<i32>, Option<i32>, String) {
    use std::io::{BufRead, BufReader};
    let logs = tempfile::tempdir().unwrap();
    let err = logs.path().join("err");
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(fs::File::create(&err).unwrap());
    let mut child = spawn_retrying(&mut cmd);
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert_eq!(first, "0\n");
    // The reader is dropped: the pipe is closed.
    let status = child.wait().unwrap();
    (status.code(), status.signal(), fs::read_to_string(&err).unwrap())
}

#[test]
fn a_closed_pipe_raises_broken_pipe_error_as_in_python() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("writer.py");
    fs::write(&script, WRITER).unwrap();
    let mut python = Command::new(python());
    python.arg("-I").arg(&script);
    let expected = closed_pipe(python);
    assert_eq!(expected, (Some(3), None, "BrokenPipeError\n".to_string()), "python3 -I");
    for attrs in [
        json!({}),
        json!({"config_profile": "python"}),
        json!({"install_signal_handlers": false}),
        json!({"config_profile": "python", "install_signal_handlers": false}),
    ] {
        let app = App::script(WRITER, attrs.clone());
        assert_eq!(closed_pipe(app.cmd()), expected, "{attrs}: not killed by SIGPIPE (exit 141)");
    }
}

#[test]
fn a_dead_worker_is_a_broken_pipe_and_children_get_the_default_back() {
    // A worker that exits without reading its end of a socket pair; and
    // `subprocess` restores SIGPIPE's default in the programs it starts, as
    // under python.
    let code = "\
import multiprocessing, signal, subprocess
def worker(conn):
    conn.close()
if __name__ == '__main__':
    parent, child = multiprocessing.Pipe()
    p = multiprocessing.Process(target=worker, args=(child,))
    p.start()
    child.close()
    p.join()
    try:
        for _ in range(100):
            parent.send(b'x' * 65536)
        print('sent')
    except BrokenPipeError as e:
        print('BrokenPipeError', e.errno)
    out = subprocess.run(['sh', '-c', 'grep SigIgn /proc/self/status'], capture_output=True, text=True).stdout
    print('child ignores SIGPIPE:', bool(int(out.split()[1], 16) & (1 << (signal.SIGPIPE - 1))))
";
    for method in ["fork", "spawn", "forkserver"] {
        let app = App::script(code, json!({"install_signal_handlers": false, "multiprocessing_start_method": method}));
        let out = app.run(Vec::<String>::new()).ok();
        assert_eq!(out.stdout, "BrokenPipeError 32\nchild ignores SIGPIPE: False\n", "{method}");
    }
}
