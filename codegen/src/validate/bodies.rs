//! Request bodies: `body = "json"`, `flatten` and constant parameters.

use super::{Validator, span};
use crate::model::{BodyKind, OperationKind, Scalar, Type};
use crate::parse::ast;

impl Validator<'_> {
    /// A GET has no body to encode.
    pub(super) fn body(&mut self, op: &ast::Operation) {
        let Some(body) = &op.body else { return };
        if matches!(op.kind.get_ref(), OperationKind::List | OperationKind::Read) {
            self.error(
                body.span(),
                format!(
                    "a `{}` operation is a GET, which has no body",
                    op.kind.get_ref().as_str()
                ),
                "no body to encode",
                Some("remove `body`; a GET sends its parameters in the query string".to_owned()),
            );
        }
    }

    /// `flatten` and `value` of one parameter, whose type resolved to `ty`.
    pub(super) fn body_param(
        &mut self,
        op: &ast::Operation,
        param: &ast::Param,
        ty: Option<&Type>,
    ) {
        let json = op
            .body
            .as_ref()
            .is_some_and(|b| *b.get_ref() == BodyKind::Json);
        if let Some(flatten) = param.flatten.as_ref().filter(|f| *f.get_ref()) {
            if !json {
                self.error(
                    flatten.span(),
                    format!(
                        "`{}` is flattened, but only a JSON body has an object to put its keys in",
                        param.name.get_ref()
                    ),
                    "needs `body = \"json\"`",
                    Some("set `body = \"json\"` on the operation, or remove `flatten`".to_owned()),
                );
            }
        }
        self.flatten(&param.flatten, ty, false);
        if let Some(value) = &param.value {
            if param.is_required() {
                self.error(
                    span(&param.name),
                    format!(
                        "`{}` has a constant `value`, so callers never pass it",
                        param.name.get_ref()
                    ),
                    "constant and required",
                    Some("remove `required = true`".to_owned()),
                );
            }
            if let Some(ty) = ty {
                self.constant_fits(param.name.get_ref(), param.ty.get_ref(), value, ty);
            }
        }
    }

    /// `flatten = true` needs keys to spread: a node's or a union's.
    pub(super) fn flatten(
        &mut self,
        flatten: &Option<toml::Spanned<bool>>,
        ty: Option<&Type>,
        field: bool,
    ) {
        let Some(flatten) = flatten.as_ref().filter(|f| *f.get_ref()) else {
            return;
        };
        if let Some(ty) = ty.filter(|t| !matches!(t, Type::Node(_) | Type::Union(_))) {
            let what = if field { "field" } else { "parameter" };
            self.error(
                flatten.span(),
                format!(
                    "only a node or a union can be flattened, and this {what} is {}",
                    describe(ty)
                ),
                "no keys to flatten",
                Some(
                    "remove `flatten`; a value that is not an object sits under its own name"
                        .to_owned(),
                ),
            );
        }
    }

    /// A constant's TOML value must be one the type of what it fills (a
    /// parameter, or a field an `effect` sets) can hold.
    pub(super) fn constant_fits(
        &mut self,
        name: &str,
        type_text: &str,
        value: &toml::Spanned<toml::Value>,
        ty: &Type,
    ) {
        use toml::Value as V;
        let ok = matches!(
            (ty, value.get_ref()),
            (
                Type::Scalar(Scalar::String | Scalar::NumericString) | Type::Enum(_) | Type::Id(_),
                V::String(_),
            ) | (Type::Scalar(Scalar::Bool), V::Boolean(_))
                | (
                    Type::Scalar(
                        Scalar::Int32
                            | Scalar::Uint32
                            | Scalar::Int64
                            | Scalar::Uint64
                            | Scalar::Float64,
                    ),
                    V::Integer(_),
                )
                | (Type::Scalar(Scalar::Float64), V::Float(_))
        );
        if !ok {
            let expected = match ty {
                Type::Scalar(Scalar::Bool) => "`true` or `false`",
                Type::Scalar(Scalar::Float64) => "a number",
                Type::Scalar(Scalar::Int32 | Scalar::Uint32 | Scalar::Int64 | Scalar::Uint64) => {
                    "an integer"
                }
                Type::Scalar(Scalar::String | Scalar::NumericString)
                | Type::Enum(_)
                | Type::Id(_) => "a string",
                _ => "a string, bool or number",
            };
            self.error(
                value.span(),
                format!(
                    "the constant `{}` is {}, which `{}` cannot hold",
                    name,
                    match value.get_ref().type_str() {
                        kind @ ("integer" | "array") => format!("an {kind}"),
                        kind => format!("a {kind}"),
                    },
                    type_text
                ),
                &format!("expected {expected}"),
                Some(format!(
                    "write the value as {expected}; constants are strings, bools or numbers of their parameter's type"
                )),
            );
        }
    }
}

fn describe(ty: &Type) -> String {
    match ty {
        Type::Scalar(_) => "a scalar".to_owned(),
        Type::List(_) => "a list".to_owned(),
        Type::Page(_) => "a page".to_owned(),
        Type::Id(_) => "an ID".to_owned(),
        Type::Enum(name) => format!("the enum `{name}`"),
        Type::Node(name) | Type::Union(name) => format!("`{name}`"),
    }
}
