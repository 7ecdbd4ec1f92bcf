//! The decision-analytics commands, `sweep` and `size`, as the binary calls
//! them (free of clap, like `app`). Each validates the scenario exactly as
//! `validate` does, applies the overrides, runs with common random numbers,
//! and writes its outputs atomically into `output/<stem>-<command>/`.

use crate::analysis::precision::Target;
use crate::analysis::size::{self, SizeSpec, Sizing};
use crate::analysis::sweep::{self, Sweep, SweepSpec};
use crate::app::{InputError, default_out};
use crate::charts;
use crate::output;
use crate::sim::engine::RunOptions;
use anyhow::{Context, Result};
use std::path::PathBuf;

/// The options every command shares (`run`'s request).
pub type Common = crate::app::RunRequest;

impl Common {
    fn out_dir(&self, suffix: &str) -> PathBuf {
        self.out.clone().unwrap_or_else(|| {
            let d = default_out(&self.scenario);
            let name = format!(
                "{}-{suffix}",
                d.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            );
            d.with_file_name(name)
        })
    }

    fn options(&self, total: Option<u64>) -> (RunOptions, indicatif::ProgressBar) {
        crate::app::progress(self.quiet, self.threads, total)
    }

    fn target(&self) -> Option<(Target, u64)> {
        self.precision.map(|t| {
            (
                t,
                self.max_trials
                    .unwrap_or(crate::analysis::precision::DEFAULT_MAX_TRIALS),
            )
        })
    }
}

/// A sweep request.
#[derive(Clone, Debug)]
pub struct SweepRequest {
    pub common: Common,
    pub split: String,
    pub param: String,
    pub values: Vec<f64>,
}

/// `keysplit sweep`.
pub fn sweep(req: &SweepRequest) -> Result<(Sweep, PathBuf)> {
    let c = &req.common;
    let loaded = c.load()?;
    loaded
        .scenario
        .split_index(&req.split)
        .map_err(InputError)?;
    let trials = c.trials.unwrap_or(loaded.scenario.trials);
    let total = if c.precision.is_some() {
        None
    } else {
        Some(trials * req.values.len() as u64)
    };
    let (opts, bar) = c.options(total);
    let spec = SweepSpec {
        split: req.split.clone(),
        param: req.param.clone(),
        values: req.values.clone(),
    };
    let sw = sweep::run(&loaded.source, &spec, c.trials, c.seed, &opts, c.target())?;
    bar.finish_and_clear();
    let out = c.out_dir("sweep");
    output::write_atomically(&out, |dir| {
        output::write_file(dir, "sweep.csv", &output::sweep::csv(&sw)?)?;
        output::write_file(
            dir,
            "sweep.json",
            output::json::to_string(&output::sweep::json(&sw)).as_bytes(),
        )?;
        if !c.no_charts {
            charts::write_charts(dir, &charts::sweep::charts(&sw, &loaded.scenario))?;
            if let Some(o) = &sw.precision {
                let conv = charts::convergence::for_sweep(&sw, &loaded.scenario, o);
                charts::write_charts(dir, &[("convergence".to_string(), conv)])?;
            }
        }
        Ok(())
    })
    .with_context(|| format!("writing the sweep to {}", out.display()))?;
    if !c.quiet {
        print!("{}", output::sweep::table(&sw));
        eprintln!("Results written to {}", out.display());
    }
    Ok((sw, out))
}

/// A sizing request.
#[derive(Clone, Debug)]
pub struct SizeRequest {
    pub common: Common,
    pub spec: SizeSpec,
}

/// `keysplit size`.
pub fn size(req: &SizeRequest) -> Result<(Sizing, PathBuf)> {
    let c = &req.common;
    let loaded = c.load()?;
    let mut s = loaded.scenario;
    crate::app::apply_overrides(&mut s, c.trials, c.seed)?;
    s.split_index(&req.spec.split).map_err(InputError)?;
    let (opts, bar) = c.options(None);
    let sizing = size::run(&s, &req.spec, &opts, c.target())?;
    bar.finish_and_clear();
    let out = c.out_dir("size");
    output::write_atomically(&out, |dir| {
        output::write_file(dir, "size.csv", &output::size::csv(&sizing)?)?;
        output::write_file(
            dir,
            "size.json",
            output::json::to_string(&output::size::json(&sizing)).as_bytes(),
        )?;
        if !c.no_charts {
            charts::write_charts(dir, &[charts::heatmap::chart(&sizing, &s)])?;
            if let Some(o) = &sizing.precision {
                let conv = charts::convergence::for_size(&sizing, &s, o);
                charts::write_charts(dir, &[("convergence".to_string(), conv)])?;
            }
        }
        Ok(())
    })
    .with_context(|| format!("writing the sizing to {}", out.display()))?;
    if !c.quiet {
        print!("{}", output::size::text(&sizing));
        eprintln!("Results written to {}", out.display());
    }
    Ok((sizing, out))
}

/// Parses `--values 0,0.25,0.5`.
pub fn parse_values(s: &str) -> Result<Vec<f64>, String> {
    s.split(',')
        .map(|v| {
            v.trim()
                .parse::<f64>()
                .map_err(|_| format!("{v:?} is not a number: write --values 0,0.25,0.5"))
        })
        .collect()
}

/// A sensitivity request.
#[derive(Clone, Debug)]
pub struct SensitivityRequest {
    pub common: Common,
    pub spec: crate::analysis::sensitivity::SensSpec,
}

/// `keysplit sensitivity`.
pub fn sensitivity(
    req: &SensitivityRequest,
) -> Result<(crate::analysis::sensitivity::Sensitivity, PathBuf)> {
    let c = &req.common;
    if c.precision.is_some() {
        return Err(InputError(
            "--precision is not available for sensitivity: every run uses the same --trials (common random numbers across the held inputs); set --trials instead".into(),
        )
        .into());
    }
    let loaded = c.load()?;
    let mut s = loaded.scenario;
    crate::app::apply_overrides(&mut s, c.trials, c.seed)?;
    s.split_index(&req.spec.split).map_err(InputError)?;
    let total =
        crate::analysis::sensitivity::planned_trials(&s, &req.spec.split, req.spec.sobol_samples);
    let (opts, bar) = c.options(Some(total));
    let a = crate::analysis::sensitivity::run(&s, &req.spec, &opts)?;
    bar.finish_and_clear();
    let out = c.out_dir("sensitivity");
    output::write_atomically(&out, |dir| {
        output::write_file(dir, "sensitivity.csv", &output::sensitivity::csv(&a)?)?;
        output::write_file(
            dir,
            "sensitivity.json",
            output::json::to_string(&output::sensitivity::json(&a)).as_bytes(),
        )?;
        if !c.no_charts {
            charts::write_charts(dir, &charts::sensitivity::charts(&a, &s))?;
        }
        Ok(())
    })
    .with_context(|| format!("writing the sensitivity analysis to {}", out.display()))?;
    if !c.quiet {
        print!("{}", output::sensitivity::table(&a));
        eprintln!("Results written to {}", out.display());
    }
    Ok((a, out))
}
