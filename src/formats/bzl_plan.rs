//! `frost export` of the packaging plan: the policy's and the executable's
//! attributes become assignments; what a config file cannot recreate
//! faithfully (resources, recorded actions) is refused, never dropped.

use frost_runtime::attr::starlark_string;
use frost_runtime::{PackagingPlan, PackagingPolicy, EXECUTABLE_ATTRIBUTES, POLICY_ATTRIBUTES};

use super::bzl::assignment;

/// Why `plan` cannot be written as a config file, if it cannot.
pub(crate) fn check_plan(plan: &PackagingPlan) -> Result<(), String> {
    if let Some(r) = plan.resources.first() {
        return Err(format!(
            "it adds {} resource(s) (the first: {} `{}`), which come from reading files or from code a config \
             file cannot be rebuilt from; export the config without them and add them in the config",
            plan.resources.len(),
            r.kind.type_name(),
            r.name
        ));
    }
    if let Some(a) = plan.actions.first() {
        let kind = serde_json::to_value(&a.what).ok().and_then(|v| v["kind"].as_str().map(str::to_string));
        return Err(format!(
            "it records {} action(s) (the first: `{}`), which `frost export` cannot write back faithfully \
             (their call sites and the policy at each call); keep the config file they came from",
            plan.actions.len(),
            kind.unwrap_or_default()
        ));
    }
    Ok(())
}

/// The lines making `policy` as the plan has it: the policy attributes that
/// differ from `make_python_packaging_policy()`'s defaults for `triple`,
/// then the preferred extension module variants.
pub(crate) fn policy_lines(plan: &PackagingPlan, triple: &str) -> String {
    let mut out = String::from("    policy = dist.make_python_packaging_policy()\n");
    let defaults = PackagingPolicy::for_target(triple);
    for attr in POLICY_ATTRIBUTES {
        let value = plan.policy.policy.get(attr.name).expect("every table row is a field");
        if Some(&value) != defaults.get(attr.name).as_ref() {
            out.push_str(&assignment("policy", attr.name, &value));
        }
    }
    for (name, value) in &plan.policy.preferred_extension_module_variants {
        out.push_str(&format!(
            "    policy.set_preferred_extension_module_variant({}, {})\n",
            starlark_string(name),
            starlark_string(value)
        ));
    }
    out
}

/// The assignments of the executable's attributes that differ from the defaults.
pub(crate) fn executable_lines(plan: &PackagingPlan) -> String {
    let mut out = String::new();
    for attr in EXECUTABLE_ATTRIBUTES {
        let value = plan.executable.get(attr.name).expect("every table row is a field");
        if value != attr.default_value() {
            out.push_str(&assignment("exe", attr.name, &value));
        }
    }
    out
}
