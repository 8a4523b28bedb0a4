//! The route image: the spec lowered to plain data a server can answer
//! from, one record per operation (method, path, where each parameter
//! travels and its type, what comes back) plus the nodes, enums and unions
//! those records name.
//!
//! `waba-mock` loads it to answer every operation the way Graph does
//! without a handler per operation, so an operation added to the spec is
//! served as soon as `cargo xtask codegen` rewrites the image. Names are
//! the spec's own (`PhoneNumber`, `TemplateStatus`), wire names are as
//! sent.

use std::collections::BTreeMap;

use serde::Serialize;

use super::effect::scope;
use super::lower::{Symbols, operation_method, operations, written_node};
use super::{BodyKind, OperationKind, Scalar, UnionStyle};
use crate::parse::ast;
use crate::parse::types::{TypeExpr, parse_type};

/// Everything a server needs to answer the spec's operations.
#[derive(Debug, Clone, Serialize)]
pub struct RouteImage {
    /// The API version the spec describes, e.g. `v23.0`.
    pub version: String,
    pub operations: Vec<Route>,
    pub nodes: BTreeMap<String, NodeImage>,
    /// Each enum's wire values.
    pub enums: BTreeMap<String, Vec<String>>,
    pub unions: BTreeMap<String, UnionImage>,
}

/// One operation: how it is addressed and what it takes and answers.
#[derive(Debug, Clone, Serialize)]
pub struct Route {
    /// `{Node}.{handle method}`, or `client.{method}`: unique, for naming
    /// an operation in fault rules and the request journal.
    pub name: String,
    pub kind: &'static str,
    /// `GET`, `POST` or `DELETE`.
    pub method: &'static str,
    /// The node whose ID is the path's first segment; `None` for a client
    /// operation, which goes to a URL Graph returned.
    pub node: Option<String>,
    /// The edge segment after the ID, if any.
    pub edge: Option<String>,
    /// Segments after the edge (or the ID).
    pub path: Vec<PathPart>,
    /// The node read or written: the edge's node, or the node itself.
    pub item: String,
    /// What the answer decodes into: a node (`Success` and `{id}` results
    /// are nodes too).
    pub returns: String,
    /// `page`, `node`, `data` (`{"data": [..]}` without paging) or `binary`.
    pub response: &'static str,
    /// How `in = "body"` parameters travel, for POST: `form`, `json`,
    /// `multipart` or `binary`.
    pub body: Option<&'static str>,
    pub params: Vec<ParamImage>,
    pub read_after_write: bool,
    pub filtering: bool,
    /// The fields `summary=` can ask for.
    pub summary: Vec<FieldImage>,
    pub example_request: Option<String>,
    /// The documented answer, when it is JSON.
    pub example_response: Option<serde_json::Value>,
    /// The spec's `effect`: what the write changes beyond its parameters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effect: Option<EffectImage>,
}

/// An operation's `effect`, with the names it left to inference resolved.
#[derive(Debug, Clone, Serialize)]
pub struct EffectImage {
    /// The node `sets` changes, by its spec name.
    pub acts_on: Option<String>,
    /// Fields of that node and the value each then holds.
    pub sets: BTreeMap<String, serde_json::Value>,
    /// The list parameter whose entries are items, when `stores_as` is set.
    pub entries: Option<String>,
    /// The owner's list field holding the items, when they are not the
    /// edge's own (a group's `participants`).
    pub items_in: Option<String>,
    /// Entry field → item field.
    pub stores_as: BTreeMap<String, String>,
    /// The node a `create` makes though its answer does not name it.
    pub creates: Option<String>,
}

/// A segment after the edge: literal text or a path parameter.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PathPart {
    Literal(String),
    Param(String),
}

/// A request parameter and where it travels.
#[derive(Debug, Clone, Serialize)]
pub struct ParamImage {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: TypeImage,
    pub required: bool,
    /// `query`, `body`, `path`, `header` or `url`: resolved, never implied.
    #[serde(rename = "in")]
    pub location: &'static str,
    /// A JSON body's `flatten = true`: the value's keys sit in the body.
    pub flatten: bool,
    /// The constant always sent (`messaging_product`), if any.
    pub value: Option<serde_json::Value>,
    pub max_bytes: Option<u64>,
}

/// A resolved type, by the spec's names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeImage {
    /// A built-in scalar by its spec name (`string`, `uint32`, `file`, ...).
    Scalar(&'static str),
    List(Box<TypeImage>),
    Page(Box<TypeImage>),
    /// `id<Node>`, by the node's name.
    Id(String),
    Enum(String),
    Node(String),
    Union(String),
}

/// A node and its fields.
#[derive(Debug, Clone, Serialize)]
pub struct NodeImage {
    /// Meta's name for the type.
    pub graph_type: String,
    /// Whether it has a Graph ID.
    pub id: bool,
    pub fields: Vec<FieldImage>,
}

/// A field of a node or summary.
#[derive(Debug, Clone, Serialize)]
pub struct FieldImage {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: TypeImage,
    pub required: bool,
    pub flatten: bool,
    /// Modifiers it takes in `fields=` (`analytics.start(..)`).
    pub modifiers: Vec<ModifierImage>,
}

/// A modifier of a field.
#[derive(Debug, Clone, Serialize)]
pub struct ModifierImage {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: TypeImage,
    pub required: bool,
}

/// A tagged union's layout.
#[derive(Debug, Clone, Serialize)]
pub struct UnionImage {
    pub tag: String,
    /// `keyed`, `internal` or `adjacent`.
    pub style: &'static str,
    pub content: Option<String>,
    pub variants: Vec<UnionVariantImage>,
}

/// One tag value of a union, and the node or union it carries.
#[derive(Debug, Clone, Serialize)]
pub struct UnionVariantImage {
    pub value: String,
    pub payload: Option<String>,
}

/// Lowers a validated spec into its route image.
pub fn route_image(spec: &ast::Spec) -> RouteImage {
    let symbols = Symbols::new(spec);
    let ty = |text: &str| type_image(&symbols, text);
    let mut routes: Vec<Route> = operations(spec)
        .into_iter()
        .map(|(op, node, edge)| route(&symbols, &ty, op, Some(node), edge))
        .collect();
    routes.extend(
        spec.client_operation
            .iter()
            .map(|op| route(&symbols, &ty, op, None, None)),
    );
    let nodes = spec
        .node
        .iter()
        .map(|node| {
            let image = NodeImage {
                graph_type: node
                    .graph_type
                    .clone()
                    .unwrap_or_else(|| node.name.get_ref().clone()),
                id: node.id,
                fields: node.field.iter().map(|f| field(&ty, f)).collect(),
            };
            (node.name.get_ref().clone(), image)
        })
        .collect();
    let enums = spec
        .enums
        .iter()
        .map(|e| {
            let values = e.values.iter().map(|v| v.get_ref().clone()).collect();
            (e.name.get_ref().clone(), values)
        })
        .collect();
    let unions = spec
        .unions
        .iter()
        .map(|u| {
            let image = UnionImage {
                tag: u.tag.get_ref().clone(),
                style: match u.style.get_ref() {
                    UnionStyle::Keyed => "keyed",
                    UnionStyle::Internal => "internal",
                    UnionStyle::Adjacent => "adjacent",
                },
                content: u.content.as_ref().map(|c| c.get_ref().clone()),
                variants: u
                    .variant
                    .iter()
                    .map(|v| UnionVariantImage {
                        value: v.value.get_ref().clone(),
                        payload: v.ty.as_ref().map(|t| t.get_ref().trim().to_owned()),
                    })
                    .collect(),
            };
            (u.name.get_ref().clone(), image)
        })
        .collect();
    RouteImage {
        version: spec.api.version.get_ref().clone(),
        operations: routes,
        nodes,
        enums,
        unions,
    }
}

fn route<'a>(
    symbols: &Symbols<'a>,
    ty: &impl Fn(&str) -> TypeImage,
    op: &'a ast::Operation,
    node: Option<&'a str>,
    edge: Option<&'a ast::Edge>,
) -> Route {
    let kind = *op.kind.get_ref();
    let edge_name = edge.map(|e| e.name.get_ref().clone());
    let method = operation_method(op, edge_name.as_deref());
    let method = method.trim_start_matches("r#");
    let item = written_node(node.unwrap_or(""), edge);
    let returns = op
        .returns
        .as_ref()
        .map_or(item, |r| r.get_ref().as_str())
        .to_owned();
    let item = if node.is_none() {
        returns.clone()
    } else {
        item.to_owned()
    };
    let response_kind = op.response.as_ref().map(|r| *r.get_ref());
    let response = match (kind, response_kind) {
        (_, Some(ast::ResponseKind::Binary)) => "binary",
        (_, Some(ast::ResponseKind::Data)) => "data",
        (OperationKind::List, None) => "page",
        _ => "node",
    };
    let http = kind.http_method();
    let body = (http == "POST").then(|| {
        op.body
            .as_ref()
            .map_or(BodyKind::Form, |b| *b.get_ref())
            .as_str()
    });
    let params = op
        .param
        .iter()
        .map(|p| ParamImage {
            name: p.name.get_ref().clone(),
            ty: ty(p.ty.get_ref()),
            required: p.is_required(),
            location: match p.location.as_ref().map(|l| *l.get_ref()) {
                Some(location) => location.as_str(),
                None if http == "POST" => "body",
                None => "query",
            },
            flatten: p.flatten.as_ref().is_some_and(|f| *f.get_ref()),
            value: p.value.as_ref().map(|v| toml_to_json(v.get_ref())),
            max_bytes: p
                .max_bytes
                .as_ref()
                .and_then(|m| u64::try_from(*m.get_ref()).ok()),
        })
        .collect();
    let path = op
        .path
        .as_ref()
        .map(|p| {
            p.get_ref()
                .split('/')
                .filter(|s| !s.is_empty())
                .map(
                    |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                        Some(param) => PathPart::Param(param.to_owned()),
                        None => PathPart::Literal(s.to_owned()),
                    },
                )
                .collect()
        })
        .unwrap_or_default();
    Route {
        name: format!("{}.{method}", node.unwrap_or("client")),
        kind: kind.as_str(),
        method: http,
        node: node.map(str::to_owned),
        edge: edge_name,
        path,
        item,
        returns,
        response,
        body,
        params,
        read_after_write: op.read_after_write,
        filtering: op.filtering.as_ref().is_some_and(|f| *f.get_ref()),
        summary: op.summary.iter().map(|f| field(ty, f)).collect(),
        example_request: op.example_request.as_ref().map(|s| s.trim().to_owned()),
        example_response: op
            .example_response
            .as_ref()
            .and_then(|s| serde_json::from_str(s).ok()),
        effect: effect_image(symbols, op, node, edge),
    }
}

fn effect_image<'a>(
    symbols: &Symbols<'a>,
    op: &'a ast::Operation,
    node: Option<&'a str>,
    edge: Option<&'a ast::Edge>,
) -> Option<EffectImage> {
    let effect = op.effect.as_ref()?.get_ref();
    let found = scope(symbols, op, node?, edge);
    let with_entries = !effect.stores_as.is_empty();
    Some(EffectImage {
        acts_on: found.acts_on.map(|n| n.name.get_ref().clone()),
        sets: effect
            .sets
            .iter()
            .map(|(k, v)| (k.get_ref().clone(), toml_to_json(v.get_ref())))
            .collect(),
        entries: found
            .entries
            .first()
            .filter(|_| with_entries)
            .map(|(p, _)| p.name.get_ref().clone()),
        items_in: found
            .item
            .and_then(|(_, field)| field)
            .filter(|_| with_entries)
            .map(str::to_owned),
        stores_as: effect
            .stores_as
            .iter()
            .map(|(k, v)| (k.get_ref().clone(), v.get_ref().clone()))
            .collect(),
        creates: effect.creates.as_ref().map(|c| c.get_ref().clone()),
    })
}

fn field(ty: &impl Fn(&str) -> TypeImage, f: &ast::Field) -> FieldImage {
    FieldImage {
        name: f.name.get_ref().clone(),
        ty: ty(f.ty.get_ref()),
        required: f.required.as_ref().is_some_and(|r| *r.get_ref()),
        flatten: f.flatten.as_ref().is_some_and(|r| *r.get_ref()),
        modifiers: f
            .modifier
            .iter()
            .map(|m| ModifierImage {
                name: m.name.get_ref().clone(),
                ty: ty(m.ty.get_ref()),
                required: m.required,
            })
            .collect(),
    }
}

/// A type by the spec's names; anything unresolvable (impossible after
/// validation) reads as free-form JSON.
fn type_image(symbols: &Symbols<'_>, text: &str) -> TypeImage {
    fn lower(symbols: &Symbols<'_>, expr: &TypeExpr) -> TypeImage {
        match expr {
            TypeExpr::Scalar(scalar) => TypeImage::Scalar(scalar_name(*scalar)),
            TypeExpr::List(inner) => TypeImage::List(Box::new(lower(symbols, inner))),
            TypeExpr::Page(inner) => TypeImage::Page(Box::new(lower(symbols, inner))),
            TypeExpr::Id(node) => TypeImage::Id(node.clone()),
            TypeExpr::Named(name) if symbols.enums.contains_key(name.as_str()) => {
                TypeImage::Enum(name.clone())
            }
            TypeExpr::Named(name) if symbols.unions.contains_key(name.as_str()) => {
                TypeImage::Union(name.clone())
            }
            TypeExpr::Named(name) if symbols.nodes.contains_key(name.as_str()) => {
                TypeImage::Node(name.clone())
            }
            TypeExpr::Named(_) => TypeImage::Scalar("json"),
        }
    }
    parse_type(text).map_or(TypeImage::Scalar("json"), |expr| lower(symbols, &expr))
}

fn scalar_name(scalar: Scalar) -> &'static str {
    Scalar::ALL
        .iter()
        .find(|(_, s)| *s == scalar)
        .map_or("json", |(name, _)| name)
}

fn toml_to_json(value: &toml::Value) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}
