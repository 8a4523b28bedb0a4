//! Rust spellings of resolved types.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::{Scalar, Type};

/// An identifier from a name that may carry `r#`.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The Rust type of a value of `ty`.
pub fn rust_type(ty: &Type) -> TokenStream {
    match ty {
        Type::Scalar(scalar) => match scalar {
            Scalar::String | Scalar::NumericString | Scalar::Url => quote!(String),
            Scalar::Bool => quote!(bool),
            Scalar::Int32 => quote!(i32),
            Scalar::Uint32 => quote!(u32),
            Scalar::Int64 => quote!(i64),
            Scalar::Uint64 => quote!(u64),
            Scalar::Float64 => quote!(f64),
            Scalar::Json => quote!(serde_json::Value),
            Scalar::File => quote!(crate::Upload),
            Scalar::Timestamp => quote!(crate::Timestamp),
            Scalar::Secret => quote!(crate::AccessToken),
        },
        Type::List(inner) => {
            let inner = rust_type(inner);
            quote!(Vec<#inner>)
        }
        Type::Page(inner) => {
            let inner = rust_type(inner);
            quote!(crate::Page<#inner>)
        }
        // Always qualified: a request builder may share a model's name.
        Type::Id(name) | Type::Enum(name) | Type::Node(name) | Type::Union(name) => {
            let name = ident(name);
            quote!(crate::api::#name)
        }
    }
}

/// How a method takes a value of `ty`: the argument type, and the
/// expression that turns the argument `name` into the value to encode.
pub fn argument(ty: &Type, name: &Ident) -> (TokenStream, TokenStream) {
    match ty {
        Type::Scalar(Scalar::String | Scalar::NumericString | Scalar::Url) => {
            (quote!(impl Into<String>), quote!(#name.into()))
        }
        Type::Id(id) => {
            let id = ident(id);
            (quote!(impl Into<crate::api::#id>), quote!(#name.into()))
        }
        // `SystemTime::now()` as well as `Timestamp::from_unix(..)`.
        Type::Scalar(Scalar::Timestamp) => {
            (quote!(impl Into<crate::Timestamp>), quote!(#name.into()))
        }
        // Strings and IDs take anything that converts, so `["a", "b"]` works.
        Type::List(inner)
            if matches!(
                **inner,
                Type::Scalar(Scalar::String | Scalar::NumericString | Scalar::Url) | Type::Id(_)
            ) =>
        {
            let inner = rust_type(inner);
            (
                quote!(impl IntoIterator<Item = impl Into<#inner>>),
                quote!(#name.into_iter().map(Into::into).collect::<Vec<#inner>>()),
            )
        }
        Type::List(inner) => {
            let inner = rust_type(inner);
            (
                quote!(impl IntoIterator<Item = #inner>),
                quote!(#name.into_iter().collect::<Vec<_>>()),
            )
        }
        other => (rust_type(other), quote!(#name)),
    }
}
