//! The checks of a resolved scenario that need the model's numbers for its
//! typical trial (every input at its median): a team too large to simulate
//! (usually a unit mistake), a role that owns cells but has no reps, and
//! splits identical to another. The numbers come from the simulation
//! ([`TypicalSplit`], computed by `sim::staffing::typical`); the problems,
//! their words and fixes, are the scenario's.

use super::problems::{Problem, Severity};
use super::{ByRole, Decision, P, Role, Rule, Scenario, Split, Staff, Transition};
use crate::core::metrics::Metric;

/// The most reps a role may have: validation refuses scenarios whose typical
/// trial needs more than a tenth of this, so the cap only guards the far
/// tails of a distribution against exhausting memory.
pub const MAX_REPS: u32 = 1_000_000;

/// One split in the typical trial, as the model staffs it.
#[derive(Clone, Debug, PartialEq)]
pub struct TypicalSplit {
    /// Per role: FTE required by the workload build-up (unrounded).
    pub fte: ByRole<f64>,
    /// Per role: the headcount the split's staffing rule gives.
    pub headcount: ByRole<u32>,
    /// Per role: the cells the role owns.
    pub owned: ByRole<usize>,
    /// Per role: cells the role still owns while they wait to move during
    /// the phase-in, when it has no rep in month 1 (docs/model.md, "The
    /// transition"): they go uncovered.
    pub uncovered_in_phase: ByRole<usize>,
    /// Whether the terminal value is undefined in every trial: no
    /// discounting and a product owned by a role with no churn, so the
    /// perpetuity diverges.
    pub terminal_undefined: bool,
}

/// The problems of a resolved scenario given its typical trial, one entry
/// of `typical` per split. Errors: a sized team above a tenth of
/// [`MAX_REPS`] (the size of the scenario itself is checked during
/// resolution). Warnings: a fixed team of at least twice the workload
/// build-up's headcount plus 3 (99 field reps for 8 FTE of work), a role
/// that owns cells but has no reps (it wins nothing), and splits identical
/// to another.
pub fn check(s: &Scenario, typical: &[TypicalSplit]) -> Vec<Problem> {
    let mut out = Vec::new();
    for (split, t) in s.splits.iter().zip(typical) {
        for r in Role::ALL {
            let (fte, owned, hc) = (t.fte[r], t.owned[r], t.headcount[r]);
            if split.staffing[r] == Staff::Sized && fte > f64::from(MAX_REPS / 10) {
                out.push(Problem {
                    severity: Severity::Error,
                    path: format!("splits.{:?}.staffing.{}", split.name, r.name()),
                    line: None,
                    message: format!("the workload build-up asks for {:.0} {} reps in a typical trial; keysplit sizes teams of up to {}", fte, r.name(), MAX_REPS / 10),
                    fix: "check the units of touches_per_year and hours_per_touch (per product per year, and hours), and annual_hours".into(),
                    place: None,
                });
            }
            // A fixed team far above the work there is: usually a typo, or
            // a headcount meant for another role or a larger book.
            if let Staff::Fixed(n) = split.staffing[r] {
                let built = (fte - 1e-9).ceil().max(0.0);
                if f64::from(n) >= 2.0 * built + 3.0 {
                    out.push(Problem {
                        severity: Severity::Warning,
                        path: format!("splits.{:?}.staffing.{}", split.name, r.name()),
                        line: None,
                        message: format!(
                            "the {} team is fixed at {n} reps, but the workload build-up of a typical trial is {fte:.1} FTE ({built} reps): most of them would have no accounts to work",
                            r.name()
                        ),
                        fix: format!(
                            "check the number, or leave the {} role out of `staffing` to size it by its workload",
                            r.name()
                        ),
                        place: None,
                    });
                }
            }
            if owned > 0 && hc == 0 {
                let why = match split.staffing[r] {
                    Staff::Fixed(_) => "its headcount is fixed at 0".to_string(),
                    Staff::Current => "its headcount is the current split's, which has none".to_string(),
                    Staff::Sized => "it is sized to 0 because its cells carry no workload (e.g. whitespace with no `prospect_touches_per_year`, or no touches or hours)".to_string(),
                };
                out.push(Problem {
                    severity: Severity::Warning,
                    path: format!("splits.{:?}.staffing.{}", split.name, r.name()),
                    line: None,
                    message: format!("the {} role owns {owned} cells but has 0 reps ({why}): it can win nothing there", r.name()),
                    fix: format!("give the {} role reps (a fixed headcount, or touches and hours so sizing finds work), or assign those cells to the other role", r.name()),
                    place: None,
                });
            }
        }
    }
    for (split, t) in s.splits.iter().zip(typical) {
        for r in Role::ALL {
            let n = t.uncovered_in_phase[r];
            if n == 0 {
                continue;
            }
            let tr = &split.transition;
            let how = if tr.reduce == super::Reduce::Layoff {
                "laid off"
            } else {
                "redeployed"
            };
            out.push(Problem {
                severity: Severity::Warning,
                path: format!("splits.{:?}.transition.phase_months", split.name),
                line: None,
                message: format!(
                    "the {role} role is {how} down to 0 reps before month 1, yet keeps {n} cells until they move \
                     (phase_months = {}): they go uncovered, with no opportunities and under-coverage churn, in a typical trial",
                    tr.phase_months,
                    role = r.name()
                ),
                fix: "that is the cost of reducing a team before handing over its accounts; to avoid it, use \
                      phase_months = 0, or reduce = \"attrition\" so today's reps stay until they quit"
                    .into(),
                place: None,
            });
        }
    }
    if let Some((name, _)) = terminal_undefined(s, typical) {
        out.push(Problem {
            severity: Severity::Warning,
            path: "simulation.decision_metric".into(),
            line: None,
            message: format!(
                "the decision metric {} needs the terminal value, which is undefined in every trial of {name:?}: \
                 with no discounting, a product owned by a role with no churn is a perpetuity that never ends; \
                 runs decide on ltv instead",
                s.decision.metric.name()
            ),
            fix: "set [simulation] discount_rate above 0 (e.g. the cost of capital), give that motion some churn, \
                  or set decision_metric = \"ltv\""
                .into(),
            place: None,
        });
    }
    for (i, a) in s.splits.iter().enumerate() {
        for b in &s.splits[..i] {
            if same_policy(s, a, b) {
                out.push(Problem {
                    severity: Severity::Warning,
                    path: format!("splits.{:?}", a.name),
                    line: None,
                    message: format!("this split is identical to {:?} (same assignment, staffing and credit)", b.name),
                    fix: "change one of them, or remove the duplicate: identical splits give identical results".into(),
                    place: None,
                });
                break;
            }
        }
    }
    out
}

/// A sized team is warned about when the work it is sized for is below
/// this share of one rep: it is rounded up to a whole rep.
pub const ROUNDED_UP_BELOW: f64 = 0.5;

/// The warning for role `r` of `split` when it is sized to one rep for
/// less than [`ROUNDED_UP_BELOW`] FTE of work in the typical trial: the
/// split pays a whole rep (salary, hire, management) for a fraction of
/// one's work. `init --from-book` gives it (a small book is often a sample
/// of a larger one); scenarios written by hand, like the tutorial's, may
/// mean it.
pub fn rounded_up(split: &Split, r: Role, t: &TypicalSplit) -> Option<Problem> {
    let fte = t.fte[r];
    if split.staffing[r] != Staff::Sized
        || t.headcount[r] != 1
        || fte <= 0.0
        || fte >= ROUNDED_UP_BELOW
    {
        return None;
    }
    let other = r.other().name();
    Some(Problem {
        severity: Severity::Warning,
        path: format!("splits.{:?}.staffing.{}", split.name, r.name()),
        line: None,
        message: format!(
            "the {role} team is sized at 1 rep for {fte:.2} FTE of work in a typical trial (the workload build-up \
             rounds up to whole reps): this split pays a whole {role} rep for {pct:.0}% of one's work, which weighs against it",
            role = r.name(),
            pct = 100.0 * fte
        ),
        fix: format!(
            "if the rep would also serve accounts outside this scenario, add them (or compare on the whole book); \
             to keep that work with the {other} reps, assign it \"{other}\" in this split; to size the team yourself, \
             set staffing = {{ {role} = N }}",
            role = r.name()
        ),
        place: None,
    })
}

/// The first split whose terminal value is undefined in every trial, when
/// the decision metric needs the terminal value, with the metric.
fn terminal_undefined<'a>(s: &'a Scenario, typical: &[TypicalSplit]) -> Option<(&'a str, Metric)> {
    let needs = matches!(
        s.decision.metric,
        Metric::LtvWithTerminal | Metric::TerminalValue
    );
    let split = s
        .splits
        .iter()
        .zip(typical)
        .find(|(_, t)| t.terminal_undefined)?;
    needs.then_some((split.0.name.as_str(), s.decision.metric))
}

/// The metric a scenario is decided on: its `decision_metric`, unless that
/// needs a terminal value that is undefined in every trial (the run would
/// compare nothing), when it is `ltv`.
pub fn decision(s: &Scenario, typical: &[TypicalSplit]) -> Decision {
    match terminal_undefined(s, typical) {
        Some((name, metric)) => Decision {
            metric: Metric::Ltv,
            fallback: Some((
                metric,
                format!(
                    "the terminal value is undefined in every trial of {name:?} (no discounting, and a product \
                     owned by a role with no churn: the perpetuity never ends)"
                ),
            )),
        },
        None => s.decision.clone(),
    }
}

/// True when two splits differ in nothing but their names.
fn same_policy(s: &Scenario, a: &Split, b: &Split) -> bool {
    let same_rule = |x: Rule, y: Rule| match (x, y) {
        (Rule::Share(p), Rule::Share(q)) => s.param(p).dist == s.param(q).dist,
        _ => x == y,
    };
    let same_opt = |x: Option<Rule>, y: Option<Rule>| match (x, y) {
        (Some(x), Some(y)) => same_rule(x, y),
        (None, None) => true,
        _ => false,
    };
    let same_opts =
        |x: &[Option<Rule>], y: &[Option<Rule>]| x.iter().zip(y).all(|(x, y)| same_opt(*x, *y));
    a.assign
        .iter()
        .zip(&b.assign)
        .all(|(x, y)| same_rule(*x, *y))
        && same_opts(&a.assign_products, &b.assign_products)
        && a.staffing == b.staffing
        && a.rank_by == b.rank_by
        && a.overrides.len() == b.overrides.len()
        && a.overrides.iter().zip(&b.overrides).all(|(x, y)| {
            x.matches == y.matches
                && same_opts(&x.assign, &y.assign)
                && same_opts(&x.assign_products, &y.assign_products)
        })
        && a.credit.policy == b.credit.policy
        && s.param(a.credit.conflict_penalty).dist == s.param(b.credit.conflict_penalty).dist
        && s.param(a.credit.team_bonus_rate).dist == s.param(b.credit.team_bonus_rate).dist
        && same_transition(s, &a.transition, &b.transition)
}

/// True when two splits are reached from today's team the same way.
fn same_transition(s: &Scenario, a: &Transition, b: &Transition) -> bool {
    let same = |x: P, y: P| s.param(x).dist == s.param(y).dist;
    let same_ramp = match (a.redeploy_ramp_months, b.redeploy_ramp_months) {
        (Some(x), Some(y)) => same(x, y),
        (x, y) => x.is_none() && y.is_none(),
    };
    a.phase_months == b.phase_months
        && a.reduce == b.reduce
        && a.redeploy == b.redeploy
        && Role::ALL
            .iter()
            .all(|&r| same(a.severance_months[r], b.severance_months[r]))
        && same(a.one_off_cost, b.one_off_cost)
        && same_ramp
}
