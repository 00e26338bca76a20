//! The action runner `frost build` and `frost run` evaluate with:
//! `pip_install`, `pip_download`, `setup_py_install` and `read_virtualenv`
//! run at their call, with the CPython the bundle of the executable they
//! are called on carries (its distribution's, checked against the launcher
//! stub for its version), into temporary folders in the output folder that
//! live until the build ends (the resources the config adds are copied
//! from them). Each CPython is found at its first action, so a config
//! without actions costs nothing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use frost_runtime::payload;
use frost_runtime::plan::Action;

use super::pip::{self, Python};
use super::python::{self, Cpython};
use super::stage::Stage;
use crate::build::{find_launcher, read_launcher, stub_info, BuildOptions};
use crate::language::options::ActionPython;
use crate::language::ActionRunner;

/// Runs packaging actions for one build.
pub struct Runner {
    options: BuildOptions,
    config_dir: PathBuf,
    /// The CPython of each distribution the actions were called for,
    /// found at its first action.
    cpythons: Mutex<HashMap<ActionPython, Arc<Result<Cpython, String>>>>,
    /// What the actions installed, removed when the runner is dropped.
    staged: Mutex<Vec<Stage>>,
}

impl Runner {
    /// A runner for a build with `options` of the config in `config_dir`.
    pub fn new(options: BuildOptions, config_dir: &Path) -> Runner {
        Runner {
            options,
            config_dir: config_dir.to_path_buf(),
            cpythons: Mutex::new(HashMap::new()),
            staged: Mutex::new(Vec::new()),
        }
    }

    fn cpython(&self, python: &ActionPython) -> Arc<Result<Cpython, String>> {
        let mut found = self.cpythons.lock().unwrap_or_else(|e| e.into_inner());
        found
            .entry(python.clone())
            .or_insert_with(|| {
                Arc::new(find_cpython(&self.options, &self.config_dir, python).map_err(|e| format!("{e:#}")))
            })
            .clone()
    }
}

/// The CPython `frost build` bundles for `python`'s distribution, checked
/// against the launcher stub it will use.
fn find_cpython(options: &BuildOptions, config_dir: &Path, python: &ActionPython) -> anyhow::Result<Cpython> {
    let launcher = find_launcher(options, &python.version)?;
    let bytes = read_launcher(&launcher)
        .map_err(|e| anyhow::anyhow!("cannot read the launcher stub {}: {e}", launcher.display()))?;
    let stub = payload::stub_of(&bytes);
    let info = stub_info(stub, &launcher)?;
    let mut config = frost_runtime::RuntimeConfig::new("actions", frost_runtime::DEFAULT_TARGET, info.python_version);
    config.packaging =
        Some(frost_runtime::plan::PackagingPlan { distribution: python.distribution.clone(), ..Default::default() });
    python::linked(stub, &launcher, &config, config_dir)
}

impl ActionRunner for Runner {
    fn run(&self, action: &Action, python: &ActionPython) -> Result<PathBuf, String> {
        let name = pip::action_name(&action.what);
        let at = action.call_site.as_ref().map_or_else(|| "(no call site)".to_string(), |s| s.to_string());
        let found = self.cpython(python);
        let cpython = found.as_ref().as_ref().map_err(|e| format!("{name} at {at}: {e}"))?;
        std::fs::create_dir_all(&self.options.out_dir)
            .map_err(|e| format!("{name} at {at}: cannot create {}: {e}", self.options.out_dir.display()))?;
        let py = Python {
            python: &cpython.python,
            version: &cpython.version,
            config_dir: &self.config_dir,
            out_dir: &self.options.out_dir,
        };
        let (stage, root) = pip::install(action, &py).map_err(|e| format!("{e:#}"))?;
        if let Some(stage) = stage {
            self.staged.lock().map_err(|_| format!("{name} at {at}: a previous action panicked"))?.push(stage);
        }
        Ok(root)
    }
}
