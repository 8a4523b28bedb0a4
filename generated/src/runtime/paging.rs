//! One page of an edge read: `{"data": [...], "paging": {...}, "summary": {...}}`.
//! Following pages is [`Request::stream`](super::request::Request::stream)'s job.

use serde::{Deserialize, Deserializer};

/// One page of a list edge.
///
/// `S` is the edge's summary type, filled when the summary was asked for;
/// edges without one use [`NoSummary`].
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Page<T, S = NoSummary> {
    /// The items on this page. May be empty even when more pages follow.
    /// Required: a list response without `data` is not a page, and decoding
    /// it as an empty one would hide the problem.
    pub data: Vec<T>,
    /// Cursors and links to the neighbouring pages.
    pub paging: Option<Paging>,
    /// Aggregates over the whole list (`summary=`), when asked for.
    pub summary: Option<S>,
}

impl<T, S> Page<T, S> {
    /// The cursor to pass as `after` to read the next page
    /// (`paging.cursors.after`).
    ///
    /// Graph sends an `after` cursor on the last page too: whether there is a
    /// next page is [`has_next`](Self::has_next).
    pub fn next_cursor(&self) -> Option<&str> {
        self.paging.as_ref()?.cursors.as_ref()?.after.as_deref()
    }

    /// Whether another page follows (`paging.next` is present). The only
    /// reliable end-of-list signal: pages can be short, or empty, mid-list.
    pub fn has_next(&self) -> bool {
        self.paging
            .as_ref()
            .is_some_and(|paging| paging.next.is_some())
    }
}

/// The `paging` object of a list response.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[non_exhaustive]
pub struct Paging {
    /// The cursors of the first and last item of the page.
    pub cursors: Option<Cursors>,
    /// The URL of the next page; absent on the last page.
    pub next: Option<String>,
    /// The URL of the previous page; absent on the first page.
    pub previous: Option<String>,
}

/// Opaque cursors around a page. They expire: do not store them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[non_exhaustive]
pub struct Cursors {
    /// Points before the first item of the page (`before=`).
    pub before: Option<String>,
    /// Points after the last item of the page (`after=`).
    pub after: Option<String>,
}

/// The summary type of edges that have none: accepts and ignores whatever
/// Graph sends as `summary`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NoSummary;

impl<'de> Deserialize<'de> for NoSummary {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(deserializer).map(|_| NoSummary)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[derive(Debug, PartialEq, Deserialize)]
    struct Item {
        id: String,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Summary {
        total_count: Option<u64>,
    }

    #[test]
    fn page_with_summary_and_next() {
        let page: Page<Item, Summary> = serde_json::from_value(json!({
            "data": [{"id": "1"}, {"id": "2", "extra": true}],
            "paging": {
                "cursors": {"before": "B", "after": "A"},
                "next": "https://graph.facebook.com/v23.0/W/assigned_users?after=A",
            },
            "summary": {"total_count": 7}
        }))
        .unwrap();
        assert_eq!(
            page.data,
            [Item { id: "1".into() }, Item { id: "2".into() }]
        );
        assert_eq!(
            page.summary,
            Some(Summary {
                total_count: Some(7)
            })
        );
        assert_eq!(page.next_cursor(), Some("A"));
        assert!(page.has_next());
        let paging = page.paging.unwrap();
        assert_eq!(paging.cursors.unwrap().before.as_deref(), Some("B"));
        assert_eq!(paging.previous, None);
    }

    #[test]
    fn page_without_summary_or_paging_and_data_is_required() {
        let page: Page<Item> = serde_json::from_value(json!({
            "data": [{"id": "1"}],
            "paging": {"cursors": {"before": "B", "after": "A"}},
        }))
        .unwrap();
        assert_eq!(page.summary, None);
        assert_eq!(page.next_cursor(), Some("A"));
        assert!(!page.has_next());

        let error = serde_json::from_value::<Page<Item>>(json!({})).unwrap_err();
        assert!(
            error.to_string().contains("missing field `data`"),
            "{error}"
        );
        let empty: Page<Item> = serde_json::from_value(json!({"data": []})).unwrap();
        assert!(empty.data.is_empty());
        assert_eq!(empty.paging, None);
        assert_eq!(empty.next_cursor(), None);
        assert!(!empty.has_next());
    }

    #[test]
    fn no_summary_ignores_any_summary() {
        let page: Page<Item> = serde_json::from_value(json!({
            "data": [],
            "summary": {"total_count": 3, "nested": [1, {"a": null}]}
        }))
        .unwrap();
        assert_eq!(page.summary, Some(NoSummary));
        let page: Page<Item> =
            serde_json::from_value(json!({"data": [], "summary": null})).unwrap();
        assert_eq!(page.summary, None);
    }

    #[test]
    fn data_of_the_wrong_shape_is_an_error() {
        assert!(serde_json::from_value::<Page<Item>>(json!({"data": {"not": "a list"}})).is_err());
    }
}
