//! The marketing-messages area on the wire: a template message sent
//! through the Marketing Messages API as one JSON body, its constants and
//! policy beside the template, and an answer whose status this version
//! does not know.

use serde_json::json;
use waba::{
    MarketingProductPolicy, SentMessageStatus, TemplateLanguage, TemplateLanguagePolicy,
    TemplateMessage,
};
use waba_tests::{bearer, path, server_and_client};
use wiremock::matchers::{body_json, header, method, path as url_path};
use wiremock::{Mock, ResponseTemplate};

#[tokio::test]
async fn a_marketing_message_is_a_template_body_with_its_policy() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(url_path(path("PHONE-ID/marketing_messages")))
        .and(header("authorization", bearer().as_str()))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": "15550111",
            "type": "template",
            "template": {"name": "weekend_offer", "language": {"policy": "deterministic", "code": "en_US"}},
            "product_policy": "STRICT",
            "message_activity_sharing": false
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "messaging_product": "whatsapp",
            "contacts": [{"input": "15550111", "wa_id": "15550111"}],
            "messages": [{"id": "wamid.MKT", "message_status": "optimizing"}],
            "pricing_hint": "ignored"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let sent = client
        .phone_number("PHONE-ID")
        .send_marketing_message(
            "15550111",
            TemplateMessage::new(
                "weekend_offer",
                TemplateLanguage {
                    policy: Some(TemplateLanguagePolicy::Deterministic),
                    ..TemplateLanguage::new("en_US")
                },
            ),
        )
        .product_policy(MarketingProductPolicy::Strict)
        .message_activity_sharing(false)
        .await
        .unwrap();
    assert_eq!(sent.messages[0].id, "wamid.MKT");
    let status = sent.messages[0].message_status.clone().unwrap();
    assert!(matches!(status, SentMessageStatus::Unknown(_)));
    assert_eq!(status.as_str(), "optimizing");
}
