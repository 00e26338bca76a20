//! `frost export`: the JSON of `frost eval` back to a `.bzl` config, for
//! each example's golden JSON.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use frost::formats::bzl::export_json;

mod common;

fn export(c: &mut Criterion) {
    let mut group = c.benchmark_group("export");
    group.measurement_time(Duration::from_secs(2)).warm_up_time(Duration::from_secs(1)).sample_size(50);
    let mut goldens: Vec<_> = std::fs::read_dir(common::root().join("tests/golden"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    goldens.sort();
    for path in goldens {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let source = path.display().to_string();
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| b.iter(|| black_box(export_json(black_box(&text), &source).expect("exports"))));
    }
    group.finish();
}

criterion_group!(benches, export);
criterion_main!(benches);
