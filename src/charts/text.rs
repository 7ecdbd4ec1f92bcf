//! Text, measured with the bundled font and placed in pixels: styles,
//! drawing, wrapping, shortening, and the column of split names.

use super::shapes::{Drawn, fill};
use super::style::{CAP, FONT, INK};
use crate::core::format;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// A text style: size, weight, colour.
#[derive(Clone, Copy, Debug)]
pub struct Txt {
    /// Size (the font's ascender-to-descender box, in pixels).
    pub size: f64,
    /// Bold or regular.
    pub bold: bool,
    /// Colour.
    pub color: RGBColor,
}

impl Txt {
    /// Regular ink text of `size`.
    pub const fn new(size: f64) -> Txt {
        Txt {
            size,
            bold: false,
            color: INK,
        }
    }
    /// The same, bold.
    pub const fn bold(mut self) -> Txt {
        self.bold = true;
        self
    }
    /// The same, in `c`.
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
/// up in [`finish_svg`](super::render::finish_svg) to put the baseline where the bitmap backend does).
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
    // A control character would make the SVG ill-formed XML.
    area.draw(&Text::new(
        format::one_line(s).into_owned(),
        (x, top),
        style,
    ))
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
    area.draw(&Text::new(
        format::one_line(s).into_owned(),
        (left, y),
        style,
    ))
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

/// A title for a box `max_w` pixels wide and `room` pixels tall that keeps
/// every word where it can: in `t` on one line if it fits; else in a size
/// shrunk (not below `min`) until it fits on one line; else wrapped to two
/// lines at `min` (if they fit in `room`; the second shortened with an
/// ellipsis only past two lines). Two split names that differ at their end
/// ("Half of maintenance inside, whole accounts" and "..., largest tier")
/// stay told apart.
pub fn fit_lines(s: &str, t: Txt, max_w: i32, room: i32, min: f64) -> (Txt, Vec<String>) {
    let mut size = t.size;
    while size >= min {
        let small = Txt { size, ..t };
        if small.width(s) <= max_w {
            return (small, vec![s.to_string()]);
        }
        size -= 1.0;
    }
    let small = Txt { size: min, ..t };
    // Two lines need their cap height, a line and a descender.
    if f64::from(small.cap() + small.line()) + 0.25 * min > f64::from(room) {
        return (small, vec![fit(s, small, max_w)]);
    }
    let lines = wrap(s, small, max_w);
    let first = fit(&lines[0], small, max_w);
    if lines.len() == 1 {
        return (small, vec![first]);
    }
    let second = fit(&lines[1..].join(" "), small, max_w);
    (small, vec![first, second])
}

/// Shortens `s` with an ellipsis until it fits in `max_w` pixels.
pub fn fit(s: &str, t: Txt, max_w: i32) -> String {
    if t.width(s) <= max_w {
        return s.to_string();
    }
    // The longest prefix that fits, by binary search on its length: the
    // width grows with the prefix, so O(log n) measurements of at most n
    // characters each (a 100,000-character name takes milliseconds, not
    // minutes).
    let chars: Vec<char> = s.chars().collect();
    let cut = |n: usize| chars[..n].iter().collect::<String>().trim_end().to_string() + "…";
    let (mut lo, mut hi) = (0usize, chars.len().saturating_sub(1));
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if t.width(&cut(mid)) <= max_w {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    if lo == 0 { "…".into() } else { cut(lo) }
}

/// The column of split names left of a chart: each name wrapped to at most
/// `max_lines` lines of `max_w` pixels (the last one shortened with an
/// ellipsis if need be), after a swatch of the split's colour.
pub struct NameColumn {
    /// Each name's lines.
    pub lines: Vec<Vec<String>>,
    /// Pixels the column needs, swatch included.
    pub width: i32,
    /// The text style.
    pub t: Txt,
}

impl NameColumn {
    /// The column of `names`, each on at most `max_lines` lines of `max_w` pixels.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::style::{LABEL, NOTE};

    #[test]
    fn panel_titles_keep_every_word_that_fits_in_two_lines() {
        // Names `init --from-book` writes, which differ only at their end.
        let names = [
            "Half of maintenance inside, whole accounts",
            "Maintenance inside, largest tier stays field",
            "Maintenance inside",
        ];
        let t = Txt::new(LABEL).bold();
        let min = NOTE - 3.0;
        let room = t.line() + 12;
        for name in names {
            for share in [1.0, 0.9, 0.7, 0.55] {
                let max_w = (f64::from(t.width(name)) * share) as i32;
                let (small, lines) = fit_lines(name, t, max_w, room, min);
                assert!(small.size >= min && small.size <= t.size);
                assert!(lines.iter().all(|l| small.width(l) <= max_w), "{lines:?}");
                // Every word kept: the lines, joined, are the name.
                assert_eq!(lines.join(" "), name, "at {share} of its width");
                assert!(lines.len() <= 2);
                if lines.len() == 2 {
                    assert_eq!(small.size, min, "wrapped only once shrunk");
                    assert!(small.cap() + small.line() < room);
                }
            }
        }
    }
}
