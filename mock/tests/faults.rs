//! Every fault the mock injects, as the generated client sees it: the
//! typed error it should be, and a retry that succeeds once the fault has
//! used up its times.

mod common;

use std::time::Duration;

use waba::{ErrorClass, MessageContent, RetryPolicy, TextContent};
use waba_mock::seed::{PHONE, WABA};
use waba_mock::{Fault, MockServer};

fn client(mock: &MockServer, retry: RetryPolicy) -> waba::Client {
    common::client_builder(mock)
        .retry(retry)
        .timeout(Duration::from_millis(500))
        .build()
        .expect("client")
}

fn fast_retry() -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(4)
        .initial_delay(Duration::from_millis(1))
        .max_delay(Duration::from_millis(5))
}

async fn read_error(mock: &MockServer) -> waba::Error {
    client(mock, RetryPolicy::none())
        .whatsapp_business_account(WABA)
        .get()
        .await
        .unwrap_err()
}

#[tokio::test]
async fn throttling_carries_the_code_and_the_wait() {
    let mock = MockServer::start().await.unwrap();
    mock.inject(Fault::Throttle {
        code: 80008,
        wait_minutes: 7,
    });
    let error = read_error(&mock).await;
    assert_eq!(error.code().map(|c| c.code()), Some(80008));
    assert_eq!(error.class(), ErrorClass::Throttling);
    let usage = error.usage().expect("usage headers");
    assert_eq!(
        usage.regain_access_after(),
        Some(Duration::from_secs(7 * 60))
    );

    let mock = MockServer::start().await.unwrap();
    mock.inject(Fault::throttle(130429).on("PhoneNumber.send_message"));
    let client = client(&mock, RetryPolicy::none());
    let error = client
        .phone_number(PHONE)
        .send_message("1555", MessageContent::Text(TextContent::new("hi")))
        .await
        .unwrap_err();
    assert_eq!(error.code().map(|c| c.code()), Some(130429));
    // Other operations are not throttled.
    client.whatsapp_business_account(WABA).get().await.unwrap();
}

#[tokio::test]
async fn transient_errors_n_times_then_success() {
    let mock = MockServer::start().await.unwrap();
    mock.inject(Fault::ServerError { status: 503 }.times(2));
    let read = client(&mock, fast_retry())
        .whatsapp_business_account(WABA)
        .get()
        .await
        .unwrap();
    assert!(read.name.is_some());
    let statuses: Vec<_> = mock.journal().iter().map(|e| e.status).collect();
    assert_eq!(statuses, [Some(503), Some(503), Some(200)]);

    mock.inject(Fault::ServerError { status: 500 }.times(1));
    let error = read_error(&mock).await;
    assert_eq!(error.status(), Some(500));
    assert_eq!(error.code().map(|c| c.code()), Some(2));
    assert_eq!(error.class(), ErrorClass::Transient);
}

#[tokio::test]
async fn too_many_requests_is_throttling_with_retry_after() {
    let mock = MockServer::start().await.unwrap();
    mock.inject(Fault::TooManyRequests {
        retry_after_secs: 3,
    });
    let error = read_error(&mock).await;
    assert_eq!(error.status(), Some(429));
    assert_eq!(error.class(), ErrorClass::Throttling);
    assert_eq!(
        error.usage().and_then(|u| u.server_wait()),
        Some(Duration::from_secs(3))
    );
}

#[tokio::test]
async fn slow_answers_and_cut_connections_are_transport_errors() {
    let mock = MockServer::start().await.unwrap();
    mock.inject(Fault::Delay(Duration::from_secs(2)).times(1));
    let error = read_error(&mock).await;
    assert!(error.is_timeout(), "{error:?}");

    mock.inject(Fault::SlowBody(Duration::from_secs(2)).times(1));
    let error = read_error(&mock).await;
    assert!(matches!(error, waba::Error::Transport { .. }), "{error:?}");
    assert!(error.is_timeout(), "{error:?}");

    mock.inject(Fault::ConnectionReset.times(1));
    let error = read_error(&mock).await;
    assert!(matches!(error, waba::Error::Transport { .. }), "{error:?}");
    assert_eq!(mock.journal().last().unwrap().status, None);
}

#[tokio::test]
async fn broken_json_is_a_decode_error() {
    let mock = MockServer::start().await.unwrap();
    mock.inject(Fault::MalformedJson.times(1));
    let error = read_error(&mock).await;
    assert!(
        matches!(error, waba::Error::Decode { status: 200, .. }),
        "{error:?}"
    );

    mock.inject(Fault::TruncatedJson.times(1));
    let error = read_error(&mock).await;
    assert!(
        matches!(error, waba::Error::Decode { status: 200, .. }),
        "{error:?}"
    );

    // Used up: the next call is answered normally.
    client(&mock, RetryPolicy::none())
        .whatsapp_business_account(WABA)
        .get()
        .await
        .unwrap();
}

#[tokio::test]
async fn an_expired_token_is_190_463_and_not_retried() {
    let mock = MockServer::start().await.unwrap();
    mock.inject(Fault::ExpiredToken);
    let error = client(&mock, fast_retry())
        .whatsapp_business_account(WABA)
        .get()
        .await
        .unwrap_err();
    let graph = error.graph().unwrap();
    assert_eq!(graph.code.code(), 190);
    assert_eq!(graph.subcode, Some(463));
    assert_eq!(error.class(), ErrorClass::Permanent);
    assert_eq!(mock.journal().len(), 1);
}

#[tokio::test]
async fn every_answer_reports_usage_that_counts_calls() {
    let mock = MockServer::builder().call_budget(10).start().await.unwrap();
    let client = client(&mock, RetryPolicy::none());
    let mut counts = Vec::new();
    for _ in 0..3 {
        let response = client
            .whatsapp_business_account(WABA)
            .get()
            .send_full()
            .await
            .unwrap();
        let usage = &response.usage;
        assert_eq!(usage.business_use_case[0].business_id, WABA);
        counts.push((
            usage.business_use_case[0].call_count,
            usage.app.as_ref().and_then(|a| a.call_count),
        ));
    }
    assert_eq!(
        counts,
        [
            (Some(10), Some(10)),
            (Some(20), Some(20)),
            (Some(30), Some(30))
        ]
    );
}

#[tokio::test]
async fn any_graph_error_arrives_as_sent_on_its_operation_only() {
    let mock = MockServer::start().await.unwrap();
    let error = waba_mock::GraphError::custom(
        400,
        131047,
        Some(2494010),
        "(#131047) Re-engagement message",
    );
    mock.inject(Fault::Graph(error).on("PhoneNumber.send_message").times(1));
    let client = client(&mock, fast_retry());
    // Another operation is not touched.
    client.whatsapp_business_account(WABA).get().await.unwrap();
    let failed = client
        .phone_number(PHONE)
        .send_message("15550100", MessageContent::Text(TextContent::new("Hi")))
        .await
        .unwrap_err();
    let graph = failed.graph().expect("a Graph error");
    assert_eq!(graph.code.code(), 131047);
    assert_eq!(graph.subcode, Some(2494010));
    assert_eq!(graph.status, 400);
    assert_eq!(graph.message, "(#131047) Re-engagement message");
    assert!(graph.fbtrace_id.is_some());
    assert_eq!(mock.journal().len(), 2, "a permanent error is not retried");
}
