//! `init`: a commented starter scenario in the tutorial's shape, every
//! assumption marked "check this", written to a new file (never over an
//! existing one); or, with `--from-book`, one whose accounts are an account
//! book's (docs/scenario.md, "The account book") and whose products are its
//! product columns.
//!
//! Both come from one template, `starter.toml`: the plain starter is the
//! template as it stands; a starter from a book replaces three of its
//! regions (lines between `#{region` and `#}region`): `about` (what was
//! read), `complex` (the complex motion, dropped when no product uses it),
//! `portfolio` (products, accounts and splits), `more_splits`, and
//! `rounded_up` (a note on teams rounded up from well under one rep's
//! work, above the splits).

use crate::core::format::{one_line, thousands};
use crate::error::{Error, Result};
use crate::scenario::book::{self, BookData, BookKey, Columns, OpenError};
use crate::scenario::{Origin, Problem, Problems, Severity};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The starter scenario's text, with its placeholders and regions.
const STARTER: &str = include_str!("starter.toml");

/// The file `init` writes for `name`: `name` itself when it ends in
/// `.toml`, else `name.toml`; `scenario.toml` without a name.
pub fn file_for(name: Option<&str>) -> PathBuf {
    match name {
        None => PathBuf::from("scenario.toml"),
        Some(n) if n.ends_with(".toml") => PathBuf::from(n),
        Some(n) => PathBuf::from(format!("{n}.toml")),
    }
}

/// The starter scenario for `file`: its `name` is the file's stem.
pub fn starter(file: &Path) -> String {
    fill(file, true, &[])
}

/// A TOML string holding `s`, as the toml crate writes one (quotes,
/// backslashes and control characters escaped).
fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// `s` quoted for a comment: on one line, whatever it holds.
fn quoted(s: &str) -> String {
    toml_str(&one_line(s))
}

/// A split's `assign`: the maintenance motion by its `rule`, the complex
/// motion (when a product sells so) always with the field.
fn assign(rule: &str, complex: bool) -> String {
    let complex = if complex {
        format!(", {COMPLEX} = \"outside\"")
    } else {
        String::new()
    };
    format!("{{ {MAINTENANCE} = {rule}{complex} }}")
}

/// The template for `file` with `regions` replaced: each `(region, text)`
/// puts `text` in place of the template's lines of that region; the other
/// regions keep theirs. Without `complex`, the complex motion goes and the
/// splits assign the maintenance motion only. Placeholders are filled in
/// the template's own lines only, never in a replacement (a product named
/// `{NAME}` stays so).
fn fill(file: &Path, complex: bool, regions: &[(&str, &str)]) -> String {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().replace(['_', '-'], " "))
        .unwrap_or_else(|| "scenario".into());
    let shown = one_line(&file.display().to_string()).into_owned();
    let (all_field, maintenance_inside) = (
        assign("\"outside\"", complex),
        assign("\"inside\"", complex),
    );
    let mut out = String::with_capacity(STARTER.len() + 4096);
    let mut skipping: Option<&str> = None;
    for line in STARTER.lines() {
        if let Some(region) = line.strip_prefix("#{") {
            let text = match region {
                // An unused motion would be warned about.
                "complex" if !complex => Some(""),
                _ => regions.iter().find(|(r, _)| *r == region).map(|r| r.1),
            };
            if let Some(text) = text {
                out.push_str(text);
                skipping = Some(region);
            }
            continue;
        }
        if let Some(region) = line.strip_prefix("#}") {
            if skipping == Some(region) {
                skipping = None;
            }
            continue;
        }
        if skipping.is_none() {
            let line = line
                .replace("{NAME_VALUE}", &toml_str(&stem))
                .replace("{NAME}", &one_line(&stem))
                .replace("{FILE}", &shown)
                .replace("{ALL_FIELD}", &all_field)
                .replace("{MAINTENANCE_INSIDE}", &maintenance_inside);
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// The motion guessed for a product of a book; see [`Portfolio::of`].
const MAINTENANCE: &str = "maintenance";
const COMPLEX: &str = "complex";

/// What a book holds, product by product and tier by tier.
struct Portfolio {
    /// Per product (in the book's column order): owners, cross-sell
    /// targets, total spend and the median spend of its owners.
    products: Vec<ProductStats>,
    /// Per tier of the book: its total spend.
    tier_spend: Vec<f64>,
    /// The product guessed to sell as the complex motion, if any.
    complex: Option<usize>,
}

struct ProductStats {
    owners: usize,
    targets: usize,
    spend: f64,
    median: Option<f64>,
}

impl Portfolio {
    /// The book's figures. The product with the largest spend per owning
    /// account is guessed to be the complex sale (the tutorial's platform),
    /// when at least two products have owners; the others are maintenance.
    fn of(data: &BookData) -> Portfolio {
        let mut spends: Vec<Vec<f64>> = vec![Vec::new(); data.products.len()];
        let mut targets = vec![0; data.products.len()];
        let mut tier_spend = vec![0.0; data.tiers.len()];
        for a in &data.accounts {
            for c in data.cells_of(a) {
                if c.owned {
                    spends[c.product as usize].push(c.spend);
                    tier_spend[a.tier as usize] += c.spend;
                } else {
                    targets[c.product as usize] += 1;
                }
            }
        }
        let products: Vec<ProductStats> = spends
            .into_iter()
            .zip(targets)
            .map(|(mut s, targets)| {
                s.sort_by(f64::total_cmp);
                let median = (!s.is_empty()).then(|| {
                    let n = s.len();
                    if n % 2 == 1 {
                        s[n / 2]
                    } else {
                        (s[n / 2 - 1] + s[n / 2]) / 2.0
                    }
                });
                ProductStats {
                    owners: s.len(),
                    targets,
                    spend: s.iter().sum(),
                    median,
                }
            })
            .collect();
        let owned: Vec<usize> = (0..products.len())
            .filter(|&p| products[p].owners > 0)
            .collect();
        let per_owner = |p: usize| products[p].spend / products[p].owners as f64;
        // The first of equals wins: `max_by` keeps the last, so compare reversed indices.
        let complex = (owned.len() >= 2)
            .then(|| {
                owned
                    .iter()
                    .copied()
                    .max_by(|&a, &b| per_owner(a).total_cmp(&per_owner(b)).then(b.cmp(&a)))
            })
            .flatten();
        Portfolio {
            products,
            tier_spend,
            complex,
        }
    }

    fn motion(&self, p: usize) -> &'static str {
        if self.complex == Some(p) {
            COMPLEX
        } else {
            MAINTENANCE
        }
    }

    /// The tier with the largest total spend (the first of equals), when
    /// the book has a `tier` column naming at least two tiers.
    fn largest_tier(&self, data: &BookData) -> Option<usize> {
        if data.tier_column.is_none() || data.tiers.len() < 2 {
            return None;
        }
        (0..self.tier_spend.len())
            .rev()
            .max_by(|&a, &b| self.tier_spend[a].total_cmp(&self.tier_spend[b]))
    }
}

/// What `init --from-book` wrote into the scenario, for the command line
/// and the tests.
#[derive(Clone, Debug)]
pub struct FromBook {
    /// The scenario's text.
    pub text: String,
    /// The book's accounts.
    pub accounts: usize,
    /// The book's product columns, in the file's order.
    pub products: Vec<String>,
    /// The tier kept in the field by the last split, if the book has tiers.
    pub field_tier: Option<String>,
    /// The book as the scenario names it (relative to its folder).
    pub book_file: String,
    /// The warnings of the scenario as written (the book's among them).
    pub warnings: Vec<Problem>,
}

/// The starter scenario for `file` built from the account book `book` (a
/// path from the working folder) and its `sheet`: the book is read by the
/// scenario's own reader, its product columns become `[[products]]`, and
/// the text is validated as `keysplit validate` would before it is
/// returned. A book with problems is refused with every one of them.
pub fn from_book(file: &Path, book: &Path, sheet: Option<&str>) -> Result<FromBook> {
    refuse_existing(file)?;
    let given = book.to_str().ok_or_else(|| {
        Error::Usage(format!(
            "the account book's path {} is not UTF-8 text; rename the file or its folder",
            book.display()
        ))
    })?;
    let data = match book::open(
        Path::new(""),
        "the working folder",
        given,
        sheet,
        Columns::Guess,
    ) {
        Ok(d) => d,
        Err(e) => return Err(refused(given, e)),
    };
    if data.products.is_empty() {
        let others: Vec<String> = data.attributes.iter().map(|a| quoted(a)).collect();
        return Err(Error::Usage(format!(
            "{given} has no product column: no column besides `account` and `tier` holds numbers or `whitespace` (its other columns: {})\n  fix: add one column per product, headed by the product's name, each cell the account's annual spend on it (`whitespace`: a cross-sell target; empty: not bought)",
            if others.is_empty() {
                "none".into()
            } else {
                others.join(", ")
            }
        )));
    }
    let dir = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let relative = relative_to(book, &dir)?;
    let p = Portfolio::of(&data);
    let field_tier = p.largest_tier(&data);
    let about = about(&data, &p, given, sheet);
    let portfolio = portfolio(&data, &p, &relative, sheet);
    let more_splits = more_splits(&data, &p, field_tier);
    let text = fill(
        file,
        p.complex.is_some(),
        &[
            ("about", &about),
            ("portfolio", &portfolio),
            ("more_splits", &more_splits),
        ],
    );
    // The written scenario must pass `validate`: load it as `validate` will,
    // from the new file's folder, with the book already read.
    let origin = Origin {
        book: Some(Arc::new(BookData {
            path: dir.join(&relative),
            ..data.clone()
        })),
        dir,
    };
    let label = file.display().to_string();
    let loaded =
        crate::sim::load_in(&text, &label, &origin).map_err(|problems| Error::InvalidScenario {
            problems,
            at: Some(format!(
                "the scenario built from {given} (nothing was written)"
            )),
        })?;
    // Teams rounded up from well under one rep's work: said in the
    // scenario too, beside its splits (the warnings say it on the terminal).
    let typical = crate::sim::staffing::typical(&loaded.scenario);
    let mut note = String::new();
    let mut warnings = loaded.warnings;
    for (split, t) in loaded.scenario.splits.iter().zip(&typical) {
        for r in crate::core::role::Role::ALL {
            if let Some(p) = crate::scenario::checks::rounded_up(split, r, t) {
                comment(
                    &mut note,
                    &format!(
                        "check this: {:?}: {}. Fix: {}.",
                        split.name, p.message, p.fix
                    ),
                );
                warnings.push(p);
            }
        }
    }
    let text = if note.is_empty() {
        text
    } else {
        fill(
            file,
            p.complex.is_some(),
            &[
                ("about", &about),
                ("portfolio", &portfolio),
                ("more_splits", &more_splits),
                ("rounded_up", &note),
            ],
        )
    };
    Ok(FromBook {
        text,
        accounts: data.accounts.len(),
        products: data.products.clone(),
        field_tier: field_tier.map(|t| data.tiers[t].clone()),
        book_file: relative,
        warnings,
    })
}

/// A book that cannot be read, as the invalid input it is: every problem
/// of the file at its row and column, or the one problem with the file as a
/// whole, named by the flag that gave it.
fn refused(given: &str, e: OpenError) -> Error {
    let list = match e {
        OpenError::Problems(list) => list,
        OpenError::Key { key, message, fix } => vec![Problem {
            severity: Severity::Error,
            path: match key {
                BookKey::File => "--from-book",
                BookKey::Sheet => "--sheet",
            }
            .into(),
            line: None,
            message,
            fix,
            place: None,
        }],
    };
    Error::invalid(Problems {
        file: given.to_string(),
        list,
    })
}

/// `book`'s path from the folder `dir` (both as given from the working
/// folder), as a scenario in `dir` names it.
fn relative_to(book: &Path, dir: &Path) -> Result<String> {
    let folder = dir.canonicalize().map_err(|e| {
        Error::Usage(format!(
            "cannot write the scenario into the folder {}: {e}; create the folder first",
            dir.display()
        ))
    })?;
    let book = book.canonicalize().map_err(|e| {
        Error::Usage(format!(
            "cannot read the account book {}: {e}",
            book.display()
        ))
    })?;
    let rel = pathdiff::diff_paths(&book, &folder).unwrap_or(book);
    rel.to_str()
        .map(str::to_string)
        .ok_or_else(|| Error::Usage(format!("the path {} is not UTF-8 text", rel.display())))
}

/// Comment lines of at most 96 characters holding `words`.
fn comment(out: &mut String, words: &str) {
    let mut line = String::from("#");
    for w in words.split(' ') {
        if line.len() > 1 && line.len() + 1 + w.len() > 96 {
            out.push_str(&line);
            out.push('\n');
            line = String::from("#");
        }
        line.push(' ');
        line.push_str(w);
    }
    out.push_str(&line);
    out.push('\n');
}

/// `n thing(s)`.
fn count(n: usize, thing: &str) -> String {
    format!("{n} {thing}{}", if n == 1 { "" } else { "s" })
}

/// A list of names, quoted, for a comment.
fn names(list: &[String]) -> String {
    list.iter()
        .map(|n| quoted(n))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `about` region: what was read.
fn about(data: &BookData, p: &Portfolio, given: &str, sheet: Option<&str>) -> String {
    let owned: usize = p.products.iter().map(|s| s.owners).sum();
    let targets: usize = p.products.iter().map(|s| s.targets).sum();
    let total: f64 = p.products.iter().map(|s| s.spend).sum();
    let sheet = sheet
        .map(|s| format!(" (sheet {})", quoted(s)))
        .unwrap_or_default();
    let tiers = if data.tier_column.is_some() {
        format!(
            "{} ({})",
            count(data.tiers.len(), "tier"),
            names(&data.tiers)
        )
    } else {
        "no tier column".into()
    };
    let attributes = if data.attributes.is_empty() {
        "no attributes".into()
    } else {
        format!(
            "{} ({})",
            count(data.attributes.len(), "attribute"),
            names(&data.attributes)
        )
    };
    let mut out = String::new();
    comment(
        &mut out,
        &format!(
            "A starter written by `keysplit init --from-book` from the account book {}{sheet}: {}; {} ({}); {tiers}; {attributes}. Total spend ${} a year on {}, and {}.",
            quoted(given),
            count(data.accounts.len(), "account"),
            count(data.products.len(), "product"),
            names(&data.products),
            thousands(total),
            count(owned, "owned product"),
            count(targets, "cross-sell target"),
        ),
    );
    comment(
        &mut out,
        "Products are the columns whose cells are numbers or `whitespace`: a column of numbers that is not a product (a head count, a postcode) is one here too; delete its [[products]] entry and it becomes an account attribute. The roles and motions are the tutorial's (scenarios/tutorial.toml).",
    );
    out.push_str("#\n");
    out
}

/// The `portfolio` region: the book's products, the `[book]` and the splits.
fn portfolio(data: &BookData, p: &Portfolio, relative: &str, sheet: Option<&str>) -> String {
    let mut out = String::new();
    comment(
        &mut out,
        "Products: the book's product columns, in its order. Each names its motion (above), its gross margin and the annual value of a won cross-sell.",
    );
    for (k, name) in data.products.iter().enumerate() {
        let s = &p.products[k];
        let _ = writeln!(out, "[[products]]\nname = {}", toml_str(name));
        let motion = p.motion(k);
        if motion == COMPLEX {
            comment(
                &mut out,
                &format!(
                    "check this: guessed to be a complex sale, as the product with the largest spend per owning account (${} a year).",
                    thousands(s.spend / s.owners as f64)
                ),
            );
        }
        let _ = writeln!(
            out,
            "motion = {}  # check this: \"maintenance\" or \"complex\"",
            toml_str(motion)
        );
        let margin = if motion == COMPLEX { 0.42 } else { 0.55 };
        let _ = writeln!(out, "gross_margin = {margin}  # check this");
        match (s.targets, s.median) {
            (0, _) => {
                let _ = writeln!(
                    out,
                    "cross_sell_size = 0  # no account of the book is a cross-sell target for it"
                );
            }
            (_, Some(m)) => {
                let _ = writeln!(
                    out,
                    "cross_sell_size = {}  # check this: here the median spend of its {}",
                    m.round(),
                    count(s.owners, "owner")
                );
            }
            (_, None) => {
                let _ = writeln!(out, "cross_sell_size = 30000  # check this");
            }
        }
        out.push('\n');
    }
    comment(
        &mut out,
        "Accounts: the book's, one per row (the book is the portfolio: no [[tiers]]). Its path is relative to this file's folder.",
    );
    let _ = writeln!(out, "[book]\nfile = {}", toml_str(relative));
    if let Some(s) = sheet {
        let _ = writeln!(out, "sheet = {}", toml_str(s));
    }
    comment(
        &mut out,
        "check this: the book's spends are last year's; this year's may be 15% lower or higher (P10 / P90), drawn per account and product.",
    );
    out.push_str("spend_uncertainty = { dist = \"lognormal\", p10 = 0.85, p90 = 1.15 }\n");
    out
}

/// The `more_splits` region: whole accounts, and the largest tier kept in
/// the field (after the template's all-field and maintenance-inside splits).
fn more_splits(data: &BookData, p: &Portfolio, field_tier: Option<usize>) -> String {
    let complex = p.complex.is_some();
    let mut out = String::from("\n");
    comment(
        &mut out,
        "Half of the accounts buying maintenance products, those with the smallest total spend, move all their maintenance products inside (cross-sell targets included).",
    );
    let _ = writeln!(
        out,
        "[[splits]]\nname = \"Half of maintenance inside, whole accounts\"\nassign = {}\nrank_by = \"account\"",
        assign("{ inside = 0.5 }", complex)
    );
    match field_tier {
        Some(t) => {
            let total: f64 = p.tier_spend.iter().sum();
            out.push('\n');
            comment(
                &mut out,
                &format!(
                    "The largest tier by total spend, {} (${} of ${} a year), keeps its field reps for everything.",
                    quoted(&data.tiers[t]),
                    thousands(p.tier_spend[t]),
                    thousands(total)
                ),
            );
            let _ = writeln!(
                out,
                "[[splits]]\nname = \"Maintenance inside, largest tier stays field\"\nassign = {}\n[[splits.overrides]]\nwhere = {{ tier = {} }}\nassign = {{ maintenance = \"outside\" }}",
                assign("\"inside\"", complex),
                toml_str(&data.tiers[t])
            );
        }
        None if data.tier_column.is_some() => {
            out.push('\n');
            comment(
                &mut out,
                "The book's `tier` column names one tier only, so no split keeps a tier in the field.",
            );
        }
        None => {}
    }
    out
}

/// Writes `text` to `path` as a new file: refused when `path` exists, and
/// never left half-written (a temporary sibling is linked into place).
pub fn write_new(path: &Path, text: &str) -> Result<()> {
    refuse_existing(path)?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        name.unwrap_or_default(),
        std::process::id()
    ));
    std::fs::write(&tmp, text).map_err(Error::io("cannot write", &tmp))?;
    // A hard link fails if the name was taken meanwhile, so nothing is
    // ever overwritten.
    let linked = std::fs::hard_link(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    linked.map_err(Error::io("cannot write", path))
}

/// `init` never writes over a file.
fn refuse_existing(path: &Path) -> Result<()> {
    if path.exists() {
        return Err(Error::Usage(format!(
            "{} already exists; give another name (keysplit init NAME) or move it away",
            path.display()
        )));
    }
    Ok(())
}
