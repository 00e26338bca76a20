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

// The functions below are CPython's allocator callbacks. CPython calls them
// with the contract of `malloc`/`calloc`/`realloc`/`free` (a pointer given to
// `free` or `realloc` came from this same allocator, because each domain keeps
// one allocator for its whole life), which is the contract of the C library
// functions they forward to.

extern "C" fn raw_malloc(_ctx: *mut c_void, size: size_t) -> *mut c_void {
    // CPython requires a unique non-NULL pointer for size 0.
    // SAFETY: `malloc` may be called with any size; the result is CPython's to free.
    unsafe { libc::malloc(size.max(1)) }
}

extern "C" fn raw_calloc(_ctx: *mut c_void, nelem: size_t, elsize: size_t) -> *mut c_void {
    if nelem == 0 || elsize == 0 {
        // SAFETY: as in `raw_malloc`: a unique non-NULL pointer for an empty request.
        return unsafe { libc::calloc(1, 1) };
    }
    // SAFETY: `calloc` checks `nelem * elsize` for overflow itself.
    unsafe { libc::calloc(nelem, elsize) }
}

extern "C" fn raw_realloc(_ctx: *mut c_void, ptr: *mut c_void, size: size_t) -> *mut c_void {
    // SAFETY: `ptr` is NULL or came from this allocator (`raw_malloc`,
    // `raw_calloc` or `raw_realloc`, all the C library's), as CPython guarantees.
    unsafe { libc::realloc(ptr, size.max(1)) }
}

extern "C" fn raw_free(_ctx: *mut c_void, ptr: *mut c_void) {
    // SAFETY: `ptr` is NULL or came from this allocator, and CPython frees it once.
    unsafe { libc::free(ptr) }
}

extern "C" fn arena_alloc(_ctx: *mut c_void, size: size_t) -> *mut c_void {
    // SAFETY: `malloc` may be called with any size (pymalloc asks for whole arenas).
    unsafe { libc::malloc(size) }
}

extern "C" fn arena_free(_ctx: *mut c_void, ptr: *mut c_void, _size: size_t) {
    // SAFETY: `ptr` came from `arena_alloc`, and pymalloc frees each arena once.
    unsafe { libc::free(ptr) }
}

/// Installs the configured allocators. Must run after pre-initialization
/// and before anything is allocated through the domains it replaces
/// (that is, before the `PyConfig` is made).
///
/// # Safety
/// CPython must be pre-initialized and not yet initialized, and no other
/// thread may be using CPython.
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
                // SAFETY: the caller guarantees nothing has been allocated
                // through the domain yet, so no block of the old allocator
                // reaches the new one; CPython copies the struct.
                unsafe { ffi::PyMem_SetAllocator(domain, &mut allocator) };
            }
        }
        if config.allocator_pymalloc_arena {
            let mut arena = ffi::PyObjectArenaAllocator {
                ctx: std::ptr::null_mut(),
                alloc: Some(arena_alloc),
                free: Some(arena_free),
            };
            // SAFETY: before initialization pymalloc holds no arena yet; CPython copies the struct.
            unsafe { ffi::PyObject_SetArenaAllocator(&mut arena) };
        }
    }
    if config.allocator_debug {
        // SAFETY: before initialization, like the allocators above, so the
        // hooks see every block from its allocation on (hooks installed later
        // would be handed blocks they did not allocate).
        unsafe { ffi::PyMem_SetupDebugHooks() };
    }
}
