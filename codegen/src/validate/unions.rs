//! Unions: a tag, a layout, and variants that each carry a node or nothing.
//! Every mistake here would otherwise surface as a wire format Graph
//! rejects, or as a Rust enum that cannot be generated.

use super::{Validator, span};
use crate::model::UnionStyle;
use crate::model::names::variant_name;
use crate::parse::ast;
use crate::parse::types::{TypeExpr, parse_type};

impl Validator<'_> {
    pub(super) fn unions(&mut self) {
        for union in &self.spec.unions {
            self.union(union);
        }
    }

    fn union(&mut self, union: &ast::Union) {
        self.missing_doc(&union.doc, "union", &union.name);
        self.type_identifier(&union.name, "union");
        let name = union.name.get_ref();
        if union.variant.is_empty() {
            self.error(
                span(&union.name),
                format!("union `{name}` has no variants"),
                "empty union",
                Some("add a `[[union.variant]]` per tag value, with `value` and `type`".to_owned()),
            );
        }
        match (union.style.get_ref(), &union.content) {
            (UnionStyle::Adjacent, None) => self.error(
                union.style.span(),
                format!("union `{name}` is `adjacent` but does not say where its payload goes"),
                "needs `content`",
                Some("add `content = \"value\"`: the key holding the payload".to_owned()),
            ),
            (UnionStyle::Keyed | UnionStyle::Internal, Some(content)) => self.error(
                span(content),
                format!("`content` is only for `adjacent` unions, and `{name}` is not one"),
                "not used by this style",
                Some(
                    "remove `content`, or set `style = \"adjacent\"` if the payload sits under one fixed key"
                        .to_owned(),
                ),
            ),
            (UnionStyle::Adjacent, Some(content)) if content.get_ref() == union.tag.get_ref() => {
                self.error(
                    span(content),
                    format!("`content` and `tag` of union `{name}` are both `{}`", content.get_ref()),
                    "same key as the tag",
                    Some("the tag and the payload need keys of their own".to_owned()),
                )
            }
            _ => {}
        }
        self.unique(
            "variant value",
            union.variant.iter().map(|v| {
                (
                    v.value.get_ref().clone(),
                    span(&v.value),
                    v.value.get_ref().as_str(),
                )
            }),
        );
        for variant in &union.variant {
            self.missing_doc(&variant.doc, "variant", &variant.value);
            let value = variant.value.get_ref();
            match variant_name(value) {
                Some(rust) if rust != "Unknown" => {}
                Some(_) => self.error(
                    span(&variant.value),
                    format!("variant `{value}` would be named `Unknown`, which holds unknown tags"),
                    "reserved variant name",
                    None,
                ),
                None => self.error(
                    span(&variant.value),
                    format!("variant `{value}` cannot become a Rust variant"),
                    "no letters or digits to name it by",
                    None,
                ),
            }
            if let Some(ty) = &variant.ty {
                self.variant_type(ty);
            }
        }
    }

    /// A variant carries a node or a union, which encode as JSON objects:
    /// a scalar or list has no keys to put beside the tag.
    fn variant_type(&mut self, ty: &ast::Name) {
        self.object_type(
            ty,
            "a variant carries",
            "define a `[[node]]` with the payload's fields, or drop `type` if the tag is all the variant carries",
        );
    }

    /// `ty` must name a node or a union (a JSON object); `what` starts the
    /// message ("a variant carries"), `help` says what to do instead.
    pub(super) fn object_type(&mut self, ty: &ast::Name, what: &str, help: &str) {
        let named = match parse_type(ty.get_ref()) {
            Ok(TypeExpr::Named(name)) => Some(name),
            _ => None,
        };
        match named {
            Some(name)
                if self.symbols.nodes.contains_key(name.as_str())
                    || self.symbols.unions.contains_key(name.as_str()) => {}
            Some(name) if !self.symbols.enums.contains_key(name.as_str()) => {
                // Unknown names get the usual did-you-mean.
                self.type_ref(ty, false);
            }
            _ => self.error(
                ty.span(),
                format!(
                    "{what} a node or a union, and `{}` is neither",
                    ty.get_ref()
                ),
                "not a node or union",
                Some(help.to_owned()),
            ),
        }
    }
}
