//! The PyOxidizer-shaped globals of a frost config.

use frost_runtime::{InterpreterConfig, Value as AttrValue};
use starlark::environment::{Globals, GlobalsBuilder, LibraryExtension};
use starlark::eval::Evaluator;
use starlark::starlark_module;
use starlark::values::list::UnpackList;
use starlark::values::none::{NoneOr, NoneType};
use starlark::values::{Value, ValueLike};
use starlark_map::small_map::SmallMap;

use super::errors::{attr_error, other_error};
use super::options::FrostContext;
use super::targets::{registry, resolve_requested, resolve_target, Target};
use super::types::{alloc_config, PythonDistribution, PythonInterpreterConfig};
use frost_runtime::{DEFAULT_PYTHON_VERSION, PYTHON_VERSIONS};

/// The globals of every frost module.
pub fn globals() -> Globals {
    static GLOBALS: std::sync::OnceLock<Globals> = std::sync::OnceLock::new();
    GLOBALS.get_or_init(build_globals).clone()
}

/// The names a config can use without defining them: the globals and the
/// values frost puts in every module.
pub fn global_names() -> std::collections::HashSet<String> {
    let mut names: std::collections::HashSet<String> = globals().names().map(|n| n.as_str().to_string()).collect();
    names.extend(MODULE_VALUES.iter().map(|n| n.to_string()));
    names
}

/// The values frost sets in every module.
pub const MODULE_VALUES: &[&str] = &["VARS", "CWD", "CONFIG_PATH", "BUILD_TARGET_TRIPLE"];

/// `python_version`, checked; the default when omitted.
fn checked_version(version: Option<&str>) -> starlark::Result<&str> {
    let version = version.unwrap_or(DEFAULT_PYTHON_VERSION);
    if !PYTHON_VERSIONS.contains(&version) {
        return Err(other_error(format!(
            "`python_version` cannot be \"{version}\"; it must be one of {}",
            frost_runtime::attr::quoted_list(PYTHON_VERSIONS)
        )));
    }
    Ok(version)
}

fn check_flavor(flavor: &str) -> starlark::Result<()> {
    if !matches!(flavor, "standalone" | "standalone_dynamic" | "standalone_static") {
        return Err(other_error(format!(
            "`flavor` cannot be \"{flavor}\"; it must be \"standalone\", \"standalone_dynamic\" or \"standalone_static\""
        )));
    }
    Ok(())
}

fn build_globals() -> Globals {
    GlobalsBuilder::extended_by(&[
        LibraryExtension::StructType,
        LibraryExtension::Print,
        LibraryExtension::Json,
        LibraryExtension::Map,
        LibraryExtension::Filter,
        LibraryExtension::Partial,
        LibraryExtension::Debug,
        LibraryExtension::Pprint,
        LibraryExtension::Pstr,
        LibraryExtension::Prepr,
        LibraryExtension::NamespaceType,
        LibraryExtension::SetType,
    ])
    .with(frost_globals)
    .with(super::tugger_globals::tugger_globals)
    .build()
}

pub(crate) fn context<'a>(eval: &'a Evaluator) -> starlark::Result<&'a FrostContext> {
    eval.extra.and_then(|e| e.downcast_ref::<FrostContext>()).ok_or_else(|| other_error("internal: no frost context"))
}

#[starlark_module]
fn frost_globals(builder: &mut GlobalsBuilder) {
    /// The CPython that frost's launcher embeds.
    ///
    /// `python_version` is `major.minor` (3.8 to 3.14; 3.11 by default).
    /// `frost build` selects a CPython of that version with a shared
    /// libpython found on the machine (pyenv, uv, `PATH`, the system's; see
    /// `frost python list`); evaluation needs no Python. `flavor` and
    /// `build_target` are accepted for PyOxidizer compatibility.
    fn default_python_distribution<'v>(
        #[starlark(require = named, default = "standalone")] flavor: &str,
        #[starlark(require = named, default = NoneOr::None)] build_target: NoneOr<&str>,
        #[starlark(require = named, default = NoneOr::None)] python_version: NoneOr<&str>,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> starlark::Result<PythonDistribution> {
        let ctx = context(eval)?;
        let version = checked_version(python_version.into_option())?;
        check_flavor(flavor)?;
        Ok(PythonDistribution {
            python_version: version.to_string(),
            target_triple: build_target.into_option().unwrap_or(&ctx.options.target_triple).to_string(),
            flavor: "standalone_dynamic".to_string(),
            local: None,
        })
    }

    /// A CPython given by hand: `local_path` is an unpacked install (a
    /// prefix holding `bin/python3.X`, `lib/libpython3.X.so*` and
    /// `lib/python3.X/`) or a python-build-standalone `install_only`
    /// `.tar.gz`, relative to the config's folder. An archive needs its
    /// `sha256`. Evaluation only records them: `frost build` checks the
    /// hash, unpacks the archive once into frost's cache and checks that it
    /// is CPython `python_version` (3.11 when omitted). frost downloads
    /// nothing: `url` is refused.
    #[starlark(as_type = PythonDistribution)]
    fn PythonDistribution<'v>(
        #[starlark(default = NoneOr::None)] sha256: NoneOr<&str>,
        #[starlark(default = NoneOr::None)] local_path: NoneOr<&str>,
        #[starlark(default = NoneOr::None)] url: NoneOr<&str>,
        #[starlark(require = named, default = "standalone")] flavor: &str,
        #[starlark(require = named, default = NoneOr::None)] python_version: NoneOr<&str>,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> starlark::Result<PythonDistribution> {
        let ctx = context(eval)?;
        if let Some(url) = url.into_option() {
            return Err(other_error(format!(
                "`url` cannot be \"{url}\": frost downloads nothing; download the archive and give its path as `local_path` (with its `sha256`)"
            )));
        }
        let Some(local_path) = local_path.into_option() else {
            return Err(other_error(
                "`local_path` is missing: PythonDistribution needs the path of an unpacked CPython or of a python-build-standalone archive (for a CPython found on the machine, use default_python_distribution())",
            ));
        };
        let sha256 = sha256.into_option().map(str::to_ascii_lowercase);
        if let Some(hash) = &sha256 {
            if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(other_error(format!("`sha256` cannot be \"{hash}\"; it must be 64 hexadecimal digits")));
            }
        }
        if frost_runtime::plan::is_archive(local_path) && sha256.is_none() {
            return Err(other_error(format!(
                "`sha256` is missing: the archive \"{local_path}\" is checked against it before it is unpacked (`sha256sum {local_path}` prints it)"
            )));
        }
        let version = checked_version(python_version.into_option())?;
        check_flavor(flavor)?;
        Ok(PythonDistribution {
            python_version: version.to_string(),
            target_triple: ctx.options.target_triple.clone(),
            flavor: "standalone_dynamic".to_string(),
            local: Some(frost_runtime::plan::DistributionSource {
                local_path: super::types::plan_path(&ctx.cwd, std::path::Path::new(local_path)),
                sha256,
            }),
        })
    }

    /// A new `PythonInterpreterConfig`. `profile` sets `config_profile`;
    /// every other keyword argument sets the attribute of that name and is
    /// checked exactly as an assignment is.
    #[starlark(as_type = PythonInterpreterConfig)]
    fn PythonInterpreterConfig<'v>(
        #[starlark(require = named, default = "isolated")] profile: &str,
        #[starlark(kwargs)] kwargs: SmallMap<String, Value<'v>>,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> starlark::Result<Value<'v>> {
        let mut config = InterpreterConfig::default();
        config.set("config_profile", AttrValue::Str(profile.to_string())).map_err(attr_error)?;
        let value = alloc_config(eval.heap(), config);
        let live = value.downcast_ref::<PythonInterpreterConfig>().expect("just allocated");
        for (name, v) in kwargs {
            live.set(&name, v).map_err(attr_error)?;
        }
        Ok(value)
    }

    /// Registers a target: `fn` is called with the results of the targets
    /// named in `depends`, in that order. `default = True` makes it the
    /// target built when none is named.
    fn register_target<'v>(
        #[starlark(require = pos)] name: &str,
        #[starlark(require = pos)] r#fn: Value<'v>,
        #[starlark(require = named, default = UnpackList::default())] depends: UnpackList<String>,
        #[starlark(require = named, default = false)] default: bool,
        #[starlark(require = named, default = false)] default_build_script: bool,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> starlark::Result<NoneType> {
        let _ = default_build_script;
        if r#fn.get_type() != "function" {
            return Err(other_error(format!(
                "the target function of `{name}` must be a function; got {}",
                r#fn.get_type()
            )));
        }
        let location = eval.call_stack_top_location();
        let reg = registry(eval)?;
        let mut targets = reg.targets.borrow_mut();
        if targets.iter().any(|t| t.name == name) {
            return Err(other_error(format!("a target named `{name}` is already registered")));
        }
        if default {
            if let Some(other) = targets.iter().find(|t| t.default) {
                return Err(other_error(format!(
                    "`{}` is already the default target; only one target can have `default = True`",
                    other.name
                )));
            }
        }
        targets.push(Target {
            name: name.to_string(),
            func: r#fn,
            depends: depends.items,
            default,
            location,
            resolved: None,
        });
        Ok(NoneType)
    }

    /// Resolves the target `name` (and its dependencies) and returns what its
    /// function returned. Each target is resolved once.
    fn resolve_target<'v>(
        #[starlark(require = pos)] name: &str,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> starlark::Result<Value<'v>> {
        resolve_target(eval, name)
    }

    /// Resolves the targets asked for on the command line (`--target`), or
    /// the default target. Call it at the end of the file, as in PyOxidizer;
    /// frost calls it for you when the file does not.
    fn resolve_targets<'v>(eval: &mut Evaluator<'v, '_, '_>) -> starlark::Result<NoneType> {
        let options = context(eval)?.options.clone();
        resolve_requested(eval, &options)?;
        Ok(NoneType)
    }
}
