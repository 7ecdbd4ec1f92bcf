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
use std::path::{Path, PathBuf};
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
    /// The `tier` column (1 is A), if the book has one.
    pub tier_column: Option<usize>,
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
enum ReadError {
    /// Problems in the file, each at its row and column.
    Problems(Vec<Problem>),
    /// The workbook has no sheet of that name; these are its sheets.
    NoSheet(Vec<String>),
    /// The workbook could not be opened (the reason).
    Unreadable(String),
}

/// Which columns of a book hold products.
#[derive(Clone, Copy, Debug)]
pub enum Columns<'a> {
    /// The scenario's products, each matched by its exact name.
    Products(&'a [String]),
    /// Guessed from the file, for a scenario still to be written (`keysplit
    /// init --from-book`): every named column besides `account` and `tier`
    /// whose non-empty cells are at least half numbers or `whitespace` (a
    /// column of mostly numbers with a typo is a product column with an
    /// error, not an attribute).
    Guess,
}

/// The `[book]` key a problem with the whole file is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BookKey {
    /// `file`: the file cannot be read, or is neither CSV nor `.xlsx`.
    File,
    /// `sheet`: no such sheet, or a sheet named for a CSV file.
    Sheet,
}

/// Why a book file cannot be used.
#[derive(Clone, Debug)]
pub enum OpenError {
    /// Problems in the file (warnings among them), each at its row and column.
    Problems(Vec<Problem>),
    /// A problem with the file as a whole, about a key of `[book]`.
    Key {
        /// The key at fault.
        key: BookKey,
        /// What is wrong.
        message: String,
        /// How to fix it.
        fix: String,
    },
}

/// Reads the book `written` (a path relative to `dir`, which messages call
/// `dir_is`, e.g. "the folder of the scenario file"), its `sheet` for a
/// workbook, with the product columns `columns`. The one way a book file is
/// read: the scenario's `[book]` and `keysplit init --from-book` both come
/// here.
pub fn open(
    dir: &Path,
    dir_is: &str,
    written: &str,
    sheet: Option<&str>,
    columns: Columns<'_>,
) -> Result<BookData, OpenError> {
    let key = |key, message: String, fix: &str| OpenError::Key {
        key,
        message,
        fix: fix.to_string(),
    };
    let Some(kind) = Kind::of(Path::new(written)) else {
        return Err(key(
            BookKey::File,
            format!("{written:?} is neither a .csv nor an .xlsx file"),
            "save the account book as CSV UTF-8 (.csv) or as an Excel workbook (.xlsx), and name that file",
        ));
    };
    if kind == Kind::Csv && sheet.is_some() {
        return Err(key(
            BookKey::Sheet,
            format!("{written:?} is a CSV file, which has no sheets"),
            "remove `sheet`, or name an .xlsx workbook in `file`",
        ));
    }
    let path = dir.join(written);
    let bytes = std::fs::read(&path).map_err(|e| {
        let folder = if dir.as_os_str().is_empty() {
            ".".into()
        } else {
            dir.display().to_string()
        };
        key(
            BookKey::File,
            format!("cannot read the account book {written:?} (looked for it in the folder {folder}): {e}"),
            &format!("check the file's name; its path is relative to {dir_is}"),
        )
    })?;
    let guessed;
    let products = match columns {
        Columns::Products(p) => p,
        Columns::Guess => {
            guessed = guess_products(&bytes, kind, sheet, written);
            &guessed
        }
    };
    let data = read(&bytes, kind, sheet, written, products).map_err(|e| match e {
        ReadError::Problems(list) => OpenError::Problems(list),
        ReadError::NoSheet(names) => {
            let sheets = names
                .iter()
                .map(|n| format!("{n:?}"))
                .collect::<Vec<_>>()
                .join(", ");
            match sheet {
                Some(s) => key(
                    BookKey::Sheet,
                    format!("the workbook {written:?} has no sheet {s:?}"),
                    &format!("name one of its sheets: {sheets}"),
                ),
                None => key(
                    BookKey::Sheet,
                    format!("the workbook {written:?} has no sheets"),
                    "save the accounts in the workbook's first sheet",
                ),
            }
        }
        ReadError::Unreadable(why) => key(
            BookKey::File,
            format!("cannot read {written:?} as an Excel workbook: {why}"),
            "save it again as an Excel Workbook (.xlsx), or export the accounts as CSV UTF-8",
        ),
    })?;
    use sha2::{Digest, Sha256};
    Ok(BookData {
        path,
        sha256: format!("{:x}", Sha256::digest(&bytes)),
        ..data
    })
}

/// The product columns of a book no scenario names yet ([`Columns::Guess`]),
/// in column order. A file that cannot be read gives none: reading it again
/// with them reports why.
fn guess_products(bytes: &[u8], kind: Kind, sheet: Option<&str>, file: &str) -> Vec<String> {
    // Per column: its header, and its non-empty and spend-like cells.
    let mut columns: Option<Vec<(String, usize, usize)>> = None;
    let mut row = |_: usize, cells: &[source::Value<'_>]| match &mut columns {
        None => {
            if cells.iter().any(|c| *c != source::Value::Empty) {
                columns = Some(cells.iter().map(|c| (c.text(), 0, 0)).collect());
            }
        }
        Some(cols) => {
            for (c, v) in cols.iter_mut().zip(cells) {
                if *v != source::Value::Empty {
                    c.1 += 1;
                    c.2 += usize::from(number::spend_like(v));
                }
            }
        }
    };
    if rows(bytes, kind, sheet, file, &mut row).is_err() {
        return Vec::new();
    }
    let mut products: Vec<String> = Vec::new();
    for (header, cells, spends) in columns.unwrap_or_default() {
        if !header.is_empty()
            && !table::is_reserved(&header)
            && cells > 0
            && 2 * spends >= cells
            && !products.contains(&header)
        {
            products.push(header);
        }
    }
    products
}

/// Reads a book's bytes: `file` names it in messages, `products` are the
/// scenario's product names. Returns the book (its warnings inside), or
/// why it cannot be used; an error anywhere refuses the whole file.
fn read(
    bytes: &[u8],
    kind: Kind,
    sheet: Option<&str>,
    file: &str,
    products: &[String],
) -> Result<BookData, ReadError> {
    let comma = kind == Kind::Csv && source::delimiter(bytes) == b',';
    let mut table = table::Table::new(file, products, comma);
    rows(bytes, kind, sheet, file, &mut |r, cells| {
        table.row(r, cells)
    })?;
    let (data, warnings) = table.finish().map_err(ReadError::Problems)?;
    Ok(BookData {
        sheet: sheet.map(str::to_string),
        products: products.to_vec(),
        warnings,
        ..data
    })
}

/// Hands every row of a book's file to `row`, with its number as a
/// spreadsheet shows it.
fn rows(
    bytes: &[u8],
    kind: Kind,
    sheet: Option<&str>,
    file: &str,
    row: &mut dyn FnMut(usize, &[source::Value<'_>]),
) -> Result<(), ReadError> {
    match kind {
        Kind::Csv => source::csv_rows(bytes, row).map_err(|u| {
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
        }),
        Kind::Xlsx => source::xlsx_rows(bytes, sheet, row).map_err(|e| match e {
            source::XlsxProblem::Unreadable(why) => ReadError::Unreadable(why),
            source::XlsxProblem::NoSheet(names) => ReadError::NoSheet(names),
        }),
    }
}
