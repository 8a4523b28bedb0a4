//! A business profile on its own ID, and a phone number's official
//! business account status, on the wire: reads keep values this version
//! does not know and ignore unknown fields, writes are JSON bodies.

use serde_json::json;
use waba::{BusinessVertical, ObaAction, ObaApplication, ObaStatus};
use waba_tests::{path, server_and_client};
use wiremock::matchers::{body_json, header, method, path as url_path};
use wiremock::{Mock, ResponseTemplate};

#[tokio::test]
async fn a_business_profile_is_read_and_updated_on_its_id() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("PROFILE-ID")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "PROFILE-ID", "about": "Fresh bread from 6am", "vertical": "BAKERY",
            "websites": ["https://example.com/bakery"], "cover_photo": "ignored"
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(url_path(path("PROFILE-ID")))
        .and(header("content-type", "application/json"))
        .and(body_json(
            json!({"messaging_product": "whatsapp", "vertical": "RESTAURANT",
                               "email": "hello@example.com"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .expect(1)
        .mount(&server)
        .await;
    let profile = client.whatsapp_business_profile("PROFILE-ID");
    let read = profile.get().await.unwrap();
    assert_eq!(read.websites.unwrap(), ["https://example.com/bakery"]);
    let vertical = read.vertical.unwrap();
    assert!(matches!(vertical, BusinessVertical::Unknown(_)));
    assert_eq!(vertical.as_str(), "BAKERY");
    let done = profile
        .update()
        .vertical(BusinessVertical::Restaurant)
        .email("hello@example.com")
        .await
        .unwrap();
    assert!(done.success);
}

#[tokio::test]
async fn official_business_account_status_is_read_and_requested() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("PHONE-ID/official_business_account")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "OBA-ID", "oba_status": "NOT_STARTED", "status_message": "No request yet."
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(url_path(path("PHONE-ID/official_business_account")))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "action": "SUBMIT_APPLICATION",
            "application_data": {"business_name": "Corner Bakery",
                                 "website_url": "https://example.com/bakery"}
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true, "message": "Request received.",
            "updated_status": {"id": "OBA-ID", "oba_status": "PENDING", "status_message": "In review."},
            "tracking_id": "TRK-5"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let phone = client.phone_number("PHONE-ID");
    let status = phone.official_business_account().await.unwrap();
    let oba = status.oba_status.unwrap();
    assert!(matches!(oba, ObaStatus::Unknown(_)));
    assert_eq!(oba.as_str(), "NOT_STARTED");
    let result = phone
        .request_official_business_account(ObaAction::SubmitApplication)
        .application_data(ObaApplication {
            business_name: Some("Corner Bakery".into()),
            website_url: Some("https://example.com/bakery".into()),
            ..ObaApplication::default()
        })
        .await
        .unwrap();
    assert_eq!(result.message, "Request received.");
    assert_eq!(
        result.updated_status.unwrap().oba_status,
        Some(ObaStatus::Pending)
    );
}
