//! Checks of how an operation travels: its body encoding (`body`), a binary
//! response (`response`), where each parameter goes (`in`), file parameters
//! and their caps (`max_bytes`), and client operations
//! (`[[client_operation]]`) with their URL parameter.

use std::collections::BTreeMap;
use std::ops::Range;

use super::{CLIENT_METHODS, Validator, span};
use crate::model::lower::{entry_method, operations};
use crate::model::names::{is_identifier, value_name};
use crate::model::{OperationKind, Type};
use crate::parse::ast::{self, BodyKind, ParamIn};
use crate::parse::types::{Scalar, TypeExpr, parse_type};

/// Whether a parameter's type is `file`.
fn is_file(param: &ast::Param) -> bool {
    parse_type(param.ty.get_ref()) == Ok(TypeExpr::Scalar(Scalar::File))
}

fn location(param: &ast::Param) -> Option<ParamIn> {
    param.location.as_ref().map(|l| *l.get_ref())
}

/// Where the parameter's `in` was written, or else its name.
fn location_span(param: &ast::Param) -> Range<usize> {
    param
        .location
        .as_ref()
        .map_or_else(|| span(&param.name), |l| l.span())
}

/// The span inside a type's quotes.
fn type_span(param: &ast::Param) -> Range<usize> {
    let at = param.ty.span();
    (at.start + 1)..at.end.saturating_sub(1).max(at.start + 1)
}

impl Validator<'_> {
    /// The body, response and parameter placement of one operation. `client`
    /// says it is a `[[client_operation]]`.
    pub(super) fn transport(&mut self, op: &ast::Operation, client: bool) {
        let kind = *op.kind.get_ref();
        let post = kind.http_method() == "POST";
        let body = op.body.as_ref().map(|b| *b.get_ref()).unwrap_or_default();
        // A DELETE may carry a JSON body (Graph's block-user and group
        // calls do); a GET never has one, which `bodies` reports.
        if let Some(written) = &op.body {
            if kind.http_method() == "DELETE" && body != BodyKind::Json {
                self.error(
                    written.span(),
                    format!(
                        "a `{}` operation sends a body only as JSON",
                        kind.as_str()
                    ),
                    "not a POST",
                    Some("use `body = \"json\"`, or remove `body` to send the parameters in the query".to_owned()),
                );
            }
        }
        let files: Vec<&ast::Param> = op.param.iter().filter(|p| is_file(p)).collect();
        if let Some(written) = &op.body {
            match body {
                BodyKind::Multipart if files.is_empty() => self.error(
                    written.span(),
                    "`body = \"multipart\"` needs a `file` parameter",
                    "no file part",
                    Some("add a param with `type = \"file\"`, or drop `body` to send a form".to_owned()),
                ),
                BodyKind::Binary if files.len() != 1 => self.error(
                    written.span(),
                    format!(
                        "`body = \"binary\"` sends one `file` parameter as the whole body; this operation has {}",
                        files.len()
                    ),
                    "needs exactly one file",
                    Some("keep exactly one param with `type = \"file\"`".to_owned()),
                ),
                _ => {}
            }
        }
        // `response = "data"` is checked with the other response shapes.
        if let Some(response) = op
            .response
            .as_ref()
            .filter(|r| *r.get_ref() == ast::ResponseKind::Binary)
        {
            if kind == OperationKind::List {
                self.error(
                    response.span(),
                    "a `list` operation answers with pages, not bytes",
                    "not on a list",
                    Some("use `kind = \"read\"` for a download, or remove `response`".to_owned()),
                );
            }
        }
        let mut url_params = 0;
        for param in &op.param {
            let file = is_file(param);
            let at = location(param);
            if file && !matches!(body, BodyKind::Multipart | BodyKind::Binary) {
                self.error(
                    type_span(param),
                    format!(
                        "`{}` is a `file`, which travels only in a multipart or binary body",
                        param.name.get_ref()
                    ),
                    "file outside a multipart or binary body",
                    Some(
                        "set `body = \"multipart\"` (or `\"binary\"`) on the operation".to_owned(),
                    ),
                );
            } else if file && at.is_some_and(|l| l != ParamIn::Body) {
                self.error(
                    location_span(param),
                    format!(
                        "`{}` is a `file`, which travels in the body",
                        param.name.get_ref()
                    ),
                    "not in the body",
                    Some("remove `in`".to_owned()),
                );
            }
            if body == BodyKind::Binary && !file && post && matches!(at, None | Some(ParamIn::Body))
            {
                self.error(
                    location_span(param),
                    format!(
                        "a binary body is the file alone, so `{}` cannot travel in it",
                        param.name.get_ref()
                    ),
                    "no room in the body",
                    Some("set `in = \"query\"` or `in = \"header\"`".to_owned()),
                );
            }
            if let Some(max) = &param.max_bytes {
                if !file {
                    self.error(
                        max.span(),
                        format!(
                            "`max_bytes` caps an upload, and `{}` is not a `file`",
                            param.name.get_ref()
                        ),
                        "not a file",
                        Some("remove `max_bytes`".to_owned()),
                    );
                } else if *max.get_ref() <= 0 {
                    self.error(
                        max.span(),
                        "`max_bytes` must be a positive number of bytes",
                        "not positive",
                        Some(
                            "write the largest size Graph accepts, e.g. `max_bytes = 104857600`"
                                .to_owned(),
                        ),
                    );
                }
            }
            match at {
                Some(ParamIn::Body) if !post => self.error(
                    location_span(param),
                    format!("a `{}` operation sends no body", kind.as_str()),
                    "no body to put it in",
                    Some("use `in = \"query\"` (or drop `in`)".to_owned()),
                ),
                Some(ParamIn::Header) => self.header_param(param),
                Some(ParamIn::Url) => {
                    url_params += 1;
                    self.url_param(param, client, url_params);
                }
                _ => {}
            }
        }
        if client && url_params == 0 {
            self.error(
                op.kind.span(),
                "a client operation needs the URL it calls: a parameter with `in = \"url\"`",
                "no URL",
                Some(
                    "add a param with `type = \"url\"`, `in = \"url\"` and `required = true`"
                        .to_owned(),
                ),
            );
        }
        if client && op.response.is_none() && op.returns.is_none() {
            self.error(
                op.kind.span(),
                "a client operation has no node to return by default",
                "returns what?",
                Some(
                    "add `returns = \"NodeName\"`, or `response = \"binary\"` for bytes".to_owned(),
                ),
            );
        }
    }

    /// A header carries one value: a scalar, an enum or an ID.
    fn header_param(&mut self, param: &ast::Param) {
        let ty = parse_type(param.ty.get_ref())
            .ok()
            .and_then(|expr| self.symbols.resolve(&expr).ok());
        let fits = match &ty {
            Some(Type::Scalar(scalar)) => !matches!(scalar, Scalar::Json | Scalar::File),
            Some(Type::Id(_) | Type::Enum(_)) => true,
            // An unresolved type is reported where types are checked.
            None => true,
            Some(_) => false,
        };
        if !fits {
            self.error(
                type_span(param),
                format!(
                    "`{}` is sent as a header, which holds one value, not a `{}`",
                    param.name.get_ref(),
                    param.ty.get_ref()
                ),
                "not a header value",
                Some("headers take a scalar (string, integer, bool), an enum or an ID".to_owned()),
            );
        }
    }

    /// The URL of a client operation: one, required, of type `url`.
    fn url_param(&mut self, param: &ast::Param, client: bool, nth: usize) {
        if !client {
            self.error(
                location_span(param),
                "only a `[[client_operation]]` takes its URL from a parameter",
                "not a client operation",
                Some(
                    "move the operation to a `[[client_operation]]`, or remove `in = \"url\"`"
                        .to_owned(),
                ),
            );
        }
        if nth > 1 {
            self.error(
                location_span(param),
                "a call goes to one URL, and this is the second `in = \"url\"` parameter",
                "second URL",
                Some("keep one parameter with `in = \"url\"`".to_owned()),
            );
        }
        if parse_type(param.ty.get_ref()) != Ok(TypeExpr::Scalar(Scalar::Url)) {
            self.error(
                type_span(param),
                format!(
                    "`{}` is the URL the call goes to, so its type is `url`",
                    param.name.get_ref()
                ),
                "not a url",
                Some("write `type = \"url\"`".to_owned()),
            );
        }
        if !param.is_required() {
            self.error(
                span(&param.name),
                format!(
                    "`{}` is the URL the call goes to, so it is required",
                    param.name.get_ref()
                ),
                "optional URL",
                Some("add `required = true`".to_owned()),
            );
        }
    }

    /// `file` is a parameter type: a response never holds an upload.
    pub(super) fn file_fields(&mut self) {
        let spec = self.spec;
        let fields = spec.node.iter().flat_map(|n| &n.field).chain(
            spec.edge
                .iter()
                .flat_map(|e| &e.operation)
                .flat_map(|o| &o.summary),
        );
        for field in fields {
            if parse_type(field.ty.get_ref()) == Ok(TypeExpr::Scalar(Scalar::File)) {
                self.error(
                    field.ty.span(),
                    format!(
                        "field `{}` cannot be a `file`: files are uploaded, never returned",
                        field.name.get_ref()
                    ),
                    "not a field type",
                    Some(
                        "use `url` or `string` for where a file is, or move it to a param"
                            .to_owned(),
                    ),
                );
            }
        }
    }

    /// `[[client_operation]]`s: each needs a method name, unique and clear
    /// of the client's own methods and its entries.
    pub(super) fn client_operations(&mut self) {
        let spec = self.spec;
        let entries: Vec<String> = spec
            .node
            .iter()
            .filter(|n| {
                operations(spec)
                    .iter()
                    .any(|(_, name, _)| name == n.name.get_ref())
            })
            .map(entry_method)
            .collect();
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for op in &spec.client_operation {
            if let Some(node) = &op.node {
                self.error(
                    span(node),
                    "a client operation is on no node",
                    "not allowed here",
                    Some("remove `node`, or make it a `[[node_operation]]`".to_owned()),
                );
            }
            match &op.method {
                None => self.error(
                    op.kind.span(),
                    "a client operation needs `method`: the name of its method on the client",
                    "no method name",
                    Some("add `method = \"download_media\"` (a snake_case name)".to_owned()),
                ),
                Some(method) => {
                    let name = value_name(method.get_ref());
                    if !is_identifier(name.trim_start_matches("r#")) {
                        self.error(
                            span(method),
                            format!("`{}` cannot be a method name", method.get_ref()),
                            "bad method",
                            Some("use snake_case letters and digits".to_owned()),
                        );
                    } else if CLIENT_METHODS.contains(&name.as_str()) || entries.contains(&name) {
                        self.error(
                            span(method),
                            format!("the client already has a method `{name}`"),
                            "method name taken",
                            Some("choose another `method`".to_owned()),
                        );
                    } else if let Some(first) = seen.get(&name) {
                        let line = self.where_is(*first);
                        self.error(
                            span(method),
                            format!("client method `{name}` is defined twice"),
                            "defined again here",
                            Some(format!("the first is on {line}; rename one of them")),
                        );
                    } else {
                        seen.insert(name, span(method).start);
                    }
                }
            }
            self.operation(op, "", None);
        }
    }
}
