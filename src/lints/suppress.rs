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

/// `text` with `# frost-ignore: CODE` added to the line of each of
/// `findings` (merged into an existing `frost-ignore` comment), and how many
/// codes were added. Lines whose end is inside a string are left alone.
pub fn add_ignore_comments(text: &str, findings: &[&Diagnostic]) -> (String, usize) {
    let in_strings = crate::language::syntax::lines_ending_in_strings(text);
    let mut wanted: std::collections::BTreeMap<usize, Vec<&str>> = std::collections::BTreeMap::new();
    for d in findings {
        if !in_strings.contains(&d.line) {
            let codes = wanted.entry(d.line).or_default();
            if !codes.contains(&d.code) {
                codes.push(d.code);
            }
        }
    }
    let mut added = 0;
    let mut out = String::with_capacity(text.len() + wanted.len() * 32);
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let (body, end) = match line.strip_suffix('\n') {
            Some(body) => (body.strip_suffix('\r').unwrap_or(body), &line[body.trim_end_matches('\r').len()..]),
            None => (line, ""),
        };
        let Some(codes) = wanted.get(&(i + 1)) else {
            out.push_str(line);
            continue;
        };
        let present: Vec<&str> = suppressed_codes(body).collect();
        let new: Vec<&str> = codes.iter().copied().filter(|c| !present.contains(c)).collect();
        if new.is_empty() {
            out.push_str(line);
            continue;
        }
        added += new.len();
        out.push_str(body.trim_end());
        if present.is_empty() {
            out.push_str(&format!("  # {SUPPRESS} {}", new.join(", ")));
        } else {
            out.push_str(&format!(", {}", new.join(", ")));
        }
        out.push_str(end);
    }
    if !text.ends_with('\n') && out.ends_with('\n') && !text.is_empty() {
        out.pop();
    }
    (out, added)
}
