//! `frost build` and `frost run`: stamp a lowered config into a copy of the
//! launcher stub.
//!
//! The stub (`frost-launcher`, built from `launcher/`) links one CPython.
//! Building an app is copying the stub and appending the config's JSON with
//! a checksummed trailer (`frost_runtime::payload`): no Rust toolchain, a
//! few milliseconds.

use std::ffi::OsString;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{anyhow, bail, Context};
use frost_runtime::payload::{self, StubInfo};
use frost_runtime::{support, RuntimeConfig};

pub mod bundle;
pub mod doctor;
pub mod install;
pub mod make_stub;
pub mod plans;
pub mod stubs;
pub mod wait;

pub use plans::not_buildable;

/// The environment variable naming the launcher stub to build from.
pub const LAUNCHER_ENV: &str = "FROST_LAUNCHER";

/// The stub's file name, next to the `frost` executable.
pub const LAUNCHER_NAME: &str = if cfg!(windows) { "frost-launcher.exe" } else { "frost-launcher" };

/// Where and from what to build.
#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    /// The folder the executable is written to.
    pub out_dir: PathBuf,
    /// The launcher stub to use; when `None`, `$FROST_LAUNCHER`, else
    /// `frost-launcher-3.X` (or the plain `frost-launcher` when it links
    /// 3.X) next to the running `frost` (see [`stubs`]).
    pub launcher: Option<PathBuf>,
}

/// The launcher stub a build for CPython `version` uses: the explicit
/// one, else `$FROST_LAUNCHER`, else `frost-launcher-3.X` next to `frost`,
/// else the plain `frost-launcher` there when it links `version`
/// (see [`stubs`]).
pub fn find_launcher(options: &BuildOptions, version: &str) -> anyhow::Result<PathBuf> {
    stubs::pick(options, version).map(|(path, _)| path)
}

/// Reads a stub's marker: which CPython it links.
pub fn stub_info(stub: &[u8], path: &Path) -> anyhow::Result<StubInfo> {
    payload::stub_info(stub).map_err(|e| anyhow!("{} cannot be used as frost's launcher: {e}", path.display()))
}

/// Everything in `config` this build cannot honour, as one message, or `None`.
fn refusals(config: &RuntimeConfig, stub: &StubInfo) -> Option<String> {
    let mut lines: Vec<String> =
        support::unsupported(&config.config).iter().map(|u| format!("  - `{}`: {}", u.attr, u.reason)).collect();
    if !stub.debug {
        for attr in support::debug_only_set(&config.config) {
            lines.push(format!(
                "  - `{attr}`: it only works with a debug build of CPython, and the launcher links a release build; set it to None"
            ));
        }
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// The checks on the executable name: one plain file name.
/// The config language's own check: a JSON or API config meets it too.
fn check_name(name: &str) -> anyhow::Result<()> {
    frost_runtime::names::check_executable_name(name).map_err(|e| anyhow!("cannot build: {e}"))
}

/// A checked build: the executable's name and the launcher stub for it.
pub(crate) struct Prepared {
    /// The executable's file name.
    pub name: String,
    /// The launcher stub's path.
    pub launcher: PathBuf,
    /// The stub's bytes, without any payload.
    pub stub: Vec<u8>,
}

/// Writes `out_dir/<executable_name>` and returns its path.
///
/// The file is written whole or not at all: a temporary file in the same
/// folder, synced, made executable, then renamed over the target.
pub fn build(config: &RuntimeConfig, options: &BuildOptions) -> anyhow::Result<PathBuf> {
    let Prepared { name, stub, .. } = prepare(config, options)?;
    let name = name.as_str();
    let mut contents = Vec::with_capacity(stub.len() + 64 * 1024);
    contents.extend_from_slice(&stub);
    contents.extend_from_slice(&payload::encode(&config.to_json_pretty()));
    fs::create_dir_all(&options.out_dir)
        .with_context(|| format!("cannot create the output folder {}", options.out_dir.display()))?;
    let target = options.out_dir.join(name);
    let over_bundle = bundle::stage::is_bundle(&target);
    if !over_bundle {
        check_replaceable(&target)?;
    }
    remove_stale_temps(&options.out_dir, name);
    write_replacing(&target, &contents, 0o755, over_bundle)
        .with_context(|| format!("cannot write {}", target.display()))?;
    Ok(target)
}

/// The checks every build makes, and the launcher stub it builds from.
pub(crate) fn prepare(config: &RuntimeConfig, options: &BuildOptions) -> anyhow::Result<Prepared> {
    let name = config.executable_name.as_deref().ok_or_else(|| {
        anyhow!(
            "target `{}` gives a PythonInterpreterConfig, not an executable: nothing to build; make the target return `dist.to_python_executable(name = \"myapp\", config = config)`",
            config.target
        )
    })?;
    check_name(name)?;
    let host = crate::language::host_triple();
    if !config.target_triple.is_empty() && config.target_triple != host {
        bail!(
            "target `{}` was evaluated for {}, but frost builds for this machine ({host}) only: it does not cross-build; \
             drop --target-triple to build, or use `frost check --target-triple {}` to lint the config for that platform",
            config.target,
            config.target_triple,
            config.target_triple
        );
    }
    if config.python_version.is_empty() {
        bail!("the config names no python_version, so no launcher can be chosen for it");
    }
    let (launcher, read) = stubs::pick(options, &config.python_version)?;
    let bytes = match read {
        Some(bytes) => bytes,
        None => read_launcher(&launcher).with_context(|| {
            format!(
                "cannot read the launcher stub {}: make it with `frost launcher build {}`, or name one with ${LAUNCHER_ENV}",
                launcher.display(),
                config.python_version
            )
        })?,
    };
    let stub = payload::stub_of(&bytes);
    let info = stub_info(stub, &launcher)?;
    if info.python_version != config.python_version {
        bail!(
            "the launcher {} links CPython {}, but the config asks for python_version {}; make a launcher for it with `frost launcher build {}` (frost picks it when neither --launcher nor ${LAUNCHER_ENV} is given)",
            launcher.display(),
            info.python_version,
            config.python_version,
            config.python_version
        );
    }
    if info.payload < payload::FORMAT {
        bail!(
            "the launcher stub {} is older than this frost (it reads payload format {}, this frost writes {}): \
             rebuild it with `frost launcher build {}`",
            launcher.display(),
            info.payload,
            payload::FORMAT,
            info.python_version
        );
    }
    if let Some(lines) = refusals(config, &info) {
        bail!("target `{}` sets values frost's launcher cannot honour:\n{lines}", config.target);
    }
    let stub = stub.to_vec();
    Ok(Prepared { name: name.to_string(), launcher, stub })
}

/// The largest launcher stub frost reads (a stub is about a megabyte).
const MAX_LAUNCHER_BYTES: u64 = 512 << 20;

/// Reads the launcher stub: a regular file, bounded.
pub(crate) fn read_launcher(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = fs::File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::other("it is not a regular file"));
    }
    let mut bytes = Vec::with_capacity(meta.len().min(MAX_LAUNCHER_BYTES) as usize);
    file.take(MAX_LAUNCHER_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_LAUNCHER_BYTES {
        return Err(std::io::Error::other(format!("it is larger than {} MiB", MAX_LAUNCHER_BYTES >> 20)));
    }
    Ok(bytes)
}

/// `frost build` replaces only what an earlier build wrote: a file that
/// carries a frost payload. Anything else there (the config itself, the
/// launcher stub, a folder, someone's file) is left alone, and the build
/// says so.
fn check_replaceable(target: &Path) -> anyhow::Result<()> {
    let meta = match fs::symlink_metadata(target) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(anyhow!("cannot write {}: {e}", target.display())),
    };
    if meta.is_file() && payload::read_file(target).is_ok() {
        return Ok(());
    }
    let what = if meta.is_dir() {
        "a folder"
    } else if meta.file_type().is_symlink() {
        "a symbolic link"
    } else {
        "a file that frost did not build"
    };
    bail!(
        "cannot write {}: it exists and is {what}, and frost build only replaces apps it built; remove it, or build elsewhere with -o DIR",
        target.display()
    )
}

/// Removes the temporary files that builds of `name` killed before they
/// could clean up left in `dir` (`.NAME.frost-PID-NANOS.tmp`, whose PID is
/// no longer running).
fn remove_stale_temps(dir: &Path, name: &str) {
    let prefix = format!(".{name}.frost-");
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else { continue };
        let Some(pid) = rest.strip_suffix(".tmp").and_then(|r| r.split('-').next()) else { continue };
        let Ok(pid) = pid.parse::<u32>() else { continue };
        if pid != std::process::id() && !process_is_running(pid) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Whether a process with this id runs (on Linux, `/proc/PID` exists);
/// elsewhere, to be safe, every process is taken to run.
fn process_is_running(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

/// Writes a text file (a config, a report) whole or not at all, keeping the
/// permissions of the file it replaces (0644 for a new one).
pub fn write_whole(target: &Path, contents: &[u8]) -> std::io::Result<()> {
    let mode = fs::metadata(target).ok().map(|m| {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            m.permissions().mode() & 0o7777
        }
        #[cfg(not(unix))]
        {
            let _ = m;
            0o644
        }
    });
    write_with_mode(target, contents, mode.unwrap_or(0o644))
}

/// Writes `contents` to `target` whole or not at all, executable.
pub(crate) fn write_atomically(target: &Path, contents: &[u8]) -> std::io::Result<()> {
    write_with_mode(target, contents, 0o755)
}

/// Writes `contents` to `target` whole or not at all: a temporary file in
/// the same folder, synced, given `mode`, then renamed over the target.
fn write_with_mode(target: &Path, contents: &[u8], mode: u32) -> std::io::Result<()> {
    write_replacing(target, contents, mode, false)
}

/// [`write_with_mode`]; when `over_folder`, `target` is a folder (a bundle
/// an earlier build wrote), which the file takes the place of in one
/// exchange before the folder is removed.
fn write_replacing(target: &Path, contents: &[u8], mode: u32, over_folder: bool) -> std::io::Result<()> {
    let dir = target.parent().unwrap_or(Path::new("."));
    let file_name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let temp = dir.join(format!(".{file_name}.frost-{}-{nanos}.tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::OpenOptions::new().write(true).create_new(true).open(&temp)?;
        file.write_all(contents)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(fs::Permissions::from_mode(mode))?;
        }
        #[cfg(not(unix))]
        let _ = mode;
        file.sync_all()?;
        drop(file);
        if over_folder {
            bundle::stage::exchange(&temp, target)?;
            // The temporary name now holds the old bundle; a later build
            // removes it if this cannot.
            let _ = fs::remove_dir_all(&temp);
            return Ok(());
        }
        fs::rename(&temp, target)?;
        #[cfg(unix)]
        if let Ok(d) = fs::File::open(dir) {
            // Make the rename itself durable; not every file system allows it.
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Runs a built executable with `args`; returns its exit code (128 + N when
/// a signal N ended it, as a shell reports it).
pub fn run(exe: &Path, args: &[OsString]) -> anyhow::Result<i32> {
    // A bare name would be looked up on PATH: run the built file itself.
    let exe = if exe.components().count() == 1 { Path::new(".").join(exe) } else { exe.to_path_buf() };
    let mut command = Command::new(&exe);
    command.args(args);
    let status = retry_busy(|| command.status()).with_context(|| format!("cannot run {}", exe.display()))?;
    if let Some(code) = status.code() {
        return Ok(code);
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return Ok(128 + signal);
        }
    }
    bail!("{} ended without an exit code", exe.display())
}

/// Runs `start`, retrying for up to a second while the executable is
/// "busy" (ETXTBSY): a process forked elsewhere in this program while the
/// file was still open for writing holds it until it calls exec.
pub fn retry_busy<T>(mut start: impl FnMut() -> std::io::Result<T>) -> std::io::Result<T> {
    let mut tries = 0;
    loop {
        match start() {
            Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy && tries < 100 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_must_be_plain() {
        for bad in ["", ".", "..", "a/b", "/abs", "x\0y"] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
        check_name("myapp").unwrap();
        check_name("my app-1.0").unwrap();
    }

    #[test]
    fn release_stubs_refuse_debug_only_attributes() {
        let mut c = RuntimeConfig::new("t", "x86_64-unknown-linux-gnu", "3.11");
        let release = StubInfo { python_version: "3.11".into(), debug: false, payload: payload::FORMAT };
        assert_eq!(refusals(&c, &release), None);
        c.config.show_ref_count = Some(true);
        c.config.filesystem_importer = false;
        let message = refusals(&c, &release).unwrap();
        assert!(message.contains("`filesystem_importer`") && message.contains("`show_ref_count`"), "{message}");
        assert_eq!(
            refusals(&c, &StubInfo { debug: true, ..release }).map(|m| m.contains("show_ref_count")),
            Some(false)
        );
    }
}
