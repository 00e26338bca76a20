//! The `frost` command line.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use frost::build::BuildOptions;
use frost::{evaluate, EvalOptions, FrostError};

#[derive(Parser)]
#[command(name = "frost", version, about = "Configure and launch embedded (frozen) Python applications")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Evaluate a config and print the lowered runtime struct of a target as JSON.
    Eval {
        /// The config file (`frost.bzl`).
        file: PathBuf,
        #[command(flatten)]
        eval: EvalArgs,
    },
    /// Lint configs: evaluate each `*.bzl`, resolve every target, apply the rules.
    Check {
        /// Files, or folders searched recursively for `*.bzl`.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// Exit 1 on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        #[command(flatten)]
        eval: EvalArgs,
    },
    /// Build an executable: the launcher with the lowered config embedded.
    Build {
        #[command(flatten)]
        build: BuildArgs,
    },
    /// Build an executable as `frost build` does and run it; its exit code passes through.
    Run {
        #[command(flatten)]
        build: BuildArgs,
        /// Arguments for the app (after `--`).
        #[arg(last = true, value_name = "ARGS")]
        args: Vec<OsString>,
    },
    /// Turn the JSON of `frost eval` back into a canonical, formatted config file.
    Export {
        /// The JSON file, or `-` for standard input.
        file: PathBuf,
    },
    /// Print the JSON Schema of `frost eval`'s output, or the attribute list.
    Schema {
        /// Print the machine-readable attribute list instead of the schema.
        #[arg(long)]
        attributes: bool,
    },
    /// Check a built executable: the seed's four multiprocessing checks, live.
    Doctor {
        /// The built executable.
        exe: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

/// What `frost build` and `frost run` share.
#[derive(Args)]
struct BuildArgs {
    /// The config file (`frost.bzl`).
    file: PathBuf,
    #[command(flatten)]
    eval: EvalArgs,
    /// The folder to write the executable to (default: `dist/` beside the config file).
    #[arg(short = 'o', long = "out-dir", value_name = "DIR")]
    out_dir: Option<PathBuf>,
    /// The launcher stub to build from (default: `frost-launcher` next to `frost`, or $FROST_LAUNCHER).
    #[arg(long, value_name = "PATH")]
    launcher: Option<PathBuf>,
}

impl BuildArgs {
    /// Evaluates the config and builds its executable; returns its path.
    fn build(self) -> Result<PathBuf, ExitCode> {
        let config = lowered(&self.file, &self.eval).map_err(report)?;
        let options = BuildOptions { out_dir: out_dir_for(&self.file, self.out_dir), launcher: self.launcher };
        frost::build::build(&config, &options).map_err(report_anyhow)
    }
}

#[derive(Args)]
struct EvalArgs {
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
    #[arg(long, value_name = "N", default_value_t = frost::eval::DEFAULT_MAX_STEPS)]
    max_steps: u64,
    /// Stop a config that evaluates for longer than this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = frost::eval::DEFAULT_TIMEOUT.as_secs_f64())]
    timeout: f64,
}

impl EvalArgs {
    fn options(&self) -> Result<EvalOptions, FrostError> {
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
        if !(self.timeout > 0.0 && self.timeout.is_finite()) || self.max_steps == 0 {
            return Err(FrostError::Usage("--timeout and --max-steps must be positive".to_string()));
        }
        let mut options = EvalOptions {
            target: self.target.clone(),
            vars,
            root: self.root.clone(),
            max_steps: self.max_steps,
            timeout: std::time::Duration::from_secs_f64(self.timeout),
            ..EvalOptions::default()
        };
        if let Some(t) = &self.target_triple {
            options.target_triple = t.clone();
        }
        Ok(options)
    }
}

fn lowered(file: &std::path::Path, args: &EvalArgs) -> Result<frost::runtime::RuntimeConfig, FrostError> {
    let options = args.options()?;
    let evaluated = evaluate(file, &options)?;
    evaluated.requested_config().cloned().ok_or_else(|| FrostError::Usage("the config resolved no target".to_string()))
}

/// `-o DIR`, or `dist/` beside the config file, so `$ORIGIN/..` is the
/// config's folder whether the app is built or run.
fn out_dir_for(file: &std::path::Path, out_dir: Option<PathBuf>) -> PathBuf {
    out_dir.unwrap_or_else(|| file.parent().unwrap_or(std::path::Path::new("")).join("dist"))
}

/// Writes the whole output to stdout; a closed pipe is not an error.
fn print_out(text: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => report(FrostError::Usage(format!("cannot write the output: {e}"))),
    }
}

fn check(paths: &[PathBuf], format: CheckFormat, deny_warnings: bool, args: &EvalArgs) -> ExitCode {
    let options = match args.options() {
        Ok(o) => o,
        Err(e) => return report(e),
    };
    let files = match frost::check::collect_files(paths) {
        Ok(f) => f,
        Err(e) => return report(FrostError::Usage(e)),
    };
    let check_options = frost::check::CheckOptions { target: options.target.clone(), eval: options };
    let result = frost::check::check_files(&files, &check_options);
    let text = match format {
        CheckFormat::Human => frost::report::human(&result),
        CheckFormat::Json => frost::report::json(&result),
        CheckFormat::Sarif => frost::report::sarif(&result),
        CheckFormat::Github => frost::report::github(&result),
    };
    let code = print_out(&text);
    if code != ExitCode::SUCCESS {
        return code;
    }
    use frost::check::Severity;
    if !result.unreadable.is_empty() {
        ExitCode::from(2)
    } else if result.count(Severity::Error) > 0 || (deny_warnings && result.count(Severity::Warning) > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn report(e: FrostError) -> ExitCode {
    eprintln!("{e}");
    ExitCode::from(e.exit_code() as u8)
}

fn report_anyhow(e: anyhow::Error) -> ExitCode {
    eprintln!("error: {e:#}");
    ExitCode::from(1)
}

fn exit(code: i32) -> ExitCode {
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Eval { file, eval } => match lowered(&file, &eval) {
            Ok(config) => print_out(&config.to_json_pretty()),
            Err(e) => report(e),
        },
        Command::Build { build } => match build.build() {
            Ok(path) => {
                eprintln!("wrote {}", path.display());
                ExitCode::SUCCESS
            }
            Err(code) => code,
        },
        Command::Run { build, args } => match build.build() {
            Ok(exe) => frost::build::run(&exe, &args).map_or_else(report_anyhow, exit),
            Err(code) => code,
        },
        Command::Check { paths, format, deny_warnings, eval } => check(&paths, format, deny_warnings, &eval),
        Command::Export { file } => {
            let (text, source) = if file.as_os_str() == "-" {
                let mut text = String::new();
                match std::io::Read::read_to_string(&mut std::io::stdin(), &mut text) {
                    Ok(_) => (text, "<stdin>".to_string()),
                    Err(e) => return report(FrostError::Usage(format!("cannot read standard input: {e}"))),
                }
            } else {
                match std::fs::read_to_string(&file) {
                    Ok(text) => (text, file.display().to_string()),
                    Err(e) => return report(FrostError::Usage(format!("cannot read {}: {e}", file.display()))),
                }
            };
            match frost::export::export_json(&text, &source) {
                Ok(bzl) => print_out(&bzl),
                Err(e) => report_anyhow(e),
            }
        }
        Command::Schema { attributes } => {
            let value = if attributes { frost::schema::attribute_list() } else { frost::schema::json_schema() };
            let mut text = serde_json::to_string_pretty(&value).expect("a JSON value serializes");
            text.push('\n');
            print_out(&text)
        }
        Command::Doctor { exe, format } => match frost::doctor::doctor(&exe, matches!(format, Format::Json)) {
            Ok(code) => exit(code),
            Err(e) => report_anyhow(e),
        },
    }
}
