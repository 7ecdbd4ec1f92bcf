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
    if let Some(s) = beyond(x) {
        return s;
    }
    let sign = if x < 0.0 { "-" } else { "" };
    let a = x.abs();
    let (v, suffix) = if a >= 1e12 {
        (a / 1e12, "T")
    } else if a >= 1e9 {
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

/// Where no number can be printed plainly: "n/a" for a value that is not
/// finite (never "NaN" or "inf"), and scientific notation from 10^15 on
/// (never 300 digits), e.g. "$1.2e18". `None` for an ordinary number.
fn beyond(x: f64) -> Option<String> {
    if !x.is_finite() {
        Some("n/a".into())
    } else if x.abs() >= 1e15 {
        let sign = if x < 0.0 { "-" } else { "" };
        Some(format!("{sign}${:.1e}", x.abs()))
    } else {
        None
    }
}

/// A plain number beyond what prints plainly ([`beyond`], without the `$`).
fn beyond_plain(x: f64) -> Option<String> {
    beyond(x).map(|s| s.replace('$', ""))
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
    match beyond_plain(100.0 * x) {
        Some(s) if s == "n/a" => s,
        Some(s) => format!("{s}%"),
        None => format!("{:.1}%", 100.0 * x),
    }
}

/// Thousands separators for a rounded number.
pub fn thousands(x: f64) -> String {
    if let Some(s) = beyond_plain(x) {
        return s;
    }
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
    if let Some(s) = beyond_plain(v) {
        return s;
    }
    if v == 0.0 {
        return "0".into();
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

/// Text safe to show as one line anywhere (an SVG, a Markdown paragraph, a
/// CSV cell): every control character (newline, tab, escape codes, ...)
/// becomes U+FFFD. Validation refuses them in names; this is the second
/// line of defence for every text written out.
pub fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(char::is_control) {
        s.chars()
            .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
            .collect::<String>()
            .into()
    } else {
        s.into()
    }
}

/// Text safe to print on a terminal: control characters other than newline
/// and tab become U+FFFD, so no escape sequence in a name, a path or a
/// message can move the cursor, clear the screen or retitle the window.
pub fn terminal(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| c.is_control() && c != '\n' && c != '\t';
    if s.chars().any(bad) {
        s.chars()
            .map(|c| if bad(c) { '\u{FFFD}' } else { c })
            .collect::<String>()
            .into()
    } else {
        s.into()
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

/// What a difference's P(better) says where it is printed ("P(better) 30%",
/// "better in 30%"): the share of trials, as [`share_of_trials`] gives it
/// (so the terminal, the report and the sweep agree: "<1%", never a "0%"
/// that is not none), or [`EQUAL`] when the split and the baseline are
/// equal in every trial (better in none, worse in none: "0%" would read as
/// "always worse").
pub fn p_better(d: &crate::core::stats::Delta) -> Result<String, &'static str> {
    if equal_in_every_trial(d) {
        Err(EQUAL)
    } else {
        Ok(share_of_trials(d.p_better))
    }
}

/// How often a split beats the baseline, for a sentence or a chart ("in
/// 93% of trials", "in every trial", "in no trial", after "better" or
/// "wins"), or [`EQUAL`] when the two are equal in every trial, as
/// [`p_better`] says it ("better in no trial" would read as "always
/// worse").
pub fn better_in(d: &crate::core::stats::Delta) -> Result<String, &'static str> {
    p_better(d).map(|_| in_trials(d.p_better))
}

/// Better in none of its trials and worse in none: equal in every one.
fn equal_in_every_trial(d: &crate::core::stats::Delta) -> bool {
    d.n > 0 && d.p_better == 0.0 && d.p_worse == 0.0
}

/// A difference of exactly zero in every trial, in words.
pub const EQUAL: &str = "equal in every trial";

/// `s` with its first letter in capitals ("Equal in every trial").
pub fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
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

/// A list of names in words: "A, B and C" (or `join` another word than
/// "and"), at most `max` of them ("A, B and 3 more").
///
/// ```
/// use keysplit::core::format::list;
/// assert_eq!(list(&["A", "B", "C"], "and", 4), "A, B and C");
/// assert_eq!(list(&["A", "B", "C"], "or", 2), "A, B and 1 more");
/// ```
pub fn list<S: AsRef<str>>(names: &[S], join: &str, max: usize) -> String {
    let names: Vec<&str> = names.iter().map(AsRef::as_ref).collect();
    match names.len() {
        0 => String::new(),
        1 => names[0].to_string(),
        n if n > max => format!("{} and {} more", names[..max].join(", "), n - max),
        n => format!("{} {join} {}", names[..n - 1].join(", "), names[n - 1]),
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
        Unit::Hours if !x.is_finite() => "n/a".into(),
        Unit::Hours => format!("{} h", thousands(x)),
        Unit::Count => {
            if let Some(s) = beyond_plain(x) {
                s
            } else if (x - x.round()).abs() < 1e-9 {
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
    if !x.is_finite() {
        return "n/a".into();
    }
    match unit {
        Unit::Money => format!("{sign}{}", money(x.abs())),
        Unit::Ratio => match beyond_plain(100.0 * x.abs()) {
            Some(s) => format!("{sign}{s} pt"),
            None => format!("{sign}{:.1} pt", 100.0 * x.abs()),
        },
        Unit::Hours => format!("{sign}{} h", thousands(x.abs())),
        Unit::Count => match beyond_plain(x.abs()) {
            Some(s) => format!("{sign}{s}"),
            None => format!("{sign}{:.1}", x.abs()),
        },
    }
}

/// A paired difference's mean with its 95% interval in brackets
/// ("-$6.93M [-$8.03M, -$5.83M]"), or the mean alone when there is no
/// interval (one trial).
pub fn delta_interval(d: &crate::core::stats::Delta, unit: Unit) -> String {
    match (d.ci95_low, d.ci95_high) {
        (Some(lo), Some(hi)) => format!(
            "{} [{}, {}]",
            delta(d.mean, unit),
            delta(lo, unit),
            delta(hi, unit)
        ),
        _ => delta(d.mean, unit),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p_better_says_equal_for_a_tie_and_never_a_false_zero() {
        let d = |p_better: f64, p_worse: f64| crate::core::stats::Delta {
            mean: 0.0,
            ci95_low: None,
            ci95_high: None,
            p_better,
            p_worse,
            n: 1000,
        };
        assert_eq!(p_better(&d(0.0, 0.0)), Err(EQUAL));
        assert_eq!(p_better(&d(0.0, 1.0)), Ok("0%".into()));
        assert_eq!(p_better(&d(0.002, 0.998)), Ok("<1%".into()));
        assert_eq!(p_better(&d(0.998, 0.0)), Ok(">99%".into()));
        assert_eq!(p_better(&d(0.3, 0.7)), Ok("30%".into()));
        // In a sentence: a tie is equal in every trial, never "in no trial".
        assert_eq!(better_in(&d(0.0, 0.0)), Err(EQUAL));
        assert_eq!(better_in(&d(0.0, 1.0)), Ok("in no trial".into()));
        assert_eq!(better_in(&d(0.002, 0.0)), Ok("in <1% of trials".into()));
        assert_eq!(better_in(&d(1.0, 0.0)), Ok("in every trial".into()));
    }

    #[test]
    fn nothing_prints_nan_inf_or_hundreds_of_digits() {
        for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(money(x), "n/a");
            assert_eq!(pct(x), "n/a");
            assert_eq!(thousands(x), "n/a");
            assert_eq!(number(x), "n/a");
            assert_eq!(delta(x, Unit::Money), "n/a");
            assert_eq!(value(x, Unit::Hours), "n/a");
        }
        assert_eq!(money(1.7e308), "$1.7e308");
        assert_eq!(money(-2.5e20), "-$2.5e20");
        assert_eq!(money(3.2e12), "$3.20T");
        assert_eq!(thousands(1e300), "1.0e300");
        assert_eq!(value(1e300, Unit::Count), "1.0e300");
        assert_eq!(delta(1e300, Unit::Money), "+$1.0e300");
        for x in [1e15, 1e100, 1.7e308, -1e200] {
            for s in [
                money(x),
                pct(x),
                thousands(x),
                number(x),
                delta(x, Unit::Ratio),
            ] {
                assert!(s.len() < 16, "{s}");
            }
        }
    }

    #[test]
    fn control_characters_never_get_out() {
        assert_eq!(
            one_line("a\nb\tc\u{1b}[2J"),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}[2J"
        );
        assert_eq!(
            terminal("a\nb\tc\u{1b}[2J\u{9b}"),
            "a\nb\tc\u{FFFD}[2J\u{FFFD}"
        );
        assert!(matches!(one_line("plain"), std::borrow::Cow::Borrowed(_)));
    }

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
