//! The generated client against the mock, area by area: what a write
//! changes, the reads see.

use futures_util::TryStreamExt;
use waba::{
    MessageTemplateField, TemplateCategory, TemplateStatus, WabaTask, WhatsAppBusinessAccountField,
};
use waba_mock::MockServer;

const WABA: &str = "200000000000001";
const BUSINESS: &str = "100000000000001";

async fn mock_and_client() -> (MockServer, waba::Client) {
    let mock = MockServer::start().await.expect("start the mock");
    let client = waba::Client::builder()
        .access_token(mock.token())
        .base_url(mock.base_url())
        .build()
        .expect("client");
    (mock, client)
}

#[tokio::test]
async fn templates_are_created_listed_read_and_deleted() {
    let (mock, client) = mock_and_client().await;
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
    let (_mock, client) = mock_and_client().await;
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
    let (mock, client) = mock_and_client().await;
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
