//! `keysplit size`: team sizing by simulation. Evaluates a grid of fixed
//! headcounts (field x inside) for one split over the same trials' random
//! numbers, keeps the cells that meet every constraint, and recommends the
//! one with the best objective; then compares it with the workload build-up.

use crate::analysis::precision::{self, Outcome, Precision};
use crate::core::metrics::Metric;
use crate::core::rng::{Key, purpose};
use crate::core::stats::{Delta, Summary, summarize};
use crate::error::{Error, Result};
use crate::scenario::{ByRole, MAX_REPS, Scenario, Staff};
use crate::sim::memory::{available_memory, bytes_needed, check_runs, trials_or_shards};
use crate::sim::shard::Trials;
use crate::sim::{Engine, RunResult, Runner, management_counts};

/// What the optimiser maximises (or minimises).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Objective {
    /// The mean of a metric, maximised or minimised by its direction. The
    /// default is the mean of the scenario's decision metric (docs/model.md,
    /// "The decision metric"); `ltv_with_terminal` counts the book of
    /// business left at the end, so a team that lets accounts erode late in
    /// the horizon is not rewarded for the pay it saved.
    Mean(Metric),
    /// Maximise the 10th percentile of `ltv` (risk-averse).
    P10Ltv,
}

impl std::str::FromStr for Objective {
    type Err = String;
    fn from_str(s: &str) -> Result<Objective, String> {
        // Forgiving: any case, `_` or `-` between words, `mean-` optional.
        let s = s.trim().to_ascii_lowercase().replace('_', "-");
        if s == "p10-ltv" {
            return Ok(Objective::P10Ltv);
        }
        let name = s.strip_prefix("mean-").unwrap_or(&s).replace('-', "_");
        Metric::by_name(&name)
            .filter(|m| *m != Metric::PaybackMonth)
            .map(Objective::Mean)
            .ok_or_else(|| {
                // The objectives as written on the command line.
                let names: Vec<String> = Metric::ALL
                    .iter()
                    .filter(|m| **m != Metric::PaybackMonth)
                    .map(|m| format!("mean-{}", m.name().replace('_', "-")))
                    .chain(["p10-ltv".to_string()])
                    .collect();
                let hint = crate::core::hint::nearest(&s, names.iter().map(String::as_str))
                    .map(|n| format!("did you mean {n}? "))
                    .unwrap_or_default();
                format!(
                    "unknown objective {s:?}: {hint}use mean-METRIC for any metric (e.g. mean-ltv-with-terminal, the \
                     default decision metric, mean-ltv or mean-cost-of-sales), or p10-ltv"
                )
            })
    }
}

impl Objective {
    /// The metric behind the objective.
    pub fn metric(self) -> Metric {
        match self {
            Objective::Mean(m) => m,
            Objective::P10Ltv => Metric::Ltv,
        }
    }

    /// What is optimised, in words ("mean LTV").
    pub fn label(self) -> String {
        match self {
            Objective::Mean(m) => format!("mean {}", crate::core::format::metric_noun(m)),
            Objective::P10Ltv => "P10 of LTV".into(),
        }
    }

    fn maximise(self) -> bool {
        self.metric().def().higher_is_better
    }
}

/// A constraint: `metric>=bound` on the mean, or `metric>=bound@p`: true in
/// at least a share p of trials. `<=` likewise.
#[derive(Clone, Debug, PartialEq)]
pub struct Constraint {
    /// The constrained metric.
    pub metric: Metric,
    /// `>=` (true) or `<=` (false).
    pub at_least: bool,
    /// The bound, in the metric's unit.
    pub bound: f64,
    /// With `@SHARE`: the share of trials in which the bound must hold; without it, the bound is on the mean.
    pub prob: Option<f64>,
    /// The constraint as written.
    pub text: String,
}

impl std::str::FromStr for Constraint {
    type Err = String;
    fn from_str(s: &str) -> Result<Constraint, String> {
        let text = s.trim().to_string();
        let (lhs, rest, at_least) = if let Some((l, r)) = text.split_once(">=") {
            (l, r, true)
        } else if let Some((l, r)) = text.split_once("<=") {
            (l, r, false)
        } else {
            return Err(format!(
                "{s:?}: write METRIC>=VALUE or METRIC<=VALUE, optionally @SHARE (e.g. coverage_outside>=0.95@0.9)"
            ));
        };
        let metric: Metric = lhs.parse().map_err(|e| format!("{s:?}: {e}"))?;
        let (bound, prob) = match rest.split_once('@') {
            Some((b, p)) => (b, Some(p)),
            None => (rest, None),
        };
        let bound: f64 = bound.trim().parse().map_err(|_| {
            // A percent is the usual slip: a share is written as a fraction.
            let hint = match bound
                .trim()
                .strip_suffix('%')
                .map(|p| p.trim().parse::<f64>())
            {
                Some(Ok(p)) => format!("; write {} for {p}%", p / 100.0),
                _ => String::new(),
            };
            format!("{s:?}: {:?} is not a number{hint}", bound.trim())
        })?;
        if !bound.is_finite() {
            return Err(format!(
                "{s:?}: the bound {:?} is not a finite number; write a number such as 0.9",
                rest.split('@').next().unwrap_or_default().trim()
            ));
        }
        // A share (coverage, cost of sales / revenue, retention) lies in
        // [0, 1]: a bound above 1 is a percent written without its sign
        // (coverage_outside>=90 would fail every team, cost_of_sales<=5
        // hold for every one), refused with the fraction it means.
        if metric.def().unit == crate::core::metrics::Unit::Ratio && !(0.0..=1.0).contains(&bound) {
            return Err(format!(
                "{s:?}: {} is a share, written as a fraction from 0 to 1; write {} for {bound}%",
                metric.name(),
                bound / 100.0
            ));
        }
        let prob = match prob {
            None => None,
            Some(p) => {
                let p: f64 = p
                    .trim()
                    .parse()
                    .map_err(|_| format!("{s:?}: the share after @ must be a number in (0, 1]"))?;
                if !(p > 0.0 && p <= 1.0) {
                    return Err(format!("{s:?}: the share after @ must be in (0, 1]"));
                }
                Some(p)
            }
        };
        Ok(Constraint {
            metric,
            at_least,
            bound,
            prob,
            text,
        })
    }
}

impl Constraint {
    fn holds(&self, x: f64) -> bool {
        !x.is_nan()
            && if self.at_least {
                x >= self.bound
            } else {
                x <= self.bound
            }
    }
}

/// One grid cell's result.
#[derive(Clone, Debug)]
pub struct Cell {
    /// Field reps.
    pub outside: u32,
    /// Inside reps.
    pub inside: u32,
    /// Managers per layer for this team.
    pub managers: Vec<u32>,
    /// The objective's value (`None` when undefined).
    pub objective: Option<f64>,
    /// Whether every constraint holds.
    pub feasible: bool,
    /// Share of trials in which every constraint held.
    pub feasible_share: f64,
    /// Lifetime value over trials.
    pub ltv: Option<Summary>,
    /// Cost of sales over trials.
    pub cost_of_sales: Option<Summary>,
    /// Coverage per role.
    pub coverage: ByRole<Option<Summary>>,
    /// The paired difference of LTV against the baseline.
    pub delta_ltv: Option<Delta>,
    /// The baseline's value of the objective over the same trials (`None`
    /// when the split sized is the baseline).
    pub baseline_objective: Option<f64>,
    /// The paired difference of the objective's metric against the
    /// baseline: for a mean, over the trials, with its Student-t interval;
    /// for a P10, the difference of the two P10s with a paired bootstrap
    /// interval, computed for the recommended team only.
    pub delta_objective: Option<Delta>,
}

/// The whole sizing.
#[derive(Clone, Debug)]
pub struct Sizing {
    /// The scenario's name.
    pub scenario: String,
    /// The split sized.
    pub split: String,
    /// The baseline every team is compared with.
    pub baseline: String,
    /// What was optimised.
    pub objective: Objective,
    /// The constraints every recommended team must meet.
    pub constraints: Vec<Constraint>,
    /// The field headcounts tried (lowest, highest).
    pub outside: (u32, u32),
    /// The inside headcounts tried (lowest, highest).
    pub inside: (u32, u32),
    /// Trials per team.
    pub trials: u64,
    /// Every team evaluated, by field then inside headcount.
    pub cells: Vec<Cell>,
    /// The recommended team (an index into `cells`), if any is feasible.
    pub best: Option<usize>,
    /// The other feasible teams that cannot be told apart from the
    /// recommendation on the objective: the 95% interval of their paired
    /// difference from it contains 0 (a bootstrap interval for a P10),
    /// indices into `cells`, in grid order.
    pub near_best: Vec<usize>,
    /// The workload build-up team of this split (mean over trials) and its results.
    pub sized: Cell,
    /// The build-up team's mean headcount per role.
    pub sized_headcount: ByRole<f64>,
    /// The names of the management layers.
    pub layer_names: Vec<String>,
    /// What precision control did, when it was used.
    pub precision: Option<Outcome>,
    /// The (field, inside) team of each runner in the precision history, in order.
    pub precision_teams: Vec<(u32, u32)>,
}

/// The median-world workload build-up of a split: unrounded FTE per role.
pub fn typical_fte(s: &Scenario, split: usize) -> ByRole<f64> {
    crate::sim::typical(s)[split].fte
}

/// A default range around a build-up headcount: half to one and a half times it, at least ±3.
pub fn default_range(fte: f64) -> (u32, u32) {
    let hc = fte.ceil().max(0.0);
    let lo = (hc * 0.5).floor().min((hc - 3.0).max(0.0));
    let hi = (hc * 1.5).ceil().max(hc + 3.0);
    (lo as u32, hi as u32)
}

fn evaluate(
    s: &Scenario,
    k: usize,
    r: &Runner<'_>,
    objective: Objective,
    constraints: &[Constraint],
    outside: u32,
    inside: u32,
) -> Cell {
    let mut scratch = Vec::new();
    let vals = |m: Metric| r.values(k, m).collect::<Vec<f64>>();
    let ltv_vals = vals(Metric::Ltv);
    let ltv = summarize(ltv_vals.iter().copied(), &mut scratch);
    let cos = summarize(r.values(k, Metric::CostOfSales), &mut scratch);
    let objective_value = match objective {
        Objective::P10Ltv => ltv.as_ref().map(|s| s.p10),
        Objective::Mean(m) => summarize(r.values(k, m), &mut scratch).map(|s| s.mean),
    };
    let per_metric: Vec<Vec<f64>> = constraints
        .iter()
        .map(|c| r.values(k, c.metric).collect())
        .collect();
    let n = ltv_vals.len();
    let mut feasible = objective_value.is_some();
    for (c, xs) in constraints.iter().zip(&per_metric) {
        let ok = match c.prob {
            Some(p) => xs.iter().filter(|x| c.holds(**x)).count() as f64 >= p * n as f64 - 1e-9,
            None => {
                let defined: Vec<f64> = xs.iter().copied().filter(|x| !x.is_nan()).collect();
                !defined.is_empty() && c.holds(defined.iter().sum::<f64>() / defined.len() as f64)
            }
        };
        feasible &= ok;
    }
    let joint = (0..n)
        .filter(|&t| {
            constraints
                .iter()
                .zip(&per_metric)
                .all(|(c, xs)| c.holds(xs[t]))
        })
        .count();
    let mut managers = Vec::new();
    management_counts(s, outside + inside, &mut managers);
    // The baseline on the objective itself, paired with this team over the
    // same trials: whether the best team still loses to today's is part of
    // the recommendation.
    let base = s.baseline;
    let (baseline_objective, delta_objective) = if k == base {
        (None, None)
    } else {
        match objective {
            Objective::P10Ltv => (
                summarize(r.values(base, Metric::Ltv), &mut scratch).map(|s| s.p10),
                None,
            ),
            Objective::Mean(m) => (
                summarize(r.values(base, m), &mut scratch).map(|s| s.mean),
                r.delta(k, m),
            ),
        }
    };
    Cell {
        outside,
        inside,
        managers,
        objective: objective_value,
        feasible,
        feasible_share: if n == 0 { 0.0 } else { joint as f64 / n as f64 },
        ltv,
        cost_of_sales: cos,
        coverage: ByRole::new(
            summarize(r.values(k, Metric::CoverageOutside), &mut scratch),
            summarize(r.values(k, Metric::CoverageInside), &mut scratch),
        ),
        delta_ltv: r.delta(k, Metric::Ltv),
        baseline_objective,
        delta_objective,
    }
}

/// The feasible teams other than `best` whose paired difference from it on
/// the objective has a 95% interval containing 0, over the trials both ran
/// (the same trials: common random numbers pair them, docs/model.md,
/// "Randomness"): for a mean, its Student-t interval; for a P10, the
/// paired bootstrap interval of the difference of the P10s, every team
/// resampled over the same resamples of the trials (`key`).
fn near(
    cells: &[Cell],
    per_trial: &[Vec<f64>],
    best: usize,
    objective: Objective,
    key: Key,
) -> Vec<usize> {
    let hib = objective.metric().def().higher_is_better;
    (0..cells.len())
        .filter(|&i| i != best && cells[i].feasible && cells[i].objective.is_some())
        .filter(|&i| {
            let (x, b) = (&per_trial[i], &per_trial[best]);
            let d = match objective {
                Objective::Mean(_) => {
                    crate::core::stats::paired(x.iter().copied(), b.iter().copied(), hib)
                }
                Objective::P10Ltv => crate::core::stats::paired_quantile(x, b, 0.1, hib, key),
            };
            d.is_some_and(|d| !d.clear())
        })
        .collect()
}

/// Options of a sizing run.
#[derive(Clone, Debug)]
pub struct SizeSpec {
    /// The split to size.
    pub split: String,
    /// Field headcounts to try (default: around the workload build-up).
    pub outside: Option<(u32, u32)>,
    /// Inside headcounts to try (default: around the workload build-up).
    pub inside: Option<(u32, u32)>,
    /// What to optimise (`None`: the mean of the scenario's decision metric).
    pub objective: Option<Objective>,
    /// What every recommended team must meet.
    pub constraints: Vec<Constraint>,
}

/// Grids larger than this are searched coarse, then fine.
pub const FULL_GRID_MAX: u64 = 225;

fn axis(lo: u32, hi: u32, step: u32) -> Vec<u32> {
    let mut v: Vec<u32> = (lo..=hi).step_by(step.max(1) as usize).collect();
    if v.last() != Some(&hi) {
        v.push(hi);
    }
    v
}

/// Runs a sizing over `base` (validated, overrides applied). With `keep`,
/// every team's run (its per-trial metrics) comes back too, in the order of
/// `Sizing::cells`; the memory check then counts the runs kept from the
/// coarse pass while the fine pass runs.
pub fn run(
    base: &Scenario,
    spec: &SizeSpec,
    engine: &Engine,
    precision: Option<Precision>,
    keep: bool,
) -> Result<(Sizing, Vec<RunResult>)> {
    let k0 = base.split_index(&spec.split).map_err(Error::Usage)?;
    let objective = spec
        .objective
        .unwrap_or(Objective::Mean(base.decision.metric));
    let fte = typical_fte(base, k0);
    let outside = spec.outside.unwrap_or_else(|| default_range(fte.outside));
    let inside = spec.inside.unwrap_or_else(|| default_range(fte.inside));
    for (name, (lo, hi)) in [("--outside", outside), ("--inside", inside)] {
        if lo > hi {
            return Err(Error::Usage(format!(
                "{name} {lo}..{hi}: the range is empty; write LOW..HIGH with LOW <= HIGH"
            )));
        }
        if hi > MAX_REPS / 10 {
            return Err(Error::Usage(format!(
                "{name} {lo}..{hi}: at most {} reps",
                MAX_REPS / 10
            )));
        }
    }
    let mut restricted = base.clone();
    let k = restricted.restrict_to(k0);
    let variant = |o: u32, i: u32| {
        let mut s = restricted.clone();
        s.splits[k].staffing = ByRole::new(Staff::Fixed(o), Staff::Fixed(i));
        s
    };
    let n_cells = u64::from(outside.1 - outside.0 + 1) * u64::from(inside.1 - inside.0 + 1);
    // Coarse-then-fine: a coarse grid of about 15 x 15, then every cell
    // within one coarse step of the coarse optimum.
    let steps = if n_cells > FULL_GRID_MAX {
        (
            ((outside.1 - outside.0) / 14).max(1),
            ((inside.1 - inside.0) / 14).max(1),
        )
    } else {
        (1, 1)
    };
    if steps != (1, 1) && !matches!(engine.trials, Trials::All) {
        // The fine pass's teams depend on the coarse pass's results.
        return Err(Error::Usage(format!(
            "--shard: a grid of {n_cells} teams is searched coarse then fine, and which teams the fine pass runs depends on the coarse pass's results, which no shard can decide alone; narrow --outside and --inside to at most {FULL_GRID_MAX} teams or 28 headcounts each (every team is then run)"
        )));
    }
    let mut order: Vec<(u32, u32)> = axis(outside.0, outside.1, steps.0)
        .into_iter()
        .flat_map(|o| {
            axis(inside.0, inside.1, steps.1)
                .into_iter()
                .map(move |i| (o, i))
        })
        .collect();
    let mut precision_outcome: Option<Outcome> = None;
    let mut precision_teams: Vec<(u32, u32)> = Vec::new();
    let mut cells: Vec<Cell> = Vec::new();
    let mut per_trial: Vec<Vec<f64>> = Vec::new();
    let mut baseline_ltv: Vec<f64> = Vec::new();
    let mut kept: Vec<RunResult> = Vec::new();
    for pass in 0..2 {
        let scenarios: Vec<Scenario> = order.iter().map(|&(o, i)| variant(o, i)).collect();
        // Every team of a pass is held in memory at once (precision
        // control checks each batch of them itself), with the runs kept
        // from the coarse pass.
        let held: u128 = kept
            .iter()
            .map(|r| bytes_needed(r.trials, r.n_splits))
            .sum();
        if precision.is_none() {
            check_runs(
                engine.held(restricted.trials),
                &vec![restricted.splits.len(); scenarios.len() + kept.len()],
                available_memory(),
                &trials_or_shards(restricted.trials),
            )?;
        }
        let mut runners: Vec<Runner<'_>> = scenarios
            .iter()
            .map(|s| Runner::new(engine, s).metrics_only())
            .collect();
        match precision {
            Some(p) => {
                let checks = vec![
                    if k == restricted.baseline {
                        vec![]
                    } else {
                        vec![k]
                    };
                    runners.len()
                ];
                let outcome =
                    precision::run_until(&mut runners, &checks, p.target, p.max_trials, held)?;
                // The last pass ran every team (see below): its history,
                // trial count and verdict are the sizing's.
                precision_teams = order.clone();
                precision_outcome = Some(outcome);
            }
            None => {
                for r in runners.iter_mut() {
                    r.extend_to(restricted.trials)?;
                }
            }
        }
        for r in &runners {
            // The objective's metric per trial, to tell the recommendation
            // from its rivals (one number per trial and team).
            per_trial.push(r.values(k, objective.metric()).collect());
        }
        for ((o, i), r) in order.iter().zip(&runners) {
            cells.push(evaluate(
                &restricted,
                k,
                r,
                objective,
                &spec.constraints,
                *o,
                *i,
            ));
        }
        if let Some(r) = runners.first() {
            // The baseline is the same in every team's run (common random
            // numbers), over the trials of the pass.
            baseline_ltv = r.values(restricted.baseline, Metric::Ltv).collect();
        }
        if keep {
            kept.extend(runners.into_iter().map(Runner::into_result));
        }
        if pass == 1 || steps == (1, 1) {
            break;
        }
        let Some(b) = best(&cells, objective) else {
            break;
        };
        let (bo, bi) = (cells[b].outside, cells[b].inside);
        let lo_o = bo.saturating_sub(steps.0).max(outside.0);
        let hi_o = (bo + steps.0).min(outside.1);
        let lo_i = bi.saturating_sub(steps.1).max(inside.0);
        let hi_i = (bi + steps.1).min(inside.1);
        let fine: Vec<(u32, u32)> = (lo_o..=hi_o)
            .flat_map(|o| (lo_i..=hi_i).map(move |i| (o, i)))
            .filter(|c| !cells.iter().any(|x| (x.outside, x.inside) == *c))
            .collect();
        if fine.is_empty() {
            break;
        }
        if precision.is_some() {
            // Precision control stops each pass at its own trial count, and
            // two means over different trials differ by the worlds drawn,
            // by more than neighbouring teams differ: the fine pass runs
            // the coarse teams again with its own, so that every team is
            // compared over the same trials (docs/model.md, "Size").
            // It stops no earlier than the coarse pass did.
            order.extend(fine);
            cells.clear();
            per_trial.clear();
            kept.clear();
        } else {
            order = fine;
        }
    }
    // Teams in grid order, their kept runs alongside.
    let mut order: Vec<usize> = (0..cells.len()).collect();
    order.sort_by_key(|&i| (cells[i].outside, cells[i].inside));
    let mut runs: Vec<Option<RunResult>> = kept.into_iter().map(Some).collect();
    let runs: Vec<RunResult> = order
        .iter()
        .filter_map(|&i| runs.get_mut(i)?.take())
        .collect();
    let mut slots: Vec<Option<Cell>> = cells.into_iter().map(Some).collect();
    let mut cells: Vec<Cell> = order.iter().filter_map(|&i| slots[i].take()).collect();
    let best_idx = best(&cells, objective);
    let per_trial: Vec<Vec<f64>> = order
        .iter()
        .map(|&i| std::mem::take(&mut per_trial[i]))
        .collect();
    let key = Key::root(restricted.seed).with(purpose::QUANTILE_BOOTSTRAP);
    let near_best = best_idx.map_or_else(Vec::new, |b| near(&cells, &per_trial, b, objective, key));
    // A P10 has no per-trial difference: the recommendation's against the
    // baseline is read from resamples of their trials.
    if let (Objective::P10Ltv, Some(b)) = (objective, best_idx)
        && k != restricted.baseline
    {
        cells[b].delta_objective =
            crate::core::stats::paired_quantile(&per_trial[b], &baseline_ltv, 0.1, true, key);
    }

    // The workload build-up team of the same split, for comparison.
    let mut sized_s = restricted.clone();
    sized_s.splits[k].staffing = ByRole::both(Staff::Sized);
    let mut r = Runner::new(engine, &sized_s).metrics_only();
    r.extend_to(cells_trials(&precision_outcome, restricted.trials))?;
    let hc = ByRole::new(Metric::HeadcountOutside, Metric::HeadcountInside).map(|m| {
        let xs: Vec<f64> = r.values(k, m).collect();
        xs.iter().sum::<f64>() / xs.len().max(1) as f64
    });
    let sized = evaluate(
        &sized_s,
        k,
        &r,
        objective,
        &spec.constraints,
        hc.outside.round() as u32,
        hc.inside.round() as u32,
    );
    let sizing = Sizing {
        scenario: base.name.clone(),
        split: spec.split.clone(),
        baseline: restricted.splits[restricted.baseline].name.clone(),
        objective,
        constraints: spec.constraints.clone(),
        outside,
        inside,
        trials: cells_trials(&precision_outcome, restricted.trials),
        cells,
        best: best_idx,
        near_best,
        sized,
        sized_headcount: hc,
        layer_names: base.management.iter().map(|l| l.name.clone()).collect(),
        precision: precision_outcome,
        precision_teams,
    };
    Ok((sizing, runs))
}

fn cells_trials(p: &Option<Outcome>, default: u64) -> u64 {
    p.as_ref().map(|o| o.trials).unwrap_or(default)
}

/// The best feasible cell (ties: fewer reps, then fewer field reps).
pub fn best(cells: &[Cell], objective: Objective) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, c) in cells.iter().enumerate() {
        let (true, Some(v)) = (c.feasible, c.objective) else {
            continue;
        };
        let better = match best {
            None => true,
            Some(b) => {
                let bv = cells[b].objective.unwrap_or(f64::NAN);
                let strictly = if objective.maximise() { v > bv } else { v < bv };
                strictly
                    || (v == bv
                        && (c.outside + c.inside, c.outside)
                            < (cells[b].outside + cells[b].inside, cells[b].outside))
            }
        };
        if better {
            best = Some(i);
        }
    }
    best
}

/// A range of headcounts as written on the command line: `A..B`, `A..=B`
/// (the same) or a single `A`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Headcounts(pub u32, pub u32);

impl std::str::FromStr for Headcounts {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Headcounts, String> {
        let parse = |x: &str| {
            x.trim()
                .parse::<u32>()
                .map_err(|_| format!("{s:?}: write LOW..HIGH with whole numbers, e.g. 8..14"))
        };
        match s.split_once("..") {
            Some((a, b)) => Ok(Headcounts(parse(a)?, parse(b.trim_start_matches('='))?)),
            None => {
                let v = parse(s)?;
                Ok(Headcounts(v, v))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraints_parse() {
        let c: Constraint = "coverage_outside>=0.95@0.9".parse().unwrap();
        assert_eq!((c.at_least, c.bound, c.prob), (true, 0.95, Some(0.9)));
        let c: Constraint = "cost_of_sales<=0.12".parse().unwrap();
        assert_eq!((c.at_least, c.bound, c.prob), (false, 0.12, None));
        assert!(
            "coverage>=1"
                .parse::<Constraint>()
                .unwrap_err()
                .contains("did you mean")
        );
        assert!("ltv>=1@1.5".parse::<Constraint>().is_err());
        assert!("ltv=1".parse::<Constraint>().is_err());
        // A percent is refused with the fraction it means.
        let e = "coverage_outside>=90%".parse::<Constraint>().unwrap_err();
        assert!(e.ends_with("write 0.9 for 90%"), "{e}");
        // And without its sign: a share's bound lies in [0, 1].
        let e = "coverage_outside>=90".parse::<Constraint>().unwrap_err();
        assert!(e.ends_with("write 0.9 for 90%"), "{e}");
        let e = "cost_of_sales<=5".parse::<Constraint>().unwrap_err();
        assert!(e.ends_with("write 0.05 for 5%"), "{e}");
        assert!("cost_of_sales<=1".parse::<Constraint>().is_ok());
        assert!("ltv>=90".parse::<Constraint>().is_ok());
    }

    #[test]
    fn a_misspelled_objective_gets_the_nearest_name() {
        let e = "mean-ltvv".parse::<Objective>().unwrap_err();
        assert!(e.contains("did you mean mean-ltv?"), "{e}");
        let e = "mean-cost-of-sale".parse::<Objective>().unwrap_err();
        assert!(e.contains("did you mean mean-cost-of-sales?"), "{e}");
        assert!("mean-ltv".parse::<Objective>().is_ok());
    }

    #[test]
    fn ranges_parse() {
        assert_eq!("8..14".parse(), Ok(Headcounts(8, 14)));
        assert_eq!("8..=14".parse(), Ok(Headcounts(8, 14)));
        assert_eq!("5".parse(), Ok(Headcounts(5, 5)));
        assert!("a..b".parse::<Headcounts>().is_err());
    }

    #[test]
    fn default_range_brackets_the_build_up() {
        assert_eq!(default_range(10.2), (5, 17));
        assert_eq!(default_range(0.0), (0, 3));
        assert_eq!(default_range(2.5), (0, 6));
    }
}
