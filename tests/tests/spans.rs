//! The `graph_request` span of each attempt carries what it promises: the
//! method, the path (never the query), the attempt number, and once the
//! response is in, the HTTP status and Meta's trace ID (from the
//! `x-fb-trace-id` header, or from the Graph error body).

use std::io::Write;
use std::sync::{Arc, Mutex};

use serde_json::json;
use tracing_subscriber::fmt::format::FmtSpan;
use waba_tests::{client_for, path};
use wiremock::matchers::{method, path as at};
use wiremock::{Mock, MockServer, ResponseTemplate};

struct BufferWriter(Arc<Mutex<Vec<u8>>>);

impl Write for BufferWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("logs").extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn spans_record_status_and_trace_id() {
    let buffer = Arc::new(Mutex::new(Vec::new()));
    let writer = Arc::clone(&buffer);
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || BufferWriter(Arc::clone(&writer)))
        .finish();
    // This test's own binary: the only subscriber, for every thread.
    tracing::subscriber::set_global_default(subscriber).expect("one global subscriber");

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(at(path("OK")))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-fb-trace-id", "TRACE-FROM-HEADER")
                .set_body_json(json!({"id": "OK", "name": "n"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(at(path("BAD")))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": {"message": "bad", "code": 100, "fbtrace_id": "TRACE-FROM-BODY"}
        })))
        .mount(&server)
        .await;
    let client = client_for(&server);

    let waba = client.whatsapp_business_account("OK");
    waba.get()
        .fields([waba::WhatsAppBusinessAccountField::Name])
        .await
        .expect("a node");
    let error = client
        .whatsapp_business_account("BAD")
        .get()
        .await
        .expect_err("a Graph error");
    assert_eq!(error.status(), Some(400));

    let logs = String::from_utf8_lossy(&buffer.lock().expect("logs")).into_owned();
    let closed: Vec<&str> = logs
        .lines()
        .filter(|line| line.contains("graph_request{") && line.contains("close"))
        .collect();
    assert_eq!(closed.len(), 2, "{logs}");
    for (line, id, status, trace) in [
        (closed[0], "OK", 200, "TRACE-FROM-HEADER"),
        (closed[1], "BAD", 400, "TRACE-FROM-BODY"),
    ] {
        for field in [
            "method=\"GET\"".to_owned(),
            format!("path=\"{}\"", path(id)),
            "attempt=1".to_owned(),
            format!("status={status}"),
            format!("fbtrace_id=\"{trace}\""),
        ] {
            assert!(line.contains(&field), "{field} missing: {line}");
        }
        assert!(!line.contains('?'), "no query in spans: {line}");
    }
}
