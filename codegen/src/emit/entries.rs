//! One module per entry node: the client entry method, the node's handle,
//! and per operation a marker type naming its types, a builder alias of the
//! runtime's `Call` or `List`, and setters for its optional parameters.
//! Encoding, sending, decoding, paging and `.await` live in the runtime.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc, paragraphs};
use super::gate;
use super::models::model_struct;
use super::types::{argument, ident};
use crate::model::{Entry, Operation, OperationKind, Param};

pub fn entry_module(entry: &Entry) -> TokenStream {
    let id = ident(&entry.id_type);
    let handle = ident(&entry.handle);
    let method = ident(&entry.method);
    let module_doc = format!(
        " Operations on a [`{0}`](crate::api::{0}) node: [`{1}`] and its request builders.",
        entry.node, entry.handle
    );
    let entry_doc = doc(&paragraphs([
        entry.doc.as_str(),
        &format!(
            "Returns a handle on the `{}` with this ID; nothing is sent until a request built from it is sent.",
            entry.node
        ),
    ]));
    let handle_doc = doc(&format!(
        "A handle on one [`{0}`](crate::api::{0}): each method builds one request on the node or one of its edges.",
        entry.node
    ));
    let methods = entry.operations.iter().map(|op| {
        let cfg = gate::attribute(&op.gate);
        let method = handle_method(op);
        quote!(#cfg #method)
    });
    let builders = entry
        .operations
        .iter()
        .map(|op| gate::items(builder(op), &op.gate));
    quote! {
        #![doc = #module_doc]

        use crate::runtime::{HttpMethod, Request};

        impl crate::Client {
            #entry_doc
            pub fn #method(&self, id: impl Into<crate::api::#id>) -> #handle {
                #handle { client: self.clone(), id: id.into() }
            }
        }

        #handle_doc
        #[derive(Clone, Debug)]
        pub struct #handle {
            client: crate::Client,
            id: crate::api::#id,
        }

        impl #handle {
            /// The ID of the node this handle operates on.
            pub fn id(&self) -> &crate::api::#id {
                &self.id
            }

            #(#methods)*
        }

        #(#builders)*
    }
}

fn http_method(kind: OperationKind) -> TokenStream {
    match kind.http_method() {
        "GET" => quote!(HttpMethod::Get),
        "POST" => quote!(HttpMethod::Post),
        _ => quote!(HttpMethod::Delete),
    }
}

/// The handle method: takes the required params, returns the builder.
fn handle_method(op: &Operation) -> TokenStream {
    let method = ident(&op.method);
    let builder = ident(&op.builder);
    let http = http_method(op.kind);
    let docs = doc(&operation_doc(op));
    let args = op.required.iter().map(|p| {
        let name = ident(&p.name);
        let (ty, _) = argument(&p.ty, &name);
        quote!(#name: #ty)
    });
    let sets = op.required.iter().map(set_param);
    let request = match &op.edge {
        Some(edge) => quote!(Request::edge(&self.client, #http, self.id.as_str(), #edge)),
        None => quote!(Request::node(&self.client, #http, self.id.as_str())),
    };
    quote! {
        #docs
        pub fn #method(&self, #(#args),*) -> #builder {
            #builder::new(#request) #(#sets)*
        }
    }
}

/// `.param(wire, value)`, chained onto a builder.
fn set_param(param: &Param) -> TokenStream {
    let name = ident(&param.name);
    let wire = &param.wire;
    let (_, value) = argument(&param.ty, &name);
    quote!(.param(#wire, #value))
}

/// The docs of a handle method: what it does, where, and what it needs.
fn operation_doc(op: &Operation) -> String {
    let mut requirements = Vec::new();
    if !op.permissions.is_empty() {
        let list: Vec<String> = op.permissions.iter().map(|p| format!("`{p}`")).collect();
        requirements.push(format!("- Permissions: {}.", list.join(", ")));
    }
    if let Some(token) = &op.access_token {
        requirements.push(format!("- Access token: {token}"));
    }
    if let Some((name, text)) = &op.rate_limit {
        requirements.push(format!(
            "- Rate limit (`{name}`): {}",
            text.replace('\n', " ")
        ));
    }
    let requirements = (!requirements.is_empty())
        .then(|| format!("# Requirements\n\n{}", requirements.join("\n")));
    let errors = (!op.errors.is_empty()).then(|| {
        let list: Vec<String> = op
            .errors
            .iter()
            .map(|e| {
                format!(
                    "- `{}` ([`ErrorCode::{}`](crate::api::ErrorCode::{})): {}",
                    e.code,
                    e.variant,
                    e.variant,
                    e.doc.replace('\n', " ")
                )
            })
            .collect();
        format!("# Errors\n\nDocumented error codes:\n\n{}", list.join("\n"))
    });
    let usage = match op.kind {
        OperationKind::List => format!(
            "Returns a [`{}`] request: `.await` (or `.send()`) fetches one page, `.stream()` every item across pages.",
            op.builder
        ),
        _ => format!(
            "Returns a [`{}`] request; `.await` (or `.send()`) sends it.",
            op.builder
        ),
    };
    let read_after_write = op.read_after_write.then(|| {
        "This endpoint supports read-after-write: it can read back the node written to.".to_owned()
    });
    let example_request = op
        .example_request
        .as_ref()
        .map(|r| format!("# Example request\n\n```text\n{r}\n```"));
    let example_response = op
        .example_response
        .as_ref()
        .map(|r| format!("# Example response\n\n```json\n{r}\n```"));
    paragraphs([
        op.doc.clone(),
        format!("`{} {}`", op.kind.http_method(), op.path_doc),
        usage,
        read_after_write.unwrap_or_default(),
        requirements.unwrap_or_default(),
        errors.unwrap_or_default(),
        example_request.unwrap_or_default(),
        example_response.unwrap_or_default(),
    ])
}

/// The request builder: an alias of the runtime's generic `Call` or `List`
/// for this operation's marker type, which names the operation's types, plus
/// a setter per optional parameter. Sending, `.await`, retries, `fields`,
/// paging and streaming all come from the runtime.
fn builder(op: &Operation) -> TokenStream {
    let builder = ident(&op.builder);
    let marker = ident(&format!("{}Operation", op.builder));
    let returns = ident(&op.returns);
    let returns = quote!(crate::api::#returns);
    let endpoint = format!("`{} {}`", op.kind.http_method(), op.path_doc);
    let stream = if op.kind == OperationKind::List {
        ", or `.stream()` every item"
    } else {
        ""
    };
    let builder_doc = doc(&format!(
        "Request builder for {endpoint}, made by the handle method `{}`: `.await` it, or call `.send()`{stream}.",
        op.method.trim_start_matches("r#"),
    ));
    let marker_doc = doc(&format!(
        "The operation {endpoint}: the types [`{}`] sends and decodes.",
        op.builder
    ));
    let field = |name: &Option<String>| match name {
        Some(name) => {
            let name = ident(name);
            quote!(crate::api::#name)
        }
        None => quote!(crate::NoFields),
    };
    let fields = field(&op.fields);
    let setters = op.optional.iter().map(|p| {
        let name = ident(&p.name);
        let docs = doc(&format!("{}\n\nSent as `{}`.", p.doc, p.wire));
        let (ty, _) = argument(&p.ty, &name);
        let set = set_param(p);
        quote! {
            #docs
            pub fn #name(self, #name: #ty) -> Self {
                self #set
            }
        }
    });
    let setters = (!op.optional.is_empty()).then(|| {
        quote! {
            impl #builder {
                #(#setters)*
            }
        }
    });
    let (alias, operation) = match op.kind {
        OperationKind::List => {
            let filter = field(&op.filtering);
            let summary = op.summary.as_ref().map_or_else(
                || quote!(crate::NoSummary),
                |summary| {
                    let name = ident(&summary.name);
                    quote!(#name)
                },
            );
            (
                quote!(crate::List<#marker>),
                quote! {
                    impl crate::ListOperation for #marker {
                        type Item = #returns;
                        type Summary = #summary;
                        type Field = #fields;
                        type Filter = #filter;
                    }
                },
            )
        }
        _ => {
            // Retrying a write is opt-in: the runtime needs the caller's word that repeating it is safe.
            let write = (op.kind.http_method() == "POST")
                .then(|| quote!(impl crate::WriteOperation for #marker {}));
            (
                quote!(crate::Call<#marker>),
                quote! {
                    impl crate::Operation for #marker {
                        type Output = #returns;
                        type Field = #fields;
                    }
                    #write
                },
            )
        }
    };
    let summary = op.summary.as_ref().map(|summary| {
        let name = ident(&summary.name);
        let request = &summary.request;
        let strukt = model_struct(
            &summary.name,
            &format!(
                "Aggregated information about the `{}` list, such as counts. `.summary()` asks for it with `summary={request}`.",
                op.method
            ),
            &summary.fields,
        );
        quote! {
            #strukt
            impl crate::SummaryFields for #name {
                const REQUEST: &'static str = #request;
            }
        }
    });
    quote! {
        #builder_doc
        pub type #builder = #alias;

        #marker_doc
        #[derive(Debug)]
        pub enum #marker {}

        #operation
        #setters
        #summary
    }
}
