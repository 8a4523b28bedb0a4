//! Deadline scenarios: a call ends by its deadline whatever the server
//! does and however the retry strategy decides, says how far it got, and a
//! request's own deadline wins over the client's.
//!
//! The time bounds are generous on purpose: these check behaviour (seconds
//! saved, not milliseconds), on machines that may be busy.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use futures_util::TryStreamExt;
use serde_json::json;
use waba::{Client, Error, FailedAttempt, RetryDecision, RetryStrategy};
use waba_tests::{RawFault, RawServer, TOKEN, VERSION, fast_retry, path};
use wiremock::matchers::{any, method, path as url_path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A client whose attempts could each take 10 s, under `deadline`.
fn client_with_deadline(base_url: &str, deadline: Duration) -> Client {
    Client::builder()
        .access_token(TOKEN)
        .api_version(VERSION)
        .base_url(base_url)
        .timeout(Duration::from_secs(10))
        .retry(fast_retry().max_attempts(3))
        .deadline(deadline)
        .build()
        .expect("client")
}

fn unavailable() -> ResponseTemplate {
    ResponseTemplate::new(503).set_body_string("Service Unavailable")
}

#[tokio::test]
async fn a_silent_server_is_cut_off_at_the_deadline_not_after_every_timeout() {
    let server = RawServer::start(RawFault::NeverAnswer).await;
    let client = client_with_deadline(&server.url, Duration::from_millis(300));
    let started = Instant::now();
    let error = client
        .whatsapp_business_account("W")
        .get()
        .send()
        .await
        .expect_err("the server never answers");
    let took = started.elapsed();
    // Three 10 s timeouts would take 30 s.
    assert!(took < Duration::from_secs(1), "took {took:?}");
    assert!(error.is_deadline_exceeded(), "{error:?}");
    assert!(error.is_timeout() && !error.is_retryable(), "{error:?}");
    let Error::DeadlineExceeded {
        deadline,
        attempts,
        elapsed,
        source,
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(*deadline, Duration::from_millis(300));
    assert_eq!(*attempts, 1);
    assert!(*elapsed >= Duration::from_millis(300), "{elapsed:?}");
    assert!(source.is_none(), "no attempt finished: {source:?}");
    assert_eq!(error.attempts(), Some(1));
    assert_eq!(error.elapsed(), Some(*elapsed));
    let text = error.to_string();
    assert!(
        text.starts_with("the call's deadline of 300ms passed (after 1 attempt in 0."),
        "{text}"
    );
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_deadline_error_points_at_the_last_finished_attempt() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(unavailable())
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    // The retry hangs far past the deadline.
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_delay(Duration::from_secs(5))
                .set_body_json(json!({"id": "W"})),
        )
        .mount(&server)
        .await;
    let client = client_with_deadline(&server.uri(), Duration::from_millis(500));
    let started = Instant::now();
    let error = client
        .whatsapp_business_account("W")
        .get()
        .send()
        .await
        .expect_err("the retry outlasts the deadline");
    assert!(started.elapsed() < Duration::from_secs(2), "{error:?}");
    assert!(error.is_deadline_exceeded(), "{error:?}");
    assert_eq!(error.attempts(), Some(2));
    assert!(
        error.to_string().contains("(after 2 attempts in "),
        "{error}"
    );
    let last = std::error::Error::source(&error)
        .and_then(|source| source.downcast_ref::<Error>())
        .expect("the 503 of the first attempt");
    assert_eq!(last.status(), Some(503));
    assert!(last.is_transient());
}

#[tokio::test]
async fn a_server_wait_past_the_deadline_is_not_slept() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(unavailable().insert_header("retry-after", "5"))
        .mount(&server)
        .await;
    let client = client_with_deadline(&server.uri(), Duration::from_millis(500));
    let started = Instant::now();
    let error = client
        .whatsapp_business_account("W")
        .get()
        .send()
        .await
        .expect_err("every answer is 503");
    let took = started.elapsed();
    assert!(took < Duration::from_secs(1), "slept: took {took:?}");
    // The server's own answer comes back, not a deadline error: the deadline
    // has not passed, it only rules the wait out.
    assert!(!error.is_deadline_exceeded(), "{error:?}");
    assert_eq!(error.status(), Some(503));
    assert!(error.is_retryable());
    assert_eq!(
        error.usage().and_then(|usage| usage.retry_after),
        Some(Duration::from_secs(5))
    );
    assert_eq!(error.attempts(), Some(1));
    assert!(error.elapsed().is_some_and(|elapsed| elapsed <= took));
    assert_eq!(
        server.received_requests().await.unwrap_or_default().len(),
        1
    );
}

/// Answers every request after `delay`.
async fn slow_server(delay: Duration) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_delay(delay)
                .set_body_json(json!({"id": "W", "name": "Acme"})),
        )
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_request_deadline_overrides_the_clients() {
    let server = slow_server(Duration::from_millis(800)).await;

    let impatient = client_with_deadline(&server.uri(), Duration::from_millis(200));
    let error = impatient
        .whatsapp_business_account("W")
        .get()
        .send()
        .await
        .expect_err("the client's deadline is shorter than the server's delay");
    assert!(error.is_deadline_exceeded(), "{error:?}");
    let account = impatient
        .whatsapp_business_account("W")
        .get()
        .deadline(Duration::from_secs(30))
        .send()
        .await
        .expect("the request's own deadline leaves time");
    assert_eq!(account.name.as_deref(), Some("Acme"));

    let patient = client_with_deadline(&server.uri(), Duration::from_secs(30));
    let started = Instant::now();
    let error = patient
        .whatsapp_business_account("W")
        .get()
        .deadline(Duration::from_millis(200))
        .send()
        .await
        .expect_err("the request's deadline is shorter than the server's delay");
    assert!(started.elapsed() < Duration::from_millis(750));
    let Error::DeadlineExceeded { deadline, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(*deadline, Duration::from_millis(200));
}

#[tokio::test]
async fn a_stream_applies_the_deadline_to_each_page() {
    let server = MockServer::start().await;
    let users = path("W/assigned_users");
    let page = |body: serde_json::Value| {
        ResponseTemplate::new(200)
            .set_delay(Duration::from_millis(400))
            .set_body_json(body)
    };
    Mock::given(method("GET"))
        .and(url_path(users.as_str()))
        .and(query_param("after", "C1"))
        .respond_with(page(json!({"data": [{"id": "2"}],
            "paging": {"cursors": {"after": "C2"}, "next": "more"}})))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(url_path(users.as_str()))
        .and(query_param("after", "C2"))
        .respond_with(page(json!({"data": [{"id": "3"}]})))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(url_path(users.as_str()))
        .respond_with(page(json!({"data": [{"id": "1"}],
            "paging": {"cursors": {"after": "C1"}, "next": "more"}})))
        .with_priority(2)
        .mount(&server)
        .await;
    let started = Instant::now();
    let ids: Vec<String> = client_with_deadline(&server.uri(), Duration::from_secs(1))
        .whatsapp_business_account("W")
        .assigned_users("B")
        .stream()
        .map_ok(|user| user.id.map(String::from).unwrap_or_default())
        .try_collect()
        .await
        .expect("each page fits in the deadline");
    assert_eq!(ids, ["1", "2", "3"]);
    // The whole stream took longer than one deadline.
    assert!(started.elapsed() >= Duration::from_millis(1200));
}

/// Retries every failure after 20 ms, forever, counting how often it was asked.
#[derive(Debug, Default)]
struct NeverGiveUp {
    asked: AtomicU32,
}

impl RetryStrategy for NeverGiveUp {
    fn decide(&self, _failed: &FailedAttempt<'_>) -> RetryDecision {
        self.asked.fetch_add(1, Ordering::SeqCst);
        RetryDecision::RetryAfter(Duration::from_millis(20))
    }
}

#[tokio::test]
async fn the_deadline_caps_a_strategy_that_never_gives_up() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(unavailable())
        .mount(&server)
        .await;
    let strategy = Arc::new(NeverGiveUp::default());
    let started = Instant::now();
    let error = client_with_deadline(&server.uri(), Duration::from_millis(300))
        .whatsapp_business_account("W")
        .get()
        .retry(Arc::clone(&strategy))
        .send()
        .await
        .expect_err("every answer is 503");
    assert!(started.elapsed() < Duration::from_secs(1), "{error:?}");
    // Either the last 503, when the next wait would have passed the
    // deadline, or the deadline itself, when it fell during an attempt.
    assert!(
        error.status() == Some(503) || error.is_deadline_exceeded(),
        "{error:?}"
    );
    let attempts = error.attempts().expect("attempts are reported");
    assert!(attempts >= 2, "{error:?}");
    let asked = strategy.asked.load(Ordering::SeqCst);
    assert!(
        asked == attempts || asked + 1 == attempts,
        "{asked} {attempts}"
    );
}
