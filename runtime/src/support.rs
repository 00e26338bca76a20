//! What frost's launcher cannot honour. `frost build` refuses these and
//! `frost check` reports them, so an attribute is never silently ignored.

use crate::config::InterpreterConfig;
use crate::types::AllocatorBackend;

/// An attribute value the launcher cannot honour, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsupported {
    /// The attribute at fault.
    pub attr: &'static str,
    /// Why, and what to write instead.
    pub reason: String,
}

/// Every attribute value in `config` that the launcher cannot honour.
pub fn unsupported(config: &InterpreterConfig) -> Vec<Unsupported> {
    let mut out = Vec::new();
    let mut refuse = |attr: &'static str, reason: &str| out.push(Unsupported { attr, reason: reason.to_string() });
    if config.oxidized_importer {
        refuse(
            "oxidized_importer",
            "frost's launcher has no in-memory importer: modules load from the filesystem (see module_search_paths); set it to False",
        );
    }
    if !config.filesystem_importer {
        refuse(
            "filesystem_importer",
            "frost's launcher imports only from the filesystem, so with it off nothing could be imported; set it to True",
        );
    }
    match config.allocator_backend {
        AllocatorBackend::Default | AllocatorBackend::Rust => {}
        other => refuse(
            "allocator_backend",
            &format!("the \"{other}\" allocator is not built into frost's launcher; use \"default\" or \"rust\""),
        ),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_supported() {
        assert_eq!(unsupported(&InterpreterConfig::default()), vec![]);
    }

    #[test]
    fn refusals_name_the_attribute() {
        let mut c = InterpreterConfig::default();
        c.oxidized_importer = true;
        c.allocator_backend = AllocatorBackend::Jemalloc;
        let names: Vec<&str> = unsupported(&c).iter().map(|u| u.attr).collect();
        assert_eq!(names, ["oxidized_importer", "allocator_backend"]);
    }
}
