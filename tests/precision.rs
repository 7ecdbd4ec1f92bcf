//! Precision control and the extendable runner.

mod common;
use common::*;
use keysplit::analysis::precision::{Target, run_until};
use keysplit::core::stats::t_975;
use keysplit::sim::BATCH;
use keysplit::sim::engine::Runner;

/// One shared account, certain up-sells: a split paying a team bonus
/// b ~ uniform(0, 0.1) on all bookings differs from the baseline by exactly
/// -b K in LTV, K = the bookings at the shared account (no discounting).
fn src() -> String {
    shared_account(
        ("", ""),
        "",
        r#"[[splits]]
name = "exclusive"
assign = { maintenance = "inside" }
staffing = { outside = 1, inside = 1 }
[[splits]]
name = "team bonus"
assign = { maintenance = "inside" }
staffing = { outside = 1, inside = 1 }
credit = { policy = "team", team_bonus_rate = { dist = "uniform", min = 0, max = 0.1 } }"#,
    )
}

#[test]
fn precision_stops_where_the_known_variance_says() {
    let s = scenario(&src());
    // K = 12 months x 10% of (120k + 240k); sd of the difference = K * 0.1 / sqrt(12).
    let k = 12.0 * 0.1 * 360_000.0;
    let sigma = k * 0.1 / 12f64.sqrt();
    let target_hw = 1000.0;
    let expected_hw = |n: u64| t_975(n - 1) * sigma / (n as f64).sqrt();
    let n_star = (1..)
        .map(|i| i * BATCH)
        .find(|&n| expected_hw(n) < target_hw)
        .unwrap();
    // The design keeps sampling noise in the sd (about 2% at 500 trials of a
    // uniform) away from the boundary, so the stopping count is certain.
    assert!(expected_hw(n_star) < 0.95 * target_hw);
    if n_star > BATCH {
        assert!(expected_hw(n_star - BATCH) > 1.05 * target_hw);
    }
    let target: Target = format!("ltv:{target_hw}").parse().unwrap();
    let (two, one) = (common::threads(2), common::threads(1));
    let mut runners = vec![Runner::new(&two, &s)];
    let out = run_until(&mut runners, &[vec![1]], target, 100_000, 0).unwrap();
    assert!(out.met);
    assert_eq!(out.trials, n_star);
    // The same seed and target give the same trials.
    let mut again = vec![Runner::new(&one, &s)];
    assert_eq!(
        run_until(&mut again, &[vec![1]], target, 100_000, 0)
            .unwrap()
            .trials,
        n_star
    );
    // A cap below the need is reported as not met.
    let mut capped = vec![Runner::new(&two, &s)];
    let out = run_until(&mut capped, &[vec![1]], target, BATCH, 0).unwrap();
    assert!(!out.met);
    assert_eq!(out.trials, BATCH);
}

#[test]
fn extending_a_run_equals_running_at_once() {
    let src = common::key_accounts_text();
    let s = scenario(&src);
    let engine = common::threads(2);
    let mut stepwise = Runner::new(&engine, &s);
    stepwise.extend_to(7).unwrap();
    stepwise.extend_to(23).unwrap();
    let mut once = Runner::new(&engine, &s);
    once.extend_to(23).unwrap();
    let (a, b) = (stepwise.into_result(), once.into_result());
    assert_eq!(
        a.per_trial.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
        b.per_trial.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
    );
    assert_eq!(a.monthly_revenue, b.monthly_revenue);
}

#[test]
fn targets_parse_with_clear_errors() {
    assert!("ltv:5e4".parse::<Target>().is_ok());
    let e = "ltvv:100".parse::<Target>().unwrap_err();
    assert!(e.contains("did you mean ltv"), "{e}");
    assert!("ltv:-1".parse::<Target>().is_err());
    assert!("ltv".parse::<Target>().is_err());
}
