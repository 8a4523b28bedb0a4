//! Graph batch requests (`POST /` or `/{version}/` with `batch=[...]`):
//! reading the items, and putting the results of earlier items where a
//! later one refers to them (`{result=name:$.id}`). Each item is then
//! served by the server like a request of its own.

use serde_json::Value;

use crate::graph_error::GraphError;

/// The most items Graph takes in one batch request.
pub const MAX_ITEMS: usize = 50;

/// One item of the `batch` array.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub method: String,
    /// `v23.0/123/assigned_users?business=1`, as sent.
    pub relative_url: String,
    /// A form-encoded body, as sent.
    pub body: Option<String>,
    pub name: Option<String>,
    pub depends_on: Option<String>,
    /// Answer `null` for this item when it succeeds. Unless the item says,
    /// Graph omits the result of an item that a later item refers to.
    pub omit_response_on_success: bool,
}

/// The error for a batch request Graph refuses as a whole.
fn refused(message: impl Into<String>) -> GraphError {
    GraphError::custom(400, 100, None, &message.into()).with_kind("GraphBatchException")
}

/// Reads the `batch` parameter: a JSON array of at most [`MAX_ITEMS`]
/// items. An item that is not an object, or has no `method` or
/// `relative_url`, is an `Err` of its own; the others still run.
pub fn parse(text: Option<&str>) -> Result<Vec<Result<Item, GraphError>>, GraphError> {
    let Some(text) = text else {
        return Err(refused("(#100) The parameter batch is required"));
    };
    let items: Vec<Value> = match serde_json::from_str(text) {
        Ok(Value::Array(items)) => items,
        _ => {
            return Err(refused(
                "(#100) Param batch must be a JSON-encoded array of requests",
            ));
        }
    };
    if items.len() > MAX_ITEMS {
        return Err(refused(format!(
            "Too many requests in batch message. Maximum batch size is {MAX_ITEMS}"
        )));
    }
    let mut parsed: Vec<(Result<Item, GraphError>, Option<bool>)> =
        items.iter().map(item).collect();
    // An item referred to by a later one is omitted by default.
    for index in 0..parsed.len() {
        let name = match &parsed[index] {
            (
                Ok(Item {
                    name: Some(name), ..
                }),
                None,
            ) => name.clone(),
            _ => continue,
        };
        let referred_to = parsed[index + 1..].iter().any(|(later, _)| {
            later.as_ref().is_ok_and(|later| {
                referenced(&later.relative_url)
                    .into_iter()
                    .chain(later.body.as_deref().map(referenced).unwrap_or_default())
                    .any(|referenced| referenced == name)
            })
        });
        if let (Ok(item), _) = &mut parsed[index] {
            item.omit_response_on_success = referred_to;
        }
    }
    Ok(parsed.into_iter().map(|(item, _)| item).collect())
}

/// One item, and its `omit_response_on_success` if it sets one.
fn item(value: &Value) -> (Result<Item, GraphError>, Option<bool>) {
    let omit = match value.get("omit_response_on_success") {
        Some(Value::Bool(b)) => Some(*b),
        Some(Value::String(s)) => Some(s == "true"),
        _ => None,
    };
    (item_fields(value, omit.unwrap_or(false)), omit)
}

fn item_fields(value: &Value, omit: bool) -> Result<Item, GraphError> {
    let text = |name: &str| value.get(name).and_then(Value::as_str).map(str::to_owned);
    let missing =
        |name: &str| GraphError::param(format!("Param {name} is required in each batch request"));
    let method = text("method").ok_or_else(|| missing("method"))?;
    let relative_url = text("relative_url").ok_or_else(|| missing("relative_url"))?;
    Ok(Item {
        method: method.to_ascii_uppercase(),
        relative_url,
        body: text("body").filter(|b| !b.is_empty()),
        name: text("name").filter(|n| !n.is_empty()),
        depends_on: text("depends_on").filter(|n| !n.is_empty()),
        omit_response_on_success: omit,
    })
}

/// The names of the items `text` refers to with `{result=name:path}`.
pub fn referenced(text: &str) -> Vec<String> {
    references(text)
        .map(|(_, name, _)| name.to_owned())
        .collect()
}

/// Each `{result=name:path}` in `text`: its byte range, name and path.
fn references(text: &str) -> impl Iterator<Item = (std::ops::Range<usize>, &str, &str)> {
    const START: &str = "{result=";
    let mut from = 0;
    std::iter::from_fn(move || {
        loop {
            let start = from + text.get(from..)?.find(START)?;
            let inner_start = start + START.len();
            let end = inner_start + text.get(inner_start..)?.find('}')?;
            from = end + 1;
            let inner = text.get(inner_start..end)?;
            if let Some((name, path)) = inner.split_once(':') {
                return Some((start..end + 1, name, path));
            }
        }
    })
}

/// `text` with every `{result=name:path}` replaced by what `path` picks in
/// the JSON result of the item `name` (`results` gives it), form-encoded.
/// A path that picks nothing is Graph's error 100.
pub fn substitute<'r>(
    text: &str,
    results: impl Fn(&str) -> Option<&'r Value>,
) -> Result<String, GraphError> {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (range, name, path) in references(text) {
        let value = results(name)
            .and_then(|result| pick(result, path))
            .ok_or_else(|| {
                GraphError::param(format!(
                    "Cannot resolve JSONPath {path} in the result of batch request {name}"
                ))
            })?;
        out.push_str(text.get(last..range.start).unwrap_or_default());
        out.extend(url::form_urlencoded::byte_serialize(value.as_bytes()));
        last = range.end;
    }
    out.push_str(text.get(last..).unwrap_or_default());
    Ok(out)
}

/// What a JSONPath (`$.id`, `$.data.0.id`, `$.data[0].id`, `$.data.*.id`)
/// picks in `value`: texts and numbers as they read, several joined by
/// commas. `None` when it picks nothing.
pub fn pick(value: &Value, path: &str) -> Option<String> {
    let rest = path.strip_prefix('$')?;
    let steps = rest.replace('[', ".").replace(']', "");
    let mut current = vec![value];
    for step in steps.split('.').filter(|s| !s.is_empty()) {
        current = current
            .into_iter()
            .flat_map(|v| -> Vec<&Value> {
                match (v, step) {
                    (Value::Array(items), "*") => items.iter().collect(),
                    (Value::Object(map), "*") => map.values().collect(),
                    (Value::Array(items), index) => index
                        .parse::<usize>()
                        .ok()
                        .and_then(|i| items.get(i))
                        .into_iter()
                        .collect(),
                    (Value::Object(map), key) => map.get(key).into_iter().collect(),
                    _ => Vec::new(),
                }
            })
            .collect();
    }
    let texts: Vec<String> = current
        .into_iter()
        .filter(|v| !v.is_null())
        .map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect();
    (!texts.is_empty()).then(|| texts.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_result_referred_to_later_is_omitted_unless_asked_for() {
        let batch = |first: serde_json::Value| {
            let text = json!([
                first,
                {"method": "GET", "relative_url": "v23.0/{result=first:$.id}"},
                {"method": "GET", "relative_url": "v23.0/1", "name": "unused"},
            ])
            .to_string();
            parse(Some(&text))
                .unwrap()
                .into_iter()
                .map(|item| item.unwrap().omit_response_on_success)
                .collect::<Vec<_>>()
        };
        let named = json!({"method": "POST", "relative_url": "v23.0/1/x", "name": "first"});
        assert_eq!(batch(named.clone()), [true, false, false]);
        let mut kept = named.clone();
        kept["omit_response_on_success"] = json!(false);
        assert_eq!(batch(kept), [false, false, false]);
    }

    #[test]
    fn paths_pick_values() {
        let result = json!({"id": "12", "n": 3, "data": [{"id": "a"}, {"id": "b"}]});
        assert_eq!(pick(&result, "$.id").as_deref(), Some("12"));
        assert_eq!(pick(&result, "$.n").as_deref(), Some("3"));
        assert_eq!(pick(&result, "$.data.0.id").as_deref(), Some("a"));
        assert_eq!(pick(&result, "$.data[1].id").as_deref(), Some("b"));
        assert_eq!(pick(&result, "$.data.*.id").as_deref(), Some("a,b"));
        assert_eq!(pick(&result, "$.missing"), None);
        assert_eq!(pick(&result, "id"), None);
        assert_eq!(pick(&result, "$.data.9.id"), None);
    }

    #[test]
    fn references_are_replaced_by_name() {
        let first = json!({"id": "77"});
        let results = |name: &str| (name == "first").then_some(&first);
        assert_eq!(
            substitute(
                "v23.0/{result=first:$.id}?a={result=first:$.id}&b=1",
                results
            )
            .unwrap(),
            "v23.0/77?a=77&b=1"
        );
        assert_eq!(
            substitute("no references {x}", results).unwrap(),
            "no references {x}"
        );
        assert!(substitute("{result=other:$.id}", results).is_err());
        assert!(substitute("{result=first:$.nothing}", results).is_err());
        assert_eq!(referenced("a={result=x:$.id}&b={result=y:$}"), ["x", "y"]);
        // An unterminated reference is left as it is.
        assert_eq!(
            substitute("{result=first", results).unwrap(),
            "{result=first"
        );
    }

    #[test]
    fn the_batch_parameter_is_an_array_of_at_most_fifty() {
        assert!(parse(None).is_err());
        assert!(parse(Some("{}")).is_err());
        let item = json!({"method": "get", "relative_url": "v23.0/1"});
        let fifty = Value::Array(vec![item.clone(); 50]).to_string();
        let items = parse(Some(&fifty)).unwrap();
        assert_eq!(items.len(), 50);
        assert_eq!(items[0].as_ref().unwrap().method, "GET");
        let fifty_one = Value::Array(vec![item; 51]).to_string();
        let error = parse(Some(&fifty_one)).unwrap_err();
        assert!(
            error.message.contains("Maximum batch size is 50"),
            "{error:?}"
        );
        let items = parse(Some(r#"[{"method":"GET"}, 5]"#)).unwrap();
        assert!(items.iter().all(Result::is_err));
    }
}
