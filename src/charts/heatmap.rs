//! The chart of `keysplit size`: the grid of teams searched, field reps (y)
//! by inside reps (x), each cell coloured by the objective on a light-to-dark
//! blue ramp (darker is better), its value printed where it fits. Teams that
//! fail a constraint are hatched grey, the recommended team is outlined
//! heavily, the workload build-up team carries a ring, and cells a
//! coarse-then-fine search did not evaluate are left blank.

use super::convergence::{Convergence, MAX_PANELS, Series, subject};
use super::*;
use crate::analysis::precision::{Outcome, half_width};
use crate::analysis::size::{Cell, Objective, Sizing};
use crate::core::format;
use crate::core::metrics::{Metric, Unit};
use crate::scenario::Scenario;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

/// ColorBrewer "Blues" (Brewer and Harrower 2003, 9 classes) without its
/// near-white first class: sequential, one hue, so it reads in every colour
/// vision and in greyscale.
const BLUES: [RGBColor; 8] = [
    RGBColor(0xDE, 0xEB, 0xF7),
    RGBColor(0xC6, 0xDB, 0xEF),
    RGBColor(0x9E, 0xCA, 0xE1),
    RGBColor(0x6B, 0xAE, 0xD6),
    RGBColor(0x42, 0x92, 0xC6),
    RGBColor(0x21, 0x71, 0xB5),
    RGBColor(0x08, 0x51, 0x9C),
    RGBColor(0x08, 0x30, 0x6B),
];

/// The ramp at `t` in [0, 1] (0 lightest), interpolated between classes.
pub fn ramp(t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.5
    };
    let x = t * (BLUES.len() - 1) as f64;
    let i = (x.floor() as usize).min(BLUES.len() - 2);
    let f = x - i as f64;
    let (a, b) = (BLUES[i], BLUES[i + 1]);
    let m = |p: u8, q: u8| (f64::from(p) + (f64::from(q) - f64::from(p)) * f).round() as u8;
    RGBColor(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

/// The heat map of a sizing.
pub struct Heatmap<'a> {
    /// The sizing.
    pub z: &'a Sizing,
    /// Months simulated.
    pub horizon_months: u32,
    /// The provenance line.
    pub footer: String,
}

/// The provenance line under a sizing's charts.
fn footer(z: &Sizing, s: &Scenario) -> String {
    footer_text(
        &z.scenario,
        &format!("{} trials per team", format::thousands(z.trials as f64)),
        s.seed,
        s.horizon_months,
    )
}

/// The heat map with its file stem.
pub fn chart<'a>(z: &'a Sizing, s: &Scenario) -> (String, Heatmap<'a>) {
    let footer = footer(z, s);
    (
        "size-heatmap".into(),
        Heatmap {
            z,
            horizon_months: s.horizon_months,
            footer,
        },
    )
}

impl Heatmap<'_> {
    fn unit(&self) -> Unit {
        self.z.objective.metric().def().unit
    }

    fn value(&self, v: f64) -> String {
        format::value(v, self.unit())
    }

    fn tick(&self, v: f64) -> String {
        tick_for(self.unit())(v)
    }

    fn maximise(&self) -> bool {
        self.z.objective.metric().def().higher_is_better
    }

    fn objective_title(&self) -> String {
        let h = self.horizon_months;
        match self.z.objective {
            Objective::Mean(Metric::Ltv) => {
                format!("Mean lifetime value over {h} months, discounted ($)")
            }
            Objective::P10Ltv => format!("P10 of lifetime value over {h} months, discounted ($)"),
            Objective::Mean(Metric::LtvWithTerminal) => {
                format!("Mean lifetime value over {h} months plus terminal value, discounted ($)")
            }
            Objective::Mean(Metric::CostOfSales) => "Mean cost of sales / revenue (%)".into(),
            Objective::Mean(m) => format!("Mean {}", format::in_sentence(m.def().label)),
        }
    }

    /// The workload build-up team, rounded, as (field, inside).
    fn build_up(&self) -> (u32, u32) {
        let r = |x: f64| {
            if x.is_finite() {
                x.round().max(0.0) as u32
            } else {
                0
            }
        };
        (
            r(self.z.sized_headcount.outside),
            r(self.z.sized_headcount.inside),
        )
    }

    /// The range of the objective over the cells that get a colour (the
    /// feasible ones).
    fn domain(&self) -> Option<(f64, f64)> {
        let vs = self
            .z
            .cells
            .iter()
            .filter(|c| c.feasible)
            .filter_map(|c| c.objective)
            .filter(|v| v.is_finite());
        let (lo, hi) = vs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
        (lo <= hi).then_some((lo, hi))
    }

    /// The fill of a feasible cell: darker is better.
    fn color_of(&self, v: f64, (lo, hi): (f64, f64)) -> RGBColor {
        if hi <= lo {
            // One value: it is the best there is.
            return ramp(1.0);
        }
        let t = (v - lo) / (hi - lo);
        ramp(if self.maximise() { t } else { 1.0 - t })
    }

    fn subtitle(&self) -> String {
        let z = self.z;
        let what = match z.objective.label() {
            l if l.starts_with("mean") => format!("M{}", &l[1..]),
            l => l,
        };
        let cons = if z.constraints.is_empty() {
            String::new()
        } else {
            let list: Vec<&str> = z.constraints.iter().map(|c| c.text.as_str()).collect();
            format!(" Hatched: fails {}.", list.join(", "))
        };
        let trials = format::thousands(z.trials as f64);
        let st = Txt::new(SUBTITLE);
        let split = |w: i32| fit(&z.split, st, w);
        // The recommendation's paired difference from the baseline, when
        // there is room for it.
        let detail = crate::output::size::versus(z)
            .and_then(|v| v.detail)
            .map(|d| format!(" Recommended team against {}: {d}.", z.baseline))
            .unwrap_or_default();
        first_fitting(
            vec![
                format!(
                    "{what} of {} per team of fixed field and inside reps, {trials} trials each, same random draws; darker is better.{cons}{detail}",
                    split(500)
                ),
                format!(
                    "{what} of {} per team, {trials} trials each; darker is better.{cons}{detail}",
                    split(300)
                ),
                format!(
                    "{what} of {} for each team of fixed field and inside reps, {trials} trials per team on the same random draws; darker is better.{cons}",
                    z.split
                ),
                format!(
                    "{what} of {} per team of fixed field and inside reps, {trials} trials each, same random draws; darker is better.{cons}",
                    split(500)
                ),
                format!(
                    "{what} of {} per team, {trials} trials each; darker is better.{cons}",
                    split(300)
                ),
                format!(
                    "{what} of {} per team, {trials} trials each; darker is better; hatched: fails a constraint.",
                    split(300)
                ),
            ],
            subtitle_fits,
        )
    }
}

/// The first sentence of `s` (without its full stop) and the rest.
fn split_sentence(s: &str) -> (String, String) {
    match s.find(". ") {
        Some(i) => (s[..i].to_string(), s[i + 2..].trim().to_string()),
        None => (
            s.trim_end().trim_end_matches('.').to_string(),
            String::new(),
        ),
    }
}

impl Chart for Heatmap<'_> {
    fn title(&self) -> String {
        init_fonts();
        let z = self.z;
        let (first, _) = split_sentence(&crate::output::size::sentence(z));
        if title_fits(&first) {
            return first;
        }
        let cands = match z.best {
            Some(b) => {
                let c = &z.cells[b];
                // Whether the best team still loses to the baseline belongs
                // in the title: a leader reads the recommendation as a win.
                let versus = crate::output::size::versus(z)
                    .map(|v| format!(", {}", v.phrase))
                    .unwrap_or_default();
                let (o, i) = (c.outside, c.inside);
                match c.objective {
                    Some(v) => vec![
                        format!(
                            "Recommended: {o} field and {i} inside reps; {} {}{versus}",
                            z.objective.label(),
                            self.value(v)
                        ),
                        format!(
                            "Recommended: {o} field + {i} inside reps, {}{versus}",
                            self.value(v)
                        ),
                        format!("Recommended: {o} field + {i} inside reps{versus}"),
                    ],
                    None => vec![format!("Recommended: {o} field and {i} inside reps")],
                }
            }
            None => vec![format!(
                "No team with {}..{} field and {}..{} inside reps meets every constraint",
                z.outside.0, z.outside.1, z.inside.0, z.inside.1
            )],
        };
        match cands.iter().find(|t| title_fits(t)) {
            Some(t) => t.clone(),
            None => fit(
                cands.last().map_or("", String::as_str),
                Txt::new(TITLE).bold(),
                WIDTH as i32 - 2 * MARGIN,
            ),
        }
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        let z = self.z;
        let f = frame_with(area, &self.title(), &self.subtitle(), &self.footer)?;
        if z.cells.is_empty() {
            return empty_note(area, &f, "No team was evaluated.");
        }
        let lt = Txt::new(LABEL);
        let tt = Txt::new(TICK).color(MUTED);
        let kt = Txt::new(NOTE);

        // Right: the colour bar and the key.
        let panel_w = 330;
        let panel_x = f.right - panel_w;

        // Left: the grid, axes around it.
        let rows: Vec<u32> = (z.outside.0..=z.outside.1).rev().collect();
        let cols: Vec<u32> = (z.inside.0..=z.inside.1).collect();
        let row_w = rows
            .iter()
            .map(|r| tt.width(&r.to_string()))
            .max()
            .unwrap_or(0);
        let avail_l = f.left + lt.cap() + 16 + row_w + 14;
        let avail_r = panel_x - 60;
        let avail_t = f.top + 6;
        let avail_b = f.bottom - x_axis_height();
        // Cells no larger than a comfortable label box, so a small grid does
        // not turn into a few huge blocks; the grid is centred in its room.
        let cw = ((avail_r - avail_l) / cols.len() as i32).clamp(1, 190);
        let ch = ((avail_b - avail_t) / rows.len() as i32).clamp(1, 110);
        let gw = cw * cols.len() as i32;
        let gh = ch * rows.len() as i32;
        let gx0 = avail_l + (avail_r - avail_l - gw) / 2;
        let gy0 = avail_t + (avail_b - avail_t - gh) / 2;
        let (gx1, gy1) = (gx0 + gw, gy0 + gh);
        let cell_box = |o: u32, i: u32| {
            let r = (z.outside.1 - o) as i32;
            let c = (i - z.inside.0) as i32;
            (
                gx0 + c * cw,
                gy0 + r * ch,
                gx0 + (c + 1) * cw,
                gy0 + (r + 1) * ch,
            )
        };

        // Axis labels: every k-th row and column, as many as fit.
        let every = |room: i32, need: i32| -> u32 {
            [1u32, 2, 5, 10, 20, 50, 100, 200, 500]
                .into_iter()
                .find(|&k| room * k as i32 >= need)
                .unwrap_or(1000)
        };
        let kr = every(ch, tt.line() + 2);
        let col_w = cols
            .iter()
            .map(|c| tt.width(&c.to_string()))
            .max()
            .unwrap_or(0);
        let kc = every(cw, col_w + 10);
        for &o in &rows {
            if !(o - z.outside.0).is_multiple_of(kr) {
                continue;
            }
            let (x0, y0, _, y1) = cell_box(o, z.inside.0);
            let y = (y0 + y1) / 2;
            line(area, vec![(x0 - 6, y), (x0, y)], AXIS, 1)?;
            text(
                area,
                &o.to_string(),
                (x0 - 10, y + tt.cap() / 2),
                HPos::Right,
                tt,
            )?;
        }
        for &i in &cols {
            if !(i - z.inside.0).is_multiple_of(kc) {
                continue;
            }
            let (x0, _, x1, _) = cell_box(z.outside.0, i);
            let x = (x0 + x1) / 2;
            line(area, vec![(x, gy1), (x, gy1 + 6)], AXIS, 1)?;
            text(
                area,
                &i.to_string(),
                (x, gy1 + 10 + tt.cap()),
                HPos::Center,
                tt,
            )?;
        }
        text(
            area,
            "Inside reps",
            ((gx0 + gx1) / 2, gy1 + 10 + tt.cap() + 14 + lt.cap()),
            HPos::Center,
            lt,
        )?;
        text_up(
            area,
            "Field reps",
            (gx0 - row_w - 24 - lt.size as i32, (gy0 + gy1) / 2),
            lt,
        )?;
        outline(area, (gx0 - 1, gy0 - 1), (gx1, gy1), GRID, 1)?;

        // Cells.
        let domain = self.domain();
        let gap = if cw >= 12 && ch >= 12 { 2 } else { 0 };
        let vt = [Txt::new(NOTE), Txt::new(FOOT), Txt::new(16.0)];
        let sample = self.value(
            z.cells
                .iter()
                .filter_map(|c| c.objective)
                .fold(0.0, |a: f64, b| if b.abs() > a.abs() { b } else { a }),
        );
        // One text size for every cell: the largest that fits the widest value.
        let value_t = vt
            .iter()
            .copied()
            .find(|t| t.width(&sample) + 10 <= cw - gap && t.cap() + 10 <= ch - gap);
        for c in &z.cells {
            let (x0, y0, x1, y1) = cell_box(c.outside, c.inside);
            let (x0, y0, x1, y1) = (x0 + gap / 2, y0 + gap / 2, x1 - gap / 2, y1 - gap / 2);
            let fillc = match (c.feasible, c.objective, domain) {
                (true, Some(v), Some(d)) => {
                    let col = self.color_of(v, d);
                    fill(area, (x0, y0), (x1, y1), col)?;
                    Some(col)
                }
                _ => {
                    hatch(area, (x0, y0), (x1, y1))?;
                    None
                }
            };
            if let Some(t) = value_t {
                let s = c.objective.map(|v| self.value(v)).unwrap_or("n/a".into());
                let t = match fillc {
                    Some(col) => t.color(text_on(col)),
                    None => t.color(MUTED),
                };
                text(
                    area,
                    &s,
                    ((x0 + x1) / 2, (y0 + y1) / 2 + t.cap() / 2),
                    HPos::Center,
                    t,
                )?;
            }
        }

        // The build-up team: a ring in its cell's corner (centred in small cells).
        let (bo, bi) = self.build_up();
        let in_grid =
            (z.outside.0..=z.outside.1).contains(&bo) && (z.inside.0..=z.inside.1).contains(&bi);
        if in_grid {
            let (x0, y0, x1, y1) = cell_box(bo, bi);
            let r = ((cw.min(ch)) / 5).clamp(4, 11);
            let (x, y) = if value_t.is_some() && cw >= 6 * r && ch >= 4 * r {
                (x1 - r - 9, y0 + r + 9)
            } else {
                ((x0 + x1) / 2, (y0 + y1) / 2)
            };
            ring(area, (x, y), r)?;
        }
        // The teams that cannot be told apart from the recommendation: an
        // orange outline, which reads on light and dark cells alike.
        for &i in &z.near_best {
            let c: &Cell = &z.cells[i];
            let (x0, y0, x1, y1) = cell_box(c.outside, c.inside);
            outline(area, (x0 + 2, y0 + 2), (x1 - 2, y1 - 2), NEAR, 3)?;
        }
        // The recommendation, outlined last so nothing covers it.
        if let Some(b) = z.best {
            let c: &Cell = &z.cells[b];
            let (x0, y0, x1, y1) = cell_box(c.outside, c.inside);
            // Black with a white line inside, so it reads on light and dark cells.
            let w = if cw.min(ch) >= 20 { 5 } else { 3 };
            let inset = w as i32 / 2;
            outline(
                area,
                (x0 + inset, y0 + inset),
                (x1 - inset, y1 - inset),
                INK,
                w,
            )?;
            let i2 = w as i32 + 1;
            if x1 - x0 > 2 * i2 + 12 && y1 - y0 > 2 * i2 + 12 {
                outline(area, (x0 + i2, y0 + i2), (x1 - i2, y1 - i2), BG, 2)?;
            }
        }

        // The colour bar.
        let bt = Txt::new(NOTE).bold();
        let mut y = f.top + bt.cap();
        for l in wrap(&self.objective_title(), bt, panel_w) {
            text(area, &l, (panel_x, y), HPos::Left, bt)?;
            y += bt.line();
        }
        // The key, one entry per line.
        let mut items: Vec<(Mark, String)> = Vec::new();
        if let Some(b) = z.best {
            let c = &z.cells[b];
            items.push((
                Mark::Outline(INK, 4),
                format!("Recommended: {} field + {} inside", c.outside, c.inside),
            ));
        }
        if !z.near_best.is_empty() {
            items.push((
                Mark::Outline(NEAR, 3),
                "Cannot be told apart from it (paired 95% interval holds 0)".into(),
            ));
        }
        items.push((
            Mark::Ring,
            format!(
                "Workload build-up: {} field + {} inside{}",
                bo,
                bi,
                if in_grid { "" } else { " (off the grid)" }
            ),
        ));
        if z.cells.iter().any(|c| !c.feasible) {
            items.push((Mark::Hatched, "Fails a constraint".into()));
        }
        let missing = rows.len() * cols.len() > z.cells.len();
        if missing {
            items.push((
                Mark::Outline(GRID, 1),
                "Not evaluated (coarse search)".into(),
            ));
        }
        // What the recommendation's sentence says beyond its first part
        // (e.g. that the best team is on the edge of the grid), but the
        // teams the outlines and the key already show.
        let (_, rest) = split_sentence(&crate::output::size::sentence_with(z, false));
        let note_t = kt.color(MUTED);
        // Room for an ellipsis on any line, should the note be cut.
        let note = if rest.is_empty() {
            Vec::new()
        } else {
            wrap(&rest, note_t, panel_w - note_t.width(" …"))
        };
        let label_w = panel_w - 50;
        let key_lines: Vec<(Mark, Vec<String>)> = items
            .into_iter()
            .map(|(mark, label)| (mark, wrap(&label, kt, label_w)))
            .collect();
        // Below the colour bar: its caption, the key and the note. The bar
        // gives up height (down to a third of its own) before any of
        // them is cut.
        // From the bar's foot to the key's first line: its caption.
        let caption = 14 + kt.cap() + 44;
        let below = caption
            + key_lines
                .iter()
                .map(|(_, l)| l.len().max(1) as i32 * kt.line() + 14)
                .sum::<i32>()
            + if note.is_empty() {
                0
            } else {
                6 + note.len() as i32 * note_t.line()
            };
        let bar_x = panel_x;
        let bar_top = y + 10;
        let bar_w = 30;
        let mut bar_h = (f.bottom - bar_top - below).clamp(80, 240);
        match domain {
            Some((lo, hi)) if hi - lo <= 1e-9 * hi.abs().max(1.0) => {
                // One value: a swatch, not a scale.
                bar_h = bar_w;
                fill(
                    area,
                    (bar_x, bar_top),
                    (bar_x + bar_w, bar_top + bar_h),
                    ramp(1.0),
                )?;
                text(
                    area,
                    &self.value(lo),
                    (bar_x + bar_w + 10, bar_top + bar_h / 2 + tt.cap() / 2),
                    HPos::Left,
                    tt,
                )?;
                text(
                    area,
                    "Every feasible team: the same value",
                    (bar_x, bar_top + bar_h + 14 + kt.cap()),
                    HPos::Left,
                    kt.color(MUTED),
                )?;
            }
            Some((lo, hi)) => {
                // A tick every 35 px or so: the full bar reads to about a
                // sixth of its range, a shrunk one keeps its labels apart.
                let target = usize::try_from(bar_h / 35).unwrap_or(2).clamp(2, 6);
                let sc = Scale::exact(lo, hi, target, 1e-9, (bar_top + bar_h, bar_top));
                for k in 0..bar_h {
                    let v = sc.lo + (sc.hi - sc.lo) * (f64::from(k) + 0.5) / f64::from(bar_h);
                    let col = self.color_of(v, (lo, hi));
                    let yy = bar_top + bar_h - k;
                    fill(area, (bar_x, yy - 1), (bar_x + bar_w, yy), col)?;
                }
                outline(
                    area,
                    (bar_x, bar_top),
                    (bar_x + bar_w, bar_top + bar_h),
                    AXIS,
                    1,
                )?;
                let mut ticks = sc.ticks.clone();
                if ticks.len() < 2 {
                    ticks = vec![lo, hi];
                    ticks.dedup_by(|a, b| a == b);
                }
                // Written as the axes write theirs: exactly, with the same
                // decimals on every tick ("$1.25M, $1.50M", never "$1.5M").
                let labels = tick_labels(&ticks, &|v| self.tick(v));
                for (v, label) in ticks.into_iter().zip(labels) {
                    let yy = sc.px(v);
                    line(
                        area,
                        vec![(bar_x + bar_w, yy), (bar_x + bar_w + 6, yy)],
                        AXIS,
                        1,
                    )?;
                    text(
                        area,
                        &label,
                        (bar_x + bar_w + 10, yy + tt.cap() / 2),
                        HPos::Left,
                        tt,
                    )?;
                }
                let better = if self.maximise() { "higher" } else { "lower" };
                text(
                    area,
                    &format!("Darker: {better}, better"),
                    (bar_x, bar_top + bar_h + 14 + kt.cap()),
                    HPos::Left,
                    kt.color(MUTED),
                )?;
            }
            None => {
                bar_h = kt.line();
                text(
                    area,
                    "No team meets every constraint:",
                    (bar_x, bar_top + kt.cap()),
                    HPos::Left,
                    kt.color(MUTED),
                )?;
                text(
                    area,
                    "no colour scale.",
                    (bar_x, bar_top + kt.cap() + kt.line()),
                    HPos::Left,
                    kt.color(MUTED),
                )?;
            }
        }

        let mut ky = bar_top + bar_h + caption;
        for (mark, lines) in key_lines {
            let first = lines.first().cloned().unwrap_or_default();
            keys(area, &[(mark, first)], (panel_x, ky), kt)?;
            for l in lines.iter().skip(1) {
                ky += kt.line();
                text(area, l, (panel_x + 50, ky), HPos::Left, kt)?;
            }
            ky += kt.line() + 14;
        }
        // A note that still does not fit ends with an ellipsis, never a
        // cut sentence.
        if !note.is_empty() {
            ky += 6;
            for (n, l) in note.iter().enumerate() {
                if ky > f.bottom {
                    break;
                }
                if ky + note_t.line() > f.bottom && n + 1 < note.len() {
                    text(area, &format!("{l} …"), (panel_x, ky), HPos::Left, note_t)?;
                    break;
                }
                text(area, l, (panel_x, ky), HPos::Left, note_t)?;
                ky += note_t.line();
            }
        }
        Ok(())
    }
}

/// The outline of the teams that cannot be told apart from the recommendation.
const NEAR: RGBColor = PALETTE[1];

/// The grid cells (indices into `z.cells`) that the runners of the last
/// precision pass evaluated, in runner order, or `None` if that cannot be
/// told (the history and the record of its teams disagree).
fn last_pass_cells(z: &Sizing, runners: usize) -> Option<Vec<usize>> {
    if z.precision_teams.len() != runners {
        return None;
    }
    z.precision_teams
        .iter()
        .map(|t| z.cells.iter().position(|c| (c.outside, c.inside) == *t))
        .collect()
}

/// The chart of `size --precision`: the recommended team, the workload
/// build-up team, and the teams whose intervals were widest at the end
/// (they decided when to stop), at most [`MAX_PANELS`] of them.
pub fn convergence<'a>(z: &Sizing, s: &Scenario, o: &'a Outcome) -> Convergence<'a> {
    let footer = footer(z, s);
    let (split, color) = subject(s, &z.split);
    let runners = o.history.last().map_or(0, |r| r.deltas.len());
    let baseline = s.splits[s.baseline].name.clone();
    let (Some(cells), Some(k)) = (last_pass_cells(z, runners), split) else {
        return Convergence {
            outcome: o,
            baseline,
            subject: Some(z.split.clone()),
            series: Vec::new(),
            which: "no team".into(),
            footer,
        };
    };
    let final_hw = |runner: usize| {
        o.history
            .last()
            .and_then(|r| r.deltas[runner].get(k).cloned().flatten())
            .as_ref()
            .and_then(half_width)
            .unwrap_or(f64::INFINITY)
    };
    let (bo, bi) = (
        z.sized_headcount.outside.round().max(0.0) as u32,
        z.sized_headcount.inside.round().max(0.0) as u32,
    );
    let runner_of = |cell: usize| cells.iter().position(|&c| c == cell);
    let mut picks: Vec<(usize, &str)> = Vec::new();
    if let Some(r) = z.best.and_then(runner_of) {
        picks.push((r, " (recommended)"));
    }
    if let Some(r) = z
        .cells
        .iter()
        .position(|c| (c.outside, c.inside) == (bo, bi))
        .and_then(runner_of)
        && !picks.iter().any(|p| p.0 == r)
    {
        picks.push((r, " (build-up)"));
    }
    let special = picks.len();
    let mut rest: Vec<usize> = (0..cells.len())
        .filter(|r| !picks.iter().any(|p| p.0 == *r))
        .collect();
    // Widest final interval first; ties in grid order.
    rest.sort_by(|a, b| final_hw(*b).total_cmp(&final_hw(*a)).then(a.cmp(b)));
    let room = MAX_PANELS.saturating_sub(2).max(special) - special;
    picks.extend(rest.iter().take(room).map(|&r| (r, "")));
    let widest = picks.len() - special;
    let series = picks
        .iter()
        .map(|&(r, note)| {
            let c = &z.cells[cells[r]];
            Series {
                label: format!("{} field + {} inside{note}", c.outside, c.inside),
                short: format!("{} + {}{note}", c.outside, c.inside),
                color,
                runner: r,
                split: k,
            }
        })
        .collect();
    let mut parts = Vec::new();
    if picks.iter().any(|p| p.1 == " (recommended)") {
        parts.push("the recommended team".to_string());
    }
    if picks.iter().any(|p| p.1 == " (build-up)") {
        parts.push("the workload build-up team".to_string());
    }
    if widest > 0 {
        parts.push(format!(
            "the {widest} team{} with the widest final interval",
            if widest == 1 { "" } else { "s" }
        ));
    }
    let of = if cells.len() < z.cells.len() {
        format!("{} teams of the last (fine) search pass", cells.len())
    } else {
        format!("{} teams", cells.len())
    };
    Convergence {
        outcome: o,
        baseline,
        subject: Some(z.split.clone()),
        series,
        which: format!("{} (of {of})", join_words(&parts)),
        footer,
    }
}

/// "a", "a and b", "a, b and c".
fn join_words(parts: &[String]) -> String {
    match parts {
        [] => "no team".into(),
        [a] => a.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ramp_runs_light_to_dark() {
        let lum = |c: RGBColor| {
            0.2126 * f64::from(c.0) + 0.7152 * f64::from(c.1) + 0.0722 * f64::from(c.2)
        };
        let mut last = f64::INFINITY;
        for k in 0..=20 {
            let l = lum(ramp(f64::from(k) / 20.0));
            assert!(l < last, "step {k}");
            last = l;
        }
        assert_eq!(ramp(0.0), BLUES[0]);
        assert_eq!(ramp(1.0), BLUES[7]);
        assert_eq!(ramp(f64::NAN), ramp(0.5));
    }

    #[test]
    fn words_join_like_prose() {
        let w = |v: &[&str]| join_words(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(w(&[]), "no team");
        assert_eq!(w(&["a"]), "a");
        assert_eq!(w(&["a", "b"]), "a and b");
        assert_eq!(w(&["a", "b", "c"]), "a, b and c");
    }
}
