//! The book's lint page and `frost check --explain`, from the rule
//! declarations.

use crate::language::DEFAULT_TIMEOUT;
use crate::lints::fix::Applicability;
use crate::lints::rule::{Origin, Rule};
use crate::lints::rules;

/// Where the page lives, relative to the repository root.
pub const LINTS_PAGE_PATH: &str = "book/src/lints.md";

/// What `frost check --explain CODE` prints.
pub fn explain(rule: &Rule) -> String {
    format!(
        "# {}\n\n{} ({}). {}\n\n{}\n\n{}",
        rule.code,
        severity_word(rule),
        origin_word(rule),
        rule.summary,
        fix_word(rule),
        rule.documentation()
    )
}

/// What the rule's `fix` column says, as a sentence.
pub fn fix_word(rule: &Rule) -> &'static str {
    match rule.fix {
        Some(Applicability::Safe) => "Fix: `frost check --fix` fixes some of its findings (safe).",
        Some(Applicability::Unsafe) => {
            "Fix: the editor offers a fix for some of its findings (unsafe: not applied by `--fix`)."
        }
        None => "Fix: none automatic.",
    }
}

fn severity_word(rule: &Rule) -> &'static str {
    match rule.severity {
        crate::lints::Severity::Error => "Error",
        crate::lints::Severity::Warning => "Warning",
        crate::lints::Severity::Note => "Note",
    }
}

fn origin_word(rule: &Rule) -> &'static str {
    match rule.origin {
        Origin::Evaluation => "found when the config is evaluated",
        Origin::Config => "a frost rule over each lowered config",
        Origin::Starlark => "from the starlark linter",
    }
}

/// The lint rules page, in Markdown.
pub fn lints_page() -> String {
    let mut out = String::new();
    out.push_str(
        "<!-- Generated from the rule declarations (src/lints/rules/) by frost::docs::lints_page. Do not edit:\n",
    );
    out.push_str("     `FROST_BLESS=1 cargo test --test docs` rewrites this page. -->\n\n");
    out.push_str(&format!(
        r#"# Lint rules

`frost check` evaluates each config, resolves every registered target (or
only `--target NAME`), and reports what it finds. Every finding has a stable
code and a severity. Errors make `frost check` exit 1; warnings do too with
`--deny-warnings`.

```sh
frost check .                                        # every *.bzl below here
frost check --format sarif configs/ > frost.sarif    # GitHub code scanning
frost check --format github frost.bzl                # ::error annotations in Actions
frost check --target-triple x86_64-pc-windows-msvc --deny-warnings frost.bzl
frost check --explain conflicting-run-attributes     # a rule's documentation
```

Exit codes are the same in every format: 0 when there are no errors, 1 when
there are (or warnings with `--deny-warnings`), 2 for a usage or I/O error.

## Suppressing a finding

A comment on the line a finding points at silences the rules it names on
that line, and nothing else:

```python
config.run_filename = "legacy.py"  # frost-ignore: conflicting-run-attributes
```

Several codes are separated by commas: `# frost-ignore: unused-assign, duplicate-key`.
The starlark linter's own `# starlark-lint-disable NAME` comments work too.

## Fixes

Some findings have a fix, shown in the table's `fix` column and in each
rule's section. `frost check --fix` applies the safe ones, round after round
until none is left, checks the result again and writes a file (whole,
keeping its permissions) only if the fixed text parses and has no error the
original did not have; it says what it fixed, then reports what remains.
`frost check --diff` prints the same fixes as a unified diff and writes
nothing (exit 1 when there is a diff). `frost lsp` offers the same edits as
quick fixes. See [Using frost in CI](ci.md#fixes---fix-and---diff).

## Limits

Evaluation is bounded: a config is stopped after `--max-steps` steps (calls
and loop iterations; 10,000,000 by default), after `--timeout` seconds ({} by
default), when its call stack gets too deep, or when its heap passes 2 GiB.
It is then reported as `limit-exceeded`; frost never hangs.

## The rules

| code | severity | fix | what it finds |
|---|---|---|---|
"#,
        DEFAULT_TIMEOUT.as_secs()
    ));
    for r in rules::all() {
        let fix = r.fix.map_or("", Applicability::as_str);
        out.push_str(&format!("| [`{0}`](#{0}) | {1} | {fix} | {2} |\n", r.code, r.severity, r.summary));
    }
    for r in rules::all() {
        out.push_str(&format!(
            "\n## `{}`\n\n**{}** ({}). {}\n\n{}\n\n",
            r.code,
            severity_word(r),
            origin_word(r),
            r.summary,
            fix_word(r)
        ));
        out.push_str(&r.documentation());
    }
    out
}
