//! Where an ELF file's own bytes end, so that a launcher stub can be told
//! from a stub with something after it (an app cut short inside its
//! payload) and from a stub that is itself cut.

/// The end of the last byte the ELF headers account for: the section and
/// program header tables and every section with file contents. `None` when
/// `bytes` is not an ELF file; more than `bytes.len()` when the file is cut
/// (its headers point past its end).
pub fn file_end(bytes: &[u8]) -> Option<u64> {
    if bytes.get(..4)? != b"\x7fELF" {
        return None;
    }
    let header_len: u64 = if bytes.get(4) == Some(&1) { 52 } else { 64 };
    if (bytes.len() as u64) < header_len {
        return Some(header_len);
    }
    let wide = match bytes.get(4)? {
        1 => false,
        2 => true,
        _ => return None,
    };
    let little = match bytes.get(5)? {
        1 => true,
        2 => false,
        _ => return None,
    };
    let read = |at: usize, size: usize| -> Option<u64> {
        let field = bytes.get(at..at.checked_add(size)?)?;
        let mut value: u64 = 0;
        for i in 0..size {
            let b = if little { field[size - 1 - i] } else { field[i] };
            value = (value << 8) | u64::from(b);
        }
        Some(value)
    };
    let word = if wide { 8 } else { 4 };
    let (phoff, shoff) = if wide { (read(0x20, 8)?, read(0x28, 8)?) } else { (read(0x1c, 4)?, read(0x20, 4)?) };
    let at = if wide { 0x36 } else { 0x2a };
    let (phentsize, phnum, shentsize, shnum) = (read(at, 2)?, read(at + 2, 2)?, read(at + 4, 2)?, read(at + 6, 2)?);
    let mut end = header_len.max(phoff.saturating_add(phentsize * phnum)).max(shoff.saturating_add(shentsize * shnum));
    for i in 0..shnum {
        // A table past the end of a cut file: `end` already says so.
        let Ok(header) = usize::try_from(shoff + i * shentsize) else { break };
        // sh_type, then sh_offset and sh_size after sh_flags and sh_addr.
        let (Some(kind), Some(offset), Some(size)) =
            (read(header + 4, 4), read(header + 8 + 2 * word, word), read(header + 8 + 3 * word, word))
        else {
            break;
        };
        const SHT_NOBITS: u64 = 8;
        if kind != SHT_NOBITS {
            end = end.max(offset.saturating_add(size));
        }
    }
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_running_test_binary_ends_where_its_headers_say() {
        let exe = std::fs::read(std::env::current_exe().unwrap()).unwrap();
        assert_eq!(file_end(&exe), Some(exe.len() as u64));
        let mut longer = exe.clone();
        longer.extend(b"{\"a\": 1}");
        assert_eq!(file_end(&longer), Some(exe.len() as u64));
        let half = &exe[..exe.len() / 2];
        assert!(file_end(half).unwrap() > half.len() as u64, "the headers point past a cut file");
        assert_eq!(file_end(b"#!/bin/sh\n"), None);
        assert_eq!(file_end(b"\x7fELF\x02\x01"), Some(64));
    }
}
