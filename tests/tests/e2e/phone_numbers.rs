//! The life of a phone number on the wire: the number read with fields and
//! updated with JSON, its verification code requested and checked,
//! registration and the two-step PIN, the business profile and QR codes
//! written as JSON, and the compliance details read from `data`. Each
//! answer keeps a value this version does not know and ignores unknown
//! fields.

use serde_json::json;
use waba::{
    BusinessEntityType, BusinessVertical, CodeMethod, CustomerCare, DataLocalizationRegion,
    GrievanceOfficer, PhoneNumberField, QrCodeId, QrImageFormat, QualityRating, SearchVisibility,
    WebhookConfiguration,
};
use waba_tests::{bearer, path, server_and_client};
use wiremock::matchers::{body_json, header, method, path as url_path, query_param};
use wiremock::{Mock, ResponseTemplate};

const JSON: &str = "application/json";

/// Answers `POST {rest}` with `{"success": true}` when the JSON body is
/// exactly `body`.
async fn expect_json_post(server: &wiremock::MockServer, rest: &str, body: serde_json::Value) {
    Mock::given(method("POST"))
        .and(url_path(path(rest)))
        .and(header("authorization", bearer().as_str()))
        .and(header("content-type", JSON))
        .and(body_json(body))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"success": true, "id": "ignored"})),
        )
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_phone_number_is_read_with_fields_and_keeps_an_unknown_rating() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("PHONE-ID")))
        .and(query_param(
            "fields",
            "display_phone_number,verified_name,quality_rating",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "PHONE-ID",
            "display_phone_number": "+1 555-010-0200",
            "verified_name": "Corner Bakery",
            "quality_rating": "ORANGE",
            "search_rank": 4
        })))
        .expect(1)
        .mount(&server)
        .await;
    let phone = client
        .phone_number("PHONE-ID")
        .get()
        .fields([
            PhoneNumberField::DisplayPhoneNumber,
            PhoneNumberField::VerifiedName,
            PhoneNumberField::QualityRating,
        ])
        .await
        .unwrap();
    assert_eq!(phone.verified_name.as_deref(), Some("Corner Bakery"));
    let rating = phone.quality_rating.unwrap();
    assert!(matches!(rating, QualityRating::Unknown(_)));
    assert_eq!(rating.as_str(), "ORANGE");
}

#[tokio::test]
async fn the_number_and_its_pin_are_updated_with_json_bodies() {
    let (server, client) = server_and_client().await;
    expect_json_post(
        &server,
        "PHONE-ID",
        json!({
            "webhook_configuration": {"override_callback_uri": "https://example.com/hooks/bakery"},
            "search_visibility": "HIDDEN"
        }),
    )
    .await;
    expect_json_post(&server, "PHONE-ID", json!({"pin": "204816"})).await;
    let phone = client.phone_number("PHONE-ID");
    let done = phone
        .update()
        .webhook_configuration(WebhookConfiguration::new(
            "https://example.com/hooks/bakery",
        ))
        .search_visibility(SearchVisibility::Hidden)
        .await
        .unwrap();
    assert!(done.success);
    assert!(phone.set_two_step_pin("204816").await.unwrap().success);
}

#[tokio::test]
async fn verification_and_registration_post_their_json_bodies() {
    let (server, client) = server_and_client().await;
    expect_json_post(
        &server,
        "PHONE-ID/request_code",
        json!({"code_method": "VOICE", "language": "pt_BR"}),
    )
    .await;
    expect_json_post(&server, "PHONE-ID/verify_code", json!({"code": "918273"})).await;
    expect_json_post(
        &server,
        "PHONE-ID/register",
        json!({"messaging_product": "whatsapp", "pin": "204816", "data_localization_region": "BR"}),
    )
    .await;
    let phone = client.phone_number("PHONE-ID");
    assert!(
        phone
            .request_code(CodeMethod::Voice, "pt_BR")
            .await
            .unwrap()
            .success
    );
    assert!(phone.verify_code("918273").await.unwrap().success);
    assert!(
        phone
            .register("204816")
            .data_localization_region(DataLocalizationRegion::Br)
            .await
            .unwrap()
            .success
    );
}

#[tokio::test]
async fn the_business_profile_is_updated_with_only_what_is_set() {
    let (server, client) = server_and_client().await;
    expect_json_post(
        &server,
        "PHONE-ID/whatsapp_business_profile",
        json!({
            "messaging_product": "whatsapp",
            "about": "Fresh bread from 6am",
            "websites": ["https://example.com/bakery"],
            "vertical": "RESTAURANT"
        }),
    )
    .await;
    let done = client
        .phone_number("PHONE-ID")
        .update_business_profile()
        .about("Fresh bread from 6am")
        .websites(["https://example.com/bakery"])
        .vertical(BusinessVertical::Restaurant)
        .await
        .unwrap();
    assert!(done.success);
    let raw = String::from_utf8(server.received_requests().await.unwrap()[0].body.clone()).unwrap();
    assert!(!raw.contains("null"), "{raw}");
}

#[tokio::test]
async fn qr_codes_are_created_and_updated_with_json_and_decode_their_links() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(url_path(path("PHONE-ID/message_qrdls")))
        .and(header("content-type", JSON))
        .and(body_json(
            json!({"prefilled_message": "I'd like to order", "generate_qr_image": "SVG"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "code": "4O4YGZEG3RIVE1",
            "prefilled_message": "I'd like to order",
            "deep_link_url": "https://wa.me/message/4O4YGZEG3RIVE1",
            "qr_image_url": "https://scontent.example.com/qr/4O4YGZEG3RIVE1.svg",
            "scan_count": 0
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(url_path(path("PHONE-ID/message_qrdls")))
        .and(header("content-type", JSON))
        .and(body_json(
            json!({"code": "4O4YGZEG3RIVE1", "prefilled_message": "Is the shop open?"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "code": "4O4YGZEG3RIVE1",
            "prefilled_message": "Is the shop open?",
            "deep_link_url": "https://wa.me/message/4O4YGZEG3RIVE1"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let phone = client.phone_number("PHONE-ID");
    let created = phone
        .create_qr_code("I'd like to order")
        .generate_qr_image(QrImageFormat::Svg)
        .await
        .unwrap();
    let code = created.code.unwrap();
    assert_eq!(code.as_str(), "4O4YGZEG3RIVE1");
    assert!(created.qr_image_url.unwrap().ends_with(".svg"));
    let updated = phone
        .update_qr_code(code.clone(), "Is the shop open?")
        .await
        .unwrap();
    assert_eq!(updated.code, Some(QrCodeId::new("4O4YGZEG3RIVE1")));
    assert_eq!(
        updated.prefilled_message.as_deref(),
        Some("Is the shop open?")
    );
    assert_eq!(updated.qr_image_url, None);
}

#[tokio::test]
async fn compliance_details_are_set_with_nested_json_and_read_from_data() {
    let (server, client) = server_and_client().await;
    expect_json_post(
        &server,
        "PHONE-ID/business_compliance_info",
        json!({
            "messaging_product": "whatsapp",
            "entity_name": "Corner Bakery Pvt Ltd",
            "entity_type": "PRIVATE_COMPANY",
            "grievance_officer_details": {"name": "A. Rao", "email": "grievance@example.com"},
            "customer_care_details": {"email": "care@example.com", "landline_number": "+91 80 5550 0100"},
            "is_registered": true
        }),
    )
    .await;
    Mock::given(method("GET"))
        .and(url_path(path("PHONE-ID/business_compliance_info")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{
                "whatsapp_business_account_id": "WABA-ID",
                "messaging_product": "whatsapp",
                "entity_name": "Corner Bakery",
                "entity_type": "COOPERATIVE",
                "is_registered": false,
                "grievance_officer_details": {"name": "A. Rao", "email": "grievance@example.com",
                                              "pager": "none"},
                "customer_care_details": {"email": "care@example.com"}
            }]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let phone = client.phone_number("PHONE-ID");
    let done = phone
        .update_business_compliance_info(
            "Corner Bakery Pvt Ltd",
            BusinessEntityType::PrivateCompany,
            GrievanceOfficer::new("A. Rao", "grievance@example.com"),
            CustomerCare {
                landline_number: Some("+91 80 5550 0100".into()),
                ..CustomerCare::new("care@example.com")
            },
        )
        .is_registered(true)
        .await
        .unwrap();
    assert!(done.success);
    let info = phone.business_compliance_info().await.unwrap();
    let entity_type = info[0].entity_type.clone().unwrap();
    assert!(matches!(entity_type, BusinessEntityType::Unknown(_)));
    assert_eq!(entity_type.as_str(), "COOPERATIVE");
    assert_eq!(
        info[0]
            .whatsapp_business_account_id
            .as_ref()
            .unwrap()
            .as_str(),
        "WABA-ID"
    );
    assert_eq!(
        info[0].grievance_officer_details.as_ref().unwrap().name,
        "A. Rao"
    );
}
