//! Model structs: what Graph returns. Every field is optional, because Graph
//! returns only the fields asked for; unknown fields are ignored.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc, paragraphs};
use super::gate;
use super::types::{argument, ident, rust_type};
use crate::model::{Field, Model};

pub fn models(model: &Model) -> Option<TokenStream> {
    let structs: Vec<TokenStream> = model
        .nodes
        .iter()
        .map(|node| {
            let graph = format!("Graph type: `{}`.", node.graph_type);
            if node.input {
                let base = if node.fields.iter().any(|f| f.required) {
                    format!("{}::new(..)", node.name)
                } else {
                    "Default::default()".to_owned()
                };
                let build = if node.received_only {
                    format!(
                        "Received in webhooks; also serializes, as JSON without the fields left \
                         `None`, so a payload can be stored and re-encoded. Build one (in tests, \
                         say) with `{} {{ field: Some(..), ..{base} }}`.",
                        node.name
                    )
                } else {
                    format!(
                        "Also sent in request parameters, as JSON without the fields left `None`. \
                         Build one with `{} {{ field: Some(..), ..{base} }}`.",
                        node.name
                    )
                };
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

/// A model struct that is also sent in requests: it serializes without
/// its `None` fields, encodes as JSON on the wire, and is not
/// `#[non_exhaustive]`, so users can build it with a struct literal. With
/// required fields it has a constructor taking them instead of `Default`.
fn input_struct(name: &str, text: &str, fields: &[Field]) -> TokenStream {
    let type_name = name;
    let name = ident(name);
    let docs = doc(text);
    let skip = quote!(#[serde(skip_serializing_if = "Option::is_none")]);
    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    let default = required.is_empty().then(|| quote!(Default,));
    let constructor = (!required.is_empty()).then(|| {
        let args = required.iter().map(|f| {
            let arg = ident(&f.name);
            let (ty, _) = argument(&f.ty, &arg);
            quote!(#arg: #ty)
        });
        let inits = fields.iter().map(|f| {
            let field = ident(&f.name);
            if !f.required {
                return quote!(#field: None,);
            }
            let (_, value) = argument(&f.ty, &field);
            if f.boxed {
                quote!(#field: Box::new(#value),)
            } else if field == value.to_string() {
                // Taken as is: the shorthand, as clippy wants.
                quote!(#field,)
            } else {
                quote!(#field: #value,)
            }
        });
        let new_doc = doc(&format!(
            "A `{type_name}` with its required fields; the optional ones start as `None`."
        ));
        quote! {
            impl #name {
                #new_doc
                pub fn new(#(#args),*) -> Self {
                    Self { #(#inits)* }
                }
            }
        }
    });
    let fields = struct_fields(fields, Some(&skip));
    quote! {
        #docs
        #[derive(Clone, Debug, #default PartialEq, serde::Deserialize, serde::Serialize)]
        pub struct #name {
            #(#fields)*
        }

        #constructor

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
        // A flattened field has no key of its own to rename.
        let rename = if field.flatten {
            Some(quote!(#[serde(flatten)]))
        } else {
            (field.name.trim_start_matches("r#") != field.wire).then(|| {
                let wire = &field.wire;
                quote!(#[serde(rename = #wire)])
            })
        };
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
