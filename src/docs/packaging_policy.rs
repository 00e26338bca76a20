//! The book's packaging policy page, generated from the policy table.
//!
//! `book/src/packaging-policy.md` is the output of [`packaging_policy_page`];
//! `tests/docs.rs` fails when the committed page differs, and
//! `FROST_BLESS=1 cargo test --test docs` rewrites it.

use frost_runtime::add_flags::ADD_ATTRIBUTES;
use frost_runtime::{Attr, EXECUTABLE_ATTRIBUTES, POLICY_ATTRIBUTES};

use super::attributes::attribute_section;

/// Where the page lives, relative to the repository root.
pub const PACKAGING_POLICY_PAGE_PATH: &str = "book/src/packaging-policy.md";

fn table(out: &mut String, attrs: &[Attr]) {
    out.push_str("| attribute | type | default |\n|---|---|---|\n");
    for a in attrs {
        let ty = if a.optional { format!("`{}` or `None`", a.type_name()) } else { format!("`{}`", a.type_name()) };
        out.push_str(&format!("| [`{0}`](#{0}) | {ty} | `{1}` |\n", a.name, a.default_value().to_starlark()));
    }
    out.push('\n');
}

/// The packaging policy page, in Markdown.
pub fn packaging_policy_page() -> String {
    let mut out = String::new();
    out.push_str("<!-- Generated from the packaging tables (runtime/src/packaging_policy.rs, runtime/src/plan.rs) by frost::docs::packaging_policy_page. Do not edit:\n");
    out.push_str("     `FROST_BLESS=1 cargo test --test docs` rewrites this page. -->\n\n");
    out.push_str("# Packaging policy\n\n");
    out.push_str(
        "`dist.make_python_packaging_policy()` returns a `PythonPackagingPolicy`: it\n\
         decides which resources an executable packages and where they go. Pass it\n\
         to `dist.to_python_executable(name = ..., packaging_policy = policy)`.\n\
         Every assignment is checked: a bool attribute takes only `True` or\n\
         `False` (PyOxidizer's truthiness is not copied), a location only\n\
         `\"in-memory\"` or `\"filesystem-relative:PREFIX\"`.\n\n\
         As in PyOxidizer, `to_python_executable` shares the policy's settings\n\
         with the executable (later changes decide the `add_*` defaults of\n\
         resources created later) but copies its resource callbacks and takes the\n\
         allowed locations (`resources_location` and its fallback), `allow_files`\n\
         and the standard library's selection from the policy as it is at that\n\
         call. Configure the policy first. The policy at that call is the\n\
         `packaging.policy` of `frost eval`'s JSON.\n\n\
         `preferred_extension_module_variants` is a read-only dict: change it with\n\
         `policy.set_preferred_extension_module_variant(name, value)`. The methods\n\
         `register_resource_callback(func)` (called as `func(policy, resource)` for\n\
         each resource `read_package_root` or `make_python_module_source` creates)\n\
         and `set_resource_handling_mode(\"classify\" | \"files\")` complete the type.\n\n",
    );
    out.push_str("## Policy attributes\n\n");
    table(&mut out, POLICY_ATTRIBUTES);
    for a in POLICY_ATTRIBUTES {
        out.push_str(&attribute_section(a, "policy"));
    }
    out.push_str("## Executable attributes\n\n");
    out.push_str(
        "The attributes of the `PythonExecutable` itself (not of its interpreter\n\
         config); `packaging.executable` in `frost eval`'s JSON.\n\n",
    );
    table(&mut out, EXECUTABLE_ATTRIBUTES);
    for a in EXECUTABLE_ATTRIBUTES {
        out.push_str(&attribute_section(a, "exe"));
    }
    out.push_str("## Resource attributes\n\n");
    out.push_str(
        "Every resource (`PythonModuleSource`, `PythonPackageResource`,\n\
         `PythonPackageDistributionResource`, `PythonExtensionModule`, `File`)\n\
         carries these; they start as the policy derives them and can be set\n\
         before `exe.add_python_resource(resource)`.\n\n",
    );
    table(&mut out, ADD_ATTRIBUTES);
    for a in ADD_ATTRIBUTES {
        out.push_str(&attribute_section(a, "resource"));
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}
