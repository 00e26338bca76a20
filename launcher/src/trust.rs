//! Whether a multiprocessing command line comes from the app itself.
//!
//! [`crate::dispatch`] recognises worker and helper command lines by their
//! shape alone; anyone who can start the app could write one, and then run
//! multiprocessing's helper code (the resource tracker unlinks the shared
//! memory and semaphores it is told about; a worker unpickles what a pipe
//! gives it) with the app's privileges. So they are honoured only when the
//! parent process runs the very same executable file (the same device and
//! inode as `/proc/self/exe`): multiprocessing starts them from the app, a
//! worker or the forkserver, all of which are this file.

use std::path::Path;

/// Why the parent process is not this app (for the refusal's message).
#[derive(Debug, PartialEq, Eq)]
pub struct Foreign(pub String);

/// Checks that the parent process runs the executable at `exe`.
///
/// On Linux this compares the files `/proc/self/exe` and
/// `/proc/<ppid>/exe` point to (which stay valid when the path was replaced
/// or removed since). A parent whose executable cannot be read (another
/// user's process, another PID namespace, gone) is not the app. Elsewhere
/// there is no such check: every recognised command line is honoured.
pub fn parent_is(exe: &Path) -> Result<(), Foreign> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: getppid(2) takes no arguments and cannot fail.
        let ppid = unsafe { libc::getppid() };
        let own = std::fs::metadata("/proc/self/exe")
            .or_else(|_| std::fs::metadata(exe))
            .map_err(|e| Foreign(format!("cannot read this executable ({}): {e}", exe.display())))?;
        let parent_exe = format!("/proc/{ppid}/exe");
        let parent = std::fs::metadata(&parent_exe).map_err(|e| {
            Foreign(format!("the parent process (pid {ppid}) is not this app: its executable cannot be read ({e})"))
        })?;
        if (parent.dev(), parent.ino()) != (own.dev(), own.ino()) {
            let name = std::fs::read_link(&parent_exe).map(|p| p.display().to_string()).unwrap_or_default();
            return Err(Foreign(format!("the parent process (pid {ppid}, {name}) is not this app")));
        }
        Ok(())
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = exe;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_test_binary_is_not_started_by_itself() {
        // cargo (or a shell) started this test binary: its parent is foreign.
        let exe = std::env::current_exe().unwrap();
        let Foreign(why) = parent_is(&exe).unwrap_err();
        assert!(why.starts_with("the parent process (pid "), "{why}");
    }
}
