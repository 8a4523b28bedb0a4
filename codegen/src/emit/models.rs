//! Model structs: what Graph returns. Every field is optional, because Graph
//! returns only the fields asked for; unknown fields are ignored.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc, paragraphs};
use super::gate;
use super::types::{ident, rust_type};
use crate::model::{Field, Model};

pub fn models(model: &Model) -> Option<TokenStream> {
    let structs: Vec<TokenStream> = model
        .nodes
        .iter()
        .map(|node| {
            let graph = format!("Graph type: `{}`.", node.graph_type);
            if node.input {
                let build = format!(
                    "Also sent in request parameters, as JSON without the fields left `None`. \
                     Build one with `{} {{ field: Some(..), ..Default::default() }}`.",
                    node.name
                );
                let text = paragraphs([node.doc.as_str(), graph.as_str(), build.as_str()]);
                gate::items(input_struct(&node.name, &text, &node.fields), &node.gate)
            } else {
                let text = paragraphs([node.doc.as_str(), graph.as_str()]);
                gate::items(model_struct(&node.name, &text, &node.fields), &node.gate)
            }
        })
        .collect();
    (!structs.is_empty()).then(|| quote!(#(#structs)*))
}

/// A `Deserialize` struct of optional fields, and of required ones for
/// result nodes (which then have no `Default`: there is no default ID).
pub fn model_struct(name: &str, text: &str, fields: &[Field]) -> TokenStream {
    let name = ident(name);
    let docs = doc(text);
    let default = (!fields.iter().any(|f| f.required)).then(|| quote!(Default,));
    let fields = struct_fields(fields, None);
    quote! {
        #docs
        #[derive(Clone, Debug, #default PartialEq, serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
    }
}

/// A model struct that is also a request parameter: it serializes without
/// its `None` fields, encodes as JSON on the wire, and is not
/// `#[non_exhaustive]`, so users can build it with a struct literal.
fn input_struct(name: &str, text: &str, fields: &[Field]) -> TokenStream {
    let name = ident(name);
    let docs = doc(text);
    let skip = quote!(#[serde(skip_serializing_if = "Option::is_none")]);
    let fields = struct_fields(fields, Some(&skip));
    quote! {
        #docs
        #[derive(Clone, Debug, Default, PartialEq, serde::Deserialize, serde::Serialize)]
        pub struct #name {
            #(#fields)*
        }

        crate::runtime::impl_json_param!(#name);
    }
}

/// The fields of a model struct, `Option` unless required, each optional
/// one with `attribute` if given.
fn struct_fields<'a>(
    fields: &'a [Field],
    attribute: Option<&'a TokenStream>,
) -> impl Iterator<Item = TokenStream> + 'a {
    fields.iter().map(move |field| {
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
        if field.required {
            return quote! {
                #docs
                #rename
                pub #name: #ty,
            };
        }
        quote! {
            #docs
            #rename
            #attribute
            pub #name: Option<#ty>,
        }
    })
}
