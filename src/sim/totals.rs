//! From what one split's simulation adds up over the horizon to its metrics
//! (docs/model.md, "Metrics"): the one place that packs a trial's numbers
//! into the metric vector, in the order of [`crate::core::metrics::METRICS`].

use super::world::World;
use crate::core::metrics::M;

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
    /// Cost items: pay, commission, travel, hiring, management.
    pub cost: [f64; 5],
    /// Per role: selling (customer-facing) hours delivered.
    pub selling: [f64; 2],
    /// Per role: paid hours left idle.
    pub idle: [f64; 2],
    /// Per role: hours lost to ramp-up.
    pub ramp: [f64; 2],
    /// The field's travel hours.
    pub travel: f64,
    /// Per role: rep-months with the seat filled.
    pub filled_months: [u64; 2],
    /// Per role: the sum and count of monthly coverage ratios.
    pub coverage_sum: [f64; 2],
    pub coverage_n: [u32; 2],
    /// Per role: headcount and workload build-up FTE at the start.
    pub headcount: [u32; 2],
    pub fte: [f64; 2],
    pub managers: u32,
    /// Active cells and their monthly run rate at the start.
    pub cells_start: u64,
    pub run_rate_start: f64,
    pub book: Book,
}

/// The metrics of one role, in the order [`Totals::pack`] writes them.
struct RoleMetrics {
    selling_hours: M,
    selling_share: M,
    headcount: M,
    fte_required: M,
    coverage: M,
    admin_hours: M,
    ramp_hours: M,
    idle_hours: M,
}

const ROLE_METRICS: [RoleMetrics; 2] = [
    RoleMetrics {
        selling_hours: M::SELLING_HOURS_OUTSIDE,
        selling_share: M::SELLING_SHARE_OUTSIDE,
        headcount: M::HEADCOUNT_OUTSIDE,
        fte_required: M::FTE_REQUIRED_OUTSIDE,
        coverage: M::COVERAGE_OUTSIDE,
        admin_hours: M::ADMIN_HOURS_OUTSIDE,
        ramp_hours: M::RAMP_HOURS_OUTSIDE,
        idle_hours: M::IDLE_HOURS_OUTSIDE,
    },
    RoleMetrics {
        selling_hours: M::SELLING_HOURS_INSIDE,
        selling_share: M::SELLING_SHARE_INSIDE,
        headcount: M::HEADCOUNT_INSIDE,
        fte_required: M::FTE_REQUIRED_INSIDE,
        coverage: M::COVERAGE_INSIDE,
        admin_hours: M::ADMIN_HOURS_INSIDE,
        ramp_hours: M::RAMP_HOURS_INSIDE,
        idle_hours: M::IDLE_HOURS_INSIDE,
    },
];

impl Totals {
    /// Writes every metric into `out` (one split's slice of the trial's
    /// vector); a metric undefined in this trial is NaN.
    pub fn pack(&self, w: &World, n_accounts: usize, out: &mut [f64]) {
        let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { f64::NAN };
        let per_rep_year = |x: f64, r: usize| ratio(x, self.filled_months[r] as f64 / 12.0);
        let sales_cost: f64 = self.cost.iter().sum();
        let o = |m: M| m as usize;
        out.fill(f64::NAN);
        out[o(M::LTV)] = self.ltv;
        out[o(M::TERMINAL_VALUE)] = self.book.terminal;
        out[o(M::LTV_WITH_TERMINAL)] = self.ltv + self.book.terminal;
        out[o(M::LTV_PER_ACCOUNT)] = self.ltv / n_accounts as f64;
        out[o(M::REVENUE)] = self.revenue;
        out[o(M::BOOKINGS)] = self.bookings;
        out[o(M::GROSS_MARGIN)] = self.gross_margin;
        out[o(M::SALES_COST)] = sales_cost;
        out[o(M::COST_OF_SALES)] = ratio(sales_cost, self.revenue);
        for (r, m) in ROLE_METRICS.iter().enumerate() {
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
        out[o(M::TRAVEL_HOURS_OUTSIDE)] = per_rep_year(self.travel, 0);
        out[o(M::MANAGERS)] = f64::from(self.managers);
        out[o(M::ACCOUNT_RETENTION)] = ratio(
            self.book.accounts_kept as f64,
            self.book.accounts_had as f64,
        );
        out[o(M::CELL_RETENTION)] = ratio(self.book.cells_end as f64, self.cells_start as f64);
        out[o(M::REVENUE_RETENTION)] = ratio(self.book.run_rate_end, self.run_rate_start);
        out[o(M::COST_PAY)] = self.cost[0];
        out[o(M::COST_COMMISSION)] = self.cost[1];
        out[o(M::COST_TRAVEL)] = self.cost[2];
        out[o(M::COST_HIRING)] = self.cost[3];
        out[o(M::COST_MANAGEMENT)] = self.cost[4];
    }
}
