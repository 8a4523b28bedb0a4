//! Errors as Graph gives them: unknown IDs and paths, tokens, and
//! parameters that are missing, of the wrong type or not a known value.

mod common;

use serde_json::Value;
use waba::{TemplateCategory, WabaTask};
use waba_mock::MockServer;
use waba_mock::seed::WABA;

async fn mock_and_client() -> (MockServer, waba::Client) {
    let mock = MockServer::start().await.expect("start the mock");
    let client = common::client_builder(&mock)
        .retry(waba::RetryPolicy::none())
        .build()
        .expect("client");
    (mock, client)
}

/// The `error` object of a raw answer, after checking its status.
async fn error_of(response: reqwest::Response, status: u16) -> Value {
    assert_eq!(response.status().as_u16(), status);
    let body: Value = response.json().await.unwrap();
    body["error"].clone()
}

#[tokio::test]
async fn an_unknown_id_is_graph_method_exception_100_33() {
    let (_mock, client) = mock_and_client().await;
    let error = client
        .whatsapp_business_account("999")
        .get()
        .await
        .unwrap_err();
    let graph = error.graph().expect("a Graph error");
    assert_eq!(graph.code.code(), 100);
    assert_eq!(graph.subcode, Some(33));
    assert_eq!(graph.error_type.as_deref(), Some("GraphMethodException"));
    assert!(
        graph.message.contains("'999' does not exist"),
        "{}",
        graph.message
    );
    assert!(graph.fbtrace_id.as_deref().is_some_and(|t| !t.is_empty()));
}

#[tokio::test]
async fn unknown_edges_and_missing_or_unknown_tokens_are_refused() {
    let mock = MockServer::start().await.unwrap();
    let http = reqwest::Client::new();
    let url = format!("{}/v23.0/{WABA}/no_such_edge", mock.base_url());
    let error = error_of(
        http.get(&url)
            .bearer_auth(mock.token())
            .send()
            .await
            .unwrap(),
        400,
    )
    .await;
    assert_eq!(error["code"], 2500);

    let url = format!("{}/v23.0/{WABA}", mock.base_url());
    let error = error_of(http.get(&url).send().await.unwrap(), 400).await;
    assert_eq!(error["code"], 190);
    assert_eq!(error["type"], "OAuthException");
    let error = error_of(
        http.get(&url).bearer_auth("stolen").send().await.unwrap(),
        400,
    )
    .await;
    assert_eq!(error["code"], 190);
    // The token in the query works too, and the journal never shows it.
    let ok = http
        .get(&url)
        .query(&[("access_token", mock.token())])
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    let journal = mock.journal();
    assert_eq!(journal.last().unwrap().query("access_token"), Some("***"));
    assert!(
        journal
            .iter()
            .all(|entry| !format!("{entry:?}").contains(&mock.token()))
    );
}

#[tokio::test]
async fn parameters_are_checked_and_named() {
    let mock = MockServer::start().await.unwrap();
    let http = reqwest::Client::new();
    let url = format!("{}/v23.0/{WABA}/message_templates", mock.base_url());
    let post = |form: &'static [(&'static str, &'static str)]| {
        http.post(&url).bearer_auth(mock.token()).form(form).send()
    };

    let error = error_of(
        post(&[("name", "a"), ("language", "en_US")]).await.unwrap(),
        400,
    )
    .await;
    assert_eq!(error["code"], 100);
    assert!(
        error["message"].as_str().unwrap().contains("category"),
        "{error}"
    );

    let error = error_of(
        post(&[("name", "a"), ("language", "en_US"), ("category", "SPAM")])
            .await
            .unwrap(),
        400,
    )
    .await;
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("Param category must be one of {"),
        "{message}"
    );
    assert!(message.contains("MARKETING"), "{message}");

    let error = error_of(
        post(&[
            ("name", "a"),
            ("language", "en_US"),
            ("category", "UTILITY"),
            ("message_send_ttl_seconds", "soon"),
        ])
        .await
        .unwrap(),
        400,
    )
    .await;
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("message_send_ttl_seconds"),
        "{error}"
    );

    let error = error_of(
        post(&[
            ("name", "a"),
            ("language", "en_US"),
            ("category", "UTILITY"),
            ("components", "[{"),
        ])
        .await
        .unwrap(),
        400,
    )
    .await;
    assert!(
        error["message"].as_str().unwrap().contains("components"),
        "{error}"
    );

    // Nothing was created by the refused calls.
    assert!(mock.edge(WABA, "message_templates").is_empty());
}

#[tokio::test]
async fn malformed_json_and_bad_multipart_are_error_100() {
    let mock = MockServer::start().await.unwrap();
    let http = reqwest::Client::new();
    let url = format!("{}/v23.0/300000000000001/messages", mock.base_url());
    let sent = http
        .post(&url)
        .bearer_auth(mock.token())
        .header("content-type", "application/json")
        .body("{\"to\": ")
        .send()
        .await
        .unwrap();
    let error = error_of(sent, 400).await;
    assert_eq!(error["code"], 100);
    assert!(
        error["message"].as_str().unwrap().contains("JSON"),
        "{error}"
    );

    let url = format!("{}/v23.0/300000000000001/media", mock.base_url());
    let sent = http
        .post(&url)
        .bearer_auth(mock.token())
        .header("content-type", "multipart/form-data; boundary=XYZ")
        .body("--XYZ\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\nimage/png\r\n")
        .send()
        .await
        .unwrap();
    let error = error_of(sent, 400).await;
    assert_eq!(error["code"], 100);
    assert!(
        error["message"].as_str().unwrap().contains("multipart"),
        "{error}"
    );
}

#[tokio::test]
async fn the_generated_client_sees_validation_as_a_typed_error() {
    let (_mock, client) = mock_and_client().await;
    let account = client.whatsapp_business_account(WABA);
    // A template name Graph would take, a category it would not.
    let error = account
        .create_message_template("x", "en_US", TemplateCategory::from("SPAM"))
        .await
        .unwrap_err();
    assert_eq!(error.graph().unwrap().code.code(), 100);
    // Removing a user who was never assigned names the parameter.
    let error = account.remove_assigned_user("4242").await.unwrap_err();
    assert!(error.graph().unwrap().message.contains("user"), "{error}");
    let _ = WabaTask::Manage;
}
