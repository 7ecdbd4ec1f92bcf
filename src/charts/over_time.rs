//! Chart 7: monthly revenue over the horizon, one small panel per split
//! (shared axes): a P10-P90 band and the median line in the split's colour,
//! and the baseline's median dashed in every other panel for reference.

use super::data::ChartData;
use super::*;
use crate::core::format;
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

fn month_ticks(h: u32) -> Vec<f64> {
    let step = if h >= 48 {
        12
    } else if h >= 18 {
        6
    } else if h >= 6 {
        3
    } else {
        1
    };
    let mut t: Vec<f64> = (0..=h)
        .step_by(step as usize)
        .filter(|&m| m >= 1)
        .map(f64::from)
        .collect();
    if t.is_empty() {
        t.push(1.0);
    }
    t
}

/// Draws the chart on any backend.
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, d: &ChartData) -> Drawn<DB> {
    let f = frame(area, d, &title(d), &subtitle(d))?;
    let h = d.horizon_months;
    if h == 0 || d.splits.iter().all(|sp| sp.monthly.p50.is_empty()) {
        return empty_note(area, &f, "No months to show.");
    }
    let n = d.splits.len();
    let cols = match n {
        1 => 1,
        2 | 4 => 2,
        3 | 5 | 6 | 9 => 3,
        7 | 8 => 4,
        _ => 4,
    };
    let rows = n.div_ceil(cols);

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
    let lt = Txt::new(LABEL);
    let tt = Txt::new(TICK);
    let pt = Txt::new(LABEL).bold();
    let panel_gap_y = 30;
    let grid_top = f.top;
    let grid_bottom = f.bottom - (lt.cap() + 16);
    // The last row needs no gap under it.
    let cell_h = (grid_bottom - grid_top + panel_gap_y) / rows as i32;
    // Inside a cell: the panel title, the plot, the month ticks.
    let plot_h = cell_h - pt.line() - 12 - (tt.cap() + 16) - panel_gap_y;
    let probe = Scale::fitted(lo, hi, 1.0, (plot_h, 0), |_| tt.line() + 4, 10);
    let tick_w = tick_width(&probe, &tick_money);
    let grid_left = f.left + lt.cap() + 16 + tick_w + 12;
    let cell_w = (f.right - grid_left) / cols as i32;
    let gap_x = 36;

    // Axis titles for the whole grid.
    text_up(
        area,
        "Monthly revenue ($)",
        (f.left + lt.cap(), (grid_top + grid_bottom) / 2),
        lt,
    )?;
    let month_y = grid_top
        + cell_h * (rows as i32 - 1)
        + pt.line()
        + 12
        + plot_h
        + 10
        + tt.cap()
        + 14
        + lt.cap();
    text(
        area,
        "Month",
        ((grid_left + f.right) / 2, month_y),
        HPos::Center,
        lt,
    )?;

    // A key in the first empty cell, if any.
    if n < rows * cols {
        let (r, c) = ((n / cols) as i32, (n % cols) as i32);
        let kx = grid_left + cell_w * c + 10;
        let mut ky = grid_top + cell_h * r + pt.line() + 12 + 20;
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
    let xt = month_ticks(h);
    for (i, sp) in d.splits.iter().enumerate() {
        let (r, c) = ((i / cols) as i32, (i % cols) as i32);
        let cx0 = grid_left + cell_w * c;
        let cx1 = cx0 + cell_w - if c + 1 < cols as i32 { gap_x } else { 0 };
        let cy0 = grid_top + cell_h * r;
        let p_top = cy0 + pt.line() + 12;
        let p_bottom = p_top + plot_h;
        let sy = Scale::fitted(lo, hi, 1.0, (p_bottom, p_top), |_| tt.line() + 4, 10);
        let sx = Scale {
            lo: 1.0,
            hi: f64::from(h.max(2)),
            p0: cx0,
            p1: cx1,
            ticks: xt.clone(),
        };
        // Panel title.
        swatch(area, (cx0, cy0 + pt.cap()), pt, sp.color)?;
        let name = fit(&sp.name, pt, cx1 - cx0 - pt.cap() - 12);
        text(
            area,
            &name,
            (cx0 + pt.cap() + 12, cy0 + pt.cap()),
            HPos::Left,
            pt,
        )?;
        // Grid and ticks.
        if c == 0 {
            y_axis(area, &sy, (cx0, cx1), &tick_money, None)?;
        } else {
            for &v in &sy.ticks {
                let y = sy.px(v);
                line(area, vec![(cx0, y), (cx1, y)], GRID, 1)?;
            }
            line(area, vec![(cx0, p_top), (cx0, p_bottom)], AXIS, 1)?;
        }
        for &v in &xt {
            let x = sx.px(v);
            line(area, vec![(x, p_bottom), (x, p_bottom + 6)], AXIS, 1)?;
            let mt = tt.color(MUTED);
            text(
                area,
                &format!("{v:.0}"),
                (x, p_bottom + 10 + mt.cap()),
                HPos::Center,
                mt,
            )?;
        }
        line(area, vec![(cx0, p_bottom), (cx1, p_bottom)], AXIS, 1)?;

        // Band and median.
        let b = &sp.monthly;
        let m = b.p50.len();
        let xs: Vec<i32> = (0..m).map(|t| sx.px((t + 1) as f64)).collect();
        let mut poly: Vec<(i32, i32)> = (0..m).map(|t| (xs[t], sy.px(b.p90[t]))).collect();
        poly.extend((0..m).rev().map(|t| (xs[t], sy.px(b.p10[t]))));
        if m >= 2 {
            area.draw(&Polygon::new(poly, tint(sp.color, 0.7).filled()))?;
        }
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
        let med: Vec<(i32, i32)> = (0..m).map(|t| (xs[t], sy.px(b.p50[t]))).collect();
        if m == 1 {
            area.draw(&Circle::new(med[0], 5, sp.color.filled()))?;
        } else {
            line(area, med, sp.color, 4)?;
        }
    }
    Ok(())
}
