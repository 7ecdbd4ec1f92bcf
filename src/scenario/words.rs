//! Key paths in the words people read, for the titles of charts, the
//! sensitivity tables and the report: `motions.complex.win_rate.inside`
//! becomes "Complex win rate, inside reps" (a label) or "complex win rate
//! inside" (the swept input on an axis).

use super::patch::parse_path;

/// The segments of a key path that name something, and the split the key
/// sits in: the tables that only group keys (`roles`, `motions`, `assign`,
/// ...) and the split's own segments are dropped.
fn named(segs: &[String]) -> (Vec<&str>, Option<&str>) {
    let mut words = Vec::new();
    let mut split = None;
    let mut i = 0;
    while i < segs.len() {
        match segs[i].as_str() {
            "splits" if i + 1 < segs.len() => {
                split = Some(segs[i + 1].as_str());
                i += 2;
                continue;
            }
            "roles" | "motions" | "products" | "tiers" | "management" | "simulation" | "credit"
            | "assign" | "assign_products" | "transition" => {}
            seg => words.push(seg),
        }
        i += 1;
    }
    (words, split)
}

/// An input's key path in words a leader reads:
/// `motions.complex.win_rate.inside` → "Complex win rate, inside reps".
pub fn label(key_path: &str) -> String {
    let segs =
        parse_path(key_path).unwrap_or_else(|_| key_path.split('.').map(String::from).collect());
    let (named, split) = named(&segs);
    let mut words: Vec<String> = Vec::new();
    let mut role: Option<&str> = None;
    for seg in named {
        match seg {
            "outside" => role = Some("field reps"),
            "inside" => role = Some("inside reps"),
            "one_off_cost" => words.push("one-off cost of the move".into()),
            _ => words.push(seg.replace('_', " ")),
        }
    }
    let mut out = words.join(" ");
    if let Some(f) = out.get(..1) {
        out = f.to_uppercase() + &out[1..];
    }
    if out.is_empty() {
        return key_path.to_string();
    }
    if let Some(r) = role {
        out = format!("{out}, {r}");
    }
    if let Some(sp) = split {
        out = format!("{out} ({sp})");
    }
    out
}

/// The swept input in words: the meaningful segments of its key path, at
/// most the last four (`splits."X".assign.transactional.inside` gives
/// "transactional inside", `roles.outside.annual_attrition` "outside annual
/// attrition"). The split is named elsewhere, so it is dropped here.
pub fn param_words(path: &str) -> String {
    let segs = parse_path(path).unwrap_or_else(|_| vec![path.into()]);
    let out: Vec<String> = named(&segs)
        .0
        .iter()
        .map(|seg| seg.replace('_', " "))
        .collect();
    let keep = out.len().saturating_sub(4);
    let words = out[keep..].join(" ");
    if words.is_empty() {
        path.to_string()
    } else {
        words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_read_as_words() {
        assert_eq!(
            label("motions.complex.win_rate.inside"),
            "Complex win rate, inside reps"
        );
        assert_eq!(
            label("roles.outside.base_salary"),
            "Base salary, field reps"
        );
        assert_eq!(label("simulation.discount_rate"), "Discount rate");
        assert_eq!(
            label("transition.severance_months.outside"),
            "Severance months, field reps"
        );
        assert_eq!(
            label(r#"splits."Lean".transition.one_off_cost"#),
            "One-off cost of the move (Lean)"
        );
        assert_eq!(
            label(r#"splits."Team".credit.team_bonus_rate"#),
            "Team bonus rate (Team)"
        );
        assert_eq!(
            label(r#"products."Consumables".gross_margin"#),
            "Consumables gross margin"
        );
    }

    #[test]
    fn param_words_keep_the_meaningful_end() {
        assert_eq!(
            param_words(r#"splits."Shift and lift".assign.transactional.inside"#),
            "transactional inside"
        );
        assert_eq!(
            param_words("roles.outside.annual_attrition"),
            "outside annual attrition"
        );
        assert_eq!(
            param_words(r#"products."Consumables".gross_margin"#),
            "Consumables gross margin"
        );
        assert_eq!(param_words("simulation.discount_rate"), "discount rate");
        assert_eq!(
            param_words("motions.complex.annual_churn.outside.mode"),
            "complex annual churn outside mode"
        );
    }
}
