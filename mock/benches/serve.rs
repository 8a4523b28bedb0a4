//! Requests per second the mock serves to the generated client on
//! loopback: one client awaiting each call in turn, then 16 calls in
//! flight. `cargo bench -p waba-mock --bench serve [-- REQUESTS]`.

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use waba::MessageTemplateField;
use waba_mock::MockServer;
use waba_mock::seed::WABA;

fn main() {
    // `cargo bench` passes `--bench`; a number among the arguments sets the count.
    let requests: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(5_000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let mock = MockServer::start().await.expect("start the mock");
        let client = waba::Client::builder()
            .access_token(mock.token())
            .base_url(mock.base_url())
            .build()
            .expect("client");
        for i in 0..20 {
            client
                .whatsapp_business_account(WABA)
                .create_message_template(format!("t{i}"), "en_US", waba::TemplateCategory::Utility)
                .await
                .expect("seed a template");
        }
        let read = || {
            let client = client.clone();
            async move {
                client
                    .whatsapp_business_account(WABA)
                    .message_templates()
                    .fields([MessageTemplateField::Name, MessageTemplateField::Status])
                    .limit(10)
                    .await
                    .expect("a page")
            }
        };
        // Warm the connection pool and the allocator.
        for _ in 0..200 {
            read().await;
        }
        let start = Instant::now();
        for _ in 0..requests {
            read().await;
        }
        report("sequential", requests, start.elapsed());

        let start = Instant::now();
        futures_util::stream::iter(0..requests)
            .map(|_| read())
            .buffer_unordered(16)
            .for_each(|_| async {})
            .await;
        report("16 in flight", requests, start.elapsed());
    });
}

fn report(label: &str, requests: usize, elapsed: Duration) {
    let per_second = requests as f64 / elapsed.as_secs_f64();
    println!(
        "waba-mock, list page of 10 templates, {label}: {requests} requests in {:.2} s = {per_second:.0} requests/s",
        elapsed.as_secs_f64()
    );
}
