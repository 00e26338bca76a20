//! The action runner `frost build` and `frost run` evaluate with:
//! `pip_install`, `pip_download`, `setup_py_install` and `read_virtualenv`
//! run at their call, with the CPython the launcher stub links (the one
//! the bundle carries), into temporary folders in the output folder that
//! live until the build ends (the resources the config adds are copied
//! from them). The CPython is found at the first action, so a config
//! without actions costs nothing.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use frost_runtime::payload;
use frost_runtime::plan::Action;

use super::pip::{self, Python};
use super::python::{self, Cpython};
use super::stage::Stage;
use crate::build::{find_launcher, read_launcher, stub_info, BuildOptions};
use crate::language::ActionRunner;

/// Runs packaging actions for one build.
pub struct Runner {
    options: BuildOptions,
    config_dir: PathBuf,
    cpython: OnceLock<Result<Cpython, String>>,
    /// What the actions installed, removed when the runner is dropped.
    staged: Mutex<Vec<Stage>>,
}

impl Runner {
    /// A runner for a build with `options` of the config in `config_dir`.
    pub fn new(options: BuildOptions, config_dir: &Path) -> Runner {
        Runner {
            options,
            config_dir: config_dir.to_path_buf(),
            cpython: OnceLock::new(),
            staged: Mutex::new(Vec::new()),
        }
    }

    fn cpython(&self) -> Result<&Cpython, String> {
        self.cpython
            .get_or_init(|| find_cpython(&self.options, &self.config_dir).map_err(|e| format!("{e:#}")))
            .as_ref()
            .map_err(Clone::clone)
    }
}

/// The CPython the launcher stub `options` select links (for the default
/// version: actions run with it whatever the config's `python_version`).
fn find_cpython(options: &BuildOptions, config_dir: &Path) -> anyhow::Result<Cpython> {
    let launcher = find_launcher(options, frost_runtime::DEFAULT_PYTHON_VERSION)?;
    let bytes = read_launcher(&launcher)
        .map_err(|e| anyhow::anyhow!("cannot read the launcher stub {}: {e}", launcher.display()))?;
    let stub = payload::stub_of(&bytes);
    let info = stub_info(stub, &launcher)?;
    let config = frost_runtime::RuntimeConfig::new("actions", frost_runtime::DEFAULT_TARGET, info.python_version);
    python::linked(stub, &launcher, &config, config_dir)
}

impl ActionRunner for Runner {
    fn run(&self, action: &Action) -> Result<PathBuf, String> {
        let name = pip::action_name(&action.what);
        let at = action.call_site.as_ref().map_or_else(|| "(no call site)".to_string(), |s| s.to_string());
        let cpython = self.cpython().map_err(|e| format!("{name} at {at}: {e}"))?;
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
