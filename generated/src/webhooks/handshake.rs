//! The subscription handshake: when a callback URL is set, Graph sends
//! `GET ?hub.mode=subscribe&hub.verify_token=<token>&hub.challenge=<n>`
//! and expects the challenge back, and only when the token is the one the
//! app configured.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::error::HandshakeError;
use super::receiver::VerifyToken;

/// Answers a handshake from its query string (without the `?`): the
/// challenge to echo with `200 OK`, or why it is refused.
pub fn answer_handshake(token: &VerifyToken, query: &str) -> Result<String, HandshakeError> {
    let mut mode = None;
    let mut sent_token = None;
    let mut challenge = None;
    for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
        match key.as_ref() {
            "hub.mode" => mode = Some(value),
            "hub.verify_token" => sent_token = Some(value),
            "hub.challenge" => challenge = Some(value),
            _ => {}
        }
    }
    if mode.as_deref() != Some("subscribe") {
        return Err(HandshakeError::NotSubscribe);
    }
    let sent_token = sent_token.ok_or(HandshakeError::WrongToken)?;
    if !same_secret(sent_token.as_bytes(), token.expose().as_bytes()) {
        return Err(HandshakeError::WrongToken);
    }
    match challenge {
        Some(challenge) if !challenge.is_empty() => Ok(challenge.into_owned()),
        _ => Err(HandshakeError::MissingChallenge),
    }
}

/// Constant-time equality that does not reveal the length either: both
/// sides are hashed to 32 bytes first, then compared with `subtle`.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    let a = Sha256::digest(a);
    let b = Sha256::digest(b);
    a.as_slice().ct_eq(b.as_slice()).into()
}
