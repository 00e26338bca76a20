//! How an evaluation is set up: the target to resolve, `VARS`, the triple,
//! the folder loads may read, and the limits.

use std::path::PathBuf;

use starlark::any::ProvidesStaticType;

/// Which targets to resolve.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Resolve {
    /// The target named by `target`, else the default one.
    #[default]
    Requested,
    /// Every registered target (what `frost check` does).
    All,
}

/// How an evaluation is set up.
#[derive(Clone, Debug)]
pub struct EvalOptions {
    /// The target to resolve; the default target when `None`.
    pub target: Option<String>,
    /// `VARS`, in the order given.
    pub vars: Vec<(String, String)>,
    /// `BUILD_TARGET_TRIPLE`.
    pub target_triple: String,
    /// The folder loads may not leave; the config's own folder when `None`.
    pub root: Option<PathBuf>,
    /// Which targets to resolve.
    pub resolve: Resolve,
    /// Whether `print()` writes to stderr (it never writes to stdout).
    pub print: bool,
    /// Record where each attribute is set (what `frost check` reports).
    pub track_locations: bool,
    /// Stop a config that runs longer than this many steps (calls and loop
    /// iterations).
    pub max_steps: u64,
    /// Stop a config that runs longer than this.
    pub timeout: std::time::Duration,
    /// Stop a config whose heap grows past this many bytes.
    pub max_heap_bytes: usize,
    /// Runs packaging actions at their call (`frost build`, `frost run`);
    /// `None` (`frost eval`, `check`, `lsp`) records them and returns `[]`.
    pub actions: Option<ActionRunnerRef>,
}

/// What runs `pip_install`, `pip_download`, `setup_py_install` and
/// `read_virtualenv` at their call while `frost build` evaluates.
pub trait ActionRunner: Send + Sync {
    /// Runs `action` and returns the folder holding what it installed (pip's
    /// `--target`, a virtualenv's `site-packages`), which stays until the
    /// build ends; an error is one message naming the action and its call site.
    fn run(&self, action: &frost_runtime::plan::Action, python: &ActionPython) -> Result<PathBuf, String>;
}

/// The distribution of the executable an action is called on: the CPython
/// it runs with is the one the bundle will carry.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ActionPython {
    /// The `major.minor` the distribution asks for.
    pub version: String,
    /// Its `PythonDistribution(local_path = ...)`, if any.
    pub distribution: Option<frost_runtime::plan::DistributionSource>,
}

/// A shared [`ActionRunner`].
#[derive(Clone)]
pub struct ActionRunnerRef(pub std::sync::Arc<dyn ActionRunner>);

impl std::fmt::Debug for ActionRunnerRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ActionRunner")
    }
}

/// The default bound on evaluation steps: a typical config needs a few
/// thousand, a very large one a few hundred thousand.
pub const DEFAULT_MAX_STEPS: u64 = 10_000_000;
/// The default bound on evaluation time.
pub const DEFAULT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);
/// The native stack every evaluation runs on (`frost` runs its commands,
/// and `frost check` its workers, on threads this large; the memory is
/// only touched as deep evaluation needs it). Programs that call
/// [`crate::evaluate`] should do the same.
pub const EVAL_STACK_BYTES: usize = 256 << 20;

/// The most memory a config's heap may use, unless told otherwise.
pub const MAX_HEAP_BYTES: usize = 2 << 30;

impl Default for EvalOptions {
    fn default() -> Self {
        EvalOptions {
            target: None,
            vars: Vec::new(),
            target_triple: host_triple(),
            root: None,
            resolve: Resolve::Requested,
            print: true,
            track_locations: false,
            max_steps: DEFAULT_MAX_STEPS,
            timeout: DEFAULT_TIMEOUT,
            max_heap_bytes: MAX_HEAP_BYTES,
            actions: None,
        }
    }
}

/// The triple of the machine frost runs on, as Rust spells it.
pub fn host_triple() -> String {
    let arch = std::env::consts::ARCH;
    match std::env::consts::OS {
        "linux" => format!("{arch}-unknown-linux-gnu"),
        "macos" => format!("{arch}-apple-darwin"),
        "windows" => format!("{arch}-pc-windows-msvc"),
        os => format!("{arch}-unknown-{os}"),
    }
}
#[derive(ProvidesStaticType)]
pub(crate) struct FrostContext {
    pub(crate) options: EvalOptions,
    /// `CWD`: the config file's folder, the base of relative paths
    /// (`read_package_root`, `glob` and friends).
    pub(crate) cwd: PathBuf,
    /// The folder nothing the config reads may leave (see `--root`).
    pub(crate) root: PathBuf,
    /// What `set_build_path()` recorded (absolute), if it was called.
    pub(crate) build_path: std::cell::RefCell<Option<PathBuf>>,
}

impl FrostContext {
    /// A context for `options`, with the config in `cwd` and reads limited to `root`.
    pub(crate) fn new(options: EvalOptions, cwd: PathBuf, root: PathBuf) -> Self {
        FrostContext { options, cwd, root, build_path: std::cell::RefCell::new(None) }
    }
}

/// Checks that `triple` has the shape of a target triple,
/// `ARCH-VENDOR-OS[-ENV]` (as `x86_64-unknown-linux-gnu` or
/// `aarch64-apple-darwin`), or says what is accepted.
pub fn check_triple(triple: &str) -> Result<(), String> {
    let parts: Vec<&str> = triple.split('-').collect();
    let ok = (3..=4).contains(&parts.len())
        && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        && parts[0].starts_with(|c: char| c.is_ascii_alphabetic());
    if ok {
        Ok(())
    } else {
        Err(format!(
            "--target-triple {}: not a target triple; it must have the form ARCH-VENDOR-OS[-ENV], such as {} or x86_64-pc-windows-msvc",
            frost_runtime::attr::starlark_string(triple),
            host_triple()
        ))
    }
}
