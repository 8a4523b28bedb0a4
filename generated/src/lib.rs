//! A typed client for Meta's Graph API, covering WhatsApp Business
//! Management: WhatsApp Business Accounts, their phone numbers, message
//! templates, assigned users and related edges.
//!
//! Build a [`Client`] once and share it (clones are cheap). Every call
//! returns [`Result`]; a Graph error keeps its [`ErrorCode`], subcode and
//! `fbtrace_id` in a [`GraphError`]. List edges return a [`Page`], or
//! stream every item across pages.
//!
//! ```no_run
//! use std::time::Duration;
//!
//! use waba::{Client, Error, ErrorClass};
//!
//! # fn main() -> waba::Result<()> {
//! let client = Client::builder()
//!     .access_token("EAAG...") // sent as `Authorization: Bearer ...`
//!     .app_secret("app-secret") // adds `appsecret_proof`
//!     .api_version("v23.0")
//!     .timeout(Duration::from_secs(30))
//!     .build()?;
//! assert_eq!(client.api_version(), "v23.0");
//!
//! // React to failures by code and class, never by message text.
//! fn should_retry(error: &Error) -> bool {
//!     match error.code() {
//!         Some(code) => matches!(code.class(), ErrorClass::Transient | ErrorClass::Throttling),
//!         None => error.is_timeout() || error.is_connect(),
//!     }
//! }
//! # let _ = should_retry;
//! # Ok(())
//! # }
//! ```
//!
//! The access token travels in the `Authorization` header, never in a URL;
//! credentials never appear in `Debug` output or error messages.

#![forbid(unsafe_code)]

mod runtime;

// Formatted by the generator (prettyplease); rustfmt would fight it.
#[rustfmt::skip]
pub mod api;

pub use api::*;
pub use runtime::{
    AccessToken, AppSecret, AppUsage, BusinessUseCaseUsage, Client, ClientBuilder, Cursors, Error,
    ErrorClass, Filter, FilterOperator, FilterValue, GraphError, NoSummary, Page, Paging,
    RateLimitUsage, Response, Result, RetryPolicy,
};
