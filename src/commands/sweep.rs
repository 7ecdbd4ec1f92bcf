//! `sweep`: one split's metrics as one numeric input moves, and its output
//! folder (`sweep.csv`, `sweep.json`, one chart per key metric).

use super::{Options, write_charts, write_folder};
use crate::analysis::precision::Precision;
use crate::analysis::sweep::{self, Sweep, SweepSpec};
use crate::charts;
use crate::error::{Error, Result};
use crate::output;
use crate::scenario::{Loaded, Scenario};
use crate::sim::Pool;
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
}

/// What a sweep produced.
#[derive(Clone, Debug)]
pub struct SweepOutcome {
    /// The scenario as loaded, trials and seed overridden.
    pub scenario: Scenario,
    /// Every point's summaries and differences, and the break-evens.
    pub sweep: Sweep,
}

/// Sweeps one input of the scenario: every point is the scenario's text
/// with the input set, validated in full, over the same trials.
pub fn sweep(loaded: &Loaded, opts: &SweepOptions) -> Result<SweepOutcome> {
    let s = opts.options.scenario(loaded)?;
    s.split_index(&opts.spec.split).map_err(Error::Usage)?;
    let engine = opts.options.engine();
    engine.start(match opts.precision {
        Some(_) => None,
        None => Some(s.trials * opts.spec.values.len() as u64),
    });
    let points = sweep::points(
        &loaded.source,
        &opts.spec,
        opts.options.trials,
        opts.options.seed,
    )?;
    let sweep = sweep::run(&points, &opts.spec, &engine, opts.precision)?;
    Ok(SweepOutcome { scenario: s, sweep })
}

/// Writes a sweep's output folder atomically: `sweep.csv`, `sweep.json`
/// and, with `charts`, one chart per key metric (and the convergence chart
/// of precision control), drawn on `pool`.
pub fn write(out: &Path, o: &SweepOutcome, charts: bool, pool: &Pool) -> Result<()> {
    let (sw, s) = (&o.sweep, &o.scenario);
    write_folder(out, "sweep", "sweep", |dir| {
        output::write_file(dir, "sweep.csv", &output::sweep::csv(sw)?)?;
        let json = output::sweep::json(sw);
        output::write_file(dir, "sweep.json", output::json::to_string(&json).as_bytes())?;
        if charts {
            write_charts(dir, pool, &charts::sweep::charts(sw, s))?;
            if let Some(p) = &sw.precision {
                let conv = charts::sweep::convergence(sw, s, p);
                write_charts(dir, pool, &[("convergence".to_string(), conv)])?;
            }
        }
        Ok(())
    })
}
