//! The comparison table printed after a run: one column per split, the mean
//! with its P10-P90 range under it, and for non-baseline splits the paired
//! difference against the baseline with its 95% interval and P(better).

use crate::analysis::precision::Outcome;
use crate::core::format;
use crate::core::metrics::Metric;
use crate::output::decision::{self, Layout};
use crate::sim::engine::RunResult;
use comfy_table::{Cell, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

/// What `run` prints: the scenario's name, the table (at most `width`
/// columns, or the terminal's width), what precision control did, and the
/// achieved rank correlations.
pub fn run_text(
    name: &str,
    r: &RunResult,
    precision: Option<&Outcome>,
    width: Option<u16>,
) -> String {
    let mut out = format!("{name}\n{}", render(r, width));
    if let Some(o) = precision {
        out.push_str(&super::precision::sentence(o));
        out.push('\n');
    }
    for c in &r.correlations {
        out.push_str(&format!(
            "Rank correlation {} ~ {}: requested {:.2}, achieved {:.3}\n",
            c.a, c.b, c.requested, c.achieved
        ));
    }
    out
}

/// The table: one column per split, one row per metric of [`ROWS`].
pub fn render(r: &RunResult, width: Option<u16>) -> String {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(w) = width {
        t.set_width(w);
    }
    let mut header = vec![Cell::new("")];
    for sp in &r.splits {
        let tag = if sp.baseline { " (baseline)" } else { "" };
        header.push(Cell::new(format!("{}{tag}", sp.name)));
    }
    t.set_header(header);
    let decision = r.decision.metric;
    for m in decision::rows(decision) {
        let def = &m.def();
        let mut row = vec![Cell::new(decision::label(m, decision))];
        for sp in &r.splits {
            let text = match &sp.metrics[m] {
                _ if m == Metric::PaybackMonth => {
                    let p = decision::payback(sp);
                    let mut text = p.share;
                    if let (Some(median), Some((lo, hi))) = (p.median, p.range) {
                        text.push_str(&format!("\n{median}\n{lo} – {hi}"));
                    }
                    text
                }
                None => "n/a".to_string(),
                Some(s) => {
                    let mut text = format!(
                        "{}\n{} – {}",
                        format::value(s.mean, def.unit),
                        format::value(s.p10, def.unit),
                        format::value(s.p90, def.unit)
                    );
                    if !sp.baseline
                        && let Some(d) = &sp.deltas[m]
                    {
                        text.push('\n');
                        text.push_str(&decision::difference(d, def.unit, Layout::Lines));
                    }
                    text
                }
            };
            row.push(Cell::new(text));
        }
        t.add_row(row);
    }
    let mut out = format!(
        "{t}\nMeans over {} trials; P10 – P90 under each mean; Δ = mean paired difference vs the baseline [95% interval]; \
         P(better) = share of trials where the split beats the baseline. Payback month: the share of trials in which \
         the split's cumulative discounted cash flow ends up staying at or above the baseline's, and the first month \
         it does so among them (median, P10 – P90).\n",
        r.trials
    );
    for note in decision::notes(r) {
        out.push_str(&note);
        out.push('\n');
    }
    out
}
