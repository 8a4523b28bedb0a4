//! Binary downloads: [`Download`], a response body streamed to the caller
//! under an optional size cap, and [`DownloadCall`], the request builder of
//! every operation that answers with bytes (`response = "binary"`).

use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;

use bytes::{Bytes, BytesMut};
use futures_util::future::BoxFuture;
use futures_util::{FutureExt, Stream};
use reqwest::header::CONTENT_TYPE;

use super::error::{Error, Result};
use super::request::Request;
use super::response::Response;
use super::retry::RetryPolicy;
use super::wire::WireValue;

/// The body of a successful download, not yet read.
///
/// Read it in chunks with [`chunk`](Self::chunk) or as a
/// [`stream`](Self::into_stream), or whole with [`bytes`](Self::bytes) (only
/// when it fits in memory). With a cap set ([`max_bytes`](Self::max_bytes),
/// or the request's), reading fails with [`Error::DownloadTooLarge`] as soon
/// as the body announces or delivers more.
pub struct Download {
    response: reqwest::Response,
    status: u16,
    limit: Option<u64>,
    read: u64,
}

impl Download {
    pub(crate) fn new(response: reqwest::Response, status: u16) -> Self {
        Self {
            response,
            status,
            limit: None,
            read: 0,
        }
    }

    /// The `Content-Type` the server sent, such as `image/jpeg`.
    pub fn content_type(&self) -> Option<&str> {
        self.response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
    }

    /// The size the server announced (`Content-Length`), when it did.
    pub fn content_length(&self) -> Option<u64> {
        self.response.content_length()
    }

    /// The HTTP status (2xx).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// How many bytes have been read so far.
    pub fn bytes_read(&self) -> u64 {
        self.read
    }

    /// Caps the body at `limit` bytes: reading fails with
    /// [`Error::DownloadTooLarge`] once it is passed, or at once when the
    /// announced size is over it.
    pub fn max_bytes(mut self, limit: u64) -> Self {
        self.limit = Some(limit);
        self
    }

    /// The error for a body over the cap.
    fn too_large(&self, limit: u64) -> Error {
        Error::DownloadTooLarge {
            status: self.status,
            limit,
            content_length: self.content_length(),
        }
    }

    /// Fails when the announced size is over the cap.
    pub(crate) fn check_announced(&self) -> Result<()> {
        match (self.limit, self.content_length()) {
            (Some(limit), Some(len)) if len > limit => Err(self.too_large(limit)),
            _ => Ok(()),
        }
    }

    /// The next chunk of the body, `None` at its end.
    ///
    /// # Errors
    ///
    /// [`Error::DownloadTooLarge`] past the cap, [`Error::Transport`] when
    /// the connection fails mid-body.
    pub async fn chunk(&mut self) -> Result<Option<Bytes>> {
        self.check_announced()?;
        let Some(chunk) = self.response.chunk().await.map_err(Error::transport)? else {
            return Ok(None);
        };
        self.read = self.read.saturating_add(chunk.len() as u64);
        match self.limit {
            Some(limit) if self.read > limit => Err(self.too_large(limit)),
            _ => Ok(Some(chunk)),
        }
    }

    /// Reads the whole body into memory.
    ///
    /// # Errors
    ///
    /// As [`chunk`](Self::chunk).
    pub async fn bytes(mut self) -> Result<Bytes> {
        self.check_announced()?;
        let capacity = self.content_length().unwrap_or(0).min(1 << 20);
        let mut body = BytesMut::with_capacity(usize::try_from(capacity).unwrap_or(0));
        while let Some(chunk) = self.chunk().await? {
            body.extend_from_slice(&chunk);
        }
        Ok(body.freeze())
    }

    /// The body as a stream of chunks, ending after the first error.
    pub fn into_stream(self) -> impl Stream<Item = Result<Bytes>> + Send + 'static {
        futures_util::stream::try_unfold(self, |mut download| async move {
            Ok(download.chunk().await?.map(|chunk| (chunk, download)))
        })
    }
}

impl fmt::Debug for Download {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Download")
            .field("status", &self.status)
            .field("content_type", &self.content_type())
            .field("content_length", &self.content_length())
            .field("limit", &self.limit)
            .field("read", &self.read)
            .finish()
    }
}

/// An operation that answers with bytes rather than JSON.
pub trait DownloadOperation: 'static {}

/// A request for an operation that answers with bytes: `.await` it (or call
/// [`send`](Self::send)) for a [`Download`] whose body is not read yet.
///
/// The generated download builders, such as `waba::api::client::DownloadMedia`,
/// are aliases of `DownloadCall` for one operation.
#[must_use = "a request does nothing until it is sent or awaited"]
pub struct DownloadCall<O> {
    request: Request,
    limit: Option<u64>,
    operation: PhantomData<fn() -> O>,
}

impl<O: DownloadOperation> DownloadCall<O> {
    pub(crate) fn new(request: Request) -> Self {
        Self {
            request,
            limit: None,
            operation: PhantomData,
        }
    }

    /// Sets a parameter; generated setters call this.
    #[allow(
        dead_code,
        reason = "for setters of download operations with optional parameters, which the spec may not have"
    )]
    pub(crate) fn param(mut self, name: &'static str, value: impl WireValue) -> Self {
        self.request.param(name, value);
        self
    }

    /// Sets a header parameter; generated setters call this.
    #[allow(
        dead_code,
        reason = "for download operations with header parameters, which the spec may not have"
    )]
    pub(crate) fn header_param(mut self, name: &'static str, value: impl WireValue) -> Self {
        self.request.header_param(name, value);
        self
    }

    /// Caps the body at `limit` bytes (see [`Download::max_bytes`]); a
    /// response announcing more fails at once, without reading the body.
    pub fn max_bytes(mut self, limit: u64) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Retries this request under `policy` instead of the client's.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.request.retry(policy);
        self
    }

    /// Sends the request and returns once the response head is in.
    ///
    /// # Errors
    ///
    /// [`Error::Graph`] when the server answers with a Graph error,
    /// [`Error::DownloadTooLarge`] when it announces more than the cap, and
    /// the other [`Error`] variants for transport failures and unexpected
    /// statuses; each after the retries the policy allows.
    pub fn send(self) -> impl Future<Output = Result<Download>> + Send + 'static {
        self.send_full()
            .map(|response| response.map(Response::into_value))
    }

    /// Like [`send`](Self::send), keeping the response's status, rate-limit
    /// usage, trace ID and attempt count.
    ///
    /// # Errors
    ///
    /// As [`send`](Self::send).
    pub fn send_full(self) -> impl Future<Output = Result<Response<Download>>> + Send + 'static {
        let limit = self.limit;
        // The request moves into its own future now, so the future returned
        // holds it once, as an `async fn` here would not.
        self.request.download().map(move |response| {
            let mut response = response?;
            if let Some(limit) = limit {
                response.value = response.value.max_bytes(limit);
                response.value.check_announced()?;
            }
            Ok(response)
        })
    }
}

impl<O: DownloadOperation> IntoFuture for DownloadCall<O> {
    type Output = Result<Download>;
    type IntoFuture = BoxFuture<'static, Self::Output>;

    /// `.await` sends the request, as [`send`](Self::send) does.
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

impl<O> fmt::Debug for DownloadCall<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DownloadCall")
            .field("operation", &std::any::type_name::<O>())
            .field("request", &self.request)
            .field("limit", &self.limit)
            .finish()
    }
}

impl<O> Clone for DownloadCall<O> {
    fn clone(&self) -> Self {
        Self {
            request: self.request.clone(),
            limit: self.limit,
            operation: PhantomData,
        }
    }
}
