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
    compile_boot(config.executable());
    println!("cargo:rerun-if-env-changed=PYO3_PYTHON");
    println!("cargo:rerun-if-env-changed=PYO3_CONFIG_FILE");
}

/// Compiles src/boot.py with the very CPython the stub links and writes the
/// marshalled code to OUT_DIR/boot.marshal, so the stub skips compiling it
/// at every start. Empty when that CPython cannot be run (cross builds):
/// the stub then compiles the source.
fn compile_boot(python: Option<&str>) {
    println!("cargo:rerun-if-changed=src/boot.py");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("boot.marshal");
    let code = "import marshal, sys\nsrc = open(sys.argv[1], encoding='utf-8').read()\nsys.stdout.buffer.write(marshal.dumps(compile(src, '<frost boot>', 'exec', dont_inherit=True, optimize=0)))";
    let marshalled = python
        .and_then(|python| {
            std::process::Command::new(python).args(["-I", "-S", "-c", code, "src/boot.py"]).output().ok()
        })
        .filter(|o| o.status.success() && !o.stdout.is_empty())
        .map(|o| o.stdout)
        .unwrap_or_default();
    if marshalled.is_empty() {
        println!("cargo:warning=could not precompile src/boot.py; the launcher compiles it at start-up");
    }
    std::fs::write(&out, marshalled).expect("OUT_DIR is writable");
}
