//! Doc comments from spec text.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes, one per line of `text`. Generated items are
/// all public and documented, so an empty text still yields a line.
pub fn doc(text: &str) -> TokenStream {
    let text = if text.trim().is_empty() {
        "Not documented in the spec."
    } else {
        text
    };
    let lines = text.lines().map(|line| {
        let line = format!(" {line}");
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// Joins paragraphs with blank lines, skipping empty ones.
pub fn paragraphs<I, S>(parts: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    parts
        .into_iter()
        .filter(|p| !p.as_ref().trim().is_empty())
        .map(|p| p.as_ref().trim().to_owned())
        .collect::<Vec<_>>()
        .join("\n\n")
}
