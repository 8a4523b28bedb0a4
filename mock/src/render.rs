//! Nodes as Graph sends them: only the selected fields plus `id`, nested
//! selections applied, fields holding a page read as pages (from the
//! stored value, or else from the node's edge of the same name, with
//! `limit`/`after`/`before` modifiers and cursors).

use std::cell::RefCell;

use serde_json::{Map, Value, json};

use crate::fields::{self, Selected, defaults};
use crate::graph_error::GraphError;
use crate::image::{Image, Kind, Type};
use crate::paging;
use crate::store::Store;

/// What rendering needs to look at.
pub struct View<'a> {
    pub image: &'a Image,
    pub store: &'a Store,
    /// `http://127.0.0.1:PORT`, for the `next` and `previous` URLs of
    /// nested pages.
    pub base: &'a str,
    /// `v23.0`.
    pub version: &'a str,
    /// The first thing a nested page could not answer (a cursor the mock
    /// never issued): rendering goes on, and the call answers this error,
    /// as Graph answers the whole request with it.
    pub failure: RefCell<Option<GraphError>>,
}

/// The default page size, as Graph's.
pub const DEFAULT_LIMIT: usize = 25;

impl<'a> View<'a> {
    pub fn new(image: &'a Image, store: &'a Store, base: &'a str, version: &'a str) -> Self {
        View {
            image,
            store,
            base,
            version,
            failure: RefCell::new(None),
        }
    }

    /// `value`, unless a nested page failed while it was rendered.
    pub fn checked<T>(&self, value: T) -> Result<T, GraphError> {
        match self.failure.borrow_mut().take() {
            Some(error) => Err(error),
            None => Ok(value),
        }
    }

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
                    let held = inner.held_node();
                    match (stored, id) {
                        (Some(Value::Array(items)), _) => {
                            let limit = selected.limit().unwrap_or(DEFAULT_LIMIT);
                            Some(self.nested_page(items, held, nested, limit))
                        }
                        (_, Some(id)) => Some(self.edge_page(id, &field.name, held, selected)),
                        (_, None) => Some(self.nested_page(&[], held, nested, 0)),
                    }
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

    /// A page of the stored nodes on `owner`'s `edge`, as a list of the
    /// edge would answer it: `limit`, `after` and `before` modifiers,
    /// cursors, and `next`/`previous` URLs of the edge itself that carry
    /// the nested selection.
    fn edge_page(&self, owner: &str, edge: &str, held: Option<&str>, selected: &Selected) -> Value {
        let ids = self.store.edge(owner, edge);
        let limit = selected.limit().unwrap_or(DEFAULT_LIMIT);
        let from = match (selected.modifier("after"), selected.modifier("before")) {
            (Some(after), _) => paging::From::After(after),
            (None, Some(before)) => paging::From::Before(before),
            (None, None) => paging::From::Start,
        };
        let range = match paging::window(ids, from, limit) {
            Ok(range) => range,
            Err(error) => {
                self.failure.borrow_mut().get_or_insert(error);
                0..0
            }
        };
        let nested = selected.nested.as_deref();
        let data = ids
            .get(range.clone())
            .unwrap_or_default()
            .iter()
            .map(|item| match held {
                Some(held) => self.value(held, &Value::from(item.as_str()), nested),
                None => Value::from(item.as_str()),
            })
            .collect();
        let url = format!("{}/{}/{owner}/{edge}", self.base, self.version);
        let mut query = Vec::new();
        if let Some(nested) = nested {
            query.push(("fields".to_owned(), fields::to_text(nested)));
        }
        query.push(("limit".to_owned(), limit.to_string()));
        // The edge's own parameters sent as modifiers (`business` of
        // `assigned_users`) go along, so the link reads the same list.
        let owner_type = self.store.get(owner).map(|n| n.node_type.as_str());
        let list = owner_type
            .and_then(|node| self.image.routes(node, edge).find(|r| r.kind == Kind::List));
        if let Some(list) = list {
            for (name, value) in &selected.modifiers {
                if list.params.iter().any(|p| p.name == *name) {
                    query.push((name.clone(), value.clone()));
                }
            }
        }
        Value::Object(paging::page(data, ids, range, &url, &query))
    }

    fn nested_page(
        &self,
        items: &[Value],
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
