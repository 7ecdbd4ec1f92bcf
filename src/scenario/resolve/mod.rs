//! Resolution: file types -> a validated [`Scenario`], collecting every
//! problem (with key path, line and fix) instead of stopping at the first.
//! One file per section of the scenario file, resolved in file order so
//! that problems keep their order and every per-trial parameter its index.

mod book;
mod correlations;
mod ctx;
mod management;
mod motions;
mod names;
mod overrides;
mod parse;
mod products;
mod roles;
mod simulation;
mod splits;
mod tiers;
mod transition;
mod values;

use super::checks::TypicalSplit;
use super::file::FileScenario;
use super::problems::{LineIndex, Problem, Problems, Severity, seg};
use super::{Decision, Motion, Scenario};
pub use book::Origin;
use ctx::Ctx;
use parse::parse;
use std::path::{Path, PathBuf};

/// A loaded scenario with the warnings found while validating it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The resolved scenario.
    pub scenario: Scenario,
    /// What is suspicious but not wrong.
    pub warnings: Vec<Problem>,
    /// The file's text, for provenance (hash) and reports.
    pub source: String,
    /// The folder the account book's path is relative to (the scenario
    /// file's folder; the working folder for a scenario given as text).
    pub dir: PathBuf,
}

/// The model's view of a resolved scenario's typical trial, one entry per
/// split, for the checks of [`super::checks`] (the simulation layer
/// provides it: `sim::staffing::typical`).
pub type Typical<'a> = &'a dyn Fn(&Scenario) -> Vec<TypicalSplit>;

/// The largest scenario file read: 10 MiB. A scenario describes its
/// accounts by tiers, so a real one is a few kilobytes; anything larger (a
/// device such as `/dev/zero`, a file picked by mistake) is refused before
/// it is read in full.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

pub use names::MAX_NAME_CHARS;

/// The line and column of the key at `path` (e.g. `["simulation",
/// "trials"]`) in a scenario's text, when it is there.
pub fn key_line(src: &str, path: &[&str]) -> Option<(usize, usize)> {
    let segs: Vec<String> = path.iter().map(|s| s.to_string()).collect();
    let span = parse::key_span(src, &segs)?;
    LineIndex::new(src).of_span(Some(span), src)
}

/// Reads and validates a scenario file; see [`load_str`].
pub fn load(path: &Path, typical: Typical<'_>) -> Result<Loaded, Problems> {
    let label = path.display().to_string();
    let one = |line, message: String, fix: &str| Problems::one(label.clone(), line, message, fix);
    let cannot = |e: std::io::Error| {
        one(
            None,
            format!("cannot read the scenario file: {e}"),
            "check the path, and that the file is UTF-8 text",
        )
    };
    let mut bytes = Vec::new();
    {
        use std::io::Read;
        let file = std::fs::File::open(path).map_err(cannot)?;
        file.take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(cannot)?;
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(one(
            None,
            format!(
                "the file is larger than {} MiB, far more than any scenario (a scenario describes its accounts by tiers)",
                MAX_FILE_BYTES >> 20
            ),
            "check the path: this does not look like a scenario file",
        ));
    }
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
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    load_in(&src, &label, &Origin { dir, book: None }, typical)
}

/// Validates a scenario given as text; `label` names it in messages. The
/// file's own rules are checked first (every problem, with key path, line
/// and fix); a scenario that passes them is then checked on its typical
/// trial, which `typical` computes. An account book's path is relative to
/// the working folder.
pub fn load_str(src: &str, label: &str, typical: Typical<'_>) -> Result<Loaded, Problems> {
    let dir = std::env::current_dir().unwrap_or_default();
    load_in(src, label, &Origin { dir, book: None }, typical)
}

/// Validates `src`, a changed text of the scenario `prior` (a sweep's
/// point): its book's path is relative to the same folder, and the book
/// already read is reused when `[book]` still names the same file. The
/// changed text is the document written out again, so its lines are not
/// the file's: its problems are named by their key paths alone.
pub fn reload(
    prior: &Loaded,
    src: &str,
    label: &str,
    typical: Typical<'_>,
) -> Result<Loaded, Problems> {
    let origin = Origin {
        dir: prior.dir.clone(),
        book: prior.scenario.book.as_ref().map(|b| b.data.clone()),
    };
    load_in(src, label, &origin, typical).map_err(|mut problems| {
        for p in &mut problems.list {
            p.line = None;
        }
        problems
    })
}

/// Validates a scenario's text read from `origin` (see [`load_str`]).
pub fn load_in(
    src: &str,
    label: &str,
    origin: &Origin,
    typical: Typical<'_>,
) -> Result<Loaded, Problems> {
    // A file with nothing in it but blank lines and comments: one problem
    // that says so, not one per missing table.
    let blank = |l: &str| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#')
    };
    if src.trim_start_matches('\u{feff}').lines().all(blank) {
        return Err(Problems::one(
            label,
            None,
            "the file is empty: a scenario needs a name, roles, tiers of accounts, products, motions and splits",
            "start from `keysplit init NAME` (a starter scenario with every assumption marked), or from a copy of scenarios/tutorial.toml",
        ));
    }
    let mut cx = Ctx::new(src);
    let file = match parse(&mut cx) {
        Some(f) => f,
        None => return Err(cx.into_problems(label)),
    };
    let scenario = resolve(&mut cx, &file, origin);
    let mut problems = cx.into_problems(label);
    match scenario {
        Some(mut s) if !problems.has_errors() => {
            let t = typical(&s);
            problems.list.extend(super::checks::check(&s, &t));
            s.decision = super::checks::decision(&s, &t);
            if problems.has_errors() {
                return Err(problems);
            }
            let warnings: Vec<Problem> = problems.list.drain(..).collect();
            Ok(Loaded {
                scenario: s,
                warnings,
                source: src.to_string(),
                dir: origin.dir.clone(),
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
                    place: None,
                });
            }
            Err(problems)
        }
    }
}

fn resolve(cx: &mut Ctx<'_>, f: &FileScenario, origin: &Origin) -> Option<Scenario> {
    let name = match &f.name {
        Some(n) => {
            names::check_text(cx, "name", Some(n.span()), n.get_ref());
            n.get_ref().clone()
        }
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

    let sim = simulation::resolve(cx, f.simulation.as_ref());
    let roles = roles::resolve(cx, f.roles.as_ref());
    let management = management::resolve(cx, f.management.as_deref().unwrap_or(&[]));
    let motions = motions::resolve(cx, f.motions.as_ref());
    let motion_names: Vec<String> = motions.iter().map(|m: &Motion| m.name.clone()).collect();
    let products_file = f.products.as_deref().unwrap_or(&[]);
    let (products, product_names) = products::resolve(cx, products_file, &motion_names);
    let book = book::resolve(cx, f.book.as_ref(), &product_names, origin);
    let tiers = tiers::resolve(
        cx,
        f.tiers.as_deref().unwrap_or(&[]),
        &products,
        &product_names,
        book.as_ref().map(|b| &*b.data),
        f.book.is_some(),
    );
    let (start, transition) = transition::resolve_global(cx, f.transition.as_ref(), sim.horizon);
    if let Some(b) = &book {
        book::check_names(cx, b, &tiers);
    }
    let accounts = overrides::Accounts::new(&tiers, book.as_ref().map(|b| &*b.data));
    let (splits, baseline, current) = splits::resolve(
        cx,
        f.splits.as_deref().unwrap_or(&[]),
        &motion_names,
        &product_names,
        (start, &transition, sim.horizon),
        &accounts,
    );

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
    let mut in_book = vec![false; products.len()];
    for c in book.iter().flat_map(|b| &b.data.cells) {
        in_book[c.product as usize] = true;
    }
    for (k, p) in products.iter().enumerate() {
        if !tiers
            .iter()
            .any(|t| t.spend[k].is_some() || t.cross_sell[k])
            && !in_book[k]
        {
            let (message, fix) = if book.is_some() {
                (
                    "no tier or book account owns or cross-sells this product, so it plays no part",
                    "add it to a tier's `spend` or `cross_sell` or a column of the book, or remove it",
                )
            } else {
                (
                    "no tier owns or cross-sells this product, so it plays no part",
                    "add it to a tier's `spend` or `cross_sell`, or remove it",
                )
            };
            cx.warn(
                &format!("products.{:?}", p.name),
                Some(products_file[k].span()),
                message,
                fix,
            );
        }
    }

    let correlations = correlations::resolve(cx, f.correlations.as_deref().unwrap_or(&[]));

    if cx.problems.iter().any(|p| p.severity == Severity::Error) {
        return None;
    }
    Some(Scenario {
        name,
        trials: sim.trials,
        horizon_months: sim.horizon,
        seed: sim.seed,
        discount_rate: sim.discount_rate,
        max_intensity: sim.max_intensity,
        response_elasticity: sim.response_elasticity,
        undercoverage_churn: sim.undercoverage_churn,
        handoff_churn_multiplier: sim.handoff_churn_multiplier,
        handoff_months: sim.handoff_months,
        roles,
        management,
        motions,
        products,
        tiers,
        book,
        splits,
        baseline,
        current,
        params: std::mem::take(&mut cx.params),
        sampling: sim.sampling,
        correlations,
        start,
        transition,
        decision: Decision {
            metric: sim.decision_metric,
            fallback: None,
        },
    })
}
