//! The J-curve of the move (docs/model.md, "The transition"): for each
//! split other than the baseline, the cumulative discounted difference
//! against the baseline month by month, one small panel per split on a
//! shared axis: a P10-P90 band and the median line in the split's colour,
//! zero drawn heavy, the month from which the median stays at or above zero
//! marked, and the share of trials that pay back within the horizon.

use super::data::{ChartData, SplitData};
use super::over_time::{band, median};
use super::panels::Panels;
use super::*;
use crate::core::format;
use crate::core::metrics::Metric;
use crate::core::stats::payback_month;
use crate::sim::engine::Band;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

/// The month from which a split's median J-curve stays at or above zero.
fn median_payback(sp: &SplitData) -> Option<usize> {
    let b = sp.delta_cumulative.as_ref()?;
    payback_month(|t| b.p50[t], b.p50.len())
}

/// The share of trials that pay back, in words ("74%").
fn share(sp: &SplitData) -> String {
    share_of_trials(sp.p_payback.unwrap_or(0.0))
}

/// The chart's title: when the split the run favours pays back.
pub fn title(d: &ChartData) -> String {
    let base = &d.baseline().name;
    let h = d.horizon_months;
    let Some(lead) = d.lead() else {
        return format!("Only one split, {base}: no move to pay back");
    };
    if lead.delta_cumulative.is_none() {
        return format!("When each split pays back against {base}");
    }
    match median_payback(lead) {
        Some(1) => format!(
            "{} is ahead of {base} from month 1 in the median trial, and ends ahead in {} of trials",
            lead.name,
            share(lead)
        ),
        Some(m) => format!(
            "{} pays back in month {m} in the median trial, and within {h} months in {} of trials",
            lead.name,
            share(lead)
        ),
        None if lead.p_payback.unwrap_or(0.0) > 0.0 => format!(
            "{} does not pay back within {h} months in the median trial (it does in {} of trials)",
            lead.name,
            share(lead)
        ),
        None => format!(
            "{} never pays back within {h} months: in no trial does it catch up with {base}",
            lead.name
        ),
    }
}

fn subtitle(d: &ChartData) -> String {
    let base = &d.baseline().name;
    let n = format::thousands(d.monthly_sample as f64);
    let key = format!(
        "Band: P10–P90 of the first {n} trials; line: median; marker: the month from which the median stays above zero."
    );
    if d.decision != Metric::LtvWithTerminal {
        return format!(
            "Cumulative discounted cash flow (gross margin − cost of sales) minus {base}'s, by month: the cost of the \
             move first, then what it earns back. {key}"
        );
    }
    // The title names the split the run favours, on a metric that also
    // counts the book left at the end: say so, or a leader reads
    // "favoured" and "does not pay back" as a contradiction. The rest
    // gives way until two lines hold it.
    let h = d.horizon_months;
    first_fitting(
        vec![
            format!(
                "Cumulative discounted cash flow minus {base}'s, by month. The splits are ranked on LTV with terminal \
                 value, which adds the book left after month {h}: a split can lead there without paying back here. {key}"
            ),
            format!(
                "Cumulative discounted cash flow minus {base}'s, by month. The splits are ranked on LTV with terminal \
                 value, which adds the book left after month {h}: a split can lead there without paying back here. \
                 Band: P10–P90; line: median."
            ),
            format!(
                "Cumulative discounted cash flow minus {base}'s. Ranked on LTV with terminal value (the book left \
                 after month {h}), a split can lead without paying back here."
            ),
        ],
        subtitle_fits,
    )
}

/// Draws the chart on any backend.
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, d: &ChartData) -> Drawn<DB> {
    let f = frame(area, d, &title(d), &subtitle(d))?;
    let rows: Vec<(&SplitData, &Band)> = d
        .others()
        .iter()
        .filter_map(|sp| Some((sp, sp.delta_cumulative.as_ref()?)))
        .collect();
    if rows.is_empty() {
        return empty_note(
            area,
            &f,
            "Only one split in this scenario: there is no move to pay back.",
        );
    }
    if d.horizon_months == 0 || rows.iter().all(|(_, b)| b.p50.is_empty()) {
        return empty_note(area, &f, "No months to show.");
    }
    // Shared axis over every band, zero included.
    let (lo, hi) = rows
        .iter()
        .flat_map(|(_, b)| b.p10.iter().chain(&b.p90))
        .copied()
        .filter(|v| v.is_finite())
        .fold((0.0f64, 0.0f64), |(a, b), v| (a.min(v), b.max(v)));
    let tick = tick_delta(crate::core::metrics::Unit::Money);
    let grid = Panels::new(
        area,
        &f,
        rows.len(),
        (lo, hi),
        (
            &format!("Cumulative difference vs {} ($)", d.baseline().name),
            &tick,
        ),
        d.horizon_months,
    )?;
    if let Some((kx, ky, cell_w)) = grid.spare() {
        key(area, (kx, ky, cell_w))?;
    }
    for (i, (sp, b)) in rows.iter().enumerate() {
        let (sx, sy) = grid.panel(area, i, (&sp.name, sp.color), &tick)?;
        let xs: Vec<i32> = (0..b.p50.len()).map(|t| sx.px((t + 1) as f64)).collect();
        band(area, (&xs, &sy), b, sp.color)?;
        let zy = sy.px(0.0);
        line(area, vec![(sx.p0, zy), (sx.p1, zy)], INK, 2)?;
        median(area, (&xs, &sy), b, sp.color)?;
        // The payback month of the median, and the share of trials.
        let (top, bottom) = (sy.p1, sy.p0);
        let at_month = |m: usize| (sx.px(m as f64), sy.px(b.p50[m - 1]));
        let (at, marker) = match median_payback(sp) {
            Some(1) => ("median: ahead from month 1".to_string(), None),
            Some(m) => {
                let (x, y) = at_month(m);
                dashed(area, (x, top), (x, bottom), INK, 2, (6, 4))?;
                ring(area, (x, y), 6)?;
                (format!("median pays back in month {m}"), Some(x))
            }
            None => (
                format!("median: not paid back by month {}", d.horizon_months),
                None,
            ),
        };
        let paid = format!("pays back in {} of trials", share(sp));
        notes(area, (&sx, &sy), b, marker, [&at, &paid])?;
    }
    Ok(())
}

/// A panel's two notes, on a white ground, in the first corner (top left,
/// top right, bottom left, bottom right) where they hide neither the band
/// nor the payback marker at x `marker`.
fn notes<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (sx, sy): (&Scale, &Scale),
    b: &Band,
    marker: Option<i32>,
    lines: [&str; 2],
) -> Drawn<DB> {
    let t = Txt::new(NOTE);
    let (top, bottom) = (sy.p1, sy.p0);
    let height = 2 * t.line() + 12;
    let width = lines.iter().map(|l| t.width(l)).max().unwrap_or(0) + 12;
    let clear = |x0: i32, y0: i32| {
        let (x1, y1) = (x0 + width, y0 + height);
        let band_clear = (0..b.p50.len()).all(|m| {
            let x = sx.px((m + 1) as f64);
            x < x0 || x > x1 || sy.px(b.p90[m]) > y1 || sy.px(b.p10[m]) < y0
        });
        band_clear && marker.is_none_or(|x| x < x0 - 4 || x > x1 + 4)
    };
    let (left, right) = (sx.p0 + 4, sx.p1 - width - 4);
    let (high, low) = (top + 4, bottom - height - 6);
    let corners = [(left, high), (right, high), (left, low), (right, low)];
    let (x0, y0) = corners
        .into_iter()
        .find(|&(x, y)| clear(x, y))
        .unwrap_or((left, high));
    fill(area, (x0, y0), (x0 + width, y0 + height), BG)?;
    text(area, lines[0], (x0 + 6, y0 + 6 + t.cap()), HPos::Left, t)?;
    text(
        area,
        lines[1],
        (x0 + 6, y0 + 6 + t.line() + 4 + t.cap()),
        HPos::Left,
        t.color(MUTED),
    )
}

/// The key: band, median, zero, payback marker.
fn key<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (kx, mut ky, cell_w): (i32, i32, i32),
) -> Drawn<DB> {
    let kt = Txt::new(NOTE);
    let g = GREYS[2];
    for (kind, label) in [
        (0, "P10–P90 of trials"),
        (1, "Median"),
        (2, "Break-even (no difference)"),
        (3, "Median stays above zero from here"),
    ] {
        let yc = ky - kt.cap() / 2;
        match kind {
            0 => fill(area, (kx, yc - 10), (kx + 44, yc + 10), tint(g, 0.5))?,
            1 => line(area, vec![(kx, yc), (kx + 44, yc)], MUTED, 4)?,
            2 => line(area, vec![(kx, yc), (kx + 44, yc)], INK, 2)?,
            _ => {
                dashed(area, (kx + 22, yc - 12), (kx + 22, yc + 12), INK, 2, (6, 4))?;
                ring(area, (kx + 22, yc), 6)?;
            }
        }
        let label = fit(label, kt, cell_w - 80);
        text(area, &label, (kx + 58, ky), HPos::Left, kt)?;
        ky += kt.line() + 16;
    }
    Ok(())
}
