//! Sub-resource paths, field expansion with modifiers, and response shapes
//! (`{"data": [...]}`, pages inside fields, read-after-write): the exact
//! request line on the wire and the decoding of realistic responses.

use serde_json::json;
use waba::{
    AnalyticsGranularity, BusinessVertical, ConversationDimension, ConversationGranularity,
    ConversationMetricType, ConversationType, Error, PhoneNumberField, Timestamp,
    WhatsAppBusinessAccountField as F,
};
use waba_tests::{path, server_and_client};
use wiremock::matchers::{body_string, method, path as url_path, query_param};
use wiremock::{Mock, ResponseTemplate};

#[tokio::test]
async fn a_path_parameter_is_one_encoded_segment_after_the_edge() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("PHONE-NUMBER-ID/message_qrdls/QR%2F1%20A")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "code": "QR/1 A",
            "prefilled_message": "Hello",
            "deep_link_url": "https://wa.me/message/QR1A",
            "creation_time": "1693526400",
            "a_field_meta_added_later": true
        })))
        .expect(1)
        .mount(&server)
        .await;

    let qr = client
        .phone_number("PHONE-NUMBER-ID")
        .qr_code("QR/1 A")
        .await
        .unwrap();

    assert_eq!(qr.code.unwrap().as_str(), "QR/1 A");
    assert_eq!(qr.prefilled_message.as_deref(), Some("Hello"));
    assert_eq!(qr.creation_time, Some(Timestamp::from_unix(1_693_526_400)));
}

#[tokio::test]
async fn deleting_a_sub_resource_sends_delete_on_its_path() {
    let (server, client) = server_and_client().await;
    Mock::given(method("DELETE"))
        .and(url_path(path(
            "PHONE-NUMBER-ID/message_qrdls/ANED2T5QRU7HG1",
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .expect(1)
        .mount(&server)
        .await;

    let done = client
        .phone_number("PHONE-NUMBER-ID")
        .delete_qr_code("ANED2T5QRU7HG1")
        .await
        .unwrap();
    assert!(done.success);
}

#[tokio::test]
async fn the_list_on_the_same_edge_filters_by_code_in_the_query() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("PHONE-NUMBER-ID/message_qrdls")))
        .and(query_param("code", "ANED2T5QRU7HG1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"code": "ANED2T5QRU7HG1", "prefilled_message": "Hi", "creation_time": 1693526400}]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client
        .phone_number("PHONE-NUMBER-ID")
        .qr_codes()
        .code("ANED2T5QRU7HG1")
        .await
        .unwrap();
    assert_eq!(page.data.len(), 1);
    assert_eq!(
        page.data[0].creation_time,
        Some(Timestamp::from_unix(1_693_526_400))
    );
}

#[tokio::test]
async fn action_edges_post_to_their_path_and_decode_success() {
    let (server, client) = server_and_client().await;
    for action in [
        "FLOW-ID/publish",
        "FLOW-ID/deprecate",
        "PHONE-NUMBER-ID/deregister",
    ] {
        Mock::given(method("POST"))
            .and(url_path(path(action)))
            .and(body_string(""))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
            .expect(1)
            .mount(&server)
            .await;
    }

    assert!(client.flow("FLOW-ID").publish().await.unwrap().success);
    assert!(client.flow("FLOW-ID").deprecate().await.unwrap().success);
    let deregistered = client.phone_number("PHONE-NUMBER-ID").deregister().await;
    assert!(deregistered.unwrap().success);
}

#[tokio::test]
async fn a_data_response_decodes_to_a_vec_keeping_unknown_values() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("PHONE-NUMBER-ID/whatsapp_business_profile")))
        .and(query_param("fields", "about,vertical"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{
                "about": "Open 9 to 5",
                "vertical": "SPACE_TRAVEL",
                "messaging_product": "whatsapp",
                "a_field_meta_added_later": {"x": 1}
            }]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let profiles = client
        .phone_number("PHONE-NUMBER-ID")
        .business_profile()
        .fields([
            waba::BusinessProfileField::About,
            waba::BusinessProfileField::Vertical,
        ])
        .await
        .unwrap();

    assert_eq!(profiles.len(), 1);
    assert_eq!(profiles[0].about.as_deref(), Some("Open 9 to 5"));
    let vertical = profiles[0].vertical.as_ref().unwrap();
    assert!(matches!(vertical, BusinessVertical::Unknown(_)));
    assert_eq!(vertical.as_str(), "SPACE_TRAVEL");
}

#[tokio::test]
async fn a_data_response_without_data_is_a_decode_error() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("PHONE-NUMBER-ID/whatsapp_business_profile")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"about": "flat"})))
        .mount(&server)
        .await;

    let error = client
        .phone_number("PHONE-NUMBER-ID")
        .business_profile()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
}

#[tokio::test]
async fn analytics_expansions_render_modifiers_and_nesting_after_plain_fields() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("WABA-ID")))
        .and(query_param(
            "fields",
            concat!(
                "name,",
                r#"analytics.start(1693526400).end(1696118400).granularity(DAY).phone_numbers(["15550100"]).product_types([0,2]),"#,
                r#"conversation_analytics.start(1693526400).end(1696118400).granularity(MONTHLY).metric_types(["CONVERSATION","COST"]).dimensions(["CONVERSATION_TYPE"]),"#,
                "phone_numbers.limit(5){id,display_phone_number}"
            ),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "WABA-ID",
            "name": "Shop",
            "analytics": {
                "phone_numbers": ["15550100"],
                "granularity": "DAY",
                "data_points": [
                    {"start": 1693526400, "end": 1693612800, "sent": 199, "delivered": 183},
                    {"start": "1693612800", "end": "1693699200", "sent": 0, "delivered": 0}
                ]
            },
            "conversation_analytics": {
                "data": [{
                    "data_points": [{
                        "start": 1693526400,
                        "end": 1696118400,
                        "conversation": 12,
                        "cost": 0.84,
                        "conversation_type": "REGULAR"
                    }, {
                        "start": 1693526400,
                        "end": 1696118400,
                        "conversation": 3,
                        "cost": 0,
                        "conversation_type": "SOMETHING_NEW"
                    }]
                }]
            },
            "phone_numbers": {
                "data": [{"id": "PHONE-NUMBER-ID", "display_phone_number": "+1 555-0100"}],
                "paging": {"cursors": {"before": "B", "after": "A"}}
            }
        })))
        .expect(1)
        .mount(&server)
        .await;

    let start = Timestamp::from_unix(1_693_526_400);
    let end = Timestamp::from_unix(1_696_118_400);
    let waba = client
        .whatsapp_business_account("WABA-ID")
        .get()
        .expand(
            F::analytics(start, end, AnalyticsGranularity::Day)
                .phone_numbers(["15550100"])
                .product_types([0, 2]),
        )
        .expand(
            F::conversation_analytics(start, end, ConversationGranularity::Monthly)
                .metric_types([
                    ConversationMetricType::Conversation,
                    ConversationMetricType::Cost,
                ])
                .dimensions([ConversationDimension::ConversationType]),
        )
        .expand(
            F::phone_numbers()
                .limit(5)
                .fields([PhoneNumberField::Id, PhoneNumberField::DisplayPhoneNumber]),
        )
        // Plain fields come first on the wire, whenever they are set.
        .fields([F::Name])
        .await
        .unwrap();

    let analytics = waba.analytics.unwrap();
    assert_eq!(analytics.granularity, Some(AnalyticsGranularity::Day));
    let points = analytics.data_points.unwrap();
    assert_eq!(points[0].sent, Some(199));
    assert_eq!(points[1].start, Some(Timestamp::from_unix(1_693_612_800)));

    let series = &waba.conversation_analytics.unwrap().data.unwrap()[0];
    let points = series.data_points.as_ref().unwrap();
    assert_eq!(points[0].conversation, Some(12));
    assert_eq!(points[0].cost, Some(0.84));
    assert_eq!(points[0].conversation_type, Some(ConversationType::Regular));
    assert_eq!(
        points[1].conversation_type.as_ref().map(|t| t.as_str()),
        Some("SOMETHING_NEW")
    );

    let numbers = waba.phone_numbers.unwrap();
    assert_eq!(
        numbers.data[0].id.as_ref().unwrap().as_str(),
        "PHONE-NUMBER-ID"
    );
    assert_eq!(numbers.next_cursor(), Some("A"));
}

#[tokio::test]
async fn read_back_sends_fields_with_the_write_and_decodes_the_written_node() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(url_path(path("WABA-ID/phone_numbers")))
        .and(body_string(
            "cc=1&phone_number=5550100&fields=id%2Cverified_name",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "PHONE-NUMBER-ID",
            "verified_name": "Shop"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let number = client
        .whatsapp_business_account("WABA-ID")
        .create_phone_number()
        .cc("1")
        .phone_number("5550100")
        .read_back([PhoneNumberField::Id, PhoneNumberField::VerifiedName])
        .await
        .unwrap();

    assert_eq!(number.id.unwrap().as_str(), "PHONE-NUMBER-ID");
    assert_eq!(number.verified_name.as_deref(), Some("Shop"));
}
