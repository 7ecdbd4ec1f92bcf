//! What a run is decided on, in words (docs/model.md, "The decision
//! metric"): the metric, why it is `ltv` when the scenario asked for one
//! that is undefined, and the splits whose gain inside the horizon the
//! book left at its end reverses (or the other way round). The terminal
//! table and the report say the same sentences.

use crate::core::format;
use crate::core::metrics::{Metric, Unit};
use crate::core::stats::Delta;
use crate::sim::engine::{RunResult, SplitResult};

/// The metrics of the headline rows, the decision metric first.
pub fn rows(decision: Metric) -> Vec<Metric> {
    const ROWS: [Metric; 14] = [
        Metric::Ltv,
        Metric::LtvWithTerminal,
        Metric::TransitionCost,
        Metric::PaybackMonth,
        Metric::CostOfSales,
        Metric::SellingShareOutside,
        Metric::SellingShareInside,
        Metric::HeadcountOutside,
        Metric::HeadcountInside,
        Metric::Managers,
        Metric::AccountRetention,
        Metric::RevenueRetention,
        Metric::Revenue,
        Metric::SalesCost,
    ];
    std::iter::once(decision)
        .chain(ROWS.into_iter().filter(|m| *m != decision))
        .collect()
}

/// A metric's label in the headline rows: the decision metric says so.
pub fn label(m: Metric, decision: Metric) -> String {
    if m == decision {
        format!("{} (decision metric)", m.def().label)
    } else {
        m.def().label.to_string()
    }
}

/// How a comparison lays out a paired difference ([`difference`]).
#[derive(Clone, Copy, Debug)]
pub enum Layout {
    /// The terminal table's lines: "Δ -$6.93M [-$8.03M, -$5.83M]" over
    /// "P(better) 29%".
    Lines,
    /// The report's cell: "-$6.93M [-$8.03M, -$5.83M]; better in 29%".
    Inline,
}

/// A split's paired difference against the baseline as the terminal table
/// and the report write it: the mean with its 95% interval, then P(better)
/// in [`format::p_better`]'s words ("equal in every trial" for a tie).
pub fn difference(d: &Delta, unit: Unit, layout: Layout) -> String {
    let (before, between, better) = match layout {
        Layout::Lines => ("Δ ", "\n", "P(better)"),
        Layout::Inline => ("", "; ", "better in"),
    };
    let p = format::p_better(d).map_or_else(String::from, |p| format!("{better} {p}"));
    format!("{before}{}{between}{p}", format::delta_interval(d, unit))
}

/// "Pays back in 74% of trials" for a split other than the baseline.
pub fn payback_share(sp: &SplitResult) -> Option<String> {
    let p = sp.p_payback?;
    Some(if p <= 0.0 {
        "pays back in no trial".to_string()
    } else {
        format!("pays back {}", format::in_trials(p))
    })
}

/// A payback month as the tables print it: a whole month. The month a
/// trial pays back is whole; a quantile between two trials' months is
/// rounded to the nearest (`summary.json` keeps it as computed).
pub fn month(x: f64) -> String {
    format::value(x.round(), Unit::Count)
}

/// The payback row of a split, as the terminal table, the report and the
/// workbook say it: the share of trials that pay back first, then, among
/// them, the median month and the P10 to P90 range (whole months). The
/// mean month over the trials that pay back is left out: it is not what
/// a reader of "payback month 4.6" takes it for when most trials never
/// pay back, and it can fall outside its own P10 to P90.
pub struct Payback {
    /// "pays back in 30% of trials"; "n/a" for the baseline.
    pub share: String,
    /// "of those, median month 3": among the trials that pay back, not all
    /// trials (the J-curve's median is over all of them).
    pub median: Option<String>,
    /// The P10 and P90 months among them.
    pub range: Option<(String, String)>,
}

/// The payback row of a split ([`Payback`]).
pub fn payback(sp: &SplitResult) -> Payback {
    let s = sp.metrics[Metric::PaybackMonth].as_ref();
    Payback {
        share: payback_share(sp).unwrap_or_else(|| "n/a".into()),
        median: s.map(|s| format!("of those, median month {}", month(s.p50))),
        range: s.map(|s| (month(s.p10), month(s.p90))),
    }
}

/// The sentences under the headline numbers: the fallback of the decision
/// metric, and every split whose horizon-only and with-terminal lifetime
/// values disagree in sign, both 95% intervals excluding zero.
pub fn notes(r: &RunResult) -> Vec<String> {
    let mut out = Vec::new();
    if let Some((asked, why)) = &r.decision.fallback {
        out.push(format!(
            "Decided on {} instead of {}: {why}.",
            r.decision.metric.def().label,
            asked.def().label
        ));
    }
    for sp in r.splits.iter().filter(|sp| !sp.baseline) {
        if let Some(s) = reversal(sp) {
            out.push(s);
        }
    }
    out
}

/// The sentence of a split whose gain inside the horizon the book at the
/// end reverses, or the other way round, when both differences are sure.
pub fn reversal(sp: &SplitResult) -> Option<String> {
    let sure = Delta::clear;
    let horizon = sp.deltas[Metric::Ltv].as_ref().filter(|d| sure(d))?;
    let with_book = sp.deltas[Metric::LtvWithTerminal]
        .as_ref()
        .filter(|d| sure(d))?;
    if (horizon.mean > 0.0) == (with_book.mean > 0.0) {
        return None;
    }
    let amount = |x: f64| format::value(x.abs(), Unit::Money);
    let (first, second) = if horizon.mean > 0.0 {
        ("gains", "loses")
    } else {
        ("loses", "gains")
    };
    Some(format!(
        "{} {first} {} of lifetime value inside the horizon but {second} {} once the book of business \
         left at its end is valued (LTV with terminal value).",
        sp.name,
        amount(horizon.mean),
        amount(with_book.mean)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::metrics::ByMetric;

    fn split(ltv: (f64, f64, f64), with_book: (f64, f64, f64)) -> SplitResult {
        let delta = |(mean, lo, hi): (f64, f64, f64)| Delta {
            mean,
            ci95_low: Some(lo),
            ci95_high: Some(hi),
            p_better: 0.5,
            p_worse: 0.5,
            n: 100,
        };
        let mut deltas = ByMetric::from_fn(|_| None);
        deltas[Metric::Ltv] = Some(delta(ltv));
        deltas[Metric::LtvWithTerminal] = Some(delta(with_book));
        SplitResult {
            name: "Lean".into(),
            baseline: false,
            current: false,
            metrics: ByMetric::from_fn(|_| None),
            deltas,
            p_payback: None,
            delta_cumulative: None,
        }
    }

    #[test]
    fn a_difference_reads_as_the_table_and_the_report_print_it() {
        // README, "Reading the output": the mean paired difference with its
        // 95% interval, then P(better); a tie is "equal in every trial".
        let d = |p_better, p_worse| Delta {
            mean: -6.93e6,
            ci95_low: Some(-8.03e6),
            ci95_high: Some(-5.83e6),
            p_better,
            p_worse,
            n: 500,
        };
        assert_eq!(
            difference(&d(0.29, 0.71), Unit::Money, Layout::Lines),
            "Δ -$6.93M [-$8.03M, -$5.83M]\nP(better) 29%"
        );
        assert_eq!(
            difference(&d(0.002, 0.998), Unit::Money, Layout::Inline),
            "-$6.93M [-$8.03M, -$5.83M]; better in <1%"
        );
        let tie = Delta {
            mean: 0.0,
            ci95_low: None,
            ci95_high: None,
            ..d(0.0, 0.0)
        };
        assert_eq!(
            difference(&tie, Unit::Count, Layout::Lines),
            "Δ ±0.0\nequal in every trial"
        );
    }

    #[test]
    fn a_reversal_needs_opposite_signs_and_both_intervals_clear_of_zero() {
        let s = reversal(&split((2e6, 1e6, 3e6), (-5e6, -7e6, -3e6))).expect("a reversal");
        assert_eq!(
            s,
            "Lean gains $2.00M of lifetime value inside the horizon but loses $5.00M once the book of \
             business left at its end is valued (LTV with terminal value)."
        );
        assert!(
            reversal(&split((-2e6, -3e6, -1e6), (5e6, 3e6, 7e6))).is_some_and(|s| s
                .starts_with("Lean loses $2.00M")
                && s.contains("but gains $5.00M"))
        );
        // Same sign, or an interval that holds zero: nothing to say.
        assert!(reversal(&split((2e6, 1e6, 3e6), (5e6, 3e6, 7e6))).is_none());
        assert!(reversal(&split((2e6, -1e6, 3e6), (-5e6, -7e6, -3e6))).is_none());
        assert!(reversal(&split((2e6, 1e6, 3e6), (-5e6, -7e6, 1e6))).is_none());
    }

    #[test]
    fn the_decision_metric_heads_the_rows_once() {
        let cost_first = rows(Metric::CostOfSales);
        assert_eq!(cost_first[0], Metric::CostOfSales);
        let n = cost_first.iter().filter(|m| **m == Metric::CostOfSales);
        assert_eq!(n.count(), 1);
        assert_eq!(
            rows(Metric::LtvWithTerminal)[..2],
            [Metric::LtvWithTerminal, Metric::Ltv]
        );
    }
}
