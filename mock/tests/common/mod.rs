//! What the mock's tests share: a client pointed at a mock.

use waba_mock::MockServer;

/// A client builder for `mock`, with a token it accepts: tests add what
/// they need (retries) and build.
pub fn client_builder(mock: &MockServer) -> waba::ClientBuilder {
    waba::Client::builder()
        .access_token(mock.token())
        .base_url(mock.base_url())
}

/// A mock with its default state (`waba_mock::seed::{BUSINESS, WABA,
/// PHONE}`) and a client for it.
#[allow(dead_code)] // Not every test file starts its mock this way.
pub async fn mock_and_client() -> (MockServer, waba::Client) {
    let mock = MockServer::start().await.expect("start the mock");
    let client = client_builder(&mock).build().expect("client");
    (mock, client)
}
