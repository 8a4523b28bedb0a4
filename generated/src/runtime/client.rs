//! The client: credentials, API version, base URL and the HTTP connection
//! pool, shared by every request built from it.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;
use url::Url;

use super::auth::{AccessToken, AppSecret, appsecret_proof};
use super::body::DEFAULT_MAX_BODY_BYTES;
use super::error::{Error, Result};
use super::retry::{RetryPolicy, RetryStrategy};

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_USER_AGENT: &str = concat!("waba-rust/", env!("CARGO_PKG_VERSION"));

/// A Graph API client. Cheap to clone: clones share one connection pool.
///
/// Build one with [`Client::builder`], or [`Client::new`] for the defaults.
/// `Debug` shows the base URL and version, never the token or the secret.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

/// What every request needs, fixed when the client is built.
pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    /// Normalized to end with `/`, so the version appends as a path segment.
    pub(crate) base_url: Url,
    pub(crate) api_version: String,
    /// `Bearer <token>`, marked sensitive so `http` never logs it.
    pub(crate) authorization: HeaderValue,
    /// `OAuth <token>`, for the calls Meta documents with that scheme.
    pub(crate) oauth_authorization: HeaderValue,
    pub(crate) appsecret_proof: Option<String>,
    /// Set per request only for a caller-supplied `reqwest::Client`; a client
    /// built here carries the timeout and user agent itself.
    pub(crate) request_timeout: Option<Duration>,
    pub(crate) request_user_agent: Option<HeaderValue>,
    /// The retry strategy of requests that do not set their own.
    pub(crate) retry: Arc<dyn RetryStrategy>,
    /// The deadline of calls whose request does not set its own.
    pub(crate) deadline: Option<Duration>,
    /// The largest response body read.
    pub(crate) max_body_bytes: usize,
    /// The token, set only when the caller chose to send it as the
    /// `access_token` query parameter instead of the header.
    pub(crate) query_token: Option<AccessToken>,
    /// The token, the app secret and the proof: scrubbed from any text an
    /// error carries from the server.
    pub(crate) secrets: Vec<String>,
}

impl Client {
    /// A builder with the defaults: [`DEFAULT_BASE_URL`](crate::api::DEFAULT_BASE_URL),
    /// [`DEFAULT_API_VERSION`](crate::api::DEFAULT_API_VERSION), a 60 s
    /// request timeout, a 10 s connect timeout, [`RetryPolicy::default`]
    /// and no overall deadline.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client with the default settings and this access token.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the token is empty or the HTTP client cannot be built.
    pub fn new(access_token: impl Into<AccessToken>) -> Result<Client> {
        Self::builder().access_token(access_token).build()
    }

    /// The Graph API version requests go to, e.g. `v23.0`.
    pub fn api_version(&self) -> &str {
        &self.inner.api_version
    }

    /// The base URL requests go to, ending with `/`.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    pub(crate) fn inner(&self) -> &Inner {
        &self.inner
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("api_version", &self.inner.api_version)
            .field("access_token", &"***")
            .field(
                "app_secret",
                &self.inner.appsecret_proof.as_ref().map(|_| "***"),
            )
            .field("token_in_query", &self.inner.query_token.is_some())
            .field("retry", &self.inner.retry)
            .field("deadline", &self.inner.deadline)
            .field("max_body_bytes", &self.inner.max_body_bytes)
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`]. Only the access token is required.
///
/// `Debug` is safe to log: the credentials print as `***`.
#[derive(Debug, Clone, Default)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct ClientBuilder {
    access_token: Option<AccessToken>,
    app_secret: Option<AppSecret>,
    api_version: Option<String>,
    base_url: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    user_agent: Option<String>,
    http_client: Option<reqwest::Client>,
    retry: Option<Arc<dyn RetryStrategy>>,
    deadline: Option<Duration>,
    max_body_bytes: Option<usize>,
    token_in_query: bool,
}

impl ClientBuilder {
    /// The access token, sent as `Authorization: Bearer <token>` (never in
    /// the URL). Required.
    pub fn access_token(mut self, token: impl Into<AccessToken>) -> Self {
        self.access_token = Some(token.into());
        self
    }

    /// The Graph API version, `v<major>.<minor>` (default
    /// [`DEFAULT_API_VERSION`](crate::api::DEFAULT_API_VERSION)). Meta
    /// retires old versions, so this can be set at run time.
    pub fn api_version(mut self, version: impl Into<String>) -> Self {
        self.api_version = Some(version.into());
        self
    }

    /// The base URL (default [`DEFAULT_BASE_URL`](crate::api::DEFAULT_BASE_URL)):
    /// for tests and proxies. It may carry a path prefix, such as
    /// `http://proxy/graph`; requests go to `{base_url}/{version}/{path}`.
    pub fn base_url(mut self, url: impl AsRef<str>) -> Self {
        self.base_url = Some(url.as_ref().to_owned());
        self
    }

    /// The app secret: adds `appsecret_proof` (HMAC-SHA256 of the token,
    /// keyed with the secret) to every request. The secret itself is never sent.
    pub fn app_secret(mut self, secret: impl Into<AppSecret>) -> Self {
        self.app_secret = Some(secret.into());
        self
    }

    /// The total time allowed for one attempt, from connecting to reading
    /// the whole body (default 60 s). Each retry gets the full timeout again,
    /// unless the call's [`deadline`](Self::deadline) comes first.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The time allowed to establish a connection (default 10 s). Ignored
    /// with [`http_client`](Self::http_client), which has its own.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The `User-Agent` header (default `waba-rust/<crate version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Uses this `reqwest::Client` (proxies, TLS roots, pooling of your
    /// own). Its own settings apply; a [`timeout`](Self::timeout) or
    /// [`user_agent`](Self::user_agent) set here is added to each request.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// The retry strategy for every request that does not set its own
    /// (default [`RetryPolicy::default`]: 3 attempts). Pass a tuned
    /// [`RetryPolicy`], [`RetryPolicy::none`] to turn retrying off, or any
    /// [`RetryStrategy`] of your own.
    pub fn retry(mut self, strategy: impl RetryStrategy + 'static) -> Self {
        self.retry = Some(Arc::new(strategy));
        self
    }

    /// The longest a call may take, every attempt and every wait between
    /// attempts included, for every request that does not set its own
    /// (default: none).
    ///
    /// When the deadline passes during an attempt, the attempt is abandoned
    /// and the call fails with [`Error::DeadlineExceeded`]; each attempt's
    /// [`timeout`](Self::timeout) is thus at most the time left. A wait
    /// before a retry that would end past the deadline is not taken: the
    /// call returns the last attempt's error at once. A stream applies the
    /// deadline to each page request, not to the whole stream.
    ///
    /// There is none by default because the right bound depends on the
    /// caller (a web handler and a nightly batch job want very different
    /// ones), and because with the default timeout and [`RetryPolicy`] a
    /// call is already bounded: 3 attempts of at most 60 s, and at most two
    /// waits of at most 60 s, about 5 minutes in the worst case. Set one
    /// when a call must end sooner, or when a custom [`RetryStrategy`]
    /// might retry for long.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// The largest response body accepted, in bytes (default 32 MiB). A
    /// larger body fails with [`Error::BodyTooLarge`] as soon as the limit
    /// is passed, without buffering the rest.
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body_bytes = Some(limit);
        self
    }

    /// Sends the access token as the `access_token` query parameter
    /// instead of the `Authorization` header (default `false`).
    ///
    /// Only for proxies or gateways that cannot pass the header on: a token
    /// in a URL can end up in proxy and server access logs. The client
    /// itself still never logs URLs or puts them in errors.
    pub fn access_token_in_query(mut self, enabled: bool) -> Self {
        self.token_in_query = enabled;
        self
    }

    /// Checks the configuration and builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the access token is missing or empty, the API
    /// version is not `v<digits>.<digits>`, the base URL is not an
    /// `http(s)` URL without query or fragment, a timeout, the deadline or
    /// the body limit is zero, or the HTTP client cannot be built.
    pub fn build(self) -> Result<Client> {
        let token = match &self.access_token {
            Some(token) if !token.expose().trim().is_empty() => token,
            Some(_) => return Err(Error::Config("the access token is empty".into())),
            None => return Err(Error::Config("no access token: call `access_token`".into())),
        };
        let authorization = authorization_header("Bearer", token)?;
        let oauth_authorization = authorization_header("OAuth", token)?;

        let appsecret_proof = match &self.app_secret {
            Some(secret) if secret.expose().is_empty() => {
                return Err(Error::Config("the app secret is empty".into()));
            }
            Some(secret) => Some(appsecret_proof(secret, token)),
            None => None,
        };

        let api_version = self
            .api_version
            .unwrap_or_else(|| crate::api::DEFAULT_API_VERSION.to_owned());
        if !is_api_version(&api_version) {
            return Err(Error::Config(format!(
                "API version {api_version:?} is not of the form `v<major>.<minor>`, such as `v23.0`"
            )));
        }

        let base_url = parse_base_url(
            self.base_url
                .as_deref()
                .unwrap_or(crate::api::DEFAULT_BASE_URL),
        )?;

        for (name, value) in [
            ("timeout", self.timeout),
            ("connect timeout", self.connect_timeout),
            ("deadline", self.deadline),
        ] {
            if value.is_some_and(|d| d.is_zero()) {
                return Err(Error::Config(format!("the {name} is zero")));
            }
        }
        if self.max_body_bytes == Some(0) {
            return Err(Error::Config("the maximum body size is zero".into()));
        }
        let mut secrets = vec![token.expose().to_owned()];
        if let Some(secret) = &self.app_secret {
            secrets.push(secret.expose().to_owned());
        }
        secrets.extend(appsecret_proof.clone());
        let query_token = self.token_in_query.then(|| token.clone());
        let user_agent = self
            .user_agent
            .map(HeaderValue::try_from)
            .transpose()
            .map_err(|_| {
                Error::Config(
                    "the user agent contains characters not allowed in an HTTP header".into(),
                )
            })?;

        let (http, request_timeout, request_user_agent) = match self.http_client {
            Some(http) => (http, self.timeout, user_agent),
            None => {
                let http = reqwest::Client::builder()
                    .timeout(self.timeout.unwrap_or(DEFAULT_TIMEOUT))
                    .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                    .user_agent(user_agent.unwrap_or(HeaderValue::from_static(DEFAULT_USER_AGENT)))
                    .build()
                    .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
                (http, None, None)
            }
        };

        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                api_version,
                authorization,
                oauth_authorization,
                appsecret_proof,
                request_timeout,
                request_user_agent,
                retry: self
                    .retry
                    .unwrap_or_else(|| Arc::new(RetryPolicy::default())),
                deadline: self.deadline,
                max_body_bytes: self.max_body_bytes.unwrap_or(DEFAULT_MAX_BODY_BYTES),
                query_token,
                secrets,
            }),
        })
    }
}

/// `v<digits>.<digits>`, the pattern Meta's SDK checks.
fn is_api_version(version: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    version
        .strip_prefix('v')
        .and_then(|rest| rest.split_once('.'))
        .is_some_and(|(major, minor)| digits(major) && digits(minor))
}

/// Parses the base URL and makes its path end with `/`, so that the version
/// and request path append below any proxy prefix.
fn parse_base_url(text: &str) -> Result<Url> {
    let mut url = Url::parse(text)
        .map_err(|e| Error::Config(format!("base URL {text:?} is not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::Config(format!(
            "base URL {text:?} is not an http or https URL"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::Config(format!(
            "base URL {text:?} must not have a query or fragment"
        )));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// `Authorization: <scheme> <token>`, marked sensitive so `http` never
/// logs it.
fn authorization_header(scheme: &str, token: &AccessToken) -> Result<HeaderValue> {
    let mut value = HeaderValue::try_from(format!("{scheme} {}", token.expose()))
        // The token is not echoed: it must not reach error messages.
        .map_err(|_| {
            Error::Config(
                "the access token contains characters not allowed in an HTTP header".into(),
            )
        })?;
    value.set_sensitive(true);
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_validated() {
        for good in ["v23.0", "v1.0", "v100.12"] {
            assert!(is_api_version(good), "{good}");
        }
        for bad in [
            "23.0", "v23", "v23.", "v.0", "V23.0", "v23.0.1", "v23.0 ", "v2a.0", "", "v", "v٣.0",
        ] {
            assert!(!is_api_version(bad), "{bad}");
            let built = Client::builder().access_token("t").api_version(bad).build();
            assert!(matches!(built, Err(Error::Config(_))), "{bad}");
        }
        let client = Client::builder()
            .access_token("t")
            .api_version("v99.1")
            .build()
            .unwrap();
        assert_eq!(client.api_version(), "v99.1");
    }

    #[test]
    fn defaults_come_from_the_api_module() {
        let client = Client::new("t").unwrap();
        assert_eq!(client.api_version(), crate::api::DEFAULT_API_VERSION);
        assert_eq!(
            client.base_url().as_str(),
            format!("{}/", crate::api::DEFAULT_BASE_URL)
        );
        assert!(client.inner().appsecret_proof.is_none());
        assert!(client.inner().authorization.is_sensitive());
        assert_eq!(client.inner().authorization.to_str().unwrap(), "Bearer t");
        assert!(client.inner().oauth_authorization.is_sensitive());
        assert_eq!(
            client.inner().oauth_authorization.to_str().unwrap(),
            "OAuth t"
        );
    }

    #[test]
    fn token_is_required_and_not_empty() {
        assert!(matches!(Client::builder().build(), Err(Error::Config(_))));
        assert!(matches!(Client::new(""), Err(Error::Config(_))));
        assert!(matches!(Client::new("  "), Err(Error::Config(_))));
        let error = Client::new("SECRET\nTOKEN").unwrap_err();
        assert!(!error.to_string().contains("SECRET"), "{error}");
        let error = Client::builder()
            .access_token("t")
            .app_secret("")
            .build()
            .unwrap_err();
        assert!(matches!(error, Error::Config(_)));
    }

    #[test]
    fn base_urls_are_normalized_and_checked() {
        let base = |url: &str| Client::builder().access_token("t").base_url(url).build();
        assert_eq!(
            base("http://127.0.0.1:8080").unwrap().base_url().as_str(),
            "http://127.0.0.1:8080/"
        );
        assert_eq!(
            base("http://127.0.0.1:8080/").unwrap().base_url().as_str(),
            "http://127.0.0.1:8080/"
        );
        assert_eq!(
            base("http://proxy/graph").unwrap().base_url().as_str(),
            "http://proxy/graph/"
        );
        assert_eq!(
            base("http://proxy/graph/").unwrap().base_url().as_str(),
            "http://proxy/graph/"
        );
        for bad in [
            "",
            "not a url",
            "ftp://host",
            "mailto:a@b",
            "http://host/?x=1",
            "http://host/#f",
            "/relative",
        ] {
            assert!(matches!(base(bad), Err(Error::Config(_))), "{bad}");
        }
    }

    #[test]
    fn zero_timeouts_are_rejected() {
        let built = Client::builder()
            .access_token("t")
            .timeout(Duration::ZERO)
            .build();
        assert!(matches!(built, Err(Error::Config(_))));
        let built = Client::builder()
            .access_token("t")
            .connect_timeout(Duration::ZERO)
            .build();
        assert!(matches!(built, Err(Error::Config(_))));
        let built = Client::builder()
            .access_token("t")
            .deadline(Duration::ZERO)
            .build();
        assert!(
            matches!(&built, Err(Error::Config(message)) if message == "the deadline is zero"),
            "{built:?}"
        );
        let built = Client::builder()
            .access_token("t")
            .user_agent("bad\nagent")
            .build();
        assert!(matches!(built, Err(Error::Config(_))));
    }

    #[test]
    fn deadline_and_retry_strategy_reach_the_client() {
        let client = Client::new("t").unwrap();
        assert_eq!(client.inner().deadline, None);
        let client = Client::builder()
            .access_token("t")
            .deadline(Duration::from_secs(90))
            .retry(RetryPolicy::none())
            .build()
            .unwrap();
        assert_eq!(client.inner().deadline, Some(Duration::from_secs(90)));
        let text = format!("{client:?}");
        assert!(
            text.contains("deadline: Some(90s)") && text.contains("max_attempts: 1"),
            "{text}"
        );
    }

    #[test]
    fn app_secret_sets_the_proof() {
        let client = Client::builder()
            .access_token("TOKEN")
            .app_secret("APPSECRET")
            .build()
            .unwrap();
        assert_eq!(
            client.inner().appsecret_proof.as_deref(),
            Some("e697d0006554740ddfffab3f4406f3cef626ca5483a5c58b72a31941c9f40655")
        );
    }

    #[test]
    fn own_http_client_gets_the_timeout_and_agent_per_request() {
        let client = Client::builder()
            .access_token("t")
            .http_client(reqwest::Client::new())
            .timeout(Duration::from_secs(5))
            .user_agent("me/1")
            .build()
            .unwrap();
        assert_eq!(client.inner().request_timeout, Some(Duration::from_secs(5)));
        assert_eq!(client.inner().request_user_agent.as_ref().unwrap(), "me/1");
        let built_here = Client::builder()
            .access_token("t")
            .timeout(Duration::from_secs(5))
            .build()
            .unwrap();
        assert_eq!(built_here.inner().request_timeout, None);
    }

    #[test]
    fn debug_never_shows_credentials() {
        let builder = Client::builder()
            .access_token("SECRET-TOKEN-123")
            .app_secret("SECRET-APP-456")
            .http_client(reqwest::Client::new());
        let client = builder.clone().build().unwrap();
        let proof = client.inner().appsecret_proof.clone().unwrap();
        for text in [
            format!("{builder:?}"),
            format!("{client:?}"),
            format!("{client:#?}"),
        ] {
            assert!(!text.contains("SECRET-TOKEN-123"), "{text}");
            assert!(!text.contains("SECRET-APP-456"), "{text}");
            assert!(!text.contains(&proof), "{text}");
        }
        assert!(format!("{client:?}").contains("api_version"));
    }
}
