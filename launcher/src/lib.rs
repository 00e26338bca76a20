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
pub mod bundle;
pub mod dispatch;
pub mod interp;
pub mod libpython;
mod preconfig;
mod pyconfig;
mod resident;
pub mod trust;

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

use frost_runtime::{payload, RuntimeConfig};

/// The `major.minor` version of the CPython this stub links.
pub const PYTHON_VERSION: &str = env!("FROST_PYTHON_VERSION");

/// The marker `frost build` reads from the stub without running it
/// (see `frost_runtime::payload::stub_info`).
/// `payload=` is the newest payload layout it reads (`frost_runtime::payload::FORMAT`,
/// checked by a test).
pub static STUB_MARKER: &str =
    concat!("FROST-STUB:python=", env!("FROST_PYTHON_VERSION"), ";debug=", env!("FROST_PYTHON_DEBUG"), ";payload=2;");

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
    if let Some(problem) = runtime.config.too_new_for(PYTHON_VERSION) {
        return Err(format!(
            "{}: the embedded config is not valid: {problem}; rebuild the app with `frost build`",
            exe.display()
        ));
    }
    Ok(runtime)
}

/// The launcher's `main` with the process arguments from
/// [`std::env::args_os`]: returns the process exit code.
///
/// The stub itself calls [`main_with_args`] with its C `main`'s own `argv`,
/// which needs no help from the C library; this is for Rust callers.
pub fn main() -> i32 {
    main_with_args(std::env::args_os().collect())
}

/// The launcher's `main`: runs the app (or worker, helper, doctor) for the
/// process arguments `args`, `argv[0]` included, and returns the process
/// exit code.
pub fn main_with_args(args: Vec<OsString>) -> i32 {
    #[cfg(unix)]
    // SAFETY: setting the disposition of SIGPIPE touches no Rust state; no
    // other thread exists yet to race with the change.
    unsafe {
        // As `python` has it whatever the profile (CPython ignores SIGPIPE
        // when it installs its signal handlers, which `python` always does):
        // a write to a closed pipe, socket or dead worker raises
        // BrokenPipeError instead of killing the app silently, also with
        // `install_signal_handlers = False`. `subprocess` restores the
        // default disposition in the programs it starts.
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
    let exe: PathBuf = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => return fail(format_args!("cannot find the running executable: {e}")),
    };
    let runtime = match load_config(&exe) {
        Ok(runtime) => runtime,
        Err(e) => return fail(e),
    };
    if let Err(e) = bundle::check(&runtime, &exe) {
        return fail(e);
    }
    bundle::point_openssl_at_system_certificates(&runtime, &exe);
    if let Some(home) = bundle::folder_home(&runtime) {
        if let Err(e) = libpython::check(Path::new(&bundle::expand_home(home, &exe))) {
            return fail(e);
        }
    }
    let invocation = match dispatch::classify(&args, runtime.config.multiprocessing_auto_dispatch) {
        Ok(invocation) => invocation,
        Err(e) => return fail(e),
    };
    if invocation != dispatch::Invocation::App {
        if let Err(trust::Foreign(why)) = trust::parent_is(&exe) {
            return fail(format_args!(
                "refusing a multiprocessing {} command line: {why}; only the app itself starts its workers and helpers",
                invocation.describe()
            ));
        }
    }
    let doctor = match std::env::var_os(DOCTOR_ENV) {
        Some(v) if invocation == dispatch::Invocation::App && !v.is_empty() && v != "0" => {
            let key =
                frost_runtime::doctor_key(Path::new("/proc/self/exe")).or_else(|_| frost_runtime::doctor_key(&exe));
            let confirmed = key.is_ok_and(|key| v == OsStr::new(&key));
            let why = if confirmed {
                String::new()
            } else {
                format!(
                    " (not asked for by `frost doctor`: the exit code is {} even when healthy; unset the variable to run the app)",
                    frost_runtime::DOCTOR_UNCONFIRMED_EXIT
                )
            };
            eprintln!("frost: {DOCTOR_ENV} is set: running the diagnostics instead of the app{why}");
            Some(confirmed)
        }
        _ => None,
    };
    interp::run(interp::Launch { runtime: &runtime, exe: &exe, args: &args, invocation, doctor })
}

/// The arguments of a C `main`, `argv[0]` included, as the bytes they are.
///
/// # Safety
/// `argv` must point to `argc` valid pointers to NUL-terminated strings
/// that live as long as the call (what the C runtime hands `main`). A
/// negative `argc` or a NULL `argv` gives no arguments.
#[cfg(unix)]
pub unsafe fn args_from_c(argc: std::ffi::c_int, argv: *const *const std::ffi::c_char) -> Vec<OsString> {
    use std::os::unix::ffi::OsStrExt;
    let count = usize::try_from(argc).unwrap_or(0);
    if argv.is_null() {
        return Vec::new();
    }
    (0..count)
        .map(|i| {
            // SAFETY: `i < argc`, and the caller guarantees `argv` holds `argc` pointers.
            let arg = unsafe { *argv.add(i) };
            // SAFETY: the caller guarantees each of them is a NUL-terminated string.
            let bytes = unsafe { std::ffi::CStr::from_ptr(arg) }.to_bytes();
            std::ffi::OsStr::from_bytes(bytes).to_os_string()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marker_says_the_payload_format_this_launcher_reads() {
        let info = frost_runtime::payload::stub_info(STUB_MARKER.as_bytes()).unwrap();
        assert_eq!(info.payload, frost_runtime::payload::FORMAT);
        assert_eq!(info.python_version, PYTHON_VERSION);
    }

    #[test]
    fn c_arguments_are_kept_as_bytes() {
        let owned = [c"/opt/app/myapp".as_ptr(), c"\xff\xfe".as_ptr(), c"".as_ptr(), c"-c".as_ptr()];
        // SAFETY: four pointers to NUL-terminated strings that outlive the call.
        let args = unsafe { args_from_c(4, owned.as_ptr()) };
        use std::os::unix::ffi::OsStrExt;
        let bytes: Vec<&[u8]> = args.iter().map(|a| a.as_bytes()).collect();
        assert_eq!(bytes, [&b"/opt/app/myapp"[..], b"\xff\xfe", b"", b"-c"]);
        // SAFETY: no pointer is read.
        assert_eq!(unsafe { args_from_c(0, std::ptr::null()) }, Vec::<OsString>::new());
        // SAFETY: a NULL argv is never read.
        assert_eq!(unsafe { args_from_c(3, std::ptr::null()) }, Vec::<OsString>::new());
    }
}
