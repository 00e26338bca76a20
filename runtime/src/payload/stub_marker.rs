//! The marker every launcher stub carries (`FROST-STUB:python=3.11;debug=0;payload=2;`),
//! read from the stub's bytes without running it.

use std::fmt;

/// The start of the marker every launcher stub carries, so that `frost
/// build` can tell which CPython a stub links without running it. The whole
/// marker reads `FROST-STUB:python=3.11;debug=0;payload=2;` (`payload=`
/// since format 2).
pub const STUB_MARKER_PREFIX: &[u8] = b"FROST-STUB:";

/// What a launcher stub's marker says about the CPython it links.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StubInfo {
    /// `major.minor` of the linked CPython.
    pub python_version: String,
    /// Whether the linked CPython is a debug build (`Py_DEBUG`).
    pub debug: bool,
    /// The newest payload layout it reads ([`FORMAT`](super::FORMAT) when it is as new as
    /// this frost; 1 for a stub from before the marker said).
    pub payload: u32,
}

/// Why a file's stub marker could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StubError {
    /// No marker: the file is not a frost launcher stub.
    NoMarker,
    /// Markers that disagree.
    Conflicting(Vec<String>),
}

impl fmt::Display for StubError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StubError::NoMarker => write!(f, "it carries no frost launcher marker: it is not a frost launcher stub"),
            StubError::Conflicting(found) => write!(f, "it carries conflicting launcher markers: {}", found.join(", ")),
        }
    }
}

impl std::error::Error for StubError {}

/// Reads the marker of a launcher stub (or of a built executable).
pub fn stub_info(stub: &[u8]) -> Result<StubInfo, StubError> {
    let mut found: Vec<StubInfo> = Vec::new();
    let mut rest = stub;
    while let Some(at) = find(rest, STUB_MARKER_PREFIX) {
        rest = &rest[at + STUB_MARKER_PREFIX.len()..];
        if let Some(info) = parse_marker(rest) {
            if !found.contains(&info) {
                found.push(info);
            }
        }
    }
    match found.len() {
        0 => Err(StubError::NoMarker),
        1 => Ok(found.remove(0)),
        _ => Err(StubError::Conflicting(
            found
                .iter()
                .map(|i| format!("python={};debug={};payload={}", i.python_version, u8::from(i.debug), i.payload))
                .collect(),
        )),
    }
}

/// `python=3.11;debug=0;` at the start of `bytes`.
fn parse_marker(bytes: &[u8]) -> Option<StubInfo> {
    let bytes = bytes.strip_prefix(b"python=")?;
    let end = bytes.iter().take(16).position(|b| *b == b';')?;
    let version = std::str::from_utf8(&bytes[..end]).ok()?;
    let (major, minor) = version.split_once('.')?;
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !numeric(major) || !numeric(minor) {
        return None;
    }
    let after_debug = bytes[end + 1..].strip_prefix(b"debug=")?;
    let debug = match after_debug {
        [b'0', b';', ..] => false,
        [b'1', b';', ..] => true,
        _ => return None,
    };
    // `payload=N;` since payload format 2; older stubs read format 1.
    let payload = match after_debug[2..].strip_prefix(b"payload=") {
        None => 1,
        Some(rest) => {
            let end = rest.iter().take(8).position(|b| *b == b';')?;
            std::str::from_utf8(&rest[..end]).ok()?.parse().ok()?
        }
    };
    Some(StubInfo { python_version: version.to_string(), debug, payload })
}

/// The first position of `needle` in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let first = *needle.first()?;
    let mut from = 0;
    while from + needle.len() <= haystack.len() {
        let at = from + haystack[from..].iter().position(|b| *b == first)?;
        if haystack.len() - at >= needle.len() && &haystack[at..at + needle.len()] == needle {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stub_markers() {
        let mut stub = b"\x7fELF...FROST-STUB:junk...FROST-STUB:python=3.11;debug=0;...".to_vec();
        assert_eq!(stub_info(&stub), Ok(StubInfo { python_version: "3.11".into(), debug: false, payload: 1 }));
        stub.extend(b"FROST-STUB:python=3.11;debug=0;");
        assert!(stub_info(&stub).is_ok(), "a repeated marker is fine");
        stub.extend(b"FROST-STUB:python=3.12;debug=1;");
        assert!(matches!(stub_info(&stub), Err(StubError::Conflicting(_))));
        assert_eq!(stub_info(b"FROST-STUB:python=3;debug=0;"), Err(StubError::NoMarker));
        assert_eq!(stub_info(b"no marker"), Err(StubError::NoMarker));
        assert_eq!(stub_info(b"FROST-STUB:python=3.8;debug=1;").map(|i| i.debug), Ok(true));
        // Since payload format 2 the marker says which layout the stub reads.
        assert_eq!(stub_info(b"FROST-STUB:python=3.13;debug=0;payload=2;").map(|i| i.payload), Ok(2));
        assert_eq!(stub_info(b"FROST-STUB:python=3.13;debug=0;payload=x;"), Err(StubError::NoMarker));
    }
}
