//! Precision control (`--precision METRIC:HALF_WIDTH`): keep adding trials in
//! deterministic batches until the 95% interval of the paired difference of
//! METRIC against the baseline is narrower than ± HALF_WIDTH for every split
//! (or every sweep or grid point), or `--max-trials` is reached.
//!
//! Batches are fixed (`BATCH` trials each) and a trial's numbers depend only
//! on its index, so the same seed and target always stop at the same count.

use crate::core::metrics::Metric;
use crate::core::stats::Delta;
use crate::error::{Error, Result};
use crate::scenario::Scenario;
use crate::sim::BATCH;
use crate::sim::memory::{available_memory, check_runs, trials_flag};
use crate::sim::{Engine, RunResult, Runner};

/// Default cap on trials.
pub const DEFAULT_MAX_TRIALS: u64 = 100_000;

/// Precision control as a command asks for it: the target and the most
/// trials it may use.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Precision {
    /// The half-width to reach.
    pub target: Target,
    /// The most trials to run (`--max-trials`).
    pub max_trials: u64,
}

impl Precision {
    /// `target` with the default cap of [`DEFAULT_MAX_TRIALS`].
    pub fn new(target: Target, max_trials: Option<u64>) -> Precision {
        Precision {
            target,
            max_trials: max_trials.unwrap_or(DEFAULT_MAX_TRIALS),
        }
    }
}

/// A precision target on the paired difference of one metric.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Target {
    /// The metric whose paired difference must be precise.
    pub metric: Metric,
    /// The largest half-width of its 95% interval, in the metric's unit.
    pub half_width: f64,
}

impl std::str::FromStr for Target {
    type Err = String;
    fn from_str(s: &str) -> Result<Target, String> {
        let (name, hw) = s.split_once(':').ok_or_else(|| {
            format!("{s:?}: write METRIC:HALF_WIDTH, e.g. ltv:50000 or cost_of_sales:0.002")
        })?;
        let metric: Metric = name.parse()?;
        let half_width: f64 = hw.trim().parse().map_err(|_| {
            format!("{hw:?} is not a number: the half-width is in the metric's units")
        })?;
        if !(half_width > 0.0 && half_width.is_finite()) {
            return Err(format!(
                "the half-width must be a positive number (got {hw})"
            ));
        }
        Ok(Target { metric, half_width })
    }
}

/// Half-width of a paired difference's 95% interval (None with fewer than 2 trials).
pub fn half_width(d: &Delta) -> Option<f64> {
    Some((d.ci95_high? - d.ci95_low?) / 2.0)
}

/// One round of the convergence history: trials so far and, per runner and
/// split, the paired difference at that point.
#[derive(Clone, Debug)]
pub struct Round {
    /// Trials run when the round ended.
    pub trials: u64,
    /// Per runner and split: the paired difference against the baseline.
    pub deltas: Vec<Vec<Option<Delta>>>,
}

/// What precision control did.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The target.
    pub target: Target,
    /// Trials run in the end (the same for every runner).
    pub trials: u64,
    /// Whether every checked difference met the target.
    pub met: bool,
    /// The widest half-width among the checked differences at the end.
    pub worst_half_width: Option<f64>,
    /// One entry per batch.
    pub history: Vec<Round>,
}

/// Extends every runner in batches until the paired difference (against
/// its scenario's baseline) of every split listed for it in `checks` is
/// within the target, or `max_trials` is reached. Only reported splits are
/// listed: a sweep point or grid cell also simulates the current split for
/// hand-offs, which must not decide when to stop. `held` is the memory, in
/// bytes, that the caller already holds besides these runners (earlier
/// runs it keeps), counted in the memory check of every batch.
pub fn run_until(
    runners: &mut [Runner<'_>],
    checks: &[Vec<usize>],
    target: Target,
    max_trials: u64,
    held: u128,
) -> Result<Outcome> {
    if max_trials < 2 {
        return Err(Error::Usage(
            "--max-trials must be at least 2 for an interval to exist".into(),
        ));
    }
    let mut history = Vec::new();
    let mut n = BATCH.min(max_trials);
    let splits: Vec<usize> = runners.iter().map(|r| r.splits()).collect();
    let available = available_memory().map(|a| a.saturating_sub(held));
    loop {
        // Every runner is held at once: the next batch must fit for all.
        check_runs(n, &splits, available, &trials_flag("--max-trials"))?;
        for r in runners.iter_mut() {
            r.extend_to(n)?;
        }
        let deltas: Vec<Vec<Option<Delta>>> =
            runners.iter().map(|r| r.deltas(target.metric)).collect();
        let mut worst: Option<f64> = Some(0.0);
        for (ds, ks) in deltas.iter().zip(checks) {
            for d in ks.iter().map(|&k| &ds[k]) {
                // A difference undefined in every trial cannot be made precise.
                worst = match (worst, d.as_ref().and_then(half_width)) {
                    (Some(w), Some(h)) => Some(w.max(h)),
                    _ => None,
                };
            }
        }
        history.push(Round { trials: n, deltas });
        let met = worst.is_some_and(|w| w < target.half_width);
        if met || n >= max_trials {
            return Ok(Outcome {
                target,
                trials: n,
                met,
                worst_half_width: worst,
                history,
            });
        }
        n = (n + BATCH).min(max_trials);
    }
}

/// Runs every split of `s` under precision control: trials are added until
/// the paired difference of every split against the baseline meets the
/// target, or the cap is reached.
pub fn run(engine: &Engine, s: &Scenario, p: Precision) -> Result<(RunResult, Outcome)> {
    let mut runner = Runner::new(engine, s);
    let others: Vec<usize> = (0..s.splits.len()).filter(|&k| k != s.baseline).collect();
    let outcome = run_until(
        std::slice::from_mut(&mut runner),
        &[others],
        p.target,
        p.max_trials,
        0,
    )?;
    Ok((runner.into_result(), outcome))
}
