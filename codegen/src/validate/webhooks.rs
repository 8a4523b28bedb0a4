//! `[[webhook]]`: the envelope's object and entry node, and per
//! `[[webhook.field]]` a field name and the node or union its `value`
//! decodes into. A mistake here would otherwise show up only when Graph
//! posts a delivery that does not decode.

use super::{Validator, span};
use crate::model::names::variant_name;
use crate::parse::ast;

/// Graph's object and field names: lower-case words joined by `_`.
fn is_graph_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

impl Validator<'_> {
    pub(super) fn webhooks(&mut self) {
        let spec = self.spec;
        if let Some(first) = spec.webhook.first() {
            for extra in spec.webhook.iter().skip(1) {
                let line = self.where_is(first.object.span().start);
                self.error(
                    span(&extra.object),
                    "a spec declares one `[[webhook]]`",
                    "a second one",
                    Some(format!(
                        "the crate receives one object's webhooks (the first is on {line}); put \
                         this one's fields under it as `[[webhook.field]]`s"
                    )),
                );
            }
        }
        for webhook in &spec.webhook {
            self.webhook(webhook);
        }
    }

    fn webhook(&mut self, webhook: &ast::Webhook) {
        self.missing_doc(&webhook.doc, "webhook", &webhook.object);
        let object = webhook.object.get_ref();
        if !is_graph_name(object) {
            self.error(
                span(&webhook.object),
                format!("`{object}` is not a Graph object name"),
                "expected snake_case",
                Some(
                    "write it as Graph sends it in `object`, like `whatsapp_business_account`"
                        .to_owned(),
                ),
            );
        }
        if let Some(node) = self.node_ref(&webhook.entry, "`entry[].id` is this node's ID") {
            if !node.id {
                let name = node.name.get_ref();
                self.error(
                    span(&webhook.entry),
                    format!("node `{name}` has no ID, so `entry[].id` cannot be one"),
                    "no typed ID",
                    Some(format!("set `id = true` on node `{name}`")),
                );
            }
        }
        if webhook.field.is_empty() {
            self.error(
                span(&webhook.object),
                format!("the webhook of `{object}` has no fields"),
                "nothing to receive",
                Some(
                    "add a `[[webhook.field]]` per subscribable field, with `name` and `payload`"
                        .to_owned(),
                ),
            );
        }
        self.unique(
            "webhook field",
            webhook.field.iter().map(|f| {
                (
                    f.name.get_ref().clone(),
                    span(&f.name),
                    f.name.get_ref().as_str(),
                )
            }),
        );
        for field in &webhook.field {
            self.missing_doc(&field.doc, "webhook field", &field.name);
            let name = field.name.get_ref();
            match variant_name(name) {
                Some(rust) if rust != "Unknown" && is_graph_name(name) => {}
                Some(rust) if rust == "Unknown" => self.error(
                    span(&field.name),
                    format!("webhook field `{name}` would be named `Unknown`, which holds fields this version does not know"),
                    "reserved variant name",
                    None,
                ),
                _ => self.error(
                    span(&field.name),
                    format!("`{name}` is not a webhook field name"),
                    "expected snake_case",
                    Some("write the field as Graph sends it in `field`, like `message_template_status_update`".to_owned()),
                ),
            }
            self.payload_type(&field.payload);
        }
    }

    /// A payload is a JSON object: a node, or a union of nodes.
    fn payload_type(&mut self, ty: &ast::Name) {
        self.object_type(
            ty,
            "a webhook payload is",
            "Graph sends `value` as a JSON object: define a `[[node]]` with its fields",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::is_graph_name;

    #[test]
    fn graph_names_are_snake_case() {
        for good in ["messages", "whatsapp_business_account", "calls2"] {
            assert!(is_graph_name(good), "{good}");
        }
        for bad in ["", "Messages", "phone-number", "a b"] {
            assert!(!is_graph_name(bad), "{bad}");
        }
    }
}
