//! Message templates on their own ID: read with fields, keeping a status
//! this version does not know, and edited with a JSON body that nests the
//! components.

use serde_json::json;
use waba::{
    MessageTemplateField, TemplateCategory, TemplateComponent, TemplateComponentType,
    TemplateStatus,
};
use waba_tests::{path, server_and_client};
use wiremock::matchers::{body_json, header, method, path as url_path, query_param};
use wiremock::{Mock, ResponseTemplate};

#[tokio::test]
async fn a_template_is_read_on_its_id_and_keeps_an_unknown_status() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("TEMPLATE-ID")))
        .and(query_param("fields", "name,status,category"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "TEMPLATE-ID",
            "name": "order_ready",
            "status": "AWAITING_TRANSLATION",
            "category": "UTILITY",
            "library_template_name": "new field"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let template = client
        .message_template("TEMPLATE-ID")
        .get()
        .fields([
            MessageTemplateField::Name,
            MessageTemplateField::Status,
            MessageTemplateField::Category,
        ])
        .await
        .unwrap();
    assert_eq!(template.name.as_deref(), Some("order_ready"));
    assert_eq!(template.category, Some(TemplateCategory::Utility));
    let status = template.status.unwrap();
    assert!(matches!(status, TemplateStatus::Unknown(_)));
    assert_eq!(status.as_str(), "AWAITING_TRANSLATION");
}

#[tokio::test]
async fn a_template_is_edited_with_a_json_body() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(url_path(path("TEMPLATE-ID")))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "category": "MARKETING",
            "components": [{"type": "BODY", "text": "Your order is ready for pickup."}],
            "message_send_ttl_seconds": -1,
            "cta_url_link_tracking_opted_out": true
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .expect(1)
        .mount(&server)
        .await;
    let done = client
        .message_template("TEMPLATE-ID")
        .update()
        .category(TemplateCategory::Marketing)
        .components([TemplateComponent {
            r#type: Some(TemplateComponentType::Body),
            text: Some("Your order is ready for pickup.".into()),
            ..TemplateComponent::default()
        }])
        .message_send_ttl_seconds(-1)
        .cta_url_link_tracking_opted_out(true)
        .await
        .unwrap();
    assert!(done.success);
}
