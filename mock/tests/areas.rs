//! One walk per area the spec grew: create, read, update, list and
//! delete through the generated client, each write seen by the reads
//! after it.

mod common;

use waba::{
    BlockUserRef, CallingSettingsUpdate, CallingStatus, CodeMethod, FlowCategory, ParticipantRef,
    ScheduleType, TemplateCategory, TemplateComponent, TemplateComponentType,
};
use waba_mock::Seed;
use waba_mock::seed::{BUSINESS, PHONE, WABA};

#[tokio::test]
async fn a_template_is_read_edited_and_deleted_by_its_id() {
    let (mock, client) = common::mock_and_client().await;
    let account = client.whatsapp_business_account(WABA);
    let created = account
        .create_message_template("order_ready", "en_US", TemplateCategory::Utility)
        .await
        .unwrap();
    let id = created.id.clone();

    let listed = account.message_templates().await.unwrap();
    assert_eq!(listed.data.len(), 1);
    assert_eq!(listed.data[0].id.as_ref(), Some(&id));

    let template = client.message_template(id.clone());
    let read = template.get().await.unwrap();
    assert_eq!(read.name.as_deref(), Some("order_ready"));
    assert_eq!(read.category, Some(TemplateCategory::Utility));

    let body = TemplateComponent {
        r#type: Some(TemplateComponentType::Body),
        text: Some("Your order {{1}} is ready".to_owned()),
        ..Default::default()
    };
    let edited = template
        .update()
        .category(TemplateCategory::Marketing)
        .components([body.clone()])
        .await
        .unwrap();
    assert!(edited.success);
    let read = template.get().await.unwrap();
    assert_eq!(read.category, Some(TemplateCategory::Marketing));
    assert_eq!(read.components, Some(vec![body]));
    // The list sees the edit too.
    let listed = account
        .message_templates()
        .category([TemplateCategory::Marketing])
        .await
        .unwrap();
    assert_eq!(listed.data.len(), 1);

    account
        .delete_message_template_by_id(id.clone(), "order_ready")
        .await
        .unwrap();
    assert!(mock.node(id.as_str()).is_none());
    let error = template.get().await.unwrap_err();
    let graph = error.graph().unwrap();
    assert_eq!((graph.code.code(), graph.subcode), (100, Some(33)));
}

/// Asserts a read failed as Graph answers for an ID that is gone.
fn assert_gone<T: std::fmt::Debug>(result: Result<T, waba::Error>) {
    let error = result.unwrap_err();
    let graph = error.graph().expect("a Graph error");
    assert_eq!(
        (graph.code.code(), graph.subcode),
        (100, Some(33)),
        "{error}"
    );
}

#[tokio::test]
async fn a_group_is_renamed_shared_joined_left_and_deleted() {
    let (mock, client) = common::mock_and_client().await;
    let phone = client.phone_number(PHONE);
    let request = phone.create_group("Launch team").await.unwrap();
    assert!(!request.request_id.is_empty());

    // Graph names the new group in a webhook; the walk starts from one
    // that exists.
    let seed = r#"{"nodes": {"900000000000001": {"type": "Group", "fields": {"subject": "Launch team", "join_approval_mode": "auto_approve"}}}}"#;
    mock.seed(&Seed::from_json(seed).unwrap()).unwrap();
    let group = client.group("900000000000001");
    let read = group.get().await.unwrap();
    assert_eq!(read.subject.as_deref(), Some("Launch team"));

    let updated = group.update().subject("Launch crew").await.unwrap();
    assert!(updated.success);
    let read = group.get().await.unwrap();
    assert_eq!(read.subject.as_deref(), Some("Launch crew"));

    let link = group.create_invite_link().await.unwrap();
    assert!(!link.invite_link.is_empty());
    group.revoke_invite_link().await.unwrap();

    // Not yet state: participants added or removed do not show in the
    // group's `participants` (the edge answers `{success}` only).
    let added = group
        .add_participants([ParticipantRef::new("15551230001")])
        .await
        .unwrap();
    assert!(added.success);
    let removed = group
        .remove_participants([ParticipantRef::new("15551230001")])
        .await
        .unwrap();
    assert!(removed.success);

    assert!(group.delete().await.unwrap().success);
    assert!(mock.node("900000000000001").is_none());
    assert_gone(group.get().await);
}

#[tokio::test]
async fn a_flow_is_created_listed_renamed_and_deleted() {
    let (mock, client) = common::mock_and_client().await;
    let account = client.whatsapp_business_account(WABA);
    let created = account
        .create_flow("signup", [FlowCategory::SignUp])
        .await
        .unwrap();
    let id = created.id.clone();

    let flows = account.flows().await.unwrap();
    assert_eq!(flows.data.len(), 1);
    assert_eq!(flows.data[0].id.as_ref(), Some(&id));
    assert_eq!(flows.data[0].name.as_deref(), Some("signup"));

    let flow = client.flow(id.clone());
    let read = flow.get().await.unwrap();
    assert_eq!(read.name.as_deref(), Some("signup"));
    assert_eq!(read.categories, Some(vec![FlowCategory::SignUp]));

    let updated = flow
        .update()
        .name("sign_up")
        .categories([FlowCategory::SignUp, FlowCategory::ContactUs])
        .await
        .unwrap();
    assert!(updated.success);
    let read = flow.get().await.unwrap();
    assert_eq!(read.name.as_deref(), Some("sign_up"));
    assert_eq!(
        read.categories,
        Some(vec![FlowCategory::SignUp, FlowCategory::ContactUs])
    );
    let flows = account.flows().await.unwrap();
    assert_eq!(flows.data[0].name.as_deref(), Some("sign_up"));

    assert!(flow.delete().await.unwrap().success);
    assert!(mock.node(id.as_str()).is_none());
    assert!(account.flows().await.unwrap().data.is_empty());
    assert_gone(flow.get().await);
}

#[tokio::test]
async fn users_are_blocked_listed_and_unblocked() {
    let (_mock, client) = common::mock_and_client().await;
    let phone = client.phone_number(PHONE);
    assert!(phone.blocked_users().await.unwrap().data.is_empty());

    phone
        .block_users([BlockUserRef::new("15551230001")])
        .await
        .unwrap();
    let blocked = phone.blocked_users().await.unwrap();
    assert_eq!(blocked.data.len(), 1);

    // Not yet state: the blocked item does not carry the `wa_id` sent as
    // `user`, and unblocking one user empties the whole list.
    phone
        .unblock_users([BlockUserRef::new("15551230001")])
        .await
        .unwrap();
    assert!(phone.blocked_users().await.unwrap().data.is_empty());
}

#[tokio::test]
async fn a_number_is_verified_registered_pinned_read_and_updated() {
    let (_mock, client) = common::mock_and_client().await;
    let phone = client.phone_number(PHONE);
    assert!(
        phone
            .request_code(CodeMethod::Sms, "en_US")
            .await
            .unwrap()
            .success
    );
    assert!(phone.verify_code("123456").await.unwrap().success);
    assert!(phone.register("000000").await.unwrap().success);
    assert!(phone.set_two_step_pin("111111").await.unwrap().success);

    // Not yet state: verifying and registering do not move the number's
    // `code_verification_status` or `status`, and `new_display_name` is
    // not a field the number reads back.
    let read = phone.get().await.unwrap();
    assert_eq!(read.id.as_ref().map(|i| i.as_str()), Some(PHONE));
    assert_eq!(
        read.display_phone_number.as_deref(),
        Some("+1 555-010-0001")
    );

    let updated = phone.update().new_display_name("Mock Shop").await.unwrap();
    assert!(updated.success);
    let read = phone.get().await.unwrap();
    assert_eq!(read.verified_name.as_deref(), Some("Mock Business"));
}

#[tokio::test]
async fn calling_and_commerce_settings_keep_the_last_write() {
    let (_mock, client) = common::mock_and_client().await;
    let phone = client.phone_number(PHONE);
    for status in [CallingStatus::Enabled, CallingStatus::Disabled] {
        phone
            .update_settings()
            .calling(CallingSettingsUpdate::new(status.clone()))
            .await
            .unwrap();
        let settings = phone.settings().await.unwrap();
        assert_eq!(settings.calling.and_then(|c| c.status), Some(status));
    }

    for visible in [true, false] {
        phone
            .update_commerce_settings()
            .is_catalog_visible(visible)
            .is_cart_enabled(!visible)
            .await
            .unwrap();
        let settings = phone.commerce_settings().await.unwrap();
        assert_eq!(settings.len(), 1);
        assert_eq!(settings[0].is_catalog_visible, Some(visible));
        assert_eq!(settings[0].is_cart_enabled, Some(!visible));
    }
}

#[tokio::test]
async fn a_pre_verified_number_is_listed_verified_and_deleted() {
    let (mock, client) = common::mock_and_client().await;
    let seed = r#"{
        "nodes": {"800000000000001": {"type": "PreVerifiedPhoneNumber", "fields": {"display_phone_number": "+1 555-010-0009", "verification_status": "NOT_VERIFIED"}}},
        "edges": {"100000000000001": {"preverified_numbers": ["800000000000001"]}}
    }"#;
    mock.seed(&Seed::from_json(seed).unwrap()).unwrap();
    let business = client.business(BUSINESS);
    let listed = business.preverified_numbers().await.unwrap();
    assert_eq!(listed.data.len(), 1);

    let number = client.preverified_phone_number("800000000000001");
    let read = number.get().await.unwrap();
    assert_eq!(
        read.display_phone_number.as_deref(),
        Some("+1 555-010-0009")
    );
    assert!(
        number
            .request_code(CodeMethod::Sms, "en_US")
            .await
            .unwrap()
            .success
    );
    assert!(number.verify_code("123456").await.unwrap().success);

    assert!(number.delete().await.unwrap().success);
    assert!(
        business
            .preverified_numbers()
            .await
            .unwrap()
            .data
            .is_empty()
    );
    assert_gone(number.get().await);
}

#[tokio::test]
async fn schedules_are_created_and_listed() {
    let (_mock, client) = common::mock_and_client().await;
    let account = client.whatsapp_business_account(WABA);
    assert!(account.account_schedules().await.unwrap().data.is_empty());
    let created = account
        .create_schedule(
            "Opening hours",
            ScheduleType::BusinessHours,
            "09:00",
            "17:00",
        )
        .description("Weekdays")
        .await
        .unwrap();
    let listed = account.account_schedules().await.unwrap();
    assert_eq!(listed.data.len(), 1);
    let schedule = &listed.data[0];
    assert_eq!(schedule.id.as_deref(), Some(created.id.as_str()));
    assert_eq!(schedule.name.as_deref(), Some("Opening hours"));
    assert_eq!(schedule.schedule_type, Some(ScheduleType::BusinessHours));
    assert_eq!(schedule.description.as_deref(), Some("Weekdays"));
}
