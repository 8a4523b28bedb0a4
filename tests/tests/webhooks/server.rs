//! The axum router on a real server on loopback, fed by reqwest: the
//! handshake on GET, signed deliveries on POST, and every refusal with
//! its status.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::sync::mpsc;
use waba::webhooks::{Change, Notification, WebhookReceiver, router, sign};

const SECRET: &str = "loopback-app-secret";
const TOKEN: &str = "loopback-verify-token";

/// Serves the router under `/webhooks`; deliveries come out of the channel.
async fn serve() -> (SocketAddr, mpsc::UnboundedReceiver<Notification>) {
    let (events, inbox) = mpsc::unbounded_channel();
    let receiver = WebhookReceiver::new(SECRET, TOKEN).max_body_bytes(64 * 1024);
    let app = axum::Router::new().nest(
        "/webhooks",
        router(receiver, move |delivery| {
            let _ = events.send(delivery);
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (address, inbox)
}

fn sample(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("fixtures/webhooks/{name}.json"));
    std::fs::read(path).unwrap()
}

async fn post(address: SocketAddr, signature: Option<String>, body: Vec<u8>) -> (u16, String) {
    let mut request = reqwest::Client::new()
        .post(format!("http://{address}/webhooks"))
        .header("content-type", "application/json")
        .body(body);
    if let Some(signature) = signature {
        request = request.header("X-Hub-Signature-256", signature);
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn the_handshake_echoes_the_challenge_or_is_forbidden() {
    let (address, _) = serve().await;
    let get = |query: String| async move {
        let response = reqwest::get(format!("http://{address}/webhooks?{query}"))
            .await
            .unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    };
    let ok = get(format!(
        "hub.mode=subscribe&hub.verify_token={TOKEN}&hub.challenge=1158201444"
    ))
    .await;
    assert_eq!(ok, (200, "1158201444".to_owned()));
    let (status, text) =
        get("hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1".to_owned()).await;
    assert_eq!(status, 403);
    assert!(!text.contains(TOKEN), "{text}");
    assert_eq!(get(String::new()).await.0, 403);
}

#[tokio::test]
async fn a_signed_delivery_is_answered_200_and_handed_on_typed() {
    let (address, mut inbox) = serve().await;
    let body = sample("message_text");
    let signature = sign(&SECRET.into(), &body);
    assert_eq!(post(address, Some(signature), body).await.0, 200);
    let delivery = tokio::time::timeout(Duration::from_secs(5), inbox.recv())
        .await
        .unwrap()
        .unwrap();
    let Change::Messages(value) = &delivery.entry[0].changes[0] else {
        panic!("{delivery:?}")
    };
    let message = &value.messages.as_ref().unwrap()[0];
    let waba::InboundContent::Text(text) = &message.content else {
        panic!("{message:?}")
    };
    assert_eq!(text.body, "Do you still have the rye loaf today?");
}

#[tokio::test]
async fn bad_requests_get_their_status_and_are_never_handed_on() {
    let (address, mut inbox) = serve().await;
    let body = sample("message_text");
    // No signature, a wrong one, a malformed one: 401.
    assert_eq!(post(address, None, body.clone()).await.0, 401);
    let wrong = sign(&"another-secret".into(), &body);
    assert_eq!(post(address, Some(wrong), body.clone()).await.0, 401);
    let sha1 = "sha1=0000000000000000000000000000000000000000".to_owned();
    assert_eq!(post(address, Some(sha1), body.clone()).await.0, 401);
    // Signed but not a delivery: 400, naming where it broke.
    let broken =
        br#"{"object":"whatsapp_business_account","entry":[{"id":"7","changes":"none"}]}"#.to_vec();
    let signature = sign(&SECRET.into(), &broken);
    let (status, text) = post(address, Some(signature), broken).await;
    assert_eq!(status, 400);
    assert!(text.contains("entry[0].changes"), "{text}");
    // Over the cap, announced by Content-Length: 413 before reading.
    let big = vec![b' '; 64 * 1024 + 1];
    let signature = sign(&SECRET.into(), &big);
    assert_eq!(post(address, Some(signature), big).await.0, 413);
    // Over the cap without a Content-Length (streamed): 413 once passed.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        (0..20).map(|_| Ok(vec![b' '; 4096])).collect();
    let response = reqwest::Client::new()
        .post(format!("http://{address}/webhooks"))
        .header("X-Hub-Signature-256", sign(&SECRET.into(), b"x"))
        .body(reqwest::Body::wrap_stream(futures_util::stream::iter(
            chunks,
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 413);
    // None of them reached the application.
    assert!(inbox.try_recv().is_err());
}
