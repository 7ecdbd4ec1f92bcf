//! The static layout of a scenario's cells: every (account, product) pair
//! that is owned or whitespace, in (tier, account, product) order with the
//! account book's accounts after the tiers' (in name order), and the
//! deal-size laws ready for the hot loop.

use crate::core::dist::FastQuantile;
use crate::core::rng::Key;
use crate::scenario::{Rule, Scenario, Split};

/// Where an owned cell's starting spend comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpendOf {
    /// The law of its tier (an index into `Scenario::tiers`) for its product.
    Tier(u32),
    /// A cell of the account book (an index into `BookData::cells`): the
    /// file's spend times the book's spend uncertainty.
    Book(u32),
}

/// A book account's first key word: a tier account's is its tier's name
/// hash, the second word its index in the tier; a book account's second
/// word is its name's hash (docs/model.md, "Randomness").
const BOOK_ACCOUNT: u64 = 0x626F_6F6B_2061_6363; // "book acc"

/// One (account, product) pair that is owned or whitespace. Absent pairs are
/// not stored: their uniforms are keyed, so skipping them draws nothing else.
#[derive(Clone, Debug)]
pub struct CellInfo {
    /// Where its starting spend comes from.
    pub spend_of: SpendOf,
    /// Account index over the whole scenario.
    pub account: u32,
    /// Its product.
    pub product: u32,
    /// Its product's motion.
    pub motion: u32,
    /// Owned at the start (else whitespace).
    pub active: bool,
    /// The account's identity in the keys of its draws: (tier name, index
    /// in the tier) for a tier's account, its name for a book account.
    pub(super) account_key: [u64; 2],
    pub(super) product_hash: u64,
}

/// The key of each cell of a walk over the layout, `base.with(a0).with(a1)
/// .with(product)` for a cell of account `[a0, a1]` (docs/model.md,
/// "Randomness"), with the account's part computed once per account: an
/// account's cells are next to each other in the layout.
pub(super) struct CellKeys {
    base: Key,
    last: Option<([u64; 2], Key)>,
}

impl CellKeys {
    /// Keys under `base`.
    pub(super) fn new(base: Key) -> CellKeys {
        CellKeys { base, last: None }
    }

    /// Cell `c`'s key.
    #[inline]
    pub(super) fn of(&mut self, c: &CellInfo) -> Key {
        let account = match self.last {
            Some((a, key)) if a == c.account_key => key,
            _ => {
                let [a0, a1] = c.account_key;
                let key = self.base.with(a0).with(a1);
                self.last = Some((c.account_key, key));
                key
            }
        };
        account.with(c.product_hash)
    }
}

/// The rule that claims a cell in a split, and the pool it shares with
/// the other cells of that rule (docs/model.md, "Overrides"): the first
/// override that matches the cell's account and has a rule for it (its
/// product in `assign_products`, else its motion in `assign`), else the
/// split's product rule, else its motion rule. Pools are numbered
/// `claimer * (motions + products) + rule`, claimer 0 being the split.
pub(super) fn claim(split: &Split, c: &CellInfo) -> (u32, Rule) {
    let (m, p) = (c.motion as usize, c.product as usize);
    let width = (split.assign.len() + split.assign_products.len()) as u32;
    let product_pool = split.assign.len() as u32 + c.product;
    for (o, ov) in split.overrides.iter().enumerate() {
        if !ov.matches[c.account as usize] {
            continue;
        }
        let level = (o as u32 + 1) * width;
        if let Some(r) = ov.assign_products[p] {
            return (level + product_pool, r);
        }
        if let Some(r) = ov.assign[m] {
            return (level + c.motion, r);
        }
    }
    match split.assign_products[p] {
        Some(r) => (product_pool, r),
        None => (c.motion, split.assign[m]),
    }
}

/// The static layout of a scenario's cells, in (tier, account, product)
/// order, then the book's (account in name order, product).
#[derive(Clone, Debug)]
pub struct Layout {
    /// Every cell.
    pub cells: Vec<CellInfo>,
    /// Accounts over the whole scenario.
    pub n_accounts: usize,
    /// Per motion: the up-sell size law, ready for the hot loop.
    pub upsell_size: Vec<FastQuantile>,
    /// Per product: the cross-sell size law, ready for the hot loop.
    pub cross_sell_size: Vec<FastQuantile>,
    /// Per split, per cell: the pool it shares and the rule that claims
    /// it (see [`claim`]), the same in every trial.
    pub claims: Vec<Vec<(u32, Rule)>>,
}

impl Layout {
    /// The layout of a scenario.
    pub fn new(s: &Scenario) -> Layout {
        let mut cells = Vec::new();
        let mut account = 0u32;
        let product_hash: Vec<u64> = s
            .products
            .iter()
            .map(|p| crate::core::rng::hash_str(&p.name))
            .collect();
        for (ti, t) in s.tiers.iter().enumerate() {
            let tier_hash = crate::core::rng::hash_str(&t.name);
            for a in 0..t.accounts {
                for (pi, p) in s.products.iter().enumerate() {
                    let active = t.spend[pi].is_some();
                    if active || t.cross_sell[pi] {
                        cells.push(CellInfo {
                            spend_of: SpendOf::Tier(ti as u32),
                            account,
                            product: pi as u32,
                            motion: p.motion as u32,
                            active,
                            account_key: [tier_hash, u64::from(a)],
                            product_hash: product_hash[pi],
                        });
                    }
                }
                account += 1;
            }
        }
        if let Some(book) = &s.book {
            let data = &book.data;
            for a in &data.accounts {
                let account_key = [BOOK_ACCOUNT, crate::core::rng::hash_str(&a.name)];
                for j in a.cells.clone() {
                    let c = &data.cells[j as usize];
                    let pi = c.product as usize;
                    cells.push(CellInfo {
                        spend_of: SpendOf::Book(j),
                        account,
                        product: c.product,
                        motion: s.products[pi].motion as u32,
                        active: c.owned,
                        account_key,
                        product_hash: product_hash[pi],
                    });
                }
                account += 1;
            }
        }
        let claims = s
            .splits
            .iter()
            .map(|split| cells.iter().map(|c| claim(split, c)).collect())
            .collect();
        Layout {
            cells,
            claims,
            n_accounts: account as usize,
            upsell_size: s
                .motions
                .iter()
                .map(|m| FastQuantile::new(&m.upsell_size))
                .collect(),
            cross_sell_size: s
                .products
                .iter()
                .map(|p| FastQuantile::new(&p.cross_sell_size))
                .collect(),
        }
    }
}
