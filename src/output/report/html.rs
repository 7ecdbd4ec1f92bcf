//! `report.html`: self-contained, with the charts inlined as SVG and the
//! chart font embedded, so it renders the same without a network.

use super::{Block, build};
use crate::core::font;
use crate::output::Figure;
use crate::output::json::Provenance;
use crate::scenario::Scenario;
use crate::sim::engine::RunResult;
use std::fmt::Write as _;

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut o = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                o.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                o.push('=');
            }
        }
    }
    o
}

const CSS: &str = r#"
:root { --ink: #222; --muted: #555; --rule: #ddd; --band: #f6f6f6; }
* { box-sizing: border-box; }
body { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; color: var(--ink);
  margin: 0; background: #fff; line-height: 1.45; font-size: 17px; }
main { max-width: 1280px; margin: 0 auto; padding: 32px 40px 64px; }
h1 { font-size: 34px; margin: 0 0 4px; }
.sub { color: var(--muted); margin: 0 0 28px; }
h2 { font-size: 24px; margin: 40px 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 19px; margin: 28px 0 8px; }
p { margin: 0 0 12px; max-width: 980px; }
ul { margin: 0 0 12px; padding-left: 22px; max-width: 1100px; }
li { margin: 4px 0; }
table { border-collapse: collapse; margin: 8px 0 6px; width: 100%; font-size: 15px; }
th, td { text-align: left; vertical-align: top; padding: 7px 10px; border-bottom: 1px solid var(--rule); }
th { background: var(--band); font-weight: bold; }
td:first-child { font-weight: bold; }
.note { color: var(--muted); font-size: 14px; margin: 4px 0 18px; }
figure { margin: 16px 0 28px; }
figure svg { width: 100%; height: auto; display: block; border: 1px solid var(--rule); }
figcaption { color: var(--muted); font-size: 14px; margin-top: 6px; }
code { font-size: 13px; word-break: break-all; }
/* Print (A4 or Letter, the paper the printer has): sections start pages,
   tables and charts never split across pages, two charts to a page, the
   provenance on the last page (it closes the report). */
@page { margin: 14mm 13mm 15mm; }
@media print {
  body { font-size: 10pt; line-height: 1.35; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 20pt; }
  .sub { margin-bottom: 14pt; }
  h2 { font-size: 14pt; margin: 14pt 0 6pt; break-after: avoid; }
  h3 { font-size: 11.5pt; margin: 8pt 0 4pt; break-after: avoid; }
  p, ul { max-width: none; }
  .page-break { break-before: page; }
  .page-break + h2 { margin-top: 0; }
  table { font-size: 9pt; break-inside: avoid; }
  thead { display: table-header-group; }
  tr, li { break-inside: avoid; }
  th, td { padding: 3pt 5pt; }
  th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .note { font-size: 8.5pt; margin-bottom: 10pt; }
  .chart { break-inside: avoid; margin-bottom: 6mm; }
  figure { margin: 0; }
  figure svg { max-height: 98mm; border: none; }
  /* The title is in the chart; the file names matter on screen only. */
  figcaption { display: none; }
  code { font-size: 8pt; }
}
"#;

/// `report.html`.
pub fn html(s: &Scenario, r: &RunResult, prov: &Provenance, charts: &[Figure]) -> String {
    let doc = build(s, r, prov, charts);
    let mut o = String::new();
    o.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    o.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(o, "<title>{}</title>", esc(&doc.title));
    o.push_str("<style>\n");
    for (weight, bytes) in font::files() {
        let _ = writeln!(
            o,
            "@font-face {{ font-family: \"Liberation Sans\"; font-weight: {weight}; font-style: normal; \
             src: url(data:font/ttf;base64,{}) format(\"truetype\"); }}",
            base64(bytes)
        );
    }
    o.push_str(CSS);
    o.push_str("</style>\n</head>\n<body>\n<main>\n");
    let _ = writeln!(o, "<h1>{}</h1>", esc(&doc.title));
    let _ = writeln!(o, "<p class=\"sub\">{}</p>", esc(&doc.subtitle));
    let mut last_break = true;
    for block in &doc.blocks {
        if let Block::PageBreak = block {
            // Consecutive breaks would print an empty page.
            if !last_break {
                o.push_str("<div class=\"page-break\"></div>\n");
            }
            last_break = true;
            continue;
        }
        last_break = false;
        match block {
            Block::H2(t) => {
                let _ = writeln!(o, "<h2>{}</h2>", esc(t));
            }
            Block::P(t) => {
                let _ = writeln!(o, "<p>{}</p>", esc(t));
            }
            Block::Bullets(items) => {
                o.push_str("<ul>\n");
                for i in items {
                    let _ = writeln!(o, "<li>{}</li>", esc(i));
                }
                o.push_str("</ul>\n");
            }
            Block::Table { head, rows, note } => {
                o.push_str("<table>\n<thead><tr>");
                for h in head {
                    let _ = write!(o, "<th>{}</th>", esc(h));
                }
                o.push_str("</tr></thead>\n<tbody>\n");
                for row in rows {
                    o.push_str("<tr>");
                    for c in row {
                        if c.len() == 64 && c.chars().all(|ch| ch.is_ascii_hexdigit()) {
                            let _ = write!(o, "<td><code>{}</code></td>", esc(c));
                        } else {
                            let _ = write!(o, "<td>{}</td>", esc(c));
                        }
                    }
                    o.push_str("</tr>\n");
                }
                o.push_str("</tbody>\n</table>\n");
                if let Some(n) = note {
                    let _ = writeln!(o, "<p class=\"note\">{}</p>", esc(n));
                }
            }
            Block::PageBreak => {}
            Block::Chart(i) => {
                let c = &charts[*i];
                o.push_str("<section class=\"chart\">\n");
                let _ = writeln!(o, "<h3>{}</h3>", esc(&c.heading));
                o.push_str("<figure>\n");
                o.push_str(&inline_svg(c));
                let _ = writeln!(
                    o,
                    "<figcaption>{}. Also as charts/{}.png and charts/{}.svg.</figcaption>",
                    esc(&c.title),
                    c.stem,
                    c.stem
                );
                o.push_str("</figure>\n</section>\n");
            }
        }
    }
    o.push_str("</main>\n</body>\n</html>\n");
    o
}

/// The chart's SVG, sized by the page (its viewBox keeps the proportions).
fn inline_svg(c: &Figure) -> String {
    let (svg, title) = (&c.svg, &c.title);
    let head = format!(r#"<svg width="{}" height="{}" "#, c.width, c.height);
    let body = match svg.strip_prefix(&head) {
        Some(rest) => format!(
            r#"<svg role="img" aria-label="{}" preserveAspectRatio="xMidYMid meet" {rest}"#,
            esc(title)
        ),
        None => svg.to_string(),
    };
    let mut b = body.trim_end().to_string();
    b.push('\n');
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(esc("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }
}
