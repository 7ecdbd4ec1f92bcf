//! Assignment (docs/model.md, "Assignment"): which role owns each cell of a
//! split, whole motions or products by rule, shares of a pool smallest
//! spend first.

use super::layout::{CellInfo, Layout};
use super::world::World;
use crate::scenario::{Role, Rule, Split};

/// Assigns every cell of one split to a role (docs/model.md, "Assignment").
/// `order` is scratch space.
pub fn assign(
    layout: &Layout,
    w: &World,
    split: &Split,
    owner: &mut Vec<Role>,
    order: &mut Vec<u32>,
) {
    let cells = &layout.cells;
    owner.clear();
    owner.resize(cells.len(), Role::Outside);
    let rule_of = |c: &CellInfo| {
        split.assign_products[c.product as usize].unwrap_or(split.assign[c.motion as usize])
    };
    for (i, c) in cells.iter().enumerate() {
        if rule_of(c) == Rule::Inside {
            owner[i] = Role::Inside;
        }
    }
    // Share rules: one pool per motion (products without an override) and
    // one per overridden product; actives and whitespace pooled separately.
    // (is_product, product, motion, share)
    let mut pools: Vec<(bool, Option<u32>, u32, f64)> = Vec::new();
    for (m, r) in split.assign.iter().enumerate() {
        if let Some(sh) = w.share(*r) {
            pools.push((false, None, m as u32, sh));
        }
    }
    for (p, r) in split.assign_products.iter().enumerate() {
        if let Some(sh) = r.and_then(|r| w.share(r)) {
            pools.push((true, Some(p as u32), 0, sh));
        }
    }
    for (is_product, product, motion, share) in pools {
        for active in [true, false] {
            order.clear();
            order.extend(cells.iter().enumerate().filter_map(|(i, c)| {
                let in_pool = if is_product {
                    Some(c.product) == product
                } else {
                    c.motion == motion && split.assign_products[c.product as usize].is_none()
                };
                (in_pool && c.active == active).then_some(i as u32)
            }));
            let key = |i: u32| {
                let c = &cells[i as usize];
                if active {
                    w.spend[i as usize]
                } else {
                    w.account_spend[c.account as usize]
                }
            };
            // Smallest spend first; ties by tier, account, product order,
            // which is the cell order itself.
            order.sort_unstable_by(|a, b| key(*a).total_cmp(&key(*b)).then(a.cmp(b)));
            let n = order.len() as f64;
            let k = ((share * n + 0.5).floor() as usize).min(order.len());
            for &i in &order[..k] {
                owner[i as usize] = Role::Inside;
            }
        }
    }
}
