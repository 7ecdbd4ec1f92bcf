//! The leadership report: `report.html` (self-contained: charts inlined as
//! SVG, the chart font embedded, no network) and `report.md` (the same
//! content, for pasting into documents; charts linked as PNG files).
//!
//! Both are rendered from one list of blocks built here, so they cannot
//! drift apart: the question, the splits compared, the findings, the headline
//! tables, the charts, the assumptions, and the run's provenance with the
//! Monte Carlo standard error of every headline number.

mod html;
mod markdown;
mod sections;
mod who;

pub use html::html;
pub use markdown::markdown;

use super::Figure;
use super::json::Provenance;
use crate::core::format;
use crate::scenario::Scenario;
use crate::sim::engine::RunResult;
use sections::*;

/// One block of the report.
#[derive(Clone, Debug)]
pub(super) enum Block {
    H2(String),
    P(String),
    Bullets(Vec<String>),
    Table {
        head: Vec<String>,
        rows: Vec<Vec<String>>,
        note: Option<String>,
    },
    /// A chart, by its position in the rendered list.
    Chart(usize),
    /// A printed page ends here: the next section starts a new page.
    PageBreak,
}

pub(super) struct Doc {
    title: String,
    subtitle: String,
    blocks: Vec<Block>,
}

pub(super) fn build(s: &Scenario, r: &RunResult, prov: &Provenance, charts: &[Figure]) -> Doc {
    let base = &r.splits[s.baseline.min(r.splits.len() - 1)];
    let others: Vec<&str> = r
        .splits
        .iter()
        .filter(|sp| !sp.baseline)
        .map(|sp| sp.name.as_str())
        .collect();
    let head = split_columns(r);
    // Printed, the first page says what was asked and found, the numbers
    // start a page, the charts (two to a page), the assumptions, and the
    // appendix: the standard errors and, on the last page, the provenance.
    let page = || vec![Block::PageBreak];
    let blocks = [
        question(r, base, &others),
        input_warnings(prov),
        findings(charts),
        splits_compared(s),
        page(),
        headline(r, &head, charts),
        against_baseline(r, base, &others),
        page(),
        chart_blocks(charts),
        page(),
        assumptions_section(s, r, prov),
        page(),
        standard_errors(r, &head),
        provenance(s, r, prov),
    ]
    .concat();
    Doc {
        title: s.name.clone(),
        subtitle: format!(
            "keysplit report · {} trials · seed {} · {} months",
            format::thousands(r.trials as f64),
            r.seed,
            r.horizon_months
        ),
        blocks,
    }
}
