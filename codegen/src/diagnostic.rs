//! Errors and warnings about a spec, rendered the way rustc renders its own:
//! `file:line:col`, the source line, a marker, and what to do.

use std::ops::Range;

use annotate_snippets::{Level, Renderer, Snippet};

use crate::source::SourceFile;

/// How bad a diagnostic is: errors stop generation, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One finding about the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// Byte range in the spec, and what to say under it.
    pub span: Option<(Range<usize>, String)>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            span: None,
            help: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(message)
        }
    }

    pub fn with_span(mut self, span: Range<usize>, label: impl Into<String>) -> Self {
        self.span = Some((span, label.into()));
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic against the file it is about, without colour.
    pub fn render(&self, source: &SourceFile) -> String {
        let level = match self.severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
        };
        let mut message = level.title(&self.message);
        let location;
        if let Some((span, label)) = &self.span {
            // Show the span in the file it starts in, as that file's own
            // text, so lines are counted from that file's top.
            let (part, text) = source.part_at(span.start.min(source.text.len()));
            let local = span.start.saturating_sub(part.start)..span.end.saturating_sub(part.start);
            let span = clamp(&local, text);
            message = message.snippet(
                Snippet::source(text)
                    .origin(&part.name)
                    .fold(true)
                    .annotation(level.span(span).label(label)),
            );
        } else {
            location = format!("in {}", source.name);
            message = message.footer(Level::Note.title(&location));
        }
        if let Some(help) = &self.help {
            message = message.footer(Level::Help.title(help));
        }
        Renderer::plain().render(message).to_string()
    }
}

/// Keeps a span inside the text and on character boundaries, so rendering
/// never panics whatever a stage reported.
fn clamp(span: &Range<usize>, text: &str) -> Range<usize> {
    let mut start = span.start.min(text.len());
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// All findings of one run, in source order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// Orders findings as they appear in the file; unlocated ones go last.
    pub fn sort(&mut self) {
        self.0
            .sort_by_key(|d| d.span.as_ref().map_or(usize::MAX, |(s, _)| s.start));
    }

    /// Renders every finding, separated by blank lines.
    pub fn render(&self, source: &SourceFile) -> String {
        let mut out = String::new();
        for diagnostic in &self.0 {
            out.push_str(&diagnostic.render(source));
            out.push_str("\n\n");
        }
        out
    }
}
