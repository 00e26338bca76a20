//! The second step of start-up: the `PyConfig` of the profile with every
//! PyConfig attribute of the config, `executable`, the module search path
//! and what the process runs (the app, a worker, a helper or the doctor).

use std::ffi::{c_char, CString, OsStr, OsString};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use frost_runtime::{BytesWarning, CheckHashPycsMode, ConfigProfile, InterpreterConfig};
use pyo3::ffi;

use crate::dispatch::Invocation;
use crate::interp::{runs_app, Launch};
use crate::preconfig::{check, cstring, flag, wide, Init, StatusError};

/// The diagnostic program `FROST_DOCTOR=1` runs instead of the app.
const DOCTOR: &str = include_str!("doctor.py");

/// The `PyConfig` being filled in, cleared when dropped.
pub(crate) struct Config(pub(crate) Box<ffi::PyConfig>);

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

pub(crate) fn build_config(launch: &Launch) -> Init<Config> {
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
        // The fields of newer CPythons: `load_config` refused a config that
        // sets one this CPython lacks.
        #[cfg(Py_3_11)]
        {
            flag(c.safe_path, &mut p.safe_path);
            flag(c.code_debug_ranges, &mut p.code_debug_ranges);
            flag(c.use_frozen_modules, &mut p.use_frozen_modules);
        }
        #[cfg(Py_3_12)]
        flag(c.perf_profiling, &mut p.perf_profiling);
        #[cfg(Py_3_13)]
        if let Some(n) = c.cpu_count {
            p.cpu_count = n.get();
        }
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
        let mut listed: Vec<OsString> = paths.iter().map(|p| expand_search_path(p, launch.exe)).collect();
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
        Invocation::App if launch.doctor.is_some() => {
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

/// A `module_search_paths` entry as `sys.path` gets it: `$EXECUTABLE`
/// (the whole entry) is the executable `exe` itself, which holds the
/// archive of a bundle's `in-memory` resources; `$ORIGIN` anywhere is its
/// folder.
pub fn expand_search_path(path: &str, exe: &Path) -> OsString {
    if path == frost_runtime::payload::EXECUTABLE_ENTRY {
        return exe.as_os_str().to_os_string();
    }
    expand_origin(path, exe.parent().unwrap_or(Path::new("/")).as_os_str())
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
