//! The operations added beyond the seeds (README, "Extending the spec"):
//! phone numbers, message templates, subscribed apps, client WABAs and the
//! WABA update. Each test checks the request bytes as Meta documents them
//! and decodes a realistic response, with enum values and fields the spec
//! does not know.

use serde_json::json;
use waba::{
    AccountMode, CodeVerificationStatus, ErrorCode, Filter, MessagingAvailability, MessagingLimit,
    NameStatus, PhoneNumberField, PhoneNumberStatus, PlatformType, QualityRating, TemplateButton,
    TemplateButtonType, TemplateCategory, TemplateComponent, TemplateComponentType,
    TemplateExample, TemplateHeaderFormat, TemplateParameterFormat, TemplateSource, TemplateStatus,
    TemplateSubCategory, ThroughputLevel, WhatsAppBusinessAccountField,
};
use waba_tests::{bearer, path, server_and_client};

use crate::{MOCK_WABA, mock_and_client};
use wiremock::matchers::{body_string, header, method, path as url_path, query_param};
use wiremock::{Mock, ResponseTemplate};

/// `application/x-www-form-urlencoded`, written out independently of the
/// client: alphanumerics and `*-._` as they are, space as `+`, every other
/// byte as `%XX`.
fn form(pairs: &[(&str, &str)]) -> String {
    let encode = |text: &str| {
        text.bytes()
            .map(|b| match b {
                b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                    char::from(b).to_string()
                }
                b' ' => "+".to_owned(),
                other => format!("%{other:02X}"),
            })
            .collect::<String>()
    };
    pairs
        .iter()
        .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

#[tokio::test]
async fn phone_numbers_filter_on_account_mode_and_decode_every_field() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("WABA-ID/phone_numbers")))
        .and(query_param(
            "fields",
            "id,display_phone_number,verified_name,code_verification_status,quality_rating,platform_type,throughput,is_official_business_account,account_mode,name_status,status",
        ))
        .and(query_param(
            "filtering",
            r#"[{"field":"account_mode","operator":"EQUAL","value":"SANDBOX"}]"#,
        ))
        .and(header("authorization", bearer().as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [
                {
                    "id": "106540352242922",
                    "display_phone_number": "+1 555-0100",
                    "verified_name": "Acme Retail",
                    "code_verification_status": "VERIFIED",
                    "quality_rating": "GREEN",
                    "platform_type": "CLOUD_API",
                    "throughput": {"level": "STANDARD"},
                    "is_official_business_account": false,
                    "account_mode": "SANDBOX",
                    "name_status": "AVAILABLE_WITHOUT_REVIEW",
                    "status": "CONNECTED",
                    "last_onboarded_time": "2025-01-10T08:30:00+0000"
                },
                {
                    "id": "106540352242923",
                    "quality_rating": "UNKNOWN",
                    "throughput": {"level": "ULTRA"},
                    "status": "SOME_NEW_STATUS"
                }
            ],
            "paging": {"cursors": {"before": "B", "after": "A"}}
        })))
        .expect(1)
        .mount(&server)
        .await;

    use PhoneNumberField as F;
    let page = client
        .whatsapp_business_account("WABA-ID")
        .phone_numbers()
        .fields([
            F::Id,
            F::DisplayPhoneNumber,
            F::VerifiedName,
            F::CodeVerificationStatus,
            F::QualityRating,
            F::PlatformType,
            F::Throughput,
            F::IsOfficialBusinessAccount,
            F::AccountMode,
            F::NameStatus,
            F::Status,
        ])
        .filtering([Filter::equal(F::AccountMode, "SANDBOX")])
        .send()
        .await
        .unwrap();

    let number = &page.data[0];
    assert_eq!(number.id.as_ref().unwrap().as_str(), "106540352242922");
    assert_eq!(number.display_phone_number.as_deref(), Some("+1 555-0100"));
    assert_eq!(number.verified_name.as_deref(), Some("Acme Retail"));
    assert_eq!(
        number.code_verification_status,
        Some(CodeVerificationStatus::Verified)
    );
    assert_eq!(number.quality_rating, Some(QualityRating::Green));
    assert_eq!(number.platform_type, Some(PlatformType::CloudApi));
    assert_eq!(
        number.throughput.as_ref().unwrap().level,
        Some(ThroughputLevel::Standard)
    );
    assert_eq!(number.is_official_business_account, Some(false));
    assert_eq!(number.account_mode, Some(AccountMode::Sandbox));
    assert_eq!(number.name_status, Some(NameStatus::AvailableWithoutReview));
    assert_eq!(number.status, Some(PhoneNumberStatus::Connected));

    let other = &page.data[1];
    assert_eq!(other.quality_rating, Some(QualityRating::UnknownValue));
    assert_eq!(
        other.throughput.as_ref().unwrap().level,
        Some(ThroughputLevel::from("ULTRA"))
    );
    assert_eq!(
        other.status,
        Some(PhoneNumberStatus::from("SOME_NEW_STATUS"))
    );
}

#[tokio::test]
async fn message_templates_send_every_filter_and_decode_components_and_summary() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("WABA-ID/message_templates")))
        .and(query_param("category", r#"["MARKETING","UTILITY"]"#))
        .and(query_param("content", "order"))
        .and(query_param("language", r#"["en_US","de"]"#))
        .and(query_param("name", "promo"))
        .and(query_param("name_or_content", "sale"))
        .and(query_param("quality_score", r#"["GREEN","YELLOW"]"#))
        .and(query_param("since", "1700000000"))
        .and(query_param("until", "1710000000"))
        .and(query_param("source", "MANUAL"))
        .and(query_param("status", r#"["APPROVED","PAUSED"]"#))
        .and(query_param(
            "summary",
            "total_count,message_template_count,message_template_limit,are_translations_complete",
        ))
        .and(query_param("limit", "10"))
        .and(header("authorization", bearer().as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{
                "id": "594425479261596",
                "name": "seasonal_promotion",
                "language": "en_US",
                "status": "APPROVED",
                "category": "MARKETING",
                "parameter_format": "POSITIONAL",
                "quality_score": {"score": "GREEN", "date": 1700000000},
                "components": [
                    {"type": "HEADER", "format": "TEXT", "text": "Our {{1}} is on!",
                     "example": {"header_text": ["Summer Sale"]}},
                    {"type": "BODY", "text": "Shop now through {{1}} and use code {{2}}.",
                     "example": {"body_text": [["the end of August", "25OFF"]]}},
                    {"type": "FOOTER", "text": "Tap below to unsubscribe"},
                    {"type": "BUTTONS", "buttons": [
                        {"type": "QUICK_REPLY", "text": "Unsubscribe"},
                        {"type": "URL", "text": "Shop", "url": "https://example.com/shop/{{1}}", "example": ["summer"]},
                        {"type": "FLOW", "text": "Book", "flow_id": "123"}
                    ]},
                    {"type": "CAROUSEL", "cards": []}
                ],
                "library_template_name": "not in the spec"
            }],
            "paging": {"cursors": {"before": "B", "after": "A"}},
            "summary": {
                "total_count": 1,
                "message_template_count": 12,
                "message_template_limit": 250,
                "are_translations_complete": false
            }
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client
        .whatsapp_business_account("WABA-ID")
        .message_templates()
        .category([TemplateCategory::Marketing, TemplateCategory::Utility])
        .content("order")
        .language(["en_US", "de"])
        .name("promo")
        .name_or_content("sale")
        .quality_score([QualityRating::Green, QualityRating::Yellow])
        .since(waba::Timestamp::from_unix(1_700_000_000))
        .until(waba::Timestamp::from_unix(1_710_000_000))
        .source(TemplateSource::Manual)
        .status([TemplateStatus::Approved, TemplateStatus::Paused])
        .summary()
        .limit(10)
        .send()
        .await
        .unwrap();

    let summary = page.summary.unwrap();
    assert_eq!(summary.total_count, Some(1));
    assert_eq!(summary.message_template_count, Some(12));
    assert_eq!(summary.message_template_limit, Some(250));
    assert_eq!(summary.are_translations_complete, Some(false));

    let template = &page.data[0];
    assert_eq!(template.id.as_ref().unwrap().as_str(), "594425479261596");
    assert_eq!(template.status, Some(TemplateStatus::Approved));
    assert_eq!(template.category, Some(TemplateCategory::Marketing));
    assert_eq!(
        template.parameter_format,
        Some(TemplateParameterFormat::Positional)
    );
    let score = template.quality_score.as_ref().unwrap();
    assert_eq!(score.score, Some(QualityRating::Green));
    assert_eq!(score.date, Some(1_700_000_000));

    let components = template.components.as_deref().unwrap();
    assert_eq!(components.len(), 5);
    assert_eq!(components[0].r#type, Some(TemplateComponentType::Header));
    assert_eq!(components[0].format, Some(TemplateHeaderFormat::Text));
    assert_eq!(
        components[0]
            .example
            .as_ref()
            .unwrap()
            .header_text
            .as_deref(),
        Some(&["Summer Sale".to_owned()][..])
    );
    assert_eq!(
        components[1].example.as_ref().unwrap().body_text,
        Some(vec![vec![
            "the end of August".to_owned(),
            "25OFF".to_owned()
        ]])
    );
    let buttons = components[3].buttons.as_deref().unwrap();
    assert_eq!(buttons[0].r#type, Some(TemplateButtonType::QuickReply));
    assert_eq!(buttons[1].r#type, Some(TemplateButtonType::Url));
    assert_eq!(
        buttons[1].url.as_deref(),
        Some("https://example.com/shop/{{1}}")
    );
    assert_eq!(buttons[1].example, Some(vec!["summer".to_owned()]));
    assert_eq!(buttons[2].r#type, Some(TemplateButtonType::from("FLOW")));
    assert_eq!(
        components[4].r#type,
        Some(TemplateComponentType::from("CAROUSEL"))
    );
}

/// The components of Meta's "seasonal promotion" example, typed.
fn seasonal_promotion() -> Vec<TemplateComponent> {
    vec![
        TemplateComponent {
            r#type: Some(TemplateComponentType::Header),
            format: Some(TemplateHeaderFormat::Text),
            text: Some("Our {{1}} is on!".into()),
            example: Some(TemplateExample {
                header_text: Some(vec!["Summer Sale".into()]),
                ..Default::default()
            }),
            ..Default::default()
        },
        TemplateComponent {
            r#type: Some(TemplateComponentType::Body),
            text: Some("Shop now through {{1}} and use code {{2}}.".into()),
            example: Some(TemplateExample {
                body_text: Some(vec![vec!["the end of August".into(), "25OFF".into()]]),
                ..Default::default()
            }),
            ..Default::default()
        },
        TemplateComponent {
            r#type: Some(TemplateComponentType::Footer),
            text: Some("Tap below to unsubscribe".into()),
            ..Default::default()
        },
        TemplateComponent {
            r#type: Some(TemplateComponentType::Buttons),
            buttons: Some(vec![
                TemplateButton {
                    r#type: Some(TemplateButtonType::QuickReply),
                    text: Some("Unsubscribe".into()),
                    ..Default::default()
                },
                TemplateButton {
                    r#type: Some(TemplateButtonType::Url),
                    text: Some("Shop".into()),
                    url: Some("https://example.com/shop/{{1}}".into()),
                    example: Some(vec!["summer".into()]),
                    ..Default::default()
                },
            ]),
            ..Default::default()
        },
    ]
}

#[tokio::test]
async fn create_message_template_posts_a_form_body_with_json_components() {
    let (server, client) = server_and_client().await;
    let components = concat!(
        r#"[{"type":"HEADER","format":"TEXT","text":"Our {{1}} is on!","example":{"header_text":["Summer Sale"]}},"#,
        r#"{"type":"BODY","text":"Shop now through {{1}} and use code {{2}}.","example":{"body_text":[["the end of August","25OFF"]]}},"#,
        r#"{"type":"FOOTER","text":"Tap below to unsubscribe"},"#,
        r#"{"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"Unsubscribe"},"#,
        r#"{"type":"URL","text":"Shop","url":"https://example.com/shop/{{1}}","example":["summer"]}]}]"#,
    );
    let body = form(&[
        ("name", "seasonal_promotion"),
        ("language", "en_US"),
        ("category", "MARKETING"),
        ("components", components),
        ("parameter_format", "POSITIONAL"),
        ("allow_category_change", "true"),
        ("message_send_ttl_seconds", "3600"),
    ]);
    Mock::given(method("POST"))
        .and(url_path(path("WABA-ID/message_templates")))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(header("authorization", bearer().as_str()))
        .and(body_string(body))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "594425479261596",
            "status": "PENDING",
            "category": "MARKETING",
            "a_field_meta_added_later": 1
        })))
        .expect(1)
        .mount(&server)
        .await;

    let created = client
        .whatsapp_business_account("WABA-ID")
        .create_message_template("seasonal_promotion", "en_US", TemplateCategory::Marketing)
        .components(seasonal_promotion())
        .parameter_format(TemplateParameterFormat::Positional)
        .allow_category_change(true)
        .message_send_ttl_seconds(3600)
        .send()
        .await
        .unwrap();
    assert_eq!(created.id.as_str(), "594425479261596");
    assert_eq!(created.status, Some(TemplateStatus::Pending));
    assert_eq!(created.category, Some(TemplateCategory::Marketing));
    let request = &server.received_requests().await.unwrap()[0];
    assert_eq!(
        request.url.query(),
        None,
        "a POST carries its params in the body"
    );
}

#[tokio::test]
async fn create_message_template_sends_the_sub_category_and_reports_a_failed_creation() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(url_path(path("WABA-ID/message_templates")))
        .and(body_string(form(&[
            ("name", "order_update"),
            ("language", "de"),
            ("category", "UTILITY"),
            ("sub_category", "ORDER_STATUS"),
        ])))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": {
                "message": "HSM Template creation failed",
                "type": "OAuthException",
                "code": 200002,
                "error_subcode": 2388109,
                "error_user_title": "Message Cannot Be Submitted",
                "error_user_msg": "This message template cannot be created.",
                "fbtrace_id": "AVGjJ7ia2zJkrHG"
            }
        })))
        .expect(1)
        .mount(&server)
        .await;
    let error = client
        .whatsapp_business_account("WABA-ID")
        .create_message_template("order_update", "de", TemplateCategory::Utility)
        .sub_category(TemplateSubCategory::OrderStatus)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some(ErrorCode::TemplateCreationFailed));
    let graph = error.graph().unwrap();
    assert_eq!(graph.subcode, Some(2388109));
    assert_eq!(
        graph.error_user_msg.as_deref(),
        Some("This message template cannot be created.")
    );
}

#[tokio::test]
async fn templates_are_deleted_by_name_by_id_and_by_ids() {
    let (mock, client) = mock_and_client().await;
    let account = client.whatsapp_business_account(MOCK_WABA);
    let mut ids = Vec::new();
    for name in ["by_name", "by_id", "first_of_two", "second_of_two"] {
        let created = account
            .create_message_template(name, "en_US", TemplateCategory::Marketing)
            .await
            .unwrap();
        assert_eq!(created.status, Some(TemplateStatus::Pending));
        ids.push(created.id.as_str().to_owned());
    }
    let listed = account.message_templates().summary().await.unwrap();
    assert_eq!(listed.summary.unwrap().total_count, Some(4));
    mock.clear_journal();

    assert!(
        account
            .delete_message_template("by_name")
            .await
            .unwrap()
            .success
    );
    assert!(
        account
            .delete_message_template_by_id(ids[1].as_str(), "by_id")
            .await
            .unwrap()
            .success
    );
    assert!(
        account
            .delete_message_templates([ids[2].as_str(), ids[3].as_str()])
            .await
            .unwrap()
            .success
    );
    assert!(account.message_templates().await.unwrap().data.is_empty());
    assert!(ids.iter().all(|id| mock.node(id).is_none()));

    let pairs = |entry: &waba_mock::JournalEntry| entry.query.clone();
    let owned = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    };
    let journal = mock.journal();
    assert!(
        journal[..3]
            .iter()
            .all(|e| e.method == "DELETE" && e.body.is_empty())
    );
    assert_eq!(pairs(&journal[0]), owned(&[("name", "by_name")]));
    assert_eq!(
        pairs(&journal[1]),
        owned(&[("hsm_id", &ids[1]), ("name", "by_id")])
    );
    let list = format!(r#"["{}","{}"]"#, ids[2], ids[3]);
    assert_eq!(pairs(&journal[2]), owned(&[("hsm_ids", &list)]));

    // A name nothing has is Graph's error 100.
    let error = account
        .delete_message_template("by_name")
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some(ErrorCode::InvalidParameter));
}

#[tokio::test]
async fn subscribed_apps_read_decodes_the_app() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("WABA-ID/subscribed_apps")))
        .and(header("authorization", bearer().as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{
                "whatsapp_business_api_data": {
                    "id": "670841",
                    "link": "https://www.facebook.com/games/?app_id=670841",
                    "name": "Acme Webhooks",
                    "category": "Business"
                },
                "override_callback_uri": "https://example.com/hook"
            }]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let page = client
        .whatsapp_business_account("WABA-ID")
        .subscribed_apps()
        .send()
        .await
        .unwrap();
    let app = page.data[0].whatsapp_business_api_data.as_ref().unwrap();
    assert_eq!(app.id.as_deref(), Some("670841"));
    assert_eq!(
        app.link.as_deref(),
        Some("https://www.facebook.com/games/?app_id=670841")
    );
    assert_eq!(app.name.as_deref(), Some("Acme Webhooks"));
}

#[tokio::test]
async fn subscribe_app_posts_the_override_callback_and_verify_token() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(url_path(path("WABA-ID/subscribed_apps")))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string(form(&[
            ("override_callback_uri", "https://example.com/hook?x=1"),
            ("verify_token", "my verify token"),
        ])))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .expect(1)
        .mount(&server)
        .await;
    let done = client
        .whatsapp_business_account("WABA-ID")
        .subscribe_app()
        .override_callback_uri("https://example.com/hook?x=1")
        .verify_token("my verify token")
        .send()
        .await
        .unwrap();
    assert!(done.success);
}

#[tokio::test]
async fn subscribe_app_without_params_and_a_failed_validation() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(url_path(path("WABA-ID/subscribed_apps")))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": {"message": "Subscription validation failed", "type": "OAuthException", "code": 2200, "fbtrace_id": "T"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let error = client
        .whatsapp_business_account("WABA-ID")
        .subscribe_app()
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some(ErrorCode::SubscriptionValidationFailed));
    let request = &server.received_requests().await.unwrap()[0];
    assert_eq!(request.url.query(), None);
    assert!(request.body.is_empty(), "no params, empty body");
}

#[tokio::test]
async fn an_app_is_subscribed_and_unsubscribed_with_a_bodiless_delete() {
    let (mock, client) = mock_and_client().await;
    let account = client.whatsapp_business_account(MOCK_WABA);
    assert!(account.subscribe_app().await.unwrap().success);
    assert!(account.unsubscribe_app().await.unwrap().success);
    let journal = mock.journal();
    let delete = &journal[1];
    assert_eq!(delete.method, "DELETE");
    assert_eq!(delete.path, format!("/v23.0/{MOCK_WABA}/subscribed_apps"));
    assert!(delete.query.is_empty() && delete.body.is_empty());
    assert_eq!(
        delete.operation.as_deref(),
        Some("WhatsAppBusinessAccount.unsubscribe_app")
    );
}

#[tokio::test]
async fn client_whatsapp_business_accounts_sends_fields_filtering_and_summary() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("BUSINESS-ID/client_whatsapp_business_accounts")))
        .and(query_param(
            "fields",
            "id,name,owner_business,whatsapp_business_manager_messaging_limit,health_status",
        ))
        .and(query_param(
            "filtering",
            r#"[{"field":"creation_time","operator":"GREATER_THAN","value":"1569783261"}]"#,
        ))
        .and(query_param("summary", "total_count"))
        .and(header("authorization", bearer().as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [
                {
                    "id": "CLIENT-WABA-1",
                    "name": "Client One",
                    "owner_business": {"id": "CLIENT-BUSINESS-ID", "name": "Client Inc"},
                    "whatsapp_business_manager_messaging_limit": "TIER_2K",
                    "health_status": {
                        "can_send_message": "LIMITED",
                        "entities": [
                            {"entity_type": "WABA", "id": "CLIENT-WABA-1", "can_send_message": "AVAILABLE"},
                            {"entity_type": "BUSINESS", "id": "CLIENT-BUSINESS-ID", "can_send_message": "LIMITED",
                             "errors": [{"error_code": 141010, "error_description": "The business has not passed verification.",
                                         "possible_solution": "Verify the business."}],
                             "additional_info": ["Limited to 250 users."]}
                        ]
                    }
                },
                {"id": "CLIENT-WABA-2", "whatsapp_business_manager_messaging_limit": "TIER_1M"}
            ],
            "paging": {"cursors": {"before": "B", "after": "A"}},
            "summary": {"total_count": 2}
        })))
        .expect(1)
        .mount(&server)
        .await;

    use WhatsAppBusinessAccountField as F;
    let page = client
        .business("BUSINESS-ID")
        .client_whatsapp_business_accounts()
        .fields([
            F::Id,
            F::Name,
            F::OwnerBusiness,
            F::WhatsappBusinessManagerMessagingLimit,
            F::HealthStatus,
        ])
        .filtering([Filter::greater_than(F::CreationTime, "1569783261")])
        .summary()
        .send()
        .await
        .unwrap();

    assert_eq!(page.summary.unwrap().total_count, Some(2));
    let waba = &page.data[0];
    let owner = waba.owner_business.as_ref().unwrap();
    assert_eq!(owner.id.as_ref().unwrap().as_str(), "CLIENT-BUSINESS-ID");
    assert_eq!(owner.name.as_deref(), Some("Client Inc"));
    assert_eq!(
        waba.whatsapp_business_manager_messaging_limit,
        Some(MessagingLimit::Tier2k)
    );
    let health = waba.health_status.as_ref().unwrap();
    assert_eq!(
        health.can_send_message,
        Some(MessagingAvailability::Limited)
    );
    let entities = health.entities.as_deref().unwrap();
    assert_eq!(entities[0].entity_type.as_deref(), Some("WABA"));
    assert_eq!(
        entities[0].can_send_message,
        Some(MessagingAvailability::Available)
    );
    let problem = &entities[1].errors.as_deref().unwrap()[0];
    assert_eq!(problem.error_code, Some(141010));
    assert_eq!(
        problem.possible_solution.as_deref(),
        Some("Verify the business.")
    );
    assert_eq!(
        entities[1].additional_info,
        Some(vec!["Limited to 250 users.".to_owned()])
    );
    assert_eq!(
        page.data[1].whatsapp_business_manager_messaging_limit,
        Some(MessagingLimit::from("TIER_1M"))
    );
}

#[tokio::test]
async fn reading_a_waba_decodes_the_further_fields() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("WABA-ID")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "WABA-ID",
            "account_review_status": "APPROVED",
            "owner_business_info": {"id": "1", "name": "Acme"},
            "primary_business_location": "US",
            "status": "ACTIVE",
            "is_shared_with_partners": true,
            "template_auto_archival_enabled": false,
            "whatsapp_business_manager_messaging_limit": "UNTIERED",
            "country": "US",
            "marketing_messages_onboarding_status": "not in the spec"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let waba = client
        .whatsapp_business_account("WABA-ID")
        .get()
        .send()
        .await
        .unwrap();
    assert_eq!(
        waba.account_review_status,
        Some(waba::AccountReviewStatus::Approved)
    );
    assert_eq!(
        waba.owner_business_info,
        Some(json!({"id": "1", "name": "Acme"}))
    );
    assert_eq!(waba.primary_business_location.as_deref(), Some("US"));
    assert_eq!(waba.status.as_deref(), Some("ACTIVE"));
    assert_eq!(waba.is_shared_with_partners, Some(true));
    assert_eq!(waba.template_auto_archival_enabled, Some(false));
    assert_eq!(
        waba.whatsapp_business_manager_messaging_limit,
        Some(MessagingLimit::Untiered)
    );
}

#[tokio::test]
async fn updating_a_waba_posts_its_settings_to_the_node() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(url_path(path("WABA-ID")))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(header("authorization", bearer().as_str()))
        .and(body_string(
            "is_enabled_for_insights=true&template_auto_archival_enabled=false&disable_marketing_messages_on_cloud_api=true",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .expect(1)
        .mount(&server)
        .await;
    let done = client
        .whatsapp_business_account("WABA-ID")
        .update()
        .is_enabled_for_insights(true)
        .template_auto_archival_enabled(false)
        .disable_marketing_messages_on_cloud_api(true)
        .send()
        .await
        .unwrap();
    assert!(done.success);
}
