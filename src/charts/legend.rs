//! Legends: a row of entries, each a mark (a band, a line, a rule, a box,
//! a hatch or a ring) and its label.

use super::shapes::Drawn;
use super::shapes::{dashed, fill, hatch, line, outline, ring};
use super::style::BG;
use super::text::{Txt, text};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

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
