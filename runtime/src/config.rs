//! The attribute table: one row per `PythonInterpreterConfig` attribute.
//!
//! Each row gives the name, the Rust type (from which the accepted values
//! follow), the default of `dist.make_python_interpreter_config()`, where the
//! attribute lands at start-up, the builds of CPython it means something in
//! (`windows`: only on Windows; `debug`: only in a debug build), and its
//! documentation. Validation, getters,
//! `dir()`, lowering, the docs and the JSON schema are all driven from here:
//! adding an attribute is adding a row.

use crate::attr::Group;
use crate::table::attr_table;
use crate::types::*;

use Group::{Config, Launcher, PreConfig};

attr_table! {
    /// The interpreter configuration: every attribute of the table as a typed field.
    ///
    /// `Default` gives what `dist.make_python_interpreter_config()` starts with.
    struct InterpreterConfig;
    owner "PythonInterpreterConfig";
    /// Every attribute, in the order of the reference.
    static ATTRIBUTES;
    /// The row for `name`, or an error suggesting the closest name.
    fn attr;
    rows {
    // ---- 1. Launcher-level attributes -------------------------------------

    /// The memory allocator installed with `PyMem_SetAllocator` after
    /// pre-initialization. frost's launcher supports `default` (CPython's
    /// own allocators, untouched) and `rust` (Rust's global allocator, which
    /// is the system `malloc`); the others are refused by `frost build`.
    allocator_backend: AllocatorBackend = AllocatorBackend::Default, Launcher;
    /// Use `allocator_backend` for the RAW memory domain.
    allocator_raw: bool = true, Launcher;
    /// Use `allocator_backend` for the MEM memory domain.
    allocator_mem: bool = false, Launcher;
    /// Use `allocator_backend` for the OBJ memory domain.
    allocator_obj: bool = false, Launcher;
    /// Use `allocator_backend` for pymalloc's arenas.
    allocator_pymalloc_arena: bool = false, Launcher;
    /// Install CPython's debug hooks on the allocators (`PyMem_SetupDebugHooks()`).
    allocator_debug: bool = false, Launcher;
    /// Import the executable's `in-memory` resources, as PyOxidizer's
    /// in-memory importer did: frost puts the archive inside the executable
    /// on `sys.path` (CPython's `zipimport` reads it). `False` leaves it off,
    /// and `frost build` then refuses `in-memory` resources, which nothing
    /// could import.
    oxidized_importer: bool = true, Launcher;
    /// Keep CPython's path-based finder on `sys.meta_path`. frost's launcher
    /// loads every module from the filesystem, so this is `True`; `False`
    /// would leave nothing to import with and is refused by `frost build`.
    filesystem_importer: bool = true, Launcher;
    /// Expose the raw bytes of the process arguments as `sys.argvb`.
    argvb: bool = false, Launcher;
    /// When the executable is started as `exe --multiprocessing-fork
    /// key=value...` (a `spawn` worker), run
    /// `multiprocessing.spawn.spawn_main(**kwargs)` instead of the app.
    /// With it off, `spawn` workers run the app again, without end;
    /// `forkserver` and `fork` do not need it.
    multiprocessing_auto_dispatch: bool = true, Launcher;
    /// Call `multiprocessing.set_start_method()` when `multiprocessing` is
    /// first imported. `auto` is `spawn` on Windows and `fork` elsewhere;
    /// `none` leaves CPython's default alone.
    multiprocessing_start_method: StartMethod = StartMethod::Auto, Launcher;
    /// Set `sys.frozen = True`. `multiprocessing` needs it to start workers
    /// as `exe --multiprocessing-fork`. When `False`, `sys.frozen` is absent.
    sys_frozen: bool = true, Launcher;
    /// Set `sys._MEIPASS` to the directory of the executable, as
    /// PyInstaller does.
    sys_meipass: bool = false, Launcher;
    /// How `TERMINFO_DIRS` is set for curses and readline: `dynamic` looks in
    /// the usual places of the running system, `none` leaves it alone, and
    /// `static:<path>` uses that path.
    terminfo_resolution: TerminfoResolution = TerminfoResolution::Dynamic, Launcher;
    /// The name of an environment variable. When that variable is set at run
    /// time, the names of all loaded modules are written at exit to a file
    /// in the directory it names.
    write_modules_directory_env: Option<String> = None, Launcher;

    // ---- 2. PyPreConfig attributes -----------------------------------------

    /// Which CPython configuration to start from: `isolated`
    /// (`PyConfig_InitIsolatedConfig`: no environment variables, no argv
    /// parsing, no user site) or `python` (`PyConfig_InitPythonConfig`:
    /// behaves like the `python` command).
    config_profile: ConfigProfile = ConfigProfile::Isolated, PreConfig("config_profile");
    /// `PyPreConfig.allocator`: the memory allocator CPython selects itself.
    allocator: Option<PreAllocator> = None, PreConfig("allocator");
    /// `PyPreConfig.configure_locale`: set `LC_CTYPE` to the user's preferred
    /// locale. On by default: non-ASCII arguments are mangled without it.
    configure_locale: Option<bool> = Some(true), PreConfig("configure_locale");
    /// `PyPreConfig.coerce_c_locale`: coerce the C locale to `LC_CTYPE` or `C`.
    coerce_c_locale: Option<CoerceCLocale> = None, PreConfig("coerce_c_locale");
    /// `PyPreConfig.coerce_c_locale_warn`: warn when the C locale is coerced.
    coerce_c_locale_warn: Option<bool> = None, PreConfig("coerce_c_locale_warn");
    /// Python Development Mode (`-X dev`), `dev_mode` in both `PyPreConfig`
    /// and `PyConfig`.
    development_mode: Option<bool> = None, PreConfig("dev_mode");
    /// `PyPreConfig.isolated` and `PyConfig.isolated` (`-I`).
    isolated: Option<bool> = None, PreConfig("isolated");
    /// `PyPreConfig.legacy_windows_fs_encoding`: use the ANSI code page for
    /// the filesystem encoding. Windows only.
    legacy_windows_fs_encoding: Option<bool> = None, PreConfig("legacy_windows_fs_encoding"), windows;
    /// `PyPreConfig.parse_argv` and `PyConfig.parse_argv`: parse the command
    /// line as `python` does. Worker dispatch still happens first.
    parse_argv: Option<bool> = None, PreConfig("parse_argv");
    /// `PyPreConfig.use_environment` and `PyConfig.use_environment`: read
    /// `PYTHON*` environment variables (off means `-E`).
    use_environment: Option<bool> = None, PreConfig("use_environment");
    /// `PyPreConfig.utf8_mode` (`-X utf8`).
    utf8_mode: Option<bool> = None, PreConfig("utf8_mode");

    // ---- 3. PyConfig attributes --------------------------------------------

    /// `PyConfig.base_exec_prefix`.
    base_exec_prefix: Option<String> = None, Config("base_exec_prefix");
    /// `PyConfig.base_executable`.
    base_executable: Option<String> = None, Config("base_executable");
    /// `PyConfig.base_prefix`.
    base_prefix: Option<String> = None, Config("base_prefix");
    /// `PyConfig.buffered_stdio`: off is `-u`.
    buffered_stdio: Option<bool> = None, Config("buffered_stdio");
    /// `PyConfig.bytes_warning`: `warn` is `-b`, `raise` is `-bb`.
    bytes_warning: Option<BytesWarning> = None, Config("bytes_warning");
    /// `PyConfig.check_hash_pycs_mode`: how hash-based `.pyc` files are validated.
    check_hash_pycs_mode: Option<CheckHashPycsMode> = None, Config("check_hash_pycs_mode");
    /// `PyConfig.configure_c_stdio`: set stdio to binary mode and apply
    /// `buffered_stdio` at the C level.
    configure_c_stdio: Option<bool> = None, Config("configure_c_stdio");
    /// `PyConfig.dump_refs`: dump the objects still alive at exit. Only a
    /// CPython built with `Py_TRACE_REFS` (`./configure --with-trace-refs`;
    /// a debug build does not imply it since 3.8) does anything with it.
    dump_refs: Option<bool> = None, Config("dump_refs"), debug;
    /// `PyConfig.exec_prefix`.
    exec_prefix: Option<String> = None, Config("exec_prefix");
    /// `PyConfig.executable`. frost sets `sys.executable` to the built
    /// executable itself unless this is given.
    executable: Option<String> = None, Config("executable");
    /// `PyConfig.faulthandler` (`-X faulthandler`).
    fault_handler: Option<bool> = None, Config("faulthandler");
    /// `PyConfig.filesystem_encoding`: a text encoding CPython knows, by
    /// any of its names (`"utf-8"`, `"latin-1"`, `"cp1252"`...); an unknown
    /// one would stop CPython at start-up, so it is refused here.
    filesystem_encoding: Option<String> = None, Config("filesystem_encoding"), codec;
    /// `PyConfig.filesystem_errors`: one of CPython's error handlers
    /// (`strict`, `surrogateescape`...).
    filesystem_errors: Option<String> = None, Config("filesystem_errors"), errors;
    /// `PyConfig.hash_seed`: the seed of `str` hashing, 0 to 4294967295;
    /// setting it also sets `use_hash_seed`.
    hash_seed: Option<u32> = None, Config("hash_seed");
    /// `PyConfig.home`: the Python home directory.
    home: Option<String> = None, Config("home");
    /// `PyConfig.import_time` (`-X importtime`).
    import_time: Option<bool> = None, Config("import_time");
    /// `PyConfig.inspect` (`-i`): enter interactive mode after the app runs.
    inspect: Option<bool> = None, Config("inspect");
    /// `PyConfig.install_signal_handlers`: install CPython's signal
    /// handlers, among them the one that turns Ctrl-C (`SIGINT`) into
    /// `KeyboardInterrupt`, so `finally` blocks, `atexit` handlers and
    /// multiprocessing's clean-up run, as under `python`. On by default in
    /// both profiles (the `isolated` profile alone would leave it off). Set
    /// it to `False` to opt out, for an app that must die at once on
    /// `SIGINT` with no Python code running. Either way a write to a closed
    /// pipe or socket raises `BrokenPipeError` as in `python`: the launcher
    /// ignores `SIGPIPE` itself, as CPython does when it installs its
    /// handlers (`subprocess` restores the default in child programs).
    install_signal_handlers: Option<bool> = Some(true), Config("install_signal_handlers");
    /// `PyConfig.interactive` (`-i`).
    interactive: Option<bool> = None, Config("interactive");
    /// `PyConfig.legacy_windows_stdio`: use the legacy console I/O. Windows only.
    legacy_windows_stdio: Option<bool> = None, Config("legacy_windows_stdio"), windows;
    /// `PyConfig.malloc_stats`: print pymalloc statistics at exit.
    malloc_stats: Option<bool> = None, Config("malloc_stats");
    /// `PyConfig.module_search_paths` (`sys.path`). Setting it also sets
    /// `module_search_paths_set`. `$ORIGIN` expands to the directory of the
    /// executable at run time, and an entry `$EXECUTABLE` to the executable
    /// itself (where a bundle's `in-memory` resources are). The linked CPython's standard library folders
    /// are appended after these (unless listed, or `home`/`prefix` is set),
    /// since frost has no in-memory standard library.
    module_search_paths: Option<Vec<String>> = None, Config("module_search_paths");
    /// `PyConfig.optimization_level`: 0, 1 (`-O`) or 2 (`-OO`).
    optimization_level: Option<OptimizationLevel> = None, Config("optimization_level");
    /// `PyConfig.parser_debug` (`-d`): the parser's debugging output. Only a
    /// debug build of CPython (`Py_DEBUG`) has it.
    parser_debug: Option<bool> = None, Config("parser_debug"), debug;
    /// `PyConfig.pathconfig_warnings`: warn when the path configuration
    /// cannot be computed.
    pathconfig_warnings: Option<bool> = None, Config("pathconfig_warnings");
    /// `PyConfig.prefix`.
    prefix: Option<String> = None, Config("prefix");
    /// `PyConfig.program_name`.
    program_name: Option<String> = None, Config("program_name");
    /// `PyConfig.pycache_prefix` (`-X pycache_prefix`).
    pycache_prefix: Option<String> = None, Config("pycache_prefix");
    /// `PyConfig.pythonpath_env`: extra `sys.path` entries, as `PYTHONPATH`
    /// would give them (`:`-separated). CPython reads it only where it reads
    /// the environment (`use_environment = True` and `isolated = False`, as
    /// in the `python` profile); elsewhere `frost build` refuses it rather
    /// than let it be ignored.
    python_path_env: Option<String> = None, Config("pythonpath_env");
    /// `PyConfig.quiet` (`-q`): no version banner in interactive mode.
    quiet: Option<bool> = None, Config("quiet");
    /// `PyConfig.run_command`: Python source to run, like `python -c`.
    /// Takes precedence over `run_module` and `run_filename`.
    run_command: Option<String> = None, Config("run_command");
    /// `PyConfig.run_filename`: a script to run, like `python FILE`.
    /// Used only when neither `run_command` nor `run_module` is set.
    run_filename: Option<String> = None, Config("run_filename");
    /// `PyConfig.run_module`: a module to run as `__main__`, like
    /// `python -m`. Used when `run_command` is not set.
    run_module: Option<String> = None, Config("run_module");
    /// `PyConfig.show_ref_count` (`-X showrefcount`): print the total
    /// reference count at exit. Only a debug build of CPython
    /// (`Py_REF_DEBUG`, which `Py_DEBUG` implies) has it.
    show_ref_count: Option<bool> = None, Config("show_ref_count"), debug;
    /// `PyConfig.site_import`: import the `site` module at start-up (off is `-S`).
    site_import: Option<bool> = None, Config("site_import");
    /// `PyConfig.skip_source_first_line` (`-x`).
    skip_first_source_line: Option<bool> = None, Config("skip_source_first_line");
    /// `PyConfig.stdio_encoding`: the encoding of `sys.stdin`, `sys.stdout`
    /// and `sys.stderr`, a text encoding CPython knows, by any of its names
    /// (`"utf-8"`, `"latin-1"`, `"cp1252"`...).
    stdio_encoding: Option<String> = None, Config("stdio_encoding"), codec;
    /// `PyConfig.stdio_errors`: the error handler of the standard streams,
    /// one of CPython's (`strict`, `backslashreplace`, `surrogateescape`...).
    stdio_errors: Option<String> = None, Config("stdio_errors"), errors;
    /// `PyConfig.tracemalloc` (`-X tracemalloc`): trace memory allocations.
    tracemalloc: Option<bool> = None, Config("tracemalloc");
    /// `PyConfig.user_site_directory`: add the user site directory to
    /// `sys.path` (off is `-s`).
    user_site_directory: Option<bool> = None, Config("user_site_directory");
    /// `PyConfig.verbose` (`-v`): trace imports.
    verbose: Option<bool> = None, Config("verbose");
    /// `PyConfig.warnoptions` (`-W`), one option per item.
    warn_options: Option<Vec<String>> = None, Config("warnoptions");
    /// `PyConfig.write_bytecode`: write `.pyc` files (off is `-B`).
    write_bytecode: Option<bool> = None, Config("write_bytecode");
    /// `PyConfig.xoptions` (`-X`), one option per item.
    x_options: Option<Vec<String>> = None, Config("xoptions");

    // ---- 4. PyConfig fields of newer CPythons ---------------------------------
    // Setting one on a config whose distribution is older is an error.

    /// `PyConfig.safe_path` (`-P`): do not put the script's folder (or the
    /// current folder) first on `sys.path`.
    #[since = "3.11"]
    safe_path: Option<bool> = None, Config("safe_path");
    /// `PyConfig.code_debug_ranges`: keep column positions in code objects
    /// for tracebacks (off is `-X no_debug_ranges`).
    #[since = "3.11"]
    code_debug_ranges: Option<bool> = None, Config("code_debug_ranges");
    /// `PyConfig.use_frozen_modules` (`-X frozen_modules`): import the
    /// standard modules frozen into libpython instead of their files.
    #[since = "3.11"]
    use_frozen_modules: Option<bool> = None, Config("use_frozen_modules");
    /// `PyConfig.perf_profiling` (`-X perf`): the Linux `perf` trampoline.
    #[since = "3.12"]
    perf_profiling: Option<bool> = None, Config("perf_profiling");
    /// `PyConfig.cpu_count` (`-X cpu_count`): what `os.cpu_count()` returns,
    /// at least 1.
    #[since = "3.13"]
    cpu_count: Option<PositiveInt> = None, Config("cpu_count");
    }
}

/// `major.minor` as numbers, for comparing versions (`"3.9"` < `"3.10"`).
pub fn version_key(version: &str) -> (u32, u32) {
    let (major, minor) = version.split_once('.').unwrap_or((version, "0"));
    (major.parse().unwrap_or(0), minor.parse().unwrap_or(0))
}

/// Why the attribute `attr` cannot be set on a config for CPython
/// `version`: it first exists in a later CPython. `None` when it can.
pub fn too_new(attr: &crate::attr::Attr, version: &str) -> Option<String> {
    let since = attr.since?;
    (version_key(since) > version_key(version)).then(|| {
        format!(
            "`{}` needs CPython {since} or later (PyConfig has no `{}` before it), but the distribution is CPython {version}",
            attr.name,
            attr.group.cpython_field().unwrap_or(attr.name)
        )
    })
}

impl InterpreterConfig {
    /// Why this config cannot run on CPython `version`: the first attribute
    /// it sets (away from its default) that `version` lacks.
    pub fn too_new_for(&self, version: &str) -> Option<crate::attr::AttrError> {
        ATTRIBUTES
            .iter()
            .filter(|a| a.since.is_some())
            .filter(|a| self.get(a.name) != Some(a.default_value()))
            .find_map(|a| too_new(a, version).map(|message| crate::attr::AttrError::TooNew { attr: a.name, message }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attr::{Kind, Value};

    #[test]
    fn the_table_has_the_seventy_reference_attributes_and_the_newer_fields() {
        assert_eq!(ATTRIBUTES.len(), 75);
        assert_eq!(ATTRIBUTES.iter().filter(|a| a.since.is_none()).count(), 70);
        let mut names: Vec<&str> = ATTRIBUTES.iter().map(|a| a.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 75, "attribute names are unique");
        assert_eq!(attr("safe_path").unwrap().since, Some("3.11"));
        assert_eq!(attr("cpu_count").unwrap().kind, Kind::Int { min: 1, max: i32::MAX as i64 });
    }

    #[test]
    fn newer_fields_are_refused_for_older_versions() {
        let mut c = InterpreterConfig::default();
        assert_eq!(c.too_new_for("3.8"), None);
        c.set("safe_path", Value::Bool(false)).unwrap();
        assert_eq!(c.too_new_for("3.11"), None);
        assert_eq!(c.too_new_for("3.12"), None);
        assert_eq!(
            c.too_new_for("3.10").unwrap().to_string(),
            "`safe_path` needs CPython 3.11 or later (PyConfig has no `safe_path` before it), but the distribution is CPython 3.10"
        );
        assert!(version_key("3.9") < version_key("3.10"));
    }

    #[test]
    fn every_default_passes_its_own_check_and_matches_the_struct() {
        let config = InterpreterConfig::default();
        for attr in ATTRIBUTES {
            let value = attr.default_value();
            attr.check(&value).unwrap();
            assert_eq!(config.get(attr.name), Some(value), "{}", attr.name);
            assert!(!attr.doc.trim().is_empty(), "{} has a doc", attr.name);
        }
    }

    #[test]
    fn set_checks_and_stores() {
        let mut c = InterpreterConfig::default();
        c.set("multiprocessing_start_method", Value::Str("spawn".into())).unwrap();
        assert_eq!(c.multiprocessing_start_method, StartMethod::Spawn);
        c.set("optimization_level", Value::Int(2)).unwrap();
        assert_eq!(c.optimization_level.map(OptimizationLevel::get), Some(2));
        let err = c.set("optimization_level", Value::Int(3)).unwrap_err();
        assert_eq!(err.to_string(), "`optimization_level` is out of range: 3; it must be an int from 0 to 2, or None");
        let err = c.set("sys_frozen", Value::Str("no".into())).unwrap_err();
        assert_eq!(err.to_string(), "`sys_frozen` must be a bool (True or False); got string \"no\"");
        let err = c.set("sys_frozen", Value::None).unwrap_err();
        assert_eq!(err.to_string(), "`sys_frozen` cannot be None; it must be a bool (True or False)");
        let err = c.set("sys_frozn", Value::Bool(true)).unwrap_err();
        assert_eq!(err.to_string(), "PythonInterpreterConfig has no attribute `sys_frozn`; did you mean `sys_frozen`?");
        c.set("terminfo_resolution", Value::Str("static:/usr/share/terminfo".into())).unwrap();
        assert_eq!(c.terminfo_resolution, TerminfoResolution::Static("/usr/share/terminfo".into()));
        assert!(c.set("terminfo_resolution", Value::Str("static:".into())).is_err());
        c.set("hash_seed", Value::Int(u32::MAX.into())).unwrap();
        assert!(c.set("hash_seed", Value::Int(-1)).is_err());
        assert!(c.set("hash_seed", Value::Int(i64::from(u32::MAX) + 1)).is_err());
    }

    #[test]
    fn strings_with_a_nul_are_refused_where_assigned() {
        let mut c = InterpreterConfig::default();
        let err = c.set("run_module", Value::Str("a\0hello".into())).unwrap_err();
        assert_eq!(
            err.to_string(),
            "`run_module` cannot be \"a\\x00hello\": it holds a NUL character, where CPython would cut the string short; remove it"
        );
        assert_eq!(c.run_module, None, "nothing is stored");
        // Every string attribute, the launcher's terminfo path included.
        for attr in ATTRIBUTES.iter().filter(|a| a.type_name() == "str") {
            let err = c.set(attr.name, Value::Str("utf-8\0".into())).unwrap_err().to_string();
            assert!(err.contains("a NUL character") && err.contains(attr.name), "{}: {err}", attr.name);
        }
        let err = c.set("terminfo_resolution", Value::Str("static:/usr/share\0/x".into())).unwrap_err();
        assert!(err.to_string().contains("a NUL character"), "{err}");
        let err = c.set("module_search_paths", Value::List(vec!["$ORIGIN/lib".into(), "/a\0b".into()])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "`module_search_paths` cannot hold \"/a\\x00b\" (item 1): it holds a NUL character, where CPython would cut the string short; remove it"
        );
    }

    #[test]
    fn encodings_and_error_handlers_are_cpythons() {
        let mut c = InterpreterConfig::default();
        for name in ["stdio_encoding", "filesystem_encoding"] {
            c.set(name, Value::Str("Latin-1".into())).unwrap();
            let err = c.set(name, Value::Str("utf9".into())).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("`{name}` cannot be \"utf9\"; did you mean \"utf-8\"? It must be the name of a text encoding CPython knows, such as \"utf-8\", \"latin-1\" or \"cp1252\", or None")
            );
            // A bytes-to-bytes codec cannot be a stream's encoding.
            let err = c.set(name, Value::Str("hex".into())).unwrap_err();
            assert!(err.to_string().starts_with(&format!("`{name}` cannot be \"hex\";")), "{err}");
        }
        assert_eq!(c.stdio_encoding.as_deref(), Some("Latin-1"), "the value is stored as written");
        for name in ["stdio_errors", "filesystem_errors"] {
            c.set(name, Value::Str("surrogateescape".into())).unwrap();
            let err = c.set(name, Value::Str("surrogatescape".into())).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("`{name}` cannot be \"surrogatescape\"; did you mean \"surrogateescape\"? It must be one of \"strict\", \"ignore\", \"replace\", \"backslashreplace\", \"surrogateescape\", \"surrogatepass\", \"xmlcharrefreplace\" or \"namereplace\", or None")
            );
        }
    }

    #[test]
    fn json_configs_are_refused_the_same_way() {
        let json = |attrs: &str| {
            let rc = crate::RuntimeConfig::new("app", crate::DEFAULT_TARGET, crate::DEFAULT_PYTHON_VERSION);
            let mut value: serde_json::Value = serde_json::from_str(&rc.to_json_pretty()).unwrap();
            let attrs: serde_json::Value = serde_json::from_str(attrs).unwrap();
            for (k, v) in attrs.as_object().unwrap() {
                value[k] = v.clone();
            }
            crate::RuntimeConfig::from_json_value(&value).unwrap_err().to_string()
        };
        let err = json(r#"{"run_command": "print(1)\u0000import os"}"#);
        assert!(err.contains("`run_command`") && err.contains("a NUL character"), "{err}");
        let err = json(r#"{"stdio_encoding": "utf9"}"#);
        assert!(err.contains("`stdio_encoding`") && err.contains("did you mean \"utf-8\"?"), "{err}");
        let err = json(r#"{"filesystem_errors": "bogus"}"#);
        assert!(err.contains("`filesystem_errors`") && err.contains("\"surrogateescape\""), "{err}");
    }

    #[test]
    fn kinds_follow_the_reference() {
        let kind = |n: &str| attr(n).unwrap().kind;
        assert_eq!(kind("optimization_level"), Kind::Int { min: 0, max: 2 });
        assert_eq!(kind("module_search_paths"), Kind::StrList);
        assert!(attr("write_modules_directory_env").unwrap().optional);
        assert!(!attr("sys_frozen").unwrap().optional);
        assert!(attr("legacy_windows_stdio").unwrap().windows_only);
        let windows: Vec<&str> = ATTRIBUTES.iter().filter(|a| a.windows_only).map(|a| a.name).collect();
        assert_eq!(windows, ["legacy_windows_fs_encoding", "legacy_windows_stdio"]);
        let debug: Vec<&str> = ATTRIBUTES.iter().filter(|a| a.debug_only).map(|a| a.name).collect();
        assert_eq!(debug, ["dump_refs", "parser_debug", "show_ref_count"]);
        assert_eq!(attr("fault_handler").unwrap().group, Group::Config("faulthandler"));
    }
}
