//! Link options for the `frost` binary.
//!
//! `frost check` of one config is mostly process start-up, and a sixth of
//! that was the dynamic loader applying 68,000 relative relocations one by
//! one. Packed relative relocations (DT_RELR: glibc 2.36, binutils 2.38)
//! make them a compact bitmap. Linux with GNU ld only; elsewhere nothing
//! changes.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let linux_gnu = std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux")
        && std::env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu");
    if linux_gnu {
        println!("cargo:rustc-link-arg-bin=frost=-Wl,-z,pack-relative-relocs");
    }
}
