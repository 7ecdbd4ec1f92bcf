//! Team sizing: on a scenario whose expected LTV has a closed form, the grid
//! search must find the optimum that a brute-force evaluation of that form
//! finds, with and without a coverage constraint.

mod common;
use common::*;
use keysplit::analysis::size::{Constraint, Objective, SizeSpec, run};
use keysplit::output::size::sentence;

/// 200 accounts, one product each (S = 120,000 a year, margin 0.6), no churn,
/// no attrition. Field workload Q = 200 x 12 touches x 2 h / 12 = 400 h a
/// month; a field rep delivers A = 1200 (1 - 0.5) / 12 = 50 h, so intensity
/// i = min(HC / 8, 1.5). Up-sells arise with p = 1 - exp(-6 i / 12) a month
/// (elasticity 1), are always won, and add 10% of S to the run-rate from the
/// next month. Inside reps own nothing: they only cost pay.
const SRC: &str = r#"
name = "sizing"
[simulation]
trials = 400
horizon_months = 24
response_elasticity = 1
max_intensity = 1.5
[roles.outside]
annual_hours = 1200
admin_share = 0.5
base_salary = 800000
[roles.inside]
annual_hours = 1200
base_salary = 50000
[motions.m]
touches_per_year = 12
hours_per_touch = { outside = 2, inside = 1 }
upsell_per_year = 6
upsell_size = 0.1
win_rate = { outside = 1, inside = 1 }
[[products]]
name = "p"
motion = "m"
gross_margin = 0.6
[[tiers]]
name = "t"
accounts = 200
spend = { p = 120000 }
[[splits]]
name = "field"
"#;

/// E[LTV] (no discounting) = sum_t [g N S/12 (1 + 0.1 p (t - 1)) - HC_out pay_out - HC_in pay_in].
fn expected_ltv(out: u32, inside: u32) -> f64 {
    let (g, n, s, h) = (0.6, 200.0, 120_000.0, 24.0);
    let i = (f64::from(out) / 8.0).min(1.5);
    let p = 1.0 - (-6.0 * i / 12.0f64).exp();
    let revenue_margin: f64 = (1..=24)
        .map(|t| g * n * s / 12.0 * (1.0 + 0.1 * p * (t as f64 - 1.0)))
        .sum();
    revenue_margin - h * (f64::from(out) * 800_000.0 / 12.0 + f64::from(inside) * 50_000.0 / 12.0)
}

fn brute_force(feasible: impl Fn(u32) -> bool) -> (u32, u32) {
    let mut best = (0, 0);
    let mut best_v = f64::MIN;
    for o in 1..=14 {
        for i in 0..=2 {
            if feasible(o) && expected_ltv(o, i) > best_v {
                best_v = expected_ltv(o, i);
                best = (o, i);
            }
        }
    }
    best
}

#[test]
fn grid_search_finds_the_brute_force_optimum() {
    let s = scenario(SRC);
    let spec = SizeSpec {
        split: "field".into(),
        outside: Some((1, 14)),
        inside: Some((0, 2)),
        objective: Some(Objective::Mean(keysplit::core::metrics::Metric::Ltv)),
        constraints: vec![],
    };
    let sizing = run(&s, &spec, &common::threads(2), None, false).unwrap().0;
    let best = &sizing.cells[sizing.best.unwrap()];
    let expected = brute_force(|_| true);
    assert_eq!((best.outside, best.inside), expected);
    // The simulated mean agrees with the closed form within 4 standard errors.
    let ltv = best.ltv.as_ref().unwrap();
    assert!((ltv.mean - expected_ltv(expected.0, expected.1)).abs() < 4.0 * ltv.se.unwrap());
    assert!(sentence(&sizing).starts_with(&format!(
        "Recommended: {} field and {} inside reps",
        expected.0, expected.1
    )));
}

#[test]
fn a_coverage_constraint_moves_the_optimum_where_brute_force_says() {
    // Coverage = min(1, HC / 8) in every month: >= 0.95 needs HC >= 7.6.
    let s = scenario(SRC);
    let c: Constraint = "coverage_outside>=0.95@0.9".parse().unwrap();
    let spec = SizeSpec {
        split: "field".into(),
        outside: Some((1, 14)),
        inside: Some((0, 2)),
        objective: Some(Objective::Mean(keysplit::core::metrics::Metric::Ltv)),
        constraints: vec![c],
    };
    let sizing = run(&s, &spec, &common::threads(2), None, false).unwrap().0;
    let best = &sizing.cells[sizing.best.unwrap()];
    let expected = brute_force(|o| f64::from(o) / 8.0 >= 0.95);
    assert_eq!((best.outside, best.inside), expected);
    for c in &sizing.cells {
        assert_eq!(
            c.feasible,
            f64::from(c.outside) / 8.0 >= 0.95,
            "{} field reps",
            c.outside
        );
    }
}

#[test]
fn coarse_then_fine_search_agrees_on_a_large_grid() {
    let s = scenario(&SRC.replace("trials = 400", "trials = 100"));
    let spec = SizeSpec {
        split: "field".into(),
        outside: Some((1, 40)),
        inside: Some((0, 9)),
        objective: Some(Objective::Mean(keysplit::core::metrics::Metric::Ltv)),
        constraints: vec![],
    };
    let sizing = run(&s, &spec, &common::threads(2), None, false).unwrap().0;
    assert!(
        sizing.cells.len() < 400,
        "searched {} cells of 400",
        sizing.cells.len()
    );
    let best = &sizing.cells[sizing.best.unwrap()];
    assert_eq!((best.outside, best.inside), brute_force(|_| true));
}
