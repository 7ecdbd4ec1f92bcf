//! Charts of a run, drawn with plotters: one module per chart kind, each with
//! a `draw` function generic over the drawing backend, so the PNG
//! (`BitMapBackend`) and the SVG (`SVGBackend`) of a chart come from the same
//! code. This module holds what they share: the bundled font, the palette
//! (one colour per split, the same in every chart), text and axis helpers,
//! and [`render_all`], which writes every chart into `charts/`.
//!
//! Layout is done here rather than by plotters' chart builder: every label is
//! measured with the bundled font and placed in pixels, so nothing is clipped
//! and the result is the same on every machine. Output is deterministic: the
//! same run gives the same bytes.

pub mod convergence;
pub mod data;
pub mod distribution;
pub mod frontier;
pub mod heatmap;
pub mod over_time;
pub mod paired;
pub mod raster;
pub mod sensitivity;
pub mod sweep;
pub mod team;
pub mod time;

pub use crate::core::format::{in_trials, share_of_trials};
pub use data::{ChartData, SplitData};

use crate::core::{font, format};
use crate::error::{Error, Result};
use crate::output::Figure;
use crate::scenario::Scenario;
use crate::sim::engine::RunResult;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::sync::Once;

/// Chart size in pixels (16:9, a full slide).
pub const WIDTH: u32 = 1600;
pub const HEIGHT: u32 = 900;

/// The font family name the charts use (the bundled font, [`font::FAMILY`]).
pub const FONT: &str = font::FAMILY;

/// Liberation Sans: (ascender - descender) / units per em = (1854 + 434) / 2048.
/// plotters' ab_glyph backend scales a font so that this box is `size` pixels
/// high, i.e. one em is `size / EM_BOX` pixels.
const EM_BOX: f64 = 2288.0 / 2048.0;
/// Cap height of Liberation Sans (1409 / 2048 em), as a share of `size`.
const CAP: f64 = 1409.0 / 2048.0 / EM_BOX;

/// Registers the bundled font with plotters (once per process).
pub fn init_fonts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Both files are valid TrueType fonts compiled into the binary.
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, font::REGULAR);
        let _ = plotters::style::register_font(FONT, FontStyle::Bold, font::BOLD);
    });
}

// ---------------------------------------------------------------- colours

/// Okabe & Ito (2008) colour-blind safe palette, in the order splits get it
/// (baseline first). Yellow comes late: it is weak on white.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0x00, 0x00, 0x00), // black
    RGBColor(0xF0, 0xE4, 0x42), // yellow
];

pub const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
pub const MUTED: RGBColor = RGBColor(0x55, 0x55, 0x55);
pub const FAINT: RGBColor = RGBColor(0x88, 0x88, 0x88);
pub const GRID: RGBColor = RGBColor(0xE3, 0xE3, 0xE3);
pub const AXIS: RGBColor = RGBColor(0x99, 0x99, 0x99);
pub const BG: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);

/// Greys for categories inside a bar (cost parts, time uses): distinct by
/// lightness alone, so they read in any colour vision, and they never look
/// like a split's colour.
pub const GREYS: [RGBColor; 5] = [
    RGBColor(0x3A, 0x3A, 0x3A),
    RGBColor(0x73, 0x73, 0x73),
    RGBColor(0xA3, 0xA3, 0xA3),
    RGBColor(0xC9, 0xC9, 0xC9),
    RGBColor(0xEC, 0xEC, 0xEC),
];

/// The colour of the split at display position `i`.
pub fn split_color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// The colour of split `k` of a scenario, as every chart of a run shows it
/// (the baseline first, then the others in scenario order).
pub fn scenario_split_color(s: &Scenario, k: usize) -> RGBColor {
    let pos = if k == s.baseline {
        0
    } else {
        1 + (0..k).filter(|&j| j != s.baseline).count()
    };
    split_color(pos)
}

/// `c` mixed with white: `t` = 0 gives `c`, 1 gives white.
pub fn tint(c: RGBColor, t: f64) -> RGBColor {
    let m = |x: u8| (f64::from(x) + (255.0 - f64::from(x)) * t).round() as u8;
    RGBColor(m(c.0), m(c.1), m(c.2))
}

/// Black or white, whichever reads better on `c`.
pub fn text_on(c: RGBColor) -> RGBColor {
    let lum = 0.2126 * f64::from(c.0) + 0.7152 * f64::from(c.1) + 0.0722 * f64::from(c.2);
    if lum > 140.0 { INK } else { BG }
}

// ---------------------------------------------------------------- sizes

/// Text sizes (plotters units: the font's ascender-to-descender box, pixels).
pub const TITLE: f64 = 40.0;
pub const SUBTITLE: f64 = 24.0;
pub const LABEL: f64 = 25.0;
pub const TICK: f64 = 23.0;
pub const NOTE: f64 = 22.0;
pub const FOOT: f64 = 19.0;
pub const MARGIN: i32 = 36;

// ---------------------------------------------------------------- text

pub type Drawn<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A text style: size, weight, colour.
#[derive(Clone, Copy, Debug)]
pub struct Txt {
    pub size: f64,
    pub bold: bool,
    pub color: RGBColor,
}

impl Txt {
    pub const fn new(size: f64) -> Txt {
        Txt {
            size,
            bold: false,
            color: INK,
        }
    }
    pub const fn bold(mut self) -> Txt {
        self.bold = true;
        self
    }
    pub const fn color(mut self, c: RGBColor) -> Txt {
        self.color = c;
        self
    }
    fn font(&self) -> FontDesc<'static> {
        // (FontDesc::style keeps the old face, so build it with its style.)
        let style = if self.bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        };
        FontDesc::new(FontFamily::Name(FONT), self.size, style)
    }
    /// Width of `s` in pixels.
    pub fn width(&self, s: &str) -> i32 {
        match self.font().box_size(s) {
            Ok((w, _)) => w as i32,
            // Unreachable with the bundled font; a rough estimate otherwise.
            Err(_) => (s.chars().count() as f64 * self.size * 0.5) as i32,
        }
    }
    /// Height of capital letters in pixels.
    pub fn cap(&self) -> i32 {
        (self.size * CAP).round() as i32
    }
    /// A comfortable line height in pixels.
    pub fn line(&self) -> i32 {
        (self.size * 1.12).round() as i32
    }
}

/// Draws `s` with its baseline at `y`, aligned at `x` as `h` says.
///
/// Every text of the charts goes through here (top anchor; the SVG is fixed
/// up in [`finish_svg`] to put the baseline where the bitmap backend does).
pub fn text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: &str,
    (x, y): (i32, i32),
    h: HPos,
    t: Txt,
) -> Drawn<DB> {
    if s.is_empty() {
        return Ok(());
    }
    let style = TextStyle::from(t.font())
        .color(&t.color)
        .pos(Pos::new(h, VPos::Top));
    let top = y - (t.size / 2.0).round() as i32;
    area.draw(&Text::new(s.to_string(), (x, top), style))
}

/// Draws `s` rotated to read bottom-to-top, centred on `(x, y)`; `x` is the
/// baseline.
pub fn text_up<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: &str,
    (x, y): (i32, i32),
    t: Txt,
) -> Drawn<DB> {
    let style = TextStyle::from(t.font().transform(FontTransform::Rotate270))
        .color(&t.color)
        .pos(Pos::new(HPos::Center, VPos::Top));
    let left = x - (t.size / 2.0).round() as i32;
    area.draw(&Text::new(s.to_string(), (left, y), style))
}

/// Greedy word wrap to lines at most `max_w` pixels wide (a word longer than
/// that gets a line of its own).
pub fn wrap(s: &str, t: Txt, max_w: i32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in s.split_whitespace() {
        let cand = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if t.width(&cand) <= max_w || cur.is_empty() {
            cur = cand;
        } else {
            lines.push(std::mem::replace(&mut cur, word.to_string()));
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Shortens `s` with an ellipsis until it fits in `max_w` pixels.
pub fn fit(s: &str, t: Txt, max_w: i32) -> String {
    if t.width(s) <= max_w {
        return s.to_string();
    }
    let chars: Vec<char> = s.chars().collect();
    for n in (1..chars.len()).rev() {
        let cand: String = chars[..n].iter().collect::<String>().trim_end().to_string() + "…";
        if t.width(&cand) <= max_w {
            return cand;
        }
    }
    "…".into()
}

/// The column of split names left of a chart: each name wrapped to at most
/// `max_lines` lines of `max_w` pixels (the last one shortened with an
/// ellipsis if need be), after a swatch of the split's colour.
pub struct NameColumn {
    pub lines: Vec<Vec<String>>,
    /// Pixels the column needs, swatch included.
    pub width: i32,
    pub t: Txt,
}

impl NameColumn {
    pub fn new<'a>(
        names: impl Iterator<Item = &'a str>,
        t: Txt,
        max_w: i32,
        max_lines: usize,
    ) -> NameColumn {
        let lines: Vec<Vec<String>> = names
            .map(|n| {
                let mut l = wrap(n, t, max_w);
                if l.len() > max_lines {
                    let rest = l[max_lines - 1..].join(" ");
                    l.truncate(max_lines - 1);
                    l.push(fit(&rest, t, max_w));
                }
                l
            })
            .collect();
        let width = lines
            .iter()
            .flatten()
            .map(|l| t.width(l))
            .max()
            .unwrap_or(0)
            + t.cap()
            + 12;
        NameColumn { lines, width, t }
    }

    /// Draws name `i` from `x`, centred vertically on `cy`.
    pub fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        i: usize,
        (x, cy): (i32, i32),
        color: RGBColor,
    ) -> Drawn<DB> {
        let t = self.t;
        let lines = &self.lines[i];
        let lh = t.line();
        let first = cy + t.cap() / 2 - lh * (lines.len() as i32 - 1) / 2;
        swatch(area, (x, first), t, color)?;
        for (j, l) in lines.iter().enumerate() {
            text(
                area,
                l,
                (x + t.cap() + 12, first + lh * j as i32),
                HPos::Left,
                t,
            )?;
        }
        Ok(())
    }
}

/// `n` with its noun: "1 rep", "4 reps", "1.5 reps".
pub fn count_of(n: f64, one: &str, many: &str) -> String {
    let s = format::value(n, crate::core::metrics::Unit::Count);
    if s == "1" {
        format!("{s} {one}")
    } else {
        format!("{s} {many}")
    }
}

// ---------------------------------------------------------------- shapes

pub fn fill<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x0, y0): (i32, i32),
    (x1, y1): (i32, i32),
    c: impl Into<ShapeStyle>,
) -> Drawn<DB> {
    let style: ShapeStyle = c.into();
    area.draw(&Rectangle::new([(x0, y0), (x1, y1)], style.filled()))
}

pub fn outline<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x0, y0): (i32, i32),
    (x1, y1): (i32, i32),
    c: RGBColor,
    w: u32,
) -> Drawn<DB> {
    area.draw(&Rectangle::new([(x0, y0), (x1, y1)], c.stroke_width(w)))
}

pub fn line<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    pts: Vec<(i32, i32)>,
    c: impl Into<ShapeStyle>,
    w: u32,
) -> Drawn<DB> {
    let style: ShapeStyle = c.into();
    area.draw(&PathElement::new(pts, style.stroke_width(w)))
}

/// A dashed straight line.
pub fn dashed<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x0, y0): (i32, i32),
    (x1, y1): (i32, i32),
    c: RGBColor,
    w: u32,
    (dash, gap): (i32, i32),
) -> Drawn<DB> {
    let (dx, dy) = (f64::from(x1 - x0), f64::from(y1 - y0));
    let len = (dx * dx + dy * dy).sqrt();
    if len < 1.0 {
        return Ok(());
    }
    let mut s = 0.0;
    while s < len {
        let e = (s + f64::from(dash)).min(len);
        let p = |d: f64| {
            (
                x0 + (dx * d / len).round() as i32,
                y0 + (dy * d / len).round() as i32,
            )
        };
        line(area, vec![p(s), p(e)], c, w)?;
        s += f64::from(dash + gap);
    }
    Ok(())
}

/// A diamond marker (the mean, in every chart).
pub fn diamond<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x, y): (i32, i32),
    r: i32,
    fill_c: RGBColor,
    edge: RGBColor,
) -> Drawn<DB> {
    let pts = vec![(x, y - r), (x + r, y), (x, y + r), (x - r, y)];
    area.draw(&Polygon::new(pts.clone(), fill_c.filled()))?;
    let mut closed = pts;
    closed.push((x, y - r));
    line(area, closed, edge, 2)
}

/// A small filled square in a split's colour, before its name.
pub fn swatch<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x, baseline): (i32, i32),
    t: Txt,
    c: RGBColor,
) -> Drawn<DB> {
    let s = t.cap();
    fill(area, (x, baseline - s), (x + s, baseline), c)
}

// ---------------------------------------------------------------- scales

/// A linear map from data values to pixels.
#[derive(Clone, Debug)]
pub struct Scale {
    pub lo: f64,
    pub hi: f64,
    pub p0: i32,
    pub p1: i32,
    pub ticks: Vec<f64>,
}

impl Scale {
    /// A scale over `[lo, hi]` widened to round ticks, about `target` of them.
    /// Equal or non-finite ends are padded (by `min_pad` at least) so the
    /// axis is never empty.
    pub fn nice(lo: f64, hi: f64, target: usize, min_pad: f64, (p0, p1): (i32, i32)) -> Scale {
        let (lo, hi) = padded(lo, hi, min_pad);
        let step = nice_step((hi - lo) / target.max(1) as f64);
        let k0 = (lo / step + 1e-9).floor();
        let k1 = (hi / step - 1e-9).ceil();
        let ticks: Vec<f64> = (0..=((k1 - k0) as i64).max(1))
            .map(|i| clean((k0 + i as f64) * step))
            .collect();
        Scale {
            lo: k0 * step,
            hi: ticks.last().copied().unwrap_or(k1 * step),
            p0,
            p1,
            ticks,
        }
    }

    /// A scale over exactly `[lo, hi]` with round ticks inside it.
    pub fn exact(lo: f64, hi: f64, target: usize, min_pad: f64, (p0, p1): (i32, i32)) -> Scale {
        let (lo, hi) = padded(lo, hi, min_pad);
        let step = nice_step((hi - lo) / target.max(1) as f64);
        let k0 = (lo / step - 1e-9).ceil() as i64;
        let k1 = (hi / step + 1e-9).floor() as i64;
        let ticks = (k0..=k1).map(|k| clean(k as f64 * step)).collect();
        Scale {
            lo,
            hi,
            p0,
            p1,
            ticks,
        }
    }

    /// Like [`Scale::nice`], with as many ticks as fit when each label is
    /// `label_w(tick)` pixels wide with `gap` pixels between them.
    pub fn fitted(
        lo: f64,
        hi: f64,
        min_pad: f64,
        (p0, p1): (i32, i32),
        label_w: impl Fn(f64) -> i32,
        gap: i32,
    ) -> Scale {
        let mut last = None;
        for target in [8, 7, 6, 5, 4, 3, 2] {
            let s = Scale::nice(lo, hi, target, min_pad, (p0, p1));
            let widest = s.ticks.iter().map(|&t| label_w(t)).max().unwrap_or(0);
            let room = (p1 - p0).abs() / (s.ticks.len().max(2) as i32 - 1);
            if widest + gap <= room {
                return s;
            }
            last = Some(s);
        }
        last.unwrap_or_else(|| Scale::nice(lo, hi, 2, min_pad, (p0, p1)))
    }

    /// A scale for counts of people: whole-number ticks from zero, with
    /// room above `hi`.
    pub fn counts(hi: f64, (p0, p1): (i32, i32), max_ticks: usize) -> Scale {
        let hi = if hi.is_finite() { hi.max(0.0) } else { 0.0 };
        let mut step = 1.0;
        for s in [
            1.0, 2.0, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0, 200.0, 250.0, 500.0, 1000.0,
        ] {
            step = s;
            if (hi / s).ceil() + 1.0 <= max_ticks.max(2) as f64 {
                break;
            }
        }
        let top = ((hi / step).floor() + 1.0) * step;
        let n = (top / step).round() as i64;
        Scale {
            lo: 0.0,
            hi: top,
            p0,
            p1,
            ticks: (0..=n).map(|k| k as f64 * step).collect(),
        }
    }

    pub fn px(&self, v: f64) -> i32 {
        let span = self.hi - self.lo;
        let f = if span > 0.0 {
            (v - self.lo) / span
        } else {
            0.5
        };
        (f64::from(self.p0) + f * f64::from(self.p1 - self.p0)).round() as i32
    }

    /// `px`, kept inside the scale's pixel range.
    pub fn px_clamped(&self, v: f64) -> i32 {
        let (a, b) = (self.p0.min(self.p1), self.p0.max(self.p1));
        self.px(v).clamp(a, b)
    }
}

fn clean(x: f64) -> f64 {
    // Round away float noise (0.30000000000000004) and negative zero.
    let r = (x * 1e9).round() / 1e9;
    if r == 0.0 { 0.0 } else { r }
}

fn padded(lo: f64, hi: f64, min_pad: f64) -> (f64, f64) {
    let (lo, hi) = match (lo.is_finite(), hi.is_finite()) {
        (true, true) => (lo.min(hi), lo.max(hi)),
        (true, false) => (lo, lo),
        (false, true) => (hi, hi),
        (false, false) => (0.0, 0.0),
    };
    let span = hi - lo;
    if span > 1e-9 * lo.abs().max(hi.abs()) && span >= min_pad * 1e-6 {
        return (lo, hi);
    }
    let pad = (lo.abs().max(hi.abs()) * 0.1).max(min_pad);
    (lo - pad, hi + pad)
}

fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let m = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 2.5 {
        2.5
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    m * mag
}

/// Tick labels in a metric's unit, from the shared formatters.
pub fn tick_money(v: f64) -> String {
    format::money(v)
}
pub fn tick_pct(v: f64) -> String {
    // Whole percents when the ticks are whole.
    if ((v * 100.0) - (v * 100.0).round()).abs() < 1e-9 {
        format!("{:.0}%", v * 100.0)
    } else {
        format::pct(v)
    }
}
pub fn tick_count(v: f64) -> String {
    format::thousands(v)
}

/// A horizontal value axis under a plot: grid lines from `top` to `bottom`,
/// tick labels under `bottom`, and the axis title under them. Returns the
/// y of the lowest ink.
pub fn x_axis<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sc: &Scale,
    (top, bottom): (i32, i32),
    fmt: &dyn Fn(f64) -> String,
    title: &str,
) -> Result<i32, DrawingAreaErrorKind<DB::ErrorType>> {
    let tt = Txt::new(TICK).color(MUTED);
    for &v in &sc.ticks {
        let x = sc.px(v);
        line(area, vec![(x, top), (x, bottom)], GRID, 1)?;
        line(area, vec![(x, bottom), (x, bottom + 6)], AXIS, 1)?;
        text(area, &fmt(v), (x, bottom + 10 + tt.cap()), HPos::Center, tt)?;
    }
    line(area, vec![(sc.p0, bottom), (sc.p1, bottom)], AXIS, 1)?;
    let lt = Txt::new(LABEL);
    let y = bottom + 10 + tt.cap() + 14 + lt.cap();
    text(area, title, ((sc.p0 + sc.p1) / 2, y), HPos::Center, lt)?;
    Ok(y + (lt.size * 0.25) as i32)
}

/// Height that [`x_axis`] needs under the plot.
pub fn x_axis_height() -> i32 {
    10 + Txt::new(TICK).cap() + 14 + Txt::new(LABEL).cap() + (LABEL * 0.25) as i32
}

/// A vertical value axis left of a plot: grid lines from `left` to `right`,
/// tick labels right-aligned left of `left`, and a rotated title at
/// `title_x`. Returns nothing; see [`y_axis_width`] for the room it needs.
pub fn y_axis<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sc: &Scale,
    (left, right): (i32, i32),
    fmt: &dyn Fn(f64) -> String,
    title: Option<(&str, i32)>,
) -> Drawn<DB> {
    let tt = Txt::new(TICK).color(MUTED);
    for &v in &sc.ticks {
        let y = sc.px(v);
        line(area, vec![(left, y), (right, y)], GRID, 1)?;
        line(area, vec![(left - 6, y), (left, y)], AXIS, 1)?;
        text(
            area,
            &fmt(v),
            (left - 10, y + tt.cap() / 2),
            HPos::Right,
            tt,
        )?;
    }
    line(area, vec![(left, sc.p0), (left, sc.p1)], AXIS, 1)?;
    if let Some((t, x)) = title {
        let lt = Txt::new(LABEL);
        text_up(area, t, (x + lt.cap(), (sc.p0 + sc.p1) / 2), lt)?;
    }
    Ok(())
}

/// Width of the widest tick label of `sc`.
pub fn tick_width(sc: &Scale, fmt: &dyn Fn(f64) -> String) -> i32 {
    let tt = Txt::new(TICK);
    sc.ticks
        .iter()
        .map(|&v| tt.width(&fmt(v)))
        .max()
        .unwrap_or(0)
}

// ---------------------------------------------------------------- frame

/// The pixel box left for the plot once title, subtitle and footer are drawn.
#[derive(Clone, Copy, Debug)]
pub struct Frame {
    pub left: i32,
    pub top: i32,
    pub right: i32,
    pub bottom: i32,
}

/// Draws the background, the title (the finding, in words), a subtitle
/// (what is shown) and a footer (provenance), and returns the room left.
pub fn frame<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &ChartData,
    title: &str,
    subtitle: &str,
) -> Result<Frame, DrawingAreaErrorKind<DB::ErrorType>> {
    frame_with(area, title, subtitle, &footer(d))
}

/// [`frame`] with a footer of the caller's (see [`footer_text`]), for the
/// charts of `sweep` and `size`, which have no [`ChartData`].
pub fn frame_with<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    subtitle: &str,
    footer: &str,
) -> Result<Frame, DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&BG)?;
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let max_w = w - 2 * MARGIN;
    let tt = Txt::new(TITLE).bold();
    let mut y = MARGIN + tt.cap();
    for (i, l) in wrap(title, tt, max_w).iter().take(2).enumerate() {
        if i > 0 {
            y += tt.line();
        }
        text(area, l, (MARGIN, y), HPos::Left, tt)?;
    }
    let st = Txt::new(SUBTITLE).color(MUTED);
    for (i, l) in wrap(subtitle, st, max_w).iter().take(2).enumerate() {
        y += st.line() + if i == 0 { 12 } else { 4 };
        text(area, l, (MARGIN, y), HPos::Left, st)?;
    }
    let ft = Txt::new(FOOT).color(FAINT);
    let foot_y = h - MARGIN / 2 - 4;
    text(area, footer, (MARGIN, foot_y), HPos::Left, ft)?;
    Ok(Frame {
        left: MARGIN,
        top: y + 30,
        right: w - MARGIN,
        bottom: foot_y - ft.cap() - 22,
    })
}

/// Whether `s` fits the two lines [`frame`] gives a title (it drops more).
pub fn title_fits(s: &str) -> bool {
    init_fonts();
    wrap(s, Txt::new(TITLE).bold(), WIDTH as i32 - 2 * MARGIN).len() <= 2
}

/// Whether `s` fits the two lines [`frame`] gives a subtitle.
pub fn subtitle_fits(s: &str) -> bool {
    init_fonts();
    wrap(s, Txt::new(SUBTITLE), WIDTH as i32 - 2 * MARGIN).len() <= 2
}

/// The first of `candidates` that `fits`, else the last one.
pub fn first_fitting(candidates: Vec<String>, fits: fn(&str) -> bool) -> String {
    let n = candidates.len();
    candidates
        .into_iter()
        .enumerate()
        .find(|(i, c)| fits(c) || i + 1 == n)
        .map(|(_, c)| c)
        .unwrap_or_default()
}

fn footer(d: &ChartData) -> String {
    footer_text(
        &d.scenario,
        &format!("{} trials", format::thousands(d.trials as f64)),
        d.seed,
        d.horizon_months,
    )
}

/// The provenance line under a chart: version, scenario, trials (as
/// `trials` says them, e.g. "500 trials per point"), seed and horizon.
pub fn footer_text(scenario: &str, trials: &str, seed: u64, horizon_months: u32) -> String {
    format!(
        "keysplit {} · {scenario} · {trials}, seed {seed} · {horizon_months} months",
        env!("CARGO_PKG_VERSION"),
    )
}

/// A centred message where a chart has nothing to show.
pub fn empty_note<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    f: &Frame,
    msg: &str,
) -> Drawn<DB> {
    outline(area, (f.left, f.top), (f.right, f.bottom), GRID, 2)?;
    let t = Txt::new(LABEL).color(MUTED);
    text(
        area,
        msg,
        ((f.left + f.right) / 2, (f.top + f.bottom) / 2),
        HPos::Center,
        t,
    )
}

// ---------------------------------------------------------------- output

/// One chart kind.
pub struct ChartKind {
    /// File stem in `charts/`.
    pub file: &'static str,
    /// What it shows, for the report's headings.
    pub heading: &'static str,
}

pub const KINDS: [ChartKind; 7] = [
    ChartKind {
        file: "ltv-by-split",
        heading: "Lifetime value by split",
    },
    ChartKind {
        file: "paired-difference",
        heading: "Paired difference against the baseline",
    },
    ChartKind {
        file: "cost-of-sales-by-split",
        heading: "Cost of sales by split",
    },
    ChartKind {
        file: "where-the-time-goes",
        heading: "Where the time goes",
    },
    ChartKind {
        file: "team-and-cost",
        heading: "Team and cost",
    },
    ChartKind {
        file: "frontier",
        heading: "Cost of sales against lifetime value",
    },
    ChartKind {
        file: "revenue-over-time",
        heading: "Monthly revenue over time",
    },
];

/// The title (finding) of chart `i`.
pub fn title(i: usize, d: &ChartData) -> String {
    match i {
        0 => distribution::ltv_title(d),
        1 => paired::title(d),
        2 => distribution::cost_title(d),
        3 => time::title(d),
        4 => team::title(d),
        5 => frontier::title(d),
        _ => over_time::title(d),
    }
}

/// Draws chart `i` on any backend.
pub fn draw<DB: DrawingBackend>(
    i: usize,
    area: &DrawingArea<DB, Shift>,
    d: &ChartData,
) -> Drawn<DB> {
    match i {
        0 => distribution::draw_ltv(area, d),
        1 => paired::draw(area, d),
        2 => distribution::draw_cost(area, d),
        3 => time::draw(area, d),
        4 => team::draw(area, d),
        5 => frontier::draw(area, d),
        _ => over_time::draw(area, d),
    }
}

/// Encodes an RGB buffer as PNG.
pub fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>> {
    let png_err = |e: png::EncodingError| Error::Render(format!("encoding a PNG: {e}"));
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Default);
        let mut wr = enc.write_header().map_err(png_err)?;
        wr.write_image_data(rgb).map_err(png_err)?;
        wr.finish().map_err(png_err)?;
    }
    Ok(out)
}

/// Puts SVG text where the bitmap backend puts it: plotters writes
/// `font-size = size / 1.24` and a top-anchor `dy` of 0.76 em, while the
/// pixel backend draws `size / EM_BOX` pixel ems with the baseline `size / 2`
/// under the anchor (see [`raster`]).
pub fn finish_svg(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len() + 64);
    let mut rest = svg;
    const FS: &str = r#"font-size=""#;
    while let Some(i) = rest.find(FS) {
        out.push_str(&rest[..i + FS.len()]);
        rest = &rest[i + FS.len()..];
        let end = rest.find('"').unwrap_or(0);
        match rest[..end].parse::<f64>() {
            Ok(v) => out.push_str(&format!("{:.2}", v * 1.24 / EM_BOX)),
            Err(_) => out.push_str(&rest[..end]),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out.replace(r#"dy="0.76em""#, &format!(r#"dy="{:.4}em""#, EM_BOX / 2.0))
}

/// One of the seven charts of a run, as a [`Chart`].
struct RunChart<'a> {
    i: usize,
    d: &'a ChartData,
}

impl Chart for RunChart<'_> {
    fn title(&self) -> String {
        title(self.i, self.d)
    }
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        draw(self.i, area, self.d)
    }
}

/// Draws every chart of a run, in report order, with the headings and
/// findings the report shows.
pub fn render_run(s: &Scenario, r: &RunResult) -> Result<Vec<Figure>> {
    let d = ChartData::new(s, r);
    let charts: Vec<(String, RunChart<'_>)> = (0..KINDS.len())
        .map(|i| (KINDS[i].file.to_string(), RunChart { i, d: &d }))
        .collect();
    let mut figures = render(&charts)?;
    for (i, f) in figures.iter_mut().enumerate() {
        f.heading = KINDS[i].heading.to_string();
        // Each chart's title states its finding; the paired-difference
        // chart restates the first one's.
        f.finding = KINDS[i].file != "paired-difference";
    }
    Ok(figures)
}

// ---------------------------------------------------------------- keys

/// What a legend entry shows before its label.
#[derive(Clone, Copy, Debug)]
pub enum Mark {
    /// A filled box (a band, a cell colour).
    Band(RGBColor),
    /// A solid line of this width.
    Line(RGBColor, u32),
    /// A dashed line of this width.
    Dashed(RGBColor, u32),
    /// A vertical rule of this width.
    Rule(RGBColor, u32),
    /// An empty box outlined with this width.
    Outline(RGBColor, u32),
    /// A grey box hatched with diagonal lines (see [`hatch`]).
    Hatched,
    /// A white ring with a dark edge (see [`ring`]).
    Ring,
}

/// Width of a legend mark, and the gaps after it and after its label.
const KEY_MARK_W: i32 = 40;
const KEY_GAP: i32 = 10;
const KEY_SEP: i32 = 28;

/// Pixels a row of legend entries needs.
pub fn keys_width(items: &[(Mark, String)], t: Txt) -> i32 {
    items
        .iter()
        .map(|(_, l)| KEY_MARK_W + KEY_GAP + t.width(l))
        .sum::<i32>()
        + KEY_SEP * (items.len() as i32 - 1).max(0)
}

/// Draws legend entries in a row from `x`, text baseline at `y`.
pub fn keys<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    items: &[(Mark, String)],
    (mut x, y): (i32, i32),
    t: Txt,
) -> Drawn<DB> {
    let yc = y - t.cap() / 2;
    for (mark, label) in items {
        let (x0, x1) = (x, x + KEY_MARK_W);
        let (y0, y1) = (yc - t.cap() / 2 - 3, yc + t.cap() / 2 + 3);
        match *mark {
            Mark::Band(c) => fill(area, (x0, y0), (x1, y1), c)?,
            Mark::Line(c, w) => line(area, vec![(x0, yc), (x1, yc)], c, w)?,
            Mark::Dashed(c, w) => dashed(area, (x0, yc), (x1, yc), c, w, (6, 4))?,
            Mark::Rule(c, w) => {
                let xm = x1 - 8;
                line(area, vec![(xm, y0 - 3), (xm, y1 + 3)], c, w)?
            }
            Mark::Outline(c, w) => {
                fill(area, (x0 + 4, y0), (x1 - 4, y1), BG)?;
                outline(area, (x0 + 4, y0), (x1 - 4, y1), c, w)?
            }
            Mark::Hatched => hatch(area, (x0 + 4, y0), (x1 - 4, y1))?,
            Mark::Ring => ring(area, ((x0 + x1) / 2, yc), t.cap() / 2 + 2)?,
        }
        x = x1 + KEY_GAP;
        text(area, label, (x, y), HPos::Left, t)?;
        x += t.width(label) + KEY_SEP;
    }
    Ok(())
}

/// A light grey box crossed by diagonal lines: "not an option" (a team that
/// fails a constraint), readable without colour.
pub fn hatch<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x0, y0): (i32, i32),
    (x1, y1): (i32, i32),
) -> Drawn<DB> {
    fill(area, (x0, y0), (x1, y1), RGBColor(0xF2, 0xF2, 0xF2))?;
    let (w, h) = (x1 - x0, y1 - y0);
    let step = 9;
    // Lines x - x0 + (y - y0) = k, i.e. rising to the right, clipped to the box.
    let mut k = step;
    while k < w + h {
        let (ax, ay) = if k <= h {
            (x0, y0 + k)
        } else {
            (x0 + k - h, y1)
        };
        let (bx, by) = if k <= w {
            (x0 + k, y0)
        } else {
            (x1, y0 + k - w)
        };
        line(
            area,
            vec![(ax, ay), (bx, by)],
            RGBColor(0xC4, 0xC4, 0xC4),
            1,
        )?;
        k += step;
    }
    outline(area, (x0, y0), (x1, y1), RGBColor(0xC4, 0xC4, 0xC4), 1)
}

/// A white ring with a dark edge: a marker no split colour or cell colour
/// can be mistaken for.
pub fn ring<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x, y): (i32, i32),
    r: i32,
) -> Drawn<DB> {
    let r = r.max(3) as u32;
    area.draw(&Circle::new((x, y), r + 2, BG.filled()))?;
    area.draw(&Circle::new((x, y), r, INK.stroke_width(3)))
}

// ---------------------------------------------------------------- analytics charts

/// A chart that can draw itself on any backend: the seven charts of a run,
/// and those of `sweep`, `size` and precision control, all written as PNG
/// and SVG by the same two functions.
pub trait Chart: Sync {
    /// The title (the finding, in words).
    fn title(&self) -> String;
    /// Draws the chart on any backend.
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn<DB>;
}

/// Renders a [`Chart`] as SVG text.
pub fn chart_svg<C: Chart>(c: &C) -> Result<String> {
    init_fonts();
    let drawing = |e: &dyn std::fmt::Display| Error::Render(format!("drawing a chart: {e}"));
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        c.draw(&root).map_err(|e| drawing(&e))?;
        root.present().map_err(|e| drawing(&e))?;
    }
    Ok(finish_svg(&svg))
}

/// Renders a [`Chart`] as PNG bytes.
pub fn chart_png<C: Chart>(c: &C) -> Result<Vec<u8>> {
    init_fonts();
    let drawing = |e: &dyn std::fmt::Display| Error::Render(format!("drawing a chart: {e}"));
    let mut buf = vec![255u8; (WIDTH * HEIGHT * 3) as usize];
    {
        let bitmap = BitMapBackend::with_buffer(&mut buf, (WIDTH, HEIGHT));
        let root = raster::GlyphFix::new(bitmap)
            .ok_or_else(|| Error::Render("the bundled font does not load".into()))?
            .into_drawing_area();
        c.draw(&root).map_err(|e| drawing(&e))?;
        root.present().map_err(|e| drawing(&e))?;
    }
    encode_png(&buf, WIDTH, HEIGHT)
}

/// Draws charts as SVG and PNG, in parallel (each file's bytes depend only
/// on its data), each under its file stem; in order.
pub fn render<C: Chart>(charts: &[(String, C)]) -> Result<Vec<Figure>> {
    use rayon::prelude::*;
    charts
        .par_iter()
        .map(|(stem, c)| {
            let named = |e: Error| Error::Render(format!("{stem}: {e}"));
            Ok(Figure {
                stem: stem.clone(),
                heading: String::new(),
                title: c.title(),
                finding: false,
                svg: chart_svg(c).map_err(named)?,
                png: chart_png(c).map_err(named)?,
                width: WIDTH,
                height: HEIGHT,
            })
        })
        .collect()
}

/// A plain number for an axis whose ticks are `step` apart: just enough
/// decimals to tell ticks apart, thousands separated.
pub fn tick_plain(v: f64, step: f64) -> String {
    plain(v, decimals_for(&[step]))
}

/// The fewest decimals (at most 6) that write every one of `xs` exactly.
pub fn decimals_for(xs: &[f64]) -> usize {
    (0..6)
        .find(|&d| {
            let k = 10f64.powi(d as i32);
            xs.iter()
                .filter(|x| x.is_finite())
                .all(|x| ((x * k).round() - x * k).abs() < 1e-6 * (x.abs() * k).max(1.0))
        })
        .unwrap_or(6)
}

/// `v` with `decimals` decimals and thousands separators ("12,500", "0.25").
pub fn plain(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), format!(".{f}")),
        None => (s.clone(), String::new()),
    };
    let grouped = format::thousands(int.parse::<f64>().unwrap_or(0.0));
    let neg = v < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0');
    format!("{}{grouped}{frac}", if neg { "-" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_are_never_empty() {
        let s = Scale::nice(5.0, 5.0, 5, 1.0, (0, 100));
        assert!(s.hi > s.lo && s.lo <= 5.0 && s.hi >= 5.0);
        let z = Scale::nice(0.0, 0.0, 5, 0.01, (0, 100));
        assert!(z.hi > z.lo);
        let n = Scale::nice(f64::NAN, f64::NAN, 5, 1.0, (0, 100));
        assert!(n.hi > n.lo);
        let m = Scale::nice(1.2e7, 3.4e7, 5, 1.0, (0, 100));
        assert_eq!(m.ticks.first().copied(), Some(1.0e7));
        assert_eq!(m.ticks.last().copied(), Some(3.5e7));
    }

    #[test]
    fn svg_text_matches_the_bitmap() {
        let s = r#"<svg width="1600" height="900" xmlns="x"><text dy="0.76em" font-size="24.193548387096776">a</text></svg>"#;
        let f = finish_svg(s);
        assert!(f.contains(r#"font-size="26.85""#), "{f}");
        assert!(f.contains(r#"dy="0.5586em""#), "{f}");
    }

    #[test]
    fn plain_numbers_read_well() {
        assert_eq!(tick_plain(0.25, 0.25), "0.25");
        assert_eq!(tick_plain(0.2, 0.2), "0.2");
        assert_eq!(tick_plain(95_000.0, 5_000.0), "95,000");
        assert_eq!(tick_plain(-0.0001, 0.5), "0.0");
        assert_eq!(tick_plain(0.125, 0.125), "0.125");
        assert_eq!(decimals_for(&[0.0, 0.3, 1.0]), 1);
        assert_eq!(plain(-1234.5, 1), "-1,234.5");
    }
}
