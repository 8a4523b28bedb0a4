//! The access token and the app secret never show: not in `Debug` output,
//! not in error messages or anywhere in their `source()` chains, and not in
//! the `tracing` output of successful calls, errors and retries — even when
//! a hostile server echoes the token back in its error bodies.

use std::error::Error as _;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::json;
use tracing_subscriber::fmt::format::FmtSpan;
use waba::{Client, WabaTask};
use waba_tests::{RawFault, RawServer, fast_retry};
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "EAAG-RECOGNISABLE-TOKEN-5f1d2c";
const APP_SECRET: &str = "APP-SECRET-RECOGNISABLE-9b7e";

/// Everything every test in this binary logged, at every level.
fn logs() -> Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let writer = Arc::clone(&buffer);
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_span_events(FmtSpan::FULL)
            .with_ansi(false)
            .with_writer(move || BufferWriter(Arc::clone(&writer)))
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("one global subscriber");
        buffer
    })
    .clone()
}

struct BufferWriter(Arc<Mutex<Vec<u8>>>);

impl Write for BufferWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::ErrorKind::Other)?
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[track_caller]
fn assert_clean(what: &str, text: &str) {
    assert!(!text.contains(TOKEN), "the token leaked in {what}: {text}");
    assert!(
        !text.contains(APP_SECRET),
        "the app secret leaked in {what}: {text}"
    );
}

/// The error's `Display` and `Debug`, and those of every error in its chain.
fn assert_error_clean(error: &waba::Error) {
    assert_clean("Display", &error.to_string());
    assert_clean("Debug", &format!("{error:?} {error:#?}"));
    let mut source = error.source();
    while let Some(inner) = source {
        assert_clean("a source", &format!("{inner} {inner:?}"));
        source = inner.source();
    }
}

fn client(base_url: &str, token_in_query: bool) -> Client {
    Client::builder()
        .access_token(TOKEN)
        .app_secret(APP_SECRET)
        .base_url(base_url)
        .retry(fast_retry())
        .timeout(std::time::Duration::from_millis(300))
        .access_token_in_query(token_in_query)
        .build()
        .expect("client")
}

#[tokio::test]
async fn secrets_never_appear_in_debug_errors_or_logs() {
    let logs = logs();
    let server = MockServer::start().await;
    // A hostile server that echoes the token into every kind of error body.
    let echo = format!("token {TOKEN} secret {APP_SECRET}");
    Mock::given(method("GET"))
        .and(path("/v23.0/OK"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-fb-trace-id", "TRACE")
                .set_body_json(json!({"id": "OK", "name": "Acme"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v23.0/EXPIRED"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"error": {
            "message": format!("Invalid OAuth access token {TOKEN}"),
            "type": "OAuthException", "code": 190,
            "error_user_msg": echo, "error_data": {"echo": echo}}})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v23.0/THROTTLED"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": {
            "message": format!("(#80008) Too many calls for {TOKEN}"), "code": 80008}})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v23.0/HTML"))
        .respond_with(ResponseTemplate::new(502).set_body_string(format!("<html>{echo}</html>")))
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string(format!("{{\"id\": {echo}")))
        .mount(&server)
        .await;

    let mut errors = Vec::new();
    for token_in_query in [false, true] {
        let client = client(&server.uri(), token_in_query);
        assert_clean("the client's Debug", &format!("{client:?} {client:#?}"));
        let get = client.whatsapp_business_account("OK").get();
        assert_clean("a request builder's Debug", &format!("{get:?}"));

        let response = get.send_full().await.expect("the successful call");
        assert_clean("a response's Debug", &format!("{response:?}"));

        for id in ["EXPIRED", "THROTTLED", "HTML", "TRUNCATED"] {
            let result = client.whatsapp_business_account(id).get().send().await;
            errors.push(result.expect_err(id));
        }
        let post = client
            .whatsapp_business_account("W")
            .add_assigned_user("U", [WabaTask::Manage])
            .allow_retry()
            .send()
            .await;
        errors.push(post.expect_err("a truncated POST response"));
    }
    // Transport failures: nothing listening, and a silent server (timeouts, retried).
    let refused = client("http://127.0.0.1:9", false)
        .whatsapp_business_account("W")
        .get()
        .send();
    errors.push(refused.await.expect_err("connection refused"));
    let silent = RawServer::start(RawFault::NeverAnswer).await;
    let timeout = client(&silent.url, true)
        .whatsapp_business_account("W")
        .get()
        .send();
    errors.push(timeout.await.expect_err("timed out"));
    let reset = RawServer::start(RawFault::ResetMidBody).await;
    let reset = client(&reset.url, false)
        .whatsapp_business_account("W")
        .get()
        .send();
    errors.push(reset.await.expect_err("reset"));

    for error in &errors {
        assert_error_clean(error);
    }
    // The echoed token was there to be redacted.
    assert!(errors[0].to_string().contains("***"), "{}", errors[0]);
    assert!(errors.iter().any(|e| e.is_timeout()));
    assert!(errors.iter().any(|e| e.is_connect()));

    let logs = String::from_utf8_lossy(&logs.lock().expect("logs")).into_owned();
    assert!(logs.contains("graph_request"), "spans are logged: {logs}");
    assert!(
        logs.contains("retrying a Graph request"),
        "retries are logged"
    );
    assert!(logs.contains("fbtrace_id"), "{logs}");
    assert_clean("the logs", &logs);
}

#[tokio::test]
async fn batch_requests_and_items_never_show_secrets() {
    let logs = logs();
    let server = MockServer::start().await;
    let echo = format!("token {TOKEN} secret {APP_SECRET}");
    let item_error = json!({"error": {"message": echo, "code": 190, "error_data": {"echo": echo}}});
    Mock::given(method("POST"))
        .and(path("/v23.0/"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"code": 401, "headers": [{"name": "x-fb-trace-id", "value": "T"}],
             "body": item_error.to_string()},
            {"code": 200, "headers": [], "body": format!("{{\"id\": {echo}")},
            {"code": 200, "headers": [], "body": echo},
        ])))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v23.0/"))
        .respond_with(ResponseTemplate::new(502).set_body_string(format!("<html>{echo}</html>")))
        .mount(&server)
        .await;

    let client = client(&server.uri(), true);
    let waba = client.whatsapp_business_account("W");
    let mut batch = client.batch();
    let slots = [
        batch.add(waba.get()),
        batch.add(waba.get()),
        batch.add(waba.get()),
    ];
    assert_clean("a batch's Debug", &format!("{batch:?} {batch:#?}"));
    let results = batch.send().await.expect("the batch request succeeds");
    assert_clean("batch results' Debug", &format!("{results:?} {results:#?}"));
    let mut errors: Vec<waba::Error> = slots
        .iter()
        .map(|slot| results.get(slot).expect_err("every item fails"))
        .collect();
    assert!(errors[0].to_string().contains("***"), "{}", errors[0]);

    let mut batch = client.batch();
    batch.add(waba.get());
    errors.push(batch.send().await.expect_err("an HTML 502"));
    let request = &server.received_requests().await.expect("requests")[0];
    let body = String::from_utf8_lossy(&request.body);
    assert_clean("the batch form body", &body);
    assert!(!body.contains("appsecret_proof"), "{body}");

    for error in &errors {
        assert_error_clean(error);
    }
    let logs = String::from_utf8_lossy(&logs.lock().expect("logs")).into_owned();
    assert_clean("the logs", &logs);
}
