//! Sizing outputs: `size.csv` (one row per grid cell), `size.json`, and the
//! recommendation in words.

use super::csv_num as num;
use crate::analysis::size::Sizing;
use crate::core::format;
use anyhow::Result;
use serde_json::{Value, json};

pub fn csv(z: &Sizing) -> Result<Vec<u8>> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = ["outside", "inside"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    header.extend(z.layer_names.iter().map(|n| format!("managers: {n}")));
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
            num(c.coverage[0].as_ref().map(|s| s.mean)),
            num(c.coverage[1].as_ref().map(|s| s.mean)),
            num(c.delta_ltv.as_ref().map(|d| d.mean)),
            num(c.delta_ltv.as_ref().map(|d| d.p_better)),
            (Some(i) == z.best).to_string(),
        ]);
        w.write_record(&row)?;
    }
    Ok(w.into_inner()?)
}

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
            "coverage_outside": c.coverage[0],
            "coverage_inside": c.coverage[1],
            "delta_ltv_vs_baseline": c.delta_ltv,
        })
    };
    json!({
        "scenario": z.scenario,
        "split": z.split,
        "objective": z.objective.label(),
        "constraints": z.constraints.iter().map(|c| c.text.clone()).collect::<Vec<_>>(),
        "outside_range": [z.outside.0, z.outside.1],
        "inside_range": [z.inside.0, z.inside.1],
        "trials": z.trials,
        "management_layers": z.layer_names,
        "recommended": z.best.map(|b| cell(&z.cells[b])),
        "sentence": z.sentence(),
        "workload_build_up": { "outside_mean": z.sized_headcount[0], "inside_mean": z.sized_headcount[1], "result": cell(&z.sized) },
        "comparison": z.comparison(),
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
                        let v = match z.objective {
                            crate::analysis::size::Objective::MeanCostOfSales => {
                                c.objective.map(format::pct)
                            }
                            _ => c.objective.map(format::money),
                        }
                        .unwrap_or_else(|| "n/a".into());
                        let mark = if Some(k) == z.best {
                            "*"
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
        out.push_str("(* recommended, x fails a constraint)\n");
    }
    out.push_str(&z.sentence());
    out.push('\n');
    let cmp = z.comparison();
    if !cmp.is_empty() {
        out.push_str(&cmp);
        out.push('\n');
    }
    if let Some(o) = &z.precision {
        out.push_str(&o.sentence());
        out.push('\n');
    }
    out
}
