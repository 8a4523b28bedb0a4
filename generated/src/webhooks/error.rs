//! Why a webhook request was refused. None of these carries the app secret
//! or the verify token; a decode error names where the JSON broke.

use std::fmt;

/// A refused webhook request, with the HTTP status to answer it with.
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookError {
    /// The body is larger than the receiver's cap (`413`); nothing was read
    /// past the cap.
    BodyTooLarge {
        /// The bytes seen, or announced by `Content-Length`, when it stopped.
        size: u64,
        /// The cap.
        limit: u64,
    },
    /// `X-Hub-Signature-256` is missing, malformed or wrong (`401`); the
    /// body was not decoded.
    Signature(SignatureError),
    /// A subscription handshake that is not one, or has the wrong token (`403`).
    Handshake(HandshakeError),
    /// The signature holds but the body is not a delivery (`400`).
    Decode(DecodeError),
}

/// What is wrong with `X-Hub-Signature-256`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureError {
    /// The request has no `X-Hub-Signature-256` header.
    Missing,
    /// The header is not `sha256=` and 64 hex digits (a `sha1=` signature
    /// is refused here too): what is wrong with it.
    Malformed(&'static str),
    /// The header is well-formed but is not the body's HMAC under the app
    /// secret: the body was altered, or signed with another secret.
    Mismatch,
}

/// Why a subscription handshake was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum HandshakeError {
    /// `hub.mode` is missing or not `subscribe`.
    NotSubscribe,
    /// `hub.verify_token` is missing or not the configured token.
    WrongToken,
    /// `hub.challenge` is missing or empty.
    MissingChallenge,
}

/// A body that is not a delivery: where the JSON broke and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// The JSON path of the value that failed, such as
    /// `entry[0].changes[1]`; `.` when the body itself is the problem.
    pub path: String,
    /// Line of the body where decoding stopped (1-based).
    pub line: usize,
    /// Column of that line (1-based).
    pub column: usize,
    /// What was wrong there.
    pub message: String,
}

impl WebhookError {
    /// The HTTP status to answer the request with.
    pub fn status(&self) -> u16 {
        match self {
            Self::BodyTooLarge { .. } => 413,
            Self::Signature(_) => 401,
            Self::Handshake(_) => 403,
            Self::Decode(_) => 400,
        }
    }
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BodyTooLarge { size, limit } => write!(
                f,
                "webhook body of {size} bytes or more is over the {limit}-byte cap"
            ),
            Self::Signature(error) => write!(f, "webhook refused: {error}"),
            Self::Handshake(error) => write!(f, "webhook handshake refused: {error}"),
            Self::Decode(error) => write!(f, "webhook body does not decode: {error}"),
        }
    }
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing => f.write_str("no X-Hub-Signature-256 header"),
            Self::Malformed(why) => write!(f, "malformed X-Hub-Signature-256: {why}"),
            Self::Mismatch => {
                f.write_str("X-Hub-Signature-256 does not match the body under the app secret")
            }
        }
    }
}

impl fmt::Display for HandshakeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NotSubscribe => "hub.mode is not `subscribe`",
            Self::WrongToken => "hub.verify_token is not the configured verify token",
            Self::MissingChallenge => "no hub.challenge to echo",
        })
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "at `{}` (line {}, column {}): {}",
            self.path, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for WebhookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Signature(error) => Some(error),
            Self::Handshake(error) => Some(error),
            Self::Decode(error) => Some(error),
            Self::BodyTooLarge { .. } => None,
        }
    }
}

impl std::error::Error for SignatureError {}
impl std::error::Error for HandshakeError {}
impl std::error::Error for DecodeError {}

impl From<SignatureError> for WebhookError {
    fn from(error: SignatureError) -> Self {
        Self::Signature(error)
    }
}

impl From<HandshakeError> for WebhookError {
    fn from(error: HandshakeError) -> Self {
        Self::Handshake(error)
    }
}
