//! Errors: what Graph said went wrong ([`GraphError`]), everything that
//! can fail around it (transport, decoding, configuration, the call's
//! deadline), and what the call went through before failing ([`CallStats`]).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::usage::RateLimitUsage;
use crate::api::ErrorCode;

/// `Result` with this crate's [`enum@Error`] as the default error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Every way a call can fail.
///
/// Every variant that came with an HTTP response carries its status and,
/// when Graph sent them, the rate-limit usage headers ([`Error::usage`]).
/// [`Error::is_retryable`] says whether trying again may help; the client
/// retries such failures itself according to its
/// [`RetryStrategy`](crate::RetryStrategy) (by default a [`RetryPolicy`](crate::RetryPolicy)).
///
/// An error that comes out of a call says how many attempts the call made
/// and how long it took in all ([`Error::attempts`], [`Error::elapsed`]);
/// its message ends with `(after 3 attempts in 1.20 s)` when there was more
/// than one attempt. A call cut short by its deadline ends with
/// [`Error::DeadlineExceeded`].
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Graph answered with an error object (`{"error": {...}}`). The call's
    /// attempts and duration are in [`GraphError::call`].
    Graph(Box<GraphError>),

    /// The HTTP exchange failed: DNS, connect, TLS, timeout, a connection
    /// reset while reading the body.
    #[non_exhaustive]
    Transport {
        /// The underlying HTTP error, with the request URL removed (it can
        /// carry `appsecret_proof`).
        source: reqwest::Error,
        /// The HTTP status, when the failure came after the response head
        /// (such as a body cut short).
        status: Option<u16>,
        /// Rate-limit usage from the response head, when there was one.
        usage: Option<Box<RateLimitUsage>>,
        /// The call's attempts and duration (see [`Error::attempts`]).
        call: Option<Box<CallStats>>,
    },

    /// The response was not what the endpoint documents: not JSON, the wrong
    /// shape, empty, or an unexpected HTTP status without a Graph error.
    #[non_exhaustive]
    Decode {
        /// The HTTP status of the response.
        status: u16,
        /// What went wrong; for JSON errors, serde's message with line and column.
        message: String,
        /// The start of the body (at most 512 bytes, lossy UTF-8, `…` when cut).
        body_excerpt: String,
        /// Rate-limit usage from the response headers.
        usage: Option<Box<RateLimitUsage>>,
        /// The call's attempts and duration (see [`Error::attempts`]).
        call: Option<Box<CallStats>>,
    },

    /// Graph answered a write with `{"success": false}`: it did not happen.
    #[non_exhaustive]
    Unsuccessful {
        /// The HTTP status of the response.
        status: u16,
        /// The start of the body.
        body_excerpt: String,
        /// Rate-limit usage from the response headers.
        usage: Option<Box<RateLimitUsage>>,
        /// The call's attempts and duration (see [`Error::attempts`]).
        call: Option<Box<CallStats>>,
    },

    /// The response body is larger than the client accepts (see
    /// [`ClientBuilder::max_body_bytes`](crate::ClientBuilder::max_body_bytes));
    /// reading stopped at the limit.
    #[non_exhaustive]
    BodyTooLarge {
        /// The HTTP status of the response.
        status: u16,
        /// The limit in bytes.
        limit: usize,
        /// The start of the body, when any was read.
        body_excerpt: String,
        /// Rate-limit usage from the response headers.
        usage: Option<Box<RateLimitUsage>>,
        /// The call's attempts and duration (see [`Error::attempts`]).
        call: Option<Box<CallStats>>,
    },

    /// The call's deadline passed before it could finish (see
    /// [`ClientBuilder::deadline`](crate::ClientBuilder::deadline)): the
    /// attempt in flight was abandoned, and no other was started.
    ///
    /// [`is_timeout`](Error::is_timeout) is true. It is not retryable: the
    /// time the caller allowed is spent, though a new call with a new
    /// deadline may well succeed.
    #[non_exhaustive]
    DeadlineExceeded {
        /// The deadline the call had.
        deadline: Duration,
        /// The number of attempts started, the abandoned one included.
        attempts: u32,
        /// The time from the call's start until it was abandoned.
        elapsed: Duration,
        /// The error of the last attempt that finished, when one did before
        /// the deadline (the abandoned attempt has none).
        source: Option<Box<Error>>,
    },

    /// An upload is larger than its parameter allows (`max_bytes` in the
    /// spec); nothing was sent.
    #[non_exhaustive]
    UploadTooLarge {
        /// The upload's size in bytes.
        size: u64,
        /// The largest upload the parameter takes.
        limit: u64,
    },

    /// A download passed the size cap set with `max_bytes`: announced by
    /// `Content-Length`, or counted while reading. Reading stopped there.
    #[non_exhaustive]
    DownloadTooLarge {
        /// The HTTP status of the response.
        status: u16,
        /// The cap in bytes.
        limit: u64,
        /// The size the response announced, when it did.
        content_length: Option<u64>,
    },

    /// A file to upload could not be opened or read; the I/O error is the
    /// [`source`](std::error::Error::source).
    File(std::io::Error),

    /// The request cannot be sent as built, such as an empty ID or a paging
    /// `next` URL on another host.
    InvalidRequest(String),

    /// The client configuration is invalid: no token, a malformed API
    /// version or base URL, and so on.
    Config(String),

    /// Graph did not process this item of a [`Batch`](crate::Batch): its
    /// entry in the batch response was `null` (Graph gave up on it, for
    /// instance when the batch ran out of time), or it was never sent
    /// because an earlier request of the same batch failed. Nothing was
    /// applied, so the item may be sent again; the class is
    /// [`Transient`](ErrorClass::Transient).
    BatchItemNotProcessed,

    /// The HTTP request that carried this item of a [`Batch`](crate::Batch)
    /// failed as a whole, after earlier requests of the same batch had
    /// succeeded (a batch of more than 50 items is sent as several
    /// requests), so whether the item was applied is unknown. Holds that
    /// request's error, which [`status`](Self::status),
    /// [`graph`](Self::graph), [`usage`](Self::usage) and
    /// [`class`](Self::class) report through.
    BatchRequestFailed(Arc<Error>),
}

// Written out rather than derived: a deadline error's source must be the
// last attempt's `Error` itself, not its box, for `downcast_ref::<Error>` on
// an error chain to find it.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Graph(graph) => write!(f, "{graph}{}", after(graph.call.as_ref())),
            Self::Transport { source, call, .. } => {
                write!(f, "{}{}", transport_message(source), after(call.as_deref()))
            }
            Self::Decode {
                status,
                message,
                call,
                ..
            } => write!(
                f,
                "could not decode the response (HTTP {status}): {message}{}",
                after(call.as_deref())
            ),
            Self::Unsuccessful { status, call, .. } => write!(
                f,
                "Graph reported the operation unsuccessful (HTTP {status}): `success` is false{}",
                after(call.as_deref())
            ),
            Self::BodyTooLarge {
                status,
                limit,
                call,
                ..
            } => write!(
                f,
                "the response body (HTTP {status}) exceeds the limit of {limit} bytes{}",
                after(call.as_deref())
            ),
            // The last attempt's error is the source, not part of the
            // message: reports that print the chain would repeat it.
            Self::DeadlineExceeded {
                deadline,
                attempts,
                elapsed,
                ..
            } => write!(
                f,
                "the call's deadline of {deadline:?} passed{}",
                after_deadline(*attempts, *elapsed)
            ),
            Self::InvalidRequest(message) => write!(f, "invalid request: {message}"),
            Self::Config(message) => write!(f, "invalid client configuration: {message}"),
            Self::BatchItemNotProcessed => {
                f.write_str("Graph did not process this batch item; it may be sent again")
            }
            Self::BatchRequestFailed(request) => {
                write!(f, "the batch request carrying this item failed: {request}")
            }
            Self::UploadTooLarge { size, limit } => write!(
                f,
                "the upload is {size} bytes, over the limit of {limit} bytes; nothing was sent"
            ),
            Self::DownloadTooLarge { status, limit, .. } => write!(
                f,
                "the download (HTTP {status}) exceeds the limit of {limit} bytes"
            ),
            // The I/O error is the source, not part of the message.
            Self::File(_) => f.write_str("could not read the file to upload"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Transport { source, .. } => Some(source),
            Self::File(source) => Some(source),
            Self::DeadlineExceeded { source, .. } => source
                .as_deref()
                .map(|last| last as &(dyn std::error::Error + 'static)),
            Self::Graph(_)
            | Self::Decode { .. }
            | Self::Unsuccessful { .. }
            | Self::BodyTooLarge { .. }
            | Self::InvalidRequest(_)
            | Self::Config(_)
            | Self::BatchItemNotProcessed
            // The request's error is part of the message already.
            | Self::BatchRequestFailed(_)
            | Self::UploadTooLarge { .. }
            | Self::DownloadTooLarge { .. } => None,
        }
    }
}

/// How a call went before it failed: the attempts it made and the time it
/// took, waits between attempts included. Every error that comes out of a
/// call after the request was sent carries one (see [`Error::attempts`] and
/// [`Error::elapsed`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallStats {
    /// The number of attempts, the first included.
    pub attempts: u32,
    /// The time from the start of the call until it returned the error.
    pub elapsed: Duration,
}

impl CallStats {
    pub(crate) fn new(attempts: u32, elapsed: Duration) -> Self {
        Self { attempts, elapsed }
    }
}

/// The end of an error message saying what the call went through: `(after
/// 3 attempts in 1.20 s)`, or nothing when there was a single attempt (the
/// message would only restate that the call failed).
fn after(call: Option<&CallStats>) -> AfterAttempts {
    AfterAttempts {
        call: call.copied().filter(|call| call.attempts > 1),
    }
}

/// Always says how far the call got: a deadline error with no count would
/// leave the reader guessing whether anything was sent.
fn after_deadline(attempts: u32, elapsed: Duration) -> AfterAttempts {
    AfterAttempts {
        call: Some(CallStats::new(attempts, elapsed)),
    }
}

/// See [`after`].
struct AfterAttempts {
    call: Option<CallStats>,
}

impl fmt::Display for AfterAttempts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(call) = self.call else {
            return Ok(());
        };
        let plural = if call.attempts == 1 { "" } else { "s" };
        write!(
            f,
            " (after {} attempt{plural} in {:.2} s)",
            call.attempts,
            call.elapsed.as_secs_f64()
        )
    }
}

// The source is reachable through `Error::source`; the message names the kind
// only, so error reports that print the whole chain do not repeat it.
fn transport_message(source: &reqwest::Error) -> &'static str {
    if source.is_timeout() {
        "HTTP transport error: the request timed out"
    } else if source.is_connect() {
        "HTTP transport error: could not connect to the server"
    } else if source.is_body() || source.is_decode() {
        "HTTP transport error: could not read the response body"
    } else {
        "HTTP transport error"
    }
}

/// Graph error codes that mean a rate limit was hit, whether or not the spec
/// documents them: the runtime must not depend on the spec for this.
const THROTTLING_CODES: [i64; 8] = [4, 17, 32, 341, 613, 80007, 80008, 130429];
/// Graph error codes for server-side failures worth retrying.
const TRANSIENT_CODES: [i64; 2] = [1, 2];
/// HTTP statuses that say "try again later" whatever the body.
const TRANSIENT_STATUSES: [u16; 4] = [500, 502, 503, 504];
/// "Too Many Requests".
const THROTTLING_STATUS: u16 = 429;

impl Error {
    /// Wraps a transport error, dropping its URL: the query may carry
    /// `appsecret_proof`, which must not end up in logs.
    pub(crate) fn transport(source: reqwest::Error) -> Self {
        Self::Transport {
            source: source.without_url(),
            status: None,
            usage: None,
            call: None,
        }
    }

    /// The Graph error, when Graph answered with one.
    pub fn graph(&self) -> Option<&GraphError> {
        match self {
            Self::Graph(graph) => Some(graph),
            Self::BatchRequestFailed(request) => request.graph(),
            _ => None,
        }
    }

    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Graph(graph) => Some(graph.status),
            Self::Decode { status, .. }
            | Self::Unsuccessful { status, .. }
            | Self::BodyTooLarge { status, .. }
            | Self::DownloadTooLarge { status, .. } => Some(*status),
            Self::Transport { source, status, .. } => {
                status.or_else(|| source.status().map(|s| s.as_u16()))
            }
            Self::BatchRequestFailed(request) => request.status(),
            Self::DeadlineExceeded { .. }
            | Self::InvalidRequest(_)
            | Self::Config(_)
            | Self::BatchItemNotProcessed
            | Self::UploadTooLarge { .. }
            | Self::File(_) => None,
        }
    }

    /// The Graph error code, when Graph answered with an error.
    pub fn code(&self) -> Option<ErrorCode> {
        self.graph().map(|graph| graph.code)
    }

    /// Rate-limit usage from the response's headers, when there was a
    /// response and Graph sent them.
    pub fn usage(&self) -> Option<&RateLimitUsage> {
        match self {
            Self::Graph(graph) => graph.usage.as_ref(),
            Self::Transport { usage, .. }
            | Self::Decode { usage, .. }
            | Self::Unsuccessful { usage, .. }
            | Self::BodyTooLarge { usage, .. } => usage.as_deref(),
            Self::BatchRequestFailed(request) => request.usage(),
            // No response ended the call; the last one, if any, is the source's.
            Self::DeadlineExceeded { .. }
            | Self::InvalidRequest(_)
            | Self::Config(_)
            | Self::BatchItemNotProcessed
            | Self::UploadTooLarge { .. }
            | Self::DownloadTooLarge { .. }
            | Self::File(_) => None,
        }
    }

    /// Whether the request timed out (see [`ClientBuilder::timeout`](crate::ClientBuilder::timeout)),
    /// or the call's deadline passed ([`is_deadline_exceeded`](Self::is_deadline_exceeded)).
    pub fn is_timeout(&self) -> bool {
        match self {
            Self::Transport { source, .. } => source.is_timeout(),
            Self::DeadlineExceeded { .. } => true,
            Self::BatchRequestFailed(request) => request.is_timeout(),
            _ => false,
        }
    }

    /// Whether the call's overall deadline ended it ([`Error::DeadlineExceeded`]),
    /// as opposed to one attempt's timeout.
    pub fn is_deadline_exceeded(&self) -> bool {
        matches!(self, Self::DeadlineExceeded { .. })
    }

    /// How a call went before it failed: attempts and total time. `None` for
    /// an error raised before any request was sent (an invalid request or
    /// configuration) or not returned by a call.
    pub fn call(&self) -> Option<CallStats> {
        match self {
            Self::Graph(graph) => graph.call,
            Self::Transport { call, .. }
            | Self::Decode { call, .. }
            | Self::Unsuccessful { call, .. }
            | Self::BodyTooLarge { call, .. } => call.as_deref().copied(),
            Self::DeadlineExceeded {
                attempts, elapsed, ..
            } => Some(CallStats::new(*attempts, *elapsed)),
            Self::BatchRequestFailed(request) => request.call(),
            Self::InvalidRequest(_)
            | Self::Config(_)
            | Self::BatchItemNotProcessed
            | Self::UploadTooLarge { .. }
            | Self::DownloadTooLarge { .. }
            | Self::File(_) => None,
        }
    }

    /// How many attempts the call made before returning this error, the
    /// first included (see [`call`](Self::call)).
    pub fn attempts(&self) -> Option<u32> {
        self.call().map(|call| call.attempts)
    }

    /// How long the call took before returning this error, retries and
    /// waits included (see [`call`](Self::call)).
    pub fn elapsed(&self) -> Option<Duration> {
        self.call().map(|call| call.elapsed)
    }

    /// Whether the connection to the server could not be established.
    pub fn is_connect(&self) -> bool {
        match self {
            Self::Transport { source, .. } => source.is_connect(),
            Self::BatchRequestFailed(request) => request.is_connect(),
            _ => false,
        }
    }

    /// How to react to this failure:
    ///
    /// - [`Throttling`](ErrorClass::Throttling): Graph codes 4, 17, 32, 341,
    ///   613, 80007, 80008, 130429, or HTTP 429.
    /// - [`Transient`](ErrorClass::Transient): `is_transient: true`, codes 1
    ///   and 2, HTTP 500, 502, 503 and 504, and transport failures (connect
    ///   errors, timeouts, a connection dropped mid-response), as well as
    ///   any other code the spec classes as transient; a batch item Graph
    ///   did not process ([`BatchItemNotProcessed`](Self::BatchItemNotProcessed)).
    /// - [`Permanent`](ErrorClass::Permanent): everything else, such as
    ///   codes 100, 190 and 200, a malformed request or configuration, and
    ///   a passed deadline ([`Error::DeadlineExceeded`]: the call already
    ///   spent the time it was given on retries).
    pub fn class(&self) -> ErrorClass {
        let status_class = |status: u16| {
            if status == THROTTLING_STATUS {
                ErrorClass::Throttling
            } else if TRANSIENT_STATUSES.contains(&status) {
                ErrorClass::Transient
            } else {
                ErrorClass::Permanent
            }
        };
        match self {
            Self::Graph(graph) => graph.class(),
            Self::Transport { source, .. } => {
                // A request that could not be built or a redirect loop fails
                // the same way every time.
                if source.is_builder() || source.is_redirect() {
                    ErrorClass::Permanent
                } else {
                    ErrorClass::Transient
                }
            }
            Self::Decode { status, .. } => status_class(*status),
            Self::BatchItemNotProcessed => ErrorClass::Transient,
            Self::BatchRequestFailed(request) => request.class(),
            Self::Unsuccessful { .. }
            | Self::BodyTooLarge { .. }
            | Self::DeadlineExceeded { .. }
            | Self::InvalidRequest(_)
            | Self::Config(_)
            | Self::UploadTooLarge { .. }
            | Self::DownloadTooLarge { .. }
            | Self::File(_) => ErrorClass::Permanent,
        }
    }

    /// Whether a rate limit was hit (see [`class`](Self::class)).
    pub fn is_throttling(&self) -> bool {
        self.class() == ErrorClass::Throttling
    }

    /// Whether this is a server-side or network failure that may pass (see
    /// [`class`](Self::class)).
    pub fn is_transient(&self) -> bool {
        self.class() == ErrorClass::Transient
    }

    /// Whether trying the same request again may succeed: throttling or
    /// transient.
    pub fn is_retryable(&self) -> bool {
        self.class() != ErrorClass::Permanent
    }

    /// Attaches what the response head said: rate-limit usage, and the
    /// `x-fb-trace-id` header as the Graph error's `fbtrace_id` when the body
    /// had none.
    pub(crate) fn with_response(
        mut self,
        status: u16,
        usage: &RateLimitUsage,
        trace_id: Option<&str>,
    ) -> Self {
        let boxed = (!usage.is_empty()).then(|| Box::new(usage.clone()));
        match &mut self {
            Self::Graph(graph) => {
                graph.usage = boxed.map(|usage| *usage);
                if graph.fbtrace_id.is_none() {
                    graph.fbtrace_id = trace_id.map(str::to_owned);
                }
            }
            Self::Transport {
                status: slot,
                usage: usage_slot,
                ..
            } => {
                *slot = Some(status);
                *usage_slot = boxed;
            }
            Self::Decode { usage: slot, .. }
            | Self::Unsuccessful { usage: slot, .. }
            | Self::BodyTooLarge { usage: slot, .. } => *slot = boxed,
            Self::DeadlineExceeded { .. }
            | Self::InvalidRequest(_)
            | Self::Config(_)
            | Self::BatchItemNotProcessed
            | Self::BatchRequestFailed(_)
            | Self::UploadTooLarge { .. }
            | Self::DownloadTooLarge { .. }
            | Self::File(_) => {}
        }
        self
    }

    /// Records what the call went through, as the retry loop returns the
    /// error. An error raised before sending has no call to report, and a
    /// deadline error counted its own.
    pub(crate) fn with_call(mut self, stats: CallStats) -> Self {
        match &mut self {
            Self::Graph(graph) => graph.call = Some(stats),
            Self::Transport { call, .. }
            | Self::Decode { call, .. }
            | Self::Unsuccessful { call, .. }
            | Self::BodyTooLarge { call, .. } => *call = Some(Box::new(stats)),
            Self::DeadlineExceeded { .. }
            | Self::InvalidRequest(_)
            | Self::Config(_)
            | Self::BatchItemNotProcessed
            | Self::BatchRequestFailed(_)
            | Self::UploadTooLarge { .. }
            | Self::DownloadTooLarge { .. }
            | Self::File(_) => {}
        }
        self
    }

    /// Replaces every occurrence of a secret in the text this error carries
    /// from the server, should a proxy or server echo the request back.
    pub(crate) fn redact(mut self, secrets: &[String]) -> Self {
        self.redact_in_place(secrets);
        self
    }

    /// [`redact`](Self::redact) on a borrowed error, so that a boxed source
    /// can be scrubbed where it lies.
    fn redact_in_place(&mut self, secrets: &[String]) {
        let scrub = |text: &mut String| {
            for secret in secrets.iter().filter(|secret| !secret.is_empty()) {
                if text.contains(secret.as_str()) {
                    *text = text.replace(secret.as_str(), REDACTED);
                }
            }
        };
        match self {
            Self::Graph(graph) => {
                scrub(&mut graph.message);
                for text in [
                    &mut graph.error_type,
                    &mut graph.error_user_title,
                    &mut graph.error_user_msg,
                    &mut graph.fbtrace_id,
                ]
                .into_iter()
                .flatten()
                {
                    scrub(text);
                }
                if let Some(data) = &mut graph.error_data {
                    let mut text = data.to_string();
                    let before = text.len();
                    scrub(&mut text);
                    if text.len() != before {
                        *data = serde_json::from_str(&text)
                            .unwrap_or_else(|_| serde_json::Value::String(REDACTED.to_owned()));
                    }
                }
            }
            Self::Decode {
                message,
                body_excerpt,
                ..
            } => {
                scrub(message);
                scrub(body_excerpt);
            }
            Self::Unsuccessful { body_excerpt, .. } | Self::BodyTooLarge { body_excerpt, .. } => {
                scrub(body_excerpt)
            }
            Self::DeadlineExceeded {
                source: Some(source),
                ..
            } => source.redact_in_place(secrets),
            // A batch request's error was scrubbed when it was made.
            Self::Transport { .. }
            | Self::DeadlineExceeded { source: None, .. }
            | Self::InvalidRequest(_)
            | Self::Config(_)
            | Self::BatchItemNotProcessed
            | Self::BatchRequestFailed(_)
            | Self::UploadTooLarge { .. }
            | Self::DownloadTooLarge { .. }
            | Self::File(_) => {}
        }
    }
}

/// What a redacted secret reads as.
const REDACTED: &str = "***";

impl From<GraphError> for Error {
    fn from(graph: GraphError) -> Self {
        Self::Graph(Box::new(graph))
    }
}

/// An error object returned by Graph: `{"error": {"code": 190, ...}}`.
///
/// Handle errors on [`code`](Self::code) and [`subcode`](Self::subcode),
/// never on the message text, which Meta may reword or localize.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct GraphError {
    /// The HTTP status of the response (usually 400; also 401, 403, 500, 503).
    pub status: u16,
    /// The error code (`code`).
    pub code: ErrorCode,
    /// The error subcode (`error_subcode`), e.g. 463 for an expired token.
    pub subcode: Option<i64>,
    /// The developer-facing message (`message`).
    pub message: String,
    /// The error type (`type`), e.g. `OAuthException`.
    pub error_type: Option<String>,
    /// A title fit to show to end users (`error_user_title`).
    pub error_user_title: Option<String>,
    /// A message fit to show to end users (`error_user_msg`).
    pub error_user_msg: Option<String>,
    /// The trace ID Meta support asks for (`fbtrace_id`).
    pub fbtrace_id: Option<String>,
    /// Whether Graph says retrying may succeed (`is_transient`).
    pub is_transient: Option<bool>,
    /// Extra details (`error_data`), kept as sent.
    pub error_data: Option<serde_json::Value>,
    /// Rate-limit usage from the response headers, when Graph sent them.
    pub usage: Option<RateLimitUsage>,
    /// The call's attempts and duration, once the call returned this error
    /// (see [`Error::attempts`]).
    pub call: Option<CallStats>,
}

impl GraphError {
    /// Reads Graph's error object leniently: a field of an unexpected type is
    /// dropped rather than failing the whole error. `None` when there is no
    /// usable `code`, without which the error cannot be classified.
    pub(crate) fn from_json(status: u16, error: &serde_json::Value) -> Option<Self> {
        let text = |key: &str| error.get(key).and_then(|v| v.as_str()).map(str::to_owned);
        // Graph sends numbers, but tolerate numeric strings.
        let number = |key: &str| {
            let value = error.get(key)?;
            value
                .as_i64()
                .or_else(|| value.as_str()?.trim().parse().ok())
        };
        Some(Self {
            status,
            code: ErrorCode::from_code(number("code")?),
            subcode: number("error_subcode"),
            message: text("message").unwrap_or_default(),
            error_type: text("type"),
            error_user_title: text("error_user_title"),
            error_user_msg: text("error_user_msg"),
            fbtrace_id: text("fbtrace_id"),
            is_transient: error.get("is_transient").and_then(|v| v.as_bool()),
            error_data: error.get("error_data").filter(|v| !v.is_null()).cloned(),
            usage: None,
            call: None,
        })
    }

    /// See [`Error::class`].
    pub fn class(&self) -> ErrorClass {
        let code = self.code.code();
        if THROTTLING_CODES.contains(&code) || self.status == THROTTLING_STATUS {
            ErrorClass::Throttling
        } else if self.is_transient == Some(true)
            || TRANSIENT_CODES.contains(&code)
            || TRANSIENT_STATUSES.contains(&self.status)
        {
            ErrorClass::Transient
        } else {
            self.code.class()
        }
    }
}

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Graph API error {}", self.code)?;
        if let Some(subcode) = self.subcode {
            write!(f, " (subcode {subcode})")?;
        }
        if let Some(error_type) = &self.error_type {
            write!(f, " [{error_type}]")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(trace) = &self.fbtrace_id {
            write!(f, " (fbtrace_id {trace})")?;
        }
        Ok(())
    }
}

impl std::error::Error for GraphError {}

/// How to react to an error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorClass {
    /// Retrying the same request will fail again: fix the request, the
    /// token or the permissions first.
    Permanent,
    /// A server-side failure; retrying later may succeed.
    Transient,
    /// A rate limit was hit; wait before retrying.
    Throttling,
}

/// The start of a response body for error messages: at most
/// [`EXCERPT_BYTES`] bytes, lossy UTF-8, never splitting a character, with
/// `…` when cut.
pub(crate) fn body_excerpt(body: &[u8]) -> String {
    let Some(&first_cut) = body.get(EXCERPT_BYTES) else {
        return String::from_utf8_lossy(body).into_owned();
    };
    // Back up over UTF-8 continuation bytes (at most three) so the cut lands
    // on the start of a character.
    let mut end = EXCERPT_BYTES;
    let mut byte = first_cut;
    while is_continuation(byte) && end > EXCERPT_BYTES.saturating_sub(3) {
        end -= 1;
        byte = body.get(end).copied().unwrap_or(0);
    }
    let head = body.get(..end).unwrap_or(body);
    let mut excerpt = String::from_utf8_lossy(head).into_owned();
    excerpt.push('…');
    excerpt
}

fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

/// How much of a body [`body_excerpt`] keeps.
pub(crate) const EXCERPT_BYTES: usize = 512;

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn graph_error_decodes_every_field() {
        let body = json!({
            "message": "Error validating access token: Session has expired.",
            "type": "OAuthException",
            "code": 190,
            "error_subcode": 463,
            "error_user_title": "Session expired",
            "error_user_msg": "Please log in again.",
            "is_transient": false,
            "error_data": {"messaging_product": "whatsapp", "details": "expired"},
            "fbtrace_id": "AbCdEf123"
        });
        let error = GraphError::from_json(401, &body).unwrap();
        assert_eq!(
            error,
            GraphError {
                status: 401,
                code: ErrorCode::from_code(190),
                subcode: Some(463),
                message: "Error validating access token: Session has expired.".into(),
                error_type: Some("OAuthException".into()),
                error_user_title: Some("Session expired".into()),
                error_user_msg: Some("Please log in again.".into()),
                fbtrace_id: Some("AbCdEf123".into()),
                is_transient: Some(false),
                error_data: Some(json!({"messaging_product": "whatsapp", "details": "expired"})),
                usage: None,
                call: None,
            }
        );
        assert_eq!(
            error.to_string(),
            "Graph API error 190 (subcode 463) [OAuthException]: \
             Error validating access token: Session has expired. (fbtrace_id AbCdEf123)"
        );
        let error = Error::from(error);
        assert_eq!(error.status(), Some(401));
        assert_eq!(error.code(), Some(ErrorCode::from_code(190)));
        assert!(error.to_string().starts_with("Graph API error 190"));
    }

    #[test]
    fn graph_error_is_lenient_and_needs_only_a_code() {
        let minimal = GraphError::from_json(400, &json!({"code": 100})).unwrap();
        assert_eq!(minimal.code.code(), 100);
        assert_eq!(minimal.message, "");
        assert_eq!(minimal.to_string(), "Graph API error 100: ");

        let odd =
            json!({"code": "80008", "error_subcode": "2494", "is_transient": "yes", "message": 5});
        let odd = GraphError::from_json(400, &odd).unwrap();
        assert_eq!(odd.code.code(), 80008);
        assert_eq!(odd.subcode, Some(2494));
        assert_eq!(odd.is_transient, None);
        assert_eq!(odd.message, "");

        assert_eq!(
            GraphError::from_json(400, &json!({"message": "no code"})),
            None
        );
        assert_eq!(GraphError::from_json(400, &json!({"code": "abc"})), None);
    }

    #[test]
    fn excerpt_keeps_short_bodies_whole() {
        assert_eq!(
            body_excerpt(b"<html>Bad Gateway</html>"),
            "<html>Bad Gateway</html>"
        );
        assert_eq!(body_excerpt(b""), "");
        assert_eq!(
            body_excerpt(&[b'a'; EXCERPT_BYTES]),
            "a".repeat(EXCERPT_BYTES)
        );
        assert_eq!(body_excerpt(b"bad \xff byte"), "bad \u{fffd} byte");
    }

    #[test]
    fn excerpt_cuts_long_bodies_on_a_char_boundary() {
        let ascii = "x".repeat(2000);
        let cut = body_excerpt(ascii.as_bytes());
        assert_eq!(cut, format!("{}…", "x".repeat(EXCERPT_BYTES)));

        // "é" is two bytes: with one leading byte, byte 512 is the middle of one.
        let accented = format!("a{}", "é".repeat(600));
        let cut = body_excerpt(accented.as_bytes());
        assert!(!cut.contains('\u{fffd}'), "{cut}");
        assert!(cut.ends_with("é…"));
        assert_eq!(cut.len(), 511 + '…'.len_utf8());

        // Four-byte characters, cut at every offset.
        for lead in 0..4 {
            let text = format!("{}{}", "a".repeat(lead), "🦀".repeat(200));
            let cut = body_excerpt(text.as_bytes());
            assert!(!cut.contains('\u{fffd}'), "{lead}: {cut}");
            assert!(cut.len() <= EXCERPT_BYTES + '…'.len_utf8());
        }

        // Garbage continuation bytes never loop or panic.
        let garbage = vec![0x80u8; 1000];
        let cut = body_excerpt(&garbage);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn display_omits_absent_parts() {
        let error =
            GraphError::from_json(500, &json!({"code": 2, "message": "Service unavailable"}))
                .unwrap();
        assert_eq!(error.to_string(), "Graph API error 2: Service unavailable");
        let error = GraphError::from_json(
            400,
            &json!({"code": 100, "message": "Invalid parameter", "fbtrace_id": "T"}),
        )
        .unwrap();
        assert_eq!(
            error.to_string(),
            "Graph API error 100: Invalid parameter (fbtrace_id T)"
        );
    }

    #[test]
    fn decode_and_config_errors_have_a_status_only_when_there_was_a_response() {
        let decode = Error::Decode {
            status: 502,
            message: "m".into(),
            body_excerpt: "b".into(),
            usage: None,
            call: None,
        };
        assert_eq!(decode.status(), Some(502));
        assert_eq!(decode.code(), None);
        assert!(decode.graph().is_none());
        assert_eq!(
            decode.to_string(),
            "could not decode the response (HTTP 502): m"
        );
        let config = Error::Config("no access token".into());
        assert_eq!(config.status(), None);
        assert!(!config.is_timeout() && !config.is_connect());
    }

    #[test]
    fn every_failure_is_classified() {
        let class = |status: u16, error: serde_json::Value| {
            Error::from(GraphError::from_json(status, &error).unwrap()).class()
        };
        for code in THROTTLING_CODES {
            assert_eq!(
                class(400, json!({"code": code})),
                ErrorClass::Throttling,
                "{code}"
            );
        }
        assert_eq!(class(429, json!({"code": 100})), ErrorClass::Throttling);
        for code in TRANSIENT_CODES {
            assert_eq!(
                class(400, json!({"code": code})),
                ErrorClass::Transient,
                "{code}"
            );
        }
        let transient = json!({"code": 100, "is_transient": true});
        assert_eq!(class(400, transient), ErrorClass::Transient);
        assert_eq!(class(503, json!({"code": 100})), ErrorClass::Transient);
        for code in [100, 190, 200, 368, 999_999] {
            assert_eq!(
                class(400, json!({"code": code})),
                ErrorClass::Permanent,
                "{code}"
            );
        }
        let decode = |status| Error::Decode {
            status,
            message: String::new(),
            body_excerpt: String::new(),
            usage: None,
            call: None,
        };
        assert!(decode(429).is_throttling());
        assert!(decode(502).is_transient() && decode(502).is_retryable());
        assert!(!decode(200).is_retryable() && !decode(404).is_retryable());
        assert!(!Error::Config(String::new()).is_retryable());
    }

    #[test]
    fn redaction_scrubs_every_server_text() {
        let graph = GraphError::from_json(
            400,
            &json!({"code": 190, "message": "bad TOKEN", "error_user_msg": "TOKEN",
                    "error_data": {"echo": "TOKEN"}}),
        )
        .unwrap();
        let error = Error::from(graph).redact(&["TOKEN".to_owned()]);
        let text = format!("{error} {error:?}");
        assert!(!text.contains("TOKEN") && text.contains("***"), "{text}");
        let decode = Error::Decode {
            status: 502,
            message: "TOKEN".into(),
            body_excerpt: "<p>TOKEN</p>".into(),
            usage: None,
            call: None,
        }
        .redact(&["TOKEN".to_owned(), String::new()]);
        assert!(!format!("{decode:?}").contains("TOKEN"));

        let echoed = Error::Decode {
            status: 502,
            message: "m".into(),
            body_excerpt: "<p>TOKEN</p>".into(),
            usage: None,
            call: None,
        };
        let deadline = Error::DeadlineExceeded {
            deadline: Duration::from_secs(1),
            attempts: 2,
            elapsed: Duration::from_secs(1),
            source: Some(Box::new(echoed)),
        }
        .redact(&["TOKEN".to_owned()]);
        let text = format!("{deadline} {deadline:?}");
        assert!(!text.contains("TOKEN") && text.contains("***"), "{text}");
    }

    fn unavailable() -> Error {
        Error::Decode {
            status: 503,
            message: "unexpected HTTP status 503 Service Unavailable".into(),
            body_excerpt: String::new(),
            usage: None,
            call: None,
        }
    }

    #[test]
    fn the_message_counts_attempts_only_when_there_were_several() {
        let once = unavailable().with_call(CallStats::new(1, Duration::from_millis(40)));
        assert_eq!(once.attempts(), Some(1));
        assert_eq!(once.elapsed(), Some(Duration::from_millis(40)));
        assert_eq!(
            once.to_string(),
            "could not decode the response (HTTP 503): unexpected HTTP status 503 Service Unavailable"
        );
        let thrice = unavailable().with_call(CallStats::new(3, Duration::from_millis(1200)));
        assert_eq!(thrice.attempts(), Some(3));
        assert_eq!(
            thrice.to_string(),
            "could not decode the response (HTTP 503): unexpected HTTP status 503 \
             Service Unavailable (after 3 attempts in 1.20 s)"
        );
        // Graph errors keep the stats in the boxed `GraphError`.
        let graph = GraphError::from_json(400, &json!({"code": 4, "message": "limit"})).unwrap();
        let graph = Error::from(graph).with_call(CallStats::new(2, Duration::from_millis(5)));
        assert_eq!(
            graph.graph().and_then(|g| g.call).map(|c| c.attempts),
            Some(2)
        );
        assert_eq!(
            graph.to_string(),
            "Graph API error 4: limit (after 2 attempts in 0.01 s)"
        );
        // Errors raised before sending have no call to report.
        let invalid =
            Error::InvalidRequest("x".into()).with_call(CallStats::new(1, Duration::ZERO));
        assert_eq!((invalid.attempts(), invalid.elapsed()), (None, None));
        assert_eq!(unavailable().attempts(), None);
    }

    #[test]
    fn a_deadline_error_is_a_final_timeout_pointing_at_the_last_error() {
        let error = Error::DeadlineExceeded {
            deadline: Duration::from_millis(300),
            attempts: 1,
            elapsed: Duration::from_millis(301),
            source: None,
        };
        assert!(error.is_timeout() && error.is_deadline_exceeded());
        assert_eq!(error.class(), ErrorClass::Permanent);
        assert!(!error.is_retryable());
        assert_eq!(
            (error.status(), error.usage(), error.code()),
            (None, None, None)
        );
        assert_eq!(error.attempts(), Some(1));
        assert_eq!(error.elapsed(), Some(Duration::from_millis(301)));
        assert_eq!(
            error.to_string(),
            "the call's deadline of 300ms passed (after 1 attempt in 0.30 s)"
        );
        assert!(std::error::Error::source(&error).is_none());

        let error = Error::DeadlineExceeded {
            deadline: Duration::from_millis(500),
            attempts: 2,
            elapsed: Duration::from_millis(500),
            source: Some(Box::new(unavailable())),
        };
        assert_eq!(
            error.to_string(),
            "the call's deadline of 500ms passed (after 2 attempts in 0.50 s)"
        );
        let source = std::error::Error::source(&error).expect("the last attempt's error");
        let last = source.downcast_ref::<Error>().expect("a waba error");
        assert_eq!(last.status(), Some(503));
        // The deadline counted its own attempts; `with_call` leaves them.
        let error = error.with_call(CallStats::new(9, Duration::ZERO));
        assert_eq!(error.attempts(), Some(2));
        // Other errors are not deadline errors.
        assert!(!unavailable().is_deadline_exceeded() && !unavailable().is_timeout());
    }
}
