//! Stage 1: text to [`ast::Spec`]. TOML syntax and the shape of every table
//! are checked here, and every problem is reported; meaning is checked by
//! `validate`.

pub mod ast;
mod files;
pub mod schema;
pub mod types;

use toml::de::DeTable;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::source::SourceFile;

/// Parses the spec, or returns every syntax or shape error found.
pub fn parse(source: &SourceFile) -> Result<ast::Spec, Diagnostics> {
    // A mistake at a join between files can make the joined text's TOML
    // wrong in a way that only the join explains: report it first.
    let joins = files::check(source);
    if !joins.is_empty() {
        return Err(Diagnostics(joins));
    }
    let (document, syntax_errors) = DeTable::parse_recoverable(&source.text);
    if !syntax_errors.is_empty() {
        let mut out = Diagnostics(syntax_errors.iter().map(toml_error).collect());
        out.sort();
        return Err(out);
    }
    let mut shape = Diagnostics(schema::check(&document));
    if shape.has_errors() {
        shape.sort();
        return Err(shape);
    }
    // The shape is right, so this rarely fails; when it does, say where.
    toml::from_str(&source.text).map_err(|err| Diagnostics(vec![toml_error(&err)]))
}

fn toml_error(err: &toml::de::Error) -> Diagnostic {
    let message = err.message().trim_end();
    let (first, rest) = message.split_once('\n').unwrap_or((message, ""));
    let mut diag = Diagnostic::error(format!("invalid TOML: {first}"));
    if let Some(span) = err.span() {
        diag = diag.with_span(span, "here");
    }
    let rest = rest.trim();
    if !rest.is_empty() {
        diag = diag.with_help(rest.to_owned());
    } else if first.starts_with("duplicate key") {
        diag = diag.with_help("a key may appear once per table; remove or rename one of them");
    }
    diag
}
