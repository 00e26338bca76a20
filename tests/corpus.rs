//! Real `pyoxidizer.bzl` files from public projects (tests/corpus/pyoxidizer,
//! with their sources and licences in its README) under `frost check`: the
//! language frost must speak.

mod common;

use common::*;
use serde_json::Value as Json;

/// Corpus files whose README marks them legacy (pre-0.8 API) or invalid
/// (does not parse): they are expected to fail and are not listed below.
const LEGACY_OR_INVALID: &[&str] = &[
    "bbqsrc__kbdgen__pyoxidizer.bzl",
    "da-moon__fake-upstream__pyoxidizer.bzl",
    "kellyjonbrazil__jc-packaging__pyoxidizer__pyoxidizer.bzl",
    "kellyjonbrazil__jello-packaging__pyoxidizer__pyoxidizer.bzl",
    "Getdeck__getdeck__pyoxidizer.bzl",
    "Raudbjorn__MDMAI__pyoxidizer.bzl",
];

/// `frost check` of every valid corpus file gives no error, except for
/// files that only exist in the original repository (prebuilt binaries,
/// icons, licences), and the one invalid use PyOxidizer rejects too
/// (`bundle.identifier`).
#[test]
fn corpus_files_check_clean() {
    let corpus = root().join("tests/corpus/pyoxidizer");
    let mut entries: Vec<_> = std::fs::read_dir(&corpus).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    let allowed = [
        // Files of the original repository (prebuilt binaries, licences).
        "cannot read",
        // PyOxidizer rejects it too.
        "MacOsApplicationBundleBuilder has no attribute `identifier`",
    ];
    let mut report = Vec::new();
    for path in entries {
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if !name.ends_with(".bzl") || LEGACY_OR_INVALID.contains(&name.as_str()) {
            continue;
        }
        // `--var version` as the installer-only configs need (PyOxidizer needs it too).
        let out = frost(&["check", &name, "--format", "json", "--var", "version", "1.0.0"], &corpus);
        let json: Json = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{name}: no JSON report"));
        for d in json["diagnostics"].as_array().unwrap() {
            if d["severity"] != "error" {
                continue;
            }
            let message = d["message"].as_str().unwrap();
            report.push(format!("{name}: {message}"));
            assert!(allowed.iter().any(|a| message.contains(a)), "{name}: [{}] {message}", d["code"]);
        }
    }
    eprintln!("corpus failures left (files missing from the corpus):\n{}", report.join("\n"));
}

/// The pre-0.8 configs fail with the replacement named, not with an
/// unknown name.
#[test]
fn legacy_corpus_configs_are_told_what_replaced_each_name() {
    let corpus = root().join("tests/corpus/pyoxidizer");
    // (da-moon's fake-upstream stops earlier, at `verbose=1`: an int where
    // a bool belongs, an error in PyOxidizer 0.24 too.)
    for name in [LEGACY_OR_INVALID[0], LEGACY_OR_INVALID[2], LEGACY_OR_INVALID[3]] {
        let out = frost(&["check", name, "--format", "json", "--var", "version", "1.0.0"], &corpus);
        let json: Json = serde_json::from_slice(&out.stdout).unwrap();
        let errors: Vec<&str> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["severity"] == "error")
            .map(|d| d["message"].as_str().unwrap())
            .collect();
        assert!(!errors.is_empty(), "{name}");
        assert!(
            errors.iter().any(|m| m.contains("removed") || m.contains("instead") || m.contains("replaced")),
            "{name}: {errors:?}"
        );
    }
}

/// The installer-only corpus configs (they repackage prebuilt binaries)
/// check without an error once the files they read exist: each missing
/// file named by a "cannot read" error is created as an empty stand-in.
#[test]
fn installer_only_corpus_configs_check_when_their_files_exist() {
    let corpus = root().join("tests/corpus/pyoxidizer");
    for name in [
        "pypa__hatch__pyoxidizer.bzl",
        "DataDog__ddqa__pyoxidizer.bzl",
        "DataDog__datadog-agent-dev__pyoxidizer.bzl",
        "WaylonWalker__waylonwalker-cli__pyoxidizer.bzl",
        "bentoml__OpenLLM__pyoxidizer.bzl",
        "indygreg__PyOxidizer__pyoxidizer.bzl",
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(corpus.join(name), dir.path().join("pyoxidizer.bzl")).unwrap();
        let mut created = 0;
        loop {
            let out = frost(&["check", "pyoxidizer.bzl", "--format", "json", "--var", "version", "1.0.0"], dir.path());
            let json: Json = serde_json::from_slice(&out.stdout).unwrap();
            let errors: Vec<&str> = json["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| d["severity"] == "error")
                .map(|d| d["message"].as_str().unwrap())
                .collect();
            let Some(first) = errors.first() else {
                assert_eq!(out.status.code(), Some(0), "{name}");
                if !cfg!(windows) && !cfg!(target_os = "macos") {
                    assert!(json["summary"]["notes"].as_u64().unwrap() > 0, "{name}: installers give notes on Linux");
                }
                break;
            };
            let missing = first
                .split("cannot read ")
                .nth(1)
                .and_then(|rest| rest.split(" (").next())
                .unwrap_or_else(|| panic!("{name}: {first}"));
            let path = dir.path().join(missing);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "").unwrap();
            created += 1;
            assert!(created < 40, "{name}: too many missing files");
        }
    }
}

/// PyOxidizer's own template checks clean (the WiX installer target is a
/// note on Linux), and `frost eval` prints the plan of each of its targets.
#[test]
fn pyoxidizers_own_template_checks_and_evaluates() {
    let dir = root().join("tests/corpus/pyoxidizer-template");
    for name in ["plain.bzl", "code.bzl"] {
        let out = frost(&["check", name, "--format", "json", "--deny-warnings"], &dir);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", String::from_utf8_lossy(&out.stdout));
        for (target, kind) in [("exe", None), ("install", Some("file_manifest")), ("msi_installer", Some("installer"))]
        {
            let out = frost(&["eval", name, "--target", target], &dir);
            assert_eq!(out.status.code(), Some(0), "{name} {target}: {}", String::from_utf8_lossy(&out.stderr));
            let json: Json = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(json["schema_version"], 2, "{name} {target}");
            match kind {
                Some(kind) => assert_eq!(json["kind"], kind, "{name} {target}"),
                None => assert!(json["packaging"]["policy"].is_object(), "{name}: the executable has its plan"),
            }
        }
    }
    // The default target is the install manifest, holding the executable.
    let out = frost(&["eval", "code.bzl"], &dir);
    let json: Json = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["kind"], "file_manifest");
    assert!(json.to_string().contains("\"code\""), "{json}");
    // PyOxidizer's --pip-install template passes a string; 0.24 rejects it too.
    let out = frost(&["check", "pip.bzl"], &dir);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("`args` must be a list of strings; got string \"myapp\""));
}
