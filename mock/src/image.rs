//! The route image `cargo xtask codegen` writes into `route_image.rs`:
//! every operation of the spec as data (see `waba_codegen::model::route_image`
//! for what each record means), read once and indexed for routing.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::Value;

use crate::route_image;

/// The whole spec, as the mock needs it.
#[derive(Debug, Deserialize)]
pub struct Image {
    pub version: String,
    pub operations: Vec<Route>,
    pub nodes: BTreeMap<String, NodeDef>,
    pub enums: BTreeMap<String, Vec<String>>,
    pub unions: BTreeMap<String, UnionDef>,
    /// Operations by the node their path starts from, then edge (or
    /// `""` for the node itself): indexes into `operations`.
    #[serde(skip)]
    by_node: HashMap<String, HashMap<String, Vec<usize>>>,
}

/// One operation.
#[derive(Debug, Deserialize)]
pub struct Route {
    pub name: String,
    pub kind: Kind,
    pub method: String,
    pub node: Option<String>,
    pub edge: Option<String>,
    pub path: Vec<PathPart>,
    pub item: String,
    pub returns: String,
    pub response: ResponseShape,
    pub body: Option<String>,
    pub params: Vec<Param>,
    pub read_after_write: bool,
    pub filtering: bool,
    pub summary: Vec<Field>,
    pub example_request: Option<String>,
    pub example_response: Option<Value>,
    /// What the write changes beyond the fields its parameters name.
    #[serde(default)]
    pub effect: Option<Effect>,
}

/// An operation's `effect` in the spec, names resolved by the generator.
#[derive(Debug, Default, Deserialize)]
pub struct Effect {
    /// The node type `sets` changes: the written node's, or the owner's.
    pub acts_on: Option<String>,
    /// Fields set to these values by every call.
    pub sets: BTreeMap<String, Value>,
    /// The list parameter whose entries are items added or removed.
    pub entries: Option<String>,
    /// The owner's list field holding the items, when they are not the
    /// edge's own nodes.
    pub items_in: Option<String>,
    /// Entry field → item field, where the names differ.
    pub stores_as: BTreeMap<String, String>,
    /// The node type a `create` makes though its answer does not name it.
    pub creates: Option<String>,
}

/// What an operation does, as the spec says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    List,
    Read,
    Create,
    Update,
    Delete,
}

/// How the answer is shaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseShape {
    Page,
    Node,
    Data,
    Binary,
}

/// A segment after the edge.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PathPart {
    Literal(String),
    Param(String),
}

/// A request parameter.
#[derive(Debug, Clone, Deserialize)]
pub struct Param {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: Type,
    pub required: bool,
    #[serde(rename = "in")]
    pub location: Location,
    pub flatten: bool,
    pub value: Option<Value>,
    pub max_bytes: Option<u64>,
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Location {
    Query,
    Body,
    Path,
    Header,
    Url,
}

/// A type, by the spec's names.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Type {
    Scalar(String),
    List(Box<Type>),
    Page(Box<Type>),
    Id(String),
    Enum(String),
    Node(String),
    Union(String),
}

impl Type {
    /// The node this type holds, directly or in a list or page.
    pub fn held_node(&self) -> Option<&str> {
        match self {
            Type::Node(name) => Some(name),
            Type::List(inner) | Type::Page(inner) => inner.held_node(),
            _ => None,
        }
    }

    pub fn is_file(&self) -> bool {
        matches!(self, Type::Scalar(s) if s == "file")
    }
}

/// A node type.
#[derive(Debug, Deserialize)]
pub struct NodeDef {
    pub graph_type: String,
    pub id: bool,
    pub fields: Vec<Field>,
}

impl NodeDef {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// A field of a node or summary.
#[derive(Debug, Clone, Deserialize)]
pub struct Field {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: Type,
    pub required: bool,
    pub flatten: bool,
    pub modifiers: Vec<Modifier>,
}

/// A field's modifier in `fields=`.
#[derive(Debug, Clone, Deserialize)]
pub struct Modifier {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: Type,
    pub required: bool,
}

/// A tagged union.
#[derive(Debug, Deserialize)]
pub struct UnionDef {
    pub tag: String,
    pub style: String,
    pub content: Option<String>,
    pub variants: Vec<UnionVariant>,
}

/// One tag value of a union.
#[derive(Debug, Deserialize)]
pub struct UnionVariant {
    pub value: String,
    pub payload: Option<String>,
}

impl Image {
    /// The image of the spec this crate was generated with, parsed once.
    pub fn get() -> &'static Image {
        static IMAGE: OnceLock<Image> = OnceLock::new();
        IMAGE.get_or_init(|| {
            // The image is generated and checked by `cargo xtask codegen
            // --check`; a parse failure means the two were built apart.
            let mut image: Image = serde_json::from_str(route_image::JSON)
                .expect("route_image.rs matches this crate: run `cargo xtask codegen`");
            image.index();
            image
        })
    }

    fn index(&mut self) {
        for (i, route) in self.operations.iter().enumerate() {
            if let Some(node) = &route.node {
                self.by_node
                    .entry(node.clone())
                    .or_default()
                    .entry(route.edge.clone().unwrap_or_default())
                    .or_default()
                    .push(i);
            }
        }
    }

    /// The operations on `/{id of node}/{edge}` (`edge` empty for the node itself).
    pub fn routes(&self, node: &str, edge: &str) -> impl Iterator<Item = &Route> {
        self.by_node
            .get(node)
            .and_then(|edges| edges.get(edge))
            .into_iter()
            .flatten()
            .map(|&i| &self.operations[i])
    }

    /// Whether a node type has any operation on this edge.
    pub fn has_edge(&self, node: &str, edge: &str) -> bool {
        self.by_node
            .get(node)
            .is_some_and(|edges| edges.contains_key(edge))
    }

    pub fn node(&self, name: &str) -> Option<&NodeDef> {
        self.nodes.get(name)
    }

    /// An operation by its name (`PhoneNumber.send_message`).
    pub fn operation(&self, name: &str) -> Option<&Route> {
        self.operations.iter().find(|r| r.name == name)
    }
}
