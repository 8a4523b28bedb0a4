//! Mobility intents, Marketing Messages Lite onboarding and encrypted
//! messages on the wire: JSON bodies (or a query on a POST) and answers
//! that keep a status this version does not know and ignore unknown
//! fields.

use serde_json::json;
use waba::{OboIntentType, OboMobilityIntentStatus, OboMobilityRequestStatus, SolutionId};
use waba_tests::{bearer, path, server_and_client};
use wiremock::matchers::{body_json, header, method, path as url_path, query_param};
use wiremock::{Mock, ResponseTemplate};

#[tokio::test]
async fn a_mobility_intent_is_created_set_and_read() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(url_path(path("WABA-ID/obo_mobility_intent")))
        .and(header("authorization", bearer().as_str()))
        .and(header("content-type", "application/json"))
        .and(body_json(
            json!({"solution_id": "SOLUTION-ID", "intent_type": "INITIATE_TRANSFER",
                               "metadata": {"ticket": "T-42"}}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true, "mobility_intent_id": "OBO-ID", "status": "AWAITING_OWNER",
            "approval_required": true, "next_steps": ["The client approves the transfer."]
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(url_path(path("WABA-ID/set_obo_mobility_intent")))
        .and(body_json(
            json!({"waba_id": "WABA-ID", "client_mutation_id": "m-1"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true, "intent_id": "OBO-ID", "client_mutation_id": "m-1"
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(url_path(path("OBO-ID")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "OBO-ID", "status": "ACTIVE",
            "waba": {"id": "WABA-ID", "name": "Bakery WABA"},
            "solution": {"id": "SOLUTION-ID", "name": "Bakery chain messaging"},
            "region": "ignored"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let account = client.whatsapp_business_account("WABA-ID");
    let created = account
        .create_obo_mobility_intent(
            SolutionId::new("SOLUTION-ID"),
            OboIntentType::InitiateTransfer,
        )
        .metadata(json!({"ticket": "T-42"}))
        .await
        .unwrap();
    let status = created.status.unwrap();
    assert!(matches!(status, OboMobilityRequestStatus::Unknown(_)));
    assert_eq!(status.as_str(), "AWAITING_OWNER");
    assert_eq!(created.approval_required, Some(true));
    let set = account
        .set_obo_mobility_intent("WABA-ID")
        .client_mutation_id("m-1")
        .await
        .unwrap();
    assert_eq!(set.intent_id.as_ref().map(|id| id.as_str()), Some("OBO-ID"));
    let intent = client
        .obo_mobility_intent(created.mobility_intent_id)
        .get()
        .await
        .unwrap();
    assert_eq!(intent.status, Some(OboMobilityIntentStatus::Active));
    assert_eq!(intent.waba.unwrap().name.as_deref(), Some("Bakery WABA"));
    assert_eq!(intent.solution.unwrap().id.unwrap().as_str(), "SOLUTION-ID");
}

#[tokio::test]
async fn mm_lite_onboarding_sends_the_solution_in_the_query() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(url_path(path("BUSINESS-ID/onboard_partners_to_mm_lite")))
        .and(query_param("solution_id", "SOLUTION-ID"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"request_id": "MM-REQ", "eta": "ignored"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let receipt = client
        .business("BUSINESS-ID")
        .onboard_partners_to_mm_lite()
        .solution_id(SolutionId::new("SOLUTION-ID"))
        .await
        .unwrap();
    assert_eq!(receipt.request_id, "MM-REQ");
}

#[tokio::test]
async fn an_encrypted_message_is_one_json_body_answered_in_kind() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(url_path(path("PHONE-ID/messages_encrypted")))
        .and(header("content-type", "application/json"))
        .and(body_json(
            json!({"messaging_product": "whatsapp", "encrypted_contents": "b64:AAEC"}),
        ))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"encrypted_contents": "b64:BBFD"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let answer = client
        .phone_number("PHONE-ID")
        .send_encrypted_message("b64:AAEC")
        .await
        .unwrap();
    assert_eq!(answer.encrypted_contents, "b64:BBFD");
}
