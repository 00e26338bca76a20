//! Where the bundle's `in-memory` resources go, and the reproducible zip
//! archives `zipimport` reads: entries sorted by name, every timestamp
//! 1980-01-01 00:00, no extra fields; stored (uncompressed) for the
//! in-memory resources, which are imported at every start, deflated for the
//! standard library's sources, which only tracebacks and `inspect` read.
//! No zip64, so an archive over 4 GiB or 65535 files is refused.

use anyhow::bail;
use frost_runtime::payload::EXECUTABLE_ENTRY;
use frost_runtime::plan::PackedResourcesLoadMode;

/// Where a bundle's `in-memory` resources go (`packed_resources_load_mode`).
pub enum Archive {
    /// Into the executable, between its config and its trailer
    /// (`embedded:NAME`; the name is not used).
    InExecutable,
    /// Into the file of this name beside it (`binary-relative-memory-mapped:NAME`).
    Beside(String),
}

impl Archive {
    /// The placement `mode` asks for; `None` for `none`.
    pub fn of(mode: &PackedResourcesLoadMode) -> Option<Archive> {
        match mode {
            PackedResourcesLoadMode::None => None,
            PackedResourcesLoadMode::Embedded(_) => Some(Archive::InExecutable),
            PackedResourcesLoadMode::BinaryRelativeMemoryMapped(file) => {
                Some(Archive::Beside(if file.ends_with(".zip") { file.clone() } else { format!("{file}.zip") }))
            }
        }
    }

    /// The file it takes in the bundle, if it is one of its own.
    pub fn file(&self) -> Option<&str> {
        match self {
            Archive::InExecutable => None,
            Archive::Beside(file) => Some(file),
        }
    }

    /// Its `sys.path` entry in the embedded config: the executable itself
    /// (the launcher expands `$EXECUTABLE` to its own path), or the file
    /// beside it.
    pub fn search_path(&self) -> String {
        match self {
            Archive::InExecutable => EXECUTABLE_ENTRY.to_string(),
            Archive::Beside(file) => format!("{}/{file}", super::BUNDLE_HOME),
        }
    }
}

/// The CRC-32 (IEEE) of `bytes`, as zip stores it.
fn crc32(bytes: &[u8]) -> u32 {
    let table: Vec<u32> =
        (0..256u32).map(|n| (0..8).fold(n, |c, _| if c & 1 == 1 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 })).collect();
    !bytes.iter().fold(!0u32, |c, &b| table[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8))
}

/// DOS date of 1980-01-01 (day 1, month 1, year 0).
const DOS_DATE: u16 = (1 << 5) | 1;
/// UTF-8 names.
const FLAGS: u16 = 1 << 11;

/// The archive of `entries` (name with `/` separators, bytes), stored,
/// written in name order whatever order they come in.
pub fn archive(entries: Vec<(String, Vec<u8>)>) -> anyhow::Result<Vec<u8>> {
    write(entries, false)
}

/// The same archive with every entry deflated (level 6: level 9 saves
/// under 1% on Python sources and takes twice as long). Entries are
/// compressed on several threads; the bytes do not depend on how many.
pub fn deflated(entries: Vec<(String, Vec<u8>)>) -> anyhow::Result<Vec<u8>> {
    write(entries, true)
}

/// zip's compression methods.
const STORED: u16 = 0;
const DEFLATED: u16 = 8;

fn deflate(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::new(6));
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(data);
    encoder.finish().unwrap_or_default()
}

/// Each entry's name, CRC-32, uncompressed size and data as written
/// (deflated when `compress`), in name order.
fn prepare(mut entries: Vec<(String, Vec<u8>)>, compress: bool) -> Vec<(String, u32, usize, Vec<u8>)> {
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let convert = |(name, data): (String, Vec<u8>)| {
        let crc = crc32(&data);
        let size = data.len();
        (name, crc, size, if compress { deflate(&data) } else { data })
    };
    if !compress {
        return entries.into_iter().map(convert).collect();
    }
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let chunk = entries.len().div_ceil(workers).max(1);
    let mut chunks = Vec::new();
    while !entries.is_empty() {
        let rest = entries.split_off(chunk.min(entries.len()));
        chunks.push(std::mem::replace(&mut entries, rest));
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|part| scope.spawn(move || part.into_iter().map(convert).collect::<Vec<_>>()))
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    })
}

fn write(entries: Vec<(String, Vec<u8>)>, compress: bool) -> anyhow::Result<Vec<u8>> {
    if entries.len() > usize::from(u16::MAX) {
        bail!("{} files are more than a zip archive without zip64 holds", entries.len());
    }
    let count = entries.len();
    let entries = prepare(entries, compress);
    if entries.len() != count {
        bail!("a compression worker failed");
    }
    let method = if compress { DEFLATED } else { STORED };
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, crc, size, data) in &entries {
        let offset = u32::try_from(out.len());
        let (Ok(offset), Ok(size), Ok(written), Ok(name_len)) =
            (offset, u32::try_from(*size), u32::try_from(data.len()), u16::try_from(name.len()))
        else {
            bail!("the files are larger than a zip archive without zip64 holds");
        };
        let common = |v: &mut Vec<u8>| {
            v.extend_from_slice(&20u16.to_le_bytes()); // version needed
            v.extend_from_slice(&FLAGS.to_le_bytes());
            v.extend_from_slice(&method.to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes()); // time 00:00
            v.extend_from_slice(&DOS_DATE.to_le_bytes());
            v.extend_from_slice(&crc.to_le_bytes());
            v.extend_from_slice(&written.to_le_bytes());
            v.extend_from_slice(&size.to_le_bytes());
            v.extend_from_slice(&name_len.to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes()); // extra
        };
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        common(&mut out);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes()); // version made by
        common(&mut central);
        central.extend_from_slice(&0u16.to_le_bytes()); // comment
        central.extend_from_slice(&0u16.to_le_bytes()); // disk
        central.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
        central.extend_from_slice(&(0o100644u32 << 16).to_le_bytes()); // a regular file, rw-r--r--
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let (Ok(cd_offset), Ok(cd_size)) = (u32::try_from(out.len()), u32::try_from(central.len())) else {
        bail!("the files are larger than a zip archive without zip64 holds");
    };
    out.extend_from_slice(&central);
    let count = entries.len() as u16;
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]); // disk numbers
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&cd_size.to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn each_load_mode_has_its_place_and_path_entry() {
        let embedded = Archive::of(&PackedResourcesLoadMode::Embedded("packed-resources".into())).unwrap();
        assert_eq!((embedded.file(), embedded.search_path().as_str()), (None, "$EXECUTABLE"));
        let beside = Archive::of(&PackedResourcesLoadMode::BinaryRelativeMemoryMapped("res".into())).unwrap();
        assert_eq!((beside.file(), beside.search_path().as_str()), (Some("res.zip"), "$ORIGIN/res.zip"));
        assert!(Archive::of(&PackedResourcesLoadMode::None).is_none());
    }

    #[test]
    fn archives_do_not_depend_on_entry_order() {
        let a = archive(vec![("b.py".into(), b"x".to_vec()), ("a/__init__.py".into(), vec![])]).unwrap();
        let b = archive(vec![("a/__init__.py".into(), vec![]), ("b.py".into(), b"x".to_vec())]).unwrap();
        assert_eq!(a, b);
        assert_eq!(&a[..4], b"PK\x03\x04");
        assert_eq!(&a[a.len() - 22..a.len() - 18], b"PK\x05\x06");
    }

    #[test]
    fn deflated_entries_inflate_to_their_bytes() {
        use std::io::Read;
        let source = "def f():\n    return 1\n".repeat(200).into_bytes();
        let entries = vec![("b/x.py".to_string(), source.clone()), ("a.py".to_string(), Vec::new())];
        let zip = deflated(entries.clone()).unwrap();
        assert_eq!(zip, deflated(entries.into_iter().rev().collect()).unwrap(), "the same bytes in any order");
        // The second local header (after a.py's, which has no data) is b/x.py's.
        let at = 30 + "a.py".len() + deflate(&[]).len();
        assert_eq!(&zip[at..at + 4], b"PK\x03\x04");
        assert_eq!(u16::from_le_bytes([zip[at + 8], zip[at + 9]]), DEFLATED);
        let written = u32::from_le_bytes(zip[at + 18..at + 22].try_into().unwrap()) as usize;
        assert!(written < source.len() / 10, "{written} bytes for {}", source.len());
        let data = &zip[at + 30 + "b/x.py".len()..][..written];
        let mut inflated = Vec::new();
        flate2::read::DeflateDecoder::new(data).read_to_end(&mut inflated).unwrap();
        assert_eq!(inflated, source);
        assert_eq!(u32::from_le_bytes(zip[at + 14..at + 18].try_into().unwrap()), crc32(&source));
    }
}
