//! `frost launcher build`: makes the launcher stubs `frost build` picks by
//! the config's `python_version` (src/build/stubs.rs, make_stub.rs).

use std::process::ExitCode;

use clap::Subcommand;

use crate::build::make_stub;

/// `frost launcher ...`.
#[derive(Subcommand)]
pub(crate) enum LauncherCommand {
    /// Build the launcher stub for each CPython version given (`3.12`), or for every version
    /// `frost python list` finds, and put it next to `frost` as `frost-launcher-3.X`. Needs frost's
    /// source tree (the one this frost was compiled from), cargo, and that CPython with a shared libpython.
    Build {
        /// The versions (`3.9` ... `3.13`).
        #[arg(value_name = "VERSION", required_unless_present = "all_found", conflicts_with = "all_found")]
        versions: Vec<String>,
        /// Every version found on this machine that a stub can be built for.
        #[arg(long)]
        all_found: bool,
    },
}

pub(crate) fn run(command: LauncherCommand) -> ExitCode {
    let LauncherCommand::Build { versions, all_found } = command;
    for version in &versions {
        if let Err(e) = make_stub::check_version(version) {
            return super::report_anyhow(e);
        }
    }
    if let Err(e) = make_stub::source_tree() {
        return super::report_anyhow(e);
    }
    let found = crate::python::discover();
    let versions = if all_found { make_stub::all_found(&found) } else { versions };
    if versions.is_empty() {
        return super::report_anyhow(anyhow::anyhow!(
            "no CPython that a launcher stub can be built for was found; `frost python list` shows what frost found and why any was skipped"
        ));
    }
    let mut failed = 0;
    for version in &versions {
        let made = make_stub::interpreter_for(version, &found).and_then(|python| {
            eprintln!("building the CPython {version} launcher stub against {} ...", python.executable.display());
            make_stub::make(version, python)
        });
        match made {
            Ok(path) => eprintln!("wrote {}", path.display()),
            Err(e) => {
                failed += 1;
                eprintln!("error: {e:#}");
            }
        }
    }
    if failed > 0 {
        eprintln!("{failed} of {} launcher stubs could not be built", versions.len());
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
