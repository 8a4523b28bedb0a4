//! Our spec reduced to [`Operation`]s, read through `waba_codegen`'s public
//! model: the same parse, validation and lowering `cargo xtask codegen` runs.

use std::path::Path;

use waba_codegen::model::{self, BodyKind, Model, OperationKind, Type, Via};
use waba_codegen::{ReadError, SourceFile, parse, read_spec_files, validate};

use super::surface::{Enumeration, Item, Location, Operation, Param};

/// Parameters the runtime sends itself (the field selector, paging,
/// `filtering`, `summary`), which the spec does not list.
fn implicit_params(operation: &model::Operation) -> Vec<&'static str> {
    let mut names = Vec::new();
    if operation.fields.is_some() {
        names.push("fields");
    }
    if operation.kind == OperationKind::List {
        names.extend(["limit", "after", "before"]);
    }
    if operation.filtering.is_some() {
        names.push("filtering");
    }
    if operation.summary.is_some() {
        names.push("summary");
    }
    names
}

/// Where a parameter of our spec travels: its own `in` where it has one,
/// else the body of a POST (or of a DELETE with a JSON body) and the query
/// of a GET or DELETE.
fn location(operation: &model::Operation, param: &model::Param) -> Location {
    match param.via {
        Via::Query => Location::Query,
        Via::Header => Location::Header,
        Via::File { .. } => Location::Body,
        Via::Param | Via::Url => match operation.kind {
            OperationKind::Create | OperationKind::Update => Location::Body,
            OperationKind::Delete if operation.body == BodyKind::Json => Location::Body,
            OperationKind::Read | OperationKind::List | OperationKind::Delete => Location::Query,
        },
    }
}

/// The HTTP method of an operation kind.
fn http_method(kind: OperationKind) -> &'static str {
    match kind {
        OperationKind::Read | OperationKind::List => "GET",
        OperationKind::Create | OperationKind::Update => "POST",
        OperationKind::Delete => "DELETE",
    }
}

/// Reads, validates and lowers our spec: a folder read as `cargo xtask
/// codegen` reads `spec/` (its `graph.toml`, then every other `*.toml`), or
/// one file alone. Errors are rendered diagnostics, as codegen prints them.
pub fn load(path: &Path) -> Result<Model, String> {
    let name = path.display().to_string();
    let read = if path.is_dir() {
        read_spec_files(&path.join("graph.toml"), &name)
    } else {
        SourceFile::read(path, name.clone())
    };
    let source = read.map_err(|error| match error {
        ReadError::Io { path, error } => format!("{}: {error}", path.display()),
        ReadError::NotUtf8(not_utf8) => {
            let (source, diagnostics) = not_utf8.into_diagnostics();
            diagnostics.render(&source)
        }
    })?;
    let spec = parse::parse(&source).map_err(|d| d.render(&source))?;
    let diagnostics = validate::validate(&spec, &source);
    if diagnostics.has_errors() {
        return Err(format!(
            "{}error: {name} has {} error(s); fix it before auditing",
            diagnostics.render(&source),
            diagnostics.error_count()
        ));
    }
    Ok(model::lower(&spec, &name))
}

/// Every operation of the model.
pub fn operations(model: &Model) -> Vec<Operation> {
    model
        .entries
        .iter()
        .flat_map(|entry| entry.operations.iter().map(move |op| (entry, op)))
        .map(|(entry, operation)| reduce(model, &entry.method, operation))
        .collect()
}

fn reduce(model: &Model, entry: &str, operation: &model::Operation) -> Operation {
    let declared = operation
        .required
        .iter()
        .map(|p| (p, true))
        .chain(operation.optional.iter().map(|p| (p, false)))
        .map(|(param, required)| (param, required, location(operation, param)))
        .chain(
            operation
                .path_params
                .iter()
                .map(|param| (param, true, Location::Path)),
        )
        .map(|(param, required, location)| Param {
            location,
            item: Item {
                name: param.wire.clone(),
                required,
                enumeration: enumeration(model, &param.ty),
            },
        });
    let implicit = implicit_params(operation).into_iter().map(|name| Param {
        location: Location::Query,
        item: Item {
            name: name.to_owned(),
            required: false,
            enumeration: None,
        },
    });
    let response = model
        .nodes
        .iter()
        .find(|node| node.name == operation.returns)
        .map(|node| {
            node.fields
                .iter()
                .map(|field| Item {
                    name: field.wire.clone(),
                    required: field.required,
                    enumeration: enumeration(model, &field.ty),
                })
                .collect()
        })
        .unwrap_or_default();
    Operation {
        name: format!("{entry}.{}", operation.method.trim_start_matches("r#")),
        method: http_method(operation.kind).to_owned(),
        path: operation.path_doc.clone(),
        params: declared.chain(implicit).collect(),
        response,
        // With a field selector Graph returns only what was asked for, so
        // the spec marks nothing required there.
        response_required_known: operation.fields.is_none(),
    }
}

/// The enum behind a type (directly or as a list's items) and its values.
fn enumeration(model: &Model, ty: &Type) -> Option<Enumeration> {
    match ty {
        Type::List(inner) => enumeration(model, inner),
        Type::Enum(name) => model
            .enums
            .iter()
            .find(|e| &e.name == name)
            .map(|e| Enumeration {
                name: Some(e.name.clone()),
                // An alias is a spelling the spec knows, so it is not missing.
                values: e
                    .variants
                    .iter()
                    .flat_map(|v| std::iter::once(&v.wire).chain(&v.aliases))
                    .cloned()
                    .collect(),
            }),
        _ => None,
    }
}
