//! The groups area on the wire: every write is a JSON body with the
//! constant `messaging_product` (removals are DELETEs that carry one), the
//! listing is read from `data.groups` and its later pages from the links
//! Graph returns, and each answer decodes while keeping an approval mode this
//! version does not know and ignoring unknown fields.

use serde_json::json;
use waba::{GroupField, GroupJoinApprovalMode, JoinRequestId, ParticipantRef, Timestamp, Upload};
use waba_tests::{bearer, path, server_and_client};
use wiremock::matchers::{body_json, header, method, path as url_path, query_param};
use wiremock::{Mock, ResponseTemplate};

#[tokio::test]
async fn groups_are_read_from_data_groups_and_later_pages_follow_the_paging_links() {
    let (server, client) = server_and_client().await;
    let next = format!(
        "{}{}?limit=2&after=QVFIUk5",
        server.uri(),
        path("PHONE-ID/groups")
    );
    Mock::given(method("GET"))
        .and(url_path(path("PHONE-ID/groups")))
        .and(header("authorization", bearer().as_str()))
        .and(query_param("after", "QVFIUk5"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": {"groups": [
                {"id": "GROUP-3", "subject": "Night shift", "created_at": "1731000000"}
            ]},
            "paging": {"cursors": {"before": "QVFIUk5"}}
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(url_path(path("PHONE-ID/groups")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": {"groups": [
                {"id": "GROUP-1", "subject": "Bakery orders", "created_at": 1730000000,
                 "member_badge": "new field"},
                {"id": "GROUP-2", "subject": "Deliveries", "created_at": "1730500000"}
            ], "total": 3},
            "paging": {"cursors": {"before": "QVFIUkY", "after": "QVFIUk5"}, "next": next}
        })))
        .expect(1)
        .mount(&server)
        .await;

    let first = client.phone_number("PHONE-ID").groups().await.unwrap();
    let groups = first.data.unwrap().groups.unwrap();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0].id.as_ref().unwrap().as_str(), "GROUP-1");
    assert_eq!(groups[0].subject.as_deref(), Some("Bakery orders"));
    assert_eq!(
        groups[0].created_at,
        Some(Timestamp::from_unix(1_730_000_000))
    );
    assert_eq!(
        groups[1].created_at,
        Some(Timestamp::from_unix(1_730_500_000))
    );
    let paging = first.paging.unwrap();
    assert_eq!(paging.cursors.unwrap().after.as_deref(), Some("QVFIUk5"));

    let second = client
        .active_groups_page(paging.next.unwrap())
        .await
        .unwrap();
    let groups = second.data.unwrap().groups.unwrap();
    assert_eq!(groups[0].id.as_ref().unwrap().as_str(), "GROUP-3");
    assert!(second.paging.unwrap().next.is_none());
}

#[tokio::test]
async fn create_group_posts_json_and_decodes_the_receipt() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(url_path(path("PHONE-ID/groups")))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "messaging_product": "whatsapp",
            "subject": "Bakery orders",
            "description": "Orders for the week",
            "join_approval_mode": "approval_required"
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "messaging_product": "whatsapp",
            "request_id": "REQ-7731",
            "queued": true
        })))
        .expect(1)
        .mount(&server)
        .await;
    let receipt = client
        .phone_number("PHONE-ID")
        .create_group("Bakery orders")
        .description("Orders for the week")
        .join_approval_mode(GroupJoinApprovalMode::ApprovalRequired)
        .await
        .unwrap();
    assert_eq!(receipt.request_id, "REQ-7731");
}

#[tokio::test]
async fn a_group_is_read_with_fields_and_keeps_an_unknown_approval_mode() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("GROUP-ID")))
        .and(query_param(
            "fields",
            "subject,join_approval_mode,participants,total_participant_count,creation_timestamp",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "GROUP-ID",
            "subject": "Bakery orders",
            "join_approval_mode": "admins_only",
            "participants": [{"wa_id": "15550101"}, {"wa_id": "15550102"}],
            "total_participant_count": 2,
            "creation_timestamp": 1730000000,
            "announcement_only": false
        })))
        .expect(1)
        .mount(&server)
        .await;
    let group = client
        .group("GROUP-ID")
        .get()
        .fields([
            GroupField::Subject,
            GroupField::JoinApprovalMode,
            GroupField::Participants,
            GroupField::TotalParticipantCount,
            GroupField::CreationTimestamp,
        ])
        .await
        .unwrap();
    let mode = group.join_approval_mode.unwrap();
    assert!(matches!(mode, GroupJoinApprovalMode::Unknown(_)));
    assert_eq!(mode.as_str(), "admins_only");
    let participants = group.participants.unwrap();
    assert_eq!(participants[1].wa_id.as_deref(), Some("15550102"));
    assert_eq!(group.total_participant_count, Some(2));
    assert_eq!(
        group.creation_timestamp,
        Some(Timestamp::from_unix(1_730_000_000))
    );
}

#[tokio::test]
async fn update_posts_json_and_delete_sends_no_body() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(url_path(path("GROUP-ID")))
        .and(header("content-type", "application/json"))
        .and(body_json(
            json!({"messaging_product": "whatsapp", "subject": "Weekend orders"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(url_path(path("GROUP-ID")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .expect(1)
        .mount(&server)
        .await;
    let group = client.group("GROUP-ID");
    assert!(
        group
            .update()
            .subject("Weekend orders")
            .await
            .unwrap()
            .success
    );
    assert!(group.delete().await.unwrap().success);
    let received = server.received_requests().await.unwrap();
    assert!(received[1].body.is_empty());
    assert!(received[1].url.query().is_none());
}

#[tokio::test]
async fn update_picture_sends_the_image_as_a_multipart_file_part() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(url_path(path("GROUP-ID")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .expect(1)
        .mount(&server)
        .await;
    let image = b"\x89PNG\r\n\x1a\nnot really a picture".to_vec();
    let done = client
        .group("GROUP-ID")
        .update_picture(Upload::bytes(image.clone(), "image/png").file_name("logo.png"))
        .await
        .unwrap();
    assert!(done.success);
    let received = server.received_requests().await.unwrap();
    let content_type = received[0].headers["content-type"].to_str().unwrap();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let body = String::from_utf8_lossy(&received[0].body).to_lowercase();
    assert!(
        body.contains("name=\"messaging_product\"\r\n\r\nwhatsapp\r\n"),
        "{body}"
    );
    assert!(
        body.contains("name=\"file\"; filename=\"logo.png\""),
        "{body}"
    );
    assert!(body.contains("content-type: image/png"), "{body}");
    let bytes = &received[0].body;
    assert!(bytes.windows(image.len()).any(|w| w == image.as_slice()));
}

#[tokio::test]
async fn invite_links_are_created_by_post_and_revoked_by_a_delete_with_a_json_body() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(url_path(path("GROUP-ID/invite_link")))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"messaging_product": "whatsapp"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "messaging_product": "whatsapp",
            "invite_link": "https://chat.whatsapp.com/Kq8pL2xYv0",
            "expires": "never"
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(url_path(path("GROUP-ID/invite_link")))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"messaging_product": "whatsapp"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "messaging_product": "whatsapp",
            "success": "true"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let group = client.group("GROUP-ID");
    let link = group.create_invite_link().await.unwrap();
    assert_eq!(link.invite_link, "https://chat.whatsapp.com/Kq8pL2xYv0");
    let revoked = group.revoke_invite_link().await.unwrap();
    assert_eq!(revoked.invite_link, None);
    assert_eq!(revoked.messaging_product.as_deref(), Some("whatsapp"));
}

#[tokio::test]
async fn join_requests_are_listed_approved_and_rejected() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("GROUP-ID/join_requests")))
        .and(query_param("limit", "10"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [
                {"join_request_id": "JR-1", "wa_id": "15550103", "creation_timestamp": 1730100000},
                {"join_request_id": "JR-2", "wa_id": "15550104", "creation_timestamp": "1730100500",
                 "note": "new field"}
            ],
            "paging": {"cursors": {"before": "B", "after": "A"}}
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(url_path(path("GROUP-ID/join_requests")))
        .and(header("content-type", "application/json"))
        .and(body_json(
            json!({"messaging_product": "whatsapp", "join_requests": ["JR-1", "JR-2"]}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "messaging_product": "whatsapp",
            "approved_join_requests": ["JR-1"],
            "failed_join_requests": [{
                "join_request_id": "JR-2",
                "errors": [{"code": 131_203, "title": "Request no longer pending",
                            "message": "Request no longer pending",
                            "error_data": {"details": "The person withdrew the request."}}]
            }],
            "trace": "ignored"
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(url_path(path("GROUP-ID/join_requests")))
        .and(header("content-type", "application/json"))
        .and(body_json(
            json!({"messaging_product": "whatsapp", "join_requests": ["JR-3"]}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "messaging_product": "whatsapp",
            "rejected_join_requests": ["JR-3"]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let group = client.group("GROUP-ID");
    let page = group.join_requests().limit(10).await.unwrap();
    let ids: Vec<JoinRequestId> = page
        .data
        .iter()
        .map(|r| r.join_request_id.clone().unwrap())
        .collect();
    assert_eq!(page.data[1].wa_id.as_deref(), Some("15550104"));
    assert_eq!(
        page.data[1].creation_timestamp,
        Some(Timestamp::from_unix(1_730_100_500))
    );

    let approved = group.approve_join_requests(ids).await.unwrap();
    assert_eq!(approved.approved_join_requests.unwrap()[0].as_str(), "JR-1");
    let failed = &approved.failed_join_requests.unwrap()[0];
    assert_eq!(failed.join_request_id.as_ref().unwrap().as_str(), "JR-2");
    let error = &failed.errors.as_ref().unwrap()[0];
    assert_eq!(error.code, 131_203);
    assert_eq!(
        error.error_data.as_ref().unwrap().details.as_deref(),
        Some("The person withdrew the request.")
    );

    let rejected = group
        .reject_join_requests([JoinRequestId::new("JR-3")])
        .await
        .unwrap();
    assert_eq!(rejected.rejected_join_requests.unwrap()[0].as_str(), "JR-3");
}

#[tokio::test]
async fn participants_are_added_by_post_and_removed_by_a_delete_with_a_json_body() {
    let (server, client) = server_and_client().await;
    let body = json!({
        "messaging_product": "whatsapp",
        "participants": [{"user": "15550105"}, {"user": "15550106"}]
    });
    for verb in ["POST", "DELETE"] {
        Mock::given(method(verb))
            .and(url_path(path("GROUP-ID/participants")))
            .and(header("content-type", "application/json"))
            .and(body_json(&body))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
            .expect(1)
            .mount(&server)
            .await;
    }
    let group = client.group("GROUP-ID");
    let people = || {
        [
            ParticipantRef::new("15550105"),
            ParticipantRef::new("15550106"),
        ]
    };
    assert!(group.add_participants(people()).await.unwrap().success);
    assert!(group.remove_participants(people()).await.unwrap().success);
}
