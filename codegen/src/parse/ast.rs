//! The spec as written: plain serde structs mirroring the TOML layout.
//!
//! Names and references keep their source spans so that later stages can
//! point at the exact place a mistake was made.

use std::collections::BTreeMap;

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
    /// `[[client_operation]]`: operations on no node, methods of the client.
    #[serde(default)]
    pub client_operation: Vec<Operation>,
    /// `[[union]]`: values whose shape depends on a tag.
    #[serde(default, rename = "union")]
    pub unions: Vec<Union>,
    /// `[[webhook]]`: the notifications Graph posts to the app's callback URL.
    #[serde(default)]
    pub webhook: Vec<Webhook>,
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
    pub rename: BTreeMap<String, Name>,
    /// Where `values` come from (a Meta reference page, Meta's OpenAPI file).
    pub source: Option<String>,
    /// `[[enum.alias]]`: other spellings Graph sends for a value.
    #[serde(default)]
    pub alias: Vec<EnumAlias>,
}

/// `[[enum.alias]]`: a second wire spelling of one value. Meta's sources
/// disagree on some spellings (`verified` and `VERIFIED`); both decode to
/// the value's one variant, which is always sent as `value`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumAlias {
    /// The canonical value, one of the enum's `values`: what is sent.
    pub value: Name,
    /// The other spelling, accepted when decoding.
    pub spelling: Name,
    /// Which of Meta's sources uses this spelling.
    pub source: Name,
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
    /// nodes that are never read with `fields`; on nodes sent in requests
    /// it makes a constructor argument.
    pub required: Option<Spanned<bool>>,
    /// Whether the field's keys (a node's fields, a union's tag and
    /// payload) sit in the parent object rather than under `name`.
    pub flatten: Option<Spanned<bool>>,
    /// `[[node.field.modifier]]`: arguments of the field in `fields=`.
    #[serde(default)]
    pub modifier: Vec<Modifier>,
}

/// `[[node.field.modifier]]`: `analytics.start(1693526400)` in `fields=`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Modifier {
    pub name: Name,
    #[serde(rename = "type")]
    pub ty: Name,
    #[serde(default)]
    pub required: bool,
    pub doc: Option<String>,
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
    /// Segments after the node ID or edge, with `{param}` placeholders.
    pub path: Option<Name>,
    #[serde(default)]
    pub param: Vec<Param>,
    #[serde(default)]
    pub summary: Vec<Field>,
    /// How `in = "body"` parameters travel; form when absent.
    pub body: Option<Spanned<BodyKind>>,
    /// What the response is, when not the returned node itself as JSON.
    pub response: Option<Spanned<ResponseKind>>,
    /// The scheme the token is sent with; `bearer` when absent.
    pub authorization: Option<Spanned<Authorization>>,
    /// What a write changes beyond the fields its parameters name.
    pub effect: Option<Spanned<Effect>>,
}

/// `authorization` of an operation: the scheme of the `Authorization`
/// header the access token travels in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Authorization {
    /// `Bearer <token>`, what Graph documents for its calls.
    Bearer,
    /// `OAuth <token>`, what Meta documents for the resumable upload calls.
    Oauth,
}

/// `effect` of a write: the changes to Graph's state that neither its
/// parameters' names nor its answer show. The client ignores it; the
/// route image carries it, so the mock makes the same changes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Effect {
    /// Fields of the node the call acts on, and the value each then holds
    /// (`code_verification_status = "VERIFIED"`).
    #[serde(default)]
    pub sets: BTreeMap<Name, Spanned<toml::Value>>,
    /// For a write whose list parameter names items (`block_users`), the
    /// item field each entry field is stored as, where the names differ
    /// (`user = "wa_id"`).
    #[serde(default)]
    pub stores_as: BTreeMap<Name, Name>,
    /// The node a `create` makes, when its answer does not name it (a
    /// group, reported later in a webhook).
    pub creates: Option<Name>,
}

/// `body` of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    /// `application/x-www-form-urlencoded`.
    #[default]
    Form,
    /// One JSON object, `application/json`.
    Json,
    /// `multipart/form-data`, `file` parameters as file parts.
    Multipart,
    /// One `file` parameter is the whole body.
    Binary,
}

impl BodyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Form => "form",
            Self::Json => "json",
            Self::Multipart => "multipart",
            Self::Binary => "binary",
        }
    }
}

/// `response` of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseKind {
    /// Raw bytes, streamed to the caller.
    Binary,
    /// `{"data": [...]}` without paging: a `Vec` of the returned node.
    Data,
}

/// `in` of a parameter: where it travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamIn {
    /// The query string (GET and DELETE, or `in = "query"` on a POST).
    Query,
    /// The request body (POST), encoded as the operation's `body` says.
    Body,
    /// A `{placeholder}` of the operation's `path`.
    Path,
    /// An HTTP header named like the parameter.
    Header,
    /// The whole absolute URL the call goes to.
    Url,
}

impl ParamIn {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Query => "query",
            Self::Body => "body",
            Self::Path => "path",
            Self::Header => "header",
            Self::Url => "url",
        }
    }
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
    /// Spanned, so that `required = false` on a path parameter can be shown.
    pub required: Option<Spanned<bool>>,
    pub doc: Option<String>,
    /// Where the parameter goes; defaults per HTTP method.
    #[serde(rename = "in")]
    pub location: Option<Spanned<ParamIn>>,
    /// The largest upload a `file` parameter takes.
    pub max_bytes: Option<Spanned<i64>>,
    /// Whether a node or union value's keys sit in the JSON body itself.
    pub flatten: Option<Spanned<bool>>,
    /// A constant: always sent with this value, never exposed.
    pub value: Option<Spanned<toml::Value>>,
}

impl Param {
    /// Whether the parameter is a handle-method argument: marked required,
    /// or a path parameter, which always is.
    pub fn is_required(&self) -> bool {
        self.is_path() || self.required.as_ref().is_some_and(|r| *r.get_ref())
    }

    /// Whether the parameter fills a `{placeholder}` of the operation's path.
    pub fn is_path(&self) -> bool {
        self.location
            .as_ref()
            .is_some_and(|l| *l.get_ref() == ParamIn::Path)
    }
}

/// `[[union]]`: a value whose shape depends on a tag.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Union {
    pub name: Name,
    pub doc: Option<String>,
    /// The key holding the variant's value.
    pub tag: Name,
    pub style: Spanned<UnionStyle>,
    /// The key holding the payload; `adjacent` only.
    pub content: Option<Name>,
    #[serde(default)]
    pub variant: Vec<UnionVariant>,
}

/// Where a union's payload sits relative to its tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnionStyle {
    /// `{"type": "text", "text": {..}}`.
    Keyed,
    /// `{"type": "button", ..payload fields}`.
    Internal,
    /// `{"field": "messages", "value": {..}}`.
    Adjacent,
}

/// `[[union.variant]]`: one tag value and what it carries.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnionVariant {
    pub value: Name,
    /// The payload node; none when the tag is all there is.
    #[serde(rename = "type")]
    pub ty: Option<Name>,
    pub doc: Option<String>,
}

/// `[[webhook]]`: the webhooks of one Graph object: the envelope Graph
/// posts (`{"object": .., "entry": [{"id": .., "time": .., "changes": [..]}]}`)
/// and, per `[[webhook.field]]`, what a change of that field carries.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Webhook {
    /// The `object` Graph names in the envelope (`whatsapp_business_account`).
    pub object: Name,
    /// The node whose ID `entry[].id` is.
    pub entry: Name,
    pub doc: Option<String>,
    /// The cargo feature the webhook types build behind.
    pub area: Option<Name>,
    #[serde(default)]
    pub field: Vec<WebhookField>,
}

/// `[[webhook.field]]`: one subscribable field and the type of its `value`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookField {
    pub name: Name,
    /// The node or union `value` decodes into.
    pub payload: Name,
    pub doc: Option<String>,
}
