//! Reading the digest of Meta's OpenAPI file
//! (`../shared/reference/whatsapp-openapi-v23.md`) into the rows of the
//! table, so the table can be checked against it.
//!
//! The digest writes an operation as a `- `METHOD path` (operationId `x`)`
//! line followed by `  - params: ...`, `  - body `type`: SHAPE` and
//! `  - 200 `type`: SHAPE` lines. A shape is an object
//! (`{a!: string, b: {c!: string}}`, `!` marking a required key), objects
//! joined by `&` (all at once) or alternatives joined by `|`.

use super::table::MetaOperation;

/// Every operation of the digest but webhook deliveries, in its order.
pub fn operations(text: &str) -> Vec<MetaOperation> {
    struct Reading {
        meta: MetaOperation,
        query: Vec<String>,
        bodies: Vec<Vec<String>>,
    }
    let mut ops: Vec<Reading> = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("- `") {
            let Some((call, rest)) = rest.split_once("` (operationId `") else {
                continue;
            };
            ops.push(Reading {
                meta: MetaOperation {
                    call: call.to_owned(),
                    operation_id: rest.trim_end_matches("`)").to_owned(),
                    required: Vec::new(),
                    answers: Vec::new(),
                },
                query: Vec::new(),
                bodies: Vec::new(),
            });
            continue;
        }
        let Some(op) = ops.last_mut() else { continue };
        if let Some(params) = line.strip_prefix("  - params: ") {
            for param in params.split("; ") {
                let (place, rest) = param.split_once(':').unwrap();
                let name = rest.split(':').next().unwrap();
                if let Some(name) = name.strip_suffix('!').filter(|_| place != "path") {
                    op.query.push(name.to_owned());
                }
            }
        } else if let Some(body) = line.strip_prefix("  - body `") {
            op.bodies.push(required_keys(shape_of(body)));
        } else if let Some(answer) = line.strip_prefix("  - 200 `application/json") {
            op.meta.answers = answer_keys(shape_of(answer));
        }
    }
    ops.into_iter()
        .filter(|op| !op.meta.call.ends_with("/whatsapp/webhooks"))
        .map(|op| {
            let mut body = op.bodies.first().cloned().unwrap_or_default();
            body.retain(|key| op.bodies.iter().all(|b| b.contains(key)));
            body.sort();
            let mut meta = op.meta;
            meta.required = op.query.into_iter().chain(body).collect();
            meta
        })
        .collect()
}

/// The shape after a line's "`: ".
fn shape_of(line: &str) -> &str {
    line.split_once("`: ").map_or("", |(_, shape)| shape.trim())
}

/// The keys a shape requires at its top level: those every alternative
/// requires, an alternative requiring what any of its `&` parts does.
fn required_keys(shape: &str) -> Vec<String> {
    let mut required: Option<Vec<String>> = None;
    for alternative in split_top_level(shape, '|') {
        let keys: Vec<String> = split_top_level(alternative, '&')
            .into_iter()
            .flat_map(entries)
            .filter_map(|(key, _)| key.strip_suffix('!').map(str::to_owned))
            .collect();
        required = Some(match required {
            None => keys,
            Some(mut so_far) => {
                so_far.retain(|key| keys.contains(key));
                so_far
            }
        });
    }
    required.unwrap_or_default()
}

/// The keys of each alternative of an answer; for a page (an object of
/// `data`, `paging` and `summary` only) the keys of its items.
fn answer_keys(shape: &str) -> Vec<Vec<String>> {
    split_top_level(shape, '|')
        .into_iter()
        .filter_map(|alternative| {
            let mut keys: Vec<(&str, &str)> = split_top_level(alternative, '&')
                .into_iter()
                .flat_map(entries)
                .map(|(key, value)| (key.trim_end_matches('!'), value))
                .collect();
            let is_page = keys
                .iter()
                .all(|(key, _)| ["data", "paging", "summary"].contains(key));
            if let Some(items) = keys
                .iter()
                .find(|(key, _)| *key == "data")
                .and_then(|(_, value)| value.strip_prefix("list<")?.strip_suffix('>'))
                .filter(|items| is_page && items.starts_with('{'))
            {
                keys = entries(items)
                    .into_iter()
                    .map(|(key, value)| (key.trim_end_matches('!'), value))
                    .collect();
            }
            let names: Vec<String> = keys
                .into_iter()
                .map(|(key, _)| key.to_owned())
                .filter(|key| key != "paging")
                .collect();
            (!names.is_empty()).then_some(names)
        })
        .collect()
}

/// The `key: value` entries of one `{...}` object, keys as written (with
/// their `!`); a key without a value (`{before,after}`) has an empty one.
fn entries(object: &str) -> Vec<(&str, &str)> {
    let Some(inner) = object.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else {
        return Vec::new();
    };
    split_top_level(inner, ',')
        .into_iter()
        .map(|entry| match entry.split_once(':') {
            Some((key, value)) => (key.trim(), value.trim()),
            None => (entry.trim(), ""),
        })
        .collect()
}

/// `text` split at `separator` where it is outside any bracket.
fn split_top_level(text: &str, separator: char) -> Vec<&str> {
    let (mut depth, mut start, mut parts) = (0i32, 0usize, Vec::new());
    for (at, c) in text.char_indices() {
        match c {
            '{' | '<' | '(' => depth += 1,
            '}' | '>' | ')' => depth -= 1,
            c if c == separator && depth == 0 => {
                parts.push(text[start..at].trim());
                start = at + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(text[start..].trim());
    parts
}
