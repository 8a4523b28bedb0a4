//! Shared helpers for the end-to-end tests: a `wiremock` server on loopback
//! and a client pointed at it.

use waba::Client;
use wiremock::MockServer;

/// The access token every test client sends.
pub const TOKEN: &str = "test-access-token";

/// The API version every test client uses.
pub const VERSION: &str = "v23.0";

/// A fresh loopback server and a client that talks to it.
pub async fn server_and_client() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = client_for(&server);
    (server, client)
}

/// A client for `server`, with the test token and version.
pub fn client_for(server: &MockServer) -> Client {
    Client::builder()
        .access_token(TOKEN)
        .api_version(VERSION)
        .base_url(server.uri())
        .build()
        .expect("test client builds")
}

/// `/{VERSION}/{rest}`.
pub fn path(rest: &str) -> String {
    format!("/{VERSION}/{rest}")
}

/// The `Authorization` header value the test client sends.
pub fn bearer() -> String {
    format!("Bearer {TOKEN}")
}
