//! Authentication on the wire: the bearer header, `appsecret_proof`, and the
//! token kept out of URLs and Debug output.

use serde_json::json;
use waba::Client;
use waba_tests::path;
use wiremock::matchers::{header, method, path as url_path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn app_secret_adds_the_documented_appsecret_proof() {
    let server = MockServer::start().await;
    let client = Client::builder()
        .access_token("TOKEN")
        .app_secret("APPSECRET")
        .api_version("v23.0")
        .base_url(server.uri())
        .build()
        .unwrap();
    Mock::given(method("GET"))
        .and(url_path(path("W")))
        .and(header("authorization", "Bearer TOKEN"))
        .and(query_param(
            "appsecret_proof",
            "e697d0006554740ddfffab3f4406f3cef626ca5483a5c58b72a31941c9f40655",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "W"})))
        .expect(1)
        .mount(&server)
        .await;
    client
        .whatsapp_business_account("W")
        .get()
        .send()
        .await
        .unwrap();
    let request = &server.received_requests().await.unwrap()[0];
    assert!(
        !request.url.as_str().contains("TOKEN"),
        "the token stays out of the URL"
    );
}

#[tokio::test]
async fn the_api_version_is_settable_at_run_time() {
    let server = MockServer::start().await;
    let client = Client::builder()
        .access_token("t")
        .api_version("v99.0")
        .base_url(server.uri())
        .build()
        .unwrap();
    Mock::given(method("GET"))
        .and(url_path("/v99.0/W"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "W"})))
        .expect(1)
        .mount(&server)
        .await;
    client
        .whatsapp_business_account("W")
        .get()
        .send()
        .await
        .unwrap();
}

#[test]
fn a_bad_version_or_missing_token_is_a_config_error() {
    assert!(
        Client::builder()
            .access_token("t")
            .api_version("23")
            .build()
            .is_err()
    );
    assert!(Client::builder().api_version("v23.0").build().is_err());
}

#[test]
fn the_token_never_shows_in_debug_output() {
    let client = Client::builder()
        .access_token("SECRET-TOKEN-123")
        .app_secret("SECRET-APP-456")
        .build()
        .unwrap();
    let handle = client.whatsapp_business_account("W");
    let builder = handle.get();
    for text in [
        format!("{client:?}"),
        format!("{handle:?}"),
        format!("{builder:?}"),
    ] {
        assert!(!text.contains("SECRET-TOKEN-123"), "{text}");
        assert!(!text.contains("SECRET-APP-456"), "{text}");
    }
}

#[tokio::test]
async fn ids_with_reserved_characters_are_path_encoded() {
    let server = MockServer::start().await;
    let client = waba_tests::client_for(&server);
    Mock::given(method("GET"))
        .and(url_path(path("a%2Fb")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "a/b"})))
        .expect(1)
        .mount(&server)
        .await;
    client
        .whatsapp_business_account("a/b")
        .get()
        .send()
        .await
        .unwrap();
}
