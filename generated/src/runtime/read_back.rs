//! Read-after-write: a write that also returns the node it wrote.
//!
//! Graph answers a write sent with `fields=` with the written node's
//! fields instead of `{"success": true}` or `{"id": ..}`. A write operation
//! whose spec says `read_after_write = true` implements [`ReadAfterWrite`],
//! which gives its builder [`Call::read_back`](super::Call::read_back);
//! that turns it into a [`Call`](super::Call) of [`ReadBack`], whose
//! output is the node.

use std::marker::PhantomData;

use serde::de::DeserializeOwned;

use super::operation::{Operation, WriteOperation};
use super::wire::StringEnum;

/// A write that can read back the node it wrote.
pub trait ReadAfterWrite: Operation {
    /// The node written, decoded from the response.
    type Node: DeserializeOwned + Send + 'static;
    /// The node's field selector, for the fields to read back.
    type NodeField: StringEnum;
}

/// The operation `O` sent with `fields=`, answered by the written node.
/// A type-level marker only: never constructed.
#[derive(Debug)]
pub struct ReadBack<O>(PhantomData<fn() -> O>);

impl<O: ReadAfterWrite> Operation for ReadBack<O> {
    type Output = O::Node;
    type Field = O::NodeField;
}

impl<O: ReadAfterWrite + WriteOperation> WriteOperation for ReadBack<O> {}
