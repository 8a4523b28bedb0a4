//! `#[cfg(feature = ..)]` on generated items, from their [`Gate`].
//!
//! Gating is applied to finished items rather than threaded through every
//! emitter: each emitter writes plain items, and this puts the attribute on
//! every top-level item it produced.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Attribute, Item, parse_quote};

use crate::model::Gate;

/// The attribute for a gate, or nothing for an item always built.
pub fn attribute(gate: &Gate) -> Option<TokenStream> {
    match gate.0.as_slice() {
        [] => None,
        [one] => Some(quote!(#[cfg(feature = #one)])),
        many => Some(quote!(#[cfg(any(#(feature = #many),*))])),
    }
}

/// Puts the gate's attribute on every top-level item of `tokens`. Tokens
/// that do not parse as items are returned as they are: the file they end
/// up in is parsed again, and that reports the problem.
pub fn items(tokens: TokenStream, gate: &Gate) -> TokenStream {
    let Some(cfg) = attribute(gate) else {
        return tokens;
    };
    let Ok(mut file) = syn::parse2::<syn::File>(tokens.clone()) else {
        return tokens;
    };
    for item in &mut file.items {
        if let Some(attrs) = attrs(item) {
            // Parsed per item: syn is built without its `Clone` impls.
            let attribute: Attribute = parse_quote!(#cfg);
            attrs.insert(0, attribute);
        }
    }
    quote!(#file)
}

/// The attributes of the kinds of item the generator writes.
fn attrs(item: &mut Item) -> Option<&mut Vec<Attribute>> {
    Some(match item {
        Item::Struct(i) => &mut i.attrs,
        Item::Enum(i) => &mut i.attrs,
        Item::Impl(i) => &mut i.attrs,
        Item::Type(i) => &mut i.attrs,
        Item::Macro(i) => &mut i.attrs,
        Item::Fn(i) => &mut i.attrs,
        Item::Const(i) => &mut i.attrs,
        Item::Mod(i) => &mut i.attrs,
        Item::Use(i) => &mut i.attrs,
        Item::Trait(i) => &mut i.attrs,
        Item::Static(i) => &mut i.attrs,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_gets_the_attribute() {
        let gated = items(
            quote! {
                pub struct A;
                impl A {}
                crate::m!(A);
            },
            &Gate(vec!["messages".into(), "media".into()]),
        );
        let text = gated.to_string();
        assert_eq!(
            text.matches("cfg (any (feature = \"messages\" , feature = \"media\"))")
                .count(),
            3,
            "{text}"
        );
        let one = items(
            quote!(
                pub struct A;
            ),
            &Gate(vec!["media".into()]),
        )
        .to_string();
        assert!(one.contains("cfg (feature = \"media\")"), "{one}");
        let none = items(
            quote!(
                pub struct A;
            ),
            &Gate::default(),
        )
        .to_string();
        assert!(!none.contains("cfg"), "{none}");
    }
}
