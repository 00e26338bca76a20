//! Asking an interpreter about itself, once. frost runs a Python with a
//! short script (`-I -S -c`, at most 5 s) that prints one JSON value, and
//! keeps the answer in frost's cache folder, `pythons/<hash>.json`, keyed
//! by the script, the interpreter's path as given and its real path, inode,
//! size and change times: a build then starts no Python to learn what it
//! already knows,
//! and a reinstalled or replaced interpreter is asked again. Failures are
//! not kept. Several interpreters are asked at once (`start` them all,
//! then take each `answer`).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

/// How long an interpreter has to answer.
const TIMEOUT: Duration = Duration::from_secs(5);

/// An answer on its way.
pub enum Pending {
    /// Known already.
    Known(Value),
    /// The interpreter runs; the answer is to be kept in the file (with
    /// its key), if any.
    Running(Child, Option<(PathBuf, String)>),
    /// It could not be started.
    Failed(String),
}

/// The cache file of (`python`, `script`) and the key it must hold, when
/// frost has a cache folder and the interpreter can be read.
#[cfg(unix)]
fn cache_file(python: &Path, script: &str) -> Option<(PathBuf, String)> {
    use std::os::unix::fs::MetadataExt;
    let real = python.canonicalize().ok()?;
    let m = std::fs::metadata(&real).ok()?;
    // The path as given too: a virtualenv's python3 is a link to its base
    // interpreter, but answers with its own site-packages.
    let key = format!(
        "{}\n{}\n{} {} {}.{} {}.{}\n{script}",
        python.display(),
        real.display(),
        m.ino(),
        m.len(),
        m.mtime(),
        m.mtime_nsec(),
        m.ctime(),
        m.ctime_nsec()
    );
    let dir = super::local::cache_dir().ok()?.join("pythons");
    Some((dir.join(format!("{:016x}.json", frost_runtime::payload::checksum(key.as_bytes()))), key))
}

#[cfg(not(unix))]
fn cache_file(_: &Path, _: &str) -> Option<(PathBuf, String)> {
    None
}

/// The answer kept for `key` in `file`.
fn known(file: &Path, key: &str) -> Option<Value> {
    let mut kept: Value = serde_json::from_slice(&std::fs::read(file).ok()?).ok()?;
    (kept["key"] == key).then(|| kept["answer"].take())
}

/// Starts asking `python` what `script` prints.
pub fn start(python: &Path, script: &str) -> Pending {
    let file = cache_file(python, script);
    if let Some(value) = file.as_ref().and_then(|(f, key)| known(f, key)) {
        return Pending::Known(value);
    }
    let mut command = Command::new(python);
    command.args(["-I", "-S", "-c", script]).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        command.process_group(0);
    }
    match command.spawn() {
        Ok(child) => Pending::Running(child, file),
        Err(e) => Pending::Failed(format!("cannot run it: {e}")),
    }
}

impl Pending {
    /// The answer, or why there is none, as a phrase about the interpreter.
    pub fn answer(self) -> Result<Value, String> {
        let (child, file) = match self {
            Pending::Known(value) => return Ok(value),
            Pending::Failed(why) => return Err(why),
            Pending::Running(child, file) => (child, file),
        };
        let output = crate::build::wait::wait_within(child, TIMEOUT)
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("it did not answer within {} s", TIMEOUT.as_secs()))?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let last = stderr.trim().lines().last().unwrap_or("").to_string();
            return Err(format!(
                "it exited with {} when asked{}",
                output.status,
                if last.is_empty() { String::new() } else { format!(": {last}") }
            ));
        }
        let value: Value = serde_json::from_slice(&output.stdout)
            .map_err(|_| "its answer was not what CPython 3 gives".to_string())?;
        if let Some((file, key)) = file {
            keep(&file, serde_json::json!({ "key": key, "answer": value }).to_string().as_bytes());
        }
        Ok(value)
    }
}

/// Writes `bytes` to `file` whole (a temporary file renamed into place),
/// or not at all: the cache is only a shortcut.
fn keep(file: &Path, bytes: &[u8]) {
    let Some(dir) = file.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let tmp = dir.join(format!(".{}.{}", file.file_name().unwrap_or_default().to_string_lossy(), std::process::id()));
    if std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, file).is_ok() {
        return;
    }
    let _ = std::fs::remove_file(&tmp);
}

/// Asks `python` what `script` prints (from the cache when it can).
pub fn ask(python: &Path, script: &str) -> Result<Value, String> {
    start(python, script).answer()
}
