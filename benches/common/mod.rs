//! Inputs shared by the benches: the repository's example configs and a
//! generated large config (50 targets, `load`s, list comprehensions).

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The repository root (the `frost` crate's manifest folder).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `examples/*/frost.bzl`, sorted: the typical configs.
pub fn examples() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .expect("examples/")
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("frost.bzl"))
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

/// The typical config of the single-config benches.
pub fn typical() -> PathBuf {
    root().join("examples/minimal/frost.bzl")
}

/// A helper module the large config loads.
pub const HELPERS: &str = r#"# Shared settings for the large benchmark config.

PACKAGES = ["core", "api", "cli", "db", "web", "jobs", "tests", "docs"]
OPTIONS = {"frost_env": "prod", "frost_region": "eu", "frost_tier": "gold"}

def search_paths(extra = []):
    return ["$ORIGIN/../lib/" + p for p in PACKAGES if p not in ("tests", "docs")] + extra

def x_options(index):
    return [k + "=" + v for k, v in OPTIONS.items()] + ["frost_index=%d" % index]

def tune(config, index):
    config.module_search_paths = search_paths(["$ORIGIN/../plugins/%d" % index])
    config.x_options = x_options(index)
    config.warn_options = ["ignore::DeprecationWarning:%s" % p for p in PACKAGES[:index % 4 + 1]]
    config.optimization_level = index % 3
    config.write_bytecode = index % 2 == 0
    return config
"#;

/// The large config: 50 targets, each with its own function, built from
/// `@stdlib//` presets and the helpers above.
pub fn large_config() -> String {
    let mut s = String::from(
        "# A large generated config: 50 targets, loads and list comprehensions.\n\
         load(\"lib/helpers.bzl\", \"tune\", \"PACKAGES\")\n\
         load(\"@stdlib//apps.bzl\", \"cli_app\", \"service_app\")\n\
         load(\"@stdlib//multiprocessing.bzl\", \"multiprocessing_preset\")\n\
         load(\"@stdlib//platform.bzl\", \"exe_name\")\n\n\
         def make_dist():\n    return default_python_distribution()\n\n",
    );
    for i in 0..50 {
        let preset = if i % 2 == 0 { "cli_app" } else { "service_app" };
        let method = ["auto", "spawn", "forkserver", "fork"][i % 4];
        s.push_str(&format!(
            "def make_app{i}(dist):\n\
             \x20   config = {preset}(dist.make_python_interpreter_config(), \"app{i}\")\n\
             \x20   multiprocessing_preset(config, start_method = \"{method}\")\n\
             \x20   tune(config, {i})\n\
             \x20   config.x_options.extend([\"with_\" + p for p in PACKAGES if len(p) > 2])\n\
             \x20   return dist.to_python_executable(name = exe_name(\"app{i}\"), config = config)\n\n"
        ));
    }
    for i in 0..50 {
        let default = if i == 0 { ", default = True" } else { "" };
        s.push_str(&format!("register_target(\"app{i}\", make_app{i}, depends = [\"dist\"]{default})\n"));
    }
    s.push_str("register_target(\"dist\", make_dist)\nresolve_targets()\n");
    s
}

/// Writes the large config and its helpers under `dir`; returns the config's path.
pub fn write_large(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir.join("lib")).expect("mkdir lib");
    std::fs::write(dir.join("lib/helpers.bzl"), HELPERS).expect("write helpers");
    let path = dir.join("frost.bzl");
    std::fs::write(&path, large_config()).expect("write large config");
    path
}
