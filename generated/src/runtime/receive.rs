//! How a response becomes the value a call returns: a JSON body decoded
//! into a type, or a [`Download`] that streams the body to the caller. Both
//! go through the same sending, retries, tracing and error decoding.

use std::future::Future;

use serde::de::DeserializeOwned;

use super::body::{decode, read_body};
use super::data::decode_shaped;
use super::download::Download;
use super::error::{Error, Result, body_excerpt};

/// How a request reads its response, beside the type it decodes into.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Receiving {
    /// The largest body read whole.
    pub(crate) max_body: usize,
    /// The value sits under `data` (`response = "data"` operations).
    pub(crate) in_data: bool,
}

/// What a successful exchange turns into.
pub(crate) trait Receive: Sized {
    /// The `Accept` header sent.
    const ACCEPT: &'static str;

    /// Turns the response into the value, or the error it carries.
    fn receive(
        response: reqwest::Response,
        status: u16,
        how: Receiving,
    ) -> impl Future<Output = Result<Self>> + Send;
}

impl<T: DeserializeOwned> Receive for T {
    const ACCEPT: &'static str = "application/json";

    async fn receive(response: reqwest::Response, status: u16, how: Receiving) -> Result<Self> {
        let body = read_body(response, status, how.max_body).await?;
        decode_shaped(status, &body, how.in_data)
    }
}

impl Receive for Download {
    const ACCEPT: &'static str = "*/*";

    async fn receive(response: reqwest::Response, status: u16, how: Receiving) -> Result<Self> {
        let max_body = how.max_body;
        {
            if (200..300).contains(&status) {
                return Ok(Download::new(response, status));
            }
            // A failed download answers with a Graph error (or anything
            // else), read whole under the client's body limit and decoded.
            let body = read_body(response, status, max_body).await?;
            // `decode` fails on every non-2xx status; the arm for success
            // only keeps this total.
            Err(match decode::<serde_json::Value>(status, &body) {
                Err(error) => error,
                Ok(_) => Error::Decode {
                    status,
                    message: format!("unexpected HTTP status {status}"),
                    body_excerpt: body_excerpt(&body),
                    usage: None,
                    call: None,
                },
            })
        }
    }
}
