//! The hand-written runtime behind the generated API: client and
//! credentials, request encoding and sending, retries and deadlines,
//! response and error decoding, rate-limit usage, paging and filters.
//!
//! Private: users see the items re-exported at the crate root; generated code
//! reaches the rest as `crate::runtime::...`.

mod auth;
mod body;
mod call;
mod client;
mod deadline;
mod error;
mod filter;
mod json_body;
mod list;
mod operation;
mod paging;
mod request;
mod response;
mod retry;
mod union;
mod unknown;
mod usage;
mod wire;

pub use auth::{AccessToken, AppSecret};
pub use call::Call;
pub use client::{Client, ClientBuilder};
pub use error::{CallStats, Error, ErrorClass, GraphError, Result};
pub use filter::{Filter, FilterOperator, FilterValue};
pub use list::List;
pub use operation::{ListOperation, NoFields, Operation, SummaryFields, WriteOperation};
pub use paging::{Cursors, NoSummary, Page, Paging};
pub use request::{HttpMethod, Request};
pub use response::Response;
pub use retry::{FailedAttempt, RetryDecision, RetryPolicy, RetryStrategy};
pub use union::{UnionLayout, UnknownVariant, serialize_union, split_union, union_payload};
// Used by generated unions only, which a build without their area leaves out.
#[allow(unused_imports)]
pub(crate) use union::impl_union;
pub use unknown::{UnknownCode, UnknownValue};
pub use usage::{AppUsage, BusinessUseCaseUsage, RateLimitUsage};
pub use wire::{StringEnum, WireValue, deserialize_id, deserialize_string_enum};
pub(crate) use wire::{impl_id, impl_json_param, impl_string_enum};
