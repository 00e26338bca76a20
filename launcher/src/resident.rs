//! Gives back the launcher's own code pages before the app runs.
//!
//! The kernel maps a file's pages around each one a process touches (fault-
//! around, 64 KB), when they are in the page cache, as a freshly built or
//! often started app's are: after start-up most of the stub's code and
//! read-only data counts in the app's resident set, though the app never
//! runs it again (`python`'s executable is a few KB; its code is in
//! libpython, which both have). Just before `Py_RunMain`, the launcher drops
//! its mappings of the executable's read-only segments (`MADV_DONTNEED`):
//! the pages stay in the page cache, and the few the launcher touches again
//! (on the way out) are mapped back on the next access, from the same file.
//!
//! Only segments that were never writable are dropped: on a private file
//! mapping, dropping a page that was written (relocated data, RELRO) would
//! bring back the file's bytes. So the writable segments and the RELRO range
//! are left alone, the ranges are rounded inwards to whole pages, and an
//! executable with text relocations (its code was written at load) is left
//! alone entirely.

/// Drops the resident pages of the main executable's read-only segments.
/// Does nothing where that cannot be done safely or at all.
pub fn release_own_code() {
    #[cfg(all(target_os = "linux", target_pointer_width = "64"))]
    // SAFETY: `dl_iterate_phdr` calls `each_object` with the loader's own,
    // valid descriptions of the loaded objects, the main program first; the
    // callback stops after that one and keeps no pointer.
    unsafe {
        libc::dl_iterate_phdr(Some(linux::each_object), std::ptr::null_mut());
    }
}

#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
mod linux {
    use std::ffi::{c_int, c_void};

    /// An entry of the dynamic section (`Elf64_Dyn`).
    #[repr(C)]
    struct Dyn {
        tag: i64,
        value: u64,
    }

    const DT_TEXTREL: i64 = 22;
    const DT_FLAGS: i64 = 30;
    const DF_TEXTREL: u64 = 4;

    /// The `dl_iterate_phdr` callback: handles the first object (the main
    /// program) and stops.
    ///
    /// # Safety
    /// `info` must point to a `dl_phdr_info` as `dl_iterate_phdr` passes it.
    pub(super) unsafe extern "C" fn each_object(
        info: *mut libc::dl_phdr_info,
        _size: usize,
        _data: *mut c_void,
    ) -> c_int {
        // SAFETY: the loader passes a valid description, per the contract.
        let info = unsafe { &*info };
        if info.dlpi_phdr.is_null() || info.dlpi_phnum == 0 {
            return 1;
        }
        // SAFETY: `dlpi_phdr` points to `dlpi_phnum` program headers of the
        // loaded object, which stay mapped while the process runs.
        let headers = unsafe { std::slice::from_raw_parts(info.dlpi_phdr, usize::from(info.dlpi_phnum)) };
        let base = info.dlpi_addr as usize;
        // SAFETY: `base` and `headers` describe the loaded main program.
        if unsafe { has_text_relocations(base, headers) } {
            return 1;
        }
        // SAFETY: sysconf has no preconditions.
        let page = match unsafe { libc::sysconf(libc::_SC_PAGESIZE) } {
            p if p > 0 => p as usize,
            _ => return 1,
        };
        let kept: Vec<(usize, usize)> = headers
            .iter()
            .filter(|h| h.p_type == libc::PT_GNU_RELRO || (h.p_type == libc::PT_LOAD && h.p_flags & libc::PF_W != 0))
            .map(|h| (base + h.p_vaddr as usize, base + (h.p_vaddr + h.p_memsz) as usize))
            .collect();
        for h in headers.iter().filter(|h| h.p_type == libc::PT_LOAD && h.p_flags & libc::PF_W == 0) {
            let start = (base + h.p_vaddr as usize).next_multiple_of(page);
            let end = (base + (h.p_vaddr + h.p_memsz) as usize) / page * page;
            // A page shared with a writable segment or RELRO is left alone.
            if end <= start || kept.iter().any(|&(s, e)| s < end && start < e) {
                continue;
            }
            // SAFETY: [start, end) is whole pages of a read-only segment of
            // the main program, never writable and never written (no text
            // relocations), so dropping them loses nothing: the next access
            // maps the same bytes from the file. A failure changes nothing.
            unsafe {
                libc::madvise(start as *mut c_void, end - start, libc::MADV_DONTNEED);
            }
        }
        1
    }

    /// Whether the object's dynamic section asks for text relocations.
    ///
    /// # Safety
    /// `base` and `headers` must describe a loaded object.
    unsafe fn has_text_relocations(base: usize, headers: &[libc::Elf64_Phdr]) -> bool {
        let Some(dynamic) = headers.iter().find(|h| h.p_type == libc::PT_DYNAMIC) else { return false };
        let mut entry = (base + dynamic.p_vaddr as usize) as *const Dyn;
        let end = (base + (dynamic.p_vaddr + dynamic.p_memsz) as usize) as *const Dyn;
        while entry < end {
            // SAFETY: `entry` is within the loaded PT_DYNAMIC segment, an
            // array of Elf64_Dyn ended by DT_NULL.
            let Dyn { tag, value } = unsafe { entry.read() };
            match tag {
                0 => break,
                DT_TEXTREL => return true,
                DT_FLAGS if value & DF_TEXTREL != 0 => return true,
                _ => {}
            }
            // SAFETY: still within the segment (checked by the loop).
            entry = unsafe { entry.add(1) };
        }
        false
    }
}

#[cfg(test)]
mod tests {
    /// Relocated data (pointers in RELRO) and code are still right after
    /// the pages are given back: had a written page been dropped, the
    /// pointers would read as the file's unrelocated bytes.
    #[test]
    fn the_program_still_runs_right_after_its_pages_are_given_back() {
        static NAMES: [&str; 3] = ["json", "decimal", "asyncio"];
        fn double(x: usize) -> usize {
            x * 2
        }
        static TABLE: [fn(usize) -> usize; 1] = [double];
        super::release_own_code();
        super::release_own_code();
        assert_eq!(NAMES.join(","), "json,decimal,asyncio");
        assert_eq!(TABLE[0](21), 42);
        assert_eq!(format!("{:?}", Some(crate::PYTHON_VERSION)), format!("Some({:?})", crate::PYTHON_VERSION));
    }
}
