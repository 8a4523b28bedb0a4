//! A typed client for Meta's Graph API, covering WhatsApp Business
//! Management: WhatsApp Business Accounts, their phone numbers, message
//! templates, assigned users and related edges.
//!
//! Build a [`Client`] once and share it (clones are cheap). Every call
//! returns [`Result`]; a Graph error keeps its [`ErrorCode`], subcode and
//! `fbtrace_id` in a [`GraphError`]. List edges return a [`Page`], or
//! stream every item across pages. [`Client::batch`] sends many calls in
//! one Graph batch request and decodes each item into its own typed result
//! ([`Batch`]).
//!
//! Throttling and transient failures are retried by the client under its
//! [`RetryPolicy`], or any [`RetryStrategy`] of your own (GET and DELETE; a
//! POST only when it opts in), within an optional overall deadline
//! ([`ClientBuilder::deadline`]). Errors say how many attempts the call made
//! and how long it took ([`Error::attempts`], [`Error::elapsed`]).
//! `send_full()` also returns the response's [`RateLimitUsage`], parsed from
//! `X-Business-Use-Case-Usage` and `X-App-Usage`.
//!
//! ```no_run
//! use std::time::Duration;
//!
//! use waba::{Client, Error, RetryPolicy};
//!
//! # fn main() -> waba::Result<()> {
//! let client = Client::builder()
//!     .access_token("EAAG...") // sent as `Authorization: Bearer ...`
//!     .app_secret("app-secret") // adds `appsecret_proof`
//!     .api_version("v23.0")
//!     .timeout(Duration::from_secs(30)) // per attempt
//!     .retry(RetryPolicy::default().max_attempts(5))
//!     .deadline(Duration::from_secs(120)) // per call, retries included
//!     .build()?;
//! assert_eq!(client.api_version(), "v23.0");
//!
//! // React to failures by code and class, never by message text.
//! fn report(error: &Error) {
//!     if error.is_deadline_exceeded() {
//!         eprintln!("no answer in time after {:?} attempts", error.attempts());
//!     } else if error.is_throttling() {
//!         let wait = error.usage().and_then(|usage| usage.regain_access_after());
//!         eprintln!("still throttled after retries; Graph says wait {wait:?}");
//!     } else if !error.is_retryable() {
//!         eprintln!("fix the request: {error}");
//!     }
//! }
//! # let _ = report;
//! # Ok(())
//! # }
//! ```
//!
//! The access token travels in the `Authorization` header, never in a URL
//! unless [`ClientBuilder::access_token_in_query`] says so; credentials never
//! appear in `Debug` output, error messages or logs.

#![forbid(unsafe_code)]
// With only some areas enabled, runtime helpers and shared modules used only
// by the disabled operations go unused; that is expected there. Full builds
// (the default, and CI's lints) still report dead code.
#![cfg_attr(not(feature = "full"), allow(dead_code, unused_imports, unused_macros))]

// Hand-written over the generated media operations, so it builds with them.
#[cfg(feature = "media")]
mod resumable;
mod runtime;
// Hand-written over the generated webhook types, so it builds with them.
#[cfg(feature = "webhooks")]
pub mod webhooks;

// Formatted by the generator (prettyplease); rustfmt would fight it.
#[rustfmt::skip]
pub mod api;

pub use api::*;
pub use runtime::{
    AccessToken, AppSecret, AppUsage, Batch, BatchRequest, BatchResults, BatchSlot,
    BusinessUseCaseUsage, Call, CallStats, Client, ClientBuilder, Cursors, Download, DownloadCall,
    DownloadOperation, Error, ErrorClass, Expansion, FailedAttempt, Filter, FilterOperator,
    FilterValue, GraphError, List, ListOperation, NoFields, NoSummary, Operation, Page, Paging,
    RateLimitUsage, ReadAfterWrite, ReadBack, Response, Result, RetryDecision, RetryPolicy,
    RetryStrategy, SummaryFields, Timestamp, UnknownCode, UnknownValue, UnknownVariant, Upload,
    WriteOperation,
};

/// The chunks a [`Download`] yields and an [`Upload`] can be made from.
pub use bytes::Bytes;
