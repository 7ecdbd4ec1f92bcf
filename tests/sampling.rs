//! Parameter designs: a design row overrides the keyed uniforms of the
//! per-trial parameters, and nothing else.

mod common;
use common::*;
use keysplit::sim::design::ParamDesign;
use keysplit::sim::{Draw, Layout, World};
use keysplit::sim::{Engine, Runner};
use std::sync::Arc;

#[test]
fn a_design_row_sets_the_uniforms_of_its_parameters_only() {
    let src = common::key_accounts_text();
    let s = scenario(&src);
    let layout = Layout::new(&s);
    let p = s
        .params
        .iter()
        .position(|d| !d.dist.is_const())
        .expect("an uncertain input");
    let mut design = ParamDesign::keyed(s.params.len(), 3);
    for t in 0..3 {
        design.set(t, p, 0.5);
    }
    let (mut keyed, mut designed) = (World::default(), World::default());
    for t in 0..4u64 {
        keyed.draw(&s, &layout, Draw::Trial(t));
        designed.draw_with(&s, &layout, Draw::Trial(t), design.row(t));
        for (i, (a, b)) in keyed.values.iter().zip(&designed.values).enumerate() {
            if i == p && t < 3 {
                assert_eq!(*b, s.params[p].dist.inverse_cdf(0.5));
            } else {
                assert_eq!(a.to_bits(), b.to_bits(), "param {i}, trial {t}");
            }
        }
        // Spends (and every per-cell-month uniform) are untouched.
        assert_eq!(keyed.spend, designed.spend);
    }
}

#[test]
fn designed_runs_are_identical_for_any_thread_count() {
    let src = common::key_accounts_text();
    let mut s = scenario(&src);
    s.trials = 30;
    let mut design = ParamDesign::keyed(s.params.len(), 30);
    for t in 0..30 {
        for (p, d) in s.params.iter().enumerate() {
            if !d.dist.is_const() {
                design.set(t, p, (t as f64 + 0.5) / 30.0);
            }
        }
    }
    let design = Arc::new(design);
    let run = |threads| {
        let engine = Engine::with_threads(threads);
        let mut r = Runner::new(&engine, &s).with_design(design.clone());
        r.extend_to(30).unwrap();
        r.into_result()
            .per_trial
            .iter()
            .map(|x| x.to_bits())
            .collect::<Vec<_>>()
    };
    assert_eq!(run(1), run(2));
    // And the design matters: without it the numbers differ.
    let plain = run_default(&s);
    assert_ne!(run(2), plain);
}

fn run_default(s: &keysplit::scenario::Scenario) -> Vec<u64> {
    run(s, 2).per_trial.iter().map(|x| x.to_bits()).collect()
}

// ------------------------------------------------------------ sampling options

use keysplit::sim::load_str;

/// One account, one product, no churn, no opportunities, no attrition: the
/// only randomness is the gross margin, and LTV is linear in it.
fn smooth(extra_sim: &str, margin: &str) -> String {
    format!(
        r#"
name = "smooth"
[simulation]
trials = 200
horizon_months = 12
{extra_sim}
[roles.outside]
annual_hours = 1200
[roles.inside]
annual_hours = 1200
[motions.m]
[[products]]
name = "p"
motion = "m"
gross_margin = {margin}
[[tiers]]
name = "t"
accounts = 1
spend = {{ p = 120000 }}
[[splits]]
name = "field"
staffing = {{ outside = 1, inside = 0 }}
"#
    )
}

fn mean_ltv(src: &str, seed: u64) -> f64 {
    let mut s = scenario(src);
    s.seed = seed;
    let r = run(&s, 2);
    r.splits[0].metrics[metric("ltv")].as_ref().unwrap().mean
}

#[test]
fn latin_hypercube_shrinks_the_error_of_a_mean() {
    let margin = r#"{ dist = "uniform", min = 0.3, max = 0.6 }"#;
    // LTV is linear in the margin, so its expected value is the LTV at the
    // margin's mean, 0.45.
    let exact = mean_ltv(&smooth("", "0.45"), 0);
    let random = smooth("", margin);
    let lhs = smooth("sampling = \"lhs\"", margin);
    // The across-trial spread is the same, so the check is meaningful.
    let rms = |src: &str| {
        let sq: f64 = (0..40u64)
            .map(|seed| (mean_ltv(src, seed) - exact).powi(2))
            .sum();
        (sq / 40.0).sqrt()
    };
    let (e_random, e_lhs) = (rms(&random), rms(&lhs));
    assert!(e_random > 0.0);
    assert!(
        e_lhs < e_random / 5.0,
        "LHS RMS error {e_lhs} vs random {e_random}"
    );
    // Both are unbiased estimates of the same thing.
    let sd = |src: &str| {
        let s = scenario(src);
        let r = run(&s, 2);
        r.splits[0].metrics[metric("ltv")]
            .as_ref()
            .unwrap()
            .sd
            .unwrap()
    };
    let (a, b) = (sd(&random), sd(&lhs));
    assert!((a - b).abs() < 0.15 * a, "sd {a} vs {b}");
}

/// Two uncertain inputs: gross margin and the outside annual hours.
fn two_inputs(sampling: &str, correlations: &str) -> String {
    format!(
        r#"
name = "two"
[simulation]
trials = 2000
horizon_months = 3
{sampling}
[roles.outside]
annual_hours = {{ dist = "uniform", min = 1000, max = 1400 }}
[roles.inside]
annual_hours = 1200
[motions.m]
[[products]]
name = "p"
motion = "m"
gross_margin = {{ dist = "triangular", min = 0.3, mode = 0.4, max = 0.6 }}
[[tiers]]
name = "t"
accounts = 1
spend = {{ p = 1000 }}
[[splits]]
name = "field"
staffing = {{ outside = 1, inside = 0 }}
{correlations}
"#
    )
}

const PAIR: &str = r#"
[[correlations]]
a = "products.\"p\".gross_margin"
b = "roles.outside.annual_hours"
rank = 0.6
"#;

fn drawn(s: &keysplit::scenario::Scenario, p: usize) -> Vec<f64> {
    let layout = Layout::new(s);
    let design = keysplit::sim::design::design_for(s, s.trials);
    let mut w = World::default();
    (0..s.trials)
        .map(|t| {
            w.draw_with(
                s,
                &layout,
                Draw::Trial(t),
                design.as_ref().and_then(|d| d.row(t)),
            );
            w.values[p]
        })
        .collect()
}

#[test]
fn iman_conover_hits_the_rank_correlation_and_keeps_the_marginals() {
    for sampling in ["", "sampling = \"lhs\""] {
        let s = scenario(&two_inputs(sampling, PAIR));
        let plain = scenario(&two_inputs(sampling, ""));
        assert_eq!(s.correlations.len(), 1);
        let (a, b) = (s.correlations[0].a, s.correlations[0].b);
        let (xa, xb) = (drawn(&s, a), drawn(&s, b));
        let rho = keysplit::core::correlation::spearman(&xa, &xb).unwrap();
        assert!((rho - 0.6).abs() < 0.05, "{sampling:?}: achieved {rho}");
        // Without the correlation the inputs are independent.
        let rho0 =
            keysplit::core::correlation::spearman(&drawn(&plain, a), &drawn(&plain, b)).unwrap();
        assert!(rho0.abs() < 0.08, "{sampling:?}: {rho0}");
        // Marginals: the same values, only in another order.
        for (p, x) in [(a, xa), (b, xb)] {
            let mut x = x;
            let mut y = drawn(&plain, p);
            x.sort_by(f64::total_cmp);
            y.sort_by(f64::total_cmp);
            assert_eq!(x, y, "{sampling:?}: marginal of param {p}");
        }
        // The run reports the achieved value.
        let r = run(&s, 2);
        assert_eq!(r.correlations.len(), 1);
        assert_eq!(r.correlations[0].requested, 0.6);
        assert!((r.correlations[0].achieved - rho).abs() < 1e-12);
    }
}

#[test]
fn lhs_with_correlations_is_identical_for_any_thread_count_and_extension() {
    let mut s = scenario(&two_inputs("sampling = \"lhs\"", PAIR));
    s.trials = 1200;
    let bits = |r: keysplit::sim::engine::RunResult| {
        r.per_trial.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
    };
    let one = bits(run(&s, 1));
    let two = bits(run(&s, 2));
    assert_eq!(one, two);
    // Growing a runner in steps gives what one long run gives.
    let engine = Engine::with_threads(2);
    let mut r = Runner::new(&engine, &s);
    r.extend_to(300).unwrap();
    r.extend_to(700).unwrap();
    r.extend_to(1200).unwrap();
    assert_eq!(bits(r.into_result()), one);
    // And LHS changes the draws.
    let mut plain = scenario(&two_inputs("", ""));
    plain.trials = 1200;
    assert_ne!(bits(run(&plain, 2)), one);
}

#[test]
fn every_block_of_an_lhs_design_is_stratified() {
    let s = scenario(&two_inputs("sampling = \"lhs\"", ""));
    let d = keysplit::sim::design::design_for(&s, 1000).unwrap();
    assert_eq!(d.trials(), 1000);
    let p = s.params.iter().position(|x| !x.dist.is_const()).unwrap();
    for block in 0..2 {
        let mut strata: Vec<usize> = (0..500)
            .map(|t| (d.get(block * 500 + t, p) * 500.0) as usize)
            .collect();
        strata.sort_unstable();
        assert_eq!(strata, (0..500).collect::<Vec<_>>());
    }
}

fn problems(extra: &str) -> String {
    let src = two_inputs("", extra);
    match load_str(&src, "test.toml") {
        Ok(_) => panic!("expected an error for:\n{extra}"),
        Err(p) => p.to_string(),
    }
}

#[test]
fn bad_correlations_are_clear_errors() {
    // Not positive definite: needs a third uncertain input.
    let src = two_inputs("", "").replace(
        "[roles.inside]\nannual_hours = 1200",
        "[roles.inside]\nannual_hours = { dist = \"uniform\", min = 1000, max = 1400 }",
    );
    let three = r#"
[[correlations]]
a = "products.\"p\".gross_margin"
b = "roles.outside.annual_hours"
rank = 0.9
[[correlations]]
a = "roles.outside.annual_hours"
b = "roles.inside.annual_hours"
rank = 0.9
[[correlations]]
a = "products.\"p\".gross_margin"
b = "roles.inside.annual_hours"
rank = -0.9
"#;
    let e = load_str(&format!("{src}{three}"), "t.toml")
        .unwrap_err()
        .to_string();
    assert!(e.contains("correlations"), "{e}");
    assert!(e.contains("positive definite"), "{e}");
    assert!(e.contains("lower the magnitudes"), "{e}");

    // A constant, not a distribution.
    let e = problems(
        "[[correlations]]\na = \"roles.inside.annual_hours\"\nb = \"roles.outside.annual_hours\"\nrank = 0.5\n",
    );
    assert!(e.contains("correlations[0].a"), "{e}");
    assert!(e.contains("not a distribution"), "{e}");

    // An unknown path suggests the nearest.
    let e = problems(
        "[[correlations]]\na = \"roles.outside.anual_hours\"\nb = \"products.\\\"p\\\".gross_margin\"\nrank = 0.5\n",
    );
    assert!(e.contains("correlations[0].a"), "{e}");
    assert!(e.contains("did you mean roles.outside.annual_hours"), "{e}");

    // Out of range.
    let e = problems(&PAIR.replace("0.6", "1.5"));
    assert!(e.contains("correlations[0].rank"), "{e}");
    assert!(e.contains("from -1 to 1"), "{e}");

    // A pair given twice.
    let e = problems(&format!("{PAIR}{}", PAIR.replace("0.6", "0.2")));
    assert!(e.contains("correlations[1]"), "{e}");
    assert!(e.contains("already correlated"), "{e}");

    // An unknown sampling word.
    let e = load_str(&two_inputs("sampling = \"lhc\"", ""), "t.toml")
        .unwrap_err()
        .to_string();
    assert!(e.contains("simulation.sampling"), "{e}");
    assert!(e.contains("lhs"), "{e}");
}

#[test]
fn summary_json_records_the_sampling_and_the_correlations() {
    use keysplit::output::json::{Provenance, summary};
    let prov = Provenance {
        file: "t.toml".into(),
        sha256: String::new(),
        warnings: Vec::new(),
    };
    let mut s = scenario(&two_inputs("sampling = \"lhs\"", PAIR));
    s.trials = 300;
    let v = summary(&s, &run(&s, 2), None, &prov);
    assert_eq!(v["sampling"], "lhs");
    let c = &v["correlations"][0];
    assert_eq!(c["a"], "products.\"p\".gross_margin");
    assert_eq!(c["b"], "roles.outside.annual_hours");
    assert_eq!(c["requested"], 0.6);
    assert!((c["achieved"].as_f64().unwrap() - 0.6).abs() < 0.1);
    // Plain random sampling without correlations adds neither key.
    let mut plain = scenario(&two_inputs("", ""));
    plain.trials = 50;
    let v = summary(&plain, &run(&plain, 2), None, &prov);
    assert!(v.get("sampling").is_none());
    assert!(v.get("correlations").is_none());
}

/// The same uncertain key in two splits shares one draw, under a design too.
#[test]
fn a_key_shared_by_two_splits_keeps_one_draw() {
    let splits = r#"
[[splits]]
name = "A"
credit = { conflict_penalty = { dist = "uniform", min = 0, max = 0.2 } }
[[splits]]
name = "B"
credit = { conflict_penalty = { dist = "uniform", min = 0, max = 0.2 } }
"#;
    let src = |corr: &str| {
        two_inputs("sampling = \"lhs\"", &format!("{splits}{corr}")).replace(
            "[[splits]]\nname = \"field\"\nstaffing = { outside = 1, inside = 0 }\n",
            "",
        )
    };
    let corr = r#"
[[correlations]]
a = "splits.\"A\".credit.conflict_penalty"
b = "products.\"p\".gross_margin"
rank = 0.6
"#;
    let s = scenario(&src(corr));
    let path = |p: &str| s.params.iter().position(|d| d.path == p).unwrap();
    let (a, b) = (
        path("splits.\"A\".credit.conflict_penalty"),
        path("splits.\"B\".credit.conflict_penalty"),
    );
    let m = path("products.\"p\".gross_margin");
    let (xa, xb) = (drawn(&s, a), drawn(&s, b));
    assert_eq!(xa, xb);
    let rho = keysplit::core::correlation::spearman(&xb, &drawn(&s, m)).unwrap();
    assert!((rho - 0.6).abs() < 0.05, "{rho}");

    // Correlating the two is an error: they are one draw.
    let both = r#"
[[correlations]]
a = "splits.\"A\".credit.conflict_penalty"
b = "splits.\"B\".credit.conflict_penalty"
rank = 0.5
"#;
    let e = load_str(&src(both), "t.toml").unwrap_err().to_string();
    assert!(e.contains("correlations[0]"), "{e}");
    assert!(e.contains("share one draw"), "{e}");
}
