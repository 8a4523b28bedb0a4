//! A request's parameters, read from where the operation's route says they
//! travel and checked against their spec types the way Graph checks them:
//! a missing required parameter, a value of the wrong type, an unknown
//! enum value, malformed JSON, a bad multipart part: error 100 naming the
//! parameter.

use std::collections::BTreeMap;

use bytes::Bytes;
use serde_json::{Map, Value};

use crate::graph_error::GraphError;
use crate::image::{Image, Location, Route, Type};

/// An uploaded file: a multipart file part, or a binary body.
#[derive(Debug, Clone, PartialEq)]
pub struct FilePart {
    pub file_name: Option<String>,
    pub content_type: String,
    pub bytes: Bytes,
}

/// A request body, decoded by its `Content-Type`.
#[derive(Debug, Clone, Default)]
pub enum Body {
    #[default]
    None,
    Form(Vec<(String, String)>),
    Json(Map<String, Value>),
    Multipart {
        fields: Vec<(String, String)>,
        files: Vec<(String, FilePart)>,
    },
    Binary(FilePart),
}

impl Body {
    /// Decodes `bytes` sent with `content_type`. JSON that does not parse,
    /// or is not an object, and multipart bodies that do not parse are
    /// Graph's error 100.
    pub async fn decode(content_type: Option<&str>, bytes: Bytes) -> Result<Body, GraphError> {
        let content_type = content_type.unwrap_or("").to_owned();
        let essence = content_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        match essence.as_str() {
            "application/x-www-form-urlencoded" => Ok(Body::Form(
                url::form_urlencoded::parse(&bytes).into_owned().collect(),
            )),
            "application/json" => match serde_json::from_slice::<Value>(&bytes) {
                Ok(Value::Object(map)) => Ok(Body::Json(map)),
                Ok(_) => Err(GraphError::param("The request body must be a JSON object")),
                Err(e) => Err(GraphError::param(format!(
                    "The request body is not valid JSON: {e}"
                ))),
            },
            "multipart/form-data" => multipart(&content_type, bytes).await,
            _ if bytes.is_empty() => Ok(Body::None),
            _ => Ok(Body::Binary(FilePart {
                file_name: None,
                content_type: if essence.is_empty() {
                    "application/octet-stream".to_owned()
                } else {
                    essence
                },
                bytes,
            })),
        }
    }

    /// A text value sent in the body under `name`.
    pub fn text(&self, name: &str) -> Option<String> {
        match self {
            Body::Form(pairs) | Body::Multipart { fields: pairs, .. } => pairs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone()),
            Body::Json(map) => map.get(name).map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            }),
            _ => None,
        }
    }
}

async fn multipart(content_type: &str, bytes: Bytes) -> Result<Body, GraphError> {
    let bad = |e: multer::Error| GraphError::param(format!("Invalid multipart body: {e}"));
    let boundary = multer::parse_boundary(content_type).map_err(bad)?;
    let stream = futures_util::stream::once(async move { Ok::<Bytes, std::io::Error>(bytes) });
    let mut parts = multer::Multipart::new(stream, boundary);
    let (mut fields, mut files) = (Vec::new(), Vec::new());
    while let Some(part) = parts.next_field().await.map_err(bad)? {
        let Some(name) = part.name().map(str::to_owned) else {
            return Err(GraphError::param(
                "Invalid multipart body: a part has no name",
            ));
        };
        let file_name = part.file_name().map(str::to_owned);
        let content_type = part.content_type().map(ToString::to_string);
        let data = part.bytes().await.map_err(bad)?;
        if file_name.is_some() {
            files.push((
                name,
                FilePart {
                    file_name,
                    content_type: content_type
                        .unwrap_or_else(|| "application/octet-stream".to_owned()),
                    bytes: data,
                },
            ));
        } else {
            let text = String::from_utf8(data.to_vec())
                .map_err(|_| GraphError::param(format!("Param {name} is not valid UTF-8 text")))?;
            fields.push((name, text));
        }
    }
    Ok(Body::Multipart { fields, files })
}

/// What arrived with a request, for reading its parameters.
pub struct Incoming<'a> {
    pub query: &'a [(String, String)],
    pub headers: &'a hyper::HeaderMap,
    pub body: &'a Body,
    /// Path parameters by name.
    pub path: &'a [(String, String)],
}

impl Incoming<'_> {
    /// A text parameter wherever Graph reads one: the query, then the body.
    pub fn text(&self, name: &str) -> Option<String> {
        self.query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .or_else(|| self.body.text(name))
    }
}

/// An operation's parameters, checked: JSON values by wire name, and files.
#[derive(Debug, Default)]
pub struct Params {
    pub values: BTreeMap<String, Value>,
    pub files: Vec<(String, FilePart)>,
}

impl Params {
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.values.get(name)
    }
}

/// Reads and checks every parameter of `route` from the request.
pub fn read(image: &Image, route: &Route, incoming: &Incoming<'_>) -> Result<Params, GraphError> {
    let mut params = Params::default();
    for param in &route.params {
        if param.ty.is_file() {
            let file = match incoming.body {
                Body::Multipart { files, .. } => files
                    .iter()
                    .find(|(n, _)| *n == param.name)
                    .map(|(_, f)| f.clone()),
                Body::Binary(file) => Some(file.clone()),
                _ => None,
            };
            match file {
                Some(file) => {
                    if let Some(max) = param.max_bytes
                        && file.bytes.len() as u64 > max
                    {
                        return Err(GraphError::param(format!(
                            "Param {} is larger than {max} bytes",
                            param.name
                        )));
                    }
                    params.files.push((param.name.clone(), file));
                }
                None if param.required => {
                    return Err(GraphError::param(format!(
                        "The parameter {} is required: send it as a file",
                        param.name
                    )));
                }
                None => {}
            }
            continue;
        }
        let value = match param.location {
            Location::Url => continue,
            Location::Path => incoming
                .path
                .iter()
                .find(|(n, _)| *n == param.name)
                .map(|(_, v)| from_text(image, &param.ty, &param.name, v))
                .transpose()?,
            Location::Header => incoming
                .headers
                .get(param.name.as_str())
                .map(|v| {
                    let text = v.to_str().map_err(|_| {
                        GraphError::param(format!("Param {} must be text", param.name))
                    })?;
                    from_text(image, &param.ty, &param.name, text)
                })
                .transpose()?,
            Location::Query | Location::Body => match incoming.body {
                Body::Json(map) if param.flatten => Some(Value::Object(map.clone()))
                    .map(|v| from_json(image, &param.ty, &param.name, &v))
                    .transpose()?,
                Body::Json(map) if map.contains_key(&param.name) => {
                    Some(from_json(image, &param.ty, &param.name, &map[&param.name])?)
                }
                _ => incoming
                    .text(&param.name)
                    .map(|text| from_text(image, &param.ty, &param.name, &text))
                    .transpose()?,
            },
        };
        match value {
            Some(value) => {
                if let Some(expected) = &param.value
                    && !same_constant(expected, &value)
                {
                    return Err(GraphError::param(format!(
                        "Param {} must be {expected}",
                        param.name
                    )));
                }
                params.values.insert(param.name.clone(), value);
            }
            None if param.required || param.value.is_some() => {
                return Err(GraphError::param(format!(
                    "The parameter {} is required",
                    param.name
                )));
            }
            None => {}
        }
    }
    Ok(params)
}

fn same_constant(expected: &Value, got: &Value) -> bool {
    let text = match expected {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    expected == got || got.as_str() == Some(text.as_str())
}

/// A value sent as text (query, form, multipart field, header, path).
pub fn from_text(image: &Image, ty: &Type, name: &str, text: &str) -> Result<Value, GraphError> {
    match ty {
        Type::Scalar(scalar) => scalar_from_text(scalar, name, text),
        Type::Id(_) | Type::Enum(_) => from_json(image, ty, name, &Value::from(text)),
        Type::List(_) | Type::Page(_) | Type::Node(_) | Type::Union(_) => {
            let value: Value = serde_json::from_str(text).map_err(|_| {
                GraphError::param(format!(
                    "Param {name} must be {}, sent as JSON text",
                    describe(ty)
                ))
            })?;
            from_json(image, ty, name, &value)
        }
    }
}

fn scalar_from_text(scalar: &str, name: &str, text: &str) -> Result<Value, GraphError> {
    let wrong = || GraphError::param(format!("Param {name} must be {}", describe_scalar(scalar)));
    Ok(match scalar {
        "bool" => match text {
            "true" | "1" => Value::Bool(true),
            "false" | "0" => Value::Bool(false),
            _ => return Err(wrong()),
        },
        "int32" | "int64" => Value::from(text.parse::<i64>().map_err(|_| wrong())?),
        "uint32" | "uint64" | "timestamp" => Value::from(text.parse::<u64>().map_err(|_| wrong())?),
        "float64" => Value::from(text.parse::<f64>().map_err(|_| wrong())?),
        "numeric_string" if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) => {
            return Err(wrong());
        }
        "json" => serde_json::from_str(text).unwrap_or_else(|_| Value::from(text)),
        _ => Value::from(text),
    })
}

/// A value sent as JSON (a JSON body, or inside JSON text).
pub fn from_json(image: &Image, ty: &Type, name: &str, value: &Value) -> Result<Value, GraphError> {
    let wrong = || GraphError::param(format!("Param {name} must be {}", describe(ty)));
    match ty {
        Type::Scalar(scalar) => match (scalar.as_str(), value) {
            ("json", v) => Ok(v.clone()),
            ("bool", Value::Bool(_)) => Ok(value.clone()),
            ("string" | "url" | "secret", Value::String(_)) => Ok(value.clone()),
            ("float64", Value::Number(_)) => Ok(value.clone()),
            ("int32" | "int64", Value::Number(n)) if n.is_i64() => Ok(value.clone()),
            ("uint32" | "uint64" | "timestamp", Value::Number(n)) if n.is_u64() => {
                Ok(value.clone())
            }
            ("numeric_string", Value::Number(n)) if n.is_u64() => Ok(Value::from(n.to_string())),
            // Graph reads numbers and booleans sent as strings too.
            (_, Value::String(text)) if scalar != "string" => scalar_from_text(scalar, name, text),
            _ => Err(wrong()),
        },
        Type::Id(_) => match value {
            Value::String(s) if !s.is_empty() => Ok(value.clone()),
            Value::Number(n) => Ok(Value::from(n.to_string())),
            _ => Err(wrong()),
        },
        Type::Enum(enum_name) => {
            let values = image.enums.get(enum_name).map_or(&[][..], Vec::as_slice);
            match value {
                Value::String(s) if values.is_empty() || values.contains(s) => Ok(value.clone()),
                Value::String(s) => Err(GraphError::param(format!(
                    "Param {name} must be one of {{{}}} - got \"{s}\"",
                    values.join(", ")
                ))),
                _ => Err(wrong()),
            }
        }
        Type::List(inner) => match value {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| from_json(image, inner, &format!("{name}[{i}]"), item))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array),
            _ => Err(wrong()),
        },
        Type::Page(inner) => from_json(image, &Type::List(inner.clone()), name, value),
        Type::Node(node) => match value {
            Value::Object(map) => node_object(image, node, name, map).map(Value::Object),
            _ => Err(wrong()),
        },
        Type::Union(union) => match value {
            Value::Object(map) => union_object(image, union, name, map).map(Value::Object),
            _ => Err(wrong()),
        },
    }
}

/// Checks an object against a node's fields: required ones present, known
/// ones of the right type, flattened ones read from the object itself.
/// Unknown keys pass through, as Graph ignores what it does not know.
fn node_object(
    image: &Image,
    node: &str,
    name: &str,
    map: &Map<String, Value>,
) -> Result<Map<String, Value>, GraphError> {
    let Some(def) = image.node(node) else {
        return Ok(map.clone());
    };
    let mut out = map.clone();
    for field in &def.fields {
        let path = format!("{name}[{}]", field.name);
        if field.flatten {
            let checked = from_json(image, &field.ty, name, &Value::Object(map.clone()))?;
            if let Value::Object(checked) = checked {
                out.extend(checked);
            }
            continue;
        }
        match map.get(&field.name) {
            Some(Value::Null) | None if field.required => {
                return Err(GraphError::param(format!(
                    "The parameter {path} is required"
                )));
            }
            Some(Value::Null) | None => {}
            Some(value) => {
                let checked = from_json(image, &field.ty, &path, value)?;
                out.insert(field.name.clone(), checked);
            }
        }
    }
    Ok(out)
}

/// Checks a tagged union: a known tag, and the payload where its layout
/// puts it.
fn union_object(
    image: &Image,
    union: &str,
    name: &str,
    map: &Map<String, Value>,
) -> Result<Map<String, Value>, GraphError> {
    let Some(def) = image.unions.get(union) else {
        return Ok(map.clone());
    };
    let tag_path = format!("{name}[{}]", def.tag);
    let Some(tag) = map.get(&def.tag) else {
        return Err(GraphError::param(format!(
            "The parameter {} is required",
            if name.contains('[') {
                &tag_path
            } else {
                &def.tag
            }
        )));
    };
    let Value::String(tag) = tag else {
        return Err(GraphError::param(format!(
            "Param {tag_path} must be a string"
        )));
    };
    let Some(variant) = def.variants.iter().find(|v| v.value == *tag) else {
        let values: Vec<&str> = def.variants.iter().map(|v| v.value.as_str()).collect();
        return Err(GraphError::param(format!(
            "Param {} must be one of {{{}}} - got \"{tag}\"",
            def.tag,
            values.join(", ")
        )));
    };
    let Some(payload) = &variant.payload else {
        return Ok(map.clone());
    };
    let payload_type = if image.unions.contains_key(payload) {
        Type::Union(payload.clone())
    } else {
        Type::Node(payload.clone())
    };
    let mut out = map.clone();
    match def.style.as_str() {
        "internal" => {
            if let Value::Object(checked) =
                from_json(image, &payload_type, name, &Value::Object(map.clone()))?
            {
                out.extend(checked);
            }
        }
        style => {
            let key = if style == "adjacent" {
                def.content.clone().unwrap_or_default()
            } else {
                tag.clone()
            };
            let key_name = if name.contains('[') || style == "adjacent" {
                format!("{name}[{key}]")
            } else {
                key.clone()
            };
            match map.get(&key) {
                Some(value) => {
                    let checked = from_json(image, &payload_type, &key_name, value)?;
                    out.insert(key, checked);
                }
                None => {
                    return Err(GraphError::param(format!(
                        "The parameter {key_name} is required"
                    )));
                }
            }
        }
    }
    Ok(out)
}

fn describe(ty: &Type) -> String {
    match ty {
        Type::Scalar(s) => describe_scalar(s).to_owned(),
        Type::List(_) | Type::Page(_) => "an array".to_owned(),
        Type::Id(node) => format!("a {node} ID"),
        Type::Enum(name) => format!("a {name} value"),
        Type::Node(_) | Type::Union(_) => "an object".to_owned(),
    }
}

fn describe_scalar(scalar: &str) -> &'static str {
    match scalar {
        "bool" => "a boolean",
        "int32" | "int64" => "an integer",
        "uint32" | "uint64" => "a non-negative integer",
        "timestamp" => "a Unix timestamp",
        "float64" => "a number",
        "numeric_string" => "a numeric string",
        "url" => "a URL",
        "file" => "a file",
        _ => "a string",
    }
}
