//! The generator, tested on the real spec and on small fixture specs, each
//! named for the trap it holds. Snapshots are the generated Rust source.

use std::path::{Path, PathBuf};

use waba_codegen::{Mode, SourceFile, generate, run};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ lives inside the workspace")
        .to_path_buf()
}

/// Generates a fixture spec and joins its files into one snapshot.
fn generate_fixture(name: &str) -> String {
    let path = workspace_root().join(format!("tests/fixtures/specs/{name}.toml"));
    let source = SourceFile::read(&path, format!("{name}.toml")).expect("fixture is readable");
    let output = generate(&source).unwrap_or_else(|d| panic!("{}", d.render(&source)));
    assert!(
        output.warnings.0.is_empty(),
        "{}",
        output.warnings.render(&source)
    );
    output
        .files
        .iter()
        .map(|f| format!("// ===== {} =====\n{}", f.path, f.contents))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn keyword_field_names_are_escaped_and_renamed() {
    let out = generate_fixture("keyword_field_names");
    assert!(out.contains("pub r#type: Option<String>"));
    assert!(out.contains("pub self_: Option<String>"));
    assert!(out.contains("#[serde(rename = \"displayName\")]"));
    insta::assert_snapshot!(out);
}

#[test]
fn odd_enum_values_get_usable_variants() {
    let out = generate_fixture("odd_enum_values");
    for variant in [
        "Tier2k,",
        "Tier2kLowercase,",
        "V2fa,",
        "UnknownValue,",
        "Unknown(crate::UnknownValue),",
    ] {
        assert!(out.contains(variant), "missing {variant}");
    }
    insta::assert_snapshot!(out);
}

#[test]
fn enum_spellings_from_two_sources_decode_to_one_variant() {
    let out = generate_fixture("enum_spellings_from_two_sources");
    // Every spelling decodes to the variant; the canonical one is sent.
    assert!(out.contains(r#""verified" | "VERIFIED" => Self::Verified,"#));
    assert!(
        out.contains(r#""not_verified" | "UNVERIFIED" | "NOT_VERIFIED" => Self::NotVerified,"#)
    );
    assert!(out.contains(r#"Self::Verified => "verified","#));
    assert!(out.contains("the spelling of the OpenAPI description"));
    insta::assert_snapshot!(out);
}

#[test]
fn every_operation_kind_gets_a_builder() {
    let out = generate_fixture("operation_kinds");
    for builder in [
        "pub type Get = crate::Call<GetOperation>;",
        "pub type Update = crate::Call<UpdateOperation>;",
        "pub type Delete = crate::Call<DeleteOperation>;",
        "pub type Members = crate::List<MembersOperation>;",
        "pub type CreateMembers = crate::Call<CreateMembersOperation>;",
        "pub type UpdateMembers = crate::Call<UpdateMembersOperation>;",
        "pub type DeleteMembers = crate::Call<DeleteMembersOperation>;",
        // Only POSTs may opt into retries.
        "impl crate::WriteOperation for CreateMembersOperation {}",
    ] {
        assert!(out.contains(builder), "missing {builder}");
    }
    insta::assert_snapshot!(out);
}

#[test]
fn list_edge_with_summary_has_paging_filtering_and_summary() {
    let out = generate_fixture("list_edge_with_summary");
    assert!(out.contains("pub struct OrdersSummary"));
    assert!(out.contains("type Summary = OrdersSummary;"));
    assert!(out.contains("const REQUEST: &'static str = \"total_count,total_value\";"));
    assert!(out.contains("type Filter = crate::api::OrderField;"));
    // Paging, fields and sending come from the runtime's `List`, not the builder.
    assert!(!out.contains("pub fn limit("));
    assert!(!out.contains("pub async fn send("));
    insta::assert_snapshot!(out);
}

#[test]
fn files_headers_query_on_post_and_downloads_each_get_their_setter() {
    let out = generate_fixture("multipart_upload_and_binary_download");
    assert!(out.contains(".file_param(\"photo\", photo, Some(5242880u64))"));
    assert!(out.contains(".with_body(crate::runtime::BodyEncoding::Multipart)"));
    assert!(out.contains(".query_param(\"notify\", notify)"));
    assert!(out.contains(".header_param(\"request_tag\", request_tag.into())"));
    assert!(out.contains("Request::absolute(self, HttpMethod::Get, url)"));
    assert!(out.contains("pub type Download = crate::DownloadCall<DownloadOperation>;"));
    insta::assert_snapshot!(out);
}

#[test]
fn struct_typed_fields_and_cycles() {
    let out = generate_fixture("struct_typed_field");
    assert!(out.contains("pub address: Option<crate::api::Address>"));
    assert!(out.contains("pub previous_addresses: Option<Vec<crate::api::Address>>"));
    assert!(out.contains("pub employer: Option<Box<crate::api::Company>>"));
    assert!(out.contains("pub ceo: Option<Box<crate::api::Person>>"));
    insta::assert_snapshot!(out);
}

#[test]
fn struct_typed_params_serialize_as_json() {
    let out = generate_fixture("struct_typed_param");
    assert!(out.contains("lines: impl IntoIterator<Item = crate::api::Line>"));
    assert!(out.contains("pub fn gift_note(self, gift_note: crate::api::Note)"));
    // A result node's required field is plain, and its struct has no `Default`.
    assert!(out.contains("pub id: String,"));
    assert!(out.contains("#[derive(Clone, Debug, PartialEq, serde::Deserialize)]"));
    assert!(out.contains("crate::runtime::impl_json_param!(Line);"));
    assert!(out.contains("crate::runtime::impl_json_param!(Note);"));
    assert!(!out.contains("crate::runtime::impl_json_param!(Created);"));
    assert!(out.contains("#[serde(skip_serializing_if = \"Option::is_none\")]"));
    insta::assert_snapshot!(out);
}

/// The `#[cfg(..)]` among the attributes and docs right above `item`.
fn gate_of<'a>(out: &'a str, item: &str) -> Option<&'a str> {
    let lines: Vec<&str> = out.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim_start().starts_with(item))
        .unwrap_or_else(|| panic!("no `{item}`"));
    lines[..at]
        .iter()
        .rev()
        .map(|l| l.trim_start())
        .take_while(|l| l.starts_with("///") || l.starts_with("#["))
        .find(|l| l.starts_with("#[cfg("))
}

#[test]
fn areas_gate_operations_and_the_types_they_reach() {
    let out = generate_fixture("areas_gate_operations_and_the_types_they_reach");
    let both = Some("#[cfg(any(feature = \"orders\", feature = \"refunds\"))]");
    // Reached from both areas' operations, directly or through a field.
    assert_eq!(gate_of(&out, "pub struct Order {"), both);
    assert_eq!(gate_of(&out, "pub enum Status {"), both);
    // A refunds parameter, and a modifier of a field `orders` selects.
    assert_eq!(gate_of(&out, "pub enum Period {"), both);
    // Reached from one area only.
    let refunds = Some("#[cfg(feature = \"refunds\")]");
    assert_eq!(gate_of(&out, "pub struct Refund {"), refunds);
    assert_eq!(gate_of(&out, "pub type Refunds ="), refunds);
    assert_eq!(gate_of(&out, "pub fn refunds("), refunds);
    assert_eq!(
        gate_of(&out, "pub type Orders ="),
        Some("#[cfg(feature = \"orders\")]")
    );
    // Reached by an operation without an area: always built, and so is the
    // entry that operation hangs from.
    assert_eq!(gate_of(&out, "pub struct Note {"), None);
    assert_eq!(gate_of(&out, "pub type Notes ="), None);
    assert_eq!(gate_of(&out, "pub mod shop;"), None);
    assert!(out.contains("//! - `orders`: Reading orders."));
    insta::assert_snapshot!(out);
}

/// What README.md, "Extending the spec", walks through: add an edge (and
/// the node it returns) to a spec, generate, get a builder and a model.
/// The snapshot holds every generated file the edge changed.
#[test]
fn adding_an_edge_to_a_spec_adds_its_builder_and_model() {
    let name = "operation_kinds.toml";
    let path = workspace_root().join("tests/fixtures/specs").join(name);
    let original = std::fs::read_to_string(path).unwrap();
    let extended = format!("{original}\n{}", ADDED_EDGE);
    let before = generate(&SourceFile::new(name, original)).unwrap();
    let source = SourceFile::new(name, extended);
    let after = generate(&source).unwrap_or_else(|d| panic!("{}", d.render(&source)));
    assert!(
        after.warnings.0.is_empty(),
        "{}",
        after.warnings.render(&source)
    );

    let changed: Vec<_> = after
        .files
        .iter()
        .filter(|file| !before.files.contains(file))
        .collect();
    let names: Vec<&str> = changed.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(names, ["ids.rs", "fields.rs", "models.rs", "team.rs"]);
    let out = changed
        .iter()
        .map(|f| format!("// ===== {} =====\n{}", f.path, f.contents))
        .collect::<Vec<_>>()
        .join("\n");
    for item in [
        "pub struct ProjectId(",
        "pub enum ProjectField {",
        "pub struct Project {",
        "pub fn projects(&self) -> Projects {",
        "pub type Projects = crate::List<ProjectsOperation>;",
        "pub struct ProjectsSummary {",
        "type Summary = ProjectsSummary;",
        "type Filter = crate::api::ProjectField;",
    ] {
        assert!(out.contains(item), "missing {item}");
    }
    insta::assert_snapshot!(out);
}

/// The edge [`adding_an_edge_to_a_spec_adds_its_builder_and_model`] adds.
const ADDED_EDGE: &str = r#"
[[node]]
name = "Project"
doc = "A project of a team."
id = true

[[node.field]]
name = "id"
type = "id<Project>"
doc = "The project ID."

[[node.field]]
name = "title"
type = "string"
doc = "The project title."

[[edge]]
node = "Team"
name = "projects"
returns = "Project"
doc = "Projects of a team."

[[edge.operation]]
kind = "list"
doc = "Lists the team's projects."
filtering = true

[[edge.operation.summary]]
name = "total_count"
type = "uint32"
doc = "Total number of projects."
"#;

#[test]
fn the_same_spec_gives_byte_identical_output() {
    let source = waba_codegen::read_spec(&workspace_root()).unwrap();
    let first = generate(&source).unwrap().files;
    let second = generate(&source).unwrap().files;
    assert_eq!(first, second);
}

/// A plain `cargo test` fails when someone edits the spec and forgets to
/// regenerate.
#[test]
fn generated_code_is_up_to_date() {
    if let Err(error) = run(&workspace_root(), Mode::Check) {
        panic!("{error}");
    }
}

#[test]
fn a_malformed_spec_is_reported_with_its_location_and_nothing_is_generated() {
    let text = waba_codegen::read_spec(&workspace_root())
        .unwrap()
        .text
        .replacen(
            "type = \"BusinessVerificationStatus\"",
            "type = \"BusinesVerificationStatus\"",
            1,
        );
    let source = SourceFile::new("spec/graph.toml", text);
    let diagnostics = generate(&source).unwrap_err();
    let rendered = diagnostics.render(&source);
    assert!(
        rendered.contains("unknown type `BusinesVerificationStatus`"),
        "{rendered}"
    );
    assert!(rendered.contains("--> spec/graph.toml:"), "{rendered}");
    assert!(
        rendered.contains("did you mean `BusinessVerificationStatus`?"),
        "{rendered}"
    );
}

#[test]
fn sub_resource_paths_encode_each_segment_and_take_path_params_first() {
    let out = generate_fixture("sub_resource_paths");
    // Path params are arguments in path order, whatever their order in the spec.
    assert!(out.contains(
        "pub fn order_line(\n        &self,\n        order: impl Into<crate::api::OrderId>,\n        line: u32,\n    ) -> OrderLine"
    ));
    assert!(out.contains("crate::runtime::join_segments(["));
    assert!(out.contains("`GET /{version}/{shop-id}/orders/{order}/lines/{line}`"));
    assert!(out.contains("`DELETE /{version}/{shop-id}/checkout`"));
    // A path param is never also sent as a query or body parameter.
    // (the list's optional `order` filter is the only one).
    assert_eq!(out.matches(".param(\"order\", order.into())").count(), 1);
    assert!(out.contains("type Output = Vec<crate::api::Order>;"));
    assert!(out.contains(".in_data()"));
    assert!(out.contains("impl crate::ReadAfterWrite for UpdateOrderOperation"));
    assert!(out.contains("pub placed_at: Option<crate::Timestamp>"));
    insta::assert_snapshot!(out);
}

#[test]
fn json_body_with_flattened_union_sends_keys_in_the_body_itself() {
    let out = generate_fixture("json_body_with_flattened_union");
    // Constants are set by the handle method and never exposed.
    assert!(out.contains(".json_field(\"product\", \"chat\")"));
    assert!(!out.contains("pub fn product("));
    assert!(out.contains(".with_json_body()"));
    assert!(out.contains(".json_flattened(\"content\", content)"));
    // Required fields of a sent node: a constructor, no `Default`.
    assert!(out.contains("pub fn new(body: impl Into<String>) -> Self"));
    assert!(out.contains("#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize, serde::Serialize)]\npub struct Context"));
    assert!(out.contains("Ping = \"ping\""));
    insta::assert_snapshot!(out);
}

#[test]
fn field_modifiers_and_nested_selection_get_typed_expansions() {
    let out = generate_fixture("field_modifiers_and_nested_selection");
    assert!(out.contains("pub fn stats(\n        since: impl Into<crate::Timestamp>,\n        r#type: crate::api::Granularity,\n    ) -> ShopStatsExpansion"));
    assert!(out.contains("crate::Expansion::new(\"stats\")"));
    assert!(out.contains(".modifier(\"type\", r#type)"));
    assert!(out.contains("pub orders: Option<crate::Page<crate::api::Order>>"));
    assert!(out.contains("pub struct ShopOrdersExpansion"));
    assert!(out.contains("pub struct ShopTopOrderExpansion"));
    // `limit` only for lists and pages.
    assert_eq!(out.matches("pub fn limit(self, limit: u32)").count(), 1);
    assert!(!out.contains("StatsTotalExpansion"));
    insta::assert_snapshot!(out);
}

#[test]
fn unions_in_three_styles_get_one_enum_and_one_macro_call_each() {
    let out = generate_fixture("unions_in_three_styles");
    for layout in [
        "keyed(\"kind\")",
        "internal(\"type\")",
        "adjacent(\"field\", \"value\")",
    ] {
        assert!(out.contains(layout), "missing {layout}");
    }
    assert!(out.contains("Unknown(crate::UnknownVariant)"));
    assert!(out.contains("#[serde(flatten)]\n    pub action: crate::api::Action,"));
    insta::assert_snapshot!(out);
}

#[test]
fn webhook_payloads_share_ids_enums_and_gates_with_operations() {
    let out = generate_fixture("webhook_payloads_share_ids_enums_and_gates_with_operations");
    // The module, behind the webhook's area, not glob-exported.
    assert!(out.contains("// ===== webhooks.rs ====="));
    assert!(out.contains("#[cfg(feature = \"hooks\")]\npub mod webhooks;"));
    // The envelope takes the entry node's ID type, the client's own.
    assert!(out.contains("pub id: crate::api::AccountId,"));
    assert!(out.contains("pub phone: crate::api::PhoneId,"));
    // Changes go through the union machinery: adjacent on `field`/`value`.
    assert!(out.contains("adjacent(\"field\", \"value\")"));
    assert!(out.contains("Messages(crate::api::Inbox)"));
    assert!(out.contains("PhoneQuality(crate::api::QualityChange)"));
    assert!(out.contains("Self::Unknown(unknown) => Field::from(unknown.tag()),"));
    // Shared enum: either area; payload nodes: the webhook's only.
    assert_eq!(
        gate_of(&out, "pub enum Quality {"),
        Some("#[cfg(any(feature = \"hooks\", feature = \"phones\"))]")
    );
    let hooks = Some("#[cfg(feature = \"hooks\")]");
    for item in [
        "pub struct Inbox {",
        "pub struct QualityChange {",
        "pub enum ReceivedContent {",
    ] {
        assert_eq!(gate_of(&out, item), hooks, "{item}");
    }
    // Payloads serialize (round trips), and say why.
    assert!(out.contains("Received in webhooks; also serializes"));
    insta::assert_snapshot!(out);
}
