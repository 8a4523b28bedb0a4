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

/// Meta's OpenAPI file marks some parameters required that our spec
/// deliberately does not, each for a reason found in Meta's reference pages.
/// The file is derived from example requests, so a key that one example
/// carries can read as required although other requests omit it.
const REQUIRED_BY_EXAMPLE_ONLY: &[(&str, &str, &str)] = &[
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

/// One line of `tests/fixtures/meta_required.tsv`.
struct MetaRequired {
    /// Meta's method and path, e.g. `POST /{Version}/{Phone-Number-ID}/register`.
    call: String,
    operation_id: String,
    names: Vec<String>,
    /// Ours, as `handle.method`.
    ours: Vec<String>,
}

fn meta_required_table() -> Vec<MetaRequired> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/meta_required.tsv");
    let text = std::fs::read_to_string(&path).unwrap();
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let columns: Vec<&str> = line.split('\t').collect();
            assert_eq!(
                columns.len(),
                4,
                "{}: `{line}` needs 4 columns",
                path.display()
            );
            let words = |s: &str| s.split_whitespace().map(str::to_owned).collect();
            MetaRequired {
                call: columns[0].to_owned(),
                operation_id: columns[1].to_owned(),
                names: words(columns[2]),
                ours: words(columns[3]),
            }
        })
        .collect()
}

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

#[test]
fn every_parameter_metas_openapi_file_requires_is_always_sent() {
    let model = model();
    let mut wrong = Vec::new();
    for line in meta_required_table() {
        for ours in &line.ours {
            let (entry, method) = ours.split_once('.').unwrap();
            let op = operation(&model, entry, method);
            for name in &line.names {
                let excused = REQUIRED_BY_EXAMPLE_ONLY
                    .iter()
                    .any(|(o, n, _)| o == ours && n == name);
                if !excused && !always_sent(&model, op, name) {
                    wrong.push(format!(
                        "`{ours}`: `{name}` is required by Meta (`{}`, {}) but is {}",
                        line.operation_id,
                        line.call,
                        if op.optional.iter().any(|p| p.wire == *name) {
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
fn every_exception_to_metas_openapi_file_is_still_needed() {
    let model = model();
    let table = meta_required_table();
    for (ours, name, why) in REQUIRED_BY_EXAMPLE_ONLY {
        assert!(
            table
                .iter()
                .any(|line| line.ours.iter().any(|o| o == ours)
                    && line.names.iter().any(|n| n == name)),
            "`{ours}` `{name}` is excused ({why}) but the table does not require it"
        );
        let (entry, method) = ours.split_once('.').unwrap();
        assert!(
            !always_sent(&model, operation(&model, entry, method), name),
            "`{ours}` `{name}` is excused ({why}) but the spec now always sends it: drop the exception"
        );
    }
}

/// The table holds every operation of Meta's file with a required query
/// parameter or body key. Checked against the digest of that file when the
/// shared references sit beside the checkout (as in CI); without them only
/// the table is checked, by the test above.
#[test]
fn the_table_matches_the_digest_of_metas_openapi_file() {
    let digest = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/reference/whatsapp-openapi-v23.md");
    let Ok(text) = std::fs::read_to_string(&digest) else {
        eprintln!("{} not found: table not compared", digest.display());
        return;
    };
    let from_digest = required_in_digest(&text);
    let table: Vec<(String, String, Vec<String>)> = meta_required_table()
        .into_iter()
        .map(|l| (l.call, l.operation_id, l.names))
        .collect();
    let show = |(call, id, names): &(String, String, Vec<String>)| {
        format!("{call}\t{id}\t{}", names.join(" "))
    };
    let missing: Vec<String> = from_digest
        .iter()
        .filter(|line| !table.contains(line))
        .map(show)
        .collect();
    let stale: Vec<String> = table
        .iter()
        .filter(|line| !from_digest.contains(line))
        .map(show)
        .collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "tests/fixtures/meta_required.tsv differs from {}\nadd (with our operations as a fourth column):\n{}\nremove:\n{}",
        digest.display(),
        missing.join("\n"),
        stale.join("\n")
    );
}

/// Per operation of the digest (webhook deliveries aside): its method and
/// path, its operationId, and the query parameters and body keys marked
/// `!`; a key counts when every body shape the operation takes requires it.
fn required_in_digest(text: &str) -> Vec<(String, String, Vec<String>)> {
    struct Op {
        call: String,
        id: String,
        query: Vec<String>,
        bodies: Vec<Vec<String>>,
    }
    let mut ops: Vec<Op> = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("- `") {
            let Some((call, rest)) = rest.split_once("` (operationId `") else {
                continue;
            };
            let id = rest.trim_end_matches("`)").to_owned();
            ops.push(Op {
                call: call.to_owned(),
                id,
                query: Vec::new(),
                bodies: Vec::new(),
            });
        } else if let Some(op) = ops.last_mut() {
            if let Some(params) = line.strip_prefix("  - params: ") {
                for param in params.split("; ") {
                    let (place, rest) = param.split_once(':').unwrap();
                    let name = rest.split(':').next().unwrap();
                    if let Some(name) = name.strip_suffix('!').filter(|_| place != "path") {
                        op.query.push(name.to_owned());
                    }
                }
            } else if let Some(body) = line.strip_prefix("  - body `") {
                let shape = body.split_once("`: ").unwrap().1;
                op.bodies.push(required_top_level_keys(shape));
            }
        }
    }
    ops.into_iter()
        .filter(|op| !op.call.ends_with("/whatsapp/webhooks"))
        .filter_map(|op| {
            let mut body: Vec<String> = op.bodies.first().cloned().unwrap_or_default();
            body.retain(|key| op.bodies.iter().all(|b| b.contains(key)));
            body.sort();
            let names: Vec<String> = op.query.into_iter().chain(body).collect();
            (!names.is_empty()).then_some((op.call, op.id, names))
        })
        .collect()
}

/// The keys a digest shape requires at its top level. A shape is an object
/// (`{a!: string, b: {c!: string}}`), objects joined by `&` (all of them at
/// once: their required keys add up) or alternatives joined by `|` (a key
/// is required only when every alternative requires it).
fn required_top_level_keys(shape: &str) -> Vec<String> {
    let alternatives = split_top_level(shape, '|');
    let mut required: Option<Vec<String>> = None;
    for alternative in alternatives {
        let keys: Vec<String> = split_top_level(alternative, '&')
            .into_iter()
            .flat_map(required_keys_of_object)
            .collect();
        required = Some(match required {
            None => keys,
            Some(mut so_far) => {
                so_far.retain(|key| keys.contains(key));
                so_far
            }
        });
    }
    required.unwrap_or_default()
}

/// `text` split at `separator` where it is outside any bracket.
fn split_top_level(text: &str, separator: char) -> Vec<&str> {
    let (mut depth, mut start, mut parts) = (0i32, 0usize, Vec::new());
    for (at, c) in text.char_indices() {
        match c {
            '{' | '<' | '(' => depth += 1,
            '}' | '>' | ')' => depth -= 1,
            c if c == separator && depth == 0 => {
                parts.push(text[start..at].trim());
                start = at + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(text[start..].trim());
    parts
}

/// The keys marked `!` in one `{...}` object.
fn required_keys_of_object(object: &str) -> Vec<String> {
    let Some(inner) = object.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else {
        return Vec::new();
    };
    split_top_level(inner, ',')
        .into_iter()
        .filter_map(|item| {
            let name = item.split(':').next()?.trim();
            name.strip_suffix('!').map(str::to_owned)
        })
        .collect()
}
