//! `exe.pip_install(args, extra_envs)` at build time: the bundle's own
//! CPython runs its pip into a fresh folder, and every file pip installs
//! becomes a resource, classified as PyOxidizer's file scanner does and
//! decided by the policy at the time of the call.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{anyhow, bail, Context};
use frost_runtime::plan::{Action, ResourceKind};

use super::resources::{Content, Item, Placer};
use super::stage::Stage;

/// Where a pip action was called, for messages.
fn site(action: &Action) -> String {
    action.call_site.as_ref().map_or_else(|| "(no call site)".to_string(), |s| s.to_string())
}

/// Runs one `pip_install` action and places what it installed.
pub fn install(
    action: &Action,
    args: &[String],
    envs: &std::collections::BTreeMap<String, String>,
    python: &Path,
    config_dir: &Path,
    out_dir: &Path,
    placer: &mut Placer,
) -> anyhow::Result<()> {
    let at = site(action);
    if action.resource_callbacks > 0 {
        bail!(
            "pip_install at {at}: the executable has resource callbacks, which frost cannot run at build time; \
             remove the callbacks, or set the policy's locations instead"
        );
    }
    let target = Stage::new(out_dir, "pip")?;
    let output = Command::new(python)
        .args(["-I", "-m", "pip", "install", "--target"])
        .arg(target.root())
        .args(["--no-input", "--disable-pip-version-check", "--no-compile", "--no-warn-script-location"])
        .args(args)
        .envs(envs)
        .current_dir(config_dir)
        .output()
        .with_context(|| format!("pip_install at {at}: cannot run {}", python.display()))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
        let tail = tail[tail.len().saturating_sub(12)..].join("\n");
        bail!("pip_install at {at} failed (pip install {}):\n{tail}", args.join(" "));
    }
    for (rel, kind) in scan(target.root())? {
        let is_test = rel.components().any(|c| matches!(c.as_os_str().to_str(), Some("test" | "tests")));
        let add = action.policy.derive_add_flags(kind, false, is_test);
        let what = format!("{} installed by pip_install at {at}", rel.display());
        let file = target.root().join(&rel);
        placer.place(Item { kind, rel, add: &add, content: Content::File(file), what })?;
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
