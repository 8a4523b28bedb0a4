//! Codegen: the pure `waba_codegen::generate` (parse, validate, lower, emit,
//! format; no disk) on the real spec and on synthetic specs of 10, 100 and
//! 1,000 nodes, to show how generation time grows with the spec.

use std::hint::black_box;
use std::path::Path;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use waba_codegen::{SourceFile, generate};

// The synthesizer behind `cargo xtask synth`; xtask is a binary, so its
// module is compiled in here rather than depended on.
#[path = "../../xtask/src/synth.rs"]
mod synth;

use synth::synthesize;

fn codegen(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let real = SourceFile::read(&root.join(waba_codegen::SPEC_PATH), waba_codegen::SPEC_PATH)
        .expect("read the real spec");
    let mut group = c.benchmark_group("codegen");
    group.bench_function("real", |b| b.iter(|| generate(black_box(&real)).unwrap()));
    for nodes in [10, 100, 1_000] {
        let source = SourceFile::new("synthetic.toml", synthesize(nodes));
        group.throughput(Throughput::Elements(nodes as u64));
        group.bench_with_input(
            BenchmarkId::new("synthetic", nodes),
            &source,
            |b, source| b.iter(|| generate(black_box(source)).unwrap()),
        );
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = waba_bench::short_runs().sample_size(10);
    targets = codegen
}
criterion_main!(benches);
