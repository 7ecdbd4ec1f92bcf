//! The month loop (docs/model.md, "A month, in order"): one trial of every
//! split, simulated month by month against the trial's [`World`]. All
//! buffers live in a [`Workspace`] that a worker reuses from trial to
//! trial, so the per-cell-month loop allocates nothing.

use super::assign::assign;
use super::candidates::{self, Candidates, MAX_CANDIDATES};
use super::layout::Layout;
use super::slots::{Quits, Team};
use super::staffing::{StaffedTeam, management_counts, teams};
use super::totals::{Book, Totals};
use super::transition::{self, Handoffs, Seats};
use super::world::{Draw, World};
use crate::core::metrics::{Metric, N_METRICS};
use crate::core::rng::purpose;
use crate::core::stats::payback_month;
use crate::scenario::{ByRole, Policy, Role, Scenario, Start};

/// Cell status codes.
const DEAD: u8 = 0;
const ACTIVE: u8 = 1;
const WHITESPACE: u8 = 2;

/// The sums over a role's cells that a month starts from (docs/model.md, "A
/// month, in order", steps 2-3): workload `Q_r`, selling hours `sum f h / 12`, and the field's
/// travel hours and visits, from the cells alive at its start.
#[derive(Clone, Copy, Debug, Default)]
struct StartSums {
    q: ByRole<f64>,
    fh: ByRole<f64>,
    fvt: f64,
    fv: f64,
}

/// What one cell of a class (motion, owner) adds to the month-start sums,
/// [active, whitespace]: `q` and `fh` of each role, then the field's travel
/// hours and visits, zero for the role that does not own it.
type ClassAdd = [[[f64; 2]; 3]; 2];

/// The class of a cell: `2 motion + owner`, so that flipping the owner
/// flips the lowest bit.
#[inline(always)]
fn class_of(motion: u32, r: Role) -> u32 {
    2 * motion + r.index() as u32
}

/// The owner of a class (its lowest bit, see [`class_of`]).
#[inline(always)]
fn role_of(class: usize) -> Role {
    if class & 1 == 0 {
        Role::Outside
    } else {
        Role::Inside
    }
}

/// States of a cell in the month loop: class x status x (in a hand-off
/// window), packed in one number, so that the loop reads its two
/// thresholds with one index; the three parts come back out of it by
/// shifts (status 3 is unused).
const STATES_PER_CLASS: u32 = 8;

#[inline(always)]
fn state_of(class: u32, status: u8, handoff: u8) -> u32 {
    (class << 3) | (u32::from(status) << 1) | u32::from(handoff)
}

/// The class of a packed state.
#[inline(always)]
fn class_in(state: u32) -> u32 {
    state >> 3
}

/// The status of a packed state.
#[inline(always)]
fn status_in(state: u32) -> u8 {
    ((state >> 1) & 3) as u8
}

/// A packed state with another status (its class and window kept).
#[inline(always)]
fn with_status(state: u32, status: u8) -> u32 {
    state_of(class_in(state), status, (state & 1) as u8)
}

/// The month-start sums from the count of alive cells of each class and
/// kind (docs/model.md, "A month, in order", steps 2-3): every cell of a
/// class adds the same amounts, so the sum over cells is the count times
/// the amount, summed over classes in class order (exact counts, never
/// running balances of floating-point sums).
fn start_sums(adds: &[ClassAdd], counts: &[[u32; 2]]) -> StartSums {
    let mut next = [[0.0f64; 2]; 3];
    for (add, count) in adds.iter().zip(counts) {
        for (a, &k) in add.iter().zip(count) {
            if k == 0 {
                continue;
            }
            let k = f64::from(k);
            for (x, a) in next.iter_mut().zip(a) {
                x[0] += k * a[0];
                x[1] += k * a[1];
            }
        }
    }
    let [q, fh, [fvt, fv]] = next;
    StartSums {
        q: ByRole::new(q[0], q[1]),
        fh: ByRole::new(fh[0], fh[1]),
        fvt,
        fv,
    }
}

/// What a cell of one class reads in a month (the same products and
/// minimums the model's steps 5.1-5.4 take), built once per month.
#[derive(Clone, Copy, Debug, Default)]
struct ClassMonth {
    /// The churn hazard `min(1, hz k)` (step 5.1), and with the hand-off multiplier.
    hz: [f64; 2],
    /// The chance of an opportunity: [up-sell (active), cross-sell (whitespace)].
    p_opp: [f64; 2],
    /// The win rate: [not shared, at a shared account (less the conflict penalty)].
    win: [f64; 2],
}

/// The two thresholds of a cell state's month, `[churn, opportunity]`: a
/// cell churns when its `u_churn` is below the first and has an
/// opportunity when its `u_opp` is below the second. A uniform is in
/// (0, 1), so a threshold of 0 never fires: a dead cell has [0, 0] and a
/// whitespace cell [0, p_cross].
fn thresholds(cm: &ClassMonth, status: u8, handoff: u8) -> [f64; 2] {
    match status {
        ACTIVE => [cm.hz[usize::from(handoff)], cm.p_opp[0]],
        WHITESPACE => [0.0, cm.p_opp[1]],
        _ => [0.0, 0.0],
    }
}

/// Checks, in builds with debug assertions, that the counts kept through
/// the month loop are those of the cells: the month-start sums and the
/// shared accounts are computed from them (docs/model.md, "A month, in
/// order", implementation note), so a count missed by an event would skew
/// every later month without failing anything else.
fn debug_check_counts(layout: &Layout, state: &[u32], counts: &[[u32; 2]], acct: &[ByRole<u32>]) {
    if !cfg!(debug_assertions) {
        return;
    }
    let mut c2 = vec![[0u32; 2]; counts.len()];
    let mut a2 = vec![ByRole::both(0u32); acct.len()];
    for (i, c) in layout.cells.iter().enumerate() {
        let k = class_in(state[i]) as usize;
        match status_in(state[i]) {
            ACTIVE => {
                c2[k][0] += 1;
                a2[c.account as usize][role_of(k)] += 1;
            }
            WHITESPACE => c2[k][1] += 1,
            _ => {}
        }
    }
    assert_eq!(c2, counts, "class counts");
    assert!(a2 == acct, "account counts");
}

/// Everything a worker reuses between trials.
#[derive(Default)]
pub struct Workspace {
    /// The world of the last trial drawn.
    pub world: World,
    owners: Vec<Vec<Role>>,
    pooled: Vec<(u64, u64, u32)>,
    /// Per cell: its gross margin (of its product), for this trial.
    margin: Vec<f64>,
    /// Per class: what a cell adds to the month-start sums, for this trial.
    adds: Vec<ClassAdd>,
    /// The split being simulated, per cell: its class (motion, owner),
    /// status and whether it is in a hand-off window, packed (see
    /// [`state_of`]).
    state: Vec<u32>,
    run_rate: Vec<f64>,
    base: Vec<f64>,
    /// Per cell: its run rate at the start, `spend / 12` (whitespace has
    /// none: the month's revenue adds it as 0), the same in every split.
    run_rate_start: Vec<f64>,
    /// The run rate of the cells active at the start, summed in cell
    /// order, and their count: the same in every split.
    start: (f64, u64),
    /// Per class: its cells alive now, [active, whitespace].
    counts: Vec<[u32; 2]>,
    /// Per account: active cells owned by each role now.
    acct_cur: Vec<ByRole<u32>>,
    /// Per account: whether it owned a product at the start, and still does.
    acct_end: Vec<[u32; 2]>,
    /// Per split: its team at the start (the current split's first).
    teams: Vec<StaffedTeam>,
    /// The split being simulated: its seats and hand-offs.
    seats: ByRole<Team>,
    /// Per role: the trial's months in which each seat loses its rep, the
    /// same in every split.
    quits: ByRole<Quits>,
    handoffs: Handoffs,
    mgmt: Vec<u32>,
    /// Per class: this month's win rates (see [`ClassMonth::win`]); the
    /// rest of its numbers live on in `thresholds`.
    wins: Vec<[f64; 2]>,
    /// Per cell state: this month's thresholds (see [`thresholds`]).
    thresholds: Vec<[f64; 2]>,
    /// Per motion: the trial's bounds on every split's thresholds (see
    /// [`candidates::bounds`]).
    bounds: Vec<[f64; 2]>,
    /// The trial's cell-months that can have an event.
    candidates: Candidates,
    /// The most candidates a trial keeps for all its months: `None` is
    /// [`MAX_CANDIDATES`] (the tests set fewer).
    max_candidates: Option<usize>,
    /// This month's candidates (their index among the month's) with an
    /// opportunity, then those of its deals won.
    events: Vec<u32>,
    /// This month's candidates whose cell churns.
    churned: Vec<u32>,
    /// Per account: whether both roles own an active cell there at the
    /// start of this month.
    shared: Vec<bool>,
    /// Monthly revenue per split of the last trial (for the over-time chart).
    pub monthly_revenue: Vec<Vec<f64>>,
    /// Cumulative discounted cash flow (gross margin - cost of sales) by
    /// month, per split of the last trial: month H's is the split's `ltv`.
    pub cumulative: Vec<Vec<f64>>,
}

/// Independent partial sums of the month's revenue and gross margin, cell
/// `i` into lane `i % LANES`, added up pairwise at the month's end
/// (see [`pairwise`]): a fixed order (results do not depend on threads or
/// shards), and sixteen chains of additions that run side by side instead
/// of one after the other, as four 4-wide vectors (docs/model.md, "A
/// month, in order").
const LANES: usize = 16;

impl Workspace {
    /// An empty workspace.
    pub fn new() -> Workspace {
        Workspace::default()
    }

    /// Runs one trial for every split, writing `splits x N_METRICS` values
    /// (split-major) into `out`.
    pub fn run_trial(&mut self, s: &Scenario, layout: &Layout, trial: u64, out: &mut [f64]) {
        self.run_trial_with(s, layout, trial, None, out);
    }

    /// [`Workspace::run_trial`] with the parameters' uniforms from a design row.
    pub fn run_trial_with(
        &mut self,
        s: &Scenario,
        layout: &Layout,
        trial: u64,
        design: Option<&[f64]>,
        out: &mut [f64],
    ) {
        self.world.draw_with(s, layout, Draw::Trial(trial), design);
        candidates::bounds(&self.world, &mut self.bounds);
        self.candidates.draw(
            &self.world.cell_keys,
            layout.cells.iter().map(|c| c.motion),
            &self.bounds,
            s.horizon_months,
            self.max_candidates.unwrap_or(MAX_CANDIDATES),
        );
        self.owners.resize_with(s.splits.len(), Vec::new);
        for (k, split) in s.splits.iter().enumerate() {
            assign(
                layout,
                &self.world,
                (k, split),
                &mut self.owners[k],
                &mut self.pooled,
            );
        }
        teams(s, layout, &self.world, &self.owners, &mut self.teams);
        self.handoffs.new_trial();
        let w = &self.world;
        let slot_root = w.trial_key.with(purpose::SLOT);
        for r in Role::ALL {
            self.quits[r].new_trial(
                slot_root.with(r.index() as u64),
                w.roles[r].quit_hazard,
                s.horizon_months,
            );
        }
        self.run_rate_start.clear();
        self.start = (0.0, 0);
        for (c, spend) in layout.cells.iter().zip(&w.spend) {
            let rr = if c.active { spend / 12.0 } else { 0.0 };
            self.run_rate_start.push(rr);
            if c.active {
                self.start.0 += rr;
                self.start.1 += 1;
            }
        }
        self.margin.clear();
        self.margin.extend(
            layout
                .cells
                .iter()
                .map(|c| w.gross_margin[c.product as usize]),
        );
        self.adds.clear();
        for mn in &w.motions {
            for r in Role::ALL {
                let mut add = ClassAdd::default();
                for (kind, a) in add.iter_mut().enumerate() {
                    let (mut q, mut fh) = (ByRole::both(0.0), ByRole::both(0.0));
                    q[r] = mn.w12[r][kind];
                    fh[r] = mn.fh12[r][kind];
                    let field = if r == Role::Outside {
                        [mn.fvt12[kind], mn.fv12[kind]]
                    } else {
                        [0.0, 0.0]
                    };
                    *a = [[q.outside, q.inside], [fh.outside, fh.inside], field];
                }
                self.adds.push(add);
            }
        }
        self.monthly_revenue.resize_with(s.splits.len(), Vec::new);
        self.cumulative.resize_with(s.splits.len(), Vec::new);
        for k in 0..s.splits.len() {
            let out = &mut out[k * N_METRICS..(k + 1) * N_METRICS];
            self.simulate(s, layout, k, out);
        }
        let base = &self.cumulative[s.baseline];
        for (k, cum) in self.cumulative.iter().enumerate() {
            // docs/model.md, "The transition", reading 12: undefined for
            // the baseline and for a split that ends below it.
            let payback = payback_month(|t| cum[t] - base[t], cum.len());
            out[k * N_METRICS + Metric::PaybackMonth.index()] = match payback {
                Some(m) if k != s.baseline => m as f64,
                _ => f64::NAN,
            };
        }
    }

    /// Simulates split `k` over the horizon (docs/model.md, "A month, in order").
    fn simulate(&mut self, s: &Scenario, layout: &Layout, k: usize, out: &mut [f64]) {
        let w = &self.world;
        let split = &s.splits[k];
        let owner = &self.owners[k][..];
        let cur_owner = &self.owners[s.current][..];
        let cells = &layout.cells;
        let n = cells.len();
        let horizon = s.horizon_months;

        // The team at the start, and the move from today's (docs/model.md,
        // "The transition"): the current split itself, a split that changes
        // nothing in this trial, and every split under start = "target"
        // start at their own team, filled and ramped.
        let StaffedTeam { fte, hc } = self.teams[k];
        let hc_cur = self.teams[s.current].hc;
        let moving =
            s.start == Start::Current && k != s.current && (hc != hc_cur || owner != cur_owner);
        let tr = &split.transition;
        let (seats, phase, new_rep, (month_one, transition_cost)) = if moving {
            let seats = transition::seats(tr, hc, hc_cur);
            let chance = transition::new_rep_chance(&seats, hc_cur);
            let costs = transition::costs(tr, w, &seats, horizon);
            (seats, tr.phase_months, chance, costs)
        } else {
            (hc.map(Seats::in_place), 0, ByRole::both(0.0), (0.0, 0.0))
        };
        self.handoffs
            .plan(layout, w, (owner, cur_owner), phase, new_rep);
        management_counts(s, hc.outside + hc.inside, &mut self.mgmt);
        let managers: u32 = self.mgmt.iter().sum();
        let mgmt_monthly: f64 = self
            .mgmt
            .iter()
            .zip(&w.mgmt_annual_cost)
            .map(|(n, c)| f64::from(*n) * c / 12.0)
            .sum();
        for r in Role::ALL {
            let rn = &w.roles[r];
            let redeploy_ramp = tr
                .redeploy_ramp_months
                .map_or(rn.ramp_months, |p| w.value(p));
            self.quits[r].draw(seats[r].all());
            self.seats[r].seat(&seats[r], rn, redeploy_ramp);
        }

        // Cell state, the counts the month-1 sums come from, and the start.
        let owner = &self.handoffs.first_owner;
        self.state.clear();
        self.run_rate.clear();
        self.base.clear();
        self.counts.clear();
        self.counts.resize(2 * w.motions.len(), [0, 0]);
        self.acct_cur.clear();
        self.acct_cur.resize(layout.n_accounts, ByRole::both(0));
        let (start_run_rate, start_active) = self.start;
        self.run_rate.extend_from_slice(&self.run_rate_start);
        self.base.extend_from_slice(&w.spend);
        for (i, c) in cells.iter().enumerate() {
            let (r, class) = (owner[i], class_of(c.motion, owner[i]));
            let status = if c.active { ACTIVE } else { WHITESPACE };
            self.state.push(state_of(class, status, 0));
            self.counts[class as usize][usize::from(!c.active)] += 1;
            if c.active {
                self.acct_cur[c.account as usize][r] += 1;
            }
        }
        self.events.resize(n, 0);
        self.churned.resize(n, 0);
        self.wins.clear();
        self.wins.resize(2 * w.motions.len(), [0.0; 2]);
        self.thresholds.clear();
        self.thresholds
            .resize(self.wins.len() * STATES_PER_CLASS as usize, [0.0; 2]);

        // Hand-off windows open at their first month and close
        // handoff.months later; both are in month order.
        let windows = &self.handoffs.windows;
        let (mut opened, mut closed) = (0, 0);
        let mut next_move = 0;

        let imax = w.max_intensity;
        let e_resp = w.elasticity;
        let exclusive = split.credit.policy == Policy::Exclusive;
        let conflict = if exclusive {
            w.value(split.credit.conflict_penalty)
        } else {
            0.0
        };
        let team_bonus = if split.credit.policy == Policy::Team {
            w.value(split.credit.team_bonus_rate)
        } else {
            0.0
        };
        let double = split.credit.policy == Policy::Double;
        let monthly_disc = (1.0 + w.discount_rate).powf(-1.0 / 12.0);
        let mut disc = 1.0;
        let mut ltv = 0.0;
        let (mut revenue, mut bookings, mut gross_margin) = (0.0, 0.0, 0.0);
        // pay, commission, travel, hiring, management, transition
        let mut cost = [0.0f64; 6];
        let mut sh_sum = ByRole::both(0.0f64);
        let mut idle_sum = ByRole::both(0.0f64);
        let mut ramp_sum = ByRole::both(0.0f64);
        let mut travel_sum = 0.0;
        let mut filled_months = ByRole::both(0u64);
        let mut cov_sum = ByRole::both(0.0f64);
        let mut cov_n = ByRole::both(0u32);
        let (mut rev_h, mut cost_h) = (0.0, 0.0);
        // Per role: the intensity and capacity its thresholds were last
        // computed from; they are functions of these alone (the split's
        // conflict penalty aside), so an unchanged month reuses them.
        let mut made_from: ByRole<Option<(u64, bool)>> = ByRole::both(None);
        let monthly_rev = &mut self.monthly_revenue[k];
        monthly_rev.clear();
        let cumulative = &mut self.cumulative[k];
        cumulative.clear();

        // The counts against the cells, every month and after the last.
        macro_rules! check_counts {
            () => {
                debug_check_counts(layout, &self.state, &self.counts, &self.acct_cur)
            };
        }
        for t in 1..=horizon {
            // Cells that change hands this month, then the sums it starts from.
            while let Some(&(_, i)) = self.handoffs.moves.get(next_move).filter(|m| m.0 == t) {
                let i = i as usize;
                let state = self.state[i];
                let (class, st) = (class_in(state) as usize, status_in(state));
                let from = role_of(class);
                if st != DEAD {
                    let kind = usize::from(st != ACTIVE);
                    self.counts[class][kind] -= 1;
                    self.counts[class ^ 1][kind] += 1;
                }
                if st == ACTIVE {
                    let a = &mut self.acct_cur[cells[i].account as usize];
                    a[from] -= 1;
                    a[from.other()] += 1;
                }
                self.state[i] = state_of((class ^ 1) as u32, st, (state & 1) as u8);
                next_move += 1;
            }
            check_counts!();
            let sums = start_sums(&self.adds, &self.counts);
            // The window flag is the state's lowest bit.
            let mut flip = |i: u32, h: u32| {
                let state = &mut self.state[i as usize];
                *state = (*state & !1) | h;
            };
            while let Some(&(_, i)) = windows.get(opened).filter(|x| x.0 == t) {
                flip(i, 1);
                opened += 1;
            }
            while let Some(&(_, i)) = windows.get(closed).filter(|x| x.0 + s.handoff_months == t) {
                flip(i, 0);
                closed += 1;
            }
            let StartSums { q, fh, fvt, fv } = sums;
            // 1. Slots: quits, vacancies, arrivals, ramp.
            let mut e = ByRole::both(0.0f64);
            let mut filled = ByRole::both(0u32);
            let mut hires = ByRole::both(0u32);
            for r in Role::ALL {
                let m = self.seats[r].month(t, &w.roles[r], &self.quits[r], &mut ramp_sum[r]);
                e[r] = m.e;
                filled[r] = m.filled;
                hires[r] = m.hires;
                filled_months[r] += u64::from(m.filled);
            }

            // 3-4. Intensity, delivered hours, response.
            let mut d = ByRole::both(0.0f64);
            for r in Role::ALL {
                let i_r = if q[r] > 0.0 {
                    let intensity = e[r] / q[r];
                    d[r] = e[r].min(imax * q[r]);
                    sh_sum[r] += d[r] / q[r] * fh[r];
                    cov_sum[r] += intensity.min(1.0);
                    cov_n[r] += 1;
                    intensity.min(imax)
                } else if e[r] > 0.0 {
                    imax
                } else {
                    0.0
                };
                idle_sum[r] += e[r] - d[r];
                let from = Some((i_r.to_bits(), e[r] > 0.0));
                if made_from[r] == from {
                    continue;
                }
                made_from[r] = from;
                let resp = candidates::response(i_r, e_resp);
                let churn_factor = candidates::churn_factor(w.undercoverage_churn, i_r);
                for (mi, mn) in w.motions.iter().enumerate() {
                    let class = class_of(mi as u32, r);
                    let cm = ClassMonth {
                        hz: candidates::hazards(mn.hz[r] * churn_factor, w.handoff_multiplier),
                        p_opp: if e[r] > 0.0 {
                            [mn.upsell_per_year, mn.cross_sell_per_year]
                                .map(|rate| candidates::opportunity(rate, resp))
                        } else {
                            [0.0, 0.0]
                        },
                        win: [mn.win[r], mn.win[r] * (1.0 - conflict)],
                    };
                    self.wins[class as usize] = cm.win;
                    for st in [DEAD, ACTIVE, WHITESPACE] {
                        for h in [0, 1] {
                            let thr = thresholds(&cm, st, h);
                            // The candidates hold every event of the month
                            // (checked in every build with debug assertions).
                            debug_assert!(candidates::within(thr, self.bounds[mi]));
                            self.thresholds[state_of(class, st, h) as usize] = thr;
                        }
                    }
                }
            }
            let (travel_hours, visits) = if q.outside > 0.0 {
                (d.outside / q.outside * fvt, d.outside / q.outside * fv)
            } else {
                (0.0, 0.0)
            };
            travel_sum += travel_hours;

            // 5. Cells. Only the month's candidates can churn or have an
            // opportunity (docs/model.md, "A month, in order",
            // implementation note): each is read against its state's
            // thresholds and sorted without a branch into churns and
            // opportunities, each list in cell order; the churns are
            // applied (a churned cell earns nothing from this month on),
            // then the month's revenue is summed over every cell (the run
            // rate at its start, 0 for a dead or whitespace cell), then the
            // opportunities are sorted into deals won and booked in cell
            // order. An event changes only its own cell, the month's
            // bookings and the counts (read at the next month's start), so
            // the order of the kinds of event changes nothing.
            self.shared.clear();
            self.shared
                .extend(self.acct_cur.iter().map(|a| a.outside > 0 && a.inside > 0));
            let found = self.candidates.month(t, &w.cell_keys);
            let thr = &self.thresholds[..];
            // The lists hold candidates (their index in the month's).
            let churned = &mut self.churned[..n];
            let events = &mut self.events[..n];
            let (mut n_churned, mut n_opp) = (0, 0);
            for (k, (&j, &[u_churn, u_opp])) in found.cells.iter().zip(found.uniforms).enumerate() {
                let [hz, p_opp] = thr[self.state[j as usize] as usize];
                let (churn, opp) = (u_churn < hz, u_opp < p_opp);
                churned[n_churned] = k as u32;
                n_churned += usize::from(churn);
                events[n_opp] = k as u32;
                n_opp += usize::from(!churn & opp);
            }
            let mut mc = MonthCells {
                layout,
                w,
                n0: 4 * u64::from(t - 1),
                found,
                state: &mut self.state[..n],
                run_rate: &mut self.run_rate[..n],
                base: &mut self.base[..n],
                wins: &self.wins,
                shared: &self.shared,
                counts: &mut self.counts,
                acct: &mut self.acct_cur,
                book: ByRole::both(0.0),
                shared_book: ByRole::both(0.0),
            };
            for &j in &churned[..n_churned] {
                mc.churn(j as usize);
            }
            let (rev_t, gm_t) = month_revenue(mc.run_rate, &self.margin[..n]);
            let mut n_won = 0;
            for k in 0..n_opp {
                let j = events[k];
                events[n_won] = j;
                n_won += usize::from(mc.wins(j as usize));
            }
            for &j in &events[..n_won] {
                mc.deal(j as usize);
            }
            let (book, shared_book) = (mc.book, mc.shared_book);

            // 6. Cost of sales.
            let (o, i) = (&w.roles.outside, &w.roles.inside);
            let pay = f64::from(filled.outside) * o.monthly_pay
                + f64::from(filled.inside) * i.monthly_pay;
            let mut commission = o.commission_rate * book.outside + i.commission_rate * book.inside;
            if double {
                // The field rep is also paid on the inside rep's deals at
                // shared accounts.
                commission += o.commission_rate * shared_book.inside;
            }
            commission += team_bonus * (shared_book.outside + shared_book.inside);
            let travel = visits * w.travel_cost_per_visit;
            let hiring =
                f64::from(hires.outside) * o.hire_cost + f64::from(hires.inside) * i.hire_cost;
            let items = [pay, commission, travel, hiring, mgmt_monthly];
            let running_cost: f64 = items.iter().sum();
            // The move's severance and one-off cost, in month 1.
            let moving_cost = if t == 1 { month_one } else { 0.0 };
            let cost_t = running_cost + moving_cost;
            for (acc, x) in cost.iter_mut().zip(items) {
                *acc += x;
            }
            cost[5] += moving_cost;

            // 7. Discounting: month t's cash flow times (1 + d)^(-t/12).
            disc *= monthly_disc;
            ltv += (gm_t - cost_t) * disc;
            revenue += rev_t;
            gross_margin += gm_t;
            bookings += book.outside + book.inside;
            monthly_rev.push(rev_t);
            cumulative.push(ltv);
            if t == horizon {
                // The terminal value's cost ratio is the running cost of
                // month H: a one-off cost of the move (month 1, so H = 1)
                // is not capitalised into a perpetuity (docs/model.md,
                // "Departures from the design").
                rev_h = rev_t;
                cost_h = running_cost;
            }
        }

        check_counts!();
        let book = book_at_horizon(
            layout,
            w,
            &self.state,
            &self.run_rate,
            &mut self.acct_end,
            &self.thresholds,
            (rev_h, cost_h),
            horizon,
        );
        Totals {
            ltv,
            revenue,
            bookings,
            gross_margin,
            cost,
            selling: sh_sum,
            idle: idle_sum,
            ramp: ramp_sum,
            travel: travel_sum,
            filled_months,
            coverage_sum: cov_sum,
            coverage_n: cov_n,
            headcount: hc,
            fte,
            managers,
            transition_cost,
            cells_start: start_active,
            run_rate_start: start_run_rate,
            book,
        }
        .pack(&self.world, layout.n_accounts, out);
    }
}

/// The month's revenue and gross margin (docs/model.md, "A month, in
/// order", step 5.2): every cell's run rate (0 for a dead or whitespace
/// cell, and for a cell churned this month), and times its margin, summed
/// in partial sums by lane, cell `i` into lane `i % LANES`, then
/// [`pairwise`]: one pass without a branch.
fn month_revenue(run_rate: &[f64], margin: &[f64]) -> (f64, f64) {
    let margin = &margin[..run_rate.len()];
    #[cfg(target_arch = "x86_64")]
    let (rev, gm) = if std::arch::is_x86_feature_detected!("avx") {
        // SAFETY: the processor has AVX (checked just above).
        unsafe { lanes_avx(run_rate, margin) }
    } else {
        lanes(run_rate, margin)
    };
    #[cfg(not(target_arch = "x86_64"))]
    let (rev, gm) = lanes(run_rate, margin);
    (pairwise(rev), pairwise(gm))
}

/// The lanes' sums of run rates and of run rates times margins (see
/// [`month_revenue`]), one lane after the other within each group of
/// `LANES` cells.
fn lanes(run_rate: &[f64], margin: &[f64]) -> ([f64; LANES], [f64; LANES]) {
    let (mut rev, mut gm) = ([0.0f64; LANES], [0.0f64; LANES]);
    let (rr16, rr_rest) = run_rate.as_chunks::<LANES>();
    let (mg16, mg_rest) = margin.as_chunks::<LANES>();
    for (rr, mg) in rr16.iter().zip(mg16) {
        for lane in 0..LANES {
            rev[lane] += rr[lane];
            gm[lane] += rr[lane] * mg[lane];
        }
    }
    lanes_rest((rr_rest, mg_rest), (&mut rev, &mut gm));
    (rev, gm)
}

/// The cells after the last whole group of `LANES`, lane by lane.
#[inline(always)]
fn lanes_rest(
    (run_rate, margin): (&[f64], &[f64]),
    (rev, gm): (&mut [f64; LANES], &mut [f64; LANES]),
) {
    for (lane, (rr, mg)) in run_rate.iter().zip(margin).enumerate() {
        rev[lane] += rr;
        gm[lane] += rr * mg;
    }
}

/// [`lanes`] with four 4-wide vectors of lanes: a vector's addition is
/// its four lanes' additions, so every lane adds the same numbers in the
/// same order and the sums are the same to the bit (no fused
/// multiply-add: Rust never contracts a product and a sum; tested).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx")]
fn lanes_avx(run_rate: &[f64], margin: &[f64]) -> ([f64; LANES], [f64; LANES]) {
    use std::arch::x86_64::{
        __m256d, _mm256_add_pd, _mm256_loadu_pd, _mm256_mul_pd, _mm256_setzero_pd, _mm256_storeu_pd,
    };
    const V: usize = LANES / 4;
    let mut rev: [__m256d; V] = [_mm256_setzero_pd(); V];
    let mut gm: [__m256d; V] = [_mm256_setzero_pd(); V];
    let (rr16, rr_rest) = run_rate.as_chunks::<LANES>();
    let (mg16, mg_rest) = margin.as_chunks::<LANES>();
    for (rr, mg) in rr16.iter().zip(mg16) {
        for v in 0..V {
            // SAFETY: 4 v + 4 <= LANES, the length of `rr` and `mg`.
            let (r, m) = unsafe {
                (
                    _mm256_loadu_pd(rr.as_ptr().add(4 * v)),
                    _mm256_loadu_pd(mg.as_ptr().add(4 * v)),
                )
            };
            rev[v] = _mm256_add_pd(rev[v], r);
            gm[v] = _mm256_add_pd(gm[v], _mm256_mul_pd(r, m));
        }
    }
    let (mut rev_out, mut gm_out) = ([0.0f64; LANES], [0.0f64; LANES]);
    for v in 0..V {
        // SAFETY: 4 v + 4 <= LANES, the length of the outputs.
        unsafe {
            _mm256_storeu_pd(rev_out.as_mut_ptr().add(4 * v), rev[v]);
            _mm256_storeu_pd(gm_out.as_mut_ptr().add(4 * v), gm[v]);
        }
    }
    lanes_rest((rr_rest, mg_rest), (&mut rev_out, &mut gm_out));
    (rev_out, gm_out)
}

/// The lanes added up pairwise, neighbours first: `((s0 + s1) + (s2 +
/// s3)) + ...`, a fixed order.
fn pairwise(mut x: [f64; LANES]) -> f64 {
    let mut width = LANES;
    while width > 1 {
        width /= 2;
        for i in 0..width {
            x[i] = x[2 * i] + x[2 * i + 1];
        }
    }
    x[0]
}

/// One month of the cell loop (docs/model.md, "A month, in order", step
/// 5): the split's cell arrays and what the month's events add up.
struct MonthCells<'a> {
    layout: &'a Layout,
    w: &'a World,
    /// The month's first element of each cell's stream (4 per month).
    n0: u64,
    /// The month's candidates.
    found: candidates::Month<'a>,
    /// Per cell: its packed state (see [`state_of`]).
    state: &'a mut [u32],
    run_rate: &'a mut [f64],
    base: &'a mut [f64],
    /// Per class: its win rates, [not shared, shared].
    wins: &'a [[f64; 2]],
    /// Per account: both roles own an active cell there (at the month's start).
    shared: &'a [bool],
    counts: &'a mut [[u32; 2]],
    acct: &'a mut [ByRole<u32>],
    /// Bookings by owner, and those at shared accounts.
    book: ByRole<f64>,
    shared_book: ByRole<f64>,
}

impl MonthCells<'_> {
    /// Candidate `j`'s cell churns (5.1): it is dead from now on, its run
    /// rate 0 (the month's revenue adds a dead cell's run rate), and the
    /// counts lose it.
    fn churn(&mut self, j: usize) {
        let i = self.found.cells[j] as usize;
        let k = class_in(self.state[i]) as usize;
        self.state[i] = with_status(self.state[i], DEAD);
        self.run_rate[i] = 0.0;
        self.counts[k][0] -= 1;
        self.acct[self.layout.cells[i].account as usize][role_of(k)] -= 1;
    }

    /// Whether candidate `j`'s opportunity is won (5.3-5.4): its `u_win`
    /// against its class's win rate, less the conflict penalty at a shared
    /// account. `u_win` is drawn by the first split that needs it and kept
    /// for the others.
    #[inline(always)]
    fn wins(&mut self, j: usize) -> bool {
        let i = self.found.cells[j] as usize;
        let shared = self.shared[self.layout.cells[i].account as usize];
        let win = self.wins[class_in(self.state[i]) as usize][usize::from(shared)];
        let u_win = &mut self.found.win[j];
        if u_win.is_nan() {
            *u_win = self.w.cell_keys[i].uniform(self.n0 + 2);
        }
        *u_win < win
    }

    /// Candidate `j`'s deal won (5.5): an up-sell on an active cell, a
    /// cross-sell on whitespace, booked for its owner. Its size is drawn
    /// from `u_size` by the first split that needs it and kept for the
    /// others (the same cell-month, motion and product in every split).
    fn deal(&mut self, j: usize) {
        let i = self.found.cells[j] as usize;
        let c = &self.layout.cells[i];
        let k = class_in(self.state[i]) as usize;
        let r = role_of(k);
        let (cell_key, n_size) = (self.w.cell_keys[i], self.n0 + 3);
        let upsell = status_in(self.state[i]) == ACTIVE;
        let kept = &mut self.found.sizes[j][usize::from(!upsell)];
        if kept.is_nan() {
            let u_size = cell_key.uniform(n_size);
            *kept = if upsell {
                self.layout.upsell_size[k >> 1].eval(u_size)
            } else {
                self.layout.cross_sell_size[c.product as usize].eval(u_size)
            };
        }
        let size = if upsell {
            let size = self.base[i] * *kept;
            self.run_rate[i] += size / 12.0;
            size
        } else {
            let size = *kept;
            self.state[i] = with_status(self.state[i], ACTIVE);
            self.base[i] = size;
            self.run_rate[i] = size / 12.0;
            self.counts[k][1] -= 1;
            self.counts[k][0] += 1;
            self.acct[c.account as usize][r] += 1;
            size
        };
        self.book[r] += size;
        if self.shared[c.account as usize] {
            self.shared_book[r] += size;
        }
    }
}

/// The book of business left after month H: the terminal value (Gupta and
/// Lehmann 2003), each cell active after month H as a perpetuity with
/// retention s = 1 - month H's churn hazard (read from `thresholds`, the
/// month's table by cell state) and monthly rate i_m, and what is still
/// owned. `accounts` is scratch space, one entry per account.
#[allow(clippy::too_many_arguments)]
fn book_at_horizon(
    layout: &Layout,
    w: &World,
    state: &[u32],
    run_rate: &[f64],
    accounts: &mut Vec<[u32; 2]>,
    thresholds: &[[f64; 2]],
    (rev_h, cost_h): (f64, f64),
    horizon: u32,
) -> Book {
    let cells = &layout.cells;
    let i_m = (1.0 + w.discount_rate).powf(1.0 / 12.0) - 1.0;
    let disc_h = (1.0 + w.discount_rate).powf(-f64::from(horizon) / 12.0);
    let mut tv = 0.0;
    let mut any_active = false;
    let mut tv_defined = true;
    let mut end_run_rate = 0.0;
    let mut end_active = 0u64;
    // Per account: [had an initially active cell, still has one].
    accounts.clear();
    accounts.resize(layout.n_accounts, [0, 0]);
    for (i, c) in cells.iter().enumerate() {
        if c.active {
            accounts[c.account as usize][0] = 1;
        }
        if status_in(state[i]) != ACTIVE {
            continue;
        }
        any_active = true;
        if c.active {
            end_run_rate += run_rate[i];
            end_active += 1;
            accounts[c.account as usize][1] = 1;
        }
        if rev_h > 0.0 {
            // Month H's hazard of the cell's class, without the hand-off
            // multiplier: its state's threshold outside a window.
            let [hz, _] = thresholds[(state[i] & !1) as usize];
            let surv = 1.0 - hz;
            let denom = 1.0 + i_m - surv;
            if denom <= 0.0 {
                tv_defined = false;
            } else {
                tv += run_rate[i] * (w.gross_margin[c.product as usize] - cost_h / rev_h) * surv
                    / denom;
            }
        }
    }
    let terminal = if !any_active {
        0.0
    } else if rev_h <= 0.0 || !tv_defined {
        f64::NAN
    } else {
        tv * disc_h
    };
    let (mut had, mut kept) = (0u64, 0u64);
    for a in accounts.iter() {
        had += u64::from(a[0]);
        kept += u64::from(a[0] * a[1]);
    }

    Book {
        terminal,
        accounts_had: had,
        accounts_kept: kept,
        cells_end: end_active,
        run_rate_end: end_run_rate,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::rng::Key;
    use crate::sim::Layout;

    /// The vector form of the month's revenue gives the same lanes, to the
    /// bit, as the lanes one after the other, at every length (whole
    /// groups and a rest); and the lanes add up in the documented order.
    #[test]
    fn the_revenue_lanes_are_the_same_in_vectors() {
        let key = Key::root(5);
        for n in [0, 1, 15, 16, 17, 40, 333] {
            // Zeros (dead cells) among run rates of every size.
            let rr: Vec<f64> = (0..n as u64)
                .map(|i| match i % 5 {
                    0 => 0.0,
                    _ => key.uniform(i) * 10f64.powi((i % 7) as i32),
                })
                .collect();
            let mg: Vec<f64> = (0..n as u64).map(|i| key.uniform(1000 + i)).collect();
            let (rev, gm) = lanes(&rr, &mg);
            let mut expect = ([0.0f64; LANES], [0.0f64; LANES]);
            for i in 0..n {
                expect.0[i % LANES] += rr[i];
                expect.1[i % LANES] += rr[i] * mg[i];
            }
            assert_eq!((rev, gm), expect, "n = {n}");
            #[cfg(target_arch = "x86_64")]
            if std::arch::is_x86_feature_detected!("avx") {
                let bits = |x: [f64; LANES]| x.map(f64::to_bits);
                // SAFETY: the processor has AVX (checked just above).
                let (v_rev, v_gm) = unsafe { lanes_avx(&rr, &mg) };
                assert_eq!((bits(v_rev), bits(v_gm)), (bits(rev), bits(gm)), "n = {n}");
            }
        }
        // Lanes whose sum depends on the order of the additions.
        let x: [f64; LANES] = std::array::from_fn(|i| key.uniform(i as u64) * 10f64.powi(i as i32));
        let mut tree = x.to_vec();
        while tree.len() > 1 {
            tree = tree.chunks(2).map(|p| p[0] + p[1]).collect();
        }
        assert_eq!(pairwise(x).to_bits(), tree[0].to_bits());
        let left: f64 = x.iter().sum();
        assert_ne!(pairwise(x).to_bits(), left.to_bits());
    }

    /// A response that overflows (`I_max^e` is infinite for e = 1100 and
    /// I_max = 2, both valid) makes the chance of an opportunity NaN for a
    /// rate of 0: such a threshold never fires, and the check of the
    /// thresholds against the bounds (debug builds) lets it through.
    #[test]
    fn an_overflowing_response_is_within_the_bounds() {
        let text = std::fs::read_to_string("scenarios/tutorial.toml")
            .unwrap()
            .replacen(
                "[simulation]\n",
                "[simulation]\nresponse_elasticity = 1100\nmax_intensity = 2\n",
                1,
            );
        let s = crate::sim::load_str(&text, "tutorial").unwrap().scenario;
        let layout = Layout::new(&s);
        let mut ws = Workspace::new();
        let mut out = vec![0.0; s.splits.len() * N_METRICS];
        for trial in 0..3 {
            ws.run_trial(&s, &layout, trial, &mut out);
            for k in 0..s.splits.len() {
                assert!(out[k * N_METRICS + Metric::Ltv.index()].is_finite());
            }
        }
    }

    /// A trial whose table of candidates is full (a large book) keeps the
    /// months that fit, or none, finds each later month's as the month
    /// comes, and gives the same numbers to the bit.
    #[test]
    fn a_trial_without_a_table_of_candidates_is_the_same() {
        for file in ["scenarios/key_accounts.toml", "scenarios/book.toml"] {
            let s = crate::sim::load(std::path::Path::new(file))
                .unwrap()
                .scenario;
            let layout = Layout::new(&s);
            let width = s.splits.len() * N_METRICS;
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            let mut table = vec![0.0; width];
            let mut with = Workspace::new();
            for trial in 0..3 {
                with.run_trial(&s, &layout, trial, &mut table);
                let all = with.candidates.tabled();
                assert_eq!(with.candidates.months_kept(), s.horizon_months as usize);
                // No month fits, some do, and all but the last.
                for max in [0, all / 3, all - 1] {
                    let mut part = vec![0.0; width];
                    let mut without = Workspace {
                        max_candidates: Some(max),
                        ..Workspace::default()
                    };
                    without.run_trial(&s, &layout, trial, &mut part);
                    let kept = without.candidates.months_kept();
                    assert!(kept < s.horizon_months as usize, "{file}, {max}: {kept}");
                    assert_eq!(max == 0, kept == 0, "{file}, {max}: {kept}");
                    assert_eq!(bits(&table), bits(&part), "{file}, {max}, trial {trial}");
                }
            }
        }
    }
}
