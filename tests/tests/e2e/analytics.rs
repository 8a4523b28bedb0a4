//! The analytics area on the wire: the calling and conversation analytics
//! edges take the range and granularity Meta requires as arguments, their
//! filters as JSON lists in the query, and decode their data points,
//! keeping a value this version does not know and ignoring unknown fields.

use serde_json::json;
use waba::{
    CallDimension, CallDirection, CallMetricType, ConversationDimension, ConversationGranularity,
    ConversationMetricType, ConversationType, Timestamp,
};
use waba_tests::{bearer, path, server_and_client};
use wiremock::matchers::{header, method, path as url_path, query_param};
use wiremock::{Mock, ResponseTemplate};

const START: i64 = 1_693_526_400;
const END: i64 = 1_696_118_400;

#[tokio::test]
async fn call_analytics_sends_range_granularity_and_filters_and_decodes_data_points() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("WABA-ID/call_analytics")))
        .and(header("authorization", bearer().as_str()))
        .and(query_param("start", START.to_string()))
        .and(query_param("end", END.to_string()))
        .and(query_param("granularity", "DAILY"))
        .and(query_param(
            "metric_types",
            r#"["COUNT","COST","AVERAGE_DURATION"]"#,
        ))
        .and(query_param("directions", r#"["BUSINESS_INITIATED"]"#))
        .and(query_param("dimensions", r#"["DIRECTION","COUNTRY"]"#))
        .and(query_param("phone_numbers", r#"["15550100"]"#))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{
                "data_points": [
                    {"start": START, "end": START + 86_400, "count": 10, "cost": 1.25,
                     "average_duration": 62.5, "direction": "BUSINESS_INITIATED", "country": "US"},
                    {"start": START + 86_400, "end": START + 172_800, "count": 3, "cost": 0,
                     "direction": "CALL_FORWARDED", "tier": "new field"}
                ],
                "granularity_note": "not in the spec"
            }],
            "paging": {"cursors": {"before": "B", "after": "A"}}
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client
        .whatsapp_business_account("WABA-ID")
        .call_analytics(
            Timestamp::from_unix(START),
            Timestamp::from_unix(END),
            ConversationGranularity::Daily,
        )
        .metric_types([
            CallMetricType::Count,
            CallMetricType::Cost,
            CallMetricType::AverageDuration,
        ])
        .directions([CallDirection::BusinessInitiated])
        .dimensions([CallDimension::Direction, CallDimension::Country])
        .phone_numbers(["15550100"])
        .await
        .unwrap();
    let points = page.data[0].data_points.as_ref().unwrap();
    assert_eq!(points.len(), 2);
    assert_eq!(points[0].start, Some(Timestamp::from_unix(START)));
    assert_eq!(points[0].count, Some(10));
    assert_eq!(points[0].cost, Some(1.25));
    assert_eq!(points[0].average_duration, Some(62.5));
    assert_eq!(points[0].direction, Some(CallDirection::BusinessInitiated));
    assert_eq!(points[0].country.as_deref(), Some("US"));
    let unknown = points[1].direction.clone().unwrap();
    assert!(matches!(unknown, CallDirection::Unknown(_)));
    assert_eq!(unknown.as_str(), "CALL_FORWARDED");
    assert_eq!(points[1].average_duration, None);
}

#[tokio::test]
async fn conversation_analytics_decodes_every_spelling_of_a_conversation_type() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("WABA-ID/conversation_analytics")))
        .and(query_param("start", START.to_string()))
        .and(query_param("end", END.to_string()))
        .and(query_param("granularity", "MONTHLY"))
        .and(query_param("metric_types", r#"["CONVERSATION","COST"]"#))
        .and(query_param("conversation_types", r#"["FREE_ENTRY"]"#))
        .and(query_param("dimensions", r#"["CONVERSATION_TYPE"]"#))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"data_points": [
                {"start": START, "end": END, "conversation": 281, "cost": 0.0,
                 "conversation_type": "FREE_ENTRY_POINT"},
                {"start": START, "end": END, "conversation": 9, "cost": 0.42,
                 "conversation_type": "FREE_ENTRY"},
                {"start": START, "end": END, "conversation": 1, "cost": 0.05,
                 "conversation_type": "PAID_TRIAL", "surprise": [1, 2]}
            ]}]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client
        .whatsapp_business_account("WABA-ID")
        .conversation_analytics(
            Timestamp::from_unix(START),
            Timestamp::from_unix(END),
            ConversationGranularity::Monthly,
        )
        .metric_types([
            ConversationMetricType::Conversation,
            ConversationMetricType::Cost,
        ])
        .conversation_types([ConversationType::FreeEntry])
        .dimensions([ConversationDimension::ConversationType])
        .await
        .unwrap();
    let points = page.data[0].data_points.as_ref().unwrap();
    // The reference page's spelling and the analytics guide's decode alike.
    assert_eq!(
        points[0].conversation_type,
        Some(ConversationType::FreeEntry)
    );
    assert_eq!(
        points[1].conversation_type,
        Some(ConversationType::FreeEntry)
    );
    assert_eq!(points[0].conversation, Some(281));
    assert_eq!(points[1].cost, Some(0.42));
    let unknown = points[2].conversation_type.clone().unwrap();
    assert_eq!(unknown.as_str(), "PAID_TRIAL");
    assert!(matches!(unknown, ConversationType::Unknown(_)));
}
