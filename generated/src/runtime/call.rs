//! [`Call`]: the request builder of every operation answered by one JSON
//! object. Generated code supplies the operation's types through its marker
//! ([`Operation`]) and adds one setter per optional parameter; everything
//! else lives here, once.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::time::Duration;

use futures_util::future::BoxFuture;

use super::batch::{BatchRequest, sealed};
use super::error::Result;
use super::expand::Expansion;
use super::operation::{Operation, WriteOperation};
use super::read_back::{ReadAfterWrite, ReadBack};
use super::request::Request;
use super::response::Response;
use super::retry::RetryStrategy;
use super::upload::Upload;
use super::wire::{StringEnum, WireValue};

/// A request for an operation that returns one object: build it with the
/// setters its operation adds, then `.await` it (or call
/// [`send`](Self::send)).
///
/// The generated builder types, such as
/// `waba::api::whatsapp_business_account::Get`, are aliases of `Call` for
/// one operation.
#[must_use = "a request does nothing until it is sent or awaited"]
pub struct Call<O> {
    request: Request,
    // `fn() -> O`: the marker is never held, so it affects neither `Send`
    // nor `Sync` nor drop checking.
    operation: PhantomData<fn() -> O>,
}

impl<O: Operation> Call<O> {
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

    /// Decodes what the response holds under `data`; generated handle
    /// methods of `response = "data"` operations call this.
    pub(crate) fn in_data(mut self) -> Self {
        self.request.in_data();
        self
    }

    /// Sets a parameter that goes in the query string even on a POST;
    /// generated setters call this.
    pub(crate) fn query_param(mut self, name: &'static str, value: impl WireValue) -> Self {
        self.request.query_param(name, value);
        self
    }

    /// Sets a header parameter; generated setters call this.
    pub(crate) fn header_param(mut self, name: &'static str, value: impl WireValue) -> Self {
        self.request.header_param(name, value);
        self
    }

    /// Sets a file parameter with its cap; generated setters call this.
    pub(crate) fn file_param(
        mut self,
        name: &'static str,
        upload: Upload,
        max_bytes: Option<u64>,
    ) -> Self {
        self.request.file_param(name, upload, max_bytes);
        self
    }

    /// Sets a key of the JSON body; generated setters of `body = "json"`
    /// operations call this.
    pub(crate) fn json_field(mut self, name: &'static str, value: impl serde::Serialize) -> Self {
        self.request.body(name, value);
        self
    }

    /// Puts a value's keys in the JSON body itself (`flatten = true`).
    pub(crate) fn json_flattened(
        mut self,
        name: &'static str,
        value: impl serde::Serialize,
    ) -> Self {
        self.request.body_flattened(name, value);
        self
    }

    /// Retries this request under `strategy` instead of the client's: a
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
    /// retry whose wait would end past the deadline is not made. A
    /// zero deadline fails the call before anything is sent.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.request.deadline(deadline);
        self
    }

    /// Sends the request and decodes the response.
    ///
    /// # Errors
    ///
    /// [`Error::Graph`](crate::Error::Graph) when Graph answers with an
    /// error, [`Error::Decode`](crate::Error::Decode) when the body is not
    /// what the operation documents (a documented key missing included),
    /// [`Error::Unsuccessful`](crate::Error::Unsuccessful) for
    /// `success: false`, and the other [`Error`](crate::Error) variants for
    /// transport and configuration failures; each after the retries the
    /// policy allows.
    pub fn send(self) -> impl Future<Output = Result<O::Output>> + Send + 'static {
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
    pub fn send_full(self) -> impl Future<Output = Result<Response<O::Output>>> + Send + 'static {
        self.request.send_full()
    }
}

impl<O: Operation> Call<O>
where
    O::Field: StringEnum,
{
    /// Selects the fields to return (`fields=`); Graph adds `id`. Without
    /// it Graph returns the node's default fields.
    pub fn fields(mut self, fields: impl IntoIterator<Item = O::Field>) -> Self {
        self.request.fields(fields);
        self
    }

    /// Adds a field with modifiers or a nested selection to `fields=`,
    /// after the plain fields: `analytics.start(..).end(..){..}`. Build one
    /// with the expansion constructors on the field selector.
    pub fn expand(mut self, expansion: impl Into<Expansion<O::Field>>) -> Self {
        self.request.expand(&expansion.into());
        self
    }
}

impl<O: ReadAfterWrite> Call<O> {
    /// Sends the write with `fields=` and returns the written node instead
    /// of the write's own result (Graph's read-after-write). An empty
    /// selection reads back `id` only: Graph reads back only when `fields`
    /// is sent.
    pub fn read_back(
        mut self,
        fields: impl IntoIterator<Item = O::NodeField>,
    ) -> Call<ReadBack<O>> {
        self.request.fields(fields);
        if !self.request.has_param("fields") {
            self.request.param("fields", "id");
        }
        Call::new(self.request)
    }
}

impl<O: WriteOperation> Call<O> {
    /// Lets this POST be retried like a GET after a throttling or transient
    /// failure. Only call it when sending the write twice does no harm.
    pub fn allow_retry(mut self) -> Self {
        self.request.allow_retry();
        self
    }
}

/// One item of a [`Batch`](crate::Batch), decoding into the operation's output.
impl<O: Operation> BatchRequest for Call<O> {
    type Output = O::Output;
}

impl<O: Operation> sealed::Sealed for Call<O> {
    fn into_request(self) -> Request {
        self.request
    }
}

impl<O: Operation> IntoFuture for Call<O> {
    type Output = Result<O::Output>;
    type IntoFuture = BoxFuture<'static, Self::Output>;

    /// `.await` sends the request, as [`send`](Self::send) does.
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.request.send())
    }
}

impl<O> fmt::Debug for Call<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("operation", &std::any::type_name::<O>())
            .field("request", &self.request)
            .finish()
    }
}

impl<O> Clone for Call<O> {
    fn clone(&self) -> Self {
        Self {
            request: self.request.clone(),
            operation: PhantomData,
        }
    }
}
