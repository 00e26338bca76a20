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
    static_unwinder();
    println!("cargo:rerun-if-env-changed=PYO3_PYTHON");
    println!("cargo:rerun-if-env-changed=PYO3_CONFIG_FILE");
}

/// On glibc, links the C unwinder Rust's std needs (for backtraces and
/// unwinding) statically, as `gcc -static-libgcc` does, instead of loading
/// `libgcc_s.so.1` at every start: std names it as `-lgcc_s`, so a folder
/// holding GCC's static `libgcc_eh.a` under the name `libgcc_s.a` goes first
/// in the library search path. The shared library costs about 100 KB of
/// resident memory and a library load in every app, which `python` does not
/// pay (launcher/README.md, "How the stub is built"). Where the C compiler
/// has no `libgcc_eh.a` (another toolchain), the shared library stays.
fn static_unwinder() {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") != "linux"
        || var("CARGO_CFG_TARGET_ENV") != "gnu"
        || var("CARGO_CFG_TARGET_FEATURE").split(',').any(|f| f == "crt-static")
    {
        return;
    }
    println!("cargo:rerun-if-env-changed=CC");
    let cc = std::env::var_os("CC").filter(|c| !c.is_empty()).unwrap_or_else(|| "cc".into());
    let found = std::process::Command::new(&cc)
        .arg("-print-file-name=libgcc_eh.a")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| std::path::PathBuf::from(s.trim()))
        // A compiler that does not know the file prints its bare name.
        .filter(|p| p.is_absolute() && p.is_file());
    let Some(libgcc_eh) = found else {
        println!(
            "cargo:warning=no libgcc_eh.a found with `{} -print-file-name`; the launcher loads libgcc_s.so.1",
            cc.to_string_lossy()
        );
        return;
    };
    let dir =
        std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("static-unwinder");
    std::fs::create_dir_all(&dir).expect("OUT_DIR is writable");
    std::fs::copy(&libgcc_eh, dir.join("libgcc_s.a")).expect("OUT_DIR is writable");
    println!("cargo:rerun-if-changed={}", libgcc_eh.display());
    println!("cargo:rustc-link-search=native={}", dir.display());
}

/// Compiles src/boot.py with the very CPython the stub links and writes the
/// marshalled code to OUT_DIR/boot.marshal, so the stub skips compiling it
/// at every start, and that CPython's bytecode magic number and version to
/// OUT_DIR/boot_magic.rs, so the stub can refuse a libpython that cannot
/// load the code. Empty (magic 0) when that CPython cannot be run (cross
/// builds): the stub then compiles the source.
fn compile_boot(python: Option<&str>) {
    println!("cargo:rerun-if-changed=src/boot.py");
    let out_dir = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let marshal_path = out_dir.join("boot.marshal");
    // Writes the marshalled code to argv[2]; prints the magic number as
    // PyImport_GetMagicNumber() gives it (the bytes as a little-endian
    // integer) and the version.
    let code = "import importlib.util, marshal, sys\n\
                src = open(sys.argv[1], encoding='utf-8').read()\n\
                code = marshal.dumps(compile(src, '<frost boot>', 'exec', dont_inherit=True, optimize=0))\n\
                open(sys.argv[2], 'wb').write(code)\n\
                print(int.from_bytes(importlib.util.MAGIC_NUMBER, 'little'), sys.version.split()[0])";
    let _ = std::fs::remove_file(&marshal_path);
    let compiled = python
        .and_then(|python| {
            std::process::Command::new(python)
                .args(["-I", "-S", "-c", code, "src/boot.py"])
                .arg(&marshal_path)
                .output()
                .ok()
        })
        .filter(|o| o.status.success())
        .and_then(|o| {
            let stdout = String::from_utf8(o.stdout).ok()?;
            let (magic, version) = stdout.trim().split_once(' ')?;
            let magic: i64 = magic.parse().ok()?;
            let marshalled = std::fs::read(&marshal_path).ok().filter(|m| !m.is_empty())?;
            Some((marshalled, magic, version.to_string()))
        });
    let (marshalled, magic, version) = compiled.unwrap_or_else(|| {
        println!("cargo:warning=could not precompile src/boot.py; the launcher compiles it at start-up");
        (Vec::new(), 0, String::new())
    });
    std::fs::write(&marshal_path, marshalled).expect("OUT_DIR is writable");
    std::fs::write(
        out_dir.join("boot_magic.rs"),
        format!(
            "/// The bytecode magic number of the CPython that compiled the boot code (0: not compiled).\n\
             pub const BOOT_MAGIC: std::ffi::c_long = {magic};\n\
             /// The version of the CPython that compiled the boot code.\n\
             pub const BOOT_PYTHON: &str = {version:?};\n"
        ),
    )
    .expect("OUT_DIR is writable");
}
