//! `report.md`: the report's content for pasting into documents, the charts
//! linked as PNG files.

use super::{Block, build};
use crate::output::Figure;
use crate::output::json::Provenance;
use crate::scenario::Scenario;
use crate::sim::engine::RunResult;
use std::fmt::Write as _;

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// `report.md`.
pub fn markdown(s: &Scenario, r: &RunResult, prov: &Provenance, charts: &[Figure]) -> String {
    let doc = build(s, r, prov, charts);
    let mut o = String::new();
    let _ = writeln!(o, "# {}\n\n_{}_\n", doc.title, doc.subtitle);
    for block in &doc.blocks {
        match block {
            Block::H2(t) => {
                let _ = writeln!(o, "## {t}\n");
            }
            Block::P(t) => {
                let _ = writeln!(o, "{t}\n");
            }
            Block::Bullets(items) => {
                for i in items {
                    let _ = writeln!(o, "- {i}");
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
                    let _ = writeln!(o, "_{n}_\n");
                }
            }
            Block::Chart(i) => {
                let c = &charts[*i];
                let _ = writeln!(
                    o,
                    "### {}\n\n![{}](charts/{}.png)\n\n_{}._\n",
                    c.heading,
                    md_cell(&c.title),
                    c.stem,
                    c.title
                );
            }
            // Markdown has no pages.
            Block::PageBreak => {}
        }
    }
    o
}
