//! Receiving webhooks: the typed notifications of the spec's `[[webhook]]`
//! (generated, in [`crate::api::webhooks`] and re-exported here) and what
//! it takes to accept them safely.
//!
//! A [`WebhookReceiver`] works on raw requests, with no web framework:
//!
//! - `GET`: [`WebhookReceiver::handshake`] answers the subscription
//!   handshake (`hub.mode=subscribe`, the verify token compared in constant
//!   time, `hub.challenge` echoed); anything else is refused.
//! - `POST`: [`WebhookReceiver::receive`] refuses a body over the cap, then
//!   checks `X-Hub-Signature-256` (HMAC-SHA256 of the raw body under the
//!   app secret, compared in constant time), and only then decodes the
//!   body into a [`Notification`]. A body that does not decode is an error
//!   naming the JSON path where it broke.
//!
//! Every refusal is a [`WebhookError`] with the HTTP status to answer
//! (`413`, `401`, `403`, `400`); none shows the app secret or the verify
//! token. With the `axum` feature, `router` is a ready axum router doing all
//! of this.
//!
//! Forward compatible: a field this version does not know decodes to
//! [`Change::Unknown`] with its raw JSON, a message type it does not know
//! to its union's `Unknown`, an enum value to that enum's `Unknown`, and
//! unknown keys are ignored; one unknown change never fails the others.
//!
//! ```
//! use waba::webhooks::{Change, WebhookReceiver, sign};
//!
//! let receiver = WebhookReceiver::new("app-secret", "verify-me");
//! let body = br#"{"object":"whatsapp_business_account","entry":[{"id":"102290129340398",
//!   "time":1767225600,"changes":[{"field":"phone_number_name_update",
//!   "value":{"display_phone_number":"15550100","decision":"APPROVED","requested_verified_name":"Lumen Bakery"}},
//!   {"field":"something_new","value":{"a":1}}]}]}"#;
//! let signature = sign(&"app-secret".into(), body);
//! let delivery = receiver.receive(Some(signature.as_bytes()), body)?;
//! for entry in &delivery.entry {
//!     for change in &entry.changes {
//!         match change {
//!             Change::PhoneNumberNameUpdate(update) => {
//!                 assert_eq!(update.requested_verified_name.as_deref(), Some("Lumen Bakery"));
//!             }
//!             Change::Unknown(unknown) => assert_eq!(unknown.tag(), "something_new"),
//!             other => println!("{:?}", other.field()),
//!         }
//!     }
//! }
//! # Ok::<(), waba::webhooks::WebhookError>(())
//! ```

#[cfg(feature = "axum")]
mod axum;
mod error;
mod handshake;
mod receiver;
mod signature;

pub use crate::api::webhooks::*;
#[cfg(feature = "axum")]
pub use axum::router;
pub use error::{DecodeError, HandshakeError, SignatureError, WebhookError};
pub use handshake::answer_handshake;
pub use receiver::{DEFAULT_MAX_BODY_BYTES, VerifyToken, WebhookReceiver};
pub use signature::{SIGNATURE_HEADER, sign, verify_signature};
