//! The account book (`[book]`, docs/model.md "The book of business"):
//! accounts read from a CSV or `.xlsx` file, one row per account, a column
//! per product. [`read`] turns a file's bytes into [`BookData`] or into
//! every problem of the file, each with its row, column, value and fix;
//! the `[book]` table itself is resolved in `resolve/book.rs`.
//!
//! Book accounts are kept in **name order**, not row order: every draw of
//! a book account is keyed by its name, and with the order fixed by names
//! too (ties in share rules, the order sums are taken in) reordering the
//! rows of the file changes no result, to the last bit.

mod number;
mod source;
mod table;

use super::problems::{Place, Problem, Severity};
use crate::core::dist::Dist;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

pub use table::DEFAULT_TIER;

/// A scenario's account book: the file's accounts and the spend uncertainty.
#[derive(Clone, Debug)]
pub struct Book {
    /// `file` as written in the scenario.
    pub file: String,
    /// Multiplier of each owned spend, drawn per account, product and trial.
    pub spend_uncertainty: Dist,
    /// What the file holds (shared: scenarios are cloned, the file is read once).
    pub data: Arc<BookData>,
}

/// An account book as read from its file.
#[derive(Clone, Debug, Default)]
pub struct BookData {
    /// The path it was read from.
    pub path: PathBuf,
    /// The sheet read, for a workbook.
    pub sheet: Option<String>,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// The product names the columns were matched against.
    pub products: Vec<String>,
    /// The tiers named in the `tier` column, in order of first appearance.
    pub tiers: Vec<String>,
    /// The attribute columns' headers, in column order.
    pub attributes: Vec<String>,
    /// The column of account names (1 is A).
    pub account_column: Option<usize>,
    /// The accounts, in name order.
    pub accounts: Vec<BookAccount>,
    /// Every owned or whitespace cell, account by account, in product order.
    pub cells: Vec<BookCell>,
    /// What was suspicious in the file (header typos, empty product columns).
    pub warnings: Vec<Problem>,
}

/// One account (one row of the file).
#[derive(Clone, Debug)]
pub struct BookAccount {
    /// Its name, trimmed.
    pub name: String,
    /// Its row as a spreadsheet shows it.
    pub row: usize,
    /// Its tier (an index into [`BookData::tiers`]).
    pub tier: u32,
    /// Per attribute column, its trimmed text.
    pub attributes: Vec<String>,
    /// Its cells in [`BookData::cells`].
    pub cells: Range<u32>,
}

/// One owned or whitespace (account, product) cell.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BookCell {
    /// Its product (an index into the scenario's products).
    pub product: u32,
    /// Owned (else a cross-sell target).
    pub owned: bool,
    /// The annual spend written in the file (0 for whitespace).
    pub spend: f64,
}

impl BookData {
    /// The cells of an account.
    pub fn cells_of(&self, a: &BookAccount) -> &[BookCell] {
        &self.cells[a.cells.start as usize..a.cells.end as usize]
    }

    /// Per tier of the book: accounts, owned cells and whitespace cells.
    pub fn tier_counts(&self) -> Vec<(usize, usize, usize)> {
        let mut out = vec![(0, 0, 0); self.tiers.len()];
        for a in &self.accounts {
            let t = &mut out[a.tier as usize];
            t.0 += 1;
            for c in self.cells_of(a) {
                if c.owned {
                    t.1 += 1;
                } else {
                    t.2 += 1;
                }
            }
        }
        out
    }
}

/// The kinds of file a book may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Comma- or semicolon-separated text.
    Csv,
    /// An Excel workbook.
    Xlsx,
}

impl Kind {
    /// The kind of a file by its extension, or `None`.
    pub fn of(path: &std::path::Path) -> Option<Kind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Kind::Csv),
            "xlsx" => Some(Kind::Xlsx),
            _ => None,
        }
    }
}

/// Why a book could not be read.
#[derive(Clone, Debug)]
pub enum ReadError {
    /// Problems in the file, each at its row and column.
    Problems(Vec<Problem>),
    /// The workbook has no sheet of that name; these are its sheets.
    NoSheet(Vec<String>),
    /// The workbook could not be opened (the reason).
    Unreadable(String),
}

/// Reads a book's bytes: `file` names it in messages, `products` are the
/// scenario's product names. Returns the book (its warnings inside), or
/// why it cannot be used; an error anywhere refuses the whole file.
pub fn read(
    bytes: &[u8],
    kind: Kind,
    sheet: Option<&str>,
    file: &str,
    products: &[String],
) -> Result<BookData, ReadError> {
    let comma = kind == Kind::Csv && source::delimiter(bytes) == b',';
    let mut table = table::Table::new(file, products, comma);
    let mut row = |r: usize, cells: &[source::Value<'_>]| table.row(r, cells);
    match kind {
        Kind::Csv => source::csv_rows(bytes, &mut row).map_err(|u| {
            ReadError::Problems(vec![Problem {
                severity: Severity::Error,
                path: "book.file".into(),
                line: None,
                message: u.message,
                fix: u.fix,
                place: Some(Place {
                    file: file.to_string(),
                    row: u.row,
                    column: u.column,
                    header: u.header,
                    value: u.value,
                }),
            }])
        })?,
        Kind::Xlsx => source::xlsx_rows(bytes, sheet, &mut row).map_err(|e| match e {
            source::XlsxProblem::Unreadable(why) => ReadError::Unreadable(why),
            source::XlsxProblem::NoSheet(names) => ReadError::NoSheet(names),
        })?,
    }
    let (data, warnings) = table.finish().map_err(ReadError::Problems)?;
    Ok(BookData {
        sheet: sheet.map(str::to_string),
        products: products.to_vec(),
        warnings,
        ..data
    })
}
