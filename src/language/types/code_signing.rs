//! `CodeSigner` (from the `code_signer_from_*` globals), and the opaque
//! context values `CONTEXT`, `BUILD_CONTEXT` and `TUGGER_CONTEXT`.
//!
//! frost records a signer's settings; it does not sign yet (signing happens
//! when files are built, and `frost build` of installers is not built), and
//! it never calls a signing callback while evaluating.

use std::fmt;
use std::sync::Mutex;

use allocative::Allocative;
use serde_json::{json, Value as Json};
use starlark::any::ProvidesStaticType;
use starlark::environment::{Methods, MethodsBuilder};
use starlark::eval::Evaluator;
use starlark::values::none::NoneType;
use starlark::values::ValueLike;
use starlark::values::{starlark_value, NoSerialize, StarlarkValue, Value};
use starlark::{starlark_module, starlark_simple_value};

use super::fields::{wrong, CheckError};
use super::local_files::read_file;
use crate::language::globals::context;

/// The Windows certificate stores a signer can read.
pub const STORES: &[&str] = &["my", "root", "trust", "ca", "userds"];

/// A code signer's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct SignerData {
    /// Where the certificate comes from, and how it is found.
    pub source: Json,
    /// Whether `activate()` was called.
    pub activated: bool,
    /// The time-stamp server URL.
    pub time_stamp_server: Option<String>,
    /// PEM files of issuer certificates to chain.
    pub chain_pem_files: Vec<String>,
    /// Whether the macOS keychain's issuer certificates are chained.
    pub chain_macos_keychain: bool,
    /// Whether a signing callback was set.
    pub has_callback: bool,
}

/// The Starlark `CodeSigner`.
#[derive(Debug, ProvidesStaticType, NoSerialize, Allocative)]
pub struct CodeSigner {
    #[allocative(skip)]
    data: Mutex<SignerData>,
}

starlark_simple_value!(CodeSigner);

impl CodeSigner {
    /// A signer whose certificate comes from `source`.
    pub fn new(source: Json) -> Self {
        CodeSigner {
            data: Mutex::new(SignerData {
                source,
                activated: false,
                time_stamp_server: None,
                chain_pem_files: Vec::new(),
                chain_macos_keychain: false,
                has_callback: false,
            }),
        }
    }

    /// A copy of its settings.
    pub fn data(&self) -> SignerData {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, SignerData> {
        self.data.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A Windows store name, checked case-insensitively and returned lower-case.
pub fn check_store(store: &str) -> Result<String, CheckError> {
    let lower = store.to_ascii_lowercase();
    if STORES.contains(&lower.as_str()) {
        Ok(lower)
    } else {
        Err(CheckError::invalid(format!(
            "{store} is not a valid system store value; it must be one of {}",
            frost_runtime::attr::quoted_list(STORES)
        )))
    }
}

/// `code_signer_from_pfx_file(path, password)`: the PFX file must exist
/// (relative to `CWD`). frost does not decrypt it while evaluating.
pub fn from_pfx_file<'v>(path: &str, password: &str, eval: &mut Evaluator<'v, '_, '_>) -> starlark::Result<CodeSigner> {
    let _ = password;
    let ctx = context(eval)?;
    let file = read_file("code_signer_from_pfx_file()", &ctx.cwd, &ctx.root, path)?;
    Ok(CodeSigner::new(json!({"pfx_file": file.path.display().to_string()})))
}

impl fmt::Display for CodeSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CodeSigner({})", self.lock().source)
    }
}

#[starlark_value(type = "CodeSigner")]
impl<'v> StarlarkValue<'v> for CodeSigner {
    fn get_methods() -> Option<&'static Methods> {
        starlark::methods_static!(RES = signer_methods);
        Some(RES.methods())
    }
}

fn this(v: Value<'_>) -> &CodeSigner {
    v.downcast_ref::<CodeSigner>().expect("a method of CodeSigner")
}

#[starlark_module]
fn signer_methods(builder: &mut MethodsBuilder) {
    /// Makes the signer one of those consulted, in activation order, when
    /// frost signs files.
    fn activate<'v>(#[starlark(this)] this_: Value<'v>) -> starlark::Result<NoneType> {
        this(this_).lock().activated = true;
        Ok(NoneType)
    }

    /// Chains the issuer certificates in the PEM file at `path` (relative to `CWD`; it must exist).
    fn chain_issuer_certificates_pem_file<'v>(
        #[starlark(this)] this_: Value<'v>,
        path: &str,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> starlark::Result<NoneType> {
        let ctx = context(eval)?;
        let file = read_file("CodeSigner.chain_issuer_certificates_pem_file()", &ctx.cwd, &ctx.root, path)?;
        this(this_).lock().chain_pem_files.push(file.path.display().to_string());
        Ok(NoneType)
    }

    /// Chains the issuer certificates of the macOS keychain.
    fn chain_issuer_certificates_macos_keychain<'v>(#[starlark(this)] this_: Value<'v>) -> starlark::Result<NoneType> {
        this(this_).lock().chain_macos_keychain = true;
        Ok(NoneType)
    }

    /// Time-stamps signatures with the server at `url`.
    fn set_time_stamp_server<'v>(#[starlark(this)] this_: Value<'v>, url: &str) -> starlark::Result<NoneType> {
        this(this_).lock().time_stamp_server = Some(url.to_string());
        Ok(NoneType)
    }

    /// Sets the function asked before each signing (`func(request)`). frost
    /// checks it is a function; it is never called while evaluating.
    fn set_signing_callback<'v>(#[starlark(this)] this_: Value<'v>, func: Value<'v>) -> starlark::Result<NoneType> {
        if func.get_type() != "function" {
            return Err(wrong("`func`", "a function", func).into());
        }
        this(this_).lock().has_callback = true;
        Ok(NoneType)
    }
}

macro_rules! opaque {
    ($(#[doc = $doc:literal])* $name:ident, $type_name:literal) => {
        $(#[doc = $doc])*
        #[derive(Debug, ProvidesStaticType, NoSerialize, Allocative)]
        pub struct $name;

        starlark_simple_value!($name);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str($type_name)
            }
        }

        #[starlark_value(type = $type_name)]
        impl<'v> StarlarkValue<'v> for $name {}
    };
}

opaque! {
    /// `CONTEXT` and `BUILD_CONTEXT`: PyOxidizer's internal contexts, opaque.
    EnvironmentContext, "EnvironmentContext"
}
opaque! {
    /// `TUGGER_CONTEXT`: tugger's internal context, opaque.
    TuggerContext, "TuggerContext"
}
