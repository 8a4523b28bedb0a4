//! Every request the mock received, for tests to assert on: method, path,
//! query, body and headers, with the access token and `appsecret_proof`
//! replaced by `***`.

/// One request as received.
#[derive(Debug, Clone, PartialEq)]
pub struct JournalEntry {
    pub method: String,
    /// The path, percent-encoded as sent.
    pub path: String,
    /// The query's pairs, decoded.
    pub query: Vec<(String, String)>,
    /// The body as text (lossy for binary bodies).
    pub body: String,
    /// Header names in lower case, with their values.
    pub headers: Vec<(String, String)>,
    /// The operation it was routed to (`PhoneNumber.send_message`).
    pub operation: Option<String>,
    /// The status answered; `None` when the connection was cut.
    pub status: Option<u16>,
    /// For an item of a batch request, its index in the batch. Items are
    /// journaled as they run, before the batch request itself (whose
    /// `operation` is `None`).
    pub batch_item: Option<usize>,
}

impl JournalEntry {
    /// A query parameter's value.
    pub fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// A header's value (`name` in lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as form pairs.
    pub fn form(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(self.body.as_bytes())
            .into_owned()
            .collect()
    }

    /// The body as JSON, when it is.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_str(&self.body).ok()
    }
}

/// Names whose values are credentials.
const SECRET_PARAMS: [&str; 2] = ["access_token", "appsecret_proof"];

/// Query pairs with credentials redacted.
pub fn redact_pairs(pairs: &[(String, String)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(name, value)| {
            let value = if SECRET_PARAMS.contains(&name.as_str()) {
                "***".to_owned()
            } else {
                value.clone()
            };
            (name.clone(), value)
        })
        .collect()
}

/// A header value with credentials redacted.
pub fn redact_header(name: &str, value: &str) -> String {
    if name == "authorization" {
        match value.split_once(' ') {
            Some((scheme, _)) => format!("{scheme} ***"),
            None => "***".to_owned(),
        }
    } else {
        value.to_owned()
    }
}

/// A body with credentials redacted: form bodies pair by pair, JSON and
/// other bodies by replacing the token's text.
pub fn redact_body(body: &str, form: bool, token: Option<&str>) -> String {
    if form {
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(body.as_bytes())
            .into_owned()
            .collect();
        let mut serializer = url::form_urlencoded::Serializer::new(String::new());
        serializer.extend_pairs(redact_pairs(&pairs));
        return serializer.finish();
    }
    match token.filter(|t| !t.is_empty()) {
        Some(token) => body.replace(token, "***"),
        None => body.to_owned(),
    }
}
