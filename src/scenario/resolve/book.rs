//! `[book]`: the account book's file (relative to the scenario file), its
//! sheet and the spend uncertainty; the file is read by
//! [`crate::scenario::book`], once per command (a sweep's points reuse the
//! book already read). Also the check that book names do not collide with
//! the tiers' account names (`<tier>#<i>`).

use super::ctx::Ctx;
use crate::core::dist::{Dist, Range};
use crate::scenario::book::{self, Book, BookData, Kind, ReadError};
use crate::scenario::file::{FileBook, Sp};
use crate::scenario::problems::{Place, Problem, Severity};
use crate::scenario::{Tier, TierAccount};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where a scenario's text came from: the folder its book's path is
/// relative to, and a book already read for it (reused when the `[book]`
/// table names the same file and sheet and the products are the same).
#[derive(Clone, Debug, Default)]
pub struct Origin {
    /// The folder of the scenario file.
    pub dir: PathBuf,
    /// A book read before from this folder.
    pub book: Option<Arc<BookData>>,
}

pub(super) fn resolve(
    cx: &mut Ctx<'_>,
    f: Option<&Sp<FileBook>>,
    products: &[String],
    origin: &Origin,
) -> Option<Book> {
    let f = f?;
    let bf = f.get_ref();
    let spend_uncertainty = match &bf.spend_uncertainty {
        None => Dist::Const(1.0),
        Some(v) => cx
            .dist(v, "book.spend_uncertainty", Range::NonNegative)
            .unwrap_or(Dist::Const(1.0)),
    };
    let Some(file) = &bf.file else {
        cx.err(
            "book.file",
            Some(f.span()),
            "is required and missing",
            "add file = \"accounts.csv\": the account book, relative to this scenario file (.csv or .xlsx)",
        );
        return None;
    };
    let written = file.get_ref().clone();
    let path = origin.dir.join(&written);
    let Some(kind) = Kind::of(Path::new(&written)) else {
        cx.err(
            "book.file",
            Some(file.span()),
            format!("{written:?} is neither a .csv nor an .xlsx file"),
            "save the account book as CSV UTF-8 (.csv) or as an Excel workbook (.xlsx), and name that file",
        );
        return None;
    };
    let sheet = bf.sheet.as_ref().map(|s| s.get_ref().clone());
    if kind == Kind::Csv
        && let Some(s) = &bf.sheet
    {
        cx.err(
            "book.sheet",
            Some(s.span()),
            format!("{written:?} is a CSV file, which has no sheets"),
            "remove `sheet`, or name an .xlsx workbook in `file`",
        );
        return None;
    }
    let reusable = origin
        .book
        .as_ref()
        .filter(|b| b.path == path && b.sheet == sheet && b.products.as_slice() == products);
    let data = match reusable {
        Some(b) => Arc::clone(b),
        None => {
            let bytes = match std::fs::read(&path) {
                Ok(b) => b,
                Err(e) => {
                    cx.err(
                        "book.file",
                        Some(file.span()),
                        format!(
                            "cannot read the account book {written:?} (looked for it in the folder {}): {e}",
                            display_dir(&origin.dir)
                        ),
                        "check the file's name; `file` is relative to the folder of the scenario file",
                    );
                    return None;
                }
            };
            match book::read(&bytes, kind, sheet.as_deref(), &written, products) {
                Ok(data) => {
                    use sha2::{Digest, Sha256};
                    Arc::new(BookData {
                        path,
                        sha256: format!("{:x}", Sha256::digest(&bytes)),
                        ..data
                    })
                }
                Err(e) => {
                    refusal(cx, f, &written, e);
                    return None;
                }
            }
        }
    };
    cx.problems.extend(data.warnings.iter().cloned());
    Some(Book {
        file: written,
        spend_uncertainty,
        data,
    })
}

fn display_dir(dir: &Path) -> String {
    if dir.as_os_str().is_empty() {
        ".".into()
    } else {
        dir.display().to_string()
    }
}

fn refusal(cx: &mut Ctx<'_>, f: &Sp<FileBook>, written: &str, e: ReadError) {
    let bf = f.get_ref();
    let file_span = bf.file.as_ref().map(|s| s.span());
    match e {
        ReadError::Problems(list) => cx.problems.extend(list),
        ReadError::NoSheet(names) => {
            let span = bf.sheet.as_ref().map(|s| s.span()).or(file_span);
            let sheets = names
                .iter()
                .map(|n| format!("{n:?}"))
                .collect::<Vec<_>>()
                .join(", ");
            let (message, fix) = match &bf.sheet {
                Some(s) => (
                    format!("the workbook {written:?} has no sheet {:?}", s.get_ref()),
                    format!("name one of its sheets: {sheets}"),
                ),
                None => (
                    format!("the workbook {written:?} has no sheets"),
                    "save the accounts in the workbook's first sheet".into(),
                ),
            };
            cx.err("book.sheet", span, message, fix);
        }
        ReadError::Unreadable(why) => cx.err(
            "book.file",
            file_span,
            format!("cannot read {written:?} as an Excel workbook: {why}"),
            "save it again as an Excel Workbook (.xlsx), or export the accounts as CSV UTF-8",
        ),
    }
}

/// Book names must differ from the tiers' account names, `<tier>#<i>`
/// (docs/scenario.md, reading 17): both name accounts in `where`.
pub(super) fn check_names(cx: &mut Ctx<'_>, book: &Book, tiers: &[Tier]) {
    for a in &book.data.accounts {
        if let Some(TierAccount { tier, index }) = TierAccount::parse(&a.name, tiers) {
            cx.problems.push(Problem {
                severity: Severity::Error,
                path: "book.file".into(),
                line: None,
                message: format!(
                    "this name is also the name of account {index} of tier {:?} (tier accounts are named <tier>#<i>): account names must be unique",
                    tiers[tier].name
                ),
                fix: "rename the account in the book".into(),
                place: Some(Place {
                    file: book.file.clone(),
                    row: a.row,
                    column: book.data.account_column,
                    header: Some("account".into()),
                    value: a.name.clone(),
                }),
            });
        }
    }
}
