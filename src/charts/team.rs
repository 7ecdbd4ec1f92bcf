//! Chart 5: team and cost. Per split, left: the target team by role and
//! managers (P10-P90 whiskers where it varies across trials); right: the
//! cost of sales over the horizon split into pay, commission, travel, hiring,
//! management and the transition's one-off cost, with the total and its
//! share of revenue.

use super::data::{COST_PARTS, ChartData};
use super::*;
use crate::core::format;
use crate::core::metrics::Unit;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

fn count(x: f64) -> String {
    format::value(x, Unit::Count)
}

fn team_words(hc: &[Option<super::data::Range>; 3]) -> String {
    let mut parts = Vec::new();
    let mut total = 0.0;
    for (r, label) in ["field", "inside"].iter().enumerate() {
        if let Some(h) = &hc[r]
            && h.mean > 0.0
        {
            parts.push(format!("{} {label}", count(h.mean)));
            total += h.mean;
        }
    }
    if parts.is_empty() {
        "no reps".into()
    } else if total == 1.0 {
        parts.join(" + ") + " rep"
    } else {
        parts.join(" + ") + " reps"
    }
}

/// The chart's title: its finding, in words.
pub fn title(d: &ChartData) -> String {
    let base = d.baseline();
    let Some(lead) = d.lead() else {
        let cost = base
            .sales_cost
            .as_ref()
            .map(|s| {
                format!(
                    "; cost of sales {} over {} months",
                    format::money(s.mean),
                    d.horizon_months
                )
            })
            .unwrap_or_default();
        return format!("{}: {}{cost}", base.name, team_of(base));
    };
    let cost = lead
        .sales_cost_delta
        .as_ref()
        .map(|x| {
            format!(
                "; cost of sales {} over {} months",
                format::money_signed(x.mean),
                d.horizon_months
            )
        })
        .unwrap_or_default();
    format!(
        "{}: {} instead of {}{cost}",
        lead.name,
        team_of(lead),
        team_of(base)
    )
}

/// A split's team in words: for a split reduced by attrition, the target
/// it reaches as the reps above it quit (they are paid until then).
fn team_of(sp: &SplitData) -> String {
    if sp.by_attrition {
        format!(
            "a target of {}, reached by attrition,",
            team_words(&sp.headcount)
        )
    } else {
        team_words(&sp.headcount)
    }
}

/// The subtitle: what is drawn, and that a split reduced by attrition pays
/// the reps above its target until they quit.
pub fn subtitle(d: &ChartData) -> String {
    let attrition: Vec<&str> = d
        .splits
        .iter()
        .filter(|sp| sp.by_attrition)
        .map(|sp| sp.name.as_str())
        .collect();
    let paid = if attrition.is_empty() {
        String::new()
    } else {
        format!(
            " A split reduced by attrition ({}) pays the reps above its target until they quit.",
            format::list(&attrition, "and", usize::MAX)
        )
    };
    format!(
        "Left: each split's target team of reps and managers (mean; whiskers P10–P90 where it varies across trials). \
         Right: cost of sales over {} months, undiscounted, by part (means over {} trials).{paid}",
        d.horizon_months,
        format::thousands(d.trials as f64)
    )
}

/// Draws the chart on any backend.
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, d: &ChartData) -> Drawn<DB> {
    let f = frame(area, d, &title(d), &subtitle(d))?;
    let name_t = Txt::new(LABEL).bold();
    let small = Txt::new(NOTE);
    let head_t = Txt::new(LABEL).bold();

    let names = NameColumn::new(d.splits.iter().map(|sp| sp.name.as_str()), name_t, 300, 2);
    let name_w = names.width;

    // Panel columns.
    let a0 = f.left + name_w + 28;
    let gap = 70;
    let usable = f.right - a0 - gap;
    let a1 = a0 + usable * 36 / 100;
    let b0 = a1 + gap;
    let b1 = f.right;

    // Headings and the cost legend.
    let head_y = f.top + head_t.cap();
    text(area, "Target team", (a0, head_y), HPos::Left, head_t)?;
    text(
        area,
        &format!("Cost of sales over {} months", d.horizon_months),
        (b0, head_y),
        HPos::Left,
        head_t,
    )?;
    let leg_y = head_y + 18 + small.cap();
    let mut lx = b0;
    for (k, (label, _)) in COST_PARTS.iter().enumerate() {
        // A part no split has (e.g. no transition) stays out of the key.
        if d.splits.iter().all(|sp| sp.costs[k] <= 0.0) {
            continue;
        }
        cost_fill(area, (lx, leg_y - small.cap()), (lx + 24, leg_y), k)?;
        outline(
            area,
            (lx, leg_y - small.cap()),
            (lx + 24, leg_y),
            GREYS[2],
            1,
        )?;
        lx += 30;
        text(area, label, (lx, leg_y), HPos::Left, small)?;
        lx += small.width(label) + 22;
    }
    let mut hx = a0;
    for (r, label) in ["Field", "Inside", "Managers"].iter().enumerate() {
        let c = role_fill(r, d.baseline().color);
        fill(area, (hx, leg_y - small.cap()), (hx + 24, leg_y), c)?;
        outline(
            area,
            (hx, leg_y - small.cap()),
            (hx + 24, leg_y),
            GREYS[2],
            1,
        )?;
        hx += 30;
        text(area, label, (hx, leg_y), HPos::Left, small)?;
        hx += small.width(label) + 22;
    }

    let top = leg_y + 24;
    let bottom = f.bottom - x_axis_height();

    // Scales.
    let max_hc = d
        .splits
        .iter()
        .flat_map(|sp| sp.headcount.iter().flatten().map(|h| h.p90.max(h.mean)))
        .fold(0.0, f64::max);
    let hc_label_w = small.width("888 managers") + 12;
    let sa = Scale::counts(max_hc, (a0, a1 - hc_label_w), 6);
    let totals: Vec<f64> = d.splits.iter().map(|sp| sp.costs.iter().sum()).collect();
    let total_labels: Vec<String> = d
        .splits
        .iter()
        .zip(&totals)
        .map(|(sp, t)| total_label(sp, *t))
        .collect();
    let tl_w = total_labels
        .iter()
        .map(|l| small.width(l))
        .max()
        .unwrap_or(0)
        + 12;
    let max_cost = totals.iter().copied().fold(0.0, f64::max);
    let sb = Scale::fitted(
        0.0,
        max_cost,
        1.0,
        (b0, b1 - tl_w),
        |v| Txt::new(TICK).width(&tick_money(v)),
        24,
    );
    x_axis(area, &sa, (top, bottom), &tick_count, "People")?;
    x_axis(
        area,
        &sb,
        (top, bottom),
        &tick_money,
        "Cost of sales, undiscounted ($)",
    )?;

    let n = d.splits.len().max(1) as i32;
    let row_h = (bottom - top) / n;
    for (i, sp) in d.splits.iter().enumerate() {
        let row_top = top + row_h * i as i32;
        let cy = row_top + row_h / 2;
        names.draw(area, i, (f.left, cy), sp.color)?;

        // Headcount: three thin bars.
        let inner = (row_h - 12).max(12);
        let bh = (inner / 3).min(30);
        let start = cy - bh * 3 / 2;
        for (r, h) in sp.headcount.iter().enumerate() {
            let y0 = start + bh * r as i32;
            let (y0, y1) = (y0 + 2, y0 + bh - 2);
            let ym = (y0 + y1) / 2;
            let Some(h) = h else { continue };
            let (xz, xe) = (sa.px(0.0), sa.px(h.mean));
            if xe > xz {
                fill(area, (xz, y0), (xe, y1), role_fill(r, sp.color))?;
            }
            let mut end = xe;
            if h.varies() {
                let (w0, w1) = (sa.px(h.p10), sa.px(h.p90));
                line(area, vec![(w0, ym), (w1, ym)], INK, 2)?;
                for x in [w0, w1] {
                    line(area, vec![(x, y0 + 2), (x, y1 - 2)], INK, 2)?;
                }
                end = end.max(w1);
            }
            let label = match r {
                0 => format!("{} field", count(h.mean)),
                1 => format!("{} inside", count(h.mean)),
                _ => count_of(h.mean, "manager", "managers"),
            };
            text(
                area,
                &label,
                (end + 8, ym + small.cap() / 2),
                HPos::Left,
                small,
            )?;
        }

        // Cost: one stacked bar.
        let (y0, y1) = (cy - row_h * 3 / 10, cy + row_h * 3 / 10);
        let mut acc = 0.0;
        for (k, &c) in sp.costs.iter().enumerate() {
            if c <= 0.0 {
                continue;
            }
            let (x0, x1) = (sb.px(acc), sb.px(acc + c));
            acc += c;
            cost_fill(area, (x0, y0), (x1.max(x0 + 1), y1), k)?;
            let label = format::money(c);
            if k < TRANSITION && x1 - x0 >= small.width(&label) + 12 {
                text(
                    area,
                    &label,
                    ((x0 + x1) / 2, cy + small.cap() / 2),
                    HPos::Center,
                    small.color(text_on(GREYS[k])),
                )?;
            }
        }
        outline(
            area,
            (sb.px(0.0), y0),
            (sb.px(acc).max(sb.px(0.0) + 1), y1),
            GREYS[1],
            1,
        )?;
        text(
            area,
            &total_labels[i],
            (sb.px(acc) + 10, cy + small.cap() / 2),
            HPos::Left,
            small.bold(),
        )?;
    }
    Ok(())
}

/// A split's total cost of sales and its share of revenue. The share is the
/// `cost_of_sales` metric (the mean of each trial's ratio; docs/model.md,
/// "Metrics"), the number the table, the report and the other charts print,
/// not the mean cost over the mean revenue, which differs from it.
pub fn total_label(sp: &SplitData, total: f64) -> String {
    let share = sp
        .cost_of_sales
        .as_ref()
        .map(|q| format!(" · {} of revenue", format::pct(q.mean)))
        .unwrap_or_default();
    format!("{}{share}", format::money(total))
}

/// The position of the transition's one-off cost in [`COST_PARTS`].
const TRANSITION: usize = 5;

/// A cost part's box: running costs in greys by lightness, the one-off cost
/// of the transition striped, so it reads as different in any colour vision.
fn cost_fill<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    from: (i32, i32),
    to: (i32, i32),
    k: usize,
) -> Drawn<DB> {
    if k == TRANSITION {
        stripes(area, from, to, GREYS[3], GREYS[0])
    } else {
        fill(area, from, to, GREYS[k])
    }
}

/// Field reps in the split's colour, inside reps lighter, managers grey.
fn role_fill(r: usize, c: RGBColor) -> RGBColor {
    match r {
        0 => c,
        1 => tint(c, 0.55),
        _ => GREYS[2],
    }
}
