//! From what one split's simulation adds up over the horizon to its metrics
//! (docs/model.md, "Metrics"): the one place that packs a trial's numbers
//! into the metric vector, in the order of [`crate::core::metrics::METRICS`].

use super::world::World;
use crate::core::metrics::Metric;
use crate::core::role::{ByRole, Role};

/// The book of business left at the end of the horizon.
#[derive(Clone, Copy, Debug)]
pub(super) struct Book {
    /// Terminal value (Gupta and Lehmann 2003), discounted to today; NaN
    /// where it is undefined.
    pub terminal: f64,
    /// Accounts that owned a product at the start.
    pub accounts_had: u64,
    /// Of those, accounts that still own one of their starting products.
    pub accounts_kept: u64,
    /// Starting (active) cells still active.
    pub cells_end: u64,
    /// Monthly run rate of the starting cells still active.
    pub run_rate_end: f64,
}

/// What the month loop of one split adds up over the horizon.
#[derive(Clone, Copy, Debug)]
pub(super) struct Totals {
    /// Discounted gross margin minus cost of sales.
    pub ltv: f64,
    pub revenue: f64,
    pub bookings: f64,
    pub gross_margin: f64,
    /// Cost items: pay, commission, travel, hiring, management, transition.
    pub cost: [f64; 6],
    /// Per role: selling (customer-facing) hours delivered.
    pub selling: ByRole<f64>,
    /// Per role: paid hours left idle.
    pub idle: ByRole<f64>,
    /// Per role: hours lost to ramp-up.
    pub ramp: ByRole<f64>,
    /// The field's travel hours.
    pub travel: f64,
    /// Per role: rep-months with the seat filled.
    pub filled_months: ByRole<u64>,
    /// Per role: the sum and count of monthly coverage ratios.
    pub coverage_sum: ByRole<f64>,
    pub coverage_n: ByRole<u32>,
    /// Per role: headcount and workload build-up FTE at the start.
    pub headcount: ByRole<u32>,
    pub fte: ByRole<f64>,
    pub managers: u32,
    /// The transition's one-off cost, with the first hires of new seats.
    pub transition_cost: f64,
    /// Active cells and their monthly run rate at the start.
    pub cells_start: u64,
    pub run_rate_start: f64,
    pub book: Book,
}

/// The metrics of one role, in the order [`Totals::pack`] writes them.
struct RoleMetrics {
    selling_hours: Metric,
    selling_share: Metric,
    headcount: Metric,
    fte_required: Metric,
    coverage: Metric,
    admin_hours: Metric,
    ramp_hours: Metric,
    idle_hours: Metric,
}

const ROLE_METRICS: ByRole<RoleMetrics> = ByRole::new(
    RoleMetrics {
        selling_hours: Metric::SellingHoursOutside,
        selling_share: Metric::SellingShareOutside,
        headcount: Metric::HeadcountOutside,
        fte_required: Metric::FteRequiredOutside,
        coverage: Metric::CoverageOutside,
        admin_hours: Metric::AdminHoursOutside,
        ramp_hours: Metric::RampHoursOutside,
        idle_hours: Metric::IdleHoursOutside,
    },
    RoleMetrics {
        selling_hours: Metric::SellingHoursInside,
        selling_share: Metric::SellingShareInside,
        headcount: Metric::HeadcountInside,
        fte_required: Metric::FteRequiredInside,
        coverage: Metric::CoverageInside,
        admin_hours: Metric::AdminHoursInside,
        ramp_hours: Metric::RampHoursInside,
        idle_hours: Metric::IdleHoursInside,
    },
);

impl Totals {
    /// Writes every metric into `out` (one split's slice of the trial's
    /// vector); a metric undefined in this trial is NaN.
    pub fn pack(&self, w: &World, n_accounts: usize, out: &mut [f64]) {
        let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { f64::NAN };
        let per_rep_year = |x: f64, r: Role| ratio(x, self.filled_months[r] as f64 / 12.0);
        let sales_cost: f64 = self.cost.iter().sum();
        let o = |m: Metric| m.index();
        out.fill(f64::NAN);
        out[o(Metric::Ltv)] = self.ltv;
        out[o(Metric::TerminalValue)] = self.book.terminal;
        out[o(Metric::LtvWithTerminal)] = self.ltv + self.book.terminal;
        out[o(Metric::LtvPerAccount)] = self.ltv / n_accounts as f64;
        out[o(Metric::Revenue)] = self.revenue;
        out[o(Metric::Bookings)] = self.bookings;
        out[o(Metric::GrossMargin)] = self.gross_margin;
        out[o(Metric::SalesCost)] = sales_cost;
        out[o(Metric::CostOfSales)] = ratio(sales_cost, self.revenue);
        for (r, m) in ROLE_METRICS.iter() {
            let rn = &w.roles[r];
            let selling = per_rep_year(self.selling[r], r);
            out[o(m.selling_hours)] = selling;
            out[o(m.selling_share)] = selling / rn.annual_hours;
            out[o(m.headcount)] = f64::from(self.headcount[r]);
            out[o(m.fte_required)] = self.fte[r];
            out[o(m.coverage)] = if self.coverage_n[r] > 0 {
                self.coverage_sum[r] / f64::from(self.coverage_n[r])
            } else {
                f64::NAN
            };
            out[o(m.admin_hours)] = if self.filled_months[r] > 0 {
                rn.annual_hours * rn.admin_share
            } else {
                f64::NAN
            };
            out[o(m.ramp_hours)] = per_rep_year(self.ramp[r], r);
            out[o(m.idle_hours)] = per_rep_year(self.idle[r], r);
        }
        out[o(Metric::TravelHoursOutside)] = per_rep_year(self.travel, Role::Outside);
        out[o(Metric::Managers)] = f64::from(self.managers);
        out[o(Metric::AccountRetention)] = ratio(
            self.book.accounts_kept as f64,
            self.book.accounts_had as f64,
        );
        out[o(Metric::CellRetention)] = ratio(self.book.cells_end as f64, self.cells_start as f64);
        out[o(Metric::RevenueRetention)] = ratio(self.book.run_rate_end, self.run_rate_start);
        out[o(Metric::CostPay)] = self.cost[0];
        out[o(Metric::CostCommission)] = self.cost[1];
        out[o(Metric::CostTravel)] = self.cost[2];
        out[o(Metric::CostHiring)] = self.cost[3];
        out[o(Metric::CostManagement)] = self.cost[4];
        out[o(Metric::CostTransition)] = self.cost[5];
        out[o(Metric::TransitionCost)] = self.transition_cost;
    }
}
