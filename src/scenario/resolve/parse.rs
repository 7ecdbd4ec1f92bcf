//! Reading the TOML into the file types: syntax errors, wrong types and
//! unknown keys become problems with their key path and line, and the
//! helpers that find those paths and lines in the parsed document.

use super::ctx::{Ctx, Span};
use crate::scenario::file::*;
use crate::scenario::problems::{nearest, seg};
use serde::Deserialize;
use std::ops::Range as ByteRange;

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
        ["transition"] | ["splits", _, "transition"] => fields_of::<FileTransition>(),
        ["splits", _, "overrides", _] => fields_of::<FileOverride>(),
        ["book"] => fields_of::<FileBook>(),
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

/// The span of the key at `segs` in a scenario's text.
pub(super) fn key_span(src: &str, segs: &[String]) -> Span {
    let tree = toml::de::DeTable::parse(src).ok()?;
    find_key_span(tree.get_ref(), segs)
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
        "transition" => {
            r#"transition = { reduce = "attrition", phase_months = 6 } (or a [transition] table at the top level)"#
        }
        "where" => {
            r#"where = { tier = "Strategic" } or { account = ["ACME", "Globex"] } or { region = ["EMEA", "APAC"] }"#
        }
        "overrides" => {
            r#"[[splits.overrides]] tables under their split, each with `where` and `assign` or `assign_products`"#
        }
        "book" => r#"[book] with file = "accounts.csv""#,
        "hours_per_touch" | "annual_churn" | "win_rate" => {
            "{ outside = ..., inside = ... } (one value per role)"
        }
        _ => return None,
    })
}

/// Parses the TOML and reads it into the file types; unknown keys are all
/// reported. Returns `None` when nothing more can be checked.
pub(super) fn parse(cx: &mut Ctx<'_>) -> Option<FileScenario> {
    let src = cx.src;
    let de = match toml::de::Deserializer::parse(src) {
        Ok(d) => d,
        Err(e) => {
            let message = e.message().trim();
            // The parser says "duplicate key"; say which.
            let key = e
                .span()
                .and_then(|s| src.get(s))
                .map(str::trim)
                .filter(|k| message.starts_with("duplicate key") && !k.is_empty());
            let (message, fix) = match key {
                Some(k) => (
                    format!(
                        "this is not valid TOML: the key `{k}` is defined twice in the same table"
                    ),
                    format!("keep one `{k}` (remove or rename the other)"),
                ),
                None => (
                    format!("this is not valid TOML: {message}"),
                    "fix the syntax at this line (TOML: key = value, [table], [[array of tables]])"
                        .to_string(),
                ),
            };
            cx.err("", e.span(), message, fix);
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
