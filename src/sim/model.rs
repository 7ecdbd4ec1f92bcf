//! One trial of the world, simulated month by month for every split
//! (MODEL.md sections 3 and 4). Pure and seeded: the same scenario, seed and
//! trial index give the same numbers on any thread, in any order.
//!
//! A trial is drawn once ([`World`]) and then every split is simulated
//! against it with the same uniforms (common random numbers). All buffers
//! live in a [`Workspace`] that a worker reuses from trial to trial, so the
//! per-cell-month loop allocates nothing.

// Role loops index several parallel [_; 2] arrays at once; `0..2` reads best.
#![allow(clippy::needless_range_loop)]

use crate::core::dist::FastQuantile;
use crate::core::metrics::{M, N_METRICS};
use crate::core::rng::{Key, purpose};
use crate::scenario::{Policy, Problem, Role, Rule, Scenario, Severity, Split, Staff};

/// Cell status codes.
const DEAD: u8 = 0;
const ACTIVE: u8 = 1;
const WHITESPACE: u8 = 2;

/// `hz_annual -> monthly`: `1 - (1 - x)^(1/12)`.
#[inline]
pub fn monthly(annual: f64) -> f64 {
    1.0 - (1.0 - annual).powf(1.0 / 12.0)
}

/// One (account, product) pair that is owned or whitespace. Absent pairs are
/// not stored: their uniforms are keyed, so skipping them draws nothing else.
#[derive(Clone, Debug)]
pub struct CellInfo {
    pub tier: u32,
    /// Account index within the tier.
    pub index_in_tier: u32,
    /// Account index over the whole scenario.
    pub account: u32,
    pub product: u32,
    pub motion: u32,
    /// Owned at the start (else whitespace).
    pub active: bool,
    tier_hash: u64,
    product_hash: u64,
}

/// The static layout of a scenario's cells, in (tier, account, product) order.
#[derive(Clone, Debug)]
pub struct Layout {
    pub cells: Vec<CellInfo>,
    pub n_accounts: usize,
    /// Per motion: the up-sell size law, ready for the hot loop.
    pub upsell_size: Vec<FastQuantile>,
    /// Per product: the cross-sell size law, ready for the hot loop.
    pub cross_sell_size: Vec<FastQuantile>,
}

impl Layout {
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

/// How per-trial uniforms are produced: keyed draws, or every input at its
/// median (used for the static checks of `validate`).
#[derive(Clone, Copy, Debug)]
pub enum Draw {
    Trial(u64),
    Median,
}

/// Per-trial numbers derived from the parameters, for one motion.
#[derive(Clone, Copy, Debug, Default)]
struct MotionNums {
    /// Monthly workload of a cell by [role][0 = active, 1 = whitespace]: W / 12.
    w12: [[f64; 2]; 2],
    /// Monthly selling (customer-facing) hours `f h / 12`, same indexing.
    fh12: [[f64; 2]; 2],
    /// Monthly travel hours `f v T / 12` of an outside cell.
    fvt12: [f64; 2],
    /// Monthly in-person visits `f v / 12` of an outside cell.
    fv12: [f64; 2],
    /// Monthly churn hazard by role.
    hz: [f64; 2],
    win: [f64; 2],
    upsell_per_year: f64,
    cross_sell_per_year: f64,
}

#[derive(Clone, Copy, Debug, Default)]
struct RoleNums {
    annual_hours: f64,
    admin_share: f64,
    /// Hours per fully productive rep per month: `A_r`.
    capacity: f64,
    /// Hours per FTE per year for sizing: annual_hours (1 - admin) util.
    sizing_hours: f64,
    monthly_pay: f64,
    commission_rate: f64,
    quit_hazard: f64,
    months_to_hire: u32,
    ramp_months: f64,
    hire_cost: f64,
}

/// One trial's draw of the world, shared by every split.
#[derive(Clone, Debug, Default)]
pub struct World {
    /// Drawn value of every per-trial parameter.
    pub values: Vec<f64>,
    /// Per cell: starting annual spend (0 for whitespace).
    pub spend: Vec<f64>,
    /// Per account: total drawn spend.
    pub account_spend: Vec<f64>,
    cell_keys: Vec<Key>,
    trial_key: Key,
    motions: Vec<MotionNums>,
    roles: [RoleNums; 2],
    gross_margin: Vec<f64>,
    travel_cost_per_visit: f64,
    discount_rate: f64,
    max_intensity: f64,
    elasticity: f64,
    undercoverage_churn: f64,
    handoff_multiplier: f64,
    mgmt_annual_cost: Vec<f64>,
}

impl World {
    /// Draws the world of one trial into `self`, reusing its buffers.
    pub fn draw(&mut self, s: &Scenario, layout: &Layout, draw: Draw) {
        self.draw_with(s, layout, draw, None);
    }

    /// Draws the world with some parameters' uniforms given by a design row
    /// (see [`crate::sim::design::ParamDesign`]; `NaN` entries keep the keyed draw).
    pub fn draw_with(&mut self, s: &Scenario, layout: &Layout, draw: Draw, design: Option<&[f64]>) {
        let root = Key::root(s.seed);
        let trial_key = match draw {
            Draw::Trial(t) => root.with(t),
            Draw::Median => root,
        };
        self.trial_key = trial_key;
        let uniform = |k: Key| match draw {
            Draw::Trial(_) => k.uniform(0),
            Draw::Median => 0.5,
        };
        let pkey = trial_key.with(purpose::PARAM);
        self.values.clear();
        self.values
            .extend(s.params.iter().enumerate().map(|(i, d)| {
                if d.dist.is_const() {
                    return d.dist.inverse_cdf(0.5);
                }
                match design.map(|row| row[i]).filter(|u| !u.is_nan()) {
                    Some(u) => d.dist.inverse_cdf(u),
                    None => d.dist.inverse_cdf(uniform(pkey.with_name(&d.key_path))),
                }
            }));
        let v = |p: crate::scenario::P| self.values[p.0 as usize];

        // Derived per-role numbers.
        let travel_hours = v(s.roles[0].travel_hours_per_visit);
        for r in Role::ALL {
            let rs = &s.roles[r.index()];
            let annual_hours = v(rs.annual_hours);
            let admin = v(rs.admin_share);
            self.roles[r.index()] = RoleNums {
                annual_hours,
                admin_share: admin,
                capacity: annual_hours * (1.0 - admin) / 12.0,
                sizing_hours: annual_hours * (1.0 - admin) * v(rs.target_utilization),
                monthly_pay: (v(rs.base_salary) * (1.0 + v(rs.benefits_load)) + v(rs.other_cost))
                    / 12.0,
                commission_rate: v(rs.commission_rate),
                quit_hazard: monthly(v(rs.annual_attrition)),
                months_to_hire: rs.months_to_hire,
                ramp_months: v(rs.ramp_months),
                hire_cost: v(rs.hire_cost),
            };
        }
        self.motions.clear();
        for m in &s.motions {
            let f = [v(m.touches_per_year), v(m.prospect_touches_per_year)];
            let vis = v(m.in_person_share);
            let h = [v(m.hours_per_touch[0]), v(m.hours_per_touch[1])];
            let mut n = MotionNums {
                hz: [monthly(v(m.annual_churn[0])), monthly(v(m.annual_churn[1]))],
                win: [v(m.win_rate[0]), v(m.win_rate[1])],
                upsell_per_year: v(m.upsell_per_year),
                cross_sell_per_year: v(m.cross_sell_per_year),
                ..MotionNums::default()
            };
            for k in 0..2 {
                // Workload (MODEL.md section 4): W = f (h_r + [outside] v T).
                n.w12[0][k] = f[k] * (h[0] + vis * travel_hours) / 12.0;
                n.w12[1][k] = f[k] * h[1] / 12.0;
                n.fh12[0][k] = f[k] * h[0] / 12.0;
                n.fh12[1][k] = f[k] * h[1] / 12.0;
                n.fvt12[k] = f[k] * vis * travel_hours / 12.0;
                n.fv12[k] = f[k] * vis / 12.0;
            }
            self.motions.push(n);
        }
        self.gross_margin.clear();
        self.gross_margin
            .extend(s.products.iter().map(|p| v(p.gross_margin)));
        self.travel_cost_per_visit = v(s.roles[0].travel_cost_per_visit);
        self.discount_rate = v(s.discount_rate);
        self.max_intensity = v(s.max_intensity);
        self.elasticity = v(s.response_elasticity);
        self.undercoverage_churn = v(s.undercoverage_churn);
        self.handoff_multiplier = v(s.handoff_churn_multiplier);
        self.mgmt_annual_cost.clear();
        self.mgmt_annual_cost
            .extend(s.management.iter().map(|l| v(l.annual_cost)));

        // Spends, per (tier, account index, product), and per-cell streams.
        let skey = trial_key.with(purpose::SPEND);
        let ckey = trial_key.with(purpose::CELL);
        self.spend.clear();
        self.cell_keys.clear();
        self.account_spend.clear();
        self.account_spend.resize(layout.n_accounts, 0.0);
        for c in &layout.cells {
            let spend = if c.active {
                let d = s.tiers[c.tier as usize].spend[c.product as usize]
                    .as_ref()
                    .expect("active cells have a spend");
                let u = uniform(
                    skey.with(c.tier_hash)
                        .with(u64::from(c.index_in_tier))
                        .with(c.product_hash),
                );
                d.inverse_cdf(u)
            } else {
                0.0
            };
            self.spend.push(spend);
            self.account_spend[c.account as usize] += spend;
            self.cell_keys.push(
                ckey.with(c.tier_hash)
                    .with(u64::from(c.index_in_tier))
                    .with(c.product_hash),
            );
        }
    }

    fn value(&self, p: crate::scenario::P) -> f64 {
        self.values[p.0 as usize]
    }

    /// The inside share of a rule, or `None` for a whole-role rule.
    fn share(&self, r: Rule) -> Option<f64> {
        match r {
            Rule::Share(p) => Some(self.value(p)),
            _ => None,
        }
    }
}

/// Assigns every cell of one split to a role (0 outside, 1 inside), MODEL.md
/// section 4 "Assignment". `order` is scratch space.
pub fn assign(
    layout: &Layout,
    w: &World,
    split: &Split,
    owner: &mut Vec<u8>,
    order: &mut Vec<u32>,
) {
    let cells = &layout.cells;
    owner.clear();
    owner.resize(cells.len(), Role::Outside as u8);
    let rule_of = |c: &CellInfo| {
        split.assign_products[c.product as usize].unwrap_or(split.assign[c.motion as usize])
    };
    for (i, c) in cells.iter().enumerate() {
        if rule_of(c) == Rule::Inside {
            owner[i] = Role::Inside as u8;
        }
    }
    // Share rules: one pool per motion (products without an override) and
    // one per overridden product; actives and whitespace pooled separately.
    let mut pools: Vec<(bool, Option<u32>, u32, f64)> = Vec::new(); // (is_product, product, motion) built below
    pools.clear();
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
                owner[i as usize] = Role::Inside as u8;
            }
        }
    }
}

/// Workload build-up at the start (Talley 1961): FTE required per role.
pub fn fte_required(layout: &Layout, w: &World, owner: &[u8]) -> ([f64; 2], [f64; 2]) {
    let mut work = [0.0; 2];
    for (i, c) in layout.cells.iter().enumerate() {
        let r = owner[i] as usize;
        let k = if c.active { 0 } else { 1 };
        work[r] += w.motions[c.motion as usize].w12[r][k] * 12.0;
    }
    let fte = [
        work[0] / w.roles[0].sizing_hours,
        work[1] / w.roles[1].sizing_hours,
    ];
    (fte, work)
}

/// The most reps a role may have: validation refuses scenarios whose typical
/// trial needs more than a tenth of this, so the cap only guards the far
/// tails of a distribution against exhausting memory.
pub const MAX_REPS: u32 = 1_000_000;

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

/// The sums over a role's cells that a month starts from (MODEL.md section
/// 4, steps 2-3): workload `Q_r`, selling hours `sum f h / 12`, and the field's
/// travel hours and visits. Built for month 1 from the starting cells and for
/// each later month while the previous month's cells are processed.
#[derive(Clone, Copy, Debug, Default)]
struct StartSums {
    q: [f64; 2],
    fh: [f64; 2],
    fvt: f64,
    fv: f64,
}

impl StartSums {
    /// Adds one cell of motion `mn`, owned by role `r`, active (`kind` 0) or whitespace (1).
    #[inline(always)]
    fn add(&mut self, mn: &MotionNums, r: usize, kind: usize) {
        self.q[r] += mn.w12[r][kind];
        self.fh[r] += mn.fh12[r][kind];
        if r == 0 {
            self.fvt += mn.fvt12[kind];
            self.fv += mn.fv12[kind];
        }
    }
}

#[derive(Clone, Copy, Debug)]
struct Slot {
    key: Key,
    filled: bool,
    arrival: u32,
    /// Months since arrival (1 in the arrival month); large for the starting team.
    tenure: u32,
}

/// Everything a worker reuses between trials.
#[derive(Default)]
pub struct Workspace {
    pub world: World,
    owners: Vec<Vec<u8>>,
    order: Vec<u32>,
    status: Vec<u8>,
    run_rate: Vec<f64>,
    base: Vec<f64>,
    acct_cur: Vec<[u32; 2]>,
    acct_next: Vec<[u32; 2]>,
    slots: [Vec<Slot>; 2],
    mgmt: Vec<u32>,
    opp: Vec<[[f64; 2]; 2]>,
    /// Monthly revenue per split of the last trial (for the over-time chart).
    pub monthly_revenue: Vec<Vec<f64>>,
}

impl Workspace {
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
            assign(layout, &self.world, split, &mut owner, &mut self.order);
            self.owners[k] = owner;
        }
        self.monthly_revenue.resize_with(s.splits.len(), Vec::new);
        for k in 0..s.splits.len() {
            let out = &mut out[k * N_METRICS..(k + 1) * N_METRICS];
            self.simulate(s, layout, k, out);
        }
    }

    /// Simulates split `k` over the horizon (MODEL.md section 4, "A month, in order").
    fn simulate(&mut self, s: &Scenario, layout: &Layout, k: usize, out: &mut [f64]) {
        let w = &self.world;
        let split = &s.splits[k];
        let owner = &self.owners[k];
        let cur_owner = &self.owners[s.current];
        let cells = &layout.cells;
        let n = cells.len();
        let horizon = s.horizon_months;

        // Staffing at the start.
        let (fte, work) = fte_required(layout, w, owner);
        let hc = [
            headcount(split.staffing[0], fte[0], work[0]),
            headcount(split.staffing[1], fte[1], work[1]),
        ];
        management_counts(s, hc[0] + hc[1], &mut self.mgmt);
        let managers: u32 = self.mgmt.iter().sum();
        let mgmt_monthly: f64 = self
            .mgmt
            .iter()
            .zip(&w.mgmt_annual_cost)
            .map(|(n, c)| f64::from(*n) * c / 12.0)
            .sum();
        let slot_root = w.trial_key.with(purpose::SLOT);
        for r in 0..2 {
            let rkey = slot_root.with(r as u64);
            let slots = &mut self.slots[r];
            slots.clear();
            slots.extend((0..hc[r]).map(|i| Slot {
                key: rkey.with(u64::from(i)),
                filled: true,
                arrival: 0,
                tenure: u32::MAX / 2,
            }));
        }

        // Cell state and the month-1 sums.
        self.status.clear();
        self.run_rate.clear();
        self.base.clear();
        self.acct_cur.clear();
        self.acct_cur.resize(layout.n_accounts, [0, 0]);
        self.acct_next.clear();
        self.acct_next.resize(layout.n_accounts, [0, 0]);
        let mut sums = StartSums::default();
        let mut start_run_rate = 0.0;
        let mut start_active = 0u64;
        for (i, c) in cells.iter().enumerate() {
            let r = owner[i] as usize;
            let mn = &w.motions[c.motion as usize];
            let kind = if c.active { 0 } else { 1 };
            self.status.push(if c.active { ACTIVE } else { WHITESPACE });
            self.run_rate.push(w.spend[i] / 12.0);
            self.base.push(w.spend[i]);
            sums.add(mn, r, kind);
            if c.active {
                self.acct_cur[c.account as usize][r] += 1;
                start_run_rate += w.spend[i] / 12.0;
                start_active += 1;
            }
        }

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
        self.opp.clear();
        self.opp.resize(w.motions.len(), [[0.0; 2]; 2]);

        let mut ltv = 0.0;
        let (mut revenue, mut bookings, mut gross_margin) = (0.0, 0.0, 0.0);
        let mut cost = [0.0f64; 5]; // pay, commission, travel, hiring, management
        let mut sh_sum = [0.0f64; 2];
        let mut idle_sum = [0.0f64; 2];
        let mut ramp_sum = [0.0f64; 2];
        let mut travel_sum = 0.0;
        let mut filled_months = [0u64; 2];
        let mut cov_sum = [0.0f64; 2];
        let mut cov_n = [0u32; 2];
        let (mut rev_h, mut cost_h) = (0.0, 0.0);
        let mut churn_factor = [1.0f64; 2];
        let monthly_rev = &mut self.monthly_revenue[k];
        monthly_rev.clear();

        for t in 1..=horizon {
            let StartSums { q, fh, fvt, fv } = sums;
            // 1. Slots: quits, vacancies, arrivals, ramp.
            let mut e = [0.0f64; 2];
            let mut filled = [0u32; 2];
            let mut hires = [0u32; 2];
            for r in 0..2 {
                let rn = &w.roles[r];
                for slot in self.slots[r].iter_mut() {
                    let u = slot.key.uniform(u64::from(t - 1));
                    if slot.filled && u < rn.quit_hazard {
                        slot.filled = false;
                        slot.arrival = t + rn.months_to_hire;
                    }
                    if !slot.filled && slot.arrival == t {
                        slot.filled = true;
                        slot.tenure = 0;
                        hires[r] += 1;
                    }
                    if slot.filled {
                        slot.tenure = slot.tenure.saturating_add(1);
                        let prod = if rn.ramp_months > 0.0 {
                            (f64::from(slot.tenure) / rn.ramp_months).min(1.0)
                        } else {
                            1.0
                        };
                        e[r] += rn.capacity * prod;
                        ramp_sum[r] += rn.capacity * (1.0 - prod);
                        filled[r] += 1;
                    }
                }
                filled_months[r] += u64::from(filled[r]);
            }

            // 3-4. Intensity, delivered hours, response.
            let mut d = [0.0f64; 2];
            let mut resp = [0.0f64; 2];
            for r in 0..2 {
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
                    self.opp[mi][r] = if e[r] > 0.0 {
                        [
                            1.0 - (-mn.upsell_per_year * resp[r] / 12.0).exp(),
                            1.0 - (-mn.cross_sell_per_year * resp[r] / 12.0).exp(),
                        ]
                    } else {
                        [0.0, 0.0]
                    };
                }
            }
            let (travel_hours, visits) = if q[0] > 0.0 {
                (d[0] / q[0] * fvt, d[0] / q[0] * fv)
            } else {
                (0.0, 0.0)
            };
            travel_sum += travel_hours;

            // 5. Cells.
            let handoff = t <= s.handoff_months;
            let n0 = 4 * u64::from(t - 1);
            let (mut rev_t, mut gm_t) = (0.0, 0.0);
            let mut book = [0.0f64; 2];
            let mut shared_book = [0.0f64; 2];
            let mut next = StartSums::default();
            for a in self.acct_next.iter_mut() {
                *a = [0, 0];
            }
            for i in 0..n {
                let st = self.status[i];
                if st == DEAD {
                    continue;
                }
                let c = &cells[i];
                let r = owner[i] as usize;
                let m = c.motion as usize;
                let mn = &w.motions[m];
                let key = w.cell_keys[i];
                let acct = self.acct_cur[c.account as usize];
                let shared = acct[0] > 0 && acct[1] > 0;
                if st == ACTIVE {
                    // 5.1 churn
                    let mut hz = mn.hz[r] * churn_factor[r];
                    if handoff && c.active && owner[i] != cur_owner[i] {
                        hz *= w.handoff_multiplier;
                    }
                    if key.uniform(n0) < hz.min(1.0) {
                        self.status[i] = DEAD;
                        continue;
                    }
                    // 5.2 revenue
                    let rr = self.run_rate[i];
                    rev_t += rr;
                    gm_t += rr * w.gross_margin[c.product as usize];
                    // 5.3-5.5 up-sell
                    let p_opp = self.opp[m][r][0];
                    if p_opp > 0.0 && key.uniform(n0 + 1) < p_opp {
                        let win = mn.win[r] * if shared { 1.0 - conflict } else { 1.0 };
                        if key.uniform(n0 + 2) < win {
                            let size =
                                self.base[i] * layout.upsell_size[m].eval(key.uniform(n0 + 3));
                            self.run_rate[i] += size / 12.0;
                            book[r] += size;
                            if shared {
                                shared_book[r] += size;
                            }
                        }
                    }
                } else {
                    // 5.3-5.5 cross-sell on whitespace
                    let p_opp = self.opp[m][r][1];
                    if p_opp > 0.0 && key.uniform(n0 + 1) < p_opp {
                        let win = mn.win[r] * if shared { 1.0 - conflict } else { 1.0 };
                        if key.uniform(n0 + 2) < win {
                            let size = layout.cross_sell_size[c.product as usize]
                                .eval(key.uniform(n0 + 3));
                            self.status[i] = ACTIVE;
                            self.base[i] = size;
                            self.run_rate[i] = size / 12.0;
                            book[r] += size;
                            if shared {
                                shared_book[r] += size;
                            }
                        }
                    }
                }
                // Sums for the start of next month.
                let kind = if self.status[i] == ACTIVE { 0 } else { 1 };
                next.add(mn, r, kind);
                if kind == 0 {
                    self.acct_next[c.account as usize][r] += 1;
                }
            }

            // 6. Cost of sales.
            let pay = f64::from(filled[0]) * w.roles[0].monthly_pay
                + f64::from(filled[1]) * w.roles[1].monthly_pay;
            let mut commission =
                w.roles[0].commission_rate * book[0] + w.roles[1].commission_rate * book[1];
            if double {
                commission += w.roles[0].commission_rate * shared_book[1];
            }
            commission += team_bonus * (shared_book[0] + shared_book[1]);
            let travel = visits * w.travel_cost_per_visit;
            let hiring = f64::from(hires[0]) * w.roles[0].hire_cost
                + f64::from(hires[1]) * w.roles[1].hire_cost;
            let items = [pay, commission, travel, hiring, mgmt_monthly];
            let cost_t: f64 = items.iter().sum();
            for (acc, x) in cost.iter_mut().zip(items) {
                *acc += x;
            }

            // 7. Discounting: month t's cash flow times (1 + d)^(-t/12).
            disc *= monthly_disc;
            ltv += (gm_t - cost_t) * disc;
            revenue += rev_t;
            gross_margin += gm_t;
            bookings += book[0] + book[1];
            monthly_rev.push(rev_t);
            if t == horizon {
                rev_h = rev_t;
                cost_h = cost_t;
            }

            std::mem::swap(&mut self.acct_cur, &mut self.acct_next);
            sums = next;
        }

        // Terminal value (Gupta and Lehmann 2003): each cell active after
        // month H as a perpetuity with retention s and monthly rate i_m.
        let i_m = (1.0 + w.discount_rate).powf(1.0 / 12.0) - 1.0;
        let disc_h = (1.0 + w.discount_rate).powf(-f64::from(horizon) / 12.0);
        let mut tv = 0.0;
        let mut any_active = false;
        let mut tv_defined = true;
        let mut end_run_rate = 0.0;
        let mut end_active = 0u64;
        for a in self.acct_cur.iter_mut() {
            *a = [0, 0]; // reused: [had an initially active cell, still has one]
        }
        for (i, c) in cells.iter().enumerate() {
            if c.active {
                self.acct_cur[c.account as usize][0] = 1;
            }
            if self.status[i] != ACTIVE {
                continue;
            }
            any_active = true;
            if c.active {
                end_run_rate += self.run_rate[i];
                end_active += 1;
                self.acct_cur[c.account as usize][1] = 1;
            }
            if rev_h > 0.0 {
                let r = owner[i] as usize;
                let hz = (w.motions[c.motion as usize].hz[r] * churn_factor[r]).min(1.0);
                let surv = 1.0 - hz;
                let denom = 1.0 + i_m - surv;
                if denom <= 0.0 {
                    tv_defined = false;
                } else {
                    tv += self.run_rate[i]
                        * (w.gross_margin[c.product as usize] - cost_h / rev_h)
                        * surv
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
        for a in &self.acct_cur {
            had += u64::from(a[0]);
            kept += u64::from(a[0] * a[1]);
        }

        let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { f64::NAN };
        let per_rep_year = |x: f64, r: usize| ratio(x, filled_months[r] as f64 / 12.0);
        let sales_cost: f64 = cost.iter().sum();
        let o = |m: M| m as usize;
        out.fill(f64::NAN);
        out[o(M::LTV)] = ltv;
        out[o(M::TERMINAL_VALUE)] = terminal;
        out[o(M::LTV_WITH_TERMINAL)] = ltv + terminal;
        out[o(M::LTV_PER_ACCOUNT)] = ltv / layout.n_accounts as f64;
        out[o(M::REVENUE)] = revenue;
        out[o(M::BOOKINGS)] = bookings;
        out[o(M::GROSS_MARGIN)] = gross_margin;
        out[o(M::SALES_COST)] = sales_cost;
        out[o(M::COST_OF_SALES)] = ratio(sales_cost, revenue);
        for (r, (sh, share, hcm, fm, cov, admin, ramp, idle)) in [
            (
                M::SELLING_HOURS_OUTSIDE,
                M::SELLING_SHARE_OUTSIDE,
                M::HEADCOUNT_OUTSIDE,
                M::FTE_REQUIRED_OUTSIDE,
                M::COVERAGE_OUTSIDE,
                M::ADMIN_HOURS_OUTSIDE,
                M::RAMP_HOURS_OUTSIDE,
                M::IDLE_HOURS_OUTSIDE,
            ),
            (
                M::SELLING_HOURS_INSIDE,
                M::SELLING_SHARE_INSIDE,
                M::HEADCOUNT_INSIDE,
                M::FTE_REQUIRED_INSIDE,
                M::COVERAGE_INSIDE,
                M::ADMIN_HOURS_INSIDE,
                M::RAMP_HOURS_INSIDE,
                M::IDLE_HOURS_INSIDE,
            ),
        ]
        .into_iter()
        .enumerate()
        {
            let rn = &w.roles[r];
            let selling = per_rep_year(sh_sum[r], r);
            out[o(sh)] = selling;
            out[o(share)] = selling / rn.annual_hours;
            out[o(hcm)] = f64::from(hc[r]);
            out[o(fm)] = fte[r];
            out[o(cov)] = if cov_n[r] > 0 {
                cov_sum[r] / f64::from(cov_n[r])
            } else {
                f64::NAN
            };
            out[o(admin)] = if filled_months[r] > 0 {
                rn.annual_hours * rn.admin_share
            } else {
                f64::NAN
            };
            out[o(ramp)] = per_rep_year(ramp_sum[r], r);
            out[o(idle)] = per_rep_year(idle_sum[r], r);
        }
        out[o(M::TRAVEL_HOURS_OUTSIDE)] = per_rep_year(travel_sum, 0);
        out[o(M::MANAGERS)] = f64::from(managers);
        out[o(M::ACCOUNT_RETENTION)] = ratio(kept as f64, had as f64);
        out[o(M::CELL_RETENTION)] = ratio(end_active as f64, start_active as f64);
        out[o(M::REVENUE_RETENTION)] = ratio(end_run_rate, start_run_rate);
        out[o(M::COST_PAY)] = cost[0];
        out[o(M::COST_COMMISSION)] = cost[1];
        out[o(M::COST_TRAVEL)] = cost[2];
        out[o(M::COST_HIRING)] = cost[3];
        out[o(M::COST_MANAGEMENT)] = cost[4];
    }
}

/// Checks that need the model. Errors: a scenario whose typical trial needs
/// an absurd team (usually a unit mistake; the size of the scenario itself
/// is checked during resolution).
/// Warnings: a role that owns cells but has no reps (it wins nothing), and
/// splits identical to another. Evaluated on the median world (every input
/// at its median), so "typical trial".
pub fn static_checks(s: &Scenario) -> Vec<Problem> {
    let mut out = Vec::new();
    let layout = Layout::new(s);
    let mut w = World::default();
    w.draw(s, &layout, Draw::Median);
    let (mut owner, mut order) = (Vec::new(), Vec::new());
    for split in &s.splits {
        assign(&layout, &w, split, &mut owner, &mut order);
        let (fte, work) = fte_required(&layout, &w, &owner);
        for r in Role::ALL {
            let ri = r.index();
            let owned = owner.iter().filter(|o| **o as usize == ri).count();
            let hc = headcount(split.staffing[ri], fte[ri], work[ri]);
            if split.staffing[ri] == Staff::Sized && fte[ri] > f64::from(MAX_REPS / 10) {
                out.push(Problem {
                    severity: Severity::Error,
                    path: format!("splits.{:?}.staffing.{}", split.name, r.name()),
                    line: None,
                    message: format!("the workload build-up asks for {:.0} {} reps in a typical trial; keysplit sizes teams of up to {}", fte[ri], r.name(), MAX_REPS / 10),
                    fix: "check the units of touches_per_year and hours_per_touch (per product per year, and hours), and annual_hours".into(),
                });
            }
            if owned > 0 && hc == 0 {
                let why = match split.staffing[ri] {
                    Staff::Fixed(_) => "its headcount is fixed at 0".to_string(),
                    Staff::Sized => "it is sized to 0 because its cells carry no workload (e.g. whitespace with no `prospect_touches_per_year`, or no touches or hours)".to_string(),
                };
                out.push(Problem {
                    severity: Severity::Warning,
                    path: format!("splits.{:?}.staffing.{}", split.name, r.name()),
                    line: None,
                    message: format!("the {} role owns {owned} cells but has 0 reps ({why}): it can win nothing there", r.name()),
                    fix: format!("give the {} role reps (a fixed headcount, or touches and hours so sizing finds work), or assign those cells to the other role", r.name()),
                });
            }
        }
    }
    for (i, a) in s.splits.iter().enumerate() {
        for b in &s.splits[..i] {
            if same_policy(s, a, b) {
                out.push(Problem {
                    severity: Severity::Warning,
                    path: format!("splits.{:?}", a.name),
                    line: None,
                    message: format!("this split is identical to {:?} (same assignment, staffing and credit)", b.name),
                    fix: "change one of them, or remove the duplicate: identical splits give identical results".into(),
                });
                break;
            }
        }
    }
    out
}

/// True when two splits differ in nothing but their names.
fn same_policy(s: &Scenario, a: &Split, b: &Split) -> bool {
    let same_rule = |x: Rule, y: Rule| match (x, y) {
        (Rule::Share(p), Rule::Share(q)) => s.param(p).dist == s.param(q).dist,
        _ => x == y,
    };
    let same_opt = |x: Option<Rule>, y: Option<Rule>| match (x, y) {
        (Some(x), Some(y)) => same_rule(x, y),
        (None, None) => true,
        _ => false,
    };
    a.assign
        .iter()
        .zip(&b.assign)
        .all(|(x, y)| same_rule(*x, *y))
        && a.assign_products
            .iter()
            .zip(&b.assign_products)
            .all(|(x, y)| same_opt(*x, *y))
        && a.staffing == b.staffing
        && a.credit.policy == b.credit.policy
        && s.param(a.credit.conflict_penalty).dist == s.param(b.credit.conflict_penalty).dist
        && s.param(a.credit.team_bonus_rate).dist == s.param(b.credit.team_bonus_rate).dist
}
