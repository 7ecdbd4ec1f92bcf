//! The static layout of a scenario's cells: every (account, product) pair
//! that is owned or whitespace, in (tier, account, product) order, and the
//! deal-size laws ready for the hot loop.

use crate::core::dist::FastQuantile;
use crate::scenario::Scenario;

/// One (account, product) pair that is owned or whitespace. Absent pairs are
/// not stored: their uniforms are keyed, so skipping them draws nothing else.
#[derive(Clone, Debug)]
pub struct CellInfo {
    /// Its tier.
    pub tier: u32,
    /// Account index within the tier.
    pub index_in_tier: u32,
    /// Account index over the whole scenario.
    pub account: u32,
    /// Its product.
    pub product: u32,
    /// Its product's motion.
    pub motion: u32,
    /// Owned at the start (else whitespace).
    pub active: bool,
    pub(super) tier_hash: u64,
    pub(super) product_hash: u64,
}

/// The static layout of a scenario's cells, in (tier, account, product) order.
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
}

impl Layout {
    /// The layout of a scenario.
    pub fn new(s: &Scenario) -> Layout {
        let mut cells = Vec::new();
        let mut account = 0u32;
        for (ti, t) in s.tiers.iter().enumerate() {
            let tier_hash = crate::core::rng::hash_str(&t.name);
            for a in 0..t.accounts {
                for (pi, p) in s.products.iter().enumerate() {
                    let active = t.spend[pi].is_some();
                    if active || t.cross_sell[pi] {
                        cells.push(CellInfo {
                            tier: ti as u32,
                            index_in_tier: a,
                            account,
                            product: pi as u32,
                            motion: p.motion as u32,
                            active,
                            tier_hash,
                            product_hash: crate::core::rng::hash_str(&p.name),
                        });
                    }
                }
                account += 1;
            }
        }
        Layout {
            cells,
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
