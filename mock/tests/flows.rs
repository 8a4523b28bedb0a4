//! Paging a long list, media round trips, sending messages, and the
//! webhooks that follow, through the generated client.

mod common;

use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use futures_util::TryStreamExt;
use http_body_util::{BodyExt, Full};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use waba::{MessageContent, TemplateCategory, TextContent, Upload};
use waba_mock::seed::{PHONE, WABA};
use waba_mock::{MockServer, Seed};

fn client_for(mock: &MockServer) -> waba::Client {
    common::client_builder(mock).build().expect("client")
}

#[tokio::test]
async fn a_thousand_templates_stream_through_cursors_in_order() {
    let mut seed = json!({"nodes": {"W": {"type": "WhatsAppBusinessAccount"}}, "edges": {"W": {"message_templates": []}}});
    for i in 0..1000 {
        let id = format!("{}", 500_000 + i);
        seed["nodes"][&id] = json!({"type": "MessageTemplate", "fields": {"name": format!("t{i}"), "language": "en_US", "status": "APPROVED", "category": "UTILITY"}});
        seed["edges"]["W"]["message_templates"]
            .as_array_mut()
            .unwrap()
            .push(Value::from(id));
    }
    let seed = Seed::from_json(&seed.to_string()).unwrap();
    let mock = MockServer::builder().seed(seed).start().await.unwrap();
    let client = client_for(&mock);

    let names: Vec<String> = client
        .whatsapp_business_account("W")
        .message_templates()
        .limit(100)
        .stream()
        .map_ok(|t| t.name.unwrap_or_default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names.len(), 1000);
    assert!(names.iter().enumerate().all(|(i, n)| *n == format!("t{i}")));
    // Ten pages, each after the last one's cursor.
    let pages: Vec<_> = mock.journal();
    assert_eq!(pages.len(), 10);
    assert!(pages[1..].iter().all(|p| p.query("after").is_some()));

    // `next` and `previous` are absolute URLs that work as they are.
    let first = client
        .whatsapp_business_account("W")
        .message_templates()
        .limit(2)
        .await
        .unwrap();
    let paging = first.paging.clone().unwrap();
    assert!(paging.previous.is_none());
    let next = paging.next.unwrap();
    assert!(next.starts_with(&mock.base_url()), "{next}");
    let second: Value = reqwest::Client::new()
        .get(&next)
        .bearer_auth(mock.token())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(second["data"][0]["name"], "t2");
    let previous = second["paging"]["previous"].as_str().unwrap();
    let back: Value = reqwest::Client::new()
        .get(previous)
        .bearer_auth(mock.token())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(back["data"][1]["name"], "t1");
}

#[tokio::test]
async fn uploaded_media_downloads_as_the_same_bytes() {
    let mock = MockServer::start().await.unwrap();
    let client = client_for(&mock);
    let bytes: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let uploaded = client
        .phone_number(PHONE)
        .upload_media(Upload::bytes(bytes.clone(), "image/png"), "image/png")
        .await
        .unwrap();
    let media = client.media(uploaded.id.clone()).get().await.unwrap();
    assert_eq!(media.mime_type.as_deref(), Some("image/png"));
    assert_eq!(media.file_size.as_deref(), Some("70000"));
    let url = media.url.unwrap();
    let download = client.download_media(url).await.unwrap();
    assert_eq!(download.content_type(), Some("image/png"));
    assert_eq!(download.bytes().await.unwrap().as_ref(), &bytes[..]);

    client.media(uploaded.id.clone()).delete().await.unwrap();
    let error = client.media(uploaded.id).get().await.unwrap_err();
    assert_eq!(error.graph().unwrap().subcode, Some(33));
}

#[tokio::test]
async fn resumable_uploads_count_the_bytes_received() {
    let mock = MockServer::start().await.unwrap();
    let client = client_for(&mock);
    let session = client
        .application("400000000000001")
        .start_upload("a.pdf", 6u64, "application/pdf")
        .await
        .unwrap();
    assert!(
        session.id.as_str().starts_with("upload:"),
        "{:?}",
        session.id
    );
    client
        .upload_session(session.id.clone())
        .upload_bytes(0u64, Upload::bytes(&b"abc"[..], "application/pdf"))
        .await
        .unwrap();
    let status = client
        .upload_session(session.id.clone())
        .get()
        .await
        .unwrap();
    assert_eq!(status.file_offset, Some(3));
    let done = client
        .upload_session(session.id.clone())
        .upload_bytes(3u64, Upload::bytes(&b"def"[..], "application/pdf"))
        .await
        .unwrap();
    assert!(done.h.starts_with("2:"), "{}", done.h);
    // Sending from the wrong offset is refused, naming the parameter.
    let error = client
        .upload_session(session.id)
        .upload_bytes(1u64, Upload::bytes(&b"x"[..], "application/pdf"))
        .await
        .unwrap_err();
    assert!(
        error.graph().unwrap().message.contains("file_offset"),
        "{error}"
    );
}

/// A webhook receiver on loopback: records each body and signature.
async fn receiver() -> (String, Arc<Mutex<Vec<(String, Bytes)>>>) {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .unwrap();
    let url = format!("http://{}/webhook", listener.local_addr().unwrap());
    let received = Arc::new(Mutex::new(Vec::new()));
    let log = received.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let log = log.clone();
            tokio::spawn(async move {
                let service = service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
                    let log = log.clone();
                    async move {
                        let signature = request
                            .headers()
                            .get("x-hub-signature-256")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or_default()
                            .to_owned();
                        let body = request.into_body().collect().await.unwrap().to_bytes();
                        log.lock().unwrap().push((signature, body));
                        Ok::<_, Infallible>(hyper::Response::new(Full::new(Bytes::new())))
                    }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    (url, received)
}

#[tokio::test]
async fn a_sent_message_gets_a_wamid_and_signed_status_webhooks() {
    let (url, received) = receiver().await;
    let mock = MockServer::builder()
        .webhook(url, "APPSECRET")
        .start()
        .await
        .unwrap();
    let client = client_for(&mock);
    let sent = client
        .phone_number(PHONE)
        .send_message("15550100", MessageContent::Text(TextContent::new("hi")))
        .await
        .unwrap();
    let wamid = &sent.messages[0].id;
    assert!(wamid.starts_with("wamid."), "{wamid}");
    let contact = &sent.contacts.as_ref().unwrap()[0];
    assert_eq!(contact.wa_id.as_deref(), Some("15550100"));

    let deliveries = mock.wait_for_deliveries(3, Duration::from_secs(5)).await;
    let statuses: Vec<&str> = deliveries
        .iter()
        .map(|d| {
            d.payload["entry"][0]["changes"][0]["value"]["statuses"][0]["status"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(statuses, ["sent", "delivered", "read"]);
    let first = &deliveries[0].payload;
    assert_eq!(first["object"], "whatsapp_business_account");
    assert_eq!(first["entry"][0]["id"], WABA);
    let value = &first["entry"][0]["changes"][0]["value"];
    assert_eq!(value["metadata"]["phone_number_id"], PHONE);
    assert_eq!(value["statuses"][0]["id"], Value::from(wamid.as_str()));
    assert_eq!(value["statuses"][0]["recipient_id"], "15550100");

    // The receiver got the same bytes, signed with the app secret.
    let got = received.lock().unwrap().clone();
    assert_eq!(got.len(), 3);
    for (signature, body) in &got {
        assert_eq!(
            *signature,
            waba_mock::webhooks::signature("APPSECRET", body)
        );
    }
}

#[tokio::test]
async fn a_created_template_is_approved_by_webhook() {
    let (url, _received) = receiver().await;
    let mock = MockServer::builder()
        .webhook(url, "S")
        .start()
        .await
        .unwrap();
    let client = client_for(&mock);
    let created = client
        .whatsapp_business_account(WABA)
        .create_message_template("welcome", "en_US", TemplateCategory::Marketing)
        .await
        .unwrap();
    let deliveries = mock.wait_for_deliveries(1, Duration::from_secs(5)).await;
    assert_eq!(deliveries[0].field, "message_template_status_update");
    let value = &deliveries[0].payload["entry"][0]["changes"][0]["value"];
    assert_eq!(value["event"], "APPROVED");
    assert_eq!(value["message_template_name"], "welcome");
    assert_eq!(
        value["message_template_id"].to_string(),
        created.id.as_str()
    );
    let (_, fields) = mock.node(created.id.as_str()).unwrap();
    assert_eq!(fields["status"], "APPROVED");
}
