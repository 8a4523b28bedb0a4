//! The subscription handshake: the challenge is echoed only for
//! `hub.mode=subscribe` with the configured verify token.

use waba::webhooks::{HandshakeError, WebhookError, WebhookReceiver};

fn answer(query: &str) -> Result<String, WebhookError> {
    WebhookReceiver::new("app-secret", "bakery token/1").handshake(query)
}

fn refused(query: &str) -> HandshakeError {
    match answer(query) {
        Err(WebhookError::Handshake(error)) => error,
        other => panic!("{query}: {other:?}"),
    }
}

#[test]
fn the_challenge_is_echoed_for_the_right_token() {
    // The token as Graph sends it: form-encoded.
    let query = "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=bakery+token%2F1";
    assert_eq!(answer(query).unwrap(), "1158201444");
}

#[test]
fn anything_else_is_refused() {
    assert_eq!(
        refused("hub.mode=subscribe&hub.verify_token=bakery+token%2F2&hub.challenge=1"),
        HandshakeError::WrongToken
    );
    assert_eq!(
        refused("hub.mode=subscribe&hub.verify_token=bakery+token&hub.challenge=1"),
        HandshakeError::WrongToken
    );
    assert_eq!(
        refused("hub.mode=subscribe&hub.challenge=1"),
        HandshakeError::WrongToken
    );
    assert_eq!(
        refused("hub.mode=unsubscribe&hub.verify_token=bakery+token%2F1&hub.challenge=1"),
        HandshakeError::NotSubscribe
    );
    assert_eq!(refused(""), HandshakeError::NotSubscribe);
    assert_eq!(
        refused("hub.mode=subscribe&hub.verify_token=bakery+token%2F1"),
        HandshakeError::MissingChallenge
    );
    assert_eq!(
        refused("hub.mode=subscribe&hub.verify_token=bakery+token%2F1&hub.challenge="),
        HandshakeError::MissingChallenge
    );
    assert_eq!(answer("hub.mode=x").unwrap_err().status(), 403);
}
