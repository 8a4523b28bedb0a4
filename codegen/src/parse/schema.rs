//! The keys each table of the spec accepts, checked on the spanned TOML
//! document before serde sees it. serde stops at the first unknown or
//! missing key; this walk reports every one, located, with a suggestion.
//!
//! Keep in step with `ast.rs`: a test parses the real spec through both.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::Diagnostic;
use crate::validate::{closest, did_you_mean};

/// What a key's value must be.
#[derive(Clone, Copy)]
enum Kind {
    String,
    Integer,
    Bool,
    StringList,
    IntegerList,
    /// One of these strings.
    OneOf(&'static [&'static str]),
    /// A table whose values are strings (enum `rename`).
    StringMap,
    /// A string, integer, float or bool (a constant parameter's `value`).
    Scalar,
    /// A table whose values are scalars (an effect's `sets`).
    ScalarMap,
    Table(&'static Schema),
    TableList(&'static Schema),
}

struct Key {
    name: &'static str,
    required: bool,
    kind: Kind,
}

/// One kind of table: how it is written, and its keys.
pub struct Schema {
    header: &'static str,
    keys: &'static [Key],
}

const fn req(name: &'static str, kind: Kind) -> Key {
    Key {
        name,
        required: true,
        kind,
    }
}

const fn opt(name: &'static str, kind: Kind) -> Key {
    Key {
        name,
        required: false,
        kind,
    }
}

const KINDS: &[&str] = &["list", "read", "create", "update", "delete"];
const CLASSES: &[&str] = &["permanent", "transient", "throttling"];
const BODIES: &[&str] = &["form", "json", "multipart", "binary"];
const RESPONSES: &[&str] = &["binary", "data"];
const AUTHORIZATIONS: &[&str] = &["bearer", "oauth"];
const LOCATIONS: &[&str] = &["query", "body", "path", "header", "url"];
const STYLES: &[&str] = &["keyed", "internal", "adjacent"];

static API: Schema = Schema {
    header: "`[api]`",
    keys: &[
        req("title", Kind::String),
        opt("doc", Kind::String),
        req("base_url", Kind::String),
        req("version", Kind::String),
    ],
};
static NAMED: Schema = Schema {
    header: "`[[permission]]`, `[[rate_limit]]` or `[[area]]`",
    keys: &[req("name", Kind::String), opt("doc", Kind::String)],
};
static ERROR: Schema = Schema {
    header: "`[[error]]`",
    keys: &[
        req("code", Kind::Integer),
        req("name", Kind::String),
        opt("doc", Kind::String),
        req("class", Kind::OneOf(CLASSES)),
    ],
};
static ENUM: Schema = Schema {
    header: "`[[enum]]`",
    keys: &[
        req("name", Kind::String),
        opt("doc", Kind::String),
        req("values", Kind::StringList),
        opt("rename", Kind::StringMap),
        opt("source", Kind::String),
        opt("alias", Kind::TableList(&ENUM_ALIAS)),
    ],
};
static ENUM_ALIAS: Schema = Schema {
    header: "`[[enum.alias]]`",
    keys: &[
        req("value", Kind::String),
        req("spelling", Kind::String),
        req("source", Kind::String),
    ],
};
static MODIFIER: Schema = Schema {
    header: "`[[node.field.modifier]]`",
    keys: &[
        req("name", Kind::String),
        req("type", Kind::String),
        opt("required", Kind::Bool),
        opt("doc", Kind::String),
    ],
};
static FIELD: Schema = Schema {
    header: "a field table",
    keys: &[
        req("name", Kind::String),
        req("type", Kind::String),
        opt("doc", Kind::String),
        opt("required", Kind::Bool),
        opt("modifier", Kind::TableList(&MODIFIER)),
        opt("flatten", Kind::Bool),
    ],
};
static NODE: Schema = Schema {
    header: "`[[node]]`",
    keys: &[
        req("name", Kind::String),
        opt("graph_type", Kind::String),
        opt("doc", Kind::String),
        opt("id", Kind::Bool),
        opt("entry", Kind::String),
        opt("field", Kind::TableList(&FIELD)),
    ],
};
static PARAM: Schema = Schema {
    header: "a param table",
    keys: &[
        req("name", Kind::String),
        req("type", Kind::String),
        opt("required", Kind::Bool),
        opt("doc", Kind::String),
        opt("in", Kind::OneOf(LOCATIONS)),
        opt("max_bytes", Kind::Integer),
        opt("flatten", Kind::Bool),
        opt("value", Kind::Scalar),
    ],
};
static EFFECT: Schema = Schema {
    header: "an operation's `effect`",
    keys: &[
        opt("sets", Kind::ScalarMap),
        opt("stores_as", Kind::StringMap),
        opt("creates", Kind::String),
    ],
};
static OPERATION: Schema = Schema {
    header: "an operation table",
    keys: &[
        opt("node", Kind::String),
        req("kind", Kind::OneOf(KINDS)),
        opt("method", Kind::String),
        opt("returns", Kind::String),
        opt("doc", Kind::String),
        opt("permissions", Kind::StringList),
        opt("access_token", Kind::String),
        opt("area", Kind::String),
        opt("rate_limit", Kind::String),
        opt("errors", Kind::IntegerList),
        opt("filtering", Kind::Bool),
        opt("read_after_write", Kind::Bool),
        opt("example_request", Kind::String),
        opt("example_response", Kind::String),
        opt("path", Kind::String),
        opt("param", Kind::TableList(&PARAM)),
        opt("summary", Kind::TableList(&FIELD)),
        opt("body", Kind::OneOf(BODIES)),
        opt("response", Kind::OneOf(RESPONSES)),
        opt("authorization", Kind::OneOf(AUTHORIZATIONS)),
        opt("effect", Kind::Table(&EFFECT)),
    ],
};
static EDGE: Schema = Schema {
    header: "`[[edge]]`",
    keys: &[
        req("node", Kind::String),
        req("name", Kind::String),
        req("returns", Kind::String),
        opt("doc", Kind::String),
        opt("area", Kind::String),
        opt("operation", Kind::TableList(&OPERATION)),
    ],
};
static UNION_VARIANT: Schema = Schema {
    header: "`[[union.variant]]`",
    keys: &[
        req("value", Kind::String),
        opt("type", Kind::String),
        opt("doc", Kind::String),
    ],
};
static UNION: Schema = Schema {
    header: "`[[union]]`",
    keys: &[
        req("name", Kind::String),
        opt("doc", Kind::String),
        req("tag", Kind::String),
        req("style", Kind::OneOf(STYLES)),
        opt("content", Kind::String),
        opt("variant", Kind::TableList(&UNION_VARIANT)),
    ],
};
static WEBHOOK_FIELD: Schema = Schema {
    header: "`[[webhook.field]]`",
    keys: &[
        req("name", Kind::String),
        req("payload", Kind::String),
        opt("doc", Kind::String),
    ],
};
static WEBHOOK: Schema = Schema {
    header: "`[[webhook]]`",
    keys: &[
        req("object", Kind::String),
        req("entry", Kind::String),
        opt("doc", Kind::String),
        opt("area", Kind::String),
        opt("field", Kind::TableList(&WEBHOOK_FIELD)),
    ],
};
static ROOT: Schema = Schema {
    header: "the top level",
    keys: &[
        req("api", Kind::Table(&API)),
        opt("permission", Kind::TableList(&NAMED)),
        opt("rate_limit", Kind::TableList(&NAMED)),
        opt("area", Kind::TableList(&NAMED)),
        opt("error", Kind::TableList(&ERROR)),
        opt("enum", Kind::TableList(&ENUM)),
        opt("node", Kind::TableList(&NODE)),
        opt("node_operation", Kind::TableList(&OPERATION)),
        opt("edge", Kind::TableList(&EDGE)),
        opt("client_operation", Kind::TableList(&OPERATION)),
        opt("union", Kind::TableList(&UNION)),
        opt("webhook", Kind::TableList(&WEBHOOK)),
    ],
};

/// Checks the whole document; returns every finding.
pub fn check(document: &Spanned<DeTable<'_>>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    check_table(document.get_ref(), document.span(), &ROOT, &mut out);
    out
}

fn check_table(table: &DeTable<'_>, at: Range<usize>, schema: &Schema, out: &mut Vec<Diagnostic>) {
    // Keys an unknown key was probably meant to be: not reported missing too.
    let mut meant = Vec::new();
    for (key, value) in table.iter() {
        let name = key.get_ref().as_ref();
        match schema.keys.iter().find(|k| k.name == name) {
            Some(spec) => check_value(name, value, spec.kind, out),
            None => {
                let known = schema.keys.iter().map(|k| k.name);
                let suggestion = closest(name, known);
                meant.extend(suggestion);
                let help = suggestion
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| {
                        let list: Vec<_> = schema
                            .keys
                            .iter()
                            .map(|k| format!("`{}`", k.name))
                            .collect();
                        format!("{} takes {}", schema.header, list.join(", "))
                    });
                out.push(
                    Diagnostic::error(format!("unknown key `{name}` in {}", schema.header))
                        .with_span(key.span(), "not a key here")
                        .with_help(help),
                );
            }
        }
    }
    for key in schema
        .keys
        .iter()
        .filter(|k| k.required && !meant.contains(&k.name))
    {
        if !table.iter().any(|(k, _)| k.get_ref().as_ref() == key.name) {
            let example = match key.kind {
                Kind::String => format!("{} = \"...\"", key.name),
                Kind::OneOf(values) => format!("{} = \"{}\"", key.name, values[0]),
                Kind::Integer => format!("{} = 100", key.name),
                Kind::StringList => format!("{} = [\"...\"]", key.name),
                Kind::Table(_) => format!("[{}]", key.name),
                _ => key.name.to_owned(),
            };
            out.push(
                Diagnostic::error(format!("missing key `{}` in {}", key.name, schema.header))
                    .with_span(header_span(&at), "this table")
                    .with_help(format!("add `{example}`")),
            );
        }
    }
}

/// The first line of a table's span: its header, not its whole body.
fn header_span(at: &Range<usize>) -> Range<usize> {
    at.start..at.start.max(at.end.min(at.start + 1))
}

fn check_value(name: &str, value: &Spanned<DeValue<'_>>, kind: Kind, out: &mut Vec<Diagnostic>) {
    let wrong = |expected: &str| {
        Diagnostic::error(format!(
            "`{name}` must be {expected}, found {}",
            value.get_ref().type_str()
        ))
        .with_span(value.span(), format!("expected {expected}"))
    };
    match (kind, value.get_ref()) {
        (Kind::String, DeValue::String(_))
        | (Kind::Integer, DeValue::Integer(_))
        | (Kind::Bool, DeValue::Boolean(_))
        | (
            Kind::Scalar,
            DeValue::String(_) | DeValue::Integer(_) | DeValue::Float(_) | DeValue::Boolean(_),
        ) => {}
        (Kind::OneOf(allowed), DeValue::String(text)) => {
            if !allowed.contains(&text.as_ref()) {
                let list: Vec<_> = allowed.iter().map(|a| format!("`{a}`")).collect();
                let help = did_you_mean(text, allowed.iter().copied())
                    .unwrap_or_else(|| format!("use one of {}", list.join(", ")));
                out.push(
                    Diagnostic::error(format!("`{text}` is not a valid `{name}`"))
                        .with_span(value.span(), format!("expected one of {}", list.join(", ")))
                        .with_help(help),
                );
            }
        }
        (Kind::StringList | Kind::IntegerList, DeValue::Array(items)) => {
            let (expected, ok): (&str, fn(&DeValue<'_>) -> bool) = match kind {
                Kind::StringList => ("a string", |v| matches!(v, DeValue::String(_))),
                _ => ("an integer", |v| matches!(v, DeValue::Integer(_))),
            };
            for item in items.iter().filter(|i| !ok(i.get_ref())) {
                out.push(
                    Diagnostic::error(format!(
                        "each item of `{name}` must be {expected}, found {}",
                        item.get_ref().type_str()
                    ))
                    .with_span(item.span(), format!("expected {expected}")),
                );
            }
        }
        (Kind::StringMap, DeValue::Table(map)) => {
            for (key, item) in map.iter() {
                if !matches!(item.get_ref(), DeValue::String(_)) {
                    out.push(
                        Diagnostic::error(format!("`{name}.{}` must be a string", key.get_ref()))
                            .with_span(item.span(), "expected a string"),
                    );
                }
            }
        }
        (Kind::ScalarMap, DeValue::Table(map)) => {
            for (key, item) in map.iter() {
                if !matches!(
                    item.get_ref(),
                    DeValue::String(_)
                        | DeValue::Integer(_)
                        | DeValue::Float(_)
                        | DeValue::Boolean(_)
                ) {
                    out.push(
                        Diagnostic::error(format!(
                            "`{name}.{}` must be a string, number or `true`/`false`",
                            key.get_ref()
                        ))
                        .with_span(item.span(), "expected a scalar"),
                    );
                }
            }
        }
        (Kind::Table(schema), DeValue::Table(table)) => {
            check_table(table, value.span(), schema, out)
        }
        (Kind::TableList(schema), DeValue::Array(items)) => {
            for item in items.iter() {
                match item.get_ref() {
                    DeValue::Table(table) => check_table(table, item.span(), schema, out),
                    _ => out.push(wrong(&format!("a list of tables (`[[{name}]]`)"))),
                }
            }
        }
        (Kind::String | Kind::OneOf(_), _) => out.push(wrong("a string")),
        (Kind::Integer, _) => out.push(wrong("an integer")),
        (Kind::Bool, _) => out.push(wrong("`true` or `false`")),
        (Kind::StringList, _) => out.push(wrong("a list of strings")),
        (Kind::IntegerList, _) => out.push(wrong("a list of integers")),
        (Kind::StringMap, _) => out.push(wrong("a table of strings")),
        (Kind::ScalarMap, _) => out.push(wrong("a table of strings, numbers or bools")),
        (Kind::Scalar, _) => out.push(wrong("a string, number or `true`/`false`")),
        (Kind::Table(_), _) => out.push(wrong(&format!("a table (`[{name}]`)"))),
        (Kind::TableList(_), _) => out.push(wrong(&format!("a list of tables (`[[{name}]]`)"))),
    }
}
