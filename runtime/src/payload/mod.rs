//! How `frost build` embeds a config in a copy of the launcher, and how the
//! launcher finds it again.
//!
//! The executable is the launcher stub, then the config's JSON, then the
//! app's `in-memory` resources as a zip archive (none when there are none),
//! then a 32-byte trailer: the magic `FROSTCFG`, the payload format (u32
//! LE), the archive's length (u32 LE: the archive has no zip64), the JSON's
//! length (u64 LE) and its FNV-1a 64 checksum (u64 LE). The launcher reads
//! only the trailer and the JSON; CPython's `zipimport` reads the archive
//! through the executable's own path on `sys.path` (it accepts data before
//! a zip, and finds the zip's end record as the last `PK\x05\x06` in the
//! file's last 64 KiB, so the encoder makes sure the trailer never holds
//! those four bytes).
//!
//! Format 1 (frost before the embedded archive) had four reserved zero
//! bytes where the archive's length is; it is still read.

use std::fmt;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

mod stub_marker;
pub use stub_marker::{stub_info, StubError, StubInfo, STUB_MARKER_PREFIX};

/// The first bytes of the trailer.
pub const MAGIC: &[u8; 8] = b"FROSTCFG";
/// The version of this layout.
pub const FORMAT: u32 = 2;
/// The earlier layout, still read: no archive, four reserved bytes.
pub const FORMAT_1: u32 = 1;
/// A `module_search_paths` entry that the launcher replaces with the path of
/// its own executable, wherever it was moved or however it was renamed:
/// where `zipimport` finds the archive of `in-memory` resources.
pub const EXECUTABLE_ENTRY: &str = "$EXECUTABLE";
/// The signature of a zip archive's end-of-central-directory record.
pub const END_OF_CENTRAL_DIRECTORY: &[u8; 4] = b"PK\x05\x06";
/// The trailer's size in bytes.
pub const TRAILER_LEN: usize = 32;

/// FNV-1a, 64 bits: enough to tell a damaged payload from a sound one.
pub fn checksum(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3))
}

/// The bytes to append to a launcher stub: the JSON and its trailer.
pub fn encode(json: &str) -> Vec<u8> {
    layout(json.as_bytes(), &[], 0)
}

/// JSON, archive and trailer, the JSON followed by `pad` spaces.
fn layout(json: &[u8], archive: &[u8], pad: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len() + pad + archive.len() + TRAILER_LEN);
    out.extend_from_slice(json);
    out.resize(json.len() + pad, b' ');
    let json_len = out.len();
    let sum = checksum(&out);
    out.extend_from_slice(archive);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT.to_le_bytes());
    out.extend_from_slice(&(archive.len() as u32).to_le_bytes());
    out.extend_from_slice(&(json_len as u64).to_le_bytes());
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

/// The bytes to append to a launcher stub for an app with `in-memory`
/// resources: the JSON, the zip `archive` holding them and the trailer.
///
/// `zipimport` takes the last `PK\x05\x06` of the file for the archive's
/// end record, so the trailer must not hold those bytes. Only its checksum
/// can (about once in a billion builds): the JSON is then padded with
/// spaces, which changes the checksum and nothing JSON means. Refused: an
/// archive with no end record, or over 4 GiB.
pub fn encode_with_archive(json: &str, archive: &[u8]) -> Result<Vec<u8>, String> {
    if u32::try_from(archive.len()).is_err() {
        return Err(format!(
            "the in-memory resources take {} bytes, more than the 4 GiB an archive in the executable holds",
            archive.len()
        ));
    }
    let Some(end) = rfind(archive, END_OF_CENTRAL_DIRECTORY) else {
        return Err("the in-memory resources' archive has no zip end record".to_string());
    };
    for pad in 0..64 {
        let out = layout(json.as_bytes(), archive, pad);
        let archive_start = json.len() + pad;
        if rfind(&out[archive_start..], END_OF_CENTRAL_DIRECTORY) == Some(end) {
            return Ok(out);
        }
    }
    Err("the in-memory resources' archive repeats its end record's signature after it, where zipimport would take it for the end; \
         add or remove a resource"
        .to_string())
}

/// Why no config could be read from an executable.
#[derive(Debug)]
pub enum PayloadError {
    /// The file could not be read.
    Io(io::Error),
    /// No embedded config, and the file is a frost launcher stub exactly as
    /// built: the bare launcher, not an app.
    BareLauncher,
    /// No embedded config and no frost launcher marker: not an app built by frost.
    Foreign,
    /// A frost launcher stub followed by bytes that end in no trailer (or
    /// a stub that is itself cut): an app cut short, or changed at its end.
    CutShort,
    /// A sound embedded config followed by bytes added after `frost build`.
    Appended {
        /// How many bytes follow the trailer.
        extra: u64,
    },
    /// A trailer of another layout version.
    Format {
        /// The layout version found.
        found: u32,
    },
    /// The trailer's length runs past the start of the file.
    Truncated {
        /// The length the trailer gives.
        len: u64,
    },
    /// The JSON does not match its checksum.
    Checksum {
        /// The checksum in the trailer.
        expected: u64,
        /// The checksum of the JSON as read.
        found: u64,
    },
    /// The JSON is not UTF-8.
    NotUtf8,
}

/// The start of every message about an app whose payload was damaged.
const DAMAGED: &str = "the app is damaged (cut short or changed)";

impl fmt::Display for PayloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rebuild = "rebuild it with `frost build`";
        match self {
            PayloadError::Io(e) => write!(f, "cannot read the executable: {e}"),
            PayloadError::BareLauncher => {
                write!(f, "no embedded config: this is the bare frost launcher, not an app; build one with `frost build`")
            }
            PayloadError::Foreign => write!(
                f,
                "no embedded config: this is not an app built by frost (it carries neither a frost config nor the frost launcher's marker)"
            ),
            PayloadError::CutShort => {
                write!(f, "{DAMAGED}: a frost launcher with no complete embedded config after it; {rebuild}")
            }
            PayloadError::Appended { extra } => write!(
                f,
                "{extra} bytes were appended to the app after its embedded config (by a tool or a transfer after `frost build`); remove them, or {rebuild}"
            ),
            PayloadError::Format { found } => write!(
                f,
                "the embedded config has layout version {found}, but this launcher reads versions {FORMAT_1} to {FORMAT}; rebuild the app with this frost"
            ),
            PayloadError::Truncated { len } => {
                write!(f, "{DAMAGED}: its embedded config claims {len} bytes, more than the file holds; {rebuild}")
            }
            PayloadError::Checksum { expected, found } => write!(
                f,
                "{DAMAGED}: its embedded config has checksum {found:016x}, expected {expected:016x}; {rebuild}"
            ),
            PayloadError::NotUtf8 => write!(f, "{DAMAGED}: its embedded config is not UTF-8; {rebuild}"),
        }
    }
}

impl std::error::Error for PayloadError {}

impl From<io::Error> for PayloadError {
    fn from(e: io::Error) -> Self {
        PayloadError::Io(e)
    }
}

/// Where a trailer says the JSON is (start, length, checksum), checked
/// against the file's size.
fn parse_trailer(trailer: &[u8; TRAILER_LEN], file_len: u64) -> Result<Option<(u64, u64, u64)>, PayloadError> {
    if &trailer[..8] != MAGIC {
        return Ok(None);
    }
    let word = |at: usize| u64::from_le_bytes(trailer[at..at + 8].try_into().unwrap());
    let half = |at: usize| u32::from_le_bytes(trailer[at..at + 4].try_into().unwrap());
    let archive = match half(8) {
        FORMAT => u64::from(half(12)),
        FORMAT_1 => 0,
        found => return Err(PayloadError::Format { found }),
    };
    let (len, sum) = (word(16), word(24));
    let room = file_len - TRAILER_LEN as u64;
    if archive.checked_add(len).is_none_or(|both| both > room) {
        return Err(PayloadError::Truncated { len: len.saturating_add(archive) });
    }
    Ok(Some((room - archive - len, len, sum)))
}

fn verify(json: Vec<u8>, expected: u64) -> Result<String, PayloadError> {
    let found = checksum(&json);
    if found != expected {
        return Err(PayloadError::Checksum { expected, found });
    }
    String::from_utf8(json).map_err(|_| PayloadError::NotUtf8)
}

/// The embedded JSON of the executable at `path`.
pub fn read_file(path: &Path) -> Result<String, PayloadError> {
    let mut file = File::open(path)?;
    let file_len = file.metadata()?.len();
    if file_len < TRAILER_LEN as u64 {
        let mut all = Vec::new();
        file.read_to_end(&mut all)?;
        return Err(without_trailer(&all));
    }
    let mut trailer = [0u8; TRAILER_LEN];
    file.seek(SeekFrom::End(-(TRAILER_LEN as i64)))?;
    file.read_exact(&mut trailer)?;
    let Some((start, len, sum)) = parse_trailer(&trailer, file_len)? else {
        // Only on this error path: read it all to say what the file is.
        let mut all = Vec::new();
        file.seek(SeekFrom::Start(0))?;
        file.read_to_end(&mut all)?;
        return Err(without_trailer(&all));
    };
    let mut json = vec![0u8; len as usize];
    file.seek(SeekFrom::Start(start))?;
    file.read_exact(&mut json)?;
    verify(json, sum)
}

/// The embedded JSON of an executable held in memory, if it has one.
pub fn read_bytes(exe: &[u8]) -> Result<String, PayloadError> {
    let Some(split) = exe.len().checked_sub(TRAILER_LEN) else { return Err(without_trailer(exe)) };
    let trailer: &[u8; TRAILER_LEN] = exe[split..].try_into().unwrap();
    let Some((start, len, sum)) = parse_trailer(trailer, exe.len() as u64)? else {
        return Err(without_trailer(exe));
    };
    verify(exe[start as usize..(start + len) as usize].to_vec(), sum)
}

/// What a file whose last bytes are no trailer is: an app with bytes
/// appended after a sound payload, the bare launcher, an app cut short, or
/// a file frost did not build.
fn without_trailer(exe: &[u8]) -> PayloadError {
    // The last sound trailer anywhere: bytes were added after it.
    let mut end = exe.len();
    while let Some(at) = rfind(&exe[..end], MAGIC) {
        if let Some(trailer) = exe.get(at..at + TRAILER_LEN) {
            let trailer: &[u8; TRAILER_LEN] = trailer.try_into().unwrap();
            if let Ok(Some((start, len, sum))) = parse_trailer(trailer, (at + TRAILER_LEN) as u64) {
                if checksum(&exe[start as usize..(start + len) as usize]) == sum {
                    return PayloadError::Appended { extra: (exe.len() - at - TRAILER_LEN) as u64 };
                }
            }
        }
        end = at;
    }
    if stub_info(exe).is_err() {
        return PayloadError::Foreign;
    }
    match crate::elf::file_end(exe) {
        Some(end) if end == exe.len() as u64 => PayloadError::BareLauncher,
        // Bytes after the stub that end in no trailer, or a stub cut itself.
        Some(_) => PayloadError::CutShort,
        // Not ELF: a stub marker and no trailer is taken for the bare launcher.
        None => PayloadError::BareLauncher,
    }
}

/// The last position of `needle` in `haystack`.
fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The stub part of an executable: everything before an embedded config,
/// or all of it when there is none.
pub fn stub_of(exe: &[u8]) -> &[u8] {
    let Some(split) = exe.len().checked_sub(TRAILER_LEN) else { return exe };
    let trailer: &[u8; TRAILER_LEN] = exe[split..].try_into().unwrap();
    match parse_trailer(trailer, exe.len() as u64) {
        Ok(Some((start, _, _))) => &exe[..start as usize],
        _ => exe,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_damage() {
        let mut exe = b"\x7fELF stub bytes".to_vec();
        exe.extend(encode("{\"a\": 1}"));
        assert_eq!(read_bytes(&exe).unwrap(), "{\"a\": 1}");
        assert_eq!(stub_of(&exe), b"\x7fELF stub bytes");
        assert!(matches!(read_bytes(b"#!/bin/sh\necho long enough to hold a trailer\n"), Err(PayloadError::Foreign)));
        let mut damaged = exe.clone();
        let at = damaged.len() - TRAILER_LEN - 3;
        damaged[at] ^= 1;
        assert!(matches!(read_bytes(&damaged), Err(PayloadError::Checksum { .. })));
        let mut other_format = exe.clone();
        let at = other_format.len() - TRAILER_LEN + 8;
        other_format[at] = 9;
        assert!(matches!(read_bytes(&other_format), Err(PayloadError::Format { found: 9 })));
    }

    /// A payload as frost wrote it before the embedded archive.
    fn format_1(json: &str) -> Vec<u8> {
        let mut out = json.as_bytes().to_vec();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&1u32.to_le_bytes());
        out.extend_from_slice(&[0; 4]);
        out.extend_from_slice(&(json.len() as u64).to_le_bytes());
        out.extend_from_slice(&checksum(json.as_bytes()).to_le_bytes());
        out
    }

    #[test]
    fn a_format_1_executable_is_still_read() {
        let mut exe = b"\x7fELF stub bytes".to_vec();
        exe.extend(format_1("{\"run_module\": \"app\"}"));
        assert_eq!(read_bytes(&exe).unwrap(), "{\"run_module\": \"app\"}");
        assert_eq!(stub_of(&exe), b"\x7fELF stub bytes");
        let path = std::env::temp_dir().join(format!("frost-payload-format-1-{}", std::process::id()));
        std::fs::write(&path, &exe).unwrap();
        assert_eq!(read_file(&path).unwrap(), "{\"run_module\": \"app\"}");
        std::fs::remove_file(&path).unwrap();
    }

    /// A zip archive's smallest form: an end record of no entries.
    const EMPTY_ZIP: &[u8] = b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";

    #[test]
    fn the_archive_sits_between_the_config_and_the_trailer() {
        let mut archive = b"PK\x03\x04 entries PK\x01\x02 central directory ".to_vec();
        archive.extend(EMPTY_ZIP);
        let mut exe = b"\x7fELF stub bytes".to_vec();
        exe.extend(encode_with_archive("{\"a\": 1}", &archive).unwrap());
        assert_eq!(read_bytes(&exe).unwrap(), "{\"a\": 1}");
        assert_eq!(stub_of(&exe), b"\x7fELF stub bytes");
        let trailer = exe.len() - TRAILER_LEN;
        assert_eq!(&exe[trailer - archive.len()..trailer], &archive[..]);
        assert_eq!(exe[trailer + 8..trailer + 12], 2u32.to_le_bytes());
        assert_eq!(exe[trailer + 12..trailer + 16], (archive.len() as u32).to_le_bytes());
        // An archive length that runs past the file's start.
        let mut damaged = exe.clone();
        damaged[trailer + 15] = 0x7f;
        assert!(matches!(read_bytes(&damaged), Err(PayloadError::Truncated { .. })));
        // One that moves the config: the checksum no longer matches.
        let mut shifted = exe.clone();
        shifted[trailer + 12] -= 1;
        assert!(matches!(read_bytes(&shifted), Err(PayloadError::Checksum { .. })));
        assert!(encode_with_archive("{}", b"no zip here").unwrap_err().contains("no zip end record"));
    }

    #[test]
    fn a_trailer_never_holds_the_zip_end_signature() {
        // This config's FNV-1a checksum is 0x06054b502b07c7ff: its last four
        // bytes, little-endian, are `PK\x05\x06`, which zipimport would take
        // for the archive's end record.
        let json = "{\"pad\": 1814804474}";
        assert_eq!(&checksum(json.as_bytes()).to_le_bytes()[4..], END_OF_CENTRAL_DIRECTORY);
        let naive = layout(json.as_bytes(), EMPTY_ZIP, 0);
        assert_eq!(rfind(&naive, END_OF_CENTRAL_DIRECTORY), Some(naive.len() - 4), "the case is real");
        let out = encode_with_archive(json, EMPTY_ZIP).unwrap();
        let end = out.len() - TRAILER_LEN - EMPTY_ZIP.len();
        assert_eq!(rfind(&out, END_OF_CENTRAL_DIRECTORY), Some(end), "the archive's own end record is the last");
        let read = read_bytes(&out).unwrap();
        assert_eq!(read.trim_end(), json, "padded with spaces only");
        assert!(read.len() > json.len());
        // An ordinary config is not padded.
        assert_eq!(read_bytes(&encode_with_archive("{}", EMPTY_ZIP).unwrap()).unwrap(), "{}");
    }

    /// A minimal ELF stub: the header, one section holding the marker, and
    /// the section header table, which ends the file.
    fn elf_stub() -> Vec<u8> {
        let marker = b"FROST-STUB:python=3.11;debug=0;";
        let mut elf = vec![0u8; 64];
        elf[..6].copy_from_slice(b"\x7fELF\x02\x01");
        let table = 64 + marker.len() as u64;
        elf[0x28..0x30].copy_from_slice(&table.to_le_bytes());
        elf[0x3a..0x3c].copy_from_slice(&64u16.to_le_bytes());
        elf[0x3c..0x3e].copy_from_slice(&1u16.to_le_bytes());
        elf.extend(marker);
        let mut section = [0u8; 64];
        section[4..8].copy_from_slice(&1u32.to_le_bytes());
        section[0x18..0x20].copy_from_slice(&64u64.to_le_bytes());
        section[0x20..0x28].copy_from_slice(&(marker.len() as u64).to_le_bytes());
        elf.extend(section);
        elf
    }

    #[test]
    fn each_damage_is_named() {
        let stub = elf_stub();
        let bare = read_bytes(&stub).unwrap_err();
        assert!(matches!(bare, PayloadError::BareLauncher), "{bare:?}");
        assert_eq!(
            bare.to_string(),
            "no embedded config: this is the bare frost launcher, not an app; build one with `frost build`"
        );
        let mut app = stub.clone();
        app.extend(encode("{\"run_module\": \"app\"}"));
        assert_eq!(read_bytes(&app).unwrap(), "{\"run_module\": \"app\"}");
        // Cut anywhere in the config or its trailer, or in the stub itself.
        for cut in [stub.len() + 3, app.len() - TRAILER_LEN, app.len() - 20, app.len() - 1, stub.len() - 10] {
            let err = read_bytes(&app[..cut]).unwrap_err();
            assert!(matches!(err, PayloadError::CutShort), "cut at {cut}: {err:?}");
            assert!(err.to_string().starts_with("the app is damaged (cut short or changed): "), "{err}");
        }
        // Bytes appended after a sound payload.
        let mut appended = app.clone();
        appended.extend(b"\n# signed\n");
        let err = read_bytes(&appended).unwrap_err();
        assert!(matches!(err, PayloadError::Appended { extra: 10 }), "{err:?}");
        assert!(err.to_string().starts_with("10 bytes were appended to the app after its embedded config"), "{err}");
        // A changed byte in the config.
        let mut changed = app.clone();
        let at = changed.len() - TRAILER_LEN - 2;
        changed[at] ^= 0x20;
        let err = read_bytes(&changed).unwrap_err();
        assert!(err
            .to_string()
            .starts_with("the app is damaged (cut short or changed): its embedded config has checksum"));
        // Something else entirely.
        let err = read_bytes(b"\x7fELF\x02\x01 a shared library that is no frost launcher at all").unwrap_err();
        assert!(matches!(err, PayloadError::Foreign), "{err:?}");
        assert!(err.to_string().contains("not an app built by frost"), "{err}");
        // And the same from a file.
        let dir = std::env::temp_dir().join(format!("frost-payload-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (name, bytes) in [("bare", &stub), ("cut", &app[..app.len() - 5].to_vec()), ("appended", &appended)] {
            let path = dir.join(name);
            std::fs::write(&path, bytes).unwrap();
            assert_eq!(read_file(&path).unwrap_err().to_string(), read_bytes(bytes).unwrap_err().to_string());
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
