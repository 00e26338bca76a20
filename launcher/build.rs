//! Links the launcher to the CPython pyo3 finds (`PYO3_PYTHON`, else
//! `python3` on PATH) with an rpath, so the stub loads that libpython and no
//! other, and compiles the CPython version into the stub as a marker that
//! `frost build` reads without running the stub.

use pyo3_build_config::BuildFlag;

fn main() {
    pyo3_build_config::use_pyo3_cfgs();
    pyo3_build_config::add_libpython_rpath_link_args();
    let config = pyo3_build_config::get();
    if !config.shared() {
        println!("cargo:warning=the CPython pyo3 found has no shared libpython; the launcher links it statically");
    }
    let debug = config.build_flags().0.contains(&BuildFlag::Py_DEBUG);
    println!("cargo:rustc-env=FROST_PYTHON_VERSION={}.{}", config.version().major, config.version().minor);
    println!("cargo:rustc-env=FROST_PYTHON_DEBUG={}", u8::from(debug));
    println!("cargo:rustc-env=FROST_PYTHON_LIBDIR={}", config.lib_dir().unwrap_or(""));
    println!("cargo:rerun-if-env-changed=PYO3_PYTHON");
    println!("cargo:rerun-if-env-changed=PYO3_CONFIG_FILE");
}
