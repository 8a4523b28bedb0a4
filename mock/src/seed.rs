//! Seeding state: nodes by ID with their type and fields, and the edges
//! between them, from JSON:
//!
//! ```json
//! {
//!   "nodes": {
//!     "100000000000001": {"type": "Business", "fields": {"name": "Acme"}}
//!   },
//!   "edges": {
//!     "100000000000001": {"owned_whatsapp_business_accounts": ["200000000000001"]}
//!   }
//! }
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::image::Image;
use crate::store::Store;

/// A seed file's contents.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    #[serde(default)]
    pub nodes: BTreeMap<String, SeedNode>,
    #[serde(default)]
    pub edges: BTreeMap<String, BTreeMap<String, Vec<String>>>,
}

/// A seeded node.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedNode {
    #[serde(rename = "type")]
    pub node_type: String,
    #[serde(default)]
    pub fields: Map<String, Value>,
}

/// The state new mocks start with: a business, its WhatsApp Business
/// Account with a phone number, and an app.
pub const DEFAULT_SEED: &str = include_str!("../seeds/default.json");

/// The business of the default state.
pub const BUSINESS: &str = "100000000000001";
/// The WhatsApp Business Account of the default state, owned by [`BUSINESS`].
pub const WABA: &str = "200000000000001";
/// The phone number of the default state's account.
pub const PHONE: &str = "300000000000001";

impl Seed {
    /// Parses seed JSON; the error says what is wrong and where.
    pub fn from_json(text: &str) -> Result<Seed, String> {
        serde_json::from_str(text).map_err(|e| format!("seed: {e}"))
    }

    /// Puts the seed into `store`, after checking every node type exists
    /// in the spec and every edge joins seeded nodes.
    pub fn apply(&self, image: &Image, store: &mut Store) -> Result<(), String> {
        for (id, node) in &self.nodes {
            if image.node(&node.node_type).is_none() {
                return Err(format!(
                    "seed: node {id} has type `{}`, which the spec does not define",
                    node.node_type
                ));
            }
        }
        for (owner, edges) in &self.edges {
            for items in edges.values() {
                for item in items {
                    let known =
                        |id: &String| self.nodes.contains_key(id) || store.get(id).is_some();
                    if !known(owner) || !known(item) {
                        return Err(format!(
                            "seed: the edge from {owner} to {item} names a node that is not seeded"
                        ));
                    }
                }
            }
        }
        for (id, node) in &self.nodes {
            store.put(id, &node.node_type, node.fields.clone());
        }
        for (owner, edges) in &self.edges {
            for (edge, items) in edges {
                for item in items {
                    store.link(owner, edge, item);
                }
            }
        }
        Ok(())
    }
}
