//! Stage 4: the model to Rust source files, formatted by `prettyplease`.

mod client_operations;
mod docs;
mod entries;
mod error_codes;
mod expansion;
mod gate;
mod ids;
mod models;
pub mod route_image;
mod string_enum;
mod types;
mod unions;
mod webhooks;

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Model;
use types::ident;

/// One file of generated source, relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

/// One generated file's worth of work.
enum Job<'m> {
    /// A module of shared items (`ids`, `enums`, ...), absent when empty.
    Shared(&'static str),
    /// The module of one entry node.
    Entry(&'m crate::model::Entry),
    /// The module of the client operations, absent when there are none.
    Client,
    /// The module of the `[[webhook]]`, absent when there is none.
    Webhooks,
}

impl Job<'_> {
    fn tokens(&self, model: &Model) -> Option<TokenStream> {
        match self {
            Job::Shared("ids") => ids::ids(model),
            Job::Shared("enums") => enums(model.enums.iter()),
            Job::Shared("fields") => {
                let selectors = enums(model.nodes.iter().filter_map(|n| n.field_enum.as_ref()));
                let expansions: Vec<TokenStream> = model
                    .nodes
                    .iter()
                    .filter_map(|node| {
                        // An expansion builds with its node's field selector.
                        expansion::expansions(node).map(|tokens| gate::items(tokens, &node.gate))
                    })
                    .collect();
                selectors.map(|selectors| quote!(#selectors #(#expansions)*))
            }
            Job::Shared("models") => models::models(model),
            Job::Shared("unions") => {
                let items: Vec<TokenStream> = model
                    .unions
                    .iter()
                    .map(|def| gate::items(unions::union_enum(def), &def.gate))
                    .collect();
                (!items.is_empty()).then(|| quote!(#(#items)*))
            }
            Job::Shared(_) => Some(error_codes::error_codes(model)),
            Job::Entry(entry) => Some(entries::entry_module(entry)),
            Job::Client => client_operations::client_module(&model.client_operations),
            Job::Webhooks => model.webhooks.as_ref().map(webhooks::webhooks_module),
        }
    }

    fn path(&self) -> String {
        match self {
            Job::Shared(name) => format!("{name}.rs"),
            Job::Entry(entry) => format!("{}.rs", entry.method),
            Job::Client => format!("{}.rs", client_operations::MODULE),
            Job::Webhooks => format!("{}.rs", webhooks::MODULE),
        }
    }
}

/// Every generated file, in a fixed order: same model, same bytes.
///
/// Files are emitted and formatted on all cores (formatting is most of the
/// generator's time); the order of the result does not depend on threads.
pub fn emit(model: &Model) -> Result<Vec<GeneratedFile>, String> {
    let mut jobs: Vec<Job<'_>> = ["ids", "enums", "fields", "models", "unions", "error_codes"]
        .into_iter()
        .map(Job::Shared)
        .collect();
    jobs.extend(model.entries.iter().map(Job::Entry));
    jobs.push(Job::Client);
    jobs.push(Job::Webhooks);
    let rendered = parallel_map(&jobs, |job| {
        job.tokens(model)
            .map(|tokens| file(model, &job.path(), tokens))
            .transpose()
    });
    let mut files = Vec::new();
    let mut modules = Vec::new();
    for (job, result) in jobs.iter().zip(rendered) {
        if let Some(file) = result?? {
            if let Job::Shared(name) = job {
                modules.push((*name).to_owned());
            }
            files.push(file);
        }
    }
    files.insert(0, file(model, "mod.rs", root(model, &modules))?);
    Ok(files)
}

/// `f` over `items` on scoped threads, results in `items`' order. A panic in
/// `f` becomes an `Err` instead of taking the generator down.
fn parallel_map<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> R + Sync,
) -> Vec<Result<R, String>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, items.len().max(1));
    let f = &f;
    let mut results: Vec<Option<Result<R, String>>> = (0..items.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|worker| {
                scope.spawn(move || {
                    // Strided, so one thread does not get every large entry module.
                    (worker..items.len())
                        .step_by(threads)
                        .map(|i| (i, f(&items[i])))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for (worker, handle) in workers.into_iter().enumerate() {
            match handle.join() {
                Ok(done) => {
                    for (i, result) in done {
                        results[i] = Some(Ok(result));
                    }
                }
                Err(_) => {
                    for i in (worker..items.len()).step_by(threads) {
                        results[i] = Some(Err("internal error: the emitter panicked".to_owned()));
                    }
                }
            }
        }
    });
    results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err("internal error: a file was not emitted".to_owned())))
        .collect()
}

fn enums<'a>(defs: impl Iterator<Item = &'a crate::model::Enum>) -> Option<TokenStream> {
    let items: Vec<TokenStream> = defs
        .map(|def| gate::items(string_enum::string_enum(def), &def.gate))
        .collect();
    (!items.is_empty()).then(|| quote!(#(#items)*))
}

/// `mod.rs`: module list, re-exports and API constants.
fn root(model: &Model, modules: &[String]) -> TokenStream {
    let title = format!(" {}", model.title);
    let doc_lines = model.doc.lines().map(|l| {
        let l = format!(" {l}");
        quote!(#![doc = #l])
    });
    // The features users choose from, listed where they look first.
    let mut area_lines: Vec<String> = Vec::new();
    if !model.areas.is_empty() {
        area_lines.push(String::new());
        area_lines.push(" # Cargo features".to_owned());
        area_lines.push(String::new());
        area_lines.push(
            " Each area builds behind a cargo feature of its name, all enabled by default; \
             with `default-features = false`, enable the ones you call."
                .to_owned(),
        );
        area_lines.push(String::new());
        for (name, doc) in &model.areas {
            area_lines.push(format!(" - `{name}`: {}", doc.replace('\n', " ")));
        }
    }
    let area_lines = area_lines.iter().map(|l| quote!(#![doc = #l]));
    let private = modules.iter().map(|m| ident(m));
    let reexports = modules.iter().map(|m| ident(m));
    let entry_modules = model.entries.iter().map(|e| {
        let module = ident(&e.method);
        let handle = ident(&e.handle);
        let cfg = gate::attribute(&e.gate);
        (
            quote!(#cfg pub mod #module;),
            quote!(#cfg pub use #module::#handle;),
        )
    });
    let (entry_mods, entry_uses): (Vec<_>, Vec<_>) = entry_modules.unzip();
    let client_module = (!model.client_operations.is_empty()).then(|| {
        let module = ident(client_operations::MODULE);
        quote!(pub mod #module;)
    });
    let webhooks_module = model.webhooks.as_ref().map(|w| {
        let module = ident(webhooks::MODULE);
        let cfg = gate::attribute(&w.gate);
        quote!(#cfg pub mod #module;)
    });
    let base_url = &model.base_url;
    let version = &model.version;
    quote! {
        #![doc = #title]
        #![doc = ""]
        #(#doc_lines)*
        #(#area_lines)*

        #(mod #private;)*
        #(#entry_mods)*
        #client_module
        #webhooks_module

        #(pub use #reexports::*;)*
        #(#entry_uses)*

        /// Base URL of the Graph API.
        pub const DEFAULT_BASE_URL: &str = #base_url;

        /// The Graph API version the spec describes, used unless the client sets another.
        pub const DEFAULT_API_VERSION: &str = #version;
    }
}

/// Formats tokens into a file with the generated-file header.
fn file(model: &Model, path: &str, tokens: TokenStream) -> Result<GeneratedFile, String> {
    let syntax: syn::File = syn::parse2(tokens)
        .map_err(|e| format!("internal error: {path} is not valid Rust: {e}"))?;
    let header = format!(
        "// @generated by `cargo xtask codegen` from {}. Do not edit by hand.\n\n",
        model.spec_name
    );
    Ok(GeneratedFile {
        path: path.to_owned(),
        contents: header + &prettyplease::unparse(&syntax),
    })
}
