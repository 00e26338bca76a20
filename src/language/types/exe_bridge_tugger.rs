//! What `PythonExecutable`'s tugger methods are made of: an executable
//! placed in a `FileManifest` (`to_file_manifest`,
//! `FileManifest.add_python_resource(prefix, exe)`), and the WiX installers
//! made from it (`to_wix_msi_builder`, `to_wix_bundle_builder`).
//!
//! The executable is read only through its `name` attribute, so any
//! `PythonExecutable` type works. The manifest records "the executable NAME
//! (of target X)"; `frost build` makes it.

use frost_runtime::installer::wix_arch_for_triple;
use frost_runtime::manifest::InstallEntry;
use starlark::eval::Evaluator;
use starlark::values::Value;

use super::fields::{wrong, CheckError};
use super::file_manifest::{FileManifest, ManifestData};
use super::wix::{add_msi_to_bundle, add_program_files, add_vc_redistributable, new_bundle, new_msi, WiXMSIBuilder};
use crate::language::globals::context;
use crate::language::targets::registry;

/// The executable's name, and the target that resolved to it (if any).
fn exe_name_and_target<'v>(
    exe: Value<'v>,
    eval: &Evaluator<'v, '_, '_>,
) -> Result<(String, Option<String>), CheckError> {
    if exe.get_type() != "PythonExecutable" {
        return Err(wrong("the executable", "a PythonExecutable", exe));
    }
    let name = exe
        .get_attr("name", eval.heap())
        .ok()
        .flatten()
        .and_then(|v| v.unpack_str().map(str::to_string))
        .ok_or_else(|| CheckError::invalid("this PythonExecutable has no `name`"))?;
    let target = registry(eval).ok().and_then(|reg| {
        reg.targets.borrow().iter().find(|t| t.resolved.is_some_and(|v| v.ptr_eq(exe))).map(|t| t.name.clone())
    });
    Ok((name, target))
}

/// The file name of executable `name` on `triple` (`.exe` on Windows).
pub fn exe_file_name(name: &str, triple: &str) -> String {
    if triple.contains("windows") {
        format!("{name}.exe")
    } else {
        name.to_string()
    }
}

/// Adds the executable `exe` to `manifest` at `PREFIX/<name>` (`"."`: at
/// the top) and makes it the manifest's run path.
pub fn add_executable<'v>(
    manifest: &FileManifest,
    prefix: &str,
    exe: Value<'v>,
    eval: &mut Evaluator<'v, '_, '_>,
) -> starlark::Result<()> {
    let (name, target) = exe_name_and_target(exe, eval)?;
    let file = exe_file_name(&name, &context(eval)?.options.target_triple);
    let path = if prefix == "." || prefix.is_empty() { file } else { format!("{prefix}/{file}") };
    let mut data = manifest.lock();
    data.add(&path, InstallEntry::Executable { name, target })?;
    data.run_path = Some(frost_runtime::manifest::normalize_destination(&path));
    Ok(())
}

/// `exe.to_file_manifest(prefix)`: a new `FileManifest` holding the executable.
pub fn file_manifest_with_exe<'v>(
    eval: &mut Evaluator<'v, '_, '_>,
    exe: Value<'v>,
    prefix: &str,
) -> starlark::Result<Value<'v>> {
    let manifest = FileManifest::new(ManifestData::default());
    add_executable(&manifest, prefix, exe, eval)?;
    Ok(eval.heap().alloc(manifest))
}

/// `exe.to_wix_msi_builder(id_prefix, product_name, product_version,
/// product_manufacturer)`: an MSI for the target triple's architecture
/// installing the executable's manifest (`to_file_manifest(".")`).
pub fn wix_msi_builder_for_exe<'v>(
    eval: &mut Evaluator<'v, '_, '_>,
    exe: Value<'v>,
    id_prefix: &str,
    product_name: &str,
    product_version: &str,
    product_manufacturer: &str,
) -> starlark::Result<Value<'v>> {
    let arch = wix_arch_for_triple(&context(eval)?.options.target_triple);
    let msi = new_msi(id_prefix, product_name, product_version, product_manufacturer, arch)?;
    let manifest = FileManifest::new(ManifestData::default());
    add_executable(&manifest, ".", exe, eval)?;
    add_program_files(&msi.state, manifest.data().files);
    Ok(eval.heap().alloc(msi))
}

/// `exe.to_wix_bundle_builder(id_prefix, product_name, product_version,
/// product_manufacturer, msi_builder_callback=None)`: the MSI of
/// [`wix_msi_builder_for_exe`], given to `msi_builder_callback` first, chained in a
/// bundle of the same architecture, with the Visual C++ redistributable for
/// the `i686-`/`x86_64-pc-windows-msvc` triples.
pub fn wix_bundle_builder_for_exe<'v>(
    eval: &mut Evaluator<'v, '_, '_>,
    exe: Value<'v>,
    id_prefix: &str,
    product_name: &str,
    product_version: &str,
    product_manufacturer: &str,
    msi_builder_callback: Option<Value<'v>>,
) -> starlark::Result<Value<'v>> {
    // The caller checked that the callback is a function.
    let callback = msi_builder_callback.filter(|c| !c.is_none());
    let msi = wix_msi_builder_for_exe(eval, exe, id_prefix, product_name, product_version, product_manufacturer)?;
    if let Some(c) = callback {
        eval.eval_function(c, &[msi], &[])?;
    }
    let triple = context(eval)?.options.target_triple.clone();
    let arch = wix_arch_for_triple(&triple);
    let bundle = new_bundle(id_prefix, product_name, product_version, product_manufacturer, arch)?;
    let redist = match triple.as_str() {
        "i686-pc-windows-msvc" => Some("x86"),
        "x86_64-pc-windows-msvc" => Some("x64"),
        _ => None,
    };
    if let Some(platform) = redist {
        add_vc_redistributable(&bundle.state, platform)?;
    }
    let msi_state = WiXMSIBuilder::state_of("the MSI", msi)?;
    add_msi_to_bundle(&bundle.state, msi_state, false, None);
    Ok(eval.heap().alloc(bundle))
}
