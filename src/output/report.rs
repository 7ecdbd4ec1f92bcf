//! The leadership report: `report.html` (self-contained: charts inlined as
//! SVG, the chart font embedded, no network) and `report.md` (the same
//! content, for pasting into documents; charts linked as PNG files).
//!
//! Both are rendered from one list of blocks built here, so they cannot
//! drift apart: the question, the splits compared, the findings, the headline
//! tables, the charts, the assumptions, and the run's provenance with the
//! Monte Carlo standard error of every headline number.

use super::Figure;
use super::json::Provenance;
use crate::core::font;
use crate::core::format;
use crate::core::metrics::{METRICS, Unit};
use crate::core::stats::t_975;
use crate::scenario::{Policy, Role, Rule, Scenario, Staff};
use crate::sim::engine::RunResult;
use std::fmt::Write as _;

/// One block of the report.
#[derive(Clone, Debug)]
enum Block {
    H2(String),
    P(String),
    Bullets(Vec<String>),
    Table {
        head: Vec<String>,
        rows: Vec<Vec<String>>,
        note: Option<String>,
    },
    /// A chart, by its position in the rendered list.
    Chart(usize),
}

struct Doc {
    title: String,
    subtitle: String,
    blocks: Vec<Block>,
}

fn build(s: &Scenario, r: &RunResult, prov: &Provenance, charts: &[Figure]) -> Doc {
    let mut b = Vec::new();
    let base = &r.splits[s.baseline.min(r.splits.len() - 1)];
    let others: Vec<&str> = r
        .splits
        .iter()
        .filter(|sp| !sp.baseline)
        .map(|sp| sp.name.as_str())
        .collect();

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
        note: Some(
            "Field = outside reps, who visit customers; inside reps work by phone and video. \
             A share goes inside starting with the smallest accounts (by drawn spend)."
                .into(),
        ),
    });

    b.push(Block::H2("Headline numbers".into()));
    let head: Vec<String> = std::iter::once("Metric".to_string())
        .chain(r.splits.iter().map(|sp| {
            if sp.baseline {
                format!("{} (baseline)", sp.name)
            } else {
                sp.name.clone()
            }
        }))
        .collect();
    b.push(Block::Table {
        head: head.clone(),
        rows: super::table::ROWS
            .iter()
            .map(|&m| {
                let def = &METRICS[m as usize];
                std::iter::once(def.label.to_string())
                    .chain(r.splits.iter().map(|sp| match &sp.metrics[m as usize] {
                        Some(x) => format!(
                            "{} ({} to {})",
                            format::value(x.mean, def.unit),
                            format::value(x.p10, def.unit),
                            format::value(x.p90, def.unit)
                        ),
                        None => "n/a".into(),
                    }))
                    .collect()
            })
            .collect(),
        note: Some(format!(
            "Mean over {} trials, with the P10 to P90 range in brackets (8 trials in 10 fall in it). \
             Lifetime value is gross margin minus cost of sales, discounted; cost of sales and revenue are totals \
             over {} months, undiscounted.",
            format::thousands(r.trials as f64),
            r.horizon_months
        )),
    });
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
            rows: super::table::ROWS
                .iter()
                .map(|&m| {
                    let def = &METRICS[m as usize];
                    std::iter::once(def.label.to_string())
                        .chain(r.splits.iter().filter(|sp| !sp.baseline).map(|sp| {
                            match &sp.deltas[m as usize] {
                                Some(d) => {
                                    let ci = match (d.ci95_low, d.ci95_high) {
                                        (Some(lo), Some(hi)) => format!(
                                            " [{}, {}]",
                                            format::delta(lo, def.unit),
                                            format::delta(hi, def.unit)
                                        ),
                                        _ => String::new(),
                                    };
                                    format!(
                                        "{}{ci}; better in {}",
                                        format::delta(d.mean, def.unit),
                                        format::share_of_trials(d.p_better)
                                    )
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

    if !charts.is_empty() {
        b.push(Block::H2("Charts".into()));
        for i in 0..charts.len() {
            b.push(Block::Chart(i));
        }
    }

    b.push(Block::H2("Assumptions that drive the result".into()));
    let (rows, per_draw) = assumptions(s);
    if rows.is_empty() && per_draw.is_empty() {
        b.push(Block::P(
            "Every input of this scenario is a constant: the spread in the results comes from churn, \
             opportunities, wins and attrition, drawn month by month."
                .into(),
        ));
    } else {
        b.push(Block::P(format!(
            "These inputs are uncertain: each is drawn anew in every trial (the ranges in the results come from \
             them and from month-by-month churn, opportunities, wins and attrition). Every other input is a \
             constant from {}.",
            prov.file
        )));
        if !rows.is_empty() {
            b.push(Block::Table {
                head: vec!["Input".into(), "Distribution (per trial)".into()],
                rows,
                note: Some(
                    "PERT(min, mode, max) and triangular(min, mode, max) run from min to max, peaking at the mode; \
                     lognormal is given by its 10th and 90th percentiles; beta(a, b) has mean a / (a + b)."
                        .into(),
                ),
            });
        }
        if !per_draw.is_empty() {
            b.push(Block::Table {
                head: vec![
                    "Input".into(),
                    "Distribution (per account or per deal)".into(),
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
            vec!["Accounts".into(), format::thousands(s.accounts() as f64)],
        ],
        note: None,
    });

    b.push(Block::H2("Provenance".into()));
    b.push(Block::Table {
        head: vec!["Item".into(), "Value".into()],
        rows: vec![
            vec!["Scenario".into(), s.name.clone()],
            vec!["Scenario file".into(), prov.file.clone()],
            vec!["Scenario file SHA-256".into(), prov.sha256.clone()],
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
        ],
        note: Some(format!(
            "Same scenario file, seed and trial count give the same numbers on any machine: \
             keysplit run {} --seed {} --trials {}",
            prov.file, r.seed, r.trials
        )),
    });
    b.push(Block::H2("Monte Carlo standard error".into()));
    b.push(Block::Table {
        head,
        rows: super::table::ROWS
            .iter()
            .map(|&m| {
                let def = &METRICS[m as usize];
                std::iter::once(def.label.to_string())
                    .chain(r.splits.iter().map(|sp| {
                        let mean_se = sp.metrics[m as usize]
                            .as_ref()
                            .and_then(|x| x.se)
                            .map(|se| format!("±{}", se_text(se, def.unit)));
                        let delta_se = (!sp.baseline)
                            .then(|| sp.deltas[m as usize].as_ref())
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
            "Standard error of each mean above (sd / √n) and of each mean difference against the baseline (Δ). \
             It shrinks with the square root of the trial count: 4× the trials halve it. A zero means the metric \
             does not vary across trials."
                .into(),
        ),
    });

    Doc {
        title: s.name.clone(),
        subtitle: format!(
            "keysplit report · {} trials · seed {} · {} months",
            format::thousands(r.trials as f64),
            r.seed,
            r.horizon_months
        ),
        blocks: b,
    }
}

/// A standard error with two significant digits in the metric's unit.
fn se_text(x: f64, unit: Unit) -> String {
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

fn rule_text(s: &Scenario, rule: &Rule) -> String {
    match rule {
        Rule::Outside => "field".into(),
        Rule::Inside => "inside".into(),
        Rule::Share(p) => match &s.param(*p).dist {
            crate::core::dist::Dist::Const(x) => format!("{} inside, rest field", format::pct(*x)),
            d => format!("share {d} inside, rest field"),
        },
    }
}

fn assignment(s: &Scenario, sp: &crate::scenario::Split) -> String {
    let mut parts: Vec<String> = s
        .motions
        .iter()
        .zip(&sp.assign)
        .map(|(m, rule)| format!("{}: {}", m.name, rule_text(s, rule)))
        .collect();
    for (p, o) in s.products.iter().zip(&sp.assign_products) {
        if let Some(rule) = o {
            parts.push(format!("{} (product): {}", p.name, rule_text(s, rule)));
        }
    }
    parts.join("; ")
}

fn staffing(sp: &crate::scenario::Split) -> String {
    let role = |r: Role| match sp.staffing[r.index()] {
        Staff::Sized => "sized to workload".to_string(),
        Staff::Fixed(n) => format!("fixed at {n}"),
    };
    let (o, i) = (role(Role::Outside), role(Role::Inside));
    if o == i {
        format!("both roles {o}")
    } else {
        format!("field {o}; inside {i}")
    }
}

fn credit(s: &Scenario, sp: &crate::scenario::Split) -> String {
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

/// The uncertain inputs: per-trial parameters, and per-account or per-deal draws.
fn assumptions(s: &Scenario) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let per_trial = s
        .uncertain_params()
        .map(|p| vec![p.path.clone(), p.dist.to_string()])
        .collect();
    let mut per_draw = Vec::new();
    for m in &s.motions {
        if !m.upsell_size.is_const() {
            per_draw.push(vec![
                format!(
                    "motions.{}.upsell_size (per won up-sell, × the product's spend)",
                    m.name
                ),
                m.upsell_size.to_string(),
            ]);
        }
    }
    for p in &s.products {
        if !p.cross_sell_size.is_const() {
            per_draw.push(vec![
                format!(
                    "products.\"{}\".cross_sell_size (per won cross-sell, $ a year)",
                    p.name
                ),
                p.cross_sell_size.to_string(),
            ]);
        }
    }
    for t in &s.tiers {
        for (p, d) in s.products.iter().zip(&t.spend) {
            if let Some(d) = d
                && !d.is_const()
            {
                per_draw.push(vec![
                    format!(
                        "tiers.\"{}\".spend.\"{}\" (per account, $ a year)",
                        t.name, p.name
                    ),
                    d.to_string(),
                ]);
            }
        }
    }
    (per_trial, per_draw)
}

// ---------------------------------------------------------------- HTML

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut o = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                o.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                o.push('=');
            }
        }
    }
    o
}

const CSS: &str = r#"
:root { --ink: #222; --muted: #555; --rule: #ddd; --band: #f6f6f6; }
* { box-sizing: border-box; }
body { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; color: var(--ink);
  margin: 0; background: #fff; line-height: 1.45; font-size: 17px; }
main { max-width: 1280px; margin: 0 auto; padding: 32px 40px 64px; }
h1 { font-size: 34px; margin: 0 0 4px; }
.sub { color: var(--muted); margin: 0 0 28px; }
h2 { font-size: 24px; margin: 40px 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 19px; margin: 28px 0 8px; }
p { margin: 0 0 12px; max-width: 980px; }
ul { margin: 0 0 12px; padding-left: 22px; max-width: 1100px; }
li { margin: 4px 0; }
table { border-collapse: collapse; margin: 8px 0 6px; width: 100%; font-size: 15px; }
th, td { text-align: left; vertical-align: top; padding: 7px 10px; border-bottom: 1px solid var(--rule); }
th { background: var(--band); font-weight: bold; }
td:first-child { font-weight: bold; }
.note { color: var(--muted); font-size: 14px; margin: 4px 0 18px; }
figure { margin: 16px 0 28px; }
figure svg { width: 100%; height: auto; display: block; border: 1px solid var(--rule); }
figcaption { color: var(--muted); font-size: 14px; margin-top: 6px; }
code { font-size: 13px; word-break: break-all; }
"#;

/// `report.html`.
pub fn html(s: &Scenario, r: &RunResult, prov: &Provenance, charts: &[Figure]) -> String {
    let doc = build(s, r, prov, charts);
    let mut o = String::new();
    o.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    o.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(o, "<title>{}</title>", esc(&doc.title));
    o.push_str("<style>\n");
    for (weight, bytes) in font::files() {
        let _ = writeln!(
            o,
            "@font-face {{ font-family: \"Liberation Sans\"; font-weight: {weight}; font-style: normal; \
             src: url(data:font/ttf;base64,{}) format(\"truetype\"); }}",
            base64(bytes)
        );
    }
    o.push_str(CSS);
    o.push_str("</style>\n</head>\n<body>\n<main>\n");
    let _ = writeln!(o, "<h1>{}</h1>", esc(&doc.title));
    let _ = writeln!(o, "<p class=\"sub\">{}</p>", esc(&doc.subtitle));
    for block in &doc.blocks {
        match block {
            Block::H2(t) => {
                let _ = writeln!(o, "<h2>{}</h2>", esc(t));
            }
            Block::P(t) => {
                let _ = writeln!(o, "<p>{}</p>", esc(t));
            }
            Block::Bullets(items) => {
                o.push_str("<ul>\n");
                for i in items {
                    let _ = writeln!(o, "<li>{}</li>", esc(i));
                }
                o.push_str("</ul>\n");
            }
            Block::Table { head, rows, note } => {
                o.push_str("<table>\n<thead><tr>");
                for h in head {
                    let _ = write!(o, "<th>{}</th>", esc(h));
                }
                o.push_str("</tr></thead>\n<tbody>\n");
                for row in rows {
                    o.push_str("<tr>");
                    for c in row {
                        if c.len() == 64 && c.chars().all(|ch| ch.is_ascii_hexdigit()) {
                            let _ = write!(o, "<td><code>{}</code></td>", esc(c));
                        } else {
                            let _ = write!(o, "<td>{}</td>", esc(c));
                        }
                    }
                    o.push_str("</tr>\n");
                }
                o.push_str("</tbody>\n</table>\n");
                if let Some(n) = note {
                    let _ = writeln!(o, "<p class=\"note\">{}</p>", esc(n));
                }
            }
            Block::Chart(i) => {
                let c = &charts[*i];
                let _ = writeln!(o, "<h3>{}</h3>", esc(&c.heading));
                o.push_str("<figure>\n");
                o.push_str(&inline_svg(c));
                let _ = writeln!(
                    o,
                    "<figcaption>{}. Also as charts/{}.png and charts/{}.svg.</figcaption>",
                    esc(&c.title),
                    c.stem,
                    c.stem
                );
                o.push_str("</figure>\n");
            }
        }
    }
    o.push_str("</main>\n</body>\n</html>\n");
    o
}

/// The chart's SVG, sized by the page (its viewBox keeps the proportions).
fn inline_svg(c: &Figure) -> String {
    let (svg, title) = (&c.svg, &c.title);
    let head = format!(r#"<svg width="{}" height="{}" "#, c.width, c.height);
    let body = match svg.strip_prefix(&head) {
        Some(rest) => format!(
            r#"<svg role="img" aria-label="{}" preserveAspectRatio="xMidYMid meet" {rest}"#,
            esc(title)
        ),
        None => svg.to_string(),
    };
    let mut b = body.trim_end().to_string();
    b.push('\n');
    b
}

// ---------------------------------------------------------------- Markdown

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// `report.md`.
pub fn markdown(s: &Scenario, r: &RunResult, prov: &Provenance, charts: &[Figure]) -> String {
    let doc = build(s, r, prov, charts);
    let mut o = String::new();
    let _ = writeln!(o, "# {}\n\n_{}_\n", doc.title, doc.subtitle);
    for block in &doc.blocks {
        match block {
            Block::H2(t) => {
                let _ = writeln!(o, "## {t}\n");
            }
            Block::P(t) => {
                let _ = writeln!(o, "{t}\n");
            }
            Block::Bullets(items) => {
                for i in items {
                    let _ = writeln!(o, "- {i}");
                }
                o.push('\n');
            }
            Block::Table { head, rows, note } => {
                let _ = writeln!(
                    o,
                    "| {} |",
                    head.iter()
                        .map(|h| md_cell(h))
                        .collect::<Vec<_>>()
                        .join(" | ")
                );
                let _ = writeln!(o, "|{}", "---|".repeat(head.len()));
                for row in rows {
                    let _ = writeln!(
                        o,
                        "| {} |",
                        row.iter()
                            .map(|c| md_cell(c))
                            .collect::<Vec<_>>()
                            .join(" | ")
                    );
                }
                o.push('\n');
                if let Some(n) = note {
                    let _ = writeln!(o, "_{n}_\n");
                }
            }
            Block::Chart(i) => {
                let c = &charts[*i];
                let _ = writeln!(
                    o,
                    "### {}\n\n![{}](charts/{}.png)\n\n_{}._\n",
                    c.heading,
                    md_cell(&c.title),
                    c.stem,
                    c.title
                );
            }
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(esc("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }

    #[test]
    fn standard_errors_keep_two_digits() {
        assert_eq!(se_text(0.000_312, Unit::Ratio), "0.031 pt");
        assert_eq!(se_text(12.34, Unit::Hours), "12 h");
        assert_eq!(se_text(0.0, Unit::Count), "0");
        assert_eq!(se_text(0.000_099_98, Unit::Ratio), "0.010 pt");
    }
}
