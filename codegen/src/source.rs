//! A spec file's text and name, for parsing and for pointing into it.

mod not_utf8;

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

pub use not_utf8::NotUtf8;

/// A spec file read into memory.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// How the file is named in diagnostics and in generated headers.
    pub name: String,
    /// The whole text.
    pub text: String,
}

impl SourceFile {
    /// Wraps text already in memory (tests, fixtures).
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
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

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let before = &self.text[..offset];
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
