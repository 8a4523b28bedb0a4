//! Stage 3: the resolved model. Every name is final, every reference is
//! resolved, and everything the emitter needs is precomputed, so emission is
//! a plain walk. Built only from a spec that validated without errors.

pub(crate) mod effect;
mod gates;
pub mod lower;
pub mod names;
pub mod route_image;

pub use crate::parse::ast::{BodyKind, ErrorClass, OperationKind, UnionStyle};
pub use crate::parse::types::Scalar;
pub use lower::lower;

/// The whole API, ready to emit.
#[derive(Debug, Clone)]
pub struct Model {
    /// File name of the spec, for generated headers.
    pub spec_name: String,
    pub title: String,
    pub doc: String,
    pub base_url: String,
    pub version: String,
    pub errors: Vec<ErrorCode>,
    pub enums: Vec<Enum>,
    pub nodes: Vec<Node>,
    pub entries: Vec<Entry>,
    pub unions: Vec<Union>,
    /// The areas (cargo features), with their docs, in spec order.
    pub areas: Vec<(String, String)>,
    /// `[[client_operation]]`s: methods of the client itself.
    pub client_operations: Vec<Operation>,
    /// The `[[webhook]]`, if the spec declares one.
    pub webhooks: Option<Webhooks>,
}

/// The webhooks of one Graph object: the envelope, the union of its
/// changes and the enum of its fields, emitted as `api::webhooks`.
#[derive(Debug, Clone)]
pub struct Webhooks {
    /// The `object` of the envelope (`whatsapp_business_account`).
    pub object: String,
    pub doc: String,
    /// The typed ID of `entry[].id`.
    pub entry_id: String,
    /// `Change`: an adjacent union, `{"field": .., "value": {..}}`.
    pub change: Union,
    /// `Field`: the field names, as a string enum.
    pub field: Enum,
    pub gate: Gate,
}

/// The cargo features an item builds behind: it is compiled when any one
/// of them is enabled. Empty: always compiled.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gate(pub Vec<String>);

/// A documented Graph error code.
#[derive(Debug, Clone)]
pub struct ErrorCode {
    pub code: i64,
    pub variant: String,
    pub doc: String,
    pub class: ErrorClass,
}

/// A string enum: data enums and field selectors alike.
#[derive(Debug, Clone)]
pub struct Enum {
    pub name: String,
    pub doc: String,
    pub variants: Vec<Variant>,
    pub gate: Gate,
}

/// One known value of a string enum.
#[derive(Debug, Clone)]
pub struct Variant {
    pub name: String,
    /// The canonical spelling: what is sent.
    pub wire: String,
    /// Other spellings Graph sends for the same value, decoded to this variant.
    pub aliases: Vec<String>,
    pub doc: String,
}

/// A Graph object type, emitted as a model struct.
#[derive(Debug, Clone)]
pub struct Node {
    pub name: String,
    /// Meta's name for the type.
    pub graph_type: String,
    pub doc: String,
    /// Name of the typed ID, for nodes with a Graph ID.
    pub id_type: Option<String>,
    pub fields: Vec<Field>,
    /// The field selector enum, for nodes that can be read with `fields`.
    pub field_enum: Option<Enum>,
    /// Sent in a request parameter (directly or inside another node), or
    /// carried by a union or webhook: the struct also serializes and users
    /// can build it themselves.
    pub input: bool,
    /// Reached only from webhooks, never sent: its docs say it serializes
    /// for re-encoding and tests rather than for requests.
    pub received_only: bool,
    pub gate: Gate,
    /// Fields selectable with modifiers or a nested selection, each with a
    /// constructor on `field_enum`.
    pub expansions: Vec<Expansion>,
}

/// A field expanded in `fields=`: `name.modifier(value)...{nested}`.
#[derive(Debug, Clone)]
pub struct Expansion {
    /// The generated type, e.g. `WhatsAppBusinessAccountAnalyticsExpansion`.
    pub name: String,
    /// The selector it belongs to, e.g. `WhatsAppBusinessAccountField`.
    pub selector: String,
    /// The constructor on the selector, e.g. `analytics`.
    pub constructor: String,
    /// The field's wire name.
    pub wire: String,
    pub doc: String,
    /// Required modifiers: constructor arguments.
    pub required: Vec<Param>,
    /// Optional modifiers: setters.
    pub optional: Vec<Param>,
    /// The nested node's selector, for fields holding a readable node.
    pub nested: Option<String>,
    /// Whether the field is a list or page, and so takes `limit(n)`.
    pub limit: bool,
}

/// A field of a model struct or summary.
#[derive(Debug, Clone)]
pub struct Field {
    /// Rust name, escaped if needed.
    pub name: String,
    /// Name on the wire.
    pub wire: String,
    pub ty: Type,
    pub doc: String,
    /// Boxed to break a cycle of nodes containing each other.
    pub boxed: bool,
    /// Present in every response: a plain field, not an `Option`.
    pub required: bool,
    /// The value's keys sit in the parent object (`#[serde(flatten)]`).
    pub flatten: bool,
}

/// A resolved type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    Scalar(Scalar),
    List(Box<Type>),
    /// A typed ID, by its Rust name.
    Id(String),
    /// A string enum, by its Rust name.
    Enum(String),
    /// A node's model struct, by its Rust name.
    Node(String),
    /// `page<T>`: a page nested in a field.
    Page(Box<Type>),
    /// A tagged union, by its Rust name.
    Union(String),
}

/// A node that has operations: a client entry, a handle and a module.
#[derive(Debug, Clone)]
pub struct Entry {
    pub node: String,
    pub id_type: String,
    /// The client method and module name (`whatsapp_business_account`).
    pub method: String,
    pub handle: String,
    pub doc: String,
    pub operations: Vec<Operation>,
    pub gate: Gate,
}

/// One HTTP call, as a handle method and a request builder.
#[derive(Debug, Clone)]
pub struct Operation {
    pub kind: OperationKind,
    /// Method on the handle.
    pub method: String,
    /// Name of the request builder.
    pub builder: String,
    /// Edge segment of the path, if any.
    pub edge: Option<String>,
    /// Path as documented, e.g. `/{version}/{whatsapp-business-account-id}/assigned_users`.
    pub path_doc: String,
    /// The returned model.
    pub returns: String,
    /// Field selector of the returned model, for reads and lists.
    pub fields: Option<String>,
    pub doc: String,
    pub permissions: Vec<String>,
    pub access_token: Option<String>,
    /// Rate-limit class name and its description.
    pub rate_limit: Option<(String, String)>,
    pub errors: Vec<ErrorCode>,
    /// Field selector used by `filtering`.
    pub filtering: Option<String>,
    pub read_after_write: bool,
    pub example_request: Option<String>,
    pub example_response: Option<String>,
    pub required: Vec<Param>,
    pub optional: Vec<Param>,
    pub summary: Option<Summary>,
    pub gate: Gate,
    /// How the body parameters travel.
    pub body: BodyKind,
    /// Answered with bytes: the builder returns a `waba::Download`.
    pub binary_response: bool,
    /// The token goes as `Authorization: OAuth <token>` instead of `Bearer`.
    pub oauth: bool,
    /// The `in = "url"` parameter: the whole URL the call goes to.
    pub url: Option<Param>,
    /// Segments after the node ID or edge, for operations with a `path`.
    pub path: Vec<Segment>,
    /// Parameters filling the path's placeholders, in path order: the
    /// handle method's first arguments.
    pub path_params: Vec<Param>,
    /// The response is `{"data": [...]}`: the output is a `Vec` of `returns`.
    pub response_data: bool,
    /// For `read_after_write`: the written node and its field selector.
    pub read_back: Option<(String, String)>,
    /// Parameters always sent with a fixed value, never exposed.
    pub constants: Vec<Constant>,
}

/// A segment of an operation's `path`.
#[derive(Debug, Clone)]
pub enum Segment {
    /// Written as is.
    Literal(String),
    /// A path parameter, by its Rust name; its value fills the segment.
    Param(String),
}

/// A request parameter.
#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub wire: String,
    pub ty: Type,
    pub doc: String,
    /// How the builder sets it.
    pub via: Via,
    /// How a body value is encoded.
    pub sent: Sent,
}

/// How a parameter reaches the request, decided from `in`, its type and
/// the operation's method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// `.param`: the query of a GET or DELETE, the body of a POST.
    Param,
    /// `.query_param`: the query of a POST.
    Query,
    /// `.header_param`: an HTTP header.
    Header,
    /// `.file_param`: a file, with its cap.
    File { max_bytes: Option<u64> },
    /// The whole URL of a client operation.
    Url,
}

/// How a parameter's value travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    /// As text: in the query string, or a form body.
    Text,
    /// As the value of a key of the JSON body.
    JsonKey,
    /// As keys of the JSON body itself (`flatten = true`).
    JsonFlattened,
}

/// A parameter sent with a fixed value.
#[derive(Debug, Clone)]
pub struct Constant {
    pub wire: String,
    pub value: ConstValue,
    pub sent: Sent,
}

/// The value of a [`Constant`].
#[derive(Debug, Clone, PartialEq)]
pub enum ConstValue {
    String(String),
    Bool(bool),
    Integer(i64),
    Float(f64),
}

/// A tagged union: a Rust enum with a variant per tag value.
#[derive(Debug, Clone)]
pub struct Union {
    pub name: String,
    pub doc: String,
    /// The key holding the tag.
    pub tag: String,
    pub style: UnionStyle,
    /// The key holding the payload, for `adjacent`.
    pub content: Option<String>,
    pub variants: Vec<UnionVariant>,
    pub gate: Gate,
}

/// One tag value of a union.
#[derive(Debug, Clone)]
pub struct UnionVariant {
    pub name: String,
    pub wire: String,
    pub doc: String,
    /// The payload's Rust name (a node or union), if the variant carries one.
    pub payload: Option<String>,
}

/// The summary a list can ask for.
#[derive(Debug, Clone)]
pub struct Summary {
    pub name: String,
    /// Value of the `summary` parameter: the field names, comma-joined.
    pub request: String,
    pub fields: Vec<Field>,
}

impl Model {
    pub fn operation_count(&self) -> usize {
        self.entries.iter().map(|e| e.operations.len()).sum()
    }
}
