//! What the run's charts say agrees with the other outputs: the team chart's
//! share of revenue is the table's cost of sales, its title names a target
//! team for a split reduced by attrition, and the frontier's finding names
//! the horizon's LTV and says when its lead cannot be told from the baseline.

mod common;

use keysplit::charts::{ChartData, RunChart, render_run};
use keysplit::core::format;
use keysplit::core::metrics::{Metric, Unit};
use keysplit::scenario::{Reduce, Scenario};
use keysplit::sim::RunResult;

/// The example scenario, run with `trials` trials.
fn key_accounts(trials: u64) -> (Scenario, RunResult) {
    let mut s = common::scenario(&common::key_accounts_text());
    s.trials = trials;
    let r = common::run(&s, 2);
    (s, r)
}

/// The texts of a chart's SVG.
fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("the SVG parses");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(|t| t.trim().to_string())
        .collect()
}

#[test]
fn team_chart_share_of_revenue_is_the_tables_cost_of_sales() {
    let (s, r) = key_accounts(100);
    let figures = render_run(&s, &r).unwrap();
    let team = figures
        .iter()
        .find(|f| f.stem == RunChart::TeamAndCost.file())
        .unwrap();
    let texts = texts(&team.svg);
    for sp in &r.splits {
        // The table prints each metric's mean in its unit.
        let table = format::value(
            sp.metrics[Metric::CostOfSales].as_ref().unwrap().mean,
            Unit::Ratio,
        );
        let label = format!(
            "{} · {table} of revenue",
            format::money(sp.metrics[Metric::SalesCost].as_ref().unwrap().mean)
        );
        assert!(
            texts.contains(&label),
            "{}: {label:?} missing from {texts:?}",
            sp.name
        );
    }
}

/// A team in the words of the titles: "11 field + 4 inside reps", from the
/// run's mean head counts.
fn team(r: &RunResult, k: usize) -> String {
    let hc = |m: Metric| r.splits[k].metrics[m].as_ref().unwrap().mean;
    let mut parts = Vec::new();
    for (m, role) in [
        (Metric::HeadcountOutside, "field"),
        (Metric::HeadcountInside, "inside"),
    ] {
        if hc(m) > 0.0 {
            parts.push(format!("{} {role}", format::value(hc(m), Unit::Count)));
        }
    }
    parts.join(" + ") + " reps"
}

#[test]
fn team_chart_calls_an_attrition_splits_team_a_target() {
    let (mut s, r) = key_accounts(40);
    let d = ChartData::new(&s, &r);
    // Every split of the example starts from today's all-field team and
    // has fewer field reps: exactly those reduced by attrition keep reps
    // above their target until they quit.
    for sp in &d.splits {
        let reduce = s.splits[sp.index].transition.reduce;
        assert_eq!(
            sp.by_attrition,
            reduce == Reduce::Attrition && !sp.baseline,
            "{}",
            sp.name
        );
    }
    let attrition = d.splits.iter().find(|sp| sp.by_attrition).unwrap();
    let k = attrition.index;
    let subtitle = keysplit::charts::team::subtitle(&d);
    assert!(
        subtitle.contains(&format!(
            "A split reduced by attrition ({}) pays the reps above its target until they quit.",
            attrition.name
        )),
        "{subtitle}"
    );

    // The baseline and the attrition split alone: it leads, and the title
    // says its team is a target reached by attrition.
    let mut alone = d.clone();
    alone.splits.retain(|sp| sp.baseline || sp.index == k);
    let title = RunChart::TeamAndCost.title(&alone);
    let want = format!(
        "{}: a target of {}, reached by attrition, instead of {}",
        s.splits[k].name,
        team(&r, k),
        team(&r, s.baseline)
    );
    assert!(title.starts_with(&want), "{title:?} should start {want:?}");

    // A layoff split's team is its team from month 1: no "target".
    let layoff = d
        .splits
        .iter()
        .find(|sp| !sp.baseline && s.splits[sp.index].transition.reduce == Reduce::Layoff)
        .unwrap()
        .index;
    let mut alone = d.clone();
    alone.splits.retain(|sp| sp.baseline || sp.index == layoff);
    let title = RunChart::TeamAndCost.title(&alone);
    assert!(
        title.starts_with(&format!(
            "{}: {} instead of",
            s.splits[layoff].name,
            team(&r, layoff)
        )),
        "{title:?}"
    );

    // Every split starting at its own team: nobody is above a target.
    s.start = keysplit::scenario::Start::Target;
    let d = ChartData::new(&s, &r);
    assert!(d.splits.iter().all(|sp| !sp.by_attrition));
    assert!(!keysplit::charts::team::subtitle(&d).contains("attrition"));
}

#[test]
fn frontier_names_the_horizons_ltv_and_a_lead_within_noise() {
    let (s, r) = key_accounts(40);
    let d = ChartData::new(&s, &r);
    let ltv_words = format!("{}-month LTV", s.horizon_months);
    // The split with the highest mean LTV, and the interval of its
    // difference against the baseline.
    let best = (0..r.splits.len())
        .max_by(|&a, &b| {
            let m = |k: usize| r.splits[k].metrics[Metric::Ltv].as_ref().unwrap().mean;
            m(a).total_cmp(&m(b))
        })
        .unwrap();
    assert_ne!(best, s.baseline, "the example's highest LTV is a move's");
    let title = RunChart::Frontier.title(&d);
    assert!(title.contains(&ltv_words), "{title:?}");
    assert!(title.contains(&r.splits[best].name), "{title:?}");
    let noise = |d: &ChartData| {
        let sp = d.splits.iter().find(|sp| sp.index == best).unwrap();
        sp.ltv_delta
            .as_ref()
            .is_some_and(|x| x.ci95_low.unwrap() <= 0.0 && x.ci95_high.unwrap() >= 0.0)
    };
    let says = |t: &str| t.contains("told apart from the baseline's");
    assert_eq!(says(&title), noise(&d), "{title:?}");

    // The same run with the lead's interval moved clear of zero, and then
    // around it: the title follows the interval.
    for (lo, hi) in [(1.0, 2.0), (-1.0, 2.0)] {
        let mut d = d.clone();
        for sp in d.splits.iter_mut().filter(|sp| sp.index == best) {
            let x = sp.ltv_delta.as_mut().unwrap();
            x.ci95_low = Some(lo);
            x.ci95_high = Some(hi);
        }
        let title = RunChart::Frontier.title(&d);
        assert_eq!(says(&title), lo <= 0.0, "{title:?}");
        assert!(title.contains(&ltv_words), "{title:?}");
    }
}
