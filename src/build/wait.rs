//! Running a child process with a deadline: `frost doctor` waits for a
//! built app, `frost python list` for each interpreter it asks.

use std::io::Read;
use std::process::{Child, Output};
use std::time::{Duration, Instant};

/// Waits for `child` and collects its output, or kills its process group
/// after `timeout` and returns `None`. Start the child in its own process
/// group (`process_group(0)`) so that the group is what is killed; its
/// output is read on threads, so a chatty child cannot block on a full pipe.
pub fn wait_within(mut child: Child, timeout: Duration) -> std::io::Result<Option<Output>> {
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let out = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stdout.read_to_end(&mut bytes);
        bytes
    });
    let err = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stderr.read_to_end(&mut bytes);
        bytes
    });
    let deadline = Instant::now() + timeout;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if Instant::now() >= deadline {
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let Some(status) = status else {
        #[cfg(unix)]
        // SAFETY: kill(2) with a negative pid signals the process group the
        // child leads (it was started with process_group(0)); it takes no
        // pointers.
        unsafe {
            libc::kill(-(child.id() as i32), libc::SIGKILL);
        }
        let _ = child.kill();
        let _ = child.wait();
        return Ok(None);
    };
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    Ok(Some(Output { status, stdout, stderr }))
}
