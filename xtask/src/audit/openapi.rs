//! An OpenAPI 3.x description reduced to [`Operation`]s.

use std::collections::BTreeMap;

use serde_json::Value;

use super::path::placeholder_names;
use super::resolve::{Resolver, Shape};
use super::surface::{Enumeration, Item, Location, Operation, Param};

/// The HTTP methods a path item may hold, in OpenAPI's spelling.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "patch", "head", "options", "trace",
];

/// Keys of a Graph page besides `data`: a response made of `data` (a list)
/// and only these is a page, and its fields are those of the list's items.
const PAGE_KEYS: [&str; 2] = ["paging", "summary"];

/// Every operation of `document`, in path order. Errors name the operation
/// and the part of it that could not be read.
pub fn operations(document: &Value) -> Result<Vec<Operation>, String> {
    let resolver = Resolver::new(document);
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return Err("`paths` is not a mapping".into());
    };
    let mut operations = Vec::new();
    for (path, item) in paths {
        resolver.follow(item, path, &mut Vec::new(), |item, _| {
            let shared = item.get("parameters");
            for method in METHODS {
                if let Some(operation) = item.get(method) {
                    let method = method.to_ascii_uppercase();
                    let at = format!("{method} {path}");
                    operations.push(read_operation(
                        &resolver, method, path, shared, operation, &at,
                    )?);
                }
            }
            Ok(())
        })?;
    }
    Ok(operations)
}

fn read_operation<'a>(
    resolver: &Resolver<'a>,
    method: String,
    path: &str,
    shared: Option<&'a Value>,
    operation: &'a Value,
    at: &str,
) -> Result<Operation, String> {
    let placeholders = placeholder_names(path);
    // Operation-level parameters override path-level ones of the same name
    // and location.
    let mut params: BTreeMap<(Location, String), Item> = BTreeMap::new();
    for list in [shared, operation.get("parameters")].into_iter().flatten() {
        let Some(list) = list.as_array() else {
            return Err(format!("{at}: `parameters` is not a list"));
        };
        for param in list {
            if let Some((location, item)) = read_param(resolver, param, at)? {
                // Path placeholders are matched by position, not by name.
                let placeholder = placeholder_names(&format!("{{{}}}", item.name));
                if location == Location::Path
                    && placeholder
                        .first()
                        .is_some_and(|p| placeholders.contains(p))
                {
                    continue;
                }
                params.insert((location, item.name.clone()), item);
            }
        }
    }
    let mut params: Vec<Param> = params
        .into_iter()
        .map(|((location, _), item)| Param { location, item })
        .collect();
    if let Some(body) = operation.get("requestBody") {
        let at = format!("{at}: request body");
        let shape = resolver.follow(body, &at, &mut Vec::new(), |body, _| {
            content_shape(resolver, body, &at)
        })?;
        params.extend(items(resolver, shape, &at)?.into_iter().map(|item| Param {
            location: Location::Body,
            item,
        }));
    }
    let response = match success_response(operation, at)? {
        None => Vec::new(),
        Some((status, response)) => {
            let at = format!("{at}: response {status}");
            let shape = resolver.follow(response, &at, &mut Vec::new(), |response, _| {
                content_shape(resolver, response, &at)
            })?;
            let shape = page_items(resolver, shape, &at)?;
            items(resolver, shape, &at)?
        }
    };
    Ok(Operation {
        name: operation
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        method,
        path: path.to_owned(),
        params,
        response,
        response_required_known: true,
    })
}

/// A parameter's location and item; `None` for cookies, which Graph does
/// not use.
fn read_param<'a>(
    resolver: &Resolver<'a>,
    param: &'a Value,
    at: &str,
) -> Result<Option<(Location, Item)>, String> {
    resolver.follow(param, at, &mut Vec::new(), |param, _| {
        let Some(name) = param.get("name").and_then(Value::as_str) else {
            return Err(format!("{at}: a parameter has no `name`"));
        };
        let location = match param.get("in").and_then(Value::as_str) {
            Some("query") => Location::Query,
            Some("path") => Location::Path,
            Some("header") => Location::Header,
            Some("cookie") => return Ok(None),
            Some(other) => return Err(format!("{at}: parameter `{name}` is `in: {other}`")),
            None => return Err(format!("{at}: parameter `{name}` has no `in`")),
        };
        let at = format!("{at}: parameter `{name}`");
        let enumeration = match param.get("schema") {
            Some(schema) => enumeration(resolver.enum_values(schema, &at)?),
            None => None,
        };
        Ok(Some((
            location,
            Item {
                name: name.to_owned(),
                required: param.get("required").and_then(Value::as_bool) == Some(true),
                enumeration,
            },
        )))
    })
}

/// The `200` response, or else the first `2XX` one.
fn success_response<'a>(
    operation: &'a Value,
    at: &str,
) -> Result<Option<(&'a str, &'a Value)>, String> {
    let Some(responses) = operation.get("responses") else {
        return Ok(None);
    };
    let Some(responses) = responses.as_object() else {
        return Err(format!("{at}: `responses` is not a mapping"));
    };
    if let Some((status, response)) = responses.get_key_value("200") {
        return Ok(Some((status, response)));
    }
    Ok(responses
        .iter()
        .find(|(status, _)| status.starts_with('2'))
        .map(|(status, response)| (status.as_str(), response)))
}

/// The properties of every media type of a body or response, united: a
/// field is required only where every media type requires it.
fn content_shape<'a>(
    resolver: &Resolver<'a>,
    holder: &'a Value,
    at: &str,
) -> Result<Shape, String> {
    let Some(content) = holder.get("content") else {
        return Ok(Shape::default());
    };
    let Some(content) = content.as_object() else {
        return Err(format!("{at}: `content` is not a mapping"));
    };
    let mut united: Option<Shape> = None;
    for (media_type, media) in content {
        let Some(schema) = media.get("schema") else {
            continue;
        };
        let shape = resolver.shape(schema, &format!("{at} ({media_type})"))?;
        united = Some(match united {
            None => shape,
            Some(mut so_far) => {
                so_far.required = so_far
                    .required
                    .intersection(&shape.required)
                    .cloned()
                    .collect();
                for (name, property) in shape.properties {
                    so_far.properties.entry(name).or_insert(property);
                }
                so_far
            }
        });
    }
    Ok(united.unwrap_or_default())
}

/// For a `{data: [...], paging}` page, the shape of the items; any other
/// shape as it is.
fn page_items<'a>(resolver: &Resolver<'a>, shape: Shape, at: &str) -> Result<Shape, String> {
    let only_page_keys = shape
        .properties
        .keys()
        .all(|k| k == "data" || PAGE_KEYS.contains(&k.as_str()));
    let Some(data) = shape.properties.get("data").filter(|_| only_page_keys) else {
        return Ok(shape);
    };
    let at = format!("{at}: `data`");
    match resolver.array_items(data, &at)? {
        Some(items) => resolver.shape(items, &format!("{at} items")),
        None => Ok(shape),
    }
}

/// A shape's properties as items, with their enum values.
fn items<'a>(resolver: &Resolver<'a>, shape: Shape, at: &str) -> Result<Vec<Item>, String> {
    shape
        .properties
        .into_iter()
        .map(|(name, schema)| {
            let values = resolver.enum_values(&schema, &format!("{at}: `{name}`"))?;
            Ok(Item {
                required: shape.required.contains(&name),
                enumeration: enumeration(values),
                name,
            })
        })
        .collect()
}

fn enumeration(values: Option<std::collections::BTreeSet<String>>) -> Option<Enumeration> {
    values.map(|values| Enumeration { name: None, values })
}
