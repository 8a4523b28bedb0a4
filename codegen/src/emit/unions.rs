//! Tagged unions: one `#[non_exhaustive]` enum per union, a variant per tag
//! value plus `Unknown`, and one `impl_union!` call. The layouts' encoding
//! and decoding live in the runtime (`runtime/union.rs`).

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc, paragraphs};
use super::types::ident;
use crate::model::{Union, UnionStyle};

pub fn union_enum(def: &Union) -> TokenStream {
    let name = ident(&def.name);
    let tag = &def.tag;
    let wire_form = match (def.style, &def.content) {
        (UnionStyle::Keyed, _) => {
            format!("On the wire: `{{\"{tag}\": \"<value>\", \"<value>\": {{..payload}}}}`.")
        }
        (UnionStyle::Internal, _) => {
            format!("On the wire: `{{\"{tag}\": \"<value>\", ..payload fields}}`.")
        }
        (UnionStyle::Adjacent, content) => format!(
            "On the wire: `{{\"{tag}\": \"<value>\", \"{}\": {{..payload}}}}`.",
            content.as_deref().unwrap_or_default()
        ),
    };
    let docs = doc(&paragraphs([def.doc.as_str(), wire_form.as_str()]));
    let variants = def.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let docs = doc(&paragraphs([
            v.doc.as_str(),
            &format!("`\"{tag}\": \"{}\"`.", v.wire),
        ]));
        match &v.payload {
            Some(payload) => {
                let payload = ident(payload);
                quote!(#docs #variant(crate::api::#payload),)
            }
            None => quote!(#docs #variant,),
        }
    });
    let layout = match (def.style, &def.content) {
        (UnionStyle::Keyed, _) => quote!(keyed(#tag)),
        (UnionStyle::Internal, _) => quote!(internal(#tag)),
        (UnionStyle::Adjacent, content) => {
            let content = content.as_deref().unwrap_or_default();
            quote!(adjacent(#tag, #content))
        }
    };
    let arms = def.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        match &v.payload {
            Some(payload) => {
                let payload = ident(payload);
                quote!(#variant(#payload) = #wire,)
            }
            None => quote!(#variant = #wire,),
        }
    });
    // Variants hold their payloads inline: a union is built once per
    // request, and boxing would put `Box::new` in every constructor.
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            /// A tag this version of the crate does not know, kept with its raw JSON: read them with `tag()` and `raw()`.
            Unknown(crate::UnknownVariant),
        }

        crate::runtime::impl_union!(#name, #layout, #(#arms)*);
    }
}
