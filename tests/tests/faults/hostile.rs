//! Hostile and broken responses × the four operation kinds. Each cell
//! checks the error's type, its HTTP status and body excerpt where there
//! was a response, and how many requests were made (retryable faults are
//! retried, except on a POST).

use std::time::Duration;

use waba::Error;
use waba_tests::{FAULT_BODY_LIMIT, RawFault, RawServer, fault_client};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::ops::Op;

/// Far above any fault's cost (three attempts × the 300 ms timeout): a
/// call still running by then hangs.
const NO_HANG: Duration = Duration::from_secs(10);

/// Runs `op` against a server answering every request with `response`;
/// returns the error and the number of requests the server saw.
async fn fail_with(op: Op, response: ResponseTemplate) -> (Error, usize) {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    let error = call(op, &server.uri()).await;
    let requests = server.received_requests().await.unwrap_or_default().len();
    (error, requests)
}

async fn call(op: Op, base_url: &str) -> Error {
    let client = fault_client(base_url);
    tokio::time::timeout(NO_HANG, op.call(&client))
        .await
        .unwrap_or_else(|_| panic!("{op:?} hung"))
        .expect_err("a fault must fail the call")
}

fn json(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_owned(), "application/json")
}

/// A `Decode` error at `status`, whose excerpt contains `excerpt`.
#[track_caller]
fn assert_decode(op: Op, error: &Error, status: u16, excerpt: &str) {
    match error {
        Error::Decode {
            status: got,
            body_excerpt,
            ..
        } => {
            assert_eq!(*got, status, "{op:?}: {error}");
            assert!(body_excerpt.contains(excerpt), "{op:?}: {body_excerpt}");
        }
        other => panic!("{op:?}: expected a decode error, got {other:?}"),
    }
    assert_eq!(error.status(), Some(status), "{op:?}");
}

#[tokio::test]
async fn html_error_page_with_502() {
    for op in Op::ALL {
        let page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
        let (error, requests) = fail_with(
            op,
            ResponseTemplate::new(502).set_body_raw(page, "text/html"),
        )
        .await;
        assert_decode(op, &error, 502, "Bad Gateway");
        assert!(error.is_transient(), "{op:?}");
        assert_eq!(requests, op.attempts_when_retryable(), "{op:?}");
    }
}

#[tokio::test]
async fn empty_body_with_200() {
    for op in Op::ALL {
        let (error, requests) = fail_with(op, ResponseTemplate::new(200)).await;
        assert_decode(op, &error, 200, "");
        assert!(error.to_string().contains("empty response body"), "{error}");
        assert!(!error.is_retryable(), "{op:?}");
        assert_eq!(requests, 1, "{op:?}");
    }
}

#[tokio::test]
async fn truncated_json() {
    for op in Op::ALL {
        let body = match op {
            Op::Get => r#"{"id":"W","name":"Acme"#,
            Op::List => r#"{"data":[{"id":"1","name":"A"},{"id":"#,
            Op::Post | Op::Delete => r#"{"success":tr"#,
        };
        let (error, requests) = fail_with(op, json(200, body)).await;
        assert_decode(op, &error, 200, &body[..8]);
        assert!(error.to_string().contains("EOF"), "{op:?}: {error}");
        assert_eq!(requests, 1, "{op:?}");
    }
}

#[tokio::test]
async fn data_not_a_list_or_a_list_for_an_object() {
    for op in Op::ALL {
        let body = match op {
            Op::List => r#"{"data":{"id":"1"}}"#,
            // The node and write results are objects; a list is the wrong shape.
            Op::Get => r#"[{"id":"W"}]"#,
            Op::Post | Op::Delete => "[true]",
        };
        let (error, requests) = fail_with(op, json(200, body)).await;
        assert_decode(op, &error, 200, body);
        assert_eq!(requests, 1, "{op:?}");
    }
}

/// Graph is clear about these keys: a page has `data`, a write result has
/// `success`. A body without them is an error, never an empty page or a
/// result that claims nothing.
#[tokio::test]
async fn a_documented_key_missing() {
    for op in Op::ALL {
        let body = match op {
            Op::List => r#"{"paging":{"cursors":{"after":"A"}}}"#,
            Op::Post | Op::Delete => r#"{"id":"123"}"#,
            // Every field of a node read is optional: Graph returns the ones asked for.
            Op::Get => continue,
        };
        let (error, requests) = fail_with(op, json(200, body)).await;
        assert_decode(op, &error, 200, body);
        let key = if op == Op::List { "data" } else { "success" };
        assert!(
            error
                .to_string()
                .contains(&format!("missing field `{key}`")),
            "{op:?}: {error}"
        );
        assert!(!error.is_retryable(), "{op:?}");
        assert_eq!(requests, 1, "{op:?}");
    }
}

#[tokio::test]
async fn id_a_number() {
    for op in [Op::Get, Op::List] {
        let body = match op {
            Op::Get => r#"{"id":1234567890123456789,"name":"Acme"}"#,
            _ => r#"{"data":[{"id":1234567890123456789}]}"#,
        };
        let (error, requests) = fail_with(op, json(200, body)).await;
        assert_decode(op, &error, 200, "1234567890123456789");
        assert!(error.to_string().contains("string"), "{op:?}: {error}");
        assert_eq!(requests, 1, "{op:?}");
    }
}

#[tokio::test]
async fn a_field_of_the_wrong_type() {
    for op in Op::ALL {
        let body = match op {
            Op::Get => r#"{"id":"W","is_enabled_for_insights":"yes"}"#,
            Op::List => r#"{"data":[{"id":"1","tasks":"MANAGE"}]}"#,
            Op::Post | Op::Delete => r#"{"success":"yes"}"#,
        };
        let (error, requests) = fail_with(op, json(200, body)).await;
        assert_decode(op, &error, 200, body);
        assert!(
            error.to_string().contains("invalid type"),
            "{op:?}: {error}"
        );
        assert_eq!(requests, 1, "{op:?}");
    }
}

#[tokio::test]
async fn a_graph_error_without_code() {
    for op in Op::ALL {
        let body = r#"{"error":{"message":"Something went wrong","type":"OAuthException","fbtrace_id":"T"}}"#;
        let (error, requests) = fail_with(op, json(400, body)).await;
        assert_decode(op, &error, 400, "Something went wrong");
        assert!(
            error.to_string().contains("Graph error without code"),
            "{error}"
        );
        assert!(!error.is_retryable(), "{op:?}");
        assert_eq!(requests, 1, "{op:?}");
    }
}

#[tokio::test]
async fn success_false() {
    for op in Op::ALL {
        let (error, requests) = fail_with(op, json(200, r#"{"success":false}"#)).await;
        match &error {
            Error::Unsuccessful {
                status,
                body_excerpt,
                ..
            } => {
                assert_eq!(*status, 200, "{op:?}");
                assert!(body_excerpt.contains("false"), "{op:?}: {body_excerpt}");
            }
            other => panic!("{op:?}: {other:?}"),
        }
        assert!(!error.is_retryable(), "{op:?}");
        assert_eq!(requests, 1, "{op:?}");
    }
}

#[tokio::test]
async fn a_body_over_the_size_limit() {
    for op in Op::ALL {
        let body = format!(
            r#"{{"data":[],"padding":"{}"}}"#,
            "x".repeat(FAULT_BODY_LIMIT)
        );
        let (error, requests) = fail_with(op, json(200, &body)).await;
        match &error {
            Error::BodyTooLarge { status, limit, .. } => {
                assert_eq!((*status, *limit), (200, FAULT_BODY_LIMIT), "{op:?}");
            }
            other => panic!("{op:?}: {other:?}"),
        }
        assert!(!error.is_retryable(), "{op:?}");
        assert_eq!(requests, 1, "{op:?}");
    }
}

#[tokio::test]
async fn a_server_that_accepts_and_never_answers() {
    for op in Op::ALL {
        let server = RawServer::start(RawFault::NeverAnswer).await;
        let error = call(op, &server.url).await;
        assert!(error.is_timeout(), "{op:?}: {error:?}");
        assert!(error.is_transient(), "{op:?}");
        assert_eq!(error.status(), None, "{op:?}: no response, no status");
        assert_eq!(server.requests(), op.attempts_when_retryable(), "{op:?}");
    }
}

#[tokio::test]
async fn a_connection_reset_mid_body() {
    for op in Op::ALL {
        let server = RawServer::start(RawFault::ResetMidBody).await;
        let error = call(op, &server.url).await;
        assert!(
            matches!(error, Error::Transport { .. }),
            "{op:?}: {error:?}"
        );
        assert_eq!(error.status(), Some(200), "{op:?}: the head arrived");
        assert!(error.is_transient(), "{op:?}");
        assert_eq!(server.requests(), op.attempts_when_retryable(), "{op:?}");
    }
}
