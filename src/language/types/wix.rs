//! The WiX installers: `WiXMSIBuilder`, `WiXBundleBuilder` and
//! `WiXInstaller`. Evaluating records what they contain; WiX itself runs
//! only when frost builds them, on Windows.
//!
//! frost is stricter than PyOxidizer: attributes are checked (no
//! stringification, so `msi.help_url = None` is an error), `arch` must be
//! `x86`, `x64` or `arm64`, and the `WiXMSIBuilder` attributes, write-only in
//! PyOxidizer, can be read.

use frost_runtime::installer::BuildHost;
use frost_runtime::manifest::Files;
use serde_json::{json, Value as Json};
use starlark::environment::MethodsBuilder;
use starlark::eval::Evaluator;
use starlark::starlark_module;
use starlark::values::none::NoneType;
use starlark::values::Value;

use super::fields::{check_enum, field, to_json, wrong, CheckError, FieldKind, Table};
use super::file_manifest::FileManifest;
use super::installer_base::{installer_type, not_while_evaluating, InstallerState};
use super::local_files::read_file;
use crate::language::globals::context;

/// The architectures WiX builds for.
pub const WIX_ARCHES: &[&str] = &["x86", "x64", "arm64"];

/// `WiXMSIBuilder`'s attributes.
pub static MSI_TABLE: Table = Table {
    type_name: "WiXMSIBuilder",
    fields: &[
        field!("arch", FieldKind::Enum(WIX_ARCHES), false, json!("x64"), "The architecture the MSI installs for."),
        field!(
            "banner_bmp_path",
            FieldKind::Str,
            false,
            Json::Null,
            "The banner image of the installer UI (None: WiX's)."
        ),
        field!("dialog_bmp_path", FieldKind::Str, false, Json::Null, "The background image of the installer dialogs."),
        field!("eula_rtf_path", FieldKind::Str, false, Json::Null, "The licence agreement shown, as RTF."),
        field!("help_url", FieldKind::Str, false, Json::Null, "The product's help URL (Add/Remove Programs)."),
        field!(
            "license_path",
            FieldKind::Str,
            false,
            Json::Null,
            "A licence text file, converted to RTF for the agreement."
        ),
        field!(
            "msi_filename",
            FieldKind::Str,
            false,
            Json::Null,
            "The file name of the MSI (default `<product_name>-<product_version>.msi`)."
        ),
        field!("package_description", FieldKind::Str, false, Json::Null, "The package's description."),
        field!("package_keywords", FieldKind::Str, false, Json::Null, "The package's keywords."),
        field!("product_icon_path", FieldKind::Str, false, Json::Null, "The product icon (.ico)."),
        field!(
            "upgrade_code",
            FieldKind::Str,
            false,
            Json::Null,
            "The upgrade GUID (None until set: derived from `id_prefix` when built, as PyOxidizer does)."
        ),
    ],
};

/// `WiXBundleBuilder` has no settable attributes.
pub static BUNDLE_TABLE: Table = Table { type_name: "WiXBundleBuilder", fields: &[] };

/// `WiXInstaller`'s attributes.
pub static INSTALLER_TABLE: Table = Table {
    type_name: "WiXInstaller",
    fields: &[
        field!("arch", FieldKind::Enum(WIX_ARCHES), false, json!("x64"), "The architecture it installs for."),
        field!(
            "install_files_root_directory_id",
            FieldKind::Str,
            false,
            json!("APPLICATIONFOLDER"),
            "The WiX directory id the install files go under."
        ),
        field!(
            "install_files_wxs_path",
            FieldKind::Str,
            false,
            json!("install-files.wxs"),
            "The generated .wxs file listing the install files."
        ),
    ],
};

installer_type! {
    /// `WiXMSIBuilder`: an MSI installer.
    WiXMSIBuilder, "WiXMSIBuilder", msi_methods
}
installer_type! {
    /// `WiXBundleBuilder`: an .exe bundle chaining MSIs and redistributables.
    WiXBundleBuilder, "WiXBundleBuilder", bundle_methods
}
installer_type! {
    /// `WiXInstaller`: an installer built from .wxs files.
    WiXInstaller, "WiXInstaller", installer_methods
}

/// Checks a WiX `arch` or `platform`.
pub fn check_arch(what: &str, arch: &str) -> Result<(), CheckError> {
    check_enum(what, arch, WIX_ARCHES)
}

/// A new `WiXMSIBuilder`.
pub fn new_msi(
    id_prefix: &str,
    product_name: &str,
    product_version: &str,
    manufacturer: &str,
    arch: &str,
) -> Result<WiXMSIBuilder, CheckError> {
    check_arch("`arch`", arch)?;
    let state = InstallerState::new(
        &MSI_TABLE,
        BuildHost::Windows,
        vec![
            ("id_prefix", json!(id_prefix)),
            ("product_name", json!(product_name)),
            ("product_version", json!(product_version)),
            ("product_manufacturer", json!(manufacturer)),
        ],
    );
    state.record.put("arch", json!(arch));
    state.record.put("msi_filename", json!(format!("{product_name}-{product_version}.msi")));
    Ok(WiXMSIBuilder { state })
}

/// A new `WiXBundleBuilder`.
pub fn new_bundle(
    id_prefix: &str,
    name: &str,
    version: &str,
    manufacturer: &str,
    arch: &str,
) -> Result<WiXBundleBuilder, CheckError> {
    check_arch("`arch`", arch)?;
    let state = InstallerState::new(
        &BUNDLE_TABLE,
        BuildHost::Windows,
        vec![
            ("id_prefix", json!(id_prefix)),
            ("name", json!(name)),
            ("version", json!(version)),
            ("manufacturer", json!(manufacturer)),
            ("arch", json!(arch)),
        ],
    );
    Ok(WiXBundleBuilder { state })
}

/// A new `WiXInstaller`.
pub fn new_installer(id: &str, filename: &str, arch: &str) -> Result<WiXInstaller, CheckError> {
    check_arch("`arch`", arch)?;
    let state = InstallerState::new(
        &INSTALLER_TABLE,
        BuildHost::Windows,
        vec![("id", json!(id)), ("filename", json!(filename))],
    );
    state.record.put("arch", json!(arch));
    Ok(WiXInstaller { state })
}

fn manifest_files(what: &str, v: Value) -> Result<Files, CheckError> {
    Ok(FileManifest::of(what, v)?.files)
}

/// Records `add_program_files_manifest(manifest)` on an MSI.
pub fn add_program_files(msi: &InstallerState, files: Files) {
    msi.push("add_program_files_manifest", vec![], Some(files), None);
}

/// Records `add_vc_redistributable(platform)` on a bundle.
pub fn add_vc_redistributable(bundle: &InstallerState, platform: &str) -> Result<(), CheckError> {
    check_arch("`platform`", platform)?;
    bundle.push("add_vc_redistributable", vec![("platform", json!(platform))], None, None);
    Ok(())
}

/// Records `add_wix_msi_builder(builder, display_internal_ui, install_condition)` on a bundle.
pub fn add_msi_to_bundle(
    bundle: &InstallerState,
    msi: &InstallerState,
    display_internal_ui: bool,
    install_condition: Option<&str>,
) {
    bundle.push(
        "add_wix_msi_builder",
        vec![("display_internal_ui", json!(display_internal_ui)), ("install_condition", json!(install_condition))],
        None,
        Some(msi.body()),
    );
}

#[starlark_module]
fn msi_methods(builder: &mut MethodsBuilder) {
    /// Installs the files of `manifest` under the program files folder.
    fn add_program_files_manifest<'v>(
        #[starlark(this)] this: Value<'v>,
        manifest: Value<'v>,
    ) -> starlark::Result<NoneType> {
        let files = manifest_files("`manifest`", manifest)?;
        add_program_files(WiXMSIBuilder::state_of("self", this)?, files);
        Ok(NoneType)
    }

    /// Installs the Visual C++ runtime DLLs of `redist_version` for
    /// `platform` (`x86`, `x64` or `arm64`). PyOxidizer finds them with
    /// vswhere while evaluating; frost records the request and finds them
    /// when it builds on Windows.
    fn add_visual_cpp_redistributable<'v>(
        #[starlark(this)] this: Value<'v>,
        redist_version: &str,
        platform: &str,
    ) -> starlark::Result<NoneType> {
        if !WIX_ARCHES.contains(&platform) {
            return Err(CheckError::invalid(format!(
                "{platform} is not a valid platform; use 'x86', 'x64', or 'arm64'"
            ))
            .into());
        }
        WiXMSIBuilder::state_of("self", this)?.push(
            "add_visual_cpp_redistributable",
            vec![("redist_version", json!(redist_version)), ("platform", json!(platform))],
            None,
            None,
        );
        Ok(NoneType)
    }

    /// In PyOxidizer, builds the MSI now; frost builds targets from the command line.
    fn build<'v>(#[starlark(this)] _this: Value<'v>, target: &str) -> starlark::Result<NoneType> {
        let _ = target;
        Err(not_while_evaluating("WiXMSIBuilder.build()"))
    }

    /// In PyOxidizer, runs WiX now and returns the MSI; frost does not run WiX while evaluating.
    fn to_file_content<'v>(#[starlark(this)] _this: Value<'v>) -> starlark::Result<NoneType> {
        Err(not_while_evaluating("WiXMSIBuilder.to_file_content()"))
    }

    /// In PyOxidizer, runs WiX now and writes the MSI into `path`.
    fn write_to_directory<'v>(#[starlark(this)] _this: Value<'v>, path: &str) -> starlark::Result<NoneType> {
        let _ = path;
        Err(not_while_evaluating("WiXMSIBuilder.write_to_directory()"))
    }
}

#[starlark_module]
fn bundle_methods(builder: &mut MethodsBuilder) {
    /// Refuses to install unless `condition` holds, showing `message`.
    fn add_condition<'v>(
        #[starlark(this)] this: Value<'v>,
        condition: &str,
        message: &str,
    ) -> starlark::Result<NoneType> {
        WiXBundleBuilder::state_of("self", this)?.push(
            "add_condition",
            vec![("condition", json!(condition)), ("message", json!(message))],
            None,
            None,
        );
        Ok(NoneType)
    }

    /// Chains the Visual C++ redistributable for `platform` (`x86`, `x64`
    /// or `arm64`). PyOxidizer downloads it while evaluating; frost when it builds.
    fn add_vc_redistributable<'v>(#[starlark(this)] this: Value<'v>, platform: &str) -> starlark::Result<NoneType> {
        add_vc_redistributable(WiXBundleBuilder::state_of("self", this)?, platform)?;
        Ok(NoneType)
    }

    /// Chains the MSI of `builder` (as it is now: later changes to it do
    /// not count). `install_condition` is a WiX condition string or None.
    fn add_wix_msi_builder<'v>(
        #[starlark(this)] this: Value<'v>,
        builder: Value<'v>,
        #[starlark(default = false)] display_internal_ui: bool,
        install_condition: Option<Value<'v>>,
    ) -> starlark::Result<NoneType> {
        let msi = WiXMSIBuilder::state_of("`builder`", builder)?;
        let condition = match to_json(
            "`install_condition`",
            FieldKind::Str,
            true,
            install_condition.unwrap_or_else(Value::new_none),
        )? {
            Json::String(s) => Some(s),
            _ => None,
        };
        add_msi_to_bundle(WiXBundleBuilder::state_of("self", this)?, msi, display_internal_ui, condition.as_deref());
        Ok(NoneType)
    }

    /// In PyOxidizer, builds the bundle now; frost builds targets from the command line.
    fn build<'v>(#[starlark(this)] _this: Value<'v>, target: &str) -> starlark::Result<NoneType> {
        let _ = target;
        Err(not_while_evaluating("WiXBundleBuilder.build()"))
    }

    /// In PyOxidizer, runs WiX now; frost does not run WiX while evaluating.
    fn to_file_content<'v>(#[starlark(this)] _this: Value<'v>) -> starlark::Result<NoneType> {
        Err(not_while_evaluating("WiXBundleBuilder.to_file_content()"))
    }

    /// In PyOxidizer, runs WiX now and writes the bundle into `path`.
    fn write_to_directory<'v>(#[starlark(this)] _this: Value<'v>, path: &str) -> starlark::Result<NoneType> {
        let _ = path;
        Err(not_while_evaluating("WiXBundleBuilder.write_to_directory()"))
    }
}

fn add_disk_file<'v>(
    this: Value<'v>,
    op: &str,
    dest_key: &str,
    dest: &str,
    filesystem_path: &str,
    eval: &mut Evaluator<'v, '_, '_>,
) -> starlark::Result<NoneType> {
    let ctx = context(eval)?;
    let file = read_file(&format!("WiXInstaller.{op}()"), &ctx.cwd, &ctx.root, filesystem_path)?;
    WiXInstaller::state_of("self", this)?.push(
        op,
        vec![(dest_key, json!(dest)), ("filesystem_path", json!(file.path.display().to_string()))],
        None,
        None,
    );
    Ok(NoneType)
}

#[starlark_module]
fn installer_methods(builder: &mut MethodsBuilder) {
    /// Puts the file at `filesystem_path` (relative to `CWD`) at
    /// `build_path` in WiX's build folder. `force_read` is accepted for
    /// PyOxidizer compatibility.
    fn add_build_file<'v>(
        #[starlark(this)] this: Value<'v>,
        build_path: &str,
        filesystem_path: &str,
        #[starlark(default = false)] force_read: bool,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> starlark::Result<NoneType> {
        let _ = force_read;
        add_disk_file(this, "add_build_file", "build_path", build_path, filesystem_path, eval)
    }

    /// Puts the files of `manifest` in WiX's build folder.
    fn add_build_files<'v>(#[starlark(this)] this: Value<'v>, manifest: Value<'v>) -> starlark::Result<NoneType> {
        let files = manifest_files("`manifest`", manifest)?;
        WiXInstaller::state_of("self", this)?.push("add_build_files", vec![], Some(files), None);
        Ok(NoneType)
    }

    /// Installs the file at `filesystem_path` (relative to `CWD`) at `install_path`.
    fn add_install_file<'v>(
        #[starlark(this)] this: Value<'v>,
        install_path: &str,
        filesystem_path: &str,
        #[starlark(default = false)] force_read: bool,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> starlark::Result<NoneType> {
        let _ = force_read;
        add_disk_file(this, "add_install_file", "install_path", install_path, filesystem_path, eval)
    }

    /// Installs the files of `manifest`.
    fn add_install_files<'v>(#[starlark(this)] this: Value<'v>, manifest: Value<'v>) -> starlark::Result<NoneType> {
        let files = manifest_files("`manifest`", manifest)?;
        WiXInstaller::state_of("self", this)?.push("add_install_files", vec![], Some(files), None);
        Ok(NoneType)
    }

    /// Adds the .wxs files of `builder` (as it is now).
    fn add_msi_builder<'v>(#[starlark(this)] this: Value<'v>, builder: Value<'v>) -> starlark::Result<NoneType> {
        let msi = WiXMSIBuilder::state_of("`builder`", builder)?;
        WiXInstaller::state_of("self", this)?.push("add_msi_builder", vec![], None, Some(msi.body()));
        Ok(NoneType)
    }

    /// Adds a simple MSI installing `program_files`.
    fn add_simple_installer<'v>(
        #[starlark(this)] this: Value<'v>,
        id_prefix: &str,
        product_name: &str,
        product_version: &str,
        product_manufacturer: &str,
        program_files: Value<'v>,
    ) -> starlark::Result<NoneType> {
        let files = manifest_files("`program_files`", program_files)?;
        let arch = WiXInstaller::state_of("self", this)?.record.string("arch").unwrap_or_else(|| "x64".into());
        let msi = new_msi(id_prefix, product_name, product_version, product_manufacturer, &arch)?;
        add_program_files(&msi.state, files);
        WiXInstaller::state_of("self", this)?.push("add_simple_installer", vec![], None, Some(msi.state.body()));
        Ok(NoneType)
    }

    /// Adds the .wxs file at `path` (relative to `CWD`; it must exist),
    /// with `preprocessor_parameters` (a dict of strings, or None).
    fn add_wxs_file<'v>(
        #[starlark(this)] this: Value<'v>,
        path: &str,
        preprocessor_parameters: Option<Value<'v>>,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> starlark::Result<NoneType> {
        let params = to_json(
            "`preprocessor_parameters`",
            FieldKind::StrDict,
            true,
            preprocessor_parameters.unwrap_or_else(Value::new_none),
        )?;
        let ctx = context(eval)?;
        let file = read_file("WiXInstaller.add_wxs_file()", &ctx.cwd, &ctx.root, path)?;
        WiXInstaller::state_of("self", this)?.push(
            "add_wxs_file",
            vec![("path", json!(file.path.display().to_string())), ("preprocessor_parameters", params)],
            None,
            None,
        );
        Ok(NoneType)
    }

    /// Defines the WiX preprocessor variable `key` (`value`: a string or None).
    fn set_variable<'v>(#[starlark(this)] this: Value<'v>, key: &str, value: Value<'v>) -> starlark::Result<NoneType> {
        if !value.is_none() && value.unpack_str().is_none() {
            return Err(wrong("`value`", "a string or None", value).into());
        }
        WiXInstaller::state_of("self", this)?.push(
            "set_variable",
            vec![("key", json!(key)), ("value", json!(value.unpack_str()))],
            None,
            None,
        );
        Ok(NoneType)
    }

    /// In PyOxidizer, builds the installer now; frost builds targets from the command line.
    fn build<'v>(#[starlark(this)] _this: Value<'v>, target: &str) -> starlark::Result<NoneType> {
        let _ = target;
        Err(not_while_evaluating("WiXInstaller.build()"))
    }

    /// In PyOxidizer, runs WiX now; frost does not run WiX while evaluating.
    fn to_file_content<'v>(#[starlark(this)] _this: Value<'v>) -> starlark::Result<NoneType> {
        Err(not_while_evaluating("WiXInstaller.to_file_content()"))
    }

    /// In PyOxidizer, runs WiX now and writes the installer into `path`.
    fn write_to_directory<'v>(#[starlark(this)] _this: Value<'v>, path: &str) -> starlark::Result<NoneType> {
        let _ = path;
        Err(not_while_evaluating("WiXInstaller.write_to_directory()"))
    }
}
