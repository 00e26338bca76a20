//! What the server knows about the config language: the globals with their
//! signatures and docs, each type's attributes and methods, and the
//! standard library. Built once, from the same tables the evaluation and the
//! book use.

use std::sync::OnceLock;

use frost_runtime::add_flags::ADD_ATTRIBUTES;
use frost_runtime::{Attr, Kind, ATTRIBUTES, EXECUTABLE_ATTRIBUTES, POLICY_ATTRIBUTES};
use starlark::environment::Methods;
use starlark::values::StarlarkValue;

use super::sources::{extract, FnDoc};
use crate::language::types::fields::{Field, FieldKind, Table};
use crate::language::types::{
    code_signing, file_content, file_manifest, macos, snap, wheel, wix, PythonDistribution, PythonExecutable,
    PythonInterpreterConfig, PythonPackagingPolicy,
};

/// The Rust sources whose `#[starlark_module]`s declare the globals.
const GLOBAL_SOURCES: &[&str] =
    &[include_str!("../language/globals.rs"), include_str!("../language/tugger_globals.rs")];

/// A type of the config language.
pub struct TypeInfo {
    /// Its Starlark name.
    pub name: &'static str,
    /// Its checked attributes, from frost-runtime's tables.
    pub attrs: &'static [Attr],
    /// Its checked attributes, from a tugger table.
    pub fields: &'static [Field],
    /// Its methods, with docs and parameters.
    pub methods: Vec<FnDoc>,
    /// Calls whose result has this type (`make_python_interpreter_config(`).
    pub made_by: &'static [&'static str],
    /// Variable names that conventionally hold it, when no assignment says.
    pub names: &'static [&'static str],
    /// The variable the book's examples use for it.
    pub receiver: &'static str,
}

/// An attribute of a type: a frost-runtime row or a tugger field.
#[derive(Clone, Copy)]
pub enum AttrRef {
    /// A row of frost-runtime's tables.
    Attr(&'static Attr),
    /// A field of a tugger table.
    Field(&'static Field),
}

impl AttrRef {
    /// Its name.
    pub fn name(&self) -> &'static str {
        match self {
            AttrRef::Attr(a) => a.name,
            AttrRef::Field(f) => f.name,
        }
    }

    /// The strings it accepts, for completion inside a string: whole values,
    /// or prefixes that need more (`"filesystem-relative:"`).
    pub fn string_values(&self) -> Vec<&'static str> {
        match self {
            AttrRef::Attr(a) => match a.kind {
                Kind::Enum(values) => values.to_vec(),
                Kind::Terminfo => vec!["dynamic", "none", "static:"],
                Kind::Location => vec!["in-memory", "filesystem-relative:"],
                Kind::LoadMode => vec!["none", "embedded:", "binary-relative-memory-mapped:"],
                _ => Vec::new(),
            },
            AttrRef::Field(f) => match f.kind {
                FieldKind::Enum(values) => values.to_vec(),
                _ => Vec::new(),
            },
        }
    }

    /// One line: its type and default.
    pub fn detail(&self) -> String {
        match self {
            AttrRef::Attr(a) => {
                let ty = if a.optional { format!("{} or None", a.type_name()) } else { a.type_name().to_string() };
                format!("{ty} = {}", a.default_value().to_starlark())
            }
            AttrRef::Field(f) => {
                let default = (f.default)();
                let default = if default.is_null() { "None".to_string() } else { default.to_string() };
                format!("{} = {default}", f.expected())
            }
        }
    }

    /// Its documentation in Markdown: for a frost-runtime row, the section
    /// the book's reference has, with its type first.
    pub fn markdown(&self, ty: &TypeInfo) -> String {
        match self {
            AttrRef::Attr(a) => {
                let kind =
                    if a.optional { format!("`{}` or `None`", a.type_name()) } else { format!("`{}`", a.type_name()) };
                let section = crate::docs::attribute_section(a, ty.receiver);
                let body = section.split_once("\n\n").map_or(section.as_str(), |(_, b)| b).trim_end();
                format!("`{}.{}`: {kind} (`{}`)\n\n{body}", ty.receiver, a.name, ty.name)
            }
            AttrRef::Field(f) => {
                let default = (f.default)();
                let default = if default.is_null() { "None".to_string() } else { default.to_string() };
                format!(
                    "`{}.{}` (`{}`)\n\n{}\n\n- accepts: {}\n- default: `{default}`",
                    ty.receiver,
                    f.name,
                    ty.name,
                    f.doc,
                    f.expected()
                )
            }
        }
    }
}

impl TypeInfo {
    /// Its attributes, in table order.
    pub fn attributes(&self) -> impl Iterator<Item = AttrRef> + '_ {
        self.attrs.iter().map(AttrRef::Attr).chain(self.fields.iter().map(AttrRef::Field))
    }

    /// The attribute `name`.
    pub fn attribute(&self, name: &str) -> Option<AttrRef> {
        self.attributes().find(|a| a.name() == name)
    }

    /// The method `name`.
    pub fn method(&self, name: &str) -> Option<&FnDoc> {
        self.methods.iter().find(|m| m.name == name)
    }
}

/// Everything known, built once.
pub struct Catalog {
    /// Every type, the interpreter config first.
    pub types: Vec<TypeInfo>,
    /// Every global function and value, by name, with its doc when frost
    /// declares it (starlark's own built-ins have none).
    pub globals: Vec<FnDoc>,
}

impl Catalog {
    /// The type `name`.
    pub fn type_named(&self, name: &str) -> Option<&TypeInfo> {
        self.types.iter().find(|t| t.name == name)
    }

    /// The global `name`.
    pub fn global(&self, name: &str) -> Option<&FnDoc> {
        self.globals.iter().find(|g| g.name == name)
    }

    /// The first type with an attribute `name`, with it: for a receiver
    /// whose type is not known.
    pub fn any_attribute(&self, name: &str) -> Option<(&TypeInfo, AttrRef)> {
        self.types.iter().find_map(|t| t.attribute(name).map(|a| (t, a)))
    }
}

/// The catalog.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(build)
}

fn method_docs(methods: Option<&'static Methods>, sources: &[&str]) -> Vec<FnDoc> {
    let Some(methods) = methods else { return Vec::new() };
    let docs: Vec<FnDoc> = sources.iter().flat_map(|s| extract(s)).collect();
    let mut names: Vec<String> =
        methods.documentation(starlark::typing::Ty::any()).members.keys().map(|k| k.to_string()).collect();
    names.sort();
    names
        .into_iter()
        .map(|name| docs.iter().find(|d| d.name == name).cloned().unwrap_or(FnDoc { name, ..FnDoc::default() }))
        .collect()
}

fn methods_of<'v, T: StarlarkValue<'v>>() -> Option<&'static Methods> {
    T::get_methods()
}

#[allow(clippy::too_many_arguments)]
fn ty(
    name: &'static str,
    attrs: &'static [Attr],
    table: Option<&'static Table>,
    methods: Option<&'static Methods>,
    sources: &[&str],
    made_by: &'static [&'static str],
    names: &'static [&'static str],
    receiver: &'static str,
) -> TypeInfo {
    TypeInfo {
        name,
        attrs,
        fields: table.map_or(&[], |t| t.fields),
        methods: method_docs(methods, sources),
        made_by,
        names,
        receiver,
    }
}

fn build() -> Catalog {
    const CONFIG_SRC: &str = include_str!("../language/types/interpreter_config.rs");
    const POLICY_SRC: &str = include_str!("../language/types/packaging_policy.rs");
    const EXE_SRC: &[&str] = &[
        include_str!("../language/types/executable_methods.rs"),
        include_str!("../language/types/executable.rs"),
        include_str!("../language/types/exe_bridge_tugger.rs"),
    ];
    const DIST_SRC: &str = include_str!("../language/types/distribution.rs");
    const MANIFEST_SRC: &str = include_str!("../language/types/file_manifest.rs");
    const CONTENT_SRC: &str = include_str!("../language/types/file_content.rs");
    const INSTALLER_SRC: &[&str] = &[
        include_str!("../language/types/installer_base.rs"),
        include_str!("../language/types/wix.rs"),
        include_str!("../language/types/macos.rs"),
        include_str!("../language/types/wheel.rs"),
        include_str!("../language/types/snap.rs"),
        include_str!("../language/types/code_signing.rs"),
    ];
    let types = vec![
        ty(
            "PythonInterpreterConfig",
            ATTRIBUTES,
            None,
            methods_of::<PythonInterpreterConfig>(),
            &[CONFIG_SRC],
            &["make_python_interpreter_config(", "PythonInterpreterConfig("],
            &["config", "python_config", "interpreter_config", "cfg"],
            "config",
        ),
        ty(
            "PythonPackagingPolicy",
            POLICY_ATTRIBUTES,
            None,
            methods_of::<PythonPackagingPolicy>(),
            &[POLICY_SRC],
            &["make_python_packaging_policy("],
            &["policy", "packaging_policy"],
            "policy",
        ),
        ty(
            "PythonExecutable",
            EXECUTABLE_ATTRIBUTES,
            None,
            methods_of::<PythonExecutable>(),
            EXE_SRC,
            &["to_python_executable("],
            &["exe", "executable", "python_exe"],
            "exe",
        ),
        ty(
            "PythonDistribution",
            &[],
            None,
            methods_of::<PythonDistribution>(),
            &[DIST_SRC],
            &["default_python_distribution("],
            &["dist", "distribution", "python_dist"],
            "dist",
        ),
        ty(
            "PythonModuleSource",
            ADD_ATTRIBUTES,
            None,
            None,
            &[],
            &["make_python_module_source("],
            &["resource", "r", "res", "module"],
            "resource",
        ),
        ty(
            "FileManifest",
            &[],
            None,
            methods_of::<file_manifest::FileManifest>(),
            &[MANIFEST_SRC],
            &["FileManifest(", "glob(", "to_file_manifest("],
            &["files", "manifest", "m", "file_manifest"],
            "files",
        ),
        ty(
            "FileContent",
            &[],
            None,
            methods_of::<file_content::FileContent>(),
            &[CONTENT_SRC],
            &["FileContent("],
            &["content", "file_content"],
            "content",
        ),
        ty(
            "WiXMSIBuilder",
            &[],
            Some(&wix::MSI_TABLE),
            methods_of::<wix::WiXMSIBuilder>(),
            INSTALLER_SRC,
            &["WiXMSIBuilder(", "to_wix_msi_builder("],
            &["msi", "msi_builder"],
            "msi",
        ),
        ty(
            "WiXBundleBuilder",
            &[],
            Some(&wix::BUNDLE_TABLE),
            methods_of::<wix::WiXBundleBuilder>(),
            INSTALLER_SRC,
            &["WiXBundleBuilder(", "to_wix_bundle_builder("],
            &["bundle", "bundle_builder"],
            "bundle",
        ),
        ty(
            "WiXInstaller",
            &[],
            Some(&wix::INSTALLER_TABLE),
            methods_of::<wix::WiXInstaller>(),
            INSTALLER_SRC,
            &["WiXInstaller("],
            &["installer", "wix"],
            "installer",
        ),
        ty(
            "MacOsApplicationBundleBuilder",
            &[],
            Some(&macos::BUNDLE_TABLE),
            methods_of::<macos::MacOsApplicationBundleBuilder>(),
            INSTALLER_SRC,
            &["MacOsApplicationBundleBuilder("],
            &["app_bundle", "macos_bundle"],
            "app_bundle",
        ),
        ty(
            "AppleUniversalBinary",
            &[],
            Some(&macos::UNIVERSAL_TABLE),
            methods_of::<macos::AppleUniversalBinary>(),
            INSTALLER_SRC,
            &["AppleUniversalBinary("],
            &["universal", "binary"],
            "binary",
        ),
        ty(
            "PythonWheelBuilder",
            &[],
            Some(&wheel::WHEEL_TABLE),
            methods_of::<wheel::PythonWheelBuilder>(),
            INSTALLER_SRC,
            &["PythonWheelBuilder("],
            &["wheel", "builder"],
            "wheel",
        ),
        ty(
            "Snap",
            &[],
            Some(&snap::SNAP_TABLE),
            methods_of::<snap::Snap>(),
            INSTALLER_SRC,
            &["Snap("],
            &["snap"],
            "snap",
        ),
        ty(
            "SnapApp",
            &[],
            Some(&snap::APP_TABLE),
            methods_of::<snap::SnapApp>(),
            INSTALLER_SRC,
            &["SnapApp("],
            &["app", "snap_app"],
            "app",
        ),
        ty(
            "SnapPart",
            &[],
            Some(&snap::PART_TABLE),
            methods_of::<snap::SnapPart>(),
            INSTALLER_SRC,
            &["SnapPart("],
            &["part", "snap_part"],
            "part",
        ),
        ty(
            "SnapcraftBuilder",
            &[],
            Some(&snap::BUILDER_TABLE),
            methods_of::<snap::SnapcraftBuilder>(),
            INSTALLER_SRC,
            &["SnapcraftBuilder("],
            &["snapcraft"],
            "snapcraft",
        ),
        ty(
            "CodeSigner",
            &[],
            None,
            methods_of::<code_signing::CodeSigner>(),
            INSTALLER_SRC,
            &["code_signer_from_"],
            &["signer", "code_signer"],
            "signer",
        ),
    ];
    let declared: Vec<FnDoc> = GLOBAL_SOURCES.iter().flat_map(|s| extract(s)).collect();
    let mut names: Vec<String> = crate::language::globals().names().map(|n| n.as_str().to_string()).collect();
    names.extend(crate::language::MODULE_VALUES.iter().map(|n| n.to_string()));
    names.sort();
    names.dedup();
    let globals = names
        .into_iter()
        .map(|name| declared.iter().find(|d| d.name == name).cloned().unwrap_or(FnDoc { name, ..FnDoc::default() }))
        .collect();
    Catalog { types, globals }
}

/// What the docs say of a module value frost sets (`VARS`, `CWD`...).
pub fn module_value_doc(name: &str) -> Option<&'static str> {
    Some(match name {
        "VARS" => "A dict of the `--var NAME VALUE` and `--var-env NAME ENVVAR` pairs given on the command line.",
        "CWD" => "The config file's folder: the base of relative paths.",
        "CONFIG_PATH" => "The config file's path.",
        "BUILD_TARGET_TRIPLE" => "The triple evaluated for (`--target-triple`; default: this machine's).",
        "CONTEXT" | "BUILD_CONTEXT" | "TUGGER_CONTEXT" => "The build context, as in PyOxidizer.",
        _ => return None,
    })
}

/// A standard-library module's functions: `(name, signature, doc)`.
pub fn stdlib_symbols(module: &str) -> Vec<(String, String, String)> {
    let Some(source) = crate::language::stdlib::module(module) else { return Vec::new() };
    let (_, functions) = crate::language::stdlib::describe(source);
    functions
        .into_iter()
        .map(|f| {
            let name: String = f.signature.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            (name, f.signature, f.doc)
        })
        .collect()
}
