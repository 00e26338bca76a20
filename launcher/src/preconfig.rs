//! The first step of start-up: `PyPreConfig` from the profile and the
//! config's PyPreConfig attributes, then `Py_PreInitializeFromBytesArgs`;
//! and the status and string helpers both configuration steps share.

use std::ffi::{c_char, c_int, CString};
use std::os::unix::ffi::OsStrExt;

use frost_runtime::{CoerceCLocale, ConfigProfile, PreAllocator};
use pyo3::ffi;

use crate::interp::{runs_app, Launch};

/// A failed `PyStatus` outside CPython's own exit path.
pub(crate) struct StatusError(pub(crate) ffi::PyStatus);

pub(crate) type Init<T> = Result<T, StatusError>;

pub(crate) fn check(status: ffi::PyStatus) -> Init<()> {
    // SAFETY: PyStatus_Exception only reads the status it is given by value.
    if unsafe { ffi::PyStatus_Exception(status) } != 0 {
        Err(StatusError(status))
    } else {
        Ok(())
    }
}

pub(crate) fn flag(value: Option<bool>, field: &mut c_int) {
    if let Some(v) = value {
        *field = c_int::from(v);
    }
}

/// `s` as a NUL-terminated wide string (UTF-32 where `wchar_t` is 32 bits).
pub(crate) fn wide(s: &str) -> Vec<libc::wchar_t> {
    #[cfg(windows)]
    let mut out: Vec<libc::wchar_t> = s.encode_utf16().map(|u| u as libc::wchar_t).collect();
    #[cfg(not(windows))]
    let mut out: Vec<libc::wchar_t> = s.chars().map(|c| c as libc::wchar_t).collect();
    out.push(0);
    out
}

pub(crate) fn cstring(bytes: &[u8]) -> CString {
    // Process arguments and paths cannot hold NUL bytes, and the config's
    // strings cannot either (the attribute check refuses them).
    let end = bytes.iter().position(|b| *b == 0).unwrap_or(bytes.len());
    CString::new(&bytes[..end]).unwrap_or_default()
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

pub(crate) fn pre_initialize(launch: &Launch) -> Init<()> {
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
