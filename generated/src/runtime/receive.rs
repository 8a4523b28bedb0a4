//! How a response becomes the value a call returns: a JSON body decoded
//! into a type, or a [`Download`](super::Download) that streams the body to
//! the caller. Both go through the same sending, retries, tracing and error
//! decoding.
//!
//! The exchange (sending, retrying, reading and checking the body) is not
//! generic: a [`Reading`] tells it what to do with a response, and only the
//! last, synchronous step, [`Receive::receive`], knows the type. So one
//! copy of the exchange serves every operation, and its future stays small
//! whatever the size of the value decoded.

use serde::de::DeserializeOwned;

use super::body::{Body, check};
use super::data::decode_shaped;
use super::error::{Error, Result};

/// What the exchange does with a response before handing it over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reading {
    /// Reads the body whole and lets through what [`check`] lets through:
    /// a 2xx body that may decode into a value.
    Json,
    /// Reads the body whole and lets through a 2xx JSON array (a batch
    /// answer); anything else is the error it carries.
    Envelope,
    /// Leaves a 2xx body unread (a download); reads any other, for the
    /// error it carries.
    Unread,
}

impl Reading {
    /// Whether the body of a response with this status is read whole.
    pub(crate) fn reads_body(self, status: u16) -> bool {
        self != Reading::Unread || !(200..300).contains(&status)
    }

    /// The error a body read whole carries, if any: what a retry is decided on.
    pub(crate) fn check(self, status: u16, body: &[u8]) -> Result<()> {
        match self {
            Reading::Json => check(status, body),
            Reading::Envelope => super::batch::check_envelope(status, body),
            Reading::Unread => {
                // Only a non-2xx body is read, and `check` refuses every
                // one; the error after it only keeps this total.
                check(status, body)?;
                Err(Error::Decode {
                    status,
                    message: format!("unexpected HTTP status {status}"),
                    body_excerpt: super::error::body_excerpt(body),
                    usage: None,
                    call: None,
                })
            }
        }
    }
}

/// What an exchange let through: the response (its head, and its body when
/// [`Reading::Unread`] left it unread) and the body it read.
#[derive(Debug)]
pub(crate) struct Received {
    pub(crate) response: reqwest::Response,
    pub(crate) status: u16,
    /// The body, when it was read.
    pub(crate) body: Option<Body>,
}

impl Received {
    /// The body read, or nothing.
    pub(crate) fn body(&self) -> &[u8] {
        self.body.as_deref().unwrap_or_default()
    }
}

/// What a successful exchange of a body read whole turns into. (A
/// [`Download`] takes the response unread instead: see
/// [`Request::download`](super::Request::download).)
pub(crate) trait Receive: Sized {
    /// The `Accept` header sent.
    const ACCEPT: &'static str;
    /// What the exchange does with the response.
    const READING: Reading;

    /// Decodes the body the exchange let through, or says what is wrong
    /// with it. `in_data`: the value sits under `data` (`response = "data"`
    /// operations).
    fn receive(status: u16, body: &[u8], in_data: bool) -> Result<Self>;
}

impl<T: DeserializeOwned> Receive for T {
    const ACCEPT: &'static str = "application/json";
    const READING: Reading = Reading::Json;

    fn receive(status: u16, body: &[u8], in_data: bool) -> Result<Self> {
        decode_shaped(status, body, in_data)
    }
}
