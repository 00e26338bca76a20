//! Start-up: starting CPython from the embedded config through the
//! `PyPreConfig` (`preconfig.rs`) / `PyConfig` (`pyconfig.rs`)
//! API, setting up `sys` (boot.py), then running the app with `Py_RunMain`
//! (which gives `python`'s own precedence of `run_command`, `run_module`
//! and `run_filename`, its REPL, its exit codes and `Py_FinalizeEx`).

use std::ffi::{c_long, CStr, OsString};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use frost_runtime::{RuntimeConfig, StartMethod, TerminfoResolution};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList};

use crate::dispatch::Invocation;
use crate::preconfig::{check, pre_initialize, Init, StatusError};
use crate::pyconfig::build_config;
pub use crate::pyconfig::{expand_origin, expand_search_path, stdlib_dirs};

/// The Python run after initialization and before the app.
const BOOT: &CStr = match CStr::from_bytes_with_nul(concat!(include_str!("boot.py"), "\0").as_bytes()) {
    Ok(code) => code,
    Err(_) => panic!("boot.py holds a NUL byte"),
};

/// boot.py compiled by the linked CPython at build time (empty if it could not be).
static BOOT_MARSHAL: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/boot.marshal"));

// BOOT_MAGIC: the `importlib.util.MAGIC_NUMBER` of the CPython that compiled
// BOOT_MARSHAL, as `PyImport_GetMagicNumber()` gives it (the four bytes read
// as a little-endian integer); BOOT_PYTHON: that CPython's version. Written
// by build.rs.
include!(concat!(env!("OUT_DIR"), "/boot_magic.rs"));

/// What this process was started as, with what it needs to run.
pub struct Launch<'a> {
    pub runtime: &'a RuntimeConfig,
    /// The built executable (`/proc/self/exe`).
    pub exe: &'a Path,
    /// The process arguments, `argv[0]` included.
    pub args: &'a [OsString],
    pub invocation: Invocation,
    /// Run the diagnostic program instead of the app: `Some(confirmed)`,
    /// where `confirmed` says `frost doctor` asked for it (the variable
    /// holds the app's `frost_runtime::doctor_key`).
    pub doctor: Option<bool>,
}

/// The start method `multiprocessing_start_method` asks for here, if any.
pub fn start_method(method: StartMethod) -> Option<&'static str> {
    match method.effective(cfg!(windows)) {
        StartMethod::None => None,
        m => Some(m.as_str()),
    }
}

/// Whether this process runs the app (rather than a worker, a helper or the doctor).
pub(crate) fn runs_app(launch: &Launch) -> bool {
    launch.invocation == Invocation::App && launch.doctor.is_none()
}

/// Whether CPython reads `PYTHON*` environment variables with this config:
/// `use_environment`, else the profile's, and never when `isolated`.
pub fn reads_environment(c: &frost_runtime::InterpreterConfig) -> bool {
    let profile = c.config_profile == frost_runtime::ConfigProfile::Python;
    c.isolated != Some(true) && c.use_environment.unwrap_or(profile)
}

/// Sets `TERMINFO_DIRS` as `terminfo_resolution` says (before any thread exists).
fn resolve_terminfo(resolution: &TerminfoResolution) {
    match resolution {
        TerminfoResolution::None => {}
        // The config check refuses a NUL (set_var would panic on it, in a
        // function that cannot unwind); a hand-made payload is not trusted.
        TerminfoResolution::Static(dirs) if dirs.contains('\0') => {}
        TerminfoResolution::Static(dirs) => std::env::set_var("TERMINFO_DIRS", dirs),
        TerminfoResolution::Dynamic => {
            if std::env::var_os("TERMINFO_DIRS").is_some() {
                return;
            }
            let found: Vec<&str> = [
                "/etc/terminfo",
                "/lib/terminfo",
                "/usr/share/terminfo",
                "/usr/lib/terminfo",
                "/usr/share/lib/terminfo",
                "/usr/local/share/terminfo",
            ]
            .into_iter()
            .filter(|d| Path::new(d).is_dir())
            .collect();
            if !found.is_empty() {
                std::env::set_var("TERMINFO_DIRS", found.join(":"));
            }
        }
    }
}

/// Sets up `sys` and the multiprocessing hook (boot.py), before the app.
fn boot(py: Python<'_>, launch: &Launch) -> PyResult<()> {
    let c = &launch.runtime.config;
    let params = PyDict::new(py);
    params.set_item("frozen", c.sys_frozen)?;
    let exe_dir = launch.exe.parent().map(|d| d.as_os_str().to_os_string());
    params.set_item("meipass", if c.sys_meipass { exe_dir } else { None })?;
    if c.argvb {
        let items: Vec<Bound<'_, PyBytes>> = launch.args.iter().map(|a| PyBytes::new(py, a.as_bytes())).collect();
        params.set_item("argvb", PyList::new(py, items)?)?;
    } else {
        params.set_item("argvb", py.None())?;
    }
    params.set_item("start_method", start_method(c.multiprocessing_start_method))?;
    let modules_dir = match (&c.write_modules_directory_env, runs_app(launch)) {
        (Some(var), true) => std::env::var_os(var).filter(|d| !d.is_empty()),
        _ => None,
    };
    params.set_item("modules_dir", modules_dir)?;
    params.set_item("stdlib_sources", crate::bundle::stdlib_sources(launch.runtime, launch.exe))?;
    params.set_item("bundle", crate::bundle::folder_home(launch.runtime).is_some())?;
    if let Some(confirmed) = launch.doctor {
        let doctor = PyDict::new(py);
        doctor.set_item("confirmed", confirmed)?;
        doctor.set_item("unconfirmed_exit", frost_runtime::DOCTOR_UNCONFIRMED_EXIT)?;
        doctor.set_item("exe", launch.exe.as_os_str())?;
        doctor.set_item("python_version", &launch.runtime.python_version)?;
        doctor.set_item("system_libraries", frost_runtime::system_libraries::SYSTEM_LIBRARIES)?;
        doctor.set_item("start_method", c.multiprocessing_start_method.as_str())?;
        doctor.set_item("expected_method", start_method(c.multiprocessing_start_method))?;
        doctor.set_item("auto_dispatch", c.multiprocessing_auto_dispatch)?;
        doctor.set_item("sys_frozen", c.sys_frozen)?;
        doctor.set_item("stub", crate::STUB_MARKER)?;
        doctor.set_item("env", crate::DOCTOR_ENV)?;
        // A bundle's folder (its `home` is under `$ORIGIN`): where every
        // module must come from.
        let bundle = crate::bundle::folder_home(launch.runtime).map(|h| crate::bundle::expand_home(h, launch.exe));
        doctor.set_item("bundle", bundle)?;
        doctor.set_item("run_module", &c.run_module)?;
        doctor.set_item("run_filename", &c.run_filename)?;
        params.set_item("doctor", doctor)?;
    } else {
        params.set_item("doctor", py.None())?;
    }
    let globals = PyDict::new(py);
    globals.set_item("__builtins__", py.import("builtins")?)?;
    globals.set_item("__name__", "_frost_boot")?;
    globals.set_item("_frost", params)?;
    if BOOT_MARSHAL.is_empty() {
        // Not precompiled (the build could not run the CPython): compile the source.
        return py.run(BOOT, Some(&globals), None);
    }
    // SAFETY: the GIL is held (`py`); the pointer and length describe
    // BOOT_MARSHAL, which is 'static. The result is a new reference or NULL
    // with an exception set, which `from_owned_ptr_or_err` takes over.
    let code = unsafe {
        Bound::from_owned_ptr_or_err(
            py,
            ffi::PyMarshal_ReadObjectFromString(BOOT_MARSHAL.as_ptr().cast(), BOOT_MARSHAL.len() as ffi::Py_ssize_t),
        )?
    };
    // SAFETY: the GIL is held; `code` is a code object (marshal of
    // `compile()`'s result) and `globals` a dict, both alive for the call.
    // The result is a new reference or NULL with an exception set.
    unsafe {
        let result = ffi::PyEval_EvalCode(code.as_ptr(), globals.as_ptr(), globals.as_ptr());
        Bound::from_owned_ptr_or_err(py, result).map(drop)
    }
}

/// Refuses to load the precompiled boot code into a CPython whose bytecode
/// differs from the one that compiled it (the libpython the stub links was
/// replaced by another build since): marshalled code of another bytecode
/// version can fail to load or, worse, load and misbehave.
fn check_boot_magic(py: Python<'_>) -> Result<(), String> {
    if BOOT_MARSHAL.is_empty() {
        return Ok(());
    }
    // SAFETY: the GIL is held (`py`) and the import system is initialized.
    let running = unsafe { ffi::PyImport_GetMagicNumber() };
    if running == -1 {
        return Err(format!(
            "cannot read the running CPython's bytecode magic number: {}",
            PyErr::take(py).map_or_else(|| "no exception set".to_string(), |e| e.to_string())
        ));
    }
    match boot_magic_mismatch(running, running_version) {
        None => Ok(()),
        Some(message) => Err(message),
    }
}

/// The running libpython's version, `3.11.7`.
fn running_version() -> String {
    // SAFETY: Py_GetVersion returns a static NUL-terminated string.
    let version = unsafe { CStr::from_ptr(ffi::Py_GetVersion()) };
    version.to_string_lossy().split_whitespace().next().unwrap_or_default().to_string()
}

/// The error for running magic number `running` (of the CPython `version()`
/// names), or `None` when it is the one the boot code was compiled for.
///
/// The message names the bytecode version, the magic number's first two
/// bytes (3495 for 3.11's `MAGIC_NUMBER`, `b'\xa7\r\r\n'`), as CPython's
/// `Lib/importlib/_bootstrap_external.py` lists them.
fn boot_magic_mismatch(running: c_long, version: impl FnOnce() -> String) -> Option<String> {
    (running != BOOT_MAGIC).then(|| {
        format!(
            "the launcher's precompiled boot code is for CPython {BOOT_PYTHON} (magic {}) but the running libpython is {} (magic {}); rebuild frost-launcher against this CPython",
            BOOT_MAGIC & 0xffff,
            version(),
            running & 0xffff
        )
    })
}

/// Starts CPython for `launch`, runs it and returns the process exit code.
pub fn run(launch: Launch) -> i32 {
    let c = &launch.runtime.config;
    resolve_terminfo(&c.terminfo_resolution);
    if !reads_environment(c) {
        // CPython's path configuration takes `sys.executable` from
        // PYTHONEXECUTABLE even with `-I` or `-E` and an explicit
        // `PyConfig.executable`; multiprocessing would then start that
        // program as the workers. The config said not to read the
        // environment: the variable goes (also for the app's children).
        std::env::remove_var("PYTHONEXECUTABLE");
    }
    let started = (|| -> Init<()> {
        pre_initialize(&launch)?;
        // SAFETY: CPython is pre-initialized and not initialized, and this
        // is the only thread (the launcher starts none).
        unsafe { crate::alloc::install(c) };
        let config = build_config(&launch)?;
        // SAFETY: `config` is an initialized PyConfig, alive for the call,
        // which copies it; CPython is not initialized yet.
        check(unsafe { ffi::Py_InitializeFromConfig(&*config.0) })
    })();
    if let Err(StatusError(status)) = started {
        // CPython's own report ("Fatal Python error: ...") and exit code.
        // SAFETY: `status` is the failed status CPython returned; the call
        // prints it and exits the process.
        unsafe { ffi::Py_ExitStatusException(status) }
    }
    let booted = Python::attach(|py| {
        check_boot_magic(py).map_err(|message| {
            eprintln!("error: {message}");
        })?;
        boot(py, &launch).map_err(|e| {
            eprintln!("error: frost's launcher could not set up the interpreter:");
            e.print(py);
        })
    });
    if booted.is_err() {
        // SAFETY: CPython is initialized and this thread holds the GIL, as
        // Py_InitializeFromConfig left it (Python::attach gave it back).
        let finalized = unsafe { ffi::Py_FinalizeEx() };
        return if finalized < 0 { 120 } else { crate::LAUNCH_ERROR };
    }
    // The launcher's own code has done its work: its pages need not stay
    // in the app's resident set (src/resident.rs).
    crate::resident::release_own_code();
    // SAFETY: as for Py_FinalizeEx above: initialized, GIL held by this thread.
    unsafe { ffi::Py_RunMain() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_boot_code_is_refused_by_another_bytecode() {
        assert!(BOOT_MAGIC != 0 && !BOOT_MARSHAL.is_empty(), "build.rs precompiled boot.py");
        assert_eq!(boot_magic_mismatch(BOOT_MAGIC, || unreachable!("only asked on a mismatch")), None);
        let message = boot_magic_mismatch(BOOT_MAGIC + 1, || "3.99.0".to_string()).unwrap();
        let built = BOOT_MAGIC & 0xffff;
        assert_eq!(
            message,
            format!(
                "the launcher's precompiled boot code is for CPython {BOOT_PYTHON} (magic {built}) but the running libpython is 3.99.0 (magic {}); rebuild frost-launcher against this CPython",
                built + 1
            )
        );
        // The magic ends in \r\n, as every CPython 3 magic number does.
        assert_eq!(BOOT_MAGIC >> 16, 0x0a0d);
    }
}
