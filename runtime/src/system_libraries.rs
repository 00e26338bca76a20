//! The shared libraries a frost app may take from the machine it runs on:
//! glibc's own, the few that PEP 599 (manylinux2014) lets a wheel assume
//! on every Linux, and Tcl/Tk (see below). Every other library an extension module or libpython
//! needs travels inside the app folder (`lib/`). `frost build` uses this
//! table to decide what to copy; `frost doctor` uses it to judge what an
//! app loaded from outside its folder.

/// The `DT_NEEDED` names (sonames) of the system's libraries, as the
/// loader sees them.
pub const SYSTEM_LIBRARIES: &[&str] = &[
    // glibc (2.17 to today's, including the libraries 2.34 merged into libc)
    "libc.so.6",
    "libm.so.6",
    "libmvec.so.1",
    "libdl.so.2",
    "librt.so.1",
    "libpthread.so.0",
    "libutil.so.1",
    "libresolv.so.2",
    "libnsl.so.1",
    "libanl.so.1",
    "libBrokenLocale.so.1",
    "libthread_db.so.1",
    "ld-linux-x86-64.so.2",
    "ld-linux-aarch64.so.1",
    "ld-linux.so.2",
    // The compiler's runtime, present wherever anything C++ runs
    "libgcc_s.so.1",
    "libstdc++.so.6",
    // PEP 599's graphics libraries (a machine that shows windows has them)
    "libX11.so.6",
    "libXext.so.6",
    "libXrender.so.1",
    "libICE.so.6",
    "libSM.so.6",
    "libGL.so.1",
    "libgobject-2.0.so.0",
    "libgthread-2.0.so.0",
    "libglib-2.0.so.0",
    // Tcl/Tk: `_tkinter` needs Tcl's and Tk's script folders (`init.tcl`,
    // `tk.tcl`) of the same version as the libraries, which only an
    // installed Tcl/Tk has; carried libraries would not make tkinter work
    // where Tcl/Tk is not installed, and would not match where it is.
    "libtcl8.5.so",
    "libtk8.5.so",
    "libtcl8.6.so",
    "libtk8.6.so",
    "libtcl9.0.so",
    "libtcl9tk9.0.so",
];

/// Whether `soname` (a `DT_NEEDED` name or a file name) is one of the
/// system's libraries.
pub fn is_system_library(soname: &str) -> bool {
    SYSTEM_LIBRARIES.contains(&soname)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glibc_is_the_system_and_openssl_is_not() {
        assert!(is_system_library("libc.so.6") && is_system_library("libpthread.so.0"));
        assert!(!is_system_library("libssl.so.3") && !is_system_library("libsqlite3.so.0"));
        assert!(!is_system_library("libnsl.so.2"), "libnsl.so.2 is libtirpc's, not glibc's");
    }
}
