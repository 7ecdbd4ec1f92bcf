//! `report.md`: the report's content for pasting into documents, the charts
//! linked as PNG files.

use super::{Block, build};
use crate::output::Figure;
use crate::output::json::Provenance;
use crate::scenario::Scenario;
use crate::sim::engine::RunResult;
use std::fmt::Write as _;

/// Text for Markdown that stays text inside a line: no HTML (`<script>`,
/// `<img onerror>`), no entity, no link and no line break (so no injected
/// heading or list). Names are the scenario's own words, and a report.md
/// is pasted into documents that render it. It carries no HTML escape
/// (`&lt;`), which a document that does not render Markdown would show as
/// it is: a `<` that could open a tag (CommonMark: followed by a letter,
/// `/`, `!` or `?`) and a `&` that opens an entity (`&amp;`) are escaped with a
/// backslash, which every Markdown renderer removes; "<1%" is left alone.
fn md_inline(s: &str) -> String {
    let one = crate::core::format::one_line(s);
    let mut o = String::with_capacity(one.len());
    for (i, c) in one.char_indices() {
        let rest = &one[i + c.len_utf8()..];
        let next = rest.chars().next().unwrap_or(' ');
        let opens = match c {
            '<' => next.is_ascii_alphabetic() || matches!(next, '/' | '!' | '?'),
            // An entity: `&` then letters, digits or `#`, then `;`.
            '&' => rest.split_once(';').is_some_and(|(name, _)| {
                !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '#')
            }),
            _ => false,
        };
        if opens {
            o.push('\\');
        }
        o.push(c);
    }
    o.replace("](", "]\\(")
}

/// [`md_inline`] for text that starts a line: no block marker at its start
/// either (a heading, a list, a quote, a rule).
fn md_text(s: &str) -> String {
    let o = md_inline(s);
    let digits = o.chars().take_while(char::is_ascii_digit).count();
    let numbered = digits > 0 && o[digits..].starts_with(['.', ')']);
    if numbered || o.starts_with(['#', '-', '+', '*', '=', '|', '[', '!', '`', '~', '_', '>']) {
        format!("\\{o}")
    } else {
        o
    }
}

/// [`md_inline`] for a table cell: `|` would end the cell.
fn md_cell(s: &str) -> String {
    md_inline(s).replace('|', "\\|")
}

/// `report.md`.
pub fn markdown(s: &Scenario, r: &RunResult, prov: &Provenance, charts: &[Figure]) -> String {
    let doc = build(s, r, prov, charts);
    let mut o = String::new();
    let _ = writeln!(
        o,
        "# {}\n\n_{}_\n",
        md_text(&doc.title),
        md_text(&doc.subtitle)
    );
    for block in &doc.blocks {
        match block {
            Block::H2(t) => {
                let _ = writeln!(o, "## {}\n", md_text(t));
            }
            Block::P(t) => {
                let _ = writeln!(o, "{}\n", md_text(t));
            }
            Block::Bullets(items) => {
                for i in items {
                    let _ = writeln!(o, "- {}", md_text(i));
                }
                o.push('\n');
            }
            Block::Table { head, rows, note } => {
                let _ = writeln!(
                    o,
                    "| {} |",
                    head.iter()
                        .map(|h| md_cell(h))
                        .collect::<Vec<_>>()
                        .join(" | ")
                );
                let _ = writeln!(o, "|{}", "---|".repeat(head.len()));
                for row in rows {
                    let _ = writeln!(
                        o,
                        "| {} |",
                        row.iter()
                            .map(|c| md_cell(c))
                            .collect::<Vec<_>>()
                            .join(" | ")
                    );
                }
                o.push('\n');
                if let Some(n) = note {
                    let _ = writeln!(o, "_{}_\n", md_text(n));
                }
            }
            Block::Chart(i) => {
                let c = &charts[*i];
                let _ = writeln!(
                    o,
                    "### {}\n\n![{}](charts/{}.png)\n\n_{}._\n",
                    md_text(&c.heading),
                    md_inline(&c.title).replace(['[', ']'], ""),
                    c.stem,
                    md_text(&c.title)
                );
            }
            // Markdown has no pages.
            Block::PageBreak => {}
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cannot_inject_html_links_or_headings() {
        assert_eq!(
            md_text("<script>alert(1)</script>"),
            "\\<script>alert(1)\\</script>"
        );
        assert_eq!(
            md_text("<img src=x onerror=alert(1)>"),
            "\\<img src=x onerror=alert(1)>"
        );
        assert_eq!(md_text("<!-- hidden -->"), "\\<!-- hidden -->");
        assert_eq!(md_text("a &amp; b &#60;"), "a \\&amp; b \\&#60;");
        assert_eq!(md_text("> quoted"), "\\> quoted");
        // Shares and sums as the report prints them carry no escape, HTML
        // or other: the Markdown reads as plain text too.
        for plain in [
            "better in <1% of trials",
            "better in >99%",
            "R&D at 5 < 6",
            "a -> b",
        ] {
            assert_eq!(md_text(plain), plain);
        }
        assert_eq!(md_text("a\n# Pwned"), "a\u{FFFD}# Pwned");
        assert_eq!(md_text("# Pwned"), "\\# Pwned");
        assert_eq!(md_text("1. item"), "\\1. item");
        assert_eq!(
            md_text("[click](javascript:x)"),
            "\\[click]\\(javascript:x)"
        );
        assert_eq!(md_cell("a | b"), "a \\| b");
        // Ordinary report text is left alone.
        let cell = "+$2.28M [+$2.01M, +$2.56M]; better in 86%";
        assert_eq!(md_cell(cell), cell);
        assert_eq!(
            md_text("Shift and lift beats Today"),
            "Shift and lift beats Today"
        );
    }
}
