//! Shapes: filled and outlined boxes, lines, dashes, the mean's diamond,
//! the hatched "not an option" box and the ring marker.

use super::style::{BG, INK};
use plotters::coord::Shift;
use plotters::prelude::*;

/// The result of drawing on a backend.
pub type Drawn<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A filled box.
pub fn fill<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x0, y0): (i32, i32),
    (x1, y1): (i32, i32),
    c: impl Into<ShapeStyle>,
) -> Drawn<DB> {
    let style: ShapeStyle = c.into();
    area.draw(&Rectangle::new([(x0, y0), (x1, y1)], style.filled()))
}

/// An outlined box.
pub fn outline<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x0, y0): (i32, i32),
    (x1, y1): (i32, i32),
    c: RGBColor,
    w: u32,
) -> Drawn<DB> {
    area.draw(&Rectangle::new([(x0, y0), (x1, y1)], c.stroke_width(w)))
}

/// A polyline.
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

/// A light grey box crossed by diagonal lines: "not an option" (a team that
/// fails a constraint), readable without colour.
pub fn hatch<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x0, y0): (i32, i32),
    (x1, y1): (i32, i32),
) -> Drawn<DB> {
    let edge = RGBColor(0xC4, 0xC4, 0xC4);
    stripes(area, (x0, y0), (x1, y1), RGBColor(0xF2, 0xF2, 0xF2), edge)?;
    outline(area, (x0, y0), (x1, y1), edge, 1)
}

/// A box of colour `bg` crossed by diagonal lines of colour `fg`, rising
/// to the right.
pub fn stripes<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x0, y0): (i32, i32),
    (x1, y1): (i32, i32),
    bg: RGBColor,
    fg: RGBColor,
) -> Drawn<DB> {
    fill(area, (x0, y0), (x1, y1), bg)?;
    let (w, h) = (x1 - x0, y1 - y0);
    let step = 9;
    // Lines x - x0 + (y - y0) = k, clipped to the box.
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
        line(area, vec![(ax, ay), (bx, by)], fg, 1)?;
        k += step;
    }
    Ok(())
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
