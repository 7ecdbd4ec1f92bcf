//! Validation problems: what is wrong, where (key path, line, column) and how
//! to fix it. `validate` and `run` print them the same way.

use std::fmt;
use std::ops::Range as ByteRange;

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The scenario cannot run.
    Error,
    /// It can, but something is probably not what was meant.
    Warning,
}

/// One problem found in a scenario file.
#[derive(Clone, Debug)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// The key path, e.g. `roles.inside.admin_share` or `products."platform".motion`.
    pub path: String,
    /// 1-based line and column, when known.
    pub line: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub fix: String,
    /// For a problem in an account book: the file, row, column and value.
    pub place: Option<Place>,
}

/// Where in an account book (`[book] file`) a problem is: rows and columns
/// as a spreadsheet shows them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The file as written in the scenario.
    pub file: String,
    /// The row as a spreadsheet shows it (the header is row 1, blank rows count).
    pub row: usize,
    /// The column (1 is A), when the problem is in one cell or column.
    pub column: Option<usize>,
    /// The column's header, when it has one.
    pub header: Option<String>,
    /// The cell's text (for a problem with the whole file, what was found).
    pub value: String,
}

/// A column's letters as a spreadsheet shows them: 1 is A, 27 is AA.
pub fn column_letters(mut column: usize) -> String {
    let mut letters = Vec::new();
    while column > 0 {
        let d = (column - 1) % 26;
        letters.push(b'A' + d as u8);
        column = (column - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, row {}", self.file, self.row)?;
        match (self.column, &self.header) {
            (Some(c), Some(h)) => write!(f, ", column {} ({h:?})", column_letters(c))?,
            (Some(c), None) => write!(f, ", column {} (no header)", column_letters(c))?,
            (None, _) => {}
        }
        write!(f, ", value `{}`", self.value)
    }
}

impl Problem {
    /// Where and what, without its kind and fix: "`path` (line 3, column
    /// 1): message" (the outputs list a warning's fix apart).
    pub fn what(&self) -> String {
        let mut out = String::new();
        if let Some(place) = &self.place {
            out += &place.to_string();
        } else if !self.path.is_empty() {
            out += &format!("`{}`", self.path);
        }
        if let Some((line, col)) = self.line {
            if self.path.is_empty() {
                out += &format!("line {line}, column {col}");
            } else {
                out += &format!(" (line {line}, column {col})");
            }
        }
        if self.path.is_empty() && self.line.is_none() {
            out += &self.message;
        } else {
            out += &format!(": {}", self.message);
        }
        out
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{kind}: {}", self.what())?;
        if !self.fix.is_empty() {
            write!(f, "\n  fix: {}", self.fix)?;
        }
        Ok(())
    }
}

/// Converts byte offsets into 1-based lines and columns.
pub struct LineIndex {
    starts: Vec<usize>,
    src_len: usize,
}

impl LineIndex {
    /// The index of `src`.
    pub fn new(src: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            starts,
            src_len: src.len(),
        }
    }

    /// The line and column of byte `offset` of `src`.
    pub fn line_col(&self, offset: usize, src: &str) -> (usize, usize) {
        let offset = offset.min(self.src_len);
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line];
        let col = src
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0)
            + 1;
        (line + 1, col)
    }

    /// The line and column where a span starts.
    pub fn of_span(&self, span: Option<ByteRange<usize>>, src: &str) -> Option<(usize, usize)> {
        span.map(|s| self.line_col(s.start, src))
    }
}

/// All problems of one file; the error type of scenario loading.
#[derive(Debug, Clone)]
pub struct Problems {
    /// The file (or label) the problems are in.
    pub file: String,
    /// Errors and warnings, errors first, then in file order.
    pub list: Vec<Problem>,
}

impl Problems {
    /// One error of a whole file (no key path): the file cannot be read,
    /// is not TOML, or is empty.
    pub fn one(
        file: impl Into<String>,
        line: Option<(usize, usize)>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Problems {
        Problems {
            file: file.into(),
            list: vec![Problem {
                severity: Severity::Error,
                path: String::new(),
                line,
                message: message.into(),
                fix: fix.into(),
                place: None,
            }],
        }
    }

    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.list.iter().filter(|p| p.severity == Severity::Error)
    }
    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.list.iter().filter(|p| p.severity == Severity::Warning)
    }
    /// Whether there is an error.
    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.errors().count();
        writeln!(
            f,
            "{} has {} error{}:",
            self.file,
            n,
            if n == 1 { "" } else { "s" }
        )?;
        for p in self.errors() {
            writeln!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

pub use crate::core::hint::nearest;

/// A key segment as it is written in a path: bare when it can be, quoted otherwise.
pub fn seg(name: &str) -> String {
    if !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        name.to_string()
    } else {
        format!("{name:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based() {
        let src = "a = 1\nbb = 2\n";
        let idx = LineIndex::new(src);
        assert_eq!(idx.line_col(0, src), (1, 1));
        assert_eq!(idx.line_col(6, src), (2, 1));
        assert_eq!(idx.line_col(11, src), (2, 6));
    }

    #[test]
    fn columns_are_lettered_like_a_spreadsheet() {
        let got: Vec<String> = [1, 2, 26, 27, 52, 53, 702, 703]
            .into_iter()
            .map(column_letters)
            .collect();
        assert_eq!(got, ["A", "B", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]);
    }

    #[test]
    fn nearest_suggests_typos() {
        assert_eq!(
            nearest("admn_share", ["admin_share", "annual_hours"]),
            Some("admin_share")
        );
        assert_eq!(nearest("zzz", ["admin_share"]), None);
    }
}
