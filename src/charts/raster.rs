//! Text for the pixel backend.
//!
//! plotters 0.3.7 draws ab_glyph text without each glyph's left side
//! bearing, so narrow or centred glyphs (`.` `:` `1` `·`) sit too far left.
//! [`GlyphFix`] wraps any backend, forwards every call, and draws text itself
//! with ab_glyph: same font, same scale and same advances as plotters'
//! layout (so measured widths hold), glyphs at their true positions with
//! sub-pixel placement. The baseline of top-anchored text is `size / 2` under
//! the anchor, as plotters puts it; the SVG is aligned to that in
//! [`super::finish_svg`].

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle,
};

/// A backend whose text is drawn by ab_glyph with correct glyph positions.
pub struct GlyphFix<DB> {
    inner: DB,
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

impl<DB: DrawingBackend> GlyphFix<DB> {
    /// Wraps `inner`; `None` if the bundled fonts do not parse (they do).
    pub fn new(inner: DB) -> Option<GlyphFix<DB>> {
        let [(_, regular), (_, bold)] = crate::core::font::files();
        Some(GlyphFix {
            inner,
            regular: FontRef::try_from_slice(regular).ok()?,
            bold: FontRef::try_from_slice(bold).ok()?,
        })
    }
}

type Res<E> = Result<(), DrawingErrorKind<E>>;

impl<DB: DrawingBackend> DrawingBackend for GlyphFix<DB> {
    type ErrorType = DB::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }
    fn ensure_prepared(&mut self) -> Res<DB::ErrorType> {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> Res<DB::ErrorType> {
        self.inner.present()
    }
    fn draw_pixel(&mut self, p: BackendCoord, c: BackendColor) -> Res<DB::ErrorType> {
        self.inner.draw_pixel(p, c)
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Res<DB::ErrorType> {
        self.inner.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        ul: BackendCoord,
        br: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Res<DB::ErrorType> {
        self.inner.draw_rect(ul, br, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Res<DB::ErrorType> {
        self.inner.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Res<DB::ErrorType> {
        self.inner.draw_circle(center, radius, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Res<DB::ErrorType> {
        self.inner.fill_polygon(vert, style)
    }
    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> Result<(u32, u32), DrawingErrorKind<DB::ErrorType>> {
        self.inner.estimate_text_size(text, style)
    }
    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Res<DB::ErrorType> {
        self.inner.blit_bitmap(pos, size, src)
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Res<DB::ErrorType> {
        let color = style.color();
        if color.alpha == 0.0 || text.is_empty() {
            return Ok(());
        }
        let font = match style.style() {
            FontStyle::Bold => &self.bold,
            _ => &self.regular,
        };
        let size = style.size();
        let scaled = font.as_scaled(PxScale::from(size as f32));
        // Caret positions: advances plus kerning, exactly as plotters measures.
        let mut carets = Vec::with_capacity(text.len());
        let mut x = 0f32;
        let mut prev = None;
        for ch in text.chars() {
            let id = scaled.glyph_id(ch);
            if let Some(p) = prev {
                x += scaled.kern(p, id);
            }
            carets.push((id, x));
            x += scaled.h_advance(id);
            prev = Some(id);
        }
        let width = x.trunc();
        let height = (size / 1.24).trunc() as f32;
        let dx = match style.anchor().h_pos {
            HPos::Left => 0.0,
            HPos::Right => -width,
            HPos::Center => -(width / 2.0).trunc(),
        };
        let top = match style.anchor().v_pos {
            VPos::Top => 0.0,
            VPos::Center => -(height / 2.0).trunc(),
            VPos::Bottom => -height,
        };
        let baseline = top + (size as f32 / 2.0).trunc();
        let trans = style.transform();
        let (w, h) = self.inner.get_size();
        let mut pixels = Vec::new();
        for (id, cx) in carets {
            let glyph = id.with_scale_and_position(scaled.scale(), point(dx + cx, baseline));
            if let Some(outline) = font.outline_glyph(glyph) {
                let b = outline.px_bounds();
                outline.draw(|gx, gy, cov| {
                    if cov > 0.0 {
                        let lx = b.min.x as i32 + gx as i32;
                        let ly = b.min.y as i32 + gy as i32;
                        pixels.push((lx, ly, cov));
                    }
                });
            }
        }
        for (lx, ly, cov) in pixels {
            let (tx, ty) = trans.transform(lx, ly);
            let (px, py) = (pos.0 + tx, pos.1 + ty);
            if px >= 0 && py >= 0 && (px as u32) < w && (py as u32) < h {
                self.inner.draw_pixel(
                    (px, py),
                    BackendColor {
                        alpha: color.alpha * f64::from(cov.min(1.0)),
                        rgb: color.rgb,
                    },
                )?;
            }
        }
        Ok(())
    }
}
