//! `keysplit sensitivity`: which uncertain inputs drive the paired difference
//! of one split against the baseline.
//!
//! "The difference" is, per trial, the metric of the split minus the
//! baseline's (common random numbers), over trials where both are defined.
//!
//! * Tornado: each uncertain input held at its P10 and at its P90 while all
//!   the others vary; the same seed and trials are used for every run, and
//!   draws are keyed by path, so the runs differ only in the held input.
//! * Rank correlation (Spearman 1904) of each input's per-trial draw with the
//!   per-trial difference, from the run where nothing is held, with its 95%
//!   interval and two-sided p-value (Fisher's z). A correlation is clear
//!   when its p-value, adjusted by Holm's (1979) step-down method across
//!   the inputs of the comparison, is at most 5%: with twenty inputs of no
//!   effect, about one would otherwise look clear by chance in every run.
//! * An input that changes no trial's difference when held at its P10, at
//!   its P90 or drawn (the base run) does not enter this comparison (the
//!   redeploy ramp of a split that redeploys no one): it is marked, and its
//!   correlations are noise.
//! * First-order and total Sobol indices of the difference: Saltelli
//!   sampling (Saltelli et al. 2010) with the Jansen (1999) estimators, and
//!   percentile bootstrap intervals over the base rows.
//! * For the inputs that matter most, the value where the mean difference
//!   crosses zero, interpolated between held quantiles as `sweep` does.

use crate::core::correlation::{spearman, spearman_ci95, spearman_p};
use crate::core::dist::Dist;
use crate::core::metrics::Metric;
use crate::core::rng::Key;
use crate::error::{Error, Result};
use crate::scenario::Scenario;
use crate::sim::World;
use crate::sim::design::ParamDesign;
use crate::sim::memory::{available_memory, check_runs, shard_hint, trials_or_shards};
use crate::sim::{Engine, Runner};
use rand::seq::IndexedRandom;
use std::sync::Arc;

/// Stream purpose of the Saltelli matrices' uniforms (distinct from the
/// purposes of `rng::purpose`).
const SOBOL: u64 = 0x5A17_7E11;
/// Stream purpose of the bootstrap resampling.
const BOOTSTRAP: u64 = 0xB007_57AB;
/// Bootstrap resamples of the Sobol indices.
pub const BOOTSTRAP_RESAMPLES: usize = 200;
/// Default base rows of the Saltelli design.
pub const DEFAULT_SOBOL_SAMPLES: usize = 1000;
/// Quantiles at which the top inputs are held to find where the decision flips.
pub const FLIP_QUANTILES: [f64; 5] = [0.1, 0.3, 0.5, 0.7, 0.9];
/// How many top inputs get a flip value (and are named in the sentence).
pub const TOP: usize = 2;
/// The family-wise error rate of the rank correlations' marking: the
/// chance that any input of no effect is marked clear in a run.
pub const FAMILY_ALPHA: f64 = 0.05;

/// What to analyse.
#[derive(Clone, Debug)]
pub struct SensSpec {
    /// The split analysed (its difference is against the baseline).
    pub split: String,
    /// The metric whose difference is analysed (`None`: the scenario's
    /// decision metric).
    pub metric: Option<Metric>,
    /// Base rows of the Saltelli design; `None` skips the Sobol indices.
    pub sobol_samples: Option<usize>,
}

/// A Sobol index with its bootstrap 95% interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Index {
    /// The point estimate.
    pub value: f64,
    /// The lower end of its bootstrap 95% interval.
    pub ci95_low: f64,
    /// The upper end.
    pub ci95_high: f64,
}

/// Everything reported for one uncertain input.
#[derive(Clone, Debug)]
pub struct Input {
    /// Position in `Scenario::params`.
    pub param: usize,
    /// The full key path (`splits."Shift and lift".assign.transactional.inside`).
    pub path: String,
    /// The input's 10th percentile, where the tornado holds it low.
    pub p10: f64,
    /// Its 90th percentile, where the tornado holds it high.
    pub p90: f64,
    /// Mean difference with the input held at its P10 / P90.
    pub at_p10: f64,
    /// Mean difference with the input held at its P90.
    pub at_p90: f64,
    /// `|at_p90 - at_p10|`.
    pub swing: f64,
    /// Spearman correlation of the input's draw with the per-trial difference.
    pub spearman: Option<f64>,
    /// Its 95% interval (Fisher's z, `core::correlation::spearman_ci95`),
    /// for this input alone (not adjusted for the others).
    pub spearman_ci95: Option<(f64, f64)>,
    /// Its two-sided p-value against no correlation, from the same z
    /// (`core::correlation::spearman_p`), for this input alone.
    pub spearman_p: Option<f64>,
    /// That p-value adjusted by Holm's step-down method across the inputs
    /// of this comparison that enter it (`core::stats::holm`); `None` for an
    /// input marked `no_effect`, which is not in the family.
    pub spearman_p_holm: Option<f64>,
    /// Holding the input at its P10 and at its P90 gives every trial the
    /// same difference (up to rounding): the input does not enter this
    /// comparison, e.g. the redeploy ramp of a split that redeploys no one,
    /// the severance of a role that loses no one.
    pub no_effect: bool,
    /// First-order Sobol index: the share of the variance of the difference due to this input alone.
    pub first_order: Option<Index>,
    /// Total Sobol index: the share due to this input and its interactions.
    pub total: Option<Index>,
    /// For the top inputs: `(value held, mean difference)` at `FLIP_QUANTILES`.
    pub response: Vec<(f64, f64)>,
    /// For the top inputs: values where the mean difference crosses zero.
    pub flips: Vec<f64>,
}

impl Input {
    /// Whether the rank correlation tells a direction: the input enters the
    /// comparison and its Holm-adjusted p-value is at most
    /// [`FAMILY_ALPHA`], so that across all the inputs of a comparison the
    /// chance of marking any input of no effect clear is at most 5%.
    pub fn spearman_clear(&self) -> bool {
        !self.no_effect && self.spearman_p_holm.is_some_and(|p| p <= FAMILY_ALPHA)
    }
}

/// Whether two runs' per-trial differences are the same up to rounding:
/// equal where defined, undefined in the same trials. The tolerance is
/// relative to the largest difference, as sums of the same costs in
/// another order may differ in their last bits.
fn same_trials(a: &[f64], b: &[f64]) -> bool {
    let scale = a
        .iter()
        .chain(b)
        .filter(|x| x.is_finite())
        .fold(1.0f64, |m, x| m.max(x.abs()));
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| (x.is_nan() && y.is_nan()) || (x - y).abs() <= 1e-9 * scale)
}

/// A whole sensitivity analysis.
#[derive(Clone, Debug)]
pub struct Sensitivity {
    /// The scenario's name.
    pub scenario: String,
    /// The split analysed.
    pub split: String,
    /// The baseline it is compared with.
    pub baseline: String,
    /// The metric whose difference is analysed.
    pub metric: Metric,
    /// Trials per run.
    pub trials: u64,
    /// The random seed.
    pub seed: u64,
    /// Mean difference with nothing held.
    pub base_mean: f64,
    /// Trials where the difference is defined in the base run.
    pub base_n: u64,
    /// Inputs by decreasing swing.
    pub inputs: Vec<Input>,
    /// Base rows of the Saltelli design actually used (0 when skipped).
    pub sobol_samples: usize,
    /// Variance of the difference over the Saltelli rows.
    pub sobol_variance: Option<f64>,
    /// The scenario imposes rank correlations between inputs: the Sobol
    /// indices (which assume independent inputs) are then unreliable.
    pub inputs_correlated: bool,
}

/// Per-trial difference of `metric`, split `k` minus the baseline (NaN where either is undefined).
fn differences(r: &Runner<'_>, s: &Scenario, k: usize, metric: Metric) -> Vec<f64> {
    r.values(k, metric)
        .zip(r.values(s.baseline, metric))
        .map(|(a, b)| {
            if a.is_nan() || b.is_nan() {
                f64::NAN
            } else {
                a - b
            }
        })
        .collect()
}

fn mean_defined(xs: &[f64]) -> (f64, u64) {
    let (sum, n) = xs
        .iter()
        .filter(|x| !x.is_nan())
        .fold((0.0, 0u64), |(s, n), x| (s + x, n + 1));
    (if n == 0 { f64::NAN } else { sum / n as f64 }, n)
}

/// Which runs of the analysis a run is: one every analysis of the scenario
/// makes (recorded by shards), or one chosen from their results (made by
/// the merge, docs/scale.md).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Run {
    Planned,
    Chosen,
}

/// Per-trial differences with parameter `i` held at the value `q` (on a
/// shard, its block of the trials).
fn held(
    s: &Scenario,
    i: usize,
    q: f64,
    (k, metric): (usize, Metric),
    run: Run,
    engine: &Engine,
) -> Result<Vec<f64>> {
    let mut h = s.clone();
    h.params[i].dist = Dist::Const(q);
    let mut r = Runner::new(engine, &h).metrics_only();
    if run == Run::Chosen {
        r = r.chosen_from_results();
    }
    r.extend_to(s.trials)?;
    Ok(differences(&r, &h, k, metric))
}

/// The uncertain inputs of a restricted scenario: every parameter that is a
/// distribution, except those of splits the restriction dropped.
fn uncertain_inputs(s: &Scenario) -> Vec<usize> {
    let kept: Vec<&str> = s.splits.iter().map(|sp| sp.name.as_str()).collect();
    (0..s.params.len())
        .filter(|&i| !s.params[i].dist.is_const())
        .filter(
            |&i| match crate::scenario::patch::parse_path(&s.params[i].path) {
                Ok(segs) if segs.len() > 1 && segs[0] == "splits" => {
                    kept.contains(&segs[1].as_str())
                }
                _ => true,
            },
        )
        .collect()
}

/// The number of runs (each of `trials` trials) and Saltelli runs (each of
/// `sobol` trials) an analysis makes, for a progress bar.
/// `s` is the restricted scenario or the whole one (`split` names the split).
pub fn planned_trials(s: &Scenario, split: &str, sobol: Option<usize>) -> u64 {
    let mut s = s.clone();
    if let Ok(k) = s.split_index(split) {
        s.restrict_to(k);
    }
    let k = uncertain_inputs(&s).len() as u64;
    let flips = (k.min(TOP as u64)) * (FLIP_QUANTILES.len() as u64 - 2);
    let tornado = s.trials * (1 + 2 * k + flips);
    tornado + sobol.map(|n| n as u64 * (k + 3)).unwrap_or(0)
}

/// Runs the analysis on `s` (trials and seed already overridden).
pub fn run(s: &Scenario, spec: &SensSpec, engine: &Engine) -> Result<Sensitivity> {
    let mut s = s.clone();
    let k = s.split_index(&spec.split).map_err(Error::Usage)?;
    let k = s.restrict_to(k);
    if k == s.baseline {
        return Err(Error::Usage(format!(
            "{:?} is the baseline: its difference against itself is zero; name another split",
            spec.split
        )));
    }
    let m = spec.metric.unwrap_or(s.decision.metric);
    let uncertain = uncertain_inputs(&s);
    // One run at a time (on a shard, its block of it); the Saltelli B rows
    // run as trials n..2n.
    let available = available_memory();
    check_runs(
        engine.held(s.trials),
        &[s.splits.len()],
        available,
        &trials_or_shards(s.trials),
    )?;
    if let Some(n) = spec.sobol_samples {
        let rows = 2 * n as u64;
        check_runs(engine.held(rows), &[s.splits.len()], available, &|max| {
            format!(
                "use --sobol-samples {} or fewer, or {}",
                max / 2,
                shard_hint(rows, max)
            )
        })?;
    }
    // A shard makes and records the runs every analysis of the scenario
    // makes (base, tornado, Saltelli) over its block of the trials; what it
    // computes from its block alone is discarded. The flip runs depend on
    // the swings over every trial: the merge makes them (docs/scale.md).
    let shard = engine.trials.is_shard();

    // Base run: nothing held.
    let mut runner = Runner::new(engine, &s).metrics_only();
    runner.extend_to(s.trials)?;
    let base = differences(&runner, &s, k, m);
    let (base_mean, base_n) = mean_defined(&base);

    // Per-trial draws of every parameter, for the rank correlations: the
    // values the base run ran with, through its design (Latin hypercube,
    // imposed correlations), not fresh keyed draws.
    let draws: Vec<Vec<f64>> = (0..if shard { 0 } else { s.trials })
        .map(|t| {
            let values = World::param_values(&s, t, runner.design_row(t));
            uncertain.iter().map(|&i| values[i]).collect()
        })
        .collect();
    drop(runner);

    let mut inputs = Vec::with_capacity(uncertain.len());
    for (j, &i) in uncertain.iter().enumerate() {
        let d = &s.params[i].dist;
        let (p10, p90) = (d.inverse_cdf(0.1), d.inverse_cdf(0.9));
        let low = held(&s, i, p10, (k, m), Run::Planned, engine)?;
        let high = held(&s, i, p90, (k, m), Run::Planned, engine)?;
        let (at_p10, at_p90) = (mean_defined(&low).0, mean_defined(&high).0);
        let (xs, ys): (Vec<f64>, Vec<f64>) = draws
            .iter()
            .zip(&base)
            .filter(|(_, y)| !y.is_nan())
            .map(|(row, y)| (row[j], *y))
            .unzip();
        let rho = spearman(&xs, &ys);
        inputs.push(Input {
            param: i,
            path: s.params[i].path.clone(),
            p10,
            p90,
            at_p10,
            at_p90,
            swing: (at_p90 - at_p10).abs(),
            spearman: rho,
            spearman_ci95: rho.and_then(|r| spearman_ci95(r, xs.len())),
            spearman_p: rho.and_then(|r| spearman_p(r, xs.len())),
            // Set below, once the family is known.
            spearman_p_holm: None,
            // Held at P10, at P90, and drawn over its whole range (the
            // base run), every trial the same: an input acting through a
            // step (a team rounded up) only in its tails differs from the
            // base run there, and is not marked.
            no_effect: !shard && same_trials(&low, &high) && same_trials(&low, &base),
            first_order: None,
            total: None,
            response: Vec::new(),
            flips: Vec::new(),
        });
    }

    // The family of the rank correlations' tests: the inputs that enter
    // this comparison (an input of no effect changes no trial, so its
    // correlation tests nothing).
    let family: Vec<Option<f64>> = inputs
        .iter()
        .map(|i| i.spearman_p.filter(|_| !i.no_effect))
        .collect();
    for (inp, p) in inputs.iter_mut().zip(crate::core::stats::holm(&family)) {
        inp.spearman_p_holm = p;
    }

    // Sobol indices.
    let mut sobol_variance = None;
    let mut sobol_samples = 0;
    if let Some(n) = spec.sobol_samples
        && !uncertain.is_empty()
    {
        if n < 2 {
            return Err(Error::Usage("--sobol-samples must be at least 2".into()));
        }
        let est = sobol(&s, (k, m), &uncertain, n, engine)?;
        sobol_samples = n;
        sobol_variance = est.variance;
        for (inp, (f, t)) in inputs.iter_mut().zip(est.indices) {
            inp.first_order = f;
            inp.total = t;
        }
    }

    inputs.sort_by(|a, b| b.swing.total_cmp(&a.swing).then(a.param.cmp(&b.param)));

    // Flip values of the top inputs (none on a shard: the merge finds them).
    for inp in inputs.iter_mut().take(if shard { 0 } else { TOP }) {
        if inp.swing == 0.0 || inp.no_effect {
            continue;
        }
        let d = s.params[inp.param].dist.clone();
        let mut pts = Vec::new();
        for &q in &FLIP_QUANTILES {
            let v = d.inverse_cdf(q);
            let y = if q == 0.1 {
                inp.at_p10
            } else if q == 0.9 {
                inp.at_p90
            } else {
                mean_defined(&held(&s, inp.param, v, (k, m), Run::Chosen, engine)?).0
            };
            pts.push((v, y));
        }
        pts.sort_by(|a, b| a.0.total_cmp(&b.0));
        inp.flips = crate::analysis::sweep::break_evens(&pts);
        inp.response = pts;
    }

    Ok(Sensitivity {
        scenario: s.name.clone(),
        split: s.splits[k].name.clone(),
        baseline: s.splits[s.baseline].name.clone(),
        metric: m,
        trials: s.trials,
        seed: s.seed,
        base_mean,
        base_n,
        inputs,
        sobol_samples,
        sobol_variance,
        inputs_correlated: !s.correlations.is_empty(),
    })
}

struct SobolEstimate {
    variance: Option<f64>,
    /// Per uncertain input: (first order, total).
    indices: Vec<(Option<Index>, Option<Index>)>,
}

/// The Jansen estimators on rows `rows` of f(A), f(B), f(A_B^i).
fn jansen(fa: &[f64], fb: &[f64], fab: &[Vec<f64>], rows: &[usize]) -> (f64, Vec<(f64, f64)>) {
    let n = rows.len() as f64;
    let mean = rows.iter().map(|&r| fa[r] + fb[r]).sum::<f64>() / (2.0 * n);
    let var = rows
        .iter()
        .map(|&r| (fa[r] - mean).powi(2) + (fb[r] - mean).powi(2))
        .sum::<f64>()
        / (2.0 * n - 1.0);
    let est = fab
        .iter()
        .map(|f| {
            let total = rows.iter().map(|&r| (fa[r] - f[r]).powi(2)).sum::<f64>() / n / (2.0 * var);
            let first =
                1.0 - rows.iter().map(|&r| (fb[r] - f[r]).powi(2)).sum::<f64>() / n / (2.0 * var);
            (first, total)
        })
        .collect();
    (var, est)
}

/// Saltelli sampling and Jansen estimators, with bootstrap intervals.
fn sobol(
    s: &Scenario,
    (k, metric): (usize, Metric),
    uncertain: &[usize],
    n: usize,
    engine: &Engine,
) -> Result<SobolEstimate> {
    let np = s.params.len();
    let root = Key::root(s.seed).with(SOBOL);
    // Row t of A is run as trial t and row t of B as trial n + t, so that B
    // also has its own per-cell-month randomness (the within-trial noise is
    // one more input, resampled between A and B like the parameters; sharing
    // it would add its share of the variance to every first-order index).
    // A_B^i runs as trial t: A's noise, with column i from B.
    let rows_of = |which: u64, first: usize| -> ParamDesign {
        let mut d = ParamDesign::keyed(np, first + n);
        for t in 0..n {
            let row = root.with(which).with(t as u64);
            for &i in uncertain {
                d.set(
                    first + t,
                    i,
                    row.with_name(&s.params[i].key_path).uniform(0),
                );
            }
        }
        d
    };
    let (a, b) = (rows_of(0, 0), rows_of(1, n));
    let run = |d: ParamDesign, trials: usize| -> Result<Vec<f64>> {
        let mut r = Runner::new(engine, s)
            .with_design(Arc::new(d))
            .metrics_only();
        r.extend_to(trials as u64)?;
        Ok(differences(&r, s, k, metric))
    };
    let fa = run(a.clone(), n)?;
    let mut fb = run(b.clone(), 2 * n)?;
    let mut fab = Vec::with_capacity(uncertain.len());
    for &i in uncertain {
        let mut d = a.clone();
        for t in 0..n {
            d.set(t, i, b.get(n + t, i));
        }
        fab.push(run(d, n)?);
    }
    let none = || SobolEstimate {
        variance: None,
        indices: vec![(None, None); uncertain.len()],
    };
    if engine.trials.is_shard() {
        // Its runs are recorded; the merge estimates from every row.
        return Ok(none());
    }
    let fb = fb.split_off(n);
    // Rows where every run is defined.
    let rows: Vec<usize> = (0..n)
        .filter(|&r| !fa[r].is_nan() && !fb[r].is_nan() && fab.iter().all(|f| !f[r].is_nan()))
        .collect();
    if rows.len() < 2 {
        return Ok(none());
    }
    let (var, point) = jansen(&fa, &fb, &fab, &rows);
    if var.is_nan() || var <= 0.0 {
        return Ok(SobolEstimate {
            variance: Some(var),
            ..none()
        });
    }
    let bkey = Key::root(s.seed).with(BOOTSTRAP);
    let mut firsts = vec![Vec::with_capacity(BOOTSTRAP_RESAMPLES); uncertain.len()];
    let mut totals = vec![Vec::with_capacity(BOOTSTRAP_RESAMPLES); uncertain.len()];
    let mut sample = vec![0usize; rows.len()];
    for b in 0..BOOTSTRAP_RESAMPLES {
        // A resample of the rows, with replacement.
        let mut rng = bkey.with(b as u64).stream();
        for x in sample.iter_mut() {
            *x = *rows.choose(&mut rng).expect("at least two rows");
        }
        let (v, est) = jansen(&fa, &fb, &fab, &sample);
        if v.is_nan() || v <= 0.0 {
            continue;
        }
        for (j, (f, t)) in est.into_iter().enumerate() {
            firsts[j].push(f);
            totals[j].push(t);
        }
    }
    let index = |v: f64, boot: &mut Vec<f64>| {
        if boot.is_empty() {
            return Index {
                value: v,
                ci95_low: v,
                ci95_high: v,
            };
        }
        Index {
            value: v,
            ci95_low: crate::core::stats::quantile_select(boot, 0.025),
            ci95_high: crate::core::stats::quantile_select(boot, 0.975),
        }
    };
    let indices = point
        .into_iter()
        .enumerate()
        .map(|(j, (f, t))| {
            (
                Some(index(f, &mut firsts[j])),
                Some(index(t, &mut totals[j])),
            )
        })
        .collect();
    Ok(SobolEstimate {
        variance: Some(var),
        indices,
    })
}
