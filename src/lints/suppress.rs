//! `# frost-ignore: code` comments.

use super::Diagnostic;

/// The comment that silences rules on its line: `# frost-ignore: code, code`.
pub const SUPPRESS: &str = "frost-ignore:";

/// Drops the findings whose line carries `# frost-ignore: <code>`.
pub(crate) fn suppress(diags: Vec<Diagnostic>, main_path: &str, text: &str) -> Vec<Diagnostic> {
    let lines: Vec<&str> = text.lines().collect();
    diags
        .into_iter()
        .filter(|d| {
            if d.path != main_path {
                return true;
            }
            let Some(line) = lines.get(d.line.wrapping_sub(1)) else { return true };
            !suppressed_codes(line).any(|c| c == d.code)
        })
        .collect()
}

/// The codes a line's `# frost-ignore:` comment names.
pub fn suppressed_codes(line: &str) -> impl Iterator<Item = &str> {
    let codes = line.find('#').and_then(|hash| {
        let comment = &line[hash + 1..];
        comment.find(SUPPRESS).map(|at| &comment[at + SUPPRESS.len()..])
    });
    codes.into_iter().flat_map(|c| c.split([',', ' ']).map(str::trim).filter(|c| !c.is_empty()))
}
