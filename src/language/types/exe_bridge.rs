//! Where `PythonExecutable` meets the installer types (`FileManifest`,
//! `WiXMSIBuilder`, `WiXBundleBuilder`), which live in their own modules.
//!
//! Each function takes the executable value (a `PythonExecutable`, live or
//! frozen: read it with [`super::exe_of`]) and the method's checked
//! arguments, and returns the new installer value, made by
//! [`super::exe_bridge_tugger`].

use starlark::eval::Evaluator;
use starlark::values::Value;

use super::exe_bridge_tugger::{file_manifest_with_exe, wix_bundle_builder_for_exe, wix_msi_builder_for_exe};

/// `exe.to_file_manifest(prefix)`: a `FileManifest` holding the executable
/// under `prefix` (`"."` means no prefix).
pub fn exe_to_file_manifest<'v>(
    eval: &mut Evaluator<'v, '_, '_>,
    exe: Value<'v>,
    prefix: &str,
) -> starlark::Result<Value<'v>> {
    file_manifest_with_exe(eval, exe, prefix)
}

/// The four strings every WiX builder of an executable is made from.
#[derive(Debug, Clone)]
pub struct WixProduct<'a> {
    /// `id_prefix`.
    pub id_prefix: &'a str,
    /// `product_name`.
    pub product_name: &'a str,
    /// `product_version`.
    pub product_version: &'a str,
    /// `product_manufacturer`.
    pub product_manufacturer: &'a str,
}

/// `exe.to_wix_msi_builder(...)`: a `WiXMSIBuilder` whose program files are
/// the executable's file manifest; `arch` from the executable's triple.
pub fn exe_to_wix_msi_builder<'v>(
    eval: &mut Evaluator<'v, '_, '_>,
    exe: Value<'v>,
    p: WixProduct<'_>,
) -> starlark::Result<Value<'v>> {
    wix_msi_builder_for_exe(eval, exe, p.id_prefix, p.product_name, p.product_version, p.product_manufacturer)
}

/// `exe.to_wix_bundle_builder(...)`: a `WiXBundleBuilder` chaining the MSI of
/// [`exe_to_wix_msi_builder`], after `msi_builder_callback(msi)` when given.
pub fn exe_to_wix_bundle_builder<'v>(
    eval: &mut Evaluator<'v, '_, '_>,
    exe: Value<'v>,
    p: WixProduct<'_>,
    msi_builder_callback: Option<Value<'v>>,
) -> starlark::Result<Value<'v>> {
    wix_bundle_builder_for_exe(
        eval,
        exe,
        p.id_prefix,
        p.product_name,
        p.product_version,
        p.product_manufacturer,
        msi_builder_callback,
    )
}
