//! What an operation's `effect` applies to, worked out once for the
//! validator (which checks the names against it) and the route image
//! (which the mock follows). Both must agree with how `waba-mock` picks
//! the node a write changes, so the rules live here and only here:
//!
//! - `sets` changes the node the call acts on: the node `creates` names;
//!   the node itself for a node operation; else the node the answer's
//!   `id` points at; else the edge's node when the call answers something
//!   else (`POST /{waba}/assigned_users` answers `{success}`); else the
//!   node whose ID starts the path (`POST /{phone}/verify_code`).
//! - `stores_as` renames the fields of the entries of the call's one
//!   list-of-nodes parameter into fields of the items they stand for: the
//!   edge's node, or, for an edge answering the same `{success}` its
//!   writes do, the nodes of the owner's list field named like the edge
//!   (a group's `participants`).

use super::lower::{Symbols, operation_returns, written_node};
use crate::parse::ast;
use crate::parse::types::{TypeExpr, parse_type};

/// The nodes an operation's effect names fields of.
pub(crate) struct EffectScope<'a> {
    /// The node `sets` changes.
    pub acts_on: Option<&'a ast::Node>,
    /// Parameters of type `list<Node>` without a constant: the candidates
    /// for the entries `stores_as` renames, with their entry node.
    pub entries: Vec<(&'a ast::Param, &'a ast::Node)>,
    /// The node one entry is stored as, and the owner's list field holding
    /// such items when they are not the edge's own.
    pub item: Option<(&'a ast::Node, Option<&'a str>)>,
}

pub(crate) fn scope<'a>(
    symbols: &Symbols<'a>,
    op: &'a ast::Operation,
    node: &'a str,
    edge: Option<&'a ast::Edge>,
) -> EffectScope<'a> {
    let lookup = |name: &str| symbols.nodes.get(name).copied();
    let returns = operation_returns(op, node, edge);
    let item_name = written_node(node, edge);
    let creates = op
        .effect
        .as_ref()
        .and_then(|e| e.get_ref().creates.as_ref())
        .map(|c| c.get_ref().as_str());
    let answer_id = lookup(returns).and_then(|r| {
        r.field
            .iter()
            .find(|f| f.name.get_ref() == "id")
            .and_then(|f| match parse_type(f.ty.get_ref()) {
                Ok(TypeExpr::Id(n)) => Some(n),
                _ => None,
            })
    });
    let acts_on = match (creates, edge) {
        (Some(created), _) => lookup(created),
        (None, None) => lookup(node),
        (None, Some(_)) => match answer_id {
            Some(id_of) => symbols.nodes.get(id_of.as_str()).copied(),
            None => match lookup(item_name) {
                Some(item) if item_name != returns && !item.field.is_empty() => Some(item),
                _ => lookup(node),
            },
        },
    };
    let entries = op
        .param
        .iter()
        .filter(|p| p.value.is_none())
        .filter_map(|p| match parse_type(p.ty.get_ref()) {
            Ok(TypeExpr::List(inner)) => match *inner {
                TypeExpr::Named(n) => lookup(&n).map(|entry| (p, entry)),
                _ => None,
            },
            _ => None,
        })
        .collect();
    let item = match edge {
        None => None,
        Some(_) if item_name != returns => lookup(item_name).map(|n| (n, None)),
        Some(edge) => {
            let owner = lookup(node);
            let field = owner.and_then(|o| {
                o.field
                    .iter()
                    .find(|f| f.name.get_ref() == edge.name.get_ref())
            });
            field.and_then(|f| match parse_type(f.ty.get_ref()) {
                Ok(TypeExpr::List(inner)) => match *inner {
                    TypeExpr::Named(n) => {
                        lookup(&n).map(|held| (held, Some(f.name.get_ref().as_str())))
                    }
                    _ => None,
                },
                _ => None,
            })
        }
    };
    EffectScope {
        acts_on,
        entries,
        item,
    }
}
