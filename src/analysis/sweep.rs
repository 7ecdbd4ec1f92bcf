//! `keysplit sweep`: one split's metrics as one numeric input moves, every
//! point over the same trials' random numbers (common random numbers), with
//! the paired difference against the baseline at each point and the
//! break-even values where the mean difference crosses zero.

use crate::analysis::precision::{self, Outcome, Precision};
use crate::core::metrics::{ByMetric, Metric};
use crate::core::stats::{Delta, Summary};
use crate::error::{Error, Result};
use crate::scenario::{Loaded, Scenario, patch};
use crate::sim::memory::{available_memory, check_runs, trials_or_shards};
use crate::sim::{Engine, RunResult, Runner, reload};

/// What to sweep.
#[derive(Clone, Debug)]
pub struct SweepSpec {
    /// The split reported (its difference is against the baseline).
    pub split: String,
    /// The key path of the input swept.
    pub param: String,
    /// The values it takes, one point each.
    pub values: Vec<f64>,
}

/// The values of a sweep as written on the command line: `0,0.25,0.5`.
#[derive(Clone, Debug, PartialEq)]
pub struct Values(pub Vec<f64>);

impl std::str::FromStr for Values {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Values, String> {
        s.split(',')
            .map(|v| match v.trim().parse::<f64>() {
                Ok(x) if x.is_finite() => Ok(x),
                Ok(_) => Err(format!(
                    "--values: {:?} is not a finite number: write --values 0,0.25,0.5",
                    v.trim()
                )),
                Err(_) => Err(format!("{v:?} is not a number: write --values 0,0.25,0.5")),
            })
            .collect::<std::result::Result<Vec<f64>, String>>()
            .map(Values)
    }
}

/// The values `from, ..., to` in `steps` equal steps (`steps + 1` points).
///
/// Each value is the nearest float to its 12-significant-digit decimal when
/// that is within a billionth of a step, so 0 to 1 in 10 steps gives 0.4
/// (which prints as `0.4`), not 0.39999999999999997: the arithmetic's
/// rounding error, not a value anyone asked for.
pub fn linspace(from: f64, to: f64, steps: u32) -> Vec<f64> {
    if steps == 0 {
        return vec![from];
    }
    let step = (to - from) / f64::from(steps);
    let tidy = |x: f64| {
        let decimal: f64 = format!("{x:.11e}").parse().unwrap_or(x);
        if (decimal - x).abs() <= 1e-9 * step.abs() {
            decimal
        } else {
            x
        }
    };
    (0..=steps)
        .map(|i| tidy(from + (to - from) * f64::from(i) / f64::from(steps)))
        .collect()
}

/// One point of a sweep.
#[derive(Clone, Debug)]
pub struct Point {
    /// The input's value at this point.
    pub value: f64,
    /// The swept split's summaries, per metric.
    pub metrics: ByMetric<Option<Summary>>,
    /// The baseline's summaries at this point, per metric.
    pub baseline: ByMetric<Option<Summary>>,
    /// Paired differences against the baseline, per metric.
    pub deltas: ByMetric<Option<Delta>>,
}

/// A whole sweep.
#[derive(Clone, Debug)]
pub struct Sweep {
    /// The scenario's name.
    pub scenario: String,
    /// The split reported.
    pub split: String,
    /// The baseline it is compared with.
    pub baseline: String,
    /// The key path swept.
    pub param: String,
    /// Trials per point.
    pub trials: u64,
    /// The random seed.
    pub seed: u64,
    /// The points, in the order given.
    pub points: Vec<Point>,
    /// What precision control did, when it was used.
    pub precision: Option<Outcome>,
    /// The metric the scenario is decided on (docs/model.md, "The decision
    /// metric"): its break-even leads.
    pub decision: Metric,
}

impl Sweep {
    /// The metrics the sweep reports break-evens for: the decision metric,
    /// and cost of sales.
    pub fn break_even_metrics(&self) -> Vec<Metric> {
        let mut v = vec![self.decision];
        if self.decision != Metric::CostOfSales {
            v.push(Metric::CostOfSales);
        }
        v
    }

    /// Values of the swept input where the mean paired difference of
    /// `metric` crosses zero, by linear interpolation between points.
    pub fn break_evens(&self, metric: Metric) -> Vec<f64> {
        let mut pts: Vec<(f64, f64)> = self
            .points
            .iter()
            .filter_map(|p| p.deltas[metric].as_ref().map(|d| (p.value, d.mean)))
            .collect();
        // Values may be given in any order; crossings are between neighbours in value.
        pts.sort_by(|a, b| a.0.total_cmp(&b.0));
        break_evens(&pts)
    }

    /// True when some crossing of zero by the mean difference of `metric`
    /// lies next to a point whose 95% interval includes zero: the crossing
    /// may be Monte Carlo noise.
    pub fn break_even_uncertain(&self, metric: Metric) -> bool {
        let mut pts: Vec<&Point> = self
            .points
            .iter()
            .filter(|p| p.deltas[metric].is_some())
            .collect();
        pts.sort_by(|a, b| a.value.total_cmp(&b.value));
        let delta = |p: &Point| p.deltas[metric].clone();
        let straddles = |p: &Point| delta(p).is_none_or(|d| !d.clear());
        let mean = |p: &Point| delta(p).map(|d| d.mean).unwrap_or(f64::NAN);
        pts.windows(2).any(|w| {
            let (a, b) = (mean(w[0]), mean(w[1]));
            let crosses = a == 0.0 || b == 0.0 || (a < 0.0) != (b < 0.0);
            crosses && (straddles(w[0]) || straddles(w[1]))
        })
    }
}

/// Zero crossings of a piecewise-linear curve through `pts` (x ascending or descending).
pub fn break_evens(pts: &[(f64, f64)]) -> Vec<f64> {
    let mut out: Vec<f64> = Vec::new();
    for (i, &(x0, y0)) in pts.iter().enumerate() {
        if y0 == 0.0 {
            // An exact zero is a break-even unless the curve is flat at zero there.
            let neighbours: Vec<f64> = [i.checked_sub(1), Some(i + 1)]
                .into_iter()
                .flatten()
                .filter_map(|j| pts.get(j).map(|p| p.1))
                .collect();
            let flat = !neighbours.is_empty() && neighbours.iter().all(|y| *y == 0.0);
            if !flat && out.last() != Some(&x0) {
                out.push(x0);
            }
            continue;
        }
        if let Some(&(x1, y1)) = pts.get(i + 1)
            && y1 != 0.0
            && (y0 < 0.0) != (y1 < 0.0)
        {
            out.push(x0 + (0.0 - y0) * (x1 - x0) / (y1 - y0));
        }
    }
    out
}

/// The scenario of every point of a sweep: the loaded scenario's text
/// patched at the swept key and validated in full (its account book is not
/// read again), then restricted to the swept split, the baseline and the
/// current split. Returns each point's scenario with the index of the swept
/// split in it.
pub fn points(
    loaded: &Loaded,
    spec: &SweepSpec,
    trials: Option<u64>,
    seed: Option<u64>,
) -> Result<Vec<(Scenario, usize)>> {
    if spec.values.is_empty() {
        return Err(Error::Usage("a sweep needs at least one value".into()));
    }
    let mut scenarios: Vec<(Scenario, usize)> = Vec::new();
    for &v in &spec.values {
        if !v.is_finite() {
            return Err(Error::Usage(format!(
                "sweep value {v} is not a finite number"
            )));
        }
        let text = patch::set_number(&loaded.source, &spec.param, v).map_err(Error::Usage)?;
        let at = format!("--param {} at {v}", spec.param);
        let mut s = reload(loaded, &text, &at)
            .map_err(|problems| Error::InvalidScenario {
                problems,
                at: Some(format!("the sweep point {} = {v}", spec.param)),
            })?
            .scenario;
        let k = s.split_index(&spec.split).map_err(Error::Usage)?;
        if let Some(t) = trials {
            s.trials = t;
        }
        if let Some(seed) = seed {
            s.seed = seed;
        }
        let k = s.restrict_to(k);
        scenarios.push((s, k));
    }
    Ok(scenarios)
}

/// Runs a sweep over the points' scenarios (from [`points`]), every point
/// on the engine's threads, under precision control when asked. With
/// `keep`, every point's run (its per-trial metrics) comes back too, in
/// point order; they are all held during the sweep anyway, so keeping them
/// adds no memory the check has not counted.
pub fn run(
    scenarios: &[(Scenario, usize)],
    spec: &SweepSpec,
    engine: &Engine,
    precision: Option<Precision>,
    keep: bool,
) -> Result<(Sweep, Vec<RunResult>)> {
    // Every point is held in memory at once (precision control checks each
    // batch of them itself).
    if precision.is_none() {
        let trials = scenarios.first().map_or(0, |(s, _)| s.trials);
        let splits: Vec<usize> = scenarios.iter().map(|(s, _)| s.splits.len()).collect();
        check_runs(
            engine.held(trials),
            &splits,
            available_memory(),
            &trials_or_shards(trials),
        )?;
    }
    let mut runners: Vec<Runner<'_>> = scenarios
        .iter()
        .map(|(s, _)| Runner::new(engine, s).metrics_only())
        .collect();
    let outcome = match precision {
        Some(p) => {
            let checks: Vec<Vec<usize>> = scenarios
                .iter()
                .map(|(s, k)| if *k == s.baseline { vec![] } else { vec![*k] })
                .collect();
            Some(precision::run_until(
                &mut runners,
                &checks,
                p.target,
                p.max_trials,
                0,
            )?)
        }
        None => {
            for (r, (s, _)) in runners.iter_mut().zip(scenarios) {
                r.extend_to(s.trials)?;
            }
            None
        }
    };
    let first = &scenarios[0].0;
    let mut sweep = Sweep {
        scenario: first.name.clone(),
        split: spec.split.clone(),
        baseline: first.splits[first.baseline].name.clone(),
        param: spec.param.clone(),
        trials: runners[0].trials(),
        seed: first.seed,
        points: Vec::new(),
        precision: outcome,
        decision: first.decision.metric,
    };
    let mut runs = Vec::new();
    for ((r, (s, k)), &value) in runners.into_iter().zip(scenarios).zip(&spec.values) {
        let res: RunResult = r.into_result();
        let sp = &res.splits[*k];
        sweep.points.push(Point {
            value,
            metrics: sp.metrics.clone(),
            baseline: res.splits[s.baseline].metrics.clone(),
            deltas: sp.deltas.clone(),
        });
        if keep {
            runs.push(res);
        }
    }
    Ok((sweep, runs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linspace_includes_both_ends() {
        assert_eq!(linspace(0.0, 1.0, 4), vec![0.0, 0.25, 0.5, 0.75, 1.0]);
        assert_eq!(linspace(2.0, 2.0, 0), vec![2.0]);
        // Tenths print as tenths: 0.3 + 0.4 x 1 / 4 is 0.39999999999999997
        // in binary arithmetic before tidying.
        let tenths: Vec<String> = linspace(0.0, 1.0, 10).iter().map(f64::to_string).collect();
        let want: Vec<String> = (0..=10)
            .map(|i| (f64::from(i) / 10.0).to_string())
            .collect();
        assert_eq!(tenths, want);
        assert_eq!(linspace(0.3, 0.7, 4)[1].to_string(), "0.4");
        // Steps finer than 12 digits are kept as computed.
        let fine = linspace(1.0, 1.0 + 1e-13, 2);
        assert!(fine[0] < fine[1] && fine[1] < fine[2]);
    }

    #[test]
    fn break_evens_interpolate_a_line_exactly() {
        // y = 3 - 2x crosses zero at 1.5.
        let pts: Vec<(f64, f64)> = [0.0, 1.0, 2.0, 3.0]
            .iter()
            .map(|&x| (x, 3.0 - 2.0 * x))
            .collect();
        assert_eq!(break_evens(&pts), vec![1.5]);
        assert_eq!(
            break_evens(&[(0.0, 1.0), (1.0, 0.0), (2.0, -1.0)]),
            vec![1.0]
        );
        assert!(break_evens(&[(0.0, 1.0), (1.0, 2.0)]).is_empty());
        assert!(break_evens(&[(0.0, 0.0), (1.0, 0.0), (2.0, 0.0)]).is_empty());
    }
}
