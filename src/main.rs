//! The `frost` command line; see [`frost::commands`].

fn main() -> std::process::ExitCode {
    frost::commands::main()
}

/// Notes, before Rust's start-up replaces a closed standard output with
/// `/dev/null`, that it was closed: output written there would be lost, and
/// `frost` must say so rather than exit 0.
#[cfg(target_os = "linux")]
extern "C" fn note_closed_stdout() {
    // SAFETY: `fcntl(F_GETFD)` only queries the descriptor table; it takes
    // no pointers and has no effect on memory.
    if unsafe { libc::fcntl(1, libc::F_GETFD) } == -1 {
        frost::commands::STDOUT_WAS_CLOSED.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// Runs [`note_closed_stdout`] as an ELF constructor, before `main` and
/// before Rust's runtime opens `/dev/null` over closed descriptors.
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static NOTE_CLOSED_STDOUT: extern "C" fn() = note_closed_stdout;
