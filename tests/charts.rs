//! Charts and reports: every chart of every scenario in `scenarios/` is
//! written as a PNG that decodes at the expected size and an SVG that parses
//! and holds its title and axis titles; the reports are written and
//! self-contained; `--no-charts` skips them; the output is deterministic; and
//! degenerate inputs (every trial equal, identical splits, a split with no
//! inside reps, a single split) still give every chart.

mod common;

use keysplit::charts::{ChartData, RunChart};
use keysplit::core::metrics::Metric;
use keysplit::output::json::Provenance;
use keysplit::{Options, RunOptions};
use std::path::{Path, PathBuf};

const TRIALS: u64 = 40;

/// `keysplit run --trials TRIALS` on `scenario` into `out`.
fn run(scenario: &Path, out: &Path, no_charts: bool) -> keysplit::sim::RunResult {
    let loaded = keysplit::load(scenario).expect("scenario loads");
    let opts = RunOptions {
        options: Options {
            trials: Some(TRIALS),
            ..Options::default()
        },
        precision: None,
    };
    let o = keysplit::run(&loaded, &opts).expect("run succeeds");
    let prov = Provenance::new(scenario, &loaded.source);
    let files = keysplit::Files {
        charts: !no_charts,
        ..Default::default()
    };
    keysplit::commands::run::write(out, &o, &prov, &files, &opts.options.pool)
        .expect("outputs written");
    o.result
}

fn chart_data(scenario: &Path, r: &keysplit::sim::engine::RunResult) -> ChartData {
    let mut s = keysplit::sim::load(scenario)
        .expect("scenario loads")
        .scenario;
    s.trials = TRIALS;
    ChartData::new(&s, r)
}

/// The axis titles each chart must carry (by chart file stem).
fn axis_titles(file: &str, d: &ChartData) -> Vec<String> {
    let horizon = d.horizon_months;
    match file {
        "decision-by-split" => vec![match d.decision {
            Metric::Ltv => format!("Lifetime value over {horizon} months, discounted ($)"),
            Metric::LtvWithTerminal => "Lifetime value with terminal value, discounted ($)".into(),
            m => m.def().label.to_string(),
        }],
        "payback" => vec!["Cumulative difference vs".into(), "Month".into()],
        "paired-difference" => vec!["Difference in ".into()],
        "cost-of-sales-by-split" => vec!["Cost of sales / revenue (%)".into()],
        "where-the-time-goes" => vec!["Hours per rep-year".into()],
        "team-and-cost" => vec!["People".into(), "Cost of sales, undiscounted ($)".into()],
        "frontier" => vec![
            "Cost of sales / revenue (%)".into(),
            format!("Lifetime value over {horizon} months, discounted ($)"),
        ],
        "revenue-over-time" => vec!["Monthly revenue ($)".into(), "Month".into()],
        other => panic!("unknown chart {other}"),
    }
}

/// Checks every chart file and both reports of one output folder.
fn check_outputs(out: &Path, d: &ChartData) {
    for kind in RunChart::ALL {
        // PNG: decodes, at the chart size, and is not blank.
        common::assert_chart_png(&out.join("charts").join(format!("{}.png", kind.file())));

        // SVG: parses, and holds the title and the axis titles.
        let svg_path = out.join("charts").join(format!("{}.svg", kind.file()));
        let texts = common::svg_texts(&svg_path);
        let joined = texts.join(" ");
        let title = kind.title(d);
        assert!(
            joined.contains(&title),
            "{}: title {title:?} missing from {joined:?}",
            svg_path.display()
        );
        let compared =
            d.splits.len() > 1 || !matches!(kind, RunChart::PairedDifference | RunChart::Payback);
        for axis in axis_titles(kind.file(), d).into_iter().filter(|_| compared) {
            assert!(
                texts.iter().any(|t| t.starts_with(&axis)),
                "{}: axis title {axis:?} missing",
                svg_path.display()
            );
        }
        // The J-curve's title names the split the run favours: when that
        // is on LTV with terminal value, the subtitle says the book left at
        // the end counts there and not in this cash flow.
        if kind == RunChart::Payback && compared {
            let says = joined.contains("ranked on LTV with terminal value")
                || joined.contains("Ranked on LTV with terminal value");
            assert_eq!(
                says,
                d.decision == Metric::LtvWithTerminal,
                "{}: {joined:?}",
                svg_path.display()
            );
        }
        // Every split shows up somewhere (as a name or, shortened, its
        // start); the J-curve shows the splits other than the baseline.
        if kind != RunChart::PairedDifference {
            let shown = if kind == RunChart::Payback {
                d.others()
            } else {
                &d.splits[..]
            };
            for sp in shown {
                let start: String = sp.name.chars().take(8).collect();
                assert!(
                    joined.contains(&start),
                    "{}: split {:?} missing",
                    svg_path.display(),
                    sp.name
                );
            }
        }
    }

    let html = std::fs::read_to_string(out.join("report.html")).expect("report.html");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(
        html.matches("<svg").count(),
        RunChart::ALL.len(),
        "every chart inline"
    );
    for bad in [
        "src=\"http",
        "href=\"http",
        "url(http",
        "<script",
        "<link",
        "<img",
    ] {
        assert!(
            !html.contains(bad),
            "report.html must be self-contained: {bad}"
        );
    }
    assert!(html.contains("@font-face"), "the font is embedded");
    let md = std::fs::read_to_string(out.join("report.md")).expect("report.md");
    for needle in [
        "## The question",
        "## The splits compared",
        "## Headline numbers",
        "## Assumptions, the most uncertain first",
        "## Provenance",
        "## Monte Carlo standard error",
        "Scenario file SHA-256",
    ] {
        assert!(md.contains(needle), "report.md lacks {needle:?}");
        let html_needle = needle.trim_start_matches("## ");
        assert!(
            html.contains(html_needle),
            "report.html lacks {html_needle:?}"
        );
    }
    for kind in RunChart::ALL {
        assert!(md.contains(&format!("(charts/{}.png)", kind.file())));
    }
}

fn scenario_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("scenarios/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    files
}

#[test]
fn every_scenario_gets_every_chart_and_both_reports() {
    for scenario in scenario_files() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let r = run(&scenario, &out, false);
        let d = chart_data(&scenario, &r);
        check_outputs(&out, &d);
    }
    // The examples decide on LTV with terminal value (the default); the
    // tutorial again, decided on the horizon's LTV alone.
    let tmp = tempfile::tempdir().unwrap();
    let tutorial = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/tutorial.toml");
    let text = std::fs::read_to_string(&tutorial).unwrap();
    let scenario = tmp.path().join("tutorial_ltv.toml");
    let text = text.replacen(
        "[simulation]\n",
        "[simulation]\ndecision_metric = \"ltv\"\n",
        1,
    );
    std::fs::write(&scenario, text).unwrap();
    let out = tmp.path().join("out");
    let r = run(&scenario, &out, false);
    let d = chart_data(&scenario, &r);
    assert_eq!(d.decision, Metric::Ltv);
    check_outputs(&out, &d);
}

#[test]
fn no_charts_skips_charts_and_reports() {
    let scenario = scenario_files().remove(0);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    run(&scenario, &out, true);
    assert!(out.join("summary.json").exists());
    assert!(!out.join("charts").exists());
    assert!(!out.join("report.html").exists());
    assert!(!out.join("report.md").exists());
}

#[test]
fn charts_are_deterministic() {
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/tutorial.toml");
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    run(&scenario, &a, false);
    run(&scenario, &b, false);
    for kind in RunChart::ALL {
        for ext in ["png", "svg"] {
            let name = format!("charts/{}.{ext}", kind.file());
            assert_eq!(
                std::fs::read(a.join(&name)).unwrap(),
                std::fs::read(b.join(&name)).unwrap(),
                "{name} differs between two identical runs"
            );
        }
    }
    for name in ["report.html", "report.md"] {
        assert_eq!(
            std::fs::read(a.join(name)).unwrap(),
            std::fs::read(b.join(name)).unwrap(),
            "{name} differs between two identical runs"
        );
    }
}

/// Constants only, no churn, no attrition, no opportunities: every trial is
/// equal. Two identical splits (paired difference 0 in every trial), one
/// split without inside reps and one without field reps.
const FLAT: &str = r#"
name = "Flat: every trial equal"
[simulation]
trials = 20
horizon_months = 12
seed = 1
[roles.outside]
annual_hours = 1800
admin_share = 0.5
base_salary = 90000
[roles.inside]
annual_hours = 1800
admin_share = 0.4
base_salary = 60000
[[management]]
name = "Managers"
span = 8
annual_cost = 200000
[motions.maintenance]
touches_per_year = 6
hours_per_touch = { outside = 1.0, inside = 1.0 }
[[products]]
name = "Support"
motion = "maintenance"
gross_margin = 0.5
cross_sell_size = 0
[[tiers]]
name = "All"
accounts = 10
spend = { "Support" = 100000 }
[[splits]]
name = "Field"
assign = { maintenance = "outside" }
[[splits]]
name = "Field again, with a rather long name that needs wrapping over several lines"
assign = { maintenance = "outside" }
[[splits]]
name = "Inside"
assign = { maintenance = "inside" }
"#;

/// FLAT with only its first `splits` splits, run into `dir/name`: the
/// output folder and the chart data.
fn run_flat(dir: &Path, name: &str, splits: usize) -> (PathBuf, ChartData) {
    let path = dir.join(format!("{name}.toml"));
    let text = FLAT
        .split("[[splits]]")
        .take(1 + splits)
        .collect::<Vec<_>>()
        .join("[[splits]]");
    std::fs::write(&path, text).unwrap();
    let out = dir.join(name);
    let r = run(&path, &out, false);
    (out, chart_data(&path, &r))
}

#[test]
fn degenerate_runs_still_give_every_chart() {
    let tmp = tempfile::tempdir().unwrap();
    let flat = tmp.path().join("flat.toml");
    std::fs::write(&flat, FLAT).unwrap();
    let out = tmp.path().join("flat");
    let r = run(&flat, &out, false);
    let d = chart_data(&flat, &r);
    // Every trial equal: the quantiles collapse, the charts must not.
    let q = d.splits[0].ltv.as_ref().unwrap();
    assert_eq!(q.p5, q.p95);
    assert!(
        d.splits[0].roles.inside.is_none(),
        "no inside reps in the first split"
    );
    check_outputs(&out, &d);

    // A single split: nothing to compare, every chart still drawn.
    let (out, d) = run_flat(tmp.path(), "single", 1);
    assert_eq!(d.splits.len(), 1);
    check_outputs(&out, &d);
}

/// The time chart's title names every split whose field selling hours read
/// the same as the most (rounded as the title prints them), not one of
/// them.
#[test]
fn the_time_title_names_every_split_that_ties() {
    let scenario = Path::new("scenarios/key_accounts.toml");
    let tmp = tempfile::tempdir().unwrap();
    let r = run(scenario, &tmp.path().join("out"), true);
    let mut d = chart_data(scenario, &r);
    let hours = |sp: &keysplit::charts::data::SplitData| {
        sp.selling_hours_outside.as_ref().map(|s| s.mean.round())
    };
    let tied = |d: &ChartData| -> Vec<String> {
        let best = d.others().iter().filter_map(hours).fold(f64::MIN, f64::max);
        d.others()
            .iter()
            .filter(|sp| hours(sp) == Some(best))
            .map(|sp| sp.name.clone())
            .collect()
    };
    // As run, then with a second split given the best one's hours.
    for round in 0..2 {
        if round == 1 {
            let first = tied(&d)[0].clone();
            let best = d.splits.iter().find(|sp| sp.name == first).unwrap();
            let h = best.selling_hours_outside.clone();
            let other = d
                .splits
                .iter_mut()
                .find(|sp| !sp.baseline && sp.name != first)
                .unwrap();
            other.selling_hours_outside = h;
        }
        let names = tied(&d);
        let title = RunChart::WhereTheTimeGoes.title(&d);
        if names.len() > 1 {
            assert!(
                title.starts_with(&format!("{} splits tie (", names.len())),
                "{title}"
            );
            for name in &names {
                assert!(title.contains(name.as_str()), "{name} not in {title}");
            }
        } else {
            assert!(title.starts_with(&names[0]), "{title}");
        }
        assert!(round == 0 || names.len() >= 2, "{names:?}");
    }
}

/// Two splits equal in every trial: the paired-difference and distribution
/// charts say so in the words of the rest of the product ("equal in every
/// trial", as the terminal table and the report print a tie), never "in no
/// trial", which reads as "always worse".
#[test]
fn splits_equal_in_every_trial_are_said_to_be_so_in_the_charts() {
    let tmp = tempfile::tempdir().unwrap();
    // FLAT's first two splits, identical.
    let (out, d) = run_flat(tmp.path(), "two", 2);
    for kind in [RunChart::PairedDifference, RunChart::DecisionBySplit] {
        let title = kind.title(&d);
        assert!(title.contains("equal in every trial"), "{title}");
        assert!(!title.contains("no trial"), "{title}");
    }
    let svg = out.join("charts").join("paired-difference.svg");
    let texts = common::svg_texts(&svg).join("\n");
    assert!(texts.contains("Equal in every trial"), "{texts}");
    assert!(!texts.contains("no trial"), "{texts}");
}
