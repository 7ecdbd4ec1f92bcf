//! Assignment (docs/model.md, "Assignment"): which role owns each cell of a
//! split, whole motions or products by rule, shares of a pool smallest
//! spend first (cell by cell, or whole accounts), and the overrides that
//! claim some accounts' cells first.

use super::layout::Layout;
use super::world::World;
use crate::scenario::{RankBy, Role, Rule, Split};

/// Assigns every cell of split `k` to a role (docs/model.md,
/// "Assignment"). `pooled` is scratch space: a sort key per cell under a
/// share rule.
pub fn assign(
    layout: &Layout,
    w: &World,
    (k, split): (usize, &Split),
    owner: &mut Vec<Role>,
    pooled: &mut Vec<(u64, u64, u32)>,
) {
    let cells = &layout.cells;
    let claims = &layout.claims[k];
    owner.clear();
    owner.resize(cells.len(), Role::Outside);
    pooled.clear();
    // Spends are never negative, so their bits sort as the numbers do
    // (adding 0.0 turns a -0.0 into 0.0).
    let bits = |x: f64| (x + 0.0).to_bits();
    for (i, (c, &claim)) in cells.iter().zip(claims).enumerate() {
        let pool = match claim {
            (_, Rule::Inside) => {
                owner[i] = Role::Inside;
                continue;
            }
            (_, Rule::Outside) => continue,
            (pool, Rule::Share(_)) => u64::from(pool),
        };
        let account_spend = w.account_spend[c.account as usize];
        // The sort key: the pool, then smallest first, ties in cell order
        // (tier, account, product). Cell by cell, active cells rank by
        // their drawn spend and whitespace cells (a pool of their own) by
        // their account's total; by account, every cell by its account's
        // total, so an account's cells stay together (cells are laid out
        // account by account).
        pooled.push(match split.rank_by {
            RankBy::Cell if c.active => (pool << 1, bits(w.spend[i]), i as u32),
            RankBy::Cell => ((pool << 1) | 1, bits(account_spend), i as u32),
            RankBy::Account => (pool, bits(account_spend), i as u32),
        });
    }
    if pooled.is_empty() {
        return;
    }
    pooled.sort_unstable();
    let share = |i: u32| w.share(claims[i as usize].1).unwrap_or(0.0);
    let active = |i: u32| cells[i as usize].active;
    // A pool's share goes inside: floor(s n + 1/2) of its n members.
    let take = |s: f64, n: usize| ((s * n as f64 + 0.5).floor() as usize).min(n);
    for run in pooled.chunk_by(|a, b| a.0 == b.0) {
        let s = share(run[0].2);
        match split.rank_by {
            RankBy::Cell => {
                for &(_, _, i) in &run[..take(s, run.len())] {
                    owner[i as usize] = Role::Inside;
                }
            }
            RankBy::Account => {
                // Whole accounts (reading 16): the accounts holding an
                // active cell of the pool; each that moves takes all its
                // cells of the pool, whitespace included; accounts with
                // only whitespace of the pool stay with the field.
                let acct = |i: u32| cells[i as usize].account;
                let accounts = run.chunk_by(|a, b| acct(a.2) == acct(b.2));
                let holders = || {
                    accounts
                        .clone()
                        .filter(|g| g.iter().any(|&(_, _, i)| active(i)))
                };
                for g in holders().take(take(s, holders().count())) {
                    for &(_, _, i) in g {
                        owner[i as usize] = Role::Inside;
                    }
                }
            }
        }
    }
}
