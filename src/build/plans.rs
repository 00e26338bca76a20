//! `frost build` of the tugger targets that it does not build: a
//! `FileManifest` with `--linked` (it is built as a folder, see
//! `install.rs`), and installers (not built yet), with the reason when this
//! machine could never build them (WiX off Windows, Apple bundles off macOS).

use frost_runtime::installer::BuildHost;

use crate::lower::manifest::TargetPlan;

/// Why `frost build` does not build target `name`, in one sentence.
pub fn not_buildable(name: &str, plan: &TargetPlan) -> String {
    not_buildable_on(name, plan, std::env::consts::OS)
}

/// [`not_buildable`] for a machine running `os` (`std::env::consts::OS`).
pub fn not_buildable_on(name: &str, plan: &TargetPlan, os: &str) -> String {
    match plan {
        TargetPlan::Manifest(_) => format!(
            "target `{name}` is a FileManifest, which frost builds as a folder of self-contained executables \
             and files, never as one linked executable; drop --linked"
        ),
        TargetPlan::Installer(p) => {
            let host = p.body.build_host;
            if host.allows(os) {
                format!(
                    "target `{name}` is a {}, and frost does not build installers yet; \
                     `frost eval --target {name}` prints its plan",
                    p.body.installer_type
                )
            } else {
                format!("target `{name}` is a {} and cannot be built here: {}", p.body.installer_type, needs(host))
            }
        }
    }
}

/// What an installer kind needs, in words.
pub fn needs(host: BuildHost) -> String {
    match host {
        BuildHost::Windows => "WiX needs Windows".to_string(),
        BuildHost::Macos => "Apple bundles and universal binaries need macOS".to_string(),
        BuildHost::Linux => "snapcraft needs Linux".to_string(),
        BuildHost::Any => "nothing is missing".to_string(),
    }
}
