//! The flows area on the wire: Flows listed and read with fields, created,
//! updated and migrated with url-encoded forms (categories JSON-encoded),
//! their Flow JSON uploaded as a multipart file, deleted by a bare DELETE,
//! and answers that keep a status this version does not know and ignore
//! unknown fields.

use serde_json::json;
use waba::{
    FlowAssetType, FlowCategory, FlowField, FlowId, FlowStatus, PublicKeySignatureStatus, Upload,
};
use waba_tests::{bearer, path, server_and_client};
use wiremock::matchers::{body_string, header, method, path as url_path, query_param};
use wiremock::{Mock, ResponseTemplate};

const FORM: &str = "application/x-www-form-urlencoded";

#[tokio::test]
async fn flows_are_listed_with_fields_and_keep_an_unknown_status() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("WABA-ID/flows")))
        .and(header("authorization", bearer().as_str()))
        .and(query_param(
            "fields",
            "name,status,categories,validation_errors",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [
                {"id": "FLOW-1", "name": "table_booking", "status": "PUBLISHED",
                 "categories": ["APPOINTMENT_BOOKING"], "validation_errors": []},
                {"id": "FLOW-2", "name": "feedback_v2", "status": "IN_REVIEW",
                 "categories": ["SURVEY", "FEEDBACK_FORM"], "owner_team": "support",
                 "validation_errors": [{
                     "error": "INVALID_PROPERTY_VALUE", "error_type": "FLOW_JSON_ERROR",
                     "message": "Screen FEEDBACK has no footer.", "line_start": 12,
                     "line_end": 12, "column_start": 5, "column_end": 21
                 }]}
            ],
            "paging": {"cursors": {"before": "B", "after": "A"}}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let page = client
        .whatsapp_business_account("WABA-ID")
        .flows()
        .fields([
            FlowField::Name,
            FlowField::Status,
            FlowField::Categories,
            FlowField::ValidationErrors,
        ])
        .await
        .unwrap();
    assert_eq!(page.data[0].status, Some(FlowStatus::Published));
    assert_eq!(
        page.data[0].categories.as_deref(),
        Some(&[FlowCategory::AppointmentBooking][..])
    );
    let status = page.data[1].status.clone().unwrap();
    assert!(matches!(status, FlowStatus::Unknown(_)));
    assert_eq!(status.as_str(), "IN_REVIEW");
    let categories = page.data[1].categories.as_ref().unwrap();
    assert_eq!(categories[0], FlowCategory::Survey);
    assert_eq!(categories[1].as_str(), "FEEDBACK_FORM");
    let error = &page.data[1].validation_errors.as_ref().unwrap()[0];
    assert_eq!(error.line_start, Some(12));
    assert_eq!(error.column_end, Some(21));
    assert_eq!(error.error_type.as_deref(), Some("FLOW_JSON_ERROR"));
}

#[tokio::test]
async fn create_flow_posts_a_form_with_json_encoded_categories() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(url_path(path("WABA-ID/flows")))
        .and(header("content-type", FORM))
        .and(body_string(
            "name=table_booking&categories=%5B%22APPOINTMENT_BOOKING%22%2C%22OTHER%22%5D&clone_flow_id=FLOW-1",
        ))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": "FLOW-9", "success": true, "validation_errors": []})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let created = client
        .whatsapp_business_account("WABA-ID")
        .create_flow(
            "table_booking",
            [FlowCategory::AppointmentBooking, FlowCategory::Other],
        )
        .clone_flow_id(FlowId::new("FLOW-1"))
        .await
        .unwrap();
    assert_eq!(created.id.as_str(), "FLOW-9");
    let request = &server.received_requests().await.unwrap()[0];
    assert_eq!(request.url.query(), None);
}

#[tokio::test]
async fn migrate_flows_names_the_source_account_and_decodes_both_outcomes() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(url_path(path("WABA-ID/migrate_flows")))
        .and(header("content-type", FORM))
        .and(body_string(
            "source_waba_id=OLD-WABA&source_flow_names=%5B%22table_booking%22%2C%22feedback%22%5D",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "migrated_flows": [{"source_name": "table_booking", "source_id": "FLOW-1",
                                "migrated_id": "FLOW-31"}],
            "failed_flows": [{"source_name": "feedback", "error_code": "4233041",
                              "error_message": "A Flow with this name already exists.",
                              "retryable": false}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let outcome = client
        .whatsapp_business_account("WABA-ID")
        .migrate_flows("OLD-WABA")
        .source_flow_names(["table_booking", "feedback"])
        .await
        .unwrap();
    let migrated = &outcome.migrated_flows.unwrap()[0];
    assert_eq!(migrated.migrated_id.as_ref().unwrap().as_str(), "FLOW-31");
    assert_eq!(migrated.source_id.as_ref().unwrap().as_str(), "FLOW-1");
    let failed = &outcome.failed_flows.unwrap()[0];
    assert_eq!(failed.error_code.as_deref(), Some("4233041"));
}

#[tokio::test]
async fn a_flow_is_read_updated_and_deleted_on_its_own_id() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("FLOW-ID")))
        .and(query_param("fields", "name,preview,application"))
        .and(query_param("date_format", "U"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "FLOW-ID",
            "name": "table_booking",
            "preview": {"preview_url": "https://business.facebook.com/wa/manage/flows/FLOW-ID/preview/?token=t0k3n",
                        "expires_at": "2026-12-01T10:00:00+0000"},
            "application": {"id": "APP-ID", "name": "Bookings", "link": "https://example.com/app"},
            "theme": "dark"
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(url_path(path("FLOW-ID")))
        .and(header("content-type", FORM))
        .and(body_string(
            "name=table_booking_v2&endpoint_uri=https%3A%2F%2Fexample.com%2Fflow",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(url_path(path("FLOW-ID")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .expect(1)
        .mount(&server)
        .await;
    let flow = client.flow("FLOW-ID");
    let read = flow
        .get()
        .fields([FlowField::Name, FlowField::Preview, FlowField::Application])
        .date_format("U")
        .await
        .unwrap();
    assert_eq!(read.name.as_deref(), Some("table_booking"));
    let preview = read.preview.unwrap();
    assert!(preview.preview_url.unwrap().ends_with("token=t0k3n"));
    assert_eq!(read.application.unwrap().name.as_deref(), Some("Bookings"));
    assert!(
        flow.update()
            .name("table_booking_v2")
            .endpoint_uri("https://example.com/flow")
            .await
            .unwrap()
            .success
    );
    assert!(flow.delete().await.unwrap().success);
    let received = server.received_requests().await.unwrap();
    assert!(received[2].body.is_empty());
}

#[tokio::test]
async fn flow_json_is_uploaded_as_a_multipart_file_and_assets_are_listed() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(url_path(path("FLOW-ID/assets")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true,
            "validation_errors": [{"error": "MISSING_REQUIRED_PROPERTY", "error_type": "FLOW_JSON_ERROR",
                                   "message": "The screen needs a layout.", "line_start": 3,
                                   "line_end": 9, "column_start": 1, "column_end": 2,
                                   "pointers": []}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(url_path(path("FLOW-ID/assets")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [
                {"name": "flow.json", "asset_type": "FLOW_JSON",
                 "download_url": "https://example.com/flow.json?sig=1"},
                {"name": "logo.svg", "asset_type": "IMAGE", "size": 512}
            ],
            "paging": {"cursors": {"before": "B", "after": "A"}}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let flow = client.flow("FLOW-ID");
    let flow_json = br#"{"version":"7.1","screens":[]}"#.to_vec();
    let uploaded = flow
        .upload_flow_json(
            "flow.json",
            Upload::bytes(flow_json.clone(), "application/json").file_name("flow.json"),
        )
        .await
        .unwrap();
    assert!(uploaded.success);
    assert_eq!(uploaded.validation_errors.unwrap()[0].line_end, Some(9));
    let received = server.received_requests().await.unwrap();
    let content_type = received[0].headers["content-type"].to_str().unwrap();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let body = String::from_utf8_lossy(&received[0].body).to_lowercase();
    assert!(
        body.contains("name=\"asset_type\"\r\n\r\nflow_json\r\n"),
        "{body}"
    );
    assert!(
        body.contains("name=\"name\"\r\n\r\nflow.json\r\n"),
        "{body}"
    );
    assert!(
        body.contains("name=\"file\"; filename=\"flow.json\""),
        "{body}"
    );
    assert!(
        String::from_utf8_lossy(&received[0].body).contains(r#"{"version":"7.1","screens":[]}"#)
    );

    let assets = flow.assets().await.unwrap();
    assert_eq!(assets.data[0].asset_type, Some(FlowAssetType::FlowJson));
    assert_eq!(
        assets.data[0].download_url.as_deref(),
        Some("https://example.com/flow.json?sig=1")
    );
    let other = assets.data[1].asset_type.clone().unwrap();
    assert!(matches!(other, FlowAssetType::Unknown(_)));
    assert_eq!(other.as_str(), "IMAGE");
}

#[tokio::test]
async fn the_business_public_key_is_set_by_form_and_read_from_data() {
    let (server, client) = server_and_client().await;
    let key = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkq\n-----END PUBLIC KEY-----";
    Mock::given(method("POST"))
        .and(url_path(path("PHONE-ID/whatsapp_business_encryption")))
        .and(header("content-type", FORM))
        .and(body_string(format!(
            "business_public_key={}",
            key.replace(' ', "+").replace('\n', "%0A")
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(url_path(path("PHONE-ID/whatsapp_business_encryption")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"business_public_key": key,
                      "business_public_key_signature_status": "REVOKED",
                      "uploaded_at": "2026-11-01"}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let phone = client.phone_number("PHONE-ID");
    assert!(phone.set_business_public_key(key).await.unwrap().success);
    let keys = phone.business_encryption().await.unwrap();
    assert_eq!(keys[0].business_public_key.as_deref(), Some(key));
    let status = keys[0]
        .business_public_key_signature_status
        .clone()
        .unwrap();
    assert!(matches!(status, PublicKeySignatureStatus::Unknown(_)));
    assert_eq!(status.as_str(), "REVOKED");
}
