//! Names PyOxidizer removed before 0.24 (in 0.8, 0.10 and 0.11) that real
//! configs still use, and the exact replacement for each: the config
//! language reports them as errors that say what to write instead.

use crate::attr::{starlark_string, AttrError, Value};

/// The error for the removed `PythonInterpreterConfig` attribute (or
/// keyword argument) `name` set to `value`, or `None` when `name` was not
/// removed.
pub fn removed_config_attribute(name: &str, value: &Value) -> Option<AttrError> {
    let s = match value {
        Value::Str(s) => Some(s.as_str()),
        _ => None,
    };
    let replacement = match name {
        "run_mode" => run_mode_replacement(s),
        "run_eval" => format!("write `run_command = {}` instead", shown(s, "CODE")),
        "run_file" => format!("write `run_filename = {}` instead", shown(s, "PATH")),
        "run_noop" => "leave `run_command`, `run_module` and `run_filename` unset and the app does nothing \
                       (PyOxidizer 0.11 removed run modes)"
            .to_string(),
        "run_repl" => "leave `run_command`, `run_module` and `run_filename` unset for a REPL (PyOxidizer 0.11 \
                       removed run modes)"
            .to_string(),
        "raw_allocator" => {
            let backend = match s {
                Some("system") | None => "default",
                Some(other) => other,
            };
            format!(
                "write `allocator_backend = {}` instead (renamed in PyOxidizer 0.11; \"system\" is now \"default\")",
                starlark_string(backend)
            )
        }
        "ignore_environment" => match value {
            Value::Bool(b) => format!("write `use_environment = {}` instead", if *b { "False" } else { "True" }),
            _ => "write `use_environment` (its opposite) instead".to_string(),
        },
        "unbuffered_stdio" => match value {
            Value::Bool(b) => format!("write `buffered_stdio = {}` instead", if *b { "False" } else { "True" }),
            _ => "write `buffered_stdio` (its opposite) instead".to_string(),
        },
        "optimize_level" => format!("write `optimization_level = {}` instead", value.to_starlark()),
        "sys_paths" => format!("write `module_search_paths = {}` instead", value.to_starlark()),
        "use_hash_seed" => "set `hash_seed` instead: setting it turns the seed on".to_string(),
        "stdio_encoding_name" => format!("write `stdio_encoding = {}` instead", value.to_starlark()),
        "stdio_encoding_errors" => format!("write `stdio_errors = {}` instead", value.to_starlark()),
        _ => return None,
    };
    Some(AttrError::Removed { name: name.to_string(), replacement })
}

/// The exact replacement for the removed `PythonInterpreterConfig`
/// attribute `name` set to `value`: the attribute to set instead, and its
/// value when that changes too (`None`: the same expression). `value` is the
/// literal written, when there is one; replacements that need it are `None`
/// without it. Only names whose messages above say exactly what to write are
/// here: `frost check --fix` applies these.
pub fn replacement_attribute(name: &str, value: Option<&Value>) -> Option<(&'static str, Option<Value>)> {
    let s = match value {
        Some(Value::Str(s)) => Some(s.as_str()),
        _ => None,
    };
    let negated = |v: Option<&Value>| match v {
        Some(Value::Bool(b)) => Some(Value::Bool(!b)),
        _ => None,
    };
    Some(match name {
        "run_eval" => ("run_command", None),
        "run_file" => ("run_filename", None),
        "optimize_level" => ("optimization_level", None),
        "sys_paths" => ("module_search_paths", None),
        "stdio_encoding_name" => ("stdio_encoding", None),
        "stdio_encoding_errors" => ("stdio_errors", None),
        "run_mode" => match s?.split_once(':')? {
            ("eval", code) => ("run_command", Some(Value::Str(code.to_string()))),
            ("module", module) => ("run_module", Some(Value::Str(module.to_string()))),
            ("file", path) => ("run_filename", Some(Value::Str(path.to_string()))),
            _ => return None,
        },
        "raw_allocator" => match s? {
            "system" => ("allocator_backend", Some(Value::Str("default".into()))),
            _ => ("allocator_backend", None),
        },
        "ignore_environment" => ("use_environment", Some(negated(value)?)),
        "unbuffered_stdio" => ("buffered_stdio", Some(negated(value)?)),
        _ => return None,
    })
}

/// `value` as a Starlark string, or the placeholder when it is not a string.
fn shown(s: Option<&str>, placeholder: &str) -> String {
    s.map(starlark_string).unwrap_or_else(|| placeholder.to_string())
}

/// `run_mode = "eval:CODE"` → `run_command = "CODE"` and so on.
fn run_mode_replacement(s: Option<&str>) -> String {
    let generic = "write `run_command = \"CODE\"` for \"eval:CODE\", `run_module = \"NAME\"` for \
                   \"module:NAME\" or `run_filename = \"PATH\"` for \"file:PATH\" (PyOxidizer 0.11 removed `run_mode`)";
    let Some(s) = s else { return generic.to_string() };
    match s.split_once(':') {
        Some(("eval", code)) => format!("write `run_command = {}` instead", starlark_string(code)),
        Some(("module", name)) => format!("write `run_module = {}` instead", starlark_string(name)),
        Some(("file", path)) => format!("write `run_filename = {}` instead", starlark_string(path)),
        None if s == "repl" || s == "noop" => {
            "leave `run_command`, `run_module` and `run_filename` unset (PyOxidizer 0.11 removed `run_mode`)".into()
        }
        _ => generic.to_string(),
    }
}

/// The removed keyword arguments of `to_python_executable` and what
/// replaced them.
pub fn removed_executable_keyword(name: &str) -> Option<String> {
    let policy_attr = match name {
        "extension_module_filter" => "extension_module_filter",
        "include_sources" => "include_distribution_sources",
        "include_resources" => "include_distribution_resources",
        "include_test" => "include_test",
        "resources_policy" => "resources_location",
        "preferred_extension_module_variants" => {
            return Some(
                "`preferred_extension_module_variants` was removed from `to_python_executable` in PyOxidizer 0.8; \
                 call `policy.set_preferred_extension_module_variant(name, value)` on \
                 `policy = dist.make_python_packaging_policy()` and pass `packaging_policy = policy`"
                    .into(),
            )
        }
        _ => return None,
    };
    Some(format!(
        "`{name}` was removed from `to_python_executable` in PyOxidizer 0.8; set `policy.{policy_attr}` on \
         `policy = dist.make_python_packaging_policy()` and pass `packaging_policy = policy`"
    ))
}

/// Methods that moved or were removed, by the type that had them: the
/// message saying what to call instead.
pub fn removed_method(type_name: &str, name: &str) -> Option<String> {
    match (type_name, name) {
        (
            "PythonDistribution",
            "pip_install" | "read_package_root" | "read_virtualenv" | "setup_py_install" | "pip_download",
        ) => Some(format!(
            "`dist.{name}()` was removed in PyOxidizer 0.8; call it on the executable: \
                 `exe = dist.to_python_executable(...)`, then `exe.{name}(...)`"
        )),
        ("PythonDistribution", "source_modules" | "extension_modules" | "package_resources") => Some(format!(
            "`dist.{name}()` was removed in PyOxidizer 0.8; use `dist.python_resources()` and filter on `type()`"
        )),
        ("PythonExecutable", n)
            if n.starts_with("add_in_memory_")
                || n.starts_with("add_filesystem_relative_")
                || matches!(
                    n,
                    "add_module_source"
                        | "add_python_module_source"
                        | "add_python_extension_module"
                        | "add_package_resource"
                        | "add_module_bytecode"
                ) =>
        {
            let loc = if n.starts_with("add_filesystem_relative_") {
                "\"filesystem-relative:PREFIX\""
            } else {
                "\"in-memory\""
            };
            Some(format!(
                "`exe.{n}()` was removed in PyOxidizer 0.8/0.10; set `resource.add_location = {loc}` (or the policy's \
                 `resources_location`) and call `exe.add_python_resource(resource)` or `exe.add_python_resources(resources)`"
            ))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_mode_and_raw_allocator_say_what_to_write() {
        let msg = |n: &str, v: &str| removed_config_attribute(n, &Value::Str(v.into())).unwrap().to_string();
        assert_eq!(
            msg("run_mode", "eval:import app; app.main()"),
            "`run_mode` was removed from PyOxidizer's API; write `run_command = \"import app; app.main()\"` instead"
        );
        assert_eq!(
            msg("run_mode", "module:app"),
            "`run_mode` was removed from PyOxidizer's API; write `run_module = \"app\"` instead"
        );
        assert!(msg("raw_allocator", "system").contains("write `allocator_backend = \"default\"` instead"));
        assert!(msg("raw_allocator", "jemalloc").contains("`allocator_backend = \"jemalloc\"`"));
        assert!(removed_config_attribute("run_module", &Value::None).is_none());
        let eval = Value::Str("eval:import app".into());
        assert_eq!(
            replacement_attribute("run_mode", Some(&eval)),
            Some(("run_command", Some(Value::Str("import app".into()))))
        );
        assert_eq!(replacement_attribute("run_mode", None), None);
        assert_eq!(replacement_attribute("run_mode", Some(&Value::Str("repl".into()))), None);
        assert_eq!(
            replacement_attribute("ignore_environment", Some(&Value::Bool(true))),
            Some(("use_environment", Some(Value::Bool(false))))
        );
        assert_eq!(replacement_attribute("sys_paths", None), Some(("module_search_paths", None)));
        assert!(removed_executable_keyword("include_sources").unwrap().contains("include_distribution_sources"));
        assert!(removed_method("PythonDistribution", "pip_install").unwrap().contains("exe.pip_install"));
        assert!(removed_method("PythonExecutable", "add_in_memory_python_resources").is_some());
        assert!(removed_method("PythonExecutable", "pip_install").is_none());
    }
}
