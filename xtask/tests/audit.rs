//! `cargo xtask audit` run as a user runs it, against the OpenAPI fixtures
//! in `tests/fixtures/openapi/` (each one kind of drift) and the fixture
//! spec `tests/fixtures/specs/operation_kinds.toml`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// This workspace, the one the test binary was built from.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ lives inside the workspace")
        .to_path_buf()
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/openapi").join(name)
}

/// Runs the audit of `openapi` against the fixture spec, with `extra`
/// arguments.
fn audit(openapi: &str, extra: &[&str]) -> Output {
    let spec = root().join("tests/fixtures/specs/operation_kinds.toml");
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(root())
        .arg("audit")
        .arg("--spec")
        .arg(spec)
        .arg("--openapi")
        .arg(fixture(openapi))
        .args(extra)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// The `--json` findings, less the informational ones, as
/// `(kind, method, path, name, detail)`.
fn findings(openapi: &str) -> Vec<(String, String, String, String, String)> {
    let output = audit(openapi, &["--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let parsed: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let field = |f: &Value, key: &str| f[key].as_str().unwrap().to_owned();
    parsed
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] != "not_in_openapi")
        .map(|f| {
            (
                field(f, "kind"),
                field(f, "method"),
                field(f, "path"),
                field(f, "name"),
                field(f, "detail"),
            )
        })
        .collect()
}

fn finding(
    kind: &str,
    method: &str,
    path: &str,
    name: &str,
    detail: &str,
) -> (String, String, String, String, String) {
    (
        kind.into(),
        method.into(),
        path.into(),
        name.into(),
        detail.into(),
    )
}

#[test]
fn an_operation_in_step_has_no_findings() {
    assert_eq!(findings("in_step.yaml"), []);
    let output = audit("in_step.yaml", &["--deny", "all"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).ends_with(
        "audit: 1 operation(s) in the OpenAPI file, 7 in our spec; 6 operation(s) only in our spec\n"
    ));
}

#[test]
fn missing_operation() {
    assert_eq!(
        findings("missing_operation.yaml"),
        [finding(
            "missing_operation",
            "GET",
            "/{Version}/{Team-ID}/projects",
            "listProjects",
            "operation missing from our spec (`listProjects`)"
        )]
    );
    let text = stdout(&audit("missing_operation.yaml", &[]));
    assert!(text.starts_with(
        "GET /{Version}/{Team-ID}/projects\n  operation missing from our spec (`listProjects`)\n\n\
         Only in our spec (informational):\n  GET /{version}/{team-id}  (team.get)\n"
    ), "{text}");
}

#[test]
fn missing_query_param() {
    assert_eq!(
        findings("missing_query_param.yaml"),
        [finding(
            "missing_param",
            "GET",
            "/{Version}/{Team-ID}/members",
            "role",
            "missing query param `role`"
        )]
    );
}

#[test]
fn missing_body_field_behind_ref_and_all_of() {
    assert_eq!(
        findings("missing_body_field.yaml"),
        [finding(
            "missing_body_field",
            "POST",
            "/{Version}/{Team-ID}/members",
            "note",
            "missing body field `note`"
        )]
    );
}

#[test]
fn yaml_and_json_versions_give_identical_findings() {
    let yaml = audit("missing_body_field.yaml", &[]);
    let json = audit("missing_body_field.json", &[]);
    assert!(yaml.status.success() && json.status.success());
    assert_eq!(stdout(&yaml), stdout(&json));
    assert_eq!(
        stdout(&audit("missing_body_field.yaml", &["--json"])),
        stdout(&audit("missing_body_field.json", &["--json"]))
    );
}

#[test]
fn missing_response_field_in_a_data_page() {
    assert_eq!(
        findings("missing_response_field.yaml"),
        [finding(
            "missing_response_field",
            "GET",
            "/{Version}/{Team-ID}/members",
            "joined_at",
            "response field `joined_at` missing"
        )]
    );
}

#[test]
fn missing_enum_value() {
    assert_eq!(
        findings("missing_enum_value.yaml"),
        [finding(
            "missing_enum_value",
            "GET",
            "/{Version}/{Team-ID}/members",
            "roles",
            "enum `Role` lacks `OWNER` (response field `roles`)"
        )]
    );
}

#[test]
fn required_ness_differs_both_ways() {
    assert_eq!(
        findings("required_differs.yaml"),
        [
            finding(
                "required_differs",
                "POST",
                "/{Version}/{Team-ID}/members",
                "notify",
                "body field `notify` is required in the OpenAPI file, optional in our spec"
            ),
            finding(
                "required_differs",
                "POST",
                "/{Version}/{Team-ID}/members",
                "roles",
                "body field `roles` is optional in the OpenAPI file, required in our spec"
            ),
        ]
    );
}

#[test]
fn one_of_body_unites_the_alternatives() {
    assert_eq!(
        findings("one_of_body.yaml"),
        [
            finding(
                "missing_body_field",
                "POST",
                "/{Version}/{Team-ID}",
                "description",
                "missing body field `description`"
            ),
            finding(
                "required_differs",
                "POST",
                "/{Version}/{Team-ID}",
                "name",
                "body field `name` is required in the OpenAPI file, optional in our spec"
            ),
        ]
    );
}

#[test]
fn deny_fails_only_on_the_denied_category() {
    let code = |file: &str, deny: &str| audit(file, &["--deny", deny]).status.code();
    assert_eq!(code("missing_query_param.yaml", "missing"), Some(1));
    assert_eq!(code("missing_query_param.yaml", "differs"), Some(0));
    assert_eq!(code("required_differs.yaml", "missing"), Some(0));
    assert_eq!(code("required_differs.yaml", "differs"), Some(1));
    assert_eq!(code("required_differs.yaml", "all"), Some(1));
    // Operations only in our spec are informational, never denied.
    assert_eq!(code("in_step.yaml", "all"), Some(0));
    let denied = audit("missing_query_param.yaml", &["--deny", "missing"]);
    assert!(
        stderr(&denied).contains("1 finding(s) denied by --deny"),
        "{}",
        stderr(&denied)
    );
    // The report is still printed.
    assert!(stdout(&denied).contains("missing query param `role`"));
}

#[test]
fn malformed_file_is_a_located_error() {
    let output = audit("malformed.yaml", &[]);
    assert_eq!(output.status.code(), Some(1));
    let error = stderr(&output);
    assert!(error.contains("malformed.yaml: not valid YAML:"), "{error}");
    assert!(error.contains("line 6 column 1"), "{error}");
    assert!(stdout(&output).is_empty());
}

#[test]
fn dangling_ref_is_a_located_error() {
    let output = audit("dangling_ref.yaml", &[]);
    assert_eq!(output.status.code(), Some(1));
    let error = stderr(&output);
    assert!(
        error.contains(
            "dangling_ref.yaml: POST /{Version}/{Team-ID}/members: request body (application/json): \
             `$ref: #/components/schemas/Nowhere` points at nothing"
        ),
        "{error}"
    );
}

#[test]
fn ref_cycle_is_an_error() {
    let output = audit("ref_cycle.yaml", &[]);
    assert_eq!(output.status.code(), Some(1));
    let error = stderr(&output);
    assert!(
        error.contains("ref_cycle.yaml: POST /{Version}/{Team-ID}/members"),
        "{error}"
    );
    assert!(error.contains("`$ref` cycle: #/components/schemas/A -> #/components/schemas/B -> #/components/schemas/A"), "{error}");
}

#[test]
fn unreadable_file_names_it() {
    let output = audit("no_such_file.yaml", &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("no_such_file.yaml:"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn openapi_is_required() {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["audit", "--json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("audit --openapi FILE"));
}

/// The real spec against a few of Meta's operations: it reads, pairs Meta's
/// `{WABA-ID}` paths with ours, and reports without failing.
#[test]
fn real_spec_against_an_excerpt_of_meta_file() {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(root())
        .arg("audit")
        .arg("--openapi")
        .arg(fixture("graph_excerpt.yaml"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("audit: 6 operation(s) in the OpenAPI file"),
        "{text}"
    );
    assert!(text.contains("Only in our spec (informational):"), "{text}");
}
