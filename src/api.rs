//! Building configs from Rust: typed setters, typed errors, lowering and
//! `.bzl` output, for release scripts, platform matrices and services that
//! stamp out apps.
//!
//! A [`ConfigBuilder`] holds a [`RuntimeConfig`], the lowered struct that
//! `frost eval` prints. Set attributes through the typed fields of
//! [`InterpreterConfig`] ([`ConfigBuilder::with`]), which cannot hold a wrong
//! type, or by name ([`ConfigBuilder::set`]), which checks the value against
//! the attribute table exactly as an assignment in a config file is checked
//! and returns an [`AttrError`] you can match on. [`ConfigBuilder::build`]
//! checks the whole config once more and lowers it; from there
//! [`RuntimeConfig::to_json_pretty`] gives the JSON and [`to_bzl`] a
//! config file.
//!
//! ```
//! use frost::api::{eval_bzl, ConfigBuilder};
//! use frost::runtime::attr::Problem;
//! use frost::runtime::{AttrError, StartMethod};
//!
//! # fn main() -> Result<(), frost::api::Error> {
//! // Build: typed fields, or names checked against the table.
//! let config = ConfigBuilder::executable("myapp")
//!     .python_version("3.12")
//!     .target_triple("x86_64-unknown-linux-gnu")
//!     .with(|c| {
//!         c.multiprocessing_start_method = StartMethod::Spawn;
//!         c.run_module = Some("myapp".into());
//!     })
//!     .set("module_search_paths", ["$ORIGIN/lib", "$ORIGIN/plugins"])?
//!     .set("optimization_level", Some(1))?
//!     .build()?;
//! assert_eq!(config.config.optimization_level.map(|l| l.get()), Some(1));
//!
//! // A bad value is a typed error, with the message a config file would get.
//! let err = ConfigBuilder::executable("myapp").set("optimization_level", 3).unwrap_err();
//! assert!(matches!(err, AttrError::Invalid { attr: "optimization_level", problem: Problem::OutOfRange, .. }));
//! assert_eq!(err.to_string(), "`optimization_level` is out of range: 3; it must be an int from 0 to 2, or None");
//!
//! // Lower it: the JSON of `frost eval`, and a config file.
//! let json = config.to_json_pretty();
//! assert!(json.contains("\"multiprocessing_start_method\": \"spawn\""));
//! let bzl = frost::api::to_bzl(&config, "release.rs");
//! assert!(bzl.contains("    config.multiprocessing_start_method = \"spawn\"\n"));
//!
//! // The file evaluates back to the same config.
//! assert_eq!(eval_bzl(&bzl, &config.target_triple)?, config);
//! # Ok(())
//! # }
//! ```

use std::fmt;
use std::path::Path;

use frost_runtime::types::AttrType;
use frost_runtime::{
    AllocatorBackend, AttrError, BytesWarning, CheckHashPycsMode, CoerceCLocale, ConfigProfile, InterpreterConfig,
    JsonError, OptimizationLevel, PreAllocator, RuntimeConfig, StartMethod, TerminfoResolution, Value, ATTRIBUTES,
};

use crate::formats::bzl::{check_exportable, ExportError};
use crate::language::host_triple;
use crate::{evaluate_source, EvalOptions, FrostError};
use frost_runtime::DEFAULT_PYTHON_VERSION;

pub use crate::formats::bzl::to_bzl;

/// The target name a builder starts with, as in PyOxidizer's examples.
pub use frost_runtime::DEFAULT_TARGET;

/// Builds a [`RuntimeConfig`]: the executable's name and Python version,
/// then attributes, then [`build`](ConfigBuilder::build).
///
/// Every attribute starts at its default, the value of
/// `dist.make_python_interpreter_config()`.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigBuilder {
    config: RuntimeConfig,
}

impl Default for ConfigBuilder {
    fn default() -> Self {
        ConfigBuilder::new()
    }
}

impl ConfigBuilder {
    /// A bare interpreter config (`executable_name` null): what a target
    /// that returns a `PythonInterpreterConfig` lowers to. Target
    /// [`DEFAULT_TARGET`], this machine's triple, the default Python version.
    pub fn new() -> Self {
        ConfigBuilder { config: RuntimeConfig::new(DEFAULT_TARGET, host_triple(), DEFAULT_PYTHON_VERSION) }
    }

    /// An executable named `name`: what `dist.to_python_executable(name = ...)`
    /// lowers to. The name is checked by [`build`](Self::build).
    pub fn executable(name: impl Into<String>) -> Self {
        ConfigBuilder::new().executable_name(Some(name.into()))
    }

    /// A builder that starts from an existing config (from JSON, say).
    pub fn from_config(config: RuntimeConfig) -> Self {
        ConfigBuilder { config }
    }

    /// Sets the executable's name; `None` for a bare interpreter config.
    /// An executable gets the default packaging plan (what
    /// `dist.to_python_executable()` gives) unless it has one; a bare config
    /// has none.
    pub fn executable_name(mut self, name: Option<String>) -> Self {
        match &name {
            Some(_) => {
                self.config.packaging.get_or_insert_with(|| frost_runtime::PackagingPlan {
                    policy: frost_runtime::plan::PolicyPlan {
                        policy: frost_runtime::PackagingPolicy::for_target(&self.config.target_triple),
                        ..Default::default()
                    },
                    ..Default::default()
                });
            }
            None => self.config.packaging = None,
        }
        self.config.executable_name = name;
        self
    }

    /// Sets the target name.
    pub fn target(mut self, target: impl Into<String>) -> Self {
        self.config.target = target.into();
        self
    }

    /// Sets the triple the config is for (`BUILD_TARGET_TRIPLE`).
    pub fn target_triple(mut self, triple: impl Into<String>) -> Self {
        let triple = triple.into();
        if let Some(plan) = &mut self.config.packaging {
            // A fallback still at the old triple's default follows the triple.
            let old = frost_runtime::PackagingPolicy::for_target(&self.config.target_triple);
            if plan.policy.policy.resources_location_fallback == old.resources_location_fallback {
                plan.policy.policy.resources_location_fallback =
                    frost_runtime::PackagingPolicy::for_target(&triple).resources_location_fallback;
            }
        }
        self.config.target_triple = triple;
        self
    }

    /// Sets the `major.minor` Python version (checked by [`build`](Self::build)).
    pub fn python_version(mut self, version: impl Into<String>) -> Self {
        self.config.python_version = version.into();
        self
    }

    /// Sets the attribute `name`, checked against the attribute table as a
    /// config file's assignment is: an unknown name, a wrong type or a value
    /// out of range is an [`AttrError`].
    pub fn set(mut self, name: &str, value: impl IntoValue) -> Result<Self, AttrError> {
        self.config.config.set(name, value.into_value())?;
        Ok(self)
    }

    /// Changes attributes through their typed fields.
    pub fn with(mut self, change: impl FnOnce(&mut InterpreterConfig)) -> Self {
        change(&mut self.config.config);
        self
    }

    /// The typed attributes, to change in place.
    pub fn attributes_mut(&mut self) -> &mut InterpreterConfig {
        &mut self.config.config
    }

    /// The config as it stands, unchecked.
    pub fn peek(&self) -> &RuntimeConfig {
        &self.config
    }

    /// Checks every attribute against the table (a typed field can still hold
    /// a refused value, such as `TerminfoResolution::Static("")`) and that
    /// the config can be written as a config file ([`check_exportable`]),
    /// then returns the lowered config.
    pub fn build(self) -> Result<RuntimeConfig, Error> {
        check(&self.config)?;
        Ok(self.config)
    }
}

/// Checks every attribute of `config` against the table, and that
/// [`to_bzl`] writes a file that evaluates back to it.
pub fn check(config: &RuntimeConfig) -> Result<(), Error> {
    for attr in ATTRIBUTES {
        let value = config.config.get(attr.name).expect("every table row is a field");
        attr.check(&value)?;
    }
    check_exportable(config)?;
    Ok(())
}

/// Evaluates config-file text as `frost eval` does for `target_triple`
/// and returns the lowered default (or only) target.
pub fn eval_bzl(text: &str, target_triple: &str) -> Result<RuntimeConfig, Error> {
    let options = EvalOptions { target_triple: target_triple.to_string(), print: false, ..EvalOptions::default() };
    let evaluated = evaluate_source(Path::new("<generated>.bzl"), text.to_string(), &options)?;
    evaluated.requested_config().cloned().ok_or(Error::NoTarget)
}

/// Reads the JSON that `frost eval` prints; a missing key takes its default.
pub fn from_json(text: &str) -> Result<RuntimeConfig, Error> {
    Ok(RuntimeConfig::from_json_str(text)?)
}

/// Any error of this module.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// An attribute name or value the table refuses.
    Attr(AttrError),
    /// A config that cannot be written as a config file.
    Export(ExportError),
    /// JSON that is not a runtime config.
    Json(JsonError),
    /// A config file that does not evaluate.
    Eval(FrostError),
    /// A config file whose default target is not lowered to a config.
    NoTarget,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Attr(e) => e.fmt(f),
            Error::Export(e) => e.fmt(f),
            Error::Json(e) => e.fmt(f),
            Error::Eval(e) => e.fmt(f),
            Error::NoTarget => f.write_str("the config resolved no target"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Attr(e) => Some(e),
            Error::Export(e) => Some(e),
            Error::Json(e) => Some(e),
            Error::Eval(_) | Error::NoTarget => None,
        }
    }
}

impl From<AttrError> for Error {
    fn from(e: AttrError) -> Self {
        Error::Attr(e)
    }
}

impl From<ExportError> for Error {
    fn from(e: ExportError) -> Self {
        Error::Export(e)
    }
}

impl From<JsonError> for Error {
    fn from(e: JsonError) -> Self {
        Error::Json(e)
    }
}

impl From<FrostError> for Error {
    fn from(e: FrostError) -> Self {
        Error::Eval(e)
    }
}

/// A Rust value that converts to an attribute [`Value`]: `bool`, ints,
/// strings, lists of strings, the attribute enums, and `Option`s of these
/// (`None` is `Value::None`).
pub trait IntoValue {
    /// The value in table form.
    fn into_value(self) -> Value;
}

impl IntoValue for Value {
    fn into_value(self) -> Value {
        self
    }
}

impl IntoValue for bool {
    fn into_value(self) -> Value {
        Value::Bool(self)
    }
}

macro_rules! int_into_value {
    ($($t:ty),*) => {$(
        impl IntoValue for $t {
            fn into_value(self) -> Value {
                Value::Int(i64::from(self))
            }
        }
    )*};
}
int_into_value!(i8, i16, i32, i64, u8, u16, u32);

impl IntoValue for &str {
    fn into_value(self) -> Value {
        Value::Str(self.to_string())
    }
}

impl IntoValue for String {
    fn into_value(self) -> Value {
        Value::Str(self)
    }
}

impl IntoValue for &String {
    fn into_value(self) -> Value {
        Value::Str(self.clone())
    }
}

impl<S: AsRef<str>> IntoValue for Vec<S> {
    fn into_value(self) -> Value {
        Value::List(self.iter().map(|s| s.as_ref().to_string()).collect())
    }
}

impl<S: AsRef<str>> IntoValue for &[S] {
    fn into_value(self) -> Value {
        Value::List(self.iter().map(|s| s.as_ref().to_string()).collect())
    }
}

impl<S: AsRef<str>, const N: usize> IntoValue for [S; N] {
    fn into_value(self) -> Value {
        Value::List(self.iter().map(|s| s.as_ref().to_string()).collect())
    }
}

impl<T: IntoValue> IntoValue for Option<T> {
    fn into_value(self) -> Value {
        self.map_or(Value::None, IntoValue::into_value)
    }
}

macro_rules! typed_into_value {
    ($($t:ty),*) => {$(
        impl IntoValue for $t {
            fn into_value(self) -> Value {
                AttrType::to_value(&self)
            }
        }
    )*};
}
typed_into_value!(
    AllocatorBackend,
    StartMethod,
    ConfigProfile,
    PreAllocator,
    CoerceCLocale,
    BytesWarning,
    CheckHashPycsMode,
    TerminfoResolution,
    OptimizationLevel
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_rechecks_typed_fields_and_names() {
        let err = ConfigBuilder::executable("app")
            .with(|c| c.terminfo_resolution = TerminfoResolution::Static(String::new()))
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Attr(AttrError::Invalid { attr: "terminfo_resolution", .. })), "{err}");
        let err = ConfigBuilder::executable("a/b").build().unwrap_err();
        assert!(matches!(err, Error::Export(ExportError::ExecutableName { .. })), "{err}");
        let err = ConfigBuilder::new().python_version("3.12").build().unwrap_err();
        assert!(matches!(err, Error::Export(ExportError::BareConfigVersion { .. })), "{err}");
        let err = ConfigBuilder::new().set("sys_frozn", true).unwrap_err();
        assert_eq!(err.to_string(), "PythonInterpreterConfig has no attribute `sys_frozn`; did you mean `sys_frozen`?");
    }

    #[test]
    fn values_convert() {
        let c = ConfigBuilder::new()
            .set("multiprocessing_start_method", StartMethod::Fork)
            .unwrap()
            .set("hash_seed", u32::MAX)
            .unwrap()
            .set("x_options", Vec::<String>::new())
            .unwrap()
            .set("warn_options", &["error"][..])
            .unwrap()
            .set("run_module", None::<&str>)
            .unwrap()
            .set("optimization_level", OptimizationLevel::new(2))
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(c.config.multiprocessing_start_method, StartMethod::Fork);
        assert_eq!(c.config.hash_seed, Some(u32::MAX));
        assert_eq!(c.config.x_options, Some(vec![]));
        assert_eq!(c.config.warn_options, Some(vec!["error".to_string()]));
        assert_eq!(c.config.optimization_level.map(OptimizationLevel::get), Some(2));
        assert_eq!(c.executable_name, None);
        assert_eq!(c.target, DEFAULT_TARGET);
    }
}
