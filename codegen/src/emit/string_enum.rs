//! String enums: Graph's enums and the field selectors. Both keep values
//! they do not know in `Unknown`, behind the opaque `UnknownValue`, so new
//! values from Meta decode and a `match` never depends on a raw string.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc;
use super::types::ident;
use crate::model::Enum;

pub fn string_enum(def: &Enum) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc(&def.doc);
    let variants = def.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let docs = doc(&v.doc);
        quote!(#docs #variant,)
    });
    let to_wire = def.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        quote!(Self::#variant => #wire,)
    });
    // Every spelling decodes to the variant; only `wire` is ever sent.
    let from_wire = def.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        let aliases = &v.aliases;
        quote!(#wire #(| #aliases)* => Self::#variant,)
    });
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know, kept as sent: read it with `as_str()`.
            Unknown(crate::UnknownValue),
        }

        impl #name {
            /// The value as Graph writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_wire)*
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }

        impl crate::runtime::StringEnum for #name {
            fn from_wire(value: &str) -> Self {
                match value {
                    #(#from_wire)*
                    other => Self::Unknown(crate::runtime::UnknownValue::new(other)),
                }
            }

            fn as_wire(&self) -> &str {
                self.as_str()
            }
        }

        crate::runtime::impl_string_enum!(#name);
    }
}
