//! The packaging policy table: one row per `PythonPackagingPolicy`
//! attribute, with PyOxidizer 0.24's defaults.
//!
//! The config language checks assignments against these rows, the
//! packaging plan stores the typed struct, and the book's
//! `packaging-policy.md` page is generated from them.
//! `preferred_extension_module_variants` is not a row: it is a read-only
//! dict, changed only by `set_preferred_extension_module_variant`, and it
//! lives in the plan beside the struct ([`crate::plan::PolicyPlan`]).

use crate::attr::Group::Packaging;
use crate::policy::{ExtensionModuleFilter, ResourceLocation};
use crate::table::attr_table;

attr_table! {
    /// A packaging policy: every attribute of the table as a typed field.
    ///
    /// `Default` gives what `dist.make_python_packaging_policy()` starts with
    /// on every target but Windows (see [`PackagingPolicy::for_target`]).
    struct PackagingPolicy;
    owner "PythonPackagingPolicy";
    /// Every packaging policy attribute, in alphabetical order as
    /// PyOxidizer's reference lists them.
    static POLICY_ATTRIBUTES;
    /// The policy row for `name`, or an error suggesting the closest name.
    fn policy_attr;
    rows {
        /// Whether untyped files (`File` resources) may be added to the
        /// executable. Read when `to_python_executable` is called: later
        /// changes do not affect that executable.
        allow_files: bool = false, Packaging;
        /// Whether extension modules may be loaded from memory (only
        /// Windows distributions support it).
        allow_in_memory_shared_library_loading: bool = false, Packaging;
        /// Whether new resources get bytecode at optimization level 0
        /// (`add_bytecode_optimization_level_zero`).
        bytecode_optimize_level_zero: bool = true, Packaging;
        /// Whether new resources get bytecode at optimization level 1
        /// (`add_bytecode_optimization_level_one`).
        bytecode_optimize_level_one: bool = false, Packaging;
        /// Whether new resources get bytecode at optimization level 2
        /// (`add_bytecode_optimization_level_two`).
        bytecode_optimize_level_two: bool = false, Packaging;
        /// Which of the distribution's extension modules are packaged:
        /// `minimal` (only those Python needs to start), `all`,
        /// `no-libraries` (none that links a library beyond the system's) or
        /// `no-copyleft` (none that links a copyleft library).
        extension_module_filter: ExtensionModuleFilter = ExtensionModuleFilter::All, Packaging;
        /// Whether the file scanner classifies files into typed resources
        /// (module sources, package resources, extension modules...).
        file_scanner_classify_files: bool = true, Packaging;
        /// Whether the file scanner emits every file as a `File` resource.
        file_scanner_emit_files: bool = false, Packaging;
        /// Whether classified (typed) resources are included by default
        /// (`add_include` of every resource but `File`).
        include_classified_resources: bool = true, Packaging;
        /// Whether the distribution's module sources are included. As in
        /// PyOxidizer, it also decides `add_include` of every other module
        /// source.
        include_distribution_sources: bool = true, Packaging;
        /// Whether the distribution's package resources (non-module files)
        /// are included.
        include_distribution_resources: bool = false, Packaging;
        /// Whether `File` resources are included by default.
        include_file_resources: bool = false, Packaging;
        /// Whether module sources from outside the distribution keep their
        /// source (`add_source`).
        include_non_distribution_sources: bool = true, Packaging;
        /// Whether test modules and resources are included.
        include_test: bool = false, Packaging;
        /// Where new resources are installed (`add_location`):
        /// `in-memory` or `filesystem-relative:PREFIX`.
        resources_location: ResourceLocation = ResourceLocation::InMemory, Packaging;
        /// Where a resource goes when it cannot go to `resources_location`
        /// (`add_location_fallback`), or `None`. The default is `None`, except
        /// `filesystem-relative:lib` for Windows MSVC targets, whose
        /// distributions can load extension modules from memory.
        resources_location_fallback: Option<ResourceLocation> = None, Packaging;
    }
}

impl PackagingPolicy {
    /// The policy `dist.make_python_packaging_policy()` gives for
    /// `target_triple`: the defaults, with the fallback
    /// `filesystem-relative:lib` on Windows MSVC targets.
    pub fn for_target(target_triple: &str) -> Self {
        let mut policy = PackagingPolicy::default();
        if is_windows_msvc(target_triple) {
            policy.resources_location_fallback = Some(ResourceLocation::FilesystemRelative("lib".into()));
        }
        policy
    }

    /// `set_resource_handling_mode(mode)`: `classify` or `files`, with
    /// PyOxidizer's exact effects. `false` for any other mode.
    pub fn set_resource_handling_mode(&mut self, mode: &str) -> bool {
        let files = match mode {
            "classify" => false,
            "files" => true,
            _ => return false,
        };
        self.file_scanner_emit_files = files;
        self.file_scanner_classify_files = !files;
        self.allow_files = files;
        self.include_file_resources = files;
        self.include_classified_resources = true;
        true
    }
}

/// Whether `triple` is a Windows MSVC target.
pub fn is_windows_msvc(triple: &str) -> bool {
    triple.contains("-pc-windows-msvc")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attr::{Kind, Value};

    #[test]
    fn defaults_are_pyoxidizers() {
        let p = PackagingPolicy::default();
        assert_eq!(POLICY_ATTRIBUTES.len(), 16);
        assert!(p.bytecode_optimize_level_zero && p.include_distribution_sources && !p.allow_files);
        assert_eq!(p.get("extension_module_filter"), Some(Value::Str("all".into())));
        assert_eq!(p.get("resources_location"), Some(Value::Str("in-memory".into())));
        assert_eq!(p.get("resources_location_fallback"), Some(Value::None));
        let w = PackagingPolicy::for_target("x86_64-pc-windows-msvc");
        assert_eq!(w.get("resources_location_fallback"), Some(Value::Str("filesystem-relative:lib".into())));
        assert_eq!(PackagingPolicy::for_target("x86_64-unknown-linux-gnu"), p);
        for a in POLICY_ATTRIBUTES {
            assert_eq!(p.get(a.name), Some(a.default_value()), "{}", a.name);
        }
    }

    #[test]
    fn values_are_checked() {
        let mut p = PackagingPolicy::default();
        let err = p.set("resources_location", Value::Str("on-disk".into())).unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"`resources_location` cannot be "on-disk"; it must be "in-memory" or "filesystem-relative:PREFIX""#
        );
        let err = p.set("include_test", Value::Str("no".into())).unwrap_err();
        assert_eq!(err.to_string(), r#"`include_test` must be a bool (True or False); got string "no""#);
        let err = p.set("allow_file", Value::Bool(true)).unwrap_err();
        assert_eq!(err.to_string(), "PythonPackagingPolicy has no attribute `allow_file`; did you mean `allow_files`?");
        p.set("resources_location_fallback", Value::Str("filesystem-relative:".into())).unwrap();
        assert_eq!(p.resources_location_fallback, Some(ResourceLocation::FilesystemRelative(String::new())));
        p.set("resources_location_fallback", Value::None).unwrap();
        assert!(p.set("resources_location", Value::None).is_err());
        assert_eq!(policy_attr("extension_module_filter").unwrap().kind, Kind::Enum(ExtensionModuleFilter::VALUES));
    }

    #[test]
    fn resource_handling_modes() {
        let mut p = PackagingPolicy::default();
        assert!(p.set_resource_handling_mode("files"));
        assert!(p.file_scanner_emit_files && !p.file_scanner_classify_files && p.allow_files);
        assert!(p.include_file_resources && p.include_classified_resources);
        assert!(p.set_resource_handling_mode("classify"));
        assert!(!p.file_scanner_emit_files && p.file_scanner_classify_files && !p.allow_files);
        assert!(!p.include_file_resources && p.include_classified_resources);
        assert!(!p.set_resource_handling_mode("auto"));
    }
}
