//! Stage 1: text to [`ast::Spec`]. Only TOML syntax and the shape of the
//! tables are checked here; meaning is checked by `validate`.

pub mod ast;
pub mod types;

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

/// Parses the spec, or returns the one diagnostic TOML gives.
pub fn parse(source: &SourceFile) -> Result<ast::Spec, Diagnostic> {
    toml::from_str(&source.text).map_err(|err| {
        let message = err.message().trim_end().to_owned();
        let help = help_for(&message);
        let mut diag = Diagnostic::error(message);
        if let Some(span) = err.span() {
            diag = diag.with_span(span, "here");
        }
        if let Some(help) = help {
            diag = diag.with_help(help);
        }
        diag
    })
}

/// Turns serde's terse messages into advice where the fix is known.
fn help_for(message: &str) -> Option<String> {
    if message.starts_with("unknown field") {
        Some("check the spelling; the expected keys are listed above".to_owned())
    } else if message.starts_with("missing field") {
        Some("add the key to this table".to_owned())
    } else if message.contains("unknown variant") {
        Some("use one of the listed values".to_owned())
    } else {
        None
    }
}
