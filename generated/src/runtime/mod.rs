//! The hand-written runtime behind the generated API: client and
//! credentials, request encoding and sending, retries and deadlines,
//! response and error decoding, rate-limit usage, paging, filters and batch
//! requests.
//!
//! Private: users see the items re-exported at the crate root; generated code
//! reaches the rest as `crate::runtime::...`.

mod auth;
mod batch;
mod body;
mod call;
mod client;
mod data;
mod deadline;
mod download;
mod error;
mod expand;
mod filter;
mod json_body;
mod list;
mod operation;
mod paging;
mod path;
mod payload;
mod read_back;
mod receive;
mod request;
mod response;
mod retry;
mod timestamp;
mod union;
mod union_source;
mod unknown;
mod upload;
mod usage;
mod wire;

pub use auth::{AccessToken, AppSecret};
pub use batch::{Batch, BatchRequest, BatchResults, BatchSlot};
pub use call::Call;
pub use client::{Client, ClientBuilder};
pub use download::{Download, DownloadCall, DownloadOperation};
pub use error::{CallStats, Error, ErrorClass, GraphError, Result};
pub use expand::Expansion;
pub use filter::{Filter, FilterOperator, FilterValue};
pub use list::List;
pub use operation::{ListOperation, NoFields, Operation, SummaryFields, WriteOperation};
pub use paging::{Cursors, NoSummary, Page, Paging};
pub(crate) use path::join_segments;
pub use payload::BodyEncoding;
pub use read_back::{ReadAfterWrite, ReadBack};
pub use request::{HttpMethod, Request};
pub use response::Response;
pub use retry::{FailedAttempt, RetryDecision, RetryPolicy, RetryStrategy};
pub use timestamp::Timestamp;
pub use union::{UnionLayout, UnknownVariant, serialize_union};
pub use union_source::UnionSource;
// Used by generated unions only, which a build without their area leaves out.
#[allow(unused_imports)]
pub(crate) use union::impl_union;
pub use unknown::{UnknownCode, UnknownValue};
pub use upload::Upload;
pub use usage::{AppUsage, BusinessUseCaseUsage, RateLimitUsage};
pub use wire::{StringEnum, WireValue, deserialize_id, deserialize_string_enum};
pub(crate) use wire::{impl_id, impl_json_param, impl_string_enum};
