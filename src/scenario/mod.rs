//! Scenarios: the file-facing types (`file`), their resolution and validation
//! (`resolve`), and the resolved [`Scenario`] that the model runs, with every
//! default applied and no optional fields left.
//!
//! Every numeric input that may be a distribution becomes a per-trial
//! parameter ([`P`]): an index into the trial's vector of drawn values. A
//! parameter is keyed by its key path (array entries named by their `name`,
//! keys in a split by their path within the split), so its uniform is the
//! same whatever the order of the file, and the same in every split.

pub mod checks;
pub mod file;
pub mod patch;
pub mod problems;
mod resolve;
pub mod words;

pub use crate::core::role::{ByRole, Role};

use crate::core::dist::Dist;
pub use checks::{MAX_REPS, TypicalSplit};
pub use problems::{Problem, Problems, Severity};
pub use resolve::{Loaded, Typical, load, load_str};

/// A per-trial parameter: an index into the trial's drawn values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct P(pub u32);

/// The definition of a per-trial parameter.
#[derive(Clone, Debug)]
pub struct ParamDef {
    /// The full key path, for people (`splits."Shift and lift".assign.transactional.inside`).
    pub path: String,
    /// The path the draw is keyed by (within the split for split keys).
    pub key_path: String,
    pub dist: Dist,
}

#[derive(Clone, Debug)]
pub struct RoleSpec {
    pub annual_hours: P,
    pub admin_share: P,
    pub target_utilization: P,
    pub base_salary: P,
    pub benefits_load: P,
    pub other_cost: P,
    pub commission_rate: P,
    pub travel_hours_per_visit: P,
    pub travel_cost_per_visit: P,
    pub annual_attrition: P,
    pub months_to_hire: u32,
    pub ramp_months: P,
    pub hire_cost: P,
}

#[derive(Clone, Debug)]
pub struct Layer {
    pub name: String,
    pub span: u32,
    pub annual_cost: P,
}

#[derive(Clone, Debug)]
pub struct Motion {
    pub name: String,
    pub touches_per_year: P,
    pub in_person_share: P,
    pub hours_per_touch: ByRole<P>,
    pub annual_churn: ByRole<P>,
    pub win_rate: ByRole<P>,
    pub upsell_per_year: P,
    pub cross_sell_per_year: P,
    /// Drawn per won up-sell from `u_size`, as a multiple of the cell's base.
    pub upsell_size: Dist,
    pub prospect_touches_per_year: P,
}

#[derive(Clone, Debug)]
pub struct Product {
    pub name: String,
    pub motion: usize,
    pub gross_margin: P,
    /// Drawn per won cross-sell from `u_size`: annual value of the deal.
    pub cross_sell_size: Dist,
}

#[derive(Clone, Debug)]
pub struct Tier {
    pub name: String,
    pub accounts: u32,
    /// Per product (in product order): the annual spend of an owning account.
    pub spend: Vec<Option<Dist>>,
    /// Per product: whether it is whitespace (a cross-sell target) here.
    pub cross_sell: Vec<bool>,
}

/// Who owns a motion's (or a product's) cells in a split.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Rule {
    Outside,
    Inside,
    /// A share of the pool goes inside, smallest spend first.
    Share(P),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Staff {
    Sized,
    Fixed(u32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    Exclusive,
    Double,
    Team,
}

impl Policy {
    pub fn name(self) -> &'static str {
        match self {
            Policy::Exclusive => "exclusive",
            Policy::Double => "double",
            Policy::Team => "team",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Credit {
    pub policy: Policy,
    pub conflict_penalty: P,
    pub team_bonus_rate: P,
}

#[derive(Clone, Debug)]
pub struct Split {
    pub name: String,
    /// Per motion.
    pub assign: Vec<Rule>,
    /// Per product: an override of the motion's rule.
    pub assign_products: Vec<Option<Rule>>,
    /// Per role.
    pub staffing: ByRole<Staff>,
    pub credit: Credit,
}

/// How the per-trial parameters are sampled (`[simulation] sampling`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sampling {
    /// Each trial draws its own keyed uniforms.
    #[default]
    Random,
    /// Latin hypercube sampling, stratified per key path in blocks of trials.
    Lhs,
}

impl Sampling {
    pub fn name(self) -> &'static str {
        match self {
            Sampling::Random => "random",
            Sampling::Lhs => "lhs",
        }
    }
}

/// A requested rank correlation between two uncertain per-trial inputs.
#[derive(Clone, Debug, PartialEq)]
pub struct Correlation {
    /// Indices into `Scenario::params`.
    pub a: usize,
    pub b: usize,
    /// Spearman rank correlation in [-1, 1].
    pub rank: f64,
}

/// A resolved, validated scenario.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub name: String,
    pub trials: u64,
    pub horizon_months: u32,
    pub seed: u64,
    pub discount_rate: P,
    pub max_intensity: P,
    pub response_elasticity: P,
    pub undercoverage_churn: P,
    pub handoff_churn_multiplier: P,
    pub handoff_months: u32,
    pub roles: ByRole<RoleSpec>,
    pub management: Vec<Layer>,
    pub motions: Vec<Motion>,
    pub products: Vec<Product>,
    pub tiers: Vec<Tier>,
    pub splits: Vec<Split>,
    pub baseline: usize,
    pub current: usize,
    pub params: Vec<ParamDef>,
    pub sampling: Sampling,
    /// `[[correlations]]`, applied by Iman-Conover when the trials are drawn.
    pub correlations: Vec<Correlation>,
}

impl Scenario {
    /// Total number of accounts.
    pub fn accounts(&self) -> u64 {
        self.tiers.iter().map(|t| u64::from(t.accounts)).sum()
    }

    pub fn param(&self, p: P) -> &ParamDef {
        &self.params[p.0 as usize]
    }

    /// The uncertain per-trial inputs (every parameter that is a distribution).
    pub fn uncertain_params(&self) -> impl Iterator<Item = &ParamDef> {
        self.params.iter().filter(|d| !d.dist.is_const())
    }

    /// The index of the split with this name.
    pub fn split_index(&self, name: &str) -> Result<usize, String> {
        self.splits
            .iter()
            .position(|s| s.name == name)
            .ok_or_else(|| {
                let names: Vec<String> = self
                    .splits
                    .iter()
                    .map(|s| format!("{:?}", s.name))
                    .collect();
                let hint = problems::nearest(name, self.splits.iter().map(|s| s.name.as_str()))
                    .map(|n| format!("did you mean {n:?}? "))
                    .unwrap_or_default();
                format!(
                    "no split is named {name:?}; {hint}the splits are: {}",
                    names.join(", ")
                )
            })
    }

    /// Keeps only the named split, the baseline and the current split (in
    /// their order), so that a sweep or a grid simulates no more than it
    /// reports. Draws are keyed by names, so nothing else changes. Returns
    /// the new index of the kept split.
    pub fn restrict_to(&mut self, split: usize) -> usize {
        let keep: Vec<usize> = (0..self.splits.len())
            .filter(|&k| k == split || k == self.baseline || k == self.current)
            .collect();
        let pos = |k: usize| keep.iter().position(|&x| x == k).unwrap_or(0);
        let (b, c, t) = (pos(self.baseline), pos(self.current), pos(split));
        let mut i = 0;
        self.splits.retain(|_| {
            let kept = keep.contains(&i);
            i += 1;
            kept
        });
        self.baseline = b;
        self.current = c;
        t
    }
}
