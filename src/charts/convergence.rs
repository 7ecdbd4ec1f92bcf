//! The convergence chart of precision control (`--precision METRIC:HALF_WIDTH`
//! on `run`, `sweep` and `size`): for each compared split (run), sweep
//! point or team (size), the running mean of the paired difference of the
//! target metric against the baseline after each batch of trials, with its
//! 95% interval, and the final mean ± the target half-width dashed. One
//! small panel each (at most [`MAX_PANELS`]); every panel spans the same
//! range of the metric around its own final mean, so interval widths
//! compare across panels and the dashed target lines sit at the same height.

use super::*;
use crate::analysis::precision::Outcome;
use crate::core::format;
use crate::core::metrics::Unit;
use crate::scenario::Scenario;
use crate::sim::BATCH;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

/// The most panels a convergence chart shows.
pub const MAX_PANELS: usize = 8;

/// One line of the chart: which runner and split of the history it follows.
#[derive(Clone, Debug)]
pub struct Series {
    /// What the panel shows, in full.
    pub label: String,
    /// A shorter label for narrow panels.
    pub short: String,
    /// The split's colour.
    pub color: RGBColor,
    /// Which runner of the history it follows.
    pub runner: usize,
    /// Which split of that runner.
    pub split: usize,
}

/// The convergence chart of one precision-controlled command.
pub struct Convergence<'a> {
    /// What precision control did, with its history.
    pub outcome: &'a Outcome,
    /// The baseline's name.
    pub baseline: String,
    /// The split every panel is about (sweep, size), if one is.
    pub subject: Option<String>,
    /// One panel each.
    pub series: Vec<Series>,
    /// Which runs the panels show, in words (for the subtitle).
    pub which: String,
    /// The provenance line.
    pub footer: String,
}

/// The split a sweep or a grid reports, as each of its runs holds it: its
/// index in the scenario restricted to it, the baseline and the current
/// split (`None` when it is the baseline, whose difference is zero), and
/// its colour in the run's charts.
pub fn subject(s: &Scenario, split: &str) -> (Option<usize>, RGBColor) {
    let k = s.split_index(split).ok();
    let pos = k.and_then(|k| {
        let mut r = s.clone();
        let pos = r.restrict_to(k);
        (pos != r.baseline).then_some(pos)
    });
    (pos, named_split_color(s, split))
}

/// One round of a series: trials, mean, and the 95% interval.
type Pt = (f64, f64, f64, f64);

impl Convergence<'_> {
    fn unit(&self) -> Unit {
        self.outcome.target.metric.def().unit
    }

    fn metric_noun(&self) -> String {
        format::metric_noun(self.outcome.target.metric)
    }

    /// A half-width in the metric's unit ("$50.0k", "0.2 pt").
    fn width(&self, x: f64) -> String {
        match self.unit() {
            Unit::Ratio => format!("{:.2} pt", 100.0 * x),
            u => format::value(x, u),
        }
    }

    fn points(&self, s: &Series) -> Vec<Pt> {
        self.outcome
            .history
            .iter()
            .filter_map(|round| {
                let d = round.deltas.get(s.runner)?.get(s.split)?.as_ref()?;
                let (lo, hi) = (d.ci95_low?, d.ci95_high?);
                [d.mean, lo, hi].iter().all(|v| v.is_finite()).then_some((
                    round.trials as f64,
                    d.mean,
                    lo,
                    hi,
                ))
            })
            .collect()
    }

    fn subtitle(&self) -> String {
        let of = self
            .subject
            .as_ref()
            .map(|s| format!(" of {s}"))
            .unwrap_or_default();
        let when = match self.outcome.history.len() {
            1 => format!(
                "at the one check, after {} trials",
                format::thousands(self.outcome.trials as f64)
            ),
            _ => format!(
                "after each batch of {} trials",
                format::thousands(BATCH as f64)
            ),
        };
        let main = format!(
            "Running mean of the paired difference in {}{of} against {} (line) and its 95% interval (band), {when}; \
             dashed: final mean ±target.",
            self.metric_noun(),
            self.baseline,
        );
        let st = Txt::new(SUBTITLE);
        let short = format!(
            "Running mean of the paired difference in {} against {} (line), its 95% interval (band); dashed: final mean ±target.",
            self.metric_noun(),
            fit(&self.baseline, st, 400),
        );
        // The frame shows two lines: drop what matters least until it fits.
        first_fitting(
            vec![
                format!(
                    "{main} Panels: {}, all spanning the same range.",
                    self.which
                ),
                format!("{main} Panels: {}.", self.which),
                format!("{short} Panels: {}.", self.which),
                short,
            ],
            subtitle_fits,
        )
    }
}

impl Chart for Convergence<'_> {
    fn title(&self) -> String {
        let o = self.outcome;
        let target = self.width(o.target.half_width);
        let trials = format::thousands(o.trials as f64);
        let worst = o
            .worst_half_width
            .map(|w| format!("±{}", self.width(w)))
            .unwrap_or_else(|| "undefined".into());
        if o.met {
            format!(
                "Precision target met after {trials} trials: every 95% interval of the {} difference is within ±{target} (widest {worst})",
                self.metric_noun()
            )
        } else {
            format!(
                "Precision target not met at the cap of {trials} trials: the widest 95% interval of the {} difference is {worst}, above ±{target}",
                self.metric_noun()
            )
        }
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        let f = frame_with(area, &self.title(), &self.subtitle(), &self.footer)?;
        let series: Vec<(&Series, Vec<Pt>)> = self
            .series
            .iter()
            .map(|s| (s, self.points(s)))
            .filter(|(_, p)| !p.is_empty())
            .collect();
        if series.is_empty() {
            return empty_note(
                area,
                &f,
                "No paired difference with an interval to show (fewer than 2 trials, or nothing compared).",
            );
        }
        let target = self.outcome.target.half_width;

        // One half-range for every panel, around each panel's final mean:
        // wide enough for every interval, clipping early ones much wider than
        // the final ones, and for the target lines unless the target is far
        // looser than anything shown (then they are off the scale, and the
        // key says so).
        let finals: Vec<f64> = series.iter().map(|(_, p)| p[p.len() - 1].1).collect();
        let final_hw = series
            .iter()
            .map(|(_, p)| {
                let l = p[p.len() - 1];
                (l.3 - l.2) / 2.0
            })
            .fold(0.0, f64::max);
        let dev = series
            .iter()
            .zip(&finals)
            .flat_map(|((_, p), m)| p.iter().map(move |q| (q.2 - m).abs().max((q.3 - m).abs())))
            .fold(0.0, f64::max);
        let show_target = target <= 4.0 * dev.max(final_hw);
        let wanted = if show_target {
            dev.max(1.25 * target)
        } else {
            dev
        };
        let cap = (3.0 * final_hw).max(if show_target { 1.25 * target } else { 0.0 });
        let half = wanted.min(cap) * 1.06;
        let half = if half > 0.0 { half } else { 1.25 * target };

        // Legend row.
        let kt = Txt::new(NOTE);
        let c0 = series[0].0.color;
        let target_key = if show_target {
            format!("Final mean ±target (±{})", self.width(target))
        } else {
            format!(
                "Final mean ±target (±{}: off the scale)",
                self.width(target)
            )
        };
        let items = vec![
            (
                Mark::Band(tint(c0, 0.7)),
                "95% interval of the mean difference".to_string(),
            ),
            (Mark::Line(c0, 4), "Running mean".to_string()),
            (Mark::Dashed(INK, 2), target_key),
        ];
        let key_y = f.top + kt.cap();
        keys(area, &items, (f.left, key_y), kt)?;

        let n = series.len();
        let cols = match n {
            1 => 1,
            2 | 4 => 2,
            3 | 5 | 6 => 3,
            _ => 4,
        };
        let rows = n.div_ceil(cols) as i32;
        let lt = Txt::new(LABEL);
        let tt = Txt::new(TICK).color(MUTED);
        let pt = Txt::new(NOTE).bold();
        let fmt: &dyn Fn(f64) -> String = match self.unit() {
            Unit::Money => &tick_money,
            Unit::Ratio => &tick_pct,
            _ => &tick_count,
        };
        let grid_top = key_y + 30;
        let grid_bottom = f.bottom - (lt.cap() + 16);
        let gap_y = 26;
        let cell_h = (grid_bottom - grid_top + gap_y) / rows;
        let plot_h = cell_h - pt.line() - 10 - (tt.cap() + 16) - gap_y;
        // Tick labels: each panel has its own, so measure the widest.
        let y_scale = |m: f64, (p0, p1): (i32, i32)| {
            let mut s = Scale::exact(m - half, m + half, 4, 1e-12, (p0, p1));
            if s.ticks.len() > 5 {
                s = Scale::exact(m - half, m + half, 3, 1e-12, (p0, p1));
            }
            s
        };
        let tick_w = finals
            .iter()
            .map(|&m| tick_width(&y_scale(m, (plot_h, 0)), fmt))
            .max()
            .unwrap_or(0);
        let axis_x = f.left;
        let grid_left = f.left + lt.cap() + 16;
        let panel_gap = 44;
        let cell_w = (f.right - grid_left + panel_gap) / cols as i32;

        let unit = match self.unit() {
            Unit::Money => " ($)",
            Unit::Ratio => " (%)",
            _ => "",
        };
        let room = grid_bottom - grid_top;
        let prefix = format!("Difference in {} vs ", self.metric_noun());
        let base = fit(
            &self.baseline,
            lt,
            room - lt.width(&prefix) - lt.width(unit),
        );
        text_up(
            area,
            &format!("{prefix}{base}{unit}"),
            (axis_x + lt.cap(), (grid_top + grid_bottom) / 2),
            lt,
        )?;

        let max_trials = self.outcome.trials.max(1) as f64;
        let first_trials = series
            .iter()
            .map(|(_, p)| p[0].0)
            .fold(max_trials, f64::min);
        for (idx, ((s, pts), &m)) in series.iter().zip(&finals).enumerate() {
            let (r, c) = ((idx / cols) as i32, (idx % cols) as i32);
            let cx0 = grid_left + cell_w * c;
            let cx1 = cx0 + cell_w - panel_gap;
            let cy0 = grid_top + cell_h * r;
            let p_top = cy0 + pt.line() + 10;
            let p_bottom = p_top + plot_h;
            let left = cx0 + tick_w + 14;
            let right = cx1 - tt.width(&format::thousands(max_trials)) / 2;
            let sy = y_scale(m, (p_bottom, p_top));
            let sx = x_scale(first_trials, max_trials, (left, right), tt);

            // Panel heading: name, and the final half-width on the right.
            let l = pts[pts.len() - 1];
            let hw = (l.3 - l.2) / 2.0;
            let right_note = format!("±{}", self.width(hw));
            let note_t = Txt::new(NOTE).color(if hw < target { MUTED } else { PALETTE[3] });
            let rw = note_t.width(&right_note);
            text(
                area,
                &right_note,
                (cx1, cy0 + pt.cap()),
                HPos::Right,
                note_t,
            )?;
            swatch(area, (cx0, cy0 + pt.cap()), pt, s.color)?;
            let room = cx1 - cx0 - pt.cap() - 12 - rw - 12;
            let name = if pt.width(&s.label) <= room {
                s.label.clone()
            } else {
                fit(&s.short, pt, room)
            };
            text(
                area,
                &name,
                (cx0 + pt.cap() + 10, cy0 + pt.cap()),
                HPos::Left,
                pt,
            )?;

            y_axis(area, &sy, (left, right), fmt, None)?;
            if sy.px(0.0) < p_bottom - 6 && sy.px(0.0) > p_top + 6 {
                let y0 = sy.px(0.0);
                line(area, vec![(left, y0), (right, y0)], AXIS, 2)?;
            }
            for &v in &sx.ticks {
                let x = sx.px(v);
                line(area, vec![(x, p_bottom), (x, p_bottom + 6)], AXIS, 1)?;
                text(
                    area,
                    &format::thousands(v),
                    (x, p_bottom + 10 + tt.cap()),
                    HPos::Center,
                    tt,
                )?;
            }
            line(area, vec![(left, p_bottom), (right, p_bottom)], AXIS, 1)?;

            // Band, target lines, mean.
            let band_c = tint(s.color, 0.7);
            let xs: Vec<i32> = pts.iter().map(|p| sx.px(p.0)).collect();
            if pts.len() >= 2 {
                let mut poly: Vec<(i32, i32)> = pts
                    .iter()
                    .zip(&xs)
                    .map(|(p, &x)| (x, sy.px_clamped(p.3)))
                    .collect();
                poly.extend(
                    pts.iter()
                        .zip(&xs)
                        .rev()
                        .map(|(p, &x)| (x, sy.px_clamped(p.2))),
                );
                area.draw(&Polygon::new(poly, band_c.filled()))?;
            } else {
                let (x, y0, y1) = (xs[0], sy.px_clamped(l.3), sy.px_clamped(l.2));
                fill(area, (x - 10, y0), (x + 10, y1.max(y0 + 1)), band_c)?;
            }
            for v in [m - target, m + target] {
                if show_target && v >= sy.lo && v <= sy.hi {
                    let y = sy.px(v);
                    dashed(area, (left, y), (right, y), INK, 2, (6, 4))?;
                }
            }
            let mean: Vec<(i32, i32)> = pts
                .iter()
                .zip(&xs)
                .map(|(p, &x)| (x, sy.px_clamped(p.1)))
                .collect();
            if mean.len() >= 2 {
                line(area, mean.clone(), s.color, 3)?;
            }
            if mean.len() <= 40 {
                for &p in &mean {
                    area.draw(&Circle::new(p, 5, BG.filled()))?;
                    area.draw(&Circle::new(p, 4, s.color.filled()))?;
                }
            }
        }
        // The x axis title under the last row.
        let last_row_bottom = grid_top
            + cell_h * (rows - 1)
            + pt.line()
            + 10
            + plot_h
            + 10
            + tt.cap()
            + 14
            + lt.cap();
        text(
            area,
            "Trials",
            ((grid_left + f.right) / 2, last_row_bottom),
            HPos::Center,
            lt,
        )?;
        Ok(())
    }
}

/// Trials from the first check to the last (not from zero: nothing is
/// known before the first batch), a little inset so the end points clear
/// the axes, with round ticks inside; one check sits in the middle.
fn x_scale(first: f64, last: f64, (p0, p1): (i32, i32), tt: Txt) -> Scale {
    if last <= first {
        let pad = first.max(1.0) * 0.5;
        return Scale {
            lo: first - pad,
            hi: first + pad,
            p0,
            p1,
            ticks: vec![first],
        };
    }
    let inset = (last - first) * 0.04;
    for target in [6, 5, 4, 3, 2] {
        let mut s = Scale::exact(first, last, target, 1.0, (p0, p1));
        let widest = s
            .ticks
            .iter()
            .map(|&v| tt.width(&format::thousands(v)))
            .max()
            .unwrap_or(0);
        let room = f64::from(p1 - p0) * (s.ticks.get(1).map_or(last, |t| *t) - s.ticks[0])
            / (last - first + 2.0 * inset);
        if f64::from(widest + 18) <= room || target == 2 {
            s.lo = first - inset;
            s.hi = last + inset;
            return s;
        }
    }
    unreachable!("the last target always returns")
}
