//! The limits of docs/model.md ("Limits the model reduces to"): the simulator must reduce to textbook
//! formulas where it should. Every expected value is computed here, from the
//! formula, with the inputs written beside it.

mod common;
use common::*;

/// Limit 1: Workload build-up (Talley 1961): constants only, sized staffing.
#[test]
fn workload_build_up_matches_talley() {
    // Two tiers; three motions; whitespace with prospecting.
    let src = r#"
name = "talley"
[simulation]
trials = 3
horizon_months = 2
[roles.outside]
annual_hours = 1800
admin_share = 0.3
target_utilization = 0.9
travel_hours_per_visit = 2.0
[roles.inside]
annual_hours = 1900
admin_share = 0.2
target_utilization = 0.85
[motions.maintenance]
touches_per_year = 4
in_person_share = 0.5
hours_per_touch = { outside = 1.5, inside = 0.75 }
prospect_touches_per_year = 1
[motions.transactional]
touches_per_year = 12
in_person_share = 0.25
hours_per_touch = { outside = 1.0, inside = 0.5 }
prospect_touches_per_year = 2
[motions.complex]
touches_per_year = 24
in_person_share = 0.6
hours_per_touch = { outside = 3.0, inside = 2.0 }
prospect_touches_per_year = 3
[[products]]
name = "support"
motion = "maintenance"
[[products]]
name = "supplies"
motion = "transactional"
[[products]]
name = "platform"
motion = "complex"
[[tiers]]
name = "strategic"
accounts = 7
spend = { support = 100, supplies = 300, platform = 900 }
[[tiers]]
name = "growth"
accounts = 13
spend = { support = 50, supplies = 200 }
cross_sell = ["platform"]
[[splits]]
name = "all field"
[[splits]]
name = "shift"
assign = { maintenance = "inside", transactional = "inside" }
[[splits]]
name = "half transactional"
assign = { transactional = { inside = 0.5 } }
"#;
    let s = scenario(src);
    let r = run(&s, 2);
    // Field: W = f (h_out + v T); inside: W = f h_in.
    let t = 2.0;
    let w_out = |f: f64, h: f64, v: f64| f * (h + v * t);
    let w_in = |f: f64, h: f64| f * h;
    let cap_out = 1800.0 * (1.0 - 0.3) * 0.9;
    let cap_in = 1900.0 * (1.0 - 0.2) * 0.85;
    // Active cells: 20 support, 20 supplies, 7 platform; whitespace: 13 platform.
    let maint_out = 20.0 * w_out(4.0, 1.5, 0.5);
    let trans_out = 20.0 * w_out(12.0, 1.0, 0.25);
    let complex_out = 7.0 * w_out(24.0, 3.0, 0.6) + 13.0 * w_out(3.0, 3.0, 0.6);
    let maint_in = 20.0 * w_in(4.0, 0.75);
    let trans_in = 20.0 * w_in(12.0, 0.5);
    let expected = [
        (
            "all field",
            (maint_out + trans_out + complex_out) / cap_out,
            0.0,
        ),
        (
            "shift",
            complex_out / cap_out,
            (maint_in + trans_in) / cap_in,
        ),
        // floor(0.5 * 20 + 1/2) = 10 of the 20 transactional cells go inside.
        (
            "half transactional",
            (maint_out + trans_out / 2.0 + complex_out) / cap_out,
            trans_in / 2.0 / cap_in,
        ),
    ];
    for (name, fte_out, fte_in) in expected {
        let k = split_index(&r, name);
        let got_out = r.splits[k].metrics[metric("fte_required_outside")]
            .as_ref()
            .unwrap();
        let got_in = r.splits[k].metrics[metric("fte_required_inside")]
            .as_ref()
            .unwrap();
        assert!(
            (got_out.mean / fte_out - 1.0).abs() < 1e-12,
            "{name}: {} vs {fte_out}",
            got_out.mean
        );
        if fte_in == 0.0 {
            assert_eq!(got_in.mean, 0.0);
        } else {
            assert!(
                (got_in.mean / fte_in - 1.0).abs() < 1e-12,
                "{name}: {} vs {fte_in}",
                got_in.mean
            );
        }
        let hc_out = r.splits[k].metrics[metric("headcount_outside")]
            .as_ref()
            .unwrap();
        let hc_in = r.splits[k].metrics[metric("headcount_inside")]
            .as_ref()
            .unwrap();
        assert_eq!(hc_out.mean, (fte_out - 1e-9).ceil(), "{name}");
        assert_eq!(
            hc_in.mean,
            if fte_in == 0.0 {
                0.0
            } else {
                (fte_in - 1e-9).ceil()
            },
            "{name}"
        );
        // Every trial the same: constants only.
        assert_eq!(hc_out.p5, hc_out.p95);
    }
}

fn geometric_scenario(churn: f64, trials: u64) -> String {
    format!(
        r#"
name = "geometric"
[simulation]
trials = {trials}
horizon_months = 36
seed = 11
discount_rate = 0.1
[roles.outside]
annual_hours = 1800
[roles.inside]
annual_hours = 1800
[motions.maintenance]
annual_churn = {{ outside = {churn}, inside = {churn} }}
[[products]]
name = "support"
motion = "maintenance"
gross_margin = 0.6
[[tiers]]
name = "one"
accounts = 1
spend = {{ support = 120000 }}
[[splits]]
name = "only"
"#
    )
}

/// Expected finite-horizon LTV (Gupta and Lehmann 2003):
/// sum_{t=1..H} (S/12) g (1-hz)^t (1+d)^(-t/12), hz = 1 - (1-c)^(1/12).
fn geometric_ltv(s: f64, g: f64, c: f64, d: f64, h: u32) -> f64 {
    let hz = 1.0 - (1.0 - c).powf(1.0 / 12.0);
    (1..=h)
        .map(|t| (s / 12.0) * g * (1.0 - hz).powi(t as i32) * (1.0 + d).powf(-(t as f64) / 12.0))
        .sum()
}

/// Limit 2: Geometric lifetime value, with churn: the mean within 4 standard errors.
#[test]
fn geometric_ltv_mean_within_four_standard_errors() {
    let s = scenario(&geometric_scenario(0.25, 20_000));
    let r = run(&s, 2);
    let ltv = r.splits[0].metrics[metric("ltv")].as_ref().unwrap();
    let expected = geometric_ltv(120_000.0, 0.6, 0.25, 0.1, 36);
    let se = ltv.se.unwrap();
    assert!(
        (ltv.mean - expected).abs() < 4.0 * se,
        "mean {} expected {expected} se {se}",
        ltv.mean
    );
}

/// Limit 2': With no churn every trial equals the formula to 1e-12 relative.
#[test]
fn geometric_ltv_without_churn_is_exact_in_every_trial() {
    let s = scenario(&geometric_scenario(0.0, 50));
    let r = run(&s, 2);
    let expected = geometric_ltv(120_000.0, 0.6, 0.0, 0.1, 36);
    for v in r.values(0, metric("ltv")) {
        assert!((v / expected - 1.0).abs() < 1e-12, "{v} vs {expected}");
    }
}

/// Limit 3: Common random numbers: two identical splits are identical in every trial.
#[test]
fn identical_splits_have_zero_paired_difference_in_every_trial() {
    let src = key_accounts_text();
    let mut s = scenario(&src);
    s.trials = 60;
    let twin = s.splits.len();
    let mut copy = s.splits[1].clone();
    copy.name = "twin of the second split".into();
    s.splits.push(copy);
    let r = run(&s, 2);
    for m in keysplit::core::metrics::Metric::ALL {
        let a: Vec<u64> = r.values(1, m).map(f64::to_bits).collect();
        let b: Vec<u64> = r.values(twin, m).map(f64::to_bits).collect();
        assert_eq!(a, b, "metric {}", m.name());
    }
    // And against a baseline that is the same split, the delta is exactly 0.
    s.baseline = 1;
    let r = run(&s, 1);
    let d = r.splits[twin].deltas[metric("ltv")].as_ref().unwrap();
    assert_eq!((d.mean, d.p_better, d.p_worse), (0.0, 0.0, 0.0));
    assert_eq!((d.ci95_low, d.ci95_high), (Some(0.0), Some(0.0)));
}

/// Limit 4: Determinism: 1 thread and several give the same per-trial numbers
/// (the byte-level check of summary.json is in tests/cli.rs).
#[test]
fn results_do_not_depend_on_thread_count() {
    let src = key_accounts_text();
    let mut s = scenario(&src);
    s.trials = 40;
    let one = run(&s, 1);
    let three = run(&s, 3);
    let bits = |r: &keysplit::sim::engine::RunResult| {
        r.per_trial.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
    };
    assert_eq!(bits(&one), bits(&three));
    assert_eq!(one.monthly_revenue, three.monthly_revenue);
}

/// A worker keeps its workspace from one run to the next (`size`, `sweep`
/// and `sensitivity` make many runs on one engine): a run gives the same
/// numbers after a run of another scenario, of a larger and a smaller
/// layout, as on an engine of its own.
#[test]
fn results_do_not_depend_on_the_runs_before() {
    let bits = |r: &keysplit::sim::engine::RunResult| {
        r.per_trial.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
    };
    let mut big = scenario(&key_accounts_text());
    big.trials = 12;
    let tutorial = std::fs::read_to_string("scenarios/tutorial.toml").expect("tutorial");
    let mut small = scenario(&tutorial);
    small.trials = 12;
    let alone = |s: &keysplit::scenario::Scenario| bits(&run(s, 1));
    let (big_alone, small_alone) = (alone(&big), alone(&small));
    let engine = threads(1);
    let in_turn = |s: &keysplit::scenario::Scenario| bits(&engine.run(s).expect("run"));
    assert_eq!(in_turn(&small), small_alone);
    assert_eq!(in_turn(&big), big_alone);
    assert_eq!(in_turn(&small), small_alone);
    assert_eq!(in_turn(&big), big_alone);
}

/// Limit 5: Monte Carlo error: the standard error at 4N trials is half that at N (+/- 10%).
#[test]
fn standard_error_halves_with_four_times_the_trials() {
    let base = geometric_scenario(0.3, 1000);
    let mut s = scenario(&base);
    let se_n = run(&s, 2).splits[0].metrics[metric("ltv")]
        .as_ref()
        .unwrap()
        .se
        .unwrap();
    s.trials = 4000;
    let se_4n = run(&s, 2).splits[0].metrics[metric("ltv")]
        .as_ref()
        .unwrap()
        .se
        .unwrap();
    let ratio = se_4n / se_n;
    assert!((ratio - 0.5).abs() <= 0.05, "se ratio {ratio}");
}
