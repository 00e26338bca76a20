//! Evaluating a config file: globals, `load()`, targets and lowering.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use allocative::Allocative;
use frost_runtime::RuntimeConfig;
use starlark::any::ProvidesStaticType;
use starlark::codemap::FileSpan;
use starlark::environment::{FrozenModule, Globals, GlobalsBuilder, LibraryExtension, Module};
use starlark::eval::{Evaluator, FileLoader};
use starlark::syntax::{AstModule, Dialect};
use starlark::values::dict::AllocDict;
use starlark::values::{
    starlark_value, Freeze, FreezeResult, Freezer, NoSerialize, StarlarkValue, Trace, Value, ValueLike,
};
use starlark::PrintHandler;

use crate::values::lower_target_value;

/// The CPython `default_python_distribution()` describes unless told otherwise.
pub use frost_runtime::DEFAULT_PYTHON_VERSION;
/// The CPython versions a distribution may name.
pub const PYTHON_VERSIONS: &[&str] = &["3.8", "3.9", "3.10", "3.11", "3.12", "3.13"];

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
}

/// The default bound on evaluation steps: a typical config needs a few
/// thousand, a very large one a few hundred thousand.
pub const DEFAULT_MAX_STEPS: u64 = 10_000_000;
/// The default bound on evaluation time.
pub const DEFAULT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);
/// The most memory a config's heap may use.
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

/// The Starlark dialect of frost configs: standard Starlark plus top-level
/// `if`/`for`, f-strings and keyword-only arguments.
pub fn dialect() -> Dialect {
    Dialect {
        enable_top_level_stmt: true,
        enable_f_strings: true,
        enable_keyword_only_arguments: true,
        ..Dialect::Standard
    }
}

/// Why an evaluation failed.
#[derive(Debug)]
pub enum FrostError {
    /// A problem with the command line or a file that cannot be read: exit 2.
    Usage(String),
    /// A problem in the config: exit 1.
    Config(starlark::Error),
    /// A problem in a module the config loads: exit 1.
    Loaded {
        /// The error, located in the loaded module.
        error: starlark::Error,
        /// The `load` statements that brought the module in, innermost first.
        loaded_at: Vec<FileSpan>,
    },
}

impl FrostError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            FrostError::Usage(_) => 2,
            FrostError::Config(_) | FrostError::Loaded { .. } => 1,
        }
    }
}

impl fmt::Display for FrostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrostError::Usage(m) => write!(f, "error: {m}"),
            FrostError::Config(e) => f.write_str(&render_error(e)),
            FrostError::Loaded { error, loaded_at } => {
                f.write_str(&render_error(error))?;
                for site in loaded_at {
                    write!(f, "\nnote: {}", load_note(site))?;
                }
                Ok(())
            }
        }
    }
}

/// `loaded at frost.bzl:1:6: load("lib.bzl", "X")`.
pub fn load_note(site: &FileSpan) -> String {
    let r = site.resolve();
    let line = site.file.source_line(r.span.begin.line).trim();
    format!("loaded at {}:{}:{}: {line}", r.file, r.span.begin.line + 1, r.span.begin.column + 1)
}

/// What to say when evaluation hit one of frost's limits, or `None` for
/// any other error.
pub fn limit_explanation(message: &str) -> Option<String> {
    let m = message.to_lowercase();
    if m.contains("evaluation cancelled") {
        Some(
            "evaluation stopped: the config ran longer than the time limit (an endless loop?); raise it with --timeout"
                .into(),
        )
    } else if m.contains("ticks has been exceeded") {
        Some(format!("evaluation stopped: {message} (an endless loop?); raise the limit with --max-steps"))
    } else if m.contains("heap") && (m.contains("limit") || m.contains("exceeded")) {
        Some(format!("evaluation stopped: {message}: the config uses too much memory"))
    } else {
        None
    }
}

/// An evaluation error as rustc-style text: the call stack, the message and
/// a snippet of the line at fault. The anonymous frame that starlark records
/// when frost calls a target function is left out.
pub fn render_error(e: &starlark::Error) -> String {
    let text = e.to_string();
    if let Some(explanation) = limit_explanation(&text) {
        return format!("error: {explanation}");
    }
    let noise = ["File <builtin>, in None", "File <builtin>, in <module>"];
    let lines: Vec<&str> = text.lines().filter(|l| !noise.contains(&l.trim())).collect();
    let mut out = String::with_capacity(text.len());
    for (i, line) in lines.iter().enumerate() {
        let empty_traceback = *line == "Traceback (most recent call last):"
            && lines.get(i + 1).is_some_and(|next| next.starts_with("error"));
        if !empty_traceback {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.truncate(out.trim_end().len());
    if !out.lines().any(|l| l.starts_with("error")) {
        // starlark prints an error without a location as its bare message.
        out = format!("error: {out}");
    }
    out
}

impl From<starlark::Error> for FrostError {
    fn from(e: starlark::Error) -> Self {
        FrostError::Config(e)
    }
}

/// A resolved target.
#[derive(Debug, Clone)]
pub struct ResolvedTarget {
    /// Its name.
    pub name: String,
    /// The Starlark type of what its function returned.
    pub type_name: String,
    /// The lowered config, when it returned a `PythonExecutable` or a
    /// `PythonInterpreterConfig`.
    pub lowered: Option<RuntimeConfig>,
    /// Where the config's attributes were set (with [`EvalOptions::track_locations`]).
    pub locations: crate::values::Locations,
    /// Where the target was registered.
    pub registered_at: Option<FileSpan>,
}

/// The result of evaluating a config file.
#[derive(Debug, Clone)]
pub struct Evaluated {
    /// Resolved targets, in the order they were registered.
    pub targets: Vec<ResolvedTarget>,
    /// The target `frost eval` prints: the requested or default one.
    pub requested: Option<String>,
}

impl Evaluated {
    /// The lowered config of the requested target.
    pub fn requested_config(&self) -> Option<&RuntimeConfig> {
        let name = self.requested.as_deref()?;
        self.targets.iter().find(|t| t.name == name)?.lowered.as_ref()
    }
}

/// What the builtins need to know about the evaluation.
#[derive(ProvidesStaticType)]
pub(crate) struct FrostContext {
    pub(crate) options: EvalOptions,
}

// ---------------------------------------------------------------------------
// Targets

#[derive(Debug, Trace, Allocative)]
pub(crate) struct Target<'v> {
    #[trace(static)]
    pub(crate) name: String,
    pub(crate) func: Value<'v>,
    #[trace(static)]
    pub(crate) depends: Vec<String>,
    #[trace(static)]
    pub(crate) default: bool,
    #[trace(static)]
    #[allocative(skip)]
    pub(crate) location: Option<FileSpan>,
    pub(crate) resolved: Option<Value<'v>>,
}

/// The targets of the main module, kept as the module's extra value so the
/// garbage collector sees the functions and results they hold.
#[derive(Debug, Trace, ProvidesStaticType, NoSerialize, Allocative, Default)]
pub(crate) struct TargetRegistry<'v> {
    pub(crate) targets: RefCell<Vec<Target<'v>>>,
    #[trace(static)]
    #[allocative(skip)]
    pub(crate) resolve_called: Cell<bool>,
}

impl fmt::Display for TargetRegistry<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TargetRegistry")
    }
}

#[starlark_value(type = "TargetRegistry")]
impl<'v> StarlarkValue<'v> for TargetRegistry<'v> {}

impl<'v> Freeze for TargetRegistry<'v> {
    type Frozen = FrozenTargetRegistry;
    fn freeze(self, _freezer: &Freezer) -> FreezeResult<FrozenTargetRegistry> {
        Ok(FrozenTargetRegistry)
    }
}

#[derive(Debug, ProvidesStaticType, NoSerialize, Allocative)]
pub(crate) struct FrozenTargetRegistry;

impl fmt::Display for FrozenTargetRegistry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TargetRegistry")
    }
}

#[starlark_value(type = "TargetRegistry")]
impl<'v> StarlarkValue<'v> for FrozenTargetRegistry {
    type Canonical = TargetRegistry<'v>;
}

impl<'v> starlark::values::AllocValue<'v> for TargetRegistry<'v> {
    fn alloc_value(self, heap: starlark::values::Heap<'v>) -> Value<'v> {
        heap.alloc_complex(self)
    }
}

/// The registry of the module being evaluated, or an error for a loaded module.
pub(crate) fn registry<'v, 'a>(eval: &Evaluator<'v, 'a, '_>) -> starlark::Result<&'v TargetRegistry<'v>> {
    eval.module()
        .extra_value()
        .and_then(|v| v.downcast_ref::<TargetRegistry<'v>>())
        .ok_or_else(|| other_error("targets can only be registered and resolved in the config file named on the command line, not in a loaded module"))
}

pub(crate) fn other_error(message: impl Into<String>) -> starlark::Error {
    starlark::Error::new_other(anyhow::anyhow!(message.into()))
}

fn spanned_error(message: String, location: &Option<FileSpan>) -> starlark::Error {
    match location {
        Some(span) => {
            starlark::Error::new_spanned(starlark::ErrorKind::Other(anyhow::anyhow!(message)), span.span, &span.file)
        }
        None => other_error(message),
    }
}

/// The names of the registered targets, for messages.
fn target_names(targets: &[Target]) -> String {
    let names: Vec<String> = targets.iter().map(|t| format!("`{}`", t.name)).collect();
    if names.is_empty() {
        "none are registered".to_string()
    } else {
        format!("the targets are {}", names.join(", "))
    }
}

/// Resolves target `name`: its dependencies first, then its function,
/// called with their results. Each target is resolved once.
pub(crate) fn resolve_target<'v>(
    eval: &mut Evaluator<'v, '_, '_>,
    name: &str,
    stack: &mut Vec<String>,
) -> starlark::Result<Value<'v>> {
    let reg = registry(eval)?;
    let (func, depends) = {
        let targets = reg.targets.borrow();
        let Some(target) = targets.iter().find(|t| t.name == name) else {
            let suggestion = frost_runtime::attr::closest(name, targets.iter().map(|t| t.name.as_str()));
            let hint = match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => target_names(&targets),
            };
            return Err(other_error(format!("no target named `{name}`; {hint}")));
        };
        if let Some(v) = target.resolved {
            return Ok(v);
        }
        if stack.iter().any(|s| s == name) {
            stack.push(name.to_string());
            return Err(spanned_error(
                format!("targets depend on each other in a cycle: {}", stack.join(" -> ")),
                &target.location,
            ));
        }
        (target.func, target.depends.clone())
    };
    stack.push(name.to_string());
    let mut args = Vec::with_capacity(depends.len());
    for dep in &depends {
        args.push(resolve_target(eval, dep, stack)?);
    }
    let value = eval.eval_function(func, &args, &[])?;
    stack.pop();
    let mut targets = reg.targets.borrow_mut();
    if let Some(target) = targets.iter_mut().find(|t| t.name == name) {
        target.resolved = Some(value);
    }
    Ok(value)
}

/// The name of the target `frost eval` resolves: the one asked for, else the
/// one registered with `default = True`, else the first registered.
fn requested_name(targets: &[Target], options: &EvalOptions) -> Option<String> {
    if let Some(t) = &options.target {
        return Some(t.clone());
    }
    targets.iter().find(|t| t.default).or(targets.first()).map(|t| t.name.clone())
}

/// Resolves what the options ask for. Called by `resolve_targets()`, or after
/// the module ran if it never called it.
pub(crate) fn resolve_requested<'v>(eval: &mut Evaluator<'v, '_, '_>, options: &EvalOptions) -> starlark::Result<()> {
    let reg = registry(eval)?;
    reg.resolve_called.set(true);
    let names: Vec<String> = match options.resolve {
        Resolve::All => reg.targets.borrow().iter().map(|t| t.name.clone()).collect(),
        Resolve::Requested => {
            let targets = reg.targets.borrow();
            match requested_name(&targets, options) {
                Some(name) => vec![name],
                None => {
                    return Err(other_error(
                        "no targets are registered; add `register_target(\"exe\", make_exe, default = True)`",
                    ))
                }
            }
        }
    };
    for name in names {
        resolve_target(eval, &name, &mut Vec::new())?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Globals and modules

/// The globals of every frost module.
pub fn globals() -> Globals {
    static GLOBALS: std::sync::OnceLock<Globals> = std::sync::OnceLock::new();
    GLOBALS.get_or_init(build_globals).clone()
}

/// The names a config can use without defining them: the globals and the
/// values frost puts in every module.
pub fn global_names() -> std::collections::HashSet<String> {
    let mut names: std::collections::HashSet<String> = globals().names().map(|n| n.as_str().to_string()).collect();
    names.extend(MODULE_VALUES.iter().map(|n| n.to_string()));
    names
}

/// The values frost sets in every module.
pub const MODULE_VALUES: &[&str] = &["VARS", "CWD", "CONFIG_PATH", "BUILD_TARGET_TRIPLE"];

fn build_globals() -> Globals {
    GlobalsBuilder::extended_by(&[
        LibraryExtension::StructType,
        LibraryExtension::Print,
        LibraryExtension::Json,
        LibraryExtension::Map,
        LibraryExtension::Filter,
        LibraryExtension::Partial,
        LibraryExtension::Debug,
        LibraryExtension::Pprint,
        LibraryExtension::Pstr,
        LibraryExtension::Prepr,
        LibraryExtension::NamespaceType,
        LibraryExtension::SetType,
    ])
    .with(crate::globals::frost_globals)
    .build()
}

struct PrintToStderr {
    enabled: bool,
}

impl PrintHandler for PrintToStderr {
    fn println(&self, text: &str) -> starlark::Result<()> {
        if self.enabled {
            eprintln!("{text}");
        }
        Ok(())
    }
}

/// State shared by the main module and every module it loads.
struct Session {
    options: EvalOptions,
    config_path: PathBuf,
    cwd: PathBuf,
    root: PathBuf,
    globals: Globals,
    cache: RefCell<HashMap<String, FrozenModule>>,
    loading: RefCell<Vec<String>>,
    /// The load statements an error passed through, innermost first.
    load_trace: RefCell<Vec<FileSpan>>,
    context: FrostContext,
    print: PrintToStderr,
    deadline: std::time::Instant,
}

impl Session {
    /// Sets up an evaluator: loader, print, context, limits and, for
    /// `frost check`, location tracking.
    fn prepare<'v, 'a>(&'a self, eval: &mut Evaluator<'v, 'a, '_>, loader: &'a Loader<'a>) -> starlark::Result<()> {
        eval.set_loader(loader);
        eval.set_print_handler(&self.print);
        eval.extra = Some(&self.context);
        eval.set_max_tick_count(self.options.max_steps.max(1)).map_err(starlark::Error::new_other)?;
        eval.set_max_heap_size(MAX_HEAP_BYTES).map_err(starlark::Error::new_other)?;
        let deadline = self.deadline;
        eval.set_check_cancelled(Box::new(move || std::time::Instant::now() > deadline));
        if self.options.track_locations {
            crate::values::enable_location_tracking();
            eval.before_stmt_for_dap(starlark::eval::BeforeStmtFunc::Fn(&crate::values::before_statement));
        }
        Ok(())
    }

    fn setup_module(&self, module: &Module) {
        let heap = module.heap();
        let vars: Vec<(&str, &str)> = self.options.vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        module.set("VARS", heap.alloc(AllocDict(vars)));
        module.set("CWD", heap.alloc(self.cwd.display().to_string()));
        module.set("CONFIG_PATH", heap.alloc(self.config_path.display().to_string()));
        module.set("BUILD_TARGET_TRIPLE", heap.alloc(self.options.target_triple.as_str()));
    }
}

/// A path as messages show it: relative to the current folder when inside it.
pub fn display_path(path: &Path) -> String {
    match std::env::current_dir().ok().and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf)) {
        Some(rel) => rel.display().to_string(),
        None => path.display().to_string(),
    }
}

/// The prefix of loads from frost's standard library.
pub const STDLIB_PREFIX: &str = "@stdlib//";

/// Where a module's relative loads are resolved.
#[derive(Clone)]
enum Base {
    /// A folder on disk.
    Dir(PathBuf),
    /// frost's standard library, shipped inside the binary.
    Stdlib,
}

/// Loads `.bzl` files relative to the file that loads them, and
/// `@stdlib//name.bzl` from the standard library.
struct Loader<'a> {
    session: &'a Session,
    base: Base,
    /// Where each load string appears in the loading file, for the
    /// "loaded at" note of an error inside the loaded module.
    sites: HashMap<String, FileSpan>,
}

impl<'a> Loader<'a> {
    fn new(session: &'a Session, base: Base, ast: &AstModule) -> Self {
        let sites = ast.loads().into_iter().map(|l| (l.module_id.to_string(), l.span)).collect();
        Loader { session, base, sites }
    }

    /// The cache key, display name, base and text of the module `path`
    /// names, after the root check.
    fn locate(&self, path: &str) -> starlark::Result<(String, String, Base, Option<String>)> {
        let stdlib_name = match (&self.base, path.strip_prefix(STDLIB_PREFIX)) {
            (_, Some(name)) => Some(name),
            (Base::Stdlib, None) => Some(path.trim_start_matches("./")),
            (Base::Dir(_), None) => None,
        };
        if let Some(name) = stdlib_name {
            let text = crate::stdlib::module(name).ok_or_else(|| {
                other_error(format!(
                    "cannot load `{path}`: the standard library has no module `{name}`; it has {}",
                    crate::stdlib::MODULES
                        .iter()
                        .map(|(n, _)| format!("`{STDLIB_PREFIX}{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })?;
            let key = format!("{STDLIB_PREFIX}{name}");
            return Ok((key.clone(), key, Base::Stdlib, Some(text.to_string())));
        }
        let Base::Dir(dir) = &self.base else { unreachable!("stdlib handled above") };
        let session = self.session;
        let joined = dir.join(path);
        let resolved = joined
            .canonicalize()
            .map_err(|e| other_error(format!("cannot load `{path}`: {}: {e}", joined.display())))?;
        if !resolved.starts_with(&session.root) {
            return Err(other_error(format!(
                "cannot load `{path}`: {} is outside {}, the folder loads may read (widen it with --root DIR)",
                resolved.display(),
                session.root.display()
            )));
        }
        let parent = resolved.parent().unwrap_or(Path::new("/")).to_path_buf();
        Ok((resolved.display().to_string(), display_path(&resolved), Base::Dir(parent), None))
    }
}

impl FileLoader for Loader<'_> {
    fn load(&self, path: &str) -> starlark::Result<FrozenModule> {
        let session = self.session;
        let (key, name, base, text) = self.locate(path)?;
        if let Some(m) = session.cache.borrow().get(&key) {
            return Ok(m.clone());
        }
        if let Some(at) = session.loading.borrow().iter().position(|p| *p == key) {
            let cycle: Vec<String> = session.loading.borrow()[at..].iter().chain([&key]).cloned().collect();
            return Err(other_error(format!("load cycle: {}", cycle.join(" -> "))));
        }
        let text = match text {
            Some(t) => t,
            None => {
                std::fs::read_to_string(&key).map_err(|e| other_error(format!("cannot load `{path}`: {key}: {e}")))?
            }
        };
        let ast = AstModule::parse(&name, text, &dialect())?;
        session.loading.borrow_mut().push(key.clone());
        let frozen = Module::with_temp_heap(|module| {
            session.setup_module(&module);
            {
                let loader = Loader::new(session, base, &ast);
                let mut eval = Evaluator::new(&module);
                session.prepare(&mut eval, &loader)?;
                eval.eval_module(ast, &session.globals)?;
            }
            module.freeze().map_err(|e| other_error(format!("cannot freeze {name}: {e:?}")))
        });
        session.loading.borrow_mut().pop();
        let frozen = frozen.inspect_err(|e| {
            // An error inside the loaded module keeps its own location; note
            // the load that brought the module in.
            if e.span().is_some_and(|s| s.file.filename() == name) || !session.load_trace.borrow().is_empty() {
                if let Some(site) = self.sites.get(path) {
                    session.load_trace.borrow_mut().push(site.clone());
                }
            }
        })?;
        session.cache.borrow_mut().insert(key, frozen.clone());
        Ok(frozen)
    }
}

/// Evaluates the config file at `path` and lowers its resolved targets.
pub fn evaluate(path: &Path, options: &EvalOptions) -> Result<Evaluated, FrostError> {
    let text =
        std::fs::read_to_string(path).map_err(|e| FrostError::Usage(format!("cannot read {}: {e}", path.display())))?;
    evaluate_source(path, text, options)
}

/// Evaluates `text` as if it were the config file at `path`.
pub fn evaluate_source(path: &Path, text: String, options: &EvalOptions) -> Result<Evaluated, FrostError> {
    let ast = AstModule::parse(&path.display().to_string(), text, &dialect())?;
    evaluate_ast(path, ast, options)
}

/// Evaluates an already parsed config file at `path`.
pub fn evaluate_ast(path: &Path, ast: AstModule, options: &EvalOptions) -> Result<Evaluated, FrostError> {
    let absolute =
        std::path::absolute(path).map_err(|e| FrostError::Usage(format!("cannot resolve {}: {e}", path.display())))?;
    let dir = absolute.parent().unwrap_or(Path::new("/")).to_path_buf();
    let root = match &options.root {
        Some(r) => {
            r.canonicalize().map_err(|e| FrostError::Usage(format!("cannot use --root {}: {e}", r.display())))?
        }
        None => dir.canonicalize().unwrap_or_else(|_| dir.clone()),
    };
    let session = Session {
        options: options.clone(),
        config_path: absolute.clone(),
        cwd: dir.clone(),
        root,
        globals: globals(),
        cache: RefCell::new(HashMap::new()),
        loading: RefCell::new(vec![absolute.canonicalize().unwrap_or_else(|_| absolute.clone()).display().to_string()]),
        load_trace: RefCell::new(Vec::new()),
        context: FrostContext { options: options.clone() },
        print: PrintToStderr { enabled: options.print },
        deadline: std::time::Instant::now() + options.timeout,
    };
    let result = Module::with_temp_heap(|module| {
        session.setup_module(&module);
        let reg = module.heap().alloc(TargetRegistry::default());
        module.set_extra_value(reg);
        let loader = Loader::new(&session, Base::Dir(dir), &ast);
        let mut eval = Evaluator::new(&module);
        session.prepare(&mut eval, &loader)?;
        eval.eval_module(ast, &session.globals)?;
        let reg = registry(&eval)?;
        if !reg.resolve_called.get() {
            resolve_requested(&mut eval, options)?;
        }
        let targets = reg.targets.borrow();
        let requested = match options.resolve {
            Resolve::Requested => requested_name(&targets, options),
            Resolve::All => None,
        };
        let mut out = Vec::new();
        for t in targets.iter() {
            let Some(value) = t.resolved else { continue };
            let mut locations = crate::values::Locations::new();
            let lowered = lower_target_value(value).map(|(name, config, locs)| {
                locations = locs;
                let python_version = crate::values::PythonExecutable::from_value(value)
                    .map_or(DEFAULT_PYTHON_VERSION.to_string(), |e| e.python_version.clone());
                RuntimeConfig {
                    executable_name: name,
                    target: t.name.clone(),
                    target_triple: options.target_triple.clone(),
                    python_version,
                    config,
                }
            });
            if lowered.is_none() && requested.as_deref() == Some(t.name.as_str()) {
                return Err(FrostError::Config(spanned_error(
                    format!(
                        "target `{}` returned {} {}; to be lowered it must return a PythonExecutable (from `dist.to_python_executable()`) or a PythonInterpreterConfig",
                        t.name,
                        value.get_type(),
                        frost_runtime::attr::truncate(&value.to_repr(), 80)
                    ),
                    &t.location,
                )));
            }
            out.push(ResolvedTarget {
                name: t.name.clone(),
                type_name: value.get_type().to_string(),
                lowered,
                locations,
                registered_at: t.location.clone(),
            });
        }
        Ok(Evaluated { targets: out, requested })
    });
    match result {
        Err(FrostError::Config(error)) if !session.load_trace.borrow().is_empty() => {
            Err(FrostError::Loaded { error, loaded_at: session.load_trace.take() })
        }
        other => other,
    }
}
