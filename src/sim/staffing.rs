//! Staffing at the start of a trial (docs/model.md, "Staffing"): the
//! workload build-up of Talley (1961), the headcount a staffing rule gives,
//! and the management layers above the reps.

use super::assign::assign;
use super::layout::Layout;
use super::transition::{self, Handoffs};
use super::world::{Draw, World};
use crate::core::dist::Dist;
use crate::scenario::{ByRole, MAX_REPS, Role, Scenario, Staff, Start, TypicalSplit};

/// Workload build-up at the start (Talley 1961): FTE required per role.
/// Returns the FTE and the hours of work per year, per role.
pub fn fte_required(layout: &Layout, w: &World, owner: &[Role]) -> (ByRole<f64>, ByRole<f64>) {
    // One sum per role, each cell adding its work to its owner's and 0 to
    // the other's (a sum of work, never -0, is unchanged by adding 0): two
    // chains of additions side by side, without a branch.
    let (mut outside, mut inside) = (0.0f64, 0.0f64);
    for (c, &r) in layout.cells.iter().zip(owner) {
        let k = usize::from(!c.active);
        let w12 = &w.motions[c.motion as usize].w12;
        let is_inside = r == Role::Inside;
        outside += if is_inside {
            0.0
        } else {
            w12.outside[k] * 12.0
        };
        inside += if is_inside { w12.inside[k] * 12.0 } else { 0.0 };
    }
    let work = ByRole::new(outside, inside);
    let fte = ByRole::from_fn(|r| work[r] / w.roles[r].sizing_hours);
    (fte, work)
}

/// The headcount of a role under a staffing rule; `current` is the current
/// split's headcount of the role in the same trial.
pub fn headcount(staff: Staff, fte: f64, work: f64, current: u32) -> u32 {
    match staff {
        Staff::Fixed(n) => n.min(MAX_REPS),
        Staff::Current => current,
        Staff::Sized if work <= 0.0 => 0,
        Staff::Sized => (fte - 1e-9).ceil().clamp(0.0, f64::from(MAX_REPS)) as u32,
    }
}

/// A split's team at the start of a trial.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct StaffedTeam {
    /// FTE required by the workload build-up, per role.
    pub fte: ByRole<f64>,
    /// The headcount of the split's staffing rule, per role.
    pub hc: ByRole<u32>,
}

/// Every split's team in one trial, given each split's owners: the current
/// split's first, since a `"current"` headcount is its headcount.
pub fn teams(
    s: &Scenario,
    layout: &Layout,
    w: &World,
    owners: &[Vec<Role>],
    out: &mut Vec<StaffedTeam>,
) {
    let team = |k: usize, current: ByRole<u32>| {
        let (fte, work) = fte_required(layout, w, &owners[k]);
        let staffing = s.splits[k].staffing;
        StaffedTeam {
            fte,
            hc: ByRole::from_fn(|r| headcount(staffing[r], fte[r], work[r], current[r])),
        }
    };
    let today = team(s.current, ByRole::both(0));
    out.clear();
    out.extend((0..s.splits.len()).map(|k| {
        if k == s.current {
            today
        } else {
            team(k, today.hc)
        }
    }));
}

/// Management layer counts: layer 1 over all reps, each higher layer over the one below.
pub fn management_counts(s: &Scenario, reps: u32, out: &mut Vec<u32>) {
    out.clear();
    let mut below = reps;
    for l in &s.management {
        let n = below.div_ceil(l.span);
        out.push(n);
        below = n;
    }
}

/// Every split in the typical trial (every input at its median): the
/// workload build-up, the headcount of its staffing rule and the cells each
/// role owns. Validation checks these (`scenario::checks`), and `size`
/// centres its default grid on the build-up.
pub fn typical(s: &Scenario) -> Vec<TypicalSplit> {
    let layout = Layout::new(s);
    let mut w = World::default();
    w.draw(s, &layout, Draw::Median);
    let mut pooled = Vec::new();
    let owners: Vec<Vec<Role>> = s
        .splits
        .iter()
        .enumerate()
        .map(|split| {
            let mut owner = Vec::new();
            assign(&layout, &w, split, &mut owner, &mut pooled);
            owner
        })
        .collect();
    let mut staffed = Vec::new();
    teams(s, &layout, &w, &owners, &mut staffed);
    let today = s.current;
    let mut handoffs = Handoffs::default();
    let i_m = match s.param(s.discount_rate).dist {
        Dist::Const(d) => Some((1.0 + d).powf(1.0 / 12.0) - 1.0),
        _ => None,
    };
    owners
        .iter()
        .zip(&staffed)
        .enumerate()
        .map(|(k, (owner, team))| {
            // Cells a role keeps during the phase-in with no rep in month 1.
            let mut uncovered = ByRole::both(0);
            let (cur_owner, hc_cur) = (&owners[today], staffed[today].hc);
            let tr = &s.splits[k].transition;
            if s.start == Start::Current && k != today && (team.hc != hc_cur || owner != cur_owner)
            {
                let seats = transition::seats(tr, team.hc, hc_cur);
                handoffs.plan(
                    &layout,
                    &w,
                    (owner, cur_owner),
                    tr.phase_months,
                    ByRole::both(0.0),
                );
                for (i, &r) in handoffs.first_owner.iter().enumerate() {
                    if r != owner[i] && seats[r].at_start() == 0 {
                        uncovered[r] += 1;
                    }
                }
            }
            // A product that never churns, undiscounted: the perpetuity of
            // the terminal value diverges in every trial.
            let never_churns = |i: usize| {
                let c = &layout.cells[i];
                let churn = s.motions[c.motion as usize].annual_churn[owner[i]];
                c.active && s.param(churn).dist == Dist::Const(0.0)
            };
            TypicalSplit {
                fte: team.fte,
                headcount: team.hc,
                owned: ByRole::from_fn(|r| owner.iter().filter(|o| **o == r).count()),
                uncovered_in_phase: uncovered,
                terminal_undefined: i_m.is_some_and(|i| i <= 0.0)
                    && (0..owner.len()).any(never_churns),
            }
        })
        .collect()
}
