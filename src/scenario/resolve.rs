//! Resolution: file types -> a validated [`Scenario`], collecting every
//! problem (with key path, line and fix) instead of stopping at the first.

use super::checks::TypicalSplit;
use super::file::*;
use super::problems::{LineIndex, Problem, Problems, Severity, nearest, seg};
use super::*;
use crate::core::dist::{Dist, DistError, Range};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range as ByteRange;
use std::path::Path;
use toml::Value;

type Span = Option<ByteRange<usize>>;

/// The most account-product cells a scenario may have: each is laid out in
/// memory and simulated every month of every trial.
const MAX_CELLS: u64 = 10_000_000;

/// A loaded scenario with the warnings found while validating it.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub scenario: Scenario,
    pub warnings: Vec<Problem>,
    /// The file's text, for provenance (hash) and reports.
    pub source: String,
}

/// The model's view of a resolved scenario's typical trial, one entry per
/// split, for the checks of [`super::checks`] (the simulation layer
/// provides it: `sim::staffing::typical`).
pub type Typical<'a> = &'a dyn Fn(&Scenario) -> Vec<TypicalSplit>;

/// Reads and validates a scenario file; see [`load_str`].
pub fn load(path: &Path, typical: Typical<'_>) -> Result<Loaded, Problems> {
    let label = path.display().to_string();
    let one = |line: Option<(usize, usize)>, message: String, fix: &str| Problems {
        file: label.clone(),
        list: vec![Problem {
            severity: Severity::Error,
            path: String::new(),
            line,
            message,
            fix: fix.to_string(),
        }],
    };
    let bytes = std::fs::read(path).map_err(|e| {
        one(
            None,
            format!("cannot read the scenario file: {e}"),
            "check the path, and that the file is UTF-8 text",
        )
    })?;
    let src = String::from_utf8(bytes).map_err(|e| {
        // Point at the first byte that is not UTF-8.
        let at = e.utf8_error().valid_up_to();
        let good = std::str::from_utf8(&e.as_bytes()[..at]).unwrap_or_default();
        let line = LineIndex::new(good).line_col(at, good);
        one(
            Some(line),
            format!(
                "the file is not UTF-8 text (byte 0x{:02X} here is not UTF-8)",
                e.as_bytes().get(at).copied().unwrap_or(0)
            ),
            "save the file as UTF-8 (TOML files must be UTF-8; e.g. `iconv -f latin1 -t utf-8`)",
        )
    })?;
    load_str(&src, &label, typical)
}

/// Validates a scenario given as text; `label` names it in messages. The
/// file's own rules are checked first (every problem, with key path, line
/// and fix); a scenario that passes them is then checked on its typical
/// trial, which `typical` computes.
pub fn load_str(src: &str, label: &str, typical: Typical<'_>) -> Result<Loaded, Problems> {
    let mut cx = Ctx::new(src);
    let file = match parse(&mut cx) {
        Some(f) => f,
        None => return Err(cx.into_problems(label)),
    };
    let scenario = resolve(&mut cx, &file);
    let mut problems = cx.into_problems(label);
    match scenario {
        Some(s) if !problems.has_errors() => {
            problems.list.extend(super::checks::check(&s, &typical(&s)));
            if problems.has_errors() {
                return Err(problems);
            }
            let warnings: Vec<Problem> = problems.list.drain(..).collect();
            Ok(Loaded {
                scenario: s,
                warnings,
                source: src.to_string(),
            })
        }
        _ => {
            if !problems.has_errors() {
                problems.list.push(Problem {
                    severity: Severity::Error,
                    path: String::new(),
                    line: None,
                    message: "the scenario could not be resolved".into(),
                    fix: "see the problems above".into(),
                });
            }
            Err(problems)
        }
    }
}

struct Ctx<'a> {
    src: &'a str,
    idx: LineIndex,
    problems: Vec<Problem>,
    params: Vec<ParamDef>,
}

impl<'a> Ctx<'a> {
    fn new(src: &'a str) -> Ctx<'a> {
        Ctx {
            src,
            idx: LineIndex::new(src),
            problems: Vec::new(),
            params: Vec::new(),
        }
    }

    fn push(&mut self, severity: Severity, path: &str, span: Span, message: String, fix: String) {
        let line = self.idx.of_span(span, self.src);
        self.problems.push(Problem {
            severity,
            path: path.to_string(),
            line,
            message,
            fix,
        });
    }

    fn err(&mut self, path: &str, span: Span, message: impl Into<String>, fix: impl Into<String>) {
        self.push(Severity::Error, path, span, message.into(), fix.into());
    }

    fn warn(&mut self, path: &str, span: Span, message: impl Into<String>, fix: impl Into<String>) {
        self.push(Severity::Warning, path, span, message.into(), fix.into());
    }

    fn into_problems(self, label: &str) -> Problems {
        let mut list = self.problems;
        // Errors first, then in file order.
        list.sort_by(|a, b| a.severity.cmp(&b.severity).then(a.line.cmp(&b.line)));
        Problems {
            file: label.to_string(),
            list,
        }
    }

    fn param(&mut self, path: &str, key_path: &str, dist: Dist) -> P {
        self.params.push(ParamDef {
            path: path.to_string(),
            key_path: key_path.to_string(),
            dist,
        });
        P((self.params.len() - 1) as u32)
    }

    /// A value that may be a distribution, checked against `range`.
    fn dist(&mut self, v: &Sp<Num>, path: &str, range: Range) -> Option<Dist> {
        let span = Some(v.span());
        match num_to_dist(v.get_ref()) {
            Ok(d) => match range.check(&d) {
                Ok(()) => Some(d),
                Err(e) => {
                    self.err(path, span, e.message, e.fix);
                    None
                }
            },
            Err(e) => {
                self.err(path, span, e.message, e.fix);
                None
            }
        }
    }

    /// A per-trial parameter with a default.
    fn value(
        &mut self,
        v: Option<&Sp<Num>>,
        path: &str,
        key_path: &str,
        default: f64,
        range: Range,
    ) -> P {
        let dist = match v {
            None => Dist::Const(default),
            Some(v) => self.dist(v, path, range).unwrap_or(Dist::Const(default)),
        };
        self.param(path, key_path, dist)
    }

    /// A per-trial parameter outside the splits, keyed by its own path.
    fn global(&mut self, v: Option<&Sp<Num>>, path: &str, default: f64, range: Range) -> P {
        self.value(v, path, path, default, range)
    }

    /// A required per-trial parameter.
    fn required(
        &mut self,
        v: Option<&Sp<Num>>,
        path: &str,
        key_path: &str,
        parent: Span,
        range: Range,
        fix: &str,
    ) -> P {
        if v.is_none() {
            self.err(path, parent, "is required and missing", fix.to_string());
        }
        self.value(v, path, key_path, 1.0, range)
    }

    /// An integer constant (no distribution) in `[min, max]`.
    fn int(&mut self, v: Option<&Sp<Num>>, path: &str, default: i64, min: i64, max: i64) -> i64 {
        let Some(v) = v else { return default };
        let span = Some(v.span());
        match v.get_ref() {
            Num::Int(i) if (min..=max).contains(i) => *i,
            Num::Int(i) => {
                // Bounds that only keep a count in its machine type are not
                // worth showing people unless they were crossed.
                let fix = if max >= i64::from(u32::MAX) && *i < min {
                    format!("use a whole number of at least {min}")
                } else {
                    format!("use a whole number from {min} to {max}")
                };
                let message = if *i < min {
                    format!("must be at least {min} (got {i})")
                } else {
                    format!("must be at most {max} (got {i})")
                };
                self.err(path, span, message, fix);
                default
            }
            Num::Float(x) => {
                let fix = if x.fract() == 0.0 && x.is_finite() {
                    format!("write it as a whole number: {}", *x as i64)
                } else if x.is_finite() && x.abs() < 1e15 {
                    format!("use a whole number, e.g. {} or {}", x.floor(), x.ceil())
                } else {
                    "use a whole number".to_string()
                };
                self.err(path, span, format!("must be a whole number (got {x})"), fix);
                default
            }
            Num::Table(_) => {
                self.err(
                    path,
                    span,
                    "must be a whole-number constant, not a distribution",
                    "replace the table with a whole number; this key cannot vary between trials",
                );
                default
            }
            Num::Wrong(w) => {
                let e = wrong_type(w, "a whole number", "write a whole number");
                self.err(path, span, e.message, e.fix);
                default
            }
        }
    }
}

/// The problem of a value of the wrong type where a number was expected.
fn wrong_type(w: &Wrong, expected: &str, fix: &str) -> DistError {
    let fix = match w {
        Wrong::Str(s) if s.trim().parse::<f64>().is_ok() => {
            format!("remove the quotes: write {}", s.trim())
        }
        Wrong::Huge => "use a smaller number".to_string(),
        _ => fix.to_string(),
    };
    DistError {
        message: format!("must be {expected}, not {w}"),
        fix,
    }
}

/// Converts a written value into a distribution (or a constant).
fn num_to_dist(n: &Num) -> Result<Dist, DistError> {
    let bad = |m: String, f: &str| DistError {
        message: m,
        fix: f.to_string(),
    };
    match n {
        Num::Int(i) => Dist::constant(*i as f64),
        Num::Float(x) => Dist::constant(*x),
        Num::Wrong(w) => Err(wrong_type(
            w,
            "a number or a distribution table",
            "write a number, or a distribution table such as { dist = \"pert\", min = 1, mode = 2, max = 4 }",
        )),
        Num::Table(t) => {
            const KINDS: [&str; 6] = [
                "triangular",
                "pert",
                "uniform",
                "normal",
                "lognormal",
                "beta",
            ];
            let kind = match t.get("dist") {
                Some(Value::String(s)) => s.as_str(),
                Some(other) => {
                    return Err(bad(
                        format!("`dist` must be a string naming the distribution (got {other})"),
                        "write e.g. dist = \"pert\"",
                    ));
                }
                None => {
                    return Err(bad(
                        "a distribution table needs a `dist` key".into(),
                        "add dist = \"triangular\" | \"pert\" | \"uniform\" | \"normal\" | \"lognormal\" | \"beta\"",
                    ));
                }
            };
            let (required, optional): (&[&str], &[&str]) = match kind {
                "triangular" | "pert" => (&["min", "mode", "max"], &[]),
                "uniform" => (&["min", "max"], &[]),
                "normal" => (&["mean", "sd"], &["min", "max"]),
                "lognormal" => (&["p10", "p90"], &[]),
                "beta" => (&["alpha", "beta"], &["min", "max"]),
                _ => {
                    let hint = nearest(kind, KINDS)
                        .map(|k| format!("did you mean \"{k}\"? "))
                        .unwrap_or_default();
                    return Err(bad(
                        format!("unknown distribution \"{kind}\""),
                        &format!("{hint}use one of: {}", KINDS.join(", ")),
                    ));
                }
            };
            let takes = required
                .iter()
                .chain(optional)
                .copied()
                .collect::<Vec<_>>()
                .join(", ");
            for k in t.keys().filter(|k| k.as_str() != "dist") {
                if !required.contains(&k.as_str()) && !optional.contains(&k.as_str()) {
                    let hint = nearest(k, required.iter().chain(optional).copied())
                        .map(|n| format!("did you mean `{n}`? "))
                        .unwrap_or_default();
                    return Err(bad(
                        format!("`{k}` is not a parameter of a {kind} distribution"),
                        &format!("{hint}a {kind} takes: {takes}"),
                    ));
                }
            }
            let get = |k: &str| -> Result<Option<f64>, DistError> {
                match t.get(k) {
                    None => Ok(None),
                    Some(Value::Integer(i)) => Ok(Some(*i as f64)),
                    Some(Value::Float(x)) => Ok(Some(*x)),
                    Some(other) => Err(DistError {
                        message: format!("the {kind}'s `{k}` must be a plain number (got {other})"),
                        fix: "a distribution's own parameters are constants: write a number".into(),
                    }),
                }
            };
            let mut vals = Vec::new();
            for k in required {
                match get(k)? {
                    Some(x) => vals.push(x),
                    None => {
                        return Err(bad(
                            format!("a {kind} distribution needs `{k}`"),
                            &format!("add `{k}`; a {kind} takes: {takes}"),
                        ));
                    }
                }
            }
            match kind {
                "triangular" => Dist::triangular(vals[0], vals[1], vals[2]),
                "pert" => Dist::pert(vals[0], vals[1], vals[2]),
                "uniform" => Dist::uniform(vals[0], vals[1]),
                "normal" => Dist::normal(vals[0], vals[1], get("min")?, get("max")?),
                "lognormal" => Dist::lognormal(vals[0], vals[1]),
                _ => Dist::beta(vals[0], vals[1], get("min")?, get("max")?),
            }
        }
    }
}

/// The field names a serde struct accepts, read from its derived
/// `Deserialize` (the introspection trick of `serde-aux`), so that the list of
/// known keys offered in "did you mean" hints is never written twice.
fn fields_of<T: for<'de> Deserialize<'de>>() -> &'static [&'static str] {
    use serde::de::{self, Visitor};
    struct Intro<'a>(&'a mut &'static [&'static str]);
    #[derive(Debug)]
    struct Stop;
    impl std::fmt::Display for Stop {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("introspection")
        }
    }
    impl std::error::Error for Stop {}
    impl de::Error for Stop {
        fn custom<M: std::fmt::Display>(_: M) -> Stop {
            Stop
        }
    }
    impl<'de> de::Deserializer<'de> for Intro<'_> {
        type Error = Stop;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
            Err(Stop)
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Stop> {
            *self.0 = fields;
            Err(Stop)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map enum identifier ignored_any
        }
    }
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(Intro(&mut fields));
    fields
}

/// The keys a table accepts, given its path (array indices as numbers).
fn known_keys(parent: &[String]) -> &'static [&'static str] {
    let p: Vec<&str> = parent.iter().map(String::as_str).collect();
    match p.as_slice() {
        [] => fields_of::<FileScenario>(),
        ["simulation"] => fields_of::<FileSimulation>(),
        ["simulation", "handoff"] => fields_of::<FileHandoff>(),
        ["correlations", _] => fields_of::<FileCorrelation>(),
        ["roles"] => fields_of::<FileRoles>(),
        ["roles", _] => fields_of::<FileRole>(),
        ["management", _] => fields_of::<FileLayer>(),
        ["motions", _] => fields_of::<FileMotion>(),
        ["motions", _, _] => fields_of::<FileByRole>(),
        ["products", _] => fields_of::<FileProduct>(),
        ["tiers", _] => fields_of::<FileTier>(),
        ["splits", _] => fields_of::<FileSplit>(),
        ["splits", _, "credit"] => fields_of::<FileCredit>(),
        _ => &[],
    }
}

/// Finds the span of a key (by path segments) in the spanned document tree.
fn find_key_span(tree: &toml::de::DeTable<'_>, segs: &[String]) -> Span {
    use toml::de::DeValue;
    let (first, rest) = segs.split_first()?;
    let (k, v) = tree
        .iter()
        .find(|(k, _)| k.get_ref().as_ref() == first.as_str())?;
    if rest.is_empty() {
        return Some(k.span());
    }
    let deeper = match v.get_ref() {
        DeValue::Table(t) => find_key_span(t, rest),
        DeValue::Array(a) => {
            let i: usize = rest[0].parse().ok()?;
            match a.get(i)?.get_ref() {
                DeValue::Table(t) if rest.len() > 1 => find_key_span(t, &rest[1..]),
                _ => Some(a.get(i)?.span()),
            }
        }
        _ => None,
    };
    deeper.or(Some(k.span()))
}

/// Finds the key path of the innermost value whose span holds `at`. Tables
/// are searched even when their own span does not hold `at`: a `[header]`
/// table's span is its header line only, and an implicit table's is its key.
fn path_at(tree: &toml::de::DeTable<'_>, at: usize, out: &mut Vec<String>) -> bool {
    use toml::de::DeValue;
    let holds = |s: ByteRange<usize>| s.start <= at && at < s.end.max(s.start + 1);
    for (k, v) in tree.iter() {
        out.push(k.get_ref().to_string());
        let deeper = match v.get_ref() {
            DeValue::Table(t) => path_at(t, at, out),
            DeValue::Array(a) => a.iter().enumerate().any(|(i, item)| {
                out.push(i.to_string());
                let found = matches!(item.get_ref(), DeValue::Table(t) if path_at(t, at, out))
                    || holds(item.span());
                if !found {
                    out.pop();
                }
                found
            }),
            _ => false,
        };
        if deeper || holds(v.span()) || holds(k.span()) {
            return true;
        }
        out.pop();
    }
    false
}

/// A one-line example of a key whose value is a table or a list, for the
/// fix of a wrong-type error.
fn example_of(key: &str) -> Option<&'static str> {
    Some(match key {
        "assign" => {
            r#"assign = { maintenance = "inside", complex = "outside" } (or a share: { inside = 0.5 })"#
        }
        "assign_products" => r#"assign_products = { "Product name" = "inside" }"#,
        "spend" => r#"spend = { "Product name" = 120000 } (annual spend per owned product)"#,
        "cross_sell" => r#"cross_sell = ["Product name", "Other product"]"#,
        "credit" => {
            r#"credit = { policy = "exclusive", conflict_penalty = 0.1 } (policy: exclusive, double or team)"#
        }
        "staffing" => r#"staffing = "sized" or staffing = { outside = 12, inside = "sized" }"#,
        "handoff" => "handoff = { churn_multiplier = 1.5, months = 6 }",
        "hours_per_touch" | "annual_churn" | "win_rate" => {
            "{ outside = ..., inside = ... } (one value per role)"
        }
        _ => return None,
    })
}

/// Parses the TOML and reads it into the file types; unknown keys are all
/// reported. Returns `None` when nothing more can be checked.
fn parse(cx: &mut Ctx<'_>) -> Option<FileScenario> {
    let src = cx.src;
    let de = match toml::de::Deserializer::parse(src) {
        Ok(d) => d,
        Err(e) => {
            cx.err(
                "",
                e.span(),
                format!("this is not valid TOML: {}", e.message().trim()),
                "fix the syntax at this line (TOML: key = value, [table], [[array of tables]])",
            );
            return None;
        }
    };
    let tree = toml::de::DeTable::parse(src).ok();
    let mut unknown: Vec<String> = Vec::new();
    let file: Result<FileScenario, _> =
        serde_ignored::deserialize(de, |p| unknown.push(p.to_string()));
    let file = match file {
        Ok(f) => f,
        Err(e) => {
            let mut segs = Vec::new();
            if let (Some(t), Some(s)) = (tree.as_ref(), e.span()) {
                path_at(t.get_ref(), s.start, &mut segs);
            }
            let name_of = |array: &str, i: usize| {
                tree.as_ref()
                    .and_then(|t| tree_entry_name(t.get_ref(), array, i))
            };
            let path = display_path(&segs, &name_of);
            // serde speaks of maps and sequences; TOML of tables and arrays.
            let message = e
                .message()
                .trim()
                .replace("invalid type: ", "wrong type: ")
                .replace("a sequence", "an array")
                .replace("map,", "table,")
                .replace("sequence,", "array,")
                .replace("expected a map", "expected a table");
            // ... nor of the file types' Rust names.
            let message = match message.find("expected struct ") {
                Some(i) if message[i..].starts_with("expected struct FileByRole") => {
                    format!("{}expected a table of one value per role", &message[..i])
                }
                Some(i) => format!("{}expected a table", &message[..i]),
                None => message,
            };
            let key = segs.last().map(String::as_str).unwrap_or("key");
            let in_list = segs.iter().any(|x| x.parse::<usize>().is_ok());
            // `[[roles.inside]]` where `[roles.inside]` was meant: serde sees
            // a list where one table belongs.
            if message.contains("invalid length")
                && segs.last().is_some_and(|x| x.parse::<usize>().is_ok())
            {
                let header = segs[..segs.len() - 1].join(".");
                cx.err(
                    &display_path(&segs[..segs.len() - 1], &name_of),
                    e.span(),
                    format!("`[[{header}]]` makes a list of tables, but `{header}` is one table"),
                    format!("write the header with single brackets: [{header}]"),
                );
                return None;
            }
            let fix = if let Some(example) = example_of(key) {
                format!("write it like this: {example}")
            } else if message.ends_with("expected a table of one value per role") {
                format!("write {key} = {{ outside = ..., inside = ... }}")
            } else if message.ends_with("expected a table") && in_list {
                format!("write {key} = {{ ... }} inside its entry")
            } else if message.ends_with("expected a table") {
                format!(
                    "write {key} as a table: [{}] or {key} = {{ ... }}",
                    segs.join(".")
                )
            } else if message.ends_with("expected a string") {
                format!("put the text in double quotes: {key} = \"...\"")
            } else if message.ends_with("expected a boolean") {
                format!("write {key} = true or {key} = false")
            } else if message.ends_with("expected an array") && !segs.is_empty() {
                format!(
                    "write each entry under its own [[{}]] header",
                    segs.join(".")
                )
            } else {
                "write the value in the form the message gives".to_string()
            };
            cx.err(&path, e.span(), message, fix);
            return None;
        }
    };
    for raw in unknown {
        let segs: Vec<String> = raw
            .split('.')
            .filter(|s| *s != "?" && !s.starts_with("$__serde_spanned"))
            .map(str::to_string)
            .collect();
        let Some((key, parent)) = segs.split_last() else {
            continue;
        };
        let span = tree
            .as_ref()
            .and_then(|t| find_key_span(t.get_ref(), &segs));
        let known = known_keys(parent);
        let name_of = |array: &str, i: usize| entry_name(&file, array, i);
        let path = display_path(&segs, &name_of);
        let table = if parent.is_empty() {
            "the top level".to_string()
        } else {
            format!("`{}`", display_path(parent, &name_of))
        };
        let hint = nearest(key, known.iter().copied())
            .map(|n| format!("did you mean `{n}`? "))
            .unwrap_or_default();
        let fix = if known.is_empty() {
            format!("{hint}remove it")
        } else {
            format!(
                "{hint}the keys allowed in {table} are: {}",
                known.join(", ")
            )
        };
        cx.err(&path, span, format!("unknown key `{key}` in {table}"), fix);
    }
    Some(file)
}

/// Renders path segments for people: array entries by their name where known.
fn display_path(segs: &[String], name_of: &dyn Fn(&str, usize) -> Option<String>) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < segs.len() {
        let s = &segs[i];
        if let Ok(n) = s.parse::<usize>()
            && i > 0
        {
            let name = name_of(&segs[i - 1], n);
            match name {
                Some(name) => out.push_str(&format!(".{name:?}")),
                None => out.push_str(&format!("[{n}]")),
            }
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&seg(s));
        }
        i += 1;
    }
    out
}

/// The `name` of an array entry, read from the parsed document (for
/// problems found before the file types could be read).
fn tree_entry_name(tree: &toml::de::DeTable<'_>, array: &str, i: usize) -> Option<String> {
    use toml::de::DeValue;
    let (_, v) = tree.iter().find(|(k, _)| k.get_ref().as_ref() == array)?;
    let DeValue::Array(a) = v.get_ref() else {
        return None;
    };
    let DeValue::Table(t) = a.get(i)?.get_ref() else {
        return None;
    };
    let (_, name) = t.iter().find(|(k, _)| k.get_ref().as_ref() == "name")?;
    match name.get_ref() {
        DeValue::String(s) => Some(s.to_string()),
        _ => None,
    }
}

fn entry_name(f: &FileScenario, array: &str, i: usize) -> Option<String> {
    let name = match array {
        "products" => f.products.as_ref()?.get(i)?.get_ref().name.as_ref(),
        "tiers" => f.tiers.as_ref()?.get(i)?.get_ref().name.as_ref(),
        "splits" => f.splits.as_ref()?.get(i)?.get_ref().name.as_ref(),
        "management" => f.management.as_ref()?.get(i)?.get_ref().name.as_ref(),
        _ => None,
    };
    name.map(|n| n.get_ref().clone())
}

/// Path prefix of an array entry: by its name if it has one, else by index.
fn entry_prefix(array: &str, i: usize, name: Option<&Sp<String>>) -> String {
    match name {
        Some(n) if !n.get_ref().is_empty() => format!("{array}.{:?}", n.get_ref()),
        _ => format!("{array}[{i}]"),
    }
}

/// Checks names: present, non-empty, unique within their array.
fn check_names<'f>(
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

fn unknown_name_fix(kind: &str, word: &str, known: &[String]) -> String {
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

fn resolve(cx: &mut Ctx<'_>, f: &FileScenario) -> Option<Scenario> {
    let name = match &f.name {
        Some(n) => n.get_ref().clone(),
        None => {
            cx.err(
                "name",
                None,
                "the scenario needs a `name`",
                "add name = \"...\" at the top of the file",
            );
            String::new()
        }
    };

    // [simulation]
    let sim_default = FileSimulation::default();
    let sim = f
        .simulation
        .as_ref()
        .map(|s| s.get_ref())
        .unwrap_or(&sim_default);
    let trials = cx.int(sim.trials.as_ref(), "simulation.trials", 1000, 1, i64::MAX) as u64;
    let horizon = cx.int(
        sim.horizon_months.as_ref(),
        "simulation.horizon_months",
        36,
        1,
        12 * 100,
    ) as u32;
    let seed = cx.int(sim.seed.as_ref(), "simulation.seed", 0, 0, i64::MAX) as u64;
    let sampling = match sim.sampling.as_ref() {
        None => Sampling::Random,
        Some(v) => match v.get_ref().as_str() {
            "random" => Sampling::Random,
            "lhs" => Sampling::Lhs,
            other => {
                let hint = nearest(other, ["random", "lhs"])
                    .map(|n| format!("did you mean {n:?}? "))
                    .unwrap_or_default();
                cx.err(
                    "simulation.sampling",
                    Some(v.span()),
                    format!("unknown sampling {other:?}"),
                    format!("{hint}use \"random\" (the default) or \"lhs\" (Latin hypercube)"),
                );
                Sampling::Random
            }
        },
    };
    let discount_rate = cx.global(
        sim.discount_rate.as_ref(),
        "simulation.discount_rate",
        0.0,
        Range::AboveMinusOne,
    );
    let max_intensity = cx.global(
        sim.max_intensity.as_ref(),
        "simulation.max_intensity",
        1.5,
        Range::AtLeastOne,
    );
    let response_elasticity = cx.global(
        sim.response_elasticity.as_ref(),
        "simulation.response_elasticity",
        0.5,
        Range::NonNegative,
    );
    let undercoverage_churn = cx.global(
        sim.undercoverage_churn.as_ref(),
        "simulation.undercoverage_churn",
        0.0,
        Range::NonNegative,
    );
    let ho_default = FileHandoff::default();
    let ho = sim
        .handoff
        .as_ref()
        .map(|h| h.get_ref())
        .unwrap_or(&ho_default);
    let handoff_churn_multiplier = cx.global(
        ho.churn_multiplier.as_ref(),
        "simulation.handoff.churn_multiplier",
        1.0,
        Range::NonNegative,
    );
    let handoff_months = cx.int(
        ho.months.as_ref(),
        "simulation.handoff.months",
        0,
        0,
        12 * 100,
    ) as u32;

    // [roles]
    let roles_span = f.roles.as_ref().map(|r| r.span());
    let roles_default = FileRoles::default();
    let roles_file = f
        .roles
        .as_ref()
        .map(|r| r.get_ref())
        .unwrap_or(&roles_default);
    let roles = [
        resolve_role(
            cx,
            Role::Outside,
            roles_file.outside.as_ref(),
            roles_span.clone(),
        ),
        resolve_role(cx, Role::Inside, roles_file.inside.as_ref(), roles_span),
    ];

    // [[management]]
    let layers_file: &[Sp<FileLayer>] = f.management.as_deref().unwrap_or(&[]);
    let layer_names = check_names(
        cx,
        "management",
        layers_file
            .iter()
            .enumerate()
            .map(|(i, l)| (i, Some(l.span()), l.get_ref().name.as_ref())),
    );
    let mut management = Vec::new();
    for (i, l) in layers_file.iter().enumerate() {
        let prefix = entry_prefix("management", i, l.get_ref().name.as_ref());
        let lf = l.get_ref();
        let span_path = format!("{prefix}.span");
        if lf.span.is_none() {
            cx.err(
                &span_path,
                Some(l.span()),
                "is required and missing",
                "add span = N: how many people one manager of this layer leads (at least 1)",
            );
        }
        let span = cx.int(lf.span.as_ref(), &span_path, 1, 1, i64::from(u32::MAX)) as u32;
        let key = format!("management.{:?}.annual_cost", layer_names[i]);
        let annual_cost = cx.value(
            lf.annual_cost.as_ref(),
            &format!("{prefix}.annual_cost"),
            &key,
            0.0,
            Range::NonNegative,
        );
        management.push(Layer {
            name: layer_names[i].clone(),
            span,
            annual_cost,
        });
    }

    // [motions.<name>]
    let mut motions = Vec::new();
    if let Some(ms) = &f.motions {
        for (mname, m) in ms.get_ref() {
            motions.push(resolve_motion(cx, mname, m));
        }
    }
    let motion_names: Vec<String> = motions.iter().map(|m: &Motion| m.name.clone()).collect();

    // [[products]]
    let products_file: &[Sp<FileProduct>] = f.products.as_deref().unwrap_or(&[]);
    let product_names = check_names(
        cx,
        "products",
        products_file
            .iter()
            .enumerate()
            .map(|(i, p)| (i, Some(p.span()), p.get_ref().name.as_ref())),
    );
    let mut products = Vec::new();
    for (i, p) in products_file.iter().enumerate() {
        let pf = p.get_ref();
        let prefix = entry_prefix("products", i, pf.name.as_ref());
        let motion = match &pf.motion {
            None => {
                cx.err(
                    &format!("{prefix}.motion"),
                    Some(p.span()),
                    "every product needs a `motion`",
                    unknown_name_fix("motion", "", &motion_names),
                );
                0
            }
            Some(m) => match motion_names.iter().position(|n| n == m.get_ref()) {
                Some(k) => k,
                None => {
                    cx.err(
                        &format!("{prefix}.motion"),
                        Some(m.span()),
                        format!("no motion is named {:?}", m.get_ref()),
                        unknown_name_fix("motion", m.get_ref(), &motion_names),
                    );
                    0
                }
            },
        };
        let key = format!("products.{:?}", product_names[i]);
        let gross_margin = cx.value(
            pf.gross_margin.as_ref(),
            &format!("{prefix}.gross_margin"),
            &format!("{key}.gross_margin"),
            0.0,
            Range::Unit,
        );
        let cross_sell_size = match &pf.cross_sell_size {
            None => Dist::Const(0.0),
            Some(v) => cx
                .dist(v, &format!("{prefix}.cross_sell_size"), Range::NonNegative)
                .unwrap_or(Dist::Const(0.0)),
        };
        products.push(Product {
            name: product_names[i].clone(),
            motion,
            gross_margin,
            cross_sell_size,
        });
    }

    // [[tiers]]
    let tiers_file: &[Sp<FileTier>] = f.tiers.as_deref().unwrap_or(&[]);
    let tier_names = check_names(
        cx,
        "tiers",
        tiers_file
            .iter()
            .enumerate()
            .map(|(i, t)| (i, Some(t.span()), t.get_ref().name.as_ref())),
    );
    let mut tiers = Vec::new();
    // A tier whose `accounts` is already reported as wrong is not also
    // reported as leaving the scenario without accounts.
    let mut accounts_reported = false;
    for (i, t) in tiers_file.iter().enumerate() {
        let tf = t.get_ref();
        let prefix = entry_prefix("tiers", i, tf.name.as_ref());
        let before = cx.problems.len();
        if tf.accounts.is_none() {
            cx.err(
                &format!("{prefix}.accounts"),
                Some(t.span()),
                "is required and missing",
                "add accounts = N: how many key accounts this tier has",
            );
        }
        let accounts = cx.int(
            tf.accounts.as_ref(),
            &format!("{prefix}.accounts"),
            0,
            0,
            i64::from(u32::MAX),
        ) as u32;
        accounts_reported |= cx.problems.len() > before;
        let mut spend = vec![None; products.len()];
        if let Some(sp) = &tf.spend {
            for (pname, v) in sp.get_ref() {
                let path = format!("{prefix}.spend.{pname:?}");
                match product_names.iter().position(|n| n == pname) {
                    // An invalid spend is reported; the product still counts as owned.
                    Some(k) => {
                        spend[k] = Some(
                            cx.dist(v, &path, Range::NonNegative)
                                .unwrap_or(Dist::Const(0.0)),
                        )
                    }
                    None => cx.err(
                        &path,
                        Some(v.span()),
                        format!("no product is named {pname:?}"),
                        unknown_name_fix("product", pname, &product_names),
                    ),
                }
            }
        }
        let mut cross_sell = vec![false; products.len()];
        if let Some(cs) = &tf.cross_sell {
            for pname in cs.get_ref() {
                let path = format!("{prefix}.cross_sell");
                match product_names.iter().position(|n| n == pname.get_ref()) {
                    Some(k) => {
                        if cross_sell[k] {
                            cx.err(
                                &path,
                                Some(pname.span()),
                                format!("{:?} is listed twice", pname.get_ref()),
                                "list each whitespace product once",
                            );
                        }
                        if tf
                            .spend
                            .as_ref()
                            .is_some_and(|s| s.get_ref().contains_key(pname.get_ref()))
                        {
                            cx.err(
                                &path,
                                Some(pname.span()),
                                format!("{:?} is both owned (in `spend`) and whitespace (in `cross_sell`)", pname.get_ref()),
                                "a product is either owned by the tier's accounts or a cross-sell target: remove it from one of the two",
                            );
                        }
                        cross_sell[k] = true;
                    }
                    None => cx.err(
                        &path,
                        Some(pname.span()),
                        format!("no product is named {:?}", pname.get_ref()),
                        unknown_name_fix("product", pname.get_ref(), &product_names),
                    ),
                }
            }
        }
        tiers.push(Tier {
            name: tier_names[i].clone(),
            accounts,
            spend,
            cross_sell,
        });
    }
    // Every cell is laid out in memory (and simulated in every trial): a
    // typo such as accounts = 4000000000 must be an error, not an abort.
    let cells_of = |t: &Tier| {
        let per_account = t
            .spend
            .iter()
            .zip(&t.cross_sell)
            .filter(|(s, c)| s.is_some() || **c)
            .count() as u64;
        u64::from(t.accounts) * per_account
    };
    let cells: u64 = tiers.iter().map(cells_of).sum();
    let accounts: u64 = tiers.iter().map(|t| u64::from(t.accounts)).sum();
    if (cells > MAX_CELLS || accounts > MAX_CELLS)
        && let Some((i, t)) = tiers
            .iter()
            .enumerate()
            .max_by_key(|(_, t)| (cells_of(t), t.accounts))
    {
        let prefix = entry_prefix("tiers", i, tiers_file[i].get_ref().name.as_ref());
        let span = tiers_file[i].get_ref().accounts.as_ref().map(|a| a.span());
        cx.err(
            &format!("{prefix}.accounts"),
            span,
            format!(
                "this tier's {} accounts give the scenario {accounts} accounts and {cells} account-product cells; keysplit simulates at most {MAX_CELLS} of each",
                t.accounts
            ),
            "check the number of accounts (a typo?), or use fewer accounts or products",
        );
    }
    if accounts == 0 && !tiers_file.is_empty() && !accounts_reported {
        cx.err(
            "tiers",
            Some(tiers_file[0].span()),
            "the scenario has no accounts",
            "give at least one tier `accounts` >= 1",
        );
    }
    if tiers_file.is_empty() {
        cx.err(
            "tiers",
            None,
            "the scenario has no tiers, so no accounts",
            "add a [[tiers]] table with name, accounts and spend",
        );
    }

    // [[splits]]
    let splits_file: &[Sp<FileSplit>] = f.splits.as_deref().unwrap_or(&[]);
    if splits_file.is_empty() {
        cx.err(
            "splits",
            None,
            "the scenario has no splits",
            "add at least one [[splits]] table with a name (the first is the baseline)",
        );
    }
    let split_names = check_names(
        cx,
        "splits",
        splits_file
            .iter()
            .enumerate()
            .map(|(i, s)| (i, Some(s.span()), s.get_ref().name.as_ref())),
    );
    let mut splits = Vec::new();
    for (i, s) in splits_file.iter().enumerate() {
        splits.push(resolve_split(
            cx,
            i,
            s,
            &split_names[i],
            &motion_names,
            &product_names,
        ));
    }
    let flagged = |pick: fn(&FileSplit) -> Option<&Sp<bool>>| -> Vec<(usize, Span)> {
        splits_file
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                pick(s.get_ref())
                    .filter(|b| *b.get_ref())
                    .map(|b| (i, Some(b.span())))
            })
            .collect()
    };
    let baselines = flagged(|s| s.baseline.as_ref());
    let currents = flagged(|s| s.current.as_ref());
    for (word, list) in [("baseline", &baselines), ("current", &currents)] {
        if list.len() > 1 {
            let names: Vec<String> = list
                .iter()
                .map(|(i, _)| format!("{:?}", split_names[*i]))
                .collect();
            for (i, span) in list.iter().skip(1) {
                cx.err(
                    &format!("splits.{:?}.{word}", split_names[*i]),
                    span.clone(),
                    format!("several splits are marked `{word} = true`: {}", names.join(", ")),
                    format!("mark exactly one split `{word} = true` (or none: the first split is then the {word})"),
                );
            }
        }
    }
    let baseline = baselines.first().map(|b| b.0).unwrap_or(0);
    let current = currents.first().map(|c| c.0).unwrap_or(baseline);

    // Unused definitions are not errors, but they are worth a word.
    for (k, m) in motion_names.iter().enumerate() {
        if !products.iter().any(|p| p.motion == k) {
            let span = f.motions.as_ref().map(|ms| ms.span());
            cx.warn(
                &format!("motions.{}", seg(m)),
                span,
                "no product uses this motion",
                "give a product `motion = ...` or remove the motion",
            );
        }
    }
    for (k, p) in products.iter().enumerate() {
        if !tiers
            .iter()
            .any(|t| t.spend[k].is_some() || t.cross_sell[k])
        {
            cx.warn(
                &format!("products.{:?}", p.name),
                Some(products_file[k].span()),
                "no tier owns or cross-sells this product, so it plays no part",
                "add it to a tier's `spend` or `cross_sell`, or remove it",
            );
        }
    }

    let correlations = resolve_correlations(cx, f.correlations.as_deref().unwrap_or(&[]));

    if cx.problems.iter().any(|p| p.severity == Severity::Error) {
        return None;
    }
    Some(Scenario {
        name,
        trials,
        horizon_months: horizon,
        seed,
        discount_rate,
        max_intensity,
        response_elasticity,
        undercoverage_churn,
        handoff_churn_multiplier,
        handoff_months,
        roles,
        management,
        motions,
        products,
        tiers,
        splits,
        baseline,
        current,
        params: std::mem::take(&mut cx.params),
        sampling,
        correlations,
    })
}

/// `[[correlations]]`: pairs of uncertain per-trial inputs (by their display
/// paths) and rank correlations, checked one by one and then together (the
/// matrix they form must be positive definite).
fn resolve_correlations(cx: &mut Ctx<'_>, list: &[Sp<FileCorrelation>]) -> Vec<Correlation> {
    let mut out: Vec<(usize, Span, Correlation)> = Vec::new();
    let mut ok = true;
    for (i, c) in list.iter().enumerate() {
        let prefix = format!("correlations[{i}]");
        let cf = c.get_ref();
        let side = |cx: &mut Ctx<'_>, key: &str, v: Option<&Sp<String>>| -> Option<usize> {
            let path = format!("{prefix}.{key}");
            let Some(v) = v else {
                cx.err(
                    &path,
                    Some(c.span()),
                    "is required and missing",
                    format!("add {key} = \"<key path of an uncertain input>\", e.g. \"products.\\\"platform\\\".gross_margin\""),
                );
                return None;
            };
            let want = v.get_ref().trim();
            let found = cx.params.iter().position(|d| d.path == want);
            match found {
                Some(p) if !cx.params[p].dist.is_const() => Some(p),
                Some(_) => {
                    cx.err(
                        &path,
                        Some(v.span()),
                        format!("{want} is a constant here, not a distribution, so it cannot be correlated"),
                        "make it a distribution (e.g. { dist = \"triangular\", min = ..., mode = ..., max = ... }) or remove this correlation",
                    );
                    None
                }
                None => {
                    let uncertain: Vec<&str> = cx
                        .params
                        .iter()
                        .filter(|d| !d.dist.is_const())
                        .map(|d| d.path.as_str())
                        .collect();
                    let near = nearest_list(want, &uncertain);
                    let fix = if uncertain.is_empty() {
                        "the scenario has no uncertain inputs; make an input a distribution first"
                            .to_string()
                    } else if near.is_empty() {
                        format!(
                            "use the key path of an uncertain input: {}",
                            uncertain.join(", ")
                        )
                    } else {
                        format!("did you mean {}?", near.join(" or "))
                    };
                    cx.err(
                        &path,
                        Some(v.span()),
                        format!("{want:?} is not the key path of an uncertain input"),
                        fix,
                    );
                    None
                }
            }
        };
        let a = side(cx, "a", cf.a.as_ref());
        let b = side(cx, "b", cf.b.as_ref());
        let rank_path = format!("{prefix}.rank");
        let rank = match cf.rank.as_ref() {
            None => {
                cx.err(
                    &rank_path,
                    Some(c.span()),
                    "is required and missing",
                    "add rank = r: the rank correlation, from -1 to 1 (e.g. 0.6)",
                );
                None
            }
            Some(v) => {
                let x = match v.get_ref() {
                    Num::Int(i) => Some(*i as f64),
                    Num::Float(x) => Some(*x),
                    _ => None,
                };
                match x {
                    Some(x) if (-1.0..=1.0).contains(&x) => Some(x),
                    _ => {
                        cx.err(
                            &rank_path,
                            Some(v.span()),
                            format!(
                                "the rank correlation must be a number from -1 to 1 (got {})",
                                describe_num(v.get_ref())
                            ),
                            "use a number from -1 to 1, e.g. rank = 0.6",
                        );
                        None
                    }
                }
            }
        };
        let (Some(a), Some(b), Some(rank)) = (a, b, rank) else {
            ok = false;
            continue;
        };
        let (ka, kb) = (&cx.params[a].key_path, &cx.params[b].key_path);
        if ka == kb {
            let msg = if a == b {
                "a and b name the same input".to_string()
            } else {
                format!(
                    "{} and {} are the same key in two splits and share one draw",
                    cx.params[a].path, cx.params[b].path
                )
            };
            cx.err(
                &prefix,
                Some(c.span()),
                msg,
                "correlate two different inputs",
            );
            ok = false;
            continue;
        }
        let (ka, kb) = (ka.clone(), kb.clone());
        if let Some((j, _, _)) = out.iter().find(|(_, _, o)| {
            let (oa, ob) = (&cx.params[o.a].key_path, &cx.params[o.b].key_path);
            (*oa == ka && *ob == kb) || (*oa == kb && *ob == ka)
        }) {
            cx.err(
                &prefix,
                Some(c.span()),
                format!("this pair is already correlated by correlations[{j}]"),
                "give each pair of inputs one rank correlation; remove one of the two entries",
            );
            ok = false;
            continue;
        }
        out.push((i, Some(c.span()), Correlation { a, b, rank }));
    }
    let list: Vec<Correlation> = out.iter().map(|(_, _, c)| c.clone()).collect();
    if ok && !list.is_empty() {
        let mut paths: Vec<&str> = Vec::new();
        let mut index = |p: usize| {
            let k = cx.params[p].key_path.as_str();
            paths.iter().position(|&x| x == k).unwrap_or_else(|| {
                paths.push(k);
                paths.len() - 1
            })
        };
        let pairs: Vec<(usize, usize, f64)> = list
            .iter()
            .map(|c| (index(c.a), index(c.b), c.rank))
            .collect();
        let k = paths.len();
        let m = crate::core::correlation::target_matrix(k, &pairs);
        if crate::core::correlation::cholesky(&m, k).is_none() {
            let names: Vec<String> = out
                .iter()
                .map(|(i, _, c)| {
                    format!(
                        "correlations[{i}] ({} ~ {}: {})",
                        cx.params[c.a].path, cx.params[c.b].path, c.rank
                    )
                })
                .collect();
            let span = out.first().and_then(|o| o.1.clone());
            cx.err(
                "correlations",
                span,
                format!(
                    "these rank correlations cannot hold together (their matrix is not positive definite): {}",
                    names.join(", ")
                ),
                "lower the magnitudes of the correlations (e.g. a strong a~b and b~c force a~c to be positive), or drop one; a rank of exactly 1 or -1 is not allowed",
            );
        }
    }
    list
}

/// A number-like value for a message.
fn describe_num(n: &Num) -> String {
    match n {
        Num::Int(i) => i.to_string(),
        Num::Float(x) => x.to_string(),
        Num::Table(_) => "a table".to_string(),
        Num::Wrong(w) => w.to_string(),
    }
}

/// Up to three candidates close to `word`, best first.
fn nearest_list<'a>(word: &str, candidates: &[&'a str]) -> Vec<&'a str> {
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

fn resolve_role(
    cx: &mut Ctx<'_>,
    role: Role,
    r: Option<&Sp<FileRole>>,
    roles_span: Span,
) -> RoleSpec {
    let name = role.name();
    let default = FileRole::default();
    let (rf, span) = match r {
        Some(r) => (r.get_ref(), Some(r.span())),
        None => {
            cx.err(
                &format!("roles.{name}"),
                roles_span,
                format!("the `{name}` role is missing"),
                format!("add a [roles.{name}] table with at least annual_hours"),
            );
            (&default, None)
        }
    };
    let p = |k: &str| format!("roles.{name}.{k}");
    if role == Role::Inside {
        for (k, v) in [
            ("travel_hours_per_visit", &rf.travel_hours_per_visit),
            ("travel_cost_per_visit", &rf.travel_cost_per_visit),
        ] {
            if let Some(v) = v {
                cx.err(
                    &p(k),
                    Some(v.span()),
                    "inside reps do not travel: travel keys belong to [roles.outside]",
                    "remove this key (or move it to [roles.outside])",
                );
            }
        }
    }
    let annual_hours = if r.is_some() {
        cx.required(
            rf.annual_hours.as_ref(),
            &p("annual_hours"),
            &p("annual_hours"),
            span,
            Range::Positive,
            "add annual_hours = paid working hours per rep per year (e.g. 1,800-2,000)",
        )
    } else {
        cx.value(
            None,
            &p("annual_hours"),
            &p("annual_hours"),
            1.0,
            Range::Positive,
        )
    };
    let mut v = |key: &str, val: &Option<Sp<Num>>, default: f64, range: Range| {
        cx.global(val.as_ref(), &p(key), default, range)
    };
    let admin_share = v("admin_share", &rf.admin_share, 0.0, Range::UnitBelowOne);
    let target_utilization = v(
        "target_utilization",
        &rf.target_utilization,
        1.0,
        Range::UnitAboveZero,
    );
    let base_salary = v("base_salary", &rf.base_salary, 0.0, Range::NonNegative);
    let benefits_load = v("benefits_load", &rf.benefits_load, 0.0, Range::NonNegative);
    let other_cost = v("other_cost", &rf.other_cost, 0.0, Range::NonNegative);
    let commission_rate = v("commission_rate", &rf.commission_rate, 0.0, Range::Unit);
    let travel_hours_per_visit = if role == Role::Outside {
        v(
            "travel_hours_per_visit",
            &rf.travel_hours_per_visit,
            0.0,
            Range::NonNegative,
        )
    } else {
        v("travel_hours_per_visit", &None, 0.0, Range::NonNegative)
    };
    let travel_cost_per_visit = if role == Role::Outside {
        v(
            "travel_cost_per_visit",
            &rf.travel_cost_per_visit,
            0.0,
            Range::NonNegative,
        )
    } else {
        v("travel_cost_per_visit", &None, 0.0, Range::NonNegative)
    };
    let annual_attrition = v("annual_attrition", &rf.annual_attrition, 0.0, Range::Unit);
    let ramp_months = v("ramp_months", &rf.ramp_months, 0.0, Range::NonNegative);
    let hire_cost = v("hire_cost", &rf.hire_cost, 0.0, Range::NonNegative);
    let months_to_hire = cx.int(
        rf.months_to_hire.as_ref(),
        &p("months_to_hire"),
        0,
        0,
        12 * 100,
    ) as u32;
    RoleSpec {
        annual_hours,
        admin_share,
        target_utilization,
        base_salary,
        benefits_load,
        other_cost,
        commission_rate,
        travel_hours_per_visit,
        travel_cost_per_visit,
        annual_attrition,
        months_to_hire,
        ramp_months,
        hire_cost,
    }
}

fn resolve_motion(cx: &mut Ctx<'_>, name: &str, m: &Sp<FileMotion>) -> Motion {
    let mf = m.get_ref();
    let base = format!("motions.{}", seg(name));
    let p = |k: &str| format!("{base}.{k}");
    let by_role =
        |cx: &mut Ctx<'_>, key: &str, t: &Option<Sp<FileByRole>>, range: Range| -> [P; 2] {
            let d = FileByRole::default();
            let t = t.as_ref().map(|t| t.get_ref()).unwrap_or(&d);
            let o = p(&format!("{key}.outside"));
            let i = p(&format!("{key}.inside"));
            [
                cx.global(t.outside.as_ref(), &o, 0.0, range),
                cx.global(t.inside.as_ref(), &i, 0.0, range),
            ]
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

fn resolve_rule(
    cx: &mut Ctx<'_>,
    r: &Sp<RuleSpec>,
    path: &str,
    split_path: &str,
    key_path: &str,
) -> Rule {
    let span = Some(r.span());
    match r.get_ref() {
        RuleSpec::Role(w) => match w.as_str() {
            "inside" => Rule::Inside,
            "outside" => Rule::Outside,
            other => {
                cx.err(
                    path,
                    span,
                    format!("{other:?} is not a role"),
                    "write \"inside\", \"outside\" or a share { inside = 0.4 }",
                );
                Rule::Outside
            }
        },
        RuleSpec::Share(t) => {
            let mut unknown = false;
            for k in t.keys().filter(|k| k.as_str() != "inside") {
                let hint = nearest(k, ["inside"])
                    .map(|n| format!("did you mean `{n}`? "))
                    .unwrap_or_default();
                cx.err(
                    &format!("{path}.{}", seg(k)),
                    span.clone(),
                    format!("unknown key `{k}` in a share rule"),
                    format!("{hint}a share rule has one key: {{ inside = s }}, the share of the pool that goes to inside reps"),
                );
                unknown = true;
            }
            match t.get("inside") {
                // A misspelled `inside` is reported once, above.
                None if unknown => Rule::Outside,
                None => {
                    cx.err(
                        path,
                        span,
                        "a share rule needs `inside`",
                        "write { inside = 0.5 }: the share of the pool assigned to inside reps",
                    );
                    Rule::Outside
                }
                Some(n) => {
                    let full = format!("{path}.inside");
                    let dist = cx.dist(n, &full, Range::Unit).unwrap_or(Dist::Const(0.0));
                    let _ = split_path;
                    Rule::Share(cx.param(&full, key_path, dist))
                }
            }
        }
    }
}

fn resolve_split(
    cx: &mut Ctx<'_>,
    i: usize,
    s: &Sp<FileSplit>,
    name: &str,
    motions: &[String],
    products: &[String],
) -> Split {
    let sf = s.get_ref();
    let prefix = entry_prefix("splits", i, sf.name.as_ref());
    let mut assign = vec![Rule::Outside; motions.len()];
    if let Some(a) = &sf.assign {
        for (m, r) in a.get_ref() {
            let path = format!("{prefix}.assign.{}", seg(m));
            match motions.iter().position(|n| n == m) {
                Some(k) => {
                    assign[k] =
                        resolve_rule(cx, r, &path, &prefix, &format!("assign.{}.inside", seg(m)))
                }
                None => cx.err(
                    &path,
                    Some(r.span()),
                    format!("no motion is named {m:?}"),
                    unknown_name_fix("motion", m, motions),
                ),
            }
        }
    }
    let mut assign_products = vec![None; products.len()];
    if let Some(a) = &sf.assign_products {
        for (p, r) in a.get_ref() {
            let path = format!("{prefix}.assign_products.{p:?}");
            match products.iter().position(|n| n == p) {
                Some(k) => {
                    assign_products[k] = Some(resolve_rule(
                        cx,
                        r,
                        &path,
                        &prefix,
                        &format!("assign_products.{p:?}.inside"),
                    ))
                }
                None => cx.err(
                    &path,
                    Some(r.span()),
                    format!("no product is named {p:?}"),
                    unknown_name_fix("product", p, products),
                ),
            }
        }
    }
    let mut staffing = [Staff::Sized; 2];
    if let Some(st) = &sf.staffing {
        let span = Some(st.span());
        let path = format!("{prefix}.staffing");
        match st.get_ref() {
            StaffingSpec::Word(w) if w == "sized" => {}
            StaffingSpec::Word(w) => cx.err(
                &path,
                span,
                format!("{w:?} is not a staffing rule"),
                "write \"sized\" or { outside = 12, inside = \"sized\" }",
            ),
            StaffingSpec::Table(t) => {
                for (k, e) in t {
                    let rpath = format!("{path}.{}", seg(k));
                    let role = match k.as_str() {
                        "outside" => Role::Outside,
                        "inside" => Role::Inside,
                        _ => {
                            cx.err(&rpath, Some(e.span()), format!("unknown role `{k}` in staffing"), "staffing takes `outside` and `inside`, each a whole number of reps or \"sized\"");
                            continue;
                        }
                    };
                    staffing[role.index()] = match e.get_ref() {
                        StaffEntry::Word(w) if w == "sized" => Staff::Sized,
                        StaffEntry::Word(w) => {
                            cx.err(
                                &rpath,
                                Some(e.span()),
                                format!("{w:?} is not a headcount"),
                                "write a whole number of reps, or \"sized\"",
                            );
                            Staff::Sized
                        }
                        StaffEntry::Num(n) => {
                            let sp = Sp::new(e.span(), n.clone());
                            Staff::Fixed(cx.int(Some(&sp), &rpath, 0, 0, i64::from(u32::MAX)) as u32)
                        }
                    };
                }
            }
        }
    }
    let cd = FileCredit::default();
    let cf = sf.credit.as_ref().map(|c| c.get_ref()).unwrap_or(&cd);
    let policy = match &cf.policy {
        None => Some(Policy::Exclusive),
        Some(p) => match p.get_ref().as_str() {
            "exclusive" => Some(Policy::Exclusive),
            "double" => Some(Policy::Double),
            "team" => Some(Policy::Team),
            other => {
                let hint = nearest(other, ["exclusive", "double", "team"])
                    .map(|n| format!("did you mean {n:?}? "))
                    .unwrap_or_default();
                cx.err(
                    &format!("{prefix}.credit.policy"),
                    Some(p.span()),
                    format!("{other:?} is not a credit policy"),
                    format!("{hint}use \"exclusive\", \"double\" or \"team\""),
                );
                None
            }
        },
    };
    let conflict_penalty = cx.value(
        cf.conflict_penalty.as_ref(),
        &format!("{prefix}.credit.conflict_penalty"),
        "credit.conflict_penalty",
        0.0,
        Range::Unit,
    );
    let team_bonus_rate = cx.value(
        cf.team_bonus_rate.as_ref(),
        &format!("{prefix}.credit.team_bonus_rate"),
        "credit.team_bonus_rate",
        0.0,
        Range::Unit,
    );
    // An unknown policy is reported above; its keys are not second-guessed.
    let known = policy.is_some();
    let policy = policy.unwrap_or(Policy::Exclusive);
    if known
        && policy != Policy::Exclusive
        && let Some(c) = &cf.conflict_penalty
    {
        cx.warn(
            &format!("{prefix}.credit.conflict_penalty"),
            Some(c.span()),
            format!("the conflict penalty only applies under the exclusive policy; this split's policy is {}", policy.name()),
            "remove it, or set policy = \"exclusive\"",
        );
    }
    if known
        && policy != Policy::Team
        && let Some(c) = &cf.team_bonus_rate
    {
        cx.warn(
            &format!("{prefix}.credit.team_bonus_rate"),
            Some(c.span()),
            format!(
                "the team bonus is only paid under the team policy; this split's policy is {}",
                policy.name()
            ),
            "remove it, or set policy = \"team\"",
        );
    }
    Split {
        name: name.to_string(),
        assign,
        assign_products,
        staffing,
        credit: Credit {
            policy,
            conflict_penalty,
            team_bonus_rate,
        },
    }
}
