//! Graph batch requests: many calls in one HTTP request.
//!
//! A [`Batch`] collects request builders ([`Call`](crate::Call)s and
//! [`List`](crate::List)s), each encoded exactly as it would be sent alone
//! ([`Request::batch_item`]), and sends them as `POST /{version}/` with the
//! form field `batch=[...]`. Graph answers with one entry per item, in
//! order; [`BatchResults`] decodes each one on demand into the type its
//! [`BatchSlot`] remembers, with [`decode`], so an item fails exactly as the
//! same call sent alone would.
//!
//! Dependencies between items are checked when they are made: an item may
//! only use the result of, or wait for, an earlier item of the same batch.
//! Requests are cut into chunks of at most [`Batch::MAX_ITEMS_PER_REQUEST`]
//! without ever separating two items linked by a dependency.

use std::fmt;
use std::marker::PhantomData;
use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::body::{check, decode};
use super::client::Client;
use super::error::{Error, Result, body_excerpt};
use super::receive::{Reading, Receive};
use super::request::{BatchItemWire, Request};
use super::response::Response;
use super::retry::RetryStrategy;
use super::usage::RateLimitUsage;

/// The response header carrying Meta's trace ID, in an item's `headers`.
const TRACE_ID_HEADER: &str = "x-fb-trace-id";

/// How a result reference starts once percent-encoded, in a path segment or
/// a query or form value alike: `{result=`.
const ENCODED_REFERENCE_START: &str = "%7Bresult%3D";

/// Gives every batch its own identity, so a slot cannot be used with
/// another batch's results.
static NEXT_BATCH_ID: AtomicU64 = AtomicU64::new(1);

pub(crate) mod sealed {
    use super::super::request::Request;

    /// Keeps [`BatchRequest`](super::BatchRequest) to this crate's builders,
    /// and hands their request over.
    pub trait Sealed {
        /// The request the builder would send.
        fn into_request(self) -> Request;
    }
}

/// A request builder that can be one item of a [`Batch`]: every
/// [`Call`](crate::Call) and [`List`](crate::List), that is, every
/// generated request builder.
///
/// Sealed: only this crate's builders implement it.
pub trait BatchRequest: sealed::Sealed {
    /// What the item's response decodes into: the operation's output for a
    /// [`Call`](crate::Call), one [`Page`](crate::Page) for a
    /// [`List`](crate::List).
    type Output: DeserializeOwned + Send + 'static;
}

/// Several Graph calls sent as one batch request (`POST /{version}/` with
/// `batch=[...]`), made by [`Client::batch`].
///
/// [`add`](Self::add) takes any request builder and returns a typed
/// [`BatchSlot`]; [`send`](Self::send) sends everything and returns
/// [`BatchResults`], from which each slot's own `Result` is read. An item
/// fails on its own, as the same call sent alone would: one Graph error
/// never fails the other items or the batch.
///
/// ```no_run
/// # async fn run(client: waba::Client) -> waba::Result<()> {
/// use waba::{WabaTask, WhatsAppBusinessAccountField as F};
///
/// let waba = client.whatsapp_business_account("WABA-ID");
/// let mut batch = client.batch();
/// let read = batch.add(waba.get().fields([F::Name]));
/// let users = batch.add(waba.assigned_users("BUSINESS-ID").limit(10));
/// let added = batch.add(waba.add_assigned_user("USER-ID", [WabaTask::Manage]));
/// let results = batch.send().await?; // fails only if the batch request itself fails
///
/// let name = results.get(&read)?.name;
/// let page = results.get(&users)?;
/// match results.get(&added) {
///     Ok(done) => assert!(done.success),
///     Err(error) => eprintln!("adding the user failed on its own: {error}"),
/// }
/// # let _ = (name, page);
/// # Ok(())
/// # }
/// ```
///
/// # Dependencies
///
/// [`result_ref`](Self::result_ref) names an earlier item and returns a
/// JSONPath reference to its result (`{result=item0:$.id}`), to pass where
/// a later builder takes a string or an ID; Graph substitutes the value
/// before running the later item. [`add_after`](Self::add_after) makes an
/// item wait for an earlier one (`depends_on`). An item can only depend on
/// an earlier item of the same batch; anything else fails
/// [`send`](Self::send) with [`Error::InvalidRequest`] before anything is
/// sent.
///
/// # Limits
///
/// Graph takes at most [`MAX_ITEMS_PER_REQUEST`](Self::MAX_ITEMS_PER_REQUEST)
/// (50) items per request. A larger batch is sent as several requests, one
/// after another, each cut between consecutive items (the order is kept) and
/// never between two items linked by a dependency, since Graph resolves
/// those within one request only. When linked items are so far apart that
/// no such cut exists within 50 items, `send` fails with
/// [`Error::InvalidRequest`] and sends nothing: add dependent items close
/// together.
///
/// # Retries and credentials
///
/// The batch is one POST: like any POST it is not retried unless
/// [`allow_retry`](Self::allow_retry) says repeating every item is
/// harmless, and then under the client's [`RetryPolicy`](crate::RetryPolicy) (or
/// [`retry`](Self::retry)'s). The `retry` and `allow_retry` settings of the
/// builders added are not used. The access token and `appsecret_proof` go
/// on the batch request only, never into an item.
#[derive(Debug)]
#[must_use = "a batch does nothing until it is sent"]
pub struct Batch {
    client: Client,
    id: u64,
    items: Vec<Item>,
    /// Every reference [`result_ref`](Self::result_ref) gave out.
    references: Vec<IssuedReference>,
    include_headers: bool,
    retry: Option<Arc<dyn RetryStrategy>>,
    deadline: Option<Duration>,
    allow_retry: bool,
    /// The first mistake made while building, reported by `send`.
    problem: Option<String>,
}

/// One item as it will be sent.
#[derive(Debug)]
struct Item {
    /// `None` only when encoding failed, which `problem` reports.
    wire: Option<BatchItemWire>,
    /// Set once a later item refers to this one.
    name: Option<String>,
    /// The earlier item named in `depends_on`.
    depends_on: Option<usize>,
    /// Every earlier item this one needs: `depends_on` and result references.
    needs: Vec<usize>,
}

/// A reference handed out by `result_ref`, and how it reads once encoded.
#[derive(Debug)]
struct IssuedReference {
    /// `{result=name:path}`, as Graph wants it.
    text: String,
    /// The text percent-encoded as a path segment, then as a query or form
    /// value: what it becomes inside an encoded item.
    encoded: [String; 2],
    /// The item referred to.
    target: usize,
}

/// An item of a [`Batch`], whose result decodes into `T`: pass it to
/// [`BatchResults::get`]. Made by [`Batch::add`]; only valid for the batch
/// that made it.
pub struct BatchSlot<T> {
    batch: u64,
    index: usize,
    output: PhantomData<fn() -> T>,
}

impl<T> BatchSlot<T> {
    /// The item's position in its batch, counting from 0 in the order added.
    pub fn index(&self) -> usize {
        self.index
    }
}

impl<T> Clone for BatchSlot<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for BatchSlot<T> {}

impl<T> fmt::Debug for BatchSlot<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BatchSlot")
            .field("index", &self.index)
            .field("output", &std::any::type_name::<T>())
            .finish()
    }
}

impl Client {
    /// An empty [`Batch`]: several calls sent as one Graph batch request,
    /// with this client's credentials, version and retry policy.
    pub fn batch(&self) -> Batch {
        Batch {
            client: self.clone(),
            id: NEXT_BATCH_ID.fetch_add(1, Ordering::Relaxed),
            items: Vec::new(),
            references: Vec::new(),
            include_headers: true,
            retry: None,
            deadline: None,
            allow_retry: false,
            problem: None,
        }
    }
}

impl Batch {
    /// The most items Graph takes in one batch request. Larger batches are
    /// sent as several requests.
    pub const MAX_ITEMS_PER_REQUEST: usize = 50;

    /// Adds a request (any generated builder) as the next item, encoded as
    /// it would be sent alone, and returns the slot its result is read with.
    ///
    /// A builder made from another [`Client`] (not a clone of this batch's)
    /// is refused when the batch is sent, as is one whose path holds an
    /// empty or dot ID: [`send`](Self::send) then fails with
    /// [`Error::InvalidRequest`].
    pub fn add<R: BatchRequest>(&mut self, request: R) -> BatchSlot<R::Output> {
        self.push(request.into_request(), None)
    }

    /// Like [`add`](Self::add), and the item runs only after `earlier` has
    /// (`depends_on`). Graph does not run an item whose dependency failed.
    ///
    /// `earlier` must come from this batch; otherwise [`send`](Self::send)
    /// fails with [`Error::InvalidRequest`].
    pub fn add_after<R: BatchRequest, T>(
        &mut self,
        earlier: &BatchSlot<T>,
        request: R,
    ) -> BatchSlot<R::Output> {
        let index = self.items.len();
        let depends_on = self.earlier_item(earlier, index, "add_after");
        if let Some(target) = depends_on {
            self.name_item(target);
        }
        self.push(request.into_request(), depends_on)
    }

    /// A reference to part of an earlier item's result, such as
    /// `{result=item0:$.id}` for `path` `$.id`: pass it to a later builder
    /// wherever it takes a string or an ID (IDs convert from `String`), and
    /// Graph puts the value there before running that item. This names the
    /// earlier item (`name`) and makes every item using the reference
    /// depend on it.
    ///
    /// `path` is a JSONPath into the earlier item's JSON body: `$`, then
    /// letters, digits and `_ - . * [ ]`, such as `$.id` or `$.data.0.id`.
    ///
    /// A slot of another batch, or any other `path`, makes
    /// [`send`](Self::send) fail with [`Error::InvalidRequest`]; so does a
    /// `{result=...}` reference in an item that this batch did not give out.
    pub fn result_ref<T>(&mut self, earlier: &BatchSlot<T>, path: &str) -> String {
        let index = self.items.len();
        let name = item_name(earlier.index);
        let text = format!("{{result={name}:{path}}}");
        if !is_json_path(path) {
            self.fail(format!(
                "result_ref: {path:?} is not a JSONPath of the form `$.field`, `$.data.0.id` \
                 (`$`, then letters, digits and `_ - . * [ ]`)"
            ));
            return text;
        }
        let Some(target) = self.earlier_item(earlier, index, "result_ref") else {
            return text;
        };
        self.name_item(target);
        if !self.references.iter().any(|issued| issued.text == text) {
            let encoded = [
                Request::path_segment(&text),
                url::form_urlencoded::byte_serialize(text.as_bytes()).collect(),
            ];
            self.references.push(IssuedReference {
                text: text.clone(),
                encoded,
                target,
            });
        }
        text
    }

    /// Whether Graph returns each item's response headers (default `true`,
    /// as Graph's). `false` sends `include_headers=false`: smaller
    /// responses, but the items' rate-limit usage and trace IDs are then
    /// unknown.
    pub fn include_headers(mut self, include: bool) -> Self {
        self.include_headers = include;
        self
    }

    /// Retries the batch request under `strategy` instead of the client's
    /// (a [`RetryPolicy`](crate::RetryPolicy) or any [`RetryStrategy`]).
    /// Without [`allow_retry`](Self::allow_retry) a batch is not retried at
    /// all, being a POST.
    pub fn retry(mut self, strategy: impl RetryStrategy + 'static) -> Self {
        self.retry = Some(Arc::new(strategy));
        self
    }

    /// Bounds each batch request (one per 50 items) by `deadline`, retries
    /// included, instead of the client's deadline.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Lets the batch request be retried after a throttling or transient
    /// failure, like a GET. Only call it when sending every item twice does
    /// no harm: a batch that failed as a whole may still have run some items.
    pub fn allow_retry(mut self) -> Self {
        self.allow_retry = true;
        self
    }

    /// How many items were added.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether no item was added.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sends the items, [`MAX_ITEMS_PER_REQUEST`](Self::MAX_ITEMS_PER_REQUEST)
    /// at most per HTTP request, one request after another. An empty batch
    /// sends nothing.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`], with nothing sent, for a mistake made while
    /// building (see [`add`](Self::add), [`add_after`](Self::add_after) and
    /// [`result_ref`](Self::result_ref)) or dependent items too far apart to
    /// share a request. Otherwise only when the first (often the only) batch
    /// request fails as a whole, with that request's error: a transport
    /// failure, a Graph error for the batch itself (such as an invalid
    /// token), or a body that is not a JSON array with one entry per item
    /// ([`Error::Decode`]). When a later request fails, earlier ones have
    /// run: `send` then succeeds, the items of the failed request read as
    /// [`Error::BatchRequestFailed`] and those never sent as
    /// [`Error::BatchItemNotProcessed`].
    pub async fn send(self) -> Result<BatchResults> {
        if let Some(problem) = &self.problem {
            return Err(Error::InvalidRequest(problem.clone()));
        }
        let needs: Vec<&[usize]> = self.items.iter().map(|item| &item.needs[..]).collect();
        let chunks = chunks(&needs, Self::MAX_ITEMS_PER_REQUEST).map_err(Error::InvalidRequest)?;
        let mut outcomes = Vec::with_capacity(self.items.len());
        let mut requests = 0;
        let mut failed = false;
        for range in chunks {
            let count = range.len();
            if failed {
                outcomes.extend((0..count).map(|_| Outcome::NotProcessed));
                continue;
            }
            let request = self.chunk_request(range.clone())?;
            requests += 1;
            tracing::debug!(
                items = count,
                first = range.start,
                "sending a Graph batch request"
            );
            match self.send_chunk(request, count).await {
                Ok(chunk) => outcomes.extend(chunk),
                Err(error) if range.start == 0 => return Err(error),
                Err(error) => {
                    let error = Arc::new(error);
                    outcomes.extend((0..count).map(|_| Outcome::RequestFailed(Arc::clone(&error))));
                    failed = true;
                }
            }
        }
        Ok(BatchResults {
            client: self.client,
            batch: self.id,
            outcomes,
            requests,
        })
    }

    /// Encodes and appends one item.
    fn push<T>(&mut self, request: Request, depends_on: Option<usize>) -> BatchSlot<T> {
        let index = self.items.len();
        let mut needs: Vec<usize> = depends_on.into_iter().collect();
        let wire = if !std::ptr::eq(request.client().inner(), self.client.inner()) {
            self.fail(format!(
                "batch item {index} was built from another client than the batch's; \
                 it would run with the batch's credentials"
            ));
            None
        } else {
            match request.batch_item() {
                Ok(mut wire) => {
                    self.restore_references(index, &mut wire, &mut needs);
                    Some(wire)
                }
                Err(error) => {
                    self.fail(format!("batch item {index}: {error}"));
                    None
                }
            }
        };
        self.items.push(Item {
            wire,
            name: None,
            depends_on,
            needs,
        });
        BatchSlot {
            batch: self.id,
            index,
            output: PhantomData,
        }
    }

    /// Puts the references this batch gave out back into their raw form in
    /// an encoded item (encoding turned `{result=...}` into `%7Bresult...`,
    /// which Graph would not recognize), and records what the item needs.
    fn restore_references(
        &mut self,
        index: usize,
        wire: &mut BatchItemWire,
        needs: &mut Vec<usize>,
    ) {
        let mut foreign = false;
        for text in [Some(&mut wire.relative_url), wire.body.as_mut()]
            .into_iter()
            .flatten()
        {
            for issued in &self.references {
                for encoded in &issued.encoded {
                    if text.contains(encoded.as_str()) {
                        *text = text.replace(encoded.as_str(), &issued.text);
                        if !needs.contains(&issued.target) {
                            needs.push(issued.target);
                        }
                    }
                }
            }
            foreign |= text.contains(ENCODED_REFERENCE_START);
        }
        if foreign {
            self.fail(format!(
                "batch item {index} holds a `{{result=...}}` reference this batch's \
                 `result_ref` did not make (from another batch, or written by hand); \
                 only references to earlier items of the same batch can be sent"
            ));
        }
        if let Some(&later) = needs.iter().find(|&&target| target >= index) {
            self.fail(format!(
                "batch item {index} depends on item {later}: an item may only depend on an earlier item"
            ));
        }
    }

    /// The index of `slot` when it is an item of this batch before `index`;
    /// otherwise records the mistake.
    fn earlier_item<T>(&mut self, slot: &BatchSlot<T>, index: usize, what: &str) -> Option<usize> {
        if slot.batch != self.id {
            self.fail(format!(
                "{what}: the slot of item {} belongs to another batch",
                slot.index
            ));
            return None;
        }
        if slot.index >= index {
            self.fail(format!(
                "{what}: item {index} cannot depend on item {}: an item may only depend on an earlier item",
                slot.index
            ));
            return None;
        }
        Some(slot.index)
    }

    /// Gives an item its name, once.
    fn name_item(&mut self, index: usize) {
        if let Some(item) = self.items.get_mut(index) {
            item.name.get_or_insert_with(|| item_name(index));
        }
    }

    /// Keeps the first mistake: the one the others may follow from.
    fn fail(&mut self, problem: String) {
        self.problem.get_or_insert(problem);
    }

    /// The batch request for the items in `range`.
    fn chunk_request(&self, range: Range<usize>) -> Result<Request> {
        let items = self.items.get(range).unwrap_or_default();
        let mut entries = Vec::with_capacity(items.len());
        for item in items {
            let Some(wire) = &item.wire else {
                return Err(Error::InvalidRequest(
                    "a batch item could not be encoded".into(),
                ));
            };
            entries.push(WireEntry {
                method: wire.method.as_str(),
                relative_url: &wire.relative_url,
                body: wire.body.as_deref().filter(|body| !body.is_empty()),
                name: item.name.as_deref(),
                // Graph leaves out the result of an item that a later one
                // refers to unless told otherwise; the caller's slot wants it.
                omit_response_on_success: item.name.is_some().then_some(false),
                depends_on: item
                    .depends_on
                    .and_then(|target| self.items.get(target))
                    .and_then(|target| target.name.as_deref()),
            });
        }
        let batch = serde_json::to_string(&entries)
            .map_err(|e| Error::InvalidRequest(format!("could not encode the batch: {e}")))?;
        let mut request = Request::version_root(&self.client);
        request.param("batch", batch);
        if !self.include_headers {
            request.param("include_headers", false);
        }
        if let Some(strategy) = &self.retry {
            request.retry(Arc::clone(strategy));
        }
        if let Some(deadline) = self.deadline {
            request.deadline(deadline);
        }
        if self.allow_retry {
            request.allow_retry();
        }
        Ok(request)
    }

    /// Sends one batch request and splits its answer into `count` outcomes.
    async fn send_chunk(&self, request: Request, count: usize) -> Result<Vec<Outcome>> {
        let response = request.send_received::<Envelope>().await?;
        let Response {
            value: Envelope(entries),
            status,
            usage,
            fbtrace_id,
            attempts,
        } = response;
        if entries.len() != count {
            let body = serde_json::to_vec(&entries).unwrap_or_default();
            let error = Error::Decode {
                status,
                message: format!(
                    "the batch response has {} entries for {count} items",
                    entries.len()
                ),
                body_excerpt: body_excerpt(&body),
                usage: None,
                call: None,
            };
            return Err(error
                .with_response(status, &usage, fbtrace_id.as_deref())
                .redact(&self.client.inner().secrets));
        }
        let outer = Outer {
            status,
            fbtrace_id,
            attempts,
        };
        Ok(entries
            .into_iter()
            .map(|entry| Outcome::from_entry(entry, &outer))
            .collect())
    }
}

/// One item on the wire, in the `batch` form field.
#[derive(Serialize)]
struct WireEntry<'a> {
    method: &'static str,
    relative_url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    omit_response_on_success: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    depends_on: Option<&'a str>,
}

/// The name of the item at `index`: unique within its batch.
fn item_name(index: usize) -> String {
    format!("item{index}")
}

/// `$`, then letters, digits and `_ - . * [ ]`: enough for Graph's
/// JSONPath, and nothing that could end the reference (`}`) or the
/// parameter (`&`) it sits in.
fn is_json_path(path: &str) -> bool {
    path.strip_prefix('$').is_some_and(|rest| {
        rest.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-.*[]".contains(&b))
    })
}

/// Cuts items `0..needs.len()` into consecutive ranges of at most `max`,
/// never between an item and one it needs (`needs[i]` lists earlier
/// indices), each range as long as possible.
fn chunks(needs: &[&[usize]], max: usize) -> std::result::Result<Vec<Range<usize>>, String> {
    let count = needs.len();
    let max = max.max(1);
    // earliest[i]: the first item that item i needs, directly.
    let earliest: Vec<usize> = needs
        .iter()
        .enumerate()
        .map(|(index, needs)| needs.iter().copied().fold(index, usize::min))
        .collect();
    // reach[c]: the first item needed by any item at or after c. A cut before
    // item c separates linked items exactly when reach[c] < c.
    let mut reach = vec![usize::MAX; count + 1];
    for index in (0..count).rev() {
        let after = reach.get(index + 1).copied().unwrap_or(usize::MAX);
        let here = earliest.get(index).copied().unwrap_or(index);
        if let Some(slot) = reach.get_mut(index) {
            *slot = after.min(here);
        }
    }
    let can_cut = |cut: usize| reach.get(cut).is_none_or(|&first| first >= cut);
    let mut ranges = Vec::new();
    let mut start = 0;
    while start < count {
        let limit = start.saturating_add(max).min(count);
        if limit == count {
            ranges.push(start..count);
            break;
        }
        let Some(end) = (start + 1..=limit).rev().find(|&cut| can_cut(cut)) else {
            let (later, first) = (limit..count)
                .find_map(|later| {
                    let first = earliest.get(later).copied().unwrap_or(later);
                    (first < limit).then_some((later, first))
                })
                .unwrap_or((limit, start));
            return Err(format!(
                "cannot split the batch into requests of at most {max} items: every cut \
                 between item {start} and item {limit} separates an item from one it depends \
                 on (item {later} depends on item {first}); Graph resolves dependencies \
                 within one request only, so add items that depend on each other close together"
            ));
        };
        ranges.push(start..end);
        start = end;
    }
    Ok(ranges)
}

/// A batch response: one JSON entry per item. Received like any response,
/// through the same retries, tracing and error decoding, but read as an
/// array rather than as one object.
struct Envelope(Vec<Value>);

impl Receive for Envelope {
    const ACCEPT: &'static str = "application/json";
    const READING: Reading = Reading::Envelope;

    fn receive(status: u16, body: &[u8], _: bool) -> Result<Self> {
        serde_json::from_slice(body).map(Envelope).map_err(|e| {
            not_an_array(
                status,
                body,
                format!("the batch response is not valid JSON: {e}"),
            )
        })
    }
}

/// Checks a batch response before it is read: a 2xx JSON array, one entry
/// per item, passes. Anything else is the batch's failure: the error Graph
/// sent, or [`Error::Decode`].
pub(crate) fn check_envelope(status: u16, body: &[u8]) -> Result<()> {
    let success = (200..300).contains(&status);
    let starts_as_array = body
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'[');
    if success && starts_as_array {
        return Ok(());
    }
    match check(status, body) {
        Err(error @ (Error::Graph(_) | Error::Unsuccessful { .. })) => Err(error),
        Err(error) if !success => Err(error),
        _ => Err(not_an_array(
            status,
            body,
            "expected a JSON array with one entry per batch item".to_owned(),
        )),
    }
}

/// A batch response that is not the array expected.
fn not_an_array(status: u16, body: &[u8], message: String) -> Error {
    Error::Decode {
        status,
        message,
        body_excerpt: body_excerpt(body),
        usage: None,
        call: None,
    }
}

/// Reads a batch response as the exchange would: checked, then read as a
/// JSON array, one entry per item.
#[cfg(test)]
fn decode_envelope(status: u16, body: &[u8]) -> Result<Vec<Value>> {
    check_envelope(status, body)?;
    serde_json::from_slice(body).map_err(|e| {
        not_an_array(
            status,
            body,
            format!("the batch response is not valid JSON: {e}"),
        )
    })
}

/// What the batch request's own response said, shared by its items.
struct Outer {
    status: u16,
    fbtrace_id: Option<String>,
    attempts: u32,
}

/// One item's entry in the batch response, kept undecoded until its slot
/// says what type to decode it into.
enum Outcome {
    /// `{"code": .., "headers": [..], "body": ".."}`.
    Answered {
        status: u16,
        usage: RateLimitUsage,
        fbtrace_id: Option<String>,
        attempts: u32,
        body: Vec<u8>,
    },
    /// An entry that is not such an object, read as a decode error.
    Malformed {
        status: u16,
        message: String,
        body_excerpt: String,
    },
    /// `null`, or never sent because an earlier request failed.
    NotProcessed,
    /// The request carrying the item failed as a whole.
    RequestFailed(Arc<Error>),
}

impl Outcome {
    fn from_entry(entry: Value, outer: &Outer) -> Self {
        let malformed = |message: &str, entry: &Value| Self::Malformed {
            status: outer.status,
            message: message.to_owned(),
            body_excerpt: body_excerpt(entry.to_string().as_bytes()),
        };
        let mut entry = match entry {
            Value::Null => return Self::NotProcessed,
            Value::Object(entry) => entry,
            other => return malformed("a batch response entry is not an object", &other),
        };
        let Some(status) = entry
            .get("code")
            .and_then(Value::as_u64)
            .and_then(|code| u16::try_from(code).ok())
            .filter(|code| (100..600).contains(code))
        else {
            return malformed(
                "a batch response entry has no HTTP status `code`",
                &Value::Object(entry),
            );
        };
        let headers = item_headers(entry.get("headers"));
        let body = match entry.remove("body") {
            Some(Value::String(text)) => text.into_bytes(),
            None | Some(Value::Null) => Vec::new(),
            // Graph sends the body as JSON text; take JSON itself as meant.
            Some(other) => other.to_string().into_bytes(),
        };
        let fbtrace_id = headers
            .get(TRACE_ID_HEADER)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
            .or_else(|| outer.fbtrace_id.clone());
        Self::Answered {
            status,
            usage: RateLimitUsage::from_headers(&headers),
            fbtrace_id,
            attempts: outer.attempts,
            body,
        }
    }

    /// The HTTP status the item came with, for `Debug`.
    fn status(&self) -> Option<u16> {
        match self {
            Self::Answered { status, .. } => Some(*status),
            Self::Malformed { .. } | Self::NotProcessed | Self::RequestFailed(_) => None,
        }
    }
}

/// An entry's `headers`, `[{"name": .., "value": ..}]`, as a header map.
/// Entries that are not a valid header are skipped: headers are advisory.
fn item_headers(headers: Option<&Value>) -> HeaderMap {
    let mut map = HeaderMap::new();
    for header in headers.and_then(Value::as_array).into_iter().flatten() {
        let text = |key: &str| header.get(key).and_then(Value::as_str);
        let (Some(name), Some(value)) = (text("name"), text("value")) else {
            continue;
        };
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            map.append(name, value);
        }
    }
    map
}

/// What a sent [`Batch`] got back: each item's outcome, read with its
/// [`BatchSlot`].
///
/// Each item decodes on its own into its slot's type, exactly as the same
/// call sent alone would: a Graph error in an item is its
/// [`Error::Graph`] (code, subcode, `fbtrace_id`), an unexpected body its
/// [`Error::Decode`], and an item Graph did not process (`null`) is
/// [`Error::BatchItemNotProcessed`].
///
/// `Debug` shows each item's HTTP status only, not the bodies.
pub struct BatchResults {
    /// For its secrets, scrubbed from item errors.
    client: Client,
    batch: u64,
    outcomes: Vec<Outcome>,
    requests: usize,
}

impl BatchResults {
    /// The item's decoded result. Decodes anew on each call.
    ///
    /// # Errors
    ///
    /// The item's own failure, as [`get_full`](Self::get_full) says.
    pub fn get<T: DeserializeOwned>(&self, slot: &BatchSlot<T>) -> Result<T> {
        self.get_full(slot).map(Response::into_value)
    }

    /// The item's decoded result with what its response said: the item's
    /// HTTP status, its rate-limit usage (from the `X-Business-Use-Case-Usage`
    /// and `X-App-Usage` headers Graph returned for it; empty with
    /// [`Batch::include_headers`] `false`), its `x-fb-trace-id` (or, without
    /// one, the batch request's), and how many attempts the batch request
    /// took. Decodes anew on each call.
    ///
    /// # Errors
    ///
    /// As the same call sent alone: [`Error::Graph`] for a Graph error in
    /// the item's body, [`Error::Decode`] for a body that is not what the
    /// operation documents, not JSON, or comes with a non-2xx `code` without
    /// a Graph error (and for an entry that is not an item response at
    /// all), [`Error::Unsuccessful`] for `success: false`. Besides:
    /// [`Error::BatchItemNotProcessed`] when Graph did not process the item
    /// (or it was never sent), [`Error::BatchRequestFailed`] when the
    /// request carrying it failed after earlier ones had run, and
    /// [`Error::InvalidRequest`] for a slot of another batch.
    pub fn get_full<T: DeserializeOwned>(&self, slot: &BatchSlot<T>) -> Result<Response<T>> {
        if slot.batch != self.batch {
            return Err(Error::InvalidRequest(format!(
                "the slot of item {} belongs to another batch",
                slot.index
            )));
        }
        let Some(outcome) = self.outcomes.get(slot.index) else {
            return Err(Error::InvalidRequest(format!(
                "the batch has no item {}",
                slot.index
            )));
        };
        let secrets = &self.client.inner().secrets;
        match outcome {
            Outcome::Answered {
                status,
                usage,
                fbtrace_id,
                attempts,
                body,
            } => match decode::<T>(*status, body) {
                Ok(value) => Ok(Response {
                    value,
                    status: *status,
                    usage: usage.clone(),
                    fbtrace_id: fbtrace_id.clone(),
                    attempts: *attempts,
                }),
                Err(error) => Err(error
                    .with_response(*status, usage, fbtrace_id.as_deref())
                    .redact(secrets)),
            },
            Outcome::Malformed {
                status,
                message,
                body_excerpt,
            } => Err(Error::Decode {
                status: *status,
                message: message.clone(),
                body_excerpt: body_excerpt.clone(),
                usage: None,
                call: None,
            }
            .redact(secrets)),
            Outcome::NotProcessed => Err(Error::BatchItemNotProcessed),
            Outcome::RequestFailed(error) => Err(Error::BatchRequestFailed(Arc::clone(error))),
        }
    }

    /// How many items the batch had.
    pub fn len(&self) -> usize {
        self.outcomes.len()
    }

    /// Whether the batch had no item.
    pub fn is_empty(&self) -> bool {
        self.outcomes.is_empty()
    }

    /// How many HTTP requests were sent: one per
    /// [`Batch::MAX_ITEMS_PER_REQUEST`] items or fewer, none for an empty
    /// batch.
    pub fn requests(&self) -> usize {
        self.requests
    }
}

impl fmt::Debug for BatchResults {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let statuses: Vec<Option<u16>> = self.outcomes.iter().map(Outcome::status).collect();
        f.debug_struct("BatchResults")
            .field("requests", &self.requests)
            .field("statuses", &statuses)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::api::WabaTask;

    /// A new client: building one (its HTTP client) is slow.
    fn fresh_client() -> Client {
        Client::builder()
            .access_token("TOKEN")
            .base_url("http://h")
            .build()
            .unwrap()
    }

    /// One client shared by the tests (clones share their identity).
    fn client() -> Client {
        static CLIENT: std::sync::OnceLock<Client> = std::sync::OnceLock::new();
        CLIENT.get_or_init(fresh_client).clone()
    }

    /// The chunks as `(start, end)` pairs.
    fn ranges(
        needs: &[Vec<usize>],
        max: usize,
    ) -> std::result::Result<Vec<(usize, usize)>, String> {
        let needs: Vec<&[usize]> = needs.iter().map(Vec::as_slice).collect();
        let chunks = chunks(&needs, max)?;
        Ok(chunks
            .into_iter()
            .map(|range| (range.start, range.end))
            .collect())
    }

    fn independent(count: usize) -> Vec<Vec<usize>> {
        vec![Vec::new(); count]
    }

    #[test]
    fn independent_items_fill_requests_of_fifty_in_order() {
        assert_eq!(ranges(&[], 50), Ok(vec![]));
        assert_eq!(ranges(&independent(1), 50), Ok(vec![(0, 1)]));
        assert_eq!(ranges(&independent(50), 50), Ok(vec![(0, 50)]));
        assert_eq!(ranges(&independent(51), 50), Ok(vec![(0, 50), (50, 51)]));
        assert_eq!(
            ranges(&independent(120), 50),
            Ok(vec![(0, 50), (50, 100), (100, 120)])
        );
        assert_eq!(ranges(&independent(3), 1), Ok(vec![(0, 1), (1, 2), (2, 3)]));
    }

    #[test]
    fn linked_items_stay_in_one_request() {
        // 55 needs 45: no cut between 46 and 55.
        let mut needs = independent(120);
        needs[55] = vec![45];
        assert_eq!(ranges(&needs, 50), Ok(vec![(0, 45), (45, 95), (95, 120)]));
        // A link inside the first fifty changes nothing.
        let mut needs = independent(120);
        needs[49] = vec![0, 10];
        assert_eq!(ranges(&needs, 50), Ok(vec![(0, 50), (50, 100), (100, 120)]));
        // A link right across a cut moves it back to just before the target.
        let mut needs = independent(60);
        needs[50] = vec![49];
        needs[52] = vec![50];
        assert_eq!(ranges(&needs, 50), Ok(vec![(0, 49), (49, 60)]));
    }

    #[test]
    fn linked_items_too_far_apart_are_refused() {
        let mut needs = independent(70);
        needs[60] = vec![0];
        let message = ranges(&needs, 50).unwrap_err();
        assert!(message.contains("item 60 depends on item 0"), "{message}");
        assert!(message.contains("at most 50"), "{message}");

        // A chain of 51 links, each on the previous item.
        let needs: Vec<Vec<usize>> = (0..51)
            .map(|index| if index == 0 { vec![] } else { vec![index - 1] })
            .collect();
        let message = ranges(&needs, 50).unwrap_err();
        assert!(message.contains("item 50 depends on item 49"), "{message}");
        // Fifty of them fit.
        assert_eq!(ranges(&needs[..50], 50), Ok(vec![(0, 50)]));
    }

    #[test]
    fn json_paths() {
        for good in ["$", "$.id", "$.data.0.id", "$.data.*.id", "$.data[0].a_b-c"] {
            assert!(is_json_path(good), "{good}");
        }
        for bad in [
            "",
            "id",
            "$.id}",
            "$.a&b=c",
            "$.a b",
            "$.\"x\"",
            "$.é",
            "{result=x:$.id}",
        ] {
            assert!(!is_json_path(bad), "{bad}");
        }
    }

    #[test]
    fn references_are_sent_raw_and_make_the_item_depend_on_its_target() {
        let client = client();
        let waba = client.whatsapp_business_account("W");
        let mut batch = client.batch();
        let created = batch.add(waba.create_phone_number().cc("1"));
        let id = batch.result_ref(&created, "$.id");
        assert_eq!(id, "{result=item0:$.id}");
        let star = batch.result_ref(&created, "$.data.*.id");
        // In a path segment, a query and a form body.
        let read = batch.add(client.whatsapp_business_account(id.clone()).get());
        let list = batch.add(waba.assigned_users(star.clone()));
        let write = batch.add(waba.add_assigned_user(id.clone(), [WabaTask::Manage]));
        let plain = batch.add(waba.get());
        assert_eq!(batch.problem, None);

        let wire = |index: usize| batch.items[index].wire.clone().unwrap();
        assert_eq!(wire(read.index()).relative_url, "v23.0/{result=item0:$.id}");
        assert_eq!(
            wire(list.index()).relative_url,
            "v23.0/W/assigned_users?business={result=item0:$.data.*.id}"
        );
        assert_eq!(
            wire(write.index()).body.as_deref(),
            Some("user={result=item0:$.id}&tasks=%5B%22MANAGE%22%5D")
        );
        assert_eq!(batch.items[0].name.as_deref(), Some("item0"));
        for slot in [read.index(), list.index(), write.index()] {
            assert_eq!(batch.items[slot].needs, [0], "{slot}");
            assert_eq!(batch.items[slot].name, None);
        }
        assert!(batch.items[plain.index()].needs.is_empty());
        // One reference given out twice is recorded once.
        batch.result_ref(&created, "$.id");
        assert_eq!(batch.references.len(), 2);
    }

    #[test]
    fn depends_on_names_the_earlier_item() {
        let client = client();
        let waba = client.whatsapp_business_account("W");
        let mut batch = client.batch();
        let first = batch.add(waba.get());
        let second = batch.add_after(&first, waba.get());
        assert_eq!(batch.problem, None);
        assert_eq!(batch.items[0].name.as_deref(), Some("item0"));
        assert_eq!(batch.items[second.index()].depends_on, Some(0));
        assert_eq!(batch.items[second.index()].needs, [0]);
    }

    /// The mistake `send` would report.
    fn problem(batch: &Batch) -> &str {
        batch.problem.as_deref().unwrap_or_default()
    }

    #[test]
    fn references_to_anything_but_an_earlier_item_of_the_batch_are_refused() {
        let client = client();
        let waba = client.whatsapp_business_account("W");

        let mut other = client.batch();
        let foreign = other.add(waba.get());
        let mut batch = client.batch();
        batch.add(waba.get());
        batch.result_ref(&foreign, "$.id");
        assert!(problem(&batch).contains("another batch"), "{batch:?}");

        let mut batch = client.batch();
        batch.add(waba.get());
        batch.add_after(&foreign, waba.get());
        assert!(problem(&batch).contains("another batch"), "{batch:?}");

        // A slot of this batch at or after the item being added: only a
        // forged slot can be, but the check holds regardless.
        let mut batch = client.batch();
        let later: BatchSlot<Value> = BatchSlot {
            batch: batch.id,
            index: 0,
            output: PhantomData,
        };
        batch.add_after(&later, waba.get());
        assert!(problem(&batch).contains("earlier item"), "{batch:?}");
        let mut batch = client.batch();
        let later: BatchSlot<Value> = BatchSlot {
            batch: batch.id,
            index: 0,
            output: PhantomData,
        };
        batch.result_ref(&later, "$.id");
        assert!(problem(&batch).contains("earlier item"), "{batch:?}");

        // A reference this batch did not give out, by hand or from another batch.
        let mut batch = client.batch();
        batch.add(waba.get());
        batch.add(
            client
                .whatsapp_business_account("{result=item0:$.id}")
                .get(),
        );
        assert!(problem(&batch).contains("did not make"), "{batch:?}");
        let mut batch = client.batch();
        batch.add(waba.get());
        let reference = other.result_ref(&foreign, "$.id");
        batch.add(waba.assigned_users(format!("x{}", reference.replace("item0", "item9"))));
        assert!(problem(&batch).contains("did not make"), "{batch:?}");

        let mut batch = client.batch();
        let first = batch.add(waba.get());
        batch.result_ref(&first, "$.id}&user=1");
        assert!(problem(&batch).contains("JSONPath"), "{batch:?}");
    }

    #[test]
    fn items_from_another_client_or_with_a_bad_path_are_refused() {
        let client = client();
        let mut batch = client.batch();
        batch.add(client.clone().whatsapp_business_account("W").get());
        assert_eq!(batch.problem, None);
        batch.add(fresh_client().whatsapp_business_account("W").get());
        assert!(problem(&batch).contains("another client"), "{batch:?}");

        let mut batch = client.batch();
        batch.add(client.whatsapp_business_account("..").get());
        assert!(problem(&batch).contains("item 0"), "{batch:?}");
        assert!(problem(&batch).contains("not a valid ID"), "{batch:?}");
    }

    #[tokio::test]
    async fn mistakes_fail_send_before_anything_is_sent() {
        // Nothing listens on port 9 of loopback: reaching it would be a transport error.
        let client = Client::builder()
            .access_token("TOKEN")
            .base_url("http://127.0.0.1:9")
            .build()
            .unwrap();
        let mut batch = client.batch();
        batch.add(client.whatsapp_business_account("W").get());
        batch.add(client.whatsapp_business_account(".").assigned_users("B"));
        let error = batch.send().await.unwrap_err();
        assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");

        let results = client.batch().send().await.unwrap();
        assert!(results.is_empty());
        assert_eq!((results.len(), results.requests()), (0, 0));

        let mut batch = client.batch();
        let waba = client.whatsapp_business_account("W");
        let first = batch.add(waba.get());
        for _ in 0..60 {
            batch.add(waba.get());
        }
        let id = batch.result_ref(&first, "$.id");
        batch.add(client.whatsapp_business_account(id).get());
        let error = batch.send().await.unwrap_err();
        let Error::InvalidRequest(message) = &error else {
            panic!("{error:?}")
        };
        assert!(message.contains("item 61 depends on item 0"), "{message}");
    }

    #[test]
    fn sending_a_batch_is_send_and_static() {
        fn assert_send_sync<T: Send + Sync + 'static>(_: &T) {}
        fn assert_send<T: Send + 'static>(_: &T) {}
        let client = client();
        let mut batch = client.batch();
        batch.add(client.whatsapp_business_account("W").get());
        assert_send_sync(&batch);
        assert_send(&batch.send());
        let results = results(vec![]);
        assert_send_sync(&results);
    }

    fn outer() -> Outer {
        Outer {
            status: 200,
            fbtrace_id: Some("OUTER".into()),
            attempts: 2,
        }
    }

    fn results(entries: Vec<Value>) -> BatchResults {
        let outer = outer();
        BatchResults {
            client: client(),
            batch: 7,
            outcomes: entries
                .into_iter()
                .map(|entry| Outcome::from_entry(entry, &outer))
                .collect(),
            requests: 1,
        }
    }

    fn slot<T>(index: usize) -> BatchSlot<T> {
        BatchSlot {
            batch: 7,
            index,
            output: PhantomData,
        }
    }

    #[test]
    fn entries_decode_one_by_one() {
        let results = results(vec![
            json!({"code": 200, "headers": [
                {"name": "X-App-Usage", "value": "{\"call_count\":7}"},
                {"name": "x-fb-trace-id", "value": "ITEM"},
                {"name": "bad name", "value": "x"},
                {"value": "no name"},
            ], "body": "{\"id\":\"1\"}"}),
            json!({"code": 400, "body": "{\"error\":{\"code\":100,\"error_subcode\":33,\"message\":\"TOKEN\",\"fbtrace_id\":\"T\"}}"}),
            json!(null),
            json!({"code": 200, "body": "<html>"}),
            json!({"code": 200, "body": {"id": "2"}}),
            json!({"code": 99, "body": "{}"}),
            json!("text"),
        ]);
        let first = results.get_full::<Value>(&slot(0)).unwrap();
        assert_eq!(first.value, json!({"id": "1"}));
        assert_eq!(first.status, 200);
        assert_eq!(first.fbtrace_id.as_deref(), Some("ITEM"));
        assert_eq!(first.usage.app.and_then(|app| app.call_count), Some(7));
        assert_eq!(first.attempts, 2);

        let error = results.get::<Value>(&slot(1)).unwrap_err();
        let graph = error.graph().unwrap();
        assert_eq!(
            (graph.status, graph.code.code(), graph.subcode),
            (400, 100, Some(33))
        );
        assert_eq!(graph.fbtrace_id.as_deref(), Some("T"));
        // Secrets echoed by the server are scrubbed, as for a call sent alone.
        assert_eq!(graph.message, "***");

        let error = results.get::<Value>(&slot(2)).unwrap_err();
        assert!(matches!(error, Error::BatchItemNotProcessed), "{error:?}");
        assert!(error.is_retryable());

        let error = results.get::<Value>(&slot(3)).unwrap_err();
        assert!(
            matches!(&error, Error::Decode { status: 200, body_excerpt, .. } if body_excerpt == "<html>"),
            "{error:?}"
        );
        // Without its own trace ID an item gets the batch request's.
        let fourth = results.get_full::<Value>(&slot(4)).unwrap();
        assert_eq!(fourth.value, json!({"id": "2"}));
        assert_eq!(fourth.fbtrace_id.as_deref(), Some("OUTER"));
        assert!(fourth.usage.is_empty());

        for index in [5, 6] {
            let error = results.get::<Value>(&slot(index)).unwrap_err();
            assert!(
                matches!(error, Error::Decode { status: 200, .. }),
                "{error:?}"
            );
        }
        let error = results.get::<Value>(&slot(7)).unwrap_err();
        assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
        let foreign: BatchSlot<Value> = BatchSlot {
            batch: 8,
            index: 0,
            output: PhantomData,
        };
        let error = results.get(&foreign).unwrap_err();
        assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
        let debug = format!("{results:?}");
        assert!(!debug.contains("TOKEN") && debug.contains("400"), "{debug}");
    }

    #[test]
    fn envelopes_that_are_not_an_array_fail_the_batch() {
        assert_eq!(
            decode_envelope(200, b" [null, {\"code\":200}]").unwrap(),
            [json!(null), json!({"code": 200})]
        );
        let error = decode_envelope(200, br#"{"error":{"code":190,"message":"m"}}"#).unwrap_err();
        assert_eq!(error.code().map(|code| code.code()), Some(190));
        let error = decode_envelope(502, b"<html>Bad Gateway</html>").unwrap_err();
        assert!(
            matches!(error, Error::Decode { status: 502, .. }),
            "{error:?}"
        );
        assert!(error.is_transient());
        for body in [&b"{\"id\":\"1\"}"[..], b"5", b"", b"[1,", b"null"] {
            let error = decode_envelope(200, body).unwrap_err();
            assert!(
                matches!(error, Error::Decode { status: 200, .. }),
                "{error:?}"
            );
        }
        let error = decode_envelope(200, br#"{"success":false}"#).unwrap_err();
        assert!(matches!(error, Error::Unsuccessful { .. }), "{error:?}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        #[test]
        fn any_envelope_decodes_without_panicking(
            status in 100u16..600,
            body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..256),
        ) {
            let _ = decode_envelope(status, &body);
        }

        #[test]
        fn any_entry_decodes_without_panicking(
            code in proptest::prelude::any::<i64>(),
            body in ".{0,40}",
            header_name in ".{0,12}",
            header_value in ".{0,12}",
            shape in 0u8..4,
        ) {
            let entry = match shape {
                0 => json!({"code": code, "body": body, "headers": [{"name": header_name, "value": header_value}]}),
                1 => json!({"code": code, "headers": header_value}),
                2 => json!([code, body]),
                _ => json!({"code": header_name, "body": {"error": {"code": code}}}),
            };
            let results = results(vec![entry]);
            let _ = results.get::<Value>(&slot(0)).map_err(|error| error.to_string());
            let _ = results
                .get::<crate::Page<Value>>(&slot(0))
                .map_err(|error| error.to_string());
        }
    }
}
