//! A spec that is not UTF-8, reported like any other spec mistake: at the
//! first bad byte, with its line shown, and what to do about it.
//!
//! TOML is UTF-8, but some editors still save as Latin-1 or Windows-1252;
//! a smart quote or an accented letter pasted into a doc string then
//! becomes a byte that cannot start a UTF-8 character. Reading the file
//! with `read_to_string` only says "stream did not contain valid UTF-8",
//! which leaves the person to search a long file for one byte.

use std::str::Utf8Error;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::source::SourceFile;

/// A spec file whose bytes are not UTF-8, and where they stop being so.
#[derive(Debug, Clone)]
pub struct NotUtf8 {
    /// The file decoded lossily (each bad sequence shown as `U+FFFD`), so
    /// the diagnostic can show the line around the bad byte. Everything
    /// before [`offset`](Self::offset) is the file's own text, so offsets,
    /// lines and columns up to there are the file's too.
    pub source: SourceFile,
    /// Byte offset of the first bad byte.
    pub offset: usize,
    /// The bad sequence starting at `offset`, as the file has it.
    pub bytes: Vec<u8>,
    /// Whether the file ends in the middle of a character; `bytes` is then
    /// the unfinished character.
    pub truncated: bool,
}

impl NotUtf8 {
    /// Locates `error` in `bytes`, the whole file.
    pub(super) fn new(name: String, bytes: &[u8], error: Utf8Error) -> Self {
        let offset = error.valid_up_to();
        let len = error.error_len().unwrap_or(bytes.len() - offset);
        Self {
            source: SourceFile::new(name, String::from_utf8_lossy(bytes)),
            offset,
            bytes: bytes[offset..offset + len].to_vec(),
            truncated: error.error_len().is_none(),
        }
    }

    /// 1-based line and column (in characters) of the first bad byte.
    pub fn line_col(&self) -> (usize, usize) {
        self.source.line_col(self.offset)
    }

    /// The error, located at the first bad byte of [`source`](Self::source).
    pub fn diagnostic(&self) -> Diagnostic {
        let (line, col) = self.line_col();
        let hex = self
            .bytes
            .iter()
            .map(|b| format!("0x{b:02x}"))
            .collect::<Vec<_>>()
            .join(" ");
        let what = if self.bytes.len() == 1 {
            format!("byte {hex}")
        } else {
            format!("bytes {hex}")
        };
        let (message, label) = if self.truncated {
            (
                format!(
                    "the spec is not valid UTF-8: it ends in the middle of a character, \
                     {what} at line {line}, column {col}"
                ),
                "unfinished character",
            )
        } else {
            (
                format!("the spec is not valid UTF-8: {what} at line {line}, column {col}"),
                "not UTF-8",
            )
        };
        let help = match self.bytes.as_slice() {
            [byte] => windows_1252(*byte).map(|c| {
                format!(
                    "save the file as UTF-8; it looks like Latin-1 (Windows-1252) text, \
                     where 0x{byte:02x} is `{c}`: smart quotes and accented letters \
                     pasted in are the usual culprit"
                )
            }),
            _ => None,
        }
        .unwrap_or_else(|| {
            "save the file as UTF-8; text saved as Latin-1 (Windows-1252), such as \
             smart quotes pasted in, is the usual culprit"
                .to_owned()
        });
        // The lossy text has one U+FFFD where the bad sequence was.
        let span = self.offset..self.offset + char::REPLACEMENT_CHARACTER.len_utf8();
        Diagnostic::error(message)
            .with_span(span, label)
            .with_help(help)
    }

    /// The file and its one error, for whatever renders spec diagnostics.
    pub fn into_diagnostics(self) -> (SourceFile, Diagnostics) {
        let diagnostics = Diagnostics(vec![self.diagnostic()]);
        (self.source, diagnostics)
    }

    /// The error rendered like every other spec diagnostic.
    pub fn render(&self) -> String {
        Diagnostics(vec![self.diagnostic()]).render(&self.source)
    }
}

/// What a lone byte means in Windows-1252 (Latin-1 plus typographic
/// punctuation), when that is a printable character worth naming.
fn windows_1252(byte: u8) -> Option<char> {
    match byte {
        0x80 => Some('€'),
        0x82 => Some('‚'),
        0x84 => Some('„'),
        0x85 => Some('…'),
        0x91 => Some('‘'),
        0x92 => Some('’'),
        0x93 => Some('“'),
        0x94 => Some('”'),
        0x96 => Some('–'),
        0x97 => Some('—'),
        0x99 => Some('™'),
        // 0xa0 is a no-break space and 0xad a soft hyphen: invisible.
        0xa1..=0xff if byte != 0xad => Some(char::from(byte)),
        _ => None,
    }
}
