//! A product cell's text (docs/scenario.md, "The account book"): a spend,
//! `whitespace`, or a problem that says what is wrong with the number and
//! how to write it.
//!
//! A spend is plain digits with an optional decimal point, an optional
//! leading `$`, `€` or `£`, and `,` thousands separators in groups of three:
//! `^[$€£]?(\d+|\d{1,3}(,\d{3})+)(\.\d*)?$`, and also `.5`.

use super::source::Value;
use crate::core::dist::MAX_MAGNITUDE;

/// What a product cell holds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Spend {
    /// Owned at this annual spend (0 included).
    Owned(f64),
    /// A cross-sell target.
    Whitespace,
}

/// Why a product cell's text is not a spend: the message and the fix.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Refusal {
    pub(super) message: String,
    pub(super) fix: String,
}

/// Reads a trimmed, non-empty product cell.
pub(super) fn read_text(text: &str) -> Result<Spend, Refusal> {
    if text.eq_ignore_ascii_case("whitespace") {
        return Ok(Spend::Whitespace);
    }
    if let Some(x) = parse_number(text) {
        return read_number(x);
    }
    // A leading minus, before or after the currency sign, on a number.
    let unsigned = text
        .strip_prefix('-')
        .or_else(|| strip_currency(text).and_then(|t| t.strip_prefix('-')));
    if unsigned.and_then(parse_number).is_some() {
        return Err(negative());
    }
    Err(not_a_number(text))
}

/// Reads a number cell of a workbook.
pub(super) fn read_number(x: f64) -> Result<Spend, Refusal> {
    if !x.is_finite() {
        return Err(Refusal {
            message: "not a number".into(),
            fix: "write the annual spend as a number".into(),
        });
    }
    if x < 0.0 {
        return Err(negative());
    }
    if x > MAX_MAGNITUDE {
        return Err(Refusal {
            message: "a spend must be at most 10^15 (a thousand trillion)".into(),
            fix: "check the units and the column: no account spends that much on one product"
                .into(),
        });
    }
    Ok(Spend::Owned(x))
}

fn negative() -> Refusal {
    Refusal {
        message: "a spend cannot be negative".into(),
        fix: "enter the annual spend (0 or more), or leave the cell empty if the account does \
              not buy the product (a credit note is not a spend)"
            .into(),
    }
}

fn strip_currency(t: &str) -> Option<&str> {
    ['$', '€', '£'].iter().find_map(|c| t.strip_prefix(*c))
}

/// Whether a cell looks like a spend, well written or not: a number,
/// `whitespace`, or text of digits with at most a leading sign or currency
/// and `.` or `,` among them (`-45000`, `1.250.000,00`, `24000,50`; not
/// `50-100` or `12 months`). Decides which columns of a book are products
/// when no scenario names them yet, so that a spend written wrongly is
/// refused with its fix instead of turning its column into an attribute.
pub(super) fn spend_like(v: &Value<'_>) -> bool {
    match v {
        Value::Number(_) => true,
        Value::Text(t) if t.eq_ignore_ascii_case("whitespace") => true,
        Value::Text(t) => {
            let body = t.trim_start_matches(['-', '+', '$', '€', '£']);
            body.contains(|c: char| c.is_ascii_digit())
                && body
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        }
        Value::Empty | Value::Other(_) => false,
    }
}

/// The number a cell's text stands for under the grammar above, or `None`.
pub(super) fn parse_number(text: &str) -> Option<f64> {
    let t = strip_currency(text).unwrap_or(text);
    let (int, frac) = match t.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (t, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if let Some(f) = frac
        && !(f.is_empty() || digits(f))
    {
        return None;
    }
    let int_ok = if int.is_empty() {
        // `.5`: no integer part, but a fraction with digits.
        frac.is_some_and(digits)
    } else if int.contains(',') {
        let mut groups = int.split(',');
        let first = groups.next().unwrap_or_default();
        digits(first) && first.len() <= 3 && groups.all(|g| g.len() == 3 && digits(g))
    } else {
        digits(int)
    };
    if !int_ok {
        return None;
    }
    // Rust reads `.5` and `18000.` as they are; only separators go.
    if int.contains(',') {
        let plain: String = t.chars().filter(|c| *c != ',').collect();
        plain.parse::<f64>().ok()
    } else {
        t.parse::<f64>().ok()
    }
}

/// The refusal of text that is not a number, with the most likely fix.
fn not_a_number(text: &str) -> Refusal {
    let body = strip_currency(text).unwrap_or(text);
    let numeric = |s: &str| {
        s.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    };
    let has_digit = body.chars().any(|c| c.is_ascii_digit());
    let (dots, commas) = (body.matches('.').count(), body.matches(',').count());
    let message = "not a number".to_string();
    if has_digit && numeric(body) {
        let last_comma = body.rfind(',');
        let last_dot = body.rfind('.');
        // 1.250.000,00 or 1.250,5: a European number.
        if dots > 1 || (dots == 1 && commas >= 1 && last_comma > last_dot) {
            let plain: String = body
                .chars()
                .filter(|c| *c != '.')
                .map(|c| if c == ',' { '.' } else { c })
                .collect();
            return Refusal {
                message: format!(
                    "{message}: a European-style number (`.` between thousands, `,` before decimals)"
                ),
                fix: format!(
                    "use digits with `.` as the decimal point and optional `,` thousands separators, e.g. {plain} \
                     (format the column as a plain number before saving)"
                ),
            };
        }
        // 24000,50: a decimal comma.
        if dots == 0
            && commas == 1
            && let Some((_, after)) = body.split_once(',')
            && after.len() != 3
        {
            return Refusal {
                message: format!("{message}: a decimal comma is not accepted"),
                fix: format!(
                    "write the decimals after a point: {}",
                    body.replacen(',', ".", 1)
                ),
            };
        }
        return Refusal {
            message: format!("{message}: `,` must separate thousands in groups of three digits"),
            fix: format!(
                "write it as plain digits, e.g. {}",
                body.chars().filter(|c| *c != ',').collect::<String>()
            ),
        };
    }
    if has_digit
        && text
            .trim_start_matches(['$', '€', '£'])
            .starts_with(|c: char| c.is_ascii_digit())
    {
        return Refusal {
            message: format!("{message}: digits followed by other characters"),
            fix: "write the annual spend as digits, e.g. 12000 (no units, letters or spaces; \
                  the only currency signs allowed are a leading $, € or £)"
                .into(),
        };
    }
    Refusal {
        message,
        fix: "write the annual spend as a number; leave the cell empty if the account does not \
              buy the product, or write `whitespace` if it is a cross-sell target"
            .into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(t: &str) -> Option<f64> {
        match read_text(t) {
            Ok(Spend::Owned(x)) => Some(x),
            _ => None,
        }
    }

    #[test]
    fn the_grammar_of_reading_18() {
        for (t, x) in [
            ("0", 0.0),
            ("12", 12.0),
            ("$1,250,000", 1_250_000.0),
            ("548,000", 548_000.0),
            ("$294,070.50", 294_070.5),
            ("1,250", 1250.0),
            ("€29000", 29000.0),
            ("£1,250,000", 1_250_000.0),
            (".5", 0.5),
            ("0.5", 0.5),
            ("18000.", 18000.0),
            ("16550.999", 16550.999),
            ("$0", 0.0),
            ("0.00", 0.0),
            ("007", 7.0),
        ] {
            assert_eq!(owned(t), Some(x), "{t}");
        }
        for t in [
            "", ".", "$", "1,25", "12,5000", "1,,000", ",100", "1.2.3", "12abc", "n/a", "$-",
            "1e5", "+5", "1 000", "USD 5", "5%", "$$5", "1,000.5.",
        ] {
            assert_eq!(owned(t), None, "{t}");
        }
    }

    #[test]
    fn whitespace_in_any_case() {
        for t in ["whitespace", "Whitespace", "WHITESPACE", "WhiteSpace"] {
            assert_eq!(read_text(t), Ok(Spend::Whitespace));
        }
    }

    #[test]
    fn each_refusal_says_what_to_write() {
        let r = |t: &str| read_text(t).unwrap_err();
        assert!(r("-45000").message.contains("negative"));
        assert!(r("$-45000").message.contains("negative"));
        assert!(r("-$45,000").message.contains("negative"));
        assert!(r("1.250.000,00").fix.contains("1250000.00"));
        assert!(r("24000,50").fix.contains("24000.50"));
        assert!(r("12abc").fix.contains("no units"));
        assert!(r("n/a").fix.contains("empty"));
        assert!(r("n/a").fix.contains("whitespace"));
        assert!(read_number(-1.0).unwrap_err().message.contains("negative"));
        assert!(r("2,000,000,000,000,000").message.contains("10^15"));
        assert_eq!(read_number(2.5), Ok(Spend::Owned(2.5)));
    }
}

#[cfg(test)]
mod spend_like_tests {
    use super::*;

    #[test]
    fn spends_written_wrongly_still_look_like_spends() {
        for t in [
            "12000",
            "$1,250,000",
            "-45000",
            "1.250.000,00",
            "24000,50",
            "WhiteSpace",
            ".5",
        ] {
            assert!(spend_like(&Value::Text(t)), "{t}");
        }
        for t in ["50-100", "12 months", "EMEA", "n/a", "-", "$"] {
            assert!(!spend_like(&Value::Text(t)), "{t}");
        }
        assert!(spend_like(&Value::Number(3.0)));
        assert!(!spend_like(&Value::Other("TRUE".into())));
    }
}
