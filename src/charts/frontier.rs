//! Chart 6: the frontier. Cost of sales as a share of revenue (x) against
//! lifetime value (y), one point per split at the means, P10-P90 whiskers in
//! both directions, each point labelled. Up and to the left is better.

use super::data::{ChartData, SplitData, best_by};
use super::*;
use crate::core::format;
use crate::core::stats::Delta;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

/// The chart's title: its finding, in words. The LTV is the horizon's
/// (not the decision metric, which may add the terminal value), and a lead
/// whose 95% interval of the difference against the baseline holds zero
/// is said to be one that cannot be told apart from the baseline.
pub fn title(d: &ChartData) -> String {
    let ltv = best_by(&d.splits, |sp| sp.ltv.as_ref().map(|q| q.mean));
    let cos = best_by(&d.splits, |sp| sp.cost_of_sales.as_ref().map(|q| -q.mean));
    let ltv_words = format!("{}-month LTV", d.horizon_months);
    let ltv_of = |a: &SplitData| format::money(a.ltv.as_ref().map_or(f64::NAN, |q| q.mean));
    let cos_of = |b: &SplitData| format::pct(b.cost_of_sales.as_ref().map_or(f64::NAN, |q| q.mean));
    let base = format!("the baseline's ({})", d.baseline().name);
    match (ltv, cos) {
        (Some(a), Some(b)) if d.splits.len() == 1 => format!(
            "{}: {ltv_words} {} at a cost of sales of {} of revenue",
            a.name,
            ltv_of(a),
            cos_of(b)
        ),
        (Some(a), Some(b)) if a.index == b.index => match (
            within_noise(&a.ltv_delta),
            within_noise(&a.cost_of_sales_delta),
        ) {
            (false, false) => format!(
                "{} has both the highest {ltv_words} and the lowest cost of sales",
                a.name
            ),
            (true, false) => format!(
                "{} has the lowest cost of sales; its {ltv_words}, the highest, cannot be told apart from {base}",
                a.name
            ),
            (false, true) => format!(
                "{} has the highest {ltv_words}; its cost of sales, the lowest, cannot be told apart from {base}",
                a.name
            ),
            (true, true) => format!(
                "{} has the highest {ltv_words} and the lowest cost of sales, neither told apart from {base}",
                a.name
            ),
        },
        (Some(a), Some(b)) => {
            let apart = |delta: &Option<Delta>| {
                if within_noise(delta) {
                    format!(", not told apart from {base}")
                } else {
                    String::new()
                }
            };
            format!(
                "Highest {ltv_words}: {} ({}{}); lowest cost of sales: {} ({}{})",
                a.name,
                ltv_of(a),
                apart(&a.ltv_delta),
                b.name,
                cos_of(b),
                apart(&b.cost_of_sales_delta)
            )
        }
        _ => "Cost of sales against lifetime value".into(),
    }
}

/// Whether a difference against the baseline cannot be told from none:
/// its 95% interval holds zero. `None` (the baseline itself) is no lead.
fn within_noise(delta: &Option<Delta>) -> bool {
    delta
        .as_ref()
        .is_some_and(|x| match (x.ci95_low, x.ci95_high) {
            (Some(lo), Some(hi)) => lo <= 0.0 && hi >= 0.0,
            // One trial: no interval, nothing told apart.
            _ => true,
        })
}

fn subtitle(d: &ChartData) -> String {
    format!(
        "Each split at its mean cost of sales (share of revenue) and mean lifetime value over {} months; whiskers: \
         P10–P90 of trials. The spread is mostly the world's, shared by every split: the paired chart shows how sure a difference is.",
        d.horizon_months
    )
}

/// Draws the chart on any backend.
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, d: &ChartData) -> Drawn<DB> {
    let f = frame(area, d, &title(d), &subtitle(d))?;
    let pts: Vec<(&SplitData, f64, f64)> = d
        .splits
        .iter()
        .filter_map(|sp| Some((sp, sp.cost_of_sales.as_ref()?.mean, sp.ltv.as_ref()?.mean)))
        .collect();
    if pts.is_empty() {
        return empty_note(
            area,
            &f,
            "Cost of sales or lifetime value is undefined in every trial.",
        );
    }
    let q = |sp: &SplitData| (sp.cost_of_sales.clone(), sp.ltv.clone());
    let (mut xlo, mut xhi, mut ylo, mut yhi) = (
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
    );
    for (sp, _, _) in &pts {
        if let (Some(c), Some(l)) = q(sp) {
            xlo = xlo.min(c.p10.min(c.mean));
            xhi = xhi.max(c.p90.max(c.mean));
            ylo = ylo.min(l.p10.min(l.mean));
            yhi = yhi.max(l.p90.max(l.mean));
        }
    }
    // Room around the data for labels.
    let (xpad, ypad) = ((xhi - xlo) * 0.06, (yhi - ylo) * 0.06);
    let lt = Txt::new(LABEL);
    let top = f.top + 8;
    let bottom = f.bottom - x_axis_height();
    let sy = Scale::fitted(
        ylo - ypad,
        yhi + ypad,
        1.0,
        (bottom, top),
        |_| lt.line(),
        24,
    );
    let tick_w = tick_width(&sy, &tick_money);
    let left = f.left + lt.cap() + 16 + tick_w + 12;
    let right = f.right - Txt::new(TICK).width("100.0%") / 2;
    let sx = Scale::fitted(
        xlo - xpad,
        xhi + xpad,
        0.005,
        (left, right),
        |v| Txt::new(TICK).width(&tick_pct(v)),
        28,
    );
    y_axis(
        area,
        &sy,
        (left, right),
        &tick_money,
        Some((
            &format!(
                "Lifetime value over {} months, discounted ($)",
                d.horizon_months
            ),
            f.left,
        )),
    )?;
    x_axis(
        area,
        &sx,
        (top, bottom),
        &tick_pct,
        "Cost of sales / revenue (%)",
    )?;

    let note = Txt::new(NOTE).color(MUTED);
    text(
        area,
        "Better: up and to the left",
        (left + 14, top + 14 + note.cap()),
        HPos::Left,
        note,
    )?;

    // Whiskers first, then points, then labels on top.
    for (sp, x, y) in &pts {
        let (Some(c), Some(l)) = q(sp) else { continue };
        let (px, py) = (sx.px(*x), sy.px(*y));
        line(
            area,
            vec![(sx.px(c.p10), py), (sx.px(c.p90), py)],
            sp.color,
            3,
        )?;
        line(
            area,
            vec![(px, sy.px(l.p10)), (px, sy.px(l.p90))],
            sp.color,
            3,
        )?;
        for xx in [sx.px(c.p10), sx.px(c.p90)] {
            line(area, vec![(xx, py - 8), (xx, py + 8)], sp.color, 3)?;
        }
        for yy in [sy.px(l.p10), sy.px(l.p90)] {
            line(area, vec![(px - 8, yy), (px + 8, yy)], sp.color, 3)?;
        }
    }
    let mut taken: Vec<(i32, i32, i32, i32)> = pts
        .iter()
        .map(|(_, x, y)| {
            let (px, py) = (sx.px(*x), sy.px(*y));
            (px - 12, py - 12, px + 12, py + 12)
        })
        .collect();
    // Keep clear of the "Better" note.
    taken.push((
        left,
        top,
        left + 28 + note.width("Better: up and to the left"),
        top + 28 + note.cap(),
    ));
    for (sp, x, y) in &pts {
        let (px, py) = (sx.px(*x), sy.px(*y));
        area.draw(&Circle::new((px, py), 13, BG.filled()))?;
        area.draw(&Circle::new((px, py), 10, sp.color.filled()))?;
    }
    let bt = Txt::new(LABEL).bold();
    for (sp, x, y) in &pts {
        let (px, py) = (sx.px(*x), sy.px(*y));
        let w = bt.width(&sp.name);
        let h = bt.cap();
        let r = 18;
        // Candidate boxes (left, baseline) for the text.
        let cands = [
            (px + r, py - r / 2),
            (px + r, py + h + r / 2),
            (px - r - w, py - r / 2),
            (px - r - w, py + h + r / 2),
            (px - w / 2, py - r - 6),
            (px - w / 2, py + h + r + 6),
            (px + r, py + h / 2),
            (px - r - w, py + h / 2),
        ];
        let mut best = (i64::MAX, cands[0]);
        for (ci, &(tx, ty)) in cands.iter().enumerate() {
            let bx = (tx - 4, ty - h - 5, tx + w + 4, ty + 7);
            let mut score: i64 = ci as i64; // prefer earlier spots on ties
            for t in &taken {
                score += 1000 * overlap(bx, *t);
            }
            let out = (left - bx.0).max(0)
                + (bx.2 - right).max(0)
                + (top - bx.1).max(0)
                + (bx.3 - bottom).max(0);
            score += 100_000 * i64::from(out);
            if score < best.0 {
                best = (score, (tx, ty));
            }
        }
        let (tx, ty) = best.1;
        taken.push((tx - 4, ty - h - 5, tx + w + 4, ty + 7));
        fill(
            area,
            (tx - 4, ty - h - 5),
            (tx + w + 4, ty + 7),
            BG.mix(0.85),
        )?;
        text(area, &sp.name, (tx, ty), HPos::Left, bt)?;
    }
    Ok(())
}

fn overlap(a: (i32, i32, i32, i32), b: (i32, i32, i32, i32)) -> i64 {
    let w = (a.2.min(b.2) - a.0.max(b.0)).max(0);
    let h = (a.3.min(b.3) - a.1.max(b.1)).max(0);
    i64::from(w) * i64::from(h)
}
