//! The HTTP side: a hyper server on loopback that routes each request to
//! an operation of the route image, applies faults, checks the token and
//! the parameters, runs the operation on the state, and answers with
//! Graph's headers.

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming as HyperBody};
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{HeaderMap, Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::batch;
use crate::engine::{Answer, Call};
use crate::faults::{Fault, Faults};
use crate::graph_error::{GraphError, trace_id};
use crate::image::{Image, Location, PathPart, Route};
use crate::journal::{self, JournalEntry};
use crate::params::{self, Body, Incoming};
use crate::store::Store;
use crate::usage::Usage;
use crate::webhooks::{self, Delivery, WebhookTarget};

/// The body type of every answer.
pub type AnswerBody = BoxBody<Bytes, std::io::Error>;

/// Everything the server shares between connections.
pub struct Shared {
    pub image: &'static Image,
    pub store: Mutex<Store>,
    pub journal: Mutex<Vec<JournalEntry>>,
    pub faults: Mutex<Faults>,
    pub usage: Mutex<Usage>,
    pub tokens: Mutex<Vec<String>>,
    pub app_secret: Option<String>,
    pub webhook: Option<WebhookTarget>,
    pub deliveries: Arc<Mutex<Vec<Delivery>>>,
    pub webhook_client: reqwest::Client,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
}

/// Locks a mutex, carrying on with the data if a panicking thread held it:
/// the state stays usable for the rest of a test.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Accepts connections until `stop` changes.
pub async fn serve(listener: TcpListener, shared: Arc<Shared>, mut stop: watch::Receiver<bool>) {
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stop.changed() => return,
        };
        let Ok((stream, _)) = accepted else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let shared = shared.clone();
        let mut stop = stop.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| handle(shared.clone(), request));
            let connection = http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), service);
            tokio::select! {
                _ = connection => {}
                _ = stop.changed() => {}
            }
        });
    }
}

/// A cut connection: hyper closes it without answering.
#[derive(Debug)]
pub struct Reset;

impl std::fmt::Display for Reset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection reset by fault injection")
    }
}

impl std::error::Error for Reset {}

/// A request, read whole.
struct Received {
    method: Method,
    raw_path: String,
    segments: Vec<String>,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
}

async fn handle(
    shared: Arc<Shared>,
    request: Request<HyperBody>,
) -> Result<Response<AnswerBody>, Reset> {
    let (parts, body) = request.into_parts();
    let body = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return Err(Reset),
    };
    let query: Vec<(String, String)> = parts
        .uri
        .query()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default();
    let raw_path = parts.uri.path().to_owned();
    let segments = raw_path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(percent_decode)
        .collect();
    let received = Received {
        method: parts.method,
        raw_path,
        segments,
        query,
        headers: parts.headers,
        body,
    };
    let (outcome, operation) = answer(&shared, &received).await;
    let status = match &outcome {
        Ok(response) => Some(response.status().as_u16()),
        Err(Reset) => None,
    };
    record(&shared, &received, operation, status, None);
    outcome
}

fn percent_decode(segment: &str) -> String {
    url::form_urlencoded::parse(format!("s={}", segment.replace('+', "%2B")).as_bytes())
        .next()
        .map_or_else(|| segment.to_owned(), |(_, v)| v.into_owned())
}

fn record(
    shared: &Shared,
    received: &Received,
    operation: Option<String>,
    status: Option<u16>,
    batch_item: Option<usize>,
) {
    let token = bearer(&received.headers);
    let content_type = received
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let body = String::from_utf8_lossy(&received.body);
    let entry = JournalEntry {
        method: received.method.to_string(),
        path: received.raw_path.clone(),
        query: journal::redact_pairs(&received.query),
        body: journal::redact_body(
            &body,
            content_type.starts_with("application/x-www-form-urlencoded"),
            token.as_deref(),
        ),
        headers: received
            .headers
            .iter()
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes());
                (
                    name.as_str().to_owned(),
                    journal::redact_header(name.as_str(), &value),
                )
            })
            .collect(),
        operation,
        status,
        batch_item,
    };
    lock(&shared.journal).push(entry);
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    headers
        .get(hyper::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("OAuth "))
        })
        .map(|t| t.trim().to_owned())
}

/// Whether a path segment is a version, `v23.0`.
fn is_version(segment: &str) -> bool {
    segment
        .strip_prefix('v')
        .and_then(|rest| rest.split_once('.'))
        .is_some_and(|(major, minor)| {
            !major.is_empty()
                && !minor.is_empty()
                && major.bytes().all(|b| b.is_ascii_digit())
                && minor.bytes().all(|b| b.is_ascii_digit())
        })
}

/// The routing of a request: the operation, or the error Graph gives.
struct Routed<'a> {
    route: Result<&'a Route, GraphError>,
    owner: String,
    path_params: Vec<(String, String)>,
}

/// Finds the operation for `segments` (after the version): the stored
/// node's type, the edge, the rest of the path, the method; when several
/// share all of these (delete by name, by ID or by IDs), the one whose
/// required parameters the request has.
fn route<'a>(
    shared: &'a Shared,
    received: &Received,
    segments: &[String],
    body: &Body,
) -> Routed<'a> {
    let owner = segments.first().cloned().unwrap_or_default();
    let edge = segments.get(1).cloned().unwrap_or_default();
    let rest = segments.get(2..).unwrap_or(&[]);
    let fail = |error| Routed {
        route: Err(error),
        owner: owner.clone(),
        path_params: Vec::new(),
    };
    let node_type = match lock(&shared.store).get(&owner) {
        Some(node) => node.node_type.clone(),
        None => return fail(GraphError::unsupported(received.method.as_str(), &owner)),
    };
    let image = shared.image;
    if !image.has_edge(&node_type, &edge) {
        if edge.is_empty() {
            return fail(GraphError::unsupported(received.method.as_str(), &owner));
        }
        return fail(GraphError::unknown_path(&format!("/{edge}")));
    }
    let mut candidates: Vec<(&Route, Vec<(String, String)>)> = image
        .routes(&node_type, &edge)
        .filter(|r| r.method == received.method.as_str())
        .filter_map(|r| match_path(r, rest).map(|params| (r, params)))
        .collect();
    if candidates.is_empty() {
        return fail(if rest.is_empty() {
            GraphError::unsupported(received.method.as_str(), &owner)
        } else {
            GraphError::unknown_path(&format!("/{edge}/{}", rest.join("/")))
        });
    }
    let sent = |name: &str| {
        received.query.iter().any(|(n, _)| n == name)
            || body.text(name).is_some()
            || matches!(body, Body::Multipart { files, .. } if files.iter().any(|(n, _)| n == name))
    };
    // Fewest required parameters missing, then most required parameters
    // matched: `hsm_id` + `name` wins over `name` alone when both came.
    candidates.sort_by_key(|(route, _)| {
        let required = route
            .params
            .iter()
            .filter(|p| p.required && !matches!(p.location, Location::Path | Location::Url));
        let missing = required.clone().filter(|p| !sent(&p.name)).count();
        (missing, usize::MAX - required.count())
    });
    let (route, path_params) = candidates.swap_remove(0);
    Routed {
        route: Ok(route),
        owner,
        path_params,
    }
}

/// Matches the segments after the edge against a route's `path`.
fn match_path(route: &Route, rest: &[String]) -> Option<Vec<(String, String)>> {
    if route.path.len() != rest.len() {
        return None;
    }
    let mut params = Vec::new();
    for (part, segment) in route.path.iter().zip(rest) {
        match part {
            PathPart::Literal(text) if text == segment => {}
            PathPart::Literal(_) => return None,
            PathPart::Param(name) => params.push((name.clone(), segment.clone())),
        }
    }
    Some(params)
}

/// `v23.0` and the segments after it; the image's version and all of
/// them when the path does not start with a version.
fn split_version<'s>(shared: &Shared, segments: &'s [String]) -> (String, &'s [String]) {
    match segments.split_first() {
        Some((first, rest)) if is_version(first) => (first.clone(), rest),
        _ => (shared.image.version.clone(), segments),
    }
}

/// The answer to one request, and the operation it was routed to.
async fn answer(
    shared: &Shared,
    received: &Received,
) -> (Result<Response<AnswerBody>, Reset>, Option<String>) {
    let segments: &[String] = &received.segments;
    if segments.first().is_some_and(|s| s == "_media") {
        return (Ok(download(shared, received, segments.get(1))), None);
    }
    let (version, segments) = split_version(shared, segments);
    if segments.is_empty() && received.method == Method::POST {
        return (batch(shared, received, &version).await, None);
    }
    call(shared, received, segments, &version).await
}

/// One call of an operation: alone, or an item of a batch.
async fn call(
    shared: &Shared,
    received: &Received,
    segments: &[String],
    version: &str,
) -> (Result<Response<AnswerBody>, Reset>, Option<String>) {
    let content_type = received
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    // A body that does not decode is reported after routing and the token.
    let body = Body::decode(content_type, received.body.clone()).await;
    let empty = Body::None;
    let routed = route(shared, received, segments, body.as_ref().unwrap_or(&empty));
    let operation = routed.route.as_ref().ok().map(|r| r.name.clone());
    let fault = lock(&shared.faults).take(operation.as_deref());
    let headers = usage(shared, Some(&routed.owner), fault.as_ref());
    if let Some(early) = before(fault.as_ref(), &headers).await {
        return (early, operation);
    }
    let response = match run(shared, received, routed, body, version) {
        Ok(response) => response,
        Err(error) => error_response(&error),
    };
    (Ok(headers.apply(after(fault, response).await)), operation)
}

/// Counts a call on `owner` and returns the usage headers to answer with.
fn usage(shared: &Shared, owner: Option<&str>, fault: Option<&Fault>) -> GraphHeaders {
    let throttled = match fault {
        Some(Fault::Throttle { wait_minutes, .. }) => Some(*wait_minutes),
        _ => None,
    };
    let (app_usage, business_usage) = lock(&shared.usage).count(owner, throttled);
    GraphHeaders {
        app_usage,
        business_usage,
    }
}

/// What a fault answers instead of the call, if anything (a delay waits,
/// then lets the call run).
async fn before(
    fault: Option<&Fault>,
    headers: &GraphHeaders,
) -> Option<Result<Response<AnswerBody>, Reset>> {
    let error = match fault? {
        Fault::Delay(delay) => {
            tokio::time::sleep(*delay).await;
            return None;
        }
        Fault::Throttle { code, .. } => GraphError::throttled(*code),
        Fault::ServerError { status } => GraphError::transient(*status),
        Fault::ExpiredToken => GraphError::expired_token(),
        Fault::Graph(error) => error.clone(),
        Fault::ConnectionReset => return Some(Err(Reset)),
        Fault::TooManyRequests { retry_after_secs } => {
            let mut response = headers.apply(raw(
                429,
                "text/plain",
                Bytes::from_static(b"Too Many Requests"),
            ));
            if let Ok(value) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                response.headers_mut().insert("retry-after", value);
            }
            return Some(Ok(response));
        }
        Fault::MalformedJson => {
            let body = Bytes::from_static(b"<html><body>Service Unavailable</body></html>{");
            return Some(Ok(headers.apply(raw(200, "application/json", body))));
        }
        _ => return None,
    };
    Some(Ok(headers.apply(error_response(&error))))
}

/// The answer as a fault that spoils answers makes it.
async fn after(fault: Option<Fault>, response: Response<AnswerBody>) -> Response<AnswerBody> {
    match fault {
        Some(Fault::TruncatedJson) => truncate(response).await,
        Some(Fault::SlowBody(delay)) => slow(response, delay).await,
        _ => response,
    }
}

/// A batch request: faults and usage as for any call, then the items.
async fn batch(
    shared: &Shared,
    received: &Received,
    version: &str,
) -> Result<Response<AnswerBody>, Reset> {
    let fault = lock(&shared.faults).take(None);
    let headers = usage(shared, None, fault.as_ref());
    if let Some(early) = before(fault.as_ref(), &headers).await {
        return early;
    }
    let response = match run_batch(shared, received, version).await {
        Ok(entries) => json_response(200, &Value::Array(entries)),
        Err(error) => error_response(&error),
    };
    Ok(headers.apply(after(fault, response).await))
}

/// The token, then each item in order, served by [`call`] as a request of
/// its own: the answer's entries, `null` for items not run.
async fn run_batch(
    shared: &Shared,
    received: &Received,
    version: &str,
) -> Result<Vec<Value>, GraphError> {
    let content_type = received
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let body = Body::decode(content_type, received.body.clone()).await?;
    let token = authorize(shared, received, &body)?;
    let incoming = Incoming {
        query: &received.query,
        headers: &received.headers,
        body: &body,
        path: &[],
    };
    let include_headers = incoming
        .text("include_headers")
        .is_none_or(|v| v != "false");
    let items = batch::parse(incoming.text("batch").as_deref())?;
    // By name: the JSON result of an item that succeeded, `None` for one
    // that failed or did not run.
    let mut results: HashMap<String, Option<Value>> = HashMap::new();
    let mut entries = Vec::with_capacity(items.len());
    for (index, item) in items.into_iter().enumerate() {
        let answered = match item {
            Ok(item) => {
                let answered =
                    run_item(shared, received, &token, version, index, &item, &results).await;
                let succeeded = answered.as_ref().filter(|a| (200..300).contains(&a.status));
                if let Some(name) = &item.name {
                    let result = succeeded
                        .map(|a| serde_json::from_slice::<Value>(&a.body).unwrap_or(Value::Null));
                    results.insert(name.clone(), result);
                }
                if item.omit_response_on_success && succeeded.is_some() {
                    None
                } else {
                    answered
                }
            }
            Err(error) => ItemAnswer::from(error_response(&error)).await,
        };
        entries.push(answered.map_or(Value::Null, |a| a.entry(include_headers)));
    }
    Ok(entries)
}

/// The answer to one item of a batch.
struct ItemAnswer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Bytes,
}

impl ItemAnswer {
    async fn from(response: Response<AnswerBody>) -> Option<ItemAnswer> {
        let (parts, body) = response.into_parts();
        let body = body.collect().await.ok()?.to_bytes();
        let headers = parts
            .headers
            .iter()
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                (name.as_str().to_owned(), value)
            })
            .collect();
        Some(ItemAnswer {
            status: parts.status.as_u16(),
            headers,
            body,
        })
    }

    /// `{code, headers, body}`, the body as JSON text.
    fn entry(self, include_headers: bool) -> Value {
        let mut entry = serde_json::Map::new();
        entry.insert("code".to_owned(), Value::from(self.status));
        if include_headers {
            let headers = self
                .headers
                .into_iter()
                .map(|(name, value)| serde_json::json!({ "name": name, "value": value }))
                .collect();
            entry.insert("headers".to_owned(), Value::Array(headers));
        }
        let body = String::from_utf8_lossy(&self.body).into_owned();
        entry.insert("body".to_owned(), Value::from(body));
        Value::Object(entry)
    }
}

/// Runs one item, once the items it depends on succeeded (`None`, not
/// run, when one did not), with their results put in its place, as a
/// request of its own with the batch's credentials.
async fn run_item(
    shared: &Shared,
    received: &Received,
    token: &str,
    version: &str,
    index: usize,
    item: &batch::Item,
    results: &HashMap<String, Option<Value>>,
) -> Option<ItemAnswer> {
    let mut needs = item.depends_on.iter().cloned().collect::<Vec<_>>();
    needs.extend(batch::referenced(&item.relative_url));
    needs.extend(
        item.body
            .as_deref()
            .map(batch::referenced)
            .unwrap_or_default(),
    );
    for name in &needs {
        match results.get(name) {
            Some(Some(_)) => {}
            Some(None) => return None,
            None => {
                let error = GraphError::param(format!(
                    "Batch request {index} depends on `{name}`, which names no earlier request"
                ));
                return ItemAnswer::from(error_response(&error)).await;
            }
        }
    }
    let lookup = |name: &str| results.get(name).and_then(Option::as_ref);
    let substituted = batch::substitute(&item.relative_url, lookup).and_then(|url| {
        let body = item
            .body
            .as_deref()
            .map(|b| batch::substitute(b, lookup))
            .transpose()?;
        Ok((url, body))
    });
    let method = Method::from_bytes(item.method.as_bytes())
        .map_err(|_| GraphError::param(format!("Unsupported method {}", item.method)));
    let ((url, body), method) = match (substituted, method) {
        (Ok(parts), Ok(method)) => (parts, method),
        (Err(error), _) | (_, Err(error)) => return ItemAnswer::from(error_response(&error)).await,
    };
    let url = url.trim_start_matches('/');
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let mut headers = received.headers.clone();
    headers.remove(CONTENT_TYPE);
    headers.remove(hyper::header::CONTENT_LENGTH);
    if body.is_some() {
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
    }
    if let Ok(value) = HeaderValue::from_str(&format!("Bearer {token}")) {
        headers.insert(hyper::header::AUTHORIZATION, value);
    }
    let one = Received {
        method,
        raw_path: format!("/{path}"),
        segments: path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(percent_decode)
            .collect(),
        query: url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect(),
        headers,
        body: Bytes::from(body.unwrap_or_default()),
    };
    // Without a version of its own, an item has the batch request's.
    let (item_version, segments) = match one.segments.split_first() {
        Some((first, rest)) if is_version(first) => (first.clone(), rest),
        _ => (version.to_owned(), &one.segments[..]),
    };
    let (outcome, operation) = call(shared, &one, segments, &item_version).await;
    let status = outcome.as_ref().ok().map(|r| r.status().as_u16());
    record(shared, &one, operation, status, Some(index));
    ItemAnswer::from(outcome.ok()?).await
}

/// The usage headers of one answer.
struct GraphHeaders {
    app_usage: String,
    business_usage: Option<String>,
}

impl GraphHeaders {
    fn apply(&self, mut response: Response<AnswerBody>) -> Response<AnswerBody> {
        let headers = response.headers_mut();
        if let Ok(value) = HeaderValue::from_str(&self.app_usage) {
            headers.insert("x-app-usage", value);
        }
        if let Some(value) = self
            .business_usage
            .as_deref()
            .and_then(|v| HeaderValue::from_str(v).ok())
        {
            headers.insert("x-business-use-case-usage", value);
        }
        if let Ok(value) = HeaderValue::from_str(&trace_id()) {
            headers.insert("x-fb-trace-id", value);
        }
        response
    }
}

/// Token, parameters, then the operation itself.
fn run(
    shared: &Shared,
    received: &Received,
    routed: Routed<'_>,
    body: Result<Body, GraphError>,
    version: &str,
) -> Result<Response<AnswerBody>, GraphError> {
    let body = body?;
    authorize(shared, received, &body)?;
    let route = routed.route?;
    let incoming = Incoming {
        query: &received.query,
        headers: &received.headers,
        body: &body,
        path: &routed.path_params,
    };
    let params = params::read(shared.image, route, &incoming)?;
    let call = Call {
        image: shared.image,
        route,
        owner: &routed.owner,
        params,
        incoming: &incoming,
        base: &shared.base,
        path: &received.raw_path,
        version,
    };
    let mut store = lock(&shared.store);
    let outcome = call.run(&mut store)?;
    match outcome.answer {
        Answer::Bytes {
            content_type,
            bytes,
        } => Ok(raw(200, &content_type, bytes)),
        Answer::Json(value) => {
            if let Some(target) = &shared.webhook {
                let events = webhooks::events(
                    &mut store,
                    &routed.owner,
                    &value,
                    outcome.created.as_deref(),
                );
                if !events.is_empty() {
                    tokio::spawn(webhooks::deliver(
                        shared.webhook_client.clone(),
                        target.clone(),
                        events,
                        shared.deliveries.clone(),
                    ));
                }
            }
            Ok(json_response(200, &value))
        }
    }
}

/// The access token sent (as a bearer, or an `access_token` parameter),
/// when the mock accepts it; the proof too, when it has an app secret.
fn authorize(shared: &Shared, received: &Received, body: &Body) -> Result<String, GraphError> {
    let token = bearer(&received.headers).or_else(|| {
        received
            .query
            .iter()
            .chain(match body {
                Body::Form(pairs) => pairs.iter(),
                _ => [].iter(),
            })
            .find(|(n, _)| n == "access_token")
            .map(|(_, v)| v.clone())
    });
    let Some(token) = token else {
        return Err(GraphError::missing_token());
    };
    if !lock(&shared.tokens).contains(&token) {
        return Err(GraphError::invalid_token());
    }
    if let Some(secret) = &shared.app_secret
        && let Some((_, proof)) = received.query.iter().find(|(n, _)| n == "appsecret_proof")
        && *proof != webhooks::signature(secret, token.as_bytes())["sha256=".len()..]
    {
        return Err(GraphError::bad_proof());
    }
    Ok(token)
}

/// `GET /_media/{id}`: the bytes of an uploaded file, for the token's
/// holder, as the media URL Graph hands out.
fn download(shared: &Shared, received: &Received, id: Option<&String>) -> Response<AnswerBody> {
    let authorized = bearer(&received.headers).is_some_and(|t| lock(&shared.tokens).contains(&t));
    if !authorized {
        return error_response(&GraphError::invalid_token());
    }
    let store = lock(&shared.store);
    match id.and_then(|id| store.blob(id)) {
        Some(blob) => raw(200, &blob.content_type, Bytes::from(blob.bytes.clone())),
        None => error_response(&GraphError::unknown_object(id.map_or("", String::as_str))),
    }
}

fn full(bytes: Bytes) -> AnswerBody {
    Full::new(bytes)
        .map_err(|never: Infallible| match never {})
        .boxed()
}

fn raw(status: u16, content_type: &str, bytes: Bytes) -> Response<AnswerBody> {
    let mut response = Response::new(full(bytes));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    if let Ok(value) = HeaderValue::from_str(content_type) {
        response.headers_mut().insert(CONTENT_TYPE, value);
    }
    response
}

fn json_response(status: u16, value: &Value) -> Response<AnswerBody> {
    raw(
        status,
        "application/json; charset=UTF-8",
        Bytes::from(value.to_string()),
    )
}

fn error_response(error: &GraphError) -> Response<AnswerBody> {
    json_response(error.status, &error.body())
}

/// The answer with its body cut in half (a complete HTTP answer whose
/// JSON stops early).
async fn truncate(response: Response<AnswerBody>) -> Response<AnswerBody> {
    let (parts, body) = response.into_parts();
    let bytes = body
        .collect()
        .await
        .map(|c| c.to_bytes())
        .unwrap_or_default();
    let half = bytes.slice(..bytes.len() / 2);
    Response::from_parts(parts, full(half))
}

/// The answer with its head at once and the second half of its body
/// after `delay`.
async fn slow(response: Response<AnswerBody>, delay: Duration) -> Response<AnswerBody> {
    let (mut parts, body) = response.into_parts();
    let bytes = body
        .collect()
        .await
        .map(|c| c.to_bytes())
        .unwrap_or_default();
    let (first, second) = (
        bytes.slice(..bytes.len() / 2),
        bytes.slice(bytes.len() / 2..),
    );
    if let Ok(value) = HeaderValue::from_str(&bytes.len().to_string()) {
        parts.headers.insert(hyper::header::CONTENT_LENGTH, value);
    }
    let chunks = futures_util::stream::unfold(0u8, move |step| {
        let (first, second) = (first.clone(), second.clone());
        async move {
            match step {
                0 => Some((Ok(Frame::data(first)), 1)),
                1 => {
                    tokio::time::sleep(delay).await;
                    Some((Ok(Frame::data(second)), 2))
                }
                _ => None,
            }
        }
    });
    Response::from_parts(parts, BodyExt::boxed(StreamBody::new(chunks)))
}

/// Starts serving on `addr`; returns the bound address.
pub async fn bind(addr: SocketAddr) -> std::io::Result<(TcpListener, SocketAddr)> {
    let listener = TcpListener::bind(addr).await?;
    let bound = listener.local_addr()?;
    Ok((listener, bound))
}
