//! Chart 2: for each split other than the baseline, the distribution of the
//! per-trial difference in the decision metric against the baseline (common
//! random numbers make it a paired difference). A histogram per split, the
//! better side in the split's colour and the worse side in grey, zero marked,
//! and P(better), the mean with its 95% interval and the middle 95% of trials
//! printed beside it.

use super::data::{ChartData, SplitData};
use super::*;
use crate::core::format;
use crate::core::metrics::Unit;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

/// Histogram bins across the axis.
const BINS: f64 = 48.0;

/// The chart's title: its finding, in words.
pub fn title(d: &ChartData) -> String {
    let base = &d.baseline().name;
    let def = d.decision.def();
    let Some(lead) = d.lead() else {
        return format!("Only one split, {base}: nothing to compare");
    };
    let Some(delta) = lead.decision_diff.as_ref().and_then(|x| x.delta.as_ref()) else {
        return format!("Paired difference in {} against the baseline", def.label);
    };
    if (delta.mean > 0.0) == def.higher_is_better && delta.mean != 0.0 {
        format!(
            "{}: better than {} {}, {} {} on average",
            lead.name,
            base,
            in_trials(delta.p_better),
            def.label,
            format::delta(delta.mean, def.unit)
        )
    } else {
        format!(
            "No split beats {base} on {} on average; the best, {}, {}",
            def.label,
            lead.name,
            format::better_in(delta)
                .map_or_else(|equal| format!("is {equal}"), |w| format!("wins {w}"))
        )
    }
}

fn subtitle(d: &ChartData) -> String {
    format!(
        "Per-trial difference in {} against {} (same random draws in both, so the difference is the policy's). \
         Colour: trials where the split is better; grey: worse. Axis shows P0.5–P99.5; trials beyond it are counted in the end bins.",
        format::in_sentence(d.decision.def().label),
        d.baseline().name
    )
}

/// Draws the chart on any backend.
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, d: &ChartData) -> Drawn<DB> {
    let f = frame(area, d, &title(d), &subtitle(d))?;
    let rows: Vec<&SplitData> = d.others().iter().collect();
    if rows.is_empty() {
        return empty_note(
            area,
            &f,
            "Only one split in this scenario: there is no difference to show.",
        );
    }
    let name_t = Txt::new(LABEL).bold();
    let note_t = Txt::new(NOTE);
    let big_t = Txt::new(LABEL).bold();
    let def = d.decision.def();
    let tick_signed = tick_delta(def.unit);

    // Right-hand notes per split.
    let notes: Vec<[String; 3]> = rows.iter().map(|sp| notes(sp, def.unit)).collect();
    let notes_w = notes
        .iter()
        .flat_map(|n| [big_t.width(&n[0]), note_t.width(&n[1]), note_t.width(&n[2])])
        .max()
        .unwrap_or(0);
    let names = NameColumn::new(rows.iter().map(|sp| sp.name.as_str()), name_t, 330, 3);
    let name_w = names.width;

    let x0 = f.left + name_w + 28;
    let x1 = f.right - notes_w - 32;
    let top = f.top + 26;
    let bottom = f.bottom - x_axis_height();

    // Axis: P0.5-P99.5 of every split's differences, and zero.
    let mut lo: f64 = 0.0;
    let mut hi: f64 = 0.0;
    for sp in &rows {
        if let Some(df) = &sp.decision_diff {
            lo = lo.min(crate::core::stats::quantile_sorted(&df.sorted, 0.005));
            hi = hi.max(crate::core::stats::quantile_sorted(&df.sorted, 0.995));
        }
    }
    let pad = (hi - lo) * 0.015;
    let (lo, hi) = (
        if lo < 0.0 { lo - pad } else { lo },
        if hi > 0.0 { hi + pad } else { hi },
    );
    let sc = Scale::fitted(
        lo,
        hi,
        1.0,
        (x0, x1),
        |v| Txt::new(TICK).width(&tick_signed(v)),
        28,
    );
    x_axis(
        area,
        &sc,
        (top, bottom),
        &tick_signed,
        &format!(
            "Difference in {} vs {}, per trial",
            format::in_sentence(def.label),
            d.baseline().name
        ),
    )?;

    // Bins with zero on an edge.
    let w = (sc.hi - sc.lo) / BINS;
    let k_lo = (sc.lo / w).floor() as i64;
    // About BINS bins; never more, whatever round-off does to an absurd
    // range (a bin count from data must not size an allocation).
    let k_hi = ((sc.hi / w).ceil() as i64)
        .clamp(k_lo.saturating_add(1), k_lo.saturating_add(2 * BINS as i64));
    let n_bins = (k_hi - k_lo).max(1) as usize;

    let n = rows.len() as i32;
    let row_h = (bottom - top) / n;
    let zx = sc.px(0.0);
    for (i, sp) in rows.iter().enumerate() {
        let row_top = top + row_h * i as i32;
        let base_y = row_top + row_h - 10;
        let peak_h = (row_h - 22).max(8) as f64;
        let cy = row_top + row_h / 2;
        names.draw(area, i, (f.left, cy), sp.color)?;
        // Notes.
        let [a, b, c] = &notes[i];
        let nx = x1 + 24;
        text(
            area,
            a,
            (nx, cy - note_t.line() + big_t.cap() / 2),
            HPos::Left,
            big_t,
        )?;
        text(area, b, (nx, cy + note_t.cap() / 2 + 4), HPos::Left, note_t)?;
        text(
            area,
            c,
            (nx, cy + note_t.line() + note_t.cap() / 2 + 8),
            HPos::Left,
            note_t.color(MUTED),
        )?;

        line(area, vec![(x0, base_y), (x1, base_y)], AXIS, 1)?;
        let Some(df) = &sp.decision_diff else {
            text(
                area,
                "no trial where both are defined",
                (x0 + 12, cy),
                HPos::Left,
                note_t.color(MUTED),
            )?;
            continue;
        };
        let mut counts = vec![0usize; n_bins];
        let mut ties = 0usize;
        for &v in &df.sorted {
            if v == 0.0 {
                ties += 1;
                continue;
            }
            let k = ((v / w).floor() as i64).clamp(k_lo, k_lo.max(k_hi - 1));
            counts[(k - k_lo) as usize] += 1;
        }
        let max = counts.iter().copied().max().unwrap_or(0).max(ties).max(1) as f64;
        for (b, &c) in counts.iter().enumerate() {
            if c == 0 {
                continue;
            }
            let v0 = (k_lo + b as i64) as f64 * w;
            let (px0, px1) = (sc.px_clamped(v0), sc.px_clamped(v0 + w));
            let h = ((c as f64 / max) * peak_h).round().max(1.0) as i32;
            let better = (v0 + w / 2.0 > 0.0) == def.higher_is_better;
            let colour = if better { sp.color } else { GREYS[2] };
            fill(area, (px0, base_y - h), (px1.max(px0 + 1), base_y), colour)?;
            if px1 - px0 >= 6 {
                line(area, vec![(px1, base_y - h), (px1, base_y)], BG, 1)?;
            }
        }
        if ties > 0 {
            let h = ((ties as f64 / max) * peak_h).round().max(2.0) as i32;
            fill(area, (zx - 3, base_y - h), (zx + 3, base_y), INK)?;
            let label = if ties == df.sorted.len() {
                format::EQUAL.to_string()
            } else {
                format!(
                    "equal in {}",
                    share_of_trials(ties as f64 / df.sorted.len() as f64)
                )
            };
            text(
                area,
                &label,
                (zx + 10, base_y - h / 2 + note_t.cap() / 2),
                HPos::Left,
                note_t.color(MUTED),
            )?;
        }
        // The mean, on the baseline of the row.
        let mx = sc.px_clamped(df.q.mean);
        diamond(area, (mx, base_y), 9, BG, INK)?;
    }
    // Zero, over everything.
    line(area, vec![(zx, top - 6), (zx, bottom)], INK, 2)?;
    text(
        area,
        "no difference",
        (zx, top - 12),
        HPos::Center,
        Txt::new(NOTE).color(MUTED),
    )?;
    Ok(())
}

fn notes(sp: &SplitData, unit: Unit) -> [String; 3] {
    let Some(df) = &sp.decision_diff else {
        return ["P(better) n/a".into(), String::new(), String::new()];
    };
    let Some(dl) = &df.delta else {
        return ["P(better) n/a".into(), String::new(), String::new()];
    };
    let ci = match (dl.ci95_low, dl.ci95_high) {
        (Some(a), Some(b)) => format!(
            " (95% CI {} to {})",
            format::delta(a, unit),
            format::delta(b, unit)
        ),
        _ => String::new(),
    };
    [
        format::better_in(dl).map_or_else(format::capitalized, |w| format!("Better {w}")),
        format!("Mean {}{ci}", format::delta(dl.mean, unit)),
        format!(
            "95% of trials: {} to {}",
            format::delta(df.p2_5, unit),
            format::delta(df.p97_5, unit)
        ),
    ]
}
