//! A minimal HTTP/1.1 server on 127.0.0.1 answering every request with a
//! fixed body chosen by a handler. Bodies are `Bytes`, so answering costs
//! a reference count, not a copy: the benches measure the client, and the
//! memory bench's allocator counts (almost) nothing on the server's side.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{HeaderName, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// Picks the body for a request from its method, path and query.
pub type Handler = Arc<dyn Fn(&Method, &str, Option<&str>) -> Bytes + Send + Sync>;

/// The requests a server was told to record: each one's request line and
/// headers, as text, in arrival order.
pub type Recorded = Arc<Mutex<Vec<String>>>;

/// How a server answers, beyond the body.
#[derive(Clone, Default)]
pub struct Options {
    /// Headers added to every response, after `content-type: application/json`.
    pub headers: Vec<(HeaderName, HeaderValue)>,
    /// Where to record every request's head, when set. Costs the server a
    /// lock and a string per request: for checks, not for timed runs.
    pub record: Option<Recorded>,
}

/// Starts the server on an ephemeral loopback port in the current Tokio
/// runtime and returns its address. It runs until the runtime shuts down.
pub async fn serve(handler: Handler) -> SocketAddr {
    serve_with(handler, Options::default()).await
}

/// [`serve`], adding response headers or recording requests as `options` says.
pub async fn serve_with(handler: Handler, options: Options) -> SocketAddr {
    let listener = TcpListener::bind(("127.0.0.1", 0))
        .await
        .expect("bind a loopback port");
    let addr = listener.local_addr().expect("loopback address");
    let options = Arc::new(options);
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            // Small responses would otherwise wait for Nagle's algorithm.
            let _ = stream.set_nodelay(true);
            let handler = handler.clone();
            let options = options.clone();
            tokio::spawn(async move {
                let service = service_fn(move |request: Request<Incoming>| {
                    let handler = handler.clone();
                    let options = options.clone();
                    async move {
                        let (parts, body) = request.into_parts();
                        // Read the request body so the connection stays reusable.
                        let _ = body.collect().await;
                        if let Some(record) = &options.record {
                            record.lock().expect("not poisoned").push(head(&parts));
                        }
                        let body = handler(&parts.method, parts.uri.path(), parts.uri.query());
                        let mut response = Response::builder()
                            .header("content-type", "application/json")
                            .body(Full::new(body))
                            .expect("a valid response");
                        for (name, value) in &options.headers {
                            response.headers_mut().append(name.clone(), value.clone());
                        }
                        Ok::<_, Infallible>(response)
                    }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    addr
}

/// `GET /path?query` then one `name: value` line per header, in the order
/// received (hyper keeps it per name; names are lowercase).
fn head(parts: &hyper::http::request::Parts) -> String {
    let mut text = format!("{} {}", parts.method, parts.uri);
    for (name, value) in &parts.headers {
        text.push_str(&format!(
            "\n{name}: {}",
            String::from_utf8_lossy(value.as_bytes())
        ));
    }
    text
}
