//! Which cargo features each generated item builds behind.
//!
//! An operation builds behind its area (its own `area`, else its edge's).
//! A type builds behind every area whose operations reach it, through
//! returns, parameters, summaries and, transitively, fields and field
//! modifiers: a user who
//! enables only `messages` compiles the message types and nothing else. A
//! type reached by an operation without an area, or by none (so it is
//! always available), is never gated.

use std::collections::{BTreeMap, BTreeSet};

use super::Gate;
use super::lower::Symbols;
use super::names::type_name;
use crate::model::Type;
use crate::parse::ast;

/// What a type is reached by.
#[derive(Default)]
struct Reach {
    areas: BTreeSet<String>,
    /// By an operation that is always built.
    always: bool,
}

/// Gates of nodes and enums, by Rust name.
pub(crate) struct TypeGates(BTreeMap<String, Reach>);

/// The area an operation builds behind, if any.
pub(crate) fn operation_area(op: &ast::Operation, edge: Option<&ast::Edge>) -> Option<String> {
    op.area
        .as_ref()
        .or(edge.and_then(|e| e.area.as_ref()))
        .map(|a| a.get_ref().clone())
}

/// The gate of one operation.
pub(crate) fn operation_gate(op: &ast::Operation, edge: Option<&ast::Edge>) -> Gate {
    Gate(operation_area(op, edge).into_iter().collect())
}

/// Nodes and unions by Rust name, to follow fields and variants.
struct Index<'a> {
    nodes: BTreeMap<String, &'a ast::Node>,
    unions: BTreeMap<String, &'a ast::Union>,
}

impl<'a> Index<'a> {
    fn new(spec: &'a ast::Spec) -> Self {
        Self {
            nodes: spec
                .node
                .iter()
                .map(|n| (type_name(n.name.get_ref()), n))
                .collect(),
            unions: spec
                .unions
                .iter()
                .map(|u| (type_name(u.name.get_ref()), u))
                .collect(),
        }
    }
}

impl TypeGates {
    pub(crate) fn new(
        spec: &ast::Spec,
        symbols: &Symbols<'_>,
        ops: &[(&ast::Operation, &str, Option<&ast::Edge>)],
        returns: impl Fn(&ast::Operation, &str, Option<&ast::Edge>) -> String,
    ) -> Self {
        let index = Index::new(spec);
        let mut gates = Self(BTreeMap::new());
        for (op, node, edge) in ops {
            let area = operation_area(op, *edge);
            let mut roots: Vec<Type> = vec![symbols.resolve_text(&returns(op, node, *edge))];
            roots.extend(
                op.param
                    .iter()
                    .map(|p| symbols.resolve_text(p.ty.get_ref())),
            );
            roots.extend(
                op.summary
                    .iter()
                    .map(|f| symbols.resolve_text(f.ty.get_ref())),
            );
            gates.reach_from(&index, symbols, roots, &area);
        }
        gates
    }

    /// Marks every type `roots` reach, through fields and union variants,
    /// as reached from `area` (or always built, for none).
    fn reach_from(
        &mut self,
        index: &Index<'_>,
        symbols: &Symbols<'_>,
        mut roots: Vec<Type>,
        area: &Option<String>,
    ) {
        let Index { nodes, unions } = index;
        let reach = &mut self.0;
        let mut seen = BTreeSet::new();
        while let Some(ty) = roots.pop() {
            let name = match ty {
                Type::List(inner) | Type::Page(inner) => {
                    roots.push(*inner);
                    continue;
                }
                Type::Node(name) | Type::Enum(name) | Type::Union(name) => name,
                Type::Scalar(_) | Type::Id(_) => continue,
            };
            if !seen.insert(name.clone()) {
                continue;
            }
            let entry = reach.entry(name.clone()).or_default();
            match area {
                Some(area) => {
                    entry.areas.insert(area.clone());
                }
                None => entry.always = true,
            }
            // A union reaches the nodes its variants carry.
            if let Some(union) = unions.get(&name) {
                roots.extend(
                    union
                        .variant
                        .iter()
                        .filter_map(|v| v.ty.as_ref())
                        .map(|t| symbols.resolve_text(t.get_ref())),
                );
            }
            // A node reaches its fields' types and, through its field
            // selector's expansions, their modifiers' types.
            if let Some(node) = nodes.get(&name) {
                roots.extend(
                    node.field
                        .iter()
                        .map(|f| symbols.resolve_text(f.ty.get_ref())),
                );
                roots.extend(
                    node.field
                        .iter()
                        .flat_map(|f| &f.modifier)
                        .map(|m| symbols.resolve_text(m.ty.get_ref())),
                );
            }
        }
    }

    /// Adds what the `[[webhook]]` reaches: each field's payload, and what
    /// it holds, builds behind the webhook's area.
    pub(crate) fn with_webhooks(mut self, spec: &ast::Spec, symbols: &Symbols<'_>) -> Self {
        let index = Index::new(spec);
        for webhook in &spec.webhook {
            let area = webhook.area.as_ref().map(|a| a.get_ref().clone());
            let roots = webhook
                .field
                .iter()
                .map(|f| symbols.resolve_text(f.payload.get_ref()))
                .collect();
            self.reach_from(&index, symbols, roots, &area);
        }
        self
    }

    /// The gate of the node or enum with this Rust name.
    pub(crate) fn of(&self, name: &str) -> Gate {
        match self.0.get(name) {
            Some(reach) if !reach.always => Gate(reach.areas.iter().cloned().collect()),
            _ => Gate::default(),
        }
    }
}

/// The gate of an entry: any of its operations' areas, or none when one of
/// them is always built.
pub(crate) fn entry_gate<'a>(gates: impl IntoIterator<Item = &'a Gate>) -> Gate {
    let mut areas = BTreeSet::new();
    for gate in gates {
        if gate.0.is_empty() {
            return Gate::default();
        }
        areas.extend(gate.0.iter().cloned());
    }
    Gate(areas.into_iter().collect())
}
