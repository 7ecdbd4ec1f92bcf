//! `[simulation]`: trials, horizon, seed, sampling, the discount rate and
//! the model settings, and the hand-off.

use super::ctx::Ctx;
use crate::core::dist::Range;
use crate::core::metrics::{METRICS, Metric};
use crate::scenario::file::{FileHandoff, FileSimulation, Sp};
use crate::scenario::problems::nearest;
use crate::scenario::{P, Sampling};

/// The `[simulation]` table, resolved.
pub(super) struct Simulation {
    pub trials: u64,
    pub horizon: u32,
    pub seed: u64,
    pub sampling: Sampling,
    pub discount_rate: P,
    pub max_intensity: P,
    pub response_elasticity: P,
    pub undercoverage_churn: P,
    pub handoff_churn_multiplier: P,
    pub handoff_months: u32,
    pub decision_metric: Metric,
}

pub(super) fn resolve(cx: &mut Ctx<'_>, simulation: Option<&Sp<FileSimulation>>) -> Simulation {
    let sim_default = FileSimulation::default();
    let sim = simulation.map(|s| s.get_ref()).unwrap_or(&sim_default);
    let trials = cx.int(sim.trials.as_ref(), "simulation.trials", 1000, 1, i64::MAX) as u64;
    let horizon = cx.int(
        sim.horizon_months.as_ref(),
        "simulation.horizon_months",
        36,
        1,
        12 * 100,
    ) as u32;
    let seed = cx.int(sim.seed.as_ref(), "simulation.seed", 0, 0, i64::MAX) as u64;
    let sampling = cx
        .word(
            sim.sampling.as_ref(),
            "simulation.sampling",
            (
                &[("random", Sampling::Random), ("lhs", Sampling::Lhs)],
                Sampling::Random,
            ),
            "is not a way to sample",
            "use \"random\" (the default) or \"lhs\" (Latin hypercube)",
        )
        .unwrap_or(Sampling::Random);
    let discount_rate = cx.global(
        sim.discount_rate.as_ref(),
        "simulation.discount_rate",
        0.0,
        Range::DiscountRate,
    );
    let max_intensity = cx.global(
        sim.max_intensity.as_ref(),
        "simulation.max_intensity",
        1.5,
        Range::AtLeastOne,
    );
    let response_elasticity = cx.global(
        sim.response_elasticity.as_ref(),
        "simulation.response_elasticity",
        0.5,
        Range::NonNegative,
    );
    let undercoverage_churn = cx.global(
        sim.undercoverage_churn.as_ref(),
        "simulation.undercoverage_churn",
        0.0,
        Range::NonNegative,
    );
    let ho_default = FileHandoff::default();
    let ho = sim
        .handoff
        .as_ref()
        .map(|h| h.get_ref())
        .unwrap_or(&ho_default);
    let handoff_churn_multiplier = cx.global(
        ho.churn_multiplier.as_ref(),
        "simulation.handoff.churn_multiplier",
        1.0,
        Range::NonNegative,
    );
    let handoff_months = cx.int(
        ho.months.as_ref(),
        "simulation.handoff.months",
        0,
        0,
        12 * 100,
    ) as u32;

    let decision_metric = decision_metric(cx, sim.decision_metric.as_ref());

    Simulation {
        decision_metric,
        trials,
        horizon,
        seed,
        sampling,
        discount_rate,
        max_intensity,
        response_elasticity,
        undercoverage_churn,
        handoff_churn_multiplier,
        handoff_months,
    }
}

/// `decision_metric`: any metric with a better direction (docs/model.md,
/// "The decision metric"); `ltv_with_terminal` by default.
fn decision_metric(cx: &mut Ctx<'_>, v: Option<&Sp<String>>) -> Metric {
    let Some(v) = v else {
        return Metric::LtvWithTerminal;
    };
    let word = v.get_ref().as_str();
    if let Some(m) = Metric::by_name(word).filter(|m| *m != Metric::PaybackMonth) {
        return m;
    }
    let names: Vec<&str> = METRICS
        .iter()
        .map(|m| m.name)
        .filter(|n| *n != Metric::PaybackMonth.name())
        .collect();
    // Outputs that are not per-trial metrics: nothing to be better in.
    let message = if ["p_payback", "delta_cumulative"].contains(&word) {
        format!("{word:?} has no better direction: it is not a per-trial metric")
    } else if word == Metric::PaybackMonth.name() {
        format!(
            "{word:?} cannot decide a run: it is measured against the baseline, so the baseline has none to compare"
        )
    } else {
        format!("{word:?} is not a metric")
    };
    let hint = nearest(word, names.iter().copied())
        .map(|n| format!("did you mean {n:?}? "))
        .unwrap_or_default();
    cx.err(
        "simulation.decision_metric",
        Some(v.span()),
        message,
        format!(
            "{hint}use a metric with a better direction (default \"ltv_with_terminal\"): {}",
            names.join(", ")
        ),
    );
    Metric::LtvWithTerminal
}
