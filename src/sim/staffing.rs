//! Staffing at the start of a trial (docs/model.md, "Staffing"): the
//! workload build-up of Talley (1961), the headcount a staffing rule gives,
//! and the management layers above the reps.

use super::assign::assign;
use super::layout::Layout;
use super::world::{Draw, World};
use crate::scenario::{ByRole, MAX_REPS, Role, Scenario, Staff, TypicalSplit};

/// Workload build-up at the start (Talley 1961): FTE required per role.
/// Returns the FTE and the hours of work per year, per role.
pub fn fte_required(layout: &Layout, w: &World, owner: &[Role]) -> (ByRole<f64>, ByRole<f64>) {
    let mut work = ByRole::both(0.0);
    for (c, &r) in layout.cells.iter().zip(owner) {
        let k = if c.active { 0 } else { 1 };
        work[r] += w.motions[c.motion as usize].w12[r][k] * 12.0;
    }
    let fte = ByRole::from_fn(|r| work[r] / w.roles[r].sizing_hours);
    (fte, work)
}

/// The headcount of a role under a staffing rule.
pub fn headcount(staff: Staff, fte: f64, work: f64) -> u32 {
    match staff {
        Staff::Fixed(n) => n.min(MAX_REPS),
        Staff::Sized if work <= 0.0 => 0,
        Staff::Sized => (fte - 1e-9).ceil().clamp(0.0, f64::from(MAX_REPS)) as u32,
    }
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
    let (mut owner, mut pooled) = (Vec::new(), Vec::new());
    s.splits
        .iter()
        .map(|split| {
            assign(&layout, &w, split, &mut owner, &mut pooled);
            let (fte, work) = fte_required(&layout, &w, &owner);
            TypicalSplit {
                fte,
                headcount: ByRole::from_fn(|r| headcount(split.staffing[r], fte[r], work[r])),
                owned: ByRole::from_fn(|r| owner.iter().filter(|o| **o == r).count()),
            }
        })
        .collect()
}
