//! The metrics (docs/model.md, "Metrics"): every number a trial reports
//! for a split, with its name in the outputs, its label for people, its
//! unit and whether higher is better. Per trial and split, metrics are a
//! fixed-size array of `f64` in [`Metric::ALL`] order; `NaN` stands for
//! "undefined in this trial" (null in the outputs) and never leaves the
//! program as a number.

/// How a metric is displayed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Dollars.
    Money,
    /// A share, shown as a percentage.
    Ratio,
    /// Hours.
    Hours,
    /// People.
    Count,
}

/// What the outputs know about a metric.
#[derive(Clone, Copy, Debug)]
pub struct MetricDef {
    /// The name in `summary.json`, `summary.csv` and on the command line.
    pub name: &'static str,
    /// The label people read in tables and charts.
    pub label: &'static str,
    /// Whether a higher value is better (for P(better)).
    pub higher_is_better: bool,
    /// How it is displayed.
    pub unit: Unit,
}

macro_rules! metrics {
    ($( $id:ident = $name:literal, $label:literal, $better:ident, $unit:ident; )*) => {
        /// A metric: one number per trial and split.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum Metric { $( #[doc = $label] $id, )* }

        /// Every metric's definition, in output order.
        pub const METRICS: &[MetricDef] = &[
            $( MetricDef { name: $name, label: $label, higher_is_better: metrics!(@b $better), unit: Unit::$unit }, )*
        ];

        impl Metric {
            /// Every metric, in output order.
            pub const ALL: [Metric; N_METRICS] = [ $( Metric::$id, )* ];
        }
    };
    (@b higher) => { true };
    (@b lower) => { false };
}

metrics! {
    Ltv = "ltv", "Lifetime value (discounted)", higher, Money;
    TerminalValue = "terminal_value", "Terminal value", higher, Money;
    LtvWithTerminal = "ltv_with_terminal", "LTV with terminal value", higher, Money;
    LtvPerAccount = "ltv_per_account", "LTV per account", higher, Money;
    Revenue = "revenue", "Revenue", higher, Money;
    Bookings = "bookings", "Bookings", higher, Money;
    GrossMargin = "gross_margin", "Gross margin", higher, Money;
    SalesCost = "sales_cost", "Cost of sales", lower, Money;
    CostOfSales = "cost_of_sales", "Cost of sales / revenue", lower, Ratio;
    SellingHoursOutside = "selling_hours_outside", "Selling hours per field rep-year", higher, Hours;
    SellingHoursInside = "selling_hours_inside", "Selling hours per inside rep-year", higher, Hours;
    SellingShareOutside = "selling_share_outside", "Selling time share, field", higher, Ratio;
    SellingShareInside = "selling_share_inside", "Selling time share, inside", higher, Ratio;
    TravelHoursOutside = "travel_hours_outside", "Travel hours per field rep-year", lower, Hours;
    HeadcountOutside = "headcount_outside", "Field reps", lower, Count;
    HeadcountInside = "headcount_inside", "Inside reps", lower, Count;
    Managers = "managers", "Managers", lower, Count;
    FteRequiredOutside = "fte_required_outside", "Field FTE required", lower, Count;
    FteRequiredInside = "fte_required_inside", "Inside FTE required", lower, Count;
    CoverageOutside = "coverage_outside", "Coverage, field", higher, Ratio;
    CoverageInside = "coverage_inside", "Coverage, inside", higher, Ratio;
    AccountRetention = "account_retention", "Account retention", higher, Ratio;
    CellRetention = "cell_retention", "Product retention", higher, Ratio;
    RevenueRetention = "revenue_retention", "Revenue retention", higher, Ratio;
    // Breakdowns beyond the metrics of the design (docs/model.md, "Metrics").
    CostPay = "cost_pay", "Cost: pay", lower, Money;
    CostCommission = "cost_commission", "Cost: commission", lower, Money;
    CostTravel = "cost_travel", "Cost: travel", lower, Money;
    CostHiring = "cost_hiring", "Cost: hiring", lower, Money;
    CostManagement = "cost_management", "Cost: management", lower, Money;
    AdminHoursOutside = "admin_hours_outside", "Admin hours per field rep-year", lower, Hours;
    AdminHoursInside = "admin_hours_inside", "Admin hours per inside rep-year", lower, Hours;
    RampHoursOutside = "ramp_hours_outside", "Ramp-up hours lost per field rep-year", lower, Hours;
    RampHoursInside = "ramp_hours_inside", "Ramp-up hours lost per inside rep-year", lower, Hours;
    IdleHoursOutside = "idle_hours_outside", "Idle hours per field rep-year", lower, Hours;
    IdleHoursInside = "idle_hours_inside", "Idle hours per inside rep-year", lower, Hours;
    // The move from today's team (docs/model.md, "The transition").
    CostTransition = "cost_transition", "Cost: transition", lower, Money;
    TransitionCost = "transition_cost", "Transition cost (one-off)", lower, Money;
    PaybackMonth = "payback_month", "Payback month", lower, Count;
}

/// Number of metrics.
pub const N_METRICS: usize = METRICS.len();

impl Metric {
    /// Its position in a trial's metric array (and in [`METRICS`]).
    pub fn index(self) -> usize {
        self as usize
    }

    /// Its definition.
    pub fn def(self) -> &'static MetricDef {
        &METRICS[self.index()]
    }

    /// Its name in the outputs.
    pub fn name(self) -> &'static str {
        self.def().name
    }

    /// Looks a metric up by name, written with `_` or `-` between words
    /// and in any case (`cost_of_sales`, `cost-of-sales`, `Cost-Of-Sales`).
    pub fn by_name(name: &str) -> Option<Metric> {
        let name = name.trim().to_ascii_lowercase().replace('-', "_");
        Metric::ALL.iter().copied().find(|m| m.name() == name)
    }
}

impl std::str::FromStr for Metric {
    type Err = String;
    /// [`Metric::by_name`]; the error names the nearest metric and lists
    /// them all.
    fn from_str(s: &str) -> Result<Metric, String> {
        Metric::by_name(s).ok_or_else(|| {
            let names: Vec<&str> = METRICS.iter().map(|m| m.name).collect();
            let written = s.trim().to_ascii_lowercase().replace('-', "_");
            let hint = crate::core::hint::nearest(&written, names.iter().copied())
                .map(|n| format!("did you mean {n}? "))
                .unwrap_or_default();
            format!(
                "unknown metric {s:?}; {hint}the metrics (write them with _ or -) are: {}",
                names.join(", ")
            )
        })
    }
}

/// One value per metric, indexed by [`Metric`].
#[derive(Clone, Debug, PartialEq)]
pub struct ByMetric<T>(Vec<T>);

impl<T> ByMetric<T> {
    /// The value of every metric from `f`, in [`Metric::ALL`] order.
    pub fn from_fn(f: impl FnMut(Metric) -> T) -> ByMetric<T> {
        ByMetric(Metric::ALL.into_iter().map(f).collect())
    }

    /// Every metric with its value, in output order.
    pub fn iter(&self) -> impl Iterator<Item = (Metric, &T)> {
        Metric::ALL.into_iter().zip(&self.0)
    }
}

impl<T> std::ops::Index<Metric> for ByMetric<T> {
    type Output = T;
    fn index(&self, m: Metric) -> &T {
        &self.0[m.index()]
    }
}

impl<T> std::ops::IndexMut<Metric> for ByMetric<T> {
    fn index_mut(&mut self, m: Metric) -> &mut T {
        &mut self.0[m.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indices_match_names() {
        assert_eq!(METRICS[Metric::Ltv.index()].name, "ltv");
        assert_eq!(Metric::IdleHoursInside.name(), "idle_hours_inside");
        assert_eq!(Metric::by_name("cost_of_sales"), Some(Metric::CostOfSales));
        assert_eq!(Metric::by_name("cost-of-sales"), Some(Metric::CostOfSales));
        assert_eq!(
            Metric::by_name(" Cost-Of_Sales "),
            Some(Metric::CostOfSales)
        );
        let e = "cost-of-sale".parse::<Metric>().unwrap_err();
        assert!(e.contains("did you mean cost_of_sales?"), "{e}");
        assert!(e.contains("idle_hours_inside"), "{e}");
        let mut names: Vec<_> = METRICS.iter().map(|m| m.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), N_METRICS);
        for (i, m) in Metric::ALL.iter().enumerate() {
            assert_eq!(m.index(), i);
        }
    }
}
