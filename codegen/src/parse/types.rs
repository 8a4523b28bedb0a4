//! The small grammar of type expressions: `string`, `list<T>`, `id<Node>`,
//! or the name of an enum or node.

/// A type as written in the spec, before names are resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeExpr {
    /// A built-in scalar such as `string` or `uint32`.
    Scalar(Scalar),
    /// `list<T>`.
    List(Box<TypeExpr>),
    /// `page<T>`: a `{"data": [...], "paging": {...}}` inside a field.
    Page(Box<TypeExpr>),
    /// `id<Node>`: the typed ID of a node.
    Id(String),
    /// The name of an enum or node, resolved later.
    Named(String),
}

/// Built-in scalar types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    String,
    /// Graph's "numeric string": digits sent as a JSON string.
    NumericString,
    Bool,
    Int32,
    Uint32,
    Int64,
    Uint64,
    Float64,
    /// Free-form JSON that Meta documents without a schema.
    Json,
    /// The bytes of a file to upload (`waba::Upload`): parameters only.
    File,
    /// An absolute URL, as a string.
    Url,
    /// Unix seconds, sent as a number and received as a number or digits.
    Timestamp,
    /// A credential Graph returns (an access token), as a string on the
    /// wire: `waba::AccessToken` in Rust, so `Debug` never prints it.
    Secret,
}

impl Scalar {
    pub const ALL: [(&'static str, Scalar); 13] = [
        ("string", Scalar::String),
        ("numeric_string", Scalar::NumericString),
        ("bool", Scalar::Bool),
        ("int32", Scalar::Int32),
        ("uint32", Scalar::Uint32),
        ("int64", Scalar::Int64),
        ("uint64", Scalar::Uint64),
        ("float64", Scalar::Float64),
        ("json", Scalar::Json),
        ("file", Scalar::File),
        ("url", Scalar::Url),
        ("timestamp", Scalar::Timestamp),
        ("secret", Scalar::Secret),
    ];

    fn from_name(name: &str) -> Option<Scalar> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
    }
}

/// Parses a type expression; the error says what was expected.
pub fn parse_type(text: &str) -> Result<TypeExpr, String> {
    let text = text.trim();
    if let Some(inner) = generic_arg(text, "list") {
        return Ok(TypeExpr::List(Box::new(parse_type(inner)?)));
    }
    if let Some(inner) = generic_arg(text, "page") {
        return Ok(TypeExpr::Page(Box::new(parse_type(inner)?)));
    }
    if let Some(inner) = generic_arg(text, "id") {
        let inner = inner.trim();
        return if is_name(inner) {
            Ok(TypeExpr::Id(inner.to_owned()))
        } else {
            Err(format!("`id<..>` takes a node name, found `{inner}`"))
        };
    }
    if let Some(scalar) = Scalar::from_name(text) {
        return Ok(TypeExpr::Scalar(scalar));
    }
    if is_name(text) {
        Ok(TypeExpr::Named(text.to_owned()))
    } else {
        Err(format!(
            "`{text}` is not a type; write a scalar (string, bool, int64, timestamp, ...), `list<T>`, `page<T>`, `id<Node>` or an enum or node name"
        ))
    }
}

fn generic_arg<'a>(text: &'a str, head: &str) -> Option<&'a str> {
    text.strip_prefix(head)?
        .trim_start()
        .strip_prefix('<')?
        .strip_suffix('>')
}

fn is_name(text: &str) -> bool {
    let mut chars = text.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested_generics() {
        assert_eq!(
            parse_type("list<id<Business>>"),
            Ok(TypeExpr::List(Box::new(TypeExpr::Id("Business".into()))))
        );
        assert_eq!(parse_type("uint32"), Ok(TypeExpr::Scalar(Scalar::Uint32)));
        assert_eq!(parse_type("Foo"), Ok(TypeExpr::Named("Foo".into())));
        assert!(parse_type("list<>").is_err());
        assert!(parse_type("map[string]").is_err());
    }
}
