//! frost's own rules over each lowered config: platform and
//! multiprocessing mistakes that evaluate fine but break the app.

use frost_runtime::{support, RuntimeConfig, StartMethod, ATTRIBUTES};

use super::super::rule::{declare_rules, Rule};

declare_rules! { Config;
    /// ### What it finds
    /// A `multiprocessing_start_method` the target platform does not have.
    /// Windows has only `spawn`.
    ///
    /// ### Why it matters
    /// The app fails at its first `multiprocessing` use, on the users'
    /// machines rather than on the build machine.
    ///
    /// ### Example
    /// ```python
    /// config.multiprocessing_start_method = "fork"   # with --target-triple x86_64-pc-windows-msvc
    /// ```
    ///
    /// ### Fix
    /// Use `"spawn"`, or `"auto"`, which is `spawn` on Windows and `fork`
    /// elsewhere.
    START_METHOD_UNAVAILABLE = "start-method-unavailable", Error, "A multiprocessing start method the target platform does not have.";

    /// ### What it finds
    /// A value frost's launcher cannot honour: `filesystem_importer = False`
    /// (the standard library is imported from the filesystem), and
    /// allocator backends that are not built in (`jemalloc`, `mimalloc`,
    /// `snmalloc`).
    ///
    /// ### Why it matters
    /// frost refuses what it cannot do rather than ignore it: `frost build`
    /// stops on these values.
    ///
    /// ### Example
    /// ```python
    /// config.allocator_backend = "jemalloc"
    /// ```
    ///
    /// ### Fix
    /// The message says what to write instead (here `"default"` or
    /// `"rust"`).
    UNSUPPORTED_ATTRIBUTE = "unsupported-attribute", Error, "An attribute value frost's launcher cannot honour; frost build refuses it.";

    /// ### What it finds
    /// `spawn` in effect (set, or `auto` on Windows) while
    /// `multiprocessing_auto_dispatch = False`.
    ///
    /// ### Why it matters
    /// Spawned workers start the executable as `app --multiprocessing-fork
    /// ...`; without dispatch each worker runs the app again instead of the
    /// worker, which starts workers of its own: a pool starts apps without
    /// end. `multiprocessing.freeze_support()` does not help: outside
    /// Windows it does nothing. (`forkserver` is not affected: its
    /// server is started with `-c`, which the launcher recognises either
    /// way, and its workers are forked from it; `frost doctor` passes its
    /// round trip with dispatch off.)
    ///
    /// ### Example
    /// ```python
    /// config.multiprocessing_start_method = "spawn"
    /// config.multiprocessing_auto_dispatch = False
    /// ```
    ///
    /// ### Fix
    /// Set `multiprocessing_auto_dispatch = True` (the default), or use the
    /// `forkserver` or `fork` start method, which do not need it.
    SPAWN_WITHOUT_AUTO_DISPATCH = "spawn-without-auto-dispatch", Warning, "spawn is in effect but multiprocessing_auto_dispatch is off: each worker would run the app again, without end.";

    /// ### What it finds
    /// `sys_frozen = False` while `spawn` or `forkserver` is in effect.
    ///
    /// ### Why it matters
    /// `multiprocessing` starts `--multiprocessing-fork` workers only when
    /// `sys.frozen` is set. Without it, `spawn` workers are started the way
    /// `python` starts them, as `app -I -c "from multiprocessing.spawn import
    /// spawn_main; ..." --multiprocessing-fork`. frost's launcher runs that
    /// form too while `multiprocessing_auto_dispatch` is on, but code that
    /// checks `sys.frozen` (`multiprocessing.freeze_support()`, many
    /// libraries) then treats the app as not frozen, and `frost doctor` fails
    /// its `sys_frozen` check.
    ///
    /// ### Example
    /// ```python
    /// config.multiprocessing_start_method = "spawn"
    /// config.sys_frozen = False
    /// ```
    ///
    /// ### Fix
    /// Leave `sys_frozen = True` (the default), or use `fork` if you really
    /// need `sys.frozen` unset.
    MULTIPROCESSING_NEEDS_SYS_FROZEN = "multiprocessing-needs-sys-frozen", Warning, "sys_frozen is off while multiprocessing settings rely on it.";

    /// ### What it finds
    /// More than one of `run_command`, `run_module` and `run_filename` set.
    ///
    /// ### Why it matters
    /// CPython runs `run_command`, else `run_module`, else `run_filename`;
    /// the others are silently ignored. The finding points at the ignored one
    /// and names the winner.
    ///
    /// ### Example
    /// ```python
    /// config.run_module = "app"
    /// config.run_filename = "app.py"   # ignored: run_module wins
    /// ```
    ///
    /// ### Fix
    /// Keep one of them. `frost check --fix` removes the ignored assignment
    /// when that cannot change what runs: each attribute is assigned once in
    /// the file, to a literal, on the same object, in the same block (so one
    /// is set exactly when the other is), and the ignored statement has its
    /// lines to itself. Otherwise the choice is yours.
    CONFLICTING_RUN_ATTRIBUTES = "conflicting-run-attributes", Warning, "More than one of run_command, run_module and run_filename is set; only one runs.", fix = Safe;

    /// ### What it finds
    /// A Windows-only attribute (`legacy_windows_fs_encoding`,
    /// `legacy_windows_stdio`) set for a target triple that is not Windows.
    ///
    /// ### Why it matters
    /// CPython has no such setting elsewhere; the value does nothing there.
    ///
    /// ### Example
    /// ```python
    /// config.legacy_windows_stdio = True   # on x86_64-unknown-linux-gnu
    /// ```
    ///
    /// ### Fix
    /// Remove it, or set it only when `"windows" in BUILD_TARGET_TRIPLE`.
    WINDOWS_ONLY_ATTRIBUTE = "windows-only-attribute", Warning, "A Windows-only attribute is set for a non-Windows target triple.";

    /// ### What it finds
    /// `module_search_paths` set while `filesystem_importer = False`.
    ///
    /// ### Why it matters
    /// No importer reads those paths, so the app's modules are not found.
    ///
    /// ### Example
    /// ```python
    /// config.module_search_paths = ["$ORIGIN/lib"]
    /// config.filesystem_importer = False
    /// ```
    ///
    /// ### Fix
    /// Turn `filesystem_importer` back on, or drop the search paths.
    SEARCH_PATHS_WITHOUT_FILESYSTEM_IMPORTER = "search-paths-without-filesystem-importer", Warning, "module_search_paths is set but filesystem_importer is off, so nothing reads it.";

    /// ### What it finds
    /// A config for CPython 3.14 or later, on Linux (and other POSIX
    /// targets but macOS), that leaves the start method to a default:
    /// `multiprocessing_start_method = "auto"` (the default) or `"none"`.
    ///
    /// ### Why it matters
    /// CPython 3.14 changed its own default start method on Linux from
    /// `fork` to `forkserver`. frost's `"auto"` did not follow: it is `fork`
    /// on every POSIX target for every version (what the attribute has
    /// always meant, and what PyOxidizer does), so the app behaves as it
    /// did on 3.13 but not as `python3.14` runs the same code. `"none"`
    /// leaves CPython's default, so the same config means `fork` on 3.13
    /// and `forkserver` on 3.14. Code that relies on fork's inheritance
    /// (globals set before the pool, unpicklable callables) works under one
    /// and fails under the other.
    ///
    /// ### Example
    /// ```python
    /// dist = default_python_distribution(python_version = "3.14")
    /// config = dist.make_python_interpreter_config()   # start method "auto": fork
    /// ```
    ///
    /// ### Fix
    /// Say which one: `config.multiprocessing_start_method = "fork"` to keep
    /// what frost uses, or `"forkserver"` for CPython 3.14's own default.
    START_METHOD_DEFAULT_DIFFERS = "start-method-default-differs", Note, "The config leaves the start method to a default, and on CPython 3.14 frost's (fork) and CPython's (forkserver) differ.";
}

/// A finding of a config rule, before it has a location.
pub struct Finding {
    /// The rule.
    pub rule: &'static Rule,
    /// The attribute whose assignment it points at.
    pub attr: Option<&'static str>,
    /// What is wrong.
    pub message: String,
}

fn is_windows(triple: &str) -> bool {
    triple.contains("windows")
}

/// The start method in effect once `auto` is resolved for the triple.
pub fn effective_start_method(method: StartMethod, triple: &str) -> StartMethod {
    method.effective(is_windows(triple))
}

/// frost's rules over one lowered config.
pub fn findings(rc: &RuntimeConfig, triple: &str) -> Vec<Finding> {
    let c = &rc.config;
    let mut out = Vec::new();
    let mut find = |rule, attr: &'static str, message: String| out.push(Finding { rule, attr: Some(attr), message });
    let windows = is_windows(triple);
    let method = effective_start_method(c.multiprocessing_start_method, triple);
    if windows && matches!(c.multiprocessing_start_method, StartMethod::Fork | StartMethod::Forkserver) {
        find(
            START_METHOD_UNAVAILABLE,
            "multiprocessing_start_method",
            format!(
                "`multiprocessing_start_method = \"{}\"` is not available on {triple}: Windows has only \"spawn\"; use \"spawn\" or \"auto\"",
                c.multiprocessing_start_method
            ),
        );
    }
    let spawns = matches!(method, StartMethod::Spawn | StartMethod::Forkserver);
    if method == StartMethod::Spawn && !c.multiprocessing_auto_dispatch {
        find(
            SPAWN_WITHOUT_AUTO_DISPATCH,
            "multiprocessing_auto_dispatch",
            format!(
                "the \"spawn\" start method is in effect, but `multiprocessing_auto_dispatch = False`: each worker, started as `{} --multiprocessing-fork ...`, would run the app again, without end (`multiprocessing.freeze_support()` does nothing outside Windows); set it to True, or use \"forkserver\" or \"fork\"",
                rc.executable_name.as_deref().unwrap_or("app")
            ),
        );
    }
    if !c.sys_frozen && spawns && c.multiprocessing_auto_dispatch {
        find(
            MULTIPROCESSING_NEEDS_SYS_FROZEN,
            "sys_frozen",
            format!(
                "`sys_frozen = False` with the \"{method}\" start method: multiprocessing then starts workers as `app <interpreter flags> -c \"from multiprocessing.spawn import spawn_main; ...\" --multiprocessing-fork`; frost's launcher dispatches that form too, but only while `multiprocessing_auto_dispatch` is on, and `multiprocessing.freeze_support()` and code that checks `sys.frozen` see an unfrozen app; set it to True unless your code needs it unset"
            ),
        );
    }
    let runs = [
        ("run_command", c.run_command.is_some()),
        ("run_module", c.run_module.is_some()),
        ("run_filename", c.run_filename.is_some()),
    ];
    let set: Vec<&'static str> = runs.iter().filter(|(_, on)| *on).map(|(n, _)| *n).collect();
    if let Some((winner, losers)) = set.split_first() {
        for loser in losers {
            find(
                CONFLICTING_RUN_ATTRIBUTES,
                loser,
                format!(
                    "`{loser}` is ignored: `{winner}` is also set and wins (CPython runs run_command, else run_module, else run_filename)"
                ),
            );
        }
    }
    if !windows {
        for a in ATTRIBUTES.iter().filter(|a| a.windows_only) {
            if c.get(a.name).is_some_and(|v| v != frost_runtime::Value::None) {
                find(
                    WINDOWS_ONLY_ATTRIBUTE,
                    a.name,
                    format!("`{}` only has an effect on Windows, and the target triple is {triple}", a.name),
                );
            }
        }
    }
    let posix_not_mac = !windows && !triple.contains("apple");
    if posix_not_mac && frost_runtime::config::version_key(&rc.python_version) >= (3, 14) {
        let v = &rc.python_version;
        match c.multiprocessing_start_method {
            StartMethod::Auto => find(
                START_METHOD_DEFAULT_DIFFERS,
                "multiprocessing_start_method",
                format!(
                    "the start method is \"auto\", which frost makes \"fork\" on {triple} for every CPython, while CPython {v}'s own default there is \"forkserver\"; set `multiprocessing_start_method = \"fork\"` to keep fork, or \"forkserver\" to follow CPython"
                ),
            ),
            StartMethod::None => find(
                START_METHOD_DEFAULT_DIFFERS,
                "multiprocessing_start_method",
                format!(
                    "the start method is \"none\", which leaves CPython's default: \"forkserver\" on {triple} for CPython {v} (\"fork\" before 3.14); set `multiprocessing_start_method = \"forkserver\"` (or \"fork\") to say which"
                ),
            ),
            _ => {}
        }
    }
    if c.module_search_paths.is_some() && !c.filesystem_importer {
        find(
            SEARCH_PATHS_WITHOUT_FILESYSTEM_IMPORTER,
            "module_search_paths",
            "`module_search_paths` is set, but `filesystem_importer = False`, so no importer reads it".to_string(),
        );
    }
    // Windows-only attributes are the windows-only-attribute rule's business.
    let windows_only = |name: &str| ATTRIBUTES.iter().any(|a| a.name == name && a.windows_only);
    for u in support::unsupported(c).into_iter().filter(|u| !windows_only(u.attr)) {
        out.push(Finding {
            rule: UNSUPPORTED_ATTRIBUTE,
            attr: ATTRIBUTES.iter().find(|a| a.name == u.attr).map(|a| a.name),
            message: format!("`{}`: {}", u.attr, u.reason),
        });
    }
    out
}
