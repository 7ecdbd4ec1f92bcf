//! Charts as the outputs receive them: drawn and encoded (by `charts`),
//! ready to be written as `charts/<stem>.png` and `.svg` and inlined in the
//! report. The outputs never draw; they only place what was drawn.

use super::folder::write_file;
use crate::error::Result;
use std::path::Path;

/// One chart, drawn as SVG and PNG.
#[derive(Clone, Debug)]
pub struct Figure {
    /// File stem in `charts/`.
    pub stem: String,
    /// What the chart shows, for the report's heading (the run's charts).
    pub heading: String,
    /// The chart's title: its finding, in words.
    pub title: String,
    /// Whether the title is a finding of its own that the report lists
    /// (false for a chart that restates another's).
    pub finding: bool,
    /// Whether the report shows it with the headline numbers rather than
    /// with the other charts (the J-curve of the move).
    pub headline: bool,
    /// The SVG text.
    pub svg: String,
    /// The PNG bytes.
    pub png: Vec<u8>,
    /// Size in pixels.
    pub width: u32,
    /// Size in pixels.
    pub height: u32,
}

/// Writes every figure as `dir/charts/<stem>.svg` and `.png`.
pub fn write_figures(dir: &Path, figures: &[Figure]) -> Result<()> {
    for f in figures {
        write_file(dir, &format!("charts/{}.svg", f.stem), f.svg.as_bytes())?;
        write_file(dir, &format!("charts/{}.png", f.stem), &f.png)?;
    }
    Ok(())
}
