//! `frost build` (the default; `--bundle` says the same): a self-contained app folder that runs on a
//! machine without the build's CPython.
//!
//! ```text
//! DIR/<name>/
//!   <name>                      the launcher (libpython looked up in $ORIGIN/lib only), then
//!                               the config, then the `in-memory` resources as a zip archive
//!                               (with `packed_resources_load_mode = "embedded:NAME"`, the
//!                               default), imported from the executable with zipimport
//!   .frost-bundle               marks the folder as frost's output
//!   lib/libpython3.X.so.1.0     the CPython the launcher links
//!   lib/libssl.so.3 ...         the libraries it and its extension modules need beyond
//!                               the system's (see `libs`)
//!   lib/python3.X/              its standard library, filtered by the policy
//!   lib/python3.X-sources.zip   its sources, deflated, beside sourceless bytecode
//!                               (`python::sources_compressed`)
//!   lib/python3.X/lib-dynload/  its extension modules, filtered by extension_module_filter
//!   <PREFIX>/...                the app's resources, for each `filesystem-relative:PREFIX`
//!   NAME.zip                    the `in-memory` ones instead, with
//!                               `binary-relative-memory-mapped:NAME`
//! ```
//!
//! The embedded config gets `home = "$ORIGIN"` (the launcher expands it to
//! the executable's folder) and `module_search_paths` = the resource
//! prefixes (`$EXECUTABLE`, which the launcher expands to its own path, for
//! the archive in the executable), the config's own entries, then the
//! bundled standard library:
//! nothing of the build machine's CPython, its `site-packages` or `.pth`
//! files is on `sys.path`, and the user's site folder is off unless the
//! config turns it on.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use frost_runtime::plan::PackagingPlan;
use frost_runtime::{payload, RuntimeConfig};

use super::BuildOptions;

pub mod cache;
pub mod elf;
pub mod ldcache;
pub mod le;
pub mod libs;
pub mod pip;
pub mod python;
pub mod resources;
pub mod runner;
pub mod stage;
pub mod strip;
pub mod zip;

use resources::{Placer, IN_MEMORY_DIR};
use stage::{Stage, MARKER, MARKER_TEXT};
use zip::Archive;

/// What the embedded config's `home` is in a bundle: the executable's folder.
pub const BUNDLE_HOME: &str = "$ORIGIN";

/// Builds the bundle of `config` in `options.out_dir/<name>/`; relative
/// resource paths and pip's working folder are `config_dir` (the config
/// file's folder). Returns the path of the executable inside it.
pub fn build_bundle(config: &RuntimeConfig, options: &BuildOptions, config_dir: &Path) -> anyhow::Result<PathBuf> {
    let out_dir = &options.out_dir;
    if let Some(name) = &config.executable_name {
        stage::check_replaceable(&out_dir.join(name))?;
    }
    let (stage, name) = assemble(config, options, config_dir)?;
    let target = out_dir.join(&name);
    stage.commit(&target)?;
    Ok(target.join(name))
}

/// Assembles the bundle of `config` in a fresh stage in `options.out_dir`
/// (created if needed); returns it, not yet moved into place, and the
/// executable's name.
pub fn assemble(config: &RuntimeConfig, options: &BuildOptions, config_dir: &Path) -> anyhow::Result<(Stage, String)> {
    let prepared = super::prepare(config, options)?;
    std::fs::create_dir_all(&options.out_dir)
        .with_context(|| format!("cannot create the output folder {}", options.out_dir.display()))?;
    let name = prepared.name.as_str();
    let plan = config.packaging.clone().unwrap_or_default();
    refuse_unsupported(config, &plan)?;
    let cpython = python::linked(&prepared.stub, &prepared.launcher, config, config_dir)?;
    let out_dir = &options.out_dir;
    let mut stage = Stage::new(out_dir, name)?;
    let policy = &plan.policy.policy;
    let stripper = strip::stripper();
    let optimization_level = config.config.optimization_level.map_or(0, |l| l.get());
    let mut warnings = cache::stage_runtime(&cpython, policy, optimization_level, stripper.as_ref(), &mut stage)?;
    let stdlib = PathBuf::from("lib").join(format!("python{}", cpython.version));
    let runtime_libs = libs::top_level(&stage.root().join("lib"))?;
    let archive = Archive::of(&plan.executable.packed_resources_load_mode);
    let sources = PathBuf::from(frost_runtime::stdlib_sources_archive(&cpython.version));
    let mut reserved =
        vec![PathBuf::from(name), Path::new("lib").join(&cpython.soname), stdlib.clone(), sources, MARKER.into()];
    reserved.extend(archive.as_ref().and_then(Archive::file).map(PathBuf::from));
    let mut placer = Placer {
        stage: &mut stage,
        reserved,
        search_paths: Vec::new(),
        optimization_level,
        in_memory: archive.as_ref().filter(|_| config.config.oxidized_importer).map(Archive::search_path),
        importer_off: !config.config.oxidized_importer,
    };
    placer.place_planned(&plan.resources, config_dir)?;
    let py = pip::Python { python: &cpython.python, version: &cpython.version, config_dir, out_dir };
    for action in &plan.actions {
        pip::run(action, &py, &mut placer)?;
    }
    let mut search_paths = std::mem::take(&mut placer.search_paths);
    warnings.extend(libs::carry_for_resources(&mut stage, &runtime_libs, &stdlib, stripper.as_ref())?);
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
    stage.run_compile(&cpython.python, &cpython.cache_tag)?;
    let mut embedded = None;
    if let Some(archive) = archive.filter(|_| stage.has(Path::new(IN_MEMORY_DIR))) {
        let zip = zip::archive(stage.take_dir(Path::new(IN_MEMORY_DIR))?)?;
        match archive {
            Archive::InExecutable => embedded = Some(zip),
            Archive::Beside(file) => stage.write(&file, &zip)?,
        }
    }

    let stdlib = format!("{BUNDLE_HOME}/{}", stdlib.display());
    for path in config.config.module_search_paths.iter().flatten() {
        if !search_paths.contains(path) {
            search_paths.push(path.clone());
        }
    }
    search_paths.extend([stdlib.clone(), format!("{stdlib}/lib-dynload")]);
    let runtime = bundled_config(config, search_paths);
    let mut exe = match &stripper {
        Some(s) => s.strip(&prepared.stub, name)?,
        None => prepared.stub,
    };
    elf::set_search_path(&mut exe, "$ORIGIN/lib").map_err(|e| {
        anyhow::anyhow!("cannot make the launcher {} load libpython from the bundle: {e}", prepared.launcher.display())
    })?;
    let json = runtime.to_json_pretty();
    match &embedded {
        None => exe.extend_from_slice(&payload::encode(&json)),
        Some(zip) => exe.extend_from_slice(&payload::encode_with_archive(&json, zip).map_err(anyhow::Error::msg)?),
    }
    stage.write(name, &exe)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let path = stage.root().join(name);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
            .with_context(|| format!("cannot make {} executable", path.display()))?;
    }
    stage.write(MARKER, MARKER_TEXT.as_bytes())?;
    Ok((stage, name.to_string()))
}

/// The config embedded in a bundle's executable.
fn bundled_config(config: &RuntimeConfig, module_search_paths: Vec<String>) -> RuntimeConfig {
    let mut runtime = config.clone();
    let c = &mut runtime.config;
    c.home = Some(BUNDLE_HOME.to_string());
    c.module_search_paths = Some(module_search_paths);
    c.user_site_directory = c.user_site_directory.or(Some(false));
    // The plan names files of the build machine; the app does not need it.
    runtime.packaging = None;
    runtime
}

/// Refuses, in one sentence each, what a bundle cannot carry out (yet).
fn refuse_unsupported(config: &RuntimeConfig, plan: &PackagingPlan) -> anyhow::Result<()> {
    let c = &config.config;
    for (attr, value) in [
        ("home", &c.home),
        ("prefix", &c.prefix),
        ("exec_prefix", &c.exec_prefix),
        ("base_prefix", &c.base_prefix),
        ("base_exec_prefix", &c.base_exec_prefix),
    ] {
        if let Some(value) = value {
            bail!(
                "target `{}` sets `{attr}` to {value:?}, but a bundle's CPython lives in the bundle's own folder; remove `{attr}` to build a bundle",
                config.target
            );
        }
    }
    if let Some(action) = plan.actions.iter().find(|a| !a.what.runs_at_build()) {
        let at = action.call_site.as_ref().map_or_else(String::new, |s| format!(" (called at {s})"));
        bail!("frost build does not run `{}` yet{at}; remove the call", pip::action_name(&action.what));
    }
    Ok(())
}
