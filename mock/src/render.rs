//! Nodes as Graph sends them: only the selected fields plus `id`, nested
//! selections applied, fields holding a page read as pages (from the
//! stored value, or else from the node's edge of the same name).

use serde_json::{Map, Value, json};

use crate::fields::{Selected, defaults};
use crate::image::{Image, Type};
use crate::store::Store;

/// What rendering needs to look at.
pub struct View<'a> {
    pub image: &'a Image,
    pub store: &'a Store,
}

/// The default page size, as Graph's.
pub const DEFAULT_LIMIT: usize = 25;

impl View<'_> {
    /// A stored node by ID, with `selection` (or its defaults when `None`).
    pub fn node(&self, id: &str, selection: Option<&[Selected]>) -> Option<Value> {
        let node = self.store.get(id)?;
        Some(Value::Object(self.object(
            &node.node_type,
            &node.fields,
            selection,
            Some(id),
        )))
    }

    /// An object of `node_type` with the selected fields.
    pub fn object(
        &self,
        node_type: &str,
        fields: &Map<String, Value>,
        selection: Option<&[Selected]>,
        id: Option<&str>,
    ) -> Map<String, Value> {
        let Some(def) = self.image.node(node_type) else {
            return fields.clone();
        };
        let owned;
        let selection = match selection {
            Some(selection) => selection,
            None => {
                owned = defaults(def, None);
                &owned
            }
        };
        let mut out = Map::new();
        for selected in selection {
            let Some(field) = def.field(&selected.name) else {
                continue;
            };
            let nested = selected.nested.as_deref();
            let stored = fields.get(&field.name);
            let value = match &field.ty {
                Type::Page(inner) => {
                    let items = match stored {
                        Some(Value::Array(items)) => items.clone(),
                        _ => id
                            .map(|id| self.edge_items(id, &field.name))
                            .unwrap_or_default(),
                    };
                    let limit = selected.limit().unwrap_or(DEFAULT_LIMIT);
                    let held = inner.held_node();
                    Some(self.nested_page(items, held, nested, limit))
                }
                Type::List(inner) => stored.map(|value| match (value, inner.held_node()) {
                    (Value::Array(items), Some(held)) => {
                        let limit = selected.limit().unwrap_or(usize::MAX);
                        Value::Array(
                            items
                                .iter()
                                .take(limit)
                                .map(|item| self.value(held, item, nested))
                                .collect(),
                        )
                    }
                    (other, _) => other.clone(),
                }),
                Type::Node(held) => stored.map(|value| self.value(held, value, nested)),
                _ => stored.cloned(),
            };
            if let Some(value) = value {
                out.insert(field.name.clone(), value);
            }
        }
        if def.id
            && let Some(id) = fields.get("id").cloned().or(id.map(Value::from))
        {
            out.insert("id".to_owned(), id);
        }
        out
    }

    /// A nested value: an ID of a stored node, or an inline object.
    fn value(&self, node_type: &str, value: &Value, selection: Option<&[Selected]>) -> Value {
        match value {
            Value::String(id) if self.store.get(id).is_some() => {
                self.node(id, selection).unwrap_or_else(|| value.clone())
            }
            Value::Object(map) => Value::Object(self.object(node_type, map, selection, None)),
            other => other.clone(),
        }
    }

    /// The stored nodes on a node's edge, as ID strings.
    fn edge_items(&self, id: &str, edge: &str) -> Vec<Value> {
        self.store
            .edge(id, edge)
            .iter()
            .map(|item| Value::from(item.as_str()))
            .collect()
    }

    fn nested_page(
        &self,
        items: Vec<Value>,
        held: Option<&str>,
        selection: Option<&[Selected]>,
        limit: usize,
    ) -> Value {
        let data: Vec<Value> = items
            .iter()
            .take(limit)
            .map(|item| match held {
                Some(held) => self.value(held, item, selection),
                None => item.clone(),
            })
            .collect();
        json!({ "data": data })
    }
}
