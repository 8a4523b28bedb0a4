//! Decode: a 10,000-item page of WABAs and of message templates, every field
//! present, through the generated models, the hand-written floor, and
//! `serde_json::Value`. The figure to watch is generated / floor.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use waba_bench::{fixtures, floor};

const ITEMS: usize = 10_000;

fn decode(c: &mut Criterion) {
    let wabas = fixtures::waba_page(ITEMS);
    let templates = fixtures::template_page(ITEMS);

    let mut group = c.benchmark_group("decode/waba_page_10k");
    group.throughput(Throughput::Bytes(wabas.len() as u64));
    group.bench_function("generated", |b| {
        b.iter(|| {
            serde_json::from_slice::<waba::Page<waba::WhatsAppBusinessAccount>>(black_box(
                wabas.as_bytes(),
            ))
            .unwrap()
        })
    });
    group.bench_function("floor", |b| {
        b.iter(|| {
            serde_json::from_slice::<floor::Page<floor::WhatsAppBusinessAccount>>(black_box(
                wabas.as_bytes(),
            ))
            .unwrap()
        })
    });
    group.bench_function("value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(wabas.as_bytes())).unwrap())
    });
    group.finish();

    let mut group = c.benchmark_group("decode/template_page_10k");
    group.throughput(Throughput::Bytes(templates.len() as u64));
    group.bench_function("generated", |b| {
        b.iter(|| {
            serde_json::from_slice::<waba::Page<waba::MessageTemplate>>(black_box(
                templates.as_bytes(),
            ))
            .unwrap()
        })
    });
    group.bench_function("floor", |b| {
        b.iter(|| {
            serde_json::from_slice::<floor::Page<floor::MessageTemplate>>(black_box(
                templates.as_bytes(),
            ))
            .unwrap()
        })
    });
    group.bench_function("value", |b| {
        b.iter(|| {
            serde_json::from_slice::<serde_json::Value>(black_box(templates.as_bytes())).unwrap()
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = waba_bench::short_runs();
    targets = decode
}
criterion_main!(benches);
