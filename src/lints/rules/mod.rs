//! Every rule of `frost check`, one declaration each, grouped by where its
//! findings come from. A new rule in a group is one declaration; it is in
//! [`all`], the book's lints page, SARIF's rule list and
//! `frost check --explain` from then on.

pub mod config;
pub mod evaluation;
pub mod starlark;
pub mod targets;

use super::rule::Rule;

/// Every rule, in the order the book lists them.
pub fn all() -> impl Iterator<Item = &'static Rule> {
    evaluation::RULES.iter().chain(config::RULES).chain(targets::RULES).chain(starlark::RULES).copied()
}

/// The rule with this code.
pub fn by_code(code: &str) -> Option<&'static Rule> {
    all().find(|r| r.code == code)
}

/// The codes closest to `code`, best first: what `--explain` suggests for
/// an unknown code.
pub fn closest(code: &str) -> Vec<&'static str> {
    let mut scored: Vec<(f64, &'static str)> =
        all().map(|r| (strsim::normalized_damerau_levenshtein(code, r.code), r.code)).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let good: Vec<&'static str> = scored.iter().filter(|(s, _)| *s >= 0.5).map(|(_, c)| *c).take(3).collect();
    if good.is_empty() {
        // Substring matches ("frozen" finds frozen-config).
        all().map(|r| r.code).filter(|c| c.contains(code) || code.contains(c)).take(3).collect()
    } else {
        good
    }
}
