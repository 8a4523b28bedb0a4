//! Reading an OpenAPI file, JSON or YAML, into one tree (`serde_json::Value`)
//! so everything after this reads both alike.

use std::path::Path;

use serde_json::{Map, Number, Value};

/// Reads `path` as an OpenAPI 3.x description. JSON when the name ends in
/// `.json`, YAML otherwise (YAML also reads most JSON, but JSON's own parser
/// gives better positions for JSON mistakes). Errors name the file.
pub fn load(path: &Path) -> Result<Value, String> {
    let shown = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{shown}: {e}"))?;
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let document = if is_json {
        serde_json::from_str(&text).map_err(|e| format!("{shown}: not valid JSON: {e}"))?
    } else {
        let mut yaml: serde_yaml_ng::Value =
            serde_yaml_ng::from_str(&text).map_err(|e| format!("{shown}: not valid YAML: {e}"))?;
        // `<<: *anchor` merge keys are common in hand-written YAML.
        yaml.apply_merge()
            .map_err(|e| format!("{shown}: not valid YAML: {e}"))?;
        from_yaml(yaml).map_err(|e| format!("{shown}: {e}"))?
    };
    check_version(&document).map_err(|e| format!("{shown}: {e}"))?;
    Ok(document)
}

/// Accepts 3.0 and 3.1 only: Swagger 2.0 keeps bodies and schemas elsewhere,
/// and reading it as 3.x would report everything missing.
fn check_version(document: &Value) -> Result<(), String> {
    let Some(top) = document.as_object() else {
        return Err("not an OpenAPI description: the top level is not a mapping".into());
    };
    match top.get("openapi") {
        Some(Value::String(v)) if v.starts_with("3.") => {}
        Some(other) => {
            return Err(format!(
                "`openapi: {}` is not a version this audit reads (3.x only)",
                scalar_text(other)
            ));
        }
        None if top.contains_key("swagger") => {
            return Err("a Swagger 2.0 description; convert it to OpenAPI 3.x first".into());
        }
        None => return Err("not an OpenAPI description: no `openapi: 3.x` key".into()),
    }
    match top.get("paths") {
        Some(Value::Object(_)) => Ok(()),
        Some(_) => Err("`paths` is not a mapping".into()),
        None => Err("no `paths`: nothing to audit".into()),
    }
}

/// A scalar as text, for messages and for YAML keys such as `200:`.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// YAML to the JSON tree. YAML allows keys that are not strings (`200:` is
/// a number); JSON does not, so scalar keys become their text.
fn from_yaml(value: serde_yaml_ng::Value) -> Result<Value, String> {
    use serde_yaml_ng::Value as Y;
    Ok(match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(Number::from_f64)
                    .map_or(Value::Null, Value::Number)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => {
            Value::Array(items.into_iter().map(from_yaml).collect::<Result<_, _>>()?)
        }
        Y::Mapping(mapping) => {
            let mut object = Map::new();
            for (key, value) in mapping {
                let key = match key {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_owned(),
                    other => {
                        return Err(format!(
                            "a mapping key that is not a plain scalar: {other:?}"
                        ));
                    }
                };
                object.insert(key, from_yaml(value)?);
            }
            Value::Object(object)
        }
        Y::Tagged(tagged) => from_yaml(tagged.value)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_yaml_keys_become_text() {
        let yaml: serde_yaml_ng::Value = serde_yaml_ng::from_str("200:\n  a: 1\n").unwrap();
        let json = from_yaml(yaml).unwrap();
        assert_eq!(json["200"]["a"], Value::from(1));
    }

    #[test]
    fn swagger_2_is_refused_by_name() {
        let doc = serde_json::json!({"swagger": "2.0", "paths": {}});
        assert!(check_version(&doc).unwrap_err().contains("Swagger 2.0"));
    }

    #[test]
    fn openapi_3_with_paths_is_accepted() {
        let doc = serde_json::json!({"openapi": "3.1.0", "paths": {}});
        assert!(check_version(&doc).is_ok());
        let doc = serde_json::json!({"openapi": 3, "paths": {}});
        assert!(check_version(&doc).is_err());
    }
}
