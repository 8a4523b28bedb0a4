//! Stage 3: the resolved model. Every name is final, every reference is
//! resolved, and everything the emitter needs is precomputed, so emission is
//! a plain walk. Built only from a spec that validated without errors.

mod gates;
pub mod lower;
pub mod names;

pub use crate::parse::ast::{ErrorClass, OperationKind};
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
    /// The areas (cargo features), with their docs, in spec order.
    pub areas: Vec<(String, String)>,
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
    pub wire: String,
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
    /// Sent in a request parameter (directly or inside another node): the
    /// struct also serializes and users build it themselves.
    pub input: bool,
    pub gate: Gate,
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
}

/// A request parameter.
#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub wire: String,
    pub ty: Type,
    pub doc: String,
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
