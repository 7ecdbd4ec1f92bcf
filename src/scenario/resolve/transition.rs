//! `[transition]` and each split's `transition` table: how every split is
//! reached from today's team (docs/model.md, "The transition"). A split's
//! table overrides the top-level one key by key (a severance role table
//! only the roles it names). Random keys are keyed `transition.<key>`
//! (`transition.severance_months.<role>`) in the top-level table and in
//! every split's alike, so the same key shares its draw.

use super::ctx::{Ctx, Span};
use crate::core::dist::{Dist, Range};
use crate::scenario::file::{FileTransition, Num, Sp};
use crate::scenario::problems::{nearest, seg};
use crate::scenario::{ByRole, Reduce, Role, Start, Transition};

/// Months of loaded pay per laid-off rep when nothing is said (docs/model.md).
const SEVERANCE_MONTHS: f64 = 3.0;

/// The top-level `[transition]` table: where splits start, and the
/// transition every split inherits.
pub(super) fn resolve_global(
    cx: &mut Ctx<'_>,
    f: Option<&Sp<FileTransition>>,
    horizon: u32,
) -> (Start, Transition) {
    let default = FileTransition::default();
    let tf = f.map(|t| t.get_ref()).unwrap_or(&default);
    let start = cx
        .word(
            tf.start.as_ref(),
            "transition.start",
            (
                &[("current", Start::Current), ("target", Start::Target)],
                Start::Current,
            ),
            "is not a start",
            "use \"current\" (the default: every split starts from today's team) or \
             \"target\" (every split starts at its own team, with no transition)",
        )
        .unwrap_or(Start::Current);
    let base = Base {
        phase_months: 0,
        reduce: Reduce::Layoff,
        severance_months: None,
        redeploy: false,
        redeploy_ramp_months: None,
        one_off_cost: None,
    };
    let t = resolve_table(cx, tf, "transition", &base, horizon);
    if start == Start::Target
        && let Some(f) = f
        && has_keys(f.get_ref())
    {
        cx.warn(
            "transition",
            Some(f.span()),
            "with start = \"target\" every split starts at its own team: the other transition keys have no effect",
            "remove them, or set start = \"current\" to model the move from today's team",
        );
    }
    (start, t)
}

/// A split's transition: the top-level one with the split's own table's
/// keys applied. `prefix` is the split's key path (`splits."Shift and lift"`).
pub(super) fn resolve_split(
    cx: &mut Ctx<'_>,
    f: Option<&Sp<FileTransition>>,
    prefix: &str,
    global: &Transition,
    start: Start,
    horizon: u32,
) -> Transition {
    let Some(f) = f else {
        return global.clone();
    };
    let tf = f.get_ref();
    let path = format!("{prefix}.transition");
    if let Some(s) = &tf.start {
        cx.err(
            &format!("{path}.start"),
            Some(s.span()),
            "`start` cannot be set for one split: every split starts from the same place",
            "remove it here; set it once in the top-level [transition] table",
        );
    }
    if start == Start::Target {
        cx.warn(
            &path,
            Some(f.span()),
            "with start = \"target\" every split starts at its own team, so this split's transition table has no effect",
            "remove it, or set start = \"current\" in [transition] to model the move from today's team",
        );
    }
    let base = Base {
        phase_months: global.phase_months,
        reduce: global.reduce,
        severance_months: Some(global.severance_months),
        redeploy: global.redeploy,
        redeploy_ramp_months: Some(global.redeploy_ramp_months),
        one_off_cost: Some(global.one_off_cost),
    };
    resolve_table(cx, tf, &path, &base, horizon)
}

/// What a table's missing keys take: the defaults, or the top-level table's
/// resolved values (`None` for a parameter: its default).
struct Base {
    phase_months: u32,
    reduce: Reduce,
    severance_months: Option<ByRole<crate::scenario::P>>,
    redeploy: bool,
    redeploy_ramp_months: Option<Option<crate::scenario::P>>,
    one_off_cost: Option<crate::scenario::P>,
}

fn has_keys(t: &FileTransition) -> bool {
    t.phase_months.is_some()
        || t.reduce.is_some()
        || t.severance_months.is_some()
        || t.redeploy.is_some()
        || t.redeploy_ramp_months.is_some()
        || t.one_off_cost.is_some()
}

/// The longest phase-in, in months (100 years).
const MAX_PHASE_MONTHS: i64 = 1200;

fn resolve_table(
    cx: &mut Ctx<'_>,
    tf: &FileTransition,
    path: &str,
    base: &Base,
    horizon: u32,
) -> Transition {
    let key_path = |k: &str| format!("transition.{k}");
    let full = |k: &str| format!("{path}.{k}");
    let phase_months = match &tf.phase_months {
        None => base.phase_months,
        Some(v) => {
            // Beyond the horizon is allowed (docs/model.md, "The transition"):
            // the hand-offs ranked last fall after month H and never move. The
            // bound keeps month arithmetic finite.
            let p = cx.int(Some(v), &full("phase_months"), -1, 0, MAX_PHASE_MONTHS);
            if p > i64::from(horizon) {
                cx.warn(
                    &full("phase_months"),
                    Some(v.span()),
                    format!(
                        "hand-offs over {p} months run beyond the horizon of {horizon} months: the moving \
                         cells ranked after month {horizon} (about {:.0}% of them) stay with today's owner \
                         to the end",
                        100.0 * (1.0 - horizon as f64 / p as f64)
                    ),
                    format!(
                        "if every hand-off should happen within the run, use at most {horizon} months \
                         (horizon_months)"
                    ),
                );
            }
            if (0..=MAX_PHASE_MONTHS).contains(&p) {
                p as u32
            } else {
                base.phase_months
            }
        }
    };
    let reduce = cx
        .word(
            tf.reduce.as_ref(),
            &full("reduce"),
            (
                &[("layoff", Reduce::Layoff), ("attrition", Reduce::Attrition)],
                base.reduce,
            ),
            "is not a way to reduce a team",
            "use \"layoff\" (reps above target leave before month 1, paid severance) or \
             \"attrition\" (they stay until they quit and are not replaced)",
        )
        .unwrap_or(base.reduce);
    let severance_months = severance(cx, tf.severance_months.as_ref(), path, base);
    let redeploy = tf
        .redeploy
        .as_ref()
        .map(|b| *b.get_ref())
        .unwrap_or(base.redeploy);
    let redeploy_ramp_months = match &tf.redeploy_ramp_months {
        None => base.redeploy_ramp_months.flatten(),
        Some(v) => Some(cx.value(
            Some(v),
            &full("redeploy_ramp_months"),
            &key_path("redeploy_ramp_months"),
            0.0,
            Range::NonNegative,
        )),
    };
    let one_off_cost = match (&tf.one_off_cost, base.one_off_cost) {
        (None, Some(p)) => p,
        (v, _) => cx.value(
            v.as_ref(),
            &full("one_off_cost"),
            &key_path("one_off_cost"),
            0.0,
            Range::NonNegative,
        ),
    };
    Transition {
        phase_months,
        reduce,
        severance_months,
        redeploy,
        redeploy_ramp_months,
        one_off_cost,
    }
}

/// `severance_months`: one value for both roles, or `{ outside, inside }`
/// (a role left out keeps the top-level table's value). Each role's draw is
/// keyed `transition.severance_months.<role>`.
fn severance(
    cx: &mut Ctx<'_>,
    v: Option<&Sp<Num>>,
    path: &str,
    base: &Base,
) -> ByRole<crate::scenario::P> {
    let full = format!("{path}.severance_months");
    let param = |cx: &mut Ctx<'_>, r: Role, path: &str, dist: Dist| {
        cx.param(
            path,
            &format!("transition.severance_months.{}", r.name()),
            dist,
        )
    };
    let inherited = |cx: &mut Ctx<'_>, r: Role| match base.severance_months {
        Some(p) => p[r],
        None => param(
            cx,
            r,
            &format!("{full}.{}", r.name()),
            Dist::Const(SEVERANCE_MONTHS),
        ),
    };
    let Some(v) = v else {
        return ByRole::new(inherited(cx, Role::Outside), inherited(cx, Role::Inside));
    };
    let span: Span = Some(v.span());
    match v.get_ref() {
        // A role table: keys are roles, not a distribution's `dist`.
        Num::Table(t) if !t.contains_key("dist") => {
            for k in t.keys().filter(|k| *k != "outside" && *k != "inside") {
                let hint = nearest(k, ["outside", "inside"])
                    .map(|n| format!("did you mean `{n}`? "))
                    .unwrap_or_default();
                cx.err(
                    &format!("{full}.{}", seg(k)),
                    span.clone(),
                    format!("unknown key `{k}` in severance_months"),
                    format!(
                        "{hint}write one value for both roles, or {{ outside = 3, inside = 2 }} (months of loaded pay)"
                    ),
                );
            }
            let role = |cx: &mut Ctx<'_>, r: Role| match t.get(r.name()) {
                None => inherited(cx, r),
                Some(x) => {
                    let rpath = format!("{full}.{}", r.name());
                    let num = serde::Deserialize::deserialize(x.clone())
                        .unwrap_or(Num::Wrong(crate::scenario::file::Wrong::Array));
                    let dist = cx
                        .dist(
                            &Sp::new(span.clone().unwrap_or(0..0), num),
                            &rpath,
                            Range::NonNegative,
                        )
                        .unwrap_or(Dist::Const(SEVERANCE_MONTHS));
                    param(cx, r, &rpath, dist)
                }
            };
            ByRole::new(role(cx, Role::Outside), role(cx, Role::Inside))
        }
        _ => {
            let dist = cx
                .dist(v, &full, Range::NonNegative)
                .unwrap_or(Dist::Const(SEVERANCE_MONTHS));
            // One value for both roles: each role has its own draw.
            let role_path = |r: Role| format!("{full}.{}", r.name());
            ByRole::new(
                param(cx, Role::Outside, &role_path(Role::Outside), dist.clone()),
                param(cx, Role::Inside, &role_path(Role::Inside), dist),
            )
        }
    }
}
