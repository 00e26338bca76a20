//! The type of a variable, from the text: the last assignment to it before
//! the cursor (`config = dist.make_python_interpreter_config()`), else the
//! name PyOxidizer's examples give that type (`config`, `policy`, `exe`).

use super::catalog::{Catalog, TypeInfo};
use super::documents::{is_name_char, last_assignment};

/// The type of `name` at line `line` of `text`, if it can be told.
pub fn type_of<'c>(catalog: &'c Catalog, text: &str, name: &str, line: usize) -> Option<&'c TypeInfo> {
    type_at_depth(catalog, text, name, line, 0)
}

fn type_at_depth<'c>(catalog: &'c Catalog, text: &str, name: &str, line: usize, depth: usize) -> Option<&'c TypeInfo> {
    if let Some(rhs) = last_assignment(text, name, line) {
        if let Some(t) = catalog.types.iter().find(|t| t.made_by.iter().any(|m| rhs.contains(m))) {
            return Some(t);
        }
        // `b = a` and `b = a.copy()` have the type of `a`.
        let base = rhs.strip_suffix(".copy()").unwrap_or(rhs);
        if depth < 8 && !base.is_empty() && base != name && base.chars().all(is_name_char) {
            if let Some(t) = type_at_depth(catalog, text, base, line, depth + 1) {
                return Some(t);
            }
        }
    }
    catalog.types.iter().find(|t| t.names.contains(&name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::catalog::catalog;

    #[test]
    fn follows_assignments_then_names() {
        let c = catalog();
        let text = "def f():\n    d = default_python_distribution()\n    c = d.make_python_interpreter_config()\n    p = d.make_python_packaging_policy()\n    e = d.to_python_executable(name = \"x\")\n    c2 = c.copy()\n";
        assert_eq!(type_of(c, text, "d", 9).unwrap().name, "PythonDistribution");
        assert_eq!(type_of(c, text, "c", 9).unwrap().name, "PythonInterpreterConfig");
        assert_eq!(type_of(c, text, "p", 9).unwrap().name, "PythonPackagingPolicy");
        assert_eq!(type_of(c, text, "e", 9).unwrap().name, "PythonExecutable");
        assert_eq!(type_of(c, text, "c2", 9).unwrap().name, "PythonInterpreterConfig");
        assert_eq!(type_of(c, "", "policy", 0).unwrap().name, "PythonPackagingPolicy");
        assert!(type_of(c, "", "zzz", 0).is_none());
    }
}
