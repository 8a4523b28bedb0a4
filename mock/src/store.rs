//! The mock's state: nodes by ID, the edges between them, and the bytes of
//! uploaded files. Every write goes through here, so reads see it.

use std::collections::HashMap;

use serde_json::{Map, Value};

/// A stored node: its spec type and its fields as Graph would send them.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredNode {
    /// The spec's node name, e.g. `MessageTemplate`.
    pub node_type: String,
    pub fields: Map<String, Value>,
}

/// Bytes held for a node: an uploaded media file, or a resumable upload.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Blob {
    pub bytes: Vec<u8>,
    pub content_type: String,
}

/// Nodes, edges and files.
#[derive(Debug, Default)]
pub struct Store {
    nodes: HashMap<String, StoredNode>,
    /// `(owner ID, edge name)` → item IDs, oldest first.
    edges: HashMap<(String, String), Vec<String>>,
    blobs: HashMap<String, Blob>,
    next_id: u64,
}

impl Store {
    /// A new ID: digits, like Graph's, after `prefix` (`wamid.`, `upload:`).
    pub fn fresh_id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        let digits = 100_000_000_000_000 + self.next_id * 7_919 + fastrand::u64(..1_000);
        if prefix.is_empty() {
            digits.to_string()
        } else {
            // Prefixed IDs (wamid, upload sessions) are opaque tokens.
            format!("{prefix}{}", hex_token(digits))
        }
    }

    pub fn get(&self, id: &str) -> Option<&StoredNode> {
        self.nodes.get(id)
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut StoredNode> {
        self.nodes.get_mut(id)
    }

    /// Stores a node under `id`, replacing any there.
    pub fn put(&mut self, id: &str, node_type: &str, mut fields: Map<String, Value>) {
        fields.insert("id".to_owned(), Value::from(id));
        self.nodes.insert(
            id.to_owned(),
            StoredNode {
                node_type: node_type.to_owned(),
                fields,
            },
        );
    }

    /// Removes a node, its files, and every edge entry pointing at it.
    pub fn remove(&mut self, id: &str) -> Option<StoredNode> {
        for items in self.edges.values_mut() {
            items.retain(|item| item != id);
        }
        self.blobs.remove(id);
        self.nodes.remove(id)
    }

    /// The IDs on `owner`'s `edge`, oldest first.
    pub fn edge(&self, owner: &str, edge: &str) -> &[String] {
        self.edges
            .get(&(owner.to_owned(), edge.to_owned()))
            .map_or(&[], Vec::as_slice)
    }

    /// Adds `item` to `owner`'s `edge` unless it is there.
    pub fn link(&mut self, owner: &str, edge: &str, item: &str) {
        let items = self
            .edges
            .entry((owner.to_owned(), edge.to_owned()))
            .or_default();
        if !items.iter().any(|i| i == item) {
            items.push(item.to_owned());
        }
    }

    /// Takes `item` off `owner`'s `edge`.
    pub fn unlink(&mut self, owner: &str, edge: &str, item: &str) {
        if let Some(items) = self.edges.get_mut(&(owner.to_owned(), edge.to_owned())) {
            items.retain(|i| i != item);
        }
    }

    /// Whether any edge holds `item`.
    pub fn is_linked(&self, item: &str) -> bool {
        self.edges
            .values()
            .any(|items| items.iter().any(|i| i == item))
    }

    /// The node whose `edge` holds `item`, if any: a phone number's account.
    pub fn owner_of(&self, item: &str, edge: &str) -> Option<&str> {
        self.edges
            .iter()
            .find(|((_, e), items)| e == edge && items.iter().any(|i| i == item))
            .map(|((owner, _), _)| owner.as_str())
    }

    pub fn blob(&self, id: &str) -> Option<&Blob> {
        self.blobs.get(id)
    }

    pub fn blob_mut(&mut self, id: &str) -> &mut Blob {
        self.blobs.entry(id.to_owned()).or_default()
    }

    /// Every node of a type, by ID order.
    pub fn of_type(&self, node_type: &str) -> Vec<(&str, &StoredNode)> {
        let mut found: Vec<(&str, &StoredNode)> = self
            .nodes
            .iter()
            .filter(|(_, n)| n.node_type == node_type)
            .map(|(id, n)| (id.as_str(), n))
            .collect();
        found.sort_by_key(|(id, _)| *id);
        found
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }
}

/// Base64-like text for an opaque ID.
fn hex_token(n: u64) -> String {
    let raw = format!("{n:x}{:08x}", fastrand::u32(..));
    raw.to_uppercase()
}
