//! Input that forgives habits: distribution names in any case, a lognormal
//! by its mean and sd, a fixed team far above the work warned about with
//! the build-up figure, and `validate` showing each split's starting team.
//! (Percentages where shares belong, wrong distribution names and metric
//! names are in tests/cli_errors.rs, src/core/dist/range.rs and
//! src/core/metrics.rs.)

mod common;

use assert_cmd::Command;
use keysplit::core::dist::Dist;

fn base() -> String {
    std::fs::read_to_string("tests/good/base.toml").unwrap()
}

fn param<'a>(s: &'a keysplit::scenario::Scenario, path: &str) -> &'a Dist {
    &s.params.iter().find(|p| p.path == path).unwrap().dist
}

#[test]
fn distribution_names_are_read_in_any_case() {
    let text = base().replace("dist = \"pert\"", "dist = \"PERT\"");
    assert!(text.contains("\"PERT\""));
    let s = common::scenario(&text);
    let d = param(&s, "motions.complex.win_rate.outside");
    assert_eq!(*d, Dist::pert(0.3, 0.45, 0.6).unwrap());
}

#[test]
fn a_lognormal_may_be_given_by_its_mean_and_sd() {
    let text = base().replace(
        "dist = \"lognormal\", p10 = 40000, p90 = 150000",
        "dist = \"Lognormal\", mean = 90000, sd = 40000",
    );
    let s = common::scenario(&text);
    let d = s.tiers[0].spend[0].as_ref().unwrap();
    // sigma^2 = ln(1 + (sd/mean)^2), mu = ln(mean) - sigma^2/2 (the
    // lognormal's moments): its mean is the one written.
    let sigma2 = (1.0f64 + (40000.0f64 / 90000.0).powi(2)).ln();
    let mu = 90000f64.ln() - sigma2 / 2.0;
    assert!(
        (d.inverse_cdf(0.5) / mu.exp() - 1.0).abs() < 1e-12,
        "median e^mu"
    );
    assert!((d.mean() / 90000.0 - 1.0).abs() < 1e-12);
}

#[test]
fn a_fixed_team_far_above_the_build_up_is_warned_with_the_figure() {
    // Maintenance inside leaves the field the platform only: 10 accounts x
    // 24 touches x (3 h + 0.4 x 2 h travel) = 912 h a year, over 1800 x
    // (1 - 0.5) x 0.85 = 765 productive hours: 1.2 FTE, 2 reps.
    let at = "staffing = { outside = \"sized\", inside = 2 }";
    let warned = |n: u32| {
        let text = base().replace(at, &format!("staffing = {{ outside = {n}, inside = 2 }}"));
        let l = keysplit::load_str(&text, "t.toml").unwrap();
        l.warnings
            .iter()
            .find(|w| w.message.contains("is fixed at"))
            .map(|w| (w.path.clone(), w.message.clone()))
    };
    let (path, message) = warned(99).expect("a warning for 99 field reps");
    assert_eq!(path, "splits.\"Maintenance inside\".staffing.outside");
    assert!(
        message.contains("fixed at 99 reps") && message.contains("1.2 FTE (2 reps)"),
        "{message}"
    );
    // Twice the build-up plus 3 is where "far above" starts.
    assert!(warned(7).is_some());
    assert!(warned(6).is_none());
}

#[test]
fn validate_prints_each_splits_starting_team() {
    let o = Command::cargo_bin("keysplit")
        .unwrap()
        .args(["validate", "scenarios/tutorial.toml"])
        .output()
        .unwrap();
    assert!(o.status.success());
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.contains("Workload build-up at the median world"),
        "{out}"
    );
    // The tutorial's own arithmetic (its comment above the splits): field
    // 2147.5 h / 688.5 h = 3.1 FTE -> 4 reps today; after the move 1920 /
    // 688.5 = 2.8 -> 3, and inside (20 x 6 + 20 x 1) x 0.75 h = 105 h over
    // 1800 x 0.55 x 0.85 = 841.5 h = 0.1 FTE -> 1 rep; one manager per 8.
    let row = |name: &str| {
        out.lines()
            .find(|l| l.trim_start().starts_with(name))
            .unwrap_or_else(|| panic!("no row {name}: {out}"))
            .split_whitespace()
            .rev()
            .take(5)
            .collect::<Vec<_>>()
    };
    assert_eq!(row("All field"), ["1", "0", "0.0", "4", "3.1"]);
    assert_eq!(row("Maintenance inside"), ["1", "1", "0.1", "3", "2.8"]);
}
