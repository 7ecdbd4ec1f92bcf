//! `summary.csv`: one row per (split, metric), long format, for spreadsheets.
//! Empty cells are undefined values (null in `summary.json`).

use super::csv_num as num;
use crate::core::metrics::Metric;
use crate::error::Result;
use crate::sim::engine::{RunResult, SplitResult};

/// The columns of `summary.csv`. `p_payback` (the share of trials that pay
/// back, as in `summary.json`) is on the `payback_month` rows of the splits
/// other than the baseline, and empty elsewhere.
pub const HEADER: [&str; 18] = [
    "split",
    "metric",
    "mean",
    "sd",
    "se",
    "p5",
    "p10",
    "p50",
    "p90",
    "p95",
    "n",
    "delta_mean",
    "delta_ci95_low",
    "delta_ci95_high",
    "p_better",
    "p_worse",
    "delta_n",
    "p_payback",
];

/// `summary.csv`: one row per split and metric.
pub fn summary(r: &RunResult) -> Result<Vec<u8>> {
    super::csv_table(|w| {
        w.write_record(HEADER)?;
        for sp in &r.splits {
            for (m, def) in Metric::ALL.iter().map(|&m| (m, m.def())) {
                let s = sp.metrics[m].as_ref();
                let d = sp.deltas[m].as_ref();
                let row = [
                    super::csv_text(&sp.name),
                    def.name.to_string(),
                    num(s.map(|s| s.mean)),
                    num(s.and_then(|s| s.sd)),
                    num(s.and_then(|s| s.se)),
                    num(s.map(|s| s.p5)),
                    num(s.map(|s| s.p10)),
                    num(s.map(|s| s.p50)),
                    num(s.map(|s| s.p90)),
                    num(s.map(|s| s.p95)),
                    s.map(|s| s.n).unwrap_or(0).to_string(),
                    num(d.map(|d| d.mean)),
                    num(d.and_then(|d| d.ci95_low)),
                    num(d.and_then(|d| d.ci95_high)),
                    num(d.map(|d| d.p_better)),
                    num(d.map(|d| d.p_worse)),
                    d.map(|d| d.n).unwrap_or(0).to_string(),
                    num(p_payback(sp, m)),
                ];
                w.write_record(&row)?;
            }
        }
        Ok(())
    })
}

/// A split's share of trials that pay back, on its `payback_month` row.
pub fn p_payback(sp: &SplitResult, m: Metric) -> Option<f64> {
    sp.p_payback.filter(|_| m == Metric::PaybackMonth)
}
