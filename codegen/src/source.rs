//! A spec file's text and name, for parsing and for pointing into it.

mod not_utf8;

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

pub use not_utf8::NotUtf8;

/// The spec read into memory: one file, or several files joined end to end.
///
/// A spec may be split into several TOML files (one per area, say). They
/// are parsed as one text, since TOML's arrays of tables (`[[node]]`)
/// simply continue across the join; each file's place in that text is
/// kept, so a diagnostic names the file and the line the author wrote.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// How the spec is named in generated headers, and in diagnostics that
    /// point at no file in particular.
    pub name: String,
    /// The whole text: every file, in order.
    pub text: String,
    /// Where each file starts in `text`, in order; the first starts at 0.
    parts: Vec<Part>,
}

/// One file of a spec made of several.
#[derive(Debug, Clone)]
pub struct Part {
    /// How diagnostics name the file.
    pub name: String,
    /// Byte offset of its first byte in the joined text.
    pub start: usize,
}

impl SourceFile {
    /// Wraps text already in memory (tests, fixtures).
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let name = name.into();
        Self {
            parts: vec![Part {
                name: name.clone(),
                start: 0,
            }],
            name,
            text: text.into(),
        }
    }

    /// Joins files into one spec named `name`. Each file gets a line end
    /// of its own if it lacks one, so no two files share a line.
    pub fn join(name: impl Into<String>, files: Vec<SourceFile>) -> Self {
        let mut text = String::new();
        let mut parts = Vec::with_capacity(files.len());
        for file in files {
            for part in file.parts {
                parts.push(Part {
                    name: part.name,
                    start: text.len() + part.start,
                });
            }
            text.push_str(&file.text);
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
        }
        if parts.is_empty() {
            parts.push(Part {
                name: String::new(),
                start: 0,
            });
        }
        Self {
            name: name.into(),
            text,
            parts,
        }
    }

    /// The files this spec is made of, in order.
    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// The file an offset falls in, and that file's text.
    pub fn part_at(&self, offset: usize) -> (&Part, &str) {
        let index = self
            .parts
            .partition_point(|part| part.start <= offset)
            .saturating_sub(1);
        let part = &self.parts[index];
        let end = self
            .parts
            .get(index + 1)
            .map_or(self.text.len(), |next| next.start);
        (part, &self.text[part.start..end])
    }

    /// Where an offset is, in words for a diagnostic: `line 12`, or
    /// `line 12 of spec/templates.toml` when the spec has several files.
    pub fn describe(&self, offset: usize) -> String {
        let (line, _) = self.line_col(offset);
        if self.parts.len() > 1 {
            format!("line {line} of {}", self.part_at(offset).0.name)
        } else {
            format!("line {line}")
        }
    }

    /// Wraps a file's bytes, which must be UTF-8. Otherwise the error says
    /// where the first bad byte is, as a diagnostic like any other spec
    /// mistake, rather than a bare "stream did not contain valid UTF-8".
    pub fn from_bytes(name: impl Into<String>, bytes: Vec<u8>) -> Result<Self, NotUtf8> {
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Self::new(name, text)),
            Err(error) => Err(NotUtf8::new(
                name.into(),
                error.as_bytes(),
                error.utf8_error(),
            )),
        }
    }

    /// Reads a file; `name` is how diagnostics will call it.
    pub fn read(path: &Path, name: impl Into<String>) -> Result<Self, ReadError> {
        let bytes = std::fs::read(path).map_err(|error| ReadError::Io {
            path: path.to_path_buf(),
            error,
        })?;
        Self::from_bytes(name, bytes).map_err(ReadError::NotUtf8)
    }

    /// 1-based line and column (in characters) of a byte offset, within
    /// the file it falls in.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let (part, _) = self.part_at(offset);
        let before = &self.text[part.start..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        (line, col)
    }
}

/// Why a spec file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// The file system refused.
    Io { path: PathBuf, error: io::Error },
    /// The file was read but is not UTF-8.
    NotUtf8(NotUtf8),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io { path, error } => write!(f, "{}: {error}", path.display()),
            Self::NotUtf8(not_utf8) => f.write_str(not_utf8.render().trim_end()),
        }
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io { error, .. } => Some(error),
            Self::NotUtf8(_) => None,
        }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_is_one_based_and_counts_chars() {
        let file = SourceFile::new("x", "ab\ncé d\n");
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(3), (2, 1));
        assert_eq!(file.line_col(7), (2, 4));
        assert_eq!(file.line_col(999), (3, 1));
    }

    #[test]
    fn joined_files_keep_their_own_names_and_lines() {
        let joined = SourceFile::join(
            "spec/",
            vec![
                SourceFile::new("a.toml", "one\ntwo"),
                SourceFile::new("b.toml", "three\n"),
            ],
        );
        assert_eq!(joined.text, "one\ntwo\nthree\n");
        assert_eq!(joined.line_col(4), (2, 1));
        assert_eq!(joined.line_col(8), (1, 1));
        assert_eq!(joined.part_at(8).0.name, "b.toml");
        assert_eq!(joined.part_at(8).1, "three\n");
        assert_eq!(joined.describe(9), "line 1 of b.toml");
        assert_eq!(SourceFile::new("x", "a\nb").describe(2), "line 2");
    }

    fn not_utf8(bytes: &[u8]) -> NotUtf8 {
        SourceFile::from_bytes("x.toml", bytes.to_vec()).unwrap_err()
    }

    #[test]
    fn utf8_bytes_make_a_source_file() {
        let file = SourceFile::from_bytes("x.toml", "doc = \"café\"\n".into()).unwrap();
        assert_eq!(file.text, "doc = \"café\"\n");
        assert_eq!(file.name, "x.toml");
    }

    #[test]
    fn a_bad_byte_at_the_very_start_is_at_line_1_column_1() {
        let error = not_utf8(b"\xff[api]\n");
        assert_eq!((error.offset, error.bytes.as_slice()), (0, &[0xff][..]));
        assert_eq!(error.line_col(), (1, 1));
        assert!(!error.truncated);
        assert!(
            error
                .diagnostic()
                .message
                .contains("byte 0xff at line 1, column 1")
        );
    }

    #[test]
    fn columns_after_multi_byte_characters_count_characters() {
        // `# é€😀 ` is 6 characters but 12 bytes; then a Latin-1 `é`.
        let mut bytes = "[api]\n# é€😀 caf".as_bytes().to_vec();
        bytes.extend_from_slice(b"\xe9\"\nmore = \"\xff\"\n");
        let error = not_utf8(&bytes);
        assert_eq!(error.offset, 6 + 12 + 3);
        assert_eq!(error.bytes, [0xe9]);
        assert_eq!(error.line_col(), (2, 10));
        let diagnostic = error.diagnostic();
        assert!(
            diagnostic
                .message
                .contains("byte 0xe9 at line 2, column 10")
        );
        assert!(diagnostic.help.unwrap().contains("0xe9 is `é`"));
        // The text before the bad byte is the file's own; only later bad
        // bytes are replaced.
        assert!(
            error
                .source
                .text
                .starts_with("[api]\n# é€😀 caf\u{fffd}\"\n")
        );
        let rendered = error.render();
        assert!(rendered.contains("--> x.toml:2:10"), "{rendered}");
        assert!(rendered.contains("# é€😀 caf\u{fffd}\""), "{rendered}");
    }

    #[test]
    fn an_invalid_sequence_is_reported_whole() {
        // The start of a 4-byte character, cut short by a newline.
        let error = not_utf8(b"a = 1\nb = \"\xf0\x9f\x98\"\n");
        assert_eq!(error.bytes, [0xf0, 0x9f, 0x98]);
        assert_eq!(error.line_col(), (2, 6));
        assert!(!error.truncated);
        assert!(error.diagnostic().message.contains("bytes 0xf0 0x9f 0x98"));
    }

    #[test]
    fn a_character_cut_off_at_the_end_of_the_file_is_located() {
        let error = not_utf8(b"a = 1\nb = \"\xe2\x82");
        assert_eq!(error.offset, 11);
        assert_eq!(error.bytes, [0xe2, 0x82]);
        assert!(error.truncated);
        assert_eq!(error.line_col(), (2, 6));
        let diagnostic = error.diagnostic();
        assert!(
            diagnostic
                .message
                .contains("ends in the middle of a character"),
            "{}",
            diagnostic.message
        );
        let rendered = error.render();
        assert!(rendered.contains("--> x.toml:2:6"), "{rendered}");
    }
}
