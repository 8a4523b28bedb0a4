//! The spec against facts from Meta's sources, checked on the model the
//! generator builds: a parameter Meta requires is a required argument (so a
//! call that cannot succeed does not compile), error codes sit on the
//! operations that return them, and every spelling Meta uses for an enum
//! value decodes to its variant.

use std::path::Path;

use waba_codegen::model::{Model, Operation};
use waba_codegen::{parse, read_spec, validate};

fn model() -> Model {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let source = read_spec(root).unwrap();
    let spec = parse::parse(&source).unwrap();
    assert!(!validate::validate(&spec, &source).has_errors());
    waba_codegen::model::lower(&spec, "spec")
}

fn operation<'m>(model: &'m Model, entry: &str, method: &str) -> &'m Operation {
    model
        .entries
        .iter()
        .find(|e| e.method == entry)
        .unwrap_or_else(|| panic!("no entry `{entry}`"))
        .operations
        .iter()
        .find(|o| o.method == method)
        .unwrap_or_else(|| panic!("no operation `{entry}.{method}`"))
}

/// Parameters Meta documents as required, per operation, with the source.
const META_REQUIRED: &[(&str, &str, &[&str], &str)] = &[
    (
        "whatsapp_business_account",
        "call_analytics",
        &["start", "end", "granularity"],
        "calling pricing guide: call analytics filters",
    ),
    (
        "whatsapp_business_account",
        "conversation_analytics",
        &["start", "end", "granularity"],
        "conversation_analytics edge reference",
    ),
    (
        "whatsapp_business_account",
        "message_template_previews",
        &["category"],
        "message_template_previews edge reference",
    ),
    (
        "whatsapp_business_account",
        "payment_configuration",
        &["configuration_name"],
        "payment_configuration edge reference",
    ),
    (
        "whatsapp_business_account",
        "assigned_users",
        &["business"],
        "assigned_users edge reference",
    ),
    (
        "whatsapp_business_account",
        "add_assigned_user",
        &["user", "tasks"],
        "assigned_users edge reference",
    ),
    (
        "whatsapp_business_account",
        "remove_assigned_user",
        &["user"],
        "assigned_users edge reference",
    ),
    (
        "whatsapp_business_account",
        "create_message_template",
        &["name", "language", "category"],
        "message_templates edge reference",
    ),
];

#[test]
fn every_parameter_meta_requires_is_a_required_argument() {
    let model = model();
    for (entry, method, params, source) in META_REQUIRED {
        let op = operation(&model, entry, method);
        for param in *params {
            assert!(
                op.required.iter().any(|p| p.wire == *param),
                "`{entry}.{method}`: `{param}` is required by Meta ({source}) but is {}",
                if op.optional.iter().any(|p| p.wire == *param) {
                    "optional in the spec"
                } else {
                    "missing from the spec"
                }
            );
        }
    }
}

#[test]
fn error_192_is_on_template_writes_and_80008_on_every_buc_limited_call() {
    let model = model();
    let mut with_192 = Vec::new();
    for entry in &model.entries {
        for op in &entry.operations {
            let codes: Vec<i64> = op.errors.iter().map(|e| e.code).collect();
            if codes.contains(&192) {
                with_192.push(format!("{}.{}", entry.method, op.method));
            }
            if op
                .rate_limit
                .as_ref()
                .is_some_and(|(name, _)| name == "business_use_case")
            {
                assert!(
                    codes.contains(&80008),
                    "`{}.{}` is limited per business use case but does not list 80008",
                    entry.method,
                    op.method
                );
            }
        }
    }
    assert_eq!(
        with_192,
        ["whatsapp_business_account.create_message_template"],
        "192 is returned by template creation only, never by lists or deletes"
    );
}

#[test]
fn every_spelling_meta_uses_decodes_to_one_variant_and_the_canonical_one_is_sent() {
    use waba::{
        BusinessVerificationStatus, CodeVerificationStatus, ConversationType, OwnershipType,
    };

    let decode = |raw: &str| -> BusinessVerificationStatus {
        serde_json::from_value(serde_json::json!(raw)).unwrap()
    };
    // The reference page's lower case, Meta's OpenAPI file's upper case.
    assert_eq!(decode("verified"), BusinessVerificationStatus::Verified);
    assert_eq!(decode("VERIFIED"), BusinessVerificationStatus::Verified);
    assert_eq!(
        decode("UNVERIFIED"),
        BusinessVerificationStatus::NotVerified
    );
    assert_eq!(
        serde_json::to_value(decode("VERIFIED")).unwrap(),
        serde_json::json!("verified")
    );
    assert_eq!(OwnershipType::from("SELF"), OwnershipType::SelfOwned);
    assert_eq!(OwnershipType::SelfOwned.as_str(), "SELF_OWNED");
    assert_eq!(
        CodeVerificationStatus::from("UNVERIFIED"),
        CodeVerificationStatus::NotVerified
    );
    assert_eq!(
        ConversationType::from("FREE_ENTRY_POINT"),
        ConversationType::FreeEntry
    );
    // A spelling no source has stays unknown, kept as sent.
    let other = decode("Verified");
    assert!(matches!(other, BusinessVerificationStatus::Unknown(_)));
    assert_eq!(other.as_str(), "Verified");
}
