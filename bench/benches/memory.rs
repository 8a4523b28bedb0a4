//! Memory: streaming 100,000 message templates across 100 pages of 1,000
//! from a loopback server keeps peak heap near one page's worth; collecting
//! them all grows with the total. Peak heap comes from a counting global
//! allocator; the server's page bodies are built before measuring and
//! served without copying, so the figures are the client's.
//!
//! Run with `cargo bench -p waba-bench --bench memory`; prints a table.

use std::sync::Arc;

use bytes::Bytes;
use futures_util::{StreamExt, TryStreamExt};
use waba_bench::alloc::{self, Counting};
use waba_bench::{fixtures, server};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const PAGES: usize = 100;
const PER_PAGE: usize = 1_000;

fn main() {
    // `cargo bench` passes `--bench`; a filter that does not match skips us.
    if std::env::args()
        .skip(1)
        .any(|a| !a.starts_with('-') && !"memory".contains(&a))
    {
        return;
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let pages: Arc<Vec<Bytes>> = Arc::new(
        (0..PAGES)
            .map(|p| {
                let items = (0..PER_PAGE).map(|i| fixtures::message_template(p * PER_PAGE + i));
                let next =
                    (p + 1 < PAGES).then(|| format!("https://graph.facebook.com/next/{}", p + 1));
                let mut body = fixtures::page(items, next.as_deref());
                // The cursor the client sends back is the next page's number.
                body = body.replace("QVFIUkZAmZAZAM", &(p + 1).to_string());
                Bytes::from(body)
            })
            .collect(),
    );
    let page_bytes = pages[0].len();
    let served = pages.clone();
    let handler: server::Handler = Arc::new(move |_, _, query| {
        let page = query
            .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("after=")))
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0);
        served[page.min(PAGES - 1)].clone()
    });
    let base = rt.block_on(server::serve(handler));
    let client = waba::Client::builder()
        .access_token("EAAG-BENCH-TOKEN")
        .base_url(format!("http://{base}"))
        .build()
        .unwrap();
    let templates = || {
        client
            .whatsapp_business_account("102290129340398")
            .message_templates()
            .limit(PER_PAGE as u32)
    };

    // One page, decoded and held: the unit the stream should stay near.
    let one_page = measure(|| {
        rt.block_on(async {
            let page = templates().send().await.unwrap();
            assert_eq!(page.data.len(), PER_PAGE);
            page.data.len()
        })
    });
    let streamed = measure(|| {
        rt.block_on(templates().stream().fold(0usize, |n, item| async move {
            item.unwrap();
            n + 1
        }))
    });
    let collected = measure(|| {
        rt.block_on(async {
            let all: Vec<waba::MessageTemplate> = templates().stream().try_collect().await.unwrap();
            all.len()
        })
    });

    let mib = |b: usize| b as f64 / (1024.0 * 1024.0);
    println!(
        "memory: {PAGES} pages of {PER_PAGE} message templates, {:.2} MiB of JSON per page",
        mib(page_bytes)
    );
    println!();
    println!("| what | items | peak heap above baseline (MiB) | x one page |");
    println!("| --- | ---: | ---: | ---: |");
    for (what, (items, peak)) in [
        ("one page (send)", one_page),
        ("stream, item by item", streamed),
        ("stream, collected into a Vec", collected),
    ] {
        println!(
            "| {what} | {items} | {:.2} | {:.1} |",
            mib(peak),
            peak as f64 / one_page.1 as f64
        );
    }
}

/// Runs `f`, returning its result and the peak heap above what was live
/// before it started.
fn measure(f: impl FnOnce() -> usize) -> (usize, usize) {
    alloc::reset_peak();
    let baseline = alloc::current();
    let items = f();
    (items, alloc::peak().saturating_sub(baseline))
}
