//! Scenarios: the file-facing types ([`mod@file`]), their resolution and
//! validation (one file per section of the file, in `resolve/`), the checks
//! of the typical trial ([`checks`], given the model's numbers), key paths
//! ([`patch`], [`words`]), and the resolved [`Scenario`] that the model
//! runs, with every default applied and no optional fields left.
//!
//! Every numeric input that may be a distribution becomes a per-trial
//! parameter ([`P`]): an index into the trial's vector of drawn values. A
//! parameter is keyed by its key path (array entries named by their `name`,
//! keys in a split by their path within the split), so its uniform is the
//! same whatever the order of the file, and the same in every split.

pub mod book;
pub mod checks;
pub mod file;
pub mod patch;
pub mod problems;
mod resolve;
pub mod words;

pub use crate::core::role::{ByRole, Role};

use crate::core::dist::Dist;
pub use book::{Book, BookAccount, BookCell, BookData};
pub use checks::{MAX_REPS, TypicalSplit};
pub use problems::{Problem, Problems, Severity};
pub use resolve::{
    Loaded, MAX_FILE_BYTES, MAX_NAME_CHARS, Origin, Typical, key_line, load, load_in, load_str,
    reload,
};

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
    /// Its distribution (a constant when it does not vary).
    pub dist: Dist,
}

/// One role's inputs (`[roles.outside]`, `[roles.inside]`), each a per-trial parameter.
#[derive(Clone, Debug)]
pub struct RoleSpec {
    /// Paid working hours per rep per year.
    pub annual_hours: P,
    /// Share of those hours spent away from customers.
    pub admin_share: P,
    /// Utilisation a sized team is planned for.
    pub target_utilization: P,
    /// Base salary per rep per year.
    pub base_salary: P,
    /// Benefits and payroll taxes as a share of salary.
    pub benefits_load: P,
    /// Other cost per rep per year.
    pub other_cost: P,
    /// Commission as a share of the annual value of each deal.
    pub commission_rate: P,
    /// Travel hours per in-person visit (0 for inside reps).
    pub travel_hours_per_visit: P,
    /// Travel cost per visit (0 for inside reps).
    pub travel_cost_per_visit: P,
    /// Share of reps who quit each year.
    pub annual_attrition: P,
    /// Months a vacant seat stays empty (a constant).
    pub months_to_hire: u32,
    /// Months a new hire needs to be fully productive.
    pub ramp_months: P,
    /// Recruiting cost of one hire.
    pub hire_cost: P,
}

/// One layer of management (`[[management]]`).
#[derive(Clone, Debug)]
pub struct Layer {
    /// Its name.
    pub name: String,
    /// People one manager of this layer leads.
    pub span: u32,
    /// Cost of one manager per year.
    pub annual_cost: P,
}

/// How a product sells (`[motions.<name>]`): touches, hours and rates.
#[derive(Clone, Debug)]
pub struct Motion {
    /// Its name.
    pub name: String,
    /// Contacts per owned product per year.
    pub touches_per_year: P,
    /// Share of a field rep's touches made in person.
    pub in_person_share: P,
    /// Hours per touch, by role.
    pub hours_per_touch: ByRole<P>,
    /// Chance per year that the customer drops the product, by role.
    pub annual_churn: ByRole<P>,
    /// Share of opportunities won, by role.
    pub win_rate: ByRole<P>,
    /// Up-sell opportunities per owned product per year, at full coverage.
    pub upsell_per_year: P,
    /// Cross-sell opportunities per whitespace product per year, at full coverage.
    pub cross_sell_per_year: P,
    /// Drawn per won up-sell from `u_size`, as a multiple of the cell's base.
    pub upsell_size: Dist,
    /// Touches per whitespace product per year.
    pub prospect_touches_per_year: P,
}

/// A product line (`[[products]]`).
#[derive(Clone, Debug)]
pub struct Product {
    /// Its name.
    pub name: String,
    /// Its motion (index into `Scenario::motions`).
    pub motion: usize,
    /// Gross margin as a share of revenue.
    pub gross_margin: P,
    /// Drawn per won cross-sell from `u_size`: annual value of the deal.
    pub cross_sell_size: Dist,
}

/// A group of accounts (`[[tiers]]`).
#[derive(Clone, Debug)]
pub struct Tier {
    /// Its name.
    pub name: String,
    /// How many accounts it has.
    pub accounts: u32,
    /// Per product (in product order): the annual spend of an owning account.
    pub spend: Vec<Option<Dist>>,
    /// Per product: whether it is whitespace (a cross-sell target) here.
    pub cross_sell: Vec<bool>,
}

impl Tier {
    /// Its account-product cells: accounts x products owned or whitespace.
    pub fn cells(&self) -> u64 {
        let per_account = self
            .spend
            .iter()
            .zip(&self.cross_sell)
            .filter(|(s, c)| s.is_some() || **c)
            .count() as u64;
        u64::from(self.accounts) * per_account
    }
}

/// A tier's account, named `<tier name>#<i>` (i from 0) in `where` and in
/// the check that account names are unique.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TierAccount {
    /// The tier (an index into `Scenario::tiers`).
    pub tier: usize,
    /// The account's index in its tier.
    pub index: u32,
}

impl TierAccount {
    /// The tier account a name stands for, if any: `<tier>#<i>` with `i`
    /// written as a plain whole number below the tier's account count.
    pub fn parse(name: &str, tiers: &[Tier]) -> Option<TierAccount> {
        let (t, i) = name.rsplit_once('#')?;
        let plain = !i.is_empty()
            && i.bytes().all(|b| b.is_ascii_digit())
            && (i == "0" || !i.starts_with('0'));
        if !plain {
            return None;
        }
        let index: u32 = i.parse().ok()?;
        let tier = tiers.iter().position(|x| x.name == t)?;
        (index < tiers[tier].accounts).then_some(TierAccount { tier, index })
    }
}

/// Who owns a motion's (or a product's) cells in a split.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Rule {
    /// The field owns every cell.
    Outside,
    /// Inside reps own every cell.
    Inside,
    /// A share of the pool goes inside, smallest spend first.
    Share(P),
}

/// How a role's headcount is set in a split.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Staff {
    /// By the workload build-up in every trial (Talley 1961).
    Sized,
    /// A fixed number of reps.
    Fixed(u32),
    /// The current split's headcount of the role in the same trial
    /// (`"current"`: keep today's team).
    Current,
}

/// Who is paid commission on a deal at an account both roles serve.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    /// The owner of the product only; credit fights cost win rate.
    Exclusive,
    /// The owner, and the field rep too on inside deals.
    Double,
    /// The owner, plus a team bonus on bookings at shared accounts.
    Team,
}

impl Policy {
    /// The policy's name in the scenario file.
    pub fn name(self) -> &'static str {
        match self {
            Policy::Exclusive => "exclusive",
            Policy::Double => "double",
            Policy::Team => "team",
        }
    }
}

/// A split's commission credit (`credit = { ... }`).
#[derive(Clone, Debug)]
pub struct Credit {
    /// The policy.
    pub policy: Policy,
    /// Loss of win rate at shared accounts under `exclusive`.
    pub conflict_penalty: P,
    /// Bonus on bookings at shared accounts under `team`.
    pub team_bonus_rate: P,
}

/// One way of splitting the work (`[[splits]]`).
#[derive(Clone, Debug)]
pub struct Split {
    /// Its name.
    pub name: String,
    /// Per motion.
    pub assign: Vec<Rule>,
    /// Per product: an override of the motion's rule.
    pub assign_products: Vec<Option<Rule>>,
    /// Per role.
    pub staffing: ByRole<Staff>,
    /// The commission credit policy.
    pub credit: Credit,
    /// How the split is reached from today's team: `[transition]`,
    /// overridden key by key by the split's own `transition` table.
    pub transition: Transition,
    /// Rules for some accounts (`[[splits.overrides]]`), first claim wins.
    pub overrides: Vec<Override>,
    /// How share rules rank their pool.
    pub rank_by: RankBy,
}

/// How a share rule picks the cells that go inside (`rank_by`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RankBy {
    /// Cell by cell, smallest drawn spend first.
    #[default]
    Cell,
    /// Whole accounts, smallest total drawn spend first, with all their
    /// cells of the pool.
    Account,
}

impl RankBy {
    /// Its name in the scenario file.
    pub fn name(self) -> &'static str {
        match self {
            RankBy::Cell => "cell",
            RankBy::Account => "account",
        }
    }
}

/// An account-level rule of a split (`[[splits.overrides]]`): it claims the
/// cells of the accounts it matches for which it has a rule (its product
/// in `assign_products`, else its motion in `assign`).
#[derive(Clone, Debug)]
pub struct Override {
    /// `where` as written: each key with the values any of which matches.
    pub conditions: Vec<(String, Vec<String>)>,
    /// Per account (the tiers' accounts in file order, then the book's in
    /// name order): whether `where` matches it.
    pub matches: Vec<bool>,
    /// Per motion: the rule for the matched accounts' cells, if any.
    pub assign: Vec<Option<Rule>>,
    /// Per product: the rule for the matched accounts' cells, if any.
    pub assign_products: Vec<Option<Rule>>,
}

/// Where every split starts (`[transition] start`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Start {
    /// From today's team, the current split's, in the same trial.
    #[default]
    Current,
    /// At its own team, filled and ramped, with no transition (v1.2).
    Target,
}

impl Start {
    /// The word in the scenario file.
    pub fn name(self) -> &'static str {
        match self {
            Start::Current => "current",
            Start::Target => "target",
        }
    }
}

/// What happens to the reps above a split's target (`reduce`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Reduce {
    /// They leave before month 1 and are paid severance in month 1.
    #[default]
    Layoff,
    /// They stay until they quit, and are not replaced.
    Attrition,
}

impl Reduce {
    /// The word in the scenario file.
    pub fn name(self) -> &'static str {
        match self {
            Reduce::Layoff => "layoff",
            Reduce::Attrition => "attrition",
        }
    }
}

/// The transition from today's team to a split's (docs/model.md, "The
/// transition"), with every default applied.
#[derive(Clone, Debug, PartialEq)]
pub struct Transition {
    /// Hand-offs are spread over months 1..phase_months (0: all in month 1).
    pub phase_months: u32,
    /// Reps above target: laid off or left to attrition.
    pub reduce: Reduce,
    /// Months of loaded pay per laid-off rep, by role.
    pub severance_months: ByRole<P>,
    /// Whether reps above target fill the other role's new seats first.
    pub redeploy: bool,
    /// Ramp of a redeployed rep; `None`: the new role's `ramp_months`.
    pub redeploy_ramp_months: Option<P>,
    /// Money paid in month 1.
    pub one_off_cost: P,
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
    /// The sampling's name in the scenario file.
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
    /// The other input (an index into `Scenario::params`).
    pub b: usize,
    /// Spearman rank correlation in [-1, 1].
    pub rank: f64,
}

/// A resolved, validated scenario.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// Its name.
    pub name: String,
    /// Monte Carlo trials.
    pub trials: u64,
    /// Months simulated.
    pub horizon_months: u32,
    /// The random seed.
    pub seed: u64,
    /// Yearly discount rate of cash flows.
    pub discount_rate: P,
    /// The most a rep can usefully spend on an account, as a multiple of the planned time.
    pub max_intensity: P,
    /// Response of opportunities to selling time.
    pub response_elasticity: P,
    /// Extra churn when an account is under-covered.
    pub undercoverage_churn: P,
    /// Churn multiplier on a product handed to a new role.
    pub handoff_churn_multiplier: P,
    /// Months the hand-off multiplier lasts.
    pub handoff_months: u32,
    /// The two roles.
    pub roles: ByRole<RoleSpec>,
    /// Management layers, the first over the reps.
    pub management: Vec<Layer>,
    /// The motions.
    pub motions: Vec<Motion>,
    /// The products.
    pub products: Vec<Product>,
    /// The tiers of accounts.
    pub tiers: Vec<Tier>,
    /// The account book read from a file, if any (its accounts come after the tiers').
    pub book: Option<Book>,
    /// The splits compared.
    pub splits: Vec<Split>,
    /// The split the others are compared with.
    pub baseline: usize,
    /// Today's organisation, from which hand-offs are counted.
    pub current: usize,
    /// Every per-trial parameter.
    pub params: Vec<ParamDef>,
    /// How the per-trial parameters are sampled.
    pub sampling: Sampling,
    /// `[[correlations]]`, applied by Iman-Conover when the trials are drawn.
    pub correlations: Vec<Correlation>,
    /// Where every split starts: today's team or its own.
    pub start: Start,
    /// The `[transition]` table as resolved (each split carries its own,
    /// with its overrides applied).
    pub transition: Transition,
    /// The metric the run is decided on (`[simulation] decision_metric`).
    pub decision: Decision,
}

/// The metric a run is decided on (docs/model.md, "The decision metric").
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    /// The metric decided on.
    pub metric: crate::core::metrics::Metric,
    /// The metric the scenario asked for, when the run cannot decide on it
    /// and falls back to `ltv`, with the reason.
    pub fallback: Option<(crate::core::metrics::Metric, String)>,
}
impl Scenario {
    /// Total number of accounts, the tiers' and the book's.
    pub fn accounts(&self) -> u64 {
        self.tiers
            .iter()
            .map(|t| u64::from(t.accounts))
            .sum::<u64>()
            + self
                .book
                .as_ref()
                .map_or(0, |b| b.data.accounts.len() as u64)
    }

    /// Total number of account-product cells (owned or whitespace).
    pub fn cells(&self) -> u64 {
        self.tiers.iter().map(Tier::cells).sum::<u64>()
            + self.book.as_ref().map_or(0, |b| b.data.cells.len() as u64)
    }

    /// The definition of a per-trial parameter.
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
