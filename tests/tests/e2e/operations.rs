//! Every operation in the spec: method, path, query or form body, headers,
//! and decoding of the response the seed documents.

use serde_json::json;
use waba::{
    AssignedUserField, BusinessVerificationStatus, Filter, FilterOperator, WabaTask,
    WhatsAppBusinessAccountField,
};
use waba_tests::{bearer, path, server_and_client};

use crate::{MOCK_BUSINESS, MOCK_WABA, mock_and_client};
use wiremock::matchers::{body_string, header, method, path as url_path, query_param};
use wiremock::{Mock, ResponseTemplate};

fn seed_waba_list() -> serde_json::Value {
    json!({
        "data": [{
            "id": "WHATSAPP-BUSINESS-ACCOUNT-ID",
            "name": "Test WhatsApp Business Account",
            "timezone_id": "1",
            "message_template_namespace": "MESSAGE-TEMPLATE-NAMESPACE"
        }],
        "paging": {"cursors": {"before": "BEFORE-CURSOR", "after": "AFTER-CURSOR"}}
    })
}

#[tokio::test]
async fn owned_whatsapp_business_accounts_sends_fields_and_filtering_as_documented() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("BUSINESS-ID/owned_whatsapp_business_accounts")))
        .and(query_param("fields", "id,name,creation_time"))
        .and(query_param(
            "filtering",
            r#"[{"field":"creation_time","operator":"IN_RANGE","value":["1569783261","1604542049"]}]"#,
        ))
        .and(query_param("limit", "25"))
        .and(query_param("summary", "total_count"))
        .and(header("authorization", bearer().as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(seed_waba_list()))
        .expect(1)
        .mount(&server)
        .await;

    let page = client
        .business("BUSINESS-ID")
        .owned_whatsapp_business_accounts()
        .fields([
            WhatsAppBusinessAccountField::Id,
            WhatsAppBusinessAccountField::Name,
            WhatsAppBusinessAccountField::CreationTime,
        ])
        .filtering([Filter::in_range(
            WhatsAppBusinessAccountField::CreationTime,
            "1569783261",
            "1604542049",
        )])
        .limit(25)
        .summary()
        .send()
        .await
        .unwrap();

    assert_eq!(page.data.len(), 1);
    let waba = &page.data[0];
    assert_eq!(
        waba.id.as_ref().unwrap().as_str(),
        "WHATSAPP-BUSINESS-ACCOUNT-ID"
    );
    assert_eq!(waba.name.as_deref(), Some("Test WhatsApp Business Account"));
    assert_eq!(waba.timezone_id.as_deref(), Some("1"));
    assert_eq!(
        waba.message_template_namespace.as_deref(),
        Some("MESSAGE-TEMPLATE-NAMESPACE")
    );
    assert_eq!(page.next_cursor(), Some("AFTER-CURSOR"));
    assert!(!page.has_next());
    assert_eq!(page.summary, None);
}

#[tokio::test]
async fn filter_operators_are_sent_by_their_graph_names() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("B/owned_whatsapp_business_accounts")))
        .and(query_param(
            "filtering",
            r#"[{"field":"name","operator":"EQUAL","value":"Acme"},{"field":"creation_time","operator":"GREATER_THAN","value":"5"}]"#,
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
        .expect(1)
        .mount(&server)
        .await;
    let page = client
        .business("B")
        .owned_whatsapp_business_accounts()
        .filtering([
            Filter::equal(WhatsAppBusinessAccountField::Name, "Acme"),
            Filter::new(
                WhatsAppBusinessAccountField::CreationTime,
                FilterOperator::GreaterThan,
                "5",
            ),
        ])
        .send()
        .await
        .unwrap();
    assert!(page.data.is_empty());
}

#[tokio::test]
async fn reading_a_waba_decodes_every_documented_field() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("WHATSAPP-BUSINESS-ACCOUNT-ID")))
        .and(query_param(
            "fields",
            "id,name,business_verification_status,ownership_type,on_behalf_of_business_info",
        ))
        .and(header("authorization", bearer().as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "WHATSAPP-BUSINESS-ACCOUNT-ID",
            "name": "Test WhatsApp Business Account",
            "timezone_id": "1",
            "message_template_namespace": "MESSAGE-TEMPLATE-NAMESPACE",
            "analytics": {"phone_numbers": ["1"]},
            "business_verification_status": "pending_need_more_info",
            "country": "DE",
            "currency": "EUR",
            "is_enabled_for_insights": true,
            "ownership_type": "CLIENT_OWNED",
            "on_behalf_of_business_info": {"id": "77", "name": "ignored: not in the spec"},
            "primary_funding_id": "1234",
            "purchase_order_number": "PO-9",
            "creation_time": 1569783261,
            "a_field_meta_added_later": {"nested": [1, 2, 3]}
        })))
        .expect(1)
        .mount(&server)
        .await;

    let waba = client
        .whatsapp_business_account("WHATSAPP-BUSINESS-ACCOUNT-ID")
        .get()
        .fields([
            WhatsAppBusinessAccountField::Id,
            WhatsAppBusinessAccountField::Name,
            WhatsAppBusinessAccountField::BusinessVerificationStatus,
            WhatsAppBusinessAccountField::OwnershipType,
            WhatsAppBusinessAccountField::OnBehalfOfBusinessInfo,
        ])
        .send()
        .await
        .unwrap();

    assert_eq!(
        waba.business_verification_status,
        Some(BusinessVerificationStatus::PendingNeedMoreInfo)
    );
    assert_eq!(waba.ownership_type, Some(waba::OwnershipType::ClientOwned));
    assert_eq!(waba.country.as_deref(), Some("DE"));
    assert_eq!(waba.currency.as_deref(), Some("EUR"));
    assert_eq!(waba.is_enabled_for_insights, Some(true));
    assert_eq!(waba.primary_funding_id.as_deref(), Some("1234"));
    assert_eq!(waba.purchase_order_number.as_deref(), Some("PO-9"));
    assert_eq!(waba.creation_time, Some(1569783261));
    assert_eq!(
        waba.on_behalf_of_business_info.unwrap().id.as_deref(),
        Some("77")
    );
    assert_eq!(
        waba.analytics.and_then(|a| a.phone_numbers),
        Some(vec!["1".to_owned()])
    );
}

#[tokio::test]
async fn an_enum_value_meta_adds_later_is_kept_not_rejected() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("W")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "W", "business_verification_status": "brand_new_status"
        })))
        .mount(&server)
        .await;
    let waba = client
        .whatsapp_business_account("W")
        .get()
        .send()
        .await
        .unwrap();
    let status = waba.business_verification_status.unwrap();
    assert_eq!(status, BusinessVerificationStatus::from("brand_new_status"));
    assert_eq!(status.as_str(), "brand_new_status");
    assert_eq!(status.to_string(), "brand_new_status");
}

#[tokio::test]
async fn assigned_users_sends_business_and_summary_and_decodes_tasks() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path(
            "WHATSAPP-BUSINESS-ACCOUNT-ID/assigned_users",
        )))
        .and(query_param("business", "BUSINESS-ID"))
        .and(query_param("summary", "total_count"))
        .and(query_param("fields", "id,name,tasks"))
        .and(header("authorization", bearer().as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"id": "ASSIGNED-USER-ID", "name": " ", "tasks": ["MANAGE", "SOME_NEW_TASK"]}],
            "paging": {"cursors": {"before": "BEFORE-CURSOR", "after": "AFTER-CURSOR"}},
            "summary": {"total_count": 1}
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client
        .whatsapp_business_account("WHATSAPP-BUSINESS-ACCOUNT-ID")
        .assigned_users("BUSINESS-ID")
        .fields([
            AssignedUserField::Id,
            AssignedUserField::Name,
            AssignedUserField::Tasks,
        ])
        .summary()
        .send()
        .await
        .unwrap();

    let user = &page.data[0];
    assert_eq!(user.id.as_ref().unwrap().as_str(), "ASSIGNED-USER-ID");
    assert_eq!(user.name.as_deref(), Some(" "));
    assert_eq!(
        user.tasks.as_deref(),
        Some(&[WabaTask::Manage, WabaTask::from("SOME_NEW_TASK")][..])
    );
    assert_eq!(page.summary.unwrap().total_count, Some(1));
}

#[tokio::test]
async fn add_assigned_user_posts_a_form_body_with_json_encoded_tasks() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(url_path(path(
            "WHATSAPP-BUSINESS-ACCOUNT-ID/assigned_users",
        )))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(header("authorization", bearer().as_str()))
        .and(body_string(
            "user=USER-ID&tasks=%5B%22MANAGE%22%2C%22DEVELOP%22%5D",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .expect(1)
        .mount(&server)
        .await;

    let result = client
        .whatsapp_business_account("WHATSAPP-BUSINESS-ACCOUNT-ID")
        .add_assigned_user("USER-ID", [WabaTask::Manage, WabaTask::Develop])
        .send()
        .await
        .unwrap();
    assert!(result.success);
    let request = &server.received_requests().await.unwrap()[0];
    assert_eq!(
        request.url.query(),
        None,
        "a POST carries its params in the body"
    );
}

#[tokio::test]
async fn assigned_users_are_added_listed_and_removed_with_the_user_in_the_query() {
    let (mock, client) = mock_and_client().await;
    let account = client.whatsapp_business_account(MOCK_WABA);
    let added = account
        .add_assigned_user("USER-ID", [WabaTask::Manage, WabaTask::Develop])
        .await
        .unwrap();
    assert!(added.success);

    let page = account
        .assigned_users(MOCK_BUSINESS)
        .fields([AssignedUserField::Id, AssignedUserField::Tasks])
        .summary()
        .await
        .unwrap();
    assert_eq!(page.data.len(), 1);
    assert_eq!(page.data[0].id.as_ref().unwrap().as_str(), "USER-ID");
    assert_eq!(
        page.data[0].tasks.as_deref(),
        Some(&[WabaTask::Manage, WabaTask::Develop][..])
    );
    assert_eq!(page.summary.unwrap().total_count, Some(1));

    let removed = account.remove_assigned_user("USER-ID").await.unwrap();
    assert!(removed.success);
    assert!(
        account
            .assigned_users(MOCK_BUSINESS)
            .await
            .unwrap()
            .data
            .is_empty()
    );

    let journal = mock.journal();
    let delete = journal.iter().find(|e| e.method == "DELETE").unwrap();
    assert_eq!(delete.path, format!("/v23.0/{MOCK_WABA}/assigned_users"));
    assert_eq!(delete.query, [("user".to_owned(), "USER-ID".to_owned())]);
    assert_eq!(delete.body, "");
    assert_eq!(delete.header("authorization"), Some("Bearer ***"));
}

#[tokio::test]
async fn create_phone_number_posts_the_documented_params() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(url_path(path("WHATSAPP-BUSINESS-ACCOUNT-ID/phone_numbers")))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string(
            "cc=1&phone_number=5550100&migrate_phone_number=true&preverified_id=PV-1&verified_name=Acme+Inc",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "POST-ID"})))
        .expect(1)
        .mount(&server)
        .await;
    let created = client
        .whatsapp_business_account("WHATSAPP-BUSINESS-ACCOUNT-ID")
        .create_phone_number()
        .cc("1")
        .phone_number("5550100")
        .migrate_phone_number(true)
        .preverified_id("PV-1")
        .verified_name("Acme Inc")
        .send()
        .await
        .unwrap();
    assert_eq!(created.id.as_str(), "POST-ID");
}

#[tokio::test]
async fn a_create_answered_without_its_id_is_a_decode_error() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(url_path(path("W/phone_numbers")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .expect(1)
        .mount(&server)
        .await;
    // Awaiting the builder sends it, like `.send().await`.
    let error = client
        .whatsapp_business_account("W")
        .create_phone_number()
        .phone_number("5550100")
        .await
        .unwrap_err();
    assert!(
        matches!(&error, waba::Error::Decode { status: 200, message, .. } if message.contains("missing field `id`")),
        "{error:?}"
    );
}

/// Reads one WABA edge and checks the request and the decoded item.
macro_rules! edge_read {
    ($test:ident, $method:ident, $edge:literal) => {
        edge_read!($test, $method(), $edge);
    };
    ($test:ident, $method:ident($($arg:expr),*), $edge:literal) => {
        #[tokio::test]
        async fn $test() {
            let (server, client) = server_and_client().await;
            Mock::given(method("GET"))
                .and(url_path(path(concat!("WABA-ID/", $edge))))
                .and(query_param("limit", "2"))
                .and(header("authorization", bearer().as_str()))
                .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                    "data": [{"id": "ITEM-1", "unknown_field": true}],
                    "paging": {"cursors": {"before": "B", "after": "A"}}
                })))
                .expect(1)
                .mount(&server)
                .await;
            let page = client
                .whatsapp_business_account("WABA-ID")
                .$method($($arg),*)
                .limit(2)
                .send()
                .await
                .unwrap();
            assert_eq!(page.data.len(), 1);
            assert_eq!(page.next_cursor(), Some("A"));
        }
    };
}

edge_read!(reads_activities, activities, "activities");
edge_read!(
    reads_call_analytics,
    call_analytics(
        waba::Timestamp::from_unix(1_693_526_400),
        waba::Timestamp::from_unix(1_696_118_400),
        waba::ConversationGranularity::Daily
    ),
    "call_analytics"
);
edge_read!(
    reads_conversation_analytics,
    conversation_analytics(
        waba::Timestamp::from_unix(1_693_526_400),
        waba::Timestamp::from_unix(1_696_118_400),
        waba::ConversationGranularity::Daily
    ),
    "conversation_analytics"
);
edge_read!(reads_dataset, dataset, "dataset");
edge_read!(reads_dcc_config, dcc_config, "dcc_config");
edge_read!(
    reads_message_template_previews,
    message_template_previews(waba::TemplateCategory::Authentication),
    "message_template_previews"
);
edge_read!(
    reads_message_templates,
    message_templates,
    "message_templates"
);
edge_read!(
    reads_payment_configuration,
    payment_configuration("razorpay-main"),
    "payment_configuration"
);
edge_read!(
    reads_payment_configurations,
    payment_configurations,
    "payment_configurations"
);
edge_read!(reads_phone_numbers, phone_numbers, "phone_numbers");
edge_read!(reads_product_catalogs, product_catalogs, "product_catalogs");
edge_read!(reads_solutions, solutions, "solutions");
edge_read!(reads_subscribed_apps, subscribed_apps, "subscribed_apps");
edge_read!(
    reads_template_performance_metrics,
    template_performance_metrics,
    "template_performance_metrics"
);

#[tokio::test]
async fn edge_items_decode_into_their_typed_models() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("W/phone_numbers")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"id": "P1", "display_phone_number": "+1 555-0100", "quality_rating": "GREEN", "account_mode": "LIVE"}]
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(url_path(path("W/subscribed_apps")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"whatsapp_business_api_data": {"id": "67", "link": "https://example.com/app", "name": "App"}}]
        })))
        .mount(&server)
        .await;
    let waba = client.whatsapp_business_account("W");
    let numbers = waba.phone_numbers().send().await.unwrap();
    let number = &numbers.data[0];
    assert_eq!(number.quality_rating, Some(waba::QualityRating::Green));
    assert_eq!(number.account_mode, Some(waba::AccountMode::Live));
    assert_eq!(number.display_phone_number.as_deref(), Some("+1 555-0100"));
    let apps = waba.subscribed_apps().send().await.unwrap();
    let app = apps.data[0].whatsapp_business_api_data.as_ref().unwrap();
    assert_eq!(app.name.as_deref(), Some("App"));
}
