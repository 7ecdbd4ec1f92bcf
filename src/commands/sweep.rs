//! `sweep`: one split's metrics as one numeric input moves, and its output
//! folder (`sweep.csv`, `sweep.json`, one chart per key metric).

use super::{Files, Options, write_charts, write_folder};
use crate::analysis::precision::Precision;
use crate::analysis::sweep::{self, Sweep, SweepSpec};
use crate::charts;
use crate::error::{Error, Result};
use crate::output::{self, trials};
use crate::scenario::{Loaded, Scenario};
use crate::sim::{Pool, RunResult};
use std::path::Path;

/// What to sweep, and how.
#[derive(Clone, Debug)]
pub struct SweepOptions {
    /// Trials (per point), seed, threads and progress.
    pub options: Options,
    /// The split, the input's key path and its values.
    pub spec: SweepSpec,
    /// Add trials until the difference at every point is this precise.
    pub precision: Option<Precision>,
    /// Keep every point's per-trial metrics, for the per-trial table.
    pub per_trial: bool,
}

/// What a sweep produced.
#[derive(Clone, Debug)]
pub struct SweepOutcome {
    /// The scenario as loaded, trials and seed overridden.
    pub scenario: Scenario,
    /// Every point's summaries and differences, and the break-evens.
    pub sweep: Sweep,
    /// With `per_trial`: every point's scenario and run, in point order.
    pub runs: Vec<(Scenario, RunResult)>,
}

/// Sweeps one input of the scenario: every point is the scenario's text
/// with the input set, validated in full, over the same trials.
pub fn sweep(loaded: &Loaded, opts: &SweepOptions) -> Result<SweepOutcome> {
    let s = opts.options.scenario(loaded)?;
    s.split_index(&opts.spec.split).map_err(Error::Usage)?;
    opts.options
        .check_shard(s.trials, opts.precision.is_some())?;
    let engine = opts.options.engine();
    engine.start(match opts.precision {
        Some(_) => None,
        None => Some(s.trials * opts.spec.values.len() as u64),
    });
    let points = sweep::points(loaded, &opts.spec, opts.options.trials, opts.options.seed)?;
    let (sweep, runs) = sweep::run(&points, &opts.spec, &engine, opts.precision, opts.per_trial)?;
    let runs = points.into_iter().map(|(s, _)| s).zip(runs).collect();
    Ok(SweepOutcome {
        scenario: s,
        sweep,
        runs,
    })
}

/// Writes a sweep's output folder atomically: `sweep.csv`, `sweep.json`,
/// with `files.charts` one chart per key metric (and the convergence chart
/// of precision control), drawn on `pool`, and with `files.per_trial` the
/// per-trial table (one row per point, trial and split).
pub fn write(out: &Path, o: &SweepOutcome, files: &Files, pool: &Pool) -> Result<()> {
    let (sw, s) = (&o.sweep, &o.scenario);
    write_folder(out, "sweep", "sweep", |dir| {
        output::write_file(dir, "sweep.csv", &output::sweep::csv(sw)?)?;
        let json = output::sweep::json(sw);
        output::write_file(dir, "sweep.json", output::json::to_string(&json).as_bytes())?;
        if let Some(format) = files.per_trial {
            let points = o
                .runs
                .iter()
                .zip(&sw.points)
                .map(|((scenario, result), p)| trials::Point {
                    label: trials::Label::Sweep(p.value),
                    scenario,
                    result,
                })
                .collect();
            trials::write(dir, &trials::Table::new(points), format)?;
        }
        if files.charts {
            write_charts(dir, pool, &charts::sweep::charts(sw, s))?;
            if let Some(p) = &sw.precision {
                let conv = charts::sweep::convergence(sw, s, p);
                write_charts(dir, pool, &[("convergence".to_string(), conv)])?;
            }
        }
        Ok(())
    })
}
