//! `ErrorCode`: the documented Graph error codes, plus any other code.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc;
use super::types::ident;
use crate::model::{ErrorClass, Model};

pub fn error_codes(model: &Model) -> TokenStream {
    let variants = model.errors.iter().map(|e| {
        let docs = doc(&format!("`{}`: {}", e.code, e.doc));
        let name = ident(&e.variant);
        quote!(#docs #name,)
    });
    let from_code = model.errors.iter().map(|e| {
        let name = ident(&e.variant);
        let code = e.code;
        quote!(#code => Self::#name,)
    });
    let to_code = model.errors.iter().map(|e| {
        let name = ident(&e.variant);
        let code = e.code;
        quote!(Self::#name => #code,)
    });
    let descriptions = model.errors.iter().map(|e| {
        let name = ident(&e.variant);
        let text = &e.doc;
        quote!(Self::#name => #text,)
    });
    let classes = model.errors.iter().map(|e| {
        let name = ident(&e.variant);
        let class = match e.class {
            ErrorClass::Permanent => quote!(Permanent),
            ErrorClass::Transient => quote!(Transient),
            ErrorClass::Throttling => quote!(Throttling),
        };
        quote!(Self::#name => crate::ErrorClass::#class,)
    });
    quote! {
        /// A Graph API error code. The documented codes have names; any
        /// other code is kept in `Unknown`, readable with `code()`. Handle errors on the code (and
        /// subcode), never on the message text.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode {
            #(#variants)*
            /// A code the spec does not document, kept as sent: read it with `code()`.
            Unknown(crate::UnknownCode),
        }

        impl ErrorCode {
            /// The named code for a number Graph sent.
            pub fn from_code(code: i64) -> Self {
                match code {
                    #(#from_code)*
                    other => Self::Unknown(crate::runtime::UnknownCode::new(other)),
                }
            }

            /// The number Graph uses for this code.
            pub fn code(self) -> i64 {
                match self {
                    #(#to_code)*
                    Self::Unknown(code) => code.code(),
                }
            }

            /// What the code means, as documented; empty for unknown codes.
            pub fn description(self) -> &'static str {
                match self {
                    #(#descriptions)*
                    Self::Unknown(_) => "",
                }
            }

            /// Whether the failure is permanent, transient or throttling.
            /// Unknown codes count as permanent.
            pub fn class(self) -> crate::ErrorClass {
                match self {
                    #(#classes)*
                    Self::Unknown(_) => crate::ErrorClass::Permanent,
                }
            }
        }

        impl std::fmt::Display for ErrorCode {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.code())
            }
        }
    }
}
