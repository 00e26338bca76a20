//! The `add_*` table: a resource's decisions of whether and how it is
//! added, and how a packaging policy derives their defaults.

use serde::{Deserialize, Serialize};

use crate::attr::Group::Packaging;
use crate::packaging_policy::PackagingPolicy;
use crate::plan::{read_table, write_table, ResourceKind};
use crate::policy::ResourceLocation;
use crate::table::attr_table;

attr_table! {
    /// The `add_*` decisions of a resource: whether and how it is added.
    ///
    /// Every resource value carries them; they start as the policy derives
    /// them ([`PackagingPolicy::derive_add_flags`]) and may be changed by
    /// assignment (`resource.add_location = "filesystem-relative:lib"`).
    struct AddFlags;
    owner "resource";
    /// Every `add_*` attribute of the resource types.
    static ADD_ATTRIBUTES;
    /// The `add_*` row for `name`, or an error suggesting the closest name.
    fn add_attr;
    rows {
        /// Whether the resource is added at all. `False` makes
        /// `exe.add_python_resource(resource)` do nothing, except for
        /// extension modules, which are always added (as in PyOxidizer).
        add_include: bool = true, Packaging;
        /// Where it is installed: `in-memory` or `filesystem-relative:PREFIX`.
        add_location: ResourceLocation = ResourceLocation::InMemory, Packaging;
        /// Where it goes when `add_location` is not allowed, or `None`.
        add_location_fallback: Option<ResourceLocation> = None, Packaging;
        /// Whether a module's source is installed.
        add_source: bool = true, Packaging;
        /// Whether bytecode at optimization level 0 is installed.
        add_bytecode_optimization_level_zero: bool = true, Packaging;
        /// Whether bytecode at optimization level 1 is installed.
        add_bytecode_optimization_level_one: bool = false, Packaging;
        /// Whether bytecode at optimization level 2 is installed.
        add_bytecode_optimization_level_two: bool = false, Packaging;
    }
}

impl Serialize for AddFlags {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        write_table(serializer, ADD_ATTRIBUTES, |n| self.get(n), None)
    }
}

impl<'de> Deserialize<'de> for AddFlags {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let object = serde_json::Map::deserialize(deserializer)?;
        let mut out = AddFlags::default();
        read_table(&object, "", |n, v| out.set(n, v))?;
        Ok(out)
    }
}

impl PackagingPolicy {
    /// The `add_*` defaults of a new resource, as PyOxidizer derives them
    /// (`derive_add_collection_context`).
    pub fn derive_add_flags(&self, kind: ResourceKind, is_stdlib: bool, is_test: bool) -> AddFlags {
        let include = match kind {
            ResourceKind::File => self.include_file_resources,
            _ => {
                self.include_classified_resources
                    && match kind {
                        // An upstream quirk: include_distribution_sources
                        // gates every module source, not only the stdlib's.
                        ResourceKind::PythonModuleSource => {
                            (self.include_test || !is_test) && self.include_distribution_sources
                        }
                        ResourceKind::PythonPackageResource if is_stdlib => {
                            self.include_distribution_resources && (self.include_test || !is_test)
                        }
                        ResourceKind::PythonPackageResource | ResourceKind::PythonPackageDistributionResource => true,
                        ResourceKind::PythonExtensionModule => false,
                        ResourceKind::File => unreachable!("handled above"),
                    }
            }
        };
        let source = kind == ResourceKind::PythonModuleSource
            && if is_stdlib { self.include_distribution_sources } else { self.include_non_distribution_sources };
        AddFlags {
            add_include: include,
            add_location: self.resources_location.clone(),
            add_location_fallback: self.resources_location_fallback.clone(),
            add_source: source,
            add_bytecode_optimization_level_zero: self.bytecode_optimize_level_zero,
            add_bytecode_optimization_level_one: self.bytecode_optimize_level_one,
            add_bytecode_optimization_level_two: self.bytecode_optimize_level_two,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_flags_follow_the_policy() {
        let mut p = PackagingPolicy::default();
        let m = p.derive_add_flags(ResourceKind::PythonModuleSource, false, false);
        assert!(m.add_include && m.add_source && m.add_bytecode_optimization_level_zero);
        assert!(!p.derive_add_flags(ResourceKind::PythonExtensionModule, false, false).add_include);
        assert!(!p.derive_add_flags(ResourceKind::File, false, false).add_include);
        assert!(!p.derive_add_flags(ResourceKind::PythonPackageResource, true, false).add_include);
        assert!(p.derive_add_flags(ResourceKind::PythonPackageResource, false, false).add_include);
        assert!(!p.derive_add_flags(ResourceKind::PythonPackageResource, false, false).add_source);
        p.include_distribution_sources = false;
        assert!(!p.derive_add_flags(ResourceKind::PythonModuleSource, false, false).add_include);
        p.include_non_distribution_sources = false;
        assert!(!p.derive_add_flags(ResourceKind::PythonModuleSource, false, false).add_source);
        p.resources_location = ResourceLocation::FilesystemRelative("lib".into());
        p.bytecode_optimize_level_two = true;
        let f = p.derive_add_flags(ResourceKind::PythonModuleSource, false, false);
        assert_eq!(f.add_location, ResourceLocation::FilesystemRelative("lib".into()));
        assert!(f.add_bytecode_optimization_level_two);
    }
}
