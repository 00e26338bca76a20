//! `frost check` throughput per file: `check_file` (syntax, starlark lints,
//! evaluation of every target, frost's rules) on each typical config and on
//! the generated large one, and `check_files` over 400 configs in a folder
//! (what `frost check DIR` does, in parallel), and the human report of a
//! file with 20,000 findings.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use frost::lints::{check_file, check_files, CheckOptions};

mod common;

fn check(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    group.measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1)).sample_size(50);
    let options = CheckOptions::default();

    group.throughput(Throughput::Elements(1));
    for path in common::examples() {
        let name = path.parent().and_then(|d| d.file_name()).unwrap().to_string_lossy().into_owned();
        group.bench_function(format!("file/{name}"), |b| {
            b.iter(|| black_box(check_file(black_box(&path), &options).expect("readable")))
        });
    }

    let dir = tempfile::tempdir().unwrap();
    let large = common::write_large(&dir.path().join("large"));
    group.bench_function("file/large50", |b| b.iter(|| black_box(check_file(black_box(&large), &options).unwrap())));

    // 400 configs: the five examples in turn, each in its own folder.
    let examples = common::examples();
    let files: Vec<PathBuf> = (0..400)
        .map(|i| {
            let sub = dir.path().join(format!("many/c{i:03}"));
            std::fs::create_dir_all(&sub).unwrap();
            let path = sub.join("frost.bzl");
            std::fs::copy(&examples[i % examples.len()], &path).unwrap();
            path
        })
        .collect();
    group.sample_size(10).measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Elements(files.len() as u64));
    group.bench_function("files/400", |b| b.iter(|| black_box(check_files(black_box(&files), &options))));

    // A file with 20,000 findings, rendered as rustc-style text: linear in
    // the findings (it was quadratic: each one split the whole file again).
    let noisy = dir.path().join("noisy.bzl");
    std::fs::write(&noisy, (0..10_000).map(|i| format!("x = {i}\n")).collect::<String>()).unwrap();
    let report = check_files(std::slice::from_ref(&noisy), &options);
    assert!(report.diagnostics.len() > 10_000);
    group.sample_size(10).throughput(Throughput::Elements(report.diagnostics.len() as u64));
    group.bench_function("human/20k-findings", |b| b.iter(|| black_box(frost::reports::human(black_box(&report)))));
    group.finish();
}

criterion_group!(benches, check);
criterion_main!(benches);
