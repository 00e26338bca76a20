//! Building and running apps for the launcher's tests: copy the real stub,
//! append a config made in Rust, run the result. No mocks: real CPython,
//! real processes.

#![allow(dead_code)]

use std::ffi::OsString;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use frost_runtime::payload;
use frost_runtime::runtime::json_to_value;
use frost_runtime::RuntimeConfig;

/// The launcher stub cargo built for these tests.
pub const STUB: &str = env!("CARGO_BIN_EXE_frost-launcher");

/// The `major.minor` of the CPython the stub links.
pub const PYTHON_VERSION: &str = frost_launcher::PYTHON_VERSION;

/// A config with `attrs` (JSON values by attribute name) over the defaults.
pub fn config(attrs: serde_json::Value) -> RuntimeConfig {
    let mut rc = RuntimeConfig::new("test", "x86_64-unknown-linux-gnu", PYTHON_VERSION);
    rc.executable_name = Some("app".into());
    for (name, value) in attrs.as_object().expect("attrs are a JSON object") {
        let value = json_to_value(value).unwrap_or_else(|| panic!("{name}: not a table value"));
        rc.config.set(name, value).unwrap_or_else(|e| panic!("{e}"));
    }
    rc
}

/// A built app in its own temporary folder.
pub struct App {
    pub dir: tempfile::TempDir,
    pub exe: PathBuf,
}

impl App {
    /// Builds `dir/app` from the stub and `rc`.
    pub fn build(rc: &RuntimeConfig) -> App {
        let dir = tempfile::Builder::new().prefix("frost-launcher-test").tempdir().unwrap();
        let exe = dir.path().join("app");
        write_app(&exe, &rc.to_json_pretty());
        App { dir, exe }
    }

    /// An app whose `run_filename` is `script`, written next to it as `main.py`.
    pub fn script(script: &str, attrs: serde_json::Value) -> App {
        let dir = tempfile::Builder::new().prefix("frost-launcher-test").tempdir().unwrap();
        let main = dir.path().join("main.py");
        fs::write(&main, script).unwrap();
        let mut attrs = attrs;
        attrs["run_filename"] = main.to_str().unwrap().into();
        let exe = dir.path().join("app");
        write_app(&exe, &config(attrs).to_json_pretty());
        App { dir, exe }
    }

    /// An app whose `run_command` is `code`.
    pub fn command(code: &str, attrs: serde_json::Value) -> App {
        let mut attrs = attrs;
        attrs["run_command"] = code.into();
        App::build(&config(attrs))
    }

    pub fn cmd(&self) -> Command {
        let mut cmd = Command::new(&self.exe);
        cmd.current_dir(self.dir.path()).env("LC_ALL", "C.UTF-8").env_remove(frost_launcher::DOCTOR_ENV);
        cmd
    }

    /// Runs the app with `args`.
    pub fn run<I: IntoIterator<Item = S>, S: Into<OsString>>(&self, args: I) -> Output {
        let mut cmd = self.cmd();
        cmd.args(args.into_iter().map(Into::into));
        run(cmd)
    }
}

/// Writes the stub followed by the config's payload to `exe`.
pub fn write_app(exe: &Path, json: &str) {
    let mut bytes = fs::read(STUB).unwrap();
    bytes.extend(payload::encode(json));
    fs::write(exe, bytes).unwrap();
    fs::set_permissions(exe, fs::Permissions::from_mode(0o755)).unwrap();
}

/// What a process did.
#[derive(Debug)]
pub struct Output {
    pub code: Option<i32>,
    pub signal: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    /// Panics with everything the process said unless it exited 0.
    pub fn ok(self) -> Self {
        assert_eq!((self.code, self.signal), (Some(0), None), "the app failed:\n{self}");
        self
    }
}

impl std::fmt::Display for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit code {:?}, signal {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.signal, self.stdout, self.stderr
        )
    }
}

/// Runs `cmd` with output to files (no pipe can fill up) and a time limit.
pub fn run(mut cmd: Command) -> Output {
    let logs = tempfile::tempdir().unwrap();
    let out_path = logs.path().join("stdout");
    let err_path = logs.path().join("stderr");
    cmd.stdin(Stdio::null()).stdout(fs::File::create(&out_path).unwrap()).stderr(fs::File::create(&err_path).unwrap());
    let mut child = spawn_retrying(&mut cmd);
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{cmd:?} did not finish in 90 s\n--- stdout\n{}\n--- stderr\n{}",
                fs::read_to_string(&out_path).unwrap_or_default(),
                fs::read_to_string(&err_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Output {
        code: status.code(),
        signal: status.signal(),
        stdout: String::from_utf8_lossy(&fs::read(&out_path).unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&fs::read(&err_path).unwrap()).into_owned(),
    }
}

/// Spawns `cmd`, retrying while the executable is "busy": another test
/// thread may have forked while this one still held the new file open for
/// writing (ETXTBSY lasts until that child calls exec).
pub fn spawn_retrying(cmd: &mut Command) -> std::process::Child {
    let mut tries = 0;
    loop {
        match cmd.spawn() {
            Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy && tries < 100 => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(10));
            }
            other => return other.unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}")),
        }
    }
}

/// The JSON the app printed on its last stdout line.
pub fn last_json(out: &Output) -> serde_json::Value {
    let line = out.stdout.lines().last().unwrap_or_else(|| panic!("no output:\n{out}"));
    serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}\n{out}"))
}

/// The linked CPython's `python3` (for side-by-side comparisons).
pub fn python() -> PathBuf {
    let libdir = Path::new(env!("FROST_PYTHON_LIBDIR"));
    libdir.parent().expect("the libdir has a parent").join("bin").join(format!("python{PYTHON_VERSION}"))
}

/// The linked CPython's standard library folders.
pub fn stdlib_paths() -> Vec<String> {
    let lib = Path::new(env!("FROST_PYTHON_LIBDIR")).join(format!("python{PYTHON_VERSION}"));
    vec![lib.display().to_string(), lib.join("lib-dynload").display().to_string()]
}
