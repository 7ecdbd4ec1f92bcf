//! Charts 1 and 3: the distribution of a metric per split (the decision
//! metric, by default lifetime value with terminal value; cost of sales as
//! a share of revenue), one box per split, baseline on top.
//! Box P25-P75, whiskers P5-P95, a bar at the median, a diamond at the mean,
//! and a dashed line at the baseline's mean across all rows.

use super::data::{ChartData, Quantiles, SplitData, best_by};
use super::*;
use crate::core::format;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

/// How one distribution chart reads its metric.
struct Spec<'a> {
    title: String,
    subtitle: String,
    axis: String,
    pick: &'a dyn Fn(&SplitData) -> Option<&Quantiles>,
    fmt: &'a dyn Fn(f64) -> String,
    tick: &'a dyn Fn(f64) -> String,
    min_pad: f64,
}

/// The decision metric chart's title: its finding, in words.
pub fn decision_title(d: &ChartData) -> String {
    let base = d.baseline();
    let def = d.decision.def();
    let (label, unit) = (def.label, def.unit);
    let Some(lead) = d.lead() else {
        return match &base.decision {
            Some(q) => format!(
                "{}: {label} {} (P10–P90 {} to {})",
                base.name,
                format::value(q.mean, unit),
                format::value(q.p10, unit),
                format::value(q.p90, unit)
            ),
            None => format!("{}: {label} undefined", base.name),
        };
    };
    let Some(delta) = lead.decision_diff.as_ref().and_then(|x| x.delta.as_ref()) else {
        return format!("{label} by split");
    };
    let gains = (delta.mean > 0.0) == def.higher_is_better && delta.mean != 0.0;
    if gains {
        format!(
            "{}: {label} {} vs {}, better {}",
            lead.name,
            format::delta(delta.mean, unit),
            base.name,
            in_trials(delta.p_better)
        )
    } else {
        format!(
            "No split beats {} on {label}; the closest, {}, is {} ({})",
            base.name,
            lead.name,
            format::delta(delta.mean, unit),
            format::better_in(delta).map_or_else(String::from, |w| format!("better {w}"))
        )
    }
}

/// The cost-of-sales chart's title.
pub fn cost_title(d: &ChartData) -> String {
    let base = d.baseline();
    let base_pct = base.cost_of_sales.as_ref().map(|q| format::pct(q.mean));
    let best = best_by(d.others(), |sp| {
        sp.cost_of_sales_delta.as_ref().map(|x| -x.mean)
    });
    match (best, base_pct) {
        (Some(sp), Some(bp)) => {
            let (Some(q), Some(dl)) = (&sp.cost_of_sales, &sp.cost_of_sales_delta) else {
                return "Cost of sales by split".into();
            };
            if dl.mean < 0.0 {
                format!(
                    "{} cuts cost of sales to {} of revenue from {}, lower {}",
                    sp.name,
                    format::pct(q.mean),
                    bp,
                    in_trials(dl.p_better)
                )
            } else {
                format!(
                    "No split lowers cost of sales below {}'s {} of revenue",
                    base.name, bp
                )
            }
        }
        (None, Some(bp)) => format!("{}: cost of sales {} of revenue", base.name, bp),
        _ => "Cost of sales by split".into(),
    }
}

/// What the decision metric's chart says about the metric: its meaning
/// over the horizon, in words, for the subtitle and the axis.
fn decision_words(d: &ChartData) -> (String, String) {
    let h = d.horizon_months;
    let def = d.decision.def();
    match d.decision {
        crate::core::metrics::Metric::Ltv => (
            format!(
                "Key-account lifetime value per trial: gross margin minus cost of sales over {h} months, discounted."
            ),
            format!("Lifetime value over {h} months, discounted ($)"),
        ),
        crate::core::metrics::Metric::LtvWithTerminal => (
            format!(
                "Key-account lifetime value per trial: gross margin minus cost of sales over {h} months, discounted, \
                 plus the book of business left at the end valued as a perpetuity."
            ),
            "Lifetime value with terminal value, discounted ($)".into(),
        ),
        _ => (format!("{} per trial.", def.label), def.label.to_string()),
    }
}

/// Draws the distribution of the decision metric by split.
pub fn draw_decision<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &ChartData,
) -> Drawn<DB> {
    let unit = d.decision.def().unit;
    let (what, axis) = decision_words(d);
    let fmt = move |x: f64| format::value(x, unit);
    let spec = Spec {
        title: decision_title(d),
        subtitle: format!(
            "{what} Box: middle half of trials (P25–P75); whiskers: P5–P95; bar: median; diamond: mean; dashed line: {} mean.",
            d.baseline().name
        ),
        axis,
        pick: &|sp: &SplitData| sp.decision.as_ref(),
        fmt: &fmt,
        tick: &tick_for(unit),
        min_pad: if unit == crate::core::metrics::Unit::Ratio {
            0.005
        } else {
            1.0
        },
    };
    draw_dist(area, d, &spec)
}

/// Draws the distribution of cost of sales by split.
pub fn draw_cost<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, d: &ChartData) -> Drawn<DB> {
    let spec = Spec {
        title: cost_title(d),
        subtitle: format!(
            "Cost of sales (pay, commission, travel, hiring, management) as a share of revenue over {} months, per trial. \
             Box: P25–P75; whiskers: P5–P95; bar: median; diamond: mean; dashed line: {} mean.",
            d.horizon_months,
            d.baseline().name
        ),
        axis: "Cost of sales / revenue (%)".into(),
        pick: &|sp: &SplitData| sp.cost_of_sales.as_ref(),
        fmt: &format::pct,
        tick: &tick_pct,
        min_pad: 0.005,
    };
    draw_dist(area, d, &spec)
}

fn draw_dist<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &ChartData,
    spec: &Spec,
) -> Drawn<DB> {
    let f = frame(area, d, &spec.title, &spec.subtitle)?;
    let name_t = Txt::new(LABEL).bold();
    let val_t = Txt::new(LABEL);
    let head_t = Txt::new(NOTE).color(MUTED);

    // Left: split names (wrapped to two lines); right: the mean column.
    let names = NameColumn::new(d.splits.iter().map(|sp| sp.name.as_str()), name_t, 400, 2);
    let name_w = names.width;
    let means: Vec<String> = d
        .splits
        .iter()
        .map(|sp| (spec.pick)(sp).map_or("n/a".into(), |q| (spec.fmt)(q.mean)))
        .collect();
    let mean_w = means
        .iter()
        .map(|m| val_t.width(m))
        .chain([head_t.width("Mean")])
        .max()
        .unwrap_or(0);

    let x0 = f.left + name_w + 28;
    let x1 = f.right - mean_w - 36;
    let top = f.top + 16;
    let bottom = f.bottom - x_axis_height();

    let qs: Vec<&Quantiles> = d.splits.iter().filter_map(|sp| (spec.pick)(sp)).collect();
    let lo = qs
        .iter()
        .map(|q| q.p5.min(q.mean))
        .fold(f64::INFINITY, f64::min);
    let hi = qs
        .iter()
        .map(|q| q.p95.max(q.mean))
        .fold(f64::NEG_INFINITY, f64::max);
    // A little room so nothing sits on the frame.
    let pad = (hi - lo) * 0.03;
    let (lo, hi) = (lo - pad, hi + pad);
    let tick = spec.tick;
    let sc = Scale::fitted(
        lo,
        hi,
        spec.min_pad,
        (x0, x1),
        |v| Txt::new(TICK).width(&tick(v)),
        28,
    );
    x_axis(area, &sc, (top, bottom), spec.tick, &spec.axis)?;

    text(area, "Mean", (f.right, f.top), HPos::Right, head_t)?;

    let n = d.splits.len().max(1) as i32;
    let row_h = (bottom - top) / n;
    let box_h = (row_h / 2).clamp(14, 64);

    if let Some(bq) = (spec.pick)(d.baseline()) {
        let x = sc.px(bq.mean);
        dashed(area, (x, top), (x, bottom), MUTED, 2, (10, 7))?;
    }

    for (i, sp) in d.splits.iter().enumerate() {
        let cy = top + row_h * i as i32 + row_h / 2;
        names.draw(area, i, (f.left, cy), sp.color)?;
        text(
            area,
            &means[i],
            (f.right, cy + val_t.cap() / 2),
            HPos::Right,
            val_t,
        )?;
        let Some(q) = (spec.pick)(sp) else {
            text(
                area,
                "undefined in every trial",
                (x0 + 12, cy + val_t.cap() / 2),
                HPos::Left,
                Txt::new(NOTE).color(MUTED),
            )?;
            continue;
        };
        let (y0, y1) = (cy - box_h / 2, cy + box_h / 2);
        // Whiskers P5-P95 with end caps.
        let (w5, w95) = (sc.px(q.p5), sc.px(q.p95));
        line(area, vec![(w5, cy), (w95, cy)], INK, 2)?;
        for x in [w5, w95] {
            line(area, vec![(x, cy - box_h / 4), (x, cy + box_h / 4)], INK, 2)?;
        }
        // Box P25-P75 (at least 3 px wide, so equal values still show).
        let (mut b0, mut b1) = (sc.px(q.p25), sc.px(q.p75));
        if b1 - b0 < 3 {
            let c = (b0 + b1) / 2;
            b0 = c - 1;
            b1 = c + 2;
        }
        fill(area, (b0, y0), (b1, y1), tint(sp.color, 0.45))?;
        outline(area, (b0, y0), (b1, y1), sp.color, 2)?;
        let xm = sc.px(q.p50);
        fill(area, (xm - 2, y0), (xm + 2, y1), INK)?;
        diamond(area, (sc.px(q.mean), cy), box_h / 4 + 4, BG, INK)?;
    }
    Ok(())
}
