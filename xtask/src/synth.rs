//! `cargo xtask synth --nodes N`: a synthetic spec of N nodes shaped like
//! the real one, for measuring how generation and compilation grow with
//! the size of the API.
//!
//! The real spec has about one operation per node, most of them list reads
//! on an entry node's edges, with a few writes. So here nodes come in
//! groups of ten: the first is an entry node with an edge to each of the
//! other nine (a `list`, every other one with `filtering`, each with a
//! summary), plus a `create` with required and optional params and a
//! `delete`. Every node has its own status enum and eight fields of the
//! kinds the real nodes use (ID, strings, numbers, bool, list, enum, a
//! nested node, free-form JSON).

use std::fmt::Write;

/// How many nodes share one entry node.
const GROUP: usize = 10;

/// The spec text for `nodes` nodes (at least one).
pub fn synthesize(nodes: usize) -> String {
    let nodes = nodes.max(1);
    let mut out = String::with_capacity(nodes * 2_000);
    out.push_str(HEADER);
    for i in 0..nodes {
        enum_def(&mut out, i);
    }
    for i in 0..nodes {
        node(&mut out, i, nodes);
    }
    for entry in (0..nodes).step_by(GROUP) {
        edges(&mut out, entry, nodes);
    }
    out
}

const HEADER: &str = r#"# A synthetic spec written by `cargo xtask synth`; for benchmarks only.

[api]
title = "Synthetic Graph API"
doc = "A synthetic API shaped like the WhatsApp Business Management spec."
base_url = "https://graph.facebook.com"
version = "v23.0"

[[permission]]
name = "business_management"
doc = "Read and manage assets of a business."

[[rate_limit]]
name = "business_use_case"
doc = "Per-business call limits."

[[error]]
code = 100
name = "InvalidParameter"
doc = "Invalid parameter."
class = "permanent"

[[error]]
code = 80008
name = "TooManyCalls"
doc = "Too many calls to this account."
class = "throttling"

[[node]]
name = "Success"
graph_type = "Struct {success: bool}"
doc = "The result of a write that reports only whether it succeeded."

[[node.field]]
name = "success"
type = "bool"
doc = "Whether the write succeeded."
"#;

fn name(i: usize) -> String {
    format!("Widget{i:05}")
}

fn enum_def(out: &mut String, i: usize) {
    let _ = write!(
        out,
        r#"
[[enum]]
name = "{}Status"
doc = "Review status of a widget of kind {i}."
values = ["ACTIVE", "PAUSED", "DELETED", "PENDING_REVIEW", "REJECTED", "IN_APPEAL"]
"#,
        name(i)
    );
}

fn node(out: &mut String, i: usize, nodes: usize) {
    let me = name(i);
    // A nested object: the group's entry node (itself, for entry nodes).
    let owner = name(i - i % GROUP);
    let _ = write!(
        out,
        r#"
[[node]]
name = "{me}"
doc = "A widget of kind {i} of {nodes}."
id = true
"#
    );
    let fields: [(&str, String, &str); 9] = [
        ("id", format!("id<{me}>"), "The widget ID."),
        ("name", "string".into(), "User-friendly name."),
        ("status", format!("{me}Status"), "Review status."),
        (
            "creation_time",
            "int64".into(),
            "When it was created, in Unix seconds.",
        ),
        ("count", "uint32".into(), "How many there are."),
        ("is_enabled", "bool".into(), "Whether it is enabled."),
        ("tags", "list<string>".into(), "Labels set by the business."),
        ("owner", owner, "The entry widget of its group."),
        ("settings", "json".into(), "Free-form settings."),
    ];
    for (field, ty, doc) in fields {
        let _ = write!(
            out,
            r#"
[[node.field]]
name = "{field}"
type = "{ty}"
doc = "{doc}"
"#
        );
    }
}

fn edges(out: &mut String, entry: usize, nodes: usize) {
    let owner = name(entry);
    let members = (entry + 1..(entry + GROUP).min(nodes)).collect::<Vec<_>>();
    for (k, &j) in members.iter().enumerate() {
        let target = name(j);
        let edge = format!("widgets_{j:05}");
        let _ = write!(
            out,
            r#"
[[edge]]
node = "{owner}"
name = "{edge}"
returns = "{target}"
doc = "Widgets of kind {j} under this widget."

[[edge.operation]]
kind = "list"
doc = "Lists the widgets of kind {j}."
permissions = ["business_management"]
rate_limit = "business_use_case"
errors = [100, 80008]
filtering = {filtering}

[[edge.operation.summary]]
name = "total_count"
type = "uint32"
doc = "Total number of widgets on the edge."
"#,
            filtering = k % 2 == 0
        );
        if k == 0 {
            write_ops(out, j);
        }
    }
}

/// A create with required and optional params, and a delete, on the edge
/// just written.
fn write_ops(out: &mut String, j: usize) {
    let target = name(j);
    let _ = write!(
        out,
        r#"
[[edge.operation]]
kind = "create"
returns = "{target}"
doc = "Creates a widget of kind {j}."
permissions = ["business_management"]
errors = [100]

[[edge.operation.param]]
name = "name"
type = "string"
required = true
doc = "Name of the new widget."

[[edge.operation.param]]
name = "status"
type = "{target}Status"
required = true
doc = "Initial status."

[[edge.operation.param]]
name = "tags"
type = "list<string>"
doc = "Labels."

[[edge.operation.param]]
name = "count"
type = "uint32"
doc = "How many."

[[edge.operation]]
kind = "delete"
returns = "Success"
doc = "Deletes a widget of kind {j}."
permissions = ["business_management"]
errors = [100]

[[edge.operation.param]]
name = "widget"
type = "id<{target}>"
required = true
doc = "The widget to delete."
"#
    );
}

#[cfg(test)]
mod tests {
    // Paths in full: the codegen bench compiles this file too, as a module
    // of its own crate, where `use`s here would go unused.
    #[test]
    fn synthetic_specs_generate_cleanly() {
        for nodes in [1, 10, 25] {
            let source = waba_codegen::SourceFile::new("synthetic.toml", super::synthesize(nodes));
            let output = match waba_codegen::generate(&source) {
                Ok(output) => output,
                Err(diagnostics) => panic!("{}", diagnostics.render(&source)),
            };
            assert!(
                output.warnings.0.is_empty(),
                "{}",
                output.warnings.render(&source)
            );
            assert_eq!(output.nodes, nodes + 1, "the widgets and `Success`");
        }
    }
}
