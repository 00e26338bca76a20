//! One evaluation: the state shared by the main module and the modules it
//! loads, the evaluator's limits, and the run of the main module up to its
//! resolved targets.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use starlark::codemap::FileSpan;
use starlark::environment::{FrozenModule, Globals, Module};
use starlark::eval::Evaluator;
use starlark::syntax::AstModule;
use starlark::values::Value;
use starlark::PrintHandler;

use super::errors::FrostError;
use super::globals::globals;
use super::loader::{Base, Loader};
use super::options::{EvalOptions, FrostContext, Resolve};
use super::targets::{registry, requested_name, resolve_requested, TargetRegistry};

pub(crate) struct PrintToStderr {
    pub(crate) enabled: bool,
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
pub(crate) struct Session {
    pub(crate) options: EvalOptions,
    pub(crate) config_path: PathBuf,
    pub(crate) cwd: PathBuf,
    pub(crate) root: PathBuf,
    pub(crate) globals: Globals,
    pub(crate) cache: RefCell<HashMap<String, FrozenModule>>,
    pub(crate) loading: RefCell<Vec<String>>,
    /// The load statements an error passed through, innermost first.
    pub(crate) load_trace: RefCell<Vec<FileSpan>>,
    pub(crate) context: FrostContext,
    pub(crate) print: PrintToStderr,
    pub(crate) deadline: std::time::Instant,
}

impl Session {
    /// Sets up an evaluator: loader, print, context, limits and, for
    /// `frost check`, location tracking.
    pub(crate) fn prepare<'v, 'a>(
        &'a self,
        eval: &mut Evaluator<'v, 'a, '_>,
        loader: &'a Loader<'a>,
    ) -> starlark::Result<()> {
        eval.set_loader(loader);
        eval.set_print_handler(&self.print);
        eval.extra = Some(&self.context);
        eval.set_max_tick_count(self.options.max_steps.max(1)).map_err(starlark::Error::new_other)?;
        eval.set_max_heap_size(self.options.max_heap_bytes.max(1)).map_err(starlark::Error::new_other)?;
        // The deadline of this thread's `LimitScope`, which a packaging
        // action run at build time moves later by the time it took.
        eval.set_check_cancelled(Box::new(|| starlark::frost_limits::check_deadline().is_err()));
        if self.options.track_locations {
            super::locations::enable_location_tracking();
            eval.before_stmt_for_dap(starlark::eval::BeforeStmtFunc::Fn(&super::locations::before_statement));
        }
        Ok(())
    }

    pub(crate) fn setup_module(&self, module: &Module) {
        let heap = module.heap();
        module.set("VARS", heap.alloc(super::types::Vars::new(self.options.vars.clone())));
        module.set("CWD", heap.alloc(self.cwd.display().to_string()));
        module.set("CONFIG_PATH", heap.alloc(self.config_path.display().to_string()));
        module.set("BUILD_TARGET_TRIPLE", heap.alloc(self.options.target_triple.as_str()));
    }
}

/// A target the evaluation resolved, handed to the caller of
/// [`evaluate_module`] while its value is still alive.
pub struct ResolvedValue<'v, 'a> {
    /// The target's name.
    pub name: &'a str,
    /// What its function returned.
    pub value: Value<'v>,
    /// Where it was registered.
    pub registered_at: &'a Option<FileSpan>,
    /// Whether it is the target `frost eval` asked for.
    pub requested: bool,
}

/// What [`evaluate_module`] returns: what `visit` made of each resolved
/// target, in registration order, and the requested target's name.
pub type Visited<T> = (Vec<T>, Option<String>);

/// Evaluates the parsed config file at `path`, resolves the targets the
/// options ask for, and calls `visit` on each resolved target (in the order
/// they were registered) while the module's heap is alive.
pub fn evaluate_module<T>(
    path: &Path,
    ast: AstModule,
    options: &EvalOptions,
    mut visit: impl for<'v, 'a> FnMut(ResolvedValue<'v, 'a>) -> Result<T, FrostError>,
) -> Result<Visited<T>, FrostError> {
    let absolute =
        std::path::absolute(path).map_err(|e| FrostError::Usage(format!("cannot resolve {}: {e}", path.display())))?;
    let dir = absolute.parent().unwrap_or(Path::new("/")).to_path_buf();
    let root = match &options.root {
        Some(r) => {
            r.canonicalize().map_err(|e| FrostError::Usage(format!("cannot use --root {}: {e}", r.display())))?
        }
        None => dir.canonicalize().unwrap_or_else(|_| dir.clone()),
    };
    let context = FrostContext::new(options.clone(), dir.clone(), root.clone());
    let session = Session {
        options: options.clone(),
        config_path: absolute.clone(),
        cwd: dir.clone(),
        root: root.clone(),
        globals: globals(),
        cache: RefCell::new(HashMap::new()),
        loading: RefCell::new(vec![absolute.canonicalize().unwrap_or_else(|_| absolute.clone()).display().to_string()]),
        load_trace: RefCell::new(Vec::new()),
        context,
        print: PrintToStderr { enabled: options.print },
        deadline: std::time::Instant::now() + options.timeout,
    };
    // Limits that hold inside single built-in calls too (see
    // `starlark::frost_limits`), for this evaluation and the modules it loads.
    let _limits = starlark::frost_limits::LimitScope::new(Some(options.max_heap_bytes.max(1)), Some(session.deadline));
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
        // A limit that stopped a built-in's loop after the evaluator's last
        // check of it: the evaluation fails rather than use a partial result.
        if let Some(e) = starlark::frost_limits::take_stopped() {
            return Err(e.into());
        }
        let targets = reg.targets.borrow();
        let requested = match options.resolve {
            Resolve::Requested => requested_name(&targets, options),
            Resolve::All => None,
        };
        let mut out = Vec::new();
        for t in targets.iter() {
            let Some(value) = t.resolved else { continue };
            out.push(visit(ResolvedValue {
                name: &t.name,
                value,
                registered_at: &t.location,
                requested: requested.as_deref() == Some(t.name.as_str()),
            })?);
        }
        Ok((out, requested))
    });
    match result {
        Err(FrostError::Config(error)) if !session.load_trace.borrow().is_empty() => {
            Err(FrostError::Loaded { error, loaded_at: session.load_trace.take() })
        }
        other => other,
    }
}
