//! The starlark linter's findings, under frost's codes and severities.

use super::super::rule::{declare_rules, Rule, Severity};

declare_rules! { Starlark;
    /// ### What it finds
    /// A variable assigned and never read. Names starting with `_` are
    /// exempt. (The starlark linter ships this check disabled; frost turns it
    /// on.)
    ///
    /// ### Why it matters
    /// Usually a typo in a later use, or a setting that was meant to go on
    /// the config and did not.
    ///
    /// ### Example
    /// ```python
    /// def make_exe():
    ///     policy = dist.make_python_packaging_policy()   # never used
    ///     return dist.to_python_executable(name = "app")
    /// ```
    ///
    /// ### Fix
    /// Use it, remove it, or name it `_policy`.
    UNUSED_ASSIGN = "unused-assign", Warning, "A variable is assigned but never used.";

    /// ### What it finds
    /// A symbol that is loaded and never used.
    ///
    /// ### Why it matters
    /// Dead loads make a config harder to read and keep a dependency on a
    /// module that is not needed.
    ///
    /// ### Example
    /// ```python
    /// load("@stdlib//platform.bzl", "is_windows")   # is_windows is never used
    /// ```
    ///
    /// ### Fix
    /// Remove the symbol from the `load()`; `frost check --fix` does, and
    /// removes the whole `load()` when it was the only symbol.
    UNUSED_LOAD = "unused-load", Warning, "A loaded symbol is never used.", fix = Safe;

    /// ### What it finds
    /// A dict literal that repeats a key.
    ///
    /// ### Why it matters
    /// The last one wins silently; the first was probably meant.
    ///
    /// ### Example
    /// ```python
    /// ENV = {"MODE": "dev", "MODE": "prod"}
    /// ```
    ///
    /// ### Fix
    /// Keep one of the entries.
    DUPLICATE_KEY = "duplicate-key", Warning, "A dict literal repeats a key.";

    /// ### What it finds
    /// A function that returns a value on some paths and falls off the end
    /// on others, returning `None` there.
    ///
    /// ### Why it matters
    /// A target function that does this gives `frost eval` nothing to lower
    /// on those paths.
    ///
    /// ### Example
    /// ```python
    /// def make_exe():
    ///     if BUILD_TARGET_TRIPLE.startswith("x86_64"):
    ///         return dist.to_python_executable(name = "app")
    /// ```
    ///
    /// ### Fix
    /// Return a value (or `fail()`) on every path.
    MISSING_RETURN = "missing-return", Warning, "A function returns a value on some paths but not others.";

    /// ### What it finds
    /// A top-level name assigned twice.
    ///
    /// ### Why it matters
    /// The second assignment replaces the first for everything after it,
    /// which is rarely what a reader expects of a config.
    ///
    /// ### Example
    /// ```python
    /// NAME = "app"
    /// NAME = "tool"
    /// ```
    ///
    /// ### Fix
    /// Give the second value its own name.
    DUPLICATE_TOP_LEVEL_ASSIGN = "duplicate-top-level-assign", Warning, "A top-level name is assigned twice.";

    /// ### What it finds
    /// A statement after `return`, `break`, `continue` or `fail()`.
    ///
    /// ### Why it matters
    /// It can never run; a setting written there has no effect.
    ///
    /// ### Example
    /// ```python
    /// def make_config():
    ///     return config
    ///     config.sys_frozen = True
    /// ```
    ///
    /// ### Fix
    /// Move it before the statement that ends the block, or remove it.
    UNREACHABLE = "unreachable", Warning, "A statement can never run.";

    /// ### What it finds
    /// A name defined nowhere: not in the file, not loaded, not a global.
    ///
    /// ### Why it matters
    /// Evaluation fails when the line runs; the linter finds it even on
    /// paths that a given target does not take.
    ///
    /// ### Example
    /// ```python
    /// config.run_module = APP_MODULE   # APP_MODULE is never defined
    /// ```
    ///
    /// ### Fix
    /// Define or `load()` the name, or fix its spelling.
    USING_UNDEFINED = "using-undefined", Error, "A name that is never defined is used.";

    /// ### What it finds
    /// Any other finding of the starlark linter. It keeps the linter's own
    /// severity, and its message ends with the linter's name for it.
    ///
    /// ### Why it matters
    /// The linter's checks catch Starlark mistakes that are not specific to
    /// frost.
    ///
    /// ### Example
    /// ```python
    /// def f(x):
    ///     if x: return 1   # a style finding, named in the message
    /// ```
    ///
    /// ### Fix
    /// As the message says, or silence it with
    /// `# starlark-lint-disable NAME`.
    STARLARK_LINT = "starlark-lint", Warning, "Another finding of the starlark linter.";
}

/// The rule and severity of a starlark linter finding named `short_name`
/// with the linter's `severity`, or `None` for advice (dropped).
pub fn for_lint(short_name: &str, severity: starlark::analysis::EvalSeverity) -> Option<(&'static Rule, Severity)> {
    use starlark::analysis::EvalSeverity;
    // The linter's names are its own; frost's rules with the same code take
    // frost's severity.
    if let Some(rule) = RULES.iter().find(|r| r.code == short_name && r.code != STARLARK_LINT.code) {
        return Some((rule, rule.severity));
    }
    match severity {
        EvalSeverity::Error => Some((STARLARK_LINT, Severity::Error)),
        EvalSeverity::Warning => Some((STARLARK_LINT, Severity::Warning)),
        EvalSeverity::Advice | EvalSeverity::Disabled => None,
    }
}
