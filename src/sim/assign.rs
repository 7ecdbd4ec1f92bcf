//! Assignment (docs/model.md, "Assignment"): which role owns each cell of a
//! split, whole motions or products by rule, shares of a pool smallest
//! spend first (cell by cell, or whole accounts), and the overrides that
//! claim some accounts' cells first.

use super::layout::{CellInfo, Layout};
use super::world::World;
use crate::scenario::{RankBy, Role, Rule, Split};

/// The rule that claims a cell in a split, and the pool it shares with
/// the other cells of that rule (docs/model.md, "Overrides"): the first
/// override that matches the cell's account and has a rule for it (its
/// product in `assign_products`, else its motion in `assign`), else the
/// split's product rule, else its motion rule. Pools are numbered
/// `claimer * (motions + products) + rule`, claimer 0 being the split.
#[inline]
fn claim(split: &Split, c: &CellInfo) -> (u32, Rule) {
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

/// Assigns every cell of one split to a role (docs/model.md, "Assignment").
/// `pooled` is scratch space: (pool, cell) of the cells under share rules.
pub fn assign(
    layout: &Layout,
    w: &World,
    split: &Split,
    owner: &mut Vec<Role>,
    pooled: &mut Vec<(u32, u32)>,
) {
    let cells = &layout.cells;
    owner.clear();
    owner.resize(cells.len(), Role::Outside);
    pooled.clear();
    for (i, c) in cells.iter().enumerate() {
        match claim(split, c) {
            (_, Rule::Inside) => owner[i] = Role::Inside,
            (_, Rule::Outside) => {}
            (pool, Rule::Share(_)) => pooled.push((pool, i as u32)),
        }
    }
    if pooled.is_empty() {
        return;
    }
    let spend = |i: u32| w.spend[i as usize];
    let account_spend = |i: u32| w.account_spend[cells[i as usize].account as usize];
    let active = |i: u32| cells[i as usize].active;
    let share = |i: u32| w.share(claim(split, &cells[i as usize]).1).unwrap_or(0.0);
    // A pool's share goes inside: floor(s n + 1/2) of its n members,
    // smallest first; ties in cell order (tier, account, product).
    let take = |s: f64, n: usize| ((s * n as f64 + 0.5).floor() as usize).min(n);
    match split.rank_by {
        RankBy::Cell => {
            // Active cells by their drawn spend; whitespace cells (a pool
            // of their own) by their account's total drawn spend.
            let key = |i: u32| {
                if active(i) {
                    spend(i)
                } else {
                    account_spend(i)
                }
            };
            pooled.sort_unstable_by(|a, b| {
                a.0.cmp(&b.0)
                    .then(active(b.1).cmp(&active(a.1)))
                    .then(key(a.1).total_cmp(&key(b.1)))
                    .then(a.1.cmp(&b.1))
            });
            for run in pooled.chunk_by(|a, b| a.0 == b.0 && active(a.1) == active(b.1)) {
                let k = take(share(run[0].1), run.len());
                for &(_, i) in &run[..k] {
                    owner[i as usize] = Role::Inside;
                }
            }
        }
        RankBy::Account => {
            // Whole accounts (reading 16): the accounts holding an active
            // cell of the pool, by total drawn spend over all products;
            // each that moves takes all its cells of the pool, whitespace
            // included; accounts with only whitespace of the pool stay out.
            let acct = |i: u32| cells[i as usize].account;
            pooled.sort_unstable_by(|a, b| {
                a.0.cmp(&b.0)
                    .then(account_spend(a.1).total_cmp(&account_spend(b.1)))
                    .then(acct(a.1).cmp(&acct(b.1)))
                    .then(a.1.cmp(&b.1))
            });
            for run in pooled.chunk_by(|a, b| a.0 == b.0) {
                let accounts = run.chunk_by(|a, b| acct(a.1) == acct(b.1));
                let n = accounts
                    .clone()
                    .filter(|g| g.iter().any(|&(_, i)| active(i)))
                    .count();
                let k = take(share(run[0].1), n);
                let movers = accounts.filter(|g| g.iter().any(|&(_, i)| active(i)));
                for g in movers.take(k) {
                    for &(_, i) in g {
                        owner[i as usize] = Role::Inside;
                    }
                }
            }
        }
    }
}
