//! Number formats shared by the terminal table, the report and the charts.

use crate::core::metrics::{Metric, Unit};

/// Money in compact form: $1.23M, $456k, -$12.3k, $950.
///
/// ```
/// use keysplit::core::format::money;
/// assert_eq!(money(1_234_567.0), "$1.23M");
/// assert_eq!(money(-950.0), "-$950");
/// ```
pub fn money(x: f64) -> String {
    let sign = if x < 0.0 { "-" } else { "" };
    let a = x.abs();
    let (v, suffix) = if a >= 1e9 {
        (a / 1e9, "B")
    } else if a >= 1e6 {
        (a / 1e6, "M")
    } else if a >= 1e3 {
        (a / 1e3, "k")
    } else {
        (a, "")
    };
    let digits = if suffix.is_empty() || v >= 100.0 {
        0
    } else if v >= 10.0 {
        1
    } else {
        2
    };
    format!("{sign}${v:.digits$}{suffix}")
}

/// A signed money amount: +$1.2M / -$300k.
pub fn money_signed(x: f64) -> String {
    if x >= 0.0 {
        format!("+{}", money(x))
    } else {
        money(x)
    }
}

/// A share as a percentage with one decimal.
pub fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

/// Thousands separators for a rounded number.
pub fn thousands(x: f64) -> String {
    let r = x.round();
    let neg = r < 0.0;
    let s = format!("{:.0}", r.abs());
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if neg { format!("-{out}") } else { out }
}

/// A number as a sentence prints it: about four significant digits below
/// 1,000 (trailing zeros dropped), and in the compact money form without
/// its `$` from 1,000 on (`0.22973` → "0.2297", `87654.3` → "87.7k").
pub fn number(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return format!("{v}");
    }
    let mag = v.abs().log10().floor() as i32;
    if mag >= 3 {
        money(v).trim_start_matches('$').to_string()
    } else {
        let dec = (3 - mag).clamp(0, 6) as usize;
        let s = format!("{v:.dec$}");
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    }
}

/// Share of trials, as a reader wants it: never "100%" unless it is all.
pub fn share_of_trials(p: f64) -> String {
    let v = 100.0 * p;
    if v > 99.5 && p < 1.0 {
        ">99%".into()
    } else if v < 0.5 && p > 0.0 {
        "<1%".into()
    } else {
        format!("{v:.0}%")
    }
}

/// "in 93% of trials", "in every trial", "in no trial".
pub fn in_trials(p: f64) -> String {
    if p >= 1.0 {
        "in every trial".into()
    } else if p <= 0.0 {
        "in no trial".into()
    } else {
        format!("in {} of trials", share_of_trials(p))
    }
}

/// A label inside a sentence: its first letter in lower case, unless the
/// label starts with an acronym ("Cost of sales" → "cost of sales", "LTV
/// with terminal value" unchanged).
///
/// ```
/// use keysplit::core::format::in_sentence;
/// assert_eq!(in_sentence("Cost of sales"), "cost of sales");
/// assert_eq!(in_sentence("LTV with terminal value"), "LTV with terminal value");
/// ```
pub fn in_sentence(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => {
            a.to_lowercase().chain(label.chars().skip(1)).collect()
        }
        _ => label.to_string(),
    }
}

/// A metric as a sentence names it: "LTV", "LTV with terminal value",
/// "cost of sales", "field headcount", else its label in sentence case.
pub fn metric_noun(m: Metric) -> String {
    match m {
        Metric::Ltv => "LTV".into(),
        Metric::LtvWithTerminal => "LTV with terminal value".into(),
        Metric::CostOfSales => "cost of sales".into(),
        Metric::SellingShareOutside => "field selling share".into(),
        Metric::SellingShareInside => "inside selling share".into(),
        Metric::HeadcountOutside => "field headcount".into(),
        Metric::HeadcountInside => "inside headcount".into(),
        m => in_sentence(m.def().label),
    }
}

/// A value in its metric's unit.
pub fn value(x: f64, unit: Unit) -> String {
    match unit {
        Unit::Money => money(x),
        Unit::Ratio => pct(x),
        Unit::Hours => format!("{} h", thousands(x)),
        Unit::Count => {
            if (x - x.round()).abs() < 1e-9 {
                thousands(x)
            } else {
                format!("{x:.1}")
            }
        }
    }
}

/// A signed difference in its metric's unit (percentage points for ratios).
pub fn delta(x: f64, unit: Unit) -> String {
    let sign = if x > 0.0 {
        "+"
    } else if x < 0.0 {
        "-"
    } else {
        "±"
    };
    match unit {
        Unit::Money => format!("{sign}{}", money(x.abs())),
        Unit::Ratio => format!("{sign}{:.1} pt", 100.0 * x.abs()),
        Unit::Hours => format!("{sign}{} h", thousands(x.abs())),
        Unit::Count => format!("{sign}{:.1}", x.abs()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_compact() {
        assert_eq!(money(1_234_567.0), "$1.23M");
        assert_eq!(money(45_600.0), "$45.6k");
        assert_eq!(money(-950.0), "-$950");
        assert_eq!(money(123_456_789.0), "$123M");
        assert_eq!(money_signed(4_100_000.0), "+$4.10M");
    }

    #[test]
    fn numbers_keep_four_significant_digits() {
        // Below 1,000: 3 - floor(log10 |v|) decimals, trailing zeros cut.
        assert_eq!(number(0.22973), "0.2297");
        assert_eq!(number(12.5), "12.5");
        assert_eq!(number(0.5), "0.5");
        assert_eq!(number(0.0), "0");
        // From 1,000 on: the compact money form, without the dollar sign.
        assert_eq!(number(87_654.3), "87.7k");
    }

    #[test]
    fn shares_of_trials_round_honestly() {
        assert_eq!(share_of_trials(0.999), ">99%");
        assert_eq!(share_of_trials(1.0), "100%");
        assert_eq!(share_of_trials(0.001), "<1%");
        assert_eq!(share_of_trials(0.934), "93%");
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(1234567.4), "1,234,567");
        assert_eq!(thousands(-999.0), "-999");
        assert_eq!(thousands(1000.0), "1,000");
    }

    #[test]
    fn deltas_carry_units() {
        assert_eq!(delta(0.0123, Unit::Ratio), "+1.2 pt");
        assert_eq!(delta(-2_000_000.0, Unit::Money), "-$2.00M");
    }
}
