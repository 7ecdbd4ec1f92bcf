//! Trials in parallel (rayon) with results that do not depend on scheduling.
//!
//! Every trial writes its metrics into its own fixed slot of one flat buffer
//! (`trials x splits x metrics`), and all summaries are reduced afterwards in
//! trial order. A trial's numbers are a pure function of (scenario, seed,
//! trial index), so 1 thread and 64 threads give byte-identical output. The
//! buffer grows with trials x metrics; nothing grows with months x cells.

use crate::core::metrics::{METRICS, N_METRICS};
use crate::core::stats::{Delta, Summary, paired, quantile_sorted, summarize};
use crate::scenario::Scenario;
use crate::sim::{Layout, Workspace};
use anyhow::{Context, Result, bail};
use rayon::prelude::*;

/// How many trials keep their month-by-month revenue for the over-time chart.
pub const MONTHLY_SAMPLE_TRIALS: u64 = 1000;

/// Options of one run.
#[derive(Clone, Default)]
pub struct RunOptions {
    pub threads: Option<usize>,
    /// Called after every trial (from any thread), e.g. to advance a progress bar.
    pub progress: Option<std::sync::Arc<dyn Fn() + Send + Sync>>,
    /// Uniforms of the per-trial parameters, overriding the keyed draws
    /// (Latin hypercube, correlations, sensitivity designs).
    pub design: Option<std::sync::Arc<crate::sim::design::ParamDesign>>,
}

/// Per-split results.
#[derive(Clone, Debug)]
pub struct SplitResult {
    pub name: String,
    pub baseline: bool,
    pub current: bool,
    /// Per metric; `None` where it is undefined in every trial.
    pub metrics: Vec<Option<Summary>>,
    /// Per metric, against the baseline.
    pub deltas: Vec<Option<Delta>>,
}

/// Monthly revenue bands of one split: P10, P50, P90 per month.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    pub p10: Vec<f64>,
    pub p50: Vec<f64>,
    pub p90: Vec<f64>,
}

/// Everything a run produces.
#[derive(Clone, Debug)]
pub struct RunResult {
    pub trials: u64,
    pub seed: u64,
    pub horizon_months: u32,
    pub n_splits: usize,
    pub splits: Vec<SplitResult>,
    /// Per-trial metrics, `[trial][split][metric]` flattened.
    pub per_trial: Vec<f64>,
    /// Monthly revenue bands per split, from the first
    /// `min(trials, MONTHLY_SAMPLE_TRIALS)` trials.
    pub monthly_revenue: Vec<Band>,
    pub monthly_sample: u64,
    /// Cells simulated per split and month (for throughput figures).
    pub cells: usize,
    /// Per `[[correlations]]` pair: the requested and the achieved rank
    /// correlation of the inputs' uniforms over the run's trials.
    pub correlations: Vec<crate::sim::design::Achieved>,
}

impl RunResult {
    /// The values of one metric of one split, in trial order (NaN = undefined).
    pub fn values(&self, split: usize, metric: usize) -> impl Iterator<Item = f64> + '_ {
        let stride = self.n_splits * N_METRICS;
        (0..self.trials as usize)
            .map(move |t| self.per_trial[t * stride + split * N_METRICS + metric])
    }
}

/// Bytes of per-trial storage a run needs.
pub fn bytes_needed(trials: u64, splits: usize) -> u128 {
    // The flat metrics buffer plus one sorted copy per metric at summary time.
    u128::from(trials) * (splits as u128 * N_METRICS as u128 + 2) * 8
}

/// The memory this machine can give a run (MemAvailable on Linux).
pub fn available_memory() -> Option<u128> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: u128 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Refuses a trial count whose stored metrics would not fit in memory.
pub fn check_memory(trials: u64, splits: usize, available: Option<u128>) -> Result<()> {
    let Some(avail) = available else {
        return Ok(());
    };
    let budget = avail / 10 * 8;
    let need = bytes_needed(trials, splits);
    if need > budget {
        let per_trial = bytes_needed(1, splits);
        let max = budget / per_trial;
        bail!(
            "{trials} trials would need about {:.1} GiB for their per-trial metrics, but only {:.1} GiB is available; \
             use --trials {max} or fewer",
            need as f64 / (1u128 << 30) as f64,
            budget as f64 / (1u128 << 30) as f64,
        );
    }
    Ok(())
}

/// Runs every trial of a scenario for every split and summarises the result.
pub fn run(s: &Scenario, opts: &RunOptions) -> Result<RunResult> {
    let mut runner = Runner::new(s, opts)?;
    runner.extend_to(s.trials)?;
    Ok(runner.into_result())
}

/// Runs trials in deterministic batches and can be extended: running trials
/// 0..a and then a..b gives exactly what running 0..b at once gives, because
/// a trial's numbers depend only on its index.
pub struct Runner<'a> {
    s: &'a Scenario,
    layout: Layout,
    pool: rayon::ThreadPool,
    progress: Option<std::sync::Arc<dyn Fn() + Send + Sync>>,
    design: Option<std::sync::Arc<crate::sim::design::ParamDesign>>,
    /// Whether the runner built the design from the scenario (and so grows
    /// it, block by block, as trials are added).
    own_design: bool,
    per_trial: Vec<f64>,
    monthly: Vec<f64>,
    done: u64,
    /// Memory available when the runner started (read once, not per batch).
    available: Option<u128>,
}

impl<'a> Runner<'a> {
    pub fn new(s: &'a Scenario, opts: &RunOptions) -> Result<Runner<'a>> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(opts.threads.unwrap_or(0))
            .build()
            .context("cannot start worker threads")?;
        // A design given by the caller wins; otherwise the scenario's
        // sampling and correlations make one (grown lazily in `extend_to`).
        let own_design = opts.design.is_none()
            && (s.sampling != crate::scenario::Sampling::Random || !s.correlations.is_empty());
        Ok(Runner {
            s,
            layout: Layout::new(s),
            pool,
            progress: opts.progress.clone(),
            design: opts.design.clone(),
            own_design,
            per_trial: Vec::new(),
            monthly: Vec::new(),
            done: 0,
            available: available_memory(),
        })
    }

    /// Trials run so far.
    pub fn trials(&self) -> u64 {
        self.done
    }

    /// Runs trials `self.trials()..n`.
    pub fn extend_to(&mut self, n: u64) -> Result<()> {
        if n <= self.done {
            return Ok(());
        }
        let s = self.s;
        let n_splits = s.splits.len();
        let stride = n_splits * N_METRICS;
        check_memory(n, n_splits, self.available)?;
        let len = usize::try_from(u128::from(n) * stride as u128)
            .context("too many trials for this machine")?;
        self.per_trial.resize(len, 0.0);
        let horizon = s.horizon_months as usize;
        let mstride = (n_splits * horizon).max(1);
        let sample_end = n.min(MONTHLY_SAMPLE_TRIALS);
        self.monthly.resize(sample_end as usize * mstride, 0.0);
        if self.own_design {
            // Whole blocks are appended; earlier blocks never change.
            let d = std::sync::Arc::make_mut(self.design.get_or_insert_with(|| {
                std::sync::Arc::new(crate::sim::design::ParamDesign::keyed(s.params.len(), 0))
            }));
            crate::sim::design::grow(d, s, n);
        }
        let start = self.done;
        let (layout, progress) = (&self.layout, &self.progress);
        let design = self.design.as_deref();
        let row = |t: u64| design.and_then(|d| d.row(t));
        let new = &mut self.per_trial[start as usize * stride..];
        let monthly = &mut self.monthly;
        self.pool.install(|| {
            let sampled = sample_end.saturating_sub(start) as usize;
            let (head, tail) = new.split_at_mut(sampled * stride);
            head.par_chunks_mut(stride)
                .zip(monthly[start.min(sample_end) as usize * mstride..].par_chunks_mut(mstride))
                .enumerate()
                .for_each_init(Workspace::new, |ws, (i, (out, mon))| {
                    let t = start + i as u64;
                    ws.run_trial_with(s, layout, t, row(t), out);
                    for (k, m) in ws.monthly_revenue.iter().enumerate() {
                        mon[k * horizon..(k + 1) * horizon].copy_from_slice(m);
                    }
                    if let Some(p) = progress {
                        p();
                    }
                });
            let first = start + sampled as u64;
            tail.par_chunks_mut(stride).enumerate().for_each_init(
                Workspace::new,
                |ws, (i, out)| {
                    let t = first + i as u64;
                    ws.run_trial_with(s, layout, t, row(t), out);
                    if let Some(p) = progress {
                        p();
                    }
                },
            );
        });
        self.done = n;
        Ok(())
    }

    /// The values of one metric of one split over the trials run so far.
    pub fn values(&self, split: usize, metric: usize) -> impl Iterator<Item = f64> + '_ {
        let stride = self.s.splits.len() * N_METRICS;
        (0..self.done as usize)
            .map(move |t| self.per_trial[t * stride + split * N_METRICS + metric])
    }

    /// The paired difference of `metric` against the baseline, per split, so far.
    pub fn deltas(&self, metric: usize) -> Vec<Option<Delta>> {
        let better = METRICS[metric].higher_is_better;
        (0..self.s.splits.len())
            .map(|k| {
                paired(
                    self.values(k, metric),
                    self.values(self.s.baseline, metric),
                    better,
                )
            })
            .collect()
    }

    /// Summarises the trials run so far.
    pub fn into_result(self) -> RunResult {
        let s = self.s;
        let n_splits = s.splits.len();
        let horizon = s.horizon_months as usize;
        let sample = self.done.min(MONTHLY_SAMPLE_TRIALS);
        let mstride = n_splits * horizon;
        let mut result = RunResult {
            trials: self.done,
            seed: s.seed,
            horizon_months: s.horizon_months,
            n_splits,
            splits: Vec::with_capacity(n_splits),
            per_trial: self.per_trial,
            monthly_revenue: Vec::new(),
            monthly_sample: sample,
            cells: self.layout.cells.len(),
            correlations: crate::sim::design::achieved(s, self.design.as_deref(), self.done),
        };
        let mut scratch = Vec::new();
        for (k, split) in s.splits.iter().enumerate() {
            let metrics = (0..N_METRICS)
                .map(|m| summarize(result.values(k, m), &mut scratch))
                .collect();
            let deltas = METRICS
                .iter()
                .enumerate()
                .map(|(m, def)| {
                    paired(
                        result.values(k, m),
                        result.values(s.baseline, m),
                        def.higher_is_better,
                    )
                })
                .collect();
            result.splits.push(SplitResult {
                name: split.name.clone(),
                baseline: k == s.baseline,
                current: k == s.current,
                metrics,
                deltas,
            });
        }
        for k in 0..n_splits {
            let mut band = Band {
                p10: Vec::new(),
                p50: Vec::new(),
                p90: Vec::new(),
            };
            for t in 0..horizon {
                scratch.clear();
                scratch.extend(
                    (0..sample as usize).map(|i| self.monthly[i * mstride + k * horizon + t]),
                );
                scratch.sort_unstable_by(f64::total_cmp);
                band.p10.push(quantile_sorted(&scratch, 0.1));
                band.p50.push(quantile_sorted(&scratch, 0.5));
                band.p90.push(quantile_sorted(&scratch, 0.9));
            }
            result.monthly_revenue.push(band);
        }
        result
    }
}
