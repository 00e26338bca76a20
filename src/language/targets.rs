//! The target registry: `register_target()` adds to it, and targets are
//! resolved once each, dependencies first.

use std::cell::{Cell, RefCell};
use std::fmt;

use allocative::Allocative;
use starlark::any::ProvidesStaticType;
use starlark::codemap::FileSpan;
use starlark::eval::Evaluator;
use starlark::values::{
    starlark_value, Freeze, FreezeResult, Freezer, NoSerialize, StarlarkValue, Trace, Value, ValueLike,
};

use super::errors::{other_error, spanned_error};
use super::options::{EvalOptions, Resolve};

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
    /// The targets being resolved, outermost first.
    #[trace(static)]
    pub(crate) resolving: RefCell<Vec<String>>,
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
/// A target function that asks for itself, directly or through others
/// (`resolve_target("a")` inside `a`), is the same cycle as one in
/// `depends`: the registry keeps the targets being resolved.
pub(crate) fn resolve_target<'v>(eval: &mut Evaluator<'v, '_, '_>, name: &str) -> starlark::Result<Value<'v>> {
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
        let resolving = reg.resolving.borrow();
        if let Some(at) = resolving.iter().position(|s| s == name) {
            let cycle: Vec<&str> = resolving[at..].iter().map(String::as_str).chain([name]).collect();
            return Err(spanned_error(
                format!("targets depend on each other in a cycle: {}", cycle.join(" -> ")),
                &target.location,
            ));
        }
        (target.func, target.depends.clone())
    };
    reg.resolving.borrow_mut().push(name.to_string());
    let result = (|| {
        let mut args = Vec::with_capacity(depends.len());
        for dep in &depends {
            args.push(resolve_target(eval, dep)?);
        }
        eval.eval_function(func, &args, &[])
    })();
    reg.resolving.borrow_mut().pop();
    let value = result?;
    let mut targets = reg.targets.borrow_mut();
    if let Some(target) = targets.iter_mut().find(|t| t.name == name) {
        target.resolved = Some(value);
    }
    Ok(value)
}

/// The name of the target `frost eval` resolves: the one asked for, else the
/// one registered with `default = True`, else the first registered.
pub(crate) fn requested_name(targets: &[Target], options: &EvalOptions) -> Option<String> {
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
        resolve_target(eval, &name)?;
    }
    Ok(())
}
