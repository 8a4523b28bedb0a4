//! The spec against facts from Meta's sources, checked on the model the
//! generator builds: a parameter Meta requires is a required argument (so a
//! call that cannot succeed does not compile), error codes sit on the
//! operations that return them, every spelling Meta uses for an enum
//! value decodes to its variant, and every operation of Meta's OpenAPI
//! file is one of ours, with the parameters it requires and the keys it
//! answers.

mod digest;
mod table;

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
    if entry == "client" {
        return model
            .client_operations
            .iter()
            .find(|o| o.method == method)
            .unwrap_or_else(|| panic!("no client operation `{method}`"));
    }
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
        [
            "whatsapp_business_account.create_message_template",
            "message_template.update"
        ],
        "192 is returned by template creation and edits, never by lists or deletes"
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

/// Names Meta's OpenAPI file requires that our spec deliberately does not,
/// each for a reason found in Meta's reference pages. The file is derived
/// from example requests, so a key one example carries can read as required
/// although other requests leave it out.
const REQUIRED_BY_EXAMPLE_ONLY: &[(&str, &str, &str)] = &[
    (
        "phone_number.mark_as_read",
        "*",
        "marking as read shares the messages path but not its body: `{messaging_product, status, message_id}`",
    ),
    (
        "phone_number.send_message",
        "recipient_type",
        "Graph takes `individual` when it is absent; `group` is the other value",
    ),
    (
        "whatsapp_business_account.create_phone_number",
        "phone_number",
        "the phone_numbers edge reference lists no required parameter: a pre-verified number is added by `preverified_id` alone",
    ),
    (
        "whatsapp_business_account.create_phone_number",
        "verified_name",
        "the phone_numbers edge reference lists no required parameter: a migrated number keeps its name",
    ),
];

/// Keys of Meta's answers our models leave out on purpose, per operation.
const ANSWERED_BY_EXAMPLE_ONLY: &[(&str, &str, &str)] = &[
    (
        "phone_number.mark_as_read",
        "*",
        "the OpenAPI file gives marking as read the answer of a sent message (one path, one shape); it answers `{success}`",
    ),
    (
        "phone_number.verify_code",
        "id",
        "the verify_code reference answers `{success}` only",
    ),
    (
        "preverified_phone_number.verify_code",
        "id",
        "the verify_code reference answers `{success}` only",
    ),
    (
        "whatsapp_business_account.subscribe_app",
        "data",
        "the subscribed_apps reference answers `{success}`; the apps are read with `subscribed_apps()`",
    ),
    (
        "whatsapp_business_account.unsubscribe_app",
        "data",
        "the subscribed_apps reference answers `{success}`; the apps are read with `subscribed_apps()`",
    ),
    (
        "phone_number.business_profile",
        "business_profile",
        "Graph answers the profile's own keys in each item of `data`, as the business profile reference shows; the OpenAPI file nests them",
    ),
    (
        "flow.get",
        "metric",
        "Meta retired the Flows Metrics API on 30 April 2026",
    ),
];

/// Whether `op` makes `name` something no call can leave out: a required
/// parameter, a constant the builder always sends, or the tag or a variant
/// of a required union (a message's `type` and its `text`, `image`, ...).
fn always_sent(model: &Model, op: &Operation, name: &str) -> bool {
    let union_covers = |param: &waba_codegen::model::Param| match &param.ty {
        waba_codegen::model::Type::Union(union) => model
            .unions
            .iter()
            .find(|u| &u.name == union)
            .is_some_and(|u| u.tag == name || u.variants.iter().any(|v| v.wire == name)),
        _ => false,
    };
    op.required
        .iter()
        .any(|p| p.wire == name || union_covers(p))
        || op.constants.iter().any(|c| c.wire == name)
}

fn ours<'m>(model: &'m Model, name: &str) -> &'m Operation {
    let (entry, method) = name
        .split_once('.')
        .unwrap_or_else(|| panic!("`{name}` is not `handle.method`"));
    operation(model, entry, method)
}

#[test]
fn every_operation_of_metas_openapi_file_is_one_of_ours() {
    let model = model();
    for row in table::rows() {
        assert!(
            !row.ours.is_empty(),
            "`{}` ({}) has none of ours",
            row.meta.operation_id,
            row.meta.call
        );
        for name in &row.ours {
            let op = ours(&model, name);
            let method = row.meta.call.split(' ').next().unwrap();
            let http = match op.kind {
                waba_codegen::model::OperationKind::Read
                | waba_codegen::model::OperationKind::List => "GET",
                waba_codegen::model::OperationKind::Create
                | waba_codegen::model::OperationKind::Update => "POST",
                waba_codegen::model::OperationKind::Delete => "DELETE",
            };
            assert_eq!(http, method, "`{name}` is paired with {}", row.meta.call);
        }
    }
}

#[test]
fn every_parameter_metas_openapi_file_requires_is_always_sent() {
    let model = model();
    let mut wrong = Vec::new();
    for row in table::rows() {
        for name in &row.ours {
            let op = ours(&model, name);
            for key in &row.meta.required {
                let excused = REQUIRED_BY_EXAMPLE_ONLY
                    .iter()
                    .any(|(o, k, _)| &**o == name.as_str() && (&**k == key.as_str() || *k == "*"));
                if !excused && !always_sent(&model, op, key) {
                    wrong.push(format!(
                        "`{name}`: `{key}` is required by Meta (`{}`, {}) but is {}",
                        row.meta.operation_id,
                        row.meta.call,
                        if op.optional.iter().any(|p| p.wire == *key) {
                            "optional in the spec"
                        } else {
                            "missing from the spec"
                        }
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_key_metas_openapi_file_answers_is_a_field_of_ours() {
    let model = model();
    let mut wrong = Vec::new();
    for row in table::rows() {
        for name in &row.ours {
            let op = ours(&model, name);
            if op.binary_response || row.meta.answers.is_empty() {
                continue;
            }
            let excused = |key: &str| {
                ANSWERED_BY_EXAMPLE_ONLY
                    .iter()
                    .any(|(o, k, _)| &**o == name.as_str() && (*k == key || *k == "*"))
            };
            let node = model.nodes.iter().find(|n| n.name == op.returns);
            let Some(node) = node else {
                wrong.push(format!("`{name}` returns `{}`, not a node", op.returns));
                continue;
            };
            let has = |key: &str| node.fields.iter().any(|f| f.wire == key) || excused(key);
            // Graph answers one of the shapes; ours must hold all of one.
            let covered = row
                .meta
                .answers
                .iter()
                .any(|keys| keys.iter().all(|k| has(k)));
            if !covered {
                let missing: Vec<&String> =
                    row.meta.answers[0].iter().filter(|k| !has(k)).collect();
                wrong.push(format!(
                    "`{name}` ({}): `{}` lacks {missing:?} of Meta's answer",
                    row.meta.operation_id, node.name
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_exception_to_metas_openapi_file_is_still_needed() {
    let model = model();
    let rows = table::rows();
    for (name, key, why) in REQUIRED_BY_EXAMPLE_ONLY {
        assert!(
            rows.iter().any(|row| row.ours.iter().any(|o| o == name)
                && (*key == "*" || row.meta.required.iter().any(|k| k == key))),
            "`{name}` `{key}` is excused ({why}) but Meta's file does not require it"
        );
        assert!(
            *key == "*" || !always_sent(&model, ours(&model, name), key),
            "`{name}` `{key}` is excused ({why}) but the spec now always sends it: drop the exception"
        );
    }
    for (name, key, why) in ANSWERED_BY_EXAMPLE_ONLY {
        let op = ours(&model, name);
        let node = model.nodes.iter().find(|n| n.name == op.returns).unwrap();
        assert!(
            rows.iter().any(|row| row.ours.iter().any(|o| o == name)
                && (*key == "*" || row.meta.answers.iter().flatten().any(|k| k == key))),
            "`{name}` `{key}` is excused ({why}) but Meta's file does not answer it"
        );
        assert!(
            !node.fields.iter().any(|f| f.wire == *key),
            "`{name}` `{key}` is excused ({why}) but `{}` now has it: drop the exception",
            node.name
        );
    }
}

/// The table holds every operation of Meta's file, as its digest gives it.
/// Checked when the shared references sit beside the checkout (as in CI);
/// without them the table alone is checked, by the tests above.
#[test]
fn the_table_matches_the_digest_of_metas_openapi_file() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/reference/whatsapp-openapi-v23.md");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("{} not found: table not compared", path.display());
        return;
    };
    let from_digest = digest::operations(&text);
    let in_table: Vec<table::MetaOperation> = table::rows().into_iter().map(|r| r.meta).collect();
    let missing: Vec<String> = from_digest
        .iter()
        .filter(|op| !in_table.contains(op))
        .map(table::show)
        .collect();
    let stale: Vec<String> = in_table
        .iter()
        .filter(|op| !from_digest.contains(op))
        .map(table::show)
        .collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "tests/fixtures/meta_operations.tsv differs from {}\nadd (with our operations as a fifth column):\n{}\nremove:\n{}",
        path.display(),
        missing.join("\n"),
        stale.join("\n")
    );
}
