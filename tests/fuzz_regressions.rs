//! Inputs the fuzz targets in `fuzz/` (and the review of issue 13) found
//! crashing, hanging or running away with memory, replayed through the same
//! code the targets run, under stable `cargo test`: each must end, without
//! a panic, within a few seconds. Add a finding as a file in
//! `tests/fuzz_regressions/TARGET/` (see `fuzz/README.md`).

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use frost::lints::{check_file, CheckOptions};
use frost::EvalOptions;

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = common::root().join("tests/fuzz_regressions").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs in {}", dir.display());
    files
}

/// What `fuzz/fuzz_targets/check.rs` does with one input.
fn check(data: &[u8], dir: &Path) {
    let path = dir.join("fuzz.bzl");
    std::fs::write(&path, data).unwrap();
    let options = CheckOptions {
        target: None,
        eval: EvalOptions {
            target_triple: "x86_64-unknown-linux-gnu".into(),
            print: false,
            max_steps: 100_000,
            timeout: Duration::from_secs(1),
            max_heap_bytes: 64 << 20,
            ..EvalOptions::default()
        },
    };
    std::thread::Builder::new()
        .stack_size(frost::language::EVAL_STACK_BYTES)
        .spawn(move || {
            let _ = check_file(&path, &options);
        })
        .unwrap()
        .join()
        .expect("frost check panicked");
}

#[test]
fn check_findings_end_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    for file in inputs("check") {
        let started = Instant::now();
        check(&std::fs::read(&file).unwrap(), dir.path());
        assert!(started.elapsed() < Duration::from_secs(30), "{}: {:?}", file.display(), started.elapsed());
    }
}

#[test]
fn export_findings_end_cleanly() {
    for file in inputs("export") {
        if let Ok(text) = std::str::from_utf8(&std::fs::read(&file).unwrap()) {
            let _ = frost::formats::bzl::export_json(text, "fuzz.json");
        }
    }
}

#[test]
fn payload_findings_end_cleanly() {
    use frost_runtime::payload;
    for file in inputs("payload") {
        let data = std::fs::read(&file).unwrap();
        if let Ok(json) = payload::read_bytes(&data) {
            let _ = frost_runtime::RuntimeConfig::from_json_str(&json);
        }
        let _ = payload::stub_info(payload::stub_of(&data));
    }
}
