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

/// A sizing of `split` over `outside` x `inside` on mean LTV, unconstrained.
fn mean_ltv(split: &str, outside: (u32, u32), inside: (u32, u32)) -> SizeSpec {
    SizeSpec {
        split: split.into(),
        outside: Some(outside),
        inside: Some(inside),
        objective: Some(Objective::Mean(keysplit::core::metrics::Metric::Ltv)),
        constraints: vec![],
    }
}

#[test]
fn grid_search_finds_the_brute_force_optimum() {
    let s = scenario(SRC);
    let spec = mean_ltv("field", (1, 14), (0, 2));
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
        constraints: vec![c],
        ..mean_ltv("field", (1, 14), (0, 2))
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
    let spec = mean_ltv("field", (1, 40), (0, 9));
    let sizing = run(&s, &spec, &common::threads(2), None, false).unwrap().0;
    assert!(
        sizing.cells.len() < 400,
        "searched {} cells of 400",
        sizing.cells.len()
    );
    let best = &sizing.cells[sizing.best.unwrap()];
    assert_eq!((best.outside, best.inside), brute_force(|_| true));
}

/// SRC with today's team fixed at `today` field reps and no inside reps
/// (the baseline, and the current team), and a second split "grid" to size.
fn with_baseline(today: u32, grid: &str) -> String {
    with_baseline_of(SRC, today, grid)
}

/// [`with_baseline`] of another source than SRC.
fn with_baseline_of(src: &str, today: u32, grid: &str) -> String {
    format!(
        "{src}staffing = {{ outside = {today}, inside = 0 }}\n[[splits]]\nname = \"grid\"\n{grid}\n"
    )
}

/// The grid of the comparison tests: two field headcounts above today's
/// `today`, with one or two inside reps (pay without work).
fn above_today(today: u32, objective: Objective) -> SizeSpec {
    SizeSpec {
        split: "grid".into(),
        outside: Some((today + 2, today + 3)),
        inside: Some((1, 2)),
        objective: Some(objective),
        constraints: vec![],
    }
}

/// SRC at `trials` trials with inside reps that cost nothing: teams with
/// the same field reps have the same LTV in every trial. The optimum of
/// the closed form is unchanged (it has no inside reps).
fn free_inside(trials: u32) -> String {
    SRC.replace("trials = 400", &format!("trials = {trials}"))
        .replace("base_salary = 50000", "base_salary = 0")
}

/// A plain run of [`with_baseline_of`] `src` with the grid split fixed at
/// `outside` and `inside` reps.
fn fixed_team(src: &str, today: u32, outside: u32, inside: u32) -> keysplit::sim::RunResult {
    let team = format!("staffing = {{ outside = {outside}, inside = {inside} }}");
    common::run(&scenario(&with_baseline_of(src, today, &team)), 2)
}

#[test]
fn the_recommendation_says_how_it_compares_with_the_baseline_on_the_objective() {
    // Today's team is the brute-force optimum with no inside reps; the grid
    // may only try other field headcounts with one or two inside reps (pay
    // without work), so its best team is worse than today's on the
    // objective. The comparison must be the paired difference of the
    // objective itself, as a plain run of the recommended team gives it.
    let (o_star, _) = brute_force(|_| true);
    let s = scenario(&with_baseline(o_star, ""));
    let spec = above_today(
        o_star,
        Objective::Mean(keysplit::core::metrics::Metric::Ltv),
    );
    let sizing = run(&s, &spec, &common::threads(2), None, false).unwrap().0;
    assert_eq!(sizing.baseline, "field");
    let best = &sizing.cells[sizing.best.unwrap()];
    // The source beside it: a plain run with the grid split fixed at the
    // recommended team; the paired difference and its Student-t interval
    // (t(0.975, 399) = 1.9659) computed here from the per-trial values.
    let r = fixed_team(SRC, o_star, best.outside, best.inside);
    let ltv = metric("ltv");
    let (g, b) = (split_index(&r, "grid"), split_index(&r, "field"));
    let d: Vec<f64> = r
        .values(g, ltv)
        .zip(r.values(b, ltv))
        .map(|(x, y)| x - y)
        .collect();
    let n = d.len() as f64;
    assert_eq!(n, 400.0);
    let mean = d.iter().sum::<f64>() / n;
    let sd = (d.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    let half = 1.9659 * sd / n.sqrt();
    let base_mean = r.values(b, ltv).sum::<f64>() / n;
    let close = |a: f64, e: f64| (a - e).abs() <= 1e-6 * e.abs().max(1.0);
    let delta = best.delta_objective.as_ref().unwrap();
    assert!(close(delta.mean, mean), "{} vs {mean}", delta.mean);
    assert!(close(delta.ci95_high.unwrap(), mean + half));
    assert!((delta.ci95_low.unwrap() - (mean - half)).abs() <= 1e-3 * half);
    assert!(close(best.baseline_objective.unwrap(), base_mean));
    // Worse beyond doubt: the sentence, the title and size.json say "still
    // ... below" the baseline, with its value.
    assert!(
        mean + half < 0.0,
        "the grid's best team loses: {mean} ± {half}"
    );
    let gap = keysplit::core::format::money(-mean);
    let base = keysplit::core::format::money(base_mean);
    let phrase = format!("still {gap} below field ({base}");
    let text = sentence(&sizing);
    assert!(text.contains(&phrase), "{text}\nshould contain {phrase}");
    assert!(text.contains("95% interval"), "{text}");
    let (_, chart) = keysplit::charts::heatmap::chart(&sizing, &s);
    use keysplit::charts::Chart;
    assert!(chart.title().contains(&phrase), "{}", chart.title());
    let json = keysplit::output::size::json(&sizing);
    assert_eq!(json["baseline"], "field");
    assert!(
        json["recommended_vs_baseline"]
            .as_str()
            .unwrap()
            .starts_with(&phrase)
    );
    assert!(close(
        json["recommended"]["delta_objective_vs_baseline"]["mean"]
            .as_f64()
            .unwrap(),
        mean
    ));
    // Where lower is better, "below" would read as a loss: the words say
    // worse or better. More reps and the same book cost more per dollar sold.
    let spec = SizeSpec {
        objective: Some(Objective::Mean(metric("cost_of_sales"))),
        ..spec
    };
    let sizing = run(&s, &spec, &common::threads(2), None, false).unwrap().0;
    let text = sentence(&sizing);
    assert!(text.contains(" pt worse than field ("), "{text}");
    assert!(text.contains("still"), "{text}");
}

#[test]
fn a_p10_recommendation_is_compared_with_the_baseline_by_a_bootstrap_interval() {
    // As above, with the P10 of LTV as the objective: a P10 has no
    // per-trial difference, so the difference of the two P10s (type 7,
    // computed here from a plain run's per-trial values) gets a paired
    // bootstrap interval, and the words say so.
    let (o_star, _) = brute_force(|_| true);
    let s = scenario(&with_baseline(o_star, ""));
    let spec = above_today(o_star, Objective::P10Ltv);
    let sizing = run(&s, &spec, &common::threads(2), None, false).unwrap().0;
    let best = &sizing.cells[sizing.best.unwrap()];
    let r = fixed_team(SRC, o_star, best.outside, best.inside);
    let ltv = metric("ltv");
    let p10 = |k: usize| {
        let mut xs: Vec<f64> = r.values(k, ltv).collect();
        xs.sort_by(f64::total_cmp);
        let h = (xs.len() - 1) as f64 * 0.1;
        let lo = h.floor() as usize;
        xs[lo] + (h - lo as f64) * (xs[lo + 1] - xs[lo])
    };
    let (g, b) = (split_index(&r, "grid"), split_index(&r, "field"));
    let diff = p10(g) - p10(b);
    let close = |a: f64, e: f64| (a - e).abs() <= 1e-6 * e.abs().max(1.0);
    let delta = best
        .delta_objective
        .as_ref()
        .expect("the recommendation's P10 difference");
    assert!(close(delta.mean, diff), "{} vs {diff}", delta.mean);
    assert!(close(best.baseline_objective.unwrap(), p10(b)));
    let (lo, hi) = (delta.ci95_low.unwrap(), delta.ci95_high.unwrap());
    assert!(lo < diff && diff < hi, "{lo} < {diff} < {hi}");
    let text = sentence(&sizing);
    assert!(text.contains("difference of P10s"), "{text}");
    assert!(text.contains("bootstrap 95% interval"), "{text}");
    // Only the recommendation carries it: the other teams were not resampled.
    let others = sizing
        .cells
        .iter()
        .filter(|c| c.delta_objective.is_some())
        .count();
    assert_eq!(others, 1);
}

#[test]
fn a_recommendation_within_noise_of_the_baseline_says_about_the_same() {
    // The grid tries only today's own team: every trial's difference is 0,
    // so it is "about the same as" the baseline, never above or below.
    let (o_star, _) = brute_force(|_| true);
    let s = scenario(&with_baseline(o_star, ""));
    let spec = mean_ltv("grid", (o_star, o_star), (0, 0));
    let sizing = run(&s, &spec, &common::threads(2), None, false).unwrap().0;
    let text = sentence(&sizing);
    assert!(text.contains("about the same as field ("), "{text}");
    assert!(!text.contains("still"), "{text}");
    // Sizing the baseline itself compares with nothing.
    let spec = SizeSpec {
        split: "field".into(),
        ..spec
    };
    let sizing = run(&s, &spec, &common::threads(2), None, false).unwrap().0;
    assert!(keysplit::output::size::versus(&sizing).is_none());
    assert!(!sentence(&sizing).contains("field ("));
}

/// The heat map's colour key writes its ticks as the axes write theirs
/// (`charts::scale::tick_labels`): every one with the same decimals, so
/// evenly spaced ticks read as evenly spaced ("$1.0M, $1.5M, $2.0M", never
/// "$1M, $1.5M, $2M").
#[test]
fn the_heat_maps_colour_key_writes_every_tick_with_the_same_decimals() {
    let (o_star, _) = brute_force(|_| true);
    let mut s = scenario(&with_baseline(o_star, ""));
    s.trials = 20;
    let spec = SizeSpec {
        split: "grid".into(),
        outside: Some((o_star, o_star + 1)),
        inside: Some((0, 1)),
        objective: Some(Objective::Mean(metric("ltv"))),
        constraints: vec![],
    };
    let mut sizing = run(&s, &spec, &common::threads(2), None, false).unwrap().0;
    // Objectives from $1M to $2.5M: round ticks half a million apart.
    let n = sizing.cells.len();
    for (k, c) in sizing.cells.iter_mut().enumerate() {
        c.feasible = true;
        c.objective = Some(1e6 + 1.5e6 * k as f64 / (n - 1) as f64);
    }
    let (_, chart) = keysplit::charts::heatmap::chart(&sizing, &s);
    let svg = keysplit::charts::render::chart_svg(&chart).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    // The key's labels: left-aligned money at the one x right of the bar.
    let mut by_x: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
    for t in doc.descendants().filter(|n| n.has_tag_name("text")) {
        let text = t.text().unwrap_or("").trim().to_string();
        if t.attribute("text-anchor") == Some("start") && text.starts_with('$') {
            by_x.entry(t.attribute("x").unwrap())
                .or_default()
                .push(text);
        }
    }
    let ticks = by_x.into_values().max_by_key(Vec::len).unwrap();
    assert!(ticks.len() >= 3, "{ticks:?}");
    let decimals = |l: &str| {
        l.split_once('.')
            .map_or(0, |(_, f)| f.trim_end_matches(['M', 'k']).len())
    };
    assert!(
        ticks.iter().all(|l| decimals(l) == decimals(&ticks[0])) && decimals(&ticks[0]) > 0,
        "{ticks:?}"
    );
}

#[test]
fn teams_that_cannot_be_told_apart_from_the_recommendation_are_named() {
    // Inside reps cost nothing here, so teams with the same field reps tie
    // in every trial; field teams near the optimum differ by less than 30
    // trials' noise. The source beside it: a plain run of every team, each
    // paired with the recommended team's run over the same trials (same
    // seed: common random numbers), with a Student-t 95% interval.
    let (src, o_star) = (free_inside(30), brute_force(|_| true).0);
    let s = scenario(&with_baseline_of(&src, o_star, ""));
    let spec = mean_ltv("grid", (o_star - 2, o_star + 2), (0, 1));
    let sizing = run(&s, &spec, &common::threads(2), None, false).unwrap().0;
    let b = sizing.best.unwrap();
    let best = &sizing.cells[b];
    // Ties go to the fewer reps.
    assert_eq!(best.inside, 0);
    let ltv = metric("ltv");
    let values = |o: u32, i: u32| {
        let r = fixed_team(&src, o_star, o, i);
        let g = split_index(&r, "grid");
        r.values(g, ltv).collect::<Vec<f64>>()
    };
    let reference = values(best.outside, best.inside);
    let mut expected = Vec::new();
    for (idx, c) in sizing.cells.iter().enumerate() {
        if idx == b {
            continue;
        }
        let d: Vec<f64> = values(c.outside, c.inside)
            .iter()
            .zip(&reference)
            .map(|(x, y)| x - y)
            .collect();
        let n = d.len() as f64;
        let mean = d.iter().sum::<f64>() / n;
        let sd = (d.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        // t(0.975, 29) = 2.0452.
        let half = 2.0452 * sd / n.sqrt();
        if mean - half <= 0.0 && 0.0 <= mean + half {
            expected.push(idx);
        }
    }
    assert_eq!(sizing.near_best, expected);
    // The tie at the same field reps is among them, and at least one other.
    let tie = sizing
        .cells
        .iter()
        .position(|c| c.outside == best.outside && c.inside == 1)
        .unwrap();
    assert!(sizing.near_best.contains(&tie));
    let n = sizing.near_best.len();
    let text = sentence(&sizing);
    assert!(
        text.contains(&format!("{n} other team"))
            && text.contains("cannot be told apart from it in 30 trials"),
        "{text}"
    );
    let json = keysplit::output::size::json(&sizing);
    assert_eq!(
        json["within_noise_of_recommended"]
            .as_array()
            .unwrap()
            .len(),
        n
    );
    // The heat map outlines them and says so in its key; its note leaves
    // the list to the outlines.
    let (_, chart) = keysplit::charts::heatmap::chart(&sizing, &s);
    let svg = keysplit::charts::render::chart_svg(&chart).unwrap();
    assert!(
        svg.contains("Cannot be told apart from it"),
        "the key names the outline"
    );
    assert!(!svg.contains("cannot be told apart from it in 30 trials"));
    let orange = "#E69F00";
    assert!(
        svg.matches(orange).count() > n,
        "an outline per team and the key's: {} for {n}",
        svg.matches(orange).count()
    );
}

#[test]
fn under_precision_control_every_team_is_compared_over_the_same_trials() {
    // 30 x 8 teams are more than FULL_GRID_MAX: searched coarse (every
    // other field headcount, 1, 3, ..., 29, 30), then fine around the
    // coarse best. Today's team is 3 field reps; the closed form's optimum
    // is 4 (expected_ltv), a team only the fine pass runs. The far teams of
    // the coarse pass (up to 30 field reps) differ from today's the most
    // and need two batches of 500 trials for a half-width of 20,000; the
    // fine pass's, near today's, would meet it after one. A mean over 500
    // trials and one over 1,000 differ by the worlds drawn, so every team
    // must end with the same trials, the precision run's count.
    let (o_star, _) = brute_force(|_| true);
    assert_eq!(o_star, 4);
    let s = scenario(&with_baseline(3, ""));
    let spec = mean_ltv("grid", (1, 30), (0, 7));
    let target: keysplit::analysis::precision::Target = "ltv:20000".parse().unwrap();
    let precision = keysplit::analysis::precision::Precision {
        target,
        max_trials: 3000,
    };
    let sizing = run(&s, &spec, &common::threads(2), Some(precision), false)
        .unwrap()
        .0;
    assert!(sizing.cells.len() < 240, "a coarse then fine search");
    let best = &sizing.cells[sizing.best.unwrap()];
    assert_eq!((best.outside, best.inside), (o_star, 0));
    let outcome = sizing.precision.as_ref().unwrap();
    assert!(outcome.met && outcome.trials > 500, "{}", outcome.trials);
    assert_eq!(sizing.trials, outcome.trials);
    for c in &sizing.cells {
        let n = c.delta_ltv.as_ref().unwrap().n;
        assert_eq!(
            n, outcome.trials,
            "{} field + {} inside",
            c.outside, c.inside
        );
    }
}

#[test]
fn the_heat_maps_note_is_never_cut_when_the_colour_bar_can_give_room() {
    // A full key (the recommendation, teams within noise, the build-up,
    // teams failing a constraint) and the edge-of-grid advice: the colour
    // bar shrinks so the advice is drawn whole, with no ellipsis.
    let (src, o_star) = (free_inside(30), brute_force(|_| true).0);
    let s = scenario(&with_baseline_of(&src, o_star, ""));
    let mut spec = mean_ltv("grid", (o_star - 2, o_star), (0, 2));
    // Coverage min(1, HC / 8) >= 0.3 fails below 2.4 field reps.
    spec.constraints = vec!["coverage_outside>=0.3".parse().unwrap()];
    let sizing = run(&s, &spec, &common::threads(2), None, false).unwrap().0;
    assert!(sizing.cells.iter().any(|c| !c.feasible), "a team fails");
    assert!(!sizing.near_best.is_empty(), "teams within noise");
    let advice = keysplit::output::size::edge_note(&sizing);
    assert!(advice.contains("widen --outside above"), "{advice}");
    let (_, chart) = keysplit::charts::heatmap::chart(&sizing, &s);
    let svg = keysplit::charts::render::chart_svg(&chart).unwrap();
    assert!(!svg.contains('…'), "the note was cut");
    assert!(svg.contains("outside it."), "the advice ends on the chart");
}

#[test]
fn under_a_p10_objective_the_teams_within_noise_come_from_bootstrap_intervals() {
    // Free inside reps: the teams with the recommendation's field reps have
    // the same LTV in every trial, so every resample gives their P10s a
    // difference of exactly 0 and they are named. A team 4 field reps
    // above the optimum is worse by the closed form's gap (below), many
    // times the noise of 200 trials, so it is not named.
    let (src, o_star) = (free_inside(200), brute_force(|_| true).0);
    let s = scenario(&with_baseline_of(&src, o_star, ""));
    let spec = SizeSpec {
        objective: Some(Objective::P10Ltv),
        ..mean_ltv("grid", (o_star - 2, o_star + 4), (0, 1))
    };
    let sizing = run(&s, &spec, &common::threads(2), None, false).unwrap().0;
    let best = &sizing.cells[sizing.best.unwrap()];
    assert_eq!(best.inside, 0);
    let at = |o: u32, i: u32| {
        sizing
            .cells
            .iter()
            .position(|c| (c.outside, c.inside) == (o, i))
            .unwrap()
    };
    assert!(sizing.near_best.contains(&at(best.outside, 1)));
    let far = at(o_star + 4, 0);
    let expected_gap = expected_ltv(best.outside, 0) - expected_ltv(o_star + 4, 0);
    let gap = best.objective.unwrap() - sizing.cells[far].objective.unwrap();
    let sd = best.ltv.as_ref().unwrap().sd.unwrap();
    assert!(
        expected_gap > 10.0 * sd / 200f64.sqrt(),
        "{expected_gap} vs sd {sd}"
    );
    assert!(
        !sizing.near_best.contains(&far),
        "P10 gap {gap}, expected about {expected_gap}"
    );
    assert!(sentence(&sizing).contains("on P10 of LTV has a 95% interval"));
}
