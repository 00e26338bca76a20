//! `MacOsApplicationBundleBuilder` (a `.app` bundle) and
//! `AppleUniversalBinary` (one Mach-O file joining several architectures).
//! Evaluating records their contents; the bundle is made, and the binaries
//! joined, when frost builds them on macOS.

use frost_runtime::installer::BuildHost;
use frost_runtime::manifest::{check_destination, normalize_destination, Files, InstallEntry};
use serde_json::{json, Value as Json};
use starlark::environment::MethodsBuilder;
use starlark::eval::Evaluator;
use starlark::starlark_module;
use starlark::values::none::{NoneOr, NoneType};
use starlark::values::Value;

use super::fields::{wrong, CheckError, Table};
use super::file_content::{FileContent, FileContentData};
use super::file_manifest::FileManifest;
use super::installer_base::{installer_type, not_while_evaluating, InstallerState};
use super::local_files::read_file;
use crate::language::globals::context;

/// `MacOsApplicationBundleBuilder` has no attributes in PyOxidizer; frost
/// adds none either (use `set_info_plist_key`).
pub static BUNDLE_TABLE: Table = Table { type_name: "MacOsApplicationBundleBuilder", fields: &[] };
/// `AppleUniversalBinary` has no attributes.
pub static UNIVERSAL_TABLE: Table = Table { type_name: "AppleUniversalBinary", fields: &[] };

installer_type! {
    /// `MacOsApplicationBundleBuilder`: a macOS `.app` bundle.
    MacOsApplicationBundleBuilder, "MacOsApplicationBundleBuilder", bundle_methods
}
installer_type! {
    /// `AppleUniversalBinary`: a Mach-O binary for several architectures.
    AppleUniversalBinary, "AppleUniversalBinary", universal_methods
}

/// A new `MacOsApplicationBundleBuilder`.
pub fn new_bundle(bundle_name: &str) -> Result<MacOsApplicationBundleBuilder, CheckError> {
    if bundle_name.is_empty() || bundle_name.contains(['/', '\\']) {
        return Err(CheckError::invalid(format!(
            "`bundle_name` cannot be \"{bundle_name}\"; it must be a non-empty name without directory separators"
        )));
    }
    Ok(MacOsApplicationBundleBuilder {
        state: InstallerState::new(&BUNDLE_TABLE, BuildHost::Macos, vec![("bundle_name", json!(bundle_name))]),
    })
}

/// A new `AppleUniversalBinary`.
pub fn new_universal(filename: &str) -> Result<AppleUniversalBinary, CheckError> {
    super::file_content::check_filename(filename)?;
    Ok(AppleUniversalBinary {
        state: InstallerState::new(&UNIVERSAL_TABLE, BuildHost::Macos, vec![("filename", json!(filename))]),
    })
}

fn under(folder: &str, files: Files) -> Result<Files, CheckError> {
    files.into_iter().map(|(path, entry)| Ok((normalize_destination(&format!("{folder}/{path}")), entry))).collect()
}

fn add_content(this: Value, op: &str, folder: &str, content: Value, path: NoneOr<&str>) -> starlark::Result<NoneType> {
    let content = FileContent::of("`content`", content)?;
    let dest = path.into_option().map_or_else(|| content.filename.clone(), str::to_string);
    if let Some(why) = check_destination(&dest) {
        return Err(CheckError::invalid(format!("cannot put a file at \"{dest}\": {why}")).into());
    }
    let files = Files::from([(normalize_destination(&format!("{folder}/{dest}")), content.entry)]);
    MacOsApplicationBundleBuilder::state_of("self", this)?.push(op, vec![], Some(files), None);
    Ok(NoneType)
}

fn add_manifest(this: Value, op: &str, folder: &str, manifest: Value) -> starlark::Result<NoneType> {
    let files = under(folder, FileManifest::of("`manifest`", manifest)?.files)?;
    MacOsApplicationBundleBuilder::state_of("self", this)?.push(op, vec![], Some(files), None);
    Ok(NoneType)
}

#[starlark_module]
fn bundle_methods(builder: &mut MethodsBuilder) {
    /// Uses the image at `path` (relative to `CWD`; it must exist) as the
    /// bundle's icon.
    fn add_icon<'v>(
        #[starlark(this)] this: Value<'v>,
        path: &str,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> starlark::Result<NoneType> {
        let ctx = context(eval)?;
        let file = read_file("MacOsApplicationBundleBuilder.add_icon()", &ctx.cwd, &ctx.root, path)?;
        MacOsApplicationBundleBuilder::state_of("self", this)?.push(
            "add_icon",
            vec![("path", json!(file.path.display().to_string()))],
            None,
            None,
        );
        Ok(NoneType)
    }

    /// Adds the files of `manifest` under `Contents/`.
    fn add_manifest<'v>(#[starlark(this)] this: Value<'v>, manifest: Value<'v>) -> starlark::Result<NoneType> {
        add_manifest(this, "add_manifest", "Contents", manifest)
    }

    /// Adds `content` under `Contents/MacOS/`, at `path` or its file name.
    fn add_macos_file<'v>(
        #[starlark(this)] this: Value<'v>,
        content: Value<'v>,
        #[starlark(default = NoneOr::None)] path: NoneOr<&str>,
    ) -> starlark::Result<NoneType> {
        add_content(this, "add_macos_file", "Contents/MacOS", content, path)
    }

    /// Adds the files of `manifest` under `Contents/MacOS/`.
    fn add_macos_manifest<'v>(#[starlark(this)] this: Value<'v>, manifest: Value<'v>) -> starlark::Result<NoneType> {
        add_manifest(this, "add_macos_manifest", "Contents/MacOS", manifest)
    }

    /// Adds `content` under `Contents/Resources/`, at `path` or its file name.
    fn add_resources_file<'v>(
        #[starlark(this)] this: Value<'v>,
        content: Value<'v>,
        #[starlark(default = NoneOr::None)] path: NoneOr<&str>,
    ) -> starlark::Result<NoneType> {
        add_content(this, "add_resources_file", "Contents/Resources", content, path)
    }

    /// Adds the files of `manifest` under `Contents/Resources/`.
    fn add_resources_manifest<'v>(
        #[starlark(this)] this: Value<'v>,
        manifest: Value<'v>,
    ) -> starlark::Result<NoneType> {
        add_manifest(this, "add_resources_manifest", "Contents/Resources", manifest)
    }

    /// Sets `key` of `Info.plist` to `value` (a bool, an int or a string).
    fn set_info_plist_key<'v>(
        #[starlark(this)] this: Value<'v>,
        key: &str,
        value: Value<'v>,
    ) -> starlark::Result<NoneType> {
        let json = if let Some(b) = value.unpack_bool() {
            Json::from(b)
        } else if let Some(s) = value.unpack_str() {
            Json::from(s)
        } else if let (true, Some(i)) = (value.get_type() == "int", value.unpack_i32()) {
            Json::from(i)
        } else {
            return Err(wrong("`value`", "a bool, an int or a string", value).into());
        };
        MacOsApplicationBundleBuilder::state_of("self", this)?.push(
            "set_info_plist_key",
            vec![("key", json!(key)), ("value", json)],
            None,
            None,
        );
        Ok(NoneType)
    }

    /// Sets the `Info.plist` keys every bundle needs: `CFBundleDisplayName`,
    /// `CFBundleIdentifier`, `CFBundleVersion`, `CFBundleSignature` and
    /// `CFBundleExecutable` (and `CFBundleName`, `CFBundlePackageType`, as PyOxidizer does).
    fn set_info_plist_required_keys<'v>(
        #[starlark(this)] this: Value<'v>,
        display_name: &str,
        identifier: &str,
        version: &str,
        signature: &str,
        executable: &str,
    ) -> starlark::Result<NoneType> {
        MacOsApplicationBundleBuilder::state_of("self", this)?.push(
            "set_info_plist_required_keys",
            vec![
                ("display_name", json!(display_name)),
                ("identifier", json!(identifier)),
                ("version", json!(version)),
                ("signature", json!(signature)),
                ("executable", json!(executable)),
            ],
            None,
            None,
        );
        Ok(NoneType)
    }

    /// In PyOxidizer, makes the bundle now; frost builds targets from the command line.
    fn build<'v>(#[starlark(this)] _this: Value<'v>, target: &str) -> starlark::Result<NoneType> {
        let _ = target;
        Err(not_while_evaluating("MacOsApplicationBundleBuilder.build()"))
    }

    /// In PyOxidizer, writes the bundle into `path` now.
    fn write_to_directory<'v>(#[starlark(this)] _this: Value<'v>, path: &str) -> starlark::Result<NoneType> {
        let _ = path;
        Err(not_while_evaluating("MacOsApplicationBundleBuilder.write_to_directory()"))
    }
}

fn push_input(this: Value, op: &str, entry: InstallEntry) -> starlark::Result<NoneType> {
    let state = AppleUniversalBinary::state_of("self", this)?;
    let n = state.steps.lock().unwrap_or_else(|e| e.into_inner()).len();
    state.push(op, vec![], Some(Files::from([(format!("input-{n}"), entry)])), None);
    Ok(NoneType)
}

#[starlark_module]
fn universal_methods(builder: &mut MethodsBuilder) {
    /// Adds the Mach-O binary at `path` (relative to `CWD`; it must exist).
    fn add_path<'v>(
        #[starlark(this)] this: Value<'v>,
        path: &str,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> starlark::Result<NoneType> {
        let ctx = context(eval)?;
        let file = read_file("AppleUniversalBinary.add_path()", &ctx.cwd, &ctx.root, path)?;
        push_input(this, "add_path", InstallEntry::File { source: file.path.display().to_string(), executable: true })
    }

    /// Adds the Mach-O binary `content`.
    fn add_file<'v>(#[starlark(this)] this: Value<'v>, content: Value<'v>) -> starlark::Result<NoneType> {
        let content = FileContent::of("`content`", content)?;
        push_input(this, "add_file", content.entry)
    }

    /// A `FileContent` named by the constructor's `filename`, executable,
    /// whose content is the universal binary: frost joins the binaries when
    /// it builds (PyOxidizer does it now).
    fn to_file_content<'v>(#[starlark(this)] this: Value<'v>) -> starlark::Result<FileContent> {
        let state = AppleUniversalBinary::state_of("self", this)?;
        let body = state.body();
        let filename = body.fields.get("filename").and_then(Json::as_str).unwrap_or_default().to_string();
        let inputs = body.steps.into_iter().flat_map(|s| s.files.unwrap_or_default().into_values()).collect();
        Ok(FileContent::new(FileContentData { filename, entry: InstallEntry::UniversalBinary { inputs } }))
    }

    /// In PyOxidizer, writes the binary into `path` now.
    fn write_to_directory<'v>(#[starlark(this)] _this: Value<'v>, path: &str) -> starlark::Result<NoneType> {
        let _ = path;
        Err(not_while_evaluating("AppleUniversalBinary.write_to_directory()"))
    }
}
