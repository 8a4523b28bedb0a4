//! A spec file's text and name, for parsing and for pointing into it.

use std::path::Path;

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

    /// Reads a file; `name` is how diagnostics will call it.
    pub fn read(path: &Path, name: impl Into<String>) -> std::io::Result<Self> {
        Ok(Self::new(name, std::fs::read_to_string(path)?))
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
}
