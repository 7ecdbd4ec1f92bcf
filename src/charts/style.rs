//! The look every chart shares: the size, the bundled font, the palette
//! (one colour per split, the same in every chart) and the text sizes.

use crate::core::font;
use crate::scenario::Scenario;
use plotters::prelude::*;
use std::sync::Once;

/// Chart size in pixels (16:9, a full slide).
pub const WIDTH: u32 = 1600;
/// Chart height in pixels.
pub const HEIGHT: u32 = 900;

/// The font family name the charts use (the bundled font, [`font::FAMILY`]).
pub const FONT: &str = font::FAMILY;

/// Liberation Sans: (ascender - descender) / units per em = (1854 + 434) / 2048.
/// plotters' ab_glyph backend scales a font so that this box is `size` pixels
/// high, i.e. one em is `size / EM_BOX` pixels.
pub(crate) const EM_BOX: f64 = 2288.0 / 2048.0;
/// Cap height of Liberation Sans (1409 / 2048 em), as a share of `size`.
pub(crate) const CAP: f64 = 1409.0 / 2048.0 / EM_BOX;

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

/// Text and marks.
pub const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Secondary text.
pub const MUTED: RGBColor = RGBColor(0x55, 0x55, 0x55);
/// Footers and absent values.
pub const FAINT: RGBColor = RGBColor(0x88, 0x88, 0x88);
/// Grid lines.
pub const GRID: RGBColor = RGBColor(0xE3, 0xE3, 0xE3);
/// Axis lines and ticks.
pub const AXIS: RGBColor = RGBColor(0x99, 0x99, 0x99);
/// The background.
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

/// The colour of the split named `name` (the first colour after the
/// baseline's if the scenario has no such split).
pub fn named_split_color(s: &Scenario, name: &str) -> RGBColor {
    s.split_index(name)
        .map_or(split_color(1), |k| scenario_split_color(s, k))
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
/// Subtitle size.
pub const SUBTITLE: f64 = 24.0;
/// Axis titles and labels.
pub const LABEL: f64 = 25.0;
/// Tick labels.
pub const TICK: f64 = 23.0;
/// Notes inside the plot.
pub const NOTE: f64 = 22.0;
/// The footer.
pub const FOOT: f64 = 19.0;
/// The margin around the chart, in pixels.
pub const MARGIN: i32 = 36;
