//! Sensitivity outputs: `sensitivity.csv` (one row per uncertain input),
//! `sensitivity.json`, and the terminal table.

use super::csv_num as num;
use crate::analysis::sensitivity::{Index, Input, Sensitivity, TOP};
use crate::core::format;
use crate::core::metrics::Unit;
use crate::error::Result;
use crate::scenario::words::label;
use serde_json::{Value, json};

fn finite(x: f64) -> Value {
    if x.is_finite() { json!(x) } else { Value::Null }
}

fn index(i: &Option<Index>) -> Value {
    match i {
        None => Value::Null,
        Some(i) => json!({ "value": i.value, "ci95_low": i.ci95_low, "ci95_high": i.ci95_high }),
    }
}

/// `sensitivity.csv`.
pub fn csv(a: &Sensitivity) -> Result<Vec<u8>> {
    super::csv_table(|w| {
        w.write_record([
            "rank",
            "path",
            "label",
            "metric",
            "p10",
            "p90",
            "mean_diff_at_p10",
            "mean_diff_at_p90",
            "swing",
            "spearman",
            "spearman_ci95_low",
            "spearman_ci95_high",
            "spearman_p",
            "spearman_p_holm",
            "spearman_mark",
            "no_effect",
            "sobol_first",
            "sobol_first_ci95_low",
            "sobol_first_ci95_high",
            "sobol_total",
            "sobol_total_ci95_low",
            "sobol_total_ci95_high",
            "flips_at",
        ])?;
        for (r, i) in a.inputs.iter().enumerate() {
            let f = i.first_order.as_ref();
            let t = i.total.as_ref();
            w.write_record([
                (r + 1).to_string(),
                super::csv_text(&i.path),
                super::csv_text(&label(&i.path)),
                a.metric.def().name.to_string(),
                num(Some(i.p10)),
                num(Some(i.p90)),
                num(Some(i.at_p10)),
                num(Some(i.at_p90)),
                num(Some(i.swing)),
                num(i.spearman),
                num(i.spearman_ci95.map(|c| c.0)),
                num(i.spearman_ci95.map(|c| c.1)),
                num(i.spearman_p),
                num(i.spearman_p_holm),
                mark(i).to_string(),
                i.no_effect.to_string(),
                num(f.map(|x| x.value)),
                num(f.map(|x| x.ci95_low)),
                num(f.map(|x| x.ci95_high)),
                num(t.map(|x| x.value)),
                num(t.map(|x| x.ci95_low)),
                num(t.map(|x| x.ci95_high)),
                i.flips
                    .iter()
                    .map(|v| v.to_string())
                    .collect::<Vec<_>>()
                    .join(";"),
            ])?;
        }
        Ok(())
    })
}

/// The `sensitivity.json` value.
pub fn json(a: &Sensitivity) -> Value {
    let inputs: Vec<Value> = a
        .inputs
        .iter()
        .map(|i| {
            json!({
                "path": i.path,
                "label": label(&i.path),
                "p10": i.p10,
                "p90": i.p90,
                "mean_diff_at_p10": finite(i.at_p10),
                "mean_diff_at_p90": finite(i.at_p90),
                "swing": finite(i.swing),
                "spearman": i.spearman,
                "spearman_ci95": i.spearman_ci95.map(|(lo, hi)| json!({ "low": lo, "high": hi })),
                "spearman_p": i.spearman_p,
                "spearman_p_holm": i.spearman_p_holm,
                "spearman_mark": mark(i),
                "spearman_clear": i.spearman_clear(),
                "no_effect": i.no_effect,
                "sobol_first": index(&i.first_order),
                "sobol_total": index(&i.total),
                "response": i.response.iter().map(|(x, y)| json!({"value": x, "mean_diff": finite(*y)})).collect::<Vec<_>>(),
                "flips_at": i.flips,
            })
        })
        .collect();
    json!({
        "scenario": a.scenario,
        "split": a.split,
        "baseline": a.baseline,
        "metric": a.metric.def().name,
        "trials": a.trials,
        "seed": a.seed,
        "mean_diff": finite(a.base_mean),
        "trials_defined": a.base_n,
        "sobol": {
            "samples": a.sobol_samples,
            "bootstrap_resamples": if a.sobol_samples > 0 { crate::analysis::sensitivity::BOOTSTRAP_RESAMPLES } else { 0 },
            "variance": a.sobol_variance,
            "estimators": "Saltelli sampling, Jansen (1999) estimators, percentile bootstrap 95% intervals",
            "assumes_independent_inputs": true,
            "unreliable_because_inputs_are_correlated": a.inputs_correlated,
        },
        "sentence": sentence(a),
        "inputs": inputs,
    })
}

/// What the marks of the Spearman column mean, under the table.
const NOTE: &str = "Spearman \"noise\": it cannot be told from 0 once every input of the comparison is tested \
(Holm's adjusted p-value above 5%; sensitivity.csv has the unadjusted 95% interval and both p-values), so it favours neither side. \
\"no effect\": holding the input at its P10 or its P90, or drawing it, gives every trial the same difference (it does not enter this comparison).";

/// How an input's rank correlation is marked in `sensitivity.csv` and
/// `sensitivity.json`: `clear` (Holm-adjusted p-value at most 5%), `noise`,
/// `no_effect`, or `n/a` (no correlation: a constant side, or a shard's part).
fn mark(i: &Input) -> &'static str {
    match i.spearman {
        _ if i.no_effect => "no_effect",
        None => "n/a",
        Some(_) if i.spearman_clear() => "clear",
        Some(_) => "noise",
    }
}

/// An input's rank correlation as the table shows it: the value, marked as
/// noise when it cannot be told from 0, or "no effect".
fn spearman_cell(i: &Input) -> String {
    match (i.spearman, mark(i)) {
        (_, "no_effect") => "no effect".into(),
        (Some(r), "clear") => format!("{r:+.2}"),
        (Some(r), _) => format!("{r:+.2} noise"),
        (None, _) => "n/a".into(),
    }
}

/// The terminal table: one row per input, by swing.
pub fn table(a: &Sensitivity) -> String {
    use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
    let def = &a.metric.def();
    let v = |x: f64| format::value(x, def.unit);
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED);
    t.set_header([
        "input",
        "P10 → P90",
        "Δ at P10",
        "Δ at P90",
        "swing",
        "Spearman",
        "Sobol first [95%]",
        "Sobol total [95%]",
    ]);
    let idx = |i: &Option<Index>| {
        i.map(|i| format!("{:.2} [{:.2}, {:.2}]", i.value, i.ci95_low, i.ci95_high))
            .unwrap_or_else(|| "n/a".into())
    };
    for i in &a.inputs {
        t.add_row([
            label(&i.path),
            format!("{} → {}", format::number(i.p10), format::number(i.p90)),
            v(i.at_p10),
            v(i.at_p90),
            v(i.swing),
            spearman_cell(i),
            idx(&i.first_order),
            idx(&i.total),
        ]);
    }
    format!(
        "{}: sensitivity of the {} difference of {:?} against {:?} ({} trials per run{})\n{t}\n{}{}\n",
        a.scenario,
        def.name,
        a.split,
        a.baseline,
        a.trials,
        if a.sobol_samples > 0 {
            format!(", Sobol indices from {} Saltelli rows", a.sobol_samples)
        } else {
            String::new()
        },
        // The marks explained, when the table has any.
        if a.inputs
            .iter()
            .any(|i| i.no_effect || (i.spearman.is_some() && !i.spearman_clear()))
        {
            format!("{NOTE}\n")
        } else {
            String::new()
        },
        sentence(a)
    )
}

/// The sentence naming the inputs that matter most and where the decision flips.
pub fn sentence(a: &Sensitivity) -> String {
    let metric = crate::core::format::metric_noun(a.metric);
    let top: Vec<&Input> = a
        .inputs
        .iter()
        .filter(|i| i.swing > 0.0 && !i.no_effect)
        .take(TOP)
        .collect();
    if top.is_empty() {
        return format!(
            "No uncertain input moves the mean {metric} difference of {} against {}.",
            a.split, a.baseline
        );
    }
    let money = a.metric.def().unit == Unit::Money;
    let amount = |x: f64| {
        if money {
            format::money_signed(x)
        } else {
            format!("{x:+.4}")
        }
    };
    let mut parts = Vec::new();
    for i in &top {
        let flip = match i.flips.as_slice() {
            [] => "the decision does not flip within its P10–P90 range".to_string(),
            fs => format!(
                "the decision flips at {}",
                fs.iter()
                    .map(|v| format::number(*v))
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
        };
        parts.push(format!(
            "{} (P10 {} → {}, P90 {} → {}; {flip})",
            label(&i.path),
            format::number(i.p10),
            amount(i.at_p10),
            format::number(i.p90),
            amount(i.at_p90)
        ));
    }
    let (what, verb) = if top.len() == 1 {
        ("The input that matters most", "is")
    } else {
        ("The two inputs that matter most", "are")
    };
    let mut out = format!(
        "{what} for the {metric} difference of {} against {} (mean {}) {verb}: {}.",
        a.split,
        a.baseline,
        amount(a.base_mean),
        parts.join("; ")
    );
    if a.inputs_correlated && a.sobol_samples > 0 {
        out.push_str(
            " The scenario correlates some inputs: the Sobol indices assume independent inputs and are unreliable here; read the tornado and the rank correlations instead.",
        );
    }
    out
}
