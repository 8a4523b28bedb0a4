//! Typed IDs: one newtype per node with a Graph ID.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc;
use super::types::ident;
use crate::model::Model;

pub fn ids(model: &Model) -> Option<TokenStream> {
    let ids: Vec<TokenStream> = model
        .nodes
        .iter()
        .filter_map(|node| {
            let id = ident(node.id_type.as_deref()?);
            let docs = doc(&format!(
                "The Graph ID of a [`{0}`](crate::api::{0}) (Graph type `{1}`).",
                node.name, node.graph_type
            ));
            Some(quote! {
                #docs
                #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
                pub struct #id(String);

                crate::runtime::impl_id!(#id);
            })
        })
        .collect();
    (!ids.is_empty()).then(|| quote!(#(#ids)*))
}
