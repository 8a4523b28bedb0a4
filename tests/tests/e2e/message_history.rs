//! The message-history area on the wire: a phone number's delivery
//! histories listed with the message in the query, their first events
//! decoded as a page inside each history, and the events of one history
//! listed with a status filter. Unknown statuses are kept and unknown
//! fields ignored.

use serde_json::json;
use waba::{MessageDeliveryStatus, MessageHistoryField, Timestamp};
use waba_tests::{path, server_and_client};
use wiremock::matchers::{method, path as url_path, query_param};
use wiremock::{Mock, ResponseTemplate};

#[tokio::test]
async fn histories_are_listed_with_their_first_events_and_events_are_filtered() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("PHONE-ID/message_history")))
        .and(query_param("message_id", "wamid.SENT1"))
        .and(query_param("fields", "message_id,events"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{
                "id": "HISTORY-ID",
                "message_id": "wamid.SENT1",
                "events": {
                    "data": [
                        {"cursor": "C1", "node": {"id": "E1", "delivery_status": "SENT",
                                                  "occurrence_timestamp": 1731600000}},
                        {"cursor": "C2", "node": {"id": "E2", "delivery_status": "PLAYED",
                                                  "occurrence_timestamp": "1731600060",
                                                  "device": "ignored"}}
                    ],
                    "paging": {"cursors": {"before": "C1", "after": "C2"}}
                }
            }],
            "paging": {"cursors": {"before": "H", "after": "H"}}
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(url_path(path("HISTORY-ID/events")))
        .and(query_param("status_filter", "FAILED"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"cursor": "C9", "node": {"id": "E9", "delivery_status": "FAILED",
                                               "error_description": "Recipient not on WhatsApp."}}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let page = client
        .phone_number("PHONE-ID")
        .message_history()
        .message_id("wamid.SENT1")
        .fields([MessageHistoryField::MessageId, MessageHistoryField::Events])
        .await
        .unwrap();
    let history = &page.data[0];
    let events = history.events.as_ref().unwrap();
    let first = events.data[0].node.as_ref().unwrap();
    assert_eq!(first.delivery_status, Some(MessageDeliveryStatus::Sent));
    let second = events.data[1].node.as_ref().unwrap();
    assert_eq!(
        second.occurrence_timestamp,
        Some(Timestamp::from_unix(1_731_600_060))
    );
    let status = second.delivery_status.clone().unwrap();
    assert!(matches!(status, MessageDeliveryStatus::Unknown(_)));
    assert_eq!(status.as_str(), "PLAYED");

    let failed = client
        .message_history(history.id.clone().unwrap())
        .events()
        .status_filter(MessageDeliveryStatus::Failed)
        .await
        .unwrap();
    let event = failed.data[0].node.as_ref().unwrap();
    assert_eq!(
        event.error_description.as_deref(),
        Some("Recipient not on WhatsApp.")
    );
}
