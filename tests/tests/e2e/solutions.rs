//! The solutions area on the wire: a solution created and listed from its
//! app, read, accepted, rejected and deactivated with JSON bodies, an
//! access token read with the business in the query, and a WABA's migration
//! intent set and read. Answers keep values this version does not know and
//! ignore unknown fields.

use serde_json::json;
use waba::{
    ApplicationId, MigrationIntentAction, MigrationIntentStatus, SolutionId, SolutionPartnerStatus,
    SolutionRequestType, SolutionRole, SolutionStatus, Timestamp, WabaTask,
};
use waba_tests::{bearer, path, server_and_client};
use wiremock::matchers::{body_json, header, method, path as url_path, query_param};
use wiremock::{Mock, ResponseTemplate};

async fn expect_post(
    server: &wiremock::MockServer,
    rest: &str,
    body: serde_json::Value,
    answer: serde_json::Value,
) {
    Mock::given(method("POST"))
        .and(url_path(path(rest)))
        .and(header("authorization", bearer().as_str()))
        .and(header("content-type", "application/json"))
        .and(body_json(body))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_solution_is_created_and_listed_from_its_app() {
    let (server, client) = server_and_client().await;
    expect_post(
        &server,
        "APP-ID/whatsapp_business_solution",
        json!({"solution_name": "Bakery chain messaging", "partner_app_id": "PARTNER-APP",
               "owner_permissions": ["MANAGE", "MESSAGING"], "partner_permissions": ["MESSAGING"]}),
        json!({"solution_id": "SOLUTION-ID", "review": "ignored"}),
    )
    .await;
    Mock::given(method("GET"))
        .and(url_path(path("APP-ID/whatsapp_business_solutions")))
        .and(query_param("role", "OWNER"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"id": "SOLUTION-ID", "name": "Bakery chain messaging",
                      "status": "PAUSED", "status_for_pending_request": "NONE",
                      "owner_permissions": ["MANAGE", "MESSAGING"], "tier": 2}],
            "paging": {"cursors": {"before": "B", "after": "A"}}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let app = client.application("APP-ID");
    let created = app
        .create_solution(
            "Bakery chain messaging",
            ApplicationId::new("PARTNER-APP"),
            [WabaTask::Manage, WabaTask::Messaging],
            [WabaTask::Messaging],
        )
        .await
        .unwrap();
    assert_eq!(created.solution_id.as_str(), "SOLUTION-ID");
    let page = app.solutions().role(SolutionRole::Owner).await.unwrap();
    let status = page.data[0].status.clone().unwrap();
    assert!(matches!(status, SolutionStatus::Unknown(_)));
    assert_eq!(status.as_str(), "PAUSED");
}

#[tokio::test]
async fn a_partner_accepts_and_rejects_with_json_bodies() {
    let (server, client) = server_and_client().await;
    expect_post(
        &server,
        "SOLUTION-ID/accept",
        json!({"partner_app_id": "PARTNER-APP"}),
        json!({"success": true, "solution_id": "SOLUTION-ID", "partner_status": "ONBOARDING",
               "update_time": "2026-11-20T09:30:00+0000"}),
    )
    .await;
    expect_post(
        &server,
        "SOLUTION-ID/reject",
        json!({"request_type": "DEACTIVATION_REQUEST", "rejection_reason": "Clients still onboarding"}),
        json!({"success": true, "solution_id": "SOLUTION-ID",
               "rejected_request_type": "DEACTIVATION_REQUEST"}),
    )
    .await;
    expect_post(
        &server,
        "SOLUTION-ID/reject_deactivation_request",
        json!({"reject_deactivation_request": true}),
        json!({"id": "SOLUTION-ID", "name": "Bakery chain messaging", "status": "ACTIVE",
               "status_for_pending_request": "NONE"}),
    )
    .await;
    let solution = client.solution("SOLUTION-ID");
    let accepted = solution
        .accept(ApplicationId::new("PARTNER-APP"))
        .await
        .unwrap();
    assert_eq!(accepted.solution_id, SolutionId::new("SOLUTION-ID"));
    assert_eq!(accepted.partner_status.as_str(), "ONBOARDING");
    assert!(matches!(
        accepted.partner_status,
        SolutionPartnerStatus::Unknown(_)
    ));
    let rejected = solution
        .reject(SolutionRequestType::DeactivationRequest)
        .rejection_reason("Clients still onboarding")
        .await
        .unwrap();
    assert_eq!(
        rejected.rejected_request_type,
        SolutionRequestType::DeactivationRequest
    );
    let kept = solution.reject_deactivation_request().await.unwrap();
    assert_eq!(kept.status, Some(SolutionStatus::Active));
}

#[tokio::test]
async fn deactivation_is_asked_and_accepted_and_tokens_are_read_per_business() {
    let (server, client) = server_and_client().await;
    expect_post(
        &server,
        "SOLUTION-ID/send_deactivation_request",
        json!({"reason": "Contract ended"}),
        json!({"success": true, "message": "Request sent to the partner.", "request_id": "DR-1"}),
    )
    .await;
    expect_post(
        &server,
        "SOLUTION-ID/accept_deactivation_request",
        json!({}),
        json!({"id": "SOLUTION-ID", "name": "Bakery chain messaging", "status": "DEACTIVATED",
               "status_for_pending_request": "NONE"}),
    )
    .await;
    Mock::given(method("GET"))
        .and(url_path(path("SOLUTION-ID/access_token")))
        .and(query_param("business_id", "BUSINESS-ID"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "EAAG-solution-token", "expires_at": 1_733_000_000, "scope": "ignored"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let solution = client.solution("SOLUTION-ID");
    let sent = solution
        .send_deactivation_request()
        .reason("Contract ended")
        .await
        .unwrap();
    assert_eq!(sent.request_id.as_deref(), Some("DR-1"));
    let ended = solution.accept_deactivation_request().await.unwrap();
    assert_eq!(ended.status, Some(SolutionStatus::Deactivated));
    let token = solution.access_token("BUSINESS-ID").await.unwrap();
    let secret = token.access_token.as_ref().unwrap();
    assert_eq!(secret.expose_secret(), "EAAG-solution-token");
    // The token Graph hands back never shows in Debug output.
    assert!(!format!("{token:?}").contains("EAAG-solution-token"));
    assert_eq!(token.expires_at, Some(Timestamp::from_unix(1_733_000_000)));
}

#[tokio::test]
async fn a_migration_intent_is_set_on_the_account_and_read_on_its_id() {
    let (server, client) = server_and_client().await;
    expect_post(
        &server,
        "WABA-ID/set_solution_migration_intent",
        json!({"solution_id": "SOLUTION-ID", "migration_intent": "INITIATE_MIGRATION",
               "target_solution_id": "NEW-SOLUTION"}),
        json!({"success": true, "migration_intent_id": "INTENT-ID", "status": "PENDING"}),
    )
    .await;
    Mock::given(method("GET"))
        .and(url_path(path("INTENT-ID")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "INTENT-ID", "status": "AWAITING_PARTNER", "created": "ignored"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let intent = client
        .whatsapp_business_account("WABA-ID")
        .set_solution_migration_intent(
            SolutionId::new("SOLUTION-ID"),
            MigrationIntentAction::InitiateMigration,
        )
        .target_solution_id(SolutionId::new("NEW-SOLUTION"))
        .await
        .unwrap();
    let read = client
        .migration_intent(intent.migration_intent_id)
        .get()
        .await
        .unwrap();
    let status = read.status.unwrap();
    assert!(matches!(status, MigrationIntentStatus::Unknown(_)));
    assert_eq!(status.as_str(), "AWAITING_PARTNER");
}
