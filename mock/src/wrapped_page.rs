//! A listing Graph answers inside an object of its own rather than as a
//! page: `GET /{phone}/groups` answers `{"data": {"groups": [..]},
//! "paging": {..}}`. The spec says it as a `read` returning that object
//! (`ActiveGroups`). Nothing names the items, so they are found from the
//! spec: the nodes another operation of the same edge `creates` (`Group`),
//! listed in the one list the object holds whose entries carry such a
//! node's ID (`data.groups`, of `GroupSummary` with `id: id<Group>`), and
//! paged with cursors in the object's `paging` field, as a page is.

use crate::image::{Image, Route, Type};

/// Where a wrapped listing puts its items.
pub struct Listing {
    /// Field names from the answer down to the list (`["data", "groups"]`).
    pub path: Vec<String>,
    /// The node of one listed entry (`GroupSummary`).
    pub entry: String,
    /// The stored node type the entries show (`Group`).
    pub stored: String,
}

/// The listing `route` answers, if it is a read of such an object.
pub fn listing(image: &Image, route: &Route) -> Option<Listing> {
    let (node, edge) = (route.node.as_deref()?, route.edge.as_deref()?);
    if image.node(&route.item)?.id {
        return None;
    }
    let stored = image
        .routes(node, edge)
        .find_map(|r| r.effect.as_ref()?.creates.clone())?;
    let (path, entry) = find(image, &route.item, &stored, 0)?;
    Some(Listing {
        path,
        entry,
        stored,
    })
}

/// The path to the list of entries carrying an `id<stored>`, looking
/// through nested objects a few levels down.
fn find(image: &Image, node: &str, stored: &str, depth: usize) -> Option<(Vec<String>, String)> {
    if depth > 3 {
        return None;
    }
    let id = Type::Id(stored.to_owned());
    for field in &image.node(node)?.fields {
        match &field.ty {
            Type::List(inner) => {
                if let Type::Node(entry) = &**inner
                    && image
                        .node(entry)
                        .and_then(|d| d.field("id"))
                        .is_some_and(|f| f.ty == id)
                {
                    return Some((vec![field.name.clone()], entry.clone()));
                }
            }
            Type::Node(inner) => {
                if let Some((mut path, entry)) = find(image, inner, stored, depth + 1) {
                    path.insert(0, field.name.clone());
                    return Some((path, entry));
                }
            }
            _ => {}
        }
    }
    None
}
