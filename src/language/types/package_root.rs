//! The file scanner behind `exe.read_package_root(path, packages)`: a
//! bounded walk of a local folder that classifies each file as PyOxidizer's
//! scanner does (module sources, package resources, distribution
//! resources, extension modules) and, when the policy says so, emits it as
//! an untyped `File` too.

use std::path::{Path, PathBuf};

use frost_runtime::plan::ResourceKind;
use frost_runtime::PackagingPolicy;

use super::resources::ResourceData;

/// The most files a scan looks at.
pub const MAX_FILES: usize = 20_000;
/// The deepest folder a scan enters, below the root.
pub const MAX_DEPTH: usize = 32;
/// The most bytes of Python source a scan reads.
pub const MAX_SOURCE_BYTES: u64 = 64 << 20;

/// The most Python source one packaging action's result may hold (its
/// modules' `source` attributes live in the config's heap): a large
/// dependency tree is far bigger than an app's own code.
pub const MAX_INSTALLED_SOURCE_BYTES: u64 = 512 << 20;
/// The most files one packaging action's result may hold.
pub const MAX_INSTALLED_FILES: usize = 500_000;

/// The files under `root` (symlinks are skipped: they could leave the
/// folder), as paths relative to it with `/` separators, sorted.
fn walk(root: &Path, max_files: usize) -> Result<Vec<(String, PathBuf, bool)>, String> {
    let mut out = Vec::new();
    let mut stack = vec![(root.to_path_buf(), 0usize)];
    while let Some((dir, depth)) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
            let meta = entry.metadata().map_err(|e| format!("cannot read {}: {e}", entry.path().display()))?;
            let file_type = entry.file_type().map_err(|e| format!("{}: {e}", entry.path().display()))?;
            if file_type.is_symlink() {
                continue;
            }
            let path = entry.path();
            if meta.is_dir() {
                if entry.file_name() == "__pycache__" {
                    continue;
                }
                if depth + 1 > MAX_DEPTH {
                    return Err(format!("{} is more than {MAX_DEPTH} folders deep", path.display()));
                }
                stack.push((path, depth + 1));
            } else if meta.is_file() {
                if out.len() >= max_files {
                    return Err(format!("{} holds more than {max_files} files", root.display()));
                }
                let rel = path.strip_prefix(root).map_err(|e| e.to_string())?;
                let rel: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
                out.push((rel.join("/"), path, is_executable(&meta)));
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(unix)]
fn is_executable(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
fn is_executable(_meta: &std::fs::Metadata) -> bool {
    false
}

/// The module name of an extension module file name, if it is one
/// (`name.so`, `name.cpython-311-x86_64-linux-gnu.so`, `name.abi3.so`, `name.pyd`).
fn extension_stem(file: &str) -> Option<&str> {
    let stem = file.strip_suffix(".so").or_else(|| file.strip_suffix(".pyd"))?;
    Some(stem.split('.').next().unwrap_or(stem))
}

/// The distribution name of a `.dist-info` or `.egg-info` folder, normalized
/// as a package name (`My-Pkg-1.0.dist-info` is `my_pkg`).
fn distribution_of(folder: &str) -> Option<String> {
    let stem = folder.strip_suffix(".dist-info").or_else(|| folder.strip_suffix(".egg-info"))?;
    let name = stem.split('-').next().unwrap_or(stem);
    Some(name.to_lowercase().replace('.', "_"))
}

/// The resources of every top-level name under `root`, a folder a
/// packaging action installed into (all but pip's scripts folder `bin/`),
/// as [`scan`] finds them; resources under `test` or `tests` folders are
/// test resources.
pub fn scan_installed(root: &Path, policy: &PackagingPolicy) -> Result<Vec<ResourceData>, String> {
    let entries = std::fs::read_dir(root).map_err(|e| format!("cannot read {}: {e}", root.display()))?;
    let mut tops = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", root.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_dir() {
            if name != "bin" && name != "__pycache__" {
                tops.push(distribution_of(&name).unwrap_or(name));
            }
        } else {
            let stem = name.strip_suffix(".py").or_else(|| extension_stem(&name)).unwrap_or(&name).to_string();
            tops.push(stem);
        }
    }
    let mut found = scan_limited(root, &tops, policy, MAX_INSTALLED_FILES, MAX_INSTALLED_SOURCE_BYTES)?;
    for r in &mut found {
        let Some(rel) = r.source_path.as_deref().and_then(|p| Path::new(p).strip_prefix(root).ok()) else { continue };
        let dirs = rel.parent().map(|d| d.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>());
        let dirs = dirs.unwrap_or_default();
        r.is_test = dirs.iter().any(|d| d == "test" || d == "tests");
    }
    Ok(found)
}

/// Scans `root` and returns the resources of the top-level `packages`, in
/// path order. `policy` decides whether files are classified, emitted as
/// `File`s, or both.
pub fn scan(root: &Path, packages: &[String], policy: &PackagingPolicy) -> Result<Vec<ResourceData>, String> {
    scan_limited(root, packages, policy, MAX_FILES, MAX_SOURCE_BYTES)
}

/// [`scan`] of at most `max_files` files and `max_source` bytes of Python source.
fn scan_limited(
    root: &Path,
    packages: &[String],
    policy: &PackagingPolicy,
    max_files: usize,
    max_source: u64,
) -> Result<Vec<ResourceData>, String> {
    let files = walk(root, max_files)?;
    let is_package_dir = |dir: &str| files.iter().any(|(rel, _, _)| *rel == format!("{dir}/__init__.py"));
    let wanted = |top: &str| packages.iter().any(|p| p == top);
    let mut source_bytes = 0u64;
    let mut out = Vec::new();
    for (rel, path, executable) in &files {
        let parts: Vec<&str> = rel.split('/').collect();
        let (dirs, file) = parts.split_at(parts.len() - 1);
        let file = file[0];
        let top = match dirs.first() {
            Some(d) => distribution_of(d).unwrap_or_else(|| d.to_string()),
            None => file.strip_suffix(".py").or_else(|| extension_stem(file)).unwrap_or(file).to_string(),
        };
        if !wanted(&top) {
            continue;
        }
        let base = ResourceData {
            kind: ResourceKind::File,
            name: rel.clone(),
            package: None,
            is_package: false,
            is_stdlib: false,
            is_test: false,
            is_executable: *executable,
            source_path: Some(path.display().to_string()),
            source: None,
            dist_folder: None,
        };
        if policy.file_scanner_emit_files {
            out.push(base.clone());
        }
        if !policy.file_scanner_classify_files || file.ends_with(".pyc") {
            continue;
        }
        let classified = if let Some(dist) = dirs.first().and_then(|d| distribution_of(d)) {
            ResourceData {
                kind: ResourceKind::PythonPackageDistributionResource,
                name: parts[1..].join("/"),
                package: Some(dist),
                dist_folder: dirs.first().map(|d| d.to_string()),
                ..base
            }
        } else if let Some(module) = file.strip_suffix(".py") {
            let len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
            source_bytes += len;
            if source_bytes > max_source {
                return Err(format!(
                    "{} holds more than {} MiB of Python source, the most frost reads",
                    root.display(),
                    max_source >> 20
                ));
            }
            let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let is_package = module == "__init__";
            let mut name: Vec<&str> = dirs.to_vec();
            if !is_package {
                name.push(module);
            }
            ResourceData {
                kind: ResourceKind::PythonModuleSource,
                name: name.join("."),
                is_package,
                source: String::from_utf8(bytes).ok(),
                ..base
            }
        } else if let Some(stem) = extension_stem(file) {
            let mut name: Vec<&str> = dirs.to_vec();
            name.push(stem);
            ResourceData { kind: ResourceKind::PythonExtensionModule, name: name.join("."), ..base }
        } else if !dirs.is_empty() {
            // The resource belongs to its nearest enclosing package.
            let depth = (1..=dirs.len()).rev().find(|n| is_package_dir(&dirs[..*n].join("/"))).unwrap_or(dirs.len());
            ResourceData {
                kind: ResourceKind::PythonPackageResource,
                name: parts[depth..].join("/"),
                package: Some(dirs[..depth].join(".")),
                ..base
            }
        } else {
            continue;
        };
        out.push(classified);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_classified_like_pyoxidizers_scanner() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (path, text) in [
            ("app/__init__.py", ""),
            ("app/cli.py", "print(1)"),
            ("app/data/logo.txt", "x"),
            ("app/sub/__init__.py", ""),
            ("app/sub/t.json", "{}"),
            ("app/_speed.cpython-311-x86_64-linux-gnu.so", ""),
            ("app-1.0.dist-info/METADATA", "Name: app"),
            ("other/__init__.py", ""),
            ("single.py", ""),
        ] {
            std::fs::create_dir_all(root.join(path).parent().unwrap()).unwrap();
            std::fs::write(root.join(path), text).unwrap();
        }
        let got = scan(root, &["app".into(), "single".into()], &PackagingPolicy::default()).unwrap();
        let names: Vec<String> = got.iter().map(|r| r.to_string()).collect();
        assert_eq!(
            names,
            [
                "PythonPackageDistributionResource<package=app, name=METADATA>",
                "PythonModuleSource<name=app>",
                "PythonExtensionModule<name=app._speed>",
                "PythonModuleSource<name=app.cli>",
                "PythonPackageResource<package=app, name=data/logo.txt>",
                "PythonModuleSource<name=app.sub>",
                "PythonPackageResource<package=app.sub, name=t.json>",
                "PythonModuleSource<name=single>",
            ]
        );
        assert!(got[1].is_package && !got[3].is_package);
        assert_eq!(got[3].source.as_deref(), Some("print(1)"));
        let mut files = PackagingPolicy::default();
        files.set_resource_handling_mode("files");
        let got = scan(root, &["single".into()], &files).unwrap();
        assert_eq!(got.iter().map(|r| r.to_string()).collect::<Vec<_>>(), ["File<path=single.py>"]);
    }
}
