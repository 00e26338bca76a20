//! The packaging policy's vocabulary: where a resource goes, and which
//! extension modules a distribution contributes. Shared by the config
//! language (which checks them), the lowered plan and `frost build`.
//!
//! The policy's attributes themselves are the packaging policy table.

use std::fmt;
use std::str::FromStr;

use crate::attr::{Kind, Value};
use crate::types::AttrType;

/// Where a resource is installed: PyOxidizer's `in-memory` or
/// `filesystem-relative:PREFIX`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ResourceLocation {
    /// Embedded in the executable and imported from there.
    InMemory,
    /// A file under `PREFIX`, relative to the executable's folder (the
    /// prefix may be empty: beside the executable).
    FilesystemRelative(String),
}

impl ResourceLocation {
    /// What a location is written as, in words, for messages.
    pub const EXPECTED: &'static str = r#""in-memory" or "filesystem-relative:PREFIX""#;
}

impl fmt::Display for ResourceLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResourceLocation::InMemory => f.write_str("in-memory"),
            ResourceLocation::FilesystemRelative(prefix) => write!(f, "filesystem-relative:{prefix}"),
        }
    }
}

impl FromStr for ResourceLocation {
    type Err = ();
    /// `in-memory`, or `filesystem-relative:` followed by a prefix (split on
    /// the first `:`, so the prefix may be empty or hold `:`).
    fn from_str(s: &str) -> Result<Self, ()> {
        match s.split_once(':') {
            None if s == "in-memory" => Ok(ResourceLocation::InMemory),
            Some(("filesystem-relative", prefix)) if !prefix.contains('\0') => {
                Ok(ResourceLocation::FilesystemRelative(prefix.to_string()))
            }
            _ => Err(()),
        }
    }
}

impl serde::Serialize for ResourceLocation {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for ResourceLocation {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(|()| {
            serde::de::Error::custom(format!(
                "{s:?} is not a resource location; it must be {}",
                ResourceLocation::EXPECTED
            ))
        })
    }
}

crate::types::str_enum! {
    /// Which of the distribution's extension modules are packaged
    /// (`extension_module_filter`).
    ExtensionModuleFilter {
        /// Only the extension modules Python needs to start.
        Minimal = "minimal",
        /// Every extension module.
        All = "all",
        /// Those that link no library beyond the system's.
        NoLibraries = "no-libraries",
        /// Those that link no copyleft-licensed library.
        NoCopyleft = "no-copyleft",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_read_back_as_written() {
        for s in ["in-memory", "filesystem-relative:lib", "filesystem-relative:", "filesystem-relative:a:b"] {
            assert_eq!(s.parse::<ResourceLocation>().unwrap().to_string(), s);
        }
        for s in ["on-disk", "filesystem-relative", "default", "in-memory:x", ""] {
            assert!(s.parse::<ResourceLocation>().is_err(), "{s}");
        }
    }
}
