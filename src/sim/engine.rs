//! Trials in parallel (rayon) with results that do not depend on scheduling.
//!
//! Every trial writes its metrics into its own fixed slot of one flat buffer
//! (`trials x splits x metrics`), and all summaries are reduced afterwards in
//! trial order. A trial's numbers are a pure function of (scenario, seed,
//! trial index), so 1 thread and 64 threads give byte-identical output. The
//! buffer grows with trials x metrics; nothing grows with months x cells.
//!
//! One [`Engine`] serves a whole command: its [`Pool`] of worker threads is
//! shared by every runner (each point of a sweep, each team of a grid), so
//! a command starts its threads once, however many runs it makes.

use super::design::{self, ParamDesign};
use super::memory::{available_memory, check_memory};
use super::shard::{Recorded, Trials};
use crate::core::metrics::{ByMetric, Metric, N_METRICS};
use crate::core::stats::{Delta, Summary, paired, quantile_sorted, summarize};
use crate::error::{Error, Result};
use crate::scenario::{Decision, Sampling, Scenario};
use crate::sim::{Layout, Workspace};
use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

/// How many trials keep their month-by-month revenue for the over-time chart.
pub const MONTHLY_SAMPLE_TRIALS: u64 = 1000;

/// Told about the progress of a command, e.g. to draw a progress bar. The
/// library never prints; the command line implements this.
pub trait Progress: Send + Sync {
    /// Called once before the first trial with the number of trials the
    /// command will simulate, when it is known in advance (it is not under
    /// precision control or for a grid search).
    fn start(&self, total: Option<u64>) {
        let _ = total;
    }
    /// Called after every trial, from any worker thread.
    fn advance(&self, trials: u64);
}

/// The worker threads of a command: started on first use, then shared by
/// every run on this pool (clones share the same threads).
#[derive(Clone, Default)]
pub struct Pool {
    threads: Option<usize>,
    pool: Arc<OnceLock<std::result::Result<rayon::ThreadPool, String>>>,
}

impl std::fmt::Debug for Pool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pool")
            .field("threads", &self.threads)
            .finish()
    }
}

impl Pool {
    /// A pool of `threads` workers (`None`: one per core).
    pub fn new(threads: Option<usize>) -> Pool {
        Pool {
            threads,
            pool: Arc::default(),
        }
    }

    /// The number of workers asked for (`None`: one per core).
    pub fn threads(&self) -> Option<usize> {
        self.threads
    }

    /// Runs `f` on the pool's threads (rayon's parallel iterators inside it
    /// use them), starting the threads on first use.
    pub fn install<R: Send>(&self, f: impl FnOnce() -> R + Send) -> Result<R> {
        let pool = self.pool.get_or_init(|| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(self.threads.unwrap_or(0))
                .build()
                .map_err(|e| e.to_string())
        });
        match pool {
            Ok(p) => Ok(p.install(f)),
            Err(e) => Err(Error::Threads(e.clone())),
        }
    }
}

/// What every run of a command shares: the worker threads, the progress
/// reporter, and where the runners' trials come from (all simulated, a
/// shard's block, or replayed from shards).
#[derive(Clone, Default)]
pub struct Engine {
    /// The worker threads.
    pub pool: Pool,
    /// Told after every trial.
    pub progress: Option<Arc<dyn Progress>>,
    /// Where the trials come from (docs/scale.md).
    pub trials: Trials,
    /// Runners created so far: a runner's number in a shard's records.
    runners: Arc<AtomicUsize>,
}

impl Engine {
    /// An engine on `pool`, reporting to `progress`.
    pub fn new(pool: Pool, progress: Option<Arc<dyn Progress>>) -> Engine {
        Engine {
            pool,
            progress,
            trials: Trials::All,
            runners: Arc::default(),
        }
    }

    /// This engine with its runners' trials from `trials`.
    pub fn with_trials(mut self, trials: Trials) -> Engine {
        self.trials = trials;
        self
    }

    /// The trials a run of `total` trials holds in memory on this engine
    /// (a shard holds its block only), for the memory checks.
    pub fn held(&self, total: u64) -> u64 {
        self.trials.held(total)
    }

    /// An engine with `threads` workers and no progress reporting.
    pub fn with_threads(threads: usize) -> Engine {
        Engine::new(Pool::new(Some(threads)), None)
    }

    /// Tells the progress reporter how many trials are coming (a shard
    /// runs a block of each run, a merge none: their count is not said).
    pub fn start(&self, total: Option<u64>) {
        if let Some(p) = &self.progress {
            p.start(total.filter(|_| matches!(self.trials, Trials::All)));
        }
    }

    /// Runs every trial of a scenario for every split and summarises the result.
    pub fn run(&self, s: &Scenario) -> Result<RunResult> {
        let mut runner = Runner::new(self, s);
        runner.extend_to(s.trials)?;
        Ok(runner.into_result())
    }
}

thread_local! {
    /// The workspace a worker thread last used, kept for its next job.
    static SPARE: std::cell::Cell<Option<Box<Workspace>>> = const { std::cell::Cell::new(None) };
}

/// A worker's workspace for one job of trials: the one its thread used
/// last, if any, handed back when the job ends. Rayon starts a job (and
/// a workspace) for every piece of work it splits off, and `size`,
/// `sweep` and `sensitivity` run many short runs: a fresh workspace for
/// each would grow its buffers anew, page by page (for a large book,
/// megabytes each time). A workspace is reset by every trial it runs, so
/// the numbers do not depend on which one a trial gets (tested).
struct Lease(Option<Box<Workspace>>);

impl Lease {
    fn new() -> Lease {
        Lease(Some(SPARE.take().unwrap_or_default()))
    }
}

impl std::ops::Deref for Lease {
    type Target = Workspace;
    fn deref(&self) -> &Workspace {
        self.0
            .as_deref()
            .expect("a lease holds its workspace until dropped")
    }
}

impl std::ops::DerefMut for Lease {
    fn deref_mut(&mut self) -> &mut Workspace {
        self.0
            .as_deref_mut()
            .expect("a lease holds its workspace until dropped")
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        SPARE.set(self.0.take());
    }
}

/// Per-split results.
#[derive(Clone, Debug)]
pub struct SplitResult {
    /// The split's name.
    pub name: String,
    /// Whether it is the baseline.
    pub baseline: bool,
    /// Whether it is today's organisation.
    pub current: bool,
    /// Per metric; `None` where it is undefined in every trial.
    pub metrics: ByMetric<Option<Summary>>,
    /// Per metric, against the baseline.
    pub deltas: ByMetric<Option<Delta>>,
    /// The share of trials with a payback month (`None` for the baseline).
    pub p_payback: Option<f64>,
    /// The cumulative discounted difference against the baseline by month,
    /// from the first `min(trials, MONTHLY_SAMPLE_TRIALS)` trials: the
    /// J-curve (`None` for the baseline).
    pub delta_cumulative: Option<Band>,
}

/// Monthly revenue bands of one split: P10, P50, P90 per month.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    /// The 10th percentile, per month.
    pub p10: Vec<f64>,
    /// The median, per month.
    pub p50: Vec<f64>,
    /// The 90th percentile, per month.
    pub p90: Vec<f64>,
}

/// Everything a run produces.
#[derive(Clone, Debug)]
pub struct RunResult {
    /// Trials run.
    pub trials: u64,
    /// The random seed.
    pub seed: u64,
    /// Months simulated.
    pub horizon_months: u32,
    /// Splits simulated.
    pub n_splits: usize,
    /// Per split: summaries and differences.
    pub splits: Vec<SplitResult>,
    /// Per-trial metrics, `[trial][split][metric]` flattened.
    pub per_trial: Vec<f64>,
    /// Monthly revenue bands per split, from the first
    /// `min(trials, MONTHLY_SAMPLE_TRIALS)` trials.
    pub monthly_revenue: Vec<Band>,
    /// Trials behind the monthly bands.
    pub monthly_sample: u64,
    /// The metric the run is decided on: the scenario's, or `ltv` when the
    /// scenario's is undefined in every trial of a split.
    pub decision: Decision,
    /// Cells simulated per split and month (for throughput figures).
    pub cells: usize,
    /// Per `[[correlations]]` pair: the requested and the achieved rank
    /// correlation of the inputs' uniforms over the run's trials.
    pub correlations: Vec<design::Achieved>,
    /// The sampling design the per-trial parameters were drawn from
    /// (`None`: keyed draws), kept so that a trial's inputs can be drawn
    /// again for the per-trial outputs ([`RunResult::design_row`]).
    pub design: Option<Arc<ParamDesign>>,
}

impl RunResult {
    /// The metrics of trial `t` for split `k`, in [`Metric::ALL`] order
    /// (NaN = undefined).
    pub fn trial(&self, t: u64, k: usize) -> &[f64] {
        let at = (t as usize * self.n_splits + k) * N_METRICS;
        &self.per_trial[at..at + N_METRICS]
    }

    /// The design row of trial `t` (`None`: every parameter takes its keyed
    /// draw), to pass to [`crate::sim::World::param_values`].
    pub fn design_row(&self, t: u64) -> Option<&[f64]> {
        self.design.as_deref().and_then(|d| d.row(t))
    }

    /// The values of one metric of one split, in trial order (NaN = undefined).
    pub fn values(&self, split: usize, metric: Metric) -> impl Iterator<Item = f64> + '_ {
        let stride = self.n_splits * N_METRICS;
        (0..self.trials as usize)
            .map(move |t| self.per_trial[t * stride + split * N_METRICS + metric.index()])
    }
}

/// The metric a run is decided on: the scenario's, unless it is undefined
/// in every trial of a split (nothing to compare there), when it is `ltv`,
/// with the reason.
fn decide(d: &Decision, splits: &[SplitResult]) -> Decision {
    match splits.iter().find(|sp| sp.metrics[d.metric].is_none()) {
        Some(sp) if d.fallback.is_none() => Decision {
            metric: Metric::Ltv,
            fallback: Some((
                d.metric,
                format!("it is undefined in every trial of {:?}", sp.name),
            )),
        },
        _ => d.clone(),
    }
}

/// Runs trials in deterministic batches and can be extended: running trials
/// 0..a and then a..b gives exactly what running 0..b at once gives, because
/// a trial's numbers depend only on its index.
pub struct Runner<'a> {
    s: &'a Scenario,
    engine: &'a Engine,
    layout: Layout,
    design: Option<Arc<ParamDesign>>,
    /// Whether the runner built the design from the scenario (and so grows
    /// it, block by block, as trials are added).
    own_design: bool,
    /// Whether the first trials keep their monthly revenue (for the
    /// over-time chart of `run`; the analyses need metrics only).
    keep_monthly: bool,
    per_trial: Vec<f64>,
    monthly: Vec<f64>,
    done: u64,
    /// Memory available when the runner started (read once, not per batch).
    available: Option<u128>,
    /// The runner's number in its engine (its record in a shard).
    id: usize,
    /// The trials `first..end` are the ones this runner holds (all of them
    /// but on a shard): `per_trial` and `monthly` start at trial `first`.
    first: u64,
    end: u64,
    /// Whether a shard's runner has handed its record to the engine.
    recorded: bool,
    /// Whether the run was chosen from earlier runs' results, so that a
    /// merge simulates it rather than replaying a record (docs/scale.md).
    chosen: bool,
}

impl<'a> Runner<'a> {
    /// A runner of `s` on the engine's threads. The scenario's sampling and
    /// correlations make its design (grown block by block as trials are
    /// added), and the first trials keep their monthly revenue.
    pub fn new(engine: &'a Engine, s: &'a Scenario) -> Runner<'a> {
        let own_design = s.sampling != Sampling::Random || !s.correlations.is_empty();
        Runner {
            s,
            engine,
            layout: Layout::new(s),
            design: None,
            own_design,
            keep_monthly: true,
            per_trial: Vec::new(),
            monthly: Vec::new(),
            done: 0,
            available: available_memory(),
            id: engine.runners.fetch_add(1, Ordering::Relaxed),
            first: 0,
            end: u64::MAX,
            recorded: false,
            chosen: false,
        }
    }

    /// Marks a run that a command chooses from the results of its earlier
    /// runs (sensitivity's flip values): shards cannot make it (which runs
    /// exist is not known before the work), so a shard refuses it, and a
    /// merge, replaying the parts, simulates it in full on its own machine
    /// (docs/scale.md, "Sensitivity").
    pub fn chosen_from_results(mut self) -> Runner<'a> {
        self.chosen = true;
        self
    }

    /// Takes the per-trial parameters' uniforms from `design` instead of
    /// the scenario's sampling (the sensitivity designs).
    pub fn with_design(mut self, design: Arc<ParamDesign>) -> Runner<'a> {
        self.design = Some(design);
        self.own_design = false;
        self
    }

    /// Keeps no monthly revenue: the analyses need the metrics only.
    pub fn metrics_only(mut self) -> Runner<'a> {
        self.keep_monthly = false;
        self
    }

    /// The number of splits the runner simulates.
    pub fn splits(&self) -> usize {
        self.s.splits.len()
    }

    /// Trials run so far.
    pub fn trials(&self) -> u64 {
        self.done
    }

    /// Runs trials `self.trials()..n` (on a shard, those of its block;
    /// replaying shards, copies them from their records).
    pub fn extend_to(&mut self, n: u64) -> Result<()> {
        if n <= self.done {
            return Ok(());
        }
        if let Trials::Shard { shard, .. } = &self.engine.trials {
            if self.chosen {
                return Err(Error::Usage(format!(
                    "--shard {shard}: this command chose a run from the results of its earlier runs, which a shard cannot know; run it without --shard"
                )));
            }
            if self.done > 0 {
                return Err(Error::Usage(format!(
                    "--shard {shard}: this command adds trials to a run it has started (precision control), which cannot be split into shards exactly; run it without --shard"
                )));
            }
            let block = shard.range(n);
            (self.first, self.end) = (block.start, block.end);
        }
        let s = self.s;
        let n_splits = s.splits.len();
        let stride = n_splits * N_METRICS;
        let held_to = n.min(self.end);
        let held = held_to.saturating_sub(self.first);
        check_memory(held, n_splits, self.available)?;
        let len = usize::try_from(u128::from(held) * stride as u128)
            .map_err(|_| Error::Memory(format!("{n} trials are too many for this machine")))?;
        self.per_trial.resize(len, 0.0);
        let mstride = self.mstride();
        let sample_end = if self.keep_monthly {
            held_to.min(MONTHLY_SAMPLE_TRIALS)
        } else {
            0
        };
        let first = self.first;
        self.monthly
            .resize(sample_end.saturating_sub(first) as usize * mstride, 0.0);
        if self.own_design {
            // Whole blocks are appended; earlier blocks never change. A
            // shard builds the blocks of its trials only.
            let d = Arc::make_mut(self.design.get_or_insert_with(|| {
                let from = first - first % design::block_size(s) as u64;
                Arc::new(ParamDesign::starting_at(s.params.len(), from))
            }));
            design::grow(d, s, held_to);
        }
        let start = self.done.max(first);
        if let (Trials::Replay(records), false) = (&self.engine.trials, self.chosen) {
            self.replay(records, n, start..held_to, sample_end, mstride)?;
        } else if start < held_to {
            self.simulate(start..held_to, sample_end, mstride)?;
        }
        self.check_finite(start, held_to)?;
        self.done = n;
        Ok(())
    }

    /// Copies trials `range` (and the monthly rows of those before
    /// `sample_end`) from this runner's record in the shards' `records`.
    fn replay(
        &mut self,
        records: &[Recorded],
        n: u64,
        range: std::ops::Range<u64>,
        sample_end: u64,
        mstride: usize,
    ) -> Result<()> {
        let stride = self.s.splits.len() * N_METRICS;
        let fits = |r: &&Recorded| {
            r.from == 0
                && r.total == n
                && r.to == n
                && r.stride == stride
                && (r.mstride == mstride || sample_end == 0)
                && r.monthly.len() >= sample_end as usize * mstride
        };
        let Some(rec) = records.get(self.id).filter(fits) else {
            return Err(Error::Usage(format!(
                "the parts do not hold run {} of this command as it runs now ({n} trials of {} splits): they were written by another command or version",
                self.id + 1,
                self.s.splits.len()
            )));
        };
        let (a, b) = (range.start as usize, range.end as usize);
        self.per_trial[a * stride..b * stride]
            .copy_from_slice(&rec.per_trial[a * stride..b * stride]);
        let m = (range.start.min(sample_end) as usize * mstride)..(sample_end as usize * mstride);
        self.monthly[m.clone()].copy_from_slice(&rec.monthly[m]);
        Ok(())
    }

    /// Simulates trials `range` into their slots, with the monthly rows of
    /// those before `sample_end`.
    fn simulate(
        &mut self,
        range: std::ops::Range<u64>,
        sample_end: u64,
        mstride: usize,
    ) -> Result<()> {
        let s = self.s;
        let stride = s.splits.len() * N_METRICS;
        let horizon = s.horizon_months as usize;
        let (start, first) = (range.start, self.first);
        let (layout, progress) = (&self.layout, &self.engine.progress);
        let design = self.design.as_deref();
        let row = |t: u64| design.and_then(|d| d.row(t));
        let new = &mut self.per_trial[(start - first) as usize * stride..];
        let monthly = &mut self.monthly;
        self.engine.pool.install(|| {
            let sampled = sample_end.saturating_sub(start) as usize;
            let (head, tail) = new.split_at_mut(sampled * stride);
            let m0 = start.min(sample_end).saturating_sub(first) as usize;
            head.par_chunks_mut(stride)
                .zip(monthly[m0 * mstride..].par_chunks_mut(mstride))
                .enumerate()
                .for_each_init(Lease::new, |ws, (i, (out, mon))| {
                    let t = start + i as u64;
                    ws.run_trial_with(s, layout, t, row(t), out);
                    let series = ws.monthly_revenue.iter().chain(&ws.cumulative);
                    for (k, m) in series.enumerate() {
                        mon[k * horizon..(k + 1) * horizon].copy_from_slice(m);
                    }
                    if let Some(p) = progress {
                        p.advance(1);
                    }
                });
            let first = start + sampled as u64;
            tail.par_chunks_mut(stride)
                .enumerate()
                .for_each_init(Lease::new, |ws, (i, out)| {
                    let t = first + i as u64;
                    ws.run_trial_with(s, layout, t, row(t), out);
                    if let Some(p) = progress {
                        p.advance(1);
                    }
                });
        })
    }

    /// Refuses trials `from..to` if one of their metrics overflowed: a value
    /// that is infinite, or lifetime value, revenue or cost of sales that is
    /// not a number (they are defined in every trial, and every sum of the
    /// run flows into them). The validation's bounds prevent it for any file
    /// `validate` accepts; this names the trial and its largest inputs if a
    /// scenario gets past them.
    fn check_finite(&self, from: u64, to: u64) -> Result<()> {
        let n_splits = self.s.splits.len();
        let always = [Metric::Ltv, Metric::Revenue, Metric::SalesCost];
        for t in from..to {
            for k in 0..n_splits {
                let base = ((t - self.first) as usize * n_splits + k) * N_METRICS;
                let row = &self.per_trial[base..base + N_METRICS];
                let bad = Metric::ALL.iter().find(|m| {
                    let v = row[m.index()];
                    v.is_infinite() || (v.is_nan() && always.contains(m))
                });
                if let Some(m) = bad {
                    return Err(self.overflow(t, k, *m));
                }
            }
        }
        Ok(())
    }

    /// The error of an overflow in trial `t`, split `k`, metric `m`: the
    /// trial's largest inputs, which are what to lower.
    fn overflow(&self, t: u64, k: usize, m: Metric) -> Error {
        let s = self.s;
        let mut world = super::World::default();
        world.draw_with(s, &self.layout, super::Draw::Trial(t), self.design_row(t));
        let mut inputs: Vec<(f64, String)> = s
            .params
            .iter()
            .zip(&world.values)
            .map(|(p, v)| (v.abs(), format!("{} = {v:e}", p.path)))
            .collect();
        let largest_spend = world.spend.iter().fold(0.0f64, |a, b| a.max(b.abs()));
        inputs.push((
            largest_spend,
            format!("the largest spend drawn = {largest_spend:e}"),
        ));
        inputs.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut top: Vec<String> = inputs.into_iter().take(3).map(|(_, t)| t).collect();
        if world.discount_rate < 0.0 {
            // A negative rate grows money month by month instead.
            top.insert(
                0,
                format!(
                    "simulation.discount_rate = {} over {} months",
                    world.discount_rate, s.horizon_months
                ),
            );
        }
        Error::Overflow(format!(
            "trial {t}, split {:?}: {} is not a finite number: the sums of the run overflowed. The largest inputs of this trial: {}; lower them (docs/scenario.md, \"Values\": every number at most 10^15)",
            s.splits[k].name,
            m.def().name,
            top.join(", ")
        ))
    }

    /// The design row of trial `t` (the uniforms of the inputs the scenario's
    /// sampling or a sensitivity design sets), if the runner has a design.
    pub fn design_row(&self, t: u64) -> Option<&[f64]> {
        self.design.as_deref().and_then(|d| d.row(t))
    }

    /// Numbers per sampled trial in `monthly`: every split's monthly
    /// revenue, then every split's cumulative discounted cash flow.
    fn mstride(&self) -> usize {
        (2 * self.s.splits.len() * self.s.horizon_months as usize).max(1)
    }

    /// The trials held: those run so far (on a shard, those of its block).
    fn held(&self) -> u64 {
        self.done.min(self.end).saturating_sub(self.first)
    }

    /// The monthly rows held (of the first trials that keep them).
    fn sampled(&self) -> u64 {
        if self.keep_monthly {
            self.done
                .min(MONTHLY_SAMPLE_TRIALS)
                .min(self.end)
                .saturating_sub(self.first)
        } else {
            0
        }
    }

    /// The values of one metric of one split over the trials run so far
    /// (on a shard, those of its block).
    pub fn values(&self, split: usize, metric: Metric) -> impl Iterator<Item = f64> + '_ {
        let stride = self.s.splits.len() * N_METRICS;
        (0..self.held() as usize)
            .map(move |t| self.per_trial[t * stride + split * N_METRICS + metric.index()])
    }

    /// The paired difference of `metric` against the baseline, per split, so far.
    pub fn deltas(&self, metric: Metric) -> Vec<Option<Delta>> {
        (0..self.s.splits.len())
            .map(|k| self.delta(k, metric))
            .collect()
    }

    /// The paired difference of split `k`'s `metric` against the baseline, so far.
    pub fn delta(&self, k: usize, metric: Metric) -> Option<Delta> {
        let better = metric.def().higher_is_better;
        paired(
            self.values(k, metric),
            self.values(self.s.baseline, metric),
            better,
        )
    }

    /// A shard's runner hands what it holds to the engine's records, once
    /// (`take`: moving it, as the runner ends).
    fn record(&mut self, take: bool) {
        let Trials::Shard { records, .. } = &self.engine.trials else {
            return;
        };
        if std::mem::replace(&mut self.recorded, true) {
            return;
        }
        let grab = |v: &mut Vec<f64>| if take { std::mem::take(v) } else { v.clone() };
        let rec = Recorded {
            from: self.first.min(self.done),
            to: self.first.min(self.done) + self.held(),
            total: self.done,
            stride: self.s.splits.len() * N_METRICS,
            mstride: self.mstride(),
            per_trial: grab(&mut self.per_trial),
            monthly: grab(&mut self.monthly),
        };
        let mut map = records.lock().unwrap_or_else(|e| e.into_inner());
        map.insert(self.id, rec);
    }

    /// Summarises the trials run so far (on a shard, those of its block,
    /// which are recorded for the merge).
    pub fn into_result(mut self) -> RunResult {
        self.record(false);
        let s = self.s;
        let n_splits = s.splits.len();
        let horizon = s.horizon_months as usize;
        let sample = self.sampled();
        let held = self.held();
        let first = self.first.min(self.done);
        let mstride = self.mstride();
        let mut result = RunResult {
            trials: held,
            seed: s.seed,
            horizon_months: s.horizon_months,
            n_splits,
            splits: Vec::with_capacity(n_splits),
            per_trial: std::mem::take(&mut self.per_trial),
            monthly_revenue: Vec::new(),
            monthly_sample: sample,
            decision: s.decision.clone(),
            cells: self.layout.cells.len(),
            correlations: design::achieved(s, self.design.as_deref(), first..first + held),
            design: self.design.take(),
        };
        // Per month, P10, P50 and P90 over the sampled trials of `value(i, t)`.
        let band = |value: &dyn Fn(usize, usize) -> f64, scratch: &mut Vec<f64>| {
            let mut b = Band {
                p10: Vec::new(),
                p50: Vec::new(),
                p90: Vec::new(),
            };
            for t in 0..horizon {
                scratch.clear();
                scratch.extend((0..sample as usize).map(|i| value(i, t)));
                scratch.sort_unstable_by(f64::total_cmp);
                b.p10.push(quantile_sorted(scratch, 0.1));
                b.p50.push(quantile_sorted(scratch, 0.5));
                b.p90.push(quantile_sorted(scratch, 0.9));
            }
            b
        };
        let monthly = &self.monthly;
        let cumulative =
            |i: usize, k: usize, t: usize| monthly[i * mstride + (n_splits + k) * horizon + t];
        // Every split's bands, and every split's summary of every metric,
        // each on its own (their sorts are most of the work), so they are
        // made on the run's worker threads: the same numbers on any count.
        let bands_of = |k: usize, scratch: &mut Vec<f64>| {
            let revenue = band(&|i, t| monthly[i * mstride + k * horizon + t], scratch);
            let delta = (k != s.baseline).then(|| {
                band(
                    &|i, t| cumulative(i, k, t) - cumulative(i, s.baseline, t),
                    scratch,
                )
            });
            (revenue, delta)
        };
        let summary_of = |j: usize, scratch: &mut Vec<f64>| {
            let (k, m) = (j / N_METRICS, Metric::ALL[j % N_METRICS]);
            summarize(result.values(k, m), scratch)
        };
        let parallel = self.engine.pool.install(|| {
            let bands: Vec<_> = (0..n_splits)
                .into_par_iter()
                .map_init(Vec::new, |scratch, k| bands_of(k, scratch))
                .collect();
            let summaries: Vec<_> = (0..n_splits * N_METRICS)
                .into_par_iter()
                .map_init(Vec::new, |scratch, j| summary_of(j, scratch))
                .collect();
            (bands, summaries)
        });
        let (bands, mut summaries) = parallel.unwrap_or_else(|_| {
            // No worker threads (they could not be started): one by one.
            let mut scratch = Vec::new();
            (
                (0..n_splits).map(|k| bands_of(k, &mut scratch)).collect(),
                (0..n_splits * N_METRICS)
                    .map(|j| summary_of(j, &mut scratch))
                    .collect(),
            )
        });
        let mut summaries = summaries.drain(..);
        for ((k, split), (revenue, delta)) in s.splits.iter().enumerate().zip(bands) {
            let metrics = ByMetric::from_fn(|_| summaries.next().flatten());
            let deltas = ByMetric::from_fn(|m| {
                paired(
                    result.values(k, m),
                    result.values(s.baseline, m),
                    m.def().higher_is_better,
                )
            });
            let paid_back = result
                .values(k, Metric::PaybackMonth)
                .filter(|x| !x.is_nan())
                .count();
            result.splits.push(SplitResult {
                name: split.name.clone(),
                baseline: k == s.baseline,
                current: k == s.current,
                metrics,
                deltas,
                p_payback: (k != s.baseline && result.trials > 0)
                    .then(|| paid_back as f64 / result.trials as f64),
                delta_cumulative: delta,
            });
            result.monthly_revenue.push(revenue);
        }
        result.decision = decide(&s.decision, &result.splits);
        result
    }
}

impl Drop for Runner<'_> {
    /// A shard's runner that ends without a summary (a team of a grid is
    /// evaluated from its values) still leaves its record.
    fn drop(&mut self) {
        self.record(true);
    }
}
