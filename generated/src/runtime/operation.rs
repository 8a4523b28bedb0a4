//! What a generated operation tells the generic request builders.
//!
//! Each operation in the spec becomes one uninhabited marker type that
//! implements [`Operation`] or [`ListOperation`]: the types it returns and
//! the options it takes, nothing else. [`Call`](super::Call) and
//! [`List`](super::List) hold everything that does not depend on the
//! operation (sending, decoding, retries, paging, `fields`, `.await`), so
//! that code is written once here instead of once per generated builder.

use serde::de::DeserializeOwned;

/// An operation answered by one JSON object (a node read, a write, a delete).
pub trait Operation: 'static {
    /// What the response decodes into.
    type Output: DeserializeOwned + Send + 'static;
    /// The field selector accepted by `fields(..)`, or [`NoFields`] when the
    /// operation takes no field selection.
    type Field;
}

/// An operation that reads a paged list edge.
pub trait ListOperation: 'static {
    /// One item of the list.
    type Item: DeserializeOwned + Send + 'static;
    /// What `summary` decodes into: a type implementing [`SummaryFields`],
    /// or [`NoSummary`](crate::NoSummary) for edges without one.
    type Summary: DeserializeOwned + Send + 'static;
    /// The field selector accepted by `fields(..)`, or [`NoFields`].
    type Field;
    /// The field selector accepted by `filtering(..)`, or [`NoFields`] for
    /// lists that cannot be filtered.
    type Filter;
}

/// A list summary: what `.summary()` asks Graph for.
pub trait SummaryFields {
    /// The value of the `summary` parameter: the summary's field names, comma-joined.
    const REQUEST: &'static str;
}

/// A POST operation: its builder has `allow_retry()`, since only the caller
/// knows whether sending a given write twice is harmless.
pub trait WriteOperation: Operation {}

/// The field selector of operations that take no `fields` or `filtering`.
/// It has no values, so `fields(..)` and `filtering(..)` are not offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoFields {}
