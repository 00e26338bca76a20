//! Starting CPython from the embedded config through the `PyPreConfig` /
//! `PyConfig` API, then running the app with `Py_RunMain` (which gives
//! `python`'s own precedence of `run_command`, `run_module` and
//! `run_filename`, its REPL, its exit codes and `Py_FinalizeEx`).

use std::ffi::{c_char, c_int, c_long, CStr, CString, OsStr, OsString};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use frost_runtime::{
    BytesWarning, CheckHashPycsMode, CoerceCLocale, ConfigProfile, InterpreterConfig, PreAllocator, RuntimeConfig,
    StartMethod, TerminfoResolution,
};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList};

use crate::dispatch::Invocation;

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

/// The diagnostic program `FROST_DOCTOR=1` runs instead of the app.
const DOCTOR: &str = include_str!("doctor.py");

/// What this process was started as, with what it needs to run.
pub struct Launch<'a> {
    pub runtime: &'a RuntimeConfig,
    /// The built executable (`/proc/self/exe`).
    pub exe: &'a Path,
    /// The process arguments, `argv[0]` included.
    pub args: &'a [OsString],
    pub invocation: Invocation,
    /// Run the diagnostic program instead of the app.
    pub doctor: bool,
}

/// A failed `PyStatus` outside CPython's own exit path.
struct StatusError(ffi::PyStatus);

type Init<T> = Result<T, StatusError>;

fn check(status: ffi::PyStatus) -> Init<()> {
    // SAFETY: PyStatus_Exception only reads the status it is given by value.
    if unsafe { ffi::PyStatus_Exception(status) } != 0 {
        Err(StatusError(status))
    } else {
        Ok(())
    }
}

fn flag(value: Option<bool>, field: &mut c_int) {
    if let Some(v) = value {
        *field = c_int::from(v);
    }
}

/// `s` as a NUL-terminated wide string (UTF-32 where `wchar_t` is 32 bits).
fn wide(s: &str) -> Vec<libc::wchar_t> {
    #[cfg(windows)]
    let mut out: Vec<libc::wchar_t> = s.encode_utf16().map(|u| u as libc::wchar_t).collect();
    #[cfg(not(windows))]
    let mut out: Vec<libc::wchar_t> = s.chars().map(|c| c as libc::wchar_t).collect();
    out.push(0);
    out
}

fn cstring(bytes: &[u8]) -> CString {
    // Process arguments and paths cannot hold NUL bytes; JSON strings can,
    // and CPython would stop at the first one just the same.
    let end = bytes.iter().position(|b| *b == 0).unwrap_or(bytes.len());
    CString::new(&bytes[..end]).unwrap_or_default()
}

/// The `PyConfig` being filled in, cleared when dropped.
struct Config(Box<ffi::PyConfig>);

impl Config {
    fn new(profile: ConfigProfile) -> Self {
        // SAFETY: PyConfig is a C struct of integers, pointers and
        // PyWideStringLists, for all of which zero bytes are a valid value
        // (0, NULL, an empty list); the init call below sets every field.
        let mut config: Box<ffi::PyConfig> = Box::new(unsafe { std::mem::zeroed() });
        // SAFETY: `config` is a live, writable PyConfig, as the init functions expect.
        unsafe {
            match profile {
                ConfigProfile::Isolated => ffi::PyConfig_InitIsolatedConfig(&mut *config),
                ConfigProfile::Python => ffi::PyConfig_InitPythonConfig(&mut *config),
            }
        }
        Config(config)
    }

    /// Sets a string field to Unicode text.
    fn set_str(&mut self, field: fn(&mut ffi::PyConfig) -> &mut *mut libc::wchar_t, value: &str) -> Init<()> {
        let text = wide(value);
        let config: *mut ffi::PyConfig = &mut *self.0;
        // SAFETY: `config` is the initialized PyConfig we own and `field` one
        // of its string fields, as PyConfig_SetString expects; `text` is
        // NUL-terminated and outlives the call, which copies it.
        check(unsafe { ffi::PyConfig_SetString(config, field(&mut *config), text.as_ptr()) })
    }

    /// Sets a string field to OS bytes (a path), decoded as CPython decodes paths.
    fn set_os(&mut self, field: fn(&mut ffi::PyConfig) -> &mut *mut libc::wchar_t, value: &OsStr) -> Init<()> {
        let bytes = cstring(value.as_bytes());
        let config: *mut ffi::PyConfig = &mut *self.0;
        // SAFETY: as in `set_str`; `bytes` is a NUL-terminated C string that
        // outlives the call, which decodes it into a copy.
        check(unsafe { ffi::PyConfig_SetBytesString(config, field(&mut *config), bytes.as_ptr()) })
    }

    fn set_opt_str(
        &mut self,
        field: fn(&mut ffi::PyConfig) -> &mut *mut libc::wchar_t,
        value: &Option<String>,
    ) -> Init<()> {
        match value {
            Some(v) => self.set_str(field, v),
            None => Ok(()),
        }
    }

    fn append(&mut self, list: fn(&mut ffi::PyConfig) -> &mut ffi::PyWideStringList, value: &str) -> Init<()> {
        let text = wide(value);
        // SAFETY: `list` is a list of the initialized PyConfig we own; `text`
        // is NUL-terminated and outlives the call, which copies it.
        check(unsafe { ffi::PyWideStringList_Append(list(&mut self.0), text.as_ptr()) })
    }

    /// Appends OS bytes to a list, decoded as CPython decodes paths.
    fn append_os(&mut self, list: fn(&mut ffi::PyConfig) -> &mut ffi::PyWideStringList, value: &OsStr) -> Init<()> {
        if let Some(text) = value.to_str() {
            return self.append(list, text);
        }
        let bytes = cstring(value.as_bytes());
        // SAFETY: `bytes` is a NUL-terminated C string; a NULL `size` pointer
        // is allowed. Python is pre-initialized, so the locale is configured.
        let decoded = unsafe { ffi::Py_DecodeLocale(bytes.as_ptr(), std::ptr::null_mut()) };
        if decoded.is_null() {
            // SAFETY: PyStatus_NoMemory only builds a status value.
            return Err(StatusError(unsafe { ffi::PyStatus_NoMemory() }));
        }
        // SAFETY: as in `append`; `decoded` is a NUL-terminated wide string
        // that lives until it is freed below, after the call copied it.
        let status = unsafe { ffi::PyWideStringList_Append(list(&mut self.0), decoded) };
        // SAFETY: Py_DecodeLocale's result is freed with PyMem_RawFree, once.
        unsafe { ffi::PyMem_RawFree(decoded.cast()) };
        check(status)
    }

    fn set_argv(&mut self, args: &[OsString]) -> Init<()> {
        let owned: Vec<CString> = args.iter().map(|a| cstring(a.as_bytes())).collect();
        let mut pointers: Vec<*const c_char> = owned.iter().map(|a| a.as_ptr()).collect();
        // SAFETY: `pointers` holds `len` NUL-terminated strings owned by
        // `owned`, both alive for the call, which decodes them into copies.
        check(unsafe {
            ffi::PyConfig_SetBytesArgv(&mut *self.0, pointers.len() as ffi::Py_ssize_t, pointers.as_mut_ptr())
        })
    }
}

impl Drop for Config {
    fn drop(&mut self) {
        // SAFETY: the PyConfig was initialized in `Config::new` and is
        // cleared once, here; Py_InitializeFromConfig copied what it needs.
        unsafe { ffi::PyConfig_Clear(&mut *self.0) }
    }
}

/// The start method `multiprocessing_start_method` asks for here, if any.
pub fn start_method(method: StartMethod) -> Option<&'static str> {
    match method.effective(cfg!(windows)) {
        StartMethod::None => None,
        m => Some(m.as_str()),
    }
}

fn pre_allocator(a: PreAllocator) -> c_int {
    // PYMEM_ALLOCATOR_* in CPython's pymem.h.
    match a {
        PreAllocator::NotSet => 0,
        PreAllocator::Default => 1,
        PreAllocator::Debug => 2,
        PreAllocator::Malloc => 3,
        PreAllocator::MallocDebug => 4,
        PreAllocator::PyMalloc => 5,
        PreAllocator::PyMallocDebug => 6,
    }
}

/// Whether this process runs the app (rather than a worker, a helper or the doctor).
fn runs_app(launch: &Launch) -> bool {
    launch.invocation == Invocation::App && !launch.doctor
}

fn pre_initialize(launch: &Launch) -> Init<()> {
    let c = &launch.runtime.config;
    // SAFETY: PyPreConfig is a C struct of integers, for which zero bytes
    // are valid; the init call below sets every field.
    let mut pre: ffi::PyPreConfig = unsafe { std::mem::zeroed() };
    // SAFETY: `pre` is a live, writable PyPreConfig, as the init functions expect.
    unsafe {
        match c.config_profile {
            ConfigProfile::Isolated => ffi::PyPreConfig_InitIsolatedConfig(&mut pre),
            ConfigProfile::Python => ffi::PyPreConfig_InitPythonConfig(&mut pre),
        }
    }
    if let Some(a) = c.allocator {
        pre.allocator = pre_allocator(a);
    }
    flag(c.configure_locale, &mut pre.configure_locale);
    if let Some(coerce) = c.coerce_c_locale {
        pre.coerce_c_locale = match coerce {
            CoerceCLocale::LcCtype => 1,
            CoerceCLocale::C => 2,
        };
    }
    flag(c.coerce_c_locale_warn, &mut pre.coerce_c_locale_warn);
    flag(c.development_mode, &mut pre.dev_mode);
    flag(c.isolated, &mut pre.isolated);
    #[cfg(windows)]
    flag(c.legacy_windows_fs_encoding, &mut pre.legacy_windows_fs_encoding);
    flag(c.parse_argv, &mut pre.parse_argv);
    flag(c.use_environment, &mut pre.use_environment);
    flag(c.utf8_mode, &mut pre.utf8_mode);
    if c.utf8_mode.is_none() {
        // As `python -I` does: UTF-8 mode when the locale is C or POSIX, so
        // non-ASCII arguments survive a service's or container's bare
        // environment. (The isolated profile alone would turn it off.)
        pre.utf8_mode = -1;
    }
    if !runs_app(launch) {
        pre.parse_argv = 0;
    }
    let owned: Vec<CString> = launch.args.iter().map(|a| cstring(a.as_bytes())).collect();
    let mut pointers: Vec<*mut c_char> = owned.iter().map(|a| a.as_ptr().cast_mut()).collect();
    // SAFETY: `pre` is initialized; `pointers` holds `len` NUL-terminated
    // strings owned by `owned`, alive for the call, which only reads them
    // (the `char **` is not const in C, but CPython decodes copies).
    check(unsafe { ffi::Py_PreInitializeFromBytesArgs(&pre, pointers.len() as ffi::Py_ssize_t, pointers.as_mut_ptr()) })
}

fn build_config(launch: &Launch) -> Init<Config> {
    let c: &InterpreterConfig = &launch.runtime.config;
    let mut config = Config::new(c.config_profile);
    let app = runs_app(launch);
    {
        let p = &mut *config.0;
        flag(c.development_mode, &mut p.dev_mode);
        flag(c.isolated, &mut p.isolated);
        flag(c.parse_argv, &mut p.parse_argv);
        flag(c.use_environment, &mut p.use_environment);
        flag(c.buffered_stdio, &mut p.buffered_stdio);
        if let Some(b) = c.bytes_warning {
            p.bytes_warning = match b {
                BytesWarning::None => 0,
                BytesWarning::Warn => 1,
                BytesWarning::Raise => 2,
            };
        }
        flag(c.configure_c_stdio, &mut p.configure_c_stdio);
        flag(c.dump_refs, &mut p.dump_refs);
        flag(c.fault_handler, &mut p.faulthandler);
        if let Some(seed) = c.hash_seed {
            p.use_hash_seed = 1;
            p.hash_seed = seed.into();
        }
        flag(c.import_time, &mut p.import_time);
        flag(c.inspect, &mut p.inspect);
        flag(c.install_signal_handlers, &mut p.install_signal_handlers);
        flag(c.interactive, &mut p.interactive);
        #[cfg(windows)]
        flag(c.legacy_windows_stdio, &mut p.legacy_windows_stdio);
        flag(c.malloc_stats, &mut p.malloc_stats);
        if let Some(level) = c.optimization_level {
            p.optimization_level = level.get().into();
        }
        flag(c.parser_debug, &mut p.parser_debug);
        flag(c.pathconfig_warnings, &mut p.pathconfig_warnings);
        flag(c.quiet, &mut p.quiet);
        flag(c.show_ref_count, &mut p.show_ref_count);
        flag(c.site_import, &mut p.site_import);
        flag(c.skip_first_source_line, &mut p.skip_source_first_line);
        flag(c.tracemalloc, &mut p.tracemalloc);
        flag(c.user_site_directory, &mut p.user_site_directory);
        flag(c.verbose, &mut p.verbose);
        flag(c.write_bytecode, &mut p.write_bytecode);
        if !app {
            // A worker, helper or the doctor runs its own command and must
            // never stop in a REPL or see argv parsed.
            p.parse_argv = 0;
            p.inspect = 0;
            p.interactive = 0;
            p.skip_source_first_line = 0;
        }
    }
    config.set_opt_str(|p| &mut p.base_exec_prefix, &c.base_exec_prefix)?;
    config.set_opt_str(|p| &mut p.base_executable, &c.base_executable)?;
    config.set_opt_str(|p| &mut p.base_prefix, &c.base_prefix)?;
    if let Some(mode) = c.check_hash_pycs_mode {
        let text = match mode {
            CheckHashPycsMode::Always => "always",
            CheckHashPycsMode::Never => "never",
            CheckHashPycsMode::Default => "default",
        };
        config.set_str(|p| &mut p.check_hash_pycs_mode, text)?;
    }
    config.set_opt_str(|p| &mut p.exec_prefix, &c.exec_prefix)?;
    match &c.executable {
        Some(exe) => config.set_str(|p| &mut p.executable, exe)?,
        None => config.set_os(|p| &mut p.executable, launch.exe.as_os_str())?,
    }
    config.set_opt_str(|p| &mut p.filesystem_encoding, &c.filesystem_encoding)?;
    config.set_opt_str(|p| &mut p.filesystem_errors, &c.filesystem_errors)?;
    // `$ORIGIN` in `home`: the executable's folder (a bundle's, see bundle.rs).
    if let Some(home) = c.home.as_deref().map(|h| crate::bundle::expand_home(h, launch.exe)) {
        config.set_os(|p| &mut p.home, &home)?;
    }
    if let Some(paths) = &c.module_search_paths {
        let origin = launch.exe.parent().unwrap_or(Path::new("/")).as_os_str();
        let mut listed: Vec<OsString> = paths.iter().map(|p| expand_origin(p, origin)).collect();
        if c.home.is_none() && c.prefix.is_none() {
            // frost has no in-memory standard library: the linked CPython's
            // own folders follow the app's, unless already listed.
            for dir in stdlib_dirs() {
                if !listed.iter().any(|p| Path::new(p) == Path::new(&dir)) {
                    listed.push(dir);
                }
            }
        }
        for path in &listed {
            config.append_os(|p| &mut p.module_search_paths, path)?;
        }
        config.0.module_search_paths_set = 1;
    }
    config.set_opt_str(|p| &mut p.prefix, &c.prefix)?;
    config.set_opt_str(|p| &mut p.program_name, &c.program_name)?;
    config.set_opt_str(|p| &mut p.pycache_prefix, &c.pycache_prefix)?;
    config.set_opt_str(|p| &mut p.pythonpath_env, &c.python_path_env)?;
    config.set_opt_str(|p| &mut p.stdio_encoding, &c.stdio_encoding)?;
    config.set_opt_str(|p| &mut p.stdio_errors, &c.stdio_errors)?;
    for option in c.warn_options.iter().flatten() {
        config.append(|p| &mut p.warnoptions, option)?;
    }
    for option in c.x_options.iter().flatten() {
        config.append(|p| &mut p.xoptions, option)?;
    }

    match &launch.invocation {
        Invocation::App if launch.doctor => {
            config.set_str(|p| &mut p.run_command, DOCTOR)?;
            config.set_argv(launch.args)?;
        }
        Invocation::App => {
            // CPython's precedence: run_command, then run_module, then run_filename.
            config.set_opt_str(|p| &mut p.run_command, &c.run_command)?;
            config.set_opt_str(|p| &mut p.run_module, &c.run_module)?;
            config.set_opt_str(|p| &mut p.run_filename, &c.run_filename)?;
            config.set_argv(launch.args)?;
        }
        Invocation::Worker { command } => {
            config.set_str(|p| &mut p.run_command, command)?;
            config.set_argv(launch.args)?;
        }
        Invocation::Helper { program, argv, .. } => {
            config.set_str(|p| &mut p.run_command, program)?;
            config.set_argv(argv)?;
        }
    }
    Ok(config)
}

/// The standard library folders of the CPython the stub was built against.
pub fn stdlib_dirs() -> Vec<OsString> {
    let libdir = env!("FROST_PYTHON_LIBDIR");
    if libdir.is_empty() || cfg!(windows) {
        return Vec::new();
    }
    let stdlib = Path::new(libdir).join(concat!("python", env!("FROST_PYTHON_VERSION")));
    let dynload = stdlib.join("lib-dynload");
    vec![stdlib.into_os_string(), dynload.into_os_string()]
}

/// `path` with every `$ORIGIN` replaced by `origin` (the executable's folder).
pub fn expand_origin(path: &str, origin: &OsStr) -> OsString {
    let mut out = OsString::new();
    let mut parts = path.split("$ORIGIN");
    if let Some(first) = parts.next() {
        out.push(first);
    }
    for part in parts {
        out.push(origin);
        out.push(part);
    }
    out
}

/// Sets `TERMINFO_DIRS` as `terminfo_resolution` says (before any thread exists).
fn resolve_terminfo(resolution: &TerminfoResolution) {
    match resolution {
        TerminfoResolution::None => {}
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
    if launch.doctor {
        let doctor = PyDict::new(py);
        doctor.set_item("exe", launch.exe.as_os_str())?;
        doctor.set_item("python_version", &launch.runtime.python_version)?;
        doctor.set_item("start_method", c.multiprocessing_start_method.as_str())?;
        doctor.set_item("expected_method", start_method(c.multiprocessing_start_method))?;
        doctor.set_item("auto_dispatch", c.multiprocessing_auto_dispatch)?;
        doctor.set_item("sys_frozen", c.sys_frozen)?;
        doctor.set_item("stub", crate::STUB_MARKER)?;
        doctor.set_item("env", crate::DOCTOR_ENV)?;
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
