//! frost's launcher: the stub `frost build` appends a config to.
//!
//! At start-up it reads its own executable's embedded config, decides from
//! the raw argv whether it is the app, a multiprocessing worker or helper,
//! initializes CPython through `PyPreConfig`/`PyConfig`, sets up `sys` and
//! the multiprocessing start method, and runs `Py_RunMain`.
//!
//! Start-method note: with `multiprocessing_start_method` other than `none`,
//! the method is set when `multiprocessing` is first imported, so a later
//! `multiprocessing.set_start_method(m)` in the app raises
//! `RuntimeError("context has already been set")`; pass `force=True`, or
//! use `multiprocessing.get_context(m)`, or set the attribute to `none`.

#![deny(clippy::undocumented_unsafe_blocks)]
#![deny(unsafe_op_in_unsafe_fn)]

pub mod alloc;
pub mod dispatch;
pub mod interp;

use std::ffi::OsString;
use std::path::PathBuf;

use frost_runtime::{payload, RuntimeConfig};

/// The `major.minor` version of the CPython this stub links.
pub const PYTHON_VERSION: &str = env!("FROST_PYTHON_VERSION");

/// The marker `frost build` reads from the stub without running it
/// (see `frost_runtime::payload::stub_info`).
pub static STUB_MARKER: &str =
    concat!("FROST-STUB:python=", env!("FROST_PYTHON_VERSION"), ";debug=", env!("FROST_PYTHON_DEBUG"), ";");

/// Set (to anything but empty or `0`) to run the diagnostic program instead of the app.
pub use frost_runtime::DOCTOR_ENV;

/// The exit code of a launch that fails before CPython starts.
pub const LAUNCH_ERROR: i32 = 1;

fn fail(message: impl std::fmt::Display) -> i32 {
    eprintln!("error: {message}");
    LAUNCH_ERROR
}

/// The embedded config of the executable at `exe`, checked against this stub.
pub fn load_config(exe: &std::path::Path) -> Result<RuntimeConfig, String> {
    let json = payload::read_file(exe).map_err(|e| format!("{}: {e}", exe.display()))?;
    let runtime = RuntimeConfig::from_json_str(&json).map_err(|e| {
        format!("{}: the embedded config is not valid: {e}; rebuild the app with `frost build`", exe.display())
    })?;
    if !runtime.python_version.is_empty() && runtime.python_version != PYTHON_VERSION {
        return Err(format!(
            "{}: the embedded config is for CPython {}, but this launcher links CPython {PYTHON_VERSION}; rebuild the app with a {} launcher",
            exe.display(),
            runtime.python_version,
            runtime.python_version
        ));
    }
    Ok(runtime)
}

/// The launcher's `main`: returns the process exit code.
pub fn main() -> i32 {
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE touches no Rust
    // state; no other thread exists yet to race with the change.
    unsafe {
        // Rust ignores SIGPIPE before main; give CPython the default back,
        // as `python` has it (CPython ignores it itself when it installs
        // its signal handlers).
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let args: Vec<OsString> = std::env::args_os().collect();
    let exe: PathBuf = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => return fail(format_args!("cannot find the running executable: {e}")),
    };
    let runtime = match load_config(&exe) {
        Ok(runtime) => runtime,
        Err(e) => return fail(e),
    };
    let invocation = match dispatch::classify(&args, runtime.config.multiprocessing_auto_dispatch) {
        Ok(invocation) => invocation,
        Err(e) => return fail(e),
    };
    let doctor = invocation == dispatch::Invocation::App
        && std::env::var_os(DOCTOR_ENV).is_some_and(|v| !v.is_empty() && v != "0");
    interp::run(interp::Launch { runtime: &runtime, exe: &exe, args: &args, invocation, doctor })
}
