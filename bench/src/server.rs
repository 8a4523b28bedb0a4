//! A minimal HTTP/1.1 server on 127.0.0.1 answering every request with a
//! fixed body chosen by a handler. Bodies are `Bytes`, so answering costs
//! a reference count, not a copy: the benches measure the client, and the
//! memory bench's allocator counts (almost) nothing on the server's side.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// Picks the body for a request from its method, path and query.
pub type Handler = Arc<dyn Fn(&Method, &str, Option<&str>) -> Bytes + Send + Sync>;

/// Starts the server on an ephemeral loopback port in the current Tokio
/// runtime and returns its address. It runs until the runtime shuts down.
pub async fn serve(handler: Handler) -> SocketAddr {
    let listener = TcpListener::bind(("127.0.0.1", 0))
        .await
        .expect("bind a loopback port");
    let addr = listener.local_addr().expect("loopback address");
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            // Small responses would otherwise wait for Nagle's algorithm.
            let _ = stream.set_nodelay(true);
            let handler = handler.clone();
            tokio::spawn(async move {
                let service = service_fn(move |request: Request<Incoming>| {
                    let handler = handler.clone();
                    async move {
                        let (parts, body) = request.into_parts();
                        // Read the request body so the connection stays reusable.
                        let _ = body.collect().await;
                        let body = handler(&parts.method, parts.uri.path(), parts.uri.query());
                        Ok::<_, Infallible>(
                            Response::builder()
                                .header("content-type", "application/json")
                                .body(Full::new(body))
                                .expect("a valid response"),
                        )
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
