//! Rules over the targets that are not executables: file manifests and
//! installers.

use super::super::rule::{declare_rules, Rule};
use crate::build::plans::needs;
use crate::lower::manifest::TargetPlan;

declare_rules! { Config;
    /// ### What it finds
    /// An installer target that this machine cannot build: a WiX installer
    /// (`WiXMSIBuilder`, `WiXBundleBuilder`, `WiXInstaller`) anywhere but on
    /// Windows, an Apple bundle or universal binary anywhere but on macOS, a
    /// snap anywhere but on Linux.
    ///
    /// ### Why it matters
    /// Nothing is wrong with the config: it evaluates, and `frost eval
    /// --target NAME` prints the installer's plan. But `frost build` of the
    /// target on this machine is refused, so build it in CI on the right
    /// system. A note never changes `frost check`'s exit code.
    ///
    /// ### Example
    /// ```python
    /// register_target("msi", make_msi)   # checked on Linux
    /// ```
    ///
    /// ### Fix
    /// Nothing to fix; build the target on the system the message names.
    INSTALLER_NOT_BUILDABLE_HERE = "installer-not-buildable-here", Note, "An installer target that cannot be built on this machine (WiX needs Windows; Apple bundles need macOS).";
}

/// The note for target `name` lowered to `plan`, on a machine running `os`.
pub fn finding(name: &str, plan: &TargetPlan, os: &str) -> Option<(&'static Rule, String)> {
    let TargetPlan::Installer(p) = plan else { return None };
    let host = p.body.build_host;
    (!host.allows(os)).then(|| {
        (
            INSTALLER_NOT_BUILDABLE_HERE,
            format!(
                "target `{name}` is a {}: {}, so it cannot be built on this machine ({os})",
                p.body.installer_type,
                needs(host)
            ),
        )
    })
}
