//! Rendering: a [`Chart`] draws itself on any plotters backend, and is
//! rendered as SVG and as PNG from the same code, into a
//! [`crate::output::Figure`] the outputs write and embed.

use super::raster;
use super::shapes::Drawn;
use super::style::{EM_BOX, HEIGHT, WIDTH, init_fonts};
use crate::error::{Error, Result};
use crate::output::Figure;
use plotters::coord::Shift;
use plotters::prelude::*;

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
                headline: false,
                svg: chart_svg(c).map_err(named)?,
                png: chart_png(c).map_err(named)?,
                width: WIDTH,
                height: HEIGHT,
            })
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_text_matches_the_bitmap() {
        let s = r#"<svg width="1600" height="900" xmlns="x"><text dy="0.76em" font-size="24.193548387096776">a</text></svg>"#;
        let f = finish_svg(s);
        assert!(f.contains(r#"font-size="26.85""#), "{f}");
        assert!(f.contains(r#"dy="0.5586em""#), "{f}");
    }
}
