//! `[roles.outside]` and `[roles.inside]`: hours, admin share, pay,
//! attrition, hiring and ramp-up of each kind of rep.

use super::ctx::{Ctx, Span};
use crate::core::dist::Range;
use crate::scenario::file::{FileRole, FileRoles, Num, Sp};
use crate::scenario::{ByRole, Role, RoleSpec};

pub(super) fn resolve(cx: &mut Ctx<'_>, roles: Option<&Sp<FileRoles>>) -> ByRole<RoleSpec> {
    let roles_span = roles.map(|r| r.span());
    let roles_default = FileRoles::default();
    let roles_file = roles.map(|r| r.get_ref()).unwrap_or(&roles_default);
    ByRole::new(
        resolve_role(
            cx,
            Role::Outside,
            roles_file.outside.as_ref(),
            roles_span.clone(),
        ),
        resolve_role(cx, Role::Inside, roles_file.inside.as_ref(), roles_span),
    )
}

fn resolve_role(
    cx: &mut Ctx<'_>,
    role: Role,
    r: Option<&Sp<FileRole>>,
    roles_span: Span,
) -> RoleSpec {
    let name = role.name();
    let default = FileRole::default();
    let (rf, span) = match r {
        Some(r) => (r.get_ref(), Some(r.span())),
        None => {
            cx.err(
                &format!("roles.{name}"),
                roles_span,
                format!("the `{name}` role is missing"),
                format!("add a [roles.{name}] table with at least annual_hours"),
            );
            (&default, None)
        }
    };
    let p = |k: &str| format!("roles.{name}.{k}");
    if role == Role::Inside {
        for (k, v) in [
            ("travel_hours_per_visit", &rf.travel_hours_per_visit),
            ("travel_cost_per_visit", &rf.travel_cost_per_visit),
        ] {
            if let Some(v) = v {
                cx.err(
                    &p(k),
                    Some(v.span()),
                    "inside reps do not travel: travel keys belong to [roles.outside]",
                    "remove this key (or move it to [roles.outside])",
                );
            }
        }
    }
    let annual_hours = if r.is_some() {
        cx.required(
            rf.annual_hours.as_ref(),
            &p("annual_hours"),
            &p("annual_hours"),
            span,
            Range::Positive,
            "add annual_hours = paid working hours per rep per year (e.g. 1,800-2,000)",
        )
    } else {
        cx.value(
            None,
            &p("annual_hours"),
            &p("annual_hours"),
            1.0,
            Range::Positive,
        )
    };
    let mut v = |key: &str, val: &Option<Sp<Num>>, default: f64, range: Range| {
        cx.global(val.as_ref(), &p(key), default, range)
    };
    let admin_share = v("admin_share", &rf.admin_share, 0.0, Range::UnitBelowOne);
    let target_utilization = v(
        "target_utilization",
        &rf.target_utilization,
        1.0,
        Range::UnitAboveZero,
    );
    let base_salary = v("base_salary", &rf.base_salary, 0.0, Range::NonNegative);
    let benefits_load = v("benefits_load", &rf.benefits_load, 0.0, Range::NonNegative);
    let other_cost = v("other_cost", &rf.other_cost, 0.0, Range::NonNegative);
    let commission_rate = v("commission_rate", &rf.commission_rate, 0.0, Range::Unit);
    let travel_hours_per_visit = if role == Role::Outside {
        v(
            "travel_hours_per_visit",
            &rf.travel_hours_per_visit,
            0.0,
            Range::NonNegative,
        )
    } else {
        v("travel_hours_per_visit", &None, 0.0, Range::NonNegative)
    };
    let travel_cost_per_visit = if role == Role::Outside {
        v(
            "travel_cost_per_visit",
            &rf.travel_cost_per_visit,
            0.0,
            Range::NonNegative,
        )
    } else {
        v("travel_cost_per_visit", &None, 0.0, Range::NonNegative)
    };
    let annual_attrition = v("annual_attrition", &rf.annual_attrition, 0.0, Range::Unit);
    let ramp_months = v("ramp_months", &rf.ramp_months, 0.0, Range::NonNegative);
    let hire_cost = v("hire_cost", &rf.hire_cost, 0.0, Range::NonNegative);
    let months_to_hire = cx.int(
        rf.months_to_hire.as_ref(),
        &p("months_to_hire"),
        0,
        0,
        12 * 100,
    ) as u32;
    RoleSpec {
        annual_hours,
        admin_share,
        target_utilization,
        base_salary,
        benefits_load,
        other_cost,
        commission_rate,
        travel_hours_per_visit,
        travel_cost_per_visit,
        annual_attrition,
        months_to_hire,
        ramp_months,
        hire_cost,
    }
}
