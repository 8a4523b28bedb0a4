//! `fields=`: Graph's selection syntax, `id,name,phone_numbers.limit(5){id}`
//! and `analytics.start(1).end(2).granularity(DAY)`, parsed and checked
//! against the node's fields and their modifiers.

use crate::graph_error::GraphError;
use crate::image::{Image, NodeDef, Type};
use crate::params::from_text;

/// One selected field.
#[derive(Debug, Clone, PartialEq)]
pub struct Selected {
    pub name: String,
    /// `.name(value)` modifiers, in order, as sent.
    pub modifiers: Vec<(String, String)>,
    /// `{...}`: the fields of the node this field holds.
    pub nested: Option<Vec<Selected>>,
}

impl Selected {
    /// The `limit(n)` modifier, if any.
    pub fn limit(&self) -> Option<usize> {
        self.modifier("limit").and_then(|v| v.parse().ok())
    }

    /// The value of the modifier `name`, if sent.
    pub fn modifier(&self, name: &str) -> Option<&str> {
        self.modifiers
            .iter()
            .find(|(m, _)| m == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A selection written back in Graph's syntax.
pub fn to_text(selection: &[Selected]) -> String {
    let items: Vec<String> = selection
        .iter()
        .map(|selected| {
            let mut text = selected.name.clone();
            for (name, value) in &selected.modifiers {
                text.push_str(&format!(".{name}({value})"));
            }
            if let Some(nested) = &selected.nested {
                text.push_str(&format!("{{{}}}", to_text(nested)));
            }
            text
        })
        .collect();
    items.join(",")
}

/// Parses a `fields=` value.
pub fn parse(text: &str) -> Result<Vec<Selected>, GraphError> {
    let mut parser = Parser {
        chars: text.chars().collect(),
        at: 0,
    };
    let selection = parser.selection()?;
    if parser.at < parser.chars.len() {
        return Err(parser.error("unexpected `}`"));
    }
    Ok(selection)
}

struct Parser {
    chars: Vec<char>,
    at: usize,
}

impl Parser {
    fn error(&self, what: &str) -> GraphError {
        GraphError::query_syntax(format!(
            "Syntax error \"{what}\" at character {} in the fields parameter",
            self.at
        ))
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn selection(&mut self) -> Result<Vec<Selected>, GraphError> {
        let mut items = Vec::new();
        loop {
            items.push(self.item()?);
            match self.peek() {
                Some(',') => self.at += 1,
                _ => return Ok(items),
            }
        }
    }

    fn name(&mut self) -> Result<String, GraphError> {
        let start = self.at;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            self.at += 1;
        }
        if start == self.at {
            return Err(self.error("expected a field name"));
        }
        Ok(self.chars[start..self.at].iter().collect())
    }

    fn item(&mut self) -> Result<Selected, GraphError> {
        let name = self.name()?;
        let mut modifiers = Vec::new();
        while self.peek() == Some('.') {
            self.at += 1;
            let modifier = self.name()?;
            if self.peek() != Some('(') {
                return Err(self.error("expected `(`"));
            }
            self.at += 1;
            let start = self.at;
            let mut depth = 0usize;
            loop {
                match self.peek() {
                    None => return Err(self.error("unclosed `(`")),
                    Some('(') => depth += 1,
                    Some(')') if depth == 0 => break,
                    Some(')') => depth -= 1,
                    _ => {}
                }
                self.at += 1;
            }
            let value: String = self.chars[start..self.at].iter().collect();
            self.at += 1;
            modifiers.push((modifier, value));
        }
        let nested = if self.peek() == Some('{') {
            self.at += 1;
            let nested = self.selection()?;
            if self.peek() != Some('}') {
                return Err(self.error("expected `}`"));
            }
            self.at += 1;
            Some(nested)
        } else {
            None
        };
        Ok(Selected {
            name,
            modifiers,
            nested,
        })
    }
}

/// Checks a selection against `node`: every field exists, its modifiers
/// are known and well typed, required modifiers are present, and nested
/// selections hold on the nested node.
pub fn check(image: &Image, node: &str, selection: &[Selected]) -> Result<(), GraphError> {
    let Some(def) = image.node(node) else {
        return Ok(());
    };
    for selected in selection {
        let Some(field) = def.field(&selected.name) else {
            return Err(GraphError::param(format!(
                "Tried accessing nonexisting field ({}) on node type ({})",
                selected.name, def.graph_type
            )));
        };
        let many = matches!(field.ty, Type::List(_) | Type::Page(_));
        for (name, value) in &selected.modifiers {
            if name == "limit" && many {
                from_text(image, &Type::Scalar("uint32".into()), "limit", value)?;
                continue;
            }
            // A nested page starts where a cursor of an earlier one points.
            if (name == "after" || name == "before") && matches!(field.ty, Type::Page(_)) {
                continue;
            }
            let Some(modifier) = field.modifiers.iter().find(|m| m.name == *name) else {
                return Err(GraphError::param(format!(
                    "Field {} does not take the modifier {name}",
                    field.name
                )));
            };
            let shown = format!("{}.{name}", field.name);
            from_text(image, &modifier.ty, &shown, value)?;
        }
        for modifier in field.modifiers.iter().filter(|m| m.required) {
            if !selected.modifiers.iter().any(|(n, _)| *n == modifier.name) {
                return Err(GraphError::param(format!(
                    "The parameter {}.{} is required",
                    field.name, modifier.name
                )));
            }
        }
        if let Some(nested) = &selected.nested {
            match field.ty.held_node() {
                Some(held) => check(image, held, nested)?,
                None => {
                    return Err(GraphError::param(format!(
                        "Field {} has no fields to select",
                        field.name
                    )));
                }
            }
        }
    }
    Ok(())
}

/// The selection Graph answers with when none is asked: the fields the
/// operation's documented answer shows, or else every field that needs no
/// modifier.
pub fn defaults(def: &NodeDef, example: Option<&serde_json::Value>) -> Vec<Selected> {
    let plain = |name: &str| Selected {
        name: name.to_owned(),
        modifiers: Vec::new(),
        nested: None,
    };
    if let Some(serde_json::Value::Object(example)) = example {
        let shown: Vec<Selected> = def
            .fields
            .iter()
            .filter(|f| example.contains_key(&f.name))
            .map(|f| plain(&f.name))
            .collect();
        if !shown.is_empty() {
            return shown;
        }
    }
    def.fields
        .iter()
        .filter(|f| !f.modifiers.iter().any(|m| m.required))
        .filter(|f| !matches!(f.ty, Type::Page(_)))
        .map(|f| plain(&f.name))
        .collect()
}
