//! What `validate` says: a valid scenario in one line (its size and what is
//! uncertain), or every problem with the warnings after the errors.

use crate::scenario::{Loaded, Problems, Role, Sampling, Scenario, Staff};
use crate::sim::design::block_size;
use crate::sim::{Layout, management_counts};

/// The report on a valid scenario read as `label`: its warnings, then one
/// line on its size, its sampling and its rank correlations.
pub fn valid(label: &str, l: &Loaded) -> String {
    let s = &l.scenario;
    let layout = Layout::new(s);
    let mut text = String::new();
    for w in &l.warnings {
        text.push_str(&format!("{w}\n"));
    }
    text.push_str(&format!(
        "{label}: valid. {} splits, {} accounts, {} account-product cells, {} uncertain inputs, {} trials of {} months.\n",
        s.splits.len(),
        s.accounts(),
        layout.cells.len(),
        s.uncertain_params().count(),
        s.trials,
        s.horizon_months
    ));
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
