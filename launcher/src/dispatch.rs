//! What a process was started to do, decided from its raw argv before
//! CPython sees it.
//!
//! `multiprocessing` starts `sys.executable` (the built app) in three ways
//! besides the app itself; `<interpreter flags>` is what
//! `subprocess._args_from_interpreter_flags()` writes (`-I`, `-O`, `-X dev`...):
//!
//! - spawn workers (`get_command_line()` in CPython's
//!   `Lib/multiprocessing/spawn.py`): with `sys.frozen` set,
//!   `exe --multiprocessing-fork key=value...`; without it, `exe <interpreter
//!   flags> -c "from multiprocessing.spawn import spawn_main; spawn_main(key=value, ...)"
//!   --multiprocessing-fork`;
//! - the resource tracker (`ensure_running()` in
//!   `Lib/multiprocessing/resource_tracker.py`): `exe <interpreter flags> -c
//!   "from multiprocessing.resource_tracker import main;main(R)"`, the same
//!   program from 3.8 to 3.14;
//! - the forkserver (`ensure_running()` in `Lib/multiprocessing/forkserver.py`):
//!   `exe <interpreter flags> -c "from multiprocessing.forkserver import main;
//!   main(W, R, [preload...], **{...})"` up to 3.13.12 and 3.14.3, then
//!   `-c "import sys; from multiprocessing.forkserver import main; main(W, R,
//!   [...], sys_argv=sys.argv[1:], **{...})"` followed by the parent's argv.
//!
//! Everything here is a pure function of the argv, so that the recognition
//! can be tested against each CPython version's recorded command lines.

use std::ffi::OsString;
use std::fmt;

/// The first argument of a frozen spawn worker.
pub const WORKER_FLAG: &str = "--multiprocessing-fork";

/// What the process runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Invocation {
    /// The app, with its argv untouched.
    App,
    /// A spawn worker: run `command` (a call of
    /// `multiprocessing.spawn.spawn_main` with keyword arguments).
    Worker { command: String },
    /// A multiprocessing helper process: run `program` (the `-c` text,
    /// checked to be one of CPython's own) with `sys.argv = argv`.
    Helper { kind: HelperKind, program: String, argv: Vec<OsString> },
}

impl Invocation {
    /// What the process would be, in a few words: `worker`, `resource tracker`...
    pub fn describe(&self) -> &'static str {
        match self {
            Invocation::App => "app",
            Invocation::Worker { .. } => "worker",
            Invocation::Helper { kind: HelperKind::ResourceTracker, .. } => "resource tracker",
            Invocation::Helper { kind: HelperKind::Forkserver, .. } => "forkserver",
            Invocation::Helper { kind: HelperKind::SpawnWorker, .. } => "worker",
        }
    }
}

/// The helper processes multiprocessing starts with `-c`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HelperKind {
    ResourceTracker,
    Forkserver,
    /// A spawn worker started the unfrozen way (`sys_frozen = False`):
    /// `-c "from multiprocessing.spawn import spawn_main; spawn_main(...)" --multiprocessing-fork`.
    SpawnWorker,
}

/// A worker command line that cannot be honoured.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DispatchError(pub String);

impl fmt::Display for DispatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DispatchError {}

/// Decides what a process started with `args` (`argv[0]` included) runs.
///
/// `auto_dispatch` is `multiprocessing_auto_dispatch`: without it
/// `--multiprocessing-fork` goes to the app like any other argument. Helper
/// command lines are always recognised: no app could make sense of them.
/// This is the shape only: the launcher then honours a worker or helper
/// only when its parent process is the app ([`crate::trust`]).
pub fn classify(args: &[OsString], auto_dispatch: bool) -> Result<Invocation, DispatchError> {
    if auto_dispatch && args.get(1).is_some_and(|a| a == WORKER_FLAG) {
        return worker_command(&args[2..]).map(|command| Invocation::Worker { command });
    }
    Ok(match recognise_helper(args.get(1..).unwrap_or_default()) {
        Some((HelperKind::SpawnWorker, ..)) if !auto_dispatch => Invocation::App,
        Some((kind, program, rest)) => {
            let mut argv = vec![OsString::from("-c")];
            argv.extend(rest.iter().cloned());
            Invocation::Helper { kind, program, argv }
        }
        None => Invocation::App,
    })
}

/// The `spawn_main(...)` call for worker arguments `key=value...`.
///
/// Keys must be Python identifiers, each given once, and `pipe_handle` (the
/// one required parameter) must be there; values are integers or `None`.
pub fn worker_command(kwargs: &[OsString]) -> Result<String, DispatchError> {
    let bad = |why: String| {
        DispatchError(format!(
            "malformed multiprocessing worker arguments: {why}; expected `{WORKER_FLAG} pipe_handle=N [tracker_fd=N] [parent_pid=N]` as multiprocessing writes them"
        ))
    };
    let mut seen: Vec<&str> = Vec::new();
    let mut call = Vec::new();
    for arg in kwargs {
        let text = arg.to_str().ok_or_else(|| bad(format!("{arg:?} is not UTF-8")))?;
        let (key, value) = text.split_once('=').ok_or_else(|| bad(format!("`{text}` is not key=value")))?;
        if !is_identifier(key) {
            return Err(bad(format!("`{key}` is not a parameter name")));
        }
        if seen.contains(&key) {
            return Err(bad(format!("`{key}` is given twice")));
        }
        let numeric = !value.is_empty() && value.len() <= 20 && value.bytes().all(|b| b.is_ascii_digit());
        if !numeric && value != "None" {
            return Err(bad(format!("`{key}={value}` is neither an integer nor None")));
        }
        seen.push(key);
        call.push(format!("{key}={value}"));
    }
    if !seen.contains(&"pipe_handle") {
        return Err(bad("`pipe_handle` is missing".into()));
    }
    Ok(format!("from multiprocessing.spawn import spawn_main; spawn_main({})", call.join(", ")))
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Recognises `<interpreter flags> -c PROGRAM [tail...]` (argv without
/// `argv[0]`) where PROGRAM is one of multiprocessing's helper programs.
/// Returns the kind, the program and the tail.
pub fn recognise_helper(args: &[OsString]) -> Option<(HelperKind, String, &[OsString])> {
    let mut i = 0;
    loop {
        let arg = args.get(i)?.to_str()?;
        match arg {
            "-c" => break,
            "-X" | "-W" => i += 2,
            _ if is_interpreter_flag(arg) => i += 1,
            _ => return None,
        }
    }
    let program = args.get(i + 1)?.to_str()?;
    let kind = helper_program(program)?;
    Some((kind, program.to_string(), &args[i + 2..]))
}

/// A flag `subprocess._args_from_interpreter_flags()` writes (or the
/// one-token forms of `-X`/`-W`).
fn is_interpreter_flag(arg: &str) -> bool {
    if let Some(rest) = arg.strip_prefix("-X").or_else(|| arg.strip_prefix("-W")) {
        return !rest.is_empty();
    }
    arg.strip_prefix('-').is_some_and(|flags| !flags.is_empty() && flags.bytes().all(|b| b"OdBSvbqIEsPu".contains(&b)))
}

/// Which helper `program` is, if it is exactly one of CPython's helper
/// programs (the arguments of `main(...)` may only be literals).
pub fn helper_program(program: &str) -> Option<HelperKind> {
    let body = program.strip_prefix("import sys;").map(|rest| rest.trim_start_matches(' ')).unwrap_or(program);
    if let Some(rest) = body.strip_prefix("from multiprocessing.spawn import spawn_main;") {
        let args = rest.trim_start_matches(' ').strip_prefix("spawn_main(")?.strip_suffix(')')?;
        let kwargs: Vec<OsString> = args.split(',').map(|a| OsString::from(a.trim_matches(' '))).collect();
        return worker_command(&kwargs).is_ok().then_some(HelperKind::SpawnWorker);
    }
    if let Some(rest) = body.strip_prefix("from multiprocessing.resource_tracker import main;") {
        let digits = rest.trim_start_matches(' ').strip_prefix("main(")?.strip_suffix(')')?;
        let ok = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
        return ok.then_some(HelperKind::ResourceTracker);
    }
    let rest = body.strip_prefix("from multiprocessing.forkserver import main;")?;
    let args = rest.trim_start_matches(' ').strip_prefix("main(")?.strip_suffix(')')?;
    literal_arguments(args).then_some(HelperKind::Forkserver)
}

/// Whether `args` (the text between `main(` and the final `)`) holds only
/// literal arguments: strings, numbers, `None`/`True`/`False`, lists,
/// tuples and dicts of them, `name=` keywords, `**` and the one expression
/// `sys.argv[1:]`. No call, attribute, operator or statement can hide there.
fn literal_arguments(args: &str) -> bool {
    let bytes = args.as_bytes();
    let mut depth: i32 = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b' ' => i += 1,
            b',' | b':' => i += 1,
            b'*' if args[i..].starts_with("**{") => i += 2,
            b'(' | b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b')' | b']' | b'}' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
                i += 1;
            }
            b'\'' | b'"' => match string_end(bytes, i) {
                Some(end) => i = end,
                None => return false,
            },
            b'b' if matches!(bytes.get(i + 1), Some(b'\'' | b'"')) => match string_end(bytes, i + 1) {
                Some(end) => i = end,
                None => return false,
            },
            b'-' if bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => i += 1,
            b'0'..=b'9' => {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
            }
            _ if b.is_ascii_alphabetic() || b == b'_' => {
                if args[i..].starts_with("sys.argv[1:]") {
                    i += "sys.argv[1:]".len();
                    continue;
                }
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                let word = &args[start..i];
                let keyword = bytes.get(i) == Some(&b'=') && bytes.get(i + 1) != Some(&b'=');
                if keyword {
                    i += 1;
                } else if !matches!(word, "None" | "True" | "False") {
                    return false;
                }
            }
            _ => return false,
        }
    }
    depth == 0
}

/// The index just past the string literal whose quote is at `start`.
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' | b'\r' => return None,
            b if b == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(items: &[&str]) -> Vec<OsString> {
        items.iter().map(OsString::from).collect()
    }

    const TRACKER: &str = "from multiprocessing.resource_tracker import main;main(5)";
    /// forkserver.py 3.8 to 3.13.7: `main(%d, %d, %r, **%r)`.
    const FORKSERVER_38: &str = "from multiprocessing.forkserver import main; main(6, 8, ['__main__'], **{'sys_path': ['/tmp/app', '/root/.pyenv/versions/3.8.18/lib/python38.zip', \"/it's here\"], 'main_path': '/tmp/app/main.py'})";
    /// 3.8 with nothing to preload and no main path.
    const FORKSERVER_38_BARE: &str = "from multiprocessing.forkserver import main; main(6, 8, [], **{'sys_path': ['/usr/lib/python3.11', '\\udcff\\x00'], 'main_path': None})";
    /// 3.13.12 / 3.14.3: sys_argv repr'd into the kwargs.
    const FORKSERVER_31312: &str = "from multiprocessing.forkserver import main; main(6, 8, ['__main__'], **{'sys_path': ['/a'], 'main_path': None, 'sys_argv': ['app', '--x=1', 'ünï']})";
    /// 3.13.13+ / 3.14.4+: `import sys; ` and `sys_argv=sys.argv[1:]`; the parent's argv is the tail.
    const FORKSERVER_314: &str = "import sys; from multiprocessing.forkserver import main; main(6, 8, ['__main__'], sys_argv=sys.argv[1:], **{'sys_path': ['/a'], 'main_path': '/a/m.py', 'authkey_r': 11})";

    fn helper(args: &[&str]) -> Option<(HelperKind, Vec<OsString>)> {
        match classify(&argv(args), true).unwrap() {
            Invocation::Helper { kind, argv, .. } => Some((kind, argv)),
            _ => None,
        }
    }

    #[test]
    fn resource_tracker_every_version() {
        // 3.8 to 3.14 all write the same program; the flags vary.
        for flags in [
            &[][..],
            &["-I"],
            &["-I", "-S"],
            &["-E", "-s"],
            &["-E", "-s", "-P"],
            &["-OO", "-B", "-S", "-vv", "-bb", "-q", "-I"],
            &[
                "-O",
                "-B",
                "-I",
                "-Wignore",
                "-Werror::DeprecationWarning",
                "-X",
                "dev",
                "-X",
                "frozen_modules=off",
                "-X",
                "utf8",
            ],
            &[
                "-I",
                "-X",
                "faulthandler",
                "-X",
                "importtime",
                "-X",
                "int_max_str_digits=0",
                "-X",
                "warn_default_encoding",
            ],
        ] {
            let mut args = vec!["/opt/app/myapp"];
            args.extend_from_slice(flags);
            args.extend(["-c", TRACKER]);
            assert_eq!(helper(&args), Some((HelperKind::ResourceTracker, argv(&["-c"]))), "{args:?}");
        }
    }

    #[test]
    fn forkserver_every_version() {
        for program in [FORKSERVER_38, FORKSERVER_38_BARE, FORKSERVER_31312] {
            let args = ["/opt/app/myapp", "-I", "-c", program];
            assert_eq!(helper(&args), Some((HelperKind::Forkserver, argv(&["-c"]))), "{program}");
        }
        // 3.13.13+ / 3.14.4+: argv[-2] == '-c' no longer holds.
        let args = ["/opt/app/myapp", "-B", "-I", "-X", "dev", "-c", FORKSERVER_314, "/opt/app/myapp", "--opt", "ünï"];
        assert_eq!(helper(&args), Some((HelperKind::Forkserver, argv(&["-c", "/opt/app/myapp", "--opt", "ünï"]))));
    }

    #[test]
    fn other_programs_are_not_run() {
        let evil = [
            "print('hi')",
            "from multiprocessing.resource_tracker import main;main(5); import os",
            "from multiprocessing.resource_tracker import main;main(os.getpid())",
            "from multiprocessing.forkserver import main; main(6, 8, []); import os",
            "from multiprocessing.forkserver import main; main(6, 8, __import__('os').system('x'))",
            "from multiprocessing.forkserver import main; main(6, 8, [], **{'a': 'x'.join([])})",
            "from multiprocessing.forkserver import main; main(6, 8)(os)",
            "from multiprocessing.forkserver import main; main(6, 8, ['unterminated)",
            "from multiprocessing.forkserver import main; main(6, 8, exec)",
            "import sys; import os; from multiprocessing.forkserver import main; main(6, 8)",
            "from multiprocessing.forkserver import main; main(6, 8, [])\nimport os",
            "from multiprocessing.forkserver import main; main(6, 8, [], **2**99999999)",
            "from multiprocessing.forkserver import main; main(6, 8, [], - [])",
        ];
        for program in evil {
            assert_eq!(helper(&["/app", "-I", "-c", program]), None, "{program}");
        }
        // A helper program behind something that is not an interpreter flag.
        assert_eq!(helper(&["/app", "--verbose", "-c", TRACKER]), None);
        assert_eq!(helper(&["/app", "run", "-c", TRACKER]), None);
        assert_eq!(helper(&["/app", "-I", "-c"]), None);
        assert_eq!(classify(&argv(&["/app", "-c", "print(1)"]), true), Ok(Invocation::App));
        assert_eq!(classify(&argv(&["/app"]), true), Ok(Invocation::App));
    }

    #[test]
    fn workers_get_keyword_arguments() {
        let got = classify(&argv(&["/app", WORKER_FLAG, "tracker_fd=5", "pipe_handle=7"]), true).unwrap();
        let command = "from multiprocessing.spawn import spawn_main; spawn_main(tracker_fd=5, pipe_handle=7)";
        assert_eq!(got, Invocation::Worker { command: command.into() });
        // Windows shape, and None.
        let got = worker_command(&argv(&["parent_pid=1234", "pipe_handle=None"])).unwrap();
        assert!(got.ends_with("spawn_main(parent_pid=1234, pipe_handle=None)"), "{got}");
        // Without auto-dispatch the app gets the arguments.
        assert_eq!(classify(&argv(&["/app", WORKER_FLAG, "pipe_handle=7"]), false), Ok(Invocation::App));
    }

    #[test]
    fn unfrozen_spawn_workers() {
        // sys.frozen unset: every version writes the -c form, `--multiprocessing-fork` last.
        let program = "from multiprocessing.spawn import spawn_main; spawn_main(tracker_fd=5, pipe_handle=7)";
        let args = ["/app", "-I", "-X", "utf8", "-c", program, WORKER_FLAG];
        assert_eq!(helper(&args), Some((HelperKind::SpawnWorker, argv(&["-c", WORKER_FLAG]))));
        assert_eq!(classify(&argv(&args), false), Ok(Invocation::App));
        let bad = "from multiprocessing.spawn import spawn_main; spawn_main(pipe_handle=__import__('os'))";
        assert_eq!(helper(&["/app", "-c", bad, WORKER_FLAG]), None);
    }

    #[test]
    fn malformed_workers_are_refused() {
        for bad in [
            &["tracker_fd=5"][..],
            &["pipe_handle=7", "pipe_handle=8"],
            &["pipe_handle"],
            &["pipe_handle=7)", "x=1"],
            &["pipe_handle=os.system('x')"],
            &["pipe-handle=7"],
            &["pipe_handle=", "x=1"],
            &["1x=2", "pipe_handle=7"],
        ] {
            let err = worker_command(&argv(bad)).unwrap_err();
            assert!(err.0.starts_with("malformed multiprocessing worker arguments"), "{bad:?}: {err}");
        }
    }
}
