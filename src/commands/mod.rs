//! The `frost` command line: argument parsing and one function per
//! command, over the library's modules.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

mod args;
mod check;
mod fix;
mod launcher;

use crate::FrostError;
use args::{eval_json, BuildArgs, EvalArgs};

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
        #[command(flatten)]
        check: check::CheckArgs,
    },
    /// Build an app: the folder `DIR/<name>/` with the launcher, the lowered config, its CPython and
    /// resources, which runs on a machine without Python (`--linked`: one executable for development).
    Build {
        #[command(flatten)]
        build: BuildArgs,
    },
    /// Build an app as `frost build` does and run it; its exit code passes through.
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
    /// Run a Language Server over stdio: `frost check`'s diagnostics as you type, completion,
    /// hover, go to definition and quick fixes, for editors.
    Lsp {
        #[command(flatten)]
        eval: EvalArgs,
    },
    /// The CPythons on this machine: what a config can name as `python_version`.
    Python {
        #[command(subcommand)]
        command: PythonCommand,
    },
    /// The launcher stubs `frost build` picks by the config's `python_version`.
    Launcher {
        #[command(subcommand)]
        command: launcher::LauncherCommand,
    },
    /// Check a built executable: its Python version, start method, `sys.frozen` and
    /// `multiprocessing.spawn.get_executable()`, and a real worker round trip per start method.
    Doctor {
        /// The built executable.
        exe: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Stop the app if its diagnostics take longer than this many seconds.
        #[arg(long, value_name = "SECONDS", default_value_t = crate::build::doctor::DEFAULT_TIMEOUT.as_secs_f64())]
        timeout: f64,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum CheckFormat {
    Human,
    Json,
    Sarif,
    Github,
}

/// `frost python ...`.
#[derive(Subcommand)]
enum PythonCommand {
    /// List the CPythons found (pyenv, uv, PATH, the system's): version, path,
    /// shared libpython, pip, and why a candidate is skipped.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

/// Writes the whole output to stdout; a closed pipe is not an error.
/// Writes the whole output to stdout. Output that does not arrive (a closed
/// stdout, a reader that went away) is an error, exit 2: a caller must
/// never take a lost result for a success.
pub(crate) fn print_out(text: &str) -> ExitCode {
    match write_stdout(text.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => report(FrostError::Usage(format!("cannot write the output: {e}"))),
    }
}

/// Set before `main` when the process started with descriptor 1 closed.
pub static STDOUT_WAS_CLOSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn write_stdout(bytes: &[u8]) -> std::io::Result<()> {
    if STDOUT_WAS_CLOSED.load(std::sync::atomic::Ordering::Relaxed) {
        return Err(std::io::Error::new(std::io::ErrorKind::BrokenPipe, "standard output is closed"));
    }
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()
}

pub(crate) fn report(e: FrostError) -> ExitCode {
    eprintln!("{e}");
    ExitCode::from(e.exit_code() as u8)
}

pub(crate) fn report_anyhow(e: anyhow::Error) -> ExitCode {
    eprintln!("error: {e:#}");
    ExitCode::from(1)
}

fn exit(code: i32) -> ExitCode {
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}

/// Runs the `frost` command line; returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    // Evaluation recurses natively (the parser, equality, repr); starlark
    // bounds the depth, and this thread has the stack that bound needs.
    let worker = std::thread::Builder::new().stack_size(crate::language::EVAL_STACK_BYTES).spawn(move || run(cli));
    match worker.map(|w| w.join()) {
        Ok(Ok(code)) => code,
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        Err(e) => report(FrostError::Usage(format!("cannot start a thread: {e}"))),
    }
}

fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Eval { file, eval } => match eval_json(&file, &eval) {
            Ok(json) => print_out(&json),
            Err(e) => report(e),
        },
        Command::Build { build } => match build.build() {
            Ok(built) => {
                eprintln!("wrote {}", built.path.display());
                ExitCode::SUCCESS
            }
            Err(code) => code,
        },
        Command::Run { build, args } => match build.build().map(|b| b.executable()) {
            Ok(Ok(exe)) => crate::build::run(&exe, &args).map_or_else(report_anyhow, exit),
            Ok(Err(message)) => report_anyhow(anyhow::anyhow!(message)),
            Err(code) => code,
        },
        Command::Check { check } => check::run(check),
        Command::Export { file } => {
            let (text, source) = if file.as_os_str() == "-" {
                let mut bytes = Vec::new();
                let limit = crate::language::source::MAX_SOURCE_BYTES;
                let read =
                    std::io::Read::read_to_end(&mut std::io::Read::take(std::io::stdin(), limit + 1), &mut bytes);
                if let Err(e) = read {
                    return report(FrostError::Usage(format!("cannot read standard input: {e}")));
                }
                if bytes.len() as u64 > limit {
                    return report(FrostError::Usage(format!(
                        "cannot read standard input: it is more than the {} MiB frost reads",
                        limit >> 20
                    )));
                }
                match crate::language::source::decode(bytes) {
                    Ok(text) => (text, "<stdin>".to_string()),
                    Err(e) => return report(FrostError::Usage(format!("cannot read standard input: {e}"))),
                }
            } else {
                match crate::language::source::read_source(&file) {
                    Ok(text) => (text, file.display().to_string()),
                    Err(e) => return report(FrostError::Usage(format!("cannot read {}: {e}", file.display()))),
                }
            };
            match crate::formats::bzl::export_json(&text, &source) {
                Ok(bzl) => print_out(&bzl),
                Err(e) => report_anyhow(e),
            }
        }
        Command::Schema { attributes } => {
            let value = if attributes {
                crate::formats::schema::attribute_list()
            } else {
                crate::formats::schema::json_schema()
            };
            let mut text = serde_json::to_string_pretty(&value).expect("a JSON value serializes");
            text.push('\n');
            print_out(&text)
        }
        Command::Lsp { eval } => match eval.options() {
            Ok(options) => {
                let check = crate::lints::CheckOptions { target: options.target.clone(), eval: options };
                crate::lsp::run(check).map_or_else(report_anyhow, |()| ExitCode::SUCCESS)
            }
            Err(e) => report(e),
        },
        Command::Python { command: PythonCommand::List { format } } => {
            let found = crate::python::discover();
            let text = match format {
                Format::Human => {
                    let code = print_out(&crate::python::human(&found));
                    // On stderr, after the list: stdout stays one line per interpreter.
                    eprint!("\n{}", crate::build::stubs::summary(&found));
                    return code;
                }
                Format::Json => {
                    let mut text = serde_json::to_string_pretty(&found).expect("JSON serializes");
                    text.push('\n');
                    text
                }
            };
            print_out(&text)
        }
        Command::Launcher { command } => launcher::run(command),
        Command::Doctor { exe, format, timeout } => {
            let Some(timeout) = std::time::Duration::try_from_secs_f64(timeout).ok().filter(|t| !t.is_zero()) else {
                return report(FrostError::Usage(format!(
                    "--timeout {timeout} is not accepted; it must be a number of seconds above 0"
                )));
            };
            match crate::build::doctor::doctor(&exe, matches!(format, Format::Json), timeout) {
                Ok(code) => exit(code),
                Err(e) => report_anyhow(e),
            }
        }
    }
}
