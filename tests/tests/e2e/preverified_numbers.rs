//! The preverified-numbers area on the wire: a business's pre-verified
//! numbers listed with their filters in the query, shared with a JSON body,
//! read and deleted on their own ID, verified with JSON bodies, and their
//! partners listed. Answers keep values this version does not know and
//! ignore unknown fields.

use serde_json::json;
use waba::{
    BusinessId, BusinessVerificationStatus, CodeMethod, PreVerifiedAvailability,
    PreVerifiedFeature, PreVerifiedPhoneNumberId, PreVerifiedStatus, TwoFactorType,
};
use waba_tests::{bearer, path, server_and_client};
use wiremock::matchers::{body_json, header, method, path as url_path, query_param};
use wiremock::{Mock, ResponseTemplate};

#[tokio::test]
async fn pre_verified_numbers_are_listed_with_filters_and_shared_with_json() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("BUSINESS-ID/preverified_numbers")))
        .and(header("authorization", bearer().as_str()))
        .and(query_param("availability_status", "AVAILABLE"))
        .and(query_param("country_code", "BR"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{
                "id": "PREVERIFIED-ID", "display_phone_number": "+55 11 5555-0100",
                "country_prefix": 55, "verification_status": "VERIFIED",
                "availability_status": "AVAILABLE",
                "supported_features": ["MESSAGING", "CALLING"], "carrier": "ignored"
            }],
            "paging": {"cursors": {"before": "B", "after": "A"}}
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(url_path(path("BUSINESS-ID/share_preverified_numbers")))
        .and(header("content-type", "application/json"))
        .and(body_json(
            json!({"preverified_id": "PREVERIFIED-ID", "partner_business_id": "PARTNER-ID"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .expect(1)
        .mount(&server)
        .await;
    let business = client.business("BUSINESS-ID");
    let page = business
        .preverified_numbers()
        .availability_status(PreVerifiedAvailability::Available)
        .country_code("BR")
        .await
        .unwrap();
    let number = &page.data[0];
    assert_eq!(number.country_prefix, Some(55));
    assert_eq!(
        number.verification_status,
        Some(PreVerifiedStatus::Verified)
    );
    let features = number.supported_features.as_ref().unwrap();
    assert_eq!(features[0], PreVerifiedFeature::Messaging);
    assert!(matches!(features[1], PreVerifiedFeature::Unknown(_)));
    assert_eq!(features[1].as_str(), "CALLING");
    let shared = business
        .share_preverified_number(number.id.clone().unwrap(), BusinessId::new("PARTNER-ID"))
        .await
        .unwrap();
    assert!(shared.success);
}

#[tokio::test]
async fn a_pre_verified_number_is_read_verified_and_deleted_on_its_id() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("PREVERIFIED-ID")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "PREVERIFIED-ID", "is_input_id_valid": false,
            "error_msg": "The number was deleted.", "hint": "ignored"
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(url_path(path("PREVERIFIED-ID/request_code")))
        .and(header("content-type", "application/json"))
        .and(body_json(
            json!({"code_method": "SMS", "language": "es_MX"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(url_path(path("PREVERIFIED-ID/verify_code")))
        .and(body_json(json!({"code": "554433"})))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"success": true, "id": "PREVERIFIED-ID"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(url_path(path("PREVERIFIED-ID")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .expect(1)
        .mount(&server)
        .await;
    let number = client.preverified_phone_number(PreVerifiedPhoneNumberId::new("PREVERIFIED-ID"));
    let read = number.get().await.unwrap();
    assert_eq!(read.is_input_id_valid, Some(false));
    assert_eq!(read.error_msg.as_deref(), Some("The number was deleted."));
    assert!(
        number
            .request_code(CodeMethod::Sms, "es_MX")
            .await
            .unwrap()
            .success
    );
    assert!(number.verify_code("554433").await.unwrap().success);
    assert!(number.delete().await.unwrap().success);
}

#[tokio::test]
async fn partners_of_a_number_are_listed_with_their_verification() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("PREVERIFIED-ID/partners")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [
                {"id": "PARTNER-ID", "name": "Messaging Partner Ltda", "verification_status": "verified",
                 "two_factor_type": "admin_required", "timezone_id": 94},
                {"id": "OTHER-ID", "name": "Agency", "verification_status": "in_review",
                 "two_factor_type": "sms_only"}
            ]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let page = client
        .preverified_phone_number("PREVERIFIED-ID")
        .partners()
        .await
        .unwrap();
    assert_eq!(
        page.data[0].verification_status,
        Some(BusinessVerificationStatus::Verified)
    );
    assert_eq!(
        page.data[0].two_factor_type,
        Some(TwoFactorType::AdminRequired)
    );
    assert_eq!(page.data[0].timezone_id, Some(94));
    assert_eq!(
        page.data[1].two_factor_type.as_ref().unwrap().as_str(),
        "sms_only"
    );
    assert!(matches!(
        page.data[1].verification_status,
        Some(BusinessVerificationStatus::Unknown(_))
    ));
}
