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
use crate::model::{
    BodyKind, ConstValue, Constant, Entry, Operation, OperationKind, Param, Segment, Sent, Via,
};

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

pub(super) fn http_method(kind: OperationKind) -> TokenStream {
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
    let args = op.path_params.iter().chain(&op.required).map(|p| {
        let name = ident(&p.name);
        let (ty, _) = argument(&p.ty, &name);
        quote!(#name: #ty)
    });
    let constants = op.constants.iter().map(set_constant);
    let sets = op.required.iter().map(set_param);
    let request = match &op.edge {
        _ if !op.path.is_empty() => sub_resource_request(op, &http),
        Some(edge) => quote!(Request::edge(&self.client, #http, self.id.as_str(), #edge)),
        None => quote!(Request::node(&self.client, #http, self.id.as_str())),
    };
    let request = with_body(op, request);
    let in_data = op.response_data.then(|| quote!(.in_data()));
    quote! {
        #docs
        pub fn #method(&self, #(#args),*) -> #builder {
            #builder::new(#request) #in_data #(#constants)* #(#sets)*
        }
    }
}

/// The request of an operation with a `path`: the node ID, the edge if
/// any, then each path segment, every one percent-encoded on its own.
fn sub_resource_request(op: &Operation, http: &TokenStream) -> TokenStream {
    let bindings = op.path_params.iter().map(|p| {
        let name = ident(&p.name);
        let (_, value) = argument(&p.ty, &name);
        let ty = super::types::rust_type(&p.ty);
        quote!(let #name: #ty = #value;)
    });
    let edge = op.edge.iter().map(|edge| quote!(#edge));
    let segments = op.path.iter().map(|segment| match segment {
        Segment::Literal(text) => quote!(#text),
        Segment::Param(name) => {
            let name = ident(name);
            quote!(crate::runtime::WireValue::to_wire(&#name).as_str())
        }
    });
    quote! {{
        #(#bindings)*
        Request::new(
            &self.client,
            #http,
            crate::runtime::join_segments([self.id.as_str(), #(#edge,)* #(#segments),*]),
        )
    }}
}

/// The request, told how to encode its body when that is not a form, and
/// to send the token as `OAuth` where the spec says so.
pub(super) fn with_body(op: &Operation, request: TokenStream) -> TokenStream {
    let request = if op.oauth {
        quote!(#request.with_oauth())
    } else {
        request
    };
    match op.body {
        BodyKind::Form => request,
        BodyKind::Json => quote!(#request.with_json_body()),
        BodyKind::Multipart => {
            quote!(#request.with_body(crate::runtime::BodyEncoding::Multipart))
        }
        BodyKind::Binary => quote!(#request.with_body(crate::runtime::BodyEncoding::Binary)),
    }
}

/// `.param(wire, value)` (or the setter for where the parameter goes),
/// chained onto a builder.
pub(super) fn set_param(param: &Param) -> TokenStream {
    let name = ident(&param.name);
    let wire = &param.wire;
    let (_, value) = argument(&param.ty, &name);
    match param.via {
        Via::Param | Via::Url => set_value(param.sent, wire, value),
        Via::Query => quote!(.query_param(#wire, #value)),
        Via::Header => quote!(.header_param(#wire, #value)),
        Via::File { max_bytes } => {
            let max_bytes = match max_bytes {
                Some(limit) => quote!(Some(#limit)),
                None => quote!(None),
            };
            quote!(.file_param(#wire, #value, #max_bytes))
        }
    }
}

/// A constant parameter, set by the handle method and never exposed.
fn set_constant(constant: &Constant) -> TokenStream {
    let value = match &constant.value {
        ConstValue::String(text) => quote!(#text),
        ConstValue::Bool(flag) => quote!(#flag),
        ConstValue::Integer(number) => quote!(#number),
        ConstValue::Float(number) => quote!(#number),
    };
    set_value(constant.sent, &constant.wire, value)
}

/// Sets one value the way its operation sends it.
fn set_value(sent: Sent, wire: &str, value: TokenStream) -> TokenStream {
    match sent {
        Sent::Text => quote!(.param(#wire, #value)),
        Sent::JsonKey => quote!(.json_field(#wire, #value)),
        Sent::JsonFlattened => quote!(.json_flattened(#wire, #value)),
    }
}

/// The docs of a handle method: what it does, where, and what it needs.
pub(super) fn operation_doc(op: &Operation) -> String {
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
        _ if op.binary_response => format!(
            "Returns a [`{}`] request: `.await` (or `.send()`) returns a [`Download`](crate::Download) once the response head is in; the body is read as the caller asks. `.max_bytes(n)` caps it.",
            op.builder
        ),
        OperationKind::List => format!(
            "Returns a [`{}`] request: `.await` (or `.send()`) fetches one page, `.stream()` every item across pages.",
            op.builder
        ),
        _ => format!(
            "Returns a [`{}`] request; `.await` (or `.send()`) sends it.",
            op.builder
        ),
    };
    let read_after_write = op.read_back.as_ref().map(|(node, _)| {
        format!("Supports read-after-write: `.read_back([..])` sends the fields to read with the write and returns the written [`{node}`](crate::api::{node}).")
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
pub(super) fn builder(op: &Operation) -> TokenStream {
    let builder = ident(&op.builder);
    let marker = ident(&format!("{}Operation", op.builder));
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
        let sent = match p.via {
            Via::Header => format!("Sent as the HTTP header `{}`.", p.wire),
            _ => format!("Sent as `{}`.", p.wire),
        };
        let docs = doc(&format!("{}\n\n{sent}", p.doc));
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
    let returns = || {
        let returns = ident(&op.returns);
        quote!(crate::api::#returns)
    };
    let (alias, operation) = match op.kind {
        _ if op.binary_response => (
            quote!(crate::DownloadCall<#marker>),
            quote!(impl crate::DownloadOperation for #marker {}),
        ),
        OperationKind::List => {
            let returns = returns();
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
            let returns = returns();
            let output = if op.response_data {
                quote!(Vec<#returns>)
            } else {
                returns
            };
            // Retrying a write is opt-in: the runtime needs the caller's word that repeating it is safe.
            let write = (op.kind.http_method() == "POST")
                .then(|| quote!(impl crate::WriteOperation for #marker {}));
            let read_back = op.read_back.as_ref().map(|(node, selector)| {
                let node = ident(node);
                let selector = ident(selector);
                quote! {
                    impl crate::ReadAfterWrite for #marker {
                        type Node = crate::api::#node;
                        type NodeField = crate::api::#selector;
                    }
                }
            });
            (
                quote!(crate::Call<#marker>),
                quote! {
                    impl crate::Operation for #marker {
                        type Output = #output;
                        type Field = #fields;
                    }
                    #write
                    #read_back
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
