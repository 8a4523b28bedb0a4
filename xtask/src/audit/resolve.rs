//! `$ref`, `allOf`, `oneOf` and `anyOf`, resolved just deep enough to see an
//! object's top-level properties and an item's enum values. Only local refs
//! (`#/components/...`) are followed; anything that cannot be resolved is an
//! error naming where it was met, never a panic.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// What an array without `items` has for items.
static ANY: Value = Value::Null;

/// Deeper than this is taken for a runaway description rather than a schema.
const MAX_DEPTH: usize = 64;

/// The top level of an object schema.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shape {
    /// Each property's own schema, unresolved.
    pub properties: BTreeMap<String, Value>,
    /// The properties the schema requires.
    pub required: BTreeSet<String>,
}

/// Resolves references against one document.
pub struct Resolver<'a> {
    document: &'a Value,
}

impl<'a> Resolver<'a> {
    /// A resolver for refs into `document`.
    pub fn new(document: &'a Value) -> Self {
        Self { document }
    }

    /// Follows `value`'s `$ref` chain, if it has one, and runs `then` on
    /// what it ends at. `stack` holds the refs being expanded, so a ref met
    /// again inside its own expansion is reported as a cycle.
    pub fn follow<'v, T>(
        &self,
        value: &'v Value,
        at: &str,
        stack: &mut Vec<String>,
        then: impl FnOnce(&'v Value, &mut Vec<String>) -> Result<T, String>,
    ) -> Result<T, String>
    where
        'a: 'v,
    {
        let Some(reference) = value.get("$ref") else {
            return then(value, stack);
        };
        let Some(reference) = reference.as_str() else {
            return Err(format!("{at}: `$ref` is not a string"));
        };
        let Some(pointer) = reference.strip_prefix('#') else {
            return Err(format!(
                "{at}: `$ref: {reference}` is not local; only `#/...` refs are read"
            ));
        };
        if stack.iter().any(|r| r == reference) {
            let chain: Vec<&str> = stack
                .iter()
                .map(String::as_str)
                .skip_while(|r| *r != reference)
                .chain([reference])
                .collect();
            return Err(format!("{at}: `$ref` cycle: {}", chain.join(" -> ")));
        }
        if stack.len() >= MAX_DEPTH {
            return Err(format!("{at}: `$ref` chain deeper than {MAX_DEPTH}"));
        }
        let Some(target) = self.document.pointer(pointer) else {
            return Err(format!("{at}: `$ref: {reference}` points at nothing"));
        };
        stack.push(reference.to_owned());
        // The target may itself be a ref.
        let result = self.follow(target, at, stack, then);
        stack.pop();
        result
    }

    /// The top-level properties of an object schema: `allOf` merged, the
    /// alternatives of `oneOf`/`anyOf` united (a property is required only
    /// if every alternative requires it).
    pub fn shape(&self, schema: &Value, at: &str) -> Result<Shape, String> {
        self.shape_in(schema, at, &mut Vec::new(), 0)
    }

    fn shape_in(
        &self,
        schema: &Value,
        at: &str,
        stack: &mut Vec<String>,
        depth: usize,
    ) -> Result<Shape, String> {
        if depth > MAX_DEPTH {
            return Err(format!("{at}: schema nested deeper than {MAX_DEPTH}"));
        }
        self.follow(schema, at, stack, |schema, stack| {
            let mut shape = Shape::default();
            let Some(object) = schema.as_object() else {
                // `true`, `false` or junk: no properties to speak of.
                return Ok(shape);
            };
            if let Some(properties) = object.get("properties") {
                let Some(properties) = properties.as_object() else {
                    return Err(format!("{at}: `properties` is not a mapping"));
                };
                for (name, property) in properties {
                    shape.properties.insert(name.clone(), property.clone());
                }
            }
            shape.required.extend(required(object.get("required"), at)?);
            for part in list(object.get("allOf"), "allOf", at)? {
                let part = self.shape_in(part, at, stack, depth + 1)?;
                for (name, property) in part.properties {
                    shape.properties.entry(name).or_insert(property);
                }
                shape.required.extend(part.required);
            }
            for key in ["oneOf", "anyOf"] {
                let mut united: Option<Shape> = None;
                for alternative in list(object.get(key), key, at)? {
                    let alternative = self.shape_in(alternative, at, stack, depth + 1)?;
                    united = Some(match united {
                        None => alternative,
                        Some(mut so_far) => {
                            so_far.required = so_far
                                .required
                                .intersection(&alternative.required)
                                .cloned()
                                .collect();
                            for (name, property) in alternative.properties {
                                so_far.properties.entry(name).or_insert(property);
                            }
                            so_far
                        }
                    });
                }
                if let Some(united) = united {
                    for (name, property) in united.properties {
                        shape.properties.entry(name).or_insert(property);
                    }
                    shape.required.extend(united.required);
                }
            }
            Ok(shape)
        })
    }

    /// The enum values a schema allows, looking through refs, array items
    /// and compositions; `None` when it lists none.
    pub fn enum_values(
        &self,
        schema: &Value,
        at: &str,
    ) -> Result<Option<BTreeSet<String>>, String> {
        self.enum_in(schema, at, &mut Vec::new(), 0)
    }

    fn enum_in(
        &self,
        schema: &Value,
        at: &str,
        stack: &mut Vec<String>,
        depth: usize,
    ) -> Result<Option<BTreeSet<String>>, String> {
        if depth > MAX_DEPTH {
            return Err(format!("{at}: schema nested deeper than {MAX_DEPTH}"));
        }
        self.follow(schema, at, stack, |schema, stack| {
            let Some(object) = schema.as_object() else {
                return Ok(None);
            };
            let mut values: Option<BTreeSet<String>> = None;
            if let Some(listed) = object.get("enum") {
                let Some(listed) = listed.as_array() else {
                    return Err(format!("{at}: `enum` is not a list"));
                };
                // `null` in an enum means "nullable", not a value to send.
                values = Some(listed.iter().filter(|v| !v.is_null()).map(text).collect());
            }
            let mut parts: Vec<&Value> = object.get("items").into_iter().collect();
            for key in ["allOf", "oneOf", "anyOf"] {
                parts.extend(list(object.get(key), key, at)?);
            }
            for part in parts {
                if let Some(more) = self.enum_in(part, at, stack, depth + 1)? {
                    values.get_or_insert_with(BTreeSet::new).extend(more);
                }
            }
            Ok(values)
        })
    }

    /// The item schema of an array schema, or `None` when it is no array.
    pub fn array_items<'v>(&self, schema: &'v Value, at: &str) -> Result<Option<&'v Value>, String>
    where
        'a: 'v,
    {
        self.follow(schema, at, &mut Vec::new(), |schema, _| {
            let typed_array = match schema.get("type") {
                Some(Value::String(t)) => t == "array",
                // 3.1 allows `type: [array, "null"]`.
                Some(Value::Array(types)) => types.iter().any(|t| t == "array"),
                _ => false,
            };
            Ok(match schema.get("items") {
                Some(items) => Some(items),
                None if typed_array => Some(&ANY),
                None => None,
            })
        })
    }
}

/// A scalar as text: `"NA"` is `NA`, `1` is `1`.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The names in a `required` list.
fn required(value: Option<&Value>, at: &str) -> Result<BTreeSet<String>, String> {
    match value {
        None => Ok(BTreeSet::new()),
        // `required: true` on a property is OpenAPI 2 style; not a list here.
        Some(Value::Bool(_)) => Ok(BTreeSet::new()),
        Some(Value::Array(names)) => Ok(names
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect()),
        Some(_) => Err(format!("{at}: `required` is not a list of names")),
    }
}

/// The schemas of an `allOf`/`oneOf`/`anyOf`, empty when absent.
fn list<'a>(value: Option<&'a Value>, key: &str, at: &str) -> Result<&'a [Value], String> {
    match value {
        None => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(format!("{at}: `{key}` is not a list of schemas")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn names(shape: &Shape) -> Vec<&str> {
        shape.properties.keys().map(String::as_str).collect()
    }

    #[test]
    fn all_of_merges_refs_and_inline_parts() {
        let doc = json!({"components": {"schemas": {
            "Base": {"properties": {"a": {}}, "required": ["a"]},
            "Both": {"allOf": [{"$ref": "#/components/schemas/Base"},
                               {"properties": {"b": {}}, "required": ["b"]}]}
        }}});
        let resolver = Resolver::new(&doc);
        let shape = resolver
            .shape(&json!({"$ref": "#/components/schemas/Both"}), "here")
            .unwrap();
        assert_eq!(names(&shape), ["a", "b"]);
        assert_eq!(shape.required.len(), 2);
    }

    #[test]
    fn one_of_unites_and_requires_only_what_all_require() {
        let doc = json!({});
        let schema = json!({"oneOf": [
            {"properties": {"a": {}, "b": {}}, "required": ["a", "b"]},
            {"properties": {"a": {}, "c": {}}, "required": ["a", "c"]}
        ]});
        let shape = Resolver::new(&doc).shape(&schema, "here").unwrap();
        assert_eq!(names(&shape), ["a", "b", "c"]);
        assert_eq!(shape.required.iter().collect::<Vec<_>>(), ["a"]);
    }

    #[test]
    fn dangling_ref_names_the_ref_and_the_place() {
        let doc = json!({});
        let error = Resolver::new(&doc)
            .shape(
                &json!({"$ref": "#/components/schemas/Nope"}),
                "POST /x: request body",
            )
            .unwrap_err();
        assert_eq!(
            error,
            "POST /x: request body: `$ref: #/components/schemas/Nope` points at nothing"
        );
    }

    #[test]
    fn ref_cycle_is_an_error_not_a_stack_overflow() {
        let doc = json!({"components": {"schemas": {
            "A": {"allOf": [{"$ref": "#/components/schemas/B"}]},
            "B": {"$ref": "#/components/schemas/A"}
        }}});
        let error = Resolver::new(&doc)
            .shape(&json!({"$ref": "#/components/schemas/A"}), "here")
            .unwrap_err();
        assert!(error.contains("cycle"), "{error}");
        assert!(
            error.contains(
                "#/components/schemas/A -> #/components/schemas/B -> #/components/schemas/A"
            ),
            "{error}"
        );
    }

    #[test]
    fn remote_refs_are_refused() {
        let doc = json!({});
        let error = Resolver::new(&doc)
            .shape(&json!({"$ref": "other.yaml#/X"}), "here")
            .unwrap_err();
        assert!(error.contains("not local"), "{error}");
    }

    #[test]
    fn enum_values_through_refs_and_items() {
        let doc = json!({"components": {"schemas": {
            "Rating": {"type": "string", "enum": ["GREEN", "RED", null]}
        }}});
        let schema = json!({"type": "array", "items": {"$ref": "#/components/schemas/Rating"}});
        let values = Resolver::new(&doc)
            .enum_values(&schema, "here")
            .unwrap()
            .unwrap();
        assert_eq!(values.into_iter().collect::<Vec<_>>(), ["GREEN", "RED"]);
        assert_eq!(
            Resolver::new(&doc)
                .enum_values(&json!({"type": "string"}), "here")
                .unwrap(),
            None
        );
    }

    #[test]
    fn array_items_through_a_ref() {
        let doc = json!({"components": {"schemas": {"L": {"type": "array", "items": {"type": "string"}}}}});
        let resolver = Resolver::new(&doc);
        let reference = json!({"$ref": "#/components/schemas/L"});
        let items = resolver.array_items(&reference, "here").unwrap();
        assert_eq!(items, Some(&json!({"type": "string"})));
        assert_eq!(
            resolver
                .array_items(&json!({"type": "object"}), "here")
                .unwrap(),
            None
        );
    }
}
