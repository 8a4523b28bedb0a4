//! Lowering: [`ast::Spec`] to [`Model`]. Runs only on a spec that validated,
//! so lookups cannot fail; where one would, a neutral default keeps this
//! stage panic-free anyway.

use std::collections::{BTreeMap, BTreeSet};

use super::gates::{TypeGates, entry_gate, operation_gate};
use super::names::{type_name, value_name, variant_name};
use super::{
    BodyKind, ConstValue, Constant, Entry, Enum, ErrorCode, Expansion, Field, Gate, Model, Node,
    Operation, OperationKind, Param, Scalar, Segment, Sent, Summary, Type, Union, UnionStyle,
    UnionVariant, Variant, Via, Webhooks,
};
use crate::parse::ast;
use crate::parse::types::{TypeExpr, parse_type};

/// Resolves names across the spec.
pub(crate) struct Symbols<'a> {
    pub enums: BTreeMap<&'a str, &'a ast::EnumDef>,
    pub nodes: BTreeMap<&'a str, &'a ast::Node>,
    pub unions: BTreeMap<&'a str, &'a ast::Union>,
}

impl<'a> Symbols<'a> {
    pub fn new(spec: &'a ast::Spec) -> Self {
        Self {
            enums: spec
                .enums
                .iter()
                .map(|e| (e.name.get_ref().as_str(), e))
                .collect(),
            nodes: spec
                .node
                .iter()
                .map(|n| (n.name.get_ref().as_str(), n))
                .collect(),
            unions: spec
                .unions
                .iter()
                .map(|u| (u.name.get_ref().as_str(), u))
                .collect(),
        }
    }

    /// Resolves a parsed type; `Err` names the node or type that is missing.
    pub fn resolve(&self, expr: &TypeExpr) -> Result<Type, TypeError> {
        Ok(match expr {
            TypeExpr::Scalar(s) => Type::Scalar(*s),
            TypeExpr::List(inner) => Type::List(Box::new(self.resolve(inner)?)),
            TypeExpr::Page(inner) => Type::Page(Box::new(self.resolve(inner)?)),
            TypeExpr::Id(node) => match self.nodes.get(node.as_str()) {
                Some(n) if n.id => Type::Id(id_type(node)),
                Some(_) => return Err(TypeError::NodeWithoutId(node.clone())),
                None => return Err(TypeError::Unknown(node.clone())),
            },
            TypeExpr::Named(name) => {
                if self.enums.contains_key(name.as_str()) {
                    Type::Enum(type_name(name))
                } else if self.nodes.contains_key(name.as_str()) {
                    Type::Node(type_name(name))
                } else if self.unions.contains_key(name.as_str()) {
                    Type::Union(type_name(name))
                } else {
                    return Err(TypeError::Unknown(name.clone()));
                }
            }
        })
    }

    pub(crate) fn resolve_text(&self, text: &str) -> Type {
        parse_type(text)
            .ok()
            .and_then(|expr| self.resolve(&expr).ok())
            .unwrap_or(Type::Scalar(Scalar::Json))
    }
}

/// Why a type reference did not resolve.
pub(crate) enum TypeError {
    Unknown(String),
    NodeWithoutId(String),
}

/// Rust name of a node's typed ID.
pub fn id_type(node: &str) -> String {
    format!("{}Id", type_name(node))
}

/// Name of a node's field selector enum.
pub fn field_enum_name(node: &str) -> String {
    format!("{}Field", type_name(node))
}

/// Name of the handle of an entry node.
pub fn handle_name(node: &str) -> String {
    format!("{}Handle", type_name(node))
}

/// Client method and module name of an entry node.
pub fn entry_method(node: &ast::Node) -> String {
    node.entry.as_ref().map_or_else(
        || value_name(node.name.get_ref()),
        |e| value_name(e.get_ref()),
    )
}

/// Handle method of an operation: explicit, or derived from its kind.
pub fn operation_method(op: &ast::Operation, edge: Option<&str>) -> String {
    if let Some(method) = &op.method {
        return value_name(method.get_ref());
    }
    let name = match (op.kind.get_ref(), edge) {
        (OperationKind::List | OperationKind::Read, Some(edge)) => edge.to_owned(),
        (OperationKind::Create, Some(edge)) => format!("create_{edge}"),
        (OperationKind::Update, Some(edge)) => format!("update_{edge}"),
        (OperationKind::Delete, Some(edge)) => format!("delete_{edge}"),
        (OperationKind::Read, None) | (OperationKind::List, None) => "get".to_owned(),
        (OperationKind::Create | OperationKind::Update, None) => "update".to_owned(),
        (OperationKind::Delete, None) => "delete".to_owned(),
    };
    value_name(&name)
}

/// Every operation with the node it hangs from and its edge, in spec order:
/// node operations first, then edges.
pub(crate) fn operations(spec: &ast::Spec) -> Vec<(&ast::Operation, &str, Option<&ast::Edge>)> {
    let on_nodes = spec.node_operation.iter().filter_map(|op| {
        op.node
            .as_ref()
            .map(|node| (op, node.get_ref().as_str(), None))
    });
    let on_edges = spec.edge.iter().flat_map(|edge| {
        edge.operation
            .iter()
            .map(move |op| (op, edge.node.get_ref().as_str(), Some(edge)))
    });
    on_nodes.chain(on_edges).collect()
}

/// What an operation returns: explicit, the edge's node, or the node itself.
pub(crate) fn operation_returns<'a>(
    op: &'a ast::Operation,
    node: &'a str,
    edge: Option<&'a ast::Edge>,
) -> &'a str {
    op.returns
        .as_ref()
        .or(edge.map(|e| &e.returns))
        .map_or(node, |r| r.get_ref().as_str())
}

/// Nodes read with `fields`, by spec name: they get a field selector.
/// Reads and lists read what they return; a read-after-write reads the
/// node it writes.
pub(crate) fn selectable_nodes<'a>(
    ops: &[(&'a ast::Operation, &'a str, Option<&'a ast::Edge>)],
) -> BTreeSet<&'a str> {
    let reads = ops
        .iter()
        .filter(|(op, _, _)| matches!(op.kind.get_ref(), OperationKind::List | OperationKind::Read))
        .map(|(op, node, edge)| operation_returns(op, node, *edge));
    let read_backs = ops
        .iter()
        .filter(|(op, _, _)| op.read_after_write)
        .map(|(_, node, edge)| written_node(node, *edge));
    reads.chain(read_backs).collect()
}

/// The node a write writes: the edge's node, or the node itself.
pub(crate) fn written_node<'a>(node: &'a str, edge: Option<&'a ast::Edge>) -> &'a str {
    edge.map_or(node, |e| e.returns.get_ref().as_str())
}

/// Name of the expansion type of a node's field.
pub fn expansion_name(node: &str, field: &str) -> String {
    format!(
        "{}{}Expansion",
        type_name(node),
        variant_name(field).unwrap_or_default()
    )
}

/// The node a field holds, directly or in a list or page, if any.
pub(crate) fn held_node(expr: &TypeExpr) -> Option<&str> {
    match expr {
        TypeExpr::Named(name) => Some(name),
        TypeExpr::List(inner) | TypeExpr::Page(inner) => held_node(inner),
        _ => None,
    }
}

/// The placeholders of a path, in order, and its segments; `Err` says
/// what is wrong with a segment.
pub(crate) fn path_segments(path: &str) -> Vec<Result<Segment, String>> {
    path.split('/')
        .map(|segment| {
            if segment.is_empty() {
                return Err("empty segment: the path has `//`, or starts or ends with `/`".to_owned());
            }
            if let Some(inner) = segment.strip_prefix('{') {
                return match inner.strip_suffix('}') {
                    Some(name) if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
                        Ok(Segment::Param(name.to_owned()))
                    }
                    _ => Err(format!("`{segment}` is not a placeholder; write `{{param_name}}`, one per segment")),
                };
            }
            if segment.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')) {
                Ok(Segment::Literal(segment.to_owned()))
            } else {
                Err(format!("`{segment}` is not a path segment; use letters, digits, `_`, `-` and `.`, or a whole-segment `{{placeholder}}`"))
            }
        })
        .collect()
}

/// Whether a list takes `filtering`.
pub(crate) fn filtering(op: &ast::Operation) -> bool {
    op.filtering.as_ref().is_some_and(|f| *f.get_ref())
}

fn doc(text: &Option<String>) -> String {
    text.as_deref().unwrap_or("").trim().to_owned()
}

/// Builds the model from a validated spec.
pub fn lower(spec: &ast::Spec, spec_name: &str) -> Model {
    let symbols = Symbols::new(spec);
    let ops = operations(spec);

    let selectable = selectable_nodes(&ops);

    let errors: Vec<ErrorCode> = spec
        .error
        .iter()
        .map(|e| ErrorCode {
            code: *e.code.get_ref(),
            variant: type_name(e.name.get_ref()),
            doc: doc(&e.doc),
            class: *e.class.get_ref(),
        })
        .collect();

    // Client operations reach types too (what they return and take).
    let mut reaching = ops.clone();
    reaching.extend(spec.client_operation.iter().map(|op| (op, "", None)));
    let gates = TypeGates::new(spec, &symbols, &reaching, |op, node, edge| {
        operation_returns(op, node, edge).to_owned()
    })
    .with_webhooks(spec, &symbols);
    let enums = spec
        .enums
        .iter()
        .map(|def| lower_enum(def, gates.of(&type_name(def.name.get_ref()))))
        .collect();

    let boxed = cyclic_fields(spec);
    let inputs = input_nodes(spec, &symbols, &ops);
    let received_only = received_only_nodes(spec, &symbols, &ops);
    let nodes = spec
        .node
        .iter()
        .map(|node| {
            let name = node.name.get_ref();
            let fields = node
                .field
                .iter()
                .map(|f| {
                    let mut field = lower_field(&symbols, f);
                    field.boxed = boxed.contains(&(name.as_str(), f.name.get_ref().as_str()));
                    field
                })
                .collect();
            let gate = gates.of(&type_name(name));
            let field_enum = (selectable.contains(name.as_str()) && !node.field.is_empty())
                .then(|| field_enum(node, gate.clone()));
            let expansions = if field_enum.is_some() {
                expansions(&symbols, &selectable, node)
            } else {
                Vec::new()
            };
            Node {
                name: type_name(name),
                graph_type: node.graph_type.clone().unwrap_or_else(|| name.clone()),
                doc: doc(&node.doc),
                id_type: node.id.then(|| id_type(name)),
                fields,
                field_enum,
                input: inputs.contains(&type_name(name)),
                received_only: received_only.contains(&type_name(name)),
                gate,
                expansions,
            }
        })
        .collect();

    let mut entries: Vec<Entry> = Vec::new();
    for node in &spec.node {
        let name = node.name.get_ref().as_str();
        let operations: Vec<Operation> = ops
            .iter()
            .filter(|(_, n, _)| *n == name)
            .map(|(op, _, edge)| lower_operation(spec, &symbols, Some(node), op, *edge, &errors))
            .collect();
        if operations.is_empty() {
            continue;
        }
        let gate = entry_gate(operations.iter().map(|op| &op.gate));
        entries.push(Entry {
            gate,
            node: type_name(name),
            id_type: id_type(name),
            method: entry_method(node),
            handle: handle_name(name),
            doc: doc(&node.doc),
            operations,
        });
    }

    let client_operations = spec
        .client_operation
        .iter()
        .map(|op| lower_operation(spec, &symbols, None, op, None, &errors))
        .collect();
    Model {
        spec_name: spec_name.to_owned(),
        title: spec.api.title.clone(),
        doc: doc(&spec.api.doc),
        base_url: spec.api.base_url.get_ref().clone(),
        version: spec.api.version.get_ref().clone(),
        errors,
        enums,
        nodes,
        entries,
        unions: spec
            .unions
            .iter()
            .map(|u| lower_union(&symbols, u, gates.of(&type_name(u.name.get_ref()))))
            .collect(),
        areas: spec
            .area
            .iter()
            .map(|a| (a.name.get_ref().clone(), doc(&a.doc)))
            .collect(),
        client_operations,
        webhooks: spec.webhook.first().map(|w| lower_webhooks(&symbols, w)),
    }
}

/// The `[[webhook]]`: its changes are an adjacent union on `field`, with
/// the payload under `value`, so they go through the union machinery.
fn lower_webhooks(symbols: &Symbols<'_>, webhook: &ast::Webhook) -> Webhooks {
    let gate = Gate(
        webhook
            .area
            .as_ref()
            .map(|a| a.get_ref().clone())
            .into_iter()
            .collect(),
    );
    let object = webhook.object.get_ref().clone();
    let variants = webhook
        .field
        .iter()
        .map(|f| UnionVariant {
            name: variant_name(f.name.get_ref()).unwrap_or_default(),
            wire: f.name.get_ref().clone(),
            doc: doc(&f.doc),
            payload: match symbols.resolve_text(f.payload.get_ref()) {
                Type::Node(name) | Type::Union(name) => Some(name),
                _ => None,
            },
        })
        .collect();
    Webhooks {
        doc: doc(&webhook.doc),
        entry_id: id_type(webhook.entry.get_ref()),
        change: Union {
            name: "Change".to_owned(),
            doc: format!(
                "One change in a webhook of `{object}`: the field that changed and its value."
            ),
            tag: "field".to_owned(),
            style: UnionStyle::Adjacent,
            content: Some("value".to_owned()),
            variants,
            gate: gate.clone(),
        },
        field: Enum {
            name: "Field".to_owned(),
            doc: format!("A field of `{object}` an app can subscribe to."),
            variants: webhook
                .field
                .iter()
                .map(|f| Variant {
                    name: variant_name(f.name.get_ref()).unwrap_or_default(),
                    wire: f.name.get_ref().clone(),
                    aliases: Vec::new(),
                    doc: format!("`{}`: {}", f.name.get_ref(), doc(&f.doc)),
                })
                .collect(),
            gate: gate.clone(),
        },
        object,
        gate,
    }
}

fn lower_enum(def: &ast::EnumDef, gate: Gate) -> Enum {
    let mut enum_doc = doc(&def.doc);
    if let Some(source) = &def.source {
        enum_doc.push_str(&format!("\n\nValues as listed by {source}."));
    }
    Enum {
        gate,
        name: type_name(def.name.get_ref()),
        doc: enum_doc,
        variants: def
            .values
            .iter()
            .map(|value| {
                let wire = value.get_ref().clone();
                let name = def
                    .rename
                    .get(&wire)
                    .map(|r| r.get_ref().clone())
                    .or_else(|| variant_name(&wire))
                    .unwrap_or_default();
                let aliases: Vec<&ast::EnumAlias> = def
                    .alias
                    .iter()
                    .filter(|a| a.value.get_ref() == &wire)
                    .collect();
                let mut doc = format!("The value `{wire}`.");
                for alias in &aliases {
                    doc.push_str(&format!(
                        " Also decoded from `{}`, the spelling of {}.",
                        alias.spelling.get_ref(),
                        alias.source.get_ref()
                    ));
                }
                Variant {
                    doc,
                    name,
                    aliases: aliases
                        .iter()
                        .map(|a| a.spelling.get_ref().clone())
                        .collect(),
                    wire,
                }
            })
            .collect(),
    }
}

fn field_enum(node: &ast::Node, gate: Gate) -> Enum {
    let name = node.name.get_ref();
    Enum {
        gate,
        name: field_enum_name(name),
        doc: format!(
            "A field of [`{}`](crate::api::{}) to select with `fields`.",
            type_name(name),
            type_name(name)
        ),
        variants: node
            .field
            .iter()
            .map(|f| Variant {
                name: variant_name(f.name.get_ref()).unwrap_or_default(),
                wire: f.name.get_ref().clone(),
                aliases: Vec::new(),
                doc: format!("`{}`: {}", f.name.get_ref(), doc(&f.doc)),
            })
            .collect(),
    }
}

/// The expansions of a readable node: its fields with modifiers, and its
/// fields holding a readable node (which can select that node's fields).
fn expansions(
    symbols: &Symbols<'_>,
    selectable: &BTreeSet<&str>,
    node: &ast::Node,
) -> Vec<Expansion> {
    let name = node.name.get_ref();
    node.field
        .iter()
        .filter_map(|field| {
            let expr = parse_type(field.ty.get_ref()).ok()?;
            let nested = held_node(&expr)
                .and_then(|held| symbols.nodes.get(held))
                .filter(|held| {
                    selectable.contains(held.name.get_ref().as_str()) && !held.field.is_empty()
                })
                .map(|held| field_enum_name(held.name.get_ref()));
            if field.modifier.is_empty() && nested.is_none() {
                return None;
            }
            let limit = nested.is_some() && matches!(expr, TypeExpr::List(_) | TypeExpr::Page(_));
            let modifier = |m: &ast::Modifier| Param {
                name: value_name(m.name.get_ref()),
                wire: m.name.get_ref().clone(),
                ty: symbols.resolve_text(m.ty.get_ref()),
                doc: doc(&m.doc),
                via: Via::Param,
                sent: Sent::Text,
            };
            Some(Expansion {
                name: expansion_name(name, field.name.get_ref()),
                selector: field_enum_name(name),
                constructor: value_name(field.name.get_ref()),
                wire: field.name.get_ref().clone(),
                doc: doc(&field.doc),
                required: field
                    .modifier
                    .iter()
                    .filter(|m| m.required)
                    .map(modifier)
                    .collect(),
                optional: field
                    .modifier
                    .iter()
                    .filter(|m| !m.required)
                    .map(modifier)
                    .collect(),
                nested,
                limit,
            })
        })
        .collect()
}

fn lower_field(symbols: &Symbols<'_>, field: &ast::Field) -> Field {
    Field {
        name: value_name(field.name.get_ref()),
        wire: field.name.get_ref().clone(),
        ty: symbols.resolve_text(field.ty.get_ref()),
        doc: doc(&field.doc),
        boxed: false,
        required: field.required.as_ref().is_some_and(|r| *r.get_ref()),
        flatten: flattened(&field.flatten),
    }
}

fn flattened(flatten: &Option<toml::Spanned<bool>>) -> bool {
    flatten.as_ref().is_some_and(|f| *f.get_ref())
}

/// How body parameters of an operation are encoded.
pub(crate) fn body_kind(op: &ast::Operation) -> BodyKind {
    op.body.as_ref().map_or(BodyKind::Form, |b| *b.get_ref())
}

/// How a body value is encoded: only a JSON body carries values as JSON;
/// every other placement (query, form, multipart field, header) is text.
fn sent(body: BodyKind, param: &ast::Param) -> Sent {
    match body {
        BodyKind::Json if flattened(&param.flatten) => Sent::JsonFlattened,
        BodyKind::Json => Sent::JsonKey,
        BodyKind::Form | BodyKind::Multipart | BodyKind::Binary => Sent::Text,
    }
}

fn lower_param(
    symbols: &Symbols<'_>,
    param: &ast::Param,
    kind: OperationKind,
    body: BodyKind,
) -> Param {
    let ty = symbols.resolve_text(param.ty.get_ref());
    let location = param.location.as_ref().map(|l| *l.get_ref());
    let via = match location {
        Some(ast::ParamIn::Header) => Via::Header,
        Some(ast::ParamIn::Url) => Via::Url,
        _ if ty == Type::Scalar(Scalar::File) => Via::File {
            max_bytes: param
                .max_bytes
                .as_ref()
                .and_then(|m| u64::try_from(*m.get_ref()).ok()),
        },
        Some(ast::ParamIn::Query) if kind.http_method() == "POST" => Via::Query,
        _ => Via::Param,
    };
    Param {
        name: value_name(param.name.get_ref()),
        wire: param.name.get_ref().clone(),
        ty,
        doc: doc(&param.doc),
        via,
        sent: sent(body, param),
    }
}

/// A constant's value; validation made sure it is one of these.
fn const_value(value: &toml::Value) -> ConstValue {
    match value {
        toml::Value::Boolean(b) => ConstValue::Bool(*b),
        toml::Value::Integer(i) => ConstValue::Integer(*i),
        toml::Value::Float(f) => ConstValue::Float(*f),
        toml::Value::String(s) => ConstValue::String(s.clone()),
        _ => ConstValue::String(String::new()),
    }
}

fn lower_union(symbols: &Symbols<'_>, def: &ast::Union, gate: Gate) -> Union {
    Union {
        name: type_name(def.name.get_ref()),
        doc: doc(&def.doc),
        tag: def.tag.get_ref().clone(),
        style: *def.style.get_ref(),
        content: def.content.as_ref().map(|c| c.get_ref().clone()),
        variants: def
            .variant
            .iter()
            .map(|v| UnionVariant {
                name: variant_name(v.value.get_ref()).unwrap_or_default(),
                wire: v.value.get_ref().clone(),
                doc: doc(&v.doc),
                payload: v
                    .ty
                    .as_ref()
                    .and_then(|t| match symbols.resolve_text(t.get_ref()) {
                        Type::Node(name) | Type::Union(name) => Some(name),
                        _ => None,
                    }),
            })
            .collect(),
        gate,
    }
}

fn lower_operation(
    spec: &ast::Spec,
    symbols: &Symbols<'_>,
    node: Option<&ast::Node>,
    op: &ast::Operation,
    edge: Option<&ast::Edge>,
    errors: &[ErrorCode],
) -> Operation {
    let node_name = node.map_or("", |n| n.name.get_ref().as_str());
    let edge_name = edge.map(|e| e.name.get_ref().clone());
    let method = operation_method(op, edge_name.as_deref());
    let builder = type_name(method.trim_start_matches("r#"));
    let returns = operation_returns(op, node_name, edge);
    let kind = *op.kind.get_ref();
    let body = body_kind(op);
    let returned_node = symbols.nodes.get(returns);
    let reads = matches!(kind, OperationKind::List | OperationKind::Read);
    let fields = returned_node
        .filter(|n| reads && !n.field.is_empty())
        .map(|n| field_enum_name(n.name.get_ref()));

    // A client operation's path is its `in = "url"` parameter.
    let mut path_doc = node.map_or_else(
        || "{url}".to_owned(),
        |node| {
            format!(
                "/{{version}}/{{{}-id}}",
                entry_method(node).replace('_', "-")
            )
        },
    );
    if let Some(edge) = &edge_name {
        path_doc.push('/');
        path_doc.push_str(edge);
    }
    let path: Vec<Segment> = op
        .path
        .as_ref()
        .map(|p| path_segments(p.get_ref()).into_iter().flatten().collect())
        .unwrap_or_default();
    for segment in &path {
        path_doc.push('/');
        match segment {
            Segment::Literal(text) => path_doc.push_str(text),
            Segment::Param(name) => path_doc.push_str(&format!("{{{}}}", name.replace('_', "-"))),
        }
    }
    let path_params: Vec<Param> = path
        .iter()
        .filter_map(|segment| match segment {
            Segment::Param(name) => op
                .param
                .iter()
                .find(|p| p.is_path() && p.name.get_ref() == name),
            Segment::Literal(_) => None,
        })
        .map(|p| lower_param(symbols, p, kind, body))
        .collect();
    let path: Vec<Segment> = path
        .into_iter()
        .map(|segment| match segment {
            Segment::Param(name) => Segment::Param(value_name(&name)),
            literal => literal,
        })
        .collect();
    let read_back = op
        .read_after_write
        .then(|| symbols.nodes.get(written_node(node_name, edge)))
        .flatten()
        .filter(|n| !n.field.is_empty())
        .map(|n| {
            (
                type_name(n.name.get_ref()),
                field_enum_name(n.name.get_ref()),
            )
        });

    let url = op
        .param
        .iter()
        .find(|p| {
            p.location
                .as_ref()
                .is_some_and(|l| *l.get_ref() == ast::ParamIn::Url)
        })
        .map(|p| lower_param(symbols, p, kind, body));
    let (required, optional) = op
        .param
        .iter()
        .filter(|p| p.value.is_none())
        .filter(|p| {
            !p.location
                .as_ref()
                .is_some_and(|l| *l.get_ref() == ast::ParamIn::Url)
        })
        .filter(|p| !p.is_path())
        .partition::<Vec<_>, _>(|p| p.is_required());
    let constants = op
        .param
        .iter()
        .filter(|p| p.value.is_some())
        .filter_map(|p| {
            p.value.as_ref().map(|value| Constant {
                wire: p.name.get_ref().clone(),
                value: const_value(value.get_ref()),
                sent: sent(body, p),
            })
        })
        .collect();
    let summary = (kind == OperationKind::List && !op.summary.is_empty()).then(|| Summary {
        name: format!("{builder}Summary"),
        request: op
            .summary
            .iter()
            .map(|f| f.name.get_ref().as_str())
            .collect::<Vec<_>>()
            .join(","),
        fields: op.summary.iter().map(|f| lower_field(symbols, f)).collect(),
    });

    Operation {
        kind,
        builder,
        edge: edge_name,
        path_doc,
        returns: type_name(returns),
        fields,
        doc: doc(&op.doc),
        permissions: op.permissions.iter().map(|p| p.get_ref().clone()).collect(),
        access_token: op.access_token.clone(),
        rate_limit: op.rate_limit.as_ref().map(|name| {
            let doc = spec
                .rate_limit
                .iter()
                .find(|r| r.name.get_ref() == name.get_ref())
                .and_then(|r| r.doc.clone())
                .unwrap_or_default();
            (name.get_ref().clone(), doc)
        }),
        errors: op
            .errors
            .iter()
            .filter_map(|code| errors.iter().find(|e| e.code == *code.get_ref()).cloned())
            .collect(),
        filtering: filtering(op)
            .then(|| returned_node.map(|n| field_enum_name(n.name.get_ref())))
            .flatten(),
        read_after_write: op.read_after_write,
        example_request: op.example_request.as_ref().map(|s| s.trim().to_owned()),
        example_response: op.example_response.as_ref().map(|s| s.trim().to_owned()),
        required: required
            .into_iter()
            .map(|p| lower_param(symbols, p, kind, body))
            .collect(),
        optional: optional
            .into_iter()
            .map(|p| lower_param(symbols, p, kind, body))
            .collect(),
        body,
        constants,
        summary,
        method,
        gate: operation_gate(op, edge),
        binary_response: op
            .response
            .as_ref()
            .is_some_and(|r| *r.get_ref() == ast::ResponseKind::Binary),
        oauth: op
            .authorization
            .as_ref()
            .is_some_and(|a| *a.get_ref() == ast::Authorization::Oauth),
        url,
        path,
        path_params,
        response_data: op
            .response
            .as_ref()
            .is_some_and(|r| *r.get_ref() == ast::ResponseKind::Data),
        read_back,
    }
}

/// Nodes that serialize, by Rust name: those sent in request parameters,
/// those carried by a union (unions serialize whole) and those a webhook
/// carries (so a payload can be re-encoded), with the nodes their fields
/// hold, transitively.
pub(crate) fn input_nodes(
    spec: &ast::Spec,
    symbols: &Symbols<'_>,
    ops: &[(&ast::Operation, &str, Option<&ast::Edge>)],
) -> BTreeSet<String> {
    let mut seeds: Vec<Type> = spec
        .unions
        .iter()
        .map(|u| Type::Union(type_name(u.name.get_ref())))
        .collect();
    seeds.extend(param_types(symbols, ops));
    seeds.extend(webhook_payloads(spec, symbols));
    reached_nodes(spec, symbols, seeds)
}

/// Nodes reached from webhooks and never from a request parameter.
fn received_only_nodes(
    spec: &ast::Spec,
    symbols: &Symbols<'_>,
    ops: &[(&ast::Operation, &str, Option<&ast::Edge>)],
) -> BTreeSet<String> {
    let sent = reached_nodes(spec, symbols, param_types(symbols, ops));
    let received = reached_nodes(spec, symbols, webhook_payloads(spec, symbols));
    received.difference(&sent).cloned().collect()
}

fn param_types(
    symbols: &Symbols<'_>,
    ops: &[(&ast::Operation, &str, Option<&ast::Edge>)],
) -> Vec<Type> {
    ops.iter()
        .flat_map(|(op, _, _)| &op.param)
        .map(|p| symbols.resolve_text(p.ty.get_ref()))
        .collect()
}

/// The types `value` decodes into, over every `[[webhook.field]]`.
pub(crate) fn webhook_payloads(spec: &ast::Spec, symbols: &Symbols<'_>) -> Vec<Type> {
    spec.webhook
        .iter()
        .flat_map(|w| &w.field)
        .map(|f| symbols.resolve_text(f.payload.get_ref()))
        .collect()
}

/// The nodes and unions `seeds` hold, and those their fields and variants
/// hold, transitively, by Rust name.
fn reached_nodes(spec: &ast::Spec, symbols: &Symbols<'_>, seeds: Vec<Type>) -> BTreeSet<String> {
    fn nodes_in(ty: &Type, out: &mut Vec<String>) {
        match ty {
            Type::Node(name) | Type::Union(name) => out.push(name.clone()),
            Type::List(inner) => nodes_in(inner, out),
            _ => {}
        }
    }
    let mut pending = Vec::new();
    for seed in &seeds {
        nodes_in(seed, &mut pending);
    }
    let mut inputs = BTreeSet::new();
    while let Some(name) = pending.pop() {
        if !inputs.insert(name.clone()) {
            continue;
        }
        let union = spec
            .unions
            .iter()
            .find(|u| type_name(u.name.get_ref()) == name);
        for variant in union.into_iter().flat_map(|u| &u.variant) {
            if let Some(ty) = &variant.ty {
                nodes_in(&symbols.resolve_text(ty.get_ref()), &mut pending);
            }
        }
        let node = spec
            .node
            .iter()
            .find(|n| type_name(n.name.get_ref()) == name);
        for field in node.into_iter().flat_map(|n| &n.field) {
            nodes_in(&symbols.resolve_text(field.ty.get_ref()), &mut pending);
        }
    }
    inputs
}

/// Fields holding a node (not through a list) that leads back to the node
/// holding them: these must be boxed or the struct would have infinite size.
fn cyclic_fields(spec: &ast::Spec) -> BTreeSet<(&str, &str)> {
    fn direct<'s>(spec: &'s ast::Spec, node: &'s ast::Node) -> Vec<(&'s str, &'s str)> {
        node.field
            .iter()
            .filter_map(|f| match parse_type(f.ty.get_ref()) {
                Ok(TypeExpr::Named(target)) => spec
                    .node
                    .iter()
                    .find(|n| n.name.get_ref() == &target)
                    .map(|n| (f.name.get_ref().as_str(), n.name.get_ref().as_str())),
                _ => None,
            })
            .collect()
    }
    let graph: BTreeMap<&str, Vec<(&str, &str)>> = spec
        .node
        .iter()
        .map(|n| (n.name.get_ref().as_str(), direct(spec, n)))
        .collect();
    let reaches = |from: &str, to: &str| -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from];
        while let Some(current) = stack.pop() {
            if current == to {
                return true;
            }
            if seen.insert(current) {
                stack.extend(graph.get(current).into_iter().flatten().map(|(_, t)| *t));
            }
        }
        false
    };
    let mut boxed = BTreeSet::new();
    for (node, fields) in &graph {
        for (field, target) in fields {
            if reaches(target, node) {
                boxed.insert((*node, *field));
            }
        }
    }
    boxed
}
