//! Properties that hold for any valid scenario: no panic, no number that is
//! neither finite nor "undefined", and the accounting identities of the model
//! (cost items add up to cost of sales; every rep-year adds up to the paid
//! hours; shares and retentions stay in their ranges; headcounts are the
//! ceiling of the workload build-up).

mod common;
use common::*;
use keysplit::core::metrics::Metric;
use proptest::prelude::*;

#[allow(clippy::too_many_arguments)]
fn scenario_text(
    accounts: u32,
    horizon: u32,
    attrition: f64,
    months_to_hire: u32,
    ramp: f64,
    touches: f64,
    churn: f64,
    win: f64,
    upsell: f64,
    cross: f64,
    elasticity: f64,
    under: f64,
    share: f64,
    fixed_out: Option<u32>,
    policy: &str,
    discount: f64,
) -> String {
    let staffing = match fixed_out {
        Some(n) => format!("{{ outside = {n} }}"),
        None => "\"sized\"".into(),
    };
    format!(
        r#"
name = "prop"
[simulation]
trials = 6
horizon_months = {horizon}
discount_rate = {discount}
response_elasticity = {elasticity}
undercoverage_churn = {under}
handoff = {{ churn_multiplier = 2, months = 3 }}
[roles.outside]
annual_hours = 1700
admin_share = 0.4
target_utilization = 0.9
base_salary = 90000
benefits_load = 0.3
commission_rate = 0.06
travel_hours_per_visit = 2
travel_cost_per_visit = 200
annual_attrition = {attrition}
months_to_hire = {months_to_hire}
ramp_months = {ramp}
hire_cost = 20000
[roles.inside]
annual_hours = 1800
admin_share = 0.3
base_salary = 55000
commission_rate = 0.08
annual_attrition = {attrition}
months_to_hire = {months_to_hire}
ramp_months = {ramp}
[[management]]
name = "directors"
span = 6
annual_cost = 200000
[motions.maintenance]
touches_per_year = {touches}
in_person_share = 0.3
hours_per_touch = {{ outside = 1.5, inside = 0.8 }}
annual_churn = {{ outside = {churn}, inside = {churn} }}
win_rate = {{ outside = {win}, inside = {win} }}
upsell_per_year = {upsell}
cross_sell_per_year = {cross}
upsell_size = {{ dist = "triangular", min = 0.05, mode = 0.1, max = 0.3 }}
prospect_touches_per_year = 2
[motions.complex]
touches_per_year = {touches}
in_person_share = 0.7
hours_per_touch = {{ outside = 3, inside = 2 }}
annual_churn = {{ outside = {churn}, inside = 0.2 }}
win_rate = {{ outside = {win}, inside = 0.2 }}
upsell_per_year = {upsell}
cross_sell_per_year = {cross}
upsell_size = 0.2
prospect_touches_per_year = 1
[[products]]
name = "care"
motion = "maintenance"
gross_margin = 0.5
cross_sell_size = {{ dist = "lognormal", p10 = 5000, p90 = 50000 }}
[[products]]
name = "platform"
motion = "complex"
gross_margin = {{ dist = "uniform", min = 0.3, max = 0.6 }}
cross_sell_size = 80000
[[tiers]]
name = "big"
accounts = {accounts}
spend = {{ care = {{ dist = "lognormal", p10 = 20000, p90 = 90000 }}, platform = 300000 }}
[[tiers]]
name = "small"
accounts = {accounts}
spend = {{ care = 15000 }}
cross_sell = ["platform"]
[[splits]]
name = "field"
[[splits]]
name = "mixed"
assign = {{ maintenance = {{ inside = {share} }} }}
staffing = {staffing}
credit = {{ policy = "{policy}", conflict_penalty = 0.2, team_bonus_rate = 0.01 }}
"#
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_valid_scenario_runs_and_keeps_its_identities(
        accounts in 1u32..6,
        horizon in 1u32..30,
        attrition in 0.0f64..=1.0,
        months_to_hire in 0u32..4,
        ramp in 0.0f64..6.0,
        touches in 0.0f64..30.0,
        churn in 0.0f64..=1.0,
        win in 0.0f64..=1.0,
        upsell in 0.0f64..50.0,
        cross in 0.0f64..50.0,
        elasticity in 0.0f64..2.0,
        under in 0.0f64..3.0,
        share in 0.0f64..=1.0,
        fixed_out in proptest::option::of(0u32..5),
        policy in prop::sample::select(vec!["exclusive", "double", "team"]),
        discount in -0.5f64..0.5,
    ) {
        let text = scenario_text(accounts, horizon, attrition, months_to_hire, ramp, touches, churn, win, upsell, cross, elasticity, under, share, fixed_out, policy, discount);
        let s = scenario(&text);
        let r = run(&s, 2);
        for k in 0..s.splits.len() {
            let v = |m: Metric| r.values(k, m).collect::<Vec<f64>>();
            for m in Metric::ALL {
                for x in r.values(k, m) {
                    prop_assert!(x.is_finite() || x.is_nan(), "metric {} = {x}", m.name());
                }
            }
            let total = v(Metric::SalesCost);
            let items: Vec<Vec<f64>> = [Metric::CostPay, Metric::CostCommission, Metric::CostTravel, Metric::CostHiring, Metric::CostManagement, Metric::CostTransition].iter().map(|m| v(*m)).collect();
            for t in 0..total.len() {
                let sum: f64 = items.iter().map(|i| i[t]).sum();
                prop_assert!((sum - total[t]).abs() <= 1e-9 * total[t].abs().max(1.0));
                for ratio in [Metric::CellRetention, Metric::AccountRetention, Metric::CoverageOutside, Metric::CoverageInside, Metric::SellingShareOutside, Metric::SellingShareInside] {
                    let x = v(ratio)[t];
                    prop_assert!(x.is_nan() || (-1e-12..=1.0 + 1e-12).contains(&x), "{:?} = {x}", ratio);
                }
                for (role, hours) in [(0usize, 1700.0), (1, 1800.0)] {
                    let (admin, ramp_h, idle, sell, travel) = if role == 0 {
                        (Metric::AdminHoursOutside, Metric::RampHoursOutside, Metric::IdleHoursOutside, Metric::SellingHoursOutside, Metric::TravelHoursOutside)
                    } else {
                        (Metric::AdminHoursInside, Metric::RampHoursInside, Metric::IdleHoursInside, Metric::SellingHoursInside, Metric::SellingHoursInside)
                    };
                    let travel_h = if role == 0 { v(travel)[t] } else { 0.0 };
                    let parts = v(admin)[t] + v(ramp_h)[t] + v(idle)[t] + v(sell)[t] + travel_h;
                    if !parts.is_nan() {
                        prop_assert!((parts / hours - 1.0).abs() < 1e-9, "role {role}: {parts}");
                    }
                }
                let fte = v(Metric::FteRequiredOutside)[t];
                let hc = v(Metric::HeadcountOutside)[t];
                if s.splits[k].staffing.outside == keysplit::scenario::Staff::Sized {
                    prop_assert_eq!(hc, if fte > 0.0 { (fte - 1e-9).ceil().max(0.0) } else { 0.0 });
                }
                // Managers: ceil(reps / 6).
                let reps = hc + v(Metric::HeadcountInside)[t];
                prop_assert_eq!(v(Metric::Managers)[t], (reps / 6.0).ceil());
            }
        }
    }
}
