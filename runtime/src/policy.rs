//! The packaging policy's vocabulary: where a resource goes, and which
//! extension modules a distribution contributes. Shared by the config
//! language (which checks them), the lowered plan and `frost build`.
//!
//! The policy's attributes themselves are the packaging policy table.

use std::fmt;
use std::str::FromStr;

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
