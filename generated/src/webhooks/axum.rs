//! A ready axum router: the subscription handshake on `GET`, verified and
//! typed deliveries on `POST`, each refusal answered with its status.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::StreamExt;

use super::{Notification, SIGNATURE_HEADER, WebhookError, WebhookReceiver};

struct Shared<F> {
    receiver: WebhookReceiver,
    on_delivery: F,
}

/// A router for the callback URL, at its root (`nest` it where the URL
/// points):
///
/// - `GET /?hub.mode=subscribe&hub.verify_token=..&hub.challenge=..`:
///   `200` with the challenge, or `403`.
/// - `POST /`: `413` over the body cap (before reading past it), `401`
///   for a missing, malformed or wrong `X-Hub-Signature-256`, `400` for a
///   body that is not a delivery; otherwise `on_delivery` gets the typed
///   [`Notification`] and Graph gets `200` at once.
///
/// `on_delivery` runs on the request's task: keep it quick (send the
/// notification to a channel, or spawn), since Graph retries deliveries
/// that are not answered promptly.
///
/// ```no_run
/// use waba::webhooks::{WebhookReceiver, router};
///
/// # async fn serve() -> std::io::Result<()> {
/// let (events, mut inbox) = tokio::sync::mpsc::unbounded_channel();
/// let app = axum::Router::new().nest(
///     "/webhooks",
///     router(WebhookReceiver::new("app-secret", "verify-me"), move |delivery| {
///         let _ = events.send(delivery);
///     }),
/// );
/// tokio::spawn(async move {
///     while let Some(delivery) = inbox.recv().await {
///         println!("{delivery:?}");
///     }
/// });
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
/// axum::serve(listener, app).await
/// # }
/// ```
pub fn router<F>(receiver: WebhookReceiver, on_delivery: F) -> Router
where
    F: Fn(Notification) + Send + Sync + 'static,
{
    let shared = Arc::new(Shared {
        receiver,
        on_delivery,
    });
    Router::new()
        .route("/", get(handshake::<F>).post(deliver::<F>))
        .with_state(shared)
}

async fn handshake<F>(State(shared): State<Arc<Shared<F>>>, uri: Uri) -> Response {
    match shared.receiver.handshake(uri.query().unwrap_or_default()) {
        Ok(challenge) => (StatusCode::OK, challenge).into_response(),
        Err(error) => refuse(&error),
    }
}

async fn deliver<F>(
    State(shared): State<Arc<Shared<F>>>,
    headers: HeaderMap,
    body: Body,
) -> Response
where
    F: Fn(Notification) + Send + Sync + 'static,
{
    let receiver = &shared.receiver;
    // A body announced over the cap is refused before any of it is read.
    let announced = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if let Some(Err(error)) = announced.map(|size| receiver.check_size(size)) {
        return refuse(&error);
    }
    let body = match read_capped(body, receiver.body_limit()).await {
        Ok(body) => body,
        Err(response) => return response,
    };
    let signature = headers.get(SIGNATURE_HEADER).map(|v| v.as_bytes());
    match receiver.receive(signature, &body) {
        Ok(delivery) => {
            (shared.on_delivery)(delivery);
            StatusCode::OK.into_response()
        }
        Err(error) => refuse(&error),
    }
}

/// Reads the body, stopping as soon as it passes `limit`.
async fn read_capped(body: Body, limit: u64) -> Result<Vec<u8>, Response> {
    let mut stream = body.into_data_stream();
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| StatusCode::BAD_REQUEST.into_response())?;
        let size = (bytes.len() + chunk.len()) as u64;
        if size > limit {
            return Err(refuse(&WebhookError::BodyTooLarge { size, limit }));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

fn refuse(error: &WebhookError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST);
    tracing::debug!(status = status.as_u16(), %error, "webhook request refused");
    (status, error.to_string()).into_response()
}
