//! `frost-launcher`: the stub every app built by `frost build` starts as.
//!
//! It has a C `main` rather than Rust's: std's start-up (its stack-overflow
//! guard, SIGPIPE ignoring, argument capture) costs about a tenth of a
//! millisecond, a visible share of an app's start-up next to `python`
//! (book/src/performance.md). `std::env::args_os` still works: on glibc,
//! std reads the arguments from its own `.init_array` hook.
#![cfg_attr(not(test), no_main)]
#![deny(clippy::undocumented_unsafe_blocks)]
#![deny(unsafe_op_in_unsafe_fn)]

#[cfg(not(test))]
use std::ffi::{c_char, c_int};

#[cfg(not(test))]
#[unsafe(no_mangle)]
extern "C" fn main(_argc: c_int, _argv: *const *const c_char) -> c_int {
    let code = frost_launcher::main();
    // Flush Rust's stdout (CPython writes through its own) and exit as
    // `process::exit` would.
    std::process::exit(code)
}
