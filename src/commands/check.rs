//! `frost check`: lint configs, or explain a rule.

use std::path::PathBuf;
use std::process::ExitCode;

use super::args::EvalArgs;
use super::{print_out, report, CheckFormat};
use crate::lints::rules;
use crate::FrostError;

/// `frost check --explain CODE`: the rule's documentation, or exit 2 with
/// the closest codes.
pub(crate) fn explain(code: &str) -> ExitCode {
    match rules::by_code(code) {
        Some(rule) => print_out(&crate::docs::explain(rule)),
        None => {
            let closest = rules::closest(code);
            let hint = if closest.is_empty() {
                let all: Vec<String> = rules::all().map(|r| format!("`{}`", r.code)).collect();
                format!("the codes are {}", all.join(", "))
            } else {
                let names: Vec<String> = closest.iter().map(|c| format!("`{c}`")).collect();
                format!("did you mean {}?", or_list(&names))
            };
            report(FrostError::Usage(format!("--explain: no rule has the code `{code}`; {hint}")))
        }
    }
}

/// `a`, `a or b`, `a, b or c`.
fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

pub(crate) fn check(paths: &[PathBuf], format: CheckFormat, deny_warnings: bool, args: &EvalArgs) -> ExitCode {
    let options = match args.options() {
        Ok(o) => o,
        Err(e) => return report(e),
    };
    let (files, unreadable) = match crate::lints::collect_files(paths) {
        Ok(f) => f,
        Err(e) => return report(FrostError::Usage(e)),
    };
    let check_options = crate::lints::CheckOptions { target: options.target.clone(), eval: options };
    let mut result = crate::lints::check_files(&files, &check_options);
    result.unreadable.extend(unreadable);
    let text = match format {
        CheckFormat::Human => crate::reports::human(&result),
        CheckFormat::Json => crate::reports::json(&result),
        CheckFormat::Sarif => crate::reports::sarif(&result),
        CheckFormat::Github => crate::reports::github(&result),
    };
    let code = print_out(&text);
    if code != ExitCode::SUCCESS {
        return code;
    }
    use crate::lints::Severity;
    if !result.unreadable.is_empty() {
        ExitCode::from(2)
    } else if result.count(Severity::Error) > 0 || (deny_warnings && result.count(Severity::Warning) > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
