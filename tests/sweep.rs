//! Sweeps: common random numbers across points, exact zero deltas for an
//! input with no effect, and the break-even of a linear response.

mod common;
use common::metric;
use keysplit::analysis::sweep::{Sweep, SweepSpec, linspace};
use keysplit::{Options, SweepOptions};

/// One shared account with certain up-sells (see tests/mechanics.rs). The
/// baseline's exclusive policy has a full conflict penalty, so it wins
/// nothing; the "team" split wins every up-sell and pays a team bonus b on
/// its bookings. With no discounting its LTV advantage is linear in b:
/// extra margin g (S1+S2)/12 * 0.1 H(H-1)/2 minus b * H * 0.1 (S1+S2),
/// zero at b* = g (H - 1) / 24.
fn src() -> String {
    common::shared_account(
        ("", ""),
        "annual_churn = { outside = 0.1, inside = 0.1 }",
        r#"[[splits]]
name = "exclusive"
assign = { maintenance = "inside" }
staffing = { outside = 1, inside = 1 }
credit = { policy = "exclusive", conflict_penalty = 1 }
[[splits]]
name = "team"
assign = { maintenance = "inside" }
staffing = { outside = 1, inside = 1 }
credit = { policy = "team", team_bonus_rate = 0 }
[[splits]]
name = "same as baseline"
assign = { maintenance = "inside" }
staffing = { outside = 1, inside = 1 }
credit = { policy = "exclusive", conflict_penalty = 1, team_bonus_rate = 0.3 }"#,
    )
}

/// Sweeps the scenario `text` on two threads, with `trials` trials per point.
fn sweep_of(text: &str, spec: &SweepSpec, trials: Option<u64>) -> keysplit::Result<Sweep> {
    let loaded = keysplit::load_str(text, "test.toml")?;
    let opts = SweepOptions {
        options: Options {
            trials,
            ..Options::threads(2)
        },
        spec: spec.clone(),
        precision: None,
        per_trial: false,
    };
    Ok(keysplit::sweep(&loaded, &opts)?.sweep)
}

#[test]
fn break_even_of_a_linear_response_is_exact() {
    // Churn on svc would make the response random: sweep on a copy without it.
    let text = src().replace("annual_churn = { outside = 0.1, inside = 0.1 }\n", "");
    let spec = SweepSpec {
        split: "team".into(),
        param: r#"splits."team".credit.team_bonus_rate"#.into(),
        values: linspace(0.0, 0.5, 5),
    };
    let sweep = sweep_of(&text, &spec, None).unwrap();
    let b_star = 0.5 * 11.0 / 24.0;
    let be = sweep.break_evens(metric("ltv"));
    assert_eq!(be.len(), 1, "{be:?}");
    assert!((be[0] - b_star).abs() < 1e-12, "{} vs {b_star}", be[0]);
    // Each point's delta is the line itself: at b = 0, the extra margin.
    let extra = 0.5 * 360_000.0 / 12.0 * 0.1 * 12.0 * 11.0 / 2.0;
    let d0 = sweep.points[0].deltas[metric("ltv")].as_ref().unwrap().mean;
    assert!((d0 / extra - 1.0).abs() < 1e-12);
    // Values given out of order find the same crossing, and no false ones.
    let shuffled = SweepSpec {
        values: vec![0.5, 0.0, 0.3, 0.1, 0.4, 0.2],
        ..spec
    };
    let sweep = sweep_of(&text, &shuffled, None).unwrap();
    let be = sweep.break_evens(metric("ltv"));
    assert_eq!(be.len(), 1, "{be:?}");
    assert!((be[0] - b_star).abs() < 1e-12);
    // Every trial is identical here, so the crossing is certain.
    assert!(!sweep.break_even_uncertain(metric("ltv")));
}

#[test]
fn an_input_with_no_effect_gives_exactly_zero_deltas() {
    // team_bonus_rate only matters under the team policy; this split is exclusive.
    let spec = SweepSpec {
        split: "same as baseline".into(),
        param: r#"splits."same as baseline".credit.team_bonus_rate"#.into(),
        values: linspace(0.0, 1.0, 4),
    };
    let sweep = sweep_of(&src(), &spec, Some(30)).unwrap();
    assert_eq!(sweep.points.len(), 5);
    for p in &sweep.points {
        for (m, d) in p.deltas.iter() {
            if let Some(d) = d {
                assert_eq!(
                    (d.mean, d.p_better, d.p_worse),
                    (0.0, 0.0, 0.0),
                    "metric {} at {}",
                    m.name(),
                    p.value
                );
            }
        }
    }
}

#[test]
fn points_share_random_numbers() {
    // Sweeping an input of the baseline only: the other split's numbers are
    // the same at every point, trial by trial, so its summaries match exactly.
    let spec = SweepSpec {
        split: "team".into(),
        param: r#"splits."exclusive".credit.conflict_penalty"#.into(),
        values: vec![0.2, 0.8],
    };
    let sweep = sweep_of(&src(), &spec, Some(50)).unwrap();
    assert_eq!(sweep.points[0].metrics, sweep.points[1].metrics);
    assert_ne!(
        sweep.points[0].baseline[metric("ltv")],
        sweep.points[1].baseline[metric("ltv")]
    );
}

#[test]
fn unknown_paths_and_splits_are_clear_errors() {
    let spec = SweepSpec {
        split: "team".into(),
        param: "motions.maintenance.upsel_per_year".into(),
        values: vec![1.0],
    };
    let e = sweep_of(&src(), &spec, None).unwrap_err().to_string();
    assert!(e.contains("upsell_per_year"), "{e}");
    let spec = SweepSpec {
        split: "teem".into(),
        param: "motions.maintenance.upsell_per_year".into(),
        values: vec![1.0],
    };
    let e = sweep_of(&src(), &spec, None).unwrap_err().to_string();
    assert!(e.contains("did you mean \"team\""), "{e}");
    let spec = SweepSpec {
        split: "team".into(),
        param: "roles.outside.admin_share".into(),
        values: vec![1.5],
    };
    let e = sweep_of(&src(), &spec, None).unwrap_err().to_string();
    assert!(e.contains("admin_share") && e.contains("1.5"), "{e}");
}
