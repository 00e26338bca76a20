//! The arguments `frost eval`, `check`, `build` and `run` share.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

/// The longest `--timeout` accepted.
const MAX_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(86_400);

use super::{report, report_anyhow};
use crate::build::BuildOptions;
use crate::{evaluate, EvalOptions, FrostError};

/// What `frost build` and `frost run` share.
#[derive(Args)]
pub(crate) struct BuildArgs {
    /// The config file (`frost.bzl`).
    file: PathBuf,
    #[command(flatten)]
    eval: EvalArgs,
    /// The folder to write the app to (default: `dist/` beside the config file).
    #[arg(short = 'o', long = "out-dir", value_name = "DIR")]
    out_dir: Option<PathBuf>,
    /// The launcher stub to build from (default: $FROST_LAUNCHER, else `frost-launcher-3.X` next to
    /// `frost` for the config's python_version, else `frost-launcher` there if it links 3.X).
    #[arg(long, value_name = "PATH")]
    launcher: Option<PathBuf>,
    /// Write the quick development build instead of the app folder: one executable that uses this
    /// machine's CPython (by an absolute path) and finds the app's code where `module_search_paths`
    /// point; it cannot be copied to another machine.
    #[arg(long, conflicts_with = "bundle")]
    linked: bool,
    /// The default, kept for scripts written before it was: write the self-contained folder `DIR/<name>/`
    /// (the app, its CPython, standard library and resources).
    #[arg(long)]
    bundle: bool,
}

impl BuildArgs {
    /// Evaluates the config and builds its target; returns what it wrote.
    pub(crate) fn build(self) -> Result<Built, ExitCode> {
        let options = BuildOptions { out_dir: out_dir_for(&self.file, self.out_dir), launcher: self.launcher };
        let file = std::path::absolute(&self.file).unwrap_or_else(|_| self.file.clone());
        let config_dir = file.parent().unwrap_or(std::path::Path::new("/"));
        let mut eval_options = self.eval.options().map_err(report)?;
        // The app folder: packaging actions run at their call and return
        // their resources; what they staged lives as long as `_runner`.
        let _runner = (!self.linked).then(|| {
            let runner = std::sync::Arc::new(crate::build::bundle::runner::Runner::new(options.clone(), config_dir));
            eval_options.actions = Some(crate::language::ActionRunnerRef(runner.clone()));
            runner
        });
        let evaluated = evaluate(&self.file, &eval_options).map_err(report)?;
        if let Some(t) = evaluated.requested_target().filter(|t| t.lowered.is_none() && !self.linked) {
            if let Some(crate::lower::manifest::TargetPlan::Manifest(m)) = &t.plan {
                return crate::build::install::build_manifest(&evaluated, m, &options, config_dir)
                    .map(|folder| Built { path: folder, run: m.run_path.clone() })
                    .map_err(report_anyhow);
            }
        }
        let config = lowered(evaluated).map_err(report)?;
        let built = if self.linked {
            crate::build::build(&config, &options)
        } else {
            crate::build::bundle::build_bundle(&config, &options, config_dir)
        };
        built.map(|path| Built { path, run: None }).map_err(report_anyhow)
    }
}

#[derive(Args)]
pub(crate) struct EvalArgs {
    /// The target to resolve (default: the one registered with `default = True`, else the first;
    /// `frost check` resolves every target unless this is given).
    #[arg(long, value_name = "NAME")]
    target: Option<String>,
    /// Set `VARS[NAME] = VALUE` (repeatable).
    #[arg(long = "var", num_args = 2, value_names = ["NAME", "VALUE"], action = clap::ArgAction::Append)]
    var: Vec<String>,
    /// Set `VARS[NAME]` from the environment variable ENVVAR (repeatable).
    #[arg(long = "var-env", num_args = 2, value_names = ["NAME", "ENVVAR"], action = clap::ArgAction::Append)]
    var_env: Vec<String>,
    /// The triple to evaluate for (`BUILD_TARGET_TRIPLE`; default: this machine's).
    #[arg(long, value_name = "TRIPLE")]
    target_triple: Option<String>,
    /// The folder `load()` may read from (default: the config's folder).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Stop a config after this many evaluation steps (calls and loop iterations).
    #[arg(long, value_name = "N", default_value_t = crate::language::DEFAULT_MAX_STEPS)]
    max_steps: u64,
    /// Stop a config that evaluates for longer than this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = crate::language::DEFAULT_TIMEOUT.as_secs_f64())]
    timeout: f64,
}

impl EvalArgs {
    /// Whether `--target-triple` was given (it then wins over the settings'
    /// `target-triples`).
    pub(crate) fn has_target_triple(&self) -> bool {
        self.target_triple.is_some()
    }

    pub(crate) fn options(&self) -> Result<EvalOptions, FrostError> {
        let mut vars: Vec<(String, String)> = Vec::new();
        let mut put = |k: &str, v: String| {
            vars.retain(|(name, _)| name != k);
            vars.push((k.to_string(), v));
        };
        for pair in self.var.chunks(2) {
            put(&pair[0], pair[1].clone());
        }
        for pair in self.var_env.chunks(2) {
            match std::env::var(&pair[1]) {
                Ok(v) => put(&pair[0], v),
                Err(std::env::VarError::NotPresent) => {
                    return Err(FrostError::Usage(format!(
                        "--var-env {} {}: the environment variable {} is not set",
                        pair[0], pair[1], pair[1]
                    )))
                }
                Err(std::env::VarError::NotUnicode(_)) => {
                    return Err(FrostError::Usage(format!("--var-env {} {}: the value is not UTF-8", pair[0], pair[1])))
                }
            }
        }
        if self.max_steps == 0 {
            return Err(FrostError::Usage("--max-steps must be at least 1".to_string()));
        }
        let timeout = match std::time::Duration::try_from_secs_f64(self.timeout) {
            Ok(t) if !t.is_zero() && t <= MAX_TIMEOUT => t,
            _ => {
                return Err(FrostError::Usage(format!(
                    "--timeout {} is not accepted; it must be a number of seconds above 0 and at most {} (a day)",
                    if self.timeout.abs() >= 1e6 { format!("{:e}", self.timeout) } else { self.timeout.to_string() },
                    MAX_TIMEOUT.as_secs()
                )))
            }
        };
        if let Some(root) = &self.root {
            if !root.is_dir() {
                return Err(FrostError::Usage(format!(
                    "--root {}: not a folder; --root names the folder loads may read",
                    root.display()
                )));
            }
        }
        if let Some(t) = &self.target_triple {
            crate::language::options::check_triple(t).map_err(FrostError::Usage)?;
        }
        let mut options = EvalOptions {
            target: self.target.clone(),
            vars,
            root: self.root.clone(),
            max_steps: self.max_steps,
            timeout,
            ..EvalOptions::default()
        };
        if let Some(t) = &self.target_triple {
            options.target_triple = t.clone();
        }
        Ok(options)
    }
}

/// What `frost build` wrote.
pub(crate) struct Built {
    /// The executable, or the folder of a `FileManifest`.
    pub path: PathBuf,
    /// For a `FileManifest`: the executable in the folder that `frost run` runs.
    pub run: Option<String>,
}

impl Built {
    /// The executable `frost run` runs.
    pub(crate) fn executable(&self) -> Result<PathBuf, String> {
        match &self.run {
            Some(run) => Ok(self.path.join(run)),
            None if self.path.is_dir() => {
                Err(format!("{} holds no executable to run: the FileManifest installs none", self.path.display()))
            }
            None => Ok(self.path.clone()),
        }
    }
}

/// The lowered config of the requested target, or why it has none.
pub(crate) fn lowered(evaluated: crate::lower::Evaluated) -> Result<crate::runtime::RuntimeConfig, FrostError> {
    if let Some(t) = evaluated.requested_target().filter(|t| t.lowered.is_none()) {
        if let Some(plan) = &t.plan {
            return Err(FrostError::Config(starlark::Error::new_other(anyhow::anyhow!(crate::build::not_buildable(
                &t.name, plan
            )))));
        }
    }
    evaluated.requested_config().cloned().ok_or_else(|| FrostError::Usage("the config resolved no target".to_string()))
}

/// The JSON `frost eval` prints: the requested target's runtime config,
/// file manifest or installer plan.
pub(crate) fn eval_json(file: &std::path::Path, args: &EvalArgs) -> Result<String, FrostError> {
    let options = args.options()?;
    let evaluated = evaluate(file, &options)?;
    evaluated.requested_json().ok_or_else(|| FrostError::Usage("the config resolved no target".to_string()))
}

/// `-o DIR`, or `dist/` beside the config file, so `$ORIGIN/..` is the
/// config's folder whether the app is built or run.
pub(crate) fn out_dir_for(file: &std::path::Path, out_dir: Option<PathBuf>) -> PathBuf {
    out_dir.unwrap_or_else(|| file.parent().unwrap_or(std::path::Path::new("")).join("dist"))
}
