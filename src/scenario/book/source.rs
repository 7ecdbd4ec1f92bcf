//! The rows of an account book's file, as a spreadsheet shows them: a CSV
//! file (comma or semicolon separated, UTF-8 with or without a byte-order
//! mark) read with the `csv` crate, or a sheet of an `.xlsx` workbook read
//! with `calamine`. Each row comes with its spreadsheet row number (the
//! first line is row 1 and blank lines count) and its cells, trimmed.

use std::io::Cursor;

/// One cell as read.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Value<'a> {
    /// Nothing, or only spaces.
    Empty,
    /// Text, trimmed.
    Text(&'a str),
    /// A workbook's number cell.
    Number(f64),
    /// A workbook's other cell (a date, a boolean, an error such as `#N/A`),
    /// as the workbook shows it.
    Other(String),
}

impl Value<'_> {
    /// The cell as text, as a spreadsheet would show it.
    pub(super) fn text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(t) => (*t).to_string(),
            Value::Number(x) => x.to_string(),
            Value::Other(t) => t.clone(),
        }
    }
}

/// Why a file could not be read at all: a problem at a row (and column).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Unreadable {
    pub(super) row: usize,
    pub(super) column: Option<usize>,
    /// The column's header, when the header row was read.
    pub(super) header: Option<String>,
    pub(super) value: String,
    pub(super) message: String,
    pub(super) fix: String,
}

/// The separator of a CSV file (docs/scenario.md, reading 18): `;` if the
/// first non-blank line has more `;` than `,`, else `,`.
pub(super) fn delimiter(text: &[u8]) -> u8 {
    let line = text
        .split(|b| *b == b'\n')
        .find(|l| l.iter().any(|b| !b.is_ascii_whitespace()))
        .unwrap_or_default();
    let count = |c: u8| line.iter().filter(|b| **b == c).count();
    if count(b';') > count(b',') {
        b';'
    } else {
        b','
    }
}

const UTF8_FIX: &str = "save it as CSV UTF-8 (in Excel: File > Save As > \"CSV UTF-8 (Comma delimited)\"; \
     in LibreOffice: Character set \"Unicode (UTF-8)\")";

/// Reads a CSV file's rows into `row`. A file that is not UTF-8 is refused
/// with the first cell that is not, and nothing else is read.
pub(super) fn csv_rows(
    bytes: &[u8],
    row: &mut dyn FnMut(usize, &[Value<'_>]),
) -> Result<(), Unreadable> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Unreadable {
            row: 1,
            column: None,
            header: None,
            value: format!(
                "bytes {:02X} {:02X} (a UTF-16 byte-order mark)",
                bytes[0], bytes[1]
            ),
            message: "the file is not UTF-8 (it looks like UTF-16, e.g. Excel's \"Unicode Text\"); nothing else was read".into(),
            fix: UTF8_FIX.into(),
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // UTF-16 without a byte-order mark is valid UTF-8 full of NUL bytes.
    if bytes.iter().take(4096).any(|b| *b == 0) {
        return Err(Unreadable {
            row: 1,
            column: None,
            header: None,
            value: "NUL bytes (UTF-16 text?)".into(),
            message: "the file is not UTF-8 text (it holds NUL bytes, as UTF-16 does); nothing else was read".into(),
            fix: UTF8_FIX.into(),
        });
    }
    let utf8 = std::str::from_utf8(bytes).is_ok();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(bytes))
        .from_reader(bytes);
    let mut rec = csv::ByteRecord::new();
    let mut number = 0usize;
    let mut prev_ended_cr = false;
    // The header row's names, to name a column that is not UTF-8 below it.
    let mut headers: Option<Vec<String>> = None;
    loop {
        let start = reader.position().byte() as usize;
        match reader.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                return Err(Unreadable {
                    row: number + 1,
                    column: None,
                    header: None,
                    value: String::new(),
                    message: format!("the file cannot be read as CSV: {e}"),
                    fix: "save it again as CSV UTF-8 from the spreadsheet".into(),
                });
            }
        }
        let end = reader.position().byte() as usize;
        // The csv crate skips blank lines; a spreadsheet shows each as a
        // row. They are the line breaks before the record's text (less the
        // `\n` of a `\r\n` that ended the previous record).
        let raw = &bytes[start..end.min(bytes.len())];
        let mut blank = 0;
        let mut i = usize::from(prev_ended_cr && raw.first() == Some(&b'\n'));
        while i < raw.len() && (raw[i] == b'\r' || raw[i] == b'\n') {
            i += if raw[i] == b'\r' && raw.get(i + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
            blank += 1;
        }
        prev_ended_cr = raw.last() == Some(&b'\r');
        number += blank + 1;
        let mut cells = Vec::with_capacity(rec.len());
        for (c, field) in rec.iter().enumerate() {
            match std::str::from_utf8(field) {
                Ok(t) => cells.push(match t.trim() {
                    "" => Value::Empty,
                    t => Value::Text(t),
                }),
                Err(e) => {
                    let at = e.valid_up_to();
                    return Err(Unreadable {
                        row: number,
                        column: Some(c + 1),
                        header: headers
                            .as_ref()
                            .and_then(|h| h.get(c))
                            .filter(|h| !h.is_empty())
                            .cloned(),
                        value: format!(
                            "{} (byte 0x{:02X})",
                            escape(field),
                            field.get(at).copied().unwrap_or(0)
                        ),
                        message:
                            "the file is not UTF-8 (this byte is not UTF-8; the file was probably \
                                  saved as \"CSV (Comma delimited)\" in a Western European or \
                                  Windows encoding); nothing else was read"
                                .into(),
                        fix: UTF8_FIX.into(),
                    });
                }
            }
        }
        if headers.is_none() && cells.iter().any(|c| *c != Value::Empty) {
            headers = Some(cells.iter().map(Value::text).collect());
        }
        // Rows are handed on only when the whole file is UTF-8; otherwise
        // this pass only looks for the first cell that is not.
        if utf8 {
            row(number, &cells);
        }
    }
    Ok(())
}

/// A field's bytes as text, bytes that are not UTF-8 written `\xNN`.
fn escape(field: &[u8]) -> String {
    let mut out = String::new();
    for chunk in field.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

/// The sheets of a workbook, and the rows of the named one (the first
/// when `sheet` is `None`) into `row`.
pub(super) fn xlsx_rows(
    bytes: &[u8],
    sheet: Option<&str>,
    row: &mut dyn FnMut(usize, &[Value<'_>]),
) -> Result<(), XlsxProblem> {
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| XlsxProblem::Unreadable(e.to_string()))?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) => match names.iter().find(|n| n.as_str() == s) {
            Some(n) => n.clone(),
            None => return Err(XlsxProblem::NoSheet(names)),
        },
        None => match names.first() {
            Some(n) => n.clone(),
            None => return Err(XlsxProblem::NoSheet(names)),
        },
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| XlsxProblem::Unreadable(e.to_string()))?;
    let Some((r0, c0)) = range.start() else {
        return Ok(());
    };
    let mut cells: Vec<Value<'_>> = Vec::new();
    for (i, r) in range.rows().enumerate() {
        cells.clear();
        // Columns before the used range's first are empty.
        cells.extend((0..c0).map(|_| Value::Empty));
        cells.extend(r.iter().map(|d| match d {
            Data::Empty => Value::Empty,
            Data::String(s) => match s.trim() {
                "" => Value::Empty,
                t => Value::Text(t),
            },
            Data::Float(x) => Value::Number(*x),
            Data::Int(i) => Value::Number(*i as f64),
            Data::Bool(b) => Value::Other(if *b { "TRUE" } else { "FALSE" }.into()),
            Data::DateTime(d) => Value::Other(format!("a date ({d})")),
            Data::DateTimeIso(d) => Value::Other(format!("a date ({d})")),
            Data::DurationIso(d) => Value::Other(format!("a duration ({d})")),
            Data::Error(e) => Value::Other(e.to_string()),
        }));
        row(r0 as usize + i + 1, &cells);
    }
    Ok(())
}

/// Why a workbook gave no rows.
#[derive(Clone, Debug)]
pub(super) enum XlsxProblem {
    /// It is not a workbook calamine can read.
    Unreadable(String),
    /// The sheet asked for is not there (the sheets that are).
    NoSheet(Vec<String>),
}
