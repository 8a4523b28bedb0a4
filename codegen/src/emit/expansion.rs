//! Field expansion: per expandable field, a type wrapping the runtime's
//! `Expansion` with a setter per optional modifier (and `fields`/`limit`
//! for a nested node), and a constructor on the field selector taking the
//! required modifiers. Rendering and `expand(..)` live in the runtime.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc, paragraphs};
use super::types::{argument, ident};
use crate::model::{Expansion, Node};

/// The expansion types of a node and their constructors, if it has any.
pub fn expansions(node: &Node) -> Option<TokenStream> {
    if node.expansions.is_empty() {
        return None;
    }
    let selector = ident(&node.field_enum.as_ref()?.name);
    let types = node.expansions.iter().map(expansion_type);
    let constructors = node.expansions.iter().map(constructor);
    Some(quote! {
        #(#types)*

        impl #selector {
            #(#constructors)*
        }
    })
}

fn expansion_type(expansion: &Expansion) -> TokenStream {
    let name = ident(&expansion.name);
    let selector = ident(&expansion.selector);
    let wire = &expansion.wire;
    let docs = doc(&paragraphs([
        format!(
            "The field `{wire}` with its modifiers, for `expand(..)` on a request that selects [`{}`] fields. Made by [`{}::{}`].",
            expansion.selector,
            expansion.selector,
            expansion.constructor.trim_start_matches("r#")
        ),
        expansion.doc.clone(),
    ]));
    let setters = expansion.optional.iter().map(|m| {
        let method = ident(&m.name);
        let wire = &m.wire;
        let (ty, value) = argument(&m.ty, &method);
        let docs = doc(&format!("{}\n\nThe modifier `.{wire}(..)`.", m.doc));
        quote! {
            #docs
            pub fn #method(self, #method: #ty) -> Self {
                Self(self.0.modifier(#wire, #value))
            }
        }
    });
    let nested = expansion.nested.as_ref().map(|nested| {
        let nested_ty = ident(nested);
        let docs = doc(&format!(
            "Selects the fields of the nested node: `{wire}{{a,b}}`. Without it Graph returns its default fields."
        ));
        quote! {
            #docs
            pub fn fields(self, fields: impl IntoIterator<Item = crate::api::#nested_ty>) -> Self {
                Self(self.0.fields(fields))
            }
        }
    });
    let limit = expansion.limit.then(|| {
        let docs = doc(&format!(
            "The maximum number of items of `{wire}` to return: `{wire}.limit(n)`."
        ));
        quote! {
            #docs
            pub fn limit(self, limit: u32) -> Self {
                Self(self.0.modifier("limit", limit))
            }
        }
    });
    let methods = setters.chain(nested).chain(limit).collect::<Vec<_>>();
    let methods = (!methods.is_empty()).then(|| quote!(impl #name { #(#methods)* }));
    quote! {
        #docs
        #[derive(Clone, Debug)]
        #[must_use = "an expansion does nothing until passed to `expand(..)`"]
        pub struct #name(crate::Expansion<#selector>);

        #methods

        impl From<#name> for crate::Expansion<#selector> {
            fn from(expansion: #name) -> Self {
                expansion.0
            }
        }
    }
}

fn constructor(expansion: &Expansion) -> TokenStream {
    let method = ident(&expansion.constructor);
    let name = ident(&expansion.name);
    let wire = &expansion.wire;
    let required: Vec<String> = expansion
        .required
        .iter()
        .map(|m| format!("`{}`", m.wire))
        .collect();
    let args_doc = if required.is_empty() {
        String::new()
    } else {
        format!(
            " The required modifiers {} are arguments.",
            required.join(", ")
        )
    };
    let docs = doc(&format!(
        "The field `{wire}` to `expand(..)`, with modifiers or a nested selection.{args_doc}"
    ));
    let args = expansion.required.iter().map(|m| {
        let arg = ident(&m.name);
        let (ty, _) = argument(&m.ty, &arg);
        quote!(#arg: #ty)
    });
    let sets = expansion.required.iter().map(|m| {
        let arg = ident(&m.name);
        let wire = &m.wire;
        let (_, value) = argument(&m.ty, &arg);
        quote!(.modifier(#wire, #value))
    });
    quote! {
        #docs
        pub fn #method(#(#args),*) -> #name {
            #name(crate::Expansion::new(#wire) #(#sets)*)
        }
    }
}
