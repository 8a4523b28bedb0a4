//! Client overhead: one sequence of requests (a node read, a list page of
//! 25, a POST) against a loopback server answering with fixed bodies, once
//! through the generated client and once through plain `reqwest` +
//! `serde_json` written by hand; one sequence at a time, and 64 at once.
//! The figure to watch is the throughput of generated / hand-written.

use std::sync::Arc;

use bytes::Bytes;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use futures_util::future::join_all;
use hyper::Method;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use waba::{AssignedUserField, WabaTask, WhatsAppBusinessAccountField as F};
use waba_bench::{fixtures, floor, server};

const TOKEN: &str = "EAAG-BENCH-TOKEN";
const CONCURRENCY: usize = 64;
/// Requests in one sequence.
const SEQUENCE: u64 = 3;

fn start_server(rt: &tokio::runtime::Runtime) -> String {
    let node = Bytes::from(fixtures::waba(0).to_string());
    let list = Bytes::from(fixtures::page(
        (0..25).map(fixtures::assigned_user),
        Some("https://graph.facebook.com/next"),
    ));
    let success = Bytes::from_static(br#"{"success":true}"#);
    let handler: server::Handler = Arc::new(move |method, path, _query| {
        if method == Method::POST {
            success.clone()
        } else if path.ends_with("/assigned_users") {
            list.clone()
        } else {
            node.clone()
        }
    });
    let addr = rt.block_on(server::serve(handler));
    format!("http://{addr}")
}

/// The generated client's sequence.
async fn generated(client: &waba::Client) {
    let waba = client.whatsapp_business_account("102290129340398");
    let node = waba
        .get()
        .fields([F::Id, F::Name, F::Currency, F::TimezoneId, F::HealthStatus])
        .send()
        .await
        .unwrap();
    assert!(node.id.is_some());
    let page = waba
        .assigned_users("2729063490586005")
        .fields([
            AssignedUserField::Id,
            AssignedUserField::Name,
            AssignedUserField::Tasks,
        ])
        .limit(25)
        .send()
        .await
        .unwrap();
    assert_eq!(page.data.len(), 25);
    let done = waba
        .add_assigned_user("100089547063210", [WabaTask::Manage, WabaTask::Develop])
        .send()
        .await
        .unwrap();
    assert!(done.success);
}

/// What a careful hand-written client does for the same three calls:
/// same URLs, headers and bodies, decoded into the floor types.
async fn by_hand(http: &reqwest::Client, base: &str) {
    async fn get<T: serde::de::DeserializeOwned>(request: reqwest::RequestBuilder) -> T {
        let response = request
            .header(AUTHORIZATION, format!("Bearer {TOKEN}"))
            .header(ACCEPT, "application/json")
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success());
        serde_json::from_slice(&response.bytes().await.unwrap()).unwrap()
    }
    let node: floor::WhatsAppBusinessAccount = get(http.get(format!(
        "{base}/v23.0/102290129340398?fields=id%2Cname%2Ccurrency%2Ctimezone_id%2Chealth_status"
    )))
    .await;
    assert!(node.id.is_some());
    let page: floor::Page<floor::AssignedUser> = get(http.get(format!(
        "{base}/v23.0/102290129340398/assigned_users?business=2729063490586005&fields=id%2Cname%2Ctasks&limit=25"
    )))
    .await;
    assert_eq!(page.data.len(), 25);
    let done: floor::Success = get(http
        .post(format!("{base}/v23.0/102290129340398/assigned_users"))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body("user=100089547063210&tasks=%5B%22MANAGE%22%2C%22DEVELOP%22%5D"))
    .await;
    assert!(done.success);
}

fn client(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let base = start_server(&rt);
    let generated_client = waba::Client::builder()
        .access_token(TOKEN)
        .base_url(&base)
        .build()
        .unwrap();
    let http = reqwest::Client::new();

    let mut group = c.benchmark_group("client/sequential");
    group.throughput(Throughput::Elements(SEQUENCE));
    group.bench_function("generated", |b| {
        b.iter(|| rt.block_on(generated(&generated_client)))
    });
    group.bench_function("reqwest", |b| b.iter(|| rt.block_on(by_hand(&http, &base))));
    group.finish();

    let mut group = c.benchmark_group("client/concurrent_64");
    group.throughput(Throughput::Elements(SEQUENCE * CONCURRENCY as u64));
    group.bench_function("generated", |b| {
        b.iter(|| {
            rt.block_on(join_all(
                (0..CONCURRENCY).map(|_| generated(&generated_client)),
            ))
        })
    });
    group.bench_function("reqwest", |b| {
        b.iter(|| rt.block_on(join_all((0..CONCURRENCY).map(|_| by_hand(&http, &base)))))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = waba_bench::short_runs();
    targets = client
}
criterion_main!(benches);
