//! The `frost` command line: argument parsing and one function per
//! command, over the library's modules.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

mod args;
mod check;

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
        /// Files, or folders searched recursively for `*.bzl`.
        #[arg(required_unless_present = "explain")]
        paths: Vec<PathBuf>,
        /// Print the documentation of the rule with this code and exit.
        #[arg(long, value_name = "CODE", conflicts_with_all = ["format", "deny_warnings"])]
        explain: Option<String>,
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
    /// Check a built executable: its Python version, start method, `sys.frozen` and
    /// `multiprocessing.spawn.get_executable()`, and a real worker round trip per start method.
    Doctor {
        /// The built executable.
        exe: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum CheckFormat {
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

/// Writes the whole output to stdout; a closed pipe is not an error.
pub(crate) fn print_out(text: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => report(FrostError::Usage(format!("cannot write the output: {e}"))),
    }
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
    match cli.command {
        Command::Eval { file, eval } => match eval_json(&file, &eval) {
            Ok(json) => print_out(&json),
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
            Ok(exe) => crate::build::run(&exe, &args).map_or_else(report_anyhow, exit),
            Err(code) => code,
        },
        Command::Check { paths, format, deny_warnings, eval, explain } => match explain {
            Some(code) => check::explain(&code),
            None => check::check(&paths, format, deny_warnings, &eval),
        },
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
        Command::Doctor { exe, format } => match crate::build::doctor::doctor(&exe, matches!(format, Format::Json)) {
            Ok(code) => exit(code),
            Err(e) => report_anyhow(e),
        },
    }
}
