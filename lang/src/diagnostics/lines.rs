//! Byte offsets to 1-based lines and character columns. JSON output and editors count columns
//! in characters (the LSP converts further to UTF-16 itself), while spans are bytes.

/// A 1-based line and 1-based column counted in Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LineCol {
    /// Line number, from 1.
    pub line: u32,
    /// Column in characters, from 1.
    pub column: u32,
}

/// The line starts of one text, for repeated offset lookups.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { line_starts }
    }

    /// The byte range of the line holding `offset`, without its newline.
    pub fn line_bounds(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self
            .line_starts
            .partition_point(|&start| start <= offset.min(text.len()));
        let start = self
            .line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        let end = self
            .line_starts
            .get(line)
            .map_or(text.len(), |next| next.saturating_sub(1));
        (start, end.max(start))
    }

    /// The position of byte `offset` in `text` (the text this index was built from). Offsets
    /// past the end or inside a character are clamped to the nearest character boundary before.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let mut offset = offset.min(text.len());
        while offset > 0 && !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self
            .line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        let column = text.get(start..offset).map_or(0, |s| s.chars().count());
        LineCol {
            line: u32::try_from(line.max(1)).unwrap_or(u32::MAX),
            column: u32::try_from(column + 1).unwrap_or(u32::MAX),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_lines_and_character_columns() {
        let text = "ab\nçd€x\n\nz";
        let index = LineIndex::new(text);
        let at = |o| {
            let p = index.line_col(text, o);
            (p.line, p.column)
        };
        assert_eq!(at(0), (1, 1));
        assert_eq!(at(2), (1, 3));
        assert_eq!(at(3), (2, 1));
        // `ç` is two bytes and `€` three: `x` is the fourth character of line 2.
        assert_eq!(at(3 + 2 + 1 + 3), (2, 4));
        assert_eq!(at(text.len()), (4, 2));
        // Inside a multi-byte character clamps back to its start.
        assert_eq!(at(4), (2, 1));
        assert_eq!(at(10_000), (4, 2));
        assert_eq!(index.line_bounds(text, 0), (0, 2));
        assert_eq!(index.line_bounds(text, 4), (3, 10));
        assert_eq!(index.line_bounds(text, 11), (11, 11));
        assert_eq!(index.line_bounds(text, text.len()), (12, 13));
    }
}
