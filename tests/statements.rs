//! What the run's outputs say agrees with its numbers and with each other:
//! the team chart's share of revenue is the table's cost of sales, its title
//! names a target team for a split reduced by attrition, the frontier's
//! finding names the horizon's LTV and says when its lead cannot be told
//! from the baseline, and the payback row leads with the share of trials
//! that pay back and their median month, in whole months.

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

/// A month as the payback row prints it: whole, the nearest to the quantile.
fn whole(x: f64) -> String {
    format!("{}", x.round() as i64)
}

#[test]
fn payback_row_leads_with_the_share_and_the_median_month() {
    let (s, r) = key_accounts(100);
    // The terminal table, wide enough for no cell to wrap: one column per
    // split, the payback cell over three lines.
    let table = keysplit::output::table::render(&r, Some(1000));
    let lines: Vec<&str> = table.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("Payback month"))
        .unwrap();
    let cells = |l: &str| -> Vec<String> {
        l.trim_matches(|c| c == '│' || c == ' ')
            .split('┆')
            .map(|c| c.trim().to_string())
            .collect()
    };
    let rows: Vec<Vec<String>> = lines[at..at + 3].iter().map(|l| cells(l)).collect();
    // The report's headline table says the same on one line.
    let prov = keysplit::output::json::Provenance::new(
        std::path::Path::new("key_accounts.toml"),
        &common::key_accounts_text(),
    );
    let report = keysplit::output::report::markdown(&s, &r, &prov, &[]);
    let mut checked = 0;
    for (k, sp) in r.splits.iter().enumerate() {
        let col = 1 + k;
        let Some(p) = sp.p_payback else {
            assert_eq!(rows[0][col], "n/a");
            continue;
        };
        let share = if p > 0.0 {
            format!("pays back in {} of trials", format::share_of_trials(p))
        } else {
            "pays back in no trial".into()
        };
        assert_eq!(rows[0][col], share, "{}", sp.name);
        let Some(s) = &sp.metrics[Metric::PaybackMonth] else {
            continue;
        };
        let median = format!("of those, median month {}", whole(s.p50));
        let range = format!("{} – {}", whole(s.p10), whole(s.p90));
        assert_eq!(rows[1][col], median, "{}", sp.name);
        assert_eq!(rows[2][col], range, "{}", sp.name);
        let line = format!("{share}; {median} ({} to {})", whole(s.p10), whole(s.p90));
        assert!(report.contains(&line), "{line:?} not in the report");
        checked += 1;
    }
    // Its standard error is the share's, sqrt(p (1 - p) / n), in points.
    let se_row = report
        .lines()
        .find(|l| l.starts_with("| Share of trials that pay back |"))
        .expect("the standard-error table has the payback share");
    let se_cells: Vec<&str> = se_row.trim_matches('|').split('|').map(str::trim).collect();
    for (k, sp) in r.splits.iter().enumerate().filter(|(_, sp)| !sp.baseline) {
        let p = sp.p_payback.unwrap();
        let se = (p * (1.0 - p) / r.trials as f64).sqrt() * 100.0;
        let want = if se >= 1.0 {
            format!("±{se:.1} pt")
        } else {
            format!("±{se:.2} pt")
        };
        assert_eq!(se_cells[1 + k], want, "{}", sp.name);
    }
    assert!(checked > 0, "some split pays back");
}

#[test]
fn p_better_reads_the_same_in_the_table_and_the_report_and_ties_are_equal() {
    let (s, r) = key_accounts(1000);
    let table = keysplit::output::table::render(&r, Some(2000));
    let prov = keysplit::output::json::Provenance::new(
        std::path::Path::new("key_accounts.toml"),
        &common::key_accounts_text(),
    );
    let report = keysplit::output::report::markdown(&s, &r, &prov, &[]);
    // What each paired difference of the headline rows must read as: the
    // share of trials where the split is better, "<1%" or ">99%" for a
    // share that rounds to 0 or 100 without being none or all, and equal
    // where the split is neither better nor worse in any trial.
    let mut want: std::collections::BTreeMap<(String, String), usize> = Default::default();
    let mut ties = 0;
    for sp in r.splits.iter().filter(|sp| !sp.baseline) {
        for m in keysplit::output::decision::rows(r.decision.metric) {
            let Some(d) = &sp.deltas[m] else { continue };
            let (term, md) = if d.p_better == 0.0 && d.p_worse == 0.0 {
                ties += 1;
                (
                    "equal in every trial ".to_string(),
                    "; equal in every trial |".to_string(),
                )
            } else {
                let v = 100.0 * d.p_better;
                let share = if d.p_better > 0.0 && v < 0.5 {
                    "<1%".to_string()
                } else if d.p_better < 1.0 && v > 99.5 {
                    ">99%".to_string()
                } else {
                    format!("{v:.0}%")
                };
                (
                    format!("P(better) {share} "),
                    format!("; better in {share} |"),
                )
            };
            *want.entry((term, md)).or_default() += 1;
        }
    }
    assert!(
        ties > 0,
        "the example has a tie (a split with today's managers)"
    );
    assert!(
        want.keys().any(|(t, _)| t.contains("<1%")),
        "some share rounds to 0% without being none"
    );
    let mut terms: std::collections::BTreeMap<&str, usize> = Default::default();
    let mut mds: std::collections::BTreeMap<&str, usize> = Default::default();
    for ((term, md), n) in &want {
        *terms.entry(term).or_default() += n;
        *mds.entry(md).or_default() += n;
    }
    for (term, n) in terms {
        assert_eq!(table.matches(term).count(), n, "{term:?} in\n{table}");
    }
    for (md, n) in mds {
        assert_eq!(report.matches(md).count(), n, "{md:?}");
    }
    // Markdown for pasting carries no HTML escape.
    for escape in ["&lt;", "&gt;", "&amp;"] {
        assert!(!report.contains(escape), "report.md holds {escape}");
    }
}

/// The terminal table at `width` columns: no line wider, and each split's
/// name in its header cell wrapped at spaces, a word broken only when it is
/// wider than its column. Returns how many words were broken.
fn names_wrapped_at_words(r: &RunResult, width: usize) -> usize {
    let table = keysplit::output::table::render(r, Some(width as u16));
    let lines: Vec<&str> = table.lines().take_while(|l| !l.is_empty()).collect();
    for l in lines.iter().filter(|l| l.starts_with(['│', '┌', '╞', '└'])) {
        assert!(l.chars().count() <= width, "{l:?} wider than {width}");
    }
    // The header: the lines between the top border and the double rule,
    // each cut at the column separators into its cells' lines.
    let end = lines.iter().position(|l| l.starts_with('╞')).unwrap();
    let header: Vec<Vec<&str>> = lines[1..end]
        .iter()
        .map(|l| l.trim_matches('│').split('┆').collect())
        .collect();
    let mut broken = 0;
    for (k, sp) in r.splits.iter().enumerate() {
        // A cell's text is one space of padding either side of its width.
        let cells: Vec<&str> = header.iter().map(|row| row[1 + k]).collect();
        let column = cells[0].chars().count() - 2;
        let words: Vec<&str> = cells.iter().flat_map(|c| c.split_whitespace()).collect();
        for w in sp.name.split(' ') {
            if words.contains(&w) {
                continue;
            }
            assert!(
                w.chars().count() > column,
                "{w:?} of {:?} broken in a column of {column}: {cells:?}",
                sp.name
            );
            // A word wider than its column starts a line of its own and
            // fills it, never the end of a line that holds other words.
            let head: String = w.chars().take(column).collect();
            assert!(
                cells.iter().any(|c| c.trim() == head),
                "{w:?} of {:?} does not start a line: {cells:?}",
                sp.name
            );
            broken += 1;
        }
    }
    broken
}

#[test]
fn the_table_wraps_split_names_at_word_boundaries() {
    let (_, r) = key_accounts(20);
    // At 100 columns a table of 7 columns holds 100 - (3 x 7 + 1) = 78
    // characters of text (a border and a space either side per column, one
    // border more), and the example's longest words take 71: "(discounted)"
    // 12, "(baseline)" 10, "transactional" 13 and 9 for each other split
    // ("P(better)"). No word is broken.
    assert_eq!(r.splits.len(), 6);
    assert_eq!(names_wrapped_at_words(&r, 100), 0);
    // At 80 there are 58: some words are wider than their columns, and
    // "transactional" is broken.
    assert!(names_wrapped_at_words(&r, 80) > 0);
}
