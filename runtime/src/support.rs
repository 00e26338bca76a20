//! What frost's launcher cannot honour. `frost build` refuses these and
//! `frost check` reports them, so an attribute is never silently ignored.

use crate::attr::{Attr, Value};
use crate::config::{InterpreterConfig, ATTRIBUTES};
use crate::types::{AllocatorBackend, ConfigProfile};

/// An attribute value the launcher cannot honour, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsupported {
    /// The attribute at fault.
    pub attr: &'static str,
    /// Why, and what to write instead.
    pub reason: String,
}

/// Every attribute value in `config` that the launcher cannot honour.
pub fn unsupported(config: &InterpreterConfig) -> Vec<Unsupported> {
    let mut out = Vec::new();
    let mut refuse = |attr: &'static str, reason: &str| out.push(Unsupported { attr, reason: reason.to_string() });
    if !config.filesystem_importer {
        refuse(
            "filesystem_importer",
            "frost's launcher imports only from the filesystem, so with it off nothing could be imported; set it to True",
        );
    }
    match config.allocator_backend {
        AllocatorBackend::Default | AllocatorBackend::Rust => {}
        other => refuse(
            "allocator_backend",
            &format!("the \"{other}\" allocator is not built into frost's launcher; use \"default\" or \"rust\""),
        ),
    }
    if config.allocator_backend == AllocatorBackend::Default {
        // With "default" nothing is replaced, so a domain switch would be
        // silently ignored. (allocator_raw is True by default and stays allowed.)
        for (attr, on) in [
            ("allocator_mem", config.allocator_mem),
            ("allocator_obj", config.allocator_obj),
            ("allocator_pymalloc_arena", config.allocator_pymalloc_arena),
        ] {
            if on {
                refuse(
                    attr,
                    "it chooses where allocator_backend is used, and with allocator_backend = \"default\" CPython's own allocators are kept; set allocator_backend = \"rust\", or set it to False",
                );
            }
        }
    }
    if config.python_path_env.is_some() {
        // CPython reads pythonpath_env only where it would read PYTHONPATH.
        let python = config.config_profile == ConfigProfile::Python;
        let isolated = config.isolated.unwrap_or(!python);
        let use_environment = config.use_environment.unwrap_or(python) && !isolated;
        if !use_environment {
            refuse(
                "python_path_env",
                "CPython only reads it when the environment is read (use_environment = True and isolated = False; the \"python\" profile has both), so here it would be ignored; set those, or list the folders in module_search_paths",
            );
        }
    }
    if !cfg!(windows) {
        for attr in windows_only_set(config) {
            refuse(
                attr,
                "it only exists in CPython on Windows, and this frost builds for another system; set it to None",
            );
        }
    }
    out
}

/// The Windows-only attributes (the table's `windows_only` column) that
/// `config` turns on: elsewhere CPython has no such field.
pub fn windows_only_set(config: &InterpreterConfig) -> Vec<&'static str> {
    turned_on(config, |a| a.windows_only)
}

/// The debug-build-only attributes (the table's `debug_only` column) that
/// `config` turns on: a release build of CPython would ignore them, so
/// `frost build` refuses them with a launcher that links one.
pub fn debug_only_set(config: &InterpreterConfig) -> Vec<&'static str> {
    turned_on(config, |a| a.debug_only)
}

/// The attributes picked by `which` that ask for an effect in `config`:
/// `True`, or any value other than `None` and the default (`False` asks
/// for nothing a build without the field would not do anyway).
fn turned_on(config: &InterpreterConfig, which: impl Fn(&Attr) -> bool) -> Vec<&'static str> {
    ATTRIBUTES
        .iter()
        .filter(|a| which(a))
        .filter(|a| match config.get(a.name).expect("every table row is a field") {
            Value::None | Value::Bool(false) => false,
            Value::Bool(true) => true,
            value => value != a.default_value(),
        })
        .map(|a| a.name)
        .collect()
}

#[cfg(test)]
#[allow(clippy::field_reassign_with_default)] // each test changes one field of the defaults
mod tests {
    use super::*;

    #[test]
    fn defaults_are_supported() {
        assert_eq!(unsupported(&InterpreterConfig::default()), vec![]);
    }

    #[test]
    fn refusals_name_the_attribute() {
        let mut c = InterpreterConfig::default();
        assert!(unsupported(&c).is_empty(), "the defaults are honoured (oxidized_importer = True among them)");
        c.filesystem_importer = false;
        c.allocator_backend = AllocatorBackend::Jemalloc;
        let names: Vec<&str> = unsupported(&c).iter().map(|u| u.attr).collect();
        assert_eq!(names, ["filesystem_importer", "allocator_backend"]);
    }

    #[test]
    fn allocator_domains_need_a_backend() {
        let mut c = InterpreterConfig::default();
        c.allocator_mem = true;
        c.allocator_pymalloc_arena = true;
        let names: Vec<&str> = unsupported(&c).iter().map(|u| u.attr).collect();
        assert_eq!(names, ["allocator_mem", "allocator_pymalloc_arena"]);
        c.allocator_backend = AllocatorBackend::Rust;
        c.allocator_obj = true;
        c.allocator_debug = true;
        assert_eq!(unsupported(&c), vec![]);
    }

    #[test]
    fn python_path_env_needs_the_environment() {
        let mut c = InterpreterConfig::default();
        c.python_path_env = Some("/x".into());
        let names: Vec<&str> = unsupported(&c).iter().map(|u| u.attr).collect();
        assert_eq!(names, ["python_path_env"]);
        c.use_environment = Some(true);
        assert_eq!(unsupported(&c).len(), 1, "isolated still turns the environment off");
        c.isolated = Some(false);
        assert_eq!(unsupported(&c), vec![]);
        let mut c = InterpreterConfig::default();
        c.config_profile = ConfigProfile::Python;
        c.python_path_env = Some("/x".into());
        assert_eq!(unsupported(&c), vec![]);
    }

    #[test]
    fn windows_only_attributes_elsewhere() {
        let mut c = InterpreterConfig::default();
        c.legacy_windows_stdio = Some(true);
        c.legacy_windows_fs_encoding = Some(false);
        let names: Vec<&str> = unsupported(&c).iter().map(|u| u.attr).collect();
        let expected: &[&str] = if cfg!(windows) { &[] } else { &["legacy_windows_stdio"] };
        assert_eq!(names, expected);
        assert_eq!(windows_only_set(&c), ["legacy_windows_stdio"]);
    }

    #[test]
    fn debug_only_attributes() {
        let mut c = InterpreterConfig::default();
        assert_eq!(debug_only_set(&c), Vec::<&str>::new());
        c.dump_refs = Some(false);
        c.show_ref_count = Some(true);
        c.parser_debug = Some(true);
        assert_eq!(debug_only_set(&c), ["parser_debug", "show_ref_count"]);
        // Not refused here: whether the launcher links a debug build is the build's question.
        assert_eq!(unsupported(&c), vec![]);
    }
}
