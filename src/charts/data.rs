//! The numbers the charts draw, taken once from a run: splits in display
//! order (baseline first, then the others in scenario order), each with its
//! colour, so every chart shows the same split in the same place and colour.

use crate::core::metrics::Metric;
use crate::core::role::ByRole;
use crate::core::stats::{Delta, Summary, quantile_sorted};
use crate::scenario::{Scenario, Start};
use crate::sim::engine::{Band, RunResult};
use crate::sim::transition::seats;
use plotters::style::RGBColor;

/// Quantiles of a metric over the trials where it is defined.
#[derive(Clone, Debug, PartialEq)]
pub struct Quantiles {
    /// The mean (the engine's, so chart and report agree).
    pub mean: f64,
    /// The 5th percentile.
    pub p5: f64,
    /// The 10th percentile.
    pub p10: f64,
    /// The 25th percentile.
    pub p25: f64,
    /// The median.
    pub p50: f64,
    /// The 75th percentile.
    pub p75: f64,
    /// The 90th percentile.
    pub p90: f64,
    /// The 95th percentile.
    pub p95: f64,
    /// Trials where it is defined.
    pub n: usize,
}

impl Quantiles {
    /// From values (NaN = undefined, skipped); `None` if none is defined.
    pub fn of(values: impl Iterator<Item = f64>) -> Option<(Quantiles, Vec<f64>)> {
        let mut v: Vec<f64> = values.filter(|x| !x.is_nan()).collect();
        if v.is_empty() {
            return None;
        }
        // Mean in trial order (as the summaries do), then sort.
        let mean = v.iter().sum::<f64>() / v.len() as f64;
        v.sort_unstable_by(f64::total_cmp);
        let q = |p| quantile_sorted(&v, p);
        let out = Quantiles {
            mean,
            p5: q(0.05),
            p10: q(0.10),
            p25: q(0.25),
            p50: q(0.50),
            p75: q(0.75),
            p90: q(0.90),
            p95: q(0.95),
            n: v.len(),
        };
        Some((out, v))
    }
}

/// The per-trial paired difference of the decision metric against the baseline.
#[derive(Clone, Debug)]
pub struct Diff {
    /// Sorted differences (trials where both are defined).
    pub sorted: Vec<f64>,
    /// Its quantiles.
    pub q: Quantiles,
    /// The middle 95% of trials.
    pub p2_5: f64,
    /// The 97.5th percentile.
    pub p97_5: f64,
    /// The engine's summary of the same difference (mean, 95% CI, P(better)).
    pub delta: Option<Delta>,
}

/// Mean, P10 and P90 of a metric.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    /// The mean.
    pub mean: f64,
    /// The 10th percentile.
    pub p10: f64,
    /// The 90th percentile.
    pub p90: f64,
}

impl Range {
    fn of(s: &Option<Summary>) -> Option<Range> {
        s.as_ref().map(|s| Range {
            mean: s.mean,
            p10: s.p10,
            p90: s.p90,
        })
    }
    /// Whether it varies across trials.
    pub fn varies(&self) -> bool {
        self.p90 - self.p10 > 1e-9 * self.mean.abs().max(1.0)
    }
}

/// An average rep-year of one role, in hours (means over trials).
#[derive(Clone, Debug, PartialEq)]
pub struct RoleTime {
    /// Selling (customer-facing) hours.
    pub selling: f64,
    /// Travel hours.
    pub travel: f64,
    /// Admin hours.
    pub admin: f64,
    /// Hours lost to ramp-up.
    pub ramp: f64,
    /// Idle hours.
    pub idle: f64,
    /// Mean headcount.
    pub headcount: f64,
}

impl RoleTime {
    /// The five uses in drawing order, with their labels.
    pub fn parts(&self) -> [(&'static str, f64); 5] {
        [
            ("Selling", self.selling),
            ("Travel", self.travel),
            ("Admin", self.admin),
            ("Ramp-up", self.ramp),
            ("Idle", self.idle),
        ]
    }
    /// All hours of the rep-year.
    pub fn total(&self) -> f64 {
        self.parts().iter().map(|p| p.1).sum()
    }
}

/// The cost parts, in drawing order.
pub const COST_PARTS: [(&str, Metric); 6] = [
    ("Pay", Metric::CostPay),
    ("Commission", Metric::CostCommission),
    ("Travel", Metric::CostTravel),
    ("Hiring", Metric::CostHiring),
    ("Management", Metric::CostManagement),
    ("Transition", Metric::CostTransition),
];

/// Everything the charts need about one split.
#[derive(Clone, Debug)]
pub struct SplitData {
    /// The split's name.
    pub name: String,
    /// Whether it is the baseline.
    pub baseline: bool,
    /// Position in the scenario's `[[splits]]`.
    pub index: usize,
    /// Its colour in every chart.
    pub color: RGBColor,
    /// Lifetime value.
    pub ltv: Option<Quantiles>,
    /// The decision metric.
    pub decision: Option<Quantiles>,
    /// Cost of sales / revenue.
    pub cost_of_sales: Option<Quantiles>,
    /// Lifetime value's difference against the baseline; `None` for the baseline.
    pub ltv_delta: Option<Delta>,
    /// The decision metric's difference against the baseline; `None` for the baseline.
    pub decision_diff: Option<Diff>,
    /// Its difference against the baseline.
    pub cost_of_sales_delta: Option<Delta>,
    /// Per role (outside, inside); `None` where the role has no filled rep.
    pub roles: ByRole<Option<RoleTime>>,
    /// Field reps, inside reps, managers.
    pub headcount: [Option<Range>; 3],
    /// Means of the cost parts of [`COST_PARTS`] (undiscounted, over the horizon).
    pub costs: [f64; 6],
    /// Cost of sales in money.
    pub sales_cost: Option<Summary>,
    /// Selling hours per field rep-year.
    pub selling_hours_outside: Option<Summary>,
    /// Their difference against the baseline.
    pub selling_hours_outside_delta: Option<Delta>,
    /// The difference of cost of sales in money.
    pub sales_cost_delta: Option<Delta>,
    /// Monthly revenue bands.
    pub monthly: Band,
    /// The cumulative discounted difference against the baseline by
    /// month (the J-curve); `None` for the baseline.
    pub delta_cumulative: Option<Band>,
    /// The share of trials with a payback month; `None` for the baseline.
    pub p_payback: Option<f64>,
    /// The transition's one-off cost.
    pub transition_cost: Option<Summary>,
    /// Whether the split is reached from today's team by attrition with
    /// reps above its target (docs/model.md, "The transition"): its team is
    /// a target it reaches only as they quit, and they are paid until then.
    pub by_attrition: bool,
}

/// The data of every chart of a run.
#[derive(Clone, Debug)]
pub struct ChartData {
    /// The scenario's name.
    pub scenario: String,
    /// Trials.
    pub trials: u64,
    /// The random seed.
    pub seed: u64,
    /// Months simulated.
    pub horizon_months: u32,
    /// Trials behind the monthly bands.
    pub monthly_sample: u64,
    /// The metric the run is decided on.
    pub decision: Metric,
    /// Baseline first.
    pub splits: Vec<SplitData>,
}

impl ChartData {
    /// The charts' data of a run.
    pub fn new(s: &Scenario, r: &RunResult) -> ChartData {
        let base = s.baseline.min(r.splits.len().saturating_sub(1));
        let mut order = vec![base];
        order.extend((0..r.splits.len()).filter(|&k| k != base));
        let mut splits: Vec<SplitData> = order
            .iter()
            .enumerate()
            .map(|(pos, &k)| split_data(r, k, base, pos))
            .collect();
        // Today's team, from which every split starts (`start = "current"`).
        let today = splits
            .iter()
            .find(|sp| sp.index == s.current)
            .map(|sp| sp.headcount);
        for sp in &mut splits {
            let Some(split) = s.splits.get(sp.index) else {
                continue;
            };
            if s.start != Start::Current || sp.index == s.current {
                continue;
            }
            // Reps left to attrition, as the engine seats them (excess
            // seats), from the trials' P10 of the split's team and P90 of
            // today's: whether any trial may keep reps above the target.
            let team = |h: &[Option<Range>; 3], p90: bool| {
                ByRole::from_fn(|r| {
                    h[r.index()].map_or(0, |x| (if p90 { x.p90 } else { x.p10 }).round() as u32)
                })
            };
            sp.by_attrition = today.as_ref().is_some_and(|now| {
                let seats = seats(
                    &split.transition,
                    team(&sp.headcount, false),
                    team(now, true),
                );
                seats.iter().any(|(_, s)| s.excess > 0)
            });
        }
        let decision = r.decision.metric;
        ChartData {
            scenario: s.name.clone(),
            trials: r.trials,
            seed: r.seed,
            horizon_months: r.horizon_months,
            monthly_sample: r.monthly_sample,
            decision,
            splits,
        }
    }

    /// The baseline's data.
    pub fn baseline(&self) -> &SplitData {
        &self.splits[0]
    }

    /// The splits compared with the baseline.
    pub fn others(&self) -> &[SplitData] {
        &self.splits[1..]
    }

    /// The split with the largest mean gain in the decision metric over
    /// the baseline (the one the titles talk about), if there is another split.
    pub fn lead(&self) -> Option<&SplitData> {
        let sign = if self.decision.def().higher_is_better {
            1.0
        } else {
            -1.0
        };
        best_by(self.others(), |sp| {
            sp.decision_diff
                .as_ref()
                .and_then(|d| d.delta.as_ref())
                .map(|d| sign * d.mean)
        })
    }
}

/// The split with the largest key (ties: the first), skipping undefined keys.
pub fn best_by(
    splits: &[SplitData],
    key: impl Fn(&SplitData) -> Option<f64>,
) -> Option<&SplitData> {
    let mut best: Option<(&SplitData, f64)> = None;
    for sp in splits {
        if let Some(v) = key(sp).filter(|v| v.is_finite())
            && best.is_none_or(|(_, b)| v > b)
        {
            best = Some((sp, v));
        }
    }
    best.map(|b| b.0)
}

fn split_data(r: &RunResult, k: usize, base: usize, pos: usize) -> SplitData {
    let sp = &r.splits[k];
    let m = |id: Metric| sp.metrics[id].clone();
    let mean = |id: Metric| sp.metrics[id].as_ref().map(|s| s.mean);
    // Quantiles from the values; the mean from the engine's summary, so a
    // chart and the report print the same number.
    let dist = |id: Metric| {
        Quantiles::of(r.values(k, id)).map(|(mut q, _)| {
            if let Some(s) = &sp.metrics[id] {
                q.mean = s.mean;
            }
            q
        })
    };
    let decision = r.decision.metric;
    let ltv = dist(Metric::Ltv);
    let cost_of_sales = dist(Metric::CostOfSales);
    let decision_diff = (k != base)
        .then(|| {
            let diffs = r
                .values(k, decision)
                .zip(r.values(base, decision))
                .map(|(a, b)| a - b);
            let delta = sp.deltas[decision].clone();
            Quantiles::of(diffs).map(|(mut q, sorted)| {
                if let Some(d) = &delta {
                    q.mean = d.mean;
                }
                Diff {
                    p2_5: quantile_sorted(&sorted, 0.025),
                    p97_5: quantile_sorted(&sorted, 0.975),
                    sorted,
                    q,
                    delta,
                }
            })
        })
        .flatten();
    let role = |sh: Metric, tr: Option<Metric>, ad: Metric, ra: Metric, id: Metric, hc: Metric| {
        Some(RoleTime {
            selling: mean(sh)?,
            travel: tr.and_then(mean).unwrap_or(0.0),
            admin: mean(ad).unwrap_or(0.0),
            ramp: mean(ra).unwrap_or(0.0),
            idle: mean(id).unwrap_or(0.0),
            headcount: mean(hc).unwrap_or(0.0),
        })
    };
    let delta = |id: Metric| {
        if k == base {
            None
        } else {
            sp.deltas[id].clone()
        }
    };
    SplitData {
        name: sp.name.clone(),
        baseline: k == base,
        index: k,
        color: super::split_color(pos),
        ltv,
        decision: dist(decision),
        cost_of_sales,
        decision_diff,
        ltv_delta: delta(Metric::Ltv),
        cost_of_sales_delta: delta(Metric::CostOfSales),
        roles: ByRole::new(
            role(
                Metric::SellingHoursOutside,
                Some(Metric::TravelHoursOutside),
                Metric::AdminHoursOutside,
                Metric::RampHoursOutside,
                Metric::IdleHoursOutside,
                Metric::HeadcountOutside,
            ),
            role(
                Metric::SellingHoursInside,
                None,
                Metric::AdminHoursInside,
                Metric::RampHoursInside,
                Metric::IdleHoursInside,
                Metric::HeadcountInside,
            ),
        ),
        headcount: [
            Range::of(&m(Metric::HeadcountOutside)),
            Range::of(&m(Metric::HeadcountInside)),
            Range::of(&m(Metric::Managers)),
        ],
        costs: COST_PARTS.map(|(_, id)| mean(id).unwrap_or(0.0)),
        sales_cost: m(Metric::SalesCost),
        selling_hours_outside: m(Metric::SellingHoursOutside),
        selling_hours_outside_delta: delta(Metric::SellingHoursOutside),
        sales_cost_delta: delta(Metric::SalesCost),
        monthly: r.monthly_revenue[k].clone(),
        delta_cumulative: sp.delta_cumulative.clone(),
        p_payback: sp.p_payback,
        transition_cost: m(Metric::TransitionCost),
        by_attrition: false,
    }
}
