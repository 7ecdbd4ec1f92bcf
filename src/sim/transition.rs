//! The move from today's team to a split's (docs/model.md, "The
//! transition"): who holds which seat in month 1, which cells change hands
//! in which month, which cells carry the hand-off churn multiplier, and what
//! the move costs. A split that changes nothing in a trial, the current
//! split itself, and every split under `start = "target"` get the plain
//! plan: their own team filled and ramped, every hand-off in month 1.

use super::layout::{CellKeys, Layout};
use super::world::World;
use crate::core::rng::purpose;
use crate::scenario::{ByRole, Reduce, Role, Transition};

/// One role's seats in month 1 (docs/model.md, "The transition", reading 4).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Seats {
    /// Today's reps who keep their seats (seats 0..kept-1).
    pub kept: u32,
    /// Under attrition: today's reps above the target, in excess seats
    /// that close as they quit.
    pub excess: u32,
    /// The other role's reps redeployed into the lowest new seats.
    pub redeployed: u32,
    /// New seats that start vacant (hired into, as after a quit).
    pub vacant: u32,
    /// Today's reps laid off before month 1.
    pub laid_off: u32,
    /// Today's reps redeployed to the other role.
    pub moved_out: u32,
}

impl Seats {
    /// A team already in place: `hc` reps, filled and ramped.
    pub fn in_place(hc: u32) -> Seats {
        Seats {
            kept: hc,
            ..Seats::default()
        }
    }

    /// Reps in the role after month 1's reduction: today's team less those
    /// laid off or redeployed away (reading 10; quits do not count).
    pub fn after(&self, current: u32) -> u32 {
        current - self.laid_off - self.moved_out
    }

    /// Reps in their seats at the start of month 1.
    pub fn at_start(&self) -> u32 {
        self.kept + self.excess + self.redeployed
    }

    /// Every seat, filled or vacant, at the start of month 1.
    pub fn all(&self) -> u32 {
        self.at_start() + self.vacant
    }
}

/// The seats of both roles when a split with target head counts `target`
/// is reached from today's `current` ones: a shrinking role's excess is
/// redeployed to the other role's new seats first (with `redeploy`), and
/// the rest laid off or left to attrition; a growing role's new seats not
/// filled by redeployed reps start vacant.
pub fn seats(t: &Transition, target: ByRole<u32>, current: ByRole<u32>) -> ByRole<Seats> {
    let excess = ByRole::from_fn(|r| current[r].saturating_sub(target[r]));
    let new = ByRole::from_fn(|r| target[r].saturating_sub(current[r]));
    let redeployed_in = ByRole::from_fn(|r| {
        if t.redeploy {
            new[r].min(excess[r.other()])
        } else {
            0
        }
    });
    ByRole::from_fn(|r| {
        let moved_out = redeployed_in[r.other()];
        let reduced = excess[r] - moved_out;
        Seats {
            kept: target[r].min(current[r]),
            excess: if t.reduce == Reduce::Attrition {
                reduced
            } else {
                0
            },
            redeployed: redeployed_in[r],
            vacant: new[r] - redeployed_in[r],
            laid_off: if t.reduce == Reduce::Layoff {
                reduced
            } else {
                0
            },
            moved_out,
        }
    })
}

/// Which cells change hands when, and which carry the hand-off churn
/// multiplier when, for one split in one trial. Buffers are reused.
#[derive(Clone, Debug, Default)]
pub(super) struct Handoffs {
    /// Per cell: its owner in month 1 (a cell that moves later is still
    /// its current owner's then); the month loop applies the moves.
    pub first_owner: Vec<Role>,
    /// Cells that move after month 1, as (month, cell), by month.
    pub moves: Vec<(u32, u32)>,
    /// Cells under the hand-off multiplier from a month for
    /// `handoff.months` months, as (first month, cell), by month.
    pub windows: Vec<(u32, u32)>,
    /// The trial's active cells by drawn spend, ties in cell order (the
    /// same for every split: sorted once per trial, when first needed).
    by_spend: Vec<u32>,
    /// Each cell's "new rep" uniform in this trial (the same for every
    /// split: drawn once per trial, when first needed).
    new_rep_u: Vec<f64>,
    sorted: bool,
    drawn: bool,
}

impl Handoffs {
    /// Forgets the last trial's ranking and uniforms.
    pub fn new_trial(&mut self) {
        self.sorted = false;
        self.drawn = false;
    }

    /// Plans the hand-offs of a split whose cells are `owner` (its final
    /// owners) against today's `current` owners (docs/model.md, "The
    /// transition", readings 8-10): the moving active cells are ranked by
    /// drawn spend (ties in cell order) and cell j of n moves in month
    /// `1 + floor(phase_months * j / n)`, whitespace in month 1; each moving
    /// active cell carries the multiplier from its move month; a cell kept
    /// by role r changes rep with probability `new_rep[r]`, by its own
    /// keyed uniform (the same in every split), and then carries the
    /// multiplier from month 1. With `phase_months = 0` and no new reps
    /// this is the plain hand-off in month 1.
    pub fn plan(
        &mut self,
        layout: &Layout,
        w: &World,
        (owner, current): (&[Role], &[Role]),
        phase_months: u32,
        new_rep: ByRole<f64>,
    ) {
        let cells = &layout.cells;
        self.first_owner.clear();
        self.first_owner.extend_from_slice(owner);
        self.moves.clear();
        self.windows.clear();
        if new_rep.outside > 0.0 || new_rep.inside > 0.0 {
            if !self.drawn {
                let mut keys = CellKeys::new(w.trial_key.with(purpose::TRANSITION));
                self.new_rep_u.clear();
                self.new_rep_u
                    .extend(cells.iter().map(|c| keys.of(c).uniform(0)));
                self.drawn = true;
            }
            for (i, c) in cells.iter().enumerate() {
                let r = owner[i];
                if c.active && r == current[i] && self.new_rep_u[i] < new_rep[r] {
                    self.windows.push((1, i as u32));
                }
            }
        }
        let moving = |i: u32| owner[i as usize] != current[i as usize];
        if phase_months == 0 {
            // Every hand-off in month 1: no ranking needed.
            self.windows.extend(
                (0..cells.len() as u32)
                    .filter(|&i| cells[i as usize].active && moving(i))
                    .map(|i| (1, i)),
            );
            return;
        }
        if !self.sorted {
            let spend = &w.spend;
            self.by_spend.clear();
            self.by_spend
                .extend((0..cells.len() as u32).filter(|&i| cells[i as usize].active));
            self.by_spend.sort_unstable_by(|&a, &b| {
                spend[a as usize]
                    .total_cmp(&spend[b as usize])
                    .then(a.cmp(&b))
            });
            self.sorted = true;
        }
        let n = self.by_spend.iter().filter(|&&i| moving(i)).count() as u64;
        let ranked = self.by_spend.iter().copied().filter(|&i| moving(i));
        for (j, i) in ranked.enumerate() {
            let k = 1 + (u64::from(phase_months) * j as u64 / n) as u32;
            self.windows.push((k, i));
            if k > 1 {
                self.first_owner[i as usize] = current[i as usize];
                self.moves.push((k, i));
            }
        }
    }
}

/// The probability that a cell kept by each role changes rep (reading 10):
/// `1 - after / current` where the role's reps after month 1 are fewer
/// than today's (laid off or redeployed away), else 0.
pub fn new_rep_chance(seats: &ByRole<Seats>, current: ByRole<u32>) -> ByRole<f64> {
    ByRole::from_fn(|r| {
        let after = seats[r].after(current[r]);
        if after < current[r] {
            1.0 - f64::from(after) / f64::from(current[r])
        } else {
            0.0
        }
    })
}

/// What the move costs: `cost_transition` (severance of the laid-off
/// reps at `severance_months` of loaded monthly pay, and the one-off cost),
/// paid in month 1, and `transition_cost`: that plus the first hire into
/// every seat that starts vacant, when it arrives within the horizon
/// (reading 7; the hire itself is paid as any hire, in `cost_hiring`).
pub fn costs(t: &Transition, w: &World, seats: &ByRole<Seats>, horizon: u32) -> (f64, f64) {
    let mut month_one = w.value(t.one_off_cost);
    let mut hires = 0.0;
    for r in Role::ALL {
        let rn = &w.roles[r];
        month_one += f64::from(seats[r].laid_off) * w.value(t.severance_months[r]) * rn.monthly_pay;
        // The hire arrives in month 1 + months_to_hire (reading 5).
        if rn.months_to_hire < horizon {
            hires += f64::from(seats[r].vacant) * rn.hire_cost;
        }
    }
    (month_one, month_one + hires)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::P;

    fn transition(reduce: Reduce, redeploy: bool) -> Transition {
        Transition {
            phase_months: 0,
            reduce,
            severance_months: ByRole::both(P(0)),
            redeploy,
            redeploy_ramp_months: None,
            one_off_cost: P(0),
        }
    }

    /// Today 21 field reps, no inside; the target 11 field, 4 inside.
    #[test]
    fn seats_follow_the_readings() {
        let (target, today) = (ByRole::new(11, 4), ByRole::new(21, 0));
        let s = seats(&transition(Reduce::Layoff, false), target, today);
        assert_eq!(
            s.outside,
            Seats {
                kept: 11,
                laid_off: 10,
                ..Seats::default()
            }
        );
        assert_eq!(
            s.inside,
            Seats {
                vacant: 4,
                ..Seats::default()
            }
        );
        let s = seats(&transition(Reduce::Attrition, false), target, today);
        assert_eq!(
            s.outside,
            Seats {
                kept: 11,
                excess: 10,
                ..Seats::default()
            }
        );
        assert_eq!(s.outside.at_start(), 21);
        // Redeploy: R = min(4 new inside seats, 10 field reps above target).
        let s = seats(&transition(Reduce::Layoff, true), target, today);
        assert_eq!(
            s.outside,
            Seats {
                kept: 11,
                laid_off: 6,
                moved_out: 4,
                ..Seats::default()
            }
        );
        assert_eq!(
            s.inside,
            Seats {
                redeployed: 4,
                ..Seats::default()
            }
        );
        let s = seats(&transition(Reduce::Attrition, true), target, today);
        assert_eq!(
            s.outside,
            Seats {
                kept: 11,
                excess: 6,
                moved_out: 4,
                ..Seats::default()
            }
        );
        // Both roles grow: nothing to redeploy.
        let s = seats(&transition(Reduce::Layoff, true), ByRole::new(25, 4), today);
        assert_eq!(
            s.outside,
            Seats {
                kept: 21,
                vacant: 4,
                ..Seats::default()
            }
        );
        assert_eq!(
            s.inside,
            Seats {
                vacant: 4,
                ..Seats::default()
            }
        );
    }

    /// 1 - after / today, after = today - laid off - redeployed away.
    #[test]
    fn new_rep_chance_counts_layoffs_and_redeployments_only() {
        let (target, today) = (ByRole::new(11, 4), ByRole::new(21, 0));
        let chance = |reduce, redeploy| {
            new_rep_chance(&seats(&transition(reduce, redeploy), target, today), today)
        };
        assert_eq!(chance(Reduce::Layoff, false).outside, 1.0 - 11.0 / 21.0);
        assert_eq!(chance(Reduce::Attrition, false).outside, 0.0);
        assert_eq!(chance(Reduce::Attrition, true).outside, 1.0 - 17.0 / 21.0);
        assert_eq!(chance(Reduce::Layoff, true).inside, 0.0);
    }
}
