//! One walk per area the spec grew: create, read, update, list and
//! delete through the generated client, each write seen by the reads
//! after it.

mod common;

use waba::{
    BlockUserRef, CallingSettingsUpdate, CallingStatus, CodeMethod, CodeVerificationStatus,
    FlowCategory, ParticipantRef, PhoneNumberStatus, PlatformType, PreVerifiedStatus, ScheduleType,
    TemplateCategory, TemplateComponent, TemplateComponentType,
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
async fn a_group_is_created_renamed_shared_joined_left_and_deleted() {
    let (mock, client) = common::mock_and_client().await;
    let phone = client.phone_number(PHONE);
    let empty = phone.groups().await.unwrap();
    assert!(
        empty
            .data
            .and_then(|d| d.groups)
            .unwrap_or_default()
            .is_empty()
    );

    let request = phone
        .create_group("Launch team")
        .join_approval_mode(waba::GroupJoinApprovalMode::AutoApprove)
        .await
        .unwrap();
    assert!(!request.request_id.is_empty());

    // Graph names the new group in a webhook; the list of active groups
    // shows it at once.
    let active = phone.groups().await.unwrap();
    let groups = active.data.and_then(|d| d.groups).unwrap_or_default();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].subject.as_deref(), Some("Launch team"));
    let id = groups[0].id.clone().expect("a listed group has its ID");
    assert!(active.paging.is_some());

    let group = client.group(id.clone());
    let read = group.get().await.unwrap();
    assert_eq!(read.subject.as_deref(), Some("Launch team"));
    assert_eq!(
        read.join_approval_mode,
        Some(waba::GroupJoinApprovalMode::AutoApprove)
    );

    let updated = group.update().subject("Launch crew").await.unwrap();
    assert!(updated.success);
    let read = group.get().await.unwrap();
    assert_eq!(read.subject.as_deref(), Some("Launch crew"));

    let link = group.create_invite_link().await.unwrap();
    assert!(!link.invite_link.is_empty());
    group.revoke_invite_link().await.unwrap();

    let wa_ids = |group: waba::Group| -> Vec<String> {
        group
            .participants
            .unwrap_or_default()
            .into_iter()
            .filter_map(|p| p.wa_id)
            .collect()
    };
    let added = group
        .add_participants([
            ParticipantRef::new("15551230001"),
            ParticipantRef::new("15551230002"),
        ])
        .await
        .unwrap();
    assert!(added.success);
    // Adding someone already in the group keeps one of them.
    group
        .add_participants([ParticipantRef::new("15551230001")])
        .await
        .unwrap();
    assert_eq!(
        wa_ids(group.get().await.unwrap()),
        ["15551230001", "15551230002"]
    );
    let removed = group
        .remove_participants([ParticipantRef::new("15551230001")])
        .await
        .unwrap();
    assert!(removed.success);
    assert_eq!(wa_ids(group.get().await.unwrap()), ["15551230002"]);

    assert!(group.delete().await.unwrap().success);
    assert!(mock.node(id.as_str()).is_none());
    assert_gone(group.get().await);
    let active = phone.groups().await.unwrap();
    assert!(
        active
            .data
            .and_then(|d| d.groups)
            .unwrap_or_default()
            .is_empty()
    );
}

#[tokio::test]
async fn active_groups_page_through_their_links() {
    let (mock, client) = common::mock_and_client().await;
    let phone = client.phone_number(PHONE);
    for subject in ["One", "Two", "Three"] {
        phone.create_group(subject).await.unwrap();
    }
    let first = phone.groups().await.unwrap();
    assert_eq!(
        first.data.and_then(|d| d.groups).unwrap_or_default().len(),
        3
    );

    let mut subjects = Vec::new();
    let mut page = client
        .active_groups_page(format!("{}/v23.0/{PHONE}/groups?limit=2", mock.base_url()))
        .await
        .unwrap();
    loop {
        let groups = page.data.and_then(|d| d.groups).unwrap_or_default();
        subjects.extend(groups.into_iter().filter_map(|g| g.subject));
        match page.paging.and_then(|p| p.next) {
            Some(next) => page = client.active_groups_page(next).await.unwrap(),
            None => break,
        }
    }
    assert_eq!(subjects, ["One", "Two", "Three"]);
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

    let blocked_ids = || async {
        let page = phone.blocked_users().await.unwrap();
        page.data
            .into_iter()
            .filter_map(|user| user.wa_id)
            .collect::<Vec<_>>()
    };

    phone
        .block_users([
            BlockUserRef::new("15551230001"),
            BlockUserRef::new("15551230002"),
        ])
        .await
        .unwrap();
    // Blocking someone already blocked changes nothing.
    phone
        .block_users([BlockUserRef::new("15551230001")])
        .await
        .unwrap();
    assert_eq!(blocked_ids().await, ["15551230001", "15551230002"]);

    // Unblocking one leaves the others blocked.
    phone
        .unblock_users([BlockUserRef::new("15551230001")])
        .await
        .unwrap();
    assert_eq!(blocked_ids().await, ["15551230002"]);
    phone
        .unblock_users([BlockUserRef::new("15551230002")])
        .await
        .unwrap();
    assert!(blocked_ids().await.is_empty());
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
    let read = phone.get().await.unwrap();
    assert_eq!(
        read.code_verification_status,
        Some(CodeVerificationStatus::Verified)
    );
    assert!(phone.register("000000").await.unwrap().success);
    let read = phone.get().await.unwrap();
    assert_eq!(read.status, Some(PhoneNumberStatus::Connected));
    assert_eq!(read.platform_type, Some(PlatformType::CloudApi));
    assert!(phone.set_two_step_pin("111111").await.unwrap().success);

    // `new_display_name` asks for a review; it is not a field the number
    // reads back, so the verified name stays.
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
    let read = number.get().await.unwrap();
    assert_eq!(read.verification_status, Some(PreVerifiedStatus::Verified));

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

#[tokio::test]
async fn one_per_owner_objects_read_before_anything_is_written() {
    let (_mock, client) = common::mock_and_client().await;
    let phone = client.phone_number(PHONE);
    // Graph always answers with the number's one profile, fields unset
    // until written.
    let profile = phone.business_profile().await.unwrap();
    assert_eq!(profile.len(), 1);
    assert_eq!(profile[0].about, None);
    assert_eq!(phone.business_compliance_info().await.unwrap().len(), 1);

    phone
        .update_business_profile()
        .about("Open 9 to 5")
        .await
        .unwrap();
    let profile = phone.business_profile().await.unwrap();
    assert_eq!(profile.len(), 1);
    assert_eq!(profile[0].about.as_deref(), Some("Open 9 to 5"));
}

#[tokio::test]
async fn an_expanded_edge_links_its_next_page_with_the_edges_parameters() {
    use waba::{AssignedUserField, WabaTask, WhatsAppBusinessAccountField as F};
    let (mock, client) = common::mock_and_client().await;
    let account = client.whatsapp_business_account(WABA);
    for user in ["701", "702", "703"] {
        account
            .add_assigned_user(user, [WabaTask::Manage])
            .await
            .unwrap();
    }
    let read = account
        .get()
        .fields([F::Name])
        .expand(
            F::assigned_users(BUSINESS)
                .limit(2)
                .fields([AssignedUserField::Tasks]),
        )
        .await
        .unwrap();
    let page = read.assigned_users.expect("the expanded edge");
    assert_eq!(page.data.len(), 2);
    let next = page.paging.and_then(|p| p.next).expect("a next page");

    // The link is the edge's own list, `business` and all.
    let rest: waba::Page<waba::AssignedUser> = reqwest::Client::new()
        .get(&next)
        .bearer_auth(mock.token())
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(rest.data.len(), 1);
    assert_eq!(rest.data[0].id.as_ref().map(|i| i.as_str()), Some("703"));
    assert_eq!(rest.data[0].tasks, Some(vec![WabaTask::Manage]));
}

#[tokio::test]
async fn a_nested_cursor_the_mock_did_not_issue_is_graphs_error() {
    let (mock, _client) = common::mock_and_client().await;
    let http = reqwest::Client::new();
    let get = |path: String| {
        http.get(format!("{}/v23.0/{path}", mock.base_url()))
            .bearer_auth(mock.token())
            .send()
    };
    let top = get(format!("{WABA}/phone_numbers?after=bogus"))
        .await
        .unwrap();
    let top_status = top.status();
    let top: serde_json::Value = top.json().await.unwrap();
    let nested = get(format!("{WABA}?fields=phone_numbers.after(bogus){{id}}"))
        .await
        .unwrap();
    assert_eq!(nested.status(), top_status);
    assert_eq!(top_status, 400);
    let nested: serde_json::Value = nested.json().await.unwrap();
    assert_eq!(nested["error"]["code"], top["error"]["code"]);
    assert_eq!(nested["error"]["message"], top["error"]["message"]);
}
