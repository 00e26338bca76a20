//! Parse + evaluate + lower: a typical config (what `frost eval` does for
//! examples/minimal) and a generated large one with 50 targets, `load`s and
//! list comprehensions, resolving the default target (`frost eval`) and
//! every target (what `frost check` evaluates).

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use frost::{evaluate_source, EvalOptions, Resolve};

mod common;

fn eval(c: &mut Criterion) {
    let mut group = c.benchmark_group("eval");
    group.measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1)).sample_size(50);
    let quiet = EvalOptions { print: false, ..EvalOptions::default() };

    for path in common::examples() {
        let name = path.parent().and_then(|d| d.file_name()).unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("typical/{name}"), |b| {
            b.iter(|| {
                let out = evaluate_source(&path, black_box(text.clone()), &quiet).expect("evaluates");
                black_box(out.requested_config().expect("lowered").to_json_pretty())
            })
        });
    }

    let dir = tempfile::tempdir().unwrap();
    let path = common::write_large(dir.path());
    let text = std::fs::read_to_string(&path).unwrap();
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("large50/default-target", |b| {
        b.iter(|| {
            let out = evaluate_source(&path, black_box(text.clone()), &quiet).expect("evaluates");
            black_box(out.requested_config().expect("lowered").to_json_pretty())
        })
    });
    let all = EvalOptions { resolve: Resolve::All, ..quiet.clone() };
    group.bench_function("large50/all-targets", |b| {
        b.iter(|| {
            let out = evaluate_source(&path, black_box(text.clone()), &all).expect("evaluates");
            assert_eq!(out.targets.len(), 51);
            black_box(
                out.targets.iter().filter_map(|t| t.lowered.as_ref()).map(|c| c.to_json_pretty().len()).sum::<usize>(),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, eval);
criterion_main!(benches);
