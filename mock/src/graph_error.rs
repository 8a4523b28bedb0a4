//! Graph's error answers: `{"error": {"message", "type", "code",
//! "error_subcode", "is_transient", "fbtrace_id"}}` with Graph's status.

use serde_json::{Value, json};

/// An error the mock answers with, in Graph's shape.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphError {
    pub status: u16,
    pub code: i64,
    pub subcode: Option<i64>,
    pub kind: &'static str,
    pub message: String,
    pub is_transient: bool,
}

impl GraphError {
    fn new(status: u16, code: i64, kind: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            subcode: None,
            kind,
            message: message.into(),
            is_transient: false,
        }
    }

    /// The same error with another `type` (`GraphBatchException`).
    pub fn with_kind(mut self, kind: &'static str) -> Self {
        self.kind = kind;
        self
    }

    fn subcode(mut self, subcode: i64) -> Self {
        self.subcode = Some(subcode);
        self
    }

    /// An ID nothing is stored under, or that does not take this call:
    /// Graph's "does not exist, cannot be loaded due to missing permissions,
    /// or does not support this operation".
    pub fn unknown_object(id: &str) -> Self {
        Self::new(
            400,
            100,
            "GraphMethodException",
            format!(
                "Unsupported request - method type: get. Object with ID '{id}' does not exist, \
                 cannot be loaded due to missing permissions, or does not support this operation."
            ),
        )
        .subcode(33)
    }

    /// The same, for a method other than GET.
    pub fn unsupported(method: &str, id: &str) -> Self {
        let mut error = Self::unknown_object(id);
        error.message = error.message.replace(
            "method type: get",
            &format!("method type: {}", method.to_lowercase()),
        );
        error
    }

    /// A path Graph has no such edge for.
    pub fn unknown_path(path: &str) -> Self {
        Self::new(
            400,
            2500,
            "OAuthException",
            format!("Unknown path components: {path}"),
        )
    }

    /// No access token at all.
    pub fn missing_token() -> Self {
        Self::new(
            400,
            190,
            "OAuthException",
            "An access token is required to request this resource.",
        )
    }

    /// A token the mock does not know.
    pub fn invalid_token() -> Self {
        Self::new(
            400,
            190,
            "OAuthException",
            "Invalid OAuth access token - Cannot parse access token",
        )
    }

    /// A token that expired (subcode 463).
    pub fn expired_token() -> Self {
        Self::new(
            400,
            190,
            "OAuthException",
            "Error validating access token: Session has expired.",
        )
        .subcode(463)
    }

    /// `appsecret_proof` missing or wrong while the mock has an app secret.
    pub fn bad_proof() -> Self {
        Self::new(
            400,
            100,
            "GraphMethodException",
            "Invalid appsecret_proof provided in the API argument",
        )
    }

    /// A bad parameter: code 100, the message naming it.
    pub fn param(message: impl Into<String>) -> Self {
        Self::new(
            400,
            100,
            "OAuthException",
            format!("(#100) {}", message.into()),
        )
    }

    /// A malformed `fields=` selection or other query syntax.
    pub fn query_syntax(message: impl Into<String>) -> Self {
        Self::new(400, 2500, "OAuthException", message.into())
    }

    /// A throttling answer with `code` (80008, 130429, 4, ...).
    pub fn throttled(code: i64) -> Self {
        let message = match code {
            80008 => {
                "(#80008) There have been too many calls to this WhatsApp Business account. \
                      Wait a bit and try again."
            }
            130429 => "(#130429) Rate limit hit: Cloud API message throughput has been reached.",
            4 => "(#4) Application request limit reached",
            17 => "(#17) User request limit reached",
            _ => "Calls to this API have exceeded the rate limit.",
        };
        let mut error = Self::new(400, code, "OAuthException", message);
        error.is_transient = true;
        error
    }

    /// A server-side failure Graph marks transient (code 2).
    pub fn transient(status: u16) -> Self {
        let mut error = Self::new(
            status,
            2,
            "OAuthException",
            "An unexpected error has occurred. Please retry your request later.",
        );
        error.is_transient = true;
        error
    }

    /// Any other error, as a fault to inject.
    pub fn custom(status: u16, code: i64, subcode: Option<i64>, message: &str) -> Self {
        let mut error = Self::new(status, code, "OAuthException", message);
        error.subcode = subcode;
        error
    }

    /// The JSON body, with a fresh `fbtrace_id`.
    pub fn body(&self) -> Value {
        let mut error = json!({
            "message": self.message,
            "type": self.kind,
            "code": self.code,
            "is_transient": self.is_transient,
            "fbtrace_id": trace_id(),
        });
        if let Some(subcode) = self.subcode {
            error["error_subcode"] = json!(subcode);
        }
        json!({ "error": error })
    }
}

/// A random trace ID, like Graph's `AbCdEf123...`.
pub fn trace_id() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    (0..23)
        .map(|_| ALPHABET[fastrand::usize(..ALPHABET.len())] as char)
        .collect()
}
