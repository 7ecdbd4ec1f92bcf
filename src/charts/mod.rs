//! Charts, drawn with plotters: one module per chart kind, each drawing on
//! any backend, so the PNG (`BitMapBackend`) and the SVG (`SVGBackend`) of
//! a chart come from the same code. The modules below the chart kinds hold
//! what they share: [`style`] (size, font, palette, text sizes), [`mod@text`],
//! [`shapes`], [`scale`] (scales and axes), [`mod@frame`] (title, subtitle,
//! footer), [`legend`], and [`mod@render`], which turns a [`Chart`] into a
//! [`Figure`](crate::output::Figure) for the outputs to write.
//!
//! Layout is done here rather than by plotters' chart builder: every label is
//! measured with the bundled font and placed in pixels, so nothing is clipped
//! and the result is the same on every machine. Output is deterministic: the
//! same run gives the same bytes.
//!
//! Charts sit above the outputs: a chart's title is a finding in words, and
//! some reuse the sentences of `output` (the sizing's recommendation);
//! the outputs receive charts already drawn, as data.

pub mod frame;
pub mod legend;
pub mod raster;
pub mod render;
pub mod scale;
pub mod shapes;
pub mod style;
pub mod text;

pub mod convergence;
pub mod data;
pub mod distribution;
pub mod frontier;
pub mod heatmap;
pub mod over_time;
pub mod paired;
pub mod panels;
pub mod payback;
pub mod run;
pub mod sensitivity;
pub mod sweep;
pub mod team;
pub mod time;

pub use crate::core::format::{in_trials, share_of_trials};
pub use data::{ChartData, SplitData};
pub use frame::*;
pub use legend::*;
pub use render::*;
pub use run::{RunChart, render_run};
pub use scale::*;
pub use shapes::*;
pub use style::*;
pub use text::*;
