//! `[[splits.overrides]]`: account-level rules of a split (docs/scenario.md,
//! "Overrides"). `where` is matched against every account once, here: by
//! `tier`, by `account` (book names, and `<tier>#<i>` for the tiers'
//! accounts) or by an attribute column of the book; several keys must all
//! match, any value of a key matches (readings 15 and 17).

use super::ctx::Ctx;
use super::splits::rule_table;
use crate::scenario::file::{FileOverride, Sp, WhereSpec};
use crate::scenario::problems::{nearest, seg};
use crate::scenario::{BookData, Override, Tier, TierAccount};
use std::collections::{BTreeSet, HashMap};

/// Every account of a scenario, in the model's order: the tiers' accounts
/// in file order, then the book's in name order.
pub(super) struct Accounts<'a> {
    tiers: &'a [Tier],
    book: Option<&'a BookData>,
    by_name: HashMap<&'a str, usize>,
    /// The first account of each tier, and after them the book's first.
    starts: Vec<usize>,
    n: usize,
}

impl<'a> Accounts<'a> {
    pub(super) fn new(tiers: &'a [Tier], book: Option<&'a BookData>) -> Accounts<'a> {
        let mut starts = Vec::with_capacity(tiers.len() + 1);
        let mut n = 0usize;
        for t in tiers {
            starts.push(n);
            n += t.accounts as usize;
        }
        starts.push(n);
        let by_name = book
            .map(|b| {
                b.accounts
                    .iter()
                    .enumerate()
                    .map(|(i, a)| (a.name.as_str(), n + i))
                    .collect()
            })
            .unwrap_or_default();
        n += book.map_or(0, |b| b.accounts.len());
        Accounts {
            tiers,
            book,
            by_name,
            starts,
            n,
        }
    }

    fn book_start(&self) -> usize {
        self.starts[self.tiers.len()]
    }

    /// The keys `where` may use: `account`, `tier` and the book's attributes.
    fn keys(&self) -> Vec<&str> {
        let mut k = vec!["account", "tier"];
        if let Some(b) = self.book {
            k.extend(b.attributes.iter().map(String::as_str));
        }
        k
    }

    /// Marks the accounts whose `key` is `value`; returns how many match.
    fn mark(&self, key: &str, value: &str, out: &mut [bool]) -> usize {
        let mut count = 0;
        let mut set = |i: usize| {
            out[i] = true;
            count += 1;
        };
        let b0 = self.book_start();
        match key {
            "tier" => {
                for (t, tier) in self.tiers.iter().enumerate() {
                    if tier.name == value {
                        (self.starts[t]..self.starts[t + 1]).for_each(&mut set);
                    }
                }
                if let Some(b) = self.book
                    && let Some(t) = b.tiers.iter().position(|x| x == value)
                {
                    for (i, a) in b.accounts.iter().enumerate() {
                        if a.tier as usize == t {
                            set(b0 + i);
                        }
                    }
                }
            }
            "account" => {
                if let Some(&i) = self.by_name.get(value) {
                    set(i);
                } else if let Some(ta) = TierAccount::parse(value, self.tiers) {
                    set(self.starts[ta.tier] + ta.index as usize);
                }
            }
            attribute => {
                if let Some(b) = self.book
                    && let Some(k) = b.attributes.iter().position(|x| x == attribute)
                {
                    for (i, a) in b.accounts.iter().enumerate() {
                        if a.attributes[k] == value {
                            set(b0 + i);
                        }
                    }
                }
            }
        }
        count
    }

    /// The values a key can take, for "did you mean" hints.
    fn values(&self, key: &str) -> Vec<String> {
        let mut v = BTreeSet::new();
        match key {
            "tier" => {
                v.extend(self.tiers.iter().map(|t| t.name.clone()));
                if let Some(b) = self.book {
                    v.extend(b.tiers.iter().cloned());
                }
            }
            "account" => {
                if let Some(b) = self.book {
                    v.extend(b.accounts.iter().map(|a| a.name.clone()));
                }
            }
            attribute => {
                if let Some(b) = self.book
                    && let Some(k) = b.attributes.iter().position(|x| x == attribute)
                {
                    v.extend(b.accounts.iter().map(|a| a.attributes[k].clone()));
                }
            }
        }
        v.into_iter().collect()
    }
}

/// The overrides of the split whose key paths start with `prefix`.
pub(super) fn resolve(
    cx: &mut Ctx<'_>,
    prefix: &str,
    list: &[Sp<FileOverride>],
    motions: &[String],
    products: &[String],
    accounts: &Accounts<'_>,
) -> Vec<Override> {
    let mut out = Vec::new();
    for (i, o) in list.iter().enumerate() {
        let of = o.get_ref();
        let path = format!("{prefix}.overrides[{i}]");
        let key_path = format!("overrides[{i}]");
        let (conditions, matches) = resolve_where(cx, &path, o, accounts);
        let assign = rule_table(
            cx,
            of.assign.as_ref(),
            motions,
            "motion",
            &format!("{path}.assign"),
            &format!("{key_path}.assign"),
        );
        let assign_products = rule_table(
            cx,
            of.assign_products.as_ref(),
            products,
            "product",
            &format!("{path}.assign_products"),
            &format!("{key_path}.assign_products"),
        );
        if of.assign.is_none() && of.assign_products.is_none() {
            cx.warn(
                &path,
                Some(o.span()),
                "this override has no `assign` or `assign_products`, so it changes nothing",
                "give it a rule, e.g. assign = { maintenance = \"outside\" }, or remove it",
            );
        }
        out.push(Override {
            conditions,
            matches,
            assign,
            assign_products,
        });
    }
    out
}

/// `where`: its conditions as written, and per account whether all hold.
fn resolve_where(
    cx: &mut Ctx<'_>,
    path: &str,
    o: &Sp<FileOverride>,
    accounts: &Accounts<'_>,
) -> (Vec<(String, Vec<String>)>, Vec<bool>) {
    let mut matches = vec![true; accounts.n];
    let mut conditions = Vec::new();
    let example = "where = { tier = \"Strategic\" }, { account = [\"ACME\", \"Globex\"] } or { region = [\"EMEA\", \"APAC\"] }";
    let w = match &o.get_ref().where_ {
        Some(w) if !w.get_ref().is_empty() => w,
        Some(w) => {
            cx.err(
                &format!("{path}.where"),
                Some(w.span()),
                "`where` is empty, so it would match every account",
                format!(
                    "name the accounts: {example}; for every account, use the split's own rules"
                ),
            );
            return (conditions, vec![false; accounts.n]);
        }
        None => {
            cx.err(
                &format!("{path}.where"),
                Some(o.span()),
                "is required and missing",
                format!("say which accounts the override is for: {example}"),
            );
            return (conditions, vec![false; accounts.n]);
        }
    };
    let keys = accounts.keys();
    let mut every_value_matched = true;
    for (key, spec) in w.get_ref() {
        let kpath = format!("{path}.where.{}", seg(key));
        let span = Some(spec.span());
        if !keys.contains(&key.as_str()) {
            let hint = nearest(key, keys.iter().copied())
                .map(|n| format!("did you mean `{n}`? "))
                .unwrap_or_default();
            let attributes = if keys.len() > 2 {
                format!("the book's attribute columns: {}", keys[2..].join(", "))
            } else {
                "there are no attribute columns (no account book, or a book with none)".into()
            };
            cx.err(
                &kpath,
                span,
                format!("`{key}` is not an attribute of the accounts"),
                format!("{hint}`where` takes `account`, `tier` or an attribute column of the book; {attributes}"),
            );
            matches.iter_mut().for_each(|m| *m = false);
            continue;
        }
        let WhereSpec(values) = spec.get_ref();
        let mut any = vec![false; accounts.n];
        let mut texts = Vec::new();
        for v in values {
            match v {
                Ok(v) => {
                    if accounts.mark(key, v, &mut any) == 0 {
                        every_value_matched = false;
                        let known = accounts.values(key);
                        let hint = nearest(v, known.iter().map(String::as_str))
                            .map(|n| format!("did you mean {n:?}? "))
                            .unwrap_or_default();
                        cx.warn(
                            &kpath,
                            span.clone(),
                            format!("{v:?} matches no account's `{key}`"),
                            format!("{hint}values match exactly (case-sensitive); check the spelling against the book"),
                        );
                    }
                    texts.push(v.clone());
                }
                Err(what) => cx.err(
                    &kpath,
                    span.clone(),
                    format!("`where` values are text, not {what}"),
                    "write the value in double quotes, e.g. region = \"EMEA\" or account = [\"1001\", \"1002\"]",
                ),
            }
        }
        if values.is_empty() {
            cx.err(
                &kpath,
                span.clone(),
                "an empty list matches no account",
                "list at least one value",
            );
        }
        for (m, a) in matches.iter_mut().zip(&any) {
            *m &= *a;
        }
        conditions.push((key.clone(), texts));
    }
    if every_value_matched && w.get_ref().len() > 1 && !matches.contains(&true) {
        cx.warn(
            &format!("{path}.where"),
            Some(w.span()),
            "no account matches every condition of `where` at once, so the override changes nothing",
            "check the conditions: several keys must all match (e.g. `tier` and `region` of the same account)",
        );
    }
    (conditions, matches)
}
