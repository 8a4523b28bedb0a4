//! Property tests: arbitrary and mutated JSON fed to every generated
//! model's decoder (and to every enum, ID and page) never panics: each
//! decode returns a value or an error.
//!
//! The list of types below is every `Deserialize` type in `waba::api` at the
//! time of writing; a model added to the spec later needs adding here.

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use waba::api::business::{
    ClientWhatsappBusinessAccountsSummary, OwnedWhatsappBusinessAccountsSummary,
};
use waba::api::whatsapp_business_account::{AssignedUsersSummary, MessageTemplatesSummary};
use waba::*;

/// Decodes `value` as each type, discarding the outcome: only a panic fails.
macro_rules! decode_as {
    ($value:expr; $($t:ty),* $(,)?) => {
        $( let _ = serde_json::from_value::<$t>($value.clone()); )*
    };
}

/// Every generated model, summary, enum and ID, and pages of the listed items.
fn decode_everything(value: &Value) {
    decode_as!(value;
        // models
        Business, WhatsAppBusinessAccount, WabaOnBehalfOfComputedInfo, AssignedUser, Success,
        CreatedPhoneNumber, ActivityHistory, WabaCallAnalytics, WabaConversationAnalytics,
        Dataset, DirectConnectionConfig, MessageTemplatePreview, MessageTemplate,
        PaymentConfiguration, PaymentConfigurations, PhoneNumber, Throughput, ProductCatalog,
        Solution, SubscribedApp, WhatsAppBusinessApiData, TemplatePerformanceMetrics,
        HealthStatus, HealthStatusEntity, HealthStatusError, TemplateQualityScore,
        TemplateComponent, TemplateButton, TemplateExample, TemplateNamedParamExample,
        CreatedMessageTemplate,
        // summaries
        OwnedWhatsappBusinessAccountsSummary, ClientWhatsappBusinessAccountsSummary,
        AssignedUsersSummary, MessageTemplatesSummary,
        // enums
        BusinessVerificationStatus, OwnershipType, WabaTask, QualityRating, AccountMode,
        TemplateStatus, TemplateCategory, TemplateParameterFormat, TemplateSubCategory,
        TemplateSource, TemplateComponentType, TemplateHeaderFormat, TemplateButtonType,
        TemplateOtpType, MessagingLimit, CodeVerificationStatus, PlatformType, ThroughputLevel,
        NameStatus, PhoneNumberStatus, MessagingAvailability,
        // IDs
        WhatsAppBusinessAccountId, BusinessId, AssignedUserId, PhoneNumberId,
        // pages
        Page<AssignedUser, AssignedUsersSummary>, Page<WhatsAppBusinessAccount>,
        Page<MessageTemplate, MessageTemplatesSummary>, Page<PhoneNumber>, Page<SubscribedApp>,
    );
}

/// Field names the models use, so arbitrary objects reach typed fields.
const KEYS: &[&str] = &[
    "id",
    "name",
    "tasks",
    "business",
    "user_type",
    "success",
    "data",
    "paging",
    "summary",
    "cursors",
    "after",
    "next",
    "total_count",
    "status",
    "category",
    "language",
    "components",
    "buttons",
    "example",
    "body_text",
    "header_text",
    "format",
    "type",
    "text",
    "url",
    "quality_score",
    "score",
    "date",
    "health_status",
    "entities",
    "errors",
    "error_code",
    "throughput",
    "level",
    "creation_time",
    "is_enabled_for_insights",
    "timezone_id",
    "on_behalf_of_business_info",
    "code_expiration_minutes",
    "whatsapp_business_api_data",
    "display_phone_number",
    "quality_rating",
    "account_mode",
    "verified_name",
];

/// Arbitrary JSON, a few levels deep, with keys mostly from [`KEYS`].
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|n| json!(n)),
        ".{0,12}".prop_map(Value::String),
        prop::sample::select(vec!["MANAGE", "APPROVED", "GREEN", "", "1", "true"])
            .prop_map(|s| Value::String(s.to_owned())),
    ];
    let key = prop_oneof![
        4 => prop::sample::select(KEYS).prop_map(str::to_owned),
        1 => ".{0,6}",
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

/// Realistic responses, as Graph sends them, to mutate.
fn samples() -> Vec<Value> {
    vec![
        json!({"id": "W", "name": "Acme", "timezone_id": "1", "creation_time": 1569783261,
               "business_verification_status": "verified", "is_enabled_for_insights": true,
               "on_behalf_of_business_info": {"id": "O"},
               "health_status": {"can_send_message": "AVAILABLE", "entities": [
                   {"entity_type": "WABA", "id": "W", "can_send_message": "LIMITED",
                    "errors": [{"error_code": 141006, "error_description": "d",
                                "possible_solution": "s"}]}]}}),
        json!({"data": [{"id": "U", "name": "Ann", "tasks": ["MANAGE", "DEVELOP"],
                         "business": {"id": "B", "name": "Acme"}, "user_type": "SYSTEM_USER"}],
               "paging": {"cursors": {"before": "B0", "after": "A0"}, "next": "https://x/y"},
               "summary": {"total_count": 1}}),
        json!({"data": [{"id": "T", "name": "order", "language": "en_US", "status": "APPROVED",
                         "category": "UTILITY", "quality_score": {"score": "GREEN", "date": 1},
                         "components": [{"type": "BODY", "text": "Hi {{1}}",
                                         "example": {"body_text": [["Ann"]]}},
                                        {"type": "BUTTONS", "buttons": [
                                            {"type": "URL", "text": "Go", "url": "https://x"}]}]}]}),
        json!({"data": [{"id": "P", "display_phone_number": "+1 555", "verified_name": "Acme",
                         "quality_rating": "GREEN", "throughput": {"level": "STANDARD"},
                         "account_mode": "LIVE"}]}),
        json!({"success": true}),
        json!({"id": "T", "status": "PENDING", "category": "MARKETING"}),
    ]
}

/// Replaces, removes or keeps each node in turn, as `edits` say.
fn mutate(value: &mut Value, edits: &mut impl Iterator<Item = (u8, Value)>) {
    let Some((op, replacement)) = edits.next() else {
        return;
    };
    match op % 5 {
        0 => *value = replacement,
        1 => {
            if let Value::Object(map) = value {
                if let Some(key) = map.keys().next().cloned() {
                    map.remove(&key);
                }
            }
        }
        _ => {}
    }
    match value {
        Value::Object(map) => map.values_mut().for_each(|child| mutate(child, edits)),
        Value::Array(items) => items.iter_mut().for_each(|child| mutate(child, edits)),
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_json_never_panics_a_decoder(value in json_value()) {
        decode_everything(&value);
        // Also as the body of a page and of a single node.
        decode_everything(&json!({"data": [value.clone()], "summary": value}));
    }

    #[test]
    fn mutated_responses_never_panic_a_decoder(
        sample in 0..6usize,
        edits in prop::collection::vec((any::<u8>(), json_value()), 1..24),
    ) {
        let mut value = samples().swap_remove(sample);
        mutate(&mut value, &mut edits.into_iter());
        decode_everything(&value);
    }

    #[test]
    fn arbitrary_objects_with_model_keys_never_panic(
        pairs in prop::collection::vec((prop::sample::select(KEYS), json_value()), 0..10),
    ) {
        let object: Map<String, Value> =
            pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        decode_everything(&Value::Object(object));
    }
}

#[test]
fn the_samples_decode() {
    let waba: WhatsAppBusinessAccount = serde_json::from_value(samples()[0].clone()).unwrap();
    assert_eq!(waba.name.as_deref(), Some("Acme"));
    let users: Page<AssignedUser, AssignedUsersSummary> =
        serde_json::from_value(samples()[1].clone()).unwrap();
    assert_eq!(users.data.len(), 1);
    let templates: Page<MessageTemplate> = serde_json::from_value(samples()[2].clone()).unwrap();
    assert_eq!(templates.data.len(), 1);
    let phones: Page<PhoneNumber> = serde_json::from_value(samples()[3].clone()).unwrap();
    assert_eq!(phones.data.len(), 1);
}
