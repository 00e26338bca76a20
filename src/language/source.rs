//! Reading a config's source text: only regular files (a FIFO or a device
//! would hang or never end), at most [`MAX_SOURCE_BYTES`], as UTF-8 with an
//! optional byte-order mark, as Python reads source files.

use std::fmt;
use std::io::Read;
use std::path::Path;

/// The largest config or loaded module frost reads: far above any real
/// config, far below what would exhaust memory.
pub const MAX_SOURCE_BYTES: u64 = 64 << 20;

/// Why a source file cannot be read.
#[derive(Debug)]
pub enum SourceError {
    /// The file cannot be opened or read.
    Io(std::io::Error),
    /// It is a folder, a FIFO, a device or a socket.
    NotAFile(&'static str),
    /// It is larger than [`MAX_SOURCE_BYTES`].
    TooLarge(u64),
    /// It is not UTF-8: the first bad byte, 1-based line and column.
    NotUtf8 {
        /// 1-based line of the first bad byte.
        line: usize,
        /// 1-based column (in bytes) of the first bad byte.
        column: usize,
        /// 0-based offset of the first bad byte in the file.
        offset: usize,
    },
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourceError::Io(e) => write!(f, "{e}"),
            SourceError::NotAFile(what) => write!(f, "it is {what}, not a regular file"),
            SourceError::TooLarge(size) => {
                write!(f, "it is {size} bytes, more than the {} MiB a config may be", MAX_SOURCE_BYTES >> 20)
            }
            SourceError::NotUtf8 { line, column, offset } => {
                write!(f, "it is not UTF-8: invalid byte at line {line}, column {column} (byte offset {offset})")
            }
        }
    }
}

/// What a file type that is not a regular file is, in words.
fn kind_of(meta: &std::fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_block_device() || t.is_char_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}

/// Whether `path` is a regular file (following symlinks), or what it is.
pub fn check_regular_file(path: &Path) -> Result<(), SourceError> {
    let meta = std::fs::metadata(path).map_err(SourceError::Io)?;
    match kind_of(&meta) {
        None => Ok(()),
        Some(what) => Err(SourceError::NotAFile(what)),
    }
}

/// Reads the config source at `path`.
pub fn read_source(path: &Path) -> Result<String, SourceError> {
    check_regular_file(path)?;
    let file = std::fs::File::open(path).map_err(SourceError::Io)?;
    // The file could have been swapped since the check: check what was
    // opened, and never read more than the limit plus one byte.
    let meta = file.metadata().map_err(SourceError::Io)?;
    if let Some(what) = kind_of(&meta) {
        return Err(SourceError::NotAFile(what));
    }
    let mut bytes = Vec::with_capacity(meta.len().min(MAX_SOURCE_BYTES) as usize);
    file.take(MAX_SOURCE_BYTES + 1).read_to_end(&mut bytes).map_err(SourceError::Io)?;
    if bytes.len() as u64 > MAX_SOURCE_BYTES {
        return Err(SourceError::TooLarge(meta.len().max(bytes.len() as u64)));
    }
    decode(bytes)
}

/// Source bytes as text: UTF-8, without a leading byte-order mark.
pub fn decode(mut bytes: Vec<u8>) -> Result<String, SourceError> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let before = &e.as_bytes()[..offset];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = offset - before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1) + 1;
        SourceError::NotUtf8 { line, column, offset }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bom_is_dropped_and_bad_utf8_is_located() {
        assert_eq!(decode(b"\xEF\xBB\xBFx = 1\n".to_vec()).unwrap(), "x = 1\n");
        let err = decode(b"x = 1\ny = \"\xff\"\n".to_vec()).unwrap_err();
        assert!(matches!(err, SourceError::NotUtf8 { line: 2, column: 6, offset: 11 }), "{err:?}");
    }

    #[cfg(unix)]
    #[test]
    fn fifos_devices_and_folders_are_refused_without_reading() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("x.bzl");
        let status = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(status.success());
        assert!(matches!(read_source(&fifo), Err(SourceError::NotAFile("a FIFO"))));
        assert!(matches!(read_source(Path::new("/dev/zero")), Err(SourceError::NotAFile("a device"))));
        assert!(matches!(read_source(dir.path()), Err(SourceError::NotAFile("a folder"))));
    }
}
