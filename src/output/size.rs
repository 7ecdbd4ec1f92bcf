//! Sizing outputs: `size.csv` (one row per grid cell), `size.json`, and the
//! recommendation in words: what to hire, whether the best team sits on the
//! edge of the grid, and why it differs from the workload build-up.

use super::csv_num as num;
use crate::analysis::size::{Objective, Sizing};
use crate::core::format;
use crate::core::metrics::{Metric, Unit};
use crate::core::stats::Summary;
use crate::error::Result;
use serde_json::{Value, json};

/// `size.csv`.
pub fn csv(z: &Sizing) -> Result<Vec<u8>> {
    super::csv_table(|w| {
        let mut header: Vec<String> = ["outside", "inside"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        header.extend(
            z.layer_names
                .iter()
                .map(|n| super::csv_text(&format!("managers: {n}"))),
        );
        header.extend(
            [
                "objective",
                "feasible",
                "feasible_share",
                "ltv_mean",
                "ltv_p10",
                "ltv_p90",
                "cost_of_sales_mean",
                "coverage_outside_mean",
                "coverage_inside_mean",
                "delta_ltv_mean",
                "delta_ltv_p_better",
                "recommended",
                "baseline_objective",
                "delta_objective_mean",
                "delta_objective_ci95_low",
                "delta_objective_ci95_high",
                "delta_objective_p_better",
                "within_noise_of_recommended",
            ]
            .iter()
            .map(|s| s.to_string()),
        );
        w.write_record(&header)?;
        for (i, c) in z.cells.iter().enumerate() {
            let mut row = vec![c.outside.to_string(), c.inside.to_string()];
            row.extend(c.managers.iter().map(|m| m.to_string()));
            row.extend([
                num(c.objective),
                c.feasible.to_string(),
                c.feasible_share.to_string(),
                num(c.ltv.as_ref().map(|s| s.mean)),
                num(c.ltv.as_ref().map(|s| s.p10)),
                num(c.ltv.as_ref().map(|s| s.p90)),
                num(c.cost_of_sales.as_ref().map(|s| s.mean)),
                num(c.coverage.outside.as_ref().map(|s| s.mean)),
                num(c.coverage.inside.as_ref().map(|s| s.mean)),
                num(c.delta_ltv.as_ref().map(|d| d.mean)),
                num(c.delta_ltv.as_ref().map(|d| d.p_better)),
                (Some(i) == z.best).to_string(),
                num(c.baseline_objective),
                num(c.delta_objective.as_ref().map(|d| d.mean)),
                num(c.delta_objective.as_ref().and_then(|d| d.ci95_low)),
                num(c.delta_objective.as_ref().and_then(|d| d.ci95_high)),
                num(c.delta_objective.as_ref().map(|d| d.p_better)),
                z.near_best.contains(&i).to_string(),
            ]);
            w.write_record(&row)?;
        }
        Ok(())
    })
}

/// The `size.json` value.
pub fn json(z: &Sizing) -> Value {
    let cell = |c: &crate::analysis::size::Cell| {
        json!({
            "outside": c.outside,
            "inside": c.inside,
            "managers": c.managers,
            "objective": c.objective,
            "feasible": c.feasible,
            "feasible_share": c.feasible_share,
            "ltv": c.ltv,
            "cost_of_sales": c.cost_of_sales,
            "coverage_outside": c.coverage.outside,
            "coverage_inside": c.coverage.inside,
            "delta_ltv_vs_baseline": c.delta_ltv,
            "baseline_objective": c.baseline_objective,
            "delta_objective_vs_baseline": c.delta_objective,
        })
    };
    let near: Vec<Value> = z
        .near_best
        .iter()
        .map(|&i| json!({ "outside": z.cells[i].outside, "inside": z.cells[i].inside }))
        .collect();
    json!({
        "scenario": z.scenario,
        "split": z.split,
        "objective": z.objective.label(),
        "constraints": z.constraints.iter().map(|c| c.text.clone()).collect::<Vec<_>>(),
        "outside_range": [z.outside.0, z.outside.1],
        "inside_range": [z.inside.0, z.inside.1],
        "trials": z.trials,
        "management_layers": z.layer_names,
        "baseline": z.baseline,
        "recommended": z.best.map(|b| cell(&z.cells[b])),
        "recommended_vs_baseline": versus(z).map(|v| v.phrase),
        "within_noise_of_recommended": near,
        "sentence": sentence(z),
        "workload_build_up": { "outside_mean": z.sized_headcount.outside, "inside_mean": z.sized_headcount.inside, "result": cell(&z.sized) },
        "comparison": comparison(z),
        "precision": z.precision.as_ref().map(|o| json!({ "trials": o.trials, "met": o.met, "widest_half_width": o.worst_half_width })),
        "cells": z.cells.iter().map(cell).collect::<Vec<_>>(),
    })
}

/// The recommendation, the comparison and a compact grid of the objective.
pub fn text(z: &Sizing) -> String {
    let mut out = format!(
        "{}: team sizing for split {:?}, objective {}, {} trials per team\n",
        z.scenario,
        z.split,
        z.objective.label(),
        z.trials
    );
    let outs: Vec<u32> = {
        let mut v: Vec<u32> = z.cells.iter().map(|c| c.outside).collect();
        v.dedup();
        v
    };
    let mut ins: Vec<u32> = z.cells.iter().map(|c| c.inside).collect();
    ins.sort_unstable();
    ins.dedup();
    if ins.len() <= 12 {
        out.push_str(&format!("{:>8} |", "field \\ in"));
        for i in &ins {
            out.push_str(&format!("{i:>10}"));
        }
        out.push('\n');
        for o in &outs {
            out.push_str(&format!("{o:>8} |"));
            for i in &ins {
                let cell = z
                    .cells
                    .iter()
                    .position(|c| c.outside == *o && c.inside == *i);
                let text = match cell.map(|k| (k, &z.cells[k])) {
                    None => String::from("·"),
                    Some((k, c)) => {
                        let unit = z.objective.metric().def().unit;
                        let v = c
                            .objective
                            .map(|x| format::value(x, unit))
                            .unwrap_or_else(|| "n/a".into());
                        let mark = if Some(k) == z.best {
                            "*"
                        } else if z.near_best.contains(&k) {
                            "~"
                        } else if c.feasible {
                            " "
                        } else {
                            "x"
                        };
                        format!("{v}{mark}")
                    }
                };
                out.push_str(&format!("{text:>10}"));
            }
            out.push('\n');
        }
        let near = if z.near_best.is_empty() {
            ""
        } else {
            ", ~ cannot be told apart from it"
        };
        out.push_str(&format!("(* recommended{near}, x fails a constraint)\n"));
    }
    out.push_str(&sentence(z));
    out.push('\n');
    let cmp = comparison(z);
    if !cmp.is_empty() {
        out.push_str(&cmp);
        out.push('\n');
    }
    if let Some(o) = &z.precision {
        out.push_str(&super::precision::sentence(o));
        out.push('\n');
    }
    out
}

/// The recommendation in one sentence.
pub fn sentence(z: &Sizing) -> String {
    sentence_with(z, true)
}

/// [`sentence`], with or without the teams that cannot be told apart from
/// the recommendation (a chart that outlines them leaves them out).
pub fn sentence_with(z: &Sizing, near: bool) -> String {
    use format::{money, pct};
    let Some(b) = z.best else {
        return format!(
            "No team in the grid (field {}..{}, inside {}..{}) meets every constraint ({}); widen the ranges or relax a constraint.",
            z.outside.0,
            z.outside.1,
            z.inside.0,
            z.inside.1,
            z.constraints
                .iter()
                .map(|c| c.text.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    };
    let c = &z.cells[b];
    let mgrs: Vec<String> = c
        .managers
        .iter()
        .zip(&z.layer_names)
        .map(|(n, name)| format!("{name}: {n}"))
        .collect();
    // Quote what was optimised, plus LTV when that was not it.
    let ltv_text = c
        .ltv
        .as_ref()
        .map(|s| format!("mean LTV {} (P10 {})", money(s.mean), money(s.p10)));
    let ltv = match z.objective {
        Objective::Mean(Metric::Ltv) | Objective::P10Ltv => ltv_text.unwrap_or_default(),
        Objective::Mean(Metric::CostOfSales) => {
            let cos = c
                .cost_of_sales
                .as_ref()
                .map(|s| {
                    format!(
                        "mean cost of sales {} (P10 {}, P90 {})",
                        pct(s.mean),
                        pct(s.p10),
                        pct(s.p90)
                    )
                })
                .unwrap_or_default();
            format!("{cos}; {}", ltv_text.unwrap_or_default())
        }
        Objective::Mean(m) => {
            let obj = c
                .objective
                .map(|v| format!("{} {}", z.objective.label(), format::value(v, m.def().unit)))
                .unwrap_or_default();
            format!("{obj}; {}", ltv_text.unwrap_or_default())
        }
    };
    let mut s = format!(
        "Recommended: {} field and {} inside reps",
        c.outside, c.inside
    );
    if !mgrs.is_empty() {
        s.push_str(&format!(" (management: {})", mgrs.join(", ")));
    }
    match versus(z) {
        // The objective's own value leads; the comparison follows it.
        Some(v) if ltv.starts_with(&z.objective.label()) => {
            let (head, tail) = ltv.split_once("; ").unwrap_or((&ltv, ""));
            s.push_str(&format!("; {head}, {}", v.full()));
            if !tail.is_empty() {
                s.push_str(&format!("; {tail}"));
            }
        }
        Some(v) => s.push_str(&format!("; {ltv}; {} {}", z.objective.label(), v.full())),
        None => s.push_str(&format!("; {ltv}")),
    }
    if !z.constraints.is_empty() {
        s.push_str(&format!(
            "; every constraint met in {} of trials",
            pct(c.feasible_share)
        ));
    }
    s.push('.');
    if near {
        s.push_str(&near_note(z));
    }
    s.push_str(&edge_note(z));
    s
}

/// The teams that cannot be told apart from the recommendation, in words,
/// fewest reps first, and the smallest of them when it is smaller.
fn near_note(z: &Sizing) -> String {
    let Some(b) = z.best else {
        return String::new();
    };
    if z.near_best.is_empty() {
        return String::new();
    }
    let mut near: Vec<&crate::analysis::size::Cell> =
        z.near_best.iter().map(|&i| &z.cells[i]).collect();
    near.sort_by_key(|c| (c.outside + c.inside, c.outside));
    let teams: Vec<String> = near
        .iter()
        .map(|c| format!("{} field + {} inside", c.outside, c.inside))
        .collect();
    let (n, list) = (near.len(), format::list(&teams, "and", 4));
    let (team, whose) = if n == 1 {
        ("team cannot", "its")
    } else {
        ("teams cannot", "each one's")
    };
    let mut out = format!(
        " {n} other {team} be told apart from it in {} trials ({list}): {whose} paired difference from it on {} has a 95% interval that contains 0.",
        z.trials,
        z.objective.label()
    );
    let (best, smallest) = (&z.cells[b], near[0]);
    let (reps, fewer) = (
        best.outside + best.inside,
        smallest.outside + smallest.inside,
    );
    if fewer < reps {
        out.push_str(&format!(
            " The smallest, {} field + {} inside, has {} fewer {}.",
            smallest.outside,
            smallest.inside,
            reps - fewer,
            if reps - fewer == 1 { "rep" } else { "reps" }
        ));
    }
    out
}

/// How the recommended team compares with the baseline on the objective.
#[derive(Clone, Debug, PartialEq)]
pub struct Versus {
    /// In a few words, for a title: "still $6.19M below Today: all field
    /// ($139M)", "about the same as Today: all field ($139M)".
    pub phrase: String,
    /// The paired difference and its interval, when there is one:
    /// "paired difference -$6.19M, 95% interval -$6.61M to -$5.77M".
    pub detail: Option<String>,
}

impl Versus {
    /// The phrase with its detail beside the baseline's value: "still
    /// $6.19M below Today: all field ($139M; paired difference ...)".
    pub fn full(&self) -> String {
        match (&self.detail, self.phrase.strip_suffix(')')) {
            (Some(d), Some(head)) => format!("{head}; {d})"),
            _ => self.phrase.clone(),
        }
    }
}

/// The recommended team against the baseline, on the objective: better or
/// worse only when the difference's 95% interval excludes 0 (for a P10
/// objective, a paired bootstrap interval of the difference of the P10s). `None` without a recommendation or when the split
/// sized is the baseline.
pub fn versus(z: &Sizing) -> Option<Versus> {
    let c = &z.cells[z.best?];
    let (v, base) = (c.objective?, c.baseline_objective?);
    let unit = z.objective.metric().def().unit;
    let higher_is_better = z.objective.metric().def().higher_is_better;
    let amount = |x: f64| {
        // The size of a difference, without its sign ("$6.19M", "1.2 pt").
        format::delta(x.abs(), unit)
            .trim_start_matches('+')
            .to_string()
    };
    let base_text = format!("{} ({})", z.baseline, format::value(base, unit));
    let (diff, detail, clear) = match &c.delta_objective {
        Some(d) => {
            let (what, interval) = match z.objective {
                Objective::P10Ltv => ("difference of P10s", "bootstrap 95% interval"),
                Objective::Mean(_) => ("paired difference", "95% interval"),
            };
            let detail = match (d.ci95_low, d.ci95_high) {
                (Some(lo), Some(hi)) => format!(
                    "{what} {}, {interval} {} to {}",
                    format::delta(d.mean, unit),
                    format::delta(lo, unit),
                    format::delta(hi, unit)
                ),
                _ => format!("{what} {}", format::delta(d.mean, unit)),
            };
            (d.mean, Some(detail), d.clear())
        }
        None => (v - base, None, v != base),
    };
    let phrase = if !clear {
        format!("about the same as {base_text}")
    } else {
        let worse = (diff < 0.0) == higher_is_better;
        // "Below" reads as worse for money; for a metric where lower is
        // better (cost of sales), say which it is.
        let side = match (higher_is_better, worse) {
            (true, _) if diff < 0.0 => "below",
            (true, _) => "above",
            (false, true) => "worse than",
            (false, false) => "better than",
        };
        let still = if worse { "still " } else { "" };
        format!("{still}{} {side} {base_text}", amount(diff))
    };
    Some(Versus { phrase, detail })
}

/// A warning when the best team sits on the edge of the searched grid
/// (other than at zero reps), where a wider range might find better.
pub fn edge_note(z: &Sizing) -> String {
    let Some(b) = z.best else {
        return String::new();
    };
    let c = &z.cells[b];
    let mut notes = Vec::new();
    for (flag, v, (lo, hi), who) in [
        ("--outside", c.outside, z.outside, "field"),
        ("--inside", c.inside, z.inside, "inside"),
    ] {
        if v == lo && lo > 0 && lo < hi {
            notes.push(format!(
                "{v} {who} reps is the fewest tried: widen {flag} below {lo}"
            ));
        } else if v == hi && lo < hi {
            notes.push(format!(
                "{v} {who} reps is the most tried: widen {flag} above {hi}"
            ));
        }
    }
    if notes.is_empty() {
        String::new()
    } else {
        format!(
            " The best team is on the edge of the grid ({}), so a better one may lie outside it.",
            notes.join("; ")
        )
    }
}

/// Why the recommendation differs from the workload build-up, in words.
pub fn comparison(z: &Sizing) -> String {
    use format::pct;
    let Some(b) = z.best else {
        return String::new();
    };
    let c = &z.cells[b];
    let hc = z.sized_headcount;
    let mut out = format!(
        "The workload build-up (Talley 1961) sizes this split at {:.1} field and {:.1} inside reps on average (rounded up in each trial). ",
        hc.outside, hc.inside
    );
    let cov = |x: &Option<Summary>| {
        x.as_ref()
            .map(|s| pct(s.mean))
            .unwrap_or_else(|| "n/a".into())
    };
    let d = (
        f64::from(c.outside) - hc.outside,
        f64::from(c.inside) - hc.inside,
    );
    if d.0.abs() < 0.5 && d.1.abs() < 0.5 {
        out.push_str("The simulation agrees with it.");
        return out;
    }
    out.push_str(&format!(
        "The simulation differs because the build-up plans for the workload at the target utilisation only, while the simulation also prices vacancies and ramp-up (which cut delivered time), opportunities that grow with the time reps give accounts (up to max_intensity), churn when coverage falls short, and each rep's pay and the management it adds. \
         At the build-up team, coverage is {} (field) and {} (inside); at the recommendation, {} and {}.",
        cov(&z.sized.coverage.outside),
        cov(&z.sized.coverage.inside),
        cov(&c.coverage.outside),
        cov(&c.coverage.inside),
    ));
    if !z.constraints.is_empty() && !z.sized.feasible {
        out.push_str(&format!(
            " The build-up team fails the constraints (all of them hold in only {} of trials).",
            pct(z.sized.feasible_share)
        ));
    }
    if let (Some(a), Some(bv)) = (c.objective, z.sized.objective) {
        let diff = a - bv;
        let unit = z.objective.metric().def().unit;
        let text = if unit == Unit::Ratio {
            format!(
                " Against the build-up team, the recommendation changes {} by {:+.2} points.",
                z.objective.label(),
                100.0 * diff
            )
        } else {
            format!(
                " Against the build-up team, the recommendation changes {} by {}.",
                z.objective.label(),
                format::delta(diff, unit)
            )
        };
        out.push_str(&text);
    }
    out
}
