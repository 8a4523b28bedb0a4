//! [`WebhookReceiver`]: the app secret, the verify token and a body cap,
//! applied to raw requests (bytes and headers) in the order that keeps
//! unverified bytes away from the decoder: cap, signature, then decode.

use std::fmt;

use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use super::Notification;
use super::error::{DecodeError, WebhookError};
use super::handshake::answer_handshake;
use super::signature::{SIGNATURE_HEADER, verify_signature};
use crate::AppSecret;

/// The largest body accepted unless [`WebhookReceiver::max_body_bytes`]
/// says otherwise: 1 MiB, well above the deliveries Graph sends, which
/// batch at most a few hundred small changes.
pub const DEFAULT_MAX_BODY_BYTES: u64 = 1 << 20;

/// The token the app configured for the subscription handshake. Never
/// shown by `Debug`.
#[derive(Clone)]
pub struct VerifyToken(String);

impl VerifyToken {
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for VerifyToken {
    fn from(token: String) -> Self {
        Self(token)
    }
}

impl From<&str> for VerifyToken {
    fn from(token: &str) -> Self {
        Self(token.to_owned())
    }
}

impl fmt::Debug for VerifyToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("VerifyToken(<redacted>)")
    }
}

/// Checks and decodes webhook requests, without a web framework: hand it
/// the query string of a `GET`, or the headers and raw body of a `POST`.
///
/// ```
/// use waba::webhooks::{WebhookReceiver, sign};
///
/// let receiver = WebhookReceiver::new("app-secret", "verify-me");
///
/// // GET: the subscription handshake.
/// let challenge = receiver
///     .handshake("hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444")
///     .unwrap();
/// assert_eq!(challenge, "1158201444");
///
/// // POST: checked against X-Hub-Signature-256, then decoded.
/// let body = br#"{"object":"whatsapp_business_account","entry":[]}"#;
/// let signature = sign(&"app-secret".into(), body);
/// let delivery = receiver.receive(Some(signature.as_bytes()), body).unwrap();
/// assert_eq!(delivery.object, "whatsapp_business_account");
/// assert_eq!(receiver.receive(None, body).unwrap_err().status(), 401);
/// ```
#[derive(Clone, Debug)]
pub struct WebhookReceiver {
    app_secret: AppSecret,
    verify_token: VerifyToken,
    max_body_bytes: u64,
}

impl WebhookReceiver {
    /// A receiver for the app with this secret, answering handshakes that
    /// carry this verify token.
    pub fn new(app_secret: impl Into<AppSecret>, verify_token: impl Into<VerifyToken>) -> Self {
        Self {
            app_secret: app_secret.into(),
            verify_token: verify_token.into(),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        }
    }

    /// Refuses bodies larger than `bytes` ([`DEFAULT_MAX_BODY_BYTES`] by default).
    pub fn max_body_bytes(mut self, bytes: u64) -> Self {
        self.max_body_bytes = bytes;
        self
    }

    /// The body cap in force.
    pub fn body_limit(&self) -> u64 {
        self.max_body_bytes
    }

    /// Answers a subscription handshake from the `GET` request's query
    /// string: the `hub.challenge` to echo with `200 OK`.
    pub fn handshake(&self, query: &str) -> Result<String, WebhookError> {
        Ok(answer_handshake(&self.verify_token, query)?)
    }

    /// Checks the body's size and signature; `signature` is the value of
    /// `X-Hub-Signature-256`, if the request had one.
    pub fn verify(&self, signature: Option<&[u8]>, body: &[u8]) -> Result<(), WebhookError> {
        self.check_size(body.len() as u64)?;
        verify_signature(&self.app_secret, signature, body)?;
        Ok(())
    }

    /// Refuses a body of `size` bytes (or announced as such by
    /// `Content-Length`) over the cap, before reading it.
    pub fn check_size(&self, size: u64) -> Result<(), WebhookError> {
        if size > self.max_body_bytes {
            return Err(WebhookError::BodyTooLarge {
                size,
                limit: self.max_body_bytes,
            });
        }
        Ok(())
    }

    /// Verifies a delivery, then decodes it into typed changes.
    pub fn receive(
        &self,
        signature: Option<&[u8]>,
        body: &[u8],
    ) -> Result<Notification, WebhookError> {
        self.receive_as(signature, body)
    }

    /// [`receive`](Self::receive), taking the signature from the request's headers.
    pub fn receive_with_headers(
        &self,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Notification, WebhookError> {
        let signature = headers.get(SIGNATURE_HEADER).map(|v| v.as_bytes());
        self.receive(signature, body)
    }

    /// Verifies a delivery, then decodes it into a type of your own: for
    /// code that keeps the raw JSON (`serde_json::Value`) or reads only
    /// part of it.
    pub fn receive_as<T: DeserializeOwned>(
        &self,
        signature: Option<&[u8]>,
        body: &[u8],
    ) -> Result<T, WebhookError> {
        self.verify(signature, body)?;
        decode(body)
    }
}

/// Decodes verified bytes, naming the JSON path where they broke: Graph
/// sends a delivery on one line, so a line and column alone would not say
/// which change of which entry was wrong. Tracking the path costs time on
/// every value, so it is done only once decoding has failed, by decoding
/// the same bytes again.
fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, WebhookError> {
    match serde_json::from_slice(body) {
        Ok(value) => Ok(value),
        Err(error) => {
            Err(locate::<T>(body).unwrap_or_else(|| decode_error(".".to_owned(), &error)))
        }
    }
}

/// The decode error of `body`, with the path of the value that failed.
fn locate<T: DeserializeOwned>(body: &[u8]) -> Option<WebhookError> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(error) => {
            let path = error.path().to_string();
            Some(decode_error(path, &error.into_inner()))
        }
        // Bytes after the delivery's closing brace.
        Ok(_) => deserializer
            .end()
            .err()
            .map(|error| decode_error(".".to_owned(), &error)),
    }
}

fn decode_error(path: String, error: &serde_json::Error) -> WebhookError {
    WebhookError::Decode(DecodeError {
        path,
        line: error.line(),
        column: error.column(),
        message: without_position(&error.to_string()),
    })
}

/// serde_json ends its messages with " at line L column C", which the
/// decode error holds in fields of its own.
fn without_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}
