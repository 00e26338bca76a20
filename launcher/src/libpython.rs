//! Which libpython this process loaded. An app folder's launcher looks for
//! `libpython3.X.so.1.0` in `$ORIGIN/lib` first, but the dynamic loader
//! still falls back to its cache and the system's folders when the file is
//! missing there: a half-copied app would then run on another CPython. The
//! launcher checks, before CPython starts, that the library it runs is the
//! one in its own folder.

use std::ffi::{c_void, CStr};
use std::path::{Path, PathBuf};

/// The file of the libpython this process loaded, as the loader names it.
pub fn loaded() -> Option<PathBuf> {
    let symbol = pyo3::ffi::Py_Initialize as *const c_void;
    // SAFETY: `dladdr` only reads the loader's tables for an address in
    // this process; `info` is a plain C struct it fills in, zeroed first.
    let mut info: libc::Dl_info = unsafe { std::mem::zeroed() };
    // SAFETY: as above; `symbol` is the address of a function of libpython.
    if unsafe { libc::dladdr(symbol, &mut info) } == 0 || info.dli_fname.is_null() {
        return None;
    }
    // SAFETY: `dli_fname` is a NUL-terminated string owned by the loader,
    // valid while the library stays loaded (for the life of the process).
    let name = unsafe { CStr::from_ptr(info.dli_fname) };
    use std::os::unix::ffi::OsStrExt;
    Some(PathBuf::from(std::ffi::OsStr::from_bytes(name.to_bytes())))
}

/// For an app folder `home`: that the libpython loaded is `home/lib/<its
/// file name>`; otherwise what is missing, in one sentence.
pub fn check(home: &Path) -> Result<(), String> {
    let Some(loaded) = loaded() else { return Ok(()) };
    let Some(file) = loaded.file_name() else { return Ok(()) };
    let own = home.join("lib").join(file);
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same(&loaded, &own) {
        return Ok(());
    }
    let rel = Path::new("lib").join(file);
    if own.exists() {
        Err(format!(
            "the app folder {} holds {}, but the system's loader gave it {}; run the app from its own folder, unchanged",
            home.display(),
            rel.display(),
            loaded.display()
        ))
    } else {
        Err(format!(
            "the app folder {} is incomplete: {} is missing (the system's {} was loaded in its place); copy the whole folder that `frost build` wrote",
            home.display(),
            rel.display(),
            loaded.display()
        ))
    }
}
