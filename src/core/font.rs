//! The bundled typeface (Liberation Sans, SIL Open Font License): the charts
//! draw with it and the HTML report embeds it, so text is laid out the same
//! on every machine, whatever fonts it has.

/// The font family name. The same string is the SVG `font-family`:
/// Liberation Sans is metric-compatible with Arial and Helvetica, so an SVG
/// viewer without the bundled font lays text out the same.
pub const FAMILY: &str = "Liberation Sans, Arial, Helvetica, sans-serif";

/// The regular weight, as TrueType bytes.
pub static REGULAR: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Regular.ttf");

/// The bold weight, as TrueType bytes.
pub static BOLD: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Bold.ttf");

/// The two weights with their CSS `font-weight` names.
pub fn files() -> [(&'static str, &'static [u8]); 2] {
    [("normal", REGULAR), ("bold", BOLD)]
}
