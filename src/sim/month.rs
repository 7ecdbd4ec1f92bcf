//! The month loop (docs/model.md, "A month, in order"): one trial of every
//! split, simulated month by month against the trial's [`World`]. All
//! buffers live in a [`Workspace`] that a worker reuses from trial to
//! trial, so the per-cell-month loop allocates nothing.

use super::assign::assign;
use super::layout::Layout;
use super::slots::Team;
use super::staffing::{StaffedTeam, management_counts, teams};
use super::totals::{Book, Totals};
use super::transition::{self, Handoffs, Seats};
use super::world::{Draw, MotionNums, World};
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
/// travel hours and visits. Built for each month from the cells alive at
/// its start ([`start_sums`]).
#[derive(Clone, Copy, Debug, Default)]
struct StartSums {
    q: ByRole<f64>,
    fh: ByRole<f64>,
    fvt: f64,
    fv: f64,
}

impl StartSums {
    /// Adds one cell of motion `mn`, owned by role `r`, active (`kind` 0) or whitespace (1).
    #[inline(always)]
    fn add(&mut self, mn: &MotionNums, r: Role, kind: usize) {
        self.q[r] += mn.w12[r][kind];
        self.fh[r] += mn.fh12[r][kind];
        if r == Role::Outside {
            self.fvt += mn.fvt12[kind];
            self.fv += mn.fv12[kind];
        }
    }
}

/// What a cell of one class (motion, owner) reads in a month, built once
/// per month so that the cell loop does no arithmetic on shared numbers
/// (the same products and minimums the model's steps 5.1-5.4 take).
#[derive(Clone, Copy, Debug, Default)]
struct ClassMonth {
    /// The churn hazard `min(1, hz k)` (step 5.1), and with the hand-off multiplier.
    hz: [f64; 2],
    /// The chance of an opportunity: [up-sell (active), cross-sell (whitespace)].
    p_opp: [f64; 2],
    /// The win rate: [not shared, at a shared account (less the conflict penalty)].
    win: [f64; 2],
    /// What the cell adds to the sums of the next month's start, [active,
    /// whitespace]: `q` and `fh` of each role, then the field's travel hours
    /// and visits, zero for the role that does not own it (adding zero to a
    /// sum that starts at +0 leaves it bit for bit as it is, so the sums are
    /// the same as adding to the owner's only). In pairs, so that each pair
    /// of sums is one vector register of the loop.
    add: [[[f64; 2]; 3]; 2],
}

/// The month-start sums and per-account counts of active cells by role,
/// fresh from the cells that are not dead, each counted for `owner`, at the
/// start of every month (so the sums stay exact sums, in cell order, never
/// running balances), after the month's hand-offs. Never inlined: inlined
/// into the month loop, it made the whole trial about a quarter slower
/// (measured; the cell loop's registers).
#[inline(never)]
fn start_sums(
    layout: &Layout,
    classes: &[ClassMonth],
    status: &[u8],
    owner: &[Role],
    acct: &mut [ByRole<u32>],
) -> StartSums {
    let mut next = [[0.0f64; 2]; 3];
    acct.fill(ByRole::both(0));
    let n = status.len();
    let (cells, owner) = (&layout.cells[..n], &owner[..n]);
    for i in 0..n {
        let st = status[i];
        if st == DEAD {
            continue;
        }
        let (c, r) = (&cells[i], owner[i]);
        let add = &classes[2 * c.motion as usize + r.index()].add[usize::from(st != ACTIVE)];
        for (x, a) in next.iter_mut().zip(add) {
            x[0] += a[0];
            x[1] += a[1];
        }
        acct[c.account as usize][r] += u32::from(st == ACTIVE);
    }
    let [q, fh, [fvt, fv]] = next;
    StartSums {
        q: ByRole::new(q[0], q[1]),
        fh: ByRole::new(fh[0], fh[1]),
        fvt,
        fv,
    }
}

/// Everything a worker reuses between trials.
#[derive(Default)]
pub struct Workspace {
    /// The world of the last trial drawn.
    pub world: World,
    owners: Vec<Vec<Role>>,
    pooled: Vec<(u64, u64, u32)>,
    status: Vec<u8>,
    run_rate: Vec<f64>,
    base: Vec<f64>,
    /// Per account: active cells owned by each role this month.
    acct_cur: Vec<ByRole<u32>>,
    /// Per account: whether it owned a product at the start, and still does.
    acct_end: Vec<[u32; 2]>,
    /// Per split: its team at the start (the current split's first).
    teams: Vec<StaffedTeam>,
    /// The split being simulated: its seats, hand-offs, and which cells
    /// carry the hand-off churn multiplier this month.
    seats: ByRole<Team>,
    handoffs: Handoffs,
    in_handoff: Vec<bool>,
    mgmt: Vec<u32>,
    /// Per class (motion x 2 + owner): this month's numbers.
    classes: Vec<ClassMonth>,
    /// Every cell's `[u_churn, u_opp]` of the month, when the trial has no
    /// table of them (a large layout).
    uniforms: Vec<[f64; 2]>,
    /// Per account: whether both roles own an active cell there this month.
    shared: Vec<bool>,
    /// Monthly revenue per split of the last trial (for the over-time chart).
    pub monthly_revenue: Vec<Vec<f64>>,
    /// Cumulative discounted cash flow (gross margin - cost of sales) by
    /// month, per split of the last trial: month H's is the split's `ltv`.
    pub cumulative: Vec<Vec<f64>>,
}

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
        self.owners.resize_with(s.splits.len(), Vec::new);
        for (k, split) in s.splits.iter().enumerate() {
            let mut owner = std::mem::take(&mut self.owners[k]);
            assign(layout, &self.world, split, &mut owner, &mut self.pooled);
            self.owners[k] = owner;
        }
        teams(s, layout, &self.world, &self.owners, &mut self.teams);
        self.handoffs.new_trial();
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
        let slot_root = w.trial_key.with(purpose::SLOT);
        for r in Role::ALL {
            let rn = &w.roles[r];
            let redeploy_ramp = tr
                .redeploy_ramp_months
                .map_or(rn.ramp_months, |p| w.value(p));
            self.seats[r].seat(
                slot_root.with(r.index() as u64),
                &seats[r],
                rn,
                redeploy_ramp,
            );
        }

        // Cell state and the month-1 sums.
        self.status.clear();
        self.run_rate.clear();
        self.base.clear();
        self.acct_cur.clear();
        self.acct_cur.resize(layout.n_accounts, ByRole::both(0));
        let mut start_run_rate = 0.0;
        let mut start_active = 0u64;
        for (i, c) in cells.iter().enumerate() {
            self.status.push(if c.active { ACTIVE } else { WHITESPACE });
            self.run_rate.push(w.spend[i] / 12.0);
            self.base.push(w.spend[i]);
            if c.active {
                start_run_rate += w.spend[i] / 12.0;
                start_active += 1;
            }
        }
        self.classes.clear();
        for mn in &w.motions {
            for r in Role::ALL {
                let mut add = [[[0.0; 2]; 3]; 2];
                for (kind, a) in add.iter_mut().enumerate() {
                    let mut one = StartSums::default();
                    one.add(mn, r, kind);
                    *a = [
                        [one.q.outside, one.q.inside],
                        [one.fh.outside, one.fh.inside],
                        [one.fvt, one.fv],
                    ];
                }
                self.classes.push(ClassMonth {
                    add,
                    ..ClassMonth::default()
                });
            }
        }

        let owner = &mut self.handoffs.owner_now;
        self.in_handoff.clear();
        self.in_handoff.resize(n, false);
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
        let mut churn_factor = ByRole::both(1.0f64);
        let monthly_rev = &mut self.monthly_revenue[k];
        monthly_rev.clear();
        let cumulative = &mut self.cumulative[k];
        cumulative.clear();

        for t in 1..=horizon {
            // Cells that change hands this month, then the sums it starts from.
            while let Some(&(_, i)) = self.handoffs.moves.get(next_move).filter(|m| m.0 == t) {
                owner[i as usize] = owner[i as usize].other();
                next_move += 1;
            }
            let sums = start_sums(
                layout,
                &self.classes,
                &self.status,
                owner,
                &mut self.acct_cur,
            );
            while let Some(&(_, i)) = windows.get(opened).filter(|x| x.0 == t) {
                self.in_handoff[i as usize] = true;
                opened += 1;
            }
            while let Some(&(_, i)) = windows.get(closed).filter(|x| x.0 + s.handoff_months == t) {
                self.in_handoff[i as usize] = false;
                closed += 1;
            }
            let handoff = opened > closed;
            let StartSums { q, fh, fvt, fv } = sums;
            // 1. Slots: quits, vacancies, arrivals, ramp.
            let mut e = ByRole::both(0.0f64);
            let mut filled = ByRole::both(0u32);
            let mut hires = ByRole::both(0u32);
            for r in Role::ALL {
                let m = self.seats[r].month(t, &w.roles[r], &mut ramp_sum[r]);
                e[r] = m.e;
                filled[r] = m.filled;
                hires[r] = m.hires;
                filled_months[r] += u64::from(m.filled);
            }

            // 3-4. Intensity, delivered hours, response.
            let mut d = ByRole::both(0.0f64);
            let mut resp = ByRole::both(0.0f64);
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
                resp[r] = if e_resp == 0.0 { 1.0 } else { i_r.powf(e_resp) };
                churn_factor[r] = 1.0 + w.undercoverage_churn * (1.0 - i_r).max(0.0);
                for (mi, mn) in w.motions.iter().enumerate() {
                    let hz = mn.hz[r] * churn_factor[r];
                    let cm = &mut self.classes[2 * mi + r.index()];
                    cm.hz = [hz.min(1.0), (hz * w.handoff_multiplier).min(1.0)];
                    cm.p_opp = if e[r] > 0.0 {
                        [
                            1.0 - (-mn.upsell_per_year * resp[r] / 12.0).exp(),
                            1.0 - (-mn.cross_sell_per_year * resp[r] / 12.0).exp(),
                        ]
                    } else {
                        [0.0, 0.0]
                    };
                    cm.win = [mn.win[r], mn.win[r] * (1.0 - conflict)];
                }
            }
            let (travel_hours, visits) = if q.outside > 0.0 {
                (d.outside / q.outside * fvt, d.outside / q.outside * fv)
            } else {
                (0.0, 0.0)
            };
            travel_sum += travel_hours;

            // 5. Cells.
            let n0 = 4 * u64::from(t - 1);
            let (mut rev_t, mut gm_t) = (0.0, 0.0);
            let mut book = ByRole::both(0.0f64);
            let mut shared_book = ByRole::both(0.0f64);
            self.shared.clear();
            self.shared
                .extend(self.acct_cur.iter().map(|a| a.outside > 0 && a.inside > 0));
            let uniforms = &w.month_uniforms(t, &mut self.uniforms)[..n];
            let status = &mut self.status[..n];
            let run_rate = &mut self.run_rate[..n];
            let base = &mut self.base[..n];
            let in_handoff = &self.in_handoff[..n];
            let owner = &owner[..n];
            let (classes, shared_at) = (&self.classes[..], &self.shared[..]);
            for i in 0..n {
                let st = status[i];
                if st == DEAD {
                    continue;
                }
                let c = &cells[i];
                let r = owner[i];
                let m = c.motion as usize;
                let class = 2 * m + r.index();
                let cm = &classes[class];
                // A uniform is in (0, 1), so `u < p` is false when p is 0.
                let [u_churn, u_opp] = uniforms[i];
                let shared = shared_at[c.account as usize];
                if st == ACTIVE {
                    // 5.1 churn
                    let hz = cm.hz[usize::from(handoff && in_handoff[i])];
                    if u_churn < hz {
                        status[i] = DEAD;
                        continue;
                    }
                    // 5.2 revenue
                    let rr = run_rate[i];
                    rev_t += rr;
                    gm_t += rr * w.gross_margin[c.product as usize];
                    // 5.3-5.5 up-sell
                    if u_opp < cm.p_opp[0] {
                        let key = w.cell_keys[i];
                        if key.uniform(n0 + 2) < cm.win[usize::from(shared)] {
                            let size = base[i] * layout.upsell_size[m].eval(key.uniform(n0 + 3));
                            run_rate[i] += size / 12.0;
                            book[r] += size;
                            if shared {
                                shared_book[r] += size;
                            }
                        }
                    }
                } else if u_opp < cm.p_opp[1] {
                    // 5.3-5.5 cross-sell on whitespace
                    let key = w.cell_keys[i];
                    if key.uniform(n0 + 2) < cm.win[usize::from(shared)] {
                        let size =
                            layout.cross_sell_size[c.product as usize].eval(key.uniform(n0 + 3));
                        status[i] = ACTIVE;
                        base[i] = size;
                        run_rate[i] = size / 12.0;
                        book[r] += size;
                        if shared {
                            shared_book[r] += size;
                        }
                    }
                }
            }

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

        let book = book_at_horizon(
            layout,
            w,
            owner,
            &self.status,
            &self.run_rate,
            &mut self.acct_end,
            churn_factor,
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

/// The book of business left after month H: the terminal value (Gupta and
/// Lehmann 2003), each cell active after month H as a perpetuity with
/// retention s and monthly rate i_m, and what is still owned. `accounts` is
/// scratch space, one entry per account.
#[allow(clippy::too_many_arguments)]
fn book_at_horizon(
    layout: &Layout,
    w: &World,
    owner: &[Role],
    status: &[u8],
    run_rate: &[f64],
    accounts: &mut Vec<[u32; 2]>,
    churn_factor: ByRole<f64>,
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
        if status[i] != ACTIVE {
            continue;
        }
        any_active = true;
        if c.active {
            end_run_rate += run_rate[i];
            end_active += 1;
            accounts[c.account as usize][1] = 1;
        }
        if rev_h > 0.0 {
            let r = owner[i];
            let hz = (w.motions[c.motion as usize].hz[r] * churn_factor[r]).min(1.0);
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
