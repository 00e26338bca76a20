//! The tugger half of PyOxidizer's globals: file manifests, installers,
//! snaps, wheels, code signers and prompts.
//!
//! Prompts are hermetic: frost never asks. `can_prompt()` is `False`;
//! `prompt_*` return their `default` when one is given, and otherwise fail
//! with a message naming `--var` as the way to pass the answer.

use frost_runtime::manifest::InstallEntry;
use starlark::environment::GlobalsBuilder;
use starlark::eval::Evaluator;
use starlark::starlark_module;
use starlark::values::list::ListRef;
use starlark::values::none::{NoneOr, NoneType};
use starlark::values::Value;
use starlark::values::ValueLike;

use super::globals::context;
use super::types::code_signing::{check_store, from_pfx_file, CodeSigner, EnvironmentContext, TuggerContext};
use super::types::fields::{wrong, CheckError};
use super::types::file_content::{check_filename, FileContent, FileContentData};
use super::types::file_manifest::{FileManifest, ManifestData};
use super::types::local_files::{absolute, glob as glob_files, read_file};
use super::types::{macos, snap, wheel, wix};

/// Registers the tugger globals and values.
pub(crate) fn tugger_globals(builder: &mut GlobalsBuilder) {
    tugger_functions(builder);
    builder.set("CONTEXT", EnvironmentContext);
    builder.set("BUILD_CONTEXT", EnvironmentContext);
    builder.set("TUGGER_CONTEXT", TuggerContext);
}

fn str_list<'v>(what: &str, v: Value<'v>) -> Result<Vec<&'v str>, CheckError> {
    let list = ListRef::from_value(v).ok_or_else(|| wrong(what, "a list of strings", v))?;
    list.iter()
        .enumerate()
        .map(|(i, item)| {
            item.unpack_str().ok_or_else(|| {
                CheckError::invalid(format!(
                    "{what} must be a list of strings; item {i} is {} {}",
                    item.get_type(),
                    item.to_repr()
                ))
            })
        })
        .collect()
}

fn no_prompt(function: &str, prompt: &str) -> starlark::Error {
    CheckError::invalid(format!(
        "{function}(\"{prompt}\") would ask a question, and frost never prompts: give it a `default`, \
         or pass the answer on the command line with `--var NAME VALUE` and read it with `VARS.get(\"NAME\")`"
    ))
    .into()
}

#[starlark_module]
fn tugger_functions(builder: &mut GlobalsBuilder) {
    /// A `FileManifest` of the regular files matching the `include`
    /// patterns (relative to `CWD`) but none of the `exclude` ones. Each is
    /// installed at its absolute path with `strip_prefix` removed; frost
    /// requires the result to be relative, so `strip_prefix` is needed in
    /// practice (e.g. `CWD + "/"`). Only files inside the root folder match.
    fn glob<'v>(
        include: Value<'v>,
        #[starlark(default = NoneOr::None)] exclude: NoneOr<Value<'v>>,
        #[starlark(default = NoneOr::None)] strip_prefix: NoneOr<&str>,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> starlark::Result<FileManifest> {
        let ctx = context(eval)?;
        let mut matched = std::collections::BTreeMap::new();
        for pattern in str_list("`include`", include)? {
            glob_files(&ctx.cwd, &ctx.root, pattern, &mut matched)?;
        }
        if let Some(exclude) = exclude.into_option() {
            let mut excluded = std::collections::BTreeMap::new();
            for pattern in str_list("`exclude`", exclude)? {
                glob_files(&ctx.cwd, &ctx.root, pattern, &mut excluded)?;
            }
            matched.retain(|k, _| !excluded.contains_key(k));
        }
        let mut data = ManifestData::default();
        for (path, file) in matched {
            let dest = match strip_prefix.into_option() {
                Some(prefix) => path
                    .strip_prefix(prefix)
                    .map_err(|_| CheckError::invalid(format!("glob(): `strip_prefix` \"{prefix}\" is not a leading part of {} (prefix not found; matches are absolute paths)", crate::language::display_path(&path))))?
                    .to_string_lossy()
                    .into_owned(),
                None => path.to_string_lossy().into_owned(),
            };
            data.add(
                &dest,
                InstallEntry::File { source: file.path.display().to_string(), executable: file.executable },
            )?;
        }
        Ok(FileManifest::new(data))
    }

    /// Sets the build path (relative to `CWD`). frost records it; `frost
    /// build` writes to its `--out-dir`.
    fn set_build_path<'v>(path: &str, eval: &mut Evaluator<'v, '_, '_>) -> starlark::Result<NoneType> {
        let ctx = context(eval)?;
        *ctx.build_path.borrow_mut() = Some(absolute(&ctx.cwd, path));
        Ok(NoneType)
    }

    /// An empty `FileManifest`.
    fn FileManifest() -> starlark::Result<FileManifest> {
        Ok(FileManifest::default())
    }

    /// A file's content: from `path` (relative to `CWD`; it must exist) or
    /// `content` (exactly one), named `filename` (default: the path's last
    /// component; required with `content`), executable as `executable`
    /// (default: the file's mode, or False for `content`).
    fn FileContent<'v>(
        #[starlark(default = NoneOr::None)] path: NoneOr<&str>,
        #[starlark(default = NoneOr::None)] filename: NoneOr<&str>,
        #[starlark(default = NoneOr::None)] content: NoneOr<&str>,
        #[starlark(default = NoneOr::None)] executable: NoneOr<bool>,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> starlark::Result<FileContent> {
        if let Some(name) = filename.into_option() {
            check_filename(name)?;
        }
        let executable = executable.into_option();
        let data = match (path.into_option(), content.into_option()) {
            (Some(_), Some(_)) => {
                return Err(CheckError::invalid("at most 1 of `path` and `content` arguments can be specified").into())
            }
            (None, None) => {
                return Err(CheckError::invalid("at least 1 of `path` or `content` arguments must be specified").into())
            }
            (Some(path), None) => {
                let ctx = context(eval)?;
                let file = read_file("FileContent()", &ctx.cwd, &ctx.root, path)?;
                let name = match filename.into_option() {
                    Some(n) => n.to_string(),
                    None => absolute(&ctx.cwd, path)
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .ok_or_else(|| CheckError::invalid(format!("unable to resolve file name from path {path}")))?,
                };
                FileContentData {
                    filename: name,
                    entry: InstallEntry::File {
                        source: file.path.display().to_string(),
                        executable: executable.unwrap_or(file.executable),
                    },
                }
            }
            (None, Some(content)) => {
                let Some(name) = filename.into_option() else {
                    return Err(CheckError::invalid("filename argument is required when content is specified").into());
                };
                FileContentData {
                    filename: name.to_string(),
                    entry: InstallEntry::Content {
                        content: content.to_string(),
                        executable: executable.unwrap_or(false),
                    },
                }
            }
        };
        Ok(FileContent::new(data))
    }

    /// An MSI installer (`arch`: `x86`, `x64` or `arm64`).
    fn WiXMSIBuilder(
        id_prefix: &str,
        product_name: &str,
        product_version: &str,
        product_manufacturer: &str,
        #[starlark(default = "x64")] arch: &str,
    ) -> starlark::Result<wix::WiXMSIBuilder> {
        Ok(wix::new_msi(id_prefix, product_name, product_version, product_manufacturer, arch)?)
    }

    /// An .exe bundle of MSIs (`arch`: `x86`, `x64` or `arm64`).
    fn WiXBundleBuilder(
        id_prefix: &str,
        name: &str,
        version: &str,
        manufacturer: &str,
        #[starlark(default = "x64")] arch: &str,
    ) -> starlark::Result<wix::WiXBundleBuilder> {
        Ok(wix::new_bundle(id_prefix, name, version, manufacturer, arch)?)
    }

    /// An installer built from .wxs files, written as `filename`.
    fn WiXInstaller(
        id: &str,
        filename: &str,
        #[starlark(default = "x64")] arch: &str,
    ) -> starlark::Result<wix::WiXInstaller> {
        Ok(wix::new_installer(id, filename, arch)?)
    }

    /// A macOS application bundle, `<bundle_name>.app`.
    fn MacOsApplicationBundleBuilder(bundle_name: &str) -> starlark::Result<macos::MacOsApplicationBundleBuilder> {
        Ok(macos::new_bundle(bundle_name)?)
    }

    /// A universal Mach-O binary named `filename`.
    fn AppleUniversalBinary(filename: &str) -> starlark::Result<macos::AppleUniversalBinary> {
        Ok(macos::new_universal(filename)?)
    }

    /// A wheel of `distribution` at `version`.
    fn PythonWheelBuilder(distribution: &str, version: &str) -> starlark::Result<wheel::PythonWheelBuilder> {
        Ok(wheel::new_wheel(distribution, version))
    }

    /// A snap's `snapcraft.yaml`.
    fn Snap(name: &str, version: &str, summary: &str, description: &str) -> starlark::Result<snap::Snap> {
        let s = snap::Snap::new();
        for (k, v) in [("name", name), ("version", version), ("summary", summary), ("description", description)] {
            s.record.put(k, serde_json::json!(v));
        }
        Ok(s)
    }

    /// An app of a snap.
    fn SnapApp() -> starlark::Result<snap::SnapApp> {
        Ok(snap::SnapApp::new())
    }

    /// A part of a snap.
    fn SnapPart() -> starlark::Result<snap::SnapPart> {
        Ok(snap::SnapPart::new())
    }

    /// The snapcraft runs that build `snap` (as it is now).
    fn SnapcraftBuilder<'v>(snap: Value<'v>) -> starlark::Result<snap::SnapcraftBuilder> {
        let s = snap.downcast_ref::<snap::Snap>().ok_or_else(|| wrong("`snap`", "a Snap", snap))?;
        Ok(snap::new_builder(s))
    }

    /// A code signer using the certificate in the PFX file at `path`
    /// (relative to `CWD`; it must exist).
    fn code_signer_from_pfx_file<'v>(
        path: &str,
        password: &str,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> starlark::Result<CodeSigner> {
        from_pfx_file(path, password, eval)
    }

    /// A code signer using the certificate with this SHA-1 thumbprint in a
    /// Windows store (`my`, `root`, `trust`, `ca` or `userds`).
    fn code_signer_from_windows_store_sha1_thumbprint(
        thumbprint: &str,
        #[starlark(default = "my")] store: &str,
    ) -> starlark::Result<CodeSigner> {
        let store = check_store(store)?;
        Ok(CodeSigner::new(serde_json::json!({"windows_store": store, "sha1_thumbprint": thumbprint})))
    }

    /// A code signer using the certificate with this subject in a Windows store.
    fn code_signer_from_windows_store_subject(
        subject: &str,
        #[starlark(default = "my")] store: &str,
    ) -> starlark::Result<CodeSigner> {
        let store = check_store(store)?;
        Ok(CodeSigner::new(serde_json::json!({"windows_store": store, "subject": subject})))
    }

    /// A code signer using the first code-signing certificate Windows finds.
    fn code_signer_from_windows_store_auto() -> starlark::Result<CodeSigner> {
        Ok(CodeSigner::new(serde_json::json!({"windows_store": "auto"})))
    }

    /// Always `False`: frost never prompts.
    fn can_prompt() -> starlark::Result<bool> {
        Ok(false)
    }

    /// Returns `default` (a bool); without one it is an error naming `--var`.
    fn prompt_confirm<'v>(
        prompt: &str,
        #[starlark(default = NoneOr::None)] default: NoneOr<bool>,
    ) -> starlark::Result<bool> {
        default.into_option().ok_or_else(|| no_prompt("prompt_confirm", prompt))
    }

    /// Returns `default` (a string); without one it is an error naming `--var`.
    fn prompt_input<'v>(
        prompt: &str,
        #[starlark(default = NoneOr::None)] default: NoneOr<&str>,
    ) -> starlark::Result<String> {
        default.into_option().map(str::to_string).ok_or_else(|| no_prompt("prompt_input", prompt))
    }

    /// Returns `default` (a string); without one it is an error naming `--var`.
    fn prompt_password<'v>(
        prompt: &str,
        #[starlark(default = false)] confirm: bool,
        #[starlark(default = NoneOr::None)] default: NoneOr<&str>,
    ) -> starlark::Result<String> {
        let _ = confirm;
        default.into_option().map(str::to_string).ok_or_else(|| no_prompt("prompt_password", prompt))
    }
}
