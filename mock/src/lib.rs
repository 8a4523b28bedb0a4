//! `waba-mock`: a stand-in for Meta's Graph API that answers every
//! operation of the `waba` spec the way Graph does, with state, for tests
//! that need no Meta account, no token and no network.
//!
//! It is driven by the spec's route image (`route_image.rs`, written by
//! `cargo xtask codegen`), not by a handler per operation: what an
//! operation does follows from its shape (see [`engine`]), so operations
//! added to the spec are served as soon as the image is regenerated.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let mock = waba_mock::MockServer::start().await?;
//! let client = waba::Client::builder()
//!     .access_token(mock.token())
//!     .base_url(mock.base_url())
//!     .build()
//!     .expect("client");
//! let waba = client.whatsapp_business_account(waba_mock::seed::WABA).get().await;
//! assert!(waba.is_ok());
//! # Ok(()) }
//! ```

mod batch;
pub mod engine;
mod entries;
pub mod faults;
pub mod fields;
pub mod graph_error;
pub mod image;
pub mod journal;
pub mod paging;
pub mod params;
pub mod render;
#[allow(missing_docs)]
mod route_image;
pub mod seed;
mod server;
pub mod store;
pub mod usage;
pub mod webhooks;
mod wrapped_page;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Map, Value};
use tokio::sync::watch;

pub use faults::{Fault, FaultRule};
pub use graph_error::GraphError;
pub use journal::JournalEntry;
pub use seed::Seed;
pub use webhooks::{Delivery, WebhookTarget};

use image::Image;
use server::{Shared, lock};
use store::Store;

/// The access token a mock accepts unless told otherwise.
pub const DEFAULT_TOKEN: &str = "mock-access-token";

/// A running mock on loopback. Dropping it stops the server.
pub struct MockServer {
    shared: Arc<Shared>,
    addr: SocketAddr,
    stop: watch::Sender<bool>,
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

/// How to start a mock.
#[derive(Debug, Clone)]
pub struct MockBuilder {
    port: u16,
    seed: Option<Seed>,
    tokens: Vec<String>,
    app_secret: Option<String>,
    webhook: Option<WebhookTarget>,
    call_budget: u64,
}

impl Default for MockBuilder {
    fn default() -> Self {
        MockBuilder {
            port: 0,
            seed: None,
            tokens: vec![DEFAULT_TOKEN.to_owned()],
            app_secret: None,
            webhook: None,
            call_budget: 1000,
        }
    }
}

impl MockBuilder {
    /// The loopback port to listen on (default: any free one).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Starts from `seed` instead of the default state.
    pub fn seed(mut self, seed: Seed) -> Self {
        self.seed = Some(seed);
        self
    }

    /// Starts with nothing stored.
    pub fn empty(self) -> Self {
        self.seed(Seed::default())
    }

    /// The access tokens accepted (default: [`DEFAULT_TOKEN`]).
    pub fn tokens<I: IntoIterator<Item = S>, S: Into<String>>(mut self, tokens: I) -> Self {
        self.tokens = tokens.into_iter().map(Into::into).collect();
        self
    }

    /// Checks `appsecret_proof` when a request sends one, and signs
    /// webhooks with this secret.
    pub fn app_secret(mut self, secret: impl Into<String>) -> Self {
        self.app_secret = Some(secret.into());
        self
    }

    /// Delivers webhooks for what happens to `url`, signed with `app_secret`.
    pub fn webhook(mut self, url: impl Into<String>, app_secret: impl Into<String>) -> Self {
        self.webhook = Some(WebhookTarget {
            url: url.into(),
            app_secret: app_secret.into(),
        });
        self
    }

    /// How many calls make 100% in the usage headers (default 1000), per
    /// app and per object called.
    pub fn call_budget(mut self, calls: u64) -> Self {
        self.call_budget = calls.max(1);
        self
    }

    /// Binds the port and starts serving in the current Tokio runtime.
    pub async fn start(self) -> std::io::Result<MockServer> {
        let image = Image::get();
        let mut store = Store::default();
        let seed = match self.seed {
            Some(seed) => seed,
            None => Seed::from_json(seed::DEFAULT_SEED).map_err(std::io::Error::other)?,
        };
        seed.apply(image, &mut store)
            .map_err(std::io::Error::other)?;
        let (listener, addr) = server::bind(SocketAddr::from(([127, 0, 0, 1], self.port))).await?;
        let shared = Arc::new(Shared {
            image,
            store: Mutex::new(store),
            journal: Mutex::default(),
            faults: Mutex::default(),
            usage: Mutex::new(usage::Usage::with_budget(self.call_budget)),
            tokens: Mutex::new(self.tokens),
            app_secret: self.app_secret,
            webhook: self.webhook,
            deliveries: Arc::default(),
            webhook_client: reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .build()
                .map_err(std::io::Error::other)?,
            base: format!("http://{addr}"),
        });
        let (stop, stopped) = watch::channel(false);
        tokio::spawn(server::serve(listener, shared.clone(), stopped));
        Ok(MockServer { shared, addr, stop })
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

impl MockServer {
    /// Starts a mock with the default state on a free loopback port.
    pub async fn start() -> std::io::Result<MockServer> {
        MockBuilder::default().start().await
    }

    /// How to start one with other settings.
    pub fn builder() -> MockBuilder {
        MockBuilder::default()
    }

    /// `http://127.0.0.1:PORT`: pass to `waba::ClientBuilder::base_url`.
    pub fn base_url(&self) -> String {
        self.shared.base.clone()
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// An access token the mock accepts.
    pub fn token(&self) -> String {
        lock(&self.shared.tokens)
            .first()
            .cloned()
            .unwrap_or_default()
    }

    /// The names of the operations it serves (`PhoneNumber.send_message`),
    /// for [`Fault::on`] and [`JournalEntry::operation`].
    pub fn operations(&self) -> Vec<String> {
        self.shared
            .image
            .operations
            .iter()
            .map(|r| r.name.clone())
            .collect()
    }

    /// Adds nodes and edges to the state.
    pub fn seed(&self, seed: &Seed) -> Result<(), String> {
        seed.apply(self.shared.image, &mut lock(&self.shared.store))
    }

    /// Adds seed JSON (see [`seed`]) from a file.
    pub fn seed_file(&self, path: &Path) -> Result<(), String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        self.seed(&Seed::from_json(&text)?)
    }

    /// Stores a node of `node_type` (a spec node name) under `id`.
    pub fn insert(&self, id: &str, node_type: &str, fields: Value) -> Result<(), String> {
        if self.shared.image.node(node_type).is_none() {
            return Err(format!("the spec has no node `{node_type}`"));
        }
        let fields = match fields {
            Value::Object(map) => map,
            Value::Null => Map::new(),
            _ => return Err("a node's fields are a JSON object".to_owned()),
        };
        lock(&self.shared.store).put(id, node_type, fields);
        Ok(())
    }

    /// Puts `item` on `owner`'s `edge`.
    pub fn link(&self, owner: &str, edge: &str, item: &str) {
        lock(&self.shared.store).link(owner, edge, item);
    }

    /// A stored node's type and fields, as the mock holds them.
    pub fn node(&self, id: &str) -> Option<(String, Map<String, Value>)> {
        lock(&self.shared.store)
            .get(id)
            .map(|n| (n.node_type.clone(), n.fields.clone()))
    }

    /// The IDs on `owner`'s `edge`, oldest first.
    pub fn edge(&self, owner: &str, edge: &str) -> Vec<String> {
        lock(&self.shared.store).edge(owner, edge).to_vec()
    }

    /// The IDs of every stored node of `node_type`.
    pub fn ids_of(&self, node_type: &str) -> Vec<String> {
        lock(&self.shared.store)
            .of_type(node_type)
            .into_iter()
            .map(|(id, _)| id.to_owned())
            .collect()
    }

    /// Every request so far, oldest first, credentials redacted.
    pub fn journal(&self) -> Vec<JournalEntry> {
        lock(&self.shared.journal).clone()
    }

    /// Forgets the requests so far.
    pub fn clear_journal(&self) {
        lock(&self.shared.journal).clear();
    }

    /// Adds a fault rule; the first rule that matches a call applies.
    pub fn inject(&self, rule: impl Into<FaultRule>) {
        lock(&self.shared.faults).add(rule.into());
    }

    /// Removes every fault rule.
    pub fn clear_faults(&self) {
        lock(&self.shared.faults).clear();
    }

    /// The webhooks delivered so far.
    pub fn deliveries(&self) -> Vec<Delivery> {
        lock(&self.shared.deliveries).clone()
    }

    /// Waits until at least `n` webhooks were delivered, or `timeout`.
    pub async fn wait_for_deliveries(&self, n: usize, timeout: Duration) -> Vec<Delivery> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let deliveries = self.deliveries();
            if deliveries.len() >= n || tokio::time::Instant::now() >= deadline {
                return deliveries;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}
