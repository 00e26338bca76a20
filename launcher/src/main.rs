//! `frost-launcher`: the stub every app built by `frost build` starts as.
//!
//! It has a C `main` rather than Rust's: std's start-up (its stack-overflow
//! guard, SIGPIPE ignoring, argument capture) costs about a tenth of a
//! millisecond, a visible share of an app's start-up next to `python`
//! (book/src/performance.md). The arguments come from this `main`'s own
//! `argc`/`argv`, not `std::env::args_os`, which without Rust's `main`
//! depends on the C library handing them to std (glibc's `.init_array`
//! does, musl's does not).
#![cfg_attr(not(test), no_main)]
#![deny(clippy::undocumented_unsafe_blocks)]
#![deny(unsafe_op_in_unsafe_fn)]

#[cfg(not(test))]
use std::ffi::{c_char, c_int};

#[cfg(not(test))]
#[unsafe(no_mangle)]
extern "C" fn main(argc: c_int, argv: *const *const c_char) -> c_int {
    // SAFETY: the C runtime calls `main` with `argc` pointers in `argv`,
    // each to a NUL-terminated string that lives until the process exits.
    let args = unsafe { frost_launcher::args_from_c(argc, argv) };
    let code = frost_launcher::main_with_args(args);
    // Flush Rust's stdout (CPython writes through its own) and exit as
    // `process::exit` would.
    std::process::exit(code)
}
