//! Where a union's tag and payload are read from while decoding.
//!
//! Decoding a union needs its tag before its payload, and Graph does not
//! always send the tag first (a webhook change is `{"value": {..},
//! "field": ".."}`), so the value has to be held somewhere while the tag is
//! found. From serde_json's parser it is held as its raw JSON text, which
//! costs a scan and no allocation per value, and the payload is then parsed
//! straight into its type. From any other deserializer (serde's buffers
//! for `flatten`, or a `serde_json::Value`) it is held as a `Value`, the
//! general way. Both give the same results and the same errors.
//!
//! serde_json hands out raw text through its `RawValue` protocol: asked
//! for a newtype struct of the name below, it answers with a one-entry
//! map of that name to the text. Other deserializers answer with the value
//! itself, which is the `Value` path.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use serde::Deserializer;
use serde::de::{self, DeserializeOwned, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::union::{UnionLayout, UnknownVariant, take_payload, union_payload, union_tag};

/// The newtype name serde_json answers with raw JSON text (its `RawValue`).
const RAW_VALUE: &str = "$serde_json::private::RawValue";

/// A union value being decoded: its raw text (with where the payload of
/// its tag sits in it, found in the same scan as the tag), or a `Value`.
pub enum UnionSource<'de> {
    Text {
        text: Cow<'de, str>,
        payload: Option<Range<usize>>,
    },
    Value(Value),
}

impl<'de> UnionSource<'de> {
    /// Reads the union value and its tag.
    pub fn read<D: Deserializer<'de>>(
        deserializer: D,
        layout: &UnionLayout,
    ) -> Result<(String, Self), D::Error> {
        match deserializer.deserialize_newtype_struct(RAW_VALUE, SourceVisitor)? {
            Text::Raw(text) => {
                let (tag, payload) = text_tag(layout, &text)?;
                Ok((tag, Self::Text { text, payload }))
            }
            Text::Value(value) => Ok((union_tag(layout, &value)?, Self::Value(value))),
        }
    }

    /// The payload of the known variant `value`, decoded into its type.
    pub fn payload<P: DeserializeOwned, E: de::Error>(
        self,
        layout: &UnionLayout,
        value: &str,
    ) -> Result<P, E> {
        match self {
            // An internal union's payload is the object without its tag:
            // the general way, as rare on the wire as it is in responses.
            Self::Text { text, .. } if layout.payload_key(value).is_none() => {
                let union: Value = serde_json::from_str(&text).map_err(E::custom)?;
                union_payload(value, take_payload(layout, value, union))
            }
            Self::Text { text, payload } => {
                let payload = payload
                    .and_then(|range| text.get(range))
                    .ok_or_else(|| E::custom(format!("variant `{value}` has no payload")))?;
                serde_json::from_str(payload)
                    .map_err(|error| E::custom(format!("variant `{value}`: {error}")))
            }
            Self::Value(union) => union_payload(value, take_payload(layout, value, union)),
        }
    }

    /// The whole value, kept for a tag this version does not know.
    pub fn into_unknown<E: de::Error>(self, tag: String) -> Result<UnknownVariant, E> {
        let raw = match self {
            Self::Text { text, .. } => serde_json::from_str(&text).map_err(E::custom)?,
            Self::Value(value) => value,
        };
        Ok(UnknownVariant::new(tag, raw))
    }
}

/// The tag of a union given as text, with the errors `union_tag` gives,
/// and where in the text the payload for that tag sits, if anywhere.
fn text_tag<E: de::Error>(
    layout: &UnionLayout,
    text: &str,
) -> Result<(String, Option<Range<usize>>), E> {
    let Ok(entries) = serde_json::from_str::<BTreeMap<Cow<'_, str>, &RawValue>>(text) else {
        return Err(E::custom(format!(
            "expected an object with a `{}` tag",
            layout.tag()
        )));
    };
    let tag: String = match entries.get(layout.tag()) {
        Some(raw) => serde_json::from_str(raw.get()).map_err(|_| {
            E::custom(format!(
                "the `{}` tag must be a string, not {}",
                layout.tag(),
                raw.get()
            ))
        })?,
        None => return Err(E::custom(format!("missing the `{}` tag", layout.tag()))),
    };
    // The payload is a slice of `text`: keep its place, not a copy.
    let payload = layout
        .payload_key(&tag)
        .and_then(|key| entries.get(key))
        .map(|raw| {
            let start = raw.get().as_ptr() as usize - text.as_ptr() as usize;
            start..start + raw.get().len()
        });
    Ok((tag, payload))
}

/// What the deserializer handed over.
enum Text<'de> {
    Raw(Cow<'de, str>),
    Value(Value),
}

struct SourceVisitor;

impl<'de> Visitor<'de> for SourceVisitor {
    type Value = Text<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    /// serde_json's answer (the raw-value map), or an ordinary map from a
    /// deserializer that ignores the newtype name.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let Some(first) = map.next_key::<String>()? else {
            return Ok(Text::Value(Value::Object(Map::new())));
        };
        if first == RAW_VALUE {
            let RawText(text) = map.next_value()?;
            return Ok(Text::Raw(text));
        }
        let mut object = Map::new();
        object.insert(first, map.next_value()?);
        while let Some((key, value)) = map.next_entry()? {
            object.insert(key, value);
        }
        Ok(Text::Value(Value::Object(object)))
    }

    /// Every other deserializer: the value itself.
    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        Ok(Text::Value(<Value as serde::Deserialize>::deserialize(
            deserializer,
        )?))
    }

    // A value that is not an object: kept, so the tag check says so.
    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Text::Value(Value::String(value.to_owned())))
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
        Ok(Text::Value(Value::Bool(value)))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Ok(Text::Value(Value::from(value)))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok(Text::Value(Value::from(value)))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        Ok(Text::Value(Value::from(value)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Text::Value(Value::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Text::Value(Value::Null))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Value>()? {
            items.push(item);
        }
        Ok(Text::Value(Value::Array(items)))
    }
}

/// The raw text serde_json hands over, borrowed from the input when it can be.
struct RawText<'de>(Cow<'de, str>);

impl<'de> serde::Deserialize<'de> for RawText<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;

        impl<'de> Visitor<'de> for TextVisitor {
            type Value = RawText<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("raw JSON text")
            }

            fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
                Ok(RawText(Cow::Borrowed(text)))
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
                Ok(RawText(Cow::Owned(text.to_owned())))
            }

            fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
                Ok(RawText(Cow::Owned(text)))
            }
        }

        deserializer.deserialize_str(TextVisitor)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn read_text(json: &str) -> (String, bool) {
        let layout = UnionLayout::adjacent("field", "value");
        let mut deserializer = serde_json::Deserializer::from_str(json);
        let (tag, source) = UnionSource::read(&mut deserializer, &layout).unwrap();
        let borrowed = matches!(
            source,
            UnionSource::Text {
                text: Cow::Borrowed(_),
                ..
            }
        );
        (tag, borrowed)
    }

    #[test]
    fn serde_json_hands_over_borrowed_text_and_values_come_as_values() {
        // The fast path is taken from a parser; if serde_json ever stops
        // answering the raw-value name, this fails rather than slowing down.
        assert_eq!(
            read_text(r#"{"value":{"a":1},"field":"messages"}"#),
            ("messages".to_owned(), true)
        );
        let layout = UnionLayout::adjacent("field", "value");
        let value = json!({"value": {"a": 1}, "field": "messages"});
        let (tag, source) = UnionSource::read(value, &layout).unwrap();
        assert_eq!(tag, "messages");
        assert!(matches!(
            source,
            UnionSource::Text {
                text: Cow::Owned(_),
                ..
            } | UnionSource::Value(_)
        ));
    }

    #[test]
    fn text_and_values_give_the_same_payloads_and_errors() {
        let layout = UnionLayout::keyed("type");
        let cases = [
            json!({"type": "text", "text": {"body": "hi"}}),
            json!({"type": "text"}),
            json!({"type": 1}),
            json!({"kind": "text"}),
            json!([1]),
        ];
        for case in cases {
            let text = case.to_string();
            let from_text = {
                let mut d = serde_json::Deserializer::from_str(&text);
                UnionSource::read(&mut d, &layout).and_then(|(tag, source)| {
                    source.payload::<Value, serde_json::Error>(&layout, &tag)
                })
            };
            let from_value = UnionSource::read(case.clone(), &layout).and_then(|(tag, source)| {
                source.payload::<Value, serde_json::Error>(&layout, &tag)
            });
            match (from_text, from_value) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{case}"),
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{case}"),
                (a, b) => panic!("{case}: {a:?} vs {b:?}"),
            }
        }
    }
}
