//! Setting one numeric key of a scenario by its key path, for sweeps and
//! team sizing. The path is the one people read in error messages and in
//! `docs/scenario.md`: dotted, array entries named by their `name` in quotes
//! (`splits."Shift and lift".assign.transactional.inside`,
//! `simulation.response_elasticity.mode`). The patched text is validated
//! again in full, so a sweep point is held to every rule a file is.
//!
//! Draws are keyed by key path, not by value, so every patched scenario
//! takes the same uniforms as the original: neighbouring sweep points differ
//! by policy, not by noise.

use super::problems::nearest;
use toml::{Table, Value};

/// Splits a key path into segments; `"..."` quotes a segment with dots or spaces.
pub fn parse_path(path: &str) -> Result<Vec<String>, String> {
    let mut segs = Vec::new();
    let mut chars = path.trim().chars().peekable();
    loop {
        let mut seg = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            let mut closed = false;
            for c in chars.by_ref() {
                if c == '"' {
                    closed = true;
                    break;
                }
                seg.push(c);
            }
            if !closed {
                return Err(format!("unclosed quote in the key path {path:?}"));
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == '.' {
                    break;
                }
                seg.push(c);
                chars.next();
            }
            seg = seg.trim().to_string();
            if seg.is_empty() {
                return Err(format!("empty segment in the key path {path:?}"));
            }
        }
        // `overrides[0]`: an entry of a list by its index, as messages write it.
        if let Some((name, index)) = seg.strip_suffix(']').and_then(|s| s.split_once('['))
            && !name.is_empty()
            && !index.is_empty()
            && index.bytes().all(|b| b.is_ascii_digit())
        {
            segs.push(name.to_string());
            segs.push(index.to_string());
        } else {
            segs.push(seg);
        }
        match chars.next() {
            None => return Ok(segs),
            Some('.') => {}
            Some(c) => {
                return Err(format!(
                    "unexpected {c:?} in the key path {path:?}: quote a name that has spaces or dots"
                ));
            }
        }
    }
}

/// Every numeric leaf of a scenario text, by key path (for "did you mean").
pub fn numeric_paths(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(t) = src.parse::<Table>() {
        walk(&t, "", &mut out);
    }
    out
}

fn walk(t: &Table, prefix: &str, out: &mut Vec<String>) {
    for (k, v) in t {
        let path = if prefix.is_empty() {
            seg(k)
        } else {
            format!("{prefix}.{}", seg(k))
        };
        match v {
            Value::Integer(_) | Value::Float(_) => out.push(path),
            Value::Table(t) => walk(t, &path, out),
            Value::Array(a) => {
                for item in a {
                    if let Value::Table(t) = item {
                        let name = t
                            .get("name")
                            .and_then(Value::as_str)
                            .map(|n| format!("{n:?}"));
                        if let Some(name) = name {
                            walk(t, &format!("{path}.{name}"), out);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

fn seg(k: &str) -> String {
    super::problems::seg(k)
}

/// Returns the scenario text with the number at `path` set to `value`.
///
/// A missing last key is added (validation then says whether it belongs
/// there); an assignment rule written as `"inside"` / `"outside"` becomes a
/// share table when the path ends in `.inside`; a distribution cannot be set
/// as a whole (the error lists its parameters).
pub fn set_number(src: &str, path: &str, value: f64) -> Result<String, String> {
    let segs = parse_path(path)?;
    let mut doc: Table = src
        .parse()
        .map_err(|e: toml::de::Error| format!("the scenario is not valid TOML: {}", e.message()))?;
    let suggest = |what: String| {
        let paths = numeric_paths(src);
        match nearest(path, paths.iter().map(String::as_str)) {
            Some(n) => format!("{what}; did you mean `{n}`?"),
            None => format!(
                "{what}; numeric keys look like `roles.outside.base_salary` or `splits.\"name\".assign.<motion>.inside`"
            ),
        }
    };
    let mut cur: &mut Table = &mut doc;
    let last = segs.len() - 1;
    let mut i = 0;
    while i < last {
        let key = &segs[i];
        let Some(v) = cur.get_mut(key.as_str()) else {
            return Err(suggest(format!("`{path}`: there is no `{key}` here")));
        };
        // Promote a whole-role rule to a share table: "outside" -> { inside = v }.
        if let Value::String(rule) = v
            && i + 1 == last
            && segs[last] == "inside"
            && (rule == "inside" || rule == "outside")
        {
            *v = Value::Table(Table::new());
        }
        cur = match v {
            Value::Table(t) => t,
            Value::Array(items) => {
                i += 1;
                let name = &segs[i];
                let found = items
                    .iter_mut()
                    .position(|it| it.get("name").and_then(Value::as_str) == Some(name.as_str()));
                let idx = match found {
                    Some(k) => k,
                    None => match name.parse::<usize>() {
                        Ok(k) if k < items.len() => k,
                        _ => {
                            return Err(suggest(format!(
                                "`{path}`: no entry of `{key}` is named {name:?}"
                            )));
                        }
                    },
                };
                match &mut items[idx] {
                    Value::Table(t) => t,
                    _ => return Err(format!("`{path}`: `{key}` is not a list of tables")),
                }
            }
            _ => {
                return Err(suggest(format!(
                    "`{path}`: `{key}` holds a single value, not a table"
                )));
            }
        };
        i += 1;
    }
    if i != last {
        return Err(suggest(format!(
            "`{path}` ends at a list entry, not at a number"
        )));
    }
    let key = &segs[last];
    let new = match cur.get(key.as_str()) {
        Some(Value::Table(t)) => {
            let params: Vec<String> = t
                .keys()
                .filter(|k| k.as_str() != "dist")
                .map(|k| format!("`{path}.{k}`"))
                .collect();
            return Err(format!(
                "`{path}` is a distribution; sweep one of its parameters: {}",
                params.join(", ")
            ));
        }
        Some(Value::Integer(_)) if value.fract() == 0.0 && value.abs() < 9.0e15 => {
            Value::Integer(value as i64)
        }
        Some(Value::Integer(_) | Value::Float(_)) | None => Value::Float(value),
        Some(other) => return Err(format!("`{path}` is not a number (it is {other})")),
    };
    cur.insert(key.clone(), new);
    toml::to_string(&doc).map_err(|e| format!("cannot write the patched scenario: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = r#"
name = "x"
[roles.outside]
annual_hours = 1800
[motions.complex]
win_rate = { outside = { dist = "pert", min = 0.2, mode = 0.3, max = 0.5 }, inside = 0.2 }
[[splits]]
name = "Shift and lift"
assign = { transactional = "inside" }
staffing = { outside = 12 }
"#;

    #[test]
    fn paths_parse_with_quotes() {
        assert_eq!(
            parse_path(r#"splits."Shift and lift".assign.transactional.inside"#).unwrap(),
            vec![
                "splits",
                "Shift and lift",
                "assign",
                "transactional",
                "inside"
            ]
        );
        assert_eq!(
            parse_path(r#"splits."x".overrides[1].assign.m.inside"#).unwrap(),
            vec!["splits", "x", "overrides", "1", "assign", "m", "inside"]
        );
        assert!(parse_path("a..b").is_err());
        assert!(parse_path(r#"splits."open"#).is_err());
    }

    #[test]
    fn sets_constants_distribution_parameters_and_shares() {
        let t: Table = set_number(SRC, "roles.outside.annual_hours", 1700.0)
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(
            t["roles"]["outside"]["annual_hours"].as_integer(),
            Some(1700)
        );
        let t: Table = set_number(SRC, "motions.complex.win_rate.outside.mode", 0.35)
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(
            t["motions"]["complex"]["win_rate"]["outside"]["mode"].as_float(),
            Some(0.35)
        );
        let t: Table = set_number(
            SRC,
            r#"splits."Shift and lift".assign.transactional.inside"#,
            0.25,
        )
        .unwrap()
        .parse()
        .unwrap();
        assert_eq!(
            t["splits"][0]["assign"]["transactional"]["inside"].as_float(),
            Some(0.25)
        );
        let t: Table = set_number(SRC, r#"splits."Shift and lift".staffing.outside"#, 9.0)
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(t["splits"][0]["staffing"]["outside"].as_integer(), Some(9));
    }

    #[test]
    fn bad_paths_say_what_is_there() {
        let e = set_number(SRC, "motions.complex.win_rate.outside", 0.3).unwrap_err();
        assert!(e.contains("distribution") && e.contains(".mode"), "{e}");
        let e = set_number(SRC, "roles.outsid.annual_hours", 1.0).unwrap_err();
        assert!(
            e.contains("did you mean `roles.outside.annual_hours`"),
            "{e}"
        );
        let e = set_number(SRC, r#"splits."Nope".staffing.outside"#, 1.0).unwrap_err();
        assert!(e.contains("no entry"), "{e}");
    }
}
