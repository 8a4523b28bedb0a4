//! Stage 2: checks that the spec means something. Every problem found is
//! reported, located, in one run; warnings (such as missing docs) never stop
//! generation.

mod areas;
mod bodies;
mod effects;
mod shapes;
mod transport;
mod unions;
mod webhooks;

use std::collections::BTreeMap;
use std::ops::Range;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::lower::{
    Symbols, TypeError, entry_method, field_enum_name, filtering, handle_name, id_type,
    operation_method, operation_returns, operations, selectable_nodes,
};
use crate::model::names::{is_identifier, type_name, value_name, variant_name};
use crate::model::{OperationKind, Type};
use crate::parse::ast::{self, Name};
use crate::parse::types::{Scalar, parse_type};
use crate::source::SourceFile;

/// Parameter names the runtime sets itself.
const RESERVED_PARAMS: &[&str] = &[
    "fields",
    "limit",
    "after",
    "before",
    "summary",
    "filtering",
    "access_token",
    "appsecret_proof",
];

/// Methods every request builder has of its own (from the runtime's `Call`
/// and `List`), which a parameter's setter must not collide with.
const BUILDER_METHODS: &[&str] = &[
    "send",
    "send_full",
    "stream",
    "retry",
    "allow_retry",
    "deadline",
    "param",
    "json_field",
    "json_flattened",
    "new",
    "clone",
    "into_future",
    "query_param",
    "header_param",
    "file_param",
    "max_bytes",
];

/// Methods `Client` has of its own, which entries must not shadow.
const CLIENT_METHODS: &[&str] = &["builder", "new", "api_version", "base_url", "clone"];

/// Checks the spec; the result holds errors and warnings in source order.
pub fn validate(spec: &ast::Spec, source: &SourceFile) -> Diagnostics {
    let mut v = Validator {
        spec,
        source,
        symbols: Symbols::new(spec),
        out: Diagnostics::default(),
    };
    v.api();
    v.catalogues();
    v.areas();
    v.unions();
    v.types();
    v.nodes();
    v.required_fields();
    v.operations();
    v.client_operations();
    v.file_fields();
    v.shapes();
    v.webhooks();
    v.out.sort();
    v.out
}

struct Validator<'a> {
    spec: &'a ast::Spec,
    source: &'a SourceFile,
    symbols: Symbols<'a>,
    out: Diagnostics,
}

fn span(name: &Name) -> Range<usize> {
    name.span()
}

impl<'a> Validator<'a> {
    fn error(
        &mut self,
        at: Range<usize>,
        message: impl Into<String>,
        label: &str,
        help: Option<String>,
    ) {
        let mut d = Diagnostic::error(message).with_span(at, label);
        if let Some(help) = help {
            d = d.with_help(help);
        }
        self.out.push(d);
    }

    fn missing_doc(&mut self, doc: &Option<String>, what: &str, name: &Name) {
        if doc.as_deref().is_none_or(|d| d.trim().is_empty()) {
            self.out.push(
                Diagnostic::warning(format!("{what} `{}` has no documentation", name.get_ref()))
                    .with_span(span(name), "undocumented")
                    .with_help("add `doc = \"...\"`; it becomes the generated item's rustdoc"),
            );
        }
    }

    /// Reports the second and later uses of a key, pointing at the first.
    fn unique<'n>(
        &mut self,
        what: &str,
        items: impl IntoIterator<Item = (String, Range<usize>, &'n str)>,
    ) {
        let mut seen: BTreeMap<String, (Range<usize>, &str)> = BTreeMap::new();
        for (key, at, shown) in items {
            if let Some((first, first_shown)) = seen.get(&key) {
                let line = self.where_is(first.start);
                let message = if *first_shown == shown {
                    format!("duplicate {what} `{shown}`")
                } else {
                    format!(
                        "{what} `{shown}` collides with `{first_shown}`: both become `{key}` in Rust"
                    )
                };
                self.error(
                    at,
                    message,
                    "defined again here",
                    Some(format!(
                        "the first definition is on {line}; rename or remove one of them"
                    )),
                );
            } else {
                seen.insert(key, (at, shown));
            }
        }
    }

    /// `line 12`, or `line 12 of spec/x.toml` in a spec of several files.
    fn where_is(&self, offset: usize) -> String {
        self.source.describe(offset)
    }

    fn api(&mut self) {
        let version = &self.spec.api.version;
        if !is_version(version.get_ref()) {
            self.error(
                span(version),
                format!("`{}` is not a Graph API version", version.get_ref()),
                "expected `v<major>.<minor>`",
                Some("write it like `v23.0`".to_owned()),
            );
        }
        let base = &self.spec.api.base_url;
        let ok = ["https://", "http://"].iter().any(|s| {
            base.get_ref()
                .strip_prefix(s)
                .is_some_and(|rest| !rest.is_empty())
        });
        if !ok {
            self.error(
                span(base),
                format!("`{}` is not an http(s) URL", base.get_ref()),
                "expected a URL",
                Some("write it like `https://graph.facebook.com`".to_owned()),
            );
        }
    }

    fn catalogues(&mut self) {
        let spec = self.spec;
        self.unique(
            "permission",
            spec.permission.iter().map(|p| {
                (
                    p.name.get_ref().clone(),
                    span(&p.name),
                    p.name.get_ref().as_str(),
                )
            }),
        );
        self.unique(
            "rate-limit class",
            spec.rate_limit.iter().map(|r| {
                (
                    r.name.get_ref().clone(),
                    span(&r.name),
                    r.name.get_ref().as_str(),
                )
            }),
        );
        let codes: Vec<(String, Range<usize>, String)> = spec
            .error
            .iter()
            .map(|e| {
                (
                    e.code.get_ref().to_string(),
                    e.code.span(),
                    e.code.get_ref().to_string(),
                )
            })
            .collect();
        self.unique(
            "error code",
            codes
                .iter()
                .map(|(k, s, n)| (k.clone(), s.clone(), n.as_str())),
        );
        for error in &spec.error {
            self.missing_doc(&error.doc, "error code", &error.name);
            self.type_identifier(&error.name, "error code name");
        }
        self.unique(
            "error code name",
            spec.error.iter().map(|e| {
                (
                    type_name(e.name.get_ref()),
                    span(&e.name),
                    e.name.get_ref().as_str(),
                )
            }),
        );
        for def in &spec.enums {
            self.enum_def(def);
        }
    }

    fn type_identifier(&mut self, name: &Name, what: &str) {
        let rust = type_name(name.get_ref());
        if !is_identifier(&rust) || rust.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            self.error(
                span(name),
                format!("{what} `{}` cannot become a Rust name", name.get_ref()),
                "not usable as an identifier",
                Some("use letters, digits and underscores, starting with a letter".to_owned()),
            );
        }
    }

    fn enum_def(&mut self, def: &ast::EnumDef) {
        self.missing_doc(&def.doc, "enum", &def.name);
        self.type_identifier(&def.name, "enum");
        if def.values.is_empty() {
            self.error(
                span(&def.name),
                format!("enum `{}` has no values", def.name.get_ref()),
                "empty enum",
                Some("list the values Graph sends in `values = [...]`".to_owned()),
            );
        }
        self.unique(
            "enum value",
            def.values
                .iter()
                .map(|v| (v.get_ref().clone(), span(v), v.get_ref().as_str())),
        );
        let mut variants = Vec::new();
        for value in &def.values {
            let renamed = def.rename.get(value.get_ref());
            let variant = match renamed {
                Some(r) if is_identifier(r.get_ref()) && r.get_ref() != "Unknown" => {
                    Some(r.get_ref().clone())
                }
                Some(r) => {
                    self.error(
                        span(r),
                        format!("`{}` is not a usable variant name", r.get_ref()),
                        "bad rename",
                        Some("use an UpperCamelCase identifier other than `Unknown`".to_owned()),
                    );
                    None
                }
                None => variant_name(value.get_ref()),
            };
            match variant {
                Some(variant) => variants.push((variant, span(value), value.get_ref().as_str())),
                None if renamed.is_none() => self.error(
                    span(value),
                    format!(
                        "enum value `{}` cannot become a Rust variant",
                        value.get_ref()
                    ),
                    "no letters or digits to name it by",
                    Some(format!(
                        "give it a name: `rename = {{ \"{}\" = \"SomeName\" }}`",
                        value.get_ref()
                    )),
                ),
                None => {}
            }
        }
        // Identical values were reported above; here only distinct values
        // whose variant names collide (`TIER_2K` and `tier_2k`).
        let mut distinct = std::collections::BTreeSet::new();
        variants.retain(|(_, _, value)| distinct.insert(*value));
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        for (variant, at, value) in variants {
            if let Some(first) = seen.get(&variant) {
                self.error(
                    at,
                    format!(
                        "enum values `{first}` and `{value}` both become the variant `{variant}`"
                    ),
                    "collides after case conversion",
                    Some(format!(
                        "name one of them: `rename = {{ \"{value}\" = \"{variant}Alt\" }}`"
                    )),
                );
            } else {
                seen.insert(variant, value);
            }
        }
        self.enum_aliases(def);
        for (key, value) in &def.rename {
            if !def.values.iter().any(|v| v.get_ref() == key) {
                self.error(
                    span(value),
                    format!(
                        "`rename` names `{key}`, which is not a value of `{}`",
                        def.name.get_ref()
                    ),
                    "no such value",
                    None,
                );
            }
        }
    }

    /// `[[enum.alias]]`: each names a value of the enum, adds a spelling no
    /// value or other alias has (a spelling decodes to one variant only),
    /// and says which source uses it.
    fn enum_aliases(&mut self, def: &ast::EnumDef) {
        let values = || def.values.iter().map(|v| v.get_ref().as_str());
        for alias in &def.alias {
            let value = alias.value.get_ref();
            if !values().any(|v| v == value) {
                self.error(
                    span(&alias.value),
                    format!(
                        "alias of `{value}`, which is not a value of `{}`",
                        def.name.get_ref()
                    ),
                    "no such value",
                    Some(did_you_mean(value, values()).unwrap_or_else(|| {
                        "an alias adds a spelling to one of the enum's `values`".to_owned()
                    })),
                );
            }
            let spelling = alias.spelling.get_ref();
            if values().any(|v| v == spelling) {
                self.error(
                    span(&alias.spelling),
                    format!(
                        "`{spelling}` is already a value of `{}`",
                        def.name.get_ref()
                    ),
                    "a value, not another spelling",
                    Some(
                        "an alias spelling must differ from every value; remove the alias, or \
                         the value if both spellings mean the same"
                            .to_owned(),
                    ),
                );
            }
            if spelling.is_empty() {
                self.error(
                    span(&alias.spelling),
                    "an alias spelling is empty".to_owned(),
                    "empty",
                    Some("write the spelling Graph sends".to_owned()),
                );
            }
            if alias.source.get_ref().trim().is_empty() {
                self.error(
                    span(&alias.source),
                    format!("the alias `{spelling}` does not say where it comes from"),
                    "empty source",
                    Some("name the Meta source that uses this spelling".to_owned()),
                );
            }
        }
        self.unique(
            "alias spelling",
            def.alias.iter().map(|a| {
                (
                    a.spelling.get_ref().clone(),
                    span(&a.spelling),
                    a.spelling.get_ref().as_str(),
                )
            }),
        );
    }

    /// Every generated type name must be unique: models, enums, typed IDs,
    /// field selectors and handles share one namespace.
    fn types(&mut self) {
        let spec = self.spec;
        let mut names: Vec<(String, Range<usize>, String)> = Vec::new();
        for def in &spec.enums {
            names.push((
                type_name(def.name.get_ref()),
                span(&def.name),
                format!("enum `{}`", def.name.get_ref()),
            ));
        }
        for node in &spec.node {
            let n = node.name.get_ref();
            names.push((type_name(n), span(&node.name), format!("node `{n}`")));
            if node.id {
                names.push((
                    id_type(n),
                    span(&node.name),
                    format!("the ID type of node `{n}`"),
                ));
            }
            names.push((
                field_enum_name(n),
                span(&node.name),
                format!("the field selector of node `{n}`"),
            ));
            names.push((
                handle_name(n),
                span(&node.name),
                format!("the handle of node `{n}`"),
            ));
        }
        for def in &spec.unions {
            names.push((
                type_name(def.name.get_ref()),
                span(&def.name),
                format!("union `{}`", def.name.get_ref()),
            ));
        }
        for name in [
            "ErrorCode",
            "Client",
            "Error",
            "Page",
            "Filter",
            "UnknownVariant",
        ] {
            if let Some((_, at, shown)) = names.iter().find(|(k, _, _)| k == name).cloned() {
                self.error(
                    at,
                    format!("{shown} would be named `{name}`, which the runtime already uses"),
                    "reserved name",
                    Some("rename it".to_owned()),
                );
            }
        }
        self.unique_named(names);
    }

    fn unique_named(&mut self, names: Vec<(String, Range<usize>, String)>) {
        // The first use's offset, not its line: finding a line scans the
        // file from the start, so doing it for every name made validation
        // quadratic in the spec's size (1.8 s of 2.7 s at 1,000 nodes).
        // Only a collision needs the line.
        let mut seen: BTreeMap<String, (String, usize)> = BTreeMap::new();
        // A duplicate node collides four times (model, ID, selector, handle): say it once.
        let mut reported = std::collections::BTreeSet::new();
        for (key, at, shown) in names {
            if let Some((first, first_at)) = seen.get(&key) {
                if !reported.insert(at.start) {
                    continue;
                }
                let line = self.where_is(*first_at);
                let (message, help) = if *first == shown {
                    (
                        format!("duplicate {shown}"),
                        format!(
                            "{shown} is already defined on {line}; remove or rename one of them"
                        ),
                    )
                } else {
                    (
                        format!("{shown} would be named `{key}` in Rust, like {first} ({line})"),
                        "rename one of them so their Rust names differ".to_owned(),
                    )
                };
                self.error(at, message, "name collides", Some(help));
            } else {
                seen.insert(key, (shown, at.start));
            }
        }
    }

    fn nodes(&mut self) {
        let spec = self.spec;
        for node in &spec.node {
            self.missing_doc(&node.doc, "node", &node.name);
            self.type_identifier(&node.name, "node");
            if let Some(entry) = &node.entry {
                if !is_identifier(value_name(entry.get_ref()).trim_start_matches("r#")) {
                    self.error(
                        span(entry),
                        format!("`{}` cannot be a method name", entry.get_ref()),
                        "bad entry name",
                        Some("use snake_case letters and digits".to_owned()),
                    );
                }
            }
            self.unique(
                "field",
                node.field.iter().map(|f| {
                    (
                        value_name(f.name.get_ref()),
                        span(&f.name),
                        f.name.get_ref().as_str(),
                    )
                }),
            );
            for field in &node.field {
                self.missing_doc(&field.doc, "field", &field.name);
                self.field_name(&field.name);
                let ty = self.type_ref(&field.ty, false);
                self.flatten(&field.flatten, ty.as_ref(), true);
            }
        }
    }

    /// `required = true` promises the field is in every response, or, on a
    /// node sent in a request, makes it a constructor argument. Graph
    /// returns only the selected fields of a node read with `fields`, so
    /// such a node cannot promise it.
    fn required_fields(&mut self) {
        let spec = self.spec;
        let ops = operations(spec);
        let selectable = selectable_nodes(&ops);
        for node in &spec.node {
            let name = node.name.get_ref();
            if !selectable.contains(name.as_str()) {
                continue;
            }
            for field in &node.field {
                if let Some(required) = field.required.as_ref().filter(|r| *r.get_ref()) {
                    self.error(
                        required.span(),
                        format!("field `{}` of node `{name}` cannot be required: it is read with `fields`, and Graph returns only the fields asked for", field.name.get_ref()),
                        "required here",
                        Some("remove `required`; keep required fields for result nodes such as `{success}` or `{id}` and for nodes sent in requests".to_owned()),
                    );
                }
            }
        }
    }

    fn field_name(&mut self, name: &Name) {
        let rust = value_name(name.get_ref());
        if !is_identifier(rust.trim_start_matches("r#")) || variant_name(name.get_ref()).is_none() {
            self.error(
                span(name),
                format!("`{}` cannot become a Rust name", name.get_ref()),
                "not an identifier",
                Some("use letters, digits and underscores".to_owned()),
            );
        }
    }

    /// Resolves a type reference, reporting what is wrong with it.
    fn type_ref(&mut self, ty: &Name, as_param: bool) -> Option<Type> {
        // The span covers the quotes; point inside them.
        let at = ty.span();
        let inner = (at.start + 1)..at.end.saturating_sub(1).max(at.start + 1);
        let expr = match parse_type(ty.get_ref()) {
            Ok(expr) => expr,
            Err(message) => {
                self.error(inner, message, "not a type", None);
                return None;
            }
        };
        let resolved = match self.symbols.resolve(&expr) {
            Ok(t) => t,
            Err(TypeError::Unknown(name)) => {
                let help = self.suggest(&name);
                self.error(
                    inner,
                    format!("unknown type `{name}`"),
                    "no enum or node has this name",
                    help,
                );
                return None;
            }
            Err(TypeError::NodeWithoutId(name)) => {
                self.error(
                    inner,
                    format!("node `{name}` has no ID, so `id<{name}>` does not exist"),
                    "no typed ID",
                    Some(format!(
                        "set `id = true` on node `{name}`, or use another type"
                    )),
                );
                return None;
            }
        };
        let secret = matches!(&resolved, Type::Scalar(Scalar::Secret))
            || matches!(&resolved, Type::List(inner) if **inner == Type::Scalar(Scalar::Secret));
        if as_param && secret {
            self.error(
                inner,
                "`secret` is for credentials Graph returns, not for parameters".to_owned(),
                "a secret parameter",
                Some(
                    "use `string`: a `secret` decodes into `waba::AccessToken`, which is never encoded into a request"
                        .to_owned(),
                ),
            );
        } else if as_param && !encodable(&resolved) {
            self.error(
                inner,
                format!("`{}` cannot be sent as a request parameter", ty.get_ref()),
                "not encodable",
                Some("parameters take scalars, enums, IDs, json or lists of those".to_owned()),
            );
        }
        Some(resolved)
    }

    fn suggest(&self, name: &str) -> Option<String> {
        let candidates = self
            .symbols
            .enums
            .keys()
            .chain(self.symbols.nodes.keys())
            .chain(self.symbols.unions.keys())
            .copied()
            .chain(Scalar::ALL.iter().map(|(n, _)| *n));
        did_you_mean(name, candidates)
    }

    fn node_ref(&mut self, name: &Name, purpose: &str) -> Option<&'a ast::Node> {
        match self.symbols.nodes.get(name.get_ref().as_str()) {
            Some(node) => Some(*node),
            None => {
                let help = did_you_mean(name.get_ref(), self.symbols.nodes.keys().copied());
                self.error(
                    span(name),
                    format!("unknown node `{}`", name.get_ref()),
                    purpose,
                    help,
                );
                None
            }
        }
    }

    fn operations(&mut self) {
        let spec = self.spec;
        for op in &spec.node_operation {
            match &op.node {
                None => self.error(
                    op.kind.span(),
                    "a `[[node_operation]]` needs `node`",
                    "which node?",
                    Some("add `node = \"NodeName\"`".to_owned()),
                ),
                Some(node) => {
                    if matches!(
                        op.kind.get_ref(),
                        OperationKind::List | OperationKind::Create
                    ) {
                        self.error(
                            op.kind.span(),
                            format!("a `{}` operation needs an edge", op.kind.get_ref().as_str()),
                            "not on a node",
                            Some(
                                "move it under an `[[edge]]`, or use `read`, `update` or `delete`"
                                    .to_owned(),
                            ),
                        );
                    }
                    self.node_ref(node, "operated on here");
                }
            }
        }
        let mut edges: BTreeMap<(String, String), Range<usize>> = BTreeMap::new();
        for edge in &spec.edge {
            self.missing_doc(&edge.doc, "edge", &edge.name);
            self.node_ref(&edge.node, "the edge hangs from this node");
            self.node_ref(&edge.returns, "the edge returns this node");
            let key = (edge.node.get_ref().clone(), edge.name.get_ref().clone());
            if edges.insert(key, span(&edge.name)).is_some() {
                self.error(
                    span(&edge.name),
                    format!(
                        "duplicate edge `{}` on `{}`",
                        edge.name.get_ref(),
                        edge.node.get_ref()
                    ),
                    "defined again here",
                    Some("put all operations of an edge under one `[[edge]]`".to_owned()),
                );
            }
            if !edge
                .name
                .get_ref()
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
                || edge.name.get_ref().is_empty()
            {
                self.error(
                    span(&edge.name),
                    format!("`{}` is not a Graph edge name", edge.name.get_ref()),
                    "expected snake_case",
                    None,
                );
            }
            if edge.operation.is_empty() {
                self.out.push(
                    Diagnostic::warning(format!(
                        "edge `{}` has no operations",
                        edge.name.get_ref()
                    ))
                    .with_span(span(&edge.name), "nothing is generated for it")
                    .with_help("add an `[[edge.operation]]` with `kind = \"list\"`"),
                );
            }
            for op in &edge.operation {
                if let Some(node) = &op.node {
                    self.error(
                        span(node),
                        "an edge operation takes its node from the edge",
                        "not allowed here",
                        Some("remove `node`".to_owned()),
                    );
                }
            }
        }
        // Entry nodes become client methods and modules: unique, and clear of the client's own.
        let mut entries: Vec<(String, Range<usize>, String)> = Vec::new();
        let mut entry_nodes = std::collections::BTreeSet::new();
        for node in &spec.node {
            // A duplicate node is reported once, above.
            if !entry_nodes.insert(node.name.get_ref().as_str()) {
                continue;
            }
            let has_operations = operations(spec)
                .iter()
                .any(|(_, n, _)| n == node.name.get_ref());
            if has_operations {
                let at = node.entry.as_ref().map_or_else(|| span(&node.name), span);
                let method = entry_method(node);
                if CLIENT_METHODS.contains(&method.as_str()) {
                    self.error(at.clone(), format!("node `{}` would be reached with `client.{method}(..)`, which the client already has", node.name.get_ref()), "entry name taken", Some("set `entry = \"...\"` on the node to another name".to_owned()));
                }
                entries.push((
                    method.clone(),
                    at,
                    format!(
                        "the client entry `{method}` of node `{}`",
                        node.name.get_ref()
                    ),
                ));
            }
        }
        self.unique_named(entries);
        // Per entry node: methods must be unique, and the node needs an ID.
        let mut methods: BTreeMap<(String, String), ()> = BTreeMap::new();
        for (op, node_name, edge) in operations(spec) {
            let Some(node) = self.symbols.nodes.get(node_name).copied() else {
                continue;
            };
            let at = op.method.as_ref().map_or_else(|| op.kind.span(), span);
            if !node.id {
                self.error(
                    edge.map_or_else(|| op.kind.span(), |e| span(&e.node)),
                    format!("node `{node_name}` has operations but no ID, so it cannot be a client entry"),
                    "operations need `/{id}`",
                    Some(format!("set `id = true` on node `{node_name}`")),
                );
            }
            let method = operation_method(op, edge.map(|e| e.name.get_ref().as_str()));
            if method == "id"
                || methods
                    .insert((node_name.to_owned(), method.clone()), ())
                    .is_some()
            {
                self.error(at, format!("method `{method}` is defined twice on `{}`", entry_method(node)), "method name taken", Some("set `method = \"...\"` to a name not used by another operation of this node".to_owned()));
            }
            if let Some(m) = &op.method {
                if !is_identifier(value_name(m.get_ref()).trim_start_matches("r#")) {
                    self.error(
                        span(m),
                        format!("`{}` cannot be a method name", m.get_ref()),
                        "bad method",
                        Some("use snake_case letters and digits".to_owned()),
                    );
                }
            }
            self.operation(op, node_name, edge);
        }
    }

    /// Reports a reference to a `[[table]]` entry that does not exist.
    fn defined(&mut self, name: &Name, known: &[&str], what: &str, table: &str) {
        if known.contains(&name.get_ref().as_str()) {
            return;
        }
        let help = did_you_mean(name.get_ref(), known.iter().copied())
            .unwrap_or_else(|| format!("define it in a `[[{table}]]` table"));
        self.error(
            span(name),
            format!("unknown {what} `{}`", name.get_ref()),
            "not defined",
            Some(help),
        );
    }

    fn operation(&mut self, op: &'a ast::Operation, node: &'a str, edge: Option<&'a ast::Edge>) {
        let kind = *op.kind.get_ref();
        self.body(op);
        self.effect(op, node, edge);
        if op.doc.as_deref().is_none_or(|d| d.trim().is_empty()) {
            self.out.push(
                Diagnostic::warning(format!("{} operation has no documentation", kind.as_str()))
                    .with_span(op.kind.span(), "undocumented")
                    .with_help("add `doc = \"...\"`"),
            );
        }
        if let Some(returns) = &op.returns {
            self.node_ref(returns, "returned here");
        }
        let returns = operation_returns(op, node, edge);
        let filtering_at = op
            .filtering
            .as_ref()
            .map(|f| f.span())
            .unwrap_or_else(|| op.kind.span());
        if filtering(op) && kind != OperationKind::List {
            self.error(
                filtering_at.clone(),
                "only `list` operations take `filtering`",
                "not a list",
                Some("remove `filtering`".to_owned()),
            );
        }
        if !op.summary.is_empty() && kind != OperationKind::List {
            self.error(
                span(&op.summary[0].name),
                "only `list` operations have a summary",
                "not a list",
                Some("remove the `summary` tables".to_owned()),
            );
        }
        if filtering(op)
            && self
                .symbols
                .nodes
                .get(returns)
                .is_some_and(|n| n.field.is_empty())
        {
            self.error(
                filtering_at,
                format!("`filtering` needs fields to filter on, and `{returns}` has none"),
                "nothing to filter",
                Some(format!("add fields to node `{returns}`")),
            );
        }
        let permissions: Vec<&str> = self
            .spec
            .permission
            .iter()
            .map(|p| p.name.get_ref().as_str())
            .collect();
        for permission in &op.permissions {
            self.defined(permission, &permissions, "permission", "permission");
        }
        if let Some(limit) = &op.rate_limit {
            let classes: Vec<&str> = self
                .spec
                .rate_limit
                .iter()
                .map(|r| r.name.get_ref().as_str())
                .collect();
            self.defined(limit, &classes, "rate-limit class", "rate_limit");
        }
        for code in &op.errors {
            if !self
                .spec
                .error
                .iter()
                .any(|e| e.code.get_ref() == code.get_ref())
            {
                self.error(
                    code.span(),
                    format!("error code {} is not defined", code.get_ref()),
                    "not in any `[[error]]` table",
                    Some(format!(
                        "add an `[[error]]` table with `code = {}`",
                        code.get_ref()
                    )),
                );
            }
        }
        // A client operation (no node) is not a node read.
        self.transport(op, node.is_empty());
        if edge.is_none() && !node.is_empty() && kind == OperationKind::Read {
            if let Some(param) = op.param.iter().find(|p| p.is_required() && !p.is_path()) {
                self.error(
                    span(&param.name),
                    format!("`{}` is required, but a node read (`GET /{{id}}`) takes no required parameters", param.name.get_ref()),
                    "required here",
                    Some("make it optional (drop `required = true`), or move the operation under an `[[edge]]`".to_owned()),
                );
            }
        }
        self.unique(
            "param",
            op.param.iter().map(|p| {
                (
                    value_name(p.name.get_ref()),
                    span(&p.name),
                    p.name.get_ref().as_str(),
                )
            }),
        );
        for param in &op.param {
            self.missing_doc(&param.doc, "param", &param.name);
            self.field_name(&param.name);
            if RESERVED_PARAMS.contains(&param.name.get_ref().as_str()) {
                self.error(span(&param.name), format!("`{}` is set by the client itself", param.name.get_ref()), "reserved parameter", Some("remove it; lists get `limit`, `after`, `before`, `summary` and `fields` automatically".to_owned()));
            } else if BUILDER_METHODS.contains(&value_name(param.name.get_ref()).as_str()) {
                self.error(
                    span(&param.name),
                    format!(
                        "`{}` would collide with the request builder's own `{}` method",
                        param.name.get_ref(),
                        value_name(param.name.get_ref())
                    ),
                    "name taken by the builder",
                    Some(format!(
                        "a setter cannot be named like the builder's own methods ({})",
                        BUILDER_METHODS.join(", ")
                    )),
                );
            }
            let ty = self.type_ref(&param.ty, true);
            self.body_param(op, param, ty.as_ref());
        }
        self.unique(
            "summary field",
            op.summary.iter().map(|f| {
                (
                    value_name(f.name.get_ref()),
                    span(&f.name),
                    f.name.get_ref().as_str(),
                )
            }),
        );
        for field in &op.summary {
            self.field_name(&field.name);
            self.type_ref(&field.ty, false);
        }
    }
}

fn is_version(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('v') else {
        return false;
    };
    let mut parts = rest.split('.');
    let digits =
        |p: Option<&str>| p.is_some_and(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    digits(parts.next()) && digits(parts.next()) && parts.next().is_none()
}

/// Nodes are sent as JSON objects, lists as JSON arrays.
fn encodable(ty: &Type) -> bool {
    match ty {
        Type::Scalar(_) | Type::Id(_) | Type::Enum(_) | Type::Node(_) | Type::Union(_) => true,
        Type::Page(_) => false,
        Type::List(inner) => matches!(
            **inner,
            Type::Scalar(_) | Type::Enum(_) | Type::Id(_) | Type::Node(_) | Type::Union(_)
        ),
    }
}

/// The closest known name, if one is close enough to be a likely typo.
pub fn closest<'n>(name: &str, candidates: impl IntoIterator<Item = &'n str>) -> Option<&'n str> {
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::jaro_winkler(&name.to_lowercase(), &c.to_lowercase()),
                c,
            )
        })
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// "did you mean `x`?" for the closest known name, if any.
pub fn did_you_mean<'n>(
    name: &str,
    candidates: impl IntoIterator<Item = &'n str>,
) -> Option<String> {
    closest(name, candidates).map(|c| format!("did you mean `{c}`?"))
}
