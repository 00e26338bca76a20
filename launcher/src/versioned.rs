//! The `PyConfig` fields that only some CPython versions have, in one
//! table: each row is the pyo3 cfg of the version that added the field,
//! that version, and the field.
//!
//! A row is compiled in only for a stub whose CPython has the field (pyo3's
//! `Py_3_X` cfgs, which build.rs turns on). The value comes from the
//! attribute the attribute table binds to that field
//! (`Group::Config(field)` in runtime/src/config.rs), whatever the
//! attribute is called, so a row does nothing until such an attribute
//! exists, and a new version-dependent field is one row here plus its
//! attribute. A config that sets an attribute whose field the linked
//! CPython lacks is refused before CPython starts, naming the version that
//! has it (`frost build` refuses it first).
//!
//! The fields every supported version has are set in pyconfig.rs; the ones
//! that moved between versions (`program_name`, `platlibdir`) are set there
//! by name, which pyo3 places for each version.

use std::ffi::c_int;

use frost_runtime::{Group, InterpreterConfig, Value, ATTRIBUTES};
use pyo3::ffi;

/// The value the config gives the attribute bound to PyConfig's `field`,
/// when one is bound and set.
fn bound_value(c: &InterpreterConfig, field: &str) -> Option<Value> {
    let attr = ATTRIBUTES.iter().find(|a| matches!(a.group, Group::Config(f) if f == field))?;
    c.get(attr.name).filter(|v| *v != Value::None)
}

/// The name of the attribute bound to PyConfig's `field`, if any.
fn attr_name(field: &str) -> Option<&'static str> {
    ATTRIBUTES.iter().find(|a| matches!(a.group, Group::Config(f) if f == field)).map(|a| a.name)
}

/// A flag or int value as CPython's `int` field holds it.
fn as_c_int(value: &Value) -> Option<c_int> {
    match value {
        Value::Bool(b) => Some(c_int::from(*b)),
        Value::Int(i) => c_int::try_from(*i).ok(),
        _ => None,
    }
}

macro_rules! versioned_fields {
    ($($cfg:ident $since:literal $field:ident;)*) => {
        /// Every version-dependent PyConfig field the launcher sets: the
        /// CPython field and the `major.minor` that added it.
        pub const VERSIONED_FIELDS: &[(&str, &str)] = &[$((stringify!($field), $since),)*];

        /// Sets the version-dependent fields the config gives and the linked
        /// CPython has. (`refused` has turned away the others.)
        pub(crate) fn apply(c: &InterpreterConfig, p: &mut ffi::PyConfig) {
            let _ = (c, &p);
            $(
                #[cfg($cfg)]
                if let Some(value) = bound_value(c, stringify!($field)).as_ref().and_then(as_c_int) {
                    p.$field = value;
                }
            )*
        }
    };
}

versioned_fields! {
    Py_3_10 "3.10" warn_default_encoding;
    Py_3_11 "3.11" code_debug_ranges;
    Py_3_11 "3.11" use_frozen_modules;
    Py_3_11 "3.11" safe_path;
    Py_3_12 "3.12" int_max_str_digits;
    Py_3_12 "3.12" perf_profiling;
    Py_3_13 "3.13" cpu_count;
}

/// The minor number of `3.X`.
fn minor(version: &str) -> u32 {
    version.strip_prefix("3.").and_then(|m| m.parse().ok()).unwrap_or(0)
}

/// Why the config cannot run on the linked CPython (`python_version`),
/// or `None`: an attribute set whose field that CPython lacks, or a value
/// the field cannot hold.
pub fn refused(c: &InterpreterConfig, python_version: &str) -> Option<String> {
    for (field, since) in VERSIONED_FIELDS {
        let Some(value) = bound_value(c, field) else { continue };
        let name = attr_name(field).unwrap_or(field);
        if minor(python_version) < minor(since) {
            return Some(format!(
                "the config sets `{name}`, which CPython {since} added, but this launcher links CPython {python_version}; \
                 set it to None, or build the app for CPython {since} or later"
            ));
        }
        if as_c_int(&value).is_none() {
            return Some(format!("the config's `{name}` = {} does not fit CPython's field", value.to_starlark()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_follows_the_versions() {
        // Rows are in version order, and each row's version is one pyo3
        // gives a cfg for (3.10 and later: 3.9 is the oldest stub).
        let minors: Vec<u32> = VERSIONED_FIELDS.iter().map(|(_, since)| minor(since)).collect();
        assert!(minors.windows(2).all(|w| w[0] <= w[1]), "{VERSIONED_FIELDS:?}");
        assert!(minors.iter().all(|m| (10..=14).contains(m)), "{VERSIONED_FIELDS:?}");
        // An unset config is never refused.
        assert_eq!(refused(&InterpreterConfig::default(), "3.9"), None);
    }
}
