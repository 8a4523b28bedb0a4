//! One Graph call: the URL and parameters, the HTTP exchange with its
//! retries, deadline and tracing span, and paging through list edges as a
//! stream. Reading and decoding the body is [`super::body`]'s.

use std::borrow::Cow;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;

use futures_util::stream::{self, Stream, TryStreamExt};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, USER_AGENT,
};
use serde::de::DeserializeOwned;
use tracing::Instrument;
use url::Url;

use super::body::read_body;
use super::client::Client;
use super::deadline::CallClock;
use super::download::Download;
use super::error::{Error, Result};
use super::expand::{Expansion, Selection};
use super::json_body::JsonBody;
use super::paging::Page;
use super::payload::{self, BodyEncoding, FileParam, Payload};
use super::receive::{Reading, Receive, Received};
use super::response::Response;
use super::retry::{FailedAttempt, RetryDecision, RetryStrategy};
use super::upload::Upload;
use super::usage::RateLimitUsage;
use super::wire::{StringEnum, WireValue};

/// What a path segment encodes: everything but RFC 3986's unreserved
/// characters (`A-Z a-z 0-9 - . _ ~`).
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The response header carrying Meta's trace ID. A prebuilt name: looking
/// a header up by `&str` parses and checks the name every time.
const TRACE_ID_HEADER: HeaderName = HeaderName::from_static("x-fb-trace-id");

/// The HTTP methods Graph operations use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// Reads; parameters go in the query string.
    Get,
    /// Creates and updates; parameters go in a form body.
    Post,
    /// Deletes; parameters go in the query string.
    Delete,
}

impl HttpMethod {
    fn to_reqwest(self) -> reqwest::Method {
        match self {
            Self::Get => reqwest::Method::GET,
            Self::Post => reqwest::Method::POST,
            Self::Delete => reqwest::Method::DELETE,
        }
    }

    /// `GET`, `POST` or `DELETE`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Delete => "DELETE",
        }
    }
}

/// A Graph request being built: method, path below the version, and
/// parameters in the order they were set. Generated request builders wrap
/// one and call [`send`](Self::send) or [`stream`](Self::stream).
#[derive(Debug, Clone)]
pub struct Request {
    client: Client,
    method: HttpMethod,
    path: String,
    params: Vec<(&'static str, String)>,
    /// This request's own strategy, overriding the client's.
    retry: Option<Arc<dyn RetryStrategy>>,
    /// This request's own deadline, overriding the client's.
    deadline: Option<Duration>,
    /// Whether the caller declared this POST safe to repeat.
    allow_retry: bool,
    /// What `fields=` selects, kept apart so `fields(..)` and `expand(..)` combine.
    selection: Selection,
    /// Whether the response is `{"data": ...}` and decodes what is under `data`.
    in_data: bool,
    /// Query parameters of a POST, headers, files, the body's encoding and
    /// an absolute URL: see [`super::payload`].
    payload: Option<Box<Payload>>,
    /// The JSON body, for operations that send one (`params` then go in the query).
    /// Boxed, as the payload is: most requests have none.
    json: Option<Box<JsonBody>>,
    /// Addresses the version root itself, `/{version}/` with its trailing
    /// slash (a batch request), rather than a node below it.
    version_root: bool,
}

/// A request encoded as one item of a Graph batch: exactly what
/// [`Request::send`] would put on the wire, minus the credentials and the
/// base URL. See [`Batch`](crate::Batch).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BatchItemWire {
    /// The HTTP method.
    pub(crate) method: HttpMethod,
    /// `{version}/{path}`, then `?{query}` for a GET or DELETE with parameters.
    pub(crate) relative_url: String,
    /// The form body of a POST (possibly empty); `None` for GET and DELETE.
    pub(crate) body: Option<String>,
}

impl Request {
    /// A request on `path`, such as `123/assigned_users`: no leading slash,
    /// no version, IDs already encoded with [`path_segment`](Self::path_segment).
    pub fn new(client: &Client, method: HttpMethod, path: String) -> Self {
        Self {
            client: client.clone(),
            method,
            path,
            params: Vec::new(),
            retry: None,
            deadline: None,
            allow_retry: false,
            version_root: false,
            payload: None,
            selection: Selection::default(),
            in_data: false,
            json: None,
        }
    }

    /// A POST on the version root, `{base_url}{version}/`: where Graph
    /// takes batch requests.
    pub(crate) fn version_root(client: &Client) -> Self {
        Self {
            version_root: true,
            ..Self::new(client, HttpMethod::Post, String::new())
        }
    }

    /// The client this request is sent with.
    pub(crate) fn client(&self) -> &Client {
        &self.client
    }

    /// What the request carries beyond its parameters: nothing, for most.
    fn payload(&self) -> &Payload {
        static NONE: Payload = Payload::NONE;
        self.payload.as_deref().unwrap_or(&NONE)
    }

    fn payload_mut(&mut self) -> &mut Payload {
        self.payload.get_or_insert_with(Box::default)
    }

    /// A request to a whole absolute `url` instead of a Graph path, such as
    /// a media URL Graph returned. The access token is sent to it in the
    /// `Authorization` header; `appsecret_proof` is not added.
    pub fn absolute(client: &Client, method: HttpMethod, url: impl Into<String>) -> Self {
        let mut request = Self::new(client, method, String::new());
        request.payload_mut().url = Some(url.into());
        request
    }

    /// Sends the body parameters of a POST as `encoding` says.
    pub fn with_body(mut self, encoding: BodyEncoding) -> Self {
        self.payload_mut().body = encoding;
        self
    }

    /// Sends the token as `Authorization: OAuth <token>` rather than
    /// `Bearer <token>`: Meta documents that scheme for some calls (the
    /// resumable upload's).
    pub fn with_oauth(mut self) -> Self {
        self.payload_mut().oauth = true;
        self
    }

    /// Sets a parameter that goes in the query string even on a POST.
    pub fn query_param(&mut self, name: &'static str, value: impl WireValue) {
        payload::set(&mut self.payload_mut().query, name, value.to_wire());
    }

    /// Sets a parameter sent as the HTTP header `name`.
    pub fn header_param(&mut self, name: &'static str, value: impl WireValue) {
        payload::set(&mut self.payload_mut().headers, name, value.to_wire());
    }

    /// Sets a file parameter, refused before sending when it is over `max_bytes`.
    pub fn file_param(&mut self, name: &'static str, upload: Upload, max_bytes: Option<u64>) {
        let file = FileParam {
            name,
            upload,
            max_bytes,
        };
        let files = &mut self.payload_mut().files;
        match files.iter_mut().find(|f| f.name == name) {
            Some(slot) => *slot = file,
            None => files.push(file),
        }
    }

    /// Sends the request and returns the response body unread, once the
    /// head is in, retrying as [`send`](Self::send) does.
    ///
    /// # Errors
    ///
    /// As [`send`](Self::send), but the body of a 2xx response is not read.
    #[allow(
        clippy::manual_async_fn,
        reason = "an async fn would hold the request twice"
    )]
    pub fn download(self) -> impl Future<Output = Result<Response<Download>>> {
        async move {
            let exchanged = self.exchange(None, Reading::Unread, "*/*").await?;
            let (received, meta) = self.finish_head(exchanged);
            let download = Download::new(received.response, received.status);
            Ok(meta.with_value(download))
        }
    }

    /// Sends a JSON body (`application/json`), `{}` until fields are set
    /// with [`body`](Self::body); [`param`](Self::param)s then go in the query.
    pub fn with_json_body(mut self) -> Self {
        self.json.get_or_insert_with(Box::default);
        self.payload_mut().body = BodyEncoding::Json;
        self
    }

    /// Sets a key of the JSON body to `value`, encoded as JSON (nested
    /// objects and arrays as they are), replacing an earlier value in place.
    /// A value that cannot be encoded fails the call when it is sent.
    pub fn body(&mut self, name: &'static str, value: impl serde::Serialize) {
        self.json
            .get_or_insert_with(Box::default)
            .insert(name, value);
    }

    /// Puts the keys of `value`, which must encode as a JSON object, in the
    /// JSON body itself (a flattened parameter named `name`).
    pub fn body_flattened(&mut self, name: &'static str, value: impl serde::Serialize) {
        self.json
            .get_or_insert_with(Box::default)
            .flatten(name, value);
    }

    /// A request on the node with this ID: `/{id}`.
    pub fn node(client: &Client, method: HttpMethod, id: &str) -> Self {
        Self::new(client, method, Self::path_segment(id))
    }

    /// A request on an edge of the node with this ID: `/{id}/{edge}`.
    pub fn edge(client: &Client, method: HttpMethod, id: &str, edge: &str) -> Self {
        let mut path = Self::path_segment(id);
        // Edges are plain names: usually nothing to encode.
        path.reserve(1 + edge.len());
        path.push('/');
        path.push_str(&Cow::from(utf8_percent_encode(edge, PATH_SEGMENT)));
        Self::new(client, method, path)
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters, so an
    /// ID can never add path segments or a query (`a/b` → `a%2Fb`).
    pub fn path_segment(id: &str) -> String {
        // Not `to_string()`: the formatting machinery costs more than
        // copying an ID that needs no encoding, the usual case.
        Cow::from(utf8_percent_encode(id, PATH_SEGMENT)).into_owned()
    }

    /// Sets a parameter, replacing an earlier value of the same name in place.
    pub fn param(&mut self, name: &'static str, value: impl WireValue) {
        self.set_param(name, value.into_wire());
    }

    /// [`param`](Self::param) with the text already made.
    fn set_param(&mut self, name: &'static str, value: String) {
        match self
            .params
            .iter_mut()
            .find(|(existing, _)| *existing == name)
        {
            Some(slot) => slot.1 = value,
            None => self.params.push((name, value)),
        }
    }

    /// Selects the fields to return: `fields=a,b,c`, followed by any
    /// expansions. An empty selection with no expansions removes the
    /// parameter, so Graph returns its default fields.
    pub fn fields<F: StringEnum>(&mut self, fields: impl IntoIterator<Item = F>) {
        self.selection.set_plain(fields);
        self.sync_fields();
    }

    /// Adds a field with modifiers or a nested selection to `fields=`,
    /// after the plain fields and earlier expansions.
    pub fn expand<F>(&mut self, expansion: &Expansion<F>) {
        self.selection.expanded.push(expansion.to_string());
        self.sync_fields();
    }

    /// Decodes what the response holds under `data` (`{"data": [...]}`
    /// without paging) instead of the whole body.
    pub fn in_data(&mut self) {
        self.in_data = true;
    }

    fn sync_fields(&mut self) {
        match self.selection.render() {
            Some(text) => self.set_param("fields", text),
            None => self.remove_param("fields"),
        }
    }

    fn remove_param(&mut self, name: &str) {
        self.params.retain(|(existing, _)| *existing != name);
    }

    pub(crate) fn has_param(&self, name: &str) -> bool {
        self.param_value(name).is_some()
    }

    fn param_value(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(existing, _)| *existing == name)
            .map(|(_, value)| value.as_str())
    }

    /// Retries this request under `strategy` instead of the client's
    /// ([`ClientBuilder::retry`](crate::ClientBuilder::retry)).
    pub fn retry(&mut self, strategy: impl RetryStrategy + 'static) {
        self.retry = Some(Arc::new(strategy));
    }

    /// Ends the call once `deadline` has passed, attempts and waits
    /// included, instead of at the client's deadline
    /// ([`ClientBuilder::deadline`](crate::ClientBuilder::deadline)).
    /// [`stream`](Self::stream) applies it to each page request. A zero
    /// deadline fails the call with [`Error::InvalidRequest`] before anything
    /// is sent; `Duration::MAX` amounts to none.
    pub fn deadline(&mut self, deadline: Duration) {
        self.deadline = Some(deadline);
    }

    /// Lets a POST be retried. GET and DELETE are retried anyway; a POST is
    /// not by default, since repeating a write that did reach Graph could
    /// apply it twice. Call this when repeating it is harmless.
    pub fn allow_retry(&mut self) {
        self.allow_retry = true;
    }

    /// Like [`send`](Self::send), keeping the response's status, rate-limit
    /// usage, trace ID and attempt count.
    ///
    /// # Errors
    ///
    /// As [`send`](Self::send).
    pub fn send_full<T: DeserializeOwned>(self) -> impl Future<Output = Result<Response<T>>> {
        self.call()
    }

    /// Sends the request and decodes the response body into `T`, retrying
    /// retryable failures as the [`RetryStrategy`] says, within the deadline.
    ///
    /// # Errors
    ///
    /// [`Error::Graph`] when Graph answers with an error object (at any
    /// HTTP status), [`Error::Decode`] when the body is empty, not the
    /// expected JSON, or comes with a non-2xx status and no Graph error,
    /// [`Error::Unsuccessful`] for `{"success": false}`,
    /// [`Error::BodyTooLarge`] past the body limit, [`Error::Transport`]
    /// when the HTTP exchange fails, [`Error::DeadlineExceeded`] when the
    /// deadline passes during an attempt, and [`Error::InvalidRequest`]
    /// when the path holds an empty or dot ID or the deadline is zero. After
    /// retries, the last attempt's error, with the number of attempts and the
    /// time taken ([`Error::attempts`], [`Error::elapsed`]).
    #[allow(
        clippy::manual_async_fn,
        reason = "an async fn would hold the request twice"
    )]
    pub fn send<T: DeserializeOwned>(self) -> impl Future<Output = Result<T>> {
        // As `call`, but keeping the value alone: the metadata is dropped
        // where it is read, and the value is not moved once more out of a
        // `Response`.
        async move {
            let exchanged = self.exchange(None, T::READING, T::ACCEPT).await?;
            self.finish_value(exchanged)
        }
    }

    /// The call, owning the request: what [`send_full`](Self::send_full)
    /// and a batch send.
    ///
    /// Not an `async fn`, nor are most of the functions it calls: an `async
    /// fn` keeps its arguments in its future twice (as arguments, and as
    /// the body's own variables), and a future is copied whole each time it
    /// moves, nested ones included. The future returned holds the request
    /// once.
    #[allow(
        clippy::manual_async_fn,
        reason = "an async fn would hold the request twice"
    )]
    fn call<T: Receive>(self) -> impl Future<Output = Result<Response<T>>> {
        async move {
            let exchanged = self.exchange(None, T::READING, T::ACCEPT).await?;
            self.finish(exchanged)
        }
    }

    /// Every item of a list edge across pages.
    ///
    /// Repeats the request with `after=<paging.cursors.after>` while
    /// `paging.next` is present, including past empty pages. A page with
    /// `next` but no `after` cursor is followed through the `next` URL
    /// itself, only when it is on the client's base URL origin. The stream
    /// ends after the first error.
    ///
    /// Each page request is a call of its own: it is retried, and bounded
    /// by the deadline, on its own. The deadline does not bound the whole
    /// stream, whose length depends on how many items there are.
    pub fn stream<T, S>(self) -> impl Stream<Item = Result<T>> + Send + 'static
    where
        T: DeserializeOwned + Send + 'static,
        S: DeserializeOwned + Send + 'static,
    {
        let start = Pager {
            request: self,
            step: Step::First,
            last_url: None,
        };
        stream::try_unfold(start, |mut pager| async move {
            let page: Page<T, S> = match pager.step {
                Step::Done => return Ok(None),
                Step::Fail(error) => return Err(error),
                Step::First => pager.request.execute(None).await?,
                Step::After(cursor) => {
                    // Paging forward: a `before` set by the caller would contradict `after`.
                    pager.request.remove_param("before");
                    pager.request.param("after", cursor);
                    pager.request.execute(None).await?
                }
                Step::Next(url) => {
                    let page = pager.request.execute(Some(url.clone())).await?;
                    pager.last_url = Some(url);
                    page
                }
            };
            pager.step = pager.request.next_step(&page, pager.last_url.as_ref());
            Ok(Some((page.data, pager)))
        })
        .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
        .try_flatten()
    }

    /// What to fetch after `page`.
    fn next_step<T, S>(&self, page: &Page<T, S>, last_url: Option<&Url>) -> Step {
        let Some(next) = page
            .paging
            .as_ref()
            .and_then(|paging| paging.next.as_deref())
        else {
            return Step::Done;
        };
        if let Some(after) = page.next_cursor() {
            // The same cursor again would fetch the same page forever.
            if self.param_value("after") == Some(after) {
                return Step::Fail(Error::InvalidRequest(
                    "paging does not advance: Graph returned the `after` cursor just used".into(),
                ));
            }
            return Step::After(after.to_owned());
        }
        match self.next_url(next) {
            Ok(url) if last_url == Some(&url) => Step::Fail(Error::InvalidRequest(
                "paging does not advance: Graph returned the `next` URL just used".into(),
            )),
            Ok(url) => Step::Next(url),
            Err(error) => Step::Fail(error),
        }
    }

    /// Checks a `paging.next` URL before following it: same scheme, host and
    /// port as the base URL, so the token is never sent elsewhere. Drops any
    /// `access_token` (the header carries it) and `appsecret_proof` (added
    /// again when sending).
    fn next_url(&self, next: &str) -> Result<Url> {
        let base = &self.client.inner().base_url;
        let mut url = Url::parse(next)
            .map_err(|e| Error::InvalidRequest(format!("paging.next is not a URL: {e}")))?;
        let same_origin = url.scheme() == base.scheme()
            && url.host() == base.host()
            && url.port_or_known_default() == base.port_or_known_default();
        if !same_origin {
            // The origin only: the query may hold credentials.
            return Err(Error::InvalidRequest(format!(
                "paging.next points at {}, not at the client's base URL {}; not following it",
                url.origin().ascii_serialization(),
                base.origin().ascii_serialization(),
            )));
        }
        let dropped = |name: &str| matches!(name, "access_token" | "appsecret_proof");
        if url.query_pairs().any(|(name, _)| dropped(&name)) {
            let kept: Vec<(String, String)> = url
                .query_pairs()
                .filter(|(name, _)| !dropped(name))
                .map(|(name, value)| (name.into_owned(), value.into_owned()))
                .collect();
            url.set_query(None);
            if !kept.is_empty() {
                url.query_pairs_mut().extend_pairs(kept);
            }
        }
        url.set_fragment(None);
        Ok(url)
    }

    /// `{base_url}{version}/{path}`, refusing empty and dot segments, which
    /// would silently address another resource.
    fn endpoint(&self) -> Result<Url> {
        let inner = self.client.inner();
        // Only a batch goes to the version root; anything else with no path
        // was given an empty ID, and `GET /v23.0` would answer for nothing.
        if self.path.is_empty() && !self.version_root {
            return Err(Error::InvalidRequest(
                "the request has no path (an empty ID?)".into(),
            ));
        }
        if !self.path.is_empty() {
            for segment in self.path.split('/') {
                if segment.is_empty() {
                    return Err(Error::InvalidRequest(format!(
                        "the request path {:?} has an empty segment (an empty ID?)",
                        self.path
                    )));
                }
                if is_dot_segment(segment) {
                    return Err(Error::InvalidRequest(format!(
                        "{segment:?} is not a valid ID"
                    )));
                }
            }
        }
        let mut url = inner.base_url.clone();
        // One string, sized once, rather than `format!`.
        let base_path = url.path();
        let mut path =
            String::with_capacity(base_path.len() + inner.api_version.len() + 1 + self.path.len());
        path.push_str(base_path);
        path.push_str(&inner.api_version);
        if !self.path.is_empty() {
            path.push('/');
            path.push_str(&self.path);
        } else if self.version_root {
            path.push('/');
        }
        url.set_path(&path);
        Ok(url)
    }

    /// The URL and body to send: the request's own, or a `next` URL (which
    /// already carries every parameter). With `credentials`, the query
    /// also gets what the client sends there on Graph's own URLs
    /// (`access_token` when configured so, and `appsecret_proof`). The query
    /// is written in one pass.
    ///
    /// The body is the form of a POST, or the JSON body; `None` for a GET or
    /// DELETE, and for an upload, whose body is built from the parameters
    /// and files as it is sent.
    fn target(&self, next: Option<Url>, credentials: bool) -> Result<(Url, Option<String>)> {
        let inner = self.client.inner();
        // A `next` URL already carries every parameter.
        let is_next = next.is_some();
        let (mut url, body, params_in_query) = match next {
            Some(url) => (url, None, false),
            None => {
                let url = match &self.payload().url {
                    Some(absolute) => absolute_url(absolute)?,
                    None => self.endpoint()?,
                };
                match (&self.json, self.method) {
                    (Some(json), _) => (url, Some(json.encode()?), true),
                    (None, HttpMethod::Post) if self.payload().is_upload() => (url, None, false),
                    (None, HttpMethod::Post) => {
                        let form = url::form_urlencoded::Serializer::new(String::new())
                            .extend_pairs(pairs(&self.params))
                            .finish();
                        (url, Some(form), false)
                    }
                    (None, HttpMethod::Get | HttpMethod::Delete) => (url, None, true),
                }
            }
        };
        let in_query: &[(&'static str, String)] = if params_in_query { &self.params } else { &[] };
        let payload_query: &[(&'static str, String)] =
            if is_next { &[] } else { &self.payload().query };
        let on_graph = credentials && self.payload().url.is_none();
        let secrets = [
            inner
                .query_token
                .as_ref()
                .filter(|_| on_graph)
                .map(|token| ("access_token", token.expose())),
            inner
                .appsecret_proof
                .as_deref()
                .filter(|_| on_graph)
                .map(|proof| ("appsecret_proof", proof)),
        ];
        // Only touch the query when there is one: `query_pairs_mut` leaves
        // a bare `?` behind otherwise.
        if !payload_query.is_empty() || !in_query.is_empty() || secrets.iter().any(Option::is_some)
        {
            url.query_pairs_mut()
                .extend_pairs(pairs(payload_query))
                .extend_pairs(pairs(in_query))
                .extend_pairs(secrets.into_iter().flatten());
        }
        Ok((url, body))
    }

    /// This request as one item of a batch: the method, the URL relative to
    /// the Graph root (`{version}/{path}?{query}`) and the form body, from
    /// the same [`target`](Self::target) that sending it alone uses. No
    /// `access_token` or `appsecret_proof`: the batch request carries those.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when the path holds an empty or dot ID, as
    /// sending it alone would.
    pub(crate) fn batch_item(&self) -> Result<BatchItemWire> {
        // A batch item's body is form text; other bodies, headers and
        // absolute URLs have no place in one.
        if self.payload().body != BodyEncoding::Form
            || !self.payload().headers.is_empty()
            || !self.payload().files.is_empty()
            || self.payload().url.is_some()
        {
            return Err(Error::InvalidRequest(
                "only requests with a query or a form body can go in a batch".into(),
            ));
        }
        let (url, body) = self.target(None, false)?;
        let version = &self.client.inner().api_version;
        let mut relative_url = if self.path.is_empty() {
            version.clone()
        } else {
            format!("{version}/{}", self.path)
        };
        if let Some(query) = url.query() {
            relative_url.push('?');
            relative_url.push_str(query);
        }
        Ok(BatchItemWire {
            method: self.method,
            relative_url,
            body,
        })
    }

    /// Sends the request with the retries of [`send_full`](Self::send_full),
    /// receiving the response as `T` says (a batch envelope, say).
    pub(crate) fn send_received<T: Receive>(self) -> impl Future<Output = Result<Response<T>>> {
        self.call()
    }

    /// The call, received as `T` says: a decoded JSON body, a batch
    /// envelope, or a download left unread.
    ///
    /// The exchange itself is not generic (see [`super::receive`]): only
    /// turning what it let through into `T` is, and that is synchronous.
    async fn execute<T: Receive>(&self, next: Option<Url>) -> Result<T> {
        let exchanged = self.exchange(next, T::READING, T::ACCEPT).await?;
        self.finish_value(exchanged)
    }

    /// Turns what the exchange let through into the response: the value
    /// decoded inside the span of the attempt that got it, as the rest of
    /// that attempt was, with the status, usage, trace ID and attempts.
    /// An error here is a 2xx body that does not decode into `T`: never
    /// retryable, so no retry is lost by deciding on retries before it.
    fn finish<T: Receive>(&self, exchanged: Exchanged) -> Result<Response<T>> {
        let Exchanged {
            received,
            span,
            attempts,
            clock,
        } = exchanged;
        let _entered = span.enter();
        let status = received.status;
        let headers = received.response.headers();
        match T::receive(status, received.body(), self.in_data) {
            Ok(value) => {
                let usage = RateLimitUsage::from_headers(headers);
                let trace_id = trace_id(headers);
                succeeded(&span, status, trace_id);
                Ok(Response {
                    value,
                    status,
                    usage,
                    fbtrace_id: trace_id.map(str::to_owned),
                    attempts,
                })
            }
            Err(error) => {
                let error = self.failed(&span, error, status, headers);
                Err(error.with_call(clock.stats(attempts)))
            }
        }
    }

    /// [`finish`](Self::finish) for a caller that keeps the value alone
    /// (`send`, a stream's pages): the usage headers and the trace ID are
    /// read only for an error, which carries them, and the trace ID for a
    /// span that records it.
    fn finish_value<T: Receive>(&self, exchanged: Exchanged) -> Result<T> {
        let Exchanged {
            received,
            span,
            attempts,
            clock,
        } = exchanged;
        let _entered = span.enter();
        let status = received.status;
        let headers = received.response.headers();
        // Returned as it is, an error replaced in place: the value, large
        // for some nodes, is then not copied again on its way out.
        let mut result = T::receive(status, received.body(), self.in_data);
        match &mut result {
            Ok(_) => {
                // Recorded on a span something listens to, only.
                let trace_id = if span.is_disabled() {
                    None
                } else {
                    trace_id(headers)
                };
                succeeded(&span, status, trace_id);
            }
            Err(error) => {
                let taken = std::mem::replace(error, Error::InvalidRequest(String::new()));
                let failed = self.failed(&span, taken, status, headers);
                *error = failed.with_call(clock.stats(attempts));
            }
        }
        result
    }

    /// [`finish`](Self::finish) for a response whose body is left unread:
    /// the response, and its metadata.
    fn finish_head(&self, exchanged: Exchanged) -> (Received, Response<()>) {
        let Exchanged {
            received,
            span,
            attempts,
            ..
        } = exchanged;
        let _entered = span.enter();
        let status = received.status;
        let headers = received.response.headers();
        let usage = RateLimitUsage::from_headers(headers);
        let trace_id = trace_id(headers);
        succeeded(&span, status, trace_id);
        let meta = Response {
            value: (),
            status,
            usage,
            fbtrace_id: trace_id.map(str::to_owned),
            attempts,
        };
        (received, meta)
    }

    /// The call up to its value: attempts until one gets through, the
    /// failure is not retryable, the strategy gives up, or the deadline
    /// passes. Every error it returns after sending says how many attempts
    /// were made and how long the call took.
    #[allow(
        clippy::manual_async_fn,
        reason = "an async fn would hold `next` twice"
    )]
    fn exchange(
        &self,
        next: Option<Url>,
        reading: Reading,
        accept: &'static str,
    ) -> impl Future<Output = Result<Exchanged>> + Send + '_ {
        let inner = self.client.inner();
        let deadline = self.deadline.or(inner.deadline);
        // Checked and built once, before the clock starts: a request that
        // cannot be sent fails the same way on every attempt. The body is
        // shared by the attempts, not copied for each.
        let target = if deadline.is_some_and(|deadline| deadline.is_zero()) {
            Err(Error::InvalidRequest(
                "the request's deadline is zero: it could never be met".into(),
            ))
        } else {
            self.payload()
                .check_sizes()
                .and_then(|()| self.target(next, true))
        };
        let target = target.map(|(url, form)| (url, form.map(Bytes::from)));
        async move {
            // Borrowed where it lies: moved out, the URL and body would
            // take room in this future twice.
            let (url, form) = match target {
                Ok(ref target) => target,
                Err(error) => return Err(error),
            };
            let mut attempts = Attempts {
                strategy: self.retry.as_deref().unwrap_or(&*inner.retry),
                deadline,
                clock: CallClock::start(deadline),
                // A POST may create or change something; repeating one that
                // did reach Graph is only safe when the caller says so.
                may_retry: self.method != HttpMethod::Post || self.allow_retry,
                attempt: 1,
                last_error: None,
            };
            loop {
                let n = attempts.attempt;
                // The attempt is made in the await that runs it, and what it
                // gave is settled in the same statement: a variable holding
                // either would keep its room in this future across every
                // wait, moved out of or not.
                let outcome = match attempts.clock.ends() {
                    // Boxed: a call with a deadline is the rarer one, and
                    // its timer would otherwise take room in every call's
                    // future.
                    Some(ends) => Box::pin(tokio::time::timeout_at(
                        ends,
                        self.attempt(url.clone(), form.clone(), n, reading, accept),
                    ))
                    .await
                    .ok(),
                    None => Some(
                        self.attempt(url.clone(), form.clone(), n, reading, accept)
                            .await,
                    ),
                };
                let delay = match attempts.settle(self.method, outcome) {
                    Settled::Done(result) => return result,
                    Settled::Retry(delay) => delay,
                };
                tokio::time::sleep(delay).await;
                attempts.attempt = attempts.attempt.saturating_add(1);
            }
        }
    }

    /// One HTTP exchange inside a `graph_request` span carrying the method,
    /// the URL path (never the query, which may hold credentials), the
    /// attempt number, the status and the `fbtrace_id`. The body is read
    /// and checked as `reading` says; what gets through comes back with the
    /// span, still open, for the value to be decoded in it. Errors are
    /// scrubbed of secrets before anything (log or caller) sees them.
    ///
    /// Not an `async fn`: the reqwest request is built and handed over
    /// here, before the future is first polled (which the caller does at
    /// once), so that the future keeps only what lives across the network
    /// waits. A future is copied whole whenever it is moved, and one that
    /// held its own arguments, a built request and a request builder was
    /// several times larger.
    fn attempt(
        &self,
        url: Url,
        form: Option<Bytes>,
        attempt: u32,
        reading: Reading,
        accept: &'static str,
    ) -> impl Future<Output = Result<(Received, tracing::Span)>> + Send + '_ {
        let inner = self.client.inner();
        let span = tracing::info_span!(
            "graph_request",
            method = self.method.as_str(),
            path = url.path(),
            attempt,
            status = tracing::field::Empty,
            fbtrace_id = tracing::field::Empty,
        );
        let sending = match span.in_scope(|| self.http_request(url, form, accept)) {
            Ok(request) if self.payload().is_upload() => {
                Sending::Upload(Box::pin(self.payload().add_upload(
                    reqwest::RequestBuilder::from_parts(inner.http.clone(), request),
                    &self.params,
                )))
            }
            Ok(request) => Sending::Sent(inner.http.execute(request)),
            Err(error) => Sending::Failed(Box::new(error)),
        };
        let recorder = span.clone();
        async move {
            let pending = match sending {
                Sending::Sent(pending) => pending,
                Sending::Upload(request) => match request.await {
                    Ok(request) => inner.http.execute(request),
                    Err(error) => return Err(self.unsent(error)),
                },
                Sending::Failed(error) => return Err(self.unsent(*error)),
            };
            let mut response = match pending.await {
                Ok(response) => response,
                Err(error) => return Err(self.unsent(Error::transport(error))),
            };
            let status = response.status().as_u16();
            recorder.record("status", status);
            let body = if reading.reads_body(status) {
                let checked = match read_body(&mut response, status, inner.max_body_bytes).await {
                    Ok(body) => reading.check(status, &body).map(|()| body),
                    Err(error) => Err(error),
                };
                match checked {
                    Ok(body) => Some(body),
                    Err(error) => {
                        return Err(self.failed(&recorder, error, status, response.headers()));
                    }
                }
            } else {
                None
            };
            let received = Received {
                response,
                status,
                body,
            };
            Ok((received, recorder))
        }
        .instrument(span)
    }

    /// The reqwest request for `url` and `form`, with this client's
    /// credentials and headers and the request's header parameters.
    ///
    /// Filled in place rather than through a `RequestBuilder`: each
    /// `builder.header(..)` moves the whole builder.
    fn http_request(
        &self,
        url: Url,
        form: Option<Bytes>,
        accept: &'static str,
    ) -> Result<reqwest::Request> {
        let inner = self.client.inner();
        let method = self.method.to_reqwest();
        let mut request = if url.has_host() && url.username().is_empty() && url.password().is_none()
        {
            // What the builder makes of such a URL, without its work (and
            // without cloning the HTTP client into it and dropping it again,
            // two atomic operations on a count every worker shares).
            reqwest::Request::new(method, url)
        } else {
            // The builder turns credentials in the URL into basic auth, and
            // refuses a URL without a host.
            inner
                .http
                .request(method, url)
                .build()
                .map_err(Error::transport)?
        };
        let headers = request.headers_mut();
        headers.append(ACCEPT, HeaderValue::from_static(accept));
        // Credentials in the query are for Graph only; an absolute URL gets
        // the token in the header alone.
        if inner.query_token.is_none() || self.payload().url.is_some() {
            let authorization = if self.payload().oauth {
                &inner.oauth_authorization
            } else {
                &inner.authorization
            };
            headers.append(AUTHORIZATION, authorization.clone());
        }
        if let Some(user_agent) = &inner.request_user_agent {
            headers.append(USER_AGENT, user_agent.clone());
        }
        self.payload().add_headers(headers)?;
        // An upload's body is built from its files as it is sent.
        if let Some(body) = form.filter(|_| !self.payload().is_upload()) {
            let content_type = match self.payload().body {
                BodyEncoding::Json => "application/json",
                _ => "application/x-www-form-urlencoded",
            };
            headers.append(CONTENT_TYPE, HeaderValue::from_static(content_type));
            *request.body_mut() = Some(body.into());
        }
        if let Some(timeout) = inner.request_timeout {
            *request.timeout_mut() = Some(timeout);
        }
        Ok(request)
    }

    /// An attempt's error before any response: a request reqwest refused
    /// or could not send is scrubbed and logged like any failed exchange;
    /// one refused here (a header parameter that cannot be a header, an
    /// upload that cannot be read) is returned as it is.
    #[cold]
    #[inline(never)]
    fn unsent(&self, error: Error) -> Error {
        if !matches!(error, Error::Transport { .. }) {
            return error;
        }
        let error = error.redact(&self.client.inner().secrets);
        tracing::debug!(error = %error, "Graph request failed");
        error
    }

    /// Attaches what the response head said to an attempt's error, records
    /// the trace ID on the attempt's span, scrubs secrets and logs it.
    /// Out of line and cold, as every error path here: their code then
    /// stays out of the cache lines a successful call runs through.
    #[cold]
    #[inline(never)]
    fn failed(
        &self,
        span: &tracing::Span,
        error: Error,
        status: u16,
        headers: &HeaderMap,
    ) -> Error {
        let trace_id = trace_id(headers);
        let error = error.with_response(status, &RateLimitUsage::from_headers(headers), trace_id);
        let trace = error
            .graph()
            .and_then(|graph| graph.fbtrace_id.as_deref())
            .or(trace_id);
        if let Some(trace) = trace {
            span.record("fbtrace_id", trace);
        }
        let error = error.redact(&self.client.inner().secrets);
        tracing::debug!(error = %error, "Graph request failed");
        error
    }
}

/// An attempt's request: handed to reqwest, still reading an upload into
/// its body, or refused before anything was sent.
enum Sending<P, U> {
    Sent(P),
    Upload(U),
    /// Boxed: rare, and the future holding this is smaller for it.
    Failed(Box<Error>),
}

/// What an exchange let through, with the open span of the attempt that
/// got it and the call's clock.
struct Exchanged {
    received: Received,
    span: tracing::Span,
    attempts: u32,
    clock: CallClock,
}

/// Where the attempts of one call stand.
struct Attempts<'a> {
    strategy: &'a dyn RetryStrategy,
    deadline: Option<Duration>,
    clock: CallClock,
    may_retry: bool,
    /// The attempt made last, from 1.
    attempt: u32,
    /// The error of the last attempt that finished, for a deadline error
    /// to point at; boxed as that error holds it, and small in the future.
    last_error: Option<Box<Error>>,
}

/// What follows an attempt.
#[allow(
    clippy::large_enum_variant,
    reason = "matched as soon as it is returned, never kept: boxing would allocate on every call"
)]
enum Settled {
    /// The call is over: what got through, or the error to return.
    Done(Result<Exchanged>),
    /// Another attempt, after this wait.
    Retry(Duration),
}

impl Attempts<'_> {
    /// Settles what the last attempt gave (`None`: abandoned at the
    /// deadline): the call ends when it got through, the failure is not
    /// retryable, the strategy gives up, or the deadline passes. Every error
    /// it ends with after sending says how many attempts were made and how
    /// long the call took.
    fn settle(
        &mut self,
        method: HttpMethod,
        outcome: Option<Result<(Received, tracing::Span)>>,
    ) -> Settled {
        match outcome {
            Some(Ok((received, span))) => Settled::Done(Ok(Exchanged {
                received,
                span,
                attempts: self.attempt,
                clock: self.clock,
            })),
            Some(Err(error)) => self.settle_failure(method, Some(error)),
            None => self.settle_failure(method, None),
        }
    }

    /// [`settle`](Self::settle) for an attempt that failed (`None`:
    /// abandoned at the deadline). Out of line, and marked cold: the code
    /// of a retry stays out of the way of a call that needs none.
    #[cold]
    #[inline(never)]
    fn settle_failure(&mut self, method: HttpMethod, failure: Option<Error>) -> Settled {
        let Self {
            strategy,
            deadline,
            clock,
            may_retry,
            attempt,
            ..
        } = *self;
        let error = match failure {
            Some(error) => error,
            // Only a call with a deadline is ever abandoned.
            None => {
                let error = Error::DeadlineExceeded {
                    deadline: deadline.unwrap_or(Duration::MAX),
                    attempts: attempt,
                    elapsed: clock.elapsed(),
                    source: self.last_error.take(),
                };
                tracing::debug!(
                    method = method.as_str(),
                    attempt,
                    error = %error,
                    "abandoning a Graph request at its deadline"
                );
                return Settled::Done(Err(error));
            }
        };
        if !may_retry || !error.is_retryable() {
            return Settled::Done(Err(error.with_call(clock.stats(attempt))));
        }
        let failed = FailedAttempt::new(attempt, &error, clock.elapsed(), clock.remaining());
        let delay = match strategy.decide(&failed) {
            RetryDecision::RetryAfter(delay) if clock.leaves_time_after(delay) => delay,
            RetryDecision::RetryAfter(delay) => {
                // Sleeping past the deadline only to be cut off: the
                // server's own answer is more use to the caller.
                tracing::debug!(
                    method = method.as_str(),
                    attempt,
                    delay_ms = millis(delay),
                    error = %error,
                    "giving up on a Graph request: the wait would end past its deadline"
                );
                return Settled::Done(Err(error.with_call(clock.stats(attempt))));
            }
            RetryDecision::GiveUp => {
                tracing::debug!(
                    method = method.as_str(),
                    attempt,
                    error = %error,
                    "giving up on a Graph request"
                );
                return Settled::Done(Err(error.with_call(clock.stats(attempt))));
            }
        };
        tracing::warn!(
            method = method.as_str(),
            attempt,
            delay_ms = millis(delay),
            error = %error,
            "retrying a Graph request"
        );
        self.last_error = Some(Box::new(error));
        Settled::Retry(delay)
    }
}

/// Records a successful attempt on its span, which the caller has entered.
fn succeeded(span: &tracing::Span, status: u16, trace_id: Option<&str>) {
    if let Some(trace) = trace_id {
        span.record("fbtrace_id", trace);
    }
    tracing::debug!(status, "Graph request succeeded");
}

/// The `x-fb-trace-id` header, when it is text.
fn trace_id(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(&TRACE_ID_HEADER)
        .and_then(|value| value.to_str().ok())
}

/// A duration in whole milliseconds for logs, saturating.
fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// An absolute URL to call: http(s) only, so the token goes nowhere else.
fn absolute_url(text: &str) -> Result<Url> {
    let url = Url::parse(text)
        .map_err(|e| Error::InvalidRequest(format!("the URL to call is not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::InvalidRequest(format!(
            "the URL to call must be http or https, not {}",
            url.scheme()
        )));
    }
    Ok(url)
}

/// Parameters as `(name, value)` pairs, in order.
fn pairs<'a>(
    params: &'a [(&'static str, String)],
) -> impl Iterator<Item = (&'static str, &'a str)> {
    params.iter().map(|(name, value)| (*name, value.as_str()))
}

/// Whether a path segment reads as `.` or `..`, which URL parsers also
/// accept spelled with `%2e` (any case): a segment made of one or two
/// units, each `.` or `%2e`. Checked on the bytes, without the lowercased
/// and rewritten copy of each segment a comparison of strings would need.
fn is_dot_segment(segment: &str) -> bool {
    let mut rest = segment.as_bytes();
    let mut dots = 0;
    while !rest.is_empty() {
        rest = match rest {
            [b'.', tail @ ..] | [b'%', b'2', b'e' | b'E', tail @ ..] => tail,
            _ => return false,
        };
        dots += 1;
    }
    matches!(dots, 1 | 2)
}

/// Where a stream of pages stands.
struct Pager {
    request: Request,
    step: Step,
    /// The `next` URL fetched last, to notice one that repeats.
    last_url: Option<Url>,
}

enum Step {
    First,
    After(String),
    Next(Url),
    Fail(Error),
    Done,
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::TcpListener;
    use std::sync::{Arc, Mutex};

    use futures_util::StreamExt;
    use serde_json::{Value, json};

    use super::*;
    use crate::runtime::body::DEFAULT_MAX_BODY_BYTES;
    use crate::runtime::paging::NoSummary;
    use crate::runtime::wire::tests::Field;

    const PROOF: &str = "e697d0006554740ddfffab3f4406f3cef626ca5483a5c58b72a31941c9f40655";

    fn client(base: &str) -> Client {
        Client::builder()
            .access_token("TOKEN")
            .base_url(base)
            .build()
            .unwrap()
    }

    fn client_with_secret(base: &str) -> Client {
        Client::builder()
            .access_token("TOKEN")
            .app_secret("APPSECRET")
            .base_url(base)
            .build()
            .unwrap()
    }

    /// A raw HTTP/1.1 response with a JSON body.
    fn respond(status: u16, body: &str) -> String {
        format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
    }

    /// The requests a [`serve`] server received: (lowercased head, body).
    type Seen = Arc<Mutex<Vec<(String, String)>>>;

    /// A loopback server answering one connection per canned response, in
    /// order, then closing. Returns its base URL and the raw requests (head
    /// lowercased, then body) it received.
    fn serve(responses: impl FnOnce(&str) -> Vec<String>) -> (String, Seen) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let responses = responses(&base);
        let seen = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&seen);
        std::thread::spawn(move || {
            for response in responses {
                let Ok((mut stream, _)) = listener.accept() else {
                    return;
                };
                let mut raw = Vec::new();
                let mut buf = [0u8; 4096];
                let head_end = loop {
                    let n = stream.read(&mut buf).unwrap();
                    raw.extend_from_slice(&buf[..n]);
                    if let Some(at) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                        break at + 4;
                    }
                    assert!(n > 0, "connection closed mid-request");
                };
                let head = String::from_utf8_lossy(&raw[..head_end]).to_lowercase();
                let length = head
                    .lines()
                    .find_map(|line| line.strip_prefix("content-length: "))
                    .map_or(0, |n| n.trim().parse::<usize>().unwrap());
                while raw.len() < head_end + length {
                    let n = stream.read(&mut buf).unwrap();
                    raw.extend_from_slice(&buf[..n]);
                }
                let body = String::from_utf8_lossy(&raw[head_end..]).into_owned();
                record.lock().unwrap().push((head, body));
                stream.write_all(response.as_bytes()).unwrap();
            }
        });
        (base, seen)
    }

    fn request_line(head: &str) -> &str {
        head.lines().next().unwrap()
    }

    #[test]
    fn path_segments_encode_all_but_unreserved() {
        assert_eq!(Request::path_segment("123"), "123");
        assert_eq!(Request::path_segment("a/b"), "a%2Fb");
        assert_eq!(
            Request::path_segment("a b?c#d%e&f"),
            "a%20b%3Fc%23d%25e%26f"
        );
        assert_eq!(Request::path_segment("AZaz09-._~"), "AZaz09-._~");
        assert_eq!(Request::path_segment("é"), "%C3%A9");
        assert_eq!(Request::path_segment(""), "");
    }

    #[test]
    fn endpoints_sit_below_the_base_url_and_version() {
        let url = |base: &str, path: &str| {
            Request::new(&client(base), HttpMethod::Get, path.into()).endpoint()
        };
        assert_eq!(
            url("http://h", "W/e").unwrap().as_str(),
            "http://h/v23.0/W/e"
        );
        assert_eq!(
            url("http://h/", "W/e").unwrap().as_str(),
            "http://h/v23.0/W/e"
        );
        assert_eq!(
            url("http://h:81/graph", "W").unwrap().as_str(),
            "http://h:81/graph/v23.0/W"
        );
        assert_eq!(
            url("http://h/graph/", "W").unwrap().as_str(),
            "http://h/graph/v23.0/W"
        );
        assert!(matches!(url("http://h", ""), Err(Error::InvalidRequest(_))));
        let edge = Request::edge(
            &client("http://h"),
            HttpMethod::Get,
            "a/b?c",
            "assigned_users",
        );
        assert_eq!(
            edge.endpoint().unwrap().as_str(),
            "http://h/v23.0/a%2Fb%3Fc/assigned_users"
        );
    }

    #[test]
    fn empty_and_dot_ids_are_refused() {
        let c = client("http://h");
        for id in ["", ".", ".."] {
            for request in [
                Request::edge(&c, HttpMethod::Get, id, "e"),
                Request::node(&c, HttpMethod::Get, id),
            ] {
                assert!(
                    matches!(request.endpoint(), Err(Error::InvalidRequest(_))),
                    "{id:?}"
                );
            }
        }
        // An ID that spells an encoded dot is encoded again, so it stays an ID.
        let encoded = Request::node(&c, HttpMethod::Get, "%2E")
            .endpoint()
            .unwrap();
        assert_eq!(encoded.path(), "/v23.0/%252E");
        for raw in ["W//e", "/W", "W/", "W/%2E", "%2e%2E/e", ".%2e"] {
            let request = Request::new(&c, HttpMethod::Get, raw.into());
            assert!(
                matches!(request.endpoint(), Err(Error::InvalidRequest(_))),
                "{raw:?}"
            );
        }
        assert!(Request::node(&c, HttpMethod::Get, "...").endpoint().is_ok());
    }

    #[tokio::test]
    async fn an_invalid_path_fails_before_any_network() {
        let request = Request::node(&client("http://127.0.0.1:9"), HttpMethod::Get, "..");
        let error = request.send::<Value>().await.unwrap_err();
        assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
        assert_eq!(error.attempts(), None);
    }

    #[tokio::test]
    async fn a_zero_deadline_fails_before_any_network() {
        let mut request = Request::node(&client("http://127.0.0.1:9"), HttpMethod::Get, "W");
        request.deadline(Duration::ZERO);
        let error = request.send::<Value>().await.unwrap_err();
        let Error::InvalidRequest(message) = &error else {
            panic!("{error:?}")
        };
        assert!(message.contains("deadline is zero"), "{message}");
    }

    #[tokio::test]
    async fn a_request_deadline_overrides_the_clients() {
        // The server holds the request for 300 ms before answering.
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            while let Ok((mut stream, _)) = listener.accept() {
                std::thread::spawn(move || {
                    let mut buf = [0u8; 4096];
                    let _ = stream.read(&mut buf);
                    std::thread::sleep(Duration::from_millis(300));
                    let _ = stream.write_all(respond(200, r#"{"id":"W"}"#).as_bytes());
                });
            }
        });
        let client = Client::builder()
            .access_token("TOKEN")
            .base_url(&base)
            .deadline(Duration::from_millis(50))
            .build()
            .unwrap();
        let error = Request::node(&client, HttpMethod::Get, "W")
            .send::<Value>()
            .await
            .unwrap_err();
        assert!(error.is_deadline_exceeded(), "{error:?}");
        let mut patient = Request::node(&client, HttpMethod::Get, "W");
        patient.deadline(Duration::from_secs(30));
        let value: Value = patient.send().await.unwrap();
        assert_eq!(value, json!({"id": "W"}));
    }

    #[test]
    fn params_keep_order_and_replace_in_place() {
        let mut request = Request::new(&client("http://h"), HttpMethod::Get, "W".into());
        request.param("business", "B");
        request.param("limit", 2u32);
        request.fields([Field::Name, Field::CreationTime, Field::from("new")]);
        request.param("business", String::from("C"));
        assert_eq!(
            request.params,
            [
                ("business", "C".to_owned()),
                ("limit", "2".to_owned()),
                ("fields", "name,creation_time,new".to_owned())
            ]
        );
        request.fields(Vec::<Field>::new());
        assert_eq!(request.param_value("fields"), None);
        assert_eq!(request.params.len(), 2);
    }

    #[test]
    fn request_debug_never_shows_credentials() {
        let mut request = Request::node(&client_with_secret("http://h"), HttpMethod::Get, "W");
        request.param("limit", 1u32);
        let text = format!("{request:?}");
        assert!(
            !text.contains("TOKEN") && !text.contains("APPSECRET") && !text.contains(PROOF),
            "{text}"
        );
    }

    #[test]
    fn next_step_prefers_the_cursor_and_stops_without_next() {
        let c = client("http://127.0.0.1:1234");
        let request = Request::edge(&c, HttpMethod::Get, "W", "e");
        let page = |value: Value| serde_json::from_value::<Page<Value>>(value).unwrap();

        let last = page(json!({"data": [], "paging": {"cursors": {"after": "A"}}}));
        assert!(matches!(request.next_step(&last, None), Step::Done));
        assert!(matches!(
            request.next_step(&page(json!({"data": []})), None),
            Step::Done
        ));

        let more = page(
            json!({"data": [], "paging": {"cursors": {"after": "A"}, "next": "https://elsewhere/x"}}),
        );
        assert!(matches!(request.next_step(&more, None), Step::After(ref a) if a == "A"));

        let mut repeated = request.clone();
        repeated.param("after", "A");
        assert!(matches!(
            repeated.next_step(&more, None),
            Step::Fail(Error::InvalidRequest(_))
        ));

        let next = page(
            json!({"data": [], "paging": {"next": "http://127.0.0.1:1234/v23.0/W/e?offset=2&access_token=LEAK#f"}}),
        );
        let Step::Next(url) = request.next_step(&next, None) else {
            panic!("expected the next URL")
        };
        assert_eq!(url.as_str(), "http://127.0.0.1:1234/v23.0/W/e?offset=2");
        assert!(matches!(
            request.next_step(&next, Some(&url)),
            Step::Fail(Error::InvalidRequest(_))
        ));

        for foreign in [
            "https://127.0.0.1:1234/x",
            "http://127.0.0.2:1234/x",
            "http://127.0.0.1:80/x",
            "not a url",
        ] {
            let other = page(json!({"data": [], "paging": {"next": foreign}}));
            let Step::Fail(Error::InvalidRequest(message)) = request.next_step(&other, None) else {
                panic!("{foreign} was followed")
            };
            assert!(!message.contains("/x"), "{message}");
        }
    }

    #[tokio::test]
    async fn credentials_in_the_base_url_go_as_basic_auth_not_in_the_request_line() {
        let (base, seen) = serve(|_| vec![respond(200, r#"{"id":"W"}"#)]);
        let base = base.replace("http://", "http://user:pw@");
        let value: Value = Request::node(&client(&base), HttpMethod::Get, "W")
            .send()
            .await
            .unwrap();
        assert_eq!(value, json!({"id": "W"}));
        let seen = seen.lock().unwrap();
        let head = &seen[0].0;
        assert_eq!(request_line(head), "get /v23.0/w http/1.1");
        // `user:pw` in base64, as reqwest's builder writes it.
        assert!(
            head.contains("\r\nauthorization: basic dxnlcjpwdw==\r\n"),
            "{head}"
        );
        assert!(
            head.contains("\r\nauthorization: bearer token\r\n"),
            "{head}"
        );
    }

    #[tokio::test]
    async fn get_sends_params_in_the_query_with_auth_headers_and_proof() {
        let (base, seen) = serve(|_| vec![respond(200, r#"{"id":"a/b"}"#)]);
        let mut request = Request::edge(
            &client_with_secret(&base),
            HttpMethod::Get,
            "a/b",
            "assigned_users",
        );
        request.param("business", "B");
        request.fields([Field::Name, Field::CreationTime]);
        let value: Value = request.send().await.unwrap();
        assert_eq!(value, json!({"id": "a/b"}));

        let seen = seen.lock().unwrap();
        let (head, body) = &seen[0];
        assert_eq!(
            request_line(head),
            format!(
                "get /v23.0/a%2fb/assigned_users?business=b&fields=name%2ccreation_time&appsecret_proof={PROOF} http/1.1"
            )
        );
        assert!(
            head.contains("\r\nauthorization: bearer token\r\n"),
            "{head}"
        );
        assert!(head.contains("\r\naccept: application/json\r\n"), "{head}");
        assert!(
            head.contains(&format!(
                "\r\nuser-agent: waba-rust/{}\r\n",
                env!("CARGO_PKG_VERSION")
            )),
            "{head}"
        );
        assert!(!head.contains("content-type"), "{head}");
        assert!(body.is_empty());
    }

    #[tokio::test]
    async fn post_sends_a_form_body_and_only_the_proof_in_the_query() {
        let (base, seen) = serve(|_| {
            vec![
                respond(200, r#"{"success":true}"#),
                respond(200, r#"{"success":true}"#),
            ]
        });
        let mut request = Request::edge(
            &client(&format!("{base}/graph")),
            HttpMethod::Post,
            "W",
            "assigned_users",
        );
        request.param("user", "U");
        request.param("tasks", vec!["MANAGE".to_owned(), "DEVELOP".to_owned()]);
        request.param("verified_name", "Acme Inc");
        let value: Value = request.send().await.unwrap();
        assert_eq!(value, json!({"success": true}));

        let mut request = Request::node(&client_with_secret(&base), HttpMethod::Post, "W");
        request.param("is_enabled_for_insights", true);
        let _: Value = request.send().await.unwrap();

        let seen = seen.lock().unwrap();
        let (head, body) = &seen[0];
        assert_eq!(
            request_line(head),
            "post /graph/v23.0/w/assigned_users http/1.1"
        );
        assert!(
            head.contains("\r\ncontent-type: application/x-www-form-urlencoded\r\n"),
            "{head}"
        );
        assert_eq!(
            body,
            "user=U&tasks=%5B%22MANAGE%22%2C%22DEVELOP%22%5D&verified_name=Acme+Inc"
        );
        let (head, body) = &seen[1];
        assert_eq!(
            request_line(head),
            format!("post /v23.0/w?appsecret_proof={PROOF} http/1.1")
        );
        assert_eq!(body, "is_enabled_for_insights=true");
    }

    #[tokio::test]
    async fn delete_sends_params_in_the_query() {
        let (base, seen) = serve(|_| vec![respond(200, r#"{"success":true}"#)]);
        let mut request = Request::edge(&client(&base), HttpMethod::Delete, "W", "assigned_users");
        request.param("user", "U");
        let _: Value = request.send().await.unwrap();
        let seen = seen.lock().unwrap();
        assert_eq!(
            request_line(&seen[0].0),
            "delete /v23.0/w/assigned_users?user=u http/1.1"
        );
    }

    #[tokio::test]
    async fn graph_errors_and_oversized_bodies_over_http() {
        let too_large = format!(
            "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
            DEFAULT_MAX_BODY_BYTES + 1
        );
        let (base, _) = serve(|_| {
            vec![
                respond(
                    400,
                    r#"{"error":{"message":"bad","code":100,"fbtrace_id":"T"}}"#,
                ),
                too_large,
            ]
        });
        let c = client(&base);
        let error = Request::node(&c, HttpMethod::Get, "W")
            .send::<Value>()
            .await
            .unwrap_err();
        assert_eq!(error.status(), Some(400));
        assert_eq!(error.code().map(|code| code.code()), Some(100));

        let error = Request::node(&c, HttpMethod::Get, "W")
            .send::<Value>()
            .await
            .unwrap_err();
        let Error::BodyTooLarge { status, limit, .. } = &error else {
            panic!("{error:?}")
        };
        assert_eq!((*status, *limit), (200, DEFAULT_MAX_BODY_BYTES));
        assert!(!error.is_retryable());
    }

    #[tokio::test]
    async fn transport_errors_do_not_carry_the_url() {
        // Nothing listens on port 9 of loopback.
        let c = client_with_secret("http://127.0.0.1:9");
        let error = Request::node(&c, HttpMethod::Get, "W")
            .send::<Value>()
            .await
            .unwrap_err();
        assert!(error.is_connect(), "{error:?}");
        let text = format!("{error:?} {error}");
        assert!(!text.contains(PROOF) && !text.contains("TOKEN"), "{text}");
    }

    #[tokio::test]
    async fn stream_follows_cursors_empty_pages_and_next_urls_then_stops_on_a_foreign_host() {
        let (base, seen) = serve(|base| {
            let next = format!("{base}/v23.0/W/items?offset=3&access_token=LEAK");
            vec![
                respond(
                    200,
                    &json!({"data": [1, 2], "paging": {"cursors": {"after": "C1"}, "next": "n"}})
                        .to_string(),
                ),
                respond(
                    200,
                    &json!({"data": [], "paging": {"cursors": {"after": "C2"}, "next": "n"}})
                        .to_string(),
                ),
                respond(
                    200,
                    &json!({"data": [3], "paging": {"next": next}}).to_string(),
                ),
                respond(
                    200,
                    &json!({"data": [4], "paging": {"next": "https://evil.example/v23.0/W/items"}})
                        .to_string(),
                ),
            ]
        });
        let mut request = Request::edge(&client_with_secret(&base), HttpMethod::Get, "W", "items");
        request.param("limit", 2u32);
        request.param("before", "B0");
        let items: Vec<Result<u32>> = request.stream::<u32, NoSummary>().collect().await;

        let values: Vec<u32> = items
            .iter()
            .filter_map(|item| item.as_ref().ok().copied())
            .collect();
        assert_eq!(values, [1, 2, 3, 4]);
        assert_eq!(items.len(), 5);
        let Some(Err(Error::InvalidRequest(message))) = items.last() else {
            panic!("{:?}", items.last())
        };
        assert!(message.contains("https://evil.example"), "{message}");

        let seen = seen.lock().unwrap();
        let lines: Vec<&str> = seen.iter().map(|(head, _)| request_line(head)).collect();
        assert_eq!(
            lines,
            [
                format!("get /v23.0/w/items?limit=2&before=b0&appsecret_proof={PROOF} http/1.1"),
                format!("get /v23.0/w/items?limit=2&after=c1&appsecret_proof={PROOF} http/1.1"),
                format!("get /v23.0/w/items?limit=2&after=c2&appsecret_proof={PROOF} http/1.1"),
                format!("get /v23.0/w/items?offset=3&appsecret_proof={PROOF} http/1.1"),
            ]
        );
    }

    #[tokio::test]
    async fn stream_ends_after_the_first_error() {
        let (base, seen) = serve(|_| {
            vec![
                respond(
                    200,
                    &json!({"data": [1], "paging": {"cursors": {"after": "C1"}, "next": "n"}})
                        .to_string(),
                ),
                respond(400, r#"{"error":{"message":"bad","code":100}}"#),
                respond(200, r#"{"data":[2]}"#),
            ]
        });
        let request = Request::edge(&client(&base), HttpMethod::Get, "W", "items");
        let items: Vec<Result<u32>> = request.stream::<u32, NoSummary>().collect().await;
        assert_eq!(items.len(), 2);
        assert_eq!(*items[0].as_ref().unwrap(), 1);
        assert_eq!(
            items[1]
                .as_ref()
                .unwrap_err()
                .code()
                .map(|code| code.code()),
            Some(100)
        );
        assert_eq!(seen.lock().unwrap().len(), 2);
    }

    #[test]
    fn batch_items_are_relative_to_the_graph_root_below_any_base_path() {
        let c = client("http://h/graph/");
        assert_eq!(
            Request::version_root(&c).endpoint().unwrap().as_str(),
            "http://h/graph/v23.0/"
        );
        let mut get = Request::edge(&c, HttpMethod::Get, "W", "items");
        get.param("fields", "a,b");
        get.param("q", "x y&z");
        let item = get.batch_item().unwrap();
        assert_eq!(item.relative_url, "v23.0/W/items?fields=a%2Cb&q=x+y%26z");
        assert_eq!((item.method, item.body), (HttpMethod::Get, None));
        let mut post = Request::node(&c, HttpMethod::Post, "a/b");
        post.param("name", "x y");
        let item = post.batch_item().unwrap();
        assert_eq!(item.relative_url, "v23.0/a%2Fb");
        assert_eq!(item.body.as_deref(), Some("name=x+y"));
        let item = Request::node(&c, HttpMethod::Delete, "W")
            .batch_item()
            .unwrap();
        assert_eq!((item.relative_url.as_str(), item.body), ("v23.0/W", None));
        assert!(
            Request::node(&c, HttpMethod::Get, "..")
                .batch_item()
                .is_err()
        );
    }

    #[test]
    fn streams_are_send_and_static() {
        fn assert_send_static<T: Send + 'static>(_: &T) {}
        let request = Request::node(&client("http://h"), HttpMethod::Get, "W");
        let stream = request.clone().stream::<Value, NoSummary>();
        assert_send_static(&stream);
        assert_send_static(&request.send::<Value>());
    }
}
