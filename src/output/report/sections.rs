//! The sections of the report, in order, each a list of blocks: the
//! question, the findings, the splits compared, the headline numbers, the
//! differences against the baseline, the charts, the assumptions, the
//! provenance and the Monte Carlo standard errors.

use super::Block;
use super::who::{self, assignment};
use crate::core::dist::Dist;
use crate::core::format;
use crate::core::metrics::{Metric, Unit};
use crate::core::stats::t_975;
use crate::output::Figure;
use crate::output::decision::{self, Layout};
use crate::output::json::Provenance;
use crate::scenario::{Policy, Reduce, Role, Scenario, Staff, Start, Transition};
use crate::sim::engine::{RunResult, SplitResult};

/// What the report answers, and the splits it compares.
pub(super) fn question(r: &RunResult, base: &SplitResult, others: &[&str]) -> Vec<Block> {
    let mut b = Vec::new();
    b.push(Block::H2("The question".into()));
    b.push(Block::P(format!(
        "How should key-account work be split between field (outside) reps and inside reps? For each way of \
         splitting it, what happens to key-account lifetime value, cost of sales, selling time and team size \
         over the next {} months, and how sure can we be? keysplit simulates {} possible worlds (Monte Carlo \
         trials), month by month, and runs every split in the same worlds, so the differences between splits \
         come from the policy, not from luck.",
        r.horizon_months,
        format::thousands(r.trials as f64)
    )));
    if others.is_empty() {
        b.push(Block::P(format!(
            "This scenario has one split, {}: the report describes it without a comparison.",
            base.name
        )));
    } else {
        b.push(Block::P(format!(
            "{} compared with the baseline, {}: {}.",
            if others.len() == 1 {
                "One alternative is"
            } else {
                "The alternatives are"
            },
            base.name,
            others.join("; ")
        )));
    }
    b
}

/// Each chart's title states its finding; a chart that restates another's is left out.
pub(super) fn findings(charts: &[Figure]) -> Vec<Block> {
    let mut b = Vec::new();
    if !charts.is_empty() {
        b.push(Block::H2("Findings".into()));
        // Each chart's title states its finding; the paired-difference chart
        // restates the first one's, so it is left out here.
        b.push(Block::Bullets(
            charts
                .iter()
                .filter(|c| c.finding)
                .map(|c| format!("{}.", c.title))
                .collect(),
        ));
    }
    b
}

/// Who sells what, staffing and credit, split by split.
pub(super) fn splits_compared(s: &Scenario) -> Vec<Block> {
    let mut b = Vec::new();
    b.push(Block::H2("The splits compared".into()));
    b.push(Block::Table {
        head: vec![
            "Split".into(),
            "Who sells what".into(),
            "Staffing".into(),
            "Commission credit".into(),
        ],
        rows: s
            .splits
            .iter()
            .enumerate()
            .map(|(k, sp)| {
                let mut name = sp.name.clone();
                let mut tags = Vec::new();
                if k == s.baseline {
                    tags.push("baseline");
                }
                if k == s.current {
                    tags.push("today's organisation");
                }
                if !tags.is_empty() {
                    name.push_str(&format!(" ({})", tags.join(", ")));
                }
                vec![name, assignment(s, sp), staffing(sp), credit(s, sp)]
            })
            .collect(),
        note: Some(who::note(s)),
    });
    b
}

/// The header of the tables with one column per split.
pub(super) fn split_columns(r: &RunResult) -> Vec<String> {
    std::iter::once("Metric".to_string())
        .chain(r.splits.iter().map(|sp| {
            if sp.baseline {
                format!("{} (baseline)", sp.name)
            } else {
                sp.name.clone()
            }
        }))
        .collect()
}

/// Every headline metric: mean and P10 to P90, the decision metric first,
/// then what the run is decided on in words, and the J-curve of the move.
pub(super) fn headline(r: &RunResult, head: &[String], charts: &[Figure]) -> Vec<Block> {
    let mut b = Vec::new();
    let decision = r.decision.metric;
    b.push(Block::H2("Headline numbers".into()));
    b.push(Block::Table {
        head: head.to_vec(),
        rows: decision::rows(decision)
            .into_iter()
            .map(|m| {
                let def = &m.def();
                std::iter::once(decision::label(m, decision))
                    .chain(r.splits.iter().map(|sp| match &sp.metrics[m] {
                        _ if m == Metric::PaybackMonth => {
                            let p = decision::payback(sp);
                            match (p.median, p.range) {
                                (Some(median), Some((lo, hi))) => {
                                    format!("{}; {median} ({lo} to {hi})", p.share)
                                }
                                _ => p.share,
                            }
                        }
                        Some(x) => format!(
                            "{} ({} to {})",
                            format::value(x.mean, def.unit),
                            format::value(x.p10, def.unit),
                            format::value(x.p90, def.unit),
                        ),
                        None => "n/a".into(),
                    }))
                    .collect()
            })
            .collect(),
        note: Some(format!(
            "Mean over {} trials, with the P10 to P90 range in brackets (8 trials in 10 fall in it). \
             Lifetime value is gross margin minus cost of sales, discounted; with terminal value it adds the book of \
             business left at the end, valued as a perpetuity. Cost of sales and revenue are totals over {} months, \
             undiscounted. The transition cost is the one-off cost of moving from today's team (severance, the \
             one-off cost, the first hires into new seats); the payback row gives the share of trials in which \
             the split's cumulative discounted cash flow ends up staying at or above the baseline's, and among them \
             the median first month from which it does (P10 to P90 in brackets, in whole months).",
            format::thousands(r.trials as f64),
            r.horizon_months
        )),
    });
    let notes = decision::notes(r);
    if !notes.is_empty() {
        b.push(Block::Bullets(notes));
    }
    b.extend(
        charts
            .iter()
            .enumerate()
            .filter(|(_, c)| c.headline)
            .map(|(i, _)| Block::Chart(i)),
    );
    b
}

/// The paired differences against the baseline.
pub(super) fn against_baseline(r: &RunResult, base: &SplitResult, others: &[&str]) -> Vec<Block> {
    let mut b = Vec::new();
    if !others.is_empty() {
        b.push(Block::H2(format!("Against the baseline, {}", base.name)));
        b.push(Block::Table {
            head: std::iter::once("Metric".to_string())
                .chain(
                    r.splits
                        .iter()
                        .filter(|sp| !sp.baseline)
                        .map(|sp| sp.name.clone()),
                )
                .collect(),
            rows: decision::rows(r.decision.metric)
                .into_iter()
                .map(|m| {
                    let def = &m.def();
                    std::iter::once(decision::label(m, r.decision.metric))
                        .chain(r.splits.iter().filter(|sp| !sp.baseline).map(|sp| {
                            match &sp.deltas[m] {
                                Some(d) => decision::difference(d, def.unit, Layout::Inline),
                                // The baseline has no payback month: say how
                                // often the split pays back instead.
                                None if m == Metric::PaybackMonth => {
                                    decision::payback_share(sp).unwrap_or_else(|| "n/a".into())
                                }
                                None => "n/a".into(),
                            }
                        }))
                        .collect()
                })
                .collect(),
            note: Some(
                "Mean paired difference against the baseline (same trials), its 95% confidence interval \
                 in brackets, and P(better): the share of trials where the split beats the baseline \
                 (for costs and headcounts, lower is better)."
                    .into(),
            ),
        });
    }
    b
}

/// Every chart not shown with the headline numbers, inline.
pub(super) fn chart_blocks(charts: &[Figure]) -> Vec<Block> {
    let mut b = Vec::new();
    if charts.iter().any(|c| !c.headline) {
        b.push(Block::H2("Charts".into()));
        b.extend(
            charts
                .iter()
                .enumerate()
                .filter(|(_, c)| !c.headline)
                .map(|(i, _)| Block::Chart(i)),
        );
    }
    b
}

/// The uncertain inputs, the sampling, the correlations and the model settings.
pub(super) fn assumptions_section(s: &Scenario, r: &RunResult, prov: &Provenance) -> Vec<Block> {
    let mut b = Vec::new();
    b.push(Block::H2("Assumptions, the most uncertain first".into()));
    let (rows, per_draw) = assumptions(s);
    if rows.is_empty() && per_draw.is_empty() {
        b.push(Block::P(
            "Every input of this scenario is a constant: the spread in the results comes from churn, \
             opportunities, wins and attrition, drawn month by month."
                .into(),
        ));
    } else {
        let drawn = match (rows.is_empty(), per_draw.is_empty()) {
            (false, true) => "The inputs below are uncertain: each is drawn anew in every trial.",
            (true, false) => {
                "The inputs below are uncertain: each is drawn anew for every account, product or won deal."
            }
            _ => {
                "The inputs below are uncertain: those of the first table are drawn anew in every trial, \
                 those of the second for every account, product or won deal."
            }
        };
        b.push(Block::P(format!(
            "{drawn} Every other input is a constant from {}. The ranges in the results come from these \
             inputs and from month-by-month churn, opportunities, wins and attrition. Each table lists the \
             most uncertain input first, by its relative spread: (P90 − P10) / median, the width of the \
             middle 80% of its distribution as a share of its typical value. A wide input is not necessarily \
             one the decision turns on: the keysplit sensitivity command measures how much each input moves the \
             difference between two splits.",
            prov.file
        )));
        let spread = "Relative spread (P90 − P10) / median".to_string();
        if !rows.is_empty() {
            b.push(Block::Table {
                head: vec!["Input".into(), "Distribution (per trial)".into(), spread.clone()],
                rows,
                note: Some(
                    "PERT(min, mode, max) and triangular(min, mode, max) run from min to max, peaking at the mode; \
                     lognormal is given by its 10th and 90th percentiles; beta(a, b) has mean a / (a + b). \
                     n/a: the median is 0."
                        .into(),
                ),
            });
        }
        if !per_draw.is_empty() {
            b.push(Block::Table {
                head: vec![
                    "Input".into(),
                    "Distribution (per account or per deal)".into(),
                    spread,
                ],
                rows: per_draw,
                note: None,
            });
        }
    }
    if s.sampling == crate::scenario::Sampling::Lhs {
        b.push(Block::P(format!(
            "The per-trial inputs are drawn by Latin hypercube sampling, stratified in blocks of {} trials.",
            crate::sim::design::block_size(s)
        )));
    }
    if !r.correlations.is_empty() {
        b.push(Block::Table {
            head: vec![
                "Correlated inputs".into(),
                "Rank correlation requested".into(),
                "Achieved".into(),
            ],
            rows: r
                .correlations
                .iter()
                .map(|c| {
                    vec![
                        format!("{} ~ {}", c.a, c.b),
                        format!("{:.2}", c.requested),
                        format!("{:.3}", c.achieved),
                    ]
                })
                .collect(),
            note: Some(
                "Imposed by the Iman-Conover method on the inputs' per-trial draws; the achieved value is the \
                 Spearman correlation over this run's trials."
                    .into(),
            ),
        });
    }
    b.push(Block::Table {
        head: vec!["Model setting".into(), "Value".into()],
        rows: vec![
            vec!["Horizon".into(), format!("{} months", s.horizon_months)],
            vec![
                "Discount rate (per year)".into(),
                match &s.param(s.discount_rate).dist {
                    crate::core::dist::Dist::Const(x) => format::pct(*x),
                    d => d.to_string(),
                },
            ],
            vec![
                "Most a rep can usefully spend on an account (× planned time)".into(),
                s.param(s.max_intensity).dist.to_string(),
            ],
            vec![
                "Response of opportunities to selling time (elasticity)".into(),
                s.param(s.response_elasticity).dist.to_string(),
            ],
            vec![
                "Extra churn when an account is under-covered".into(),
                s.param(s.undercoverage_churn).dist.to_string(),
            ],
            vec![
                "Churn multiplier after a hand-off to a new rep".into(),
                format!(
                    "{} for {} months",
                    s.param(s.handoff_churn_multiplier).dist,
                    s.handoff_months
                ),
            ],
            vec!["Accounts".into(), accounts_text(s)],
            vec![
                "Decision metric".into(),
                match &r.decision.fallback {
                    None => r.decision.metric.def().label.to_string(),
                    Some((asked, _)) => format!(
                        "{} ({} asked for, undefined)",
                        r.decision.metric.def().label,
                        asked.def().label
                    ),
                },
            ],
        ],
        note: None,
    });
    b.extend(transition(s));
    b
}

/// The move from today's team: where splits start and, split by split,
/// how each is reached, defaults included (docs/model.md, "The transition").
fn transition(s: &Scenario) -> Vec<Block> {
    let mut b = Vec::new();
    let today = &s.splits[s.current].name;
    if s.start == Start::Target {
        b.push(Block::P(format!(
            "Every split starts at its own team, filled and ramped, with its accounts already handed over \
             ([transition] start = \"target\"): the cost and time of moving from today's organisation ({today}) \
             are left out."
        )));
        return b;
    }
    let moved: Vec<&crate::scenario::Split> = s
        .splits
        .iter()
        .enumerate()
        .filter(|(k, _)| *k != s.current)
        .map(|(_, sp)| sp)
        .collect();
    if moved.is_empty() {
        return b;
    }
    let dist = |p: crate::scenario::P| s.param(p).dist.to_string();
    let row = |label: &str, f: &dyn Fn(&Transition) -> String| {
        std::iter::once(label.to_string())
            .chain(moved.iter().map(|sp| f(&sp.transition)))
            .collect::<Vec<String>>()
    };
    let severance = |t: &Transition| {
        let (o, i) = (
            dist(t.severance_months.outside),
            dist(t.severance_months.inside),
        );
        if o == i {
            o
        } else {
            format!("field {o}; inside {i}")
        }
    };
    b.push(Block::Table {
        head: std::iter::once("The move from today's team".to_string())
            .chain(moved.iter().map(|sp| sp.name.clone()))
            .collect(),
        rows: vec![
            row("Reps above the new team", &|t| match t.reduce {
                Reduce::Layoff => "laid off before month 1".into(),
                Reduce::Attrition => "kept until they quit".into(),
            }),
            row("Severance (months of loaded pay per rep laid off)", &|t| severance(t)),
            row("Reps redeployed to the other role's new seats", &|t| {
                if t.redeploy {
                    match t.redeploy_ramp_months {
                        Some(p) => format!("yes, ramping over {} months", dist(p)),
                        None => "yes, ramping as a new hire".into(),
                    }
                } else {
                    "no".into()
                }
            }),
            row("Hand-offs of accounts", &|t| match t.phase_months {
                0 | 1 => "all in month 1".into(),
                m => format!("over months 1 to {m}, smallest spend first"),
            }),
            row("One-off cost in month 1 ($)", &|t| dist(t.one_off_cost)),
        ],
        note: Some(format!(
            "Every split starts from today's team ({today}) in the same trial: new seats start vacant and are \
             hired into and ramped; accounts change hands as listed and carry the hand-off churn multiplier; \
             a split that changes nothing in a trial has no transition. Defaults: layoff with 3 months of \
             severance, no redeployment, hand-offs in month 1, no one-off cost."
        )),
    });
    b
}

/// The warnings `validate` gave for the scenario, before the findings: a
/// warning can mean numbers are missing (a book column not read, say), and
/// the terminal's copy scrolls away above the table.
pub(super) fn input_warnings(prov: &Provenance) -> Vec<Block> {
    if prov.warnings.is_empty() {
        return Vec::new();
    }
    let n = prov.warnings.len();
    vec![
        Block::H2("Warnings about the inputs".into()),
        Block::P(format!(
            "keysplit ran this scenario but warned about {}: read {} before the numbers.",
            if n == 1 { "one thing" } else { "these things" },
            if n == 1 { "it" } else { "them" },
        )),
        Block::Bullets(
            prov.warnings
                .iter()
                // Plain text: the key paths' backquotes are code in
                // Markdown, which a pasted report need not show.
                .map(|(what, fix)| {
                    format!("{}. Fix: {}", what.replace('`', ""), fix.replace('`', ""))
                })
                .collect(),
        ),
    ]
}

/// Where the numbers come from, and how to reproduce them.
pub(super) fn provenance(s: &Scenario, r: &RunResult, prov: &Provenance) -> Vec<Block> {
    let mut b = Vec::new();
    b.push(Block::H2("Provenance".into()));
    b.push(Block::Table {
        head: vec!["Item".into(), "Value".into()],
        rows: vec![
            vec!["Scenario".into(), s.name.clone()],
            vec!["Scenario file".into(), prov.file.clone()],
            vec!["Scenario file SHA-256".into(), prov.sha256.clone()],
        ]
        .into_iter()
        .chain(s.book.iter().flat_map(|b| {
            [
                vec!["Account book".into(), b.file.clone()],
                vec!["Account book SHA-256".into(), b.data.sha256.clone()],
            ]
        }))
        .chain([
            vec!["Seed".into(), r.seed.to_string()],
            vec!["Trials".into(), format::thousands(r.trials as f64)],
            vec!["Horizon".into(), format!("{} months", r.horizon_months)],
            vec![
                "Monthly revenue bands from".into(),
                format!(
                    "the first {} trials",
                    format::thousands(r.monthly_sample as f64)
                ),
            ],
            vec![
                "Tool".into(),
                format!("keysplit {}", env!("CARGO_PKG_VERSION")),
            ],
        ])
        .collect(),
        note: Some(format!(
            "Same scenario file, seed and trial count give the same numbers on any machine: \
             keysplit run {} --seed {} --trials {}",
            prov.file, r.seed, r.trials
        )),
    });
    b
}

/// The Monte Carlo standard error of every headline number.
pub(super) fn standard_errors(r: &RunResult, head: &[String]) -> Vec<Block> {
    let mut b = Vec::new();
    b.push(Block::H2("Monte Carlo standard error".into()));
    b.push(Block::Table {
        head: head.to_vec(),
        rows: decision::rows(r.decision.metric)
            .into_iter()
            .map(|m| {
                let def = &m.def();
                if m == Metric::PaybackMonth {
                    // The row above leads with the share of trials that pay
                    // back (not a mean month): its standard error is the
                    // binomial one, sqrt(p (1 - p) / n).
                    let n = r.trials.max(1) as f64;
                    return std::iter::once("Share of trials that pay back".to_string())
                        .chain(r.splits.iter().map(|sp| match sp.p_payback {
                            Some(p) if !sp.baseline => {
                                format!("±{}", se_text((p * (1.0 - p) / n).sqrt(), Unit::Ratio))
                            }
                            _ => "n/a".into(),
                        }))
                        .collect();
                }
                std::iter::once(decision::label(m, r.decision.metric))
                    .chain(r.splits.iter().map(|sp| {
                        let mean_se = sp.metrics[m]
                            .as_ref()
                            .and_then(|x| x.se)
                            .map(|se| format!("±{}", se_text(se, def.unit)));
                        let delta_se = (!sp.baseline)
                            .then(|| sp.deltas[m].as_ref())
                            .flatten()
                            .and_then(|d| {
                                let hi = d.ci95_high?;
                                let t = t_975(d.n.saturating_sub(1));
                                Some(format!("Δ ±{}", se_text((hi - d.mean) / t, def.unit)))
                            });
                        match (mean_se, delta_se) {
                            (Some(a), Some(b)) => format!("{a}; {b}"),
                            (Some(a), None) => a,
                            (None, Some(b)) => b,
                            (None, None) => "n/a".into(),
                        }
                    }))
                    .collect()
            })
            .collect(),
        note: Some(
            "Standard error of each mean above (sd / √n) and of each mean difference against the baseline (Δ); \
             for payback, of the share of trials that pay back (√(p (1 − p) / n)). \
             It shrinks with the square root of the trial count: 4× the trials halve it. A zero means the metric \
             does not vary across trials."
                .into(),
        ),
    });
    b
}

/// A standard error with two significant digits in the metric's unit.
pub(super) fn se_text(x: f64, unit: Unit) -> String {
    let sig = |v: f64| {
        if v == 0.0 || !v.is_finite() {
            return "0".to_string();
        }
        let digits = |x: f64| (1 - x.abs().log10().floor() as i32).max(0) as usize;
        // Round first, so 0.009998 reads 0.010, not 0.0100.
        let d = digits(v);
        let rounded: f64 = format!("{v:.d$}").parse().unwrap_or(v);
        let d = digits(rounded);
        format!("{rounded:.d$}")
    };
    match unit {
        Unit::Money => format::money(x),
        Unit::Ratio => format!("{} pt", sig(100.0 * x)),
        Unit::Hours => format!("{} h", sig(x)),
        Unit::Count => sig(x),
    }
}

pub(super) fn staffing(sp: &crate::scenario::Split) -> String {
    let role = |r: Role| match sp.staffing[r] {
        Staff::Sized => "sized to workload".to_string(),
        Staff::Fixed(n) => format!("fixed at {n}"),
        Staff::Current => "today's headcount".to_string(),
    };
    let (o, i) = (role(Role::Outside), role(Role::Inside));
    if o == i {
        format!("both roles {o}")
    } else {
        format!("field {o}; inside {i}")
    }
}

pub(super) fn credit(s: &Scenario, sp: &crate::scenario::Split) -> String {
    let c = &sp.credit;
    match c.policy {
        Policy::Exclusive => {
            let pen = &s.param(c.conflict_penalty).dist;
            if matches!(pen, crate::core::dist::Dist::Const(x) if *x == 0.0) {
                "exclusive (one owner per product)".into()
            } else {
                format!("exclusive; win-rate penalty at shared accounts {pen}")
            }
        }
        Policy::Double => "double (field also paid on inside deals at shared accounts)".into(),
        Policy::Team => format!(
            "team; bonus of {} on bookings at shared accounts",
            match &s.param(c.team_bonus_rate).dist {
                crate::core::dist::Dist::Const(x) => format::pct(*x),
                d => d.to_string(),
            }
        ),
    }
}

/// How many accounts, and where they come from when a book is read.
fn accounts_text(s: &Scenario) -> String {
    let n = format::thousands(s.accounts() as f64);
    match &s.book {
        Some(b) => format!(
            "{n}, of which {} from the account book {}",
            format::thousands(b.data.accounts.len() as f64),
            b.file
        ),
        None => n,
    }
}

/// The relative spread of an input's distribution: (P90 − P10) / |P50|,
/// the width of its middle 80% as a share of its typical value; `None`
/// when its median is 0 (no typical value to compare with).
pub(super) fn relative_spread(d: &Dist) -> Option<f64> {
    let (p10, p50, p90) = (d.inverse_cdf(0.1), d.inverse_cdf(0.5), d.inverse_cdf(0.9));
    let r = (p90 - p10) / p50.abs();
    (p50 != 0.0 && r.is_finite()).then_some(r)
}

/// The rows of the assumptions' tables, the per-trial inputs and those
/// drawn per account, product or deal: input, distribution and relative
/// spread, each table by decreasing relative spread (undefined last; equal
/// spreads keep the scenario's order).
pub(super) fn assumptions(s: &Scenario) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let per_trial: Vec<(String, &Dist)> = s
        .uncertain_params()
        .map(|p| (p.path.clone(), &p.dist))
        .collect();
    let mut per_draw: Vec<(String, &Dist)> = Vec::new();
    for m in &s.motions {
        if !m.upsell_size.is_const() {
            per_draw.push((
                format!(
                    "motions.{}.upsell_size (per won up-sell, × the product's spend)",
                    m.name
                ),
                &m.upsell_size,
            ));
        }
    }
    for p in &s.products {
        if !p.cross_sell_size.is_const() {
            per_draw.push((
                format!(
                    "products.\"{}\".cross_sell_size (per won cross-sell, $ a year)",
                    p.name
                ),
                &p.cross_sell_size,
            ));
        }
    }
    for t in &s.tiers {
        for (p, d) in s.products.iter().zip(&t.spend) {
            if let Some(d) = d
                && !d.is_const()
            {
                per_draw.push((
                    format!(
                        "tiers.\"{}\".spend.\"{}\" (per account, $ a year)",
                        t.name, p.name
                    ),
                    d,
                ));
            }
        }
    }
    if let Some(b) = &s.book
        && !b.spend_uncertainty.is_const()
    {
        per_draw.push((
            format!(
                "book.spend_uncertainty (per account and product, × the spend in {})",
                b.file
            ),
            &b.spend_uncertainty,
        ));
    }
    (ranked(per_trial), ranked(per_draw))
}

/// Rows by decreasing relative spread, undefined last (a stable sort, so
/// equal spreads keep the scenario's order).
fn ranked(inputs: Vec<(String, &Dist)>) -> Vec<Vec<String>> {
    let mut rows: Vec<(Option<f64>, Vec<String>)> = inputs
        .into_iter()
        .map(|(name, d)| {
            let r = relative_spread(d);
            (
                r,
                vec![
                    name,
                    d.to_string(),
                    r.map_or_else(|| "n/a".into(), format::pct),
                ],
            )
        })
        .collect();
    rows.sort_by(|a, b| match (a.0, b.0) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    rows.into_iter().map(|r| r.1).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_errors_keep_two_digits() {
        assert_eq!(se_text(0.000_312, Unit::Ratio), "0.031 pt");
        assert_eq!(se_text(12.34, Unit::Hours), "12 h");
        assert_eq!(se_text(0.0, Unit::Count), "0");
        assert_eq!(se_text(0.000_099_98, Unit::Ratio), "0.010 pt");
    }
}
