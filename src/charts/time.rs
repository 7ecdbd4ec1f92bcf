//! Chart 4: where the time goes. Per split and role, a stacked bar of an
//! average filled rep-year: selling (in the split's colour), travel, admin,
//! ramp-up (hours lost while new hires come up to speed, its own segment)
//! and idle (paid capacity the accounts cannot use), with the selling hours
//! labelled.

use super::data::{ChartData, RoleTime, best_by};
use super::*;
use crate::core::format;
use crate::core::role::{ByRole, Role};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

const ROLES: ByRole<&str> = ByRole::new("Field", "Inside");

/// The chart's title: its finding, in words.
pub fn title(d: &ChartData) -> String {
    let base = d.baseline();
    let base_h = base.selling_hours_outside.as_ref().map(|s| s.mean);
    let best = best_by(d.others(), |sp| {
        sp.selling_hours_outside_delta.as_ref().map(|x| x.mean)
    });
    match (best, base_h) {
        (Some(sp), Some(b)) => {
            let Some(h) = sp.selling_hours_outside.as_ref().map(|s| s.mean) else {
                return "Where the time goes".into();
            };
            let change = if b > 0.0 {
                format!(" ({:+.0}%)", 100.0 * (h - b) / b)
            } else {
                String::new()
            };
            let dir = if h >= b { "up" } else { "down" };
            // Splits whose hours read the same as the best's tie with it:
            // naming one of them would promote it over the others.
            let shown = format::thousands(h);
            let tied: Vec<&str> = d
                .others()
                .iter()
                .filter(|o| {
                    o.selling_hours_outside
                        .as_ref()
                        .is_some_and(|x| format::thousands(x.mean) == shown)
                })
                .map(|o| o.name.as_str())
                .collect();
            let who = if tied.len() > 1 {
                format!("{} splits tie ({})", tied.len(), tied.join("; "))
            } else {
                sp.name.clone()
            };
            format!(
                "{who}: field reps sell {shown} h a year, {dir} from {} h{change}",
                format::thousands(b)
            )
        }
        (None, Some(b)) => format!(
            "{}: field reps spend {} h a year selling",
            base.name,
            format::thousands(b)
        ),
        _ => "Where the time goes: an average rep-year".into(),
    }
}

fn subtitle(d: &ChartData) -> String {
    format!(
        "An average filled rep-year, in hours (means over {} trials). Ramp-up: hours new hires lose while they come up to speed. \
         Idle: paid hours beyond what the accounts can use. Vacant seats are not counted.",
        format::thousands(d.trials as f64)
    )
}

/// Colours of the five uses; selling takes the split's colour.
fn part_color(i: usize, split: RGBColor) -> RGBColor {
    match i {
        0 => split,
        1 => GREYS[1],
        2 => GREYS[2],
        3 => GREYS[3],
        _ => GREYS[4],
    }
}

/// Draws the chart on any backend.
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, d: &ChartData) -> Drawn<DB> {
    let f = frame(area, d, &title(d), &subtitle(d))?;
    let name_t = Txt::new(LABEL).bold();
    let role_t = Txt::new(NOTE);
    let seg_t = Txt::new(NOTE - 2.0);
    let sell_t = Txt::new(NOTE).bold();

    // Legend.
    let legend = [
        "Selling (split colour)",
        "Travel",
        "Admin",
        "Ramp-up",
        "Idle",
    ];
    let mut lx = f.left;
    let ly = f.top + role_t.cap();
    for (i, l) in legend.iter().enumerate() {
        let c = if i == 0 {
            d.baseline().color
        } else {
            part_color(i, INK)
        };
        fill(area, (lx, ly - role_t.cap()), (lx + 28, ly), c)?;
        outline(area, (lx, ly - role_t.cap()), (lx + 28, ly), GREYS[2], 1)?;
        lx += 36;
        text(area, l, (lx, ly), HPos::Left, role_t)?;
        lx += role_t.width(l) + 30;
    }

    let names = NameColumn::new(d.splits.iter().map(|sp| sp.name.as_str()), name_t, 300, 2);
    let name_w = names.width;
    let role_labels: Vec<ByRole<String>> = d
        .splits
        .iter()
        .map(|sp| {
            ByRole::from_fn(|r| match &sp.roles[r] {
                Some(rt) => format!("{} ({})", ROLES[r], count_of(rt.headcount, "rep", "reps")),
                None => ROLES[r].to_string(),
            })
        })
        .collect();
    let role_w = role_labels
        .iter()
        .flat_map(|l| [&l.outside, &l.inside])
        .map(|l| role_t.width(l))
        .max()
        .unwrap_or(0);
    let sell_labels: Vec<ByRole<String>> = d
        .splits
        .iter()
        .map(|sp| {
            ByRole::from_fn(|r| match &sp.roles[r] {
                Some(rt) => format!("{} h selling", format::thousands(rt.selling)),
                None => String::new(),
            })
        })
        .collect();
    let sell_w = sell_labels
        .iter()
        .flat_map(|l| [&l.outside, &l.inside])
        .map(|l| sell_t.width(l))
        .max()
        .unwrap_or(0);

    let x_role = f.left + name_w + 24;
    let x0 = x_role + role_w + 16;
    let x1 = f.right - sell_w - 24;
    let top = ly + 26;
    let bottom = f.bottom - x_axis_height();
    let max_total = d
        .splits
        .iter()
        .flat_map(|sp| {
            sp.roles
                .iter()
                .filter_map(|(_, rt)| rt.as_ref().map(RoleTime::total))
        })
        .fold(0.0, f64::max);
    let sc = Scale::nice(0.0, max_total, 6, 1.0, (x0, x1));
    x_axis(area, &sc, (top, bottom), &tick_count, "Hours per rep-year")?;

    let n_rows = (d.splits.len() * 2) as i32;
    let row_h = (bottom - top) / n_rows.max(1);
    let bar_h = ((row_h as f64) * 0.62).round() as i32;
    for (i, sp) in d.splits.iter().enumerate() {
        let g_top = top + row_h * 2 * i as i32;
        if i > 0 {
            line(area, vec![(f.left, g_top), (f.right, g_top)], GRID, 1)?;
        }
        let cy = g_top + row_h;
        names.draw(area, i, (f.left, cy), sp.color)?;
        for r in Role::ALL {
            let ry = g_top + row_h * r.index() as i32 + row_h / 2;
            let muted = sp.roles[r].is_none();
            text(
                area,
                &role_labels[i][r],
                (x_role, ry + role_t.cap() / 2),
                HPos::Left,
                if muted { role_t.color(FAINT) } else { role_t },
            )?;
            let Some(rt) = &sp.roles[r] else {
                text(
                    area,
                    &format!("no {} reps in this split", ROLES[r].to_lowercase()),
                    (x0 + 10, ry + role_t.cap() / 2),
                    HPos::Left,
                    role_t.color(FAINT),
                )?;
                continue;
            };
            let (y0, y1) = (ry - bar_h / 2, ry + bar_h / 2);
            let mut acc = 0.0;
            for (k, (_, hours)) in rt.parts().iter().enumerate() {
                if *hours <= 0.0 {
                    continue;
                }
                let (a, b) = (sc.px(acc), sc.px(acc + hours));
                acc += hours;
                let c = part_color(k, sp.color);
                fill(area, (a, y0), (b.max(a + 1), y1), c)?;
                if k == 4 {
                    outline(area, (a, y0), (b.max(a + 1), y1), GREYS[2], 1)?;
                }
                let label = format::thousands(*hours);
                if b - a >= seg_t.width(&label) + 12 {
                    let t = if k == 0 { seg_t.bold() } else { seg_t };
                    text(
                        area,
                        &label,
                        ((a + b) / 2, ry + t.cap() / 2),
                        HPos::Center,
                        t.color(text_on(c)),
                    )?;
                }
            }
            text(
                area,
                &sell_labels[i][r],
                (x1 + 14, ry + sell_t.cap() / 2),
                HPos::Left,
                sell_t,
            )?;
        }
    }
    Ok(())
}
