//! `effect` of an operation: only on writes, and every name in it must be
//! a field of the node it applies to (see `model::effect` for which).

use super::{Validator, did_you_mean, span};
use crate::model::OperationKind;
use crate::model::effect::scope;
use crate::parse::ast;
use crate::parse::types::{TypeExpr, parse_type};

impl<'a> Validator<'a> {
    pub(super) fn effect(
        &mut self,
        op: &'a ast::Operation,
        node: &'a str,
        edge: Option<&'a ast::Edge>,
    ) {
        let Some(effect) = &op.effect else { return };
        let kind = *op.kind.get_ref();
        if matches!(kind, OperationKind::List | OperationKind::Read) {
            self.error(
                effect.span(),
                format!(
                    "a `{}` operation changes nothing, so it has no `effect`",
                    kind.as_str()
                ),
                "not a write",
                Some("remove `effect`; it is for `create`, `update` and `delete`".to_owned()),
            );
            return;
        }
        if node.is_empty() {
            self.error(
                effect.span(),
                "a client operation has no node for its `effect` to change",
                "no node",
                Some("remove `effect`".to_owned()),
            );
            return;
        }
        let effect = effect.get_ref();
        if let Some(created) = &effect.creates {
            match self.node_ref(created, "created here") {
                Some(target) if !target.id => self.error(
                    span(created),
                    format!(
                        "`{}` has no ID, so nothing could read the node `creates` makes",
                        created.get_ref()
                    ),
                    "node without ID",
                    Some(format!("set `id = true` on node `{}`", created.get_ref())),
                ),
                Some(_) if kind != OperationKind::Create || edge.is_none() => self.error(
                    span(created),
                    "only a `create` on an edge makes a node",
                    "not a create on an edge",
                    Some("remove `creates`".to_owned()),
                ),
                _ => {}
            }
        }
        let found = scope(&self.symbols, op, node, edge);
        if let Some((first, _)) = effect.sets.first_key_value() {
            match found.acts_on {
                Some(target) => {
                    for (field, value) in &effect.sets {
                        self.set_value(target, field, value);
                    }
                }
                None => self.error(
                    span(first),
                    "this operation acts on no node whose fields `sets` could change",
                    "no node",
                    None,
                ),
            }
        }
        let Some((first, _)) = effect.stores_as.first_key_value() else {
            return;
        };
        let entry = match found.entries.as_slice() {
            [(_, entry)] => *entry,
            [] => {
                self.error(
                    span(first),
                    "`stores_as` renames the fields of a list parameter's entries, and this operation has no parameter of type `list<Node>`",
                    "no entries",
                    Some("remove `stores_as`, or give the operation its list parameter".to_owned()),
                );
                return;
            }
            several => {
                let names: Vec<&str> = several
                    .iter()
                    .map(|(p, _)| p.name.get_ref().as_str())
                    .collect();
                self.error(
                    span(first),
                    format!(
                        "`stores_as` cannot tell whose entries it renames: {} are all lists of nodes",
                        names.join(", ")
                    ),
                    "ambiguous",
                    None,
                );
                return;
            }
        };
        let Some((item, _)) = found.item else {
            self.error(
                span(first),
                "this operation's entries are stored nowhere: its edge answers what its writes answer, and the node has no list field named like the edge",
                "no items",
                Some("add a `list<Node>` field named like the edge to the node".to_owned()),
            );
            return;
        };
        for (from, to) in &effect.stores_as {
            self.field_of(entry, from, "the node of each entry");
            self.field_of(item, to, "the node each entry is stored as");
        }
    }

    /// Reports `name` unless it is a field of `node`.
    fn field_of(&mut self, node: &ast::Node, name: &ast::Name, role: &str) -> bool {
        if node
            .field
            .iter()
            .any(|f| f.name.get_ref() == name.get_ref())
        {
            return true;
        }
        let help = did_you_mean(
            name.get_ref(),
            node.field.iter().map(|f| f.name.get_ref().as_str()),
        )
        .unwrap_or_else(|| format!("name a field of node `{}`", node.name.get_ref()));
        self.error(
            span(name),
            format!(
                "`{}` is not a field of `{}`, {role}",
                name.get_ref(),
                node.name.get_ref()
            ),
            "no such field",
            Some(help),
        );
        false
    }

    /// One `sets` entry: a field of `target`, and a value its type holds.
    fn set_value(
        &mut self,
        target: &ast::Node,
        field: &ast::Name,
        value: &toml::Spanned<toml::Value>,
    ) {
        if !self.field_of(target, field, "the node this operation acts on") {
            return;
        }
        let Some(def) = target
            .field
            .iter()
            .find(|f| f.name.get_ref() == field.get_ref())
        else {
            return;
        };
        // A field type that does not resolve is reported with the field.
        let Some(ty) = parse_type(def.ty.get_ref())
            .ok()
            .and_then(|expr| self.symbols.resolve(&expr).ok())
        else {
            return;
        };
        self.constant_fits(field.get_ref(), def.ty.get_ref(), value, &ty);
        let enum_def = match parse_type(def.ty.get_ref()) {
            Ok(TypeExpr::Named(name)) => self.symbols.enums.get(name.as_str()).copied(),
            _ => None,
        };
        if let (Some(enum_def), toml::Value::String(text)) = (enum_def, value.get_ref())
            && !enum_def.values.iter().any(|v| v.get_ref() == text)
        {
            let values: Vec<&str> = enum_def
                .values
                .iter()
                .map(|v| v.get_ref().as_str())
                .collect();
            let help = did_you_mean(text, values.iter().copied())
                .unwrap_or_else(|| format!("write one of {}", values.join(", ")));
            self.error(
                value.span(),
                format!("`{text}` is not a value of `{}`", enum_def.name.get_ref()),
                "not in the enum",
                Some(help),
            );
        }
    }
}
