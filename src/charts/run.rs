//! The eight charts of a run, in the order the report shows them, each a
//! [`RunChart`] that knows its file, its heading, its title and how to draw
//! itself from the run's [`ChartData`].

use super::convergence::{Convergence, MAX_PANELS, Series};
use super::data::ChartData;
use super::frame::footer_text;
use super::render::{Chart, render};
use super::shapes::Drawn;
use super::style::scenario_split_color;
use super::{distribution, frontier, over_time, paired, payback, team, time};
use crate::analysis::precision::Outcome;
use crate::core::format;
use crate::error::Result;
use crate::output::Figure;
use crate::scenario::Scenario;
use crate::sim::RunResult;
use plotters::coord::Shift;
use plotters::prelude::*;

/// One chart of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunChart {
    /// The distribution of the decision metric, split by split.
    DecisionBySplit,
    /// The J-curve: the cumulative discounted difference against the
    /// baseline by month, and when the move pays back.
    Payback,
    /// The per-trial paired difference of the decision metric against the baseline.
    PairedDifference,
    /// The distribution of cost of sales, split by split.
    CostOfSalesBySplit,
    /// An average rep-year of each role, by use of time.
    WhereTheTimeGoes,
    /// Headcounts and the cost of sales by item.
    TeamAndCost,
    /// Cost of sales against lifetime value.
    Frontier,
    /// Monthly revenue bands over the horizon.
    RevenueOverTime,
}

impl RunChart {
    /// Every chart of a run, in report order.
    pub const ALL: [RunChart; 8] = [
        RunChart::DecisionBySplit,
        RunChart::Payback,
        RunChart::PairedDifference,
        RunChart::CostOfSalesBySplit,
        RunChart::WhereTheTimeGoes,
        RunChart::TeamAndCost,
        RunChart::Frontier,
        RunChart::RevenueOverTime,
    ];

    /// The file stem in `charts/`.
    pub fn file(self) -> &'static str {
        match self {
            RunChart::DecisionBySplit => "decision-by-split",
            RunChart::Payback => "payback",
            RunChart::PairedDifference => "paired-difference",
            RunChart::CostOfSalesBySplit => "cost-of-sales-by-split",
            RunChart::WhereTheTimeGoes => "where-the-time-goes",
            RunChart::TeamAndCost => "team-and-cost",
            RunChart::Frontier => "frontier",
            RunChart::RevenueOverTime => "revenue-over-time",
        }
    }

    /// What it shows, for the report's headings.
    pub fn heading(self, d: &ChartData) -> String {
        let fixed = match self {
            RunChart::DecisionBySplit => {
                return format!("{} by split (the decision metric)", d.decision.def().label);
            }
            RunChart::Payback => "When the move pays back",
            RunChart::PairedDifference => "Paired difference against the baseline",
            RunChart::CostOfSalesBySplit => "Cost of sales by split",
            RunChart::WhereTheTimeGoes => "Where the time goes",
            RunChart::TeamAndCost => "Team and cost",
            RunChart::Frontier => "Cost of sales against lifetime value",
            RunChart::RevenueOverTime => "Monthly revenue over time",
        };
        fixed.to_string()
    }

    /// Whether the report shows it with the headline numbers: the J-curve.
    pub fn is_headline(self) -> bool {
        self == RunChart::Payback
    }

    /// Whether its title is a finding of its own, for the report's list of
    /// findings: the paired-difference chart restates the first chart's.
    pub fn is_finding(self) -> bool {
        self != RunChart::PairedDifference
    }

    /// The title: the chart's finding, in words.
    pub fn title(self, d: &ChartData) -> String {
        match self {
            RunChart::DecisionBySplit => distribution::decision_title(d),
            RunChart::Payback => payback::title(d),
            RunChart::PairedDifference => paired::title(d),
            RunChart::CostOfSalesBySplit => distribution::cost_title(d),
            RunChart::WhereTheTimeGoes => time::title(d),
            RunChart::TeamAndCost => team::title(d),
            RunChart::Frontier => frontier::title(d),
            RunChart::RevenueOverTime => over_time::title(d),
        }
    }

    /// Draws the chart on any backend.
    pub fn draw<DB: DrawingBackend>(
        self,
        area: &DrawingArea<DB, Shift>,
        d: &ChartData,
    ) -> Drawn<DB> {
        match self {
            RunChart::DecisionBySplit => distribution::draw_decision(area, d),
            RunChart::Payback => payback::draw(area, d),
            RunChart::PairedDifference => paired::draw(area, d),
            RunChart::CostOfSalesBySplit => distribution::draw_cost(area, d),
            RunChart::WhereTheTimeGoes => time::draw(area, d),
            RunChart::TeamAndCost => team::draw(area, d),
            RunChart::Frontier => frontier::draw(area, d),
            RunChart::RevenueOverTime => over_time::draw(area, d),
        }
    }
}

/// A run chart with its data, as a [`Chart`].
struct Drawing<'a> {
    chart: RunChart,
    d: &'a ChartData,
}

impl Chart for Drawing<'_> {
    fn title(&self) -> String {
        self.chart.title(self.d)
    }
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        self.chart.draw(area, self.d)
    }
}

/// Draws every chart of a run, in report order, with the headings and
/// findings the report shows.
pub fn render_run(s: &Scenario, r: &RunResult) -> Result<Vec<Figure>> {
    let d = ChartData::new(s, r);
    let charts: Vec<(String, Drawing<'_>)> = RunChart::ALL
        .iter()
        .map(|&chart| (chart.file().to_string(), Drawing { chart, d: &d }))
        .collect();
    let mut figures = render(&charts)?;
    for (f, chart) in figures.iter_mut().zip(RunChart::ALL) {
        f.heading = chart.heading(&d);
        f.finding = chart.is_finding();
        f.headline = chart.is_headline();
    }
    Ok(figures)
}

/// The chart of `run --precision`: every split against the baseline.
pub fn convergence<'a>(s: &Scenario, r: &RunResult, o: &'a Outcome) -> Convergence<'a> {
    let others: Vec<usize> = (0..s.splits.len()).filter(|&k| k != s.baseline).collect();
    let shown = others.len().min(MAX_PANELS);
    let series = others[..shown]
        .iter()
        .map(|&k| Series {
            label: s.splits[k].name.clone(),
            short: s.splits[k].name.clone(),
            color: scenario_split_color(s, k),
            runner: 0,
            split: k,
        })
        .collect();
    let which = if shown < others.len() {
        format!("the first {shown} of {} splits", others.len())
    } else {
        "every split".into()
    };
    Convergence {
        outcome: o,
        baseline: s.splits[s.baseline].name.clone(),
        subject: None,
        series,
        which,
        footer: footer_text(
            &s.name,
            &format!("{} trials", format::thousands(r.trials as f64)),
            s.seed,
            s.horizon_months,
        ),
    }
}
