//! A decoded value together with what the HTTP response said about it:
//! status, rate-limit usage, trace ID and how many attempts it took.

use super::usage::RateLimitUsage;

/// A successful response: the decoded `value` and its metadata.
///
/// Returned by the request builders' `send_full()`; `send()` returns the
/// value alone.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Response<T> {
    /// The decoded body.
    pub value: T,
    /// The HTTP status (2xx).
    pub status: u16,
    /// Rate-limit usage from `X-Business-Use-Case-Usage` and `X-App-Usage`
    /// (empty when Graph sent neither).
    pub usage: RateLimitUsage,
    /// The `x-fb-trace-id` response header, which Meta support asks for.
    pub fbtrace_id: Option<String>,
    /// How many attempts the call took, 1 when it succeeded at once.
    pub attempts: u32,
}

impl<T> Response<T> {
    /// The decoded body, dropping the metadata.
    pub fn into_value(self) -> T {
        self.value
    }
}

impl Response<()> {
    /// This metadata with `value`.
    pub(crate) fn with_value<T>(self, value: T) -> Response<T> {
        Response {
            value,
            status: self.status,
            usage: self.usage,
            fbtrace_id: self.fbtrace_id,
            attempts: self.attempts,
        }
    }
}
