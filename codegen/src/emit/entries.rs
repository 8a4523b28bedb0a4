//! One module per entry node: the client entry method, the node's handle,
//! and a request builder per operation. Builders only collect parameters;
//! encoding, sending, decoding and paging live in the runtime.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc, paragraphs};
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
    let methods = entry.operations.iter().map(handle_method);
    let builders = entry.operations.iter().map(builder);
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
    let mutability = (!op.required.is_empty()).then(|| quote!(mut));
    quote! {
        #docs
        pub fn #method(&self, #(#args),*) -> #builder {
            let #mutability request = #request;
            #(#sets)*
            #builder { request }
        }
    }
}

fn set_param(param: &Param) -> TokenStream {
    let name = ident(&param.name);
    let wire = &param.wire;
    let (_, value) = argument(&param.ty, &name);
    quote!(request.param(#wire, #value);)
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
            "Returns a [`{}`] request: `.send()` fetches one page, `.stream()` every item across pages.",
            op.builder
        ),
        _ => format!("Returns a [`{}`] request; `.send()` sends it.", op.builder),
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

/// The request builder: optional params, selection, paging, and `send`.
fn builder(op: &Operation) -> TokenStream {
    let builder = ident(&op.builder);
    let returns = ident(&op.returns);
    let returns = quote!(crate::api::#returns);
    let docs = doc(&format!(
        "Request builder for `{} {}`, made by the handle method `{}`.",
        op.kind.http_method(),
        op.path_doc,
        op.method.trim_start_matches("r#")
    ));
    let fields = op.fields.as_ref().map(|fields| {
        let fields = ident(fields);
        let text = format!(
            " Selects the fields of [`{0}`](crate::api::{0}) to return (`fields=`).",
            op.returns
        );
        quote! {
            #[doc = #text]
            pub fn fields(mut self, fields: impl IntoIterator<Item = crate::api::#fields>) -> Self {
                self.request.fields(fields);
                self
            }
        }
    });
    let optional = op.optional.iter().map(|p| {
        let name = ident(&p.name);
        let docs = doc(&format!("{}\n\nSent as `{}`.", p.doc, p.wire));
        let (ty, _) = argument(&p.ty, &name);
        let set = set_param(p);
        quote! {
            #docs
            pub fn #name(mut self, #name: #ty) -> Self {
                let request = &mut self.request;
                #set
                self
            }
        }
    });
    let filtering = op.filtering.as_ref().map(|field| {
        let field = ident(field);
        quote! {
            /// Keeps only the items matching every filter (`filtering=`, sent as JSON).
            pub fn filtering(mut self, filters: impl IntoIterator<Item = crate::Filter<crate::api::#field>>) -> Self {
                self.request.param("filtering", filters.into_iter().collect::<Vec<_>>());
                self
            }
        }
    });
    let (summary_struct, summary_method, summary_type) = match &op.summary {
        Some(summary) => {
            let name = ident(&summary.name);
            let request = &summary.request;
            let text = format!(" Asks Graph for the summary (`summary={request}`).");
            let strukt = model_struct(
                &summary.name,
                &format!(
                    "Aggregated information about the `{}` list, such as counts.",
                    op.method
                ),
                &summary.fields,
            );
            let method = quote! {
                #[doc = #text]
                pub fn summary(mut self) -> Self {
                    self.request.param("summary", #request);
                    self
                }
            };
            (Some(strukt), Some(method), quote!(#name))
        }
        None => (None, None, quote!(crate::NoSummary)),
    };
    let send = match op.kind {
        OperationKind::List => quote! {
            /// Maximum number of items per page (`limit=`).
            pub fn limit(mut self, limit: u32) -> Self {
                self.request.param("limit", limit);
                self
            }

            /// Starts after this cursor (`after=`), from a previous page's `paging.cursors.after`.
            pub fn after(mut self, cursor: impl Into<String>) -> Self {
                self.request.param("after", cursor.into());
                self
            }

            /// Starts before this cursor (`before=`), from a previous page's `paging.cursors.before`.
            pub fn before(mut self, cursor: impl Into<String>) -> Self {
                self.request.param("before", cursor.into());
                self
            }

            #summary_method

            /// Sends the request and returns one page.
            pub async fn send(self) -> crate::Result<crate::Page<#returns, #summary_type>> {
                self.request.send().await
            }

            /// Sends the request and returns one page with the response's status, rate-limit usage and trace ID.
            pub async fn send_full(self) -> crate::Result<crate::Response<crate::Page<#returns, #summary_type>>> {
                self.request.send_full().await
            }

            /// Every item across all pages, fetching the next page as needed.
            /// Stops when a page has no `paging.next`, or after the first error.
            pub fn stream(self) -> impl futures_util::Stream<Item = crate::Result<#returns>> + Send + 'static {
                self.request.stream::<#returns, #summary_type>()
            }
        },
        _ => quote! {
            /// Sends the request.
            pub async fn send(self) -> crate::Result<#returns> {
                self.request.send().await
            }

            /// Sends the request and returns the result with the response's status, rate-limit usage and trace ID.
            pub async fn send_full(self) -> crate::Result<crate::Response<#returns>> {
                self.request.send_full().await
            }
        },
    };
    // Retrying a write is opt-in: the runtime needs the caller's word that repeating it is safe.
    let allow_retry = (op.kind.http_method() == "POST").then(|| {
        quote! {
            /// Lets this POST be retried like a GET after a throttling or transient failure. Only call it when sending the write twice does no harm.
            pub fn allow_retry(mut self) -> Self {
                self.request.allow_retry();
                self
            }
        }
    });
    quote! {
        #docs
        #[derive(Debug)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #builder {
            request: Request,
        }

        impl #builder {
            #fields
            #(#optional)*
            #filtering

            /// Retries this request under `strategy` instead of the client's: a `RetryPolicy` (`RetryPolicy::none()` turns retrying off) or any `RetryStrategy`.
            pub fn retry(mut self, strategy: impl crate::RetryStrategy + 'static) -> Self {
                self.request.retry(strategy);
                self
            }

            /// Ends the call once `deadline` has passed, every attempt and wait included, instead of at the client's deadline (`ClientBuilder::deadline`): the attempt in flight is abandoned with `Error::DeadlineExceeded`, and a retry whose wait would end past the deadline is not made. A stream applies it to each page request. A zero deadline fails the call before anything is sent.
            pub fn deadline(mut self, deadline: std::time::Duration) -> Self {
                self.request.deadline(deadline);
                self
            }

            #allow_retry
            #send
        }

        #summary_struct
    }
}
