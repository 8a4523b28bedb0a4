//! Pages of an edge: `limit`, opaque `after`/`before` cursors that point at
//! an item (so they survive writes between pages), and absolute
//! `next`/`previous` URLs that repeat the request with the cursor set.

use serde_json::{Map, Value, json};

use crate::graph_error::GraphError;

/// Where a page starts, from the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum From<'a> {
    Start,
    After(&'a str),
    Before(&'a str),
}

/// The cursor pointing at item `index` with `id`.
pub fn cursor(index: usize, id: &str) -> String {
    hex::encode(format!("{index}:{id}"))
}

/// The position a cursor points at in `ids`: the item's current position,
/// or its old one when it is gone.
fn position(cursor: &str, ids: &[String]) -> Result<usize, GraphError> {
    let invalid = || GraphError::param(format!("Invalid cursor: {cursor}"));
    let text = hex::decode(cursor)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(invalid)?;
    let (index, id) = text.split_once(':').ok_or_else(invalid)?;
    match ids.iter().position(|i| i == id) {
        Some(at) => Ok(at),
        None => index.parse().map_err(|_| invalid()),
    }
}

/// Picks the page's range of `ids`.
pub fn window(
    ids: &[String],
    from: From<'_>,
    limit: usize,
) -> Result<std::ops::Range<usize>, GraphError> {
    let limit = limit.max(1);
    Ok(match from {
        From::Start => 0..limit.min(ids.len()),
        From::After(cursor) => {
            let start = (position(cursor, ids)? + 1).min(ids.len());
            start..(start + limit).min(ids.len())
        }
        From::Before(cursor) => {
            let end = position(cursor, ids)?.min(ids.len());
            end.saturating_sub(limit)..end
        }
    })
}

/// The page object: `data`, then `paging` with cursors and the URLs of
/// the neighbouring pages. `url` is the request's absolute URL without
/// query; `query` its parameters, which the URLs repeat.
pub fn page(
    data: Vec<Value>,
    ids: &[String],
    range: std::ops::Range<usize>,
    url: &str,
    query: &[(String, String)],
) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("data".to_owned(), Value::Array(data));
    if range.is_empty() {
        return out;
    }
    let before = cursor(range.start, &ids[range.start]);
    let after = cursor(range.end - 1, &ids[range.end - 1]);
    let link = |key: &str, value: &str| {
        let mut serializer = url::form_urlencoded::Serializer::new(String::new());
        for (name, v) in query {
            if name != "after" && name != "before" {
                serializer.append_pair(name, v);
            }
        }
        serializer.append_pair(key, value);
        format!("{url}?{}", serializer.finish())
    };
    let mut paging = json!({ "cursors": { "before": before, "after": after } });
    if range.start > 0 {
        paging["previous"] = Value::from(link("before", &before));
    }
    if range.end < ids.len() {
        paging["next"] = Value::from(link("after", &after));
    }
    out.insert("paging".to_owned(), paging);
    out
}
