//! `[[tiers]]`: groups of accounts, their spend on each product they own
//! and their whitespace (cross-sell targets), and the size limit of the
//! whole scenario.

use super::ctx::Ctx;
use super::names::{check_names, entry_prefix, unknown_name_fix};
use crate::core::dist::{Dist, Range};
use crate::scenario::file::{FileTier, Sp};
use crate::scenario::{BookData, Product, Tier};

/// The most account-product cells a scenario may have: each is laid out in
/// memory and simulated every month of every trial.
const MAX_CELLS: u64 = 10_000_000;

pub(super) fn resolve(
    cx: &mut Ctx<'_>,
    tiers_file: &[Sp<FileTier>],
    products: &[Product],
    product_names: &[String],
    book: Option<&BookData>,
    book_given: bool,
) -> Vec<Tier> {
    let tier_names = check_names(
        cx,
        "tiers",
        tiers_file
            .iter()
            .enumerate()
            .map(|(i, t)| (i, Some(t.span()), t.get_ref().name.as_ref())),
    );
    let mut tiers = Vec::new();
    // A tier whose `accounts` is already reported as wrong is not also
    // reported as leaving the scenario without accounts.
    let mut accounts_reported = false;
    for (i, t) in tiers_file.iter().enumerate() {
        let tf = t.get_ref();
        let prefix = entry_prefix("tiers", i, tf.name.as_ref());
        let before = cx.problems.len();
        if tf.accounts.is_none() {
            cx.err(
                &format!("{prefix}.accounts"),
                Some(t.span()),
                "is required and missing",
                "add accounts = N: how many key accounts this tier has",
            );
        }
        let accounts = cx.int(
            tf.accounts.as_ref(),
            &format!("{prefix}.accounts"),
            0,
            0,
            i64::from(u32::MAX),
        ) as u32;
        accounts_reported |= cx.problems.len() > before;
        let mut spend = vec![None; products.len()];
        if let Some(sp) = &tf.spend {
            for (pname, v) in sp.get_ref() {
                let path = format!("{prefix}.spend.{pname:?}");
                match product_names.iter().position(|n| n == pname) {
                    // An invalid spend is reported; the product still counts as owned.
                    Some(k) => {
                        spend[k] = Some(
                            cx.dist(v, &path, Range::NonNegative)
                                .unwrap_or(Dist::Const(0.0)),
                        )
                    }
                    None => cx.err(
                        &path,
                        Some(v.span()),
                        format!("no product is named {pname:?}"),
                        unknown_name_fix("product", pname, product_names),
                    ),
                }
            }
        }
        let mut cross_sell = vec![false; products.len()];
        if let Some(cs) = &tf.cross_sell {
            for pname in cs.get_ref() {
                let path = format!("{prefix}.cross_sell");
                match product_names.iter().position(|n| n == pname.get_ref()) {
                    Some(k) => {
                        if cross_sell[k] {
                            cx.err(
                                &path,
                                Some(pname.span()),
                                format!("{:?} is listed twice", pname.get_ref()),
                                "list each whitespace product once",
                            );
                        }
                        if tf
                            .spend
                            .as_ref()
                            .is_some_and(|s| s.get_ref().contains_key(pname.get_ref()))
                        {
                            cx.err(
                                &path,
                                Some(pname.span()),
                                format!("{:?} is both owned (in `spend`) and whitespace (in `cross_sell`)", pname.get_ref()),
                                "a product is either owned by the tier's accounts or a cross-sell target: remove it from one of the two",
                            );
                        }
                        cross_sell[k] = true;
                    }
                    None => cx.err(
                        &path,
                        Some(pname.span()),
                        format!("no product is named {:?}", pname.get_ref()),
                        unknown_name_fix("product", pname.get_ref(), product_names),
                    ),
                }
            }
        }
        tiers.push(Tier {
            name: tier_names[i].clone(),
            accounts,
            spend,
            cross_sell,
        });
    }
    // Every cell is laid out in memory (and simulated in every trial): a
    // typo such as accounts = 4000000000 must be an error, not an abort.
    let cells_of = Tier::cells;
    // A book's accounts and cells count too.
    let (book_accounts, book_cells) =
        book.map_or((0, 0), |b| (b.accounts.len() as u64, b.cells.len() as u64));
    let cells: u64 = tiers.iter().map(cells_of).sum::<u64>() + book_cells;
    let accounts: u64 = tiers.iter().map(|t| u64::from(t.accounts)).sum::<u64>() + book_accounts;
    let biggest = tiers
        .iter()
        .enumerate()
        .max_by_key(|(_, t)| (cells_of(t), t.accounts));
    if cells > MAX_CELLS || accounts > MAX_CELLS {
        match biggest {
            Some((i, t)) if cells_of(t) >= book_cells => {
                let prefix = entry_prefix("tiers", i, tiers_file[i].get_ref().name.as_ref());
                let span = tiers_file[i].get_ref().accounts.as_ref().map(|a| a.span());
                cx.err(
                    &format!("{prefix}.accounts"),
                    span,
                    format!(
                        "this tier's {} accounts give the scenario {accounts} accounts and {cells} account-product cells; keysplit simulates at most {MAX_CELLS} of each",
                        t.accounts
                    ),
                    "check the number of accounts (a typo?), or use fewer accounts or products",
                );
            }
            _ => cx.err(
                "book.file",
                None,
                format!(
                    "the account book's {book_accounts} accounts and {book_cells} cells give the scenario {accounts} accounts and {cells} account-product cells; keysplit simulates at most {MAX_CELLS} of each"
                ),
                "split the book, or leave out accounts or products",
            ),
        }
    }
    if accounts == 0 && !tiers_file.is_empty() && !accounts_reported {
        cx.err(
            "tiers",
            Some(tiers_file[0].span()),
            "the scenario has no accounts",
            "give at least one tier `accounts` >= 1",
        );
    }
    if let Some(b) = book
        && b.accounts.is_empty()
    {
        cx.err(
            "book.file",
            None,
            "the account book has a header row but no accounts",
            "export the accounts below the header, one row per account",
        );
    }
    // A book that was refused is reported as such, not as missing accounts.
    if tiers_file.is_empty() && !book_given {
        cx.err(
            "tiers",
            None,
            "the scenario has no tiers, so no accounts",
            "add a [[tiers]] table with name, accounts and spend",
        );
    }

    tiers
}
