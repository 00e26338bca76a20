//! Lowering: a config file is evaluated, and each resolved target that
//! describes an executable becomes the versioned [`RuntimeConfig`] that
//! `frost eval` prints and the launcher reads: its interpreter config and,
//! for an executable, its packaging plan (a bare `PythonInterpreterConfig`
//! target has none).

pub mod manifest;

use std::path::Path;

use frost_runtime::{InterpreterConfig, RuntimeConfig, DEFAULT_PYTHON_VERSION};
use starlark::codemap::FileSpan;
use starlark::syntax::AstModule;
use starlark::values::Value;

use crate::language::errors::spanned_error;
use crate::language::session::{evaluate_module, ResolvedValue};
use crate::language::source::read_source;
use crate::language::types::{config_of, exe_of, locations_of};
use crate::language::{EvalOptions, FrostError, Locations};

/// A resolved target.
#[derive(Debug, Clone)]
pub struct ResolvedTarget {
    /// Its name.
    pub name: String,
    /// The Starlark type of what its function returned.
    pub type_name: String,
    /// The lowered config, when it returned a `PythonExecutable` or a
    /// `PythonInterpreterConfig`.
    pub lowered: Option<RuntimeConfig>,
    /// Where the config's attributes were set (with [`crate::language::EvalOptions::track_locations`]).
    pub locations: Locations,
    /// Where the target was registered.
    pub registered_at: Option<FileSpan>,
    /// The lowered form of a `FileManifest` or installer target.
    pub plan: Option<manifest::TargetPlan>,
}

/// The result of evaluating a config file.
#[derive(Debug, Clone)]
pub struct Evaluated {
    /// Resolved targets, in the order they were registered.
    pub targets: Vec<ResolvedTarget>,
    /// The target `frost eval` prints: the requested or default one.
    pub requested: Option<String>,
}

impl Evaluated {
    /// The lowered config of the requested target.
    pub fn requested_config(&self) -> Option<&RuntimeConfig> {
        let name = self.requested.as_deref()?;
        self.targets.iter().find(|t| t.name == name)?.lowered.as_ref()
    }

    /// The requested target.
    pub fn requested_target(&self) -> Option<&ResolvedTarget> {
        let name = self.requested.as_deref()?;
        self.targets.iter().find(|t| t.name == name)
    }

    /// The JSON `frost eval` prints for the requested target, whatever it
    /// lowered to: a runtime config, a file manifest or an installer plan.
    pub fn requested_json(&self) -> Option<String> {
        let t = self.requested_target()?;
        match (&t.lowered, &t.plan) {
            (Some(config), _) => Some(config.to_json_pretty()),
            (None, Some(plan)) => Some(plan.to_json_pretty()),
            (None, None) => None,
        }
    }
}

/// Evaluates the config file at `path` and lowers its resolved targets.
pub fn evaluate(path: &Path, options: &EvalOptions) -> Result<Evaluated, FrostError> {
    let text = read_source(path).map_err(|e| FrostError::Usage(format!("cannot read {}: {e}", path.display())))?;
    evaluate_source(path, text, options)
}

/// Evaluates `text` as if it were the config file at `path`.
pub fn evaluate_source(path: &Path, text: String, options: &EvalOptions) -> Result<Evaluated, FrostError> {
    let ast = crate::language::syntax::parse(&path.display().to_string(), text)?;
    evaluate_ast(path, ast, options)
}

/// Evaluates an already parsed config file at `path`.
pub fn evaluate_ast(path: &Path, ast: AstModule, options: &EvalOptions) -> Result<Evaluated, FrostError> {
    let (targets, requested) = evaluate_module(path, ast, options, |t| lower_target(t, options))?;
    Ok(Evaluated { targets, requested })
}

/// Lowers one resolved target. A requested target that cannot be lowered
/// is an error at its registration.
fn lower_target(t: ResolvedValue, options: &EvalOptions) -> Result<ResolvedTarget, FrostError> {
    let value = t.value;
    let mut locations = Locations::new();
    let lowered = lower_target_value(value).map(|(name, config, locs)| {
        locations = locs;
        let exe = exe_of(value);
        let python_version = exe.as_ref().map_or(DEFAULT_PYTHON_VERSION.to_string(), |e| e.python_version.clone());
        RuntimeConfig {
            executable_name: name,
            target: t.name.to_string(),
            target_triple: options.target_triple.clone(),
            python_version,
            config,
            packaging: exe.map(|e| e.plan()),
        }
    });
    // An attribute set after `to_python_executable` (or on a bare config)
    // that the distribution's CPython lacks: at its assignment when known.
    if let Some(l) = &lowered {
        if let Some(e) = l.config.too_new_for(&l.python_version) {
            let attr = match &e {
                frost_runtime::AttrError::TooNew { attr, .. } => *attr,
                _ => "",
            };
            let at = locations.get(attr).cloned().or_else(|| t.registered_at.clone());
            return Err(FrostError::Config(spanned_error(e.to_string(), &at)));
        }
    }
    let plan = if lowered.is_none() { manifest::lower_plan(value, t.name, &options.target_triple) } else { None };
    if lowered.is_none() && plan.is_none() && t.requested {
        return Err(FrostError::Config(spanned_error(
            format!(
                "target `{}` returned {} {}; to be lowered it must return a PythonExecutable (from `dist.to_python_executable()`), a PythonInterpreterConfig, a FileManifest or an installer",
                t.name,
                value.get_type(),
                frost_runtime::attr::truncate(&value.to_repr(), 80)
            ),
            t.registered_at,
        )));
    }
    Ok(ResolvedTarget {
        name: t.name.to_string(),
        type_name: value.get_type().to_string(),
        lowered,
        locations,
        registered_at: t.registered_at.clone(),
        plan,
    })
}

/// What a target's value lowers to: the name (for an executable), the
/// config, and where its attributes were set.
pub fn lower_target_value(value: Value) -> Option<(Option<String>, InterpreterConfig, Locations)> {
    if let Some(exe) = exe_of(value) {
        return Some((Some(exe.name.clone()), config_of(exe.config)?, locations_of(exe.config)));
    }
    config_of(value).map(|c| (None, c, locations_of(value)))
}
