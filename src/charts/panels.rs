//! Small multiples over the months of the horizon: one panel per split on
//! shared axes (a value axis down the left of each row, the months along
//! the bottom of each panel), the split's name over its panel, and the
//! first empty cell of the grid free for a key. The monthly revenue chart
//! and the J-curve of the move draw their series into these panels.

use super::frame::Frame;
use super::scale::{Scale, tick_width, y_axis};
use super::shapes::line;
use super::style::{AXIS, GRID, LABEL, MUTED, NOTE, TICK};
use super::text::{Txt, fit_lines, swatch, text, text_up};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

/// The grid of panels laid out in a chart's frame.
pub struct Panels {
    n: usize,
    cols: usize,
    rows: usize,
    grid_left: i32,
    grid_top: i32,
    cell_w: i32,
    cell_h: i32,
    plot_h: i32,
    lo: f64,
    hi: f64,
    horizon: u32,
    months: Vec<f64>,
}

/// Space between panels across.
const GAP_X: i32 = 36;

/// Month ticks: every 12 months over long horizons, down to every month.
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

impl Panels {
    /// Lays out `n` panels in the frame `f`, with values from `lo` to `hi`
    /// labelled by `tick`, and draws the axis titles of the whole grid.
    pub fn new<DB: DrawingBackend>(
        area: &DrawingArea<DB, Shift>,
        f: &Frame,
        n: usize,
        (lo, hi): (f64, f64),
        (y_title, tick): (&str, &dyn Fn(f64) -> String),
        horizon: u32,
    ) -> Result<Panels, DrawingAreaErrorKind<DB::ErrorType>> {
        let cols = match n {
            1 => 1,
            2 | 4 => 2,
            3 | 5 | 6 | 9 => 3,
            _ => 4,
        };
        let rows = n.div_ceil(cols);
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
        let tick_w = tick_width(&probe, tick);
        let grid_left = f.left + lt.cap() + 16 + tick_w + 12;
        let cell_w = (f.right - grid_left) / cols as i32;
        text_up(
            area,
            y_title,
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
        Ok(Panels {
            n,
            cols,
            rows,
            grid_left,
            grid_top,
            cell_w,
            cell_h,
            plot_h,
            lo,
            hi,
            horizon,
            months: month_ticks(horizon),
        })
    }

    /// The first empty cell of the grid, for a key: its left, the baseline
    /// of its first line, and its width.
    pub fn spare(&self) -> Option<(i32, i32, i32)> {
        if self.n >= self.rows * self.cols {
            return None;
        }
        let (r, c) = ((self.n / self.cols) as i32, (self.n % self.cols) as i32);
        let pt = Txt::new(LABEL).bold();
        Some((
            self.grid_left + self.cell_w * c + 10,
            self.grid_top + self.cell_h * r + pt.line() + 12 + 20,
            self.cell_w,
        ))
    }

    /// Draws panel `i`: the split's name with its colour, the value grid
    /// (with its ticks in the first column), the month ticks; returns the
    /// panel's month and value scales.
    pub fn panel<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        i: usize,
        (name, color): (&str, RGBColor),
        tick: &dyn Fn(f64) -> String,
    ) -> Result<(Scale, Scale), DrawingAreaErrorKind<DB::ErrorType>> {
        let tt = Txt::new(TICK);
        let pt = Txt::new(LABEL).bold();
        let (r, c) = ((i / self.cols) as i32, (i % self.cols) as i32);
        let cx0 = self.grid_left + self.cell_w * c;
        let cx1 = cx0 + self.cell_w - if c + 1 < self.cols as i32 { GAP_X } else { 0 };
        let cy0 = self.grid_top + self.cell_h * r;
        let p_top = cy0 + pt.line() + 12;
        let p_bottom = p_top + self.plot_h;
        let sy = Scale::fitted(
            self.lo,
            self.hi,
            1.0,
            (p_bottom, p_top),
            |_| tt.line() + 4,
            10,
        );
        let sx = Scale {
            lo: 1.0,
            hi: f64::from(self.horizon.max(2)),
            p0: cx0,
            p1: cx1,
            ticks: self.months.clone(),
        };
        swatch(area, (cx0, cy0 + pt.cap()), pt, color)?;
        // The name shrinks, then wraps to two lines, in the room above the
        // plot, rather than losing the words that tell two splits apart.
        let (nt, lines) = fit_lines(
            name,
            pt,
            cx1 - cx0 - pt.cap() - 12,
            p_top - 4 - cy0,
            NOTE - 3.0,
        );
        for (k, l) in lines.iter().enumerate() {
            text(
                area,
                l,
                (cx0 + pt.cap() + 12, cy0 + nt.cap() + nt.line() * k as i32),
                HPos::Left,
                nt,
            )?;
        }
        if c == 0 {
            y_axis(area, &sy, (cx0, cx1), tick, None)?;
        } else {
            for &v in &sy.ticks {
                let y = sy.px(v);
                line(area, vec![(cx0, y), (cx1, y)], GRID, 1)?;
            }
            line(area, vec![(cx0, p_top), (cx0, p_bottom)], AXIS, 1)?;
        }
        for &v in &self.months {
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
        Ok((sx, sy))
    }
}
