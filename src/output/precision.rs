//! Precision control in words: whether the target was met, after how many
//! trials, and the widest interval left.

use crate::analysis::precision::Outcome;
use crate::core::format;

/// One sentence for people.
pub fn sentence(o: &Outcome) -> String {
    let m = &o.target.metric.def();
    let worst = o
        .worst_half_width
        .map(|w| format::value(w, m.unit))
        .unwrap_or_else(|| "undefined".into());
    let target = format::value(o.target.half_width, m.unit);
    if o.met {
        format!(
            "Precision target met: the 95% interval of every paired difference in {} is within ± {target} (widest ± {worst}) after {} trials.",
            m.name, o.trials
        )
    } else {
        format!(
            "Precision target NOT met: after {} trials (the cap) the widest 95% interval of a paired difference in {} is ± {worst}, above ± {target}; raise --max-trials or relax the target.",
            o.trials, m.name
        )
    }
}
