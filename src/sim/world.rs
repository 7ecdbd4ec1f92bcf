//! One trial's draw of the world (docs/model.md, "Randomness"): every
//! per-trial parameter, every cell's starting spend and every cell's stream
//! key, and the per-role and per-motion numbers derived from them. The draw
//! is shared by every split of the trial (common random numbers).

use super::layout::{CellKeys, Layout, SpendOf};
use crate::core::dist::Dist;
use crate::core::rng::{Key, purpose};
use crate::scenario::{ByRole, Role, Rule, Scenario};

/// The floor of the cell loop, for the floor bench (`benches/engine.rs`):
/// it draws every cell-month's `u_churn` and `u_opp` of trial `trial`
/// once, as a trial of the engine does, and compares each with a constant
/// for every one of `splits` splits (the engine compares each once, with
/// the bounds of its candidates); it returns how many fell below (so that
/// nothing is optimised away). `keys` and `uniforms` are reused scratch
/// space.
pub fn floor_trial(
    s: &Scenario,
    layout: &Layout,
    trial: u64,
    splits: usize,
    (keys, uniforms): (&mut Vec<Key>, &mut Vec<[f64; 2]>),
) -> u64 {
    let ckey = Key::root(s.seed).with(trial).with(purpose::CELL);
    keys.clear();
    let mut cell_keys = CellKeys::new(ckey);
    keys.extend(layout.cells.iter().map(|c| cell_keys.of(c)));
    uniforms.clear();
    for t in 1..=s.horizon_months {
        draw_month(keys, t, uniforms);
    }
    let mut below = 0u64;
    for _ in 0..splits {
        for [u_churn, u_opp] in uniforms.iter() {
            below += u64::from(*u_churn < 0.01) + u64::from(*u_opp < 0.1);
        }
    }
    below
}

/// Appends every cell's `[u_churn, u_opp]` of month `t` (from 1) to `out`:
/// elements 4 (t - 1) and 4 (t - 1) + 1 of each cell's stream. A plain
/// loop of pushes: the form the compiler vectorises (`extend` of a map)
/// emulates the 64-bit multiplies with 32-bit ones and ran slower (the
/// floor bench and whole runs, measured side by side).
fn draw_month(keys: &[Key], t: u32, out: &mut Vec<[f64; 2]>) {
    let n0 = 4 * u64::from(t - 1);
    out.reserve(keys.len());
    for k in keys {
        out.push([k.uniform(n0), k.uniform(n0 + 1)]);
    }
}

/// `hz_annual -> monthly`: `1 - (1 - x)^(1/12)`.
#[inline]
pub fn monthly(annual: f64) -> f64 {
    1.0 - (1.0 - annual).powf(1.0 / 12.0)
}

/// How per-trial uniforms are produced: keyed draws, or every input at its
/// median (used for the static checks of `validate`).
#[derive(Clone, Copy, Debug)]
pub enum Draw {
    /// The keyed draws of a trial.
    Trial(u64),
    /// Every input at its median.
    Median,
}

/// Per-trial numbers derived from the parameters, for one motion.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct MotionNums {
    /// Monthly workload of a cell by role, then [0 = active, 1 =
    /// whitespace]: W / 12.
    pub(super) w12: ByRole<[f64; 2]>,
    /// Monthly selling (customer-facing) hours `f h / 12`, same indexing.
    pub(super) fh12: ByRole<[f64; 2]>,
    /// Monthly travel hours `f v T / 12` of an outside cell.
    pub(super) fvt12: [f64; 2],
    /// Monthly in-person visits `f v / 12` of an outside cell.
    pub(super) fv12: [f64; 2],
    /// Monthly churn hazard by role.
    pub(super) hz: ByRole<f64>,
    /// Win rate by role.
    pub(super) win: ByRole<f64>,
    pub(super) upsell_per_year: f64,
    pub(super) cross_sell_per_year: f64,
}

/// Per-trial numbers derived from the parameters, for one role.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct RoleNums {
    pub(super) annual_hours: f64,
    pub(super) admin_share: f64,
    /// Hours per fully productive rep per month: `A_r`.
    pub(super) capacity: f64,
    /// Hours per FTE per year for sizing: annual_hours (1 - admin) util.
    pub(super) sizing_hours: f64,
    pub(super) monthly_pay: f64,
    pub(super) commission_rate: f64,
    pub(super) quit_hazard: f64,
    pub(super) months_to_hire: u32,
    pub(super) ramp_months: f64,
    pub(super) hire_cost: f64,
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
    pub(super) cell_keys: Vec<Key>,
    pub(super) trial_key: Key,
    pub(super) motions: Vec<MotionNums>,
    pub(super) roles: ByRole<RoleNums>,
    pub(super) gross_margin: Vec<f64>,
    pub(super) travel_cost_per_visit: f64,
    pub(super) discount_rate: f64,
    pub(super) max_intensity: f64,
    pub(super) elasticity: f64,
    pub(super) undercoverage_churn: f64,
    pub(super) handoff_multiplier: f64,
    pub(super) mgmt_annual_cost: Vec<f64>,
}

/// Draws every per-trial parameter of the trial keyed `trial_key` into
/// `out`, with the uniforms of a design row where it has them.
fn draw_params(
    s: &Scenario,
    trial_key: Key,
    draw: Draw,
    design: Option<&[f64]>,
    out: &mut Vec<f64>,
) {
    let pkey = trial_key.with(purpose::PARAM);
    out.clear();
    out.extend(s.params.iter().enumerate().map(|(i, d)| {
        if d.dist.is_const() {
            return d.dist.inverse_cdf(0.5);
        }
        let u = match (design.map(|row| row[i]).filter(|u| !u.is_nan()), draw) {
            (Some(u), _) => u,
            (None, Draw::Trial(_)) => pkey.with_name(&d.key_path).uniform(0),
            (None, Draw::Median) => 0.5,
        };
        d.dist.inverse_cdf(u)
    }));
}

impl World {
    /// The drawn value of every per-trial parameter of trial `t`, with the
    /// uniforms of the run's design row where it has one: exactly the
    /// values the trial runs with (the rank correlations of `sensitivity`
    /// read them; under Latin hypercube sampling or `[[correlations]]`
    /// they differ from the keyed draws).
    pub fn param_values(s: &Scenario, t: u64, design: Option<&[f64]>) -> Vec<f64> {
        let mut out = Vec::new();
        draw_params(
            s,
            Key::root(s.seed).with(t),
            Draw::Trial(t),
            design,
            &mut out,
        );
        out
    }

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
        draw_params(s, trial_key, draw, design, &mut self.values);
        let v = |p: crate::scenario::P| self.values[p.0 as usize];

        // Derived per-role numbers.
        let travel_hours = v(s.roles.outside.travel_hours_per_visit);
        for r in Role::ALL {
            let rs = &s.roles[r];
            let annual_hours = v(rs.annual_hours);
            let admin = v(rs.admin_share);
            self.roles[r] = RoleNums {
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
            let h = m.hours_per_touch.map(v);
            // Workload (docs/model.md, "Workload and capacity"):
            // W = f (h_r + [outside] v T), for an active cell (f = touches)
            // and a whitespace cell (f = prospect touches).
            let n = MotionNums {
                w12: ByRole::new(
                    f.map(|f| f * (h.outside + vis * travel_hours) / 12.0),
                    f.map(|f| f * h.inside / 12.0),
                ),
                fh12: ByRole::new(
                    f.map(|f| f * h.outside / 12.0),
                    f.map(|f| f * h.inside / 12.0),
                ),
                fvt12: f.map(|f| f * vis * travel_hours / 12.0),
                fv12: f.map(|f| f * vis / 12.0),
                hz: m.annual_churn.map(|p| monthly(v(p))),
                win: m.win_rate.map(v),
                upsell_per_year: v(m.upsell_per_year),
                cross_sell_per_year: v(m.cross_sell_per_year),
            };
            self.motions.push(n);
        }
        self.gross_margin.clear();
        self.gross_margin
            .extend(s.products.iter().map(|p| v(p.gross_margin)));
        self.travel_cost_per_visit = v(s.roles.outside.travel_cost_per_visit);
        self.discount_rate = v(s.discount_rate);
        self.max_intensity = v(s.max_intensity);
        self.elasticity = v(s.response_elasticity);
        self.undercoverage_churn = v(s.undercoverage_churn);
        self.handoff_multiplier = v(s.handoff_churn_multiplier);
        self.mgmt_annual_cost.clear();
        self.mgmt_annual_cost
            .extend(s.management.iter().map(|l| v(l.annual_cost)));

        // Spends, per (tier, account index, product) or (book account name,
        // product), and per-cell streams keyed the same way.
        let mut spend_keys = CellKeys::new(trial_key.with(purpose::SPEND));
        // A cell's stream of monthly events, under the trial's key of
        // purpose "cell": keyed by its account (tier and index, or a book
        // account's name) and product (docs/model.md, "Randomness").
        let mut cell_keys = CellKeys::new(trial_key.with(purpose::CELL));
        self.spend.clear();
        self.cell_keys.clear();
        self.account_spend.clear();
        self.account_spend.resize(layout.n_accounts, 0.0);
        for c in &layout.cells {
            let spend = if c.active {
                let key = spend_keys.of(c);
                let u = || uniform(key);
                match c.spend_of {
                    SpendOf::Tier(t) => s.tiers[t as usize].spend[c.product as usize]
                        .as_ref()
                        .expect("active cells have a spend")
                        .inverse_cdf(u()),
                    SpendOf::Book(j) => {
                        let book = s.book.as_ref().expect("book cells have a book");
                        // The file's spend times the spend uncertainty,
                        // drawn per account and product (reading 20).
                        let m = match book.spend_uncertainty {
                            Dist::Const(m) => m,
                            ref d => d.inverse_cdf(u()),
                        };
                        book.data.cells[j as usize].spend * m
                    }
                }
            } else {
                0.0
            };
            self.spend.push(spend);
            self.account_spend[c.account as usize] += spend;
            self.cell_keys.push(cell_keys.of(c));
        }
    }

    pub(super) fn value(&self, p: crate::scenario::P) -> f64 {
        self.values[p.0 as usize]
    }

    /// The inside share of a rule, or `None` for a whole-role rule.
    pub(super) fn share(&self, r: Rule) -> Option<f64> {
        match r {
            Rule::Share(p) => Some(self.value(p)),
            _ => None,
        }
    }
}
