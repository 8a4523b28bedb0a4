//! Receiving a webhook: verify `X-Hub-Signature-256` and decode a typical
//! inbound text-message delivery, through `WebhookReceiver` and through the
//! hand-written floor (`bench/src/webhook_floor.rs`). The figure to watch
//! is receiver / floor; the `decode_only` pair leaves the signature out.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use waba::webhooks::{WebhookReceiver, sign};
use waba_bench::webhook_floor;

/// One inbound text message, as Graph posts it (a test sample, our values).
const DELIVERY: &[u8] = include_bytes!("../../tests/fixtures/webhooks/message_text.json");
const SECRET: &str = "bench-app-secret";

fn webhooks(c: &mut Criterion) {
    // Graph posts compact JSON; so does the bench.
    let value: serde_json::Value = serde_json::from_slice(DELIVERY).unwrap();
    let body = serde_json::to_vec(&value).unwrap();
    let signature = sign(&SECRET.into(), &body);
    let receiver = WebhookReceiver::new(SECRET, "token");
    // Both sides accept the delivery before anything is timed.
    assert!(receiver.receive(Some(signature.as_bytes()), &body).is_ok());
    assert!(webhook_floor::receive(SECRET.as_bytes(), signature.as_bytes(), &body).is_some());

    let mut group = c.benchmark_group("webhooks/inbound_text_message");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("receiver", |b| {
        b.iter(|| {
            receiver
                .receive(Some(black_box(signature.as_bytes())), black_box(&body))
                .unwrap()
        })
    });
    group.bench_function("floor", |b| {
        b.iter(|| {
            webhook_floor::receive(
                SECRET.as_bytes(),
                black_box(signature.as_bytes()),
                black_box(&body),
            )
            .unwrap()
        })
    });
    // Where the time goes: decoding alone, the signature left out.
    group.bench_function("decode_only/generated", |b| {
        b.iter(|| serde_json::from_slice::<waba::webhooks::Notification>(black_box(&body)).unwrap())
    });
    group.bench_function("decode_only/floor", |b| {
        b.iter(|| serde_json::from_slice::<webhook_floor::Notification>(black_box(&body)).unwrap())
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = waba_bench::short_runs();
    targets = webhooks
}
criterion_main!(benches);
