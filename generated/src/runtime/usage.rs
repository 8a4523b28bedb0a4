//! Rate-limit usage reported by Graph in response headers:
//! `X-Business-Use-Case-Usage` (per business object and use case) and
//! `X-App-Usage` (per app), read into [`RateLimitUsage`].
//!
//! The headers are advisory: a malformed one is skipped with a `tracing`
//! warning and never fails the call it came with.

use std::time::Duration;

use reqwest::header::HeaderMap;
use serde_json::Value;

/// The header carrying Business Use Case usage.
const BUSINESS_USE_CASE_HEADER: &str = "x-business-use-case-usage";
/// The header carrying app-level usage.
const APP_HEADER: &str = "x-app-usage";
/// The standard HTTP header saying how long to wait, sent with 429 and 503.
const RETRY_AFTER_HEADER: &str = "retry-after";

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
            business_use_case: header_json(headers, BUSINESS_USE_CASE_HEADER)
                .and_then(|json| parse_business_use_case(&json))
                .unwrap_or_default(),
            app: header_json(headers, APP_HEADER).and_then(|json| parse_app(&json)),
            retry_after: retry_after(headers),
        }
    }
}

/// `Retry-After` in delta-seconds. The HTTP-date form is rare from Graph
/// and is skipped with a warning rather than guessed at.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER_HEADER)?;
    let seconds = value
        .to_str()
        .ok()
        .and_then(|text| text.trim().parse::<u64>().ok());
    if seconds.is_none() {
        tracing::warn!(
            header = RETRY_AFTER_HEADER,
            "ignoring a Retry-After header that is not whole seconds"
        );
    }
    seconds.map(Duration::from_secs)
}

/// The header parsed as JSON, or `None` (with a warning when it is present
/// but unreadable).
fn header_json(headers: &HeaderMap, name: &'static str) -> Option<Value> {
    let value = headers.get(name)?;
    let parsed = value
        .to_str()
        .ok()
        .and_then(|text| serde_json::from_str(text).ok());
    if parsed.is_none() {
        warn_malformed(name);
    }
    parsed
}

/// The header's value is not logged: it is Graph's, but nothing here
/// needs it, and logs should stay small.
fn warn_malformed(name: &'static str) {
    tracing::warn!(
        header = name,
        "ignoring a malformed rate-limit usage header"
    );
}

/// `{"<business-id>": [{"type": .., "call_count": .., ...}, ...], ...}`.
fn parse_business_use_case(json: &Value) -> Option<Vec<BusinessUseCaseUsage>> {
    let parsed = json.as_object().and_then(|businesses| {
        let mut usages = Vec::new();
        for (business_id, entries) in businesses {
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
    });
    if parsed.is_none() {
        warn_malformed(BUSINESS_USE_CASE_HEADER);
    }
    parsed
}

/// `{"call_count": N, "total_cputime": N, "total_time": N}`.
fn parse_app(json: &Value) -> Option<AppUsage> {
    let Some(app) = json.as_object() else {
        warn_malformed(APP_HEADER);
        return None;
    };
    Some(AppUsage {
        call_count: count(app.get("call_count")),
        total_cputime: count(app.get("total_cputime")),
        total_time: count(app.get("total_time")),
    })
}

/// A non-negative count: an integer, a fractional number (rounded up, so a
/// wait is never shortened) or a numeric string.
fn count(value: Option<&Value>) -> Option<u64> {
    let value = value?;
    if let Some(n) = value.as_u64() {
        return Some(n);
    }
    let float = match value {
        Value::String(text) => text.trim().parse::<f64>().ok()?,
        other => other.as_f64()?,
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
        ] {
            assert_eq!(count(Some(&value)), expected, "{value}");
        }
    }
}
