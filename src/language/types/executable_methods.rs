//! The methods of `PythonExecutable`.
//!
//! Evaluation without an action runner (`frost eval`, `check`, `lsp`) is
//! hermetic: `pip_install`, `pip_download`, `setup_py_install`,
//! `read_virtualenv`, `add_cargo_manifest_licensing` and
//! `filter_resources_from_files` run nothing. Each records an action (its
//! checked arguments, the call site and the policy at the call) in the
//! executable, and the resource-producing ones return an empty list. With
//! one (`frost build`, `frost run`), the resource-producing four run at the
//! call and return their resources (see `action_results`). `read_package_root` and
//! `make_python_module_source` return real resources.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use frost_runtime::attr::{starlark_string, truncate};
use frost_runtime::plan::{Action, ActionKind, CallSite, PlannedResource, ResourceKind};
use frost_runtime::policy::ResourceLocation;
use starlark::codemap::FileSpan;
use starlark::environment::MethodsBuilder;
use starlark::eval::Evaluator;
use starlark::starlark_module;
use starlark::values::dict::DictRef;
use starlark::values::list::ListRef;
use starlark::values::none::{NoneOr, NoneType};
use starlark::values::Value;

use super::embedded_resources::PythonEmbeddedResources;
use super::exe_bridge_tugger::{file_manifest_with_exe, wix_bundle_builder_for_exe, wix_msi_builder_for_exe};
use super::executable::{exe_of, with_state_mut, ExeView};
use super::package_root;
use super::packaging_policy::policy_of;
use super::resources::{alloc_resource, resource_of, ResourceData, RESOURCE_TYPES};
use crate::language::errors::other_error;
use crate::language::globals::context;

/// A call site as the plan records it.
pub(crate) fn call_site(span: Option<FileSpan>) -> Option<CallSite> {
    let span = span?;
    let r = span.resolve();
    Some(CallSite { file: r.file, line: r.span.begin.line + 1, column: r.span.begin.column + 1 })
}

fn wrong(name: &str, expected: &str, got: Value) -> starlark::Error {
    other_error(format!("`{name}` must be {expected}; got {} {}", got.get_type(), truncate(&got.to_repr(), 80)))
}

/// A list of strings, strictly: a `list` whose items are all `str`.
fn str_list(name: &str, value: Value) -> starlark::Result<Vec<String>> {
    let list = ListRef::from_value(value).ok_or_else(|| wrong(name, "a list of strings", value))?;
    list.iter()
        .enumerate()
        .map(|(i, item)| {
            item.unpack_str().map(str::to_string).ok_or_else(|| {
                other_error(format!(
                    "`{name}` must be a list of strings; item {i} is {} {}",
                    item.get_type(),
                    truncate(&item.to_repr(), 80)
                ))
            })
        })
        .collect()
}

fn opt_str_list(name: &str, value: NoneOr<Value>) -> starlark::Result<Vec<String>> {
    value
        .into_option()
        .map_or(Ok(Vec::new()), |v| str_list(name, v).map_err(|_| wrong(name, "a list of strings or None", v)))
}

/// A dict of strings to strings, strictly, or `None`.
fn str_dict(name: &str, value: NoneOr<Value>) -> starlark::Result<BTreeMap<String, String>> {
    let Some(value) = value.into_option() else { return Ok(BTreeMap::new()) };
    let dict = DictRef::from_value(value).ok_or_else(|| wrong(name, "a dict of strings to strings, or None", value))?;
    let mut out = BTreeMap::new();
    for (k, v) in dict.iter() {
        match (k.unpack_str(), v.unpack_str()) {
            (Some(k), Some(v)) => {
                out.insert(k.to_string(), v.to_string());
            }
            _ => {
                return Err(other_error(format!(
                    "`{name}` must be a dict of strings to strings; the entry {}: {} is not",
                    truncate(&k.to_repr(), 40),
                    truncate(&v.to_repr(), 40)
                )))
            }
        }
    }
    Ok(out)
}

/// `path` as the plan records it: relative to the config's folder when it
/// is inside it (so the plan does not depend on where the project is),
/// else absolute. It need not exist: the action runs at build time.
pub(crate) fn plan_path(cwd: &Path, path: &Path) -> String {
    let joined = cwd.join(path);
    let normal: PathBuf = joined.components().collect();
    match normal.strip_prefix(cwd) {
        Ok(rel) if rel.as_os_str().is_empty() => ".".to_string(),
        Ok(rel) => rel.display().to_string(),
        Err(_) => normal.display().to_string(),
    }
}

fn absolute(eval: &Evaluator, path: &str) -> starlark::Result<String> {
    Ok(plan_path(&context(eval)?.cwd, Path::new(path)))
}

fn exe(this: Value) -> ExeView {
    exe_of(this).expect("a method of PythonExecutable")
}

/// Records `what` in the executable, with the call site and the policy now.
fn record<'v>(this: Value<'v>, what: ActionKind, eval: &mut Evaluator<'v, '_, '_>) -> starlark::Result<Value<'v>> {
    let view = exe(this);
    let policy = policy_of(view.policy).map(|p| p.policy).unwrap_or_default();
    let action = Action {
        what,
        call_site: call_site(eval.call_stack_top_location()),
        policy,
        resource_callbacks: view.callbacks.len(),
    };
    let runner = context(eval)?.options.actions.clone();
    if let Some(runner) = runner.filter(|_| action.what.runs_at_build()) {
        // An executable of a loaded module is refused before pip runs.
        let distribution = with_state_mut(this, |s| s.distribution.clone())?;
        let python = crate::language::options::ActionPython { version: view.python_version.clone(), distribution };
        return super::action_results::run_at_call(this, &action, &runner, &python, eval);
    }
    with_state_mut(this, |s| s.actions.push(action))?;
    Ok(eval.heap().alloc(Vec::<Value>::new()))
}

/// A new resource of the executable: `add_*` defaults from its policy now,
/// then each of its callbacks as `func(policy, resource)`.
pub(super) fn new_resource<'v>(
    this: Value<'v>,
    data: ResourceData,
    eval: &mut Evaluator<'v, '_, '_>,
) -> starlark::Result<Value<'v>> {
    let view = exe(this);
    let policy = policy_of(view.policy).map(|p| p.policy).unwrap_or_default();
    let add = policy.derive_add_flags(data.kind, data.is_stdlib, data.is_test);
    let resource = alloc_resource(eval.heap(), data, add);
    for callback in &view.callbacks {
        eval.eval_function(*callback, &[view.policy, resource], &[])?;
    }
    Ok(resource)
}

/// The folder `path` names, inside the root folder.
fn local_folder(eval: &Evaluator, path: &str) -> starlark::Result<PathBuf> {
    let ctx = context(eval)?;
    let joined = ctx.cwd.join(path);
    let resolved =
        joined.canonicalize().map_err(|e| other_error(format!("cannot read `{path}`: {}: {e}", joined.display())))?;
    if !resolved.starts_with(&ctx.root) {
        return Err(other_error(format!(
            "cannot read `{path}`: {} is outside {}, the folder a config may read (widen it with --root DIR)",
            resolved.display(),
            ctx.root.display()
        )));
    }
    if !resolved.is_dir() {
        return Err(other_error(format!("cannot read `{path}`: {} is not a folder", resolved.display())));
    }
    Ok(resolved)
}

/// Checks that the executable may take a resource at its location, as the
/// policy allowed when the executable was made.
fn check_location(view: &ExeView, data: &ResourceData, add: &frost_runtime::AddFlags) -> starlark::Result<()> {
    let collector = &view.collector.policy;
    let allowed: Vec<&ResourceLocation> =
        [Some(&collector.resources_location), collector.resources_location_fallback.as_ref()]
            .into_iter()
            .flatten()
            .collect();
    let same_type = |a: &ResourceLocation, b: &ResourceLocation| std::mem::discriminant(a) == std::mem::discriminant(b);
    let ok = |l: &ResourceLocation| allowed.iter().any(|a| same_type(a, l));
    if data.kind == ResourceKind::File && !collector.allow_files {
        return Err(other_error(format!(
            "cannot add {data}: the policy had `allow_files = False` when `to_python_executable` was called; \
             set `policy.allow_files = True` (or `policy.set_resource_handling_mode(\"files\")`) before that call"
        )));
    }
    if data.kind == ResourceKind::PythonExtensionModule
        && matches!(add.add_location, ResourceLocation::FilesystemRelative(_))
        && add.add_location_fallback == Some(ResourceLocation::InMemory)
    {
        return Err(other_error(format!(
            "cannot add {data}: a location on the filesystem with a fallback in memory is not supported for extension modules"
        )));
    }
    if ok(&add.add_location) || add.add_location_fallback.as_ref().is_some_and(ok) {
        return Ok(());
    }
    let allowed: Vec<String> = allowed.iter().map(|l| starlark_string(&l.to_string())).collect();
    Err(other_error(format!(
        "cannot add {data} at {}: when `to_python_executable` was called the policy allowed only {} \
         (`resources_location` and `resources_location_fallback`); set them before that call",
        starlark_string(&add.add_location.to_string()),
        allowed.join(" and ")
    )))
}

fn add_resource<'v>(this: Value<'v>, resource: Value<'v>, eval: &mut Evaluator<'v, '_, '_>) -> starlark::Result<()> {
    let (data, add) = resource_of(resource).ok_or_else(|| wrong("resource", RESOURCE_TYPES, resource))?;
    if !add.add_include && data.kind != ResourceKind::PythonExtensionModule {
        return Ok(());
    }
    let view = exe(this);
    check_location(&view, &data, &add)?;
    // A file read from disk is found again by its path; only a source made
    // in the config is carried in the plan.
    let source = if data.source_path.is_none() && add.add_source { data.source } else { None };
    let planned = PlannedResource {
        kind: data.kind,
        name: data.name,
        // The plan's `package` of a distribution resource names the folder
        // it is placed in (`alpha-1.0.dist-info`), when it came from one.
        package: data.dist_folder.or(data.package),
        is_package: data.is_package,
        is_stdlib: data.is_stdlib,
        source_path: data.source_path,
        source,
        is_executable: data.is_executable,
        add,
        added_at: call_site(eval.call_stack_top_location()),
    };
    with_state_mut(this, |s| s.resources.push(planned))
}

#[starlark_module]
pub(crate) fn exe_methods(builder: &mut MethodsBuilder) {
    /// A `PythonModuleSource` named `name` with the source `source`, its
    /// `add_*` attributes from the executable's policy and callbacks.
    fn make_python_module_source<'v>(
        this: Value<'v>,
        name: &str,
        source: &str,
        #[starlark(default = false)] is_package: bool,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> starlark::Result<Value<'v>> {
        let data = ResourceData {
            kind: ResourceKind::PythonModuleSource,
            name: name.to_string(),
            package: None,
            is_package,
            is_stdlib: false,
            is_test: false,
            is_executable: false,
            source_path: None,
            source: Some(source.to_string()),
            dist_folder: None,
        };
        new_resource(this, data, eval)
    }

    /// `pip download ARGS`, then an install of what it downloaded. In
    /// `frost build`/`run` it runs at the call and returns the resources
    /// installed (`add_*` from the policy now, then the callbacks); in
    /// `frost eval`/`check` it is recorded in the plan and returns `[]`.
    fn pip_download<'v>(
        this: Value<'v>,
        args: Value<'v>,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> starlark::Result<Value<'v>> {
        let args = str_list("args", args)?;
        record(this, ActionKind::PipDownload { args }, eval)
    }

    /// `pip install ARGS` (with `extra_envs` in its environment). In
    /// `frost build`/`run` it runs at the call and returns the resources
    /// installed (`add_*` from the policy now, then the callbacks), which
    /// the config adds as it likes; in `frost eval`/`check` it is recorded
    /// in the plan and returns `[]`.
    fn pip_install<'v>(
        this: Value<'v>,
        args: Value<'v>,
        #[starlark(default = NoneOr::None)] extra_envs: NoneOr<Value<'v>>,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> starlark::Result<Value<'v>> {
        let args = str_list("args", args)?;
        let extra_envs = str_dict("extra_envs", extra_envs)?;
        record(this, ActionKind::PipInstall { args, extra_envs }, eval)
    }

    /// The resources of the top-level `packages` under the local folder
    /// `path` (relative paths are against the config's folder; it must be
    /// inside the root folder loads may read). `.py` files become
    /// `PythonModuleSource` (`__init__.py` a package), other files in
    /// packages `PythonPackageResource`; each gets its `add_*` attributes
    /// from the executable's policy, then its callbacks run.
    fn read_package_root<'v>(
        this: Value<'v>,
        path: &str,
        packages: Value<'v>,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> starlark::Result<Value<'v>> {
        let packages = str_list("packages", packages)?;
        let folder = local_folder(eval, path)?;
        let policy = policy_of(exe(this).policy).map(|p| p.policy).unwrap_or_default();
        let found = package_root::scan(&folder, &packages, &policy)
            .map_err(|e| other_error(format!("read_package_root: {e}")))?;
        let cwd = context(eval)?.cwd.clone();
        let cwd = cwd.canonicalize().unwrap_or(cwd);
        let mut out = Vec::with_capacity(found.len());
        for mut data in found {
            data.source_path = data.source_path.map(|p| plan_path(&cwd, Path::new(&p)));
            out.push(new_resource(this, data, eval)?);
        }
        Ok(eval.heap().alloc(out))
    }

    /// The resources of the virtualenv at `path` (relative: against the
    /// config's folder), read at the call in `frost build`/`run`; recorded
    /// in the plan, returning `[]`, in `frost eval`/`check`.
    fn read_virtualenv<'v>(
        this: Value<'v>,
        path: &str,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> starlark::Result<Value<'v>> {
        let path = absolute(eval, path)?;
        record(this, ActionKind::ReadVirtualenv { path }, eval)
    }

    /// Installs the package in `package_path` (relative: against the
    /// config's folder). In `frost build`/`run` it runs at the call and
    /// returns the resources installed; in `frost eval`/`check` it is
    /// recorded in the plan and returns `[]`.
    fn setup_py_install<'v>(
        this: Value<'v>,
        package_path: &str,
        #[starlark(default = NoneOr::None)] extra_envs: NoneOr<Value<'v>>,
        #[starlark(default = NoneOr::None)] extra_global_arguments: NoneOr<Value<'v>>,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> starlark::Result<Value<'v>> {
        let extra_envs = str_dict("extra_envs", extra_envs)?;
        let extra_global_arguments = opt_str_list("extra_global_arguments", extra_global_arguments)?;
        let package_path = absolute(eval, package_path)?;
        record(this, ActionKind::SetupPyInstall { package_path, extra_envs, extra_global_arguments }, eval)
    }

    /// Adds a resource to the executable with its `add_*` decisions. With
    /// `add_include = False` it does nothing, except for extension
    /// modules, which are always added (as in PyOxidizer).
    fn add_python_resource<'v>(
        this: Value<'v>,
        resource: Value<'v>,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> starlark::Result<NoneType> {
        add_resource(this, resource, eval)?;
        Ok(NoneType)
    }

    /// `add_python_resource` on each resource of an iterable.
    fn add_python_resources<'v>(
        this: Value<'v>,
        resources: Value<'v>,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> starlark::Result<NoneType> {
        let items: Vec<Value<'v>> = resources.iterate(eval.heap())?.collect();
        for r in items {
            add_resource(this, r, eval)?;
        }
        Ok(NoneType)
    }

    /// Records adding the licenses of a Rust crate's dependencies for
    /// `frost build` (which runs `cargo metadata`).
    fn add_cargo_manifest_licensing<'v>(
        this: Value<'v>,
        manifest_path: &str,
        #[starlark(default = false)] all_features: bool,
        #[starlark(default = NoneOr::None)] features: NoneOr<Value<'v>>,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> starlark::Result<NoneType> {
        let features = opt_str_list("features", features)?;
        let manifest_path = absolute(eval, manifest_path)?;
        record(this, ActionKind::AddCargoManifestLicensing { manifest_path, all_features, features }, eval)?;
        Ok(NoneType)
    }

    /// Records keeping only the resources named in `files` (and the files
    /// `glob_files` matches), one name per line, for `frost build`.
    fn filter_resources_from_files<'v>(
        this: Value<'v>,
        #[starlark(default = NoneOr::None)] files: NoneOr<Value<'v>>,
        #[starlark(default = NoneOr::None)] glob_files: NoneOr<Value<'v>>,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> starlark::Result<NoneType> {
        let cwd = context(eval)?.cwd.clone();
        let abs = |v: Vec<String>| v.into_iter().map(|p| plan_path(&cwd, Path::new(&p))).collect();
        let files = abs(opt_str_list("files", files)?);
        let glob_files = abs(opt_str_list("glob_files", glob_files)?);
        record(this, ActionKind::FilterResourcesFromFiles { files, glob_files }, eval)?;
        Ok(NoneType)
    }

    /// A `PythonEmbeddedResources`: a snapshot of the executable's resources.
    fn to_embedded_resources<'v>(this: Value<'v>) -> starlark::Result<PythonEmbeddedResources> {
        let view = exe(this);
        Ok(PythonEmbeddedResources { executable_name: view.name, resources: view.state.resources.len() })
    }

    /// A `FileManifest` holding the executable under `prefix` (`"."`: none).
    fn to_file_manifest<'v>(
        this: Value<'v>,
        prefix: &str,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> starlark::Result<Value<'v>> {
        file_manifest_with_exe(eval, this, prefix)
    }

    /// A `WiXMSIBuilder` installing the executable.
    fn to_wix_msi_builder<'v>(
        this: Value<'v>,
        id_prefix: &str,
        product_name: &str,
        product_version: &str,
        product_manufacturer: &str,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> starlark::Result<Value<'v>> {
        wix_msi_builder_for_exe(eval, this, id_prefix, product_name, product_version, product_manufacturer)
    }

    /// A `WiXBundleBuilder` chaining the MSI of `to_wix_msi_builder`, after
    /// `msi_builder_callback(msi)` when given.
    fn to_wix_bundle_builder<'v>(
        this: Value<'v>,
        id_prefix: &str,
        product_name: &str,
        product_version: &str,
        product_manufacturer: &str,
        #[starlark(default = NoneOr::None)] msi_builder_callback: NoneOr<Value<'v>>,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> starlark::Result<Value<'v>> {
        let callback = msi_builder_callback.into_option();
        if let Some(c) = callback {
            if c.get_type() != "function" {
                return Err(wrong("msi_builder_callback", "a function or None", c));
            }
        }
        wix_bundle_builder_for_exe(eval, this, id_prefix, product_name, product_version, product_manufacturer, callback)
    }
}
