//! JSON request bodies (`body = "json"` in the spec): one object whose keys
//! are the parameters that were set, values nested as real JSON.
//!
//! The object is written in the order parameters were set, each value as
//! `serde_json` writes it (struct fields in declaration order), so the bytes
//! on the wire read like Meta's examples. Optional parameters never set are
//! absent, never `null`; generated structs skip their `None` fields.

use serde::Serialize;

use super::error::{Error, Result};

/// The members of a JSON body being built.
#[derive(Debug, Clone, Default)]
pub(crate) struct JsonBody {
    /// By parameter name: the member text, without braces (`"to":"1555"`, or
    /// a flattened value's keys `"type":"text","text":{..}`).
    members: Vec<(&'static str, String)>,
    /// Why a value could not be encoded; reported when sending.
    error: Option<String>,
}

impl JsonBody {
    /// Sets `name` to `value`, replacing an earlier value in place.
    pub(crate) fn insert(&mut self, name: &'static str, value: impl Serialize) {
        let encoded = serde_json::to_string(name)
            .and_then(|key| Ok(format!("{key}:{}", serde_json::to_string(&value)?)));
        match encoded {
            Ok(member) => self.set(name, member),
            Err(error) => self.fail(name, &error.to_string()),
        }
    }

    /// Puts the keys of `value` (a struct or union: a JSON object) in the
    /// body itself; `name` is the parameter's, so setting it again replaces them.
    pub(crate) fn flatten(&mut self, name: &'static str, value: impl Serialize) {
        match serde_json::to_string(&value) {
            // serde_json writes an object as `{..}` with no surrounding
            // space, and nothing else starts with `{`.
            Ok(text) if text.starts_with('{') && text.ends_with('}') => {
                self.set(name, text[1..text.len() - 1].to_owned());
            }
            Ok(text) => self.fail(name, &format!("it is not a JSON object but {text}")),
            Err(error) => self.fail(name, &error.to_string()),
        }
    }

    fn set(&mut self, name: &'static str, member: String) {
        match self
            .members
            .iter_mut()
            .find(|(existing, _)| *existing == name)
        {
            Some(slot) => slot.1 = member,
            None => self.members.push((name, member)),
        }
    }

    fn fail(&mut self, name: &str, why: &str) {
        self.error.get_or_insert_with(|| {
            format!("the body parameter `{name}` cannot be sent as JSON: {why}")
        });
    }

    /// The body's text.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when a value could not be encoded.
    pub(crate) fn encode(&self) -> Result<String> {
        if let Some(error) = &self.error {
            return Err(Error::InvalidRequest(error.clone()));
        }
        let mut body = String::from("{");
        // A flattened value with no keys (`{}`) adds no member.
        for (_, member) in self.members.iter().filter(|(_, m)| !m.is_empty()) {
            if body.len() > 1 {
                body.push(',');
            }
            body.push_str(member);
        }
        body.push('}');
        Ok(body)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::{Value, json};

    use super::*;

    #[derive(Serialize)]
    struct Text {
        body: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        preview_url: Option<bool>,
    }

    #[test]
    fn members_keep_the_order_they_were_set_and_replace_in_place() {
        let mut body = JsonBody::default();
        body.insert("messaging_product", "whatsapp");
        body.insert("to", "1555");
        body.flatten("content", json!({"type": "text"}));
        body.insert("to", "1666");
        assert_eq!(
            body.encode().unwrap(),
            r#"{"messaging_product":"whatsapp","to":"1666","type":"text"}"#
        );
    }

    #[test]
    fn nested_values_are_json_and_none_fields_are_left_out() {
        let mut body = JsonBody::default();
        body.insert(
            "text",
            Text {
                body: "hi \"there\"".into(),
                preview_url: None,
            },
        );
        body.insert("ids", vec!["a", "b"]);
        let text = body.encode().unwrap();
        assert_eq!(text, r#"{"text":{"body":"hi \"there\""},"ids":["a","b"]}"#);
        assert!(!text.contains("null"));
        let parsed: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed["ids"], json!(["a", "b"]));
    }

    #[test]
    fn an_empty_body_is_an_empty_object() {
        let mut body = JsonBody::default();
        assert_eq!(body.encode().unwrap(), "{}");
        body.flatten("nothing", BTreeMap::<String, u8>::new());
        body.insert("a", 1u8);
        assert_eq!(body.encode().unwrap(), r#"{"a":1}"#);
    }

    #[test]
    fn flattening_a_value_that_is_not_an_object_fails_when_sending() {
        let mut body = JsonBody::default();
        body.flatten("content", "text");
        let error = body.encode().unwrap_err();
        assert!(
            matches!(&error, Error::InvalidRequest(message) if message.contains("`content`")),
            "{error:?}"
        );
    }

    #[test]
    fn a_value_serde_cannot_encode_fails_when_sending() {
        let mut body = JsonBody::default();
        // JSON object keys must be strings.
        body.insert("map", BTreeMap::from([(vec![1u8], 1u8)]));
        assert!(matches!(body.encode(), Err(Error::InvalidRequest(_))));
    }
}
