//! A response body: read under a size limit, then decoded into the value,
//! a [`GraphError`], or a typed error saying what was wrong with it.
//!
//! Everything here treats the body as hostile: any bytes, at any status,
//! produce a value or an error, never a panic.

use std::fmt;
use std::future::Future;
use std::ops::Deref;
use std::sync::LazyLock;

use bytes::Bytes;

use memchr::memmem::Finder;
use serde::de::{DeserializeOwned, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::error::{Error, GraphError, Result, body_excerpt};

/// The default limit on a response body: generous for any Graph page.
pub(crate) const DEFAULT_MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// Reads the whole body, refusing more than `limit` bytes: announced by
/// `Content-Length`, or counted while reading.
///
/// Borrows the response, so that the caller keeps its headers without
/// carrying anything read from them across the wait. A body that arrives in
/// one chunk, as most Graph responses do, comes back as that chunk: no
/// buffer to allocate, no copy.
#[allow(
    clippy::manual_async_fn,
    reason = "an async fn would keep its arguments twice in its future"
)]
pub(crate) fn read_body(
    response: &mut reqwest::Response,
    status: u16,
    limit: usize,
) -> impl Future<Output = Result<Body>> + Send + '_ {
    async move {
        let announced = response
            .content_length()
            .map(|len| usize::try_from(len).unwrap_or(usize::MAX));
        if announced.is_some_and(|len| len > limit) {
            return Err(too_large(status, limit, &[]));
        }
        // The first two chunks in a block of their own: they then take no
        // room in this future while the rest is read.
        let mut body = {
            let Some(first) = response.chunk().await.map_err(Error::transport)? else {
                return Ok(Body::Chunk(Bytes::new()));
            };
            if first.len() > limit {
                return Err(too_large(status, limit, &first));
            }
            let Some(second) = response.chunk().await.map_err(Error::transport)? else {
                return Ok(Body::Chunk(first));
            };
            // Trust the announced length for preallocation only up to a point.
            let capacity = announced.unwrap_or(0).min(1 << 20);
            let mut body = Vec::with_capacity(capacity.max(first.len() + second.len()));
            body.extend_from_slice(&first);
            body.extend_from_slice(&second);
            body
        };
        if body.len() > limit {
            return Err(too_large(status, limit, &body));
        }
        while let Some(chunk) = response.chunk().await.map_err(Error::transport)? {
            body.extend_from_slice(&chunk);
            if body.len() > limit {
                return Err(too_large(status, limit, &body));
            }
        }
        Ok(Body::Buffer(body))
    }
}

/// A body over `limit`, with what was read of it.
#[cold]
fn too_large(status: u16, limit: usize, body: &[u8]) -> Error {
    Error::BodyTooLarge {
        status,
        limit,
        body_excerpt: body_excerpt(body),
        usage: None,
        call: None,
    }
}

/// A whole response body: the one chunk it came in, or the chunks put
/// together.
#[derive(Debug)]
pub(crate) enum Body {
    Chunk(Bytes),
    Buffer(Vec<u8>),
}

impl Deref for Body {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Body::Chunk(chunk) => chunk,
            Body::Buffer(buffer) => buffer,
        }
    }
}

/// Turns a response into `T` or the error it carries. See
/// [`Request::send`](super::Request::send).
pub(crate) fn decode<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T> {
    check(status, body)?;
    decode_checked(status, body)
}

/// Decodes a body [`check`] let through into `T`: a body that is not the
/// expected JSON is an [`Error::Decode`] saying where.
pub(crate) fn decode_checked<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T> {
    serde_json::from_slice(body).map_err(|e| decode_error(status, e.to_string(), body))
}

/// Everything [`decode`] refuses before decoding the value itself: an
/// empty body, a Graph error object (at any status), any other non-2xx
/// answer, JSON that is not an object, and `{"success": false}`. What it
/// lets through is a 2xx body that is an object, or is not valid JSON
/// (which decoding then reports, with serde's position).
///
/// Not generic, so the exchange checks every answer (and decides on a
/// retry) with one copy of this code, before knowing the type decoded.
pub(crate) fn check(status: u16, body: &[u8]) -> Result<()> {
    let success = (200..300).contains(&status);
    if body.iter().all(u8::is_ascii_whitespace) {
        let message = if success {
            "empty response body".to_owned()
        } else {
            format!(
                "unexpected HTTP status {}, empty response body",
                describe(status)
            )
        };
        return Err(Error::Decode {
            status,
            message,
            body_excerpt: String::new(),
            usage: None,
            call: None,
        });
    }
    let probe = if needs_probe(success, body) {
        probe(body)
    } else {
        Probe::Object {
            error: None,
            success_false: false,
        }
    };
    if let Probe::Object {
        error: Some(error), ..
    } = &probe
    {
        return Err(match GraphError::from_json(status, error) {
            Some(graph) => Error::Graph(Box::new(graph)),
            None => decode_error(status, "Graph error without code".to_owned(), body),
        });
    }
    if !success {
        return Err(decode_error(
            status,
            format!("unexpected HTTP status {}", describe(status)),
            body,
        ));
    }
    match probe {
        // Every Graph response is an object; serde would read an array into
        // a struct field by field.
        Probe::NotObject => Err(decode_error(
            status,
            "expected a JSON object at the top level".to_owned(),
            body,
        )),
        Probe::Object {
            success_false: true,
            ..
        } => Err(Error::Unsuccessful {
            status,
            body_excerpt: body_excerpt(body),
            usage: None,
            call: None,
        }),
        // Invalid JSON: serde, decoding the value, says where.
        Probe::Object { .. } | Probe::NotJson => Ok(()),
    }
}

fn decode_error(status: u16, message: String, body: &[u8]) -> Error {
    Error::Decode {
        status,
        message,
        body_excerpt: body_excerpt(body),
        usage: None,
        call: None,
    }
}

/// `502 Bad Gateway`, or just the number for a nonstandard status.
fn describe(status: u16) -> String {
    match reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
    {
        Some(reason) => format!("{status} {reason}"),
        None => status.to_string(),
    }
}

/// What a first look at the body found.
enum Probe {
    /// Not valid JSON.
    NotJson,
    /// Valid JSON, but not an object.
    NotObject,
    /// A JSON object.
    Object {
        /// The top-level `error` member, when it is an object.
        error: Option<serde_json::Value>,
        /// Whether the top-level `success` member is `false`.
        success_false: bool,
    },
}

/// Whether the body could be anything but a plain successful object. A 2xx
/// body that starts with `{` and never mentions the keys `"error"` or
/// `"success"` cannot hold a Graph error or `success:false` at its top
/// level, so the structural probe (a full parse) is skipped: a SIMD
/// substring search is far cheaper than walking a large page twice.
/// (Graph does not escape ASCII letters in keys.)
fn needs_probe(success: bool, body: &[u8]) -> bool {
    // Built once: `memmem::find` builds its searcher on every call, which
    // cost more than the search itself on a small body.
    static ERROR_KEY: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"\"error\""));
    static SUCCESS_KEY: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"\"success\""));
    let starts_as_object = body
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'{');
    !success
        || !starts_as_object
        || ERROR_KEY.find(body).is_some()
        || SUCCESS_KEY.find(body).is_some()
}

/// Looks at the top level of the body only. Other members are skipped, not
/// built, so probing a large successful page stays cheap.
fn probe(body: &[u8]) -> Probe {
    struct Envelope;

    impl<'de> Visitor<'de> for Envelope {
        type Value = (Option<serde_json::Value>, bool);

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object")
        }

        fn visit_map<A: MapAccess<'de>>(
            self,
            mut map: A,
        ) -> std::result::Result<Self::Value, A::Error> {
            let mut error = None;
            let mut success_false = false;
            while let Some(key) = map.next_key::<String>()? {
                match key.as_str() {
                    "error" => error = Some(map.next_value::<serde_json::Value>()?),
                    "success" => {
                        success_false = map.next_value::<serde_json::Value>()?
                            == serde_json::Value::Bool(false);
                    }
                    _ => {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
            Ok((error.filter(serde_json::Value::is_object), success_false))
        }
    }

    let mut deserializer = serde_json::Deserializer::from_slice(body);
    // Only `deserialize_map`: a struct would also accept a JSON array.
    match (&mut deserializer).deserialize_map(Envelope) {
        Ok((error, success_false)) if deserializer.end().is_ok() => Probe::Object {
            error,
            success_false,
        },
        Ok(_) => Probe::NotJson,
        Err(e) if e.is_data() => Probe::NotObject,
        Err(_) => Probe::NotJson,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::runtime::paging::Page;

    #[test]
    fn decode_success_and_graph_errors_at_any_status() {
        let ok: Value = decode(200, br#"{"id":"1"}"#).unwrap();
        assert_eq!(ok, json!({"id": "1"}));

        let body = br#"{"error":{"message":"bad","type":"OAuthException","code":190,"error_subcode":463,"fbtrace_id":"T"}}"#;
        for status in [400, 401, 200, 500] {
            let error = decode::<Value>(status, body).unwrap_err();
            let graph = error
                .graph()
                .unwrap_or_else(|| panic!("{status}: {error:?}"));
            assert_eq!(
                (graph.status, graph.code.code(), graph.subcode),
                (status, 190, Some(463))
            );
            assert_eq!(graph.fbtrace_id.as_deref(), Some("T"));
        }
    }

    #[test]
    fn decode_a_graph_error_without_code() {
        let error = decode::<Value>(400, br#"{"error":{"message":"no code"}}"#).unwrap_err();
        let Error::Decode {
            status,
            message,
            body_excerpt,
            ..
        } = error
        else {
            panic!("{error:?}")
        };
        assert_eq!(
            (status, message.as_str()),
            (400, "Graph error without code")
        );
        assert!(body_excerpt.contains("no code"));
    }

    #[test]
    fn decode_only_treats_an_error_object_at_the_top_as_a_graph_error() {
        let value: Value = decode(200, br#"{"error":"not an object","id":"1"}"#).unwrap();
        assert_eq!(value["id"], "1");
        // An array is not a Graph response, error-like items or not.
        let error = decode::<Value>(200, br#"[{"error":{"code":1}}]"#).unwrap_err();
        assert!(matches!(error, Error::Decode { .. }), "{error:?}");
        let value: Value = decode(200, br#"{"data":[{"error":{"code":1}}]}"#).unwrap();
        assert!(value["data"].is_array());
    }

    #[test]
    fn decode_unexpected_status_and_bodies() {
        let error = decode::<Value>(502, b"<html><body>Bad Gateway</body></html>").unwrap_err();
        let Error::Decode {
            status,
            message,
            body_excerpt,
            ..
        } = &error
        else {
            panic!("{error:?}")
        };
        assert_eq!(*status, 502);
        assert_eq!(message, "unexpected HTTP status 502 Bad Gateway");
        assert_eq!(body_excerpt, "<html><body>Bad Gateway</body></html>");
        assert_eq!(error.status(), Some(502));

        let error = decode::<Value>(404, br#"{"id":"1"}"#).unwrap_err();
        assert!(
            matches!(&error, Error::Decode { message, .. } if message.starts_with("unexpected HTTP status 404"))
        );

        for body in [&b""[..], b" \n"] {
            let error = decode::<Value>(200, body).unwrap_err();
            assert!(
                matches!(&error, Error::Decode { message, .. } if message == "empty response body"),
                "{error:?}"
            );
        }
        let error = decode::<Value>(503, b"").unwrap_err();
        assert!(
            matches!(&error, Error::Decode { status: 503, message, .. } if message.contains("empty"))
        );
    }

    #[test]
    fn decode_a_wrong_shape_with_serdes_position() {
        let error = decode::<Page<Value>>(200, br#"{"data": {"not": "a list"}}"#).unwrap_err();
        let Error::Decode {
            status,
            message,
            body_excerpt,
            ..
        } = &error
        else {
            panic!("{error:?}")
        };
        assert_eq!(*status, 200);
        assert!(message.contains("line 1 column"), "{message}");
        assert!(body_excerpt.contains("not"));
        let error = decode::<Value>(200, b"{trailing").unwrap_err();
        assert!(matches!(error, Error::Decode { .. }));
    }

    #[test]
    fn decode_success_false_is_an_error_and_success_true_is_not() {
        let error = decode::<Value>(200, br#"{"success":false}"#).unwrap_err();
        assert!(
            matches!(&error, Error::Unsuccessful { status: 200, body_excerpt, .. } if body_excerpt.contains("false")),
            "{error:?}"
        );
        assert!(!error.is_retryable());
        let ok: Value = decode(200, br#"{"success":true}"#).unwrap();
        assert_eq!(ok["success"], true);
        let ok: Value = decode(200, br#"{"success":"false","data":{"success":false}}"#).unwrap();
        assert_eq!(ok["success"], "false");
    }

    #[test]
    fn decode_refuses_json_that_is_not_an_object() {
        for body in [&b"[1,2]"[..], b"5", b"\"s\"", b"null", b"true"] {
            let error = decode::<Value>(200, body).unwrap_err();
            assert!(
                matches!(&error, Error::Decode { message, .. } if message.contains("object")),
                "{error:?}"
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        #[test]
        fn any_bytes_at_any_status_decode_without_panicking(
            status in 100u16..600,
            body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..256),
        ) {
            let _ = decode::<Value>(status, &body);
            let _ = decode::<Page<Value>>(status, &body);
        }

        #[test]
        fn any_error_object_decodes_without_panicking(
            status in 100u16..600,
            code in proptest::prelude::any::<i64>(),
            fields in proptest::collection::vec(
                (
                    proptest::sample::select(vec![
                        "message", "type", "code", "error_subcode", "error_user_title",
                        "error_user_msg", "fbtrace_id", "is_transient", "error_data",
                    ]),
                    json_value(),
                ),
                0..8,
            ),
        ) {
            let mut error = serde_json::Map::new();
            error.insert("code".into(), json!(code));
            for (name, value) in fields {
                error.insert(name.to_owned(), value);
            }
            let body = json!({"error": error}).to_string();
            let result = decode::<Value>(status, body.as_bytes());
            let error = result.expect_err("an error object is never a success");
            // Classifying and printing never panic either.
            let _ = (error.class(), error.to_string(), error.status());
        }
    }

    /// Arbitrary JSON, a few levels deep.
    fn json_value() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            any::<f64>().prop_map(|n| json!(n)),
            ".{0,8}".prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 16, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                proptest::collection::btree_map(".{0,6}", inner, 0..4)
                    .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }
}
