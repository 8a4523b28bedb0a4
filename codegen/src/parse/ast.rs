//! The spec as written: plain serde structs mirroring the TOML layout.
//!
//! Names and references keep their source spans so that later stages can
//! point at the exact place a mistake was made.

use serde::Deserialize;
use toml::Spanned;

/// A string together with where it was written.
pub type Name = Spanned<String>;

/// The whole spec file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub api: Api,
    #[serde(default)]
    pub permission: Vec<Permission>,
    #[serde(default)]
    pub rate_limit: Vec<RateLimit>,
    /// `[[area]]`: the cargo features operations are gated behind.
    #[serde(default)]
    pub area: Vec<Area>,
    #[serde(default)]
    pub error: Vec<ErrorDef>,
    #[serde(default, rename = "enum")]
    pub enums: Vec<EnumDef>,
    #[serde(default)]
    pub node: Vec<Node>,
    #[serde(default)]
    pub node_operation: Vec<Operation>,
    #[serde(default)]
    pub edge: Vec<Edge>,
}

/// `[api]`: metadata of the whole API.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Api {
    pub title: String,
    pub doc: Option<String>,
    pub base_url: Name,
    pub version: Name,
}

/// `[[permission]]`: an access-token scope.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Permission {
    pub name: Name,
    pub doc: Option<String>,
}

/// `[[rate_limit]]`: a rate-limit class operations can belong to.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimit {
    pub name: Name,
    pub doc: Option<String>,
}

/// `[[area]]`: a part of the API that builds behind a cargo feature of
/// the same name, so users compile only what they call.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    pub name: Name,
    pub doc: Option<String>,
}

/// `[[error]]`: a documented Graph error code.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorDef {
    pub code: Spanned<i64>,
    pub name: Name,
    pub doc: Option<String>,
    pub class: Spanned<ErrorClass>,
}

/// How a client should react to an error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorClass {
    Permanent,
    Transient,
    Throttling,
}

/// `[[enum]]`: a closed-looking set of string values Graph may extend.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumDef {
    pub name: Name,
    pub doc: Option<String>,
    pub values: Vec<Name>,
    /// Rust variant names for values whose automatic name is poor or collides.
    #[serde(default)]
    pub rename: std::collections::BTreeMap<String, Name>,
}

/// `[[node]]`: a Graph object type.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    pub name: Name,
    /// Meta's own name for the type, where it differs from `name`.
    pub graph_type: Option<String>,
    pub doc: Option<String>,
    /// Whether the node has a Graph ID, and so a typed ID and a client entry.
    #[serde(default)]
    pub id: bool,
    /// Name of the client entry method and module; defaults to `name` in snake case.
    pub entry: Option<Name>,
    #[serde(default)]
    pub field: Vec<Field>,
}

/// `[[node.field]]` and `[[edge.operation.summary]]`: a named, typed value.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub name: Name,
    #[serde(rename = "type")]
    pub ty: Name,
    pub doc: Option<String>,
    /// Whether every response carries the field, so its absence is an error
    /// (`success` of a write result, `id` of a created object). Only for
    /// nodes that are never read with `fields` nor sent as a parameter.
    pub required: Option<Spanned<bool>>,
}

/// `[[edge]]`: a connection from a node to a collection of other nodes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edge {
    pub node: Name,
    pub name: Name,
    pub returns: Name,
    pub doc: Option<String>,
    /// The area of the edge's operations, unless one names its own.
    pub area: Option<Name>,
    #[serde(default)]
    pub operation: Vec<Operation>,
}

/// `[[node_operation]]` and `[[edge.operation]]`: one HTTP call.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    /// The node operated on; only for `[[node_operation]]`.
    pub node: Option<Name>,
    pub kind: Spanned<OperationKind>,
    /// Method name on the node handle; defaults per kind.
    pub method: Option<Name>,
    /// What the call returns; defaults to the edge's node (or the node itself).
    pub returns: Option<Name>,
    pub doc: Option<String>,
    #[serde(default)]
    pub permissions: Vec<Name>,
    /// The kind of access token the call needs, in words.
    pub access_token: Option<String>,
    /// The area (cargo feature) the operation builds behind; defaults to its edge's.
    pub area: Option<Name>,
    pub rate_limit: Option<Name>,
    #[serde(default)]
    pub errors: Vec<Spanned<i64>>,
    /// Whether the list accepts a typed `filtering` parameter.
    pub filtering: Option<Spanned<bool>>,
    /// Whether a write also reads back the written node.
    #[serde(default)]
    pub read_after_write: bool,
    pub example_request: Option<String>,
    pub example_response: Option<String>,
    #[serde(default)]
    pub param: Vec<Param>,
    #[serde(default)]
    pub summary: Vec<Field>,
}

/// What an operation does, and so its HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OperationKind {
    /// `GET /{id}/{edge}`: a paged list.
    List,
    /// `GET /{id}`: one node.
    Read,
    /// `POST /{id}/{edge}`: makes a new node.
    Create,
    /// `POST /{id}` or `POST /{id}/{edge}`: changes a node.
    Update,
    /// `DELETE /{id}` or `DELETE /{id}/{edge}`.
    Delete,
}

impl OperationKind {
    pub fn http_method(self) -> &'static str {
        match self {
            Self::List | Self::Read => "GET",
            Self::Create | Self::Update => "POST",
            Self::Delete => "DELETE",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::List => "list",
            Self::Read => "read",
            Self::Create => "create",
            Self::Update => "update",
            Self::Delete => "delete",
        }
    }
}

/// `[[edge.operation.param]]`: a request parameter.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Param {
    pub name: Name,
    #[serde(rename = "type")]
    pub ty: Name,
    #[serde(default)]
    pub required: bool,
    pub doc: Option<String>,
}
