//! `[book]`: the account book's file (relative to the scenario file), its
//! sheet and the spend uncertainty; the file is read by
//! [`crate::scenario::book`], once per command (a sweep's points reuse the
//! book already read). Also the check that book names do not collide with
//! the tiers' account names (`<tier>#<i>`).

use super::ctx::Ctx;
use crate::core::dist::{Dist, Range};
use crate::scenario::book::{self, Book, BookData, BookKey, Columns, OpenError};
use crate::scenario::file::{FileBook, Sp};
use crate::scenario::problems::{Place, Problem, Severity};
use crate::scenario::{Tier, TierAccount};
use std::path::PathBuf;
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
    let sheet = bf.sheet.as_ref().map(|s| s.get_ref().clone());
    let reusable = origin.book.as_ref().filter(|b| {
        b.path == origin.dir.join(&written) && b.sheet == sheet && b.products.as_slice() == products
    });
    let data = match reusable {
        Some(b) => Arc::clone(b),
        None => match book::open(
            &origin.dir,
            "the folder of the scenario file",
            &written,
            sheet.as_deref(),
            Columns::Products(products),
        ) {
            Ok(data) => Arc::new(data),
            Err(OpenError::Problems(list)) => {
                cx.problems.extend(list);
                return None;
            }
            Err(OpenError::Key { key, message, fix }) => {
                let (path, span) = match key {
                    BookKey::File => ("book.file", Some(file.span())),
                    BookKey::Sheet => (
                        "book.sheet",
                        bf.sheet.as_ref().map(|s| s.span()).or(Some(file.span())),
                    ),
                };
                cx.err(path, span, message, fix);
                return None;
            }
        },
    };
    cx.problems.extend(data.warnings.iter().cloned());
    Some(Book {
        file: written,
        spend_uncertainty,
        data,
    })
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
