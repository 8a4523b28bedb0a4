//! The `[[webhook]]`: one module, `waba::api::webhooks`, with the envelope
//! Graph posts (`Notification`, `Entry`), the union of its changes
//! (`Change`, through the union emitter and the runtime's `impl_union!`)
//! and the enum of its fields (`Field`, through the string-enum emitter).
//! The payloads are ordinary nodes of `crate::api`.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc, paragraphs};
use super::string_enum::string_enum;
use super::types::ident;
use super::unions::union_enum;
use crate::model::Webhooks;

/// The module's name: `waba::api::webhooks`.
pub const MODULE: &str = "webhooks";

pub fn webhooks_module(webhooks: &Webhooks) -> TokenStream {
    let object = &webhooks.object;
    let module_doc = paragraphs([
        format!("Webhooks of `{object}`: what Graph posts to the app's callback URL."),
        webhooks.doc.clone(),
        "A delivery is a [`Notification`]; each [`Entry`] holds [`Change`]s, one per \
         field that changed. A field this version does not know decodes to \
         `Change::Unknown`, with its raw JSON, and never fails the other changes."
            .to_owned(),
    ]);
    let module_doc = module_doc.lines().map(|line| {
        let line = format!(" {}", line.trim_start());
        quote!(#![doc = #line])
    });
    let notification_doc = doc(&format!(
        "One delivery: what Graph posts to the callback URL.\n\nOn the wire: \
         `{{\"object\": \"{object}\", \"entry\": [{{\"id\": .., \"time\": .., \"changes\": [..]}}]}}`."
    ));
    let object_doc = format!(" The object the webhook is about: `{object}`.");
    let entry_id = ident(&webhooks.entry_id);
    let change = union_enum(&webhooks.change);
    let field = string_enum(&webhooks.field);
    let to_field = webhooks.change.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let pattern = match v.payload {
            Some(_) => quote!(Self::#variant(_)),
            None => quote!(Self::#variant),
        };
        quote!(#pattern => Field::#variant,)
    });
    quote! {
        #(#module_doc)*

        #notification_doc
        #[derive(Clone, Debug, PartialEq, serde::Deserialize, serde::Serialize)]
        #[non_exhaustive]
        pub struct Notification {
            #[doc = #object_doc]
            pub object: String,
            /// The objects that changed, each with its changes.
            #[serde(default)]
            pub entry: Vec<Entry>,
        }

        /// The changes of one object in a delivery.
        #[derive(Clone, Debug, PartialEq, serde::Deserialize, serde::Serialize)]
        #[non_exhaustive]
        pub struct Entry {
            /// The ID of the object that changed.
            pub id: crate::api::#entry_id,
            /// When Graph sent the change; absent from some fields' deliveries.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub time: Option<crate::Timestamp>,
            /// What changed, one item per field.
            #[serde(default)]
            pub changes: Vec<Change>,
        }

        #change

        impl Change {
            /// The field that changed; for `Unknown`, the field as sent.
            pub fn field(&self) -> Field {
                match self {
                    #(#to_field)*
                    Self::Unknown(unknown) => Field::from(unknown.tag()),
                }
            }
        }

        #field
    }
}
