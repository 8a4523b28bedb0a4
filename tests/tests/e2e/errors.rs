//! Graph error bodies decode into the typed error, for every code the spec
//! documents and for codes it does not.

use serde_json::json;
use waba::{Error, ErrorClass, ErrorCode};
use waba_codegen::SourceFile;
use waba_tests::{path, server_and_client};
use wiremock::matchers::{method, path as url_path};
use wiremock::{Mock, ResponseTemplate};

/// The error codes the spec documents, read from the spec itself so this
/// test follows it.
fn documented_codes() -> Vec<i64> {
    let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/graph.toml");
    let source = SourceFile::read(spec.as_ref(), "spec/graph.toml").unwrap();
    let spec = waba_codegen::parse::parse(&source).unwrap();
    spec.error.iter().map(|e| *e.code.get_ref()).collect()
}

#[tokio::test]
async fn every_documented_error_code_decodes_into_its_named_variant() {
    let codes = documented_codes();
    assert!(
        codes.len() >= 20,
        "the spec documents the seeds' codes and the general ones"
    );
    for required in [100, 104, 190, 200, 2500, 80008, 200005, 200008] {
        assert!(codes.contains(&required), "spec lacks {required}");
    }
    let (server, client) = server_and_client().await;
    for code in codes {
        server.reset().await;
        Mock::given(method("GET"))
            .and(url_path(path("W")))
            .respond_with(ResponseTemplate::new(400).set_body_json(json!({
                "error": {"message": format!("message for {code}"), "type": "OAuthException", "code": code, "fbtrace_id": "TRACE"}
            })))
            .mount(&server)
            .await;
        let error = client
            .whatsapp_business_account("W")
            .get()
            .send()
            .await
            .unwrap_err();
        let graph = error
            .graph()
            .unwrap_or_else(|| panic!("{code}: not a Graph error: {error:?}"));
        assert_eq!(graph.code.code(), code);
        assert!(
            !matches!(graph.code, ErrorCode::Unknown(_)),
            "{code} has no named variant"
        );
        assert!(!graph.code.description().is_empty());
        assert_eq!(graph.message, format!("message for {code}"));
        assert_eq!(graph.status, 400);
        assert_eq!(error.code(), Some(graph.code));
    }
}

#[tokio::test]
async fn a_graph_error_keeps_everything_a_user_needs() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("W")))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "error": {
                "message": "Error validating access token: Session has expired.",
                "type": "OAuthException",
                "code": 190,
                "error_subcode": 463,
                "error_user_title": "Session expired",
                "error_user_msg": "Please log in again.",
                "is_transient": false,
                "error_data": {"messaging_product": "whatsapp", "details": "expired"},
                "fbtrace_id": "AbCdEf123"
            }
        })))
        .mount(&server)
        .await;
    let error = client
        .whatsapp_business_account("W")
        .get()
        .send()
        .await
        .unwrap_err();
    let Error::Graph(graph) = &error else {
        panic!("expected a Graph error, got {error:?}")
    };
    assert_eq!(graph.code, ErrorCode::InvalidOauthAccessToken);
    assert_eq!(graph.code.class(), ErrorClass::Permanent);
    assert_eq!(graph.subcode, Some(463));
    assert_eq!(graph.status, 401);
    assert_eq!(graph.error_type.as_deref(), Some("OAuthException"));
    assert_eq!(graph.error_user_title.as_deref(), Some("Session expired"));
    assert_eq!(
        graph.error_user_msg.as_deref(),
        Some("Please log in again.")
    );
    assert_eq!(graph.is_transient, Some(false));
    assert_eq!(graph.fbtrace_id.as_deref(), Some("AbCdEf123"));
    assert_eq!(graph.error_data.as_ref().unwrap()["details"], "expired");
    let text = error.to_string();
    assert!(text.contains("190") && text.contains("AbCdEf123"), "{text}");
}

#[tokio::test]
async fn an_undocumented_code_is_kept_as_unknown() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("W")))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": {"message": "new", "code": 424242}
        })))
        .mount(&server)
        .await;
    let error = client
        .whatsapp_business_account("W")
        .get()
        .send()
        .await
        .unwrap_err();
    let Some(ErrorCode::Unknown(code)) = error.code() else {
        panic!("{error:?}")
    };
    assert_eq!(code.code(), 424242);
    assert_eq!(error.code(), Some(ErrorCode::from_code(424242)));
}

#[tokio::test]
async fn throttling_codes_are_classified_from_the_spec() {
    assert_eq!(ErrorCode::from_code(80008), ErrorCode::TooManyWabaCalls);
    assert_eq!(ErrorCode::TooManyWabaCalls.class(), ErrorClass::Throttling);
    assert_eq!(ErrorCode::from_code(2).class(), ErrorClass::Transient);
    assert_eq!(ErrorCode::from_code(100).class(), ErrorClass::Permanent);
}

#[tokio::test]
async fn a_body_that_is_not_the_documented_shape_is_a_decode_error_with_an_excerpt() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("W/assigned_users")))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"data": {"not": "a list"}}"#))
        .mount(&server)
        .await;
    let error = client
        .whatsapp_business_account("W")
        .assigned_users("B")
        .send()
        .await
        .unwrap_err();
    let Error::Decode {
        status,
        body_excerpt,
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(*status, 200);
    assert!(body_excerpt.contains("not"), "{body_excerpt}");
}

#[tokio::test]
async fn an_html_error_page_is_a_decode_error_with_the_status() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("W")))
        .respond_with(
            ResponseTemplate::new(502).set_body_string("<html><body>Bad Gateway</body></html>"),
        )
        .mount(&server)
        .await;
    let error = client
        .whatsapp_business_account("W")
        .get()
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(502));
    let Error::Decode { body_excerpt, .. } = &error else {
        panic!("{error:?}")
    };
    assert!(body_excerpt.contains("Bad Gateway"));
}

#[tokio::test]
async fn graph_refusals_from_the_mock_decode_into_their_variants() {
    let (mock, client) = crate::mock_and_client().await;

    // An ID nothing is stored under: 100/33, GraphMethodException.
    let error = client
        .whatsapp_business_account("999999")
        .get()
        .await
        .unwrap_err();
    let graph = error.graph().unwrap();
    assert_eq!(graph.code, ErrorCode::InvalidParameter);
    assert_eq!(graph.subcode, Some(33));
    assert_eq!(graph.status, 400);
    assert_eq!(graph.error_type.as_deref(), Some("GraphMethodException"));
    assert!(
        graph.message.contains("'999999' does not exist"),
        "{graph:?}"
    );
    assert!(graph.fbtrace_id.is_some());

    // An expired token: 190/463, permanent, not retried.
    mock.inject(waba_mock::Fault::ExpiredToken.times(1));
    mock.clear_journal();
    let error = client
        .whatsapp_business_account(crate::MOCK_WABA)
        .get()
        .await
        .unwrap_err();
    let graph = error.graph().unwrap();
    assert_eq!(
        (graph.code, graph.subcode),
        (ErrorCode::InvalidOauthAccessToken, Some(463))
    );
    assert_eq!(error.class(), ErrorClass::Permanent);
    assert_eq!(mock.journal().len(), 1);

    // A token the server does not know: 190.
    let stranger = waba::Client::builder()
        .access_token("not-a-token")
        .base_url(mock.base_url())
        .build()
        .unwrap();
    let error = stranger
        .whatsapp_business_account(crate::MOCK_WABA)
        .get()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some(ErrorCode::InvalidOauthAccessToken));
    assert!(!format!("{:?}", mock.journal()).contains("not-a-token"));
}

#[tokio::test]
async fn an_empty_id_is_refused_before_anything_is_sent() {
    let (server, client) = server_and_client().await;
    for result in [
        client.whatsapp_business_account("").get().await.map(|_| ()),
        client.phone_number("").get().await.map(|_| ()),
    ] {
        assert!(
            matches!(result, Err(Error::InvalidRequest(_))),
            "{result:?}"
        );
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}
