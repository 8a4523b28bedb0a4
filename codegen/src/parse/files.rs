//! The joins of a spec split into several files.
//!
//! The files are parsed as one text, so a key written before the first
//! table header of a later file would silently join the last table of the
//! file before it, and a `[[edge.operation]]` would attach to another
//! file's last `[[edge]]`. Each file after the first is therefore checked
//! alone: everything at its top level must be an array of tables it
//! declares itself (`[[node]]`, `[[edge]]`, ...), so each file stands on
//! its own and reading one never requires reading the one before.

use toml::de::{DeTable, DeValue};

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

/// Every join mistake, located in the file that makes it.
pub fn check(source: &SourceFile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for part in source.parts().iter().skip(1) {
        let (_, text) = source.part_at(part.start);
        // Syntax errors are reported on the joined text, with the rest.
        let Ok(document) = DeTable::parse(text) else {
            continue;
        };
        for (key, value) in document.get_ref() {
            let at = part.start + key.span().start..part.start + key.span().end;
            let name = key.get_ref();
            match value.get_ref() {
                DeValue::Array(_) => {}
                DeValue::Table(_) => out.push(
                    Diagnostic::error(format!(
                        "`{name}` is used here without a `[[{name}]]` of this file to belong to"
                    ))
                    .with_span(at, "belongs to no table of this file")
                    .with_help(format!(
                        "start the {name} in this file with `[[{name}]]`; single tables such as \
                         `[{name}]` go in the spec's first file"
                    )),
                ),
                _ => out.push(
                    Diagnostic::error(format!(
                        "`{name}` is set before the first table header of {}",
                        part.name
                    ))
                    .with_span(at, "outside any table")
                    .with_help(
                        "move it under the table it belongs to; a spec file after the first \
                         starts with a `[[...]]` header",
                    ),
                ),
            }
        }
    }
    out
}
