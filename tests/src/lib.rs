//! Shared helpers for the end-to-end tests: a `wiremock` server on loopback
//! and a client pointed at it, and a raw TCP server for the faults
//! `wiremock` cannot express (never answering, a connection reset mid-body).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use waba::{Client, RetryPolicy};
use wiremock::MockServer;

/// The access token every test client sends.
pub const TOKEN: &str = "test-access-token";

/// The API version every test client uses.
pub const VERSION: &str = "v23.0";

/// A fresh loopback server and a client that talks to it.
pub async fn server_and_client() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = client_for(&server);
    (server, client)
}

/// A client for `server`, with the test token and version.
pub fn client_for(server: &MockServer) -> Client {
    Client::builder()
        .access_token(TOKEN)
        .api_version(VERSION)
        .base_url(server.uri())
        .retry(fast_retry())
        .build()
        .expect("test client builds")
}

/// The default number of attempts with millisecond delays, so tests that
/// hit retryable failures stay fast.
pub fn fast_retry() -> RetryPolicy {
    RetryPolicy::default()
        .initial_delay(Duration::from_millis(1))
        .max_delay(Duration::from_millis(5))
}

/// The body limit of [`fault_client`]: small, so an oversized body is cheap.
pub const FAULT_BODY_LIMIT: usize = 4096;

/// The total timeout of [`fault_client`]: short, so a silent server fails fast.
pub const FAULT_TIMEOUT: Duration = Duration::from_millis(300);

/// A client for fault injection at `base_url`: fast retries, a
/// [`FAULT_TIMEOUT`] total timeout and a [`FAULT_BODY_LIMIT`] body limit.
pub fn fault_client(base_url: &str) -> Client {
    Client::builder()
        .access_token(TOKEN)
        .api_version(VERSION)
        .base_url(base_url)
        .retry(fast_retry())
        .timeout(FAULT_TIMEOUT)
        .max_body_bytes(FAULT_BODY_LIMIT)
        .build()
        .expect("fault client builds")
}

/// What a [`RawServer`] does with each request it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawFault {
    /// Accepts, reads the request, and never answers.
    NeverAnswer,
    /// Sends the head and part of the body, then resets the connection.
    ResetMidBody,
}

/// A raw HTTP server on 127.0.0.1 that misbehaves on purpose, counting the
/// requests it reads. It stops when the test's runtime shuts down.
pub struct RawServer {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    requests: Arc<AtomicUsize>,
}

impl RawServer {
    /// Starts the server on an ephemeral loopback port.
    pub async fn start(fault: RawFault) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let url = format!("http://{}", listener.local_addr().expect("local addr"));
        let requests = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&requests);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let counter = Arc::clone(&counter);
                tokio::spawn(async move {
                    // A failed connection only ends that connection.
                    let _ = serve_one(stream, fault, &counter).await;
                });
            }
        });
        Self { url, requests }
    }

    /// How many requests the server has read.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

async fn serve_one(
    mut stream: TcpStream,
    fault: RawFault,
    counter: &AtomicUsize,
) -> std::io::Result<()> {
    read_request(&mut stream).await?;
    counter.fetch_add(1, Ordering::SeqCst);
    match fault {
        RawFault::NeverAnswer => {
            // Hold the connection open far longer than any client timeout.
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
        RawFault::ResetMidBody => {
            stream
                .write_all(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 200\r\n\r\n{\"data\":[{\"id\":\"1\",",
                )
                .await?;
            stream.flush().await?;
            // SO_LINGER 0: closing sends RST instead of FIN.
            stream.set_zero_linger()?;
        }
    }
    Ok(())
}

/// Reads one request: the head, then `content-length` bytes of body.
async fn read_request(stream: &mut TcpStream) -> std::io::Result<()> {
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut buf).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        raw.extend_from_slice(buf.get(..n).unwrap_or_default());
        if let Some(at) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
    };
    let head = String::from_utf8_lossy(raw.get(..head_end).unwrap_or_default()).to_lowercase();
    let length = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|n| n.trim().parse::<usize>().ok())
        .unwrap_or(0);
    while raw.len() < head_end + length {
        let n = stream.read(&mut buf).await?;
        if n == 0 {
            break;
        }
        raw.extend_from_slice(buf.get(..n).unwrap_or_default());
    }
    Ok(())
}

/// `/{VERSION}/{rest}`.
pub fn path(rest: &str) -> String {
    format!("/{VERSION}/{rest}")
}

/// The `Authorization` header value the test client sends.
pub fn bearer() -> String {
    format!("Bearer {TOKEN}")
}
