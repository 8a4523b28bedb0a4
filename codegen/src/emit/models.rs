//! Model structs: what Graph returns. Every field is optional, because Graph
//! returns only the fields asked for; unknown fields are ignored.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc, paragraphs};
use super::types::{ident, rust_type};
use crate::model::{Field, Model};

pub fn models(model: &Model) -> Option<TokenStream> {
    let structs: Vec<TokenStream> = model
        .nodes
        .iter()
        .map(|node| {
            let graph = format!("Graph type: `{}`.", node.graph_type);
            let text = paragraphs([node.doc.as_str(), graph.as_str()]);
            model_struct(&node.name, &text, &node.fields)
        })
        .collect();
    (!structs.is_empty()).then(|| quote!(#(#structs)*))
}

/// A `Deserialize` struct of optional fields.
pub fn model_struct(name: &str, text: &str, fields: &[Field]) -> TokenStream {
    let name = ident(name);
    let docs = doc(text);
    let fields = fields.iter().map(|field| {
        let docs = doc(&field.doc);
        let name = ident(&field.name);
        let mut ty = rust_type(&field.ty);
        if field.boxed {
            ty = quote!(Box<#ty>);
        }
        // serde already strips `r#`; rename only where snake case changed the name.
        let rename = (field.name.trim_start_matches("r#") != field.wire).then(|| {
            let wire = &field.wire;
            quote!(#[serde(rename = #wire)])
        });
        quote! {
            #docs
            #rename
            pub #name: Option<#ty>,
        }
    });
    quote! {
        #docs
        #[derive(Clone, Debug, Default, PartialEq, serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
    }
}
