//! `[motions.<name>]`: how a product sells (touches, hours, churn and win
//! rates by role, opportunities, up-sell size, prospecting).

use super::ctx::Ctx;
use crate::core::dist::{Dist, Range};
use crate::scenario::file::{FileByRole, FileMotion, Num, Sp};
use crate::scenario::problems::seg;
use crate::scenario::{ByRole, Motion, P};
use std::collections::BTreeMap;

pub(super) fn resolve(
    cx: &mut Ctx<'_>,
    motions: Option<&Sp<BTreeMap<String, Sp<FileMotion>>>>,
) -> Vec<Motion> {
    let mut out = Vec::new();
    if let Some(ms) = motions {
        for (mname, m) in ms.get_ref() {
            super::names::check_text(
                cx,
                &format!("motions.{}", seg(mname)),
                Some(m.span()),
                mname,
            );
            out.push(resolve_motion(cx, mname, m));
        }
    }
    out
}

fn resolve_motion(cx: &mut Ctx<'_>, name: &str, m: &Sp<FileMotion>) -> Motion {
    let mf = m.get_ref();
    let base = format!("motions.{}", seg(name));
    let p = |k: &str| format!("{base}.{k}");
    let by_role =
        |cx: &mut Ctx<'_>, key: &str, t: &Option<Sp<FileByRole>>, range: Range| -> ByRole<P> {
            let d = FileByRole::default();
            let t = t.as_ref().map(|t| t.get_ref()).unwrap_or(&d);
            let o = p(&format!("{key}.outside"));
            let i = p(&format!("{key}.inside"));
            ByRole::new(
                cx.global(t.outside.as_ref(), &o, 0.0, range),
                cx.global(t.inside.as_ref(), &i, 0.0, range),
            )
        };
    let hours_per_touch = by_role(
        cx,
        "hours_per_touch",
        &mf.hours_per_touch,
        Range::NonNegative,
    );
    let annual_churn = by_role(cx, "annual_churn", &mf.annual_churn, Range::Unit);
    let win_rate = by_role(cx, "win_rate", &mf.win_rate, Range::Unit);
    let mut v = |key: &str, val: &Option<Sp<Num>>, range: Range| {
        cx.global(val.as_ref(), &p(key), 0.0, range)
    };
    let touches_per_year = v("touches_per_year", &mf.touches_per_year, Range::NonNegative);
    let in_person_share = v("in_person_share", &mf.in_person_share, Range::Unit);
    let upsell_per_year = v("upsell_per_year", &mf.upsell_per_year, Range::NonNegative);
    let cross_sell_per_year = v(
        "cross_sell_per_year",
        &mf.cross_sell_per_year,
        Range::NonNegative,
    );
    let prospect_touches_per_year = v(
        "prospect_touches_per_year",
        &mf.prospect_touches_per_year,
        Range::NonNegative,
    );
    let upsell_size = match &mf.upsell_size {
        None => Dist::Const(0.0),
        Some(s) => cx
            .dist(s, &p("upsell_size"), Range::NonNegative)
            .unwrap_or(Dist::Const(0.0)),
    };
    Motion {
        name: name.to_string(),
        touches_per_year,
        in_person_share,
        hours_per_touch,
        annual_churn,
        win_rate,
        upsell_per_year,
        cross_sell_per_year,
        upsell_size,
        prospect_touches_per_year,
    }
}
