//! Link options for the `frost` binary.
//!
//! `frost check` of one config is mostly process start-up, and a sixth of
//! that was the dynamic loader applying 68,000 relative relocations one by
//! one. Packed relative relocations (DT_RELR: glibc 2.36, binutils 2.38)
//! made them a compact bitmap; applying them still takes a fifth of the
//! instructions of a one-file `frost check` (650,000 of 3.4 million,
//! callgrind). Linking `frost` as a position-dependent executable would
//! save them, but frost reads untrusted configs, and such an executable
//! always loads at the same address: the address randomisation is worth
//! more than the third of a millisecond. Linux with GNU ld only; elsewhere
//! nothing changes. The launcher is not affected.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let linux_gnu = std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux")
        && std::env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu");
    if linux_gnu {
        println!("cargo:rustc-link-arg-bin=frost=-Wl,-z,pack-relative-relocs");
    }
}
