//! The three calls users make most, each written twice: through the
//! generated client ("ours"), and as the floor, plain `reqwest` plus
//! `serde_json::from_slice` into the hand-written types of [`floor`],
//! sending the same URL, query and headers. Both talk to one loopback
//! server ([`crate::server`]) answering like Graph: the same bodies and Graph's
//! response headers (`x-fb-trace-id`, the two rate-limit usage headers).
//!
//! `benches/client.rs` times them side by side; `--profile` there runs
//! one side alone for `valgrind --tool=callgrind`.

use std::hint::black_box;
use std::sync::Arc;

use bytes::Bytes;
use hyper::Method;
use hyper::header::{HeaderName, HeaderValue};
use reqwest::header::{ACCEPT, AUTHORIZATION, USER_AGENT};
use waba::{AssignedUserField as U, WhatsAppBusinessAccountField as F};

use crate::{fixtures, floor, server};

/// The access token both sides send.
pub const TOKEN: &str = "EAAG-BENCH-TOKEN";
/// The WABA every call reads.
pub const WABA_ID: &str = "102290129340398";
/// The business whose users the list call reads.
pub const BUSINESS_ID: &str = "2729063490586005";
/// Items on the list page.
pub const PAGE_ITEMS: usize = 100;
/// What our client sends as `User-Agent` by default.
pub const AGENT: &str = "waba-rust/0.1.0";

/// The fields the node read asks for, and the body answers with.
const NODE_FIELDS: [(F, &str); 8] = [
    (F::Id, "id"),
    (F::Name, "name"),
    (F::Currency, "currency"),
    (F::TimezoneId, "timezone_id"),
    (F::Status, "status"),
    (F::OwnershipType, "ownership_type"),
    (
        F::BusinessVerificationStatus,
        "business_verification_status",
    ),
    (F::HealthStatus, "health_status"),
];

/// The floor's URLs, as a hand-written client would spell them.
const NODE_QUERY: &str = "fields=id%2Cname%2Ccurrency%2Ctimezone_id%2Cstatus%2Cownership_type%2Cbusiness_verification_status%2Chealth_status";
const LIST_QUERY: &str =
    "business=2729063490586005&fields=id%2Cname%2Ctasks%2Cbusiness%2Cuser_type&limit=100";

/// One of the measured calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// `GET /{waba}?fields=...`, one call at a time.
    Node,
    /// `GET /{waba}/assigned_users?...&limit=100`, one page at a time.
    List,
    /// The node read, 64 calls in flight at once (64 tasks).
    Concurrent,
}

impl Case {
    /// Every case, in the order reports list them.
    pub const ALL: [Case; 3] = [Case::Node, Case::List, Case::Concurrent];

    /// Calls in flight at once in [`Case::Concurrent`].
    pub const CONCURRENCY: usize = 64;

    /// The name `--profile` takes.
    pub fn name(self) -> &'static str {
        match self {
            Case::Node => "node",
            Case::List => "list",
            Case::Concurrent => "concurrent",
        }
    }

    /// What one report line is about.
    pub fn describe(self) -> &'static str {
        match self {
            Case::Node => "node read, sequential",
            Case::List => "list page of 100, sequential",
            Case::Concurrent => "node read, 64 concurrent",
        }
    }

    /// What one call yields that the figure counts: a node, or a page's items.
    pub fn items_per_call(self) -> u64 {
        match self {
            Case::List => PAGE_ITEMS as u64,
            Case::Node | Case::Concurrent => 1,
        }
    }

    /// The unit of the figure.
    pub fn unit(self) -> &'static str {
        match self {
            Case::List => "items/s",
            Case::Node | Case::Concurrent => "req/s",
        }
    }

    /// The case called `name`.
    pub fn from_name(name: &str) -> Option<Case> {
        Case::ALL.into_iter().find(|case| case.name() == name)
    }
}

/// Which client makes the calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The generated client.
    Ours,
    /// Plain `reqwest` + `serde_json` into [`floor`] types.
    Floor,
}

impl Side {
    /// The name `--profile` takes.
    pub fn name(self) -> &'static str {
        match self {
            Side::Ours => "ours",
            Side::Floor => "floor",
        }
    }

    /// The side called `name`.
    pub fn from_name(name: &str) -> Option<Side> {
        [Side::Ours, Side::Floor]
            .into_iter()
            .find(|side| side.name() == name)
    }
}

/// Graph's response headers on a WABA read, as the stand-in sends them.
pub fn graph_headers() -> Vec<(HeaderName, HeaderValue)> {
    [
        ("x-fb-trace-id", "AkG8bX2yQ3r"),
        ("x-fb-request-id", "AHm7Z0c1dQpNwY3eX5Jb1sK"),
        ("x-fb-rev", "1024213751"),
        ("facebook-api-version", "v23.0"),
        (
            "x-business-use-case-usage",
            r#"{"102290129340398":[{"type":"whatsapp_business_management","call_count":1,"total_cputime":1,"total_time":1,"estimated_time_to_regain_access":0}]}"#,
        ),
        (
            "x-app-usage",
            r#"{"call_count":0,"total_cputime":0,"total_time":0}"#,
        ),
        ("cache-control", "private, no-cache, no-store, must-revalidate"),
    ]
    .into_iter()
    .map(|(name, value)| (HeaderName::from_static(name), HeaderValue::from_static(value)))
    .collect()
}

/// The stand-in's bodies: the node with the fields asked for, and a page of
/// [`PAGE_ITEMS`] assigned users with cursors and a `next` link.
pub fn handler() -> server::Handler {
    let full = fixtures::waba(0);
    let node: serde_json::Map<String, serde_json::Value> = NODE_FIELDS
        .iter()
        .map(|(_, name)| ((*name).to_owned(), full[name].clone()))
        .collect();
    let node = Bytes::from(serde_json::Value::Object(node).to_string());
    let list = Bytes::from(fixtures::page(
        (0..PAGE_ITEMS).map(fixtures::assigned_user),
        Some(
            "https://graph.facebook.com/v23.0/102290129340398/assigned_users?after=QVFIUkZAmZAZAM",
        ),
    ));
    Arc::new(move |_: &Method, path: &str, _| {
        if path.ends_with("/assigned_users") {
            list.clone()
        } else {
            node.clone()
        }
    })
}

/// Starts the stand-in in the current runtime; returns its base URL.
pub async fn stand_in(options: server::Options) -> String {
    let options = server::Options {
        headers: graph_headers(),
        ..options
    };
    let addr = server::serve_with(handler(), options).await;
    format!("http://{addr}")
}

/// Our client with its defaults, on `base`: what users build.
pub fn ours(base: &str) -> waba::Client {
    waba::Client::builder()
        .access_token(TOKEN)
        .base_url(base)
        .build()
        .expect("a valid client")
}

/// The floor's client: a plain `reqwest::Client` and the pieces a careful
/// hand-written client keeps ready.
#[derive(Clone)]
pub struct Floor {
    http: reqwest::Client,
    base: Arc<str>,
    authorization: HeaderValue,
}

impl Floor {
    /// A plain `reqwest::Client::new()` talking to `base`.
    pub fn new(base: &str) -> Self {
        let mut authorization =
            HeaderValue::try_from(format!("Bearer {TOKEN}")).expect("a valid header");
        authorization.set_sensitive(true);
        Self {
            http: reqwest::Client::new(),
            base: base.into(),
            authorization,
        }
    }

    async fn get<T: serde::de::DeserializeOwned>(&self, url: String) -> T {
        let response = self
            .http
            .get(url)
            .header(AUTHORIZATION, self.authorization.clone())
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header(USER_AGENT, HeaderValue::from_static(AGENT))
            .send()
            .await
            .expect("the stand-in answers");
        assert!(response.status().is_success());
        let body = response.bytes().await.expect("a whole body");
        serde_json::from_slice(&body).expect("the floor type fits")
    }
}

/// One call of `case` through our client.
pub async fn call_ours(case: Case, client: &waba::Client) {
    let waba = client.whatsapp_business_account(WABA_ID);
    match case {
        Case::Node | Case::Concurrent => {
            let node = waba
                .get()
                .fields(NODE_FIELDS.map(|(field, _)| field))
                .await
                .expect("a node");
            assert!(node.id.is_some());
            black_box(node);
        }
        Case::List => {
            let page = waba
                .assigned_users(BUSINESS_ID)
                .fields([U::Id, U::Name, U::Tasks, U::Business, U::UserType])
                .limit(PAGE_ITEMS as u32)
                .await
                .expect("a page");
            assert_eq!(page.data.len(), PAGE_ITEMS);
            black_box(page);
        }
    }
}

/// One call of `case` through the floor.
pub async fn call_floor(case: Case, floor: &Floor) {
    let base = &floor.base;
    match case {
        Case::Node | Case::Concurrent => {
            let node: floor::WhatsAppBusinessAccount = floor
                .get(format!("{base}/v23.0/{WABA_ID}?{NODE_QUERY}"))
                .await;
            assert!(node.id.is_some());
            black_box(node);
        }
        Case::List => {
            let page: floor::Page<floor::AssignedUser> = floor
                .get(format!(
                    "{base}/v23.0/{WABA_ID}/assigned_users?{LIST_QUERY}"
                ))
                .await;
            assert_eq!(page.data.len(), PAGE_ITEMS);
            black_box(page);
        }
    }
}

/// `calls` calls of `case` by `side`: in a row, or for
/// [`Case::Concurrent`] spread over 64 tasks, each making its share in a row.
pub async fn run(case: Case, side: Side, calls: u64, ours: &waba::Client, floor: &Floor) {
    if case != Case::Concurrent {
        for _ in 0..calls {
            match side {
                Side::Ours => call_ours(case, ours).await,
                Side::Floor => call_floor(case, floor).await,
            }
        }
        return;
    }
    let tasks = Case::CONCURRENCY as u64;
    let handles: Vec<_> = (0..tasks)
        .map(|task| {
            // Spread the remainder so exactly `calls` calls are made.
            let share = calls / tasks + u64::from(task < calls % tasks);
            let ours = ours.clone();
            let floor = floor.clone();
            tokio::spawn(async move {
                for _ in 0..share {
                    match side {
                        Side::Ours => call_ours(case, &ours).await,
                        Side::Floor => call_floor(case, &floor).await,
                    }
                }
            })
        })
        .collect();
    for handle in handles {
        handle.await.expect("a call task does not panic");
    }
}
