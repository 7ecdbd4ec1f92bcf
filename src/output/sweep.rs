//! Sweep outputs: `sweep.csv` (one row per point and metric), `sweep.json`,
//! and the terminal table.

use super::csv_num as num;
use crate::analysis::sweep::Sweep;
use crate::core::format;
use crate::core::metrics::Metric;
use crate::error::Result;
use serde_json::{Map, Value, json};

/// `sweep.csv`.
pub fn csv(sw: &Sweep) -> Result<Vec<u8>> {
    super::csv_table(|w| {
        w.write_record([
            "param",
            "value",
            "split",
            "metric",
            "mean",
            "p10",
            "p50",
            "p90",
            "n",
            "baseline_mean",
            "delta_mean",
            "delta_ci95_low",
            "delta_ci95_high",
            "p_better",
            "p_worse",
        ])?;
        for p in &sw.points {
            for (m, def) in Metric::ALL.iter().map(|&m| (m, m.def())) {
                let s = p.metrics[m].as_ref();
                let d = p.deltas[m].as_ref();
                w.write_record([
                    super::csv_text(&sw.param),
                    p.value.to_string(),
                    super::csv_text(&sw.split),
                    def.name.to_string(),
                    num(s.map(|s| s.mean)),
                    num(s.map(|s| s.p10)),
                    num(s.map(|s| s.p50)),
                    num(s.map(|s| s.p90)),
                    s.map(|s| s.n).unwrap_or(0).to_string(),
                    num(p.baseline[m].as_ref().map(|b| b.mean)),
                    num(d.map(|d| d.mean)),
                    num(d.and_then(|d| d.ci95_low)),
                    num(d.and_then(|d| d.ci95_high)),
                    num(d.map(|d| d.p_better)),
                    num(d.map(|d| d.p_worse)),
                ])?;
            }
        }
        Ok(())
    })
}

/// The `sweep.json` value.
pub fn json(sw: &Sweep) -> Value {
    let points: Vec<Value> = sw
        .points
        .iter()
        .map(|p| {
            let mut metrics = Map::new();
            for (m, def) in Metric::ALL.iter().map(|&m| (m, m.def())) {
                let v = match &p.metrics[m] {
                    None => Value::Null,
                    Some(s) => json!({
                        "mean": s.mean, "p10": s.p10, "p50": s.p50, "p90": s.p90, "n": s.n,
                        "baseline_mean": p.baseline[m].as_ref().map(|b| b.mean),
                        "delta_vs_baseline": p.deltas[m],
                    }),
                };
                metrics.insert(def.name.to_string(), v);
            }
            json!({ "value": p.value, "metrics": metrics })
        })
        .collect();
    let mut be = Map::new();
    for m in sw.break_even_metrics() {
        be.insert(m.def().name.to_string(), json!(sw.break_evens(m)));
    }
    json!({
        "scenario": sw.scenario,
        "split": sw.split,
        "baseline": sw.baseline,
        "param": sw.param,
        "trials": sw.trials,
        "seed": sw.seed,
        "decision_metric": sw.decision.def().name,
        "break_even": be,
        "precision": sw.precision.as_ref().map(|o| json!({
            "metric": o.target.metric.def().name,
            "half_width": o.target.half_width,
            "trials": o.trials,
            "met": o.met,
            "widest_half_width": o.worst_half_width,
        })),
        "points": points,
    })
}

/// Sentences naming the break-evens.
pub fn break_even_sentences(sw: &Sweep) -> Vec<String> {
    sw.break_even_metrics()
        .into_iter()
        .map(|m| {
            let name = m.def().name;
            let be = sw.break_evens(m);
            if be.is_empty() {
                format!("{name}: the mean difference against {:?} does not cross zero in the swept range.", sw.baseline)
            } else {
                let xs: Vec<String> = be.iter().map(|x| format!("{x:.4}")).collect();
                let noise = if sw.break_even_uncertain(m) {
                    " The difference next to a crossing is within its 95% interval of zero, so its position is uncertain: add trials (or use --precision)."
                } else {
                    ""
                };
                format!("{name}: break-even against {:?} at {} = {}.{noise}", sw.baseline, sw.param, xs.join(", "))
            }
        })
        .collect()
}

/// The terminal table: one row per point.
pub fn table(sw: &Sweep) -> String {
    use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED);
    let decision = sw.decision;
    let mut cols = vec![decision];
    cols.extend(
        [
            Metric::Ltv,
            Metric::CostOfSales,
            Metric::SellingShareOutside,
            Metric::HeadcountOutside,
            Metric::HeadcountInside,
        ]
        .into_iter()
        .filter(|m| *m != decision),
    );
    let mut header = vec!["value".to_string()];
    for m in &cols {
        header.push(m.def().label.to_string());
    }
    header.push(format!("Δ {} vs baseline [95%]", decision.def().label));
    header.push("P(better)".into());
    t.set_header(header);
    for p in &sw.points {
        let mut row = vec![format!("{}", p.value)];
        for &m in &cols {
            let def = &m.def();
            row.push(
                p.metrics[m]
                    .as_ref()
                    .map(|s| format::value(s.mean, def.unit))
                    .unwrap_or_else(|| "n/a".into()),
            );
        }
        let d = p.deltas[decision].as_ref();
        let unit = decision.def().unit;
        row.push(
            d.map(|d| format::delta_interval(d, unit))
                .unwrap_or_else(|| "n/a".into()),
        );
        row.push(
            d.map(|d| format::p_better(d).unwrap_or_else(String::from))
                .unwrap_or_else(|| "n/a".into()),
        );
        t.add_row(row);
    }
    let mut out = format!(
        "{}: sweep of {} for split {:?} ({} trials per point)\n{t}\n",
        sw.scenario, sw.param, sw.split, sw.trials
    );
    for s in break_even_sentences(sw) {
        out.push_str(&s);
        out.push('\n');
    }
    if let Some(o) = &sw.precision {
        out.push_str(&super::precision::sentence(o));
        out.push('\n');
    }
    out
}
