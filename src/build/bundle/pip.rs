//! The packaging actions at build time: `pip_install`, `pip_download`,
//! `setup_py_install` and `read_virtualenv`. The bundle's own CPython runs
//! its pip into a fresh folder (or the virtualenv's `site-packages` is
//! read), and every file found becomes a resource, classified as
//! PyOxidizer's file scanner does and decided by the policy at the time of
//! the call.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{anyhow, bail, Context};
use frost_runtime::plan::{Action, ActionKind, ResourceKind};

use super::resources::{Content, Item, Placer};
use super::stage::Stage;

/// Where a pip action was called, for messages.
fn site(action: &Action) -> String {
    action.call_site.as_ref().map_or_else(|| "(no call site)".to_string(), |s| s.to_string())
}

/// The name of an action's method, for messages.
pub fn action_name(what: &ActionKind) -> &'static str {
    match what {
        ActionKind::PipInstall { .. } => "pip_install",
        ActionKind::PipDownload { .. } => "pip_download",
        ActionKind::SetupPyInstall { .. } => "setup_py_install",
        ActionKind::ReadVirtualenv { .. } => "read_virtualenv",
        ActionKind::AddCargoManifestLicensing { .. } => "add_cargo_manifest_licensing",
        ActionKind::FilterResourcesFromFiles { .. } => "filter_resources_from_files",
    }
}

/// The CPython an action runs, and where.
pub struct Python<'a> {
    /// Its `python3.X`.
    pub python: &'a Path,
    /// `major.minor`.
    pub version: &'a str,
    /// The config's folder: pip's working folder.
    pub config_dir: &'a Path,
    /// The output folder: temporary folders go there.
    pub out_dir: &'a Path,
}

/// Runs one packaging action recorded in a plan (one evaluated without an
/// action runner) and places the resources it produced.
pub fn run(action: &Action, py: &Python, placer: &mut Placer) -> anyhow::Result<()> {
    let name = action_name(&action.what);
    let at = site(action);
    if action.resource_callbacks > 0 {
        bail!(
            "{name} at {at}: the executable has resource callbacks, which frost cannot run at build time; \
             remove the callbacks, or set the policy's locations instead"
        );
    }
    let (_target, root) = install(action, py)?;
    for (rel, kind) in scan(&root)? {
        let is_test = rel.components().any(|c| matches!(c.as_os_str().to_str(), Some("test" | "tests")));
        let add = action.policy.derive_add_flags(kind, false, is_test);
        let what = format!("{} from {name} at {at}", rel.display());
        let file = root.join(&rel);
        placer.place(Item { kind, rel, add: &add, content: Content::File(file), what })?;
    }
    Ok(())
}

/// Runs one packaging action: returns the folder holding what it
/// installed, and the temporary folder (removed when dropped) that is, or
/// holds, it (`None` for a virtualenv, read where it is).
pub fn install(action: &Action, py: &Python) -> anyhow::Result<(Option<Stage>, PathBuf)> {
    let name = action_name(&action.what);
    let at = site(action);
    let target = Stage::new(py.out_dir, "pip")?;
    let no_envs = std::collections::BTreeMap::new();
    let root = match &action.what {
        ActionKind::PipInstall { args, extra_envs } => {
            pip(action, py, &target, extra_envs, &["--no-compile"], args)?;
            target.root().to_path_buf()
        }
        ActionKind::PipDownload { args } => {
            let downloads = target.root().join(".downloads");
            let mut download = vec!["download".to_string(), "--dest".to_string()];
            download.push(downloads.display().to_string());
            download.extend(["--no-input", "--disable-pip-version-check"].map(String::from));
            download.extend(args.iter().cloned());
            pip_command(action, py, &no_envs, &download, &format!("download {}", args.join(" ")))?;
            let mut files: Vec<String> = std::fs::read_dir(&downloads)
                .with_context(|| format!("{name} at {at}: pip downloaded nothing"))?
                .map(|e| e.map(|e| e.path().display().to_string()))
                .collect::<Result<_, _>>()?;
            files.sort();
            if files.is_empty() {
                bail!("{name} at {at}: pip download {} downloaded nothing", args.join(" "));
            }
            pip(action, py, &target, &no_envs, &["--no-compile", "--no-deps", "--no-index"], &files)?;
            std::fs::remove_dir_all(&downloads).with_context(|| format!("cannot remove {}", downloads.display()))?;
            target.root().to_path_buf()
        }
        ActionKind::SetupPyInstall { package_path, extra_envs, extra_global_arguments } => {
            if !extra_global_arguments.is_empty() {
                bail!(
                    "{name} at {at}: frost installs the package with the bundled CPython's pip, which takes no \
                     `setup.py` global arguments ({}); remove extra_global_arguments, or build a wheel and use pip_install",
                    extra_global_arguments.join(" ")
                );
            }
            let flags = ["--no-compile", "--no-deps", "--no-build-isolation", "--no-index"];
            // The plan's path is relative to the config's folder; pip takes
            // a bare name for a requirement, so the folder goes absolute.
            let folder = py.config_dir.join(package_path).display().to_string();
            pip(action, py, &target, extra_envs, &flags, &[folder])?;
            target.root().to_path_buf()
        }
        ActionKind::ReadVirtualenv { path } => {
            let dir =
                site_packages(&py.config_dir.join(path), py.version).map_err(|why| anyhow!("{name} at {at}: {why}"))?;
            return Ok((None, dir));
        }
        _ => bail!("{name} at {at} is not run by frost build"),
    };
    Ok((Some(target), root))
}

/// The `site-packages` of the virtualenv at `venv`, made for Python `version`.
fn site_packages(venv: &Path, version: &str) -> Result<PathBuf, String> {
    if !venv.join("pyvenv.cfg").is_file() {
        return Err(format!("{} is not a virtualenv: it has no pyvenv.cfg", venv.display()));
    }
    let dir = venv.join("lib").join(format!("python{version}")).join("site-packages");
    if !dir.is_dir() {
        return Err(format!(
            "the virtualenv {} has no lib/python{version}/site-packages: make it with the CPython the app bundles (python{version} -m venv)",
            venv.display()
        ));
    }
    Ok(dir)
}

/// `python -I -m pip install --target TARGET FLAGS... ARGS...`.
fn pip(
    action: &Action,
    py: &Python,
    target: &Stage,
    envs: &std::collections::BTreeMap<String, String>,
    flags: &[&str],
    args: &[String],
) -> anyhow::Result<()> {
    let mut argv = vec!["install".to_string(), "--target".to_string(), target.root().display().to_string()];
    argv.extend(["--no-input", "--disable-pip-version-check", "--no-warn-script-location"].map(String::from));
    argv.extend(flags.iter().map(|f| f.to_string()));
    argv.extend(args.iter().cloned());
    pip_command(action, py, envs, &argv, &format!("install {}", args.join(" ")))
}

/// Runs `python -I -m pip ARGV...` in the config's folder; its failure is
/// an error that names the action's call site and shows pip's last lines.
fn pip_command(
    action: &Action,
    py: &Python,
    envs: &std::collections::BTreeMap<String, String>,
    argv: &[String],
    shown: &str,
) -> anyhow::Result<()> {
    let (name, at) = (action_name(&action.what), site(action));
    let output = Command::new(py.python)
        .args(["-I", "-m", "pip"])
        .args(argv)
        .envs(envs)
        .current_dir(py.config_dir)
        .output()
        .with_context(|| format!("{name} at {at}: cannot run {}", py.python.display()))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
        let tail = tail[tail.len().saturating_sub(12)..].join("\n");
        bail!("{name} at {at} failed (pip {shown}):\n{tail}");
    }
    Ok(())
}

/// Every file under `root` with its resource type, sorted; the scripts
/// folder (`bin/`, whose launchers name the build machine's python) and
/// bytecode caches are left out.
fn scan(root: &Path) -> anyhow::Result<Vec<(PathBuf, ResourceKind)>> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let dir = root.join(&rel);
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .with_context(|| format!("cannot read {}", dir.display()))?
            .map(|e| e.map(|e| e.file_name()))
            .collect::<Result<_, _>>()?;
        names.sort();
        for name in names {
            let path = rel.join(&name);
            let meta = std::fs::symlink_metadata(root.join(&path))?;
            let name = name.to_string_lossy();
            if meta.is_dir() {
                if name != "__pycache__" && !(rel.as_os_str().is_empty() && name == "bin") {
                    stack.push(path);
                }
                continue;
            }
            if !meta.is_file() {
                return Err(anyhow!("pip installed {}, which is not a regular file", path.display()));
            }
            out.push((path.clone(), classify(&path)));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// The resource type of an installed file, by where it is and its name.
fn classify(rel: &Path) -> ResourceKind {
    let top = rel.components().next().and_then(|c| c.as_os_str().to_str()).unwrap_or_default();
    let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let in_package = rel.components().count() > 1;
    if in_package && (top.ends_with(".dist-info") || top.ends_with(".egg-info")) {
        ResourceKind::PythonPackageDistributionResource
    } else if name.ends_with(".py") {
        ResourceKind::PythonModuleSource
    } else if name.ends_with(".so") || name.ends_with(".pyd") {
        ResourceKind::PythonExtensionModule
    } else if in_package {
        ResourceKind::PythonPackageResource
    } else {
        ResourceKind::File
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn installed_files_are_classified() {
        let k = |p: &str| classify(Path::new(p));
        assert_eq!(k("pkg/__init__.py"), ResourceKind::PythonModuleSource);
        assert_eq!(k("mod.py"), ResourceKind::PythonModuleSource);
        assert_eq!(k("pkg/data.json"), ResourceKind::PythonPackageResource);
        assert_eq!(k("pkg-1.0.dist-info/METADATA"), ResourceKind::PythonPackageDistributionResource);
        assert_eq!(k("pkg/_speed.cpython-311-x86_64-linux-gnu.so"), ResourceKind::PythonExtensionModule);
        assert_eq!(k("distutils-precedence.pth"), ResourceKind::File);
    }
}
