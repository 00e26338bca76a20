//! What a lint rule is: a typed declaration carrying its code, severity,
//! one-line summary and documentation. Findings refer to the declaration,
//! so a misspelled rule does not compile.

use std::fmt;

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The config is wrong: `frost check` exits 1.
    Error,
    /// The config works but is probably not what was meant.
    Warning,
    /// Information: never changes the exit code, even with `--deny-warnings`.
    Note,
}

impl Severity {
    /// `error`, `warning` or `note`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rule `frost check` applies.
#[derive(Debug)]
pub struct Rule {
    /// The stable code, used in output and in suppression comments.
    pub code: &'static str,
    /// Its severity.
    pub severity: Severity,
    /// One line on what it finds.
    pub summary: &'static str,
    /// Where it comes from: frost's evaluation, frost's config rules, or
    /// the starlark linter.
    pub origin: Origin,
    /// The long documentation, in Markdown: what it finds, why it matters,
    /// an example and the fix. The `### ` headings are its sections.
    pub doc: &'static str,
    /// Whether `frost check --fix` (and the editor) can fix some of its
    /// findings, and how safely: declared `, fix = Safe` after the summary.
    pub fix: Option<crate::lints::fix::Applicability>,
}

/// Where a rule's findings come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Evaluating the config failed.
    Evaluation,
    /// frost's rules over a lowered config.
    Config,
    /// The starlark linter, with frost's severity.
    Starlark,
}

/// Where the published book is, when frost was built knowing it
/// (`FROST_BOOK_URL=https://... cargo build`). SARIF's `helpUri` points
/// there; without it, the rule's full text is in the SARIF file itself.
const BOOK_URL: Option<&str> = option_env!("FROST_BOOK_URL");

impl Rule {
    /// The URL of this rule's section of the published book, if frost knows
    /// where the book is published.
    pub fn url(&self) -> Option<String> {
        BOOK_URL
            .filter(|u| !u.is_empty())
            .map(|base| format!("{}/lints.html#{}", base.trim_end_matches('/'), self.code))
    }

    /// The documentation with the one space that `///` leaves at the start
    /// of each line removed.
    pub fn documentation(&self) -> String {
        let mut out = String::with_capacity(self.doc.len());
        for line in self.doc.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out.trim().to_string() + "\n"
    }
}

impl PartialEq for Rule {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

impl Eq for Rule {}

/// Declares rules: each is a doc comment (its documentation), then
/// `NAME = "code", Severity, "summary";`, with `, fix = Safe` (or `Unsafe`)
/// before the `;` when frost can fix some of its findings. It also makes
/// `RULES`, the declared rules in order.
macro_rules! declare_rules {
    ($origin:ident; $( $(#[doc = $doc:literal])* $name:ident = $code:literal, $severity:ident, $summary:literal $(, fix = $fix:ident)?; )*) => {
        $(
            #[doc = concat!("`", $code, "`: ", $summary)]
            pub const $name: &$crate::lints::rule::Rule = &$crate::lints::rule::Rule {
                code: $code,
                severity: $crate::lints::rule::Severity::$severity,
                summary: $summary,
                origin: $crate::lints::rule::Origin::$origin,
                doc: concat!($($doc, "\n"),*),
                fix: $crate::lints::rule::fix_of(&[$($crate::lints::fix::Applicability::$fix)?]),
            };
        )*
        /// The rules of this module, in order.
        pub const RULES: &[&$crate::lints::rule::Rule] = &[$($name),*];
    };
}

pub(crate) use declare_rules;

/// The `fix = ...` column of `declare_rules!`: absent or one value.
pub const fn fix_of(declared: &[crate::lints::fix::Applicability]) -> Option<crate::lints::fix::Applicability> {
    match declared {
        [one] => Some(*one),
        _ => None,
    }
}
