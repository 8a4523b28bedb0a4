//! Checks of sub-resource paths, path parameters, field modifiers and
//! response shapes (`response = "data"`, `read_after_write`).

use std::collections::BTreeSet;

use super::Validator;
use crate::model::lower::{operations, path_segments, selectable_nodes, written_node};
use crate::model::names::value_name;
use crate::model::{OperationKind, Scalar, Segment, Type};
use crate::parse::ast::{self, ResponseKind};
use crate::parse::types::parse_type;

impl Validator<'_> {
    pub(super) fn shapes(&mut self) {
        let spec = self.spec;
        let ops = operations(spec);
        let selectable = selectable_nodes(&ops);
        for (op, node, edge) in &ops {
            self.path(op);
            self.response_shape(op, node, *edge);
        }
        for node in &spec.node {
            let readable = selectable.contains(node.name.get_ref().as_str());
            for field in &node.field {
                self.modifiers(node, field, readable);
            }
        }
        for edge in &spec.edge {
            for op in &edge.operation {
                for field in &op.summary {
                    if let Some(modifier) = field.modifier.first() {
                        self.error(
                            modifier.name.span(),
                            "a summary field takes no modifiers",
                            "not selectable",
                            Some("remove the `[[..modifier]]` tables; modifiers belong on node fields".to_owned()),
                        );
                    }
                }
            }
        }
    }

    /// `path` and `in = "path"` parameters must name each other exactly.
    fn path(&mut self, op: &ast::Operation) {
        // Whether a location suits the method is `transport`'s check.
        let mut placeholders = BTreeSet::new();
        if let Some(path) = &op.path {
            let at = path.span();
            let inner = (at.start + 1)..at.end.saturating_sub(1).max(at.start + 1);
            if let Some(placeholder) = placeholder_with_slash(path.get_ref()) {
                self.error(
                    inner,
                    format!("the placeholder `{placeholder}` contains `/`"),
                    "a placeholder is one whole segment",
                    Some("a path parameter fills exactly one segment (its value is percent-encoded, `/` included); use one placeholder per segment, like `{order}/lines/{line}`".to_owned()),
                );
                return;
            }
            for segment in path_segments(path.get_ref()) {
                match segment {
                    Err(message) => self.error(
                        inner.clone(),
                        format!("bad `path` \"{}\": {message}", path.get_ref()),
                        "bad segment",
                        Some("write segments after the node ID or edge, like `path = \"{code}\"` or `path = \"items/{item}\"`".to_owned()),
                    ),
                    Ok(Segment::Literal(_)) => {}
                    Ok(Segment::Param(name)) => {
                        let defined = op.param.iter().any(|p| p.is_path() && p.name.get_ref() == &name);
                        if !placeholders.insert(name.clone()) {
                            self.error(
                                inner.clone(),
                                format!("the placeholder `{{{name}}}` appears twice in `path`"),
                                "repeated placeholder",
                                Some("name each path parameter once".to_owned()),
                            );
                        } else if !defined {
                            let plain = op.param.iter().find(|p| p.name.get_ref() == &name);
                            let help = match plain {
                                Some(_) => format!("add `in = \"path\"` to the parameter `{name}`"),
                                None => format!(
                                    "add a parameter: `[[edge.operation.param]]` with `name = \"{name}\"`, a type and `in = \"path\"`"
                                ),
                            };
                            self.error(
                                inner.clone(),
                                format!("the placeholder `{{{name}}}` has no `in = \"path\"` parameter"),
                                "no parameter fills it",
                                Some(help),
                            );
                        }
                    }
                }
            }
        }
        for param in op.param.iter().filter(|p| p.is_path()) {
            let location = param
                .location
                .as_ref()
                .map_or_else(|| param.name.span(), |l| l.span());
            if !placeholders.contains(param.name.get_ref()) {
                let help = match &op.path {
                    Some(_) => format!(
                        "add `{{{}}}` to the operation's `path`, or remove the parameter",
                        param.name.get_ref()
                    ),
                    None => format!(
                        "add `path = \"{{{}}}\"` to the operation",
                        param.name.get_ref()
                    ),
                };
                self.error(
                    location,
                    format!(
                        "path parameter `{}` is not used in the operation's `path`",
                        param.name.get_ref()
                    ),
                    "no `{placeholder}` for it",
                    Some(help),
                );
            }
            if let Some(required) = param.required.as_ref().filter(|r| !*r.get_ref()) {
                self.error(
                    required.span(),
                    format!("path parameter `{}` cannot be optional", param.name.get_ref()),
                    "a path segment is always there",
                    Some("remove `required = false`: path parameters are always handle-method arguments".to_owned()),
                );
            }
            // An unknown type is reported where types are checked.
            let Some(ty) = parse_type(param.ty.get_ref())
                .ok()
                .and_then(|e| self.symbols.resolve(&e).ok())
            else {
                continue;
            };
            let fits = matches!(
                ty,
                Type::Id(_)
                    | Type::Enum(_)
                    | Type::Scalar(
                        Scalar::String
                            | Scalar::NumericString
                            | Scalar::Int32
                            | Scalar::Int64
                            | Scalar::Uint32
                            | Scalar::Uint64
                    )
            );
            if !fits {
                let at = param.ty.span();
                self.error(
                    at,
                    format!("`{}` cannot fill a path segment", param.ty.get_ref()),
                    "not a segment",
                    Some("path parameters take `id<Node>`, strings, integers or enums".to_owned()),
                );
            }
        }
    }

    fn response_shape(&mut self, op: &ast::Operation, node: &str, edge: Option<&ast::Edge>) {
        let kind = *op.kind.get_ref();
        if let Some(response) = &op.response {
            if *response.get_ref() == ResponseKind::Data && kind != OperationKind::Read {
                let help = if kind == OperationKind::List {
                    "a list already decodes `{\"data\": [...], \"paging\": ..}` into a page: remove `response`"
                } else {
                    "use `response = \"data\"` on a `read` operation only"
                };
                self.error(
                    response.span(),
                    format!(
                        "`response = \"data\"` does not apply to a `{}` operation",
                        kind.as_str()
                    ),
                    "only for reads",
                    Some(help.to_owned()),
                );
            }
        }
        if op.read_after_write {
            if !matches!(kind, OperationKind::Create | OperationKind::Update) {
                self.error(
                    op.kind.span(),
                    format!("a `{}` operation cannot read after write", kind.as_str()),
                    "not a write",
                    Some(
                        "remove `read_after_write`, or make the operation a `create` or `update`"
                            .to_owned(),
                    ),
                );
            }
            let written = written_node(node, edge);
            if self
                .symbols
                .nodes
                .get(written)
                .is_some_and(|n| n.field.is_empty())
            {
                self.error(
                    op.kind.span(),
                    format!(
                        "`read_after_write` reads back `{written}`, which has no fields to read"
                    ),
                    "nothing to read back",
                    Some(format!(
                        "add fields to node `{written}`, or remove `read_after_write`"
                    )),
                );
            }
        }
    }

    fn modifiers(&mut self, node: &ast::Node, field: &ast::Field, readable: bool) {
        let Some(first) = field.modifier.first() else {
            return;
        };
        if !readable {
            self.error(
                first.name.span(),
                format!(
                    "field `{}` has modifiers, but node `{}` is never read with `fields`",
                    field.name.get_ref(),
                    node.name.get_ref()
                ),
                "modifiers apply in `fields=`",
                Some(format!(
                    "remove the modifiers, or read `{}` with a `read` or `list` operation",
                    node.name.get_ref()
                )),
            );
        }
        self.unique(
            "modifier",
            field.modifier.iter().map(|m| {
                (
                    value_name(m.name.get_ref()),
                    m.name.span(),
                    m.name.get_ref().as_str(),
                )
            }),
        );
        for modifier in &field.modifier {
            self.missing_doc(&modifier.doc, "modifier", &modifier.name);
            self.field_name(&modifier.name);
            if matches!(modifier.name.get_ref().as_str(), "fields" | "limit") {
                self.error(
                    modifier.name.span(),
                    format!("`{}` is not a modifier to declare", modifier.name.get_ref()),
                    "reserved",
                    Some("a field holding a readable node gets `fields(..)`, and a list or page of one `limit(..)`, automatically".to_owned()),
                );
            }
            self.type_ref(&modifier.ty, true);
        }
    }
}

/// The first `{..}` of `path` with a `/` inside, if any.
fn placeholder_with_slash(path: &str) -> Option<&str> {
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let after = &rest[open..];
        let close = after.find('}').map_or(after.len(), |c| c + 1);
        let placeholder = &after[..close];
        if placeholder.contains('/') {
            return Some(placeholder);
        }
        rest = &after[close..];
    }
    None
}
