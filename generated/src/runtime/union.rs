//! Tagged unions: values whose shape depends on a tag, in the three layouts
//! Graph uses. Generated code declares the enum and calls [`impl_union!`];
//! the layout logic is here, once.
//!
//! | style | wire form |
//! | --- | --- |
//! | keyed | `{"type": "text", "text": {..payload}}` |
//! | internal | `{"type": "button", ..payload fields}` |
//! | adjacent | `{"field": "messages", "value": {..payload}}` |

use serde::de::{self, DeserializeOwned};
use serde::ser::{self, SerializeMap};
use serde::{Serialize, Serializer};
use serde_json::Value;

/// Where a union's tag and payload sit: the tag's key, and the style.
#[derive(Debug, Clone, Copy)]
pub struct UnionLayout {
    tag: &'static str,
    style: Style,
}

#[derive(Debug, Clone, Copy)]
enum Style {
    Keyed,
    Internal,
    Adjacent(&'static str),
}

impl UnionLayout {
    /// `{"<tag>": "text", "text": {..}}`.
    pub const fn keyed(tag: &'static str) -> Self {
        Self {
            tag,
            style: Style::Keyed,
        }
    }

    /// `{"<tag>": "button", ..payload fields}`.
    pub const fn internal(tag: &'static str) -> Self {
        Self {
            tag,
            style: Style::Internal,
        }
    }

    /// `{"<tag>": "messages", "<content>": {..}}`.
    pub const fn adjacent(tag: &'static str, content: &'static str) -> Self {
        Self {
            tag,
            style: Style::Adjacent(content),
        }
    }

    /// The key holding the tag.
    pub(crate) fn tag(&self) -> &'static str {
        self.tag
    }

    /// The key the payload of variant `value` sits under, if it has one.
    pub(crate) fn payload_key<'a>(&self, value: &'a str) -> Option<&'a str> {
        match self.style {
            Style::Keyed => Some(value),
            Style::Adjacent(content) => Some(content),
            Style::Internal => None,
        }
    }
}

/// A union variant this version of the crate does not know, kept as sent:
/// read its tag with [`tag`](Self::tag) and the JSON it came in with
/// [`raw`](Self::raw). Like [`UnknownValue`](crate::UnknownValue) it cannot
/// be built or matched by its contents, so a tag that gains a named variant
/// in a later version never silently changes the meaning of a `match`.
///
/// For a union flattened into its parent, `raw` is the parent's keys that
/// are not the parent's own fields.
#[derive(Clone, Debug, PartialEq)]
pub struct UnknownVariant {
    tag: Box<str>,
    raw: Value,
}

impl UnknownVariant {
    pub(crate) fn new(tag: String, raw: Value) -> Self {
        Self {
            tag: tag.into(),
            raw,
        }
    }

    /// The tag Graph sent.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// The whole JSON object the variant came in, tag included.
    pub fn raw(&self) -> &Value {
        &self.raw
    }
}

/// Sent back as it came.
impl Serialize for UnknownVariant {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.raw.serialize(serializer)
    }
}

/// Writes one known variant: its tag, and its payload where the layout puts
/// it. Unit variants pass `None`.
pub fn serialize_union<S, P>(
    serializer: S,
    layout: &UnionLayout,
    value: &str,
    payload: Option<&P>,
) -> Result<S::Ok, S::Error>
where
    S: Serializer,
    P: Serialize + ?Sized,
{
    // Internal: the payload's fields go beside the tag, so they must be an object.
    let fields = match (layout.style, payload) {
        (Style::Internal, Some(payload)) => match serde_json::to_value(payload) {
            Ok(Value::Object(fields)) => Some(fields),
            Ok(other) => {
                return Err(ser::Error::custom(format!(
                    "the payload of variant `{value}` must be a JSON object, not {other}"
                )));
            }
            Err(error) => return Err(ser::Error::custom(error)),
        },
        _ => None,
    };
    let mut map = serializer.serialize_map(None)?;
    map.serialize_entry(layout.tag, value)?;
    match (layout.payload_key(value), payload) {
        (Some(key), Some(payload)) => map.serialize_entry(key, payload)?,
        _ => {
            for (key, field) in fields.iter().flatten() {
                if key != layout.tag {
                    map.serialize_entry(key, field)?;
                }
            }
        }
    }
    map.end()
}

/// Reads the tag of a union value, leaving the value whole (an unknown tag
/// keeps all of it).
pub(crate) fn union_tag<E: de::Error>(layout: &UnionLayout, value: &Value) -> Result<String, E> {
    let Value::Object(object) = value else {
        return Err(E::custom(format!(
            "expected an object with a `{}` tag",
            layout.tag
        )));
    };
    match object.get(layout.tag) {
        Some(Value::String(tag)) => Ok(tag.clone()),
        Some(other) => Err(E::custom(format!(
            "the `{}` tag must be a string, not {other}",
            layout.tag
        ))),
        None => Err(E::custom(format!("missing the `{}` tag", layout.tag))),
    }
}

/// Takes the payload of the known variant `value` out of the union value,
/// moving it rather than copying: for internal unions, the object without
/// its tag. A value that [`union_tag`] accepted is an object.
pub(crate) fn take_payload(layout: &UnionLayout, value: &str, union: Value) -> Option<Value> {
    let Value::Object(mut object) = union else {
        return None;
    };
    match layout.payload_key(value) {
        Some(key) => object.remove(key),
        None => {
            object.remove(layout.tag);
            Some(Value::Object(object))
        }
    }
}

/// Decodes the payload of the known variant `value`: a known tag with a
/// missing or malformed payload is an error, never `Unknown`.
pub(crate) fn union_payload<P: DeserializeOwned, E: de::Error>(
    value: &str,
    payload: Option<Value>,
) -> Result<P, E> {
    let payload = payload.ok_or_else(|| E::custom(format!("variant `{value}` has no payload")))?;
    serde_json::from_value(payload)
        .map_err(|error| E::custom(format!("variant `{value}`: {error}")))
}

/// Implements `Serialize`, `Deserialize` and [`WireValue`](crate::runtime::WireValue)
/// for a generated union enum. The layout is a [`UnionLayout`] constructor
/// call; variants are `Name(Payload) = "tag"`, the payload a type of
/// `crate::api`, or `Name = "tag"`; the enum also has `Unknown(UnknownVariant)`.
///
/// ```ignore
/// impl_union!(MessageContent, keyed("type"),
///     Text(TextContent) = "text",
///     Location = "location",
/// );
/// ```
macro_rules! impl_union {
    ($t:ident, $style:ident($($layout:tt)*), $($variants:tt)*) => {
        $crate::runtime::impl_union!(
            @impl $t, $crate::runtime::UnionLayout::$style($($layout)*), $($variants)*
        );
    };
    (@impl $t:ident, $layout:expr, $($variants:tt)*) => {
        impl ::serde::Serialize for $t {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                let layout: $crate::runtime::UnionLayout = $layout;
                $crate::runtime::impl_union!(@serialize self, serializer, layout, [] $($variants)*)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $t {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let layout: $crate::runtime::UnionLayout = $layout;
                let (tag, source) = $crate::runtime::UnionSource::read(deserializer, &layout)?;
                $crate::runtime::impl_union!(@deserialize D, layout, tag, source, [] $($variants)*)
            }
        }

        impl $crate::runtime::WireValue for $t {
            fn to_wire(&self) -> ::std::string::String {
                // Payloads are generated structs of infallibly serializable fields.
                ::serde_json::to_string(self).unwrap_or_default()
            }
        }
    };
    (@serialize $self:ident, $s:ident, $layout:ident, [$($arms:tt)*]
        $variant:ident ($payload:ident) = $wire:literal, $($rest:tt)*) => {
        $crate::runtime::impl_union!(@serialize $self, $s, $layout, [$($arms)*
            Self::$variant(payload) => $crate::runtime::serialize_union(
                $s, &$layout, $wire, ::std::option::Option::Some(payload),
            ),
        ] $($rest)*)
    };
    (@serialize $self:ident, $s:ident, $layout:ident, [$($arms:tt)*]
        $variant:ident = $wire:literal, $($rest:tt)*) => {
        $crate::runtime::impl_union!(@serialize $self, $s, $layout, [$($arms)*
            Self::$variant => $crate::runtime::serialize_union(
                $s, &$layout, $wire, ::std::option::Option::None::<&()>,
            ),
        ] $($rest)*)
    };
    (@serialize $self:ident, $s:ident, $layout:ident, [$($arms:tt)*]) => {
        match $self {
            $($arms)*
            Self::Unknown(unknown) => ::serde::Serialize::serialize(unknown, $s),
        }
    };
    (@deserialize $d:ident, $layout:ident, $tag:ident, $raw:ident, [$($arms:tt)*]
        $variant:ident ($ty:ident) = $wire:literal, $($rest:tt)*) => {
        $crate::runtime::impl_union!(@deserialize $d, $layout, $tag, $raw, [$($arms)*
            $wire => ::std::result::Result::Ok(Self::$variant(
                $raw.payload::<$crate::api::$ty, $d::Error>(&$layout, $wire)?,
            )),
        ] $($rest)*)
    };
    (@deserialize $d:ident, $layout:ident, $tag:ident, $raw:ident, [$($arms:tt)*]
        $variant:ident = $wire:literal, $($rest:tt)*) => {
        $crate::runtime::impl_union!(@deserialize $d, $layout, $tag, $raw, [$($arms)*
            $wire => ::std::result::Result::Ok(Self::$variant),
        ] $($rest)*)
    };
    (@deserialize $d:ident, $layout:ident, $tag:ident, $raw:ident, [$($arms:tt)*]) => {{
        // Unit-only unions never read the layout or the payload.
        let _ = (&$layout, &$raw);
        match $tag.as_str() {
            $($arms)*
            _ => ::std::result::Result::Ok(Self::Unknown($raw.into_unknown::<$d::Error>($tag)?)),
        }
    }};
}

pub(crate) use impl_union;

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn write(layout: &UnionLayout, value: &str, payload: Option<&Value>) -> Value {
        serialize_union(serde_json::value::Serializer, layout, value, payload).unwrap()
    }

    fn split(layout: &UnionLayout, value: Value) -> (String, Option<Value>) {
        let tag = union_tag::<serde_json::Error>(layout, &value).unwrap();
        let payload = take_payload(layout, &tag, value);
        (tag, payload)
    }

    #[test]
    fn each_layout_puts_the_payload_where_it_says() {
        let payload = json!({"body": "hi"});
        let keyed = UnionLayout::keyed("type");
        let internal = UnionLayout::internal("type");
        let adjacent = UnionLayout::adjacent("field", "value");
        assert_eq!(
            write(&keyed, "text", Some(&payload)),
            json!({"type": "text", "text": {"body": "hi"}})
        );
        assert_eq!(
            write(&internal, "text", Some(&payload)),
            json!({"type": "text", "body": "hi"})
        );
        assert_eq!(
            write(&adjacent, "text", Some(&payload)),
            json!({"field": "text", "value": {"body": "hi"}})
        );
        assert_eq!(
            write(&keyed, "ping", None::<&Value>),
            json!({"type": "ping"})
        );
        assert_eq!(
            split(&keyed, json!({"type": "text", "text": {"body": "hi"}})),
            ("text".into(), Some(payload.clone()))
        );
        assert_eq!(
            split(&internal, json!({"type": "text", "body": "hi"})),
            ("text".into(), Some(payload.clone()))
        );
        assert_eq!(
            split(&adjacent, json!({"field": "text", "value": {"body": "hi"}})),
            ("text".into(), Some(payload))
        );
    }

    #[test]
    fn an_internal_payload_that_is_not_an_object_cannot_be_written() {
        let layout = UnionLayout::internal("type");
        let result = serialize_union(
            serde_json::value::Serializer,
            &layout,
            "text",
            Some(&json!("hi")),
        );
        assert!(result.is_err());
    }

    #[test]
    fn a_value_without_a_string_tag_is_refused() {
        let layout = UnionLayout::keyed("type");
        for bad in [json!({}), json!({"type": 1}), json!([1]), json!(null)] {
            assert!(
                union_tag::<serde_json::Error>(&layout, &bad).is_err(),
                "{bad}"
            );
        }
        let missing = union_payload::<Value, serde_json::Error>("text", None).unwrap_err();
        assert!(missing.to_string().contains("`text`"), "{missing}");
    }
}
