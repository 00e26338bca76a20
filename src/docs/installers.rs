//! The book's page on file manifests and installers, generated from the
//! tugger types' attribute tables and method lists.

use starlark::environment::Methods;
use starlark::values::StarlarkValue;

use crate::language::types::fields::Table;
use crate::language::types::{code_signing, file_content, file_manifest, macos, snap, wheel, wix};

/// Where the page lives, relative to the repository root.
pub const INSTALLERS_PAGE_PATH: &str = "book/src/installers.md";

/// One type of the page: its name, what it is, its attribute table and its
/// methods.
struct Entry {
    name: &'static str,
    about: &'static str,
    table: Option<&'static Table>,
    methods: Option<&'static Methods>,
}

fn entries() -> Vec<Entry> {
    vec![
        Entry {
            name: "FileManifest",
            about: "A layout of files to install: what `frost build` of a `FileManifest` target will write.",
            table: None,
            methods: <file_manifest::FileManifest as StarlarkValue>::get_methods(),
        },
        Entry {
            name: "FileContent",
            about: "A file's content, from a path or given inline, with a name and an executable bit.",
            table: None,
            methods: <file_content::FileContent as StarlarkValue>::get_methods(),
        },
        Entry {
            name: "WiXMSIBuilder",
            about: "A Windows `.msi` installer.",
            table: Some(&wix::MSI_TABLE),
            methods: <wix::WiXMSIBuilder as StarlarkValue>::get_methods(),
        },
        Entry {
            name: "WiXBundleBuilder",
            about: "A Windows `.exe` bundle chaining MSIs and redistributables.",
            table: Some(&wix::BUNDLE_TABLE),
            methods: <wix::WiXBundleBuilder as StarlarkValue>::get_methods(),
        },
        Entry {
            name: "WiXInstaller",
            about: "A Windows installer built from `.wxs` files.",
            table: Some(&wix::INSTALLER_TABLE),
            methods: <wix::WiXInstaller as StarlarkValue>::get_methods(),
        },
        Entry {
            name: "MacOsApplicationBundleBuilder",
            about: "A macOS `.app` bundle.",
            table: Some(&macos::BUNDLE_TABLE),
            methods: <macos::MacOsApplicationBundleBuilder as StarlarkValue>::get_methods(),
        },
        Entry {
            name: "AppleUniversalBinary",
            about: "A Mach-O binary for several architectures.",
            table: Some(&macos::UNIVERSAL_TABLE),
            methods: <macos::AppleUniversalBinary as StarlarkValue>::get_methods(),
        },
        Entry {
            name: "PythonWheelBuilder",
            about: "A Python wheel.",
            table: Some(&wheel::WHEEL_TABLE),
            methods: <wheel::PythonWheelBuilder as StarlarkValue>::get_methods(),
        },
        Entry {
            name: "Snap",
            about: "A snap's metadata (`snapcraft.yaml`).",
            table: Some(&snap::SNAP_TABLE),
            methods: <snap::Snap as StarlarkValue>::get_methods(),
        },
        Entry {
            name: "SnapApp",
            about: "An app of a snap.",
            table: Some(&snap::APP_TABLE),
            methods: <snap::SnapApp as StarlarkValue>::get_methods(),
        },
        Entry {
            name: "SnapPart",
            about: "A part of a snap.",
            table: Some(&snap::PART_TABLE),
            methods: <snap::SnapPart as StarlarkValue>::get_methods(),
        },
        Entry {
            name: "SnapcraftBuilder",
            about: "The snapcraft runs that build a snap.",
            table: Some(&snap::BUILDER_TABLE),
            methods: <snap::SnapcraftBuilder as StarlarkValue>::get_methods(),
        },
        Entry {
            name: "CodeSigner",
            about: "A code-signing identity (`code_signer_from_*`).",
            table: None,
            methods: <code_signing::CodeSigner as StarlarkValue>::get_methods(),
        },
    ]
}

/// The page, in Markdown.
pub fn installers_page() -> String {
    let mut out = String::new();
    out.push_str("<!-- Generated from the tugger types' tables (src/language/types/) by frost::docs::installers_page. Do not edit:\n");
    out.push_str("     `FROST_BLESS=1 cargo test --test docs` rewrites this page. -->\n\n");
    out.push_str(
        "# File manifests and installers\n\n\
         PyOxidizer's Tugger types evaluate in frost with their names, arguments and\n\
         attributes, checked as the interpreter config is: a wrong type, value or\n\
         name is an error at its line. A `FileManifest` target lowers to its\n\
         install layout and an installer target to its plan (`frost eval --target\n\
         NAME` prints either). Evaluation is hermetic: nothing is written, signed,\n\
         prompted for or built while a config is evaluated, and `frost build` does\n\
         not build these targets yet (it says so; an installer for another\n\
         platform is refused with one sentence, and `frost check` notes it as\n\
         [`installer-not-buildable-here`](lints.md#installer-not-buildable-here)).\n\n",
    );
    for e in entries() {
        out.push_str(&format!("## `{}`\n\n{}\n\n", e.name, e.about));
        if let Some(table) = e.table.filter(|t| !t.fields.is_empty()) {
            out.push_str("| attribute | accepts | default |\n|---|---|---|\n");
            for f in table.fields {
                let default = (f.default)();
                let default = if default.is_null() { "None".to_string() } else { format!("`{default}`") };
                out.push_str(&format!("| `{}` | {} | {} |\n", f.name, f.expected(), default));
            }
            out.push('\n');
            for f in table.fields.iter().filter(|f| !f.doc.is_empty()) {
                out.push_str(&format!("- `{}`: {}\n", f.name, f.doc));
            }
            out.push('\n');
        }
        if let Some(methods) = e.methods {
            let doc = methods.documentation(starlark::typing::Ty::any());
            let mut names: Vec<String> = doc.members.keys().map(|n| format!("`{n}()`")).collect();
            names.sort();
            if !names.is_empty() {
                out.push_str(&format!("Methods: {}.\n\n", names.join(", ")));
            }
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}
