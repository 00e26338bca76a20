//! Bytes as a config file, through everything `frost check` does: parse,
//! lint, evaluate every target, lower and apply the rules. Small limits so
//! that each input runs in at most about a second.
#![no_main]

use std::sync::OnceLock;
use std::time::Duration;

use frost::lints::{check_file, CheckOptions};
use frost::EvalOptions;
use libfuzzer_sys::fuzz_target;

fn dir() -> &'static tempfile::TempDir {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("a temporary folder"))
}

fuzz_target!(|data: &[u8]| {
    let path = dir().path().join("fuzz.bzl");
    std::fs::write(&path, data).expect("writing the input");
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
    // frost evaluates on a thread with a big stack; so does this target.
    std::thread::Builder::new()
        .stack_size(frost::language::EVAL_STACK_BYTES)
        .spawn(move || {
            let _ = check_file(&path, &options);
        })
        .expect("a thread")
        .join()
        .expect("frost check panicked");
});
