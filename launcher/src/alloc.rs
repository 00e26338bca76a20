//! `allocator_backend` and its domain switches.
//!
//! The launcher supports `default` (CPython's allocators, untouched) and
//! `rust`: Rust's global allocator, which is the system allocator, so the
//! backend is the C library's `malloc` family. jemalloc, mimalloc and
//! snmalloc are not built in; `frost build` refuses them (runtime/src/support.rs).

use std::ffi::c_void;

use frost_runtime::{AllocatorBackend, InterpreterConfig};
use libc::size_t;
use pyo3::ffi;

extern "C" fn raw_malloc(_ctx: *mut c_void, size: size_t) -> *mut c_void {
    // CPython requires a unique non-NULL pointer for size 0.
    unsafe { libc::malloc(size.max(1)) }
}

extern "C" fn raw_calloc(_ctx: *mut c_void, nelem: size_t, elsize: size_t) -> *mut c_void {
    if nelem == 0 || elsize == 0 {
        return unsafe { libc::calloc(1, 1) };
    }
    unsafe { libc::calloc(nelem, elsize) }
}

extern "C" fn raw_realloc(_ctx: *mut c_void, ptr: *mut c_void, size: size_t) -> *mut c_void {
    unsafe { libc::realloc(ptr, size.max(1)) }
}

extern "C" fn raw_free(_ctx: *mut c_void, ptr: *mut c_void) {
    unsafe { libc::free(ptr) }
}

extern "C" fn arena_alloc(_ctx: *mut c_void, size: size_t) -> *mut c_void {
    unsafe { libc::malloc(size) }
}

extern "C" fn arena_free(_ctx: *mut c_void, ptr: *mut c_void, _size: size_t) {
    unsafe { libc::free(ptr) }
}

/// Installs the configured allocators. Must run after pre-initialization
/// and before anything is allocated through the domains it replaces
/// (that is, before the `PyConfig` is made).
///
/// # Safety
/// CPython must be pre-initialized and not yet initialized.
pub unsafe fn install(config: &InterpreterConfig) {
    if config.allocator_backend == AllocatorBackend::Rust {
        let mut allocator = ffi::PyMemAllocatorEx {
            ctx: std::ptr::null_mut(),
            malloc: Some(raw_malloc),
            calloc: Some(raw_calloc),
            realloc: Some(raw_realloc),
            free: Some(raw_free),
        };
        let domains = [
            (config.allocator_raw, ffi::PyMemAllocatorDomain::PYMEM_DOMAIN_RAW),
            (config.allocator_mem, ffi::PyMemAllocatorDomain::PYMEM_DOMAIN_MEM),
            (config.allocator_obj, ffi::PyMemAllocatorDomain::PYMEM_DOMAIN_OBJ),
        ];
        for (on, domain) in domains {
            if on {
                ffi::PyMem_SetAllocator(domain, &mut allocator);
            }
        }
        if config.allocator_pymalloc_arena {
            let mut arena = ffi::PyObjectArenaAllocator {
                ctx: std::ptr::null_mut(),
                alloc: Some(arena_alloc),
                free: Some(arena_free),
            };
            ffi::PyObject_SetArenaAllocator(&mut arena);
        }
    }
    if config.allocator_debug {
        ffi::PyMem_SetupDebugHooks();
    }
}
