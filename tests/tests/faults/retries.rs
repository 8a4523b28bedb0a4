//! Retry scenarios: throttling and transient failures are retried with
//! backoff for GET and DELETE, never for a POST unless it opts in, a
//! throttle whose announced wait is over the maximum gives up at once, a
//! custom retry strategy is asked and obeyed, and the error after retries
//! says how many attempts were made.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::TryStreamExt;
use serde_json::json;
use waba::{FailedAttempt, RetryDecision, RetryPolicy, RetryStrategy, WabaTask};
use waba_tests::{fast_retry, fault_client, path};
use wiremock::matchers::{any, method, path as url_path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const BUC: &str = "x-business-use-case-usage";

/// Graph's answer to too many calls on a WABA: code 80008, with the usage
/// header saying how many minutes until access is back.
fn throttled(regain_minutes: u64) -> ResponseTemplate {
    ResponseTemplate::new(400)
        .insert_header(
            BUC,
            json!({"W": [{"type": "whatsapp_business_management", "call_count": 100,
                          "total_cputime": 12, "total_time": 14,
                          "estimated_time_to_regain_access": regain_minutes}]})
            .to_string()
            .as_str(),
        )
        .set_body_json(json!({"error": {
            "message": "(#80008) There have been too many calls to this WhatsApp Business account.",
            "type": "OAuthException", "code": 80008, "error_subcode": 2494,
            "fbtrace_id": "TRACE-THROTTLED"}}))
}

fn ok(body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header(
            "x-app-usage",
            r#"{"call_count":7,"total_cputime":1,"total_time":2}"#,
        )
        .insert_header("x-fb-trace-id", "TRACE-OK")
        .set_body_json(body)
}

/// Answers the first `failures` requests with `failure`, then `success`.
async fn flaky(failures: u64, failure: ResponseTemplate, success: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(failure)
        .up_to_n_times(failures)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(success)
        .mount(&server)
        .await;
    server
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.unwrap_or_default().len()
}

#[tokio::test]
async fn throttled_twice_then_success() {
    let server = flaky(2, throttled(0), ok(json!({"id": "W", "name": "Acme"}))).await;
    let response = fault_client(&server.uri())
        .whatsapp_business_account("W")
        .get()
        .send_full()
        .await
        .expect("the third attempt succeeds");
    assert_eq!(response.value.name.as_deref(), Some("Acme"));
    assert_eq!(response.attempts, 3);
    assert_eq!(response.status, 200);
    assert_eq!(response.fbtrace_id.as_deref(), Some("TRACE-OK"));
    assert_eq!(
        response.usage.app.as_ref().and_then(|a| a.call_count),
        Some(7)
    );
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn throttled_with_a_wait_over_the_maximum_gives_up_at_once() {
    let server = flaky(5, throttled(5), ok(json!({"id": "W"}))).await;
    let client = fault_client(&server.uri());
    let error = client
        .whatsapp_business_account("W")
        .get()
        .retry(fast_retry().max_wait(Duration::from_secs(60)))
        .send()
        .await
        .expect_err("a five-minute wait is over the one-minute maximum");
    assert!(error.is_throttling(), "{error:?}");
    assert_eq!(error.code().map(|c| c.code()), Some(80008));
    let graph = error.graph().expect("the typed Graph error");
    assert_eq!(graph.fbtrace_id.as_deref(), Some("TRACE-THROTTLED"));
    let usage = error.usage().expect("usage on the error");
    assert_eq!(usage.regain_access_after(), Some(Duration::from_secs(300)));
    assert_eq!(usage.business_use_case[0].business_id, "W");
    assert_eq!(usage.business_use_case[0].call_count, Some(100));
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn a_throttled_post_is_not_retried() {
    let server = flaky(1, throttled(0), ok(json!({"success": true}))).await;
    let error = fault_client(&server.uri())
        .whatsapp_business_account("W")
        .add_assigned_user("U", [WabaTask::Manage])
        .send()
        .await
        .expect_err("a POST is not retried by default");
    assert!(error.is_throttling() && error.is_retryable(), "{error:?}");
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn a_post_is_retried_when_it_opts_in() {
    let server = flaky(2, throttled(0), ok(json!({"success": true}))).await;
    let done = fault_client(&server.uri())
        .whatsapp_business_account("W")
        .add_assigned_user("U", [WabaTask::Manage])
        .allow_retry()
        .send_full()
        .await
        .expect("retried until it succeeds");
    assert!(done.value.success);
    assert_eq!(done.attempts, 3);
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn a_delete_is_retried_after_transient_errors() {
    let transient = ResponseTemplate::new(500).set_body_json(json!({"error": {
        "message": "An unexpected error has occurred.", "code": 2, "is_transient": true}}));
    let server = flaky(2, transient, ok(json!({"success": true}))).await;
    let done = fault_client(&server.uri())
        .whatsapp_business_account("W")
        .remove_assigned_user("U")
        .send()
        .await
        .expect("retried until it succeeds");
    assert!(done.success);
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn retries_stop_after_the_last_attempt_with_the_last_error() {
    let server = flaky(10, ResponseTemplate::new(429), ok(json!({"id": "W"}))).await;
    let error = fault_client(&server.uri())
        .whatsapp_business_account("W")
        .get()
        .retry(fast_retry().max_attempts(4))
        .send()
        .await
        .expect_err("every attempt is throttled");
    assert!(error.is_throttling(), "HTTP 429 is throttling: {error:?}");
    assert_eq!(error.status(), Some(429));
    assert_eq!(error.attempts(), Some(4));
    assert_eq!(requests(&server).await, 4);
}

#[tokio::test]
async fn retrying_can_be_turned_off_per_request_and_per_client() {
    let server = flaky(10, throttled(0), ok(json!({"id": "W"}))).await;
    let client = fault_client(&server.uri());
    let error = client
        .whatsapp_business_account("W")
        .get()
        .retry(RetryPolicy::none())
        .send()
        .await
        .expect_err("not retried");
    assert!(error.is_throttling());
    assert_eq!(requests(&server).await, 1);

    let no_retry = waba::Client::builder()
        .access_token("t")
        .base_url(server.uri())
        .retry(RetryPolicy::none())
        .build()
        .expect("client");
    let _ = no_retry.whatsapp_business_account("W").get().send().await;
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn a_permanent_error_is_never_retried() {
    let expired = ResponseTemplate::new(401).set_body_json(json!({"error": {
        "message": "Error validating access token: Session has expired.",
        "type": "OAuthException", "code": 190, "error_subcode": 463}}));
    let server = flaky(10, expired, ok(json!({"id": "W"}))).await;
    let error = fault_client(&server.uri())
        .whatsapp_business_account("W")
        .get()
        .send()
        .await
        .expect_err("expired token");
    assert!(!error.is_retryable(), "{error:?}");
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn a_stream_retries_a_throttled_page_mid_paging() {
    let server = MockServer::start().await;
    let users = path("W/assigned_users");
    Mock::given(method("GET"))
        .and(url_path(users.as_str()))
        .and(query_param("after", "C1"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": {
                "message": "(#17) User request limit reached", "code": 17}})))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(url_path(users.as_str()))
        .and(query_param("after", "C1"))
        .respond_with(ok(json!({"data": [{"id": "2"}]})))
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(url_path(users.as_str()))
        .respond_with(ok(json!({"data": [{"id": "1"}],
            "paging": {"cursors": {"after": "C1"}, "next": "more"}})))
        .with_priority(3)
        .mount(&server)
        .await;
    let ids: Vec<String> = fault_client(&server.uri())
        .whatsapp_business_account("W")
        .assigned_users("B")
        .stream()
        .map_ok(|user| user.id.map(String::from).unwrap_or_default())
        .try_collect()
        .await
        .expect("the throttled page is retried");
    assert_eq!(ids, ["1", "2"]);
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn a_malformed_usage_header_is_ignored() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header(BUC, "{not json")
                .insert_header("x-app-usage", r#"{"call_count":3}"#)
                .set_body_json(json!({"id": "W"})),
        )
        .mount(&server)
        .await;
    let response = fault_client(&server.uri())
        .whatsapp_business_account("W")
        .get()
        .send_full()
        .await
        .expect("a bad header never fails the call");
    assert!(response.usage.business_use_case.is_empty());
    assert_eq!(response.usage.app.and_then(|a| a.call_count), Some(3));
}

/// HTTP 429 as a proxy or load balancer sends it: no Graph body, only the
/// standard `Retry-After` header.
fn too_many_requests(retry_after: &str) -> ResponseTemplate {
    ResponseTemplate::new(429)
        .insert_header("retry-after", retry_after)
        .set_body_string("Too Many Requests")
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = flaky(1, too_many_requests("1"), ok(json!({"id": "W"}))).await;
    let started = std::time::Instant::now();
    let response = fault_client(&server.uri())
        .whatsapp_business_account("W")
        .get()
        .send_full()
        .await
        .expect("the retry after one second succeeds");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited {:?}",
        started.elapsed()
    );
    assert_eq!(response.attempts, 2);
}

#[tokio::test]
async fn retry_after_over_the_maximum_gives_up_at_once() {
    let server = flaky(5, too_many_requests("3600"), ok(json!({"id": "W"}))).await;
    let error = fault_client(&server.uri())
        .whatsapp_business_account("W")
        .get()
        .retry(fast_retry().max_wait(Duration::from_secs(60)))
        .send()
        .await
        .expect_err("an hour is over the one-minute maximum");
    assert!(error.is_throttling(), "{error:?}");
    assert_eq!(error.status(), Some(429));
    let usage = error.usage().expect("usage on the error");
    assert_eq!(usage.retry_after, Some(Duration::from_secs(3600)));
    assert_eq!(usage.server_wait(), Some(Duration::from_secs(3600)));
    assert_eq!(requests(&server).await, 1);
}

fn unavailable() -> ResponseTemplate {
    ResponseTemplate::new(503).set_body_string("Service Unavailable")
}

#[tokio::test]
async fn errors_after_retries_report_the_attempts_and_the_time_taken() {
    let server = flaky(10, unavailable(), ok(json!({"id": "W"}))).await;
    let started = Instant::now();
    let error = fault_client(&server.uri())
        .whatsapp_business_account("W")
        .get()
        .send()
        .await
        .expect_err("every attempt is a 503");
    assert_eq!(error.status(), Some(503));
    assert_eq!(error.attempts(), Some(3));
    let elapsed = error.elapsed().expect("the time taken");
    assert!(elapsed <= started.elapsed(), "{elapsed:?}");
    let text = error.to_string();
    assert!(
        text.starts_with("could not decode the response (HTTP 503)")
            && text.contains(" (after 3 attempts in "),
        "{text}"
    );
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn max_attempts_of_one_makes_exactly_one_request() {
    let server = flaky(10, unavailable(), ok(json!({"id": "W"}))).await;
    let error = fault_client(&server.uri())
        .whatsapp_business_account("W")
        .get()
        .retry(RetryPolicy::default().max_attempts(1))
        .send()
        .await
        .expect_err("not retried");
    assert_eq!(error.attempts(), Some(1));
    assert!(!error.to_string().contains("after"), "{error}");
    assert_eq!(requests(&server).await, 1);
}

/// What [`RetryOnce`] was told, one entry per question.
type Asked = Arc<Mutex<Vec<(u32, Option<u16>, Option<Duration>, Option<Duration>)>>>;

/// Retries exactly once, at once, whatever the server asks for, noting
/// (attempt, status, server wait, time left) each time it is asked.
#[derive(Debug, Default)]
struct RetryOnce {
    asked: Asked,
}

impl RetryStrategy for RetryOnce {
    fn decide(&self, failed: &FailedAttempt<'_>) -> RetryDecision {
        if let Ok(mut asked) = self.asked.lock() {
            asked.push((
                failed.attempt,
                failed.error.status(),
                failed.server_wait,
                failed.remaining,
            ));
        }
        if failed.attempt == 1 {
            RetryDecision::RetryAfter(Duration::ZERO)
        } else {
            RetryDecision::GiveUp
        }
    }
}

#[tokio::test]
async fn a_custom_strategy_is_asked_and_obeyed() {
    // The server asks for 7 s; the strategy retries at once, and only once.
    let server = flaky(
        10,
        unavailable().insert_header("retry-after", "7"),
        ok(json!({"id": "W"})),
    )
    .await;
    let strategy = RetryOnce::default();
    let asked = Arc::clone(&strategy.asked);
    let client = waba::Client::builder()
        .access_token("t")
        .base_url(server.uri())
        .retry(strategy)
        .deadline(Duration::from_secs(30))
        .build()
        .expect("client");
    let started = Instant::now();
    let error = client
        .whatsapp_business_account("W")
        .get()
        .send()
        .await
        .expect_err("still a 503 after the one retry");
    assert!(started.elapsed() < Duration::from_secs(5), "waited 7 s");
    assert_eq!(error.attempts(), Some(2));
    assert_eq!(requests(&server).await, 2);
    let asked = asked.lock().expect("lock").clone();
    assert_eq!(asked.len(), 2, "{asked:?}");
    for (index, (attempt, status, server_wait, remaining)) in asked.into_iter().enumerate() {
        assert_eq!(attempt, u32::try_from(index).expect("small") + 1);
        assert_eq!(status, Some(503));
        assert_eq!(server_wait, Some(Duration::from_secs(7)));
        let remaining = remaining.expect("the call has a deadline");
        assert!(remaining > Duration::from_secs(20) && remaining <= Duration::from_secs(30));
    }
}

#[tokio::test]
async fn a_request_strategy_overrides_the_clients() {
    let server = flaky(10, unavailable(), ok(json!({"id": "W"}))).await;
    let strategy = RetryOnce::default();
    let asked = Arc::clone(&strategy.asked);
    // `fault_client` retries 3 times; this request only twice.
    let error = fault_client(&server.uri())
        .whatsapp_business_account("W")
        .get()
        .retry(strategy)
        .send()
        .await
        .expect_err("every attempt is a 503");
    assert_eq!(error.attempts(), Some(2));
    assert_eq!(requests(&server).await, 2);
    let asked = asked.lock().expect("lock").clone();
    // No deadline: nothing is remaining-bound.
    assert!(
        asked.iter().all(|(_, _, _, remaining)| remaining.is_none()),
        "{asked:?}"
    );
}

/// Always retries at once, counting the questions.
#[derive(Debug, Default)]
struct Eager {
    asked: Arc<Mutex<u32>>,
}

impl RetryStrategy for Eager {
    fn decide(&self, _failed: &FailedAttempt<'_>) -> RetryDecision {
        if let Ok(mut asked) = self.asked.lock() {
            *asked += 1;
        }
        RetryDecision::RetryAfter(Duration::ZERO)
    }
}

#[tokio::test]
async fn a_strategy_is_never_asked_about_what_may_not_be_retried() {
    let expired = ResponseTemplate::new(401).set_body_json(json!({"error": {
        "message": "Error validating access token", "code": 190}}));
    let server = flaky(10, expired, ok(json!({"id": "W"}))).await;
    let eager = Eager::default();
    let asked = Arc::clone(&eager.asked);
    let error = fault_client(&server.uri())
        .whatsapp_business_account("W")
        .get()
        .retry(eager)
        .send()
        .await
        .expect_err("a permanent error");
    assert!(!error.is_retryable());
    assert_eq!(error.attempts(), Some(1));
    assert_eq!(requests(&server).await, 1);

    let server = flaky(10, throttled(0), ok(json!({"success": true}))).await;
    let eager = Eager::default();
    let asked_post = Arc::clone(&eager.asked);
    let error = fault_client(&server.uri())
        .whatsapp_business_account("W")
        .add_assigned_user("U", [WabaTask::Manage])
        .retry(eager)
        .send()
        .await
        .expect_err("a POST that did not opt in");
    assert!(error.is_retryable());
    assert_eq!(requests(&server).await, 1);
    assert_eq!(*asked.lock().expect("lock"), 0);
    assert_eq!(*asked_post.lock().expect("lock"), 0);
}
