//! "Who sells what" in words, for the report's table of splits: each
//! motion's rule, a share's ranking (cell by cell, or whole accounts), the
//! product rules, and the overrides as exceptions ("maintenance: inside,
//! except Strategic accounts: field").

use crate::core::format;
use crate::scenario::{Override, RankBy, Rule, Scenario, Split};

/// A rule in words.
fn rule_text(s: &Scenario, rule: &Rule, rank_by: RankBy) -> String {
    let how = match rank_by {
        RankBy::Cell => "",
        RankBy::Account => " (whole accounts, smallest first)",
    };
    match rule {
        Rule::Outside => "field".into(),
        Rule::Inside => "inside".into(),
        Rule::Share(p) => match &s.param(*p).dist {
            crate::core::dist::Dist::Const(x) => {
                format!("{} inside{how}, rest field", format::pct(*x))
            }
            d => format!("share {d} inside{how}, rest field"),
        },
    }
}

/// The accounts an override's `where` names, in words: "Strategic
/// accounts", "accounts ACME and Globex", "region EMEA or APAC", "Key
/// accounts with segment Retail or Energy".
pub(super) fn where_words(o: &Override) -> String {
    let mut tier = None;
    let mut others = Vec::new();
    for (key, values) in &o.conditions {
        match key.as_str() {
            "tier" => tier = Some(format!("{} accounts", format::list(values, "or", 4))),
            "account" => others.push(format!(
                "account{} {}",
                if values.len() == 1 { "" } else { "s" },
                format::list(values, "and", 4)
            )),
            attribute => others.push(format!("{attribute} {}", format::list(values, "or", 4))),
        }
    }
    match tier {
        Some(t) if others.is_empty() => t,
        Some(t) => format!("{t} with {}", others.join(" and ")),
        None => others.join(" and "),
    }
}

/// Who sells what in a split, in words.
pub(super) fn assignment(s: &Scenario, sp: &Split) -> String {
    let exceptions = |rule_of: &dyn Fn(&Override) -> Option<Rule>| -> String {
        sp.overrides
            .iter()
            .filter_map(|o| {
                rule_of(o).map(|r| {
                    format!(
                        ", except {}: {}",
                        where_words(o),
                        rule_text(s, &r, sp.rank_by)
                    )
                })
            })
            .collect()
    };
    let mut parts: Vec<String> = Vec::new();
    for (m, (motion, rule)) in s.motions.iter().zip(&sp.assign).enumerate() {
        let mut part = format!(
            "{}: {}{}",
            motion.name,
            rule_text(s, rule, sp.rank_by),
            exceptions(&|o| o.assign[m])
        );
        // Overrides of single products of this motion that the split
        // itself leaves to the motion's rule.
        for (p, product) in s.products.iter().enumerate() {
            if product.motion == m && sp.assign_products[p].is_none() {
                for o in &sp.overrides {
                    if let Some(r) = o.assign_products[p] {
                        part.push_str(&format!(
                            ", except {} at {}: {}",
                            product.name,
                            where_words(o),
                            rule_text(s, &r, sp.rank_by)
                        ));
                    }
                }
            }
        }
        parts.push(part);
    }
    for (p, (product, rule)) in s.products.iter().zip(&sp.assign_products).enumerate() {
        if let Some(rule) = rule {
            parts.push(format!(
                "{} (product): {}{}",
                product.name,
                rule_text(s, rule, sp.rank_by),
                exceptions(&|o| o.assign_products[p])
            ));
        }
    }
    parts.join("; ")
}

/// The note under the table of splits: what a share moves, and, where the
/// splits use them, whole accounts and exceptions.
pub(super) fn note(s: &Scenario) -> String {
    let mut note = String::from(
        "Field = outside reps, who visit customers; inside reps work by phone and video. \
         A share goes inside starting with the smallest spends drawn in each trial, product by product \
         (one account's products may be split between the roles)",
    );
    if s.splits.iter().any(|sp| sp.rank_by == RankBy::Account) {
        note.push_str(
            "; with \"whole accounts\", the accounts with the smallest total spend go, \
             with all their products of the motion",
        );
    }
    note.push('.');
    if s.splits.iter().any(|sp| !sp.overrides.is_empty()) {
        note.push_str(
            " An exception (\"except ...\") applies to the accounts it names; where two name \
             the same account, the first listed applies.",
        );
    }
    note
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn where_is_said_in_words() {
        let o = |conditions: &[(&str, &[&str])]| Override {
            conditions: conditions
                .iter()
                .map(|(k, v)| (k.to_string(), v.iter().map(|x| x.to_string()).collect()))
                .collect(),
            matches: Vec::new(),
            assign: Vec::new(),
            assign_products: Vec::new(),
        };
        assert_eq!(
            where_words(&o(&[("tier", &["Strategic"])])),
            "Strategic accounts"
        );
        assert_eq!(
            where_words(&o(&[("account", &["ACME", "Globex", "Initech"])])),
            "accounts ACME, Globex and Initech"
        );
        assert_eq!(
            where_words(&o(&[("account", &["A", "B", "C", "D", "E", "F"])])),
            "accounts A, B, C, D and 2 more"
        );
        assert_eq!(
            where_words(&o(&[("region", &["EMEA", "APAC"])])),
            "region EMEA or APAC"
        );
        assert_eq!(
            where_words(&o(&[("segment", &["Retail"]), ("tier", &["Key"])])),
            "Key accounts with segment Retail"
        );
    }

    #[test]
    fn splits_say_who_sells_what_with_their_exceptions() {
        let toml = r#"
name = "words"
[roles.outside]
annual_hours = 1800
[roles.inside]
annual_hours = 1800
[motions.maintenance]
touches_per_year = 6
hours_per_touch = { outside = 1, inside = 1 }
[motions.complex]
touches_per_year = 6
hours_per_touch = { outside = 1, inside = 1 }
[[products]]
name = "Support"
motion = "maintenance"
[[products]]
name = "Platform"
motion = "complex"
[[tiers]]
name = "Strategic"
accounts = 1
spend = { "Support" = 1, "Platform" = 1 }
[[tiers]]
name = "Growth"
accounts = 2
spend = { "Support" = 1, "Platform" = 1 }
[[splits]]
name = "by tier"
assign = { maintenance = "inside" }
[[splits.overrides]]
where = { tier = "Strategic" }
assign = { maintenance = "outside" }
[[splits]]
name = "whole accounts, and a product at named accounts"
assign = { maintenance = { inside = 0.5 } }
rank_by = "account"
[[splits.overrides]]
where = { account = ["Growth#0", "Growth#1"] }
assign_products = { "Platform" = "inside" }
"#;
        let s = crate::sim::load_str(toml, "words.toml")
            .unwrap_or_else(|p| panic!("{p}"))
            .scenario;
        assert_eq!(
            assignment(&s, &s.splits[0]),
            "complex: field; maintenance: inside, except Strategic accounts: field"
        );
        assert_eq!(
            assignment(&s, &s.splits[1]),
            "complex: field, except Platform at accounts Growth#0 and Growth#1: inside; \
             maintenance: 50.0% inside (whole accounts, smallest first), rest field"
        );
        let note = note(&s);
        assert!(note.contains("whole accounts") && note.contains("except"));
    }
}
