//! Rules for configs that do not evaluate: every evaluation error becomes
//! one finding, classified by what caused it.

use super::super::rule::declare_rules;

declare_rules! { Evaluation;
    /// ### What it finds
    /// A file that is not valid Starlark: an unclosed bracket, a bad indent,
    /// a keyword where an expression belongs.
    ///
    /// ### Why it matters
    /// Nothing else in the file can be checked until it parses, and
    /// `frost build` cannot build it.
    ///
    /// ### Example
    /// ```python
    /// def make_exe(:
    /// ```
    ///
    /// ### Fix
    /// Fix the syntax at the position shown.
    SYNTAX_ERROR = "syntax-error", Error, "The file is not valid Starlark.";

    /// ### What it finds
    /// An attribute given a value of the wrong type, or a value outside what
    /// it accepts: a string for a bool, `3` for `optimization_level`,
    /// `"spork"` for `multiprocessing_start_method`, an int in
    /// `module_search_paths`.
    ///
    /// ### Why it matters
    /// frost never coerces. PyOxidizer would take `sys_frozen = "no"` as
    /// true; frost stops at the assignment instead of building an app that
    /// does something else.
    ///
    /// ### Example
    /// ```python
    /// config.optimization_level = 3
    /// ```
    ///
    /// ### Fix
    /// Use a value the message lists: here `it must be an int from 0 to 2,
    /// or None`.
    INVALID_VALUE = "invalid-value", Error, "An attribute is given a value of the wrong type or outside what it accepts.";

    /// ### What it finds
    /// An attribute name that the object does not have.
    ///
    /// ### Why it matters
    /// A misspelled attribute would otherwise be silently ignored, and the
    /// app would run with the default.
    ///
    /// ### Example
    /// ```python
    /// config.sys_frozn = True   # did you mean `sys_frozen`?
    /// ```
    ///
    /// ### Fix
    /// Use the name the message suggests, or see the attribute reference.
    /// `frost check --fix` renames it when the message names one close
    /// match. It also rewrites a name PyOxidizer removed when the
    /// replacement is exact: `run_mode = "eval:CODE"` → `run_command =
    /// "CODE"` (and `"module:NAME"` → `run_module`, `"file:PATH"` →
    /// `run_filename`), `run_eval` → `run_command`, `run_file` →
    /// `run_filename`, `raw_allocator` → `allocator_backend`,
    /// `optimize_level` → `optimization_level`, `sys_paths` →
    /// `module_search_paths`, `stdio_encoding_name` → `stdio_encoding`,
    /// `stdio_encoding_errors` → `stdio_errors`, and `ignore_environment` or
    /// `unbuffered_stdio` written as `True` or `False` → `use_environment` or
    /// `buffered_stdio`, negated.
    UNKNOWN_ATTRIBUTE = "unknown-attribute", Error, "An attribute name that does not exist.", fix = Safe;

    /// ### What it finds
    /// A change to a config that comes from a loaded module.
    ///
    /// ### Why it matters
    /// Loaded modules are frozen once evaluated and shared by every file that
    /// loads them; changing one in place would change it for all of them.
    ///
    /// ### Example
    /// ```python
    /// load("common.bzl", "BASE")
    /// BASE.run_module = "mine"
    /// ```
    ///
    /// ### Fix
    /// Change a copy:
    /// ```python
    /// config = BASE.copy()
    /// config.run_module = "mine"
    /// ```
    FROZEN_CONFIG = "frozen-config", Error, "A config that comes from a loaded module is changed; change a copy.";

    /// ### What it finds
    /// Any other evaluation failure: `fail()`, an undefined name, a missing
    /// target, a load that cannot be read, a wrong argument to a built-in.
    ///
    /// ### Why it matters
    /// A config that does not evaluate cannot be built.
    ///
    /// ### Example
    /// ```python
    /// register_target("exe", make_exe, depends = ["dist"])   # no target `dist`
    /// ```
    ///
    /// ### Fix
    /// The message is the evaluator's and says what failed and where.
    EVAL_ERROR = "eval-error", Error, "Evaluating the config or resolving a target failed (fail(), an undefined name, a bad load...).";

    /// ### What it finds
    /// An evaluation stopped by one of frost's limits: more than
    /// `--max-steps` steps (calls and loop iterations; 10,000,000 by
    /// default), longer than `--timeout` seconds (10 by default), a call
    /// stack too deep, or a heap over 2 GiB.
    ///
    /// ### Why it matters
    /// A config must never hang CI or exhaust its memory; frost stops it and
    /// reports where it was.
    ///
    /// ### Example
    /// ```python
    /// def forever():
    ///     return forever()
    /// ```
    ///
    /// ### Fix
    /// Usually an endless loop or unbounded recursion. If the config really
    /// needs more, raise `--max-steps` or `--timeout`.
    LIMIT_EXCEEDED = "limit-exceeded", Error, "Evaluation ran too long, too deep or too big, and was stopped.";
}
