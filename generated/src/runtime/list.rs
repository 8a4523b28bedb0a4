//! [`List`]: the request builder of every list edge. Paging, `fields`,
//! `filtering`, `limit`, cursors, `summary` and streaming live here once;
//! generated code supplies the operation's types through its marker
//! ([`ListOperation`]) and adds one setter per optional parameter.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::time::Duration;

use futures_util::Stream;
use futures_util::future::BoxFuture;

use super::batch::{BatchRequest, sealed};
use super::error::Result;
use super::expand::Expansion;
use super::filter::Filter;
use super::operation::{ListOperation, SummaryFields};
use super::paging::Page;
use super::request::Request;
use super::response::Response;
use super::retry::RetryStrategy;
use super::wire::{StringEnum, WireValue};

/// A request for one page of a list edge: `.await` it (or call
/// [`send`](Self::send)) for a [`Page`], or [`stream`](Self::stream) every
/// item across pages.
///
/// The generated list builders, such as
/// `waba::api::whatsapp_business_account::AssignedUsers`, are aliases of
/// `List` for one operation.
#[must_use = "a request does nothing until it is sent, awaited or streamed"]
pub struct List<O> {
    request: Request,
    // See `Call`: the marker is a type-level tag only.
    operation: PhantomData<fn() -> O>,
}

/// The page type of a list operation.
type PageOf<O> = Page<<O as ListOperation>::Item, <O as ListOperation>::Summary>;

impl<O: ListOperation> List<O> {
    pub(crate) fn new(request: Request) -> Self {
        Self {
            request,
            operation: PhantomData,
        }
    }

    /// Sets a parameter; generated setters call this.
    pub(crate) fn param(mut self, name: &'static str, value: impl WireValue) -> Self {
        self.request.param(name, value);
        self
    }

    /// The maximum number of items per page (`limit=`).
    pub fn limit(self, limit: u32) -> Self {
        self.param("limit", limit)
    }

    /// Starts after this cursor (`after=`), from a previous page's
    /// [`next_cursor`](Page::next_cursor).
    pub fn after(self, cursor: impl Into<String>) -> Self {
        self.param("after", cursor.into())
    }

    /// Starts before this cursor (`before=`), from a previous page's
    /// `paging.cursors.before`.
    pub fn before(self, cursor: impl Into<String>) -> Self {
        self.param("before", cursor.into())
    }

    /// Retries each page request under `strategy` instead of the client's: a
    /// [`RetryPolicy`](crate::RetryPolicy) ([`RetryPolicy::none`](crate::RetryPolicy::none) turns retrying off) or any
    /// [`RetryStrategy`].
    pub fn retry(mut self, strategy: impl RetryStrategy + 'static) -> Self {
        self.request.retry(strategy);
        self
    }

    /// Ends the call once `deadline` has passed, every attempt and wait
    /// included, instead of at the client's
    /// ([`ClientBuilder::deadline`](crate::ClientBuilder::deadline)): the
    /// attempt in flight is abandoned with
    /// [`Error::DeadlineExceeded`](crate::Error::DeadlineExceeded), and a
    /// retry whose wait would end past the deadline is not made. A stream applies it to each page request. A
    /// zero deadline fails the call before anything is sent.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.request.deadline(deadline);
        self
    }

    /// Sends the request and returns one page.
    ///
    /// # Errors
    ///
    /// As [`Call::send`](crate::Call::send); a response without `data` is
    /// an [`Error::Decode`](crate::Error::Decode), never an empty page.
    pub fn send(self) -> impl Future<Output = Result<PageOf<O>>> + Send + 'static {
        // The request's own future, which holds the request once: an
        // `async fn` here would hold it a second time.
        self.request.send()
    }

    /// Like [`send`](Self::send), keeping the response's status, rate-limit
    /// usage, trace ID and attempt count.
    ///
    /// # Errors
    ///
    /// As [`send`](Self::send).
    pub fn send_full(self) -> impl Future<Output = Result<Response<PageOf<O>>>> + Send + 'static {
        self.request.send_full()
    }

    /// Every item across all pages, fetching the next page as needed. Stops
    /// when a page has no `paging.next`, or after the first error.
    pub fn stream(self) -> impl Stream<Item = Result<O::Item>> + Send + 'static {
        self.request.stream::<O::Item, O::Summary>()
    }
}

impl<O: ListOperation> List<O>
where
    O::Field: StringEnum,
{
    /// Selects the fields of each item (`fields=`); Graph adds `id`.
    pub fn fields(mut self, fields: impl IntoIterator<Item = O::Field>) -> Self {
        self.request.fields(fields);
        self
    }

    /// Adds a field of each item with modifiers or a nested selection to
    /// `fields=`, after the plain fields.
    pub fn expand(mut self, expansion: impl Into<Expansion<O::Field>>) -> Self {
        self.request.expand(&expansion.into());
        self
    }
}

impl<O: ListOperation> List<O>
where
    O::Filter: StringEnum,
{
    /// Keeps only the items matching every filter (`filtering=`, sent as JSON).
    pub fn filtering(self, filters: impl IntoIterator<Item = Filter<O::Filter>>) -> Self {
        self.param("filtering", filters.into_iter().collect::<Vec<_>>())
    }
}

impl<O: ListOperation> List<O>
where
    O::Summary: SummaryFields,
{
    /// Asks Graph for the list's summary (`summary=`), decoded into
    /// [`Page::summary`].
    pub fn summary(self) -> Self {
        self.param("summary", O::Summary::REQUEST)
    }
}

/// One item of a [`Batch`](crate::Batch), decoding into one page.
impl<O: ListOperation> BatchRequest for List<O> {
    type Output = PageOf<O>;
}

impl<O: ListOperation> sealed::Sealed for List<O> {
    fn into_request(self) -> Request {
        self.request
    }
}

impl<O: ListOperation> IntoFuture for List<O> {
    type Output = Result<PageOf<O>>;
    type IntoFuture = BoxFuture<'static, Self::Output>;

    /// `.await` fetches one page, as [`send`](Self::send) does.
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.request.send())
    }
}

impl<O> fmt::Debug for List<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("List")
            .field("operation", &std::any::type_name::<O>())
            .field("request", &self.request)
            .finish()
    }
}

impl<O> Clone for List<O> {
    fn clone(&self) -> Self {
        Self {
            request: self.request.clone(),
            operation: PhantomData,
        }
    }
}
