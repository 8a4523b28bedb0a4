//! Writes whose list parameter names the items they add or remove, rather
//! than carrying an ID: blocking users (`{"block_users": [{"user": ..}]}`
//! adds `BlockedUser`s with that `wa_id`) or adding people to a group
//! (`{"participants": [{"user": ..}]}` grows the group's `participants`).
//! The spec's `effect` names the parameter, the field each entry field is
//! stored as, and, when the items are not the edge's own nodes, the
//! owner's list field holding them. An item is the same item when every
//! field its entry gives matches, so adding twice keeps one and removing
//! takes exactly those named.

use serde_json::{Map, Value};

use crate::image::{Effect, Image};
use crate::store::Store;

/// Where the items live.
pub enum Items<'a> {
    /// Nodes of `node_type` on `owner`'s `edge`.
    Edge {
        owner: &'a str,
        edge: &'a str,
        node_type: &'a str,
    },
    /// Objects in the list field `field` of the node `owner`.
    Field { owner: &'a str, field: &'a str },
}

/// The entries of `sent` (the parameter's value) as item fields: each
/// entry field renamed as `stores_as` says, kept when the item node has
/// such a field.
pub fn items_of(
    image: &Image,
    effect: &Effect,
    item_type: &str,
    sent: &Value,
) -> Vec<Map<String, Value>> {
    let Some(def) = image.node(item_type) else {
        return Vec::new();
    };
    let Value::Array(entries) = sent else {
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(Value::as_object)
        .map(|entry| {
            entry
                .iter()
                .filter_map(|(name, value)| {
                    let stored = effect.stores_as.get(name).unwrap_or(name);
                    def.field(stored).map(|_| (stored.clone(), value.clone()))
                })
                .collect::<Map<String, Value>>()
        })
        .filter(|item| !item.is_empty())
        .collect()
}

/// Whether a stored item is the one `wanted` names.
fn is(stored: &Map<String, Value>, wanted: &Map<String, Value>) -> bool {
    wanted
        .iter()
        .all(|(name, value)| stored.get(name) == Some(value))
}

/// Adds the items not there yet; `start` gives a new node's first fields.
pub fn add(
    store: &mut Store,
    at: &Items<'_>,
    items: Vec<Map<String, Value>>,
    start: impl Fn() -> Map<String, Value>,
    fresh_prefix: &str,
) {
    match *at {
        Items::Edge {
            owner,
            edge,
            node_type,
        } => {
            for item in items {
                let there = store
                    .edge(owner, edge)
                    .iter()
                    .any(|id| store.get(id).is_some_and(|n| is(&n.fields, &item)));
                if there {
                    continue;
                }
                let id = store.fresh_id(fresh_prefix);
                let mut fields = start();
                fields.extend(item);
                store.put(&id, node_type, fields);
                store.link(owner, edge, &id);
            }
        }
        Items::Field { owner, field } => {
            let Some(node) = store.get_mut(owner) else {
                return;
            };
            let list = node
                .fields
                .entry(field.to_owned())
                .or_insert_with(|| Value::Array(Vec::new()));
            if !list.is_array() {
                *list = Value::Array(Vec::new());
            }
            if let Value::Array(list) = list {
                for item in items {
                    let there = list
                        .iter()
                        .any(|v| v.as_object().is_some_and(|v| is(v, &item)));
                    if !there {
                        list.push(Value::Object(item));
                    }
                }
            }
        }
    }
}

/// Removes the items named; how many were there.
pub fn remove(store: &mut Store, at: &Items<'_>, items: &[Map<String, Value>]) -> usize {
    let named = |fields: &Map<String, Value>| items.iter().any(|item| is(fields, item));
    match *at {
        Items::Edge { owner, edge, .. } => {
            let gone: Vec<String> = store
                .edge(owner, edge)
                .iter()
                .filter(|id| store.get(id).is_some_and(|n| named(&n.fields)))
                .cloned()
                .collect();
            for id in &gone {
                store.unlink(owner, edge, id);
                if !store.is_linked(id) {
                    store.remove(id);
                }
            }
            gone.len()
        }
        Items::Field { owner, field } => {
            let Some(Value::Array(list)) =
                store.get_mut(owner).and_then(|n| n.fields.get_mut(field))
            else {
                return 0;
            };
            let before = list.len();
            list.retain(|v| !v.as_object().is_some_and(named));
            before - list.len()
        }
    }
}
