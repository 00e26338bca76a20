//! Little-endian integers read out of a file's bytes (ELF files, the
//! loader's cache): `None` when the bytes end first, whatever the offset.

/// The `u16` at `at`.
pub fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at.checked_add(2)?)?.try_into().ok()?))
}

/// The `u32` at `at`.
pub fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

/// The `u64` at `at`.
pub fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at.checked_add(8)?)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_stop_at_the_end_and_never_overflow() {
        let b = [1, 0, 0, 0, 0, 0, 0, 0, 2];
        assert_eq!((u16_at(&b, 0), u32_at(&b, 0), u64_at(&b, 0)), (Some(1), Some(1), Some(1)));
        assert_eq!((u16_at(&b, 8), u32_at(&b, 6), u64_at(&b, 2)), (None, None, None));
        assert_eq!(
            (u16_at(&b, usize::MAX), u32_at(&b, usize::MAX - 1), u64_at(&b, usize::MAX - 3)),
            (None, None, None)
        );
    }
}
