//! What an operation does to the state and what it answers, decided by its
//! shape in the route image, never by its name:
//!
//! - `read` of a node or of one item on an edge: the stored node with the
//!   selected fields; `response = data`: the edge's items in `{"data"}`.
//! - `list`: the edge's items, narrowed by parameters named like item
//!   fields and by `filtering`, paged, with `summary`.
//! - `create` / `update`: the node the answer's `id` points at (or the
//!   edge's item for `{success}` answers) is created or, when a parameter
//!   carries its ID, updated; parameters named like its fields set them,
//!   files are kept; the answer is `{success}`, the `{id, ..}` result, the
//!   node read back with `fields`, or the documented answer with fresh IDs
//!   (required fields nothing documents get a made-up value of their type).
//!   An update of an edge whose items have no ID (settings) changes the
//!   item already there.
//! - `delete`: the node, the item in the path, or the edge's items the
//!   parameters pick.
//! - the spec's `effect`, where names cannot tell: fields a write always
//!   sets (`sets`), the node a `create` makes though its answer does not
//!   name it (`creates`), and writes whose list parameter names items to
//!   add or remove (`stores_as`, see `entries.rs`).
//! - a `read` of an object that wraps a listing (`{"data": {"groups":
//!   [..]}, "paging"}`) lists the nodes the edge `creates` in it (see
//!   `wrapped_page.rs`); a `data` read of an object each owner has
//!   one of answers it even before it is written.

use serde_json::{Map, Value, json};

use crate::entries::{self, Items};
use crate::fields::{self, Selected};
use crate::graph_error::GraphError;
use crate::image::{Effect, Image, Kind, NodeDef, PathPart, ResponseShape, Route, Type};
use crate::paging;
use crate::params::{Incoming, Params};
use crate::render::{DEFAULT_LIMIT, View};
use crate::store::Store;
use crate::wrapped_page::{self, Listing};

/// One call, routed and with its parameters checked.
pub struct Call<'a> {
    pub image: &'a Image,
    pub route: &'a Route,
    /// The ID the path starts with.
    pub owner: &'a str,
    pub params: Params,
    pub incoming: &'a Incoming<'a>,
    /// `http://127.0.0.1:PORT`.
    pub base: &'a str,
    /// `/v23.0/...`, without the query.
    pub path: &'a str,
    pub version: &'a str,
}

/// The answer, and what changed (for webhooks).
pub struct Outcome {
    pub answer: Answer,
    /// The node the call created, if any.
    pub created: Option<String>,
}

/// A JSON answer, or bytes.
pub enum Answer {
    Json(Value),
    Bytes {
        content_type: String,
        bytes: bytes::Bytes,
    },
}

impl Call<'_> {
    pub fn run(&self, store: &mut Store) -> Result<Outcome, GraphError> {
        let json = |value| Outcome {
            answer: Answer::Json(value),
            created: None,
        };
        if let Some(effect) = &self.route.effect
            && let Some(param) = &effect.entries
        {
            return self.entry_write(store, effect, param).map(json);
        }
        match self.route.kind {
            Kind::Read => self.read(store),
            Kind::List => self.list(store).map(json),
            Kind::Create | Kind::Update => self.write(store),
            Kind::Delete => self.delete(store).map(json),
        }
    }

    fn view<'s>(&'s self, store: &'s Store) -> View<'s> {
        View::new(self.image, store, self.base, self.version)
    }

    /// The `fields=` selection, checked against `node`; `None` when absent.
    fn selection(&self, node: &str) -> Result<Option<Vec<Selected>>, GraphError> {
        let Some(text) = self.incoming.text("fields") else {
            return Ok(None);
        };
        if text.is_empty() {
            return Ok(None);
        }
        let selection = fields::parse(&text)?;
        fields::check(self.image, node, &selection)?;
        Ok(Some(selection))
    }

    /// The selection, or the defaults the documented answer shows.
    fn selection_or_defaults(
        &self,
        node: &str,
        example: Option<&Value>,
    ) -> Result<Vec<Selected>, GraphError> {
        Ok(match self.selection(node)? {
            Some(selection) => selection,
            None => self
                .image
                .node(node)
                .map(|def| fields::defaults(def, example))
                .unwrap_or_default(),
        })
    }

    /// The item ID in the path (`/{phone}/message_qrdls/{code}`), if any.
    fn path_item(&self) -> Option<String> {
        self.route.path.iter().find_map(|part| match part {
            PathPart::Param(name) => self.params.get(name).and_then(value_text),
            PathPart::Literal(_) => None,
        })
    }

    /// The node a read or delete addresses: the item in the path (which
    /// must be on the edge), or the node itself.
    fn target(&self, store: &Store) -> Result<Option<String>, GraphError> {
        match (self.path_item(), &self.route.edge) {
            (Some(item), Some(edge)) => {
                if store.edge(self.owner, edge).contains(&item) && store.get(&item).is_some() {
                    Ok(Some(item))
                } else {
                    Err(GraphError::unsupported(&self.route.method, &item))
                }
            }
            (Some(item), None) => Ok(Some(item)),
            (None, None) => Ok(Some(self.owner.to_owned())),
            (None, Some(_)) => Ok(None),
        }
    }

    fn read(&self, store: &Store) -> Result<Outcome, GraphError> {
        let route = self.route;
        let view = self.view(store);
        let target = self.target(store)?;
        let answer = match route.response {
            ResponseShape::Binary => {
                let id = target.unwrap_or_else(|| self.owner.to_owned());
                let blob = store
                    .blob(&id)
                    .ok_or_else(|| GraphError::unsupported("GET", &id))?;
                Answer::Bytes {
                    content_type: blob.content_type.clone(),
                    bytes: bytes::Bytes::from(blob.bytes.clone()),
                }
            }
            ResponseShape::Data => {
                let example = route
                    .example_response
                    .as_ref()
                    .and_then(|e| e.get("data"))
                    .and_then(|d| d.get(0));
                let selection = self.selection_or_defaults(&route.item, example)?;
                let ids = match (&target, &route.edge) {
                    (Some(id), Some(_)) => vec![id.clone()],
                    (_, Some(edge)) => store.edge(self.owner, edge).to_vec(),
                    (Some(id), None) => vec![id.clone()],
                    (None, None) => Vec::new(),
                };
                let mut data: Vec<Value> = ids
                    .iter()
                    .filter_map(|id| view.node(id, Some(&selection)))
                    .collect();
                // One object per owner (a number's business profile):
                // Graph answers with it before anything is written, with
                // what a first write starts from.
                let one_per_owner = self
                    .image
                    .node(&route.item)
                    .is_some_and(|def| !def.id && !is_success(def));
                if data.is_empty() && target.is_none() && route.edge.is_some() && one_per_owner {
                    let fields = self.documented_item(&route.item);
                    let object = view.object(&route.item, &fields, Some(&selection), None);
                    data.push(Value::Object(object));
                }
                Answer::Json(view.checked(json!({ "data": data }))?)
            }
            ResponseShape::Node | ResponseShape::Page
                if target.is_none()
                    && let Some(listing) = wrapped_page::listing(self.image, route) =>
            {
                Answer::Json(self.wrapped_page(store, &listing)?)
            }
            ResponseShape::Node | ResponseShape::Page => {
                let example = route.example_response.as_ref();
                let selection = self.selection_or_defaults(&route.item, example)?;
                let id = match (&target, &route.edge) {
                    (Some(id), _) => Some(id.clone()),
                    (None, Some(edge)) => store.edge(self.owner, edge).first().cloned(),
                    (None, None) => None,
                };
                let value = match id.and_then(|id| view.node(&id, Some(&selection))) {
                    Some(value) => value,
                    // Nothing stored on the edge yet: the documented answer.
                    None => example.cloned().unwrap_or_else(|| json!({})),
                };
                Answer::Json(view.checked(value)?)
            }
        };
        Ok(Outcome {
            answer,
            created: None,
        })
    }

    /// A listing inside an object (see [`wrapped_page`]): the stored
    /// nodes on the edge, paged by `limit`, `after` and `before` as a
    /// list is, shown as entries at the listing's path.
    fn wrapped_page(&self, store: &Store, listing: &Listing) -> Result<Value, GraphError> {
        let edge = self.route.edge.as_deref().unwrap_or_default();
        let ids: Vec<String> = store
            .edge(self.owner, edge)
            .iter()
            .filter(|id| store.get(id).is_some_and(|n| n.node_type == listing.stored))
            .cloned()
            .collect();
        let limit = match self.incoming.text("limit") {
            Some(text) => text
                .parse::<usize>()
                .map_err(|_| GraphError::param("Param limit must be a non-negative integer"))?,
            None => DEFAULT_LIMIT,
        };
        let (after, before) = (self.incoming.text("after"), self.incoming.text("before"));
        let from = match (&after, &before) {
            (Some(after), _) => paging::From::After(after),
            (None, Some(before)) => paging::From::Before(before),
            (None, None) => paging::From::Start,
        };
        let range = paging::window(&ids, from, limit)?;
        let view = self.view(store);
        let entries = ids[range.clone()]
            .iter()
            .filter_map(|id| {
                let node = store.get(id)?;
                Some(Value::Object(view.object(
                    &listing.entry,
                    &node.fields,
                    None,
                    Some(id),
                )))
            })
            .collect();
        let url = format!("{}{}", self.base, self.path);
        let mut page = paging::page(entries, &ids, range, &url, self.incoming.query);
        let mut value = page.remove("data").unwrap_or_default();
        for name in listing.path.iter().rev() {
            value = json!({ name.as_str(): value });
        }
        let has_paging = self
            .image
            .node(&self.route.item)
            .is_some_and(|def| def.field("paging").is_some());
        if let (Value::Object(out), Some(paging)) = (&mut value, page.remove("paging"))
            && has_paging
        {
            out.insert("paging".to_owned(), paging);
        }
        Ok(value)
    }

    fn list(&self, store: &Store) -> Result<Value, GraphError> {
        let route = self.route;
        let edge = route.edge.as_deref().unwrap_or_default();
        let all = store.edge(self.owner, edge);
        let item_def = self.image.node(&route.item);
        let filters = parse_filtering(self.incoming.text("filtering").as_deref(), item_def)?;
        let ids: Vec<String> = all
            .iter()
            .filter(|id| {
                let Some(node) = store.get(id) else {
                    return false;
                };
                self.matches_params(item_def, &node.fields)
                    && filters.iter().all(|f| f.matches(&node.fields))
            })
            .cloned()
            .collect();
        let limit = match self.incoming.text("limit") {
            Some(text) => text
                .parse::<usize>()
                .map_err(|_| GraphError::param("Param limit must be a non-negative integer"))?,
            None => DEFAULT_LIMIT,
        };
        let after = self.incoming.text("after");
        let before = self.incoming.text("before");
        let from = match (&after, &before) {
            (Some(after), _) => paging::From::After(after),
            (None, Some(before)) => paging::From::Before(before),
            (None, None) => paging::From::Start,
        };
        let range = paging::window(&ids, from, limit)?;
        let example = route
            .example_response
            .as_ref()
            .and_then(|e| e.get("data"))
            .and_then(|d| d.get(0));
        let selection = self.selection_or_defaults(&route.item, example)?;
        let view = self.view(store);
        let data = ids[range.clone()]
            .iter()
            .filter_map(|id| view.node(id, Some(&selection)))
            .collect();
        let url = format!("{}{}", self.base, self.path);
        let mut page = paging::page(data, &ids, range, &url, self.incoming.query);
        if let Some(asked) = self.incoming.text("summary") {
            let mut summary = Map::new();
            for field in &route.summary {
                let wanted = asked == "true" || asked.split(',').any(|s| s.trim() == field.name);
                if !wanted {
                    continue;
                }
                let value = if field.name == "total_count" {
                    json!(ids.len())
                } else if field.name.ends_with("_count") {
                    json!(all.len())
                } else {
                    zero(&field.ty)
                };
                summary.insert(field.name.clone(), value);
            }
            page.insert("summary".to_owned(), Value::Object(summary));
        }
        view.checked(Value::Object(page))
    }

    /// Whether an item passes the list's parameters that name its value
    /// fields: a list picks any of its values, text matches as a
    /// substring, the rest must be equal. Other parameters do not narrow.
    fn matches_params(&self, def: Option<&NodeDef>, fields: &Map<String, Value>) -> bool {
        let Some(def) = def else { return true };
        self.params.values.iter().all(|(name, wanted)| {
            // Only fields holding values narrow: a node-typed field (the
            // `business` of an assigned user) is not compared with an ID.
            let comparable = def.field(name).is_some_and(|f| f.ty.held_node().is_none());
            if !comparable {
                return true;
            }
            let Some(have) = fields.get(name) else {
                return false;
            };
            match (wanted, have) {
                (Value::Array(any), Value::Array(have)) => any.iter().any(|w| have.contains(w)),
                (Value::Array(any), have) => any.contains(have),
                (Value::String(w), Value::String(h)) => {
                    h.to_lowercase().contains(&w.to_lowercase())
                }
                (w, h) => w == h,
            }
        })
    }

    /// The node a write creates or changes, by type: what the answer's
    /// `id` points at, else the edge's item for a `{success}` answer.
    fn written_type(&self) -> Option<String> {
        let route = self.route;
        if let Some(created) = route.effect.as_ref().and_then(|e| e.creates.clone()) {
            return Some(created);
        }
        if route.edge.is_none() {
            return route.node.clone();
        }
        let returns = self.image.node(&route.returns)?;
        if let Some(Type::Id(node)) = returns.field("id").map(|f| &f.ty) {
            return Some(node.clone());
        }
        let item = self.image.node(&route.item)?;
        (route.item != route.returns && (item.id || !item.fields.is_empty()))
            .then(|| route.item.clone())
    }

    /// The parameter carrying the written node's ID, if any (`user` of
    /// `assigned_users`, `hsm_id`).
    fn key_param(&self, node_type: &str) -> Option<(&str, &Value)> {
        self.route
            .params
            .iter()
            .filter(|p| !matches!(p.location, crate::image::Location::Path))
            .filter(|p| match &p.ty {
                Type::Id(n) => n == node_type,
                Type::List(inner) => matches!(&**inner, Type::Id(n) if n == node_type),
                _ => false,
            })
            .find_map(|p| self.params.get(&p.name).map(|v| (p.name.as_str(), v)))
    }

    fn write(&self, store: &mut Store) -> Result<Outcome, GraphError> {
        let route = self.route;
        let written = self.written_type();
        let mut created = None;
        let mut written_id = None;
        if let Some(node_type) = &written {
            let def = self.image.node(node_type);
            let key = self.key_param(node_type).and_then(|(_, v)| value_text(v));
            let id = match (&route.edge, key) {
                (None, _) => self.owner.to_owned(),
                (Some(_), Some(key)) => key,
                // An update of an edge holding one unnamed item (settings)
                // changes that item rather than adding another.
                (Some(edge), None)
                    if route.kind == Kind::Update
                        && def.is_some_and(|d| !d.id)
                        && !store.edge(self.owner, edge).is_empty() =>
                {
                    store.edge(self.owner, edge)[0].clone()
                }
                (Some(_), None) => store.fresh_id(&self.id_prefix()),
            };
            let is_new = store.get(&id).is_none();
            let mut fields = match store.get(&id) {
                Some(node) => node.fields.clone(),
                None => self.documented_item(node_type),
            };
            if let Some(def) = def {
                for (name, value) in &self.params.values {
                    if name != "id" && def.field(name).is_some() {
                        fields.insert(name.clone(), value.clone());
                    }
                }
            }
            store.put(&id, node_type, fields);
            self.keep_files(store, &id, def)?;
            if let Some(edge) = &route.edge {
                store.link(self.owner, edge, &id);
            }
            if is_new {
                created = Some(id.clone());
            }
            written_id = Some(id);
        }
        self.apply_sets(store, written_id.as_deref());
        let answer = self.write_answer(store, written.as_deref(), written_id.as_deref())?;
        Ok(Outcome {
            answer: Answer::Json(answer),
            created,
        })
    }

    /// The spec's `sets`: fields the call always leaves at these values,
    /// on the written node, or else on the node whose ID starts the path
    /// (verifying a number's code marks the number verified).
    fn apply_sets(&self, store: &mut Store, written: Option<&str>) {
        let Some(effect) = &self.route.effect else {
            return;
        };
        let id = written.unwrap_or(self.owner);
        if let Some(node) = store.get_mut(id) {
            for (name, value) in &effect.sets {
                node.fields.insert(name.clone(), value.clone());
            }
        }
    }

    /// A write whose list parameter names items: they are added (or, for
    /// a delete, removed) where the effect says they live.
    fn entry_write(
        &self,
        store: &mut Store,
        effect: &Effect,
        param: &str,
    ) -> Result<Value, GraphError> {
        let route = self.route;
        let (at, item_type) = match (&effect.items_in, &route.edge) {
            (Some(field), _) => {
                let held = route
                    .node
                    .as_deref()
                    .and_then(|n| self.image.node(n))
                    .and_then(|def| def.field(field))
                    .and_then(|f| f.ty.held_node())
                    .unwrap_or_default();
                (
                    Items::Field {
                        owner: self.owner,
                        field,
                    },
                    held,
                )
            }
            (None, Some(edge)) => (
                Items::Edge {
                    owner: self.owner,
                    edge,
                    node_type: &route.item,
                },
                route.item.as_str(),
            ),
            (None, None) => return Ok(json!({ "success": true })),
        };
        let sent = self.params.get(param).cloned().unwrap_or(Value::Null);
        let items = entries::items_of(self.image, effect, item_type, &sent);
        if route.kind == Kind::Delete {
            entries::remove(store, &at, &items);
        } else {
            let start = || self.documented_item(item_type);
            entries::add(store, &at, items, start, &self.id_prefix());
        }
        self.apply_sets(store, None);
        self.write_answer(store, None, None)
    }

    /// fields Graph's media nodes use (`mime_type`, `sha256`, `file_size`,
    /// `url`, `file_offset`), where the node has them. A binary body
    /// continues a resumable upload at `file_offset`.
    fn keep_files(
        &self,
        store: &mut Store,
        id: &str,
        def: Option<&NodeDef>,
    ) -> Result<(), GraphError> {
        let Some((_, file)) = self.params.files.first() else {
            return Ok(());
        };
        let resumed = self.route.body.as_deref() == Some("binary");
        let blob = store.blob_mut(id);
        if resumed {
            let offset = self
                .params
                .get("file_offset")
                .and_then(Value::as_u64)
                .unwrap_or(blob.bytes.len() as u64);
            if offset != blob.bytes.len() as u64 {
                return Err(GraphError::param(format!(
                    "Param file_offset must be {}, the bytes received so far",
                    blob.bytes.len()
                )));
            }
            blob.bytes.extend_from_slice(&file.bytes);
        } else {
            blob.bytes = file.bytes.to_vec();
        }
        let content_type = self
            .params
            .get("type")
            .and_then(Value::as_str)
            .map_or_else(|| file.content_type.clone(), str::to_owned);
        blob.content_type = content_type.clone();
        let (len, sha) = (blob.bytes.len(), sha256_hex(&blob.bytes));
        let url = format!("{}/_media/{id}", self.base);
        let Some(def) = def else { return Ok(()) };
        let Some(node) = store.get_mut(id) else {
            return Ok(());
        };
        let mut set = |name: &str, value: Value| {
            if def.field(name).is_some() {
                node.fields.insert(name.to_owned(), value);
            }
        };
        set("mime_type", Value::from(content_type));
        set("sha256", Value::from(sha));
        set("file_size", Value::from(len.to_string()));
        set("url", Value::from(url));
        set("file_offset", Value::from(len));
        Ok(())
    }

    fn write_answer(
        &self,
        store: &Store,
        written: Option<&str>,
        id: Option<&str>,
    ) -> Result<Value, GraphError> {
        let route = self.route;
        let view = self.view(store);
        if route.read_after_write
            && let (Some(id), Some(selection)) = (id, self.selection(&route.item)?)
        {
            let value = view.node(id, Some(&selection)).unwrap_or_else(|| json!({}));
            return view.checked(value);
        }
        let Some(returns) = self.image.node(&route.returns) else {
            return Ok(json!({ "success": true }));
        };
        if is_success(returns) {
            return Ok(json!({ "success": true }));
        }
        let stored = id.and_then(|id| store.get(id));
        let example = route.example_response.clone().unwrap_or(Value::Null);
        let substitutions = self.substitutions();
        let mut out = Map::new();
        for field in &returns.fields {
            let value = if field.name == "id"
                && let (Some(id), Some(_)) = (id, written)
            {
                Some(Value::from(id))
            } else if let Some(value) = stored.and_then(|n| n.fields.get(&field.name)) {
                Some(value.clone())
            } else if let Some(value) = self.params.get(&field.name).filter(|v| fits(&field.ty, v))
            {
                Some(value.clone())
            } else if let Some(e) = example.get(&field.name) {
                Some(synthesize(
                    self.image,
                    &field.ty,
                    field.required,
                    e,
                    &substitutions,
                ))
            } else if field.required {
                // Undocumented but required: a made-up value of its type,
                // so the answer still decodes.
                placeholder(self.image, &field.ty, self.base, 0)
            } else {
                None
            };
            if let Some(value) = value {
                out.insert(field.name.clone(), value);
            }
        }
        Ok(Value::Object(out))
    }

    /// The prefix of the IDs this operation makes, as its documented
    /// answer shows (`upload:`, `wamid.`); none for Graph's digit IDs.
    fn id_prefix(&self) -> String {
        self.route
            .example_response
            .as_ref()
            .and_then(|e| e.get("id"))
            .and_then(Value::as_str)
            .map(prefix_of)
            .unwrap_or_default()
    }

    /// The fields a new node of `node_type` starts with: those its
    /// documented answers show, by the operations that read it.
    fn documented_item(&self, node_type: &str) -> Map<String, Value> {
        let Some(def) = self.image.node(node_type) else {
            return Map::new();
        };
        let examples = self.image.operations.iter().filter_map(|r| {
            let example = r.example_response.as_ref()?;
            match r.kind {
                Kind::Read if r.item == node_type && r.response == ResponseShape::Node => {
                    Some(example)
                }
                Kind::List | Kind::Read if r.item == node_type => example.get("data")?.get(0),
                Kind::Create if r.returns == node_type || self.route.name == r.name => {
                    Some(example)
                }
                _ => None,
            }
        });
        let mut fields = Map::new();
        for example in examples {
            let Value::Object(example) = example else {
                continue;
            };
            for (name, value) in example {
                if name != "id" && def.field(name).is_some() && !fields.contains_key(name) {
                    fields.insert(name.clone(), value.clone());
                }
            }
        }
        fields
    }

    /// Documented request values and the parameter each stood for, read
    /// from the example request's JSON body: a documented answer that
    /// repeats one (the recipient of a message) repeats the real one.
    fn substitutions(&self) -> Vec<(String, Value)> {
        let Some(example) = &self.route.example_request else {
            return Vec::new();
        };
        let Some(start) = example.find('{') else {
            return Vec::new();
        };
        let Ok(Value::Object(body)) = serde_json::from_str::<Value>(&example[start..]) else {
            return Vec::new();
        };
        body.iter()
            .filter_map(|(name, documented)| {
                let documented = documented.as_str()?;
                let actual = self.params.get(name)?.clone();
                Some((documented.to_owned(), actual))
            })
            .collect()
    }

    fn delete(&self, store: &mut Store) -> Result<Value, GraphError> {
        let route = self.route;
        let Some(edge) = &route.edge else {
            store.remove(self.owner);
            return Ok(json!({ "success": true }));
        };
        if let Some(item) = self.target(store)? {
            store.unlink(self.owner, edge, &item);
            store.remove(&item);
            return Ok(json!({ "success": true }));
        }
        let def = self.image.node(&route.item);
        let mut picked: Vec<String> = store.edge(self.owner, edge).to_vec();
        let mut narrowed = None;
        for param in &route.params {
            if param.value.is_some() {
                continue;
            }
            let Some(wanted) = self.params.get(&param.name) else {
                continue;
            };
            let by_id = match &param.ty {
                Type::Id(n) => *n == route.item,
                Type::List(inner) => matches!(&**inner, Type::Id(n) if *n == route.item),
                _ => false,
            };
            if by_id {
                let ids: Vec<String> = match wanted {
                    Value::Array(items) => items.iter().filter_map(value_text).collect(),
                    other => value_text(other).into_iter().collect(),
                };
                picked.retain(|id| ids.contains(id));
            } else if def.is_some_and(|d| d.field(&param.name).is_some()) {
                picked.retain(|id| {
                    store
                        .get(id)
                        .is_some_and(|n| n.fields.get(&param.name) == Some(wanted))
                });
            } else {
                continue;
            }
            narrowed = Some(param.name.as_str());
        }
        if let Some(param) = narrowed
            && picked.is_empty()
        {
            return Err(GraphError::param(format!(
                "Param {param} does not match anything on {edge}"
            )));
        }
        for id in picked {
            store.unlink(self.owner, edge, &id);
            if !store.is_linked(&id) {
                store.remove(&id);
            }
        }
        Ok(json!({ "success": true }))
    }
}

/// Whether a node is Graph's `{"success": bool}` result.
fn is_success(def: &NodeDef) -> bool {
    def.fields.len() == 1 && def.fields[0].name == "success"
}

/// A JSON value as an ID text.
fn value_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `wamid.` of `wamid.HBgL...`, `upload:` of `upload:MTph...`, `2:` of
/// `2:c2Ft`; empty for a plain ID.
fn prefix_of(id: &str) -> String {
    match id.find(['.', ':']) {
        Some(at) if at > 0 && id[..at].chars().all(|c| c.is_ascii_alphanumeric()) => {
            id[..=at].to_owned()
        }
        _ => String::new(),
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

/// Whether a request value has the JSON shape of a field's type, so it
/// can be echoed in the answer (a list of `{user}` is not a node).
fn fits(ty: &Type, value: &Value) -> bool {
    match ty {
        Type::Node(_) | Type::Page(_) => value.is_object(),
        Type::List(_) => value.is_array(),
        Type::Union(_) => value.is_object() || value.is_string(),
        Type::Scalar(s) if s == "json" => true,
        Type::Scalar(s) if s == "bool" => value.is_boolean(),
        Type::Scalar(_) | Type::Id(_) | Type::Enum(_) => value.is_string() || value.is_number(),
    }
}

/// A value of `ty` for a required field nothing documents: a fresh token
/// for text, the first value of an enum, zero, `true`, an empty list, or
/// a node of its own required fields. `None` where no value is sure to
/// decode (a union).
fn placeholder(image: &Image, ty: &Type, base: &str, depth: usize) -> Option<Value> {
    let token = || format!("{:016X}{:08X}", fastrand::u64(..), fastrand::u32(..));
    Some(match ty {
        Type::Scalar(s) => match s.as_str() {
            "bool" => Value::Bool(true),
            "url" => Value::from(format!("{base}/_mock/{}", token())),
            "json" => json!({}),
            "numeric_string" => Value::from(fastrand::u64(100_000..1_000_000).to_string()),
            s if s.contains("int") || s == "float64" || s == "timestamp" => json!(0),
            _ => Value::from(token()),
        },
        Type::Id(_) => {
            Value::from(fastrand::u64(100_000_000_000_000..1_000_000_000_000_000).to_string())
        }
        Type::Enum(name) => Value::from(image.enums.get(name)?.first()?.clone()),
        Type::List(_) => json!([]),
        Type::Node(name) if depth < 4 => {
            let def = image.node(name)?;
            let mut out = Map::new();
            for field in def.fields.iter().filter(|f| f.required) {
                out.insert(
                    field.name.clone(),
                    placeholder(image, &field.ty, base, depth + 1)?,
                );
            }
            Value::Object(out)
        }
        Type::Node(_) | Type::Page(_) | Type::Union(_) => return None,
    })
}

/// The zero value of a summary field's type.
fn zero(ty: &Type) -> Value {
    match ty {
        Type::Scalar(s) if s == "bool" => Value::Bool(false),
        Type::Scalar(s) if s.contains("int") || s == "float64" || s == "timestamp" => json!(0),
        Type::List(_) => json!([]),
        _ => Value::from(""),
    }
}

/// The documented `example` for a value of `ty`, with each required
/// ID-like string made new (keeping its prefix) and each documented
/// request value replaced by the one sent.
fn synthesize(
    image: &Image,
    ty: &Type,
    required: bool,
    example: &Value,
    substitutions: &[(String, Value)],
) -> Value {
    match (ty, example) {
        (Type::List(inner), Value::Array(items)) => Value::Array(
            items
                .iter()
                .map(|item| synthesize(image, inner, false, item, substitutions))
                .collect(),
        ),
        (Type::Node(node), Value::Object(map)) => {
            let Some(def) = image.node(node) else {
                return example.clone();
            };
            let mut out = Map::new();
            for field in &def.fields {
                if let Some(value) = map.get(&field.name) {
                    let value = synthesize(image, &field.ty, field.required, value, substitutions);
                    out.insert(field.name.clone(), value);
                }
            }
            Value::Object(out)
        }
        (_, Value::String(text)) => {
            if let Some((_, actual)) = substitutions.iter().find(|(d, _)| d == text) {
                return actual.clone();
            }
            let id_like = matches!(ty, Type::Id(_))
                || (required && matches!(ty, Type::Scalar(s) if s == "string"));
            if id_like {
                let token = format!("{:016X}{:08X}", fastrand::u64(..), fastrand::u32(..));
                Value::from(format!("{}{token}", prefix_of(text)))
            } else {
                example.clone()
            }
        }
        _ => example.clone(),
    }
}

/// A `filtering` rule: `{"field", "operator", "value"}`.
struct Filter {
    field: String,
    operator: String,
    value: Value,
}

/// Parses `filtering=[...]`, checking each field exists on the item.
fn parse_filtering(text: Option<&str>, def: Option<&NodeDef>) -> Result<Vec<Filter>, GraphError> {
    let Some(text) = text else {
        return Ok(Vec::new());
    };
    let bad = |why: &str| GraphError::param(format!("Param filtering {why}"));
    let rules: Vec<Value> = serde_json::from_str(text)
        .map_err(|_| bad("must be a JSON array of {field, operator, value}"))?;
    rules
        .into_iter()
        .map(|rule| {
            let field = rule
                .get("field")
                .and_then(Value::as_str)
                .ok_or_else(|| bad("needs a field"))?;
            let operator = rule
                .get("operator")
                .and_then(Value::as_str)
                .ok_or_else(|| bad("needs an operator"))?;
            if def.is_some_and(|d| d.field(field).is_none()) {
                return Err(GraphError::param(format!(
                    "Filtering field {field} is invalid"
                )));
            }
            const OPERATORS: [&str; 10] = [
                "EQUAL",
                "NOT_EQUAL",
                "GREATER_THAN",
                "LESS_THAN",
                "IN",
                "NOT_IN",
                "CONTAIN",
                "NOT_CONTAIN",
                "IN_RANGE",
                "NOT_IN_RANGE",
            ];
            if !OPERATORS.contains(&operator) {
                return Err(GraphError::param(format!(
                    "Param filtering[operator] must be one of {{{}}} - got \"{operator}\"",
                    OPERATORS.join(", ")
                )));
            }
            Ok(Filter {
                field: field.to_owned(),
                operator: operator.to_owned(),
                value: rule.get("value").cloned().unwrap_or(Value::Null),
            })
        })
        .collect()
}

impl Filter {
    fn matches(&self, fields: &Map<String, Value>) -> bool {
        let have = fields.get(&self.field).unwrap_or(&Value::Null);
        let list = |v: &Value| match v {
            Value::Array(items) => items.clone(),
            other => vec![other.clone()],
        };
        let wanted = list(&self.value);
        let in_range = || match (wanted.first(), wanted.get(1)) {
            (Some(low), Some(high)) => {
                compare(have, low).is_some_and(|o| o.is_ge())
                    && compare(have, high).is_some_and(|o| o.is_le())
            }
            _ => false,
        };
        match self.operator.as_str() {
            "EQUAL" => compare(have, &self.value).is_some_and(|o| o.is_eq()),
            "NOT_EQUAL" => !compare(have, &self.value).is_some_and(|o| o.is_eq()),
            "GREATER_THAN" => compare(have, &self.value).is_some_and(|o| o.is_gt()),
            "LESS_THAN" => compare(have, &self.value).is_some_and(|o| o.is_lt()),
            "IN" => wanted
                .iter()
                .any(|w| compare(have, w).is_some_and(|o| o.is_eq())),
            "NOT_IN" => !wanted
                .iter()
                .any(|w| compare(have, w).is_some_and(|o| o.is_eq())),
            "CONTAIN" => text(have).contains(&text(&self.value)),
            "NOT_CONTAIN" => !text(have).contains(&text(&self.value)),
            "IN_RANGE" => in_range(),
            "NOT_IN_RANGE" => !in_range(),
            _ => false,
        }
    }
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.to_lowercase(),
        other => other.to_string().to_lowercase(),
    }
}

/// Compares as numbers when both read as numbers (Graph sends times as
/// digits), else as text.
fn compare(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    let number = |v: &Value| match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.parse::<f64>().ok(),
        _ => None,
    };
    match (number(a), number(b)) {
        (Some(x), Some(y)) => x.partial_cmp(&y),
        _ if a.is_null() => None,
        _ => Some(text(a).cmp(&text(b))),
    }
}
