//! The frame of a chart: background, title (the finding, in words),
//! subtitle (what is shown) and footer (provenance), and the room left
//! for the plot.

use super::data::ChartData;
use super::shapes::Drawn;
use super::shapes::outline;
use super::style::{
    BG, FAINT, FOOT, GRID, LABEL, MARGIN, MUTED, SUBTITLE, TITLE, WIDTH, init_fonts,
};
use super::text::{Txt, text, wrap};
use crate::core::format;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

/// The pixel box left for the plot once title, subtitle and footer are drawn.
#[derive(Clone, Copy, Debug)]
pub struct Frame {
    /// Left edge, in pixels.
    pub left: i32,
    /// Top edge.
    pub top: i32,
    /// Right edge.
    pub right: i32,
    /// Bottom edge.
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
