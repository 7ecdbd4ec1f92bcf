//! Charts of the decision-analytics commands, each produced by a real
//! command run: the sweep charts (one per key metric), the sizing heat map,
//! and the convergence chart of precision control for `run`, `sweep` and
//! `size`. Every PNG decodes at the chart size and is not blank, every SVG
//! parses and holds its title and axis titles; the output is deterministic;
//! `--no-charts` skips them; and degenerate inputs (a one-value sweep, a
//! one-cell grid, a grid where every team fails a constraint, a precision
//! run that stops after one batch) still give every chart.

mod common;

use keysplit::analysis::precision::{Outcome, Precision, Target};
use keysplit::analysis::size::{Objective, SizeSpec, Sizing};
use keysplit::analysis::sweep::{Sweep, SweepSpec};
use keysplit::charts::{self, Chart};
use keysplit::commands;
use keysplit::output::json::Provenance;
use keysplit::scenario::Scenario;
use keysplit::sim::RunResult;
use keysplit::{Options, RunOptions, SizeOptions, SweepOptions};
use std::path::{Path, PathBuf};

const SPLIT: &str = "Half of transactional inside";
const PARAM: &str = r#"splits."Half of transactional inside".assign.transactional.inside"#;

fn key_accounts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/key_accounts.toml")
}

fn scenario(path: &Path) -> Scenario {
    keysplit::sim::load(path).expect("scenario loads").scenario
}

/// The flags of a command on the example scenario, as these tests set them.
struct Common {
    out: PathBuf,
    trials: u64,
    precision: Option<Target>,
    max_trials: Option<u64>,
    no_charts: bool,
}

impl Common {
    fn files(&self) -> keysplit::Files {
        keysplit::Files {
            charts: !self.no_charts,
            ..Default::default()
        }
    }

    fn options(&self) -> Options {
        Options {
            trials: Some(self.trials),
            ..Options::threads(2)
        }
    }

    fn precision(&self) -> Option<Precision> {
        self.precision.map(|t| Precision::new(t, self.max_trials))
    }
}

fn common(out: &Path, trials: u64) -> Common {
    Common {
        out: out.to_path_buf(),
        trials,
        precision: None,
        max_trials: None,
        no_charts: false,
    }
}

/// `keysplit run` on `scenario` into `out`: the result and what precision
/// control did.
fn run(scenario: &Path, c: Common) -> (RunResult, Option<Outcome>) {
    let loaded = keysplit::load(scenario).expect("scenario loads");
    let opts = RunOptions {
        options: Options {
            trials: None,
            ..c.options()
        },
        precision: c.precision(),
    };
    let o = keysplit::run(&loaded, &opts).expect("run succeeds");
    let prov = Provenance::new(scenario, &loaded.source);
    commands::run::write(&c.out, &o, &prov, &c.files(), &opts.options.pool)
        .expect("outputs written");
    (o.result, o.precision)
}

fn sweep(c: Common, values: &[f64]) -> Sweep {
    let loaded = keysplit::load(&key_accounts()).expect("scenario loads");
    let opts = SweepOptions {
        options: c.options(),
        spec: SweepSpec {
            split: SPLIT.into(),
            param: PARAM.into(),
            values: values.to_vec(),
        },
        precision: c.precision(),
        per_trial: false,
    };
    let o = keysplit::sweep(&loaded, &opts).expect("sweep succeeds");
    commands::sweep::write(&c.out, &o, &c.files(), &opts.options.pool).expect("outputs written");
    o.sweep
}

fn size(c: Common, outside: (u32, u32), inside: (u32, u32), constraints: &[&str]) -> Sizing {
    let loaded = keysplit::load(&key_accounts()).expect("scenario loads");
    let opts = SizeOptions {
        options: c.options(),
        spec: SizeSpec {
            split: "Shift and lift, by layoff".into(),
            outside: Some(outside),
            inside: Some(inside),
            objective: Some(Objective::Mean(keysplit::core::metrics::Metric::Ltv)),
            constraints: constraints.iter().map(|c| c.parse().unwrap()).collect(),
        },
        precision: c.precision(),
        per_trial: false,
    };
    let o = keysplit::size(&loaded, &opts).expect("size succeeds");
    commands::size::write(&c.out, &o, &c.files(), &opts.options.pool).expect("outputs written");
    o.sizing
}

/// A loose target that one batch meets.
fn loose() -> Option<Target> {
    Some("ltv:1e12".parse().unwrap())
}

/// Checks `charts/<stem>.png` and `.svg` in `out`: the PNG decodes at the
/// chart size and is not blank; the SVG parses and holds `title` and every
/// one of `axes` (as the start of a text).
fn check_chart(out: &Path, stem: &str, title: &str, axes: &[&str]) {
    common::assert_chart_png(&out.join("charts").join(format!("{stem}.png")));

    let svg_path = out.join("charts").join(format!("{stem}.svg"));
    let texts = common::svg_texts(&svg_path);
    // A wrapped title is one text per line: join them back.
    let joined = texts.join(" ");
    assert!(
        joined.contains(title),
        "{}: title {title:?} missing from {joined:?}",
        svg_path.display()
    );
    for axis in axes {
        assert!(
            texts.iter().any(|t| t.starts_with(axis)),
            "{}: axis title {axis:?} missing from {texts:?}",
            svg_path.display()
        );
    }
}

/// The axis titles of each sweep chart (the x axis is the swept input).
fn sweep_axes(stem: &str) -> Vec<&'static str> {
    let y = match stem {
        "sweep-ltv_with_terminal" => "LTV with terminal value, discounted ($)",
        "sweep-ltv" => "Lifetime value over 36 months, discounted ($)",
        "sweep-cost_of_sales" => "Cost of sales / revenue (%)",
        "sweep-selling_share_outside" => "Field reps' hours spent selling (%)",
        "sweep-selling_share_inside" => "Inside reps' hours spent selling (%)",
        "sweep-headcount_outside" => "Field reps in the target team",
        "sweep-headcount_inside" => "Inside reps in the target team",
        other => panic!("unknown sweep chart {other}"),
    };
    vec![y, "Transactional inside"]
}

fn check_sweep(out: &Path, sw: &Sweep) {
    let s = scenario(&key_accounts());
    let made = charts::sweep::charts(sw, &s);
    let stems: Vec<&str> = made.iter().map(|(stem, _)| stem.as_str()).collect();
    assert_eq!(
        stems,
        [
            "sweep-ltv_with_terminal",
            "sweep-ltv",
            "sweep-cost_of_sales",
            "sweep-selling_share_outside",
            "sweep-selling_share_inside",
            "sweep-headcount_outside",
            "sweep-headcount_inside",
        ],
        "this split has inside reps, so every metric gets a chart, the decision metric first"
    );
    for (stem, chart) in &made {
        check_chart(out, stem, &chart.title(), &sweep_axes(stem));
        // The subtitle promises a P10-P90 band only where one is drawn:
        // where the metric differs between trials at some swept value.
        let metric =
            keysplit::core::metrics::Metric::by_name(stem.trim_start_matches("sweep-")).unwrap();
        let band = sw.points.iter().any(|p| {
            p.metrics[metric]
                .as_ref()
                .is_some_and(|q| q.p90 - q.p10 > 1e-9 * q.mean.abs().max(1.0))
        });
        assert_eq!(
            chart.subtitle().contains("band: P10–P90"),
            band,
            "{stem}: {}",
            chart.subtitle()
        );
    }
    // The team is sized from the median world: the head counts have no
    // band, the lifetime value has one.
    let subtitle = |stem: &str| {
        made.iter()
            .find(|(s, _)| s == stem)
            .map(|(_, c)| c.subtitle())
            .unwrap()
    };
    assert!(!subtitle("sweep-headcount_inside").contains("band"));
    assert!(subtitle("sweep-ltv").contains("band: P10–P90"));
}

fn check_heatmap(out: &Path, z: &Sizing) {
    let s = scenario(&key_accounts());
    let (stem, chart) = charts::heatmap::chart(z, &s);
    assert_eq!(stem, "size-heatmap");
    check_chart(out, &stem, &chart.title(), &["Field reps", "Inside reps"]);
}

const CONVERGENCE_AXES: [&str; 2] = ["Trials", "Difference in LTV vs Today: all field ($)"];

#[test]
fn sweep_charts_come_from_a_real_sweep() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("sweep");
    let sw = sweep(common(&out, 60), &[0.0, 0.5, 1.0]);
    check_sweep(&out, &sw);
    // The decision metric's chart names the break-even when there is one.
    let be = sw.break_evens(keysplit::core::metrics::Metric::LtvWithTerminal);
    let s = scenario(&key_accounts());
    let title = charts::sweep::charts(&sw, &s).remove(0).1.title();
    if let [b] = be[..] {
        let at = charts::sweep::value_text(b, 0.0, 1.0);
        assert!(
            title.contains(&at),
            "{title} should name the break-even {at}"
        );
    } else if be.is_empty() {
        assert!(title.contains("swept value"), "{title}");
    }
    assert!(
        !out.join("charts/convergence.png").exists(),
        "no convergence chart without --precision"
    );
}

#[test]
fn size_heat_map_comes_from_a_real_sizing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("size");
    let z = size(common(&out, 60), (9, 12), (2, 5), &[]);
    assert_eq!(z.cells.len(), 16);
    assert!(z.best.is_some());
    check_heatmap(&out, &z);
    assert!(!out.join("charts/convergence.png").exists());
}

#[test]
fn precision_runs_get_a_convergence_chart() {
    let tmp = tempfile::tempdir().unwrap();

    // run: one batch (the cap), every split against the baseline.
    let out = tmp.path().join("run");
    let mut c = common(&out, 0);
    c.precision = loose();
    c.max_trials = Some(60);
    let (r, o) = run(&key_accounts(), c);
    let o = o.as_ref().expect("precision outcome");
    let s = scenario(&key_accounts());
    let conv = charts::run::convergence(&s, &r, o);
    assert_eq!(conv.series.len(), s.splits.len() - 1);
    check_chart(&out, "convergence", &conv.title(), &CONVERGENCE_AXES);
    // The run's seven charts are still there.
    for k in charts::RunChart::ALL {
        assert!(out.join(format!("charts/{}.png", k.file())).exists());
    }

    // sweep: one panel per point, and the sweep charts too.
    let out = tmp.path().join("sweep");
    let mut c = common(&out, 60);
    c.precision = loose();
    c.max_trials = Some(60);
    let sw = sweep(c, &[0.0, 0.5, 1.0]);
    let o = sw.precision.as_ref().expect("precision outcome");
    let conv = charts::sweep::convergence(&sw, &s, o);
    assert_eq!(conv.series.len(), 3);
    check_chart(&out, "convergence", &conv.title(), &CONVERGENCE_AXES);
    check_sweep(&out, &sw);

    // size: the recommended team among the panels.
    let out = tmp.path().join("size");
    let mut c = common(&out, 60);
    c.precision = loose();
    c.max_trials = Some(60);
    let z = size(c, (9, 12), (2, 5), &[]);
    let o = z.precision.as_ref().expect("precision outcome");
    let conv = charts::heatmap::convergence(&z, &s, o);
    assert!(
        conv.series
            .iter()
            .any(|x| x.label.ends_with("(recommended)"))
    );
    assert!(conv.series.len() <= charts::convergence::MAX_PANELS);
    check_chart(&out, "convergence", &conv.title(), &CONVERGENCE_AXES);
    check_heatmap(&out, &z);
}

#[test]
fn convergence_over_several_batches_and_a_target_not_met() {
    // An impossible target on the small tutorial scenario: three batches,
    // then the cap, and the title says so.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("run");
    let tutorial = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/tutorial.toml");
    let mut c = common(&out, 0);
    c.precision = Some("ltv:1".parse().unwrap());
    c.max_trials = Some(3 * keysplit::sim::BATCH);
    let (r, o) = run(&tutorial, c);
    let o = o.as_ref().unwrap();
    assert_eq!(o.history.len(), 3);
    assert!(!o.met);
    let s = scenario(&tutorial);
    let conv = charts::run::convergence(&s, &r, o);
    let title = conv.title();
    assert!(title.contains("not met"), "{title}");
    check_chart(
        &out,
        "convergence",
        &title,
        &[
            "Trials",
            &format!("Difference in LTV vs {}", s.splits[s.baseline].name),
        ],
    );
}

#[test]
fn degenerate_sweeps_and_grids_still_give_every_chart() {
    let tmp = tempfile::tempdir().unwrap();

    // A sweep of one value.
    let out = tmp.path().join("one-value");
    let sw = sweep(common(&out, 30), &[0.5]);
    assert_eq!(sw.points.len(), 1);
    check_sweep(&out, &sw);

    // A grid of one cell.
    let out = tmp.path().join("one-cell");
    let z = size(common(&out, 30), (10, 10), (4, 4), &[]);
    assert_eq!(z.cells.len(), 1);
    check_heatmap(&out, &z);

    // Every team fails a constraint (every team is paid, so its cost of
    // sales is above 0).
    let out = tmp.path().join("infeasible");
    let z = size(common(&out, 30), (9, 10), (2, 3), &["cost_of_sales<=0"]);
    assert!(z.best.is_none() && z.cells.iter().all(|c| !c.feasible));
    check_heatmap(&out, &z);
}

#[test]
fn analytics_charts_are_deterministic_and_optional() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for out in [&a, &b] {
        let mut c = common(&out.join("sweep"), 30);
        c.precision = loose();
        c.max_trials = Some(30);
        sweep(c, &[0.0, 1.0]);
        size(common(&out.join("size"), 30), (9, 10), (2, 3), &[]);
    }
    let mut names: Vec<String> = ["ltv", "cost_of_sales", "headcount_outside"]
        .iter()
        .map(|m| format!("sweep/charts/sweep-{m}"))
        .collect();
    names.push("sweep/charts/convergence".into());
    names.push("size/charts/size-heatmap".into());
    for name in names {
        for ext in ["png", "svg"] {
            let file = format!("{name}.{ext}");
            assert_eq!(
                std::fs::read(a.join(&file)).unwrap(),
                std::fs::read(b.join(&file)).unwrap(),
                "{file} differs between two identical runs"
            );
        }
    }

    let out = tmp.path().join("none");
    let mut c = common(&out, 30);
    c.no_charts = true;
    c.precision = loose();
    c.max_trials = Some(30);
    sweep(c, &[0.0, 1.0]);
    assert!(out.join("sweep.json").exists());
    assert!(!out.join("charts").exists(), "--no-charts writes no chart");
}
