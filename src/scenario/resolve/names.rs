//! Names of array entries (`[[products]]`, `[[tiers]]`, ...): present,
//! non-empty and unique, the path prefix of an entry, and "did you mean"
//! fixes for a name that is not defined.

use super::ctx::{Ctx, Span};
use crate::scenario::file::Sp;
use crate::scenario::problems::nearest;
use std::collections::BTreeMap;

/// Path prefix of an array entry: by its name if it has one, else by index.
pub(super) fn entry_prefix(array: &str, i: usize, name: Option<&Sp<String>>) -> String {
    match name {
        Some(n) if !n.get_ref().is_empty() => format!("{array}.{:?}", n.get_ref()),
        _ => format!("{array}[{i}]"),
    }
}

/// The longest name a scenario may give (itself, a split, tier, product,
/// management layer or motion), in characters: names label tables, charts
/// and file rows, and a longer one is almost surely pasted by mistake.
pub const MAX_NAME_CHARS: usize = 200;

/// Checks a name's text: at most [`MAX_NAME_CHARS`] characters, and no
/// control characters (a newline, tab or escape code in a name would break
/// the SVG charts, inject lines into reports and reach the terminal). Each
/// problem is reported at `path`; returns whether the name is fine.
pub(super) fn check_text(cx: &mut Ctx<'_>, path: &str, span: Span, name: &str) -> bool {
    if let Some((i, c)) = name.chars().enumerate().find(|(_, c)| c.is_control()) {
        cx.err(
            path,
            span,
            format!(
                "the name contains a control character (U+{:04X}, character {} of {name:?})",
                u32::from(c),
                i + 1
            ),
            "remove it: a name is plain text on one line (no tabs, newlines or escape codes)",
        );
        return false;
    }
    let n = name.chars().count();
    if n > MAX_NAME_CHARS {
        cx.err(
            path,
            span,
            format!("the name is {n} characters long; at most {MAX_NAME_CHARS} are allowed"),
            "shorten it: names label tables, charts and file rows",
        );
        return false;
    }
    true
}

/// Checks names: present, non-empty, plain text of at most
/// [`MAX_NAME_CHARS`] characters, unique within their array.
pub(super) fn check_names<'f>(
    cx: &mut Ctx<'_>,
    array: &str,
    items: impl Iterator<Item = (usize, Span, Option<&'f Sp<String>>)>,
) -> Vec<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut names = Vec::new();
    for (i, span, name) in items {
        match name {
            None => {
                cx.err(
                    &format!("{array}[{i}].name"),
                    span,
                    "every entry needs a `name`",
                    "add name = \"...\" (names key the random draws and must be unique)",
                );
                names.push(format!("#{i}"));
            }
            Some(n) if n.get_ref().trim().is_empty() => {
                cx.err(
                    &format!("{array}[{i}].name"),
                    Some(n.span()),
                    "a name cannot be empty",
                    "give it a short unique name",
                );
                names.push(format!("#{i}"));
            }
            Some(n)
                if !check_text(
                    cx,
                    &format!("{array}[{i}].name"),
                    Some(n.span()),
                    n.get_ref(),
                ) =>
            {
                names.push(n.get_ref().clone());
            }
            Some(n) => {
                let name = n.get_ref().clone();
                if let Some(first) = seen.get(&name) {
                    cx.err(
                        &format!("{array}.{name:?}.name"),
                        Some(n.span()),
                        format!(
                            "the name {name:?} is used twice in `{array}` (entries {} and {})",
                            first + 1,
                            i + 1
                        ),
                        "names must be unique: they key the random draws; rename one",
                    );
                } else {
                    seen.insert(name.clone(), i);
                }
                names.push(name);
            }
        }
    }
    names
}

pub(super) fn unknown_name_fix(kind: &str, word: &str, known: &[String]) -> String {
    let hint = nearest(word, known.iter().map(String::as_str))
        .map(|n| format!("did you mean {n:?}? "))
        .unwrap_or_default();
    if known.is_empty() {
        format!("define the {kind} first")
    } else {
        format!(
            "{hint}the {kind}s are: {}",
            known
                .iter()
                .map(|k| format!("{k:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

/// Up to three candidates close to `word`, best first.
pub(super) fn nearest_list<'a>(word: &str, candidates: &[&'a str]) -> Vec<&'a str> {
    let mut scored: Vec<(f64, &str)> = candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score > 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut out: Vec<&str> = Vec::new();
    if let Some(best) = nearest(word, candidates.iter().copied()) {
        out.push(best);
    }
    for (_, c) in scored {
        if out.len() >= 3 {
            break;
        }
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}
