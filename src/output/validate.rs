//! What `validate` says: a valid scenario in one line (its size and what is
//! uncertain), or every problem with the warnings after the errors.

use crate::core::dist::Dist;
use crate::scenario::{Book, Loaded, Problems, Role, Sampling, Scenario, Staff};
use crate::sim::design::block_size;
use crate::sim::management_counts;

/// The report on a valid scenario read as `label`: its warnings, then one
/// line on its size, its sampling and its rank correlations.
pub fn valid(label: &str, l: &Loaded) -> String {
    let s = &l.scenario;
    let mut text = String::new();
    for w in &l.warnings {
        text.push_str(&format!("{w}\n"));
    }
    let n = s.uncertain_params().count();
    let mut inputs = format!("{n} uncertain input{}", if n == 1 { "" } else { "s" });
    // The book's spend multiplier is drawn per account and product, not once
    // per trial: it is no input of its own, but it is uncertain.
    if s.book
        .as_ref()
        .is_some_and(|b| !matches!(b.spend_uncertainty, Dist::Const(_)))
    {
        inputs.push_str(" and the book's spend uncertainty");
    }
    text.push_str(&format!(
        "{label}: valid. {} splits, {} accounts, {} account-product cells, {inputs}, {} trials of {} months.\n",
        s.splits.len(),
        s.accounts(),
        s.cells(),
        s.trials,
        s.horizon_months
    ));
    if let Some(b) = &s.book {
        text.push_str(&book_counts(b));
    }
    if s.sampling != Sampling::Random {
        text.push_str(&format!(
            "Sampling: {} (blocks of {} trials).\n",
            s.sampling.name(),
            block_size(s)
        ));
    }
    for c in &s.correlations {
        text.push_str(&format!(
            "Rank correlation {} ~ {}: {}\n",
            s.params[c.a].path, s.params[c.b].path, c.rank
        ));
    }
    text.push_str(&build_up(s));
    text
}

/// What was read from an account book: accounts and cells (owned and
/// whitespace), in all and per tier of the book.
pub fn book_counts(b: &Book) -> String {
    let d = &b.data;
    let counts = d.tier_counts();
    let (owned, whitespace) = counts.iter().fold((0, 0), |(o, w), t| (o + t.1, w + t.2));
    let mut text = format!(
        "Account book {}: {} accounts, {owned} owned and {whitespace} whitespace cells.\n",
        b.file,
        d.accounts.len()
    );
    for (name, (accounts, owned, whitespace)) in d.tiers.iter().zip(counts) {
        text.push_str(&format!(
            "  tier {name}: {accounts} accounts, {owned} owned and {whitespace} whitespace cells\n"
        ));
    }
    text
}

/// The team each split starts with in the median world (every input at its
/// median): the workload build-up's FTE and the headcount of the split's
/// staffing rule, per role, and the managers above them.
pub fn build_up(s: &Scenario) -> String {
    use comfy_table::{CellAlignment, Table, presets::NOTHING};
    let mut t = Table::new();
    t.load_style(NOTHING);
    t.set_header([
        "Split",
        "Field FTE",
        "Field reps",
        "Inside FTE",
        "Inside reps",
        "Managers",
    ]);
    let mut managers = Vec::new();
    for (split, typ) in s.splits.iter().zip(crate::sim::typical(s)) {
        management_counts(
            s,
            typ.headcount.outside + typ.headcount.inside,
            &mut managers,
        );
        let rule = |r: Role| match split.staffing[r] {
            Staff::Sized => String::new(),
            Staff::Fixed(_) => " (fixed)".to_string(),
            Staff::Current => " (current)".to_string(),
        };
        t.add_row([
            split.name.clone(),
            format!("{:.1}", typ.fte.outside),
            format!("{}{}", typ.headcount.outside, rule(Role::Outside)),
            format!("{:.1}", typ.fte.inside),
            format!("{}{}", typ.headcount.inside, rule(Role::Inside)),
            managers.iter().sum::<u32>().to_string(),
        ]);
    }
    for c in 1..6 {
        if let Some(col) = t.column_mut(c) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    format!(
        "Workload build-up at the median world (every input at its median; FTE = workload / productive hours per rep):\n{t}\n"
    )
}

/// The report on an invalid scenario: every error, then its warnings.
pub fn invalid(p: &Problems) -> String {
    let mut text = p.to_string();
    let w: Vec<String> = p.warnings().map(|w| w.to_string()).collect();
    if !w.is_empty() {
        text.push_str(&format!(
            "and {} warning{}:\n{}\n",
            w.len(),
            if w.len() == 1 { "" } else { "s" },
            w.join("\n")
        ));
    }
    text.trim_end().to_string()
}
