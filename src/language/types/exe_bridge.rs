//! Where `PythonExecutable` meets the installer types (`FileManifest`,
//! `WiXMSIBuilder`, `WiXBundleBuilder`), which live in their own modules.
//!
//! Each function takes the executable value (a `PythonExecutable`, live or
//! frozen: read it with [`super::exe_of`]) and the method's checked
//! arguments, and returns the new installer value. In a build without the
//! installer types they fail with an error that says so.

use starlark::eval::Evaluator;
use starlark::values::Value;

use crate::language::errors::other_error;

fn not_available(method: &str) -> starlark::Error {
    other_error(format!("`{method}` is not available in this build of frost"))
}

/// `exe.to_file_manifest(prefix)`: a `FileManifest` holding the executable
/// under `prefix` (`"."` means no prefix).
pub fn exe_to_file_manifest<'v>(
    _eval: &mut Evaluator<'v, '_, '_>,
    _exe: Value<'v>,
    _prefix: &str,
) -> starlark::Result<Value<'v>> {
    Err(not_available("to_file_manifest"))
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
    _eval: &mut Evaluator<'v, '_, '_>,
    _exe: Value<'v>,
    _product: WixProduct<'_>,
) -> starlark::Result<Value<'v>> {
    Err(not_available("to_wix_msi_builder"))
}

/// `exe.to_wix_bundle_builder(...)`: a `WiXBundleBuilder` chaining the MSI of
/// [`exe_to_wix_msi_builder`], after `msi_builder_callback(msi)` when given.
pub fn exe_to_wix_bundle_builder<'v>(
    _eval: &mut Evaluator<'v, '_, '_>,
    _exe: Value<'v>,
    _product: WixProduct<'_>,
    _msi_builder_callback: Option<Value<'v>>,
) -> starlark::Result<Value<'v>> {
    Err(not_available("to_wix_bundle_builder"))
}
