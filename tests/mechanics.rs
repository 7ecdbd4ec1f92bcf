//! Deterministic checks of single mechanisms of docs/model.md ("One trial, for one split"), each set
//! up so that the expected number follows by hand from the spec's formulas.

mod common;
use common::*;
use keysplit::scenario::Role;
use keysplit::sim::{Draw, Layout, World, assign};

/// Attrition 1 quits every eligible rep each month; with `months_to_hire` 2 a
/// slot is vacant in months 1-2, refilled in 3 (a new hire cannot quit in
/// the month they arrive), quits in 4, refilled in 6, ... so over 12 months
/// each slot is filled in months 3, 6, 9 and 12.
#[test]
fn vacancies_hires_and_pay_follow_the_slot_rules() {
    let src = r#"
name = "slots"
[simulation]
trials = 2
horizon_months = 12
[roles.outside]
annual_hours = 1200
annual_attrition = 1
months_to_hire = 2
base_salary = 100000
benefits_load = 0.2
hire_cost = 5000
[roles.inside]
annual_hours = 1200
[motions.m]
[[products]]
name = "p"
motion = "m"
[[tiers]]
name = "t"
accounts = 1
spend = { p = 0 }
[[splits]]
name = "three field reps"
staffing = { outside = 3, inside = 0 }
"#;
    let r = run(&scenario(src), 1);
    let sum = |name: &str| r.splits[0].metrics[metric(name)].as_ref().unwrap().mean;
    let monthly_pay = 100_000.0 * 1.2 / 12.0;
    assert!((sum("cost_pay") - 3.0 * 4.0 * monthly_pay).abs() < 1e-6);
    assert!((sum("cost_hiring") - 3.0 * 4.0 * 5000.0).abs() < 1e-9);
}

/// With attrition 1 and no hiring delay every month brings a new hire in
/// their first month, at productivity 1/ramp_months: the ramp loss per
/// filled rep-year is annual_hours (1 - admin) (1 - 1/3).
#[test]
fn ramp_loss_is_the_unproductive_share_of_capacity() {
    let src = r#"
name = "ramp"
[simulation]
trials = 2
horizon_months = 12
[roles.outside]
annual_hours = 1500
admin_share = 0.2
annual_attrition = 1
ramp_months = 3
[roles.inside]
annual_hours = 1200
[motions.m]
touches_per_year = 10
hours_per_touch = { outside = 1 }
[[products]]
name = "p"
motion = "m"
[[tiers]]
name = "t"
accounts = 2
spend = { p = 1000 }
[[splits]]
name = "one field rep"
staffing = { outside = 1 }
"#;
    let r = run(&scenario(src), 1);
    let get = |name: &str| r.splits[0].metrics[metric(name)].as_ref().unwrap().mean;
    let expected = 1500.0 * 0.8 * (2.0 / 3.0);
    assert!((get("ramp_hours_outside") / expected - 1.0).abs() < 1e-12);
    // Every rep-year adds up: admin + ramp + idle + selling + travel = annual hours.
    let total = get("admin_hours_outside")
        + get("ramp_hours_outside")
        + get("idle_hours_outside")
        + get("selling_hours_outside")
        + get("travel_hours_outside");
    assert!((total / 1500.0 - 1.0).abs() < 1e-12, "{total}");
}

fn credit_scenario(credit: &str) -> String {
    shared_account(
        ("commission_rate = 0.05", "commission_rate = 0.08"),
        "",
        &format!(
            r#"[[splits]]
name = "split"
assign = {{ maintenance = "inside" }}
staffing = {{ outside = 1, inside = 1 }}
credit = {credit}"#
        ),
    )
}

#[test]
fn credit_policies_pay_commission_as_specified() {
    let (svc, plat, h) = (120_000.0, 240_000.0, 12.0);
    let (rate_out, rate_in) = (0.05, 0.08);
    let book_svc = h * 0.1 * svc; // inside bookings over the horizon
    let book_plat = h * 0.1 * plat; // outside bookings
    let cases = [
        (
            r#"{ policy = "exclusive" }"#,
            rate_in * book_svc + rate_out * book_plat,
            book_svc + book_plat,
        ),
        // Double credit: the outside role is also paid on inside bookings at shared accounts.
        (
            r#"{ policy = "double" }"#,
            rate_in * book_svc + rate_out * book_plat + rate_out * book_svc,
            book_svc + book_plat,
        ),
        // Team credit: a bonus on all bookings at shared accounts, on top.
        (
            r#"{ policy = "team", team_bonus_rate = 0.02 }"#,
            rate_in * book_svc + rate_out * book_plat + 0.02 * (book_svc + book_plat),
            book_svc + book_plat,
        ),
        // Exclusive credit with a full conflict penalty: nothing is won at a shared account.
        (
            r#"{ policy = "exclusive", conflict_penalty = 1 }"#,
            0.0,
            0.0,
        ),
    ];
    for (credit, commission, bookings) in cases {
        let r = run(&scenario(&credit_scenario(credit)), 1);
        let get = |name: &str| r.splits[0].metrics[metric(name)].as_ref().unwrap().mean;
        assert!(
            (get("cost_commission") - commission).abs() < 1e-6,
            "{credit}: {} vs {commission}",
            get("cost_commission")
        );
        assert!((get("bookings") - bookings).abs() < 1e-6, "{credit}");
    }
    // Revenue: month t earns S/12 (1 + 0.1 (t - 1)) per cell; deals add from the next month.
    let r = run(
        &scenario(&credit_scenario(r#"{ policy = "exclusive" }"#)),
        1,
    );
    let revenue = (svc + plat) / 12.0 * (h + 0.1 * h * (h - 1.0) / 2.0);
    let got = r.splits[0].metrics[metric("revenue")]
        .as_ref()
        .unwrap()
        .mean;
    assert!((got / revenue - 1.0).abs() < 1e-12, "{got} vs {revenue}");
    // Revenue retention: run-rate after month H (month-H deal included) over the start.
    let rr = r.splits[0].metrics[metric("revenue_retention")]
        .as_ref()
        .unwrap()
        .mean;
    assert!((rr - (1.0 + 0.1 * h)).abs() < 1e-12);
}

fn terminal_scenario(discount: f64, salary: f64) -> String {
    format!(
        r#"
name = "terminal"
[simulation]
trials = 2
horizon_months = 24
discount_rate = {discount}
[roles.outside]
annual_hours = 1800
base_salary = {salary}
[roles.inside]
annual_hours = 1800
[motions.m]
[[products]]
name = "p"
motion = "m"
gross_margin = 0.4
[[tiers]]
name = "t"
accounts = 1
spend = {{ p = 600000 }}
[[splits]]
name = "s"
staffing = {{ outside = 1, inside = 0 }}
"#
    )
}

/// Terminal value (Gupta and Lehmann 2003) with no churn: s = 1, so the
/// perpetuity is rr (g - cost(H)/revenue(H)) / i_m, discounted by (1+d)^(-H/12).
#[test]
fn terminal_value_is_the_discounted_perpetuity() {
    let (d, salary) = (0.1, 60_000.0);
    let r = run(&scenario(&terminal_scenario(d, salary)), 1);
    let rr = 600_000.0 / 12.0;
    let cost_ratio = (salary / 12.0) / rr;
    let i_m = (1.0f64 + d).powf(1.0 / 12.0) - 1.0;
    let expected = rr * (0.4 - cost_ratio) / i_m * (1.0 + d).powf(-24.0 / 12.0);
    let tv = r.splits[0].metrics[metric("terminal_value")]
        .as_ref()
        .unwrap()
        .mean;
    assert!((tv / expected - 1.0).abs() < 1e-12, "{tv} vs {expected}");
    // With d = 0 and no churn the perpetuity diverges: terminal value is null.
    let r = run(&scenario(&terminal_scenario(0.0, salary)), 1);
    assert!(r.splits[0].metrics[metric("terminal_value")].is_none());
    assert!(r.splits[0].metrics[metric("ltv_with_terminal")].is_none());
    assert!(r.splits[0].metrics[metric("ltv")].is_some());
}

/// A share rule sends floor(s n + 1/2) cells of the pool inside, those with
/// the smallest spend drawn in this trial first.
#[test]
fn share_rules_send_the_smallest_spends_inside() {
    let src = key_accounts_text();
    let s = scenario(&src);
    let layout = Layout::new(&s);
    let k = s
        .splits
        .iter()
        .position(|sp| {
            sp.assign
                .iter()
                .any(|r| matches!(r, keysplit::scenario::Rule::Share(_)))
        })
        .expect("a split with a share rule");
    let m = s.splits[k]
        .assign
        .iter()
        .position(|r| matches!(r, keysplit::scenario::Rule::Share(_)))
        .unwrap();
    let keysplit::scenario::Rule::Share(p) = s.splits[k].assign[m] else {
        unreachable!()
    };
    let mut w = World::default();
    let (mut owner, mut order) = (Vec::new(), Vec::new());
    for trial in 0..5 {
        w.draw(&s, &layout, Draw::Trial(trial));
        assign(&layout, &w, (k, &s.splits[k]), &mut owner, &mut order);
        let share = w.values[p.0 as usize];
        let pool: Vec<usize> = (0..layout.cells.len())
            .filter(|&i| layout.cells[i].motion as usize == m && layout.cells[i].active)
            .collect();
        let inside: Vec<usize> = pool
            .iter()
            .copied()
            .filter(|&i| owner[i] == Role::Inside)
            .collect();
        assert_eq!(
            inside.len(),
            (share * pool.len() as f64 + 0.5).floor() as usize
        );
        let max_in = inside.iter().map(|&i| w.spend[i]).fold(f64::MIN, f64::max);
        let min_out = pool
            .iter()
            .filter(|&&i| owner[i] == Role::Outside)
            .map(|&i| w.spend[i])
            .fold(f64::MAX, f64::min);
        assert!(max_in <= min_out, "trial {trial}: {max_in} > {min_out}");
    }
}

/// Hand-off: cells that change owner against the current split churn at
/// hz * multiplier for the first `months`; the expected LTV of one cell is
/// the geometric sum with that survival, within 4 standard errors.
#[test]
fn hand_off_multiplies_churn_for_the_first_months() {
    let src = r#"
name = "handoff"
[simulation]
trials = 20000
horizon_months = 24
seed = 5
handoff = { churn_multiplier = 3, months = 6 }
[roles.outside]
annual_hours = 1800
[roles.inside]
annual_hours = 1800
[motions.maintenance]
annual_churn = { outside = 0.2, inside = 0.2 }
[[products]]
name = "p"
motion = "maintenance"
gross_margin = 1
[[tiers]]
name = "t"
accounts = 1
spend = { p = 12000 }
[[splits]]
name = "today"
[[splits]]
name = "moved inside"
assign = { maintenance = "inside" }
"#;
    let r = run(&scenario(src), 2);
    let hz = 1.0 - (1.0f64 - 0.2).powf(1.0 / 12.0);
    let ltv = |mult: f64| {
        let mut surv = 1.0;
        (1..=24)
            .map(|t| {
                surv *= 1.0 - (if t <= 6 { hz * mult } else { hz });
                1000.0 * surv
            })
            .sum::<f64>()
    };
    for (k, mult) in [(0, 1.0), (1, 3.0)] {
        let m = r.splits[k].metrics[metric("ltv")].as_ref().unwrap();
        assert!(
            (m.mean - ltv(mult)).abs() < 4.0 * m.se.unwrap(),
            "split {k}: {} vs {}",
            m.mean,
            ltv(mult)
        );
    }
}
