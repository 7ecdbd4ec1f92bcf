//! An account book's rows -> its accounts and cells (docs/scenario.md, "The
//! account book"): the header names the columns (`account`, `tier`, one
//! column per product, attributes), every later row with data is an
//! account. Every problem is collected with its row, column and value.

use super::number::{self, Spend};
use super::source::Value;
use super::{BookAccount, BookCell, BookData};
use crate::scenario::MAX_NAME_CHARS;
use crate::scenario::problems::{Place, Problem, Severity, column_letters};
use std::collections::HashMap;

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Col {
    Account,
    Tier,
    Product(u32),
    Attribute(u32),
    /// No header: every cell must be empty.
    Unnamed,
    /// A header seen before (reported once, at the header).
    Repeated,
}

/// The tier of accounts whose `tier` cell is empty, or of every account of
/// a book without a `tier` column.
pub const DEFAULT_TIER: &str = "Book";

/// Builds a book from its rows, one call of [`Table::row`] per row.
pub(super) struct Table<'p> {
    file: String,
    products: &'p [String],
    /// Whether the file is a comma-separated CSV (for the hint about
    /// unquoted thousands separators).
    comma_csv: bool,
    problems: Vec<(usize, usize, Problem)>,
    header_row: Option<usize>,
    cols: Vec<Col>,
    headers: Vec<String>,
    /// Product columns in product order: (product, column index).
    product_cols: Vec<(u32, usize)>,
    attributes: Vec<String>,
    tiers: Vec<String>,
    tier_index: HashMap<String, u32>,
    names: Vec<String>,
    rows: Vec<usize>,
    account_tier: Vec<u32>,
    account_attributes: Vec<Vec<String>>,
    account_cells: Vec<(u32, u32)>,
    cells: Vec<BookCell>,
    /// Per product column: whether any account has a cell there.
    used: Vec<bool>,
}

impl<'p> Table<'p> {
    pub(super) fn new(file: &str, products: &'p [String], comma_csv: bool) -> Table<'p> {
        Table {
            file: file.to_string(),
            products,
            comma_csv,
            problems: Vec::new(),
            header_row: None,
            cols: Vec::new(),
            headers: Vec::new(),
            product_cols: Vec::new(),
            attributes: Vec::new(),
            tiers: Vec::new(),
            tier_index: HashMap::new(),
            names: Vec::new(),
            rows: Vec::new(),
            account_tier: Vec::new(),
            account_attributes: Vec::new(),
            account_cells: Vec::new(),
            cells: Vec::new(),
            used: Vec::new(),
        }
    }

    fn problem(
        &mut self,
        severity: Severity,
        row: usize,
        column: Option<usize>,
        value: String,
        message: String,
        fix: String,
    ) {
        let header = column
            .and_then(|c| self.headers.get(c - 1))
            .filter(|h| !h.is_empty())
            .cloned();
        self.problems.push((
            row,
            column.unwrap_or(0),
            Problem {
                severity,
                path: "book.file".into(),
                line: None,
                message,
                fix,
                place: Some(Place {
                    file: self.file.clone(),
                    row,
                    column,
                    header,
                    value: shown(value),
                }),
            },
        ));
    }

    /// One row: the first with data is the header, every later one an account.
    pub(super) fn row(&mut self, row: usize, cells: &[Value<'_>]) {
        if cells.iter().all(|c| *c == Value::Empty) {
            return;
        }
        match self.header_row {
            None => self.header(row, cells),
            Some(_) => self.account(row, cells),
        }
    }

    fn header(&mut self, row: usize, cells: &[Value<'_>]) {
        self.header_row = Some(row);
        self.headers = cells.iter().map(Value::text).collect();
        let mut first: HashMap<String, usize> = HashMap::new();
        for (j, h) in self.headers.clone().iter().enumerate() {
            let col = j + 1;
            if h.is_empty() {
                self.cols.push(Col::Unnamed);
                continue;
            }
            // `account` and `tier` in any case (CRM exports capitalise
            // them); products by their exact name.
            let key = if is_reserved(h) {
                h.to_ascii_lowercase()
            } else {
                h.clone()
            };
            if let Some(&other) = first.get(&key) {
                self.problem(
                    Severity::Error,
                    row,
                    Some(col),
                    h.clone(),
                    format!(
                        "a second column with this header (also column {}): which one to read would be a guess",
                        column_letters(other)
                    ),
                    "rename one of the two columns, or delete one".into(),
                );
                self.cols.push(Col::Repeated);
                continue;
            }
            first.insert(key.clone(), col);
            let c = match key.as_str() {
                "account" => Col::Account,
                "tier" => Col::Tier,
                _ => match self.products.iter().position(|p| p == h) {
                    Some(k) => {
                        self.product_cols.push((k as u32, j));
                        Col::Product(k as u32)
                    }
                    None => {
                        if let Some(p) = self.products.iter().find(|p| within_a_typo(h, p)) {
                            let why = if p.eq_ignore_ascii_case(h) {
                                " (product names are case-sensitive)"
                            } else {
                                ""
                            };
                            self.problem(
                                Severity::Warning,
                                row,
                                Some(col),
                                h.clone(),
                                format!(
                                    "not a product name{why}; did you mean {p:?}? The column is read as an account attribute, so its numbers are not spends"
                                ),
                                format!("rename the header to {p:?} to read the column as that product's spends"),
                            );
                        }
                        self.attributes.push(h.clone());
                        Col::Attribute(self.attributes.len() as u32 - 1)
                    }
                },
            };
            self.cols.push(c);
        }
        self.product_cols.sort_unstable();
        self.used = vec![false; self.cols.len()];
        if !self.cols.contains(&Col::Account) {
            let heads: Vec<String> = self
                .headers
                .iter()
                .filter(|h| !h.is_empty())
                .cloned()
                .collect();
            self.problem(
                Severity::Error,
                row,
                None,
                "(header)".into(),
                format!(
                    "no `account` column (the headers are: {})",
                    heads.join(", ")
                ),
                "name the column that holds the account names `account`".into(),
            );
        }
    }

    fn account(&mut self, row: usize, cells: &[Value<'_>]) {
        let width = self.cols.len();
        for (j, v) in cells.iter().enumerate() {
            if *v == Value::Empty {
                continue;
            }
            if j >= width {
                let hint = if self.comma_csv && number::parse_number(&v.text()).is_some() {
                    "; if it is part of a number written with `,` thousands separators, quote the number \
                     (\"$1,250,000\") or remove the separators"
                } else {
                    ""
                };
                self.problem(
                    Severity::Error,
                    row,
                    Some(j + 1),
                    v.text(),
                    format!("a cell beyond the header's {width} columns"),
                    format!("give the column a header (it becomes an account attribute) or delete the cell{hint}"),
                );
            } else if self.cols[j] == Col::Unnamed {
                self.problem(
                    Severity::Error,
                    row,
                    Some(j + 1),
                    v.text(),
                    "a cell in a column without a usable header".into(),
                    "give the column a header of its own (it becomes an account attribute) or delete the cell".into(),
                );
            }
        }
        let cell = |j: usize| cells.get(j).cloned().unwrap_or(Value::Empty);
        let mut name = None;
        let mut tier = DEFAULT_TIER.to_string();
        let mut attributes = vec![String::new(); self.attributes.len()];
        for j in 0..width {
            let c = self.cols[j];
            let v = cell(j);
            match c {
                Col::Account => match v {
                    Value::Empty => self.problem(
                        Severity::Error,
                        row,
                        Some(j + 1),
                        "(empty)".into(),
                        "this row has data but no account name".into(),
                        "fill in the account's name, or delete the row".into(),
                    ),
                    v => name = self.name(row, j, v.text()),
                },
                Col::Tier => {
                    if v != Value::Empty
                        && let Some(t) = self.name(row, j, v.text())
                    {
                        tier = t;
                    }
                }
                Col::Attribute(a) => attributes[a as usize] = v.text(),
                Col::Product(_) | Col::Unnamed | Col::Repeated => {}
            }
        }
        let start = self.cells.len() as u32;
        for k in 0..self.product_cols.len() {
            let (p, j) = self.product_cols[k];
            let read = match cell(j) {
                Value::Empty => continue,
                Value::Text(t) => number::read_text(t),
                Value::Number(x) => number::read_number(x),
                Value::Other(t) => Err(number::Refusal {
                    message: format!("not a number: the cell holds {t}"),
                    fix:
                        "write the annual spend as a number, `whitespace` for a cross-sell target, \
                          or leave the cell empty"
                            .into(),
                }),
            };
            self.used[j] = true;
            match read {
                Ok(Spend::Owned(x)) => self.cells.push(BookCell {
                    product: p,
                    owned: true,
                    spend: x,
                }),
                Ok(Spend::Whitespace) => self.cells.push(BookCell {
                    product: p,
                    owned: false,
                    spend: 0.0,
                }),
                Err(r) => self.problem(
                    Severity::Error,
                    row,
                    Some(j + 1),
                    cell(j).text(),
                    r.message,
                    r.fix,
                ),
            }
        }
        let end = self.cells.len() as u32;
        let Some(name) = name else {
            self.cells.truncate(start as usize);
            return;
        };
        let tier = match self.tier_index.get(&tier) {
            Some(&t) => t,
            None => {
                self.tiers.push(tier.clone());
                self.tier_index.insert(tier, self.tiers.len() as u32 - 1);
                self.tiers.len() as u32 - 1
            }
        };
        self.names.push(name);
        self.rows.push(row);
        self.account_tier.push(tier);
        self.account_attributes.push(attributes);
        self.account_cells.push((start, end));
    }

    /// An account's or a tier's name, if it is plain text of at most
    /// [`MAX_NAME_CHARS`] characters (names key draws and label outputs,
    /// as the scenario's own names do).
    fn name(&mut self, row: usize, j: usize, text: String) -> Option<String> {
        let problem = if text.chars().any(char::is_control) {
            Some(
                "the name contains a control character (a tab, a line break inside quotes, an escape code)",
            )
        } else if text.chars().count() > MAX_NAME_CHARS {
            Some("the name is longer than 200 characters")
        } else {
            None
        };
        match problem {
            None => Some(text),
            Some(message) => {
                self.problem(
                    Severity::Error,
                    row,
                    Some(j + 1),
                    text,
                    message.into(),
                    "write the name as plain text on one line, of at most 200 characters".into(),
                );
                None
            }
        }
    }

    /// The book (accounts in name order) and its warnings, or every problem.
    pub(super) fn finish(mut self) -> Result<(BookData, Vec<Problem>), Vec<Problem>> {
        let n = self.names.len();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| self.names[a].cmp(&self.names[b]).then(a.cmp(&b)));
        if let Some(account_col) = self.cols.iter().position(|c| *c == Col::Account) {
            for w in order.windows(2) {
                let (a, b) = (w[0], w[1]);
                if self.names[a] == self.names[b] {
                    let (first, again) = (
                        self.rows[a].min(self.rows[b]),
                        self.rows[a].max(self.rows[b]),
                    );
                    let name = self.names[a].clone();
                    self.problem(
                        Severity::Error,
                        again,
                        Some(account_col + 1),
                        name,
                        format!("the same account name as row {first}: account names must be unique"),
                        "merge the two rows, or make the names distinct (e.g. add the site or country)".into(),
                    );
                }
            }
        }
        if let Some(row) = self.header_row {
            for (p, j) in self.product_cols.clone() {
                if !self.used[j] && n > 0 {
                    self.problem(
                        Severity::Warning,
                        row,
                        Some(j + 1),
                        "(every cell empty)".into(),
                        format!(
                            "the column of product {:?} is empty for every account, so no account owns or cross-sells it",
                            self.products[p as usize]
                        ),
                        "check the export (a failed formula or a wrong column?), or delete the column".into(),
                    );
                }
            }
        } else {
            self.problem(
                Severity::Error,
                1,
                None,
                "(empty file)".into(),
                "the book has no header row and no accounts".into(),
                "export the accounts with a header row: account, tier, one column per product"
                    .into(),
            );
        }
        self.problems.sort_by_key(|(row, col, _)| (*row, *col));
        let problems: Vec<Problem> = self.problems.into_iter().map(|(_, _, p)| p).collect();
        if problems.iter().any(|p| p.severity == Severity::Error) {
            return Err(problems);
        }
        let mut accounts = Vec::with_capacity(n);
        let mut cells = Vec::with_capacity(self.cells.len());
        let mut attributes = std::mem::take(&mut self.account_attributes);
        for &a in &order {
            let (s, e) = self.account_cells[a];
            let start = cells.len() as u32;
            cells.extend_from_slice(&self.cells[s as usize..e as usize]);
            accounts.push(BookAccount {
                name: std::mem::take(&mut self.names[a]),
                row: self.rows[a],
                tier: self.account_tier[a],
                attributes: std::mem::take(&mut attributes[a]),
                cells: start..cells.len() as u32,
            });
        }
        Ok((
            BookData {
                tiers: self.tiers,
                attributes: self.attributes,
                account_column: self
                    .cols
                    .iter()
                    .position(|c| *c == Col::Account)
                    .map(|j| j + 1),
                tier_column: self
                    .cols
                    .iter()
                    .position(|c| *c == Col::Tier)
                    .map(|j| j + 1),
                accounts,
                cells,
                ..BookData::default()
            },
            problems,
        ))
    }
}

/// Whether a header names the `account` or the `tier` column (in any case).
pub(super) fn is_reserved(header: &str) -> bool {
    header.eq_ignore_ascii_case("account") || header.eq_ignore_ascii_case("tier")
}

/// A cell's text as a message shows it: at most 80 characters.
fn shown(value: String) -> String {
    match value.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &value[..i]),
        None => value,
    }
}

/// Reading 19: equal ignoring case, or one insertion, deletion, substitution
/// or adjacent transposition apart (ignoring case).
pub(super) fn within_a_typo(a: &str, b: &str) -> bool {
    strsim::osa_distance(&a.to_lowercase(), &b.to_lowercase()) <= 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_is_one_edit_ignoring_case() {
        assert!(within_a_typo("Consumable", "Consumables"));
        assert!(within_a_typo("spare parts", "Spare parts"));
        assert!(within_a_typo("Software saets", "Software seats"));
        assert!(within_a_typo("Spare pArts", "Spare parts"));
        assert!(!within_a_typo("Spares", "Spare parts"));
        assert!(!within_a_typo("Warranty", "Extended warranty"));
        assert!(!within_a_typo("Consumabels", "Consumable"));
    }
}
