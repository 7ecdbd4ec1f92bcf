//! Chart 7: monthly revenue over the horizon, one small panel per split
//! (shared axes): a P10-P90 band and the median line in the split's colour,
//! and the baseline's median dashed in every other panel for reference.

use super::data::ChartData;
use super::panels::Panels;
use super::*;
use crate::core::format;
use crate::sim::engine::Band;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

/// The chart's title: its finding, in words.
pub fn title(d: &ChartData) -> String {
    let last = |b: &crate::sim::engine::Band| b.p50.last().copied();
    let base = d.baseline();
    match (d.lead(), last(&base.monthly)) {
        (Some(lead), Some(b)) => match last(&lead.monthly) {
            Some(l) if (l - b).abs() <= 0.005 * b.abs() => format!(
                "By month {}, median monthly revenue is about the same under {} and {} ({})",
                d.horizon_months,
                lead.name,
                base.name,
                format::money(b)
            ),
            Some(l) => format!(
                "By month {}, median monthly revenue is {} under {} vs {} under {}",
                d.horizon_months,
                format::money(l),
                lead.name,
                format::money(b),
                base.name
            ),
            None => "Monthly revenue over time".into(),
        },
        (None, Some(b)) => format!(
            "{}: median monthly revenue goes from {} to {} over {} months",
            base.name,
            format::money(base.monthly.p50.first().copied().unwrap_or(f64::NAN)),
            format::money(b),
            d.horizon_months
        ),
        _ => "Monthly revenue over time".into(),
    }
}

fn subtitle(d: &ChartData) -> String {
    format!(
        "Revenue per month (undiscounted). Band: P10–P90 of trials; line: median; dashed: {} median. \
         From the first {} trials.",
        d.baseline().name,
        format::thousands(d.monthly_sample as f64)
    )
}

/// Draws the chart on any backend.
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, d: &ChartData) -> Drawn<DB> {
    let f = frame(area, d, &title(d), &subtitle(d))?;
    let h = d.horizon_months;
    if h == 0 || d.splits.iter().all(|sp| sp.monthly.p50.is_empty()) {
        return empty_note(area, &f, "No months to show.");
    }
    // Shared y scale over every band.
    let all = d
        .splits
        .iter()
        .flat_map(|sp| sp.monthly.p10.iter().chain(&sp.monthly.p90))
        .copied()
        .filter(|v| v.is_finite());
    let (lo, hi) = all.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    let grid = Panels::new(
        area,
        &f,
        d.splits.len(),
        (lo, hi),
        ("Monthly revenue ($)", &tick_money),
        h,
    )?;

    // A key in the first empty cell, if any.
    if let Some((kx, mut ky, cell_w)) = grid.spare() {
        let kt = Txt::new(NOTE);
        let g = GREYS[2];
        let rows_key: [(&str, u8); 3] = [
            ("P10–P90 of trials", 0),
            ("Median", 1),
            (&format!("{} median", d.baseline().name), 2),
        ];
        for (label, kind) in rows_key {
            let yc = ky - kt.cap() / 2;
            match kind {
                0 => fill(area, (kx, yc - 10), (kx + 44, yc + 10), tint(g, 0.5))?,
                1 => line(area, vec![(kx, yc), (kx + 44, yc)], MUTED, 4)?,
                _ => dashed(area, (kx, yc), (kx + 44, yc), INK, 2, (6, 4))?,
            }
            let label = fit(label, kt, cell_w - 80);
            text(area, &label, (kx + 58, ky), HPos::Left, kt)?;
            ky += kt.line() + 16;
        }
    }

    let base = d.baseline();
    for (i, sp) in d.splits.iter().enumerate() {
        let (sx, sy) = grid.panel(area, i, (&sp.name, sp.color), &tick_money)?;
        // Band and median.
        let b = &sp.monthly;
        let m = b.p50.len();
        let xs: Vec<i32> = (0..m).map(|t| sx.px((t + 1) as f64)).collect();
        band(area, (&xs, &sy), b, sp.color)?;
        if !sp.baseline {
            let bm = &base.monthly.p50;
            for t in 1..bm.len().min(m) {
                dashed(
                    area,
                    (xs[t - 1], sy.px(bm[t - 1])),
                    (xs[t], sy.px(bm[t])),
                    INK,
                    2,
                    (6, 4),
                )?;
            }
        }
        median(area, (&xs, &sy), b, sp.color)?;
    }
    Ok(())
}

/// A P10-P90 band by month, tinted in `color`.
pub fn band<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (xs, sy): (&[i32], &Scale),
    b: &Band,
    color: RGBColor,
) -> Drawn<DB> {
    let m = xs.len();
    let mut poly: Vec<(i32, i32)> = (0..m).map(|t| (xs[t], sy.px(b.p90[t]))).collect();
    poly.extend((0..m).rev().map(|t| (xs[t], sy.px(b.p10[t]))));
    if m >= 2 {
        area.draw(&Polygon::new(poly, tint(color, 0.7).filled()))?;
    }
    Ok(())
}

/// The median line by month in `color` (a dot for a single month).
pub fn median<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (xs, sy): (&[i32], &Scale),
    b: &Band,
    color: RGBColor,
) -> Drawn<DB> {
    let med: Vec<(i32, i32)> = xs
        .iter()
        .zip(&b.p50)
        .map(|(&x, &v)| (x, sy.px(v)))
        .collect();
    if med.len() == 1 {
        area.draw(&Circle::new(med[0], 5, color.filled()))?;
        Ok(())
    } else {
        line(area, med, color, 4)
    }
}
