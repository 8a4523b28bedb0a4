//! The block-users area on the wire: blocked users listed as a page,
//! blocked by a JSON POST and unblocked by a DELETE that carries the same
//! JSON body, with answers that report failures per user and ignore
//! unknown fields.

use serde_json::json;
use waba::BlockUserRef;
use waba_tests::{bearer, path, server_and_client};
use wiremock::matchers::{body_json, header, method, path as url_path, query_param};
use wiremock::{Mock, ResponseTemplate};

#[tokio::test]
async fn blocked_users_are_listed_as_a_page() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("PHONE-ID/block_users")))
        .and(header("authorization", bearer().as_str()))
        .and(query_param("limit", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [
                {"messaging_product": "whatsapp", "wa_id": "15550107"},
                {"messaging_product": "whatsapp", "wa_id": "15550108", "blocked_at": 1730200000}
            ],
            "paging": {"cursors": {"before": "QkVG", "after": "QUZU"}}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let page = client
        .phone_number("PHONE-ID")
        .blocked_users()
        .limit(2)
        .await
        .unwrap();
    assert_eq!(page.data.len(), 2);
    assert_eq!(page.data[1].wa_id.as_deref(), Some("15550108"));
}

#[tokio::test]
async fn users_are_blocked_by_post_and_unblocked_by_a_delete_with_the_same_body() {
    let (server, client) = server_and_client().await;
    let body = json!({
        "messaging_product": "whatsapp",
        "block_users": [{"user": "15550107"}, {"user": "+1 555 0109"}]
    });
    Mock::given(method("POST"))
        .and(url_path(path("PHONE-ID/block_users")))
        .and(header("content-type", "application/json"))
        .and(body_json(&body))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "messaging_product": "whatsapp",
            "block_users": {
                "added_users": [{"input": "15550107", "wa_id": "15550107"}],
                "failed_users": [{"input": "+1 555 0109", "wa_id": "15550109",
                                  "errors": [{"code": 139_100, "title": "Failed to block user",
                                              "message": "Failed to block user",
                                              "error_data": {"details": "No recent messages from this user."}}]}]
            },
            "request_trace": "ignored"
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(url_path(path("PHONE-ID/block_users")))
        .and(header("content-type", "application/json"))
        .and(body_json(&body))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "messaging_product": "whatsapp",
            "block_users": {"removed_users": [
                {"input": "15550107", "wa_id": "15550107"},
                {"input": "+1 555 0109", "wa_id": "15550109"}
            ]}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let phone = client.phone_number("PHONE-ID");
    let users = || {
        [
            BlockUserRef::new("15550107"),
            BlockUserRef::new("+1 555 0109"),
        ]
    };
    let blocked = phone
        .block_users(users())
        .await
        .unwrap()
        .block_users
        .unwrap();
    assert_eq!(
        blocked.added_users.unwrap()[0].wa_id.as_deref(),
        Some("15550107")
    );
    let failed = &blocked.failed_users.unwrap()[0];
    assert_eq!(failed.input.as_deref(), Some("+1 555 0109"));
    assert_eq!(failed.errors.as_ref().unwrap()[0].code, 139_100);
    let unblocked = phone
        .unblock_users(users())
        .await
        .unwrap()
        .block_users
        .unwrap();
    assert_eq!(unblocked.removed_users.unwrap().len(), 2);
}
