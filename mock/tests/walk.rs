//! The generated client against the mock, area by area: what a write
//! changes, the reads see.

mod common;

use futures_util::TryStreamExt;
use waba::{
    MessageTemplateField, TemplateCategory, TemplateStatus, WabaTask, WhatsAppBusinessAccountField,
};
use waba_mock::seed::{BUSINESS, PHONE, WABA};

#[tokio::test]
async fn templates_are_created_listed_read_and_deleted() {
    let (mock, client) = common::mock_and_client().await;
    let account = client.whatsapp_business_account(WABA);

    let created = account
        .create_message_template("order_ready", "en_US", TemplateCategory::Utility)
        .await
        .unwrap();
    assert_eq!(created.status, Some(TemplateStatus::Pending));
    assert_eq!(created.category, Some(TemplateCategory::Utility));
    let id = created.id.clone();
    assert!(id.as_str().bytes().all(|b| b.is_ascii_digit()), "{id:?}");

    let page = account
        .message_templates()
        .fields([MessageTemplateField::Name, MessageTemplateField::Language])
        .summary()
        .await
        .unwrap();
    assert_eq!(page.data.len(), 1);
    let listed = &page.data[0];
    assert_eq!(listed.id.as_ref(), Some(&id));
    assert_eq!(listed.name.as_deref(), Some("order_ready"));
    assert_eq!(listed.language.as_deref(), Some("en_US"));
    // Only what was asked for, plus `id`.
    assert_eq!(listed.status, None);
    assert_eq!(page.summary.as_ref().unwrap().total_count, Some(1));

    // Filtering by a parameter named like a field narrows the list.
    let other = account
        .message_templates()
        .category([TemplateCategory::Marketing])
        .await
        .unwrap();
    assert!(other.data.is_empty());

    let deleted = account
        .delete_message_template_by_id(id.clone(), "order_ready")
        .await
        .unwrap();
    assert!(deleted.success);
    assert!(mock.node(id.as_str()).is_none());
    let page = account.message_templates().await.unwrap();
    assert!(page.data.is_empty());
}

#[tokio::test]
async fn the_account_reads_its_fields_and_updates() {
    let (_mock, client) = common::mock_and_client().await;
    let account = client.whatsapp_business_account(WABA);
    let read = account
        .get()
        .fields([WhatsAppBusinessAccountField::Name])
        .await
        .unwrap();
    assert_eq!(read.name.as_deref(), Some("Mock WhatsApp Business Account"));
    assert_eq!(read.id.as_ref().map(|i| i.as_str()), Some(WABA));
    assert_eq!(read.timezone_id, None);

    // Without `fields`, the fields the documented answer shows.
    let read = account.get().await.unwrap();
    assert_eq!(read.timezone_id.as_deref(), Some("1"));
    assert_eq!(read.currency, None);

    let updated = account
        .update()
        .is_enabled_for_insights(true)
        .await
        .unwrap();
    assert!(updated.success);

    let owned: Vec<_> = client
        .business(BUSINESS)
        .owned_whatsapp_business_accounts()
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(owned.len(), 1);
    assert_eq!(owned[0].id.as_ref().map(|i| i.as_str()), Some(WABA));
}

#[tokio::test]
async fn assigned_users_are_added_updated_and_removed() {
    let (mock, client) = common::mock_and_client().await;
    let account = client.whatsapp_business_account(WABA);
    account
        .add_assigned_user("777", [WabaTask::Manage])
        .await
        .unwrap();
    let read_back = account
        .add_assigned_user("777", [WabaTask::Develop])
        .read_back([waba::AssignedUserField::Tasks])
        .await
        .unwrap();
    assert_eq!(read_back.tasks, Some(vec![WabaTask::Develop]));
    let users = account.assigned_users(BUSINESS).await.unwrap();
    assert_eq!(users.data.len(), 1);
    assert_eq!(mock.edge(WABA, "assigned_users"), ["777"]);

    account.remove_assigned_user("777").await.unwrap();
    let users = account.assigned_users(BUSINESS).await.unwrap();
    assert!(users.data.is_empty());
}

#[tokio::test]
async fn phone_numbers_are_added_and_listed_and_their_qr_codes_read_and_deleted() {
    let (mock, client) = common::mock_and_client().await;
    let account = client.whatsapp_business_account(WABA);
    let created = account
        .create_phone_number()
        .cc("1")
        .phone_number("5550100002")
        .verified_name("Second Line")
        .await
        .unwrap();
    let numbers: Vec<_> = account
        .phone_numbers()
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(numbers.len(), 2);
    assert_eq!(numbers[1].id.as_ref(), Some(&created.id));
    assert_eq!(numbers[1].verified_name.as_deref(), Some("Second Line"));

    mock.insert(
        "QR-1",
        "QrCode",
        serde_json::json!({"code": "QR-1", "prefilled_message": "Hello"}),
    )
    .unwrap();
    mock.link(PHONE, "message_qrdls", "QR-1");
    let phone = client.phone_number(PHONE);
    let codes = phone.qr_codes().await.unwrap();
    assert_eq!(codes.data.len(), 1);
    assert_eq!(codes.data[0].prefilled_message.as_deref(), Some("Hello"));
    let read = phone.qr_code("QR-1").await.unwrap();
    assert_eq!(read.prefilled_message.as_deref(), Some("Hello"));

    assert!(phone.delete_qr_code("QR-1").await.unwrap().success);
    assert!(phone.qr_codes().await.unwrap().data.is_empty());
    let error = phone.qr_code("QR-1").await.unwrap_err();
    assert_eq!(
        error.graph().map(|g| (g.code.code(), g.subcode)),
        Some((100, Some(33)))
    );

    // Nothing stored on the edge still reads as the one profile; a stored
    // profile reads back.
    let profile = phone.business_profile().await.unwrap();
    assert_eq!(profile.len(), 1);
    assert_eq!(profile[0].about, None);
    mock.insert(
        "PROFILE-1",
        "BusinessProfile",
        serde_json::json!({"about": "Open 9 to 5"}),
    )
    .unwrap();
    mock.link(PHONE, "whatsapp_business_profile", "PROFILE-1");
    let profile = phone.business_profile().await.unwrap();
    assert_eq!(profile[0].about.as_deref(), Some("Open 9 to 5"));
    assert!(phone.deregister().await.unwrap().success);
}

#[tokio::test]
async fn apps_are_subscribed_listed_and_unsubscribed() {
    let (_mock, client) = common::mock_and_client().await;
    let account = client.whatsapp_business_account(WABA);
    assert!(
        account
            .subscribe_app()
            .override_callback_uri("https://example.com/hook")
            .verify_token("verify")
            .await
            .unwrap()
            .success
    );
    let apps = account.subscribed_apps().await.unwrap();
    assert_eq!(apps.data.len(), 1);
    assert!(account.unsubscribe_app().await.unwrap().success);
    assert!(account.subscribed_apps().await.unwrap().data.is_empty());
}

#[tokio::test]
async fn flows_are_published_and_deprecated() {
    let (mock, client) = common::mock_and_client().await;
    mock.insert("FLOW-1", "Flow", serde_json::json!({}))
        .unwrap();
    let flow = client.flow("FLOW-1");
    assert!(flow.publish().await.unwrap().success);
    assert!(flow.deprecate().await.unwrap().success);
    let error = client.flow("FLOW-2").publish().await.unwrap_err();
    assert_eq!(
        error.graph().map(|g| (g.code.code(), g.subcode)),
        Some((100, Some(33)))
    );
    let operations: Vec<_> = mock
        .journal()
        .into_iter()
        .filter_map(|e| e.operation)
        .collect();
    assert_eq!(operations, ["Flow.publish", "Flow.deprecate"]);
}

#[tokio::test]
async fn analytics_take_their_range_and_answer_pages() {
    let (mock, client) = common::mock_and_client().await;
    let account = client.whatsapp_business_account(WABA);
    let (start, end) = (
        waba::Timestamp::from_unix(1_700_000_000),
        waba::Timestamp::from_unix(1_700_086_400),
    );
    let granularity = waba::ConversationGranularity::Daily;
    let calls = account
        .call_analytics(start, end, granularity.clone())
        .await
        .unwrap();
    // Nothing recorded yet: an empty page, as Graph answers then.
    assert!(calls.data.is_empty(), "{calls:?}");
    account
        .conversation_analytics(start, end, granularity)
        .await
        .unwrap();
    let journal = mock.journal();
    assert_eq!(journal.len(), 2);
    assert!(journal.iter().all(|e| e.status == Some(200)));
    assert_eq!(journal[0].query("granularity"), Some("DAILY"));
    assert_eq!(journal[0].query("start"), Some("1700000000"));
}

#[tokio::test]
async fn an_expanded_edge_is_a_limited_page_the_client_decodes() {
    let (mock, client) = common::mock_and_client().await;
    let account = client.whatsapp_business_account(WABA);
    for n in 0..3 {
        account
            .create_phone_number()
            .cc("1")
            .phone_number(format!("555010010{n}"))
            .verified_name("Line")
            .await
            .unwrap();
    }
    let read = account
        .get()
        .fields([WhatsAppBusinessAccountField::Name])
        .expand(
            WhatsAppBusinessAccountField::phone_numbers()
                .limit(2)
                .fields([waba::PhoneNumberField::VerifiedName]),
        )
        .await
        .unwrap();
    let page = read.phone_numbers.expect("the expanded edge");
    assert_eq!(page.data.len(), 2);
    assert_eq!(page.data[0].id.as_ref().map(|i| i.as_str()), Some(PHONE));
    assert!(page.data[0].display_phone_number.is_none());
    let paging = page.paging.expect("a nested page has paging");
    assert!(paging.next.is_some());
    assert_eq!(mock.edge(WABA, "phone_numbers").len(), 4);
}
