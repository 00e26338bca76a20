//! `frost build` of a `FileManifest` target: its layout written into the
//! folder `DIR/<target>/`, whole or not at all. Each executable in it is a
//! bundle (its launcher at the manifest's path, holding its `in-memory`
//! resources, and its `lib/` beside it), each file is copied, each inline
//! content written.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context};
use frost_runtime::installer::BuildHost;
use frost_runtime::manifest::{InstallEntry, InstallManifest};

use super::bundle::stage::{self, Stage, MARKER, MARKER_TEXT};
use super::BuildOptions;
use crate::lower::Evaluated;

/// Builds the manifest `manifest` (target `name` of `evaluated`) into
/// `options.out_dir/<name>/`; returns that folder.
pub fn build_manifest(
    evaluated: &Evaluated,
    manifest: &InstallManifest,
    options: &BuildOptions,
    config_dir: &Path,
) -> anyhow::Result<PathBuf> {
    let name = manifest.target.as_str();
    let out_dir = &options.out_dir;
    // What can be refused is refused before anything is written.
    for (path, entry) in &manifest.files {
        checked(path)?;
        match entry {
            InstallEntry::Executable { name: exe, target: from } => {
                super::prepare(executable_config(evaluated, name, exe, path, from.as_deref())?, options)?;
            }
            InstallEntry::PythonResource { resource_type, name: resource, .. } => bail!(
                "target `{name}` installs the {resource_type} `{resource}` as the file {path}, and frost build does not install \
                 resources added to a FileManifest yet; add it to the executable instead (`exe.add_python_resource(...)` with \
                 `add_location = \"filesystem-relative:PREFIX\"`)"
            ),
            InstallEntry::UniversalBinary { .. } => {
                bail!("target `{name}` installs a macOS universal binary at {path}: {}", super::plans::needs(BuildHost::Macos))
            }
            InstallEntry::File { .. } | InstallEntry::Content { .. } => {}
        }
    }
    std::fs::create_dir_all(out_dir)
        .with_context(|| format!("cannot create the output folder {}", out_dir.display()))?;
    let target = out_dir.join(name);
    stage::check_replaceable(&target)?;
    let mut stage = Stage::new(out_dir, name)?;
    for (path, entry) in &manifest.files {
        let rel = checked(path)?;
        match entry {
            InstallEntry::File { source, executable } => {
                stage.copy(Path::new(source), &rel).with_context(|| format!("cannot install {path}"))?;
                set_mode(&stage.root().join(&rel), *executable)?;
            }
            InstallEntry::Content { content, executable } => {
                stage.write(&rel, content.as_bytes())?;
                set_mode(&stage.root().join(&rel), *executable)?;
            }
            InstallEntry::Executable { name: exe, target: from } => {
                let config = executable_config(evaluated, name, exe, path, from.as_deref())?;
                let (bundle, built) = super::bundle::assemble(config, options, config_dir)?;
                let folder = rel.parent().unwrap_or(Path::new("")).to_path_buf();
                if rel.file_name().and_then(|n| n.to_str()) != Some(built.as_str()) {
                    bail!("target `{name}` installs the executable `{built}` as {path}; frost names it `{built}`");
                }
                move_into(bundle, &mut stage, &folder, path)?;
            }
            // Refused above.
            InstallEntry::PythonResource { .. } | InstallEntry::UniversalBinary { .. } => {}
        }
    }
    stage.write(MARKER, MARKER_TEXT.as_bytes())?;
    stage.commit(&target)?;
    Ok(target)
}

/// The lowered config of the executable `exe` that manifest `name` installs
/// at `path`, from the target `from` it came from.
fn executable_config<'e>(
    evaluated: &'e Evaluated,
    name: &str,
    exe: &str,
    path: &str,
    from: Option<&str>,
) -> anyhow::Result<&'e frost_runtime::RuntimeConfig> {
    from.and_then(|t| evaluated.targets.iter().find(|r| r.name == t))
        .and_then(|r| r.lowered.as_ref())
        .filter(|c| c.executable_name.is_some())
        .ok_or_else(|| {
            anyhow!(
                "target `{name}` installs the executable `{exe}` at {path}, but it does not come from a target \
                 frost resolved; make it in a function registered with `register_target` and pass it through `depends`"
            )
        })
}

/// A manifest path as a relative path that stays inside the folder.
fn checked(path: &str) -> anyhow::Result<PathBuf> {
    let rel = PathBuf::from(path);
    if path.is_empty() || rel.components().any(|c| !matches!(c, std::path::Component::Normal(_))) {
        bail!("the manifest path {path:?} leaves the output folder");
    }
    if path == MARKER {
        bail!("the manifest path {path} is the file frost marks its output with");
    }
    Ok(rel)
}

/// Moves every top-level entry of an assembled bundle (but its marker)
/// into `stage` under `folder`; a name taken there is an error.
fn move_into(bundle: Stage, stage: &mut Stage, folder: &Path, path: &str) -> anyhow::Result<()> {
    stage.mkdir(folder)?;
    let mut names: Vec<_> = std::fs::read_dir(bundle.root())?.collect::<Result<Vec<_>, _>>()?;
    names.sort_by_key(|e| e.file_name());
    for entry in names {
        if entry.file_name() == MARKER {
            continue;
        }
        let dest = stage.root().join(folder).join(entry.file_name());
        if dest.exists() {
            bail!(
                "the executable at {path} needs {}, which something else in the manifest already installs; \
                 install each executable in a folder of its own",
                folder.join(entry.file_name()).display()
            );
        }
        std::fs::rename(entry.path(), &dest).with_context(|| format!("cannot move {}", entry.path().display()))?;
    }
    Ok(())
}

fn set_mode(path: &Path, executable: bool) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = if executable { 0o755 } else { 0o644 };
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
            .with_context(|| format!("cannot set the permissions of {}", path.display()))?;
    }
    #[cfg(not(unix))]
    let _ = (path, executable);
    Ok(())
}
