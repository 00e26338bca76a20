//! The pre-commit hooks (`.pre-commit-hooks.yaml`) run by the real
//! pre-commit against this repository, and the GitHub Action (`action.yml`)
//! validated against SchemaStore's `github-action.json` schema.
//!
//! Both tools come from PyPI: the first test to need them installs pinned
//! versions into a virtual environment under cargo's target folder, kept
//! between runs. pre-commit builds frost itself (`cargo install`, as for any
//! user): the build goes to a target folder kept next to it, in the release
//! profile made cheap with `CARGO_PROFILE_RELEASE_*` (the hooks' behaviour
//! is under test, not their speed).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;

use common::*;

const PRE_COMMIT: &str = "pre-commit==4.7.0";
/// Ships SchemaStore's schemas (`vendor.github-actions` is
/// https://json.schemastore.org/github-action.json).
const CHECK_JSONSCHEMA: &str = "check-jsonschema==0.39.0";

static TOOLS: Mutex<()> = Mutex::new(());

/// The folder kept between runs for these tools.
fn cache() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("plugin-tools")
}

/// The virtual environment's `bin` folder, installed on first use.
fn tools() -> PathBuf {
    let _once = TOOLS.lock().unwrap_or_else(|e| e.into_inner());
    let venv = cache().join("venv");
    let bin = venv.join("bin");
    let stamp = venv.join(format!("{PRE_COMMIT} {CHECK_JSONSCHEMA}"));
    if stamp.exists() {
        return bin;
    }
    let _ = std::fs::remove_dir_all(&venv);
    std::fs::create_dir_all(cache()).unwrap();
    run_ok(Command::new("python3").args(["-m", "venv"]).arg(&venv));
    run_ok(Command::new(bin.join("python")).args([
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        PRE_COMMIT,
        CHECK_JSONSCHEMA,
    ]));
    std::fs::write(&stamp, "").unwrap();
    bin
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

fn run_ok(cmd: &mut Command) -> Output {
    let o = run(cmd);
    assert!(o.status.success(), "{cmd:?} failed: {}", text(&o));
    o
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

#[test]
fn action_yml_is_valid_against_the_github_action_schema() {
    let bin = tools();
    let validate = |path: &Path| {
        run(Command::new(bin.join("check-jsonschema")).args(["--builtin-schema", "vendor.github-actions"]).arg(path))
    };
    let action = root().join("action.yml");
    let o = validate(&action);
    assert!(o.status.success(), "{}", text(&o));
    // The validator does reject a broken action (so the pass above means something).
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("action.yml");
    let yaml = std::fs::read_to_string(&action).unwrap();
    std::fs::write(&broken, yaml.replace("using: composite", "using: compost")).unwrap();
    let o = validate(&broken);
    assert!(!o.status.success(), "a wrong `runs.using` must fail: {}", text(&o));
    // What the action runs: frost built from the action's own checkout,
    // checking with annotations, and SARIF uploaded when asked.
    for expected in [
        "cargo install --locked --path \"$GITHUB_ACTION_PATH\"",
        "frost check --format github",
        "frost check --format sarif",
        "uses: github/codeql-action/upload-sarif@v3",
    ] {
        assert!(yaml.contains(expected), "action.yml runs `{expected}`");
    }
    // And the hooks' manifest is one pre-commit accepts.
    run_ok(Command::new(bin.join("pre-commit")).arg("validate-manifest").arg(root().join(".pre-commit-hooks.yaml")));
}

/// `pre-commit try-repo <this repository> --files FILES` in `repo`: every
/// hook of `.pre-commit-hooks.yaml`, in order, from one install of frost
/// (try-repo installs afresh each time, so the test runs it once).
fn try_repo(bin: &Path, repo: &Path, files: &[&str]) -> Output {
    let mut cmd = Command::new(bin.join("pre-commit"));
    cmd.arg("try-repo").arg(root()).arg("--files").args(files).current_dir(repo);
    cmd.env("CARGO_TARGET_DIR", cache().join("cargo-target"))
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
        .env("CARGO_PROFILE_RELEASE_INCREMENTAL", "true")
        .env("PATH", format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default()))
        .env_remove("FROST_BLESS");
    run(&mut cmd)
}

#[test]
fn pre_commit_hooks_check_and_fix_with_the_real_pre_commit() {
    let bin = tools();
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    let git = |args: &[&str]| run_ok(Command::new("git").args(args).current_dir(repo));
    git(&["init", "--quiet"]);
    let body = |line: &str| {
        format!(
            "def make_exe():\n    dist = default_python_distribution()\n    config = dist.make_python_interpreter_config()\n    {line}\n    return dist.to_python_executable(name = \"app\", config = config)\n\nregister_target(\"exe\", make_exe)\n"
        )
    };
    let bad = body("config.run_mode = \"module:app\"");
    let good = body("config.run_module = \"app\"");
    std::fs::write(repo.join("bad.bzl"), &bad).unwrap();
    std::fs::write(repo.join("good.bzl"), &good).unwrap();
    // Excluded by the settings: --force-exclude keeps it out although
    // pre-commit names it.
    std::fs::create_dir_all(repo.join("vendor")).unwrap();
    std::fs::write(repo.join("vendor/broken.bzl"), "x = (\n").unwrap();
    std::fs::write(repo.join("frost.toml"), "extend-exclude = [\"vendor/**\"]\n").unwrap();
    std::fs::write(repo.join("notes.txt"), "config.run_mode = 1\n").unwrap();
    git(&["add", "."]);

    let o = try_repo(&bin, repo, &["bad.bzl", "good.bzl", "vendor/broken.bzl", "notes.txt"]);
    let out = text(&o);
    assert!(!o.status.success(), "{out}");
    // frost-check runs first, on the original files: it fails and names the
    // finding in bad.bzl, and only there.
    let (check, fix) = out.split_once("frost check --fix").unwrap_or_else(|| panic!("both hooks ran: {out}"));
    assert!(check.contains("frost check"), "{out}");
    assert!(check.contains("bad.bzl:4:"), "the finding names the file and line: {out}");
    assert!(check.contains("unknown-attribute"), "{out}");
    assert!(check.contains("write `run_module = \"app\"` instead"), "{out}");
    assert!(!check.contains("good.bzl:") && !check.contains("broken.bzl") && !check.contains("notes.txt"), "{out}");
    // frost-check-fix then fixes it, says so, finds nothing left, and fails
    // the commit because it changed a file.
    assert!(fix.contains("fixed bad.bzl: 1 finding (unknown-attribute)"), "{out}");
    assert!(fix.contains("files were modified by this hook"), "{out}");
    assert!(fix.contains("0 errors, 0 warnings"), "nothing remains: {out}");
    assert_eq!(std::fs::read_to_string(repo.join("bad.bzl")).unwrap(), good);
    assert_eq!(std::fs::read_to_string(repo.join("good.bzl")).unwrap(), good);
    assert_eq!(std::fs::read_to_string(repo.join("vendor/broken.bzl")).unwrap(), "x = (\n");
}
