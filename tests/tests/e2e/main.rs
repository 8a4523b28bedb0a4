//! The generated client against a real HTTP server on loopback: the bytes
//! of every request, and the decoding of every documented response.
//!
//! Tests of exact request bytes and of staged (often malformed) answers
//! use `wiremock`; tests of flows, paging and Graph's own errors run
//! against `waba-mock`, which keeps state and journals every request.

mod accounts;
mod analytics;
mod auth;
mod batch;
mod billing;
mod block_users;
mod business_profiles;
mod calling;
mod commerce;
mod errors;
mod extended;
mod flows;
mod groups;
mod marketing_messages;
mod media;
mod message_history;
mod message_kinds;
mod messages;
mod mobility;
mod operations;
mod paging;
mod paths;
mod phone_numbers;
mod preverified_numbers;
mod solutions;
mod templates;

/// `waba-mock` with its default state (see its `mock/seeds/default.json`)
/// and a client for it, with fast retries.
pub(crate) async fn mock_and_client() -> (waba_mock::MockServer, waba::Client) {
    let mock = waba_mock::MockServer::start()
        .await
        .expect("the mock starts");
    let client = waba::Client::builder()
        .access_token(mock.token())
        .base_url(mock.base_url())
        .api_version(waba_tests::VERSION)
        .retry(waba_tests::fast_retry())
        .build()
        .expect("a client for the mock");
    (mock, client)
}

/// The default state's WhatsApp Business Account, and its business.
pub(crate) const MOCK_WABA: &str = waba_mock::seed::WABA;
pub(crate) const MOCK_BUSINESS: &str = waba_mock::seed::BUSINESS;
