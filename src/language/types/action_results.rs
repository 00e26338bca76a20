//! The packaging actions run at their call, when the evaluation has an
//! action runner (`frost build`, `frost run`): `pip_install`,
//! `pip_download`, `setup_py_install` and `read_virtualenv` return the
//! typed resources of what they installed, as PyOxidizer's do. Each gets
//! its `add_*` attributes from the executable's policy at the call, then
//! the executable's callbacks run; what the config adds afterwards (with
//! the attributes it then has) is what the build places, and what it does
//! not add is left out. The action is not recorded in the plan, so the
//! build does not run it again.
//!
//! The evaluation's time limit is paused while an action runs: pip may
//! legitimately take minutes (a large wheel, a slow build backend), and
//! the limit is there to stop a config that loops, not a build.

use std::time::Instant;

use frost_runtime::plan::Action;
use starlark::eval::Evaluator;
use starlark::values::Value;

use super::executable_methods::new_resource;
use super::package_root;
use crate::language::errors::other_error;
use crate::language::options::{ActionPython, ActionRunnerRef};

/// Runs `action` with `runner` and returns the list of its resources.
pub(super) fn run_at_call<'v>(
    this: Value<'v>,
    action: &Action,
    runner: &ActionRunnerRef,
    python: &ActionPython,
    eval: &mut Evaluator<'v, '_, '_>,
) -> starlark::Result<Value<'v>> {
    let started = Instant::now();
    let result = runner.0.run(action, python);
    starlark::frost_limits::extend_deadline(started.elapsed());
    let root = result.map_err(other_error)?;
    let found = package_root::scan_installed(&root, &action.policy).map_err(|e| {
        let at = action.call_site.as_ref().map_or_else(String::new, |s| format!(" at {s}"));
        other_error(format!("the files installed by the call{at}: {e}"))
    })?;
    let mut out = Vec::with_capacity(found.len());
    for data in found {
        out.push(new_resource(this, data, eval)?);
    }
    Ok(eval.heap().alloc(out))
}
