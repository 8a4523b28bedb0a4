//! The client operations (`[[client_operation]]`): one module with, per
//! operation, a method on `waba::Client` taking the required parameters and
//! the same marker, builder alias and setters an entry operation gets.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc;
use super::entries::{builder, http_method, operation_doc, set_param, with_body};
use super::gate;
use super::types::{argument, ident};
use crate::model::Operation;

/// The module's name: `waba::api::client`.
pub const MODULE: &str = "client";

pub fn client_module(operations: &[Operation]) -> Option<TokenStream> {
    if operations.is_empty() {
        return None;
    }
    let methods = operations.iter().map(|op| {
        let cfg = gate::attribute(&op.gate);
        let method = client_method(op);
        quote!(#cfg #method)
    });
    let builders = operations
        .iter()
        .map(|op| gate::items(builder(op), &op.gate));
    Some(quote! {
        #![doc = " Operations on no node: methods of [`Client`](crate::Client) and their request builders."]

        use crate::runtime::{HttpMethod, Request};

        impl crate::Client {
            #(#methods)*
        }

        #(#builders)*
    })
}

/// The client method: the URL parameter and the other required ones as
/// arguments, the builder as result.
fn client_method(op: &Operation) -> TokenStream {
    let method = ident(&op.method);
    let builder = ident(&op.builder);
    let http = http_method(op.kind);
    let docs = doc(&operation_doc(op));
    let params = op.url.iter().chain(&op.required);
    let args = params.map(|p| {
        let name = ident(&p.name);
        let (ty, _) = argument(&p.ty, &name);
        quote!(#name: #ty)
    });
    let sets = op.required.iter().map(set_param);
    // Validation guarantees the URL parameter; without one the call would
    // go to the API root.
    let request = match &op.url {
        Some(url) => {
            let name = ident(&url.name);
            quote!(Request::absolute(self, #http, #name))
        }
        None => quote!(Request::new(self, #http, String::new())),
    };
    let request = with_body(op, request);
    quote! {
        #docs
        pub fn #method(&self, #(#args),*) -> #builder {
            #builder::new(#request) #(#sets)*
        }
    }
}
