//! The metrics of MODEL.md section 5, plus a few breakdowns the report needs.
//! Per trial and split, metrics are a fixed-size array of `f64` in this
//! order; `NaN` stands for "undefined in this trial" (null in the outputs) and
//! never leaves the program as a number.

/// How a metric is displayed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Money,
    Ratio,
    Hours,
    Count,
}

#[derive(Clone, Copy, Debug)]
pub struct MetricDef {
    pub name: &'static str,
    pub label: &'static str,
    pub higher_is_better: bool,
    pub unit: Unit,
}

macro_rules! metrics {
    ($( $id:ident = $name:literal, $label:literal, $better:ident, $unit:ident; )*) => {
        /// Metric indices.
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(usize)]
        pub enum M { $( $id, )* }
        /// Every metric, in output order.
        pub const METRICS: &[MetricDef] = &[
            $( MetricDef { name: $name, label: $label, higher_is_better: metrics!(@b $better), unit: Unit::$unit }, )*
        ];
    };
    (@b higher) => { true };
    (@b lower) => { false };
}

metrics! {
    LTV = "ltv", "Lifetime value (discounted)", higher, Money;
    TERMINAL_VALUE = "terminal_value", "Terminal value", higher, Money;
    LTV_WITH_TERMINAL = "ltv_with_terminal", "LTV with terminal value", higher, Money;
    LTV_PER_ACCOUNT = "ltv_per_account", "LTV per account", higher, Money;
    REVENUE = "revenue", "Revenue", higher, Money;
    BOOKINGS = "bookings", "Bookings", higher, Money;
    GROSS_MARGIN = "gross_margin", "Gross margin", higher, Money;
    SALES_COST = "sales_cost", "Cost of sales", lower, Money;
    COST_OF_SALES = "cost_of_sales", "Cost of sales / revenue", lower, Ratio;
    SELLING_HOURS_OUTSIDE = "selling_hours_outside", "Selling hours per field rep-year", higher, Hours;
    SELLING_HOURS_INSIDE = "selling_hours_inside", "Selling hours per inside rep-year", higher, Hours;
    SELLING_SHARE_OUTSIDE = "selling_share_outside", "Selling time share, field", higher, Ratio;
    SELLING_SHARE_INSIDE = "selling_share_inside", "Selling time share, inside", higher, Ratio;
    TRAVEL_HOURS_OUTSIDE = "travel_hours_outside", "Travel hours per field rep-year", lower, Hours;
    HEADCOUNT_OUTSIDE = "headcount_outside", "Field reps", lower, Count;
    HEADCOUNT_INSIDE = "headcount_inside", "Inside reps", lower, Count;
    MANAGERS = "managers", "Managers", lower, Count;
    FTE_REQUIRED_OUTSIDE = "fte_required_outside", "Field FTE required", lower, Count;
    FTE_REQUIRED_INSIDE = "fte_required_inside", "Inside FTE required", lower, Count;
    COVERAGE_OUTSIDE = "coverage_outside", "Coverage, field", higher, Ratio;
    COVERAGE_INSIDE = "coverage_inside", "Coverage, inside", higher, Ratio;
    ACCOUNT_RETENTION = "account_retention", "Account retention", higher, Ratio;
    CELL_RETENTION = "cell_retention", "Product retention", higher, Ratio;
    REVENUE_RETENTION = "revenue_retention", "Revenue retention", higher, Ratio;
    // Breakdowns beyond MODEL.md section 5 (documented in docs/model.md).
    COST_PAY = "cost_pay", "Cost: pay", lower, Money;
    COST_COMMISSION = "cost_commission", "Cost: commission", lower, Money;
    COST_TRAVEL = "cost_travel", "Cost: travel", lower, Money;
    COST_HIRING = "cost_hiring", "Cost: hiring", lower, Money;
    COST_MANAGEMENT = "cost_management", "Cost: management", lower, Money;
    ADMIN_HOURS_OUTSIDE = "admin_hours_outside", "Admin hours per field rep-year", lower, Hours;
    ADMIN_HOURS_INSIDE = "admin_hours_inside", "Admin hours per inside rep-year", lower, Hours;
    RAMP_HOURS_OUTSIDE = "ramp_hours_outside", "Ramp-up hours lost per field rep-year", lower, Hours;
    RAMP_HOURS_INSIDE = "ramp_hours_inside", "Ramp-up hours lost per inside rep-year", lower, Hours;
    IDLE_HOURS_OUTSIDE = "idle_hours_outside", "Idle hours per field rep-year", lower, Hours;
    IDLE_HOURS_INSIDE = "idle_hours_inside", "Idle hours per inside rep-year", lower, Hours;
}

/// Number of metrics.
pub const N_METRICS: usize = METRICS.len();

/// Looks a metric up by name.
pub fn by_name(name: &str) -> Option<usize> {
    METRICS.iter().position(|m| m.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indices_match_names() {
        assert_eq!(METRICS[M::LTV as usize].name, "ltv");
        assert_eq!(
            METRICS[M::IDLE_HOURS_INSIDE as usize].name,
            "idle_hours_inside"
        );
        assert_eq!(by_name("cost_of_sales"), Some(M::COST_OF_SALES as usize));
        let mut names: Vec<_> = METRICS.iter().map(|m| m.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), N_METRICS);
    }
}
