//! Rate-limit usage reported by Graph in response headers:
//! `X-Business-Use-Case-Usage` (per business object and use case) and
//! `X-App-Usage` (per app), read into [`RateLimitUsage`].
//!
//! The headers are advisory: a malformed one is skipped with a `tracing`
//! warning and never fails the call it came with.
//!
//! Graph sends them on most responses, so they are read straight into
//! their final types (no intermediate `serde_json::Value`, looked up by
//! prebuilt header names): parsing them through `Value` cost more than
//! everything else this client adds to a small call.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName};
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// The header carrying Business Use Case usage.
const BUSINESS_USE_CASE_HEADER: HeaderName = HeaderName::from_static("x-business-use-case-usage");
/// The header carrying app-level usage.
const APP_HEADER: HeaderName = HeaderName::from_static("x-app-usage");
/// The standard HTTP header saying how long to wait, sent with 429 and 503.
const RETRY_AFTER_HEADER: HeaderName = reqwest::header::RETRY_AFTER;

/// Rate-limit usage Graph reported with a response.
///
/// Found on every successful response ([`Response::usage`](crate::Response::usage))
/// and on every error that came with a response ([`Error::usage`](crate::Error::usage)).
/// Empty when Graph sent neither header.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct RateLimitUsage {
    /// `X-Business-Use-Case-Usage`: one entry per business object and use case.
    pub business_use_case: Vec<BusinessUseCaseUsage>,
    /// `X-App-Usage`, when sent.
    pub app: Option<AppUsage>,
    /// The standard `Retry-After` header, in whole seconds, when sent.
    pub retry_after: Option<Duration>,
}

/// One entry of `X-Business-Use-Case-Usage`. The counts are percentages of
/// the limit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct BusinessUseCaseUsage {
    /// The business object the usage is counted against (the header's key),
    /// such as a WhatsApp Business Account ID.
    pub business_id: String,
    /// The use case (`type`), e.g. `whatsapp_business_management`. Open-ended.
    pub use_case: Option<String>,
    /// Percentage of the allowed calls used (`call_count`).
    pub call_count: Option<u64>,
    /// Percentage of the allowed CPU time used (`total_cputime`).
    pub total_cputime: Option<u64>,
    /// Percentage of the allowed total time used (`total_time`).
    pub total_time: Option<u64>,
    /// Minutes until calls are allowed again (`estimated_time_to_regain_access`);
    /// `0` or absent when not throttled.
    pub estimated_time_to_regain_access: Option<u64>,
}

/// `X-App-Usage`. The counts are percentages of the app's limit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct AppUsage {
    /// Percentage of the allowed calls used (`call_count`).
    pub call_count: Option<u64>,
    /// Percentage of the allowed CPU time used (`total_cputime`).
    pub total_cputime: Option<u64>,
    /// Percentage of the allowed total time used (`total_time`).
    pub total_time: Option<u64>,
}

impl RateLimitUsage {
    /// Whether Graph sent no usage header this client could read.
    pub fn is_empty(&self) -> bool {
        self.business_use_case.is_empty() && self.app.is_none() && self.retry_after.is_none()
    }

    /// How long the server asked to wait before trying again: the longer of
    /// `estimated_time_to_regain_access` and `Retry-After`.
    pub fn server_wait(&self) -> Option<Duration> {
        self.regain_access_after().max(self.retry_after)
    }

    /// The longest `estimated_time_to_regain_access` over every business
    /// use case, when one is above zero: how long Graph says to wait.
    pub fn regain_access_after(&self) -> Option<Duration> {
        self.business_use_case
            .iter()
            .filter_map(|usage| usage.estimated_time_to_regain_access)
            .max()
            .filter(|&minutes| minutes > 0)
            .map(|minutes| Duration::from_secs(minutes.saturating_mul(60)))
    }

    /// Reads both headers; either one may be absent or malformed, which
    /// leaves its part empty.
    pub(crate) fn from_headers(headers: &HeaderMap) -> Self {
        Self {
            business_use_case: usage_header(
                headers,
                &BUSINESS_USE_CASE_HEADER,
                compact_business_use_cases,
                |text| serde_json::from_slice::<BusinessUseCases>(text).map(|parsed| parsed.0),
            )
            .unwrap_or_default(),
            app: usage_header(headers, &APP_HEADER, compact_app, |text| {
                serde_json::from_slice(text)
            })
            .map(|entry: AppEntry| AppUsage {
                call_count: entry.call_count,
                total_cputime: entry.total_cputime,
                total_time: entry.total_time,
            }),
            retry_after: retry_after(headers),
        }
    }
}

/// `Retry-After` in delta-seconds. The HTTP-date form is rare from Graph
/// and is skipped with a warning rather than guessed at.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(&RETRY_AFTER_HEADER)?;
    let seconds = value
        .to_str()
        .ok()
        .and_then(|text| text.trim().parse::<u64>().ok());
    if seconds.is_none() {
        tracing::warn!(
            header = RETRY_AFTER_HEADER.as_str(),
            "ignoring a Retry-After header that is not whole seconds"
        );
    }
    seconds.map(Duration::from_secs)
}

/// The header, or `None` when it is absent, and also (with a warning)
/// when it is not visible ASCII or not JSON of the expected shape.
///
/// Graph's own compact form is read by `compact` straight from the
/// header's bytes (it only accepts visible ASCII, as `to_str` does);
/// anything else goes through `to_str` and `general` (serde_json, reading
/// bytes with `from_slice`, not `from_str`: the same deserializer code as
/// the body's, instead of a second copy).
fn usage_header<T>(
    headers: &HeaderMap,
    name: &HeaderName,
    compact: impl FnOnce(&[u8]) -> Option<T>,
    general: impl FnOnce(&[u8]) -> serde_json::Result<T>,
) -> Option<T> {
    let value = headers.get(name)?;
    if let Some(parsed) = compact(value.as_bytes()) {
        return Some(parsed);
    }
    let parsed = value
        .to_str()
        .ok()
        .and_then(|text| general(text.as_bytes()).ok());
    if parsed.is_none() {
        // The header's value is not logged: it is Graph's, but nothing
        // here needs it, and logs should stay small.
        tracing::warn!(
            header = name.as_str(),
            "ignoring a malformed rate-limit usage header"
        );
    }
    parsed
}

/// The header as Graph writes it, read without a JSON parser: compact JSON
/// (no whitespace), strings of visible ASCII without escapes, counts as
/// unsigned integers, business IDs in increasing order. `None` for
/// anything else, which `serde_json` then reads, to the same result: both
/// paths map members through the same [`text`] and [`count`].
fn compact_business_use_cases(text: &[u8]) -> Option<Vec<BusinessUseCaseUsage>> {
    let mut json = Compact(text);
    // Graph sends one business, with one use case, as a rule.
    let mut usages = Vec::with_capacity(1);
    let mut previous: Option<&[u8]> = None;
    json.object(|json, business_id| {
        // Out of order or repeated: the general path sorts and dedupes.
        if previous.is_some_and(|previous| previous >= business_id) {
            return None;
        }
        previous = Some(business_id);
        let business_id = ascii(business_id);
        json.array(|json| {
            let mut entry = UseCaseEntry::default();
            json.object(|json, key| {
                let value = json.scalar()?;
                match key {
                    b"type" => entry.use_case = self::text(value),
                    b"call_count" => entry.call_count = count(value),
                    b"total_cputime" => entry.total_cputime = count(value),
                    b"total_time" => entry.total_time = count(value),
                    b"estimated_time_to_regain_access" => {
                        entry.estimated_time_to_regain_access = count(value);
                    }
                    _ => {}
                }
                Some(())
            })?;
            usages.push(BusinessUseCaseUsage {
                business_id: business_id.to_owned(),
                use_case: entry.use_case,
                call_count: entry.call_count,
                total_cputime: entry.total_cputime,
                total_time: entry.total_time,
                estimated_time_to_regain_access: entry.estimated_time_to_regain_access,
            });
            Some(())
        })
    })?;
    json.end()?;
    Some(usages)
}

/// `X-App-Usage` as Graph writes it; see [`compact_business_use_cases`].
fn compact_app(text: &[u8]) -> Option<AppEntry> {
    let mut json = Compact(text);
    let mut app = AppEntry::default();
    json.object(|json, key| {
        let value = json.scalar()?;
        match key {
            b"call_count" => app.call_count = count(value),
            b"total_cputime" => app.total_cputime = count(value),
            b"total_time" => app.total_time = count(value),
            _ => {}
        }
        Some(())
    })?;
    json.end()?;
    Some(app)
}

/// A reader of the compact JSON subset Graph writes usage headers in,
/// over the header's bytes. Every method returns `None` on anything
/// outside it; the caller then hands the whole text to serde. Outside
/// strings it accepts only JSON punctuation and digits, inside them only
/// visible ASCII: whatever it reads, `to_str` would have accepted, and
/// every string it hands out is ASCII.
struct Compact<'a>(&'a [u8]);

/// The bytes that end a run of plain string content: the closing quote,
/// and everything a compact string must not hold (an escape, a control
/// character, DEL, anything not ASCII).
static STRING_STOP: [bool; 256] = {
    let mut stop = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        stop[byte] = byte < 0x20 || byte >= 0x7f || byte == b'"' as usize || byte == b'\\' as usize;
        byte += 1;
    }
    stop
};

/// Bytes [`Compact::string`] returned, as text: they are ASCII, so this
/// never fails; the fallback only keeps it panic-free.
fn ascii(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or_default()
}

impl<'a> Compact<'a> {
    /// Takes `byte` off the front.
    fn eat(&mut self, byte: u8) -> Option<()> {
        match self.0 {
            [first, rest @ ..] if *first == byte => {
                self.0 = rest;
                Some(())
            }
            _ => None,
        }
    }

    fn end(&self) -> Option<()> {
        self.0.is_empty().then_some(())
    }

    /// `{}` or `{"key":<member>,...}`, `member` reading each value.
    fn object(&mut self, mut member: impl FnMut(&mut Self, &'a [u8]) -> Option<()>) -> Option<()> {
        self.eat(b'{')?;
        if self.eat(b'}').is_some() {
            return Some(());
        }
        loop {
            let key = self.string()?;
            self.eat(b':')?;
            member(self, key)?;
            if self.eat(b',').is_none() {
                return self.eat(b'}');
            }
        }
    }

    /// `[]` or `[<element>,...]`.
    fn array(&mut self, mut element: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.eat(b'[')?;
        if self.eat(b']').is_some() {
            return Some(());
        }
        loop {
            element(self)?;
            if self.eat(b',').is_none() {
                return self.eat(b']');
            }
        }
    }

    /// A string of visible ASCII without escapes, as bytes.
    fn string(&mut self) -> Option<&'a [u8]> {
        self.eat(b'"')?;
        let end = self.0.iter().position(|&b| STRING_STOP[usize::from(b)])?;
        let (text, rest) = self.0.split_at(end);
        self.0 = rest;
        self.eat(b'"')?;
        Some(text)
    }

    /// A string, or an unsigned integer that fits a `u64` and is written as
    /// JSON writes it (no leading zero, no fraction, no exponent).
    fn scalar(&mut self) -> Option<Scalar<'a>> {
        if self.0.first() == Some(&b'"') {
            return self.string().map(|text| Scalar::Str(ascii(text)));
        }
        let digits = self.0.iter().take_while(|b| b.is_ascii_digit()).count();
        let (number, rest) = self.0.split_at(digits);
        let leading_zero = digits > 1 && number[0] == b'0';
        if digits == 0 || leading_zero || matches!(rest.first(), Some(b'.' | b'e' | b'E')) {
            return None;
        }
        let mut value: u64 = 0;
        for &digit in number {
            value = value
                .checked_mul(10)?
                .checked_add(u64::from(digit - b'0'))?;
        }
        self.0 = rest;
        Some(Scalar::Unsigned(value))
    }
}

/// `{"<business-id>": [{"type": .., "call_count": .., ...}, ...], ...}`:
/// an object of arrays of objects, or the whole header is refused.
/// Entries come out ordered by business ID, and a business ID repeated in
/// the object keeps its last list, as when the header was read through a
/// `serde_json::Value` map.
struct BusinessUseCases(Vec<BusinessUseCaseUsage>);

impl<'de> serde::Deserialize<'de> for BusinessUseCases {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Businesses;

        impl<'de> Visitor<'de> for Businesses {
            type Value = BusinessUseCases;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of usage lists")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut businesses: Vec<(String, Vec<UseCaseEntry>)> = Vec::new();
                while let Some(business_id) = map.next_key::<String>()? {
                    businesses.push((business_id, map.next_value()?));
                }
                let in_order = businesses.windows(2).all(|pair| pair[0].0 < pair[1].0);
                if !in_order {
                    // Sorted, and a repeated ID keeps its last list.
                    let sorted: BTreeMap<_, _> = businesses.into_iter().collect();
                    businesses = sorted.into_iter().collect();
                }
                let mut usages = Vec::with_capacity(businesses.iter().map(|(_, e)| e.len()).sum());
                for (business_id, entries) in businesses {
                    // The ID is cloned for all entries but the last, which takes it.
                    let ids = std::iter::repeat_n(business_id, entries.len());
                    usages.extend(entries.into_iter().zip(ids).map(|(entry, business_id)| {
                        BusinessUseCaseUsage {
                            business_id,
                            use_case: entry.use_case,
                            call_count: entry.call_count,
                            total_cputime: entry.total_cputime,
                            total_time: entry.total_time,
                            estimated_time_to_regain_access: entry.estimated_time_to_regain_access,
                        }
                    }));
                }
                Ok(BusinessUseCases(usages))
            }
        }

        deserializer.deserialize_map(Businesses)
    }
}

/// One entry of a business's list: an object, other members ignored; a
/// member given twice keeps its last value.
#[derive(Default)]
struct UseCaseEntry {
    use_case: Option<String>,
    call_count: Option<u64>,
    total_cputime: Option<u64>,
    total_time: Option<u64>,
    estimated_time_to_regain_access: Option<u64>,
}

impl<'de> serde::Deserialize<'de> for UseCaseEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entry;

        impl<'de> Visitor<'de> for Entry {
            type Value = UseCaseEntry;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a usage object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entry = UseCaseEntry::default();
                while let Some(key) = map.next_key::<Key>()? {
                    match key {
                        Key::Type => entry.use_case = map.next_value::<Text>()?.0,
                        Key::CallCount => entry.call_count = map.next_value::<Count>()?.0,
                        Key::TotalCputime => entry.total_cputime = map.next_value::<Count>()?.0,
                        Key::TotalTime => entry.total_time = map.next_value::<Count>()?.0,
                        Key::EstimatedTimeToRegainAccess => {
                            entry.estimated_time_to_regain_access = map.next_value::<Count>()?.0;
                        }
                        Key::Other => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(entry)
            }
        }

        deserializer.deserialize_map(Entry)
    }
}

/// `{"call_count": N, "total_cputime": N, "total_time": N}`: an object,
/// other members ignored; a member given twice keeps its last value.
#[derive(Default)]
struct AppEntry {
    call_count: Option<u64>,
    total_cputime: Option<u64>,
    total_time: Option<u64>,
}

impl<'de> serde::Deserialize<'de> for AppEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct App;

        impl<'de> Visitor<'de> for App {
            type Value = AppEntry;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an app usage object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut app = AppEntry::default();
                while let Some(key) = map.next_key::<Key>()? {
                    match key {
                        Key::CallCount => app.call_count = map.next_value::<Count>()?.0,
                        Key::TotalCputime => app.total_cputime = map.next_value::<Count>()?.0,
                        Key::TotalTime => app.total_time = map.next_value::<Count>()?.0,
                        Key::Type | Key::EstimatedTimeToRegainAccess | Key::Other => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(app)
            }
        }

        deserializer.deserialize_map(App)
    }
}

/// The members the usage headers carry, matched on the borrowed key.
enum Key {
    Type,
    CallCount,
    TotalCputime,
    TotalTime,
    EstimatedTimeToRegainAccess,
    Other,
}

impl<'de> serde::Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Name;

        impl Visitor<'_> for Name {
            type Value = Key;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }

            fn visit_str<E: de::Error>(self, name: &str) -> Result<Key, E> {
                Ok(match name {
                    "type" => Key::Type,
                    "call_count" => Key::CallCount,
                    "total_cputime" => Key::TotalCputime,
                    "total_time" => Key::TotalTime,
                    "estimated_time_to_regain_access" => Key::EstimatedTimeToRegainAccess,
                    _ => Key::Other,
                })
            }
        }

        deserializer.deserialize_str(Name)
    }
}

/// A member that is a string, or `None` for any other JSON value.
struct Text(Option<String>);

impl<'de> serde::Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(Lenient(text)).map(Text)
    }
}

/// A non-negative count: an integer, a fractional number (rounded up, so a
/// wait is never shortened) or a numeric string; `None` for anything else.
struct Count(Option<u64>);

impl<'de> serde::Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(Lenient(count)).map(Count)
    }
}

/// A JSON scalar as [`Lenient`] hands it over.
enum Scalar<'a> {
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Str(&'a str),
    /// `null`, a bool, an array or an object (skipped whole).
    Other,
}

/// Visits any JSON value, maps scalars through the function and everything
/// else to `Other`: an odd member never fails the header it is in.
struct Lenient<F>(F);

impl<'de, T, F: FnOnce(Scalar<'_>) -> Option<T>> Visitor<'de> for Lenient<F> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok((self.0)(Scalar::Unsigned(value)))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Ok((self.0)(Scalar::Signed(value)))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        Ok((self.0)(Scalar::Float(value)))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok((self.0)(Scalar::Str(value)))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok((self.0)(Scalar::Other))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok((self.0)(Scalar::Other))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok((self.0)(Scalar::Other))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok((self.0)(Scalar::Other))
    }
}

/// See [`Text`].
fn text(value: Scalar<'_>) -> Option<String> {
    match value {
        Scalar::Str(text) => Some(text.to_owned()),
        _ => None,
    }
}

/// See [`Count`].
fn count(value: Scalar<'_>) -> Option<u64> {
    let float = match value {
        Scalar::Unsigned(n) => return Some(n),
        Scalar::Signed(n) => return u64::try_from(n).ok(),
        Scalar::Float(n) => n,
        Scalar::Str(text) => text.trim().parse::<f64>().ok()?,
        Scalar::Other => return None,
    };
    // `as` saturates for large values; NaN and negatives are refused first.
    (float.is_finite() && float >= 0.0).then(|| float.ceil() as u64)
}

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderValue;

    use super::*;

    fn headers(pairs: &[(&'static str, &[u8])]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_bytes(value).unwrap());
        }
        map
    }

    #[test]
    fn reads_both_headers() {
        let usage = RateLimitUsage::from_headers(&headers(&[
            (
                "x-business-use-case-usage",
                br#"{"123":[{"type":"whatsapp_business_management","call_count":28,"total_cputime":25,"total_time":25,"estimated_time_to_regain_access":0}],"456":[{"type":"ads_management","call_count":100,"total_cputime":1.5,"total_time":"7","estimated_time_to_regain_access":3}]}"#,
            ),
            (
                "x-app-usage",
                br#"{"call_count":5,"total_cputime":1,"total_time":2}"#,
            ),
        ]));
        assert_eq!(usage.business_use_case.len(), 2);
        let first = &usage.business_use_case[0];
        assert_eq!(first.business_id, "123");
        assert_eq!(
            first.use_case.as_deref(),
            Some("whatsapp_business_management")
        );
        assert_eq!(
            (first.call_count, first.total_cputime, first.total_time),
            (Some(28), Some(25), Some(25))
        );
        let second = &usage.business_use_case[1];
        assert_eq!(
            (second.total_cputime, second.total_time),
            (Some(2), Some(7))
        );
        assert_eq!(usage.regain_access_after(), Some(Duration::from_secs(180)));
        assert_eq!(
            usage.app,
            Some(AppUsage {
                call_count: Some(5),
                total_cputime: Some(1),
                total_time: Some(2)
            })
        );
        assert!(!usage.is_empty());
    }

    #[test]
    fn absent_headers_are_empty() {
        let usage = RateLimitUsage::from_headers(&HeaderMap::new());
        assert!(usage.is_empty());
        assert_eq!(usage.regain_access_after(), None);
    }

    #[test]
    fn malformed_headers_are_ignored_one_by_one() {
        for bad in [
            &b"not json"[..],
            b"[1,2]",
            br#"{"123": {"type": "x"}}"#,
            br#"{"123": [5]}"#,
            b"\xff\xfe",
        ] {
            let usage = RateLimitUsage::from_headers(&headers(&[
                ("x-business-use-case-usage", bad),
                ("x-app-usage", br#"{"call_count":1}"#),
            ]));
            assert!(usage.business_use_case.is_empty(), "{bad:?}");
            assert_eq!(usage.app.and_then(|app| app.call_count), Some(1));
        }
        let usage = RateLimitUsage::from_headers(&headers(&[("x-app-usage", b"[]")]));
        assert!(usage.is_empty());
    }

    #[test]
    fn odd_counts_never_panic() {
        for (value, expected) in [
            (serde_json::json!(-1), None),
            (serde_json::json!(1e300), Some(u64::MAX)),
            (serde_json::json!("NaN"), None),
            (serde_json::json!(null), None),
            (serde_json::json!(0.2), Some(1)),
            (serde_json::json!(" 7 "), Some(7)),
            (serde_json::json!([1]), None),
            (serde_json::json!({"a": [1, {"b": 2}]}), None),
        ] {
            let count = serde_json::from_value::<Count>(value.clone()).unwrap().0;
            assert_eq!(count, expected, "{value}");
        }
    }

    #[test]
    fn businesses_out_of_order_or_repeated_read_as_through_a_map() {
        let usage = RateLimitUsage::from_headers(&headers(&[(
            "x-business-use-case-usage",
            br#"{"9":[{"call_count":1}],"1":[{"call_count":2},{"call_count":3}],"9":[{"call_count":4}]}"#,
        )]));
        let read: Vec<(&str, Option<u64>)> = usage
            .business_use_case
            .iter()
            .map(|usage| (usage.business_id.as_str(), usage.call_count))
            .collect();
        assert_eq!(read, [("1", Some(2)), ("1", Some(3)), ("9", Some(4))]);
    }

    #[test]
    fn graphs_own_form_is_read_without_serde_and_the_same_as_with_it() {
        let business = [
            &br#"{"102290129340398":[{"type":"whatsapp_business_management","call_count":1,"total_cputime":1,"total_time":1,"estimated_time_to_regain_access":0}]}"#[..],
            br#"{"1":[{"type":"a","call_count":100},{"type":5,"call_count":"7","x":"y"}],"2":[]}"#,
            br#"{}"#,
            br#"{"1":[]}"#,
        ];
        for text in business {
            let compact = compact_business_use_cases(text).expect("the compact form");
            let general = serde_json::from_slice::<BusinessUseCases>(text).unwrap().0;
            assert_eq!(compact, general, "{}", String::from_utf8_lossy(text));
        }
        for text in [
            &br#"{"call_count":0,"total_cputime":0,"total_time":0}"#[..],
            br#"{"call_count":18446744073709551615,"other":"x","total_time":"3"}"#,
            br#"{}"#,
        ] {
            let compact = compact_app(text).expect("the compact form");
            let general: AppEntry = serde_json::from_slice(text).unwrap();
            assert_eq!(
                (
                    compact.call_count,
                    compact.total_cputime,
                    compact.total_time
                ),
                (
                    general.call_count,
                    general.total_cputime,
                    general.total_time
                )
            );
        }
        // Outside the compact form: left to serde.
        for text in [
            &br#"{"1":[{"call_count":1.5}]}"#[..],
            br#"{"1":[{"call_count":-1}]}"#,
            br#"{"1":[{"call_count":01}]}"#,
            br#"{"1":[{"call_count":18446744073709551616}]}"#,
            br#"{"1":[{"type":"a\u0062"}]}"#,
            br#"{"1":[{"type":null}]}"#,
            br#"{ "1":[]}"#,
            br#"{"2":[],"1":[]}"#,
            br#"{"1":[],"1":[]}"#,
            br#"{"1":[]}x"#,
            br#"{"1":5}"#,
            br#"{"1":[5]}"#,
            // Not visible ASCII: `to_str` refuses the header, so must this.
            "{\"1\":[{\"type\":\"\u{e9}\"}]}".as_bytes(),
        ] {
            assert!(
                compact_business_use_cases(text).is_none(),
                "{}",
                String::from_utf8_lossy(text)
            );
        }
    }

    /// How the headers were read before they were parsed into their types
    /// directly: through `serde_json::Value`. Kept to check that nothing a
    /// header can hold is read differently.
    fn through_value(headers: &HeaderMap) -> RateLimitUsage {
        use serde_json::Value;

        fn json(headers: &HeaderMap, name: &str) -> Option<Value> {
            serde_json::from_str(headers.get(name)?.to_str().ok()?).ok()
        }
        fn count(value: Option<&Value>) -> Option<u64> {
            let value = value?;
            if let Some(n) = value.as_u64() {
                return Some(n);
            }
            let float = match value {
                Value::String(text) => text.trim().parse::<f64>().ok()?,
                other => other.as_f64()?,
            };
            (float.is_finite() && float >= 0.0).then(|| float.ceil() as u64)
        }
        let business_use_case = json(headers, "x-business-use-case-usage")
            .and_then(|json| {
                let mut usages = Vec::new();
                for (business_id, entries) in json.as_object()? {
                    for entry in entries.as_array()? {
                        let entry = entry.as_object()?;
                        usages.push(BusinessUseCaseUsage {
                            business_id: business_id.clone(),
                            use_case: entry.get("type").and_then(Value::as_str).map(str::to_owned),
                            call_count: count(entry.get("call_count")),
                            total_cputime: count(entry.get("total_cputime")),
                            total_time: count(entry.get("total_time")),
                            estimated_time_to_regain_access: count(
                                entry.get("estimated_time_to_regain_access"),
                            ),
                        });
                    }
                }
                Some(usages)
            })
            .unwrap_or_default();
        let app = json(headers, "x-app-usage").and_then(|json| {
            let app = json.as_object()?;
            Some(AppUsage {
                call_count: count(app.get("call_count")),
                total_cputime: count(app.get("total_cputime")),
                total_time: count(app.get("total_time")),
            })
        });
        RateLimitUsage {
            business_use_case,
            app,
            retry_after: retry_after(headers),
        }
    }

    /// A JSON value of the shapes the headers take, and of every way they
    /// can go wrong: counts of every JSON type, odd keys, odd nesting.
    fn usage_json() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        use serde_json::{Value, json};
        let scalar = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<u64>().prop_map(|n| json!(n)),
            any::<i64>().prop_map(|n| json!(n)),
            (-1e3f64..1e21).prop_map(|n| json!(n)),
            prop_oneof![
                Just("7".to_owned()),
                Just(" 2.5".to_owned()),
                Just("-1".to_owned()),
                Just("NaN".to_owned()),
                Just("inf".to_owned()),
                // Anything a header value can hold once JSON-escaped.
                "[^\u{7f}]{0,4}",
            ]
            .prop_map(Value::String),
        ];
        let key = prop_oneof![
            Just("type".to_owned()),
            Just("call_count".to_owned()),
            Just("total_cputime".to_owned()),
            Just("total_time".to_owned()),
            Just("estimated_time_to_regain_access".to_owned()),
            "[a-z_]{0,6}",
        ];
        let member = prop_oneof![
            4 => scalar.clone(),
            1 => proptest::collection::vec(scalar.clone(), 0..3).prop_map(Value::Array),
            1 => proptest::collection::btree_map("[a-z]{0,3}", scalar, 0..3)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ];
        let entry = proptest::collection::vec((key, member.clone()), 0..6)
            .prop_map(|members| Value::Object(members.into_iter().collect()));
        let entry = prop_oneof![8 => entry, 1 => member.clone()];
        let entries = prop_oneof![
            8 => proptest::collection::vec(entry.clone(), 0..3).prop_map(Value::Array),
            1 => member,
        ];
        prop_oneof![
            8 => proptest::collection::vec(("[0-9]{1,3}", entries), 0..4)
                .prop_map(|businesses| Value::Object(businesses.into_iter().collect())),
            1 => entry,
        ]
    }

    /// Any byte a header value can hold, biased to JSON's punctuation.
    fn header_byte() -> impl proptest::strategy::Strategy<Value = u8> {
        use proptest::prelude::*;
        prop_oneof![
            4 => proptest::sample::select(b"{}[]:,\"0123456789".to_vec()),
            2 => 32u8..127,
            1 => 128u8..=255,
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        #[test]
        fn reads_every_header_as_through_value(
            business in usage_json(),
            app in usage_json(),
            // JSON texts `Value` would read differently if the object
            // were not rebuilt: repeated keys, members out of order.
            repeat in proptest::prelude::any::<bool>(),
        ) {
            let mut business = business.to_string();
            if repeat && business.starts_with('{') && business.len() > 2 {
                let inner = &business[1..business.len() - 1];
                business = format!("{{{inner},{inner}}}");
            }
            let map = headers(&[
                ("x-business-use-case-usage", business.as_bytes()),
                ("x-app-usage", app.to_string().as_bytes()),
            ]);
            proptest::prop_assert_eq!(RateLimitUsage::from_headers(&map), through_value(&map));
        }

        #[test]
        fn reads_any_bytes_as_through_value(
            business in proptest::collection::vec(header_byte(), 0..64),
            app in proptest::collection::vec(header_byte(), 0..64),
        ) {
            let map = headers(&[
                ("x-business-use-case-usage", &business),
                ("x-app-usage", &app),
            ]);
            proptest::prop_assert_eq!(RateLimitUsage::from_headers(&map), through_value(&map));
        }
    }
}
