//! The comparison table printed after a run: one column per split, the mean
//! with its P10-P90 range under it, and for non-baseline splits the paired
//! difference against the baseline with its 95% interval and P(better).

use crate::analysis::precision::Outcome;
use crate::core::format;
use crate::core::metrics::Metric;
use crate::output::decision::{self, Layout};
use crate::sim::engine::RunResult;
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use textwrap::core::display_width;

/// What `run` prints: the scenario's name, the table (at most `width`
/// columns, or the terminal's width), what precision control did, and the
/// achieved rank correlations.
pub fn run_text(
    name: &str,
    r: &RunResult,
    precision: Option<&Outcome>,
    width: Option<u16>,
) -> String {
    let mut out = format!("{name}\n{}", render(r, width));
    if let Some(o) = precision {
        out.push_str(&super::precision::sentence(o));
        out.push('\n');
    }
    for c in &r.correlations {
        out.push_str(&format!(
            "Rank correlation {} ~ {}: requested {:.2}, achieved {:.3}\n",
            c.a, c.b, c.requested, c.achieved
        ));
    }
    out
}

/// The table: one column per split, one row per metric of [`ROWS`].
pub fn render(r: &RunResult, width: Option<u16>) -> String {
    let mut header = vec![String::new()];
    for sp in &r.splits {
        let tag = if sp.baseline { " (baseline)" } else { "" };
        header.push(format!("{}{tag}", sp.name));
    }
    let mut rows = vec![header];
    let decision = r.decision.metric;
    for m in decision::rows(decision) {
        let def = &m.def();
        let mut row = vec![decision::label(m, decision)];
        for sp in &r.splits {
            let text = match &sp.metrics[m] {
                _ if m == Metric::PaybackMonth => {
                    let p = decision::payback(sp);
                    let mut text = p.share;
                    if let (Some(median), Some((lo, hi))) = (p.median, p.range) {
                        text.push_str(&format!("\n{median}\n{lo} – {hi}"));
                    }
                    text
                }
                None => "n/a".to_string(),
                Some(s) => {
                    let mut text = format!(
                        "{}\n{} – {}",
                        format::value(s.mean, def.unit),
                        format::value(s.p10, def.unit),
                        format::value(s.p90, def.unit)
                    );
                    if !sp.baseline
                        && let Some(d) = &sp.deltas[m]
                    {
                        text.push('\n');
                        text.push_str(&decision::difference(d, def.unit, Layout::Lines));
                    }
                    text
                }
            };
            row.push(text);
        }
        rows.push(row);
    }
    let t = wrapped(rows, width.or_else(|| Table::new().width()));
    let mut out = format!(
        "{t}\nMeans over {} trials; P10 – P90 under each mean; Δ = mean paired difference vs the baseline [95% interval]; \
         P(better) = share of trials where the split beats the baseline. Payback month: the share of trials in which \
         the split's cumulative discounted cash flow ends up staying at or above the baseline's, and the first month \
         it does so among them (median, P10 – P90).\n",
        r.trials
    );
    for note in decision::notes(r) {
        out.push_str(&note);
        out.push('\n');
    }
    out
}

/// A table of `rows` (the first is the header) at most `width` characters
/// wide (or as wide as its text without one), its cells wrapped at spaces:
/// a word is broken only when it is wider than its column ([`widths`]).
fn wrapped(rows: Vec<Vec<String>>, width: Option<u16>) -> Table {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    // Each column's cells wrapped at `w`, and the widest line they make.
    let wrap_column = |c: usize, w: usize| -> (Vec<String>, usize) {
        let options = textwrap::Options::new(w)
            .word_separator(textwrap::WordSeparator::AsciiSpace)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        let cells: Vec<String> = rows
            .iter()
            .map(|r| {
                r.get(c).map_or_else(String::new, |cell| {
                    cell.lines()
                        .flat_map(|line| textwrap::wrap(line, &options))
                        .collect::<Vec<_>>()
                        .join("\n")
                })
            })
            .collect();
        let widest = cells.iter().flat_map(|c| c.lines()).map(display_width);
        let widest = widest.max().unwrap_or(0);
        (cells, widest)
    };
    let longest = |split: fn(&str) -> Vec<&str>| -> Vec<usize> {
        (0..n)
            .map(|c| {
                rows.iter()
                    .filter_map(|r| r.get(c))
                    .flat_map(|cell| cell.lines().flat_map(split))
                    .map(display_width)
                    .max()
                    .unwrap_or(0)
            })
            .collect()
    };
    let mut lines = longest(|line| vec![line]);
    let words = longest(|line| line.split(' ').collect());
    // A border before each column and after the last, a space each side.
    let room = width.map_or(usize::MAX, |w| usize::from(w).saturating_sub(3 * n + 1));
    // A column whose text wraps narrower than the width it was given needs
    // no more: the room it leaves goes to the others, until none leaves any
    // (each round narrows a column, so this ends).
    let columns = loop {
        let widths = widths(&lines, &words, room);
        let columns: Vec<(Vec<String>, usize)> = widths
            .iter()
            .enumerate()
            .map(|(c, &w)| wrap_column(c, w))
            .collect();
        let narrower: Vec<usize> = (0..n)
            .filter(|&c| columns[c].1 < widths[c].min(lines[c]))
            .collect();
        if narrower.is_empty() {
            break columns;
        }
        for c in narrower {
            lines[c] = columns[c].1;
        }
    };
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED);
    for r in 0..rows.len() {
        let row: Vec<&String> = columns.iter().map(|(cells, _)| &cells[r]).collect();
        if r == 0 {
            t.set_header(row);
        } else {
            t.add_row(row);
        }
    }
    t
}

/// The width of each column's text when the columns share `room`
/// characters: each its widest line when all fit; else each at least its
/// longest word when those fit (no word is broken), the rest shared evenly,
/// none wider than its widest line; else `room` shared evenly, what is
/// left over going first to the columns it saves from a broken word, the
/// nearest first (a word wider than its column is broken). `lines` and
/// `words` are each column's widest line and longest word.
fn widths(lines: &[usize], words: &[usize], room: usize) -> Vec<usize> {
    if lines.iter().sum::<usize>() <= room {
        return lines.to_vec();
    }
    let floor: Vec<usize> = if words.iter().sum::<usize>() <= room {
        words.to_vec()
    } else {
        vec![1; lines.len()]
    };
    // The highest even level the room allows, each column kept between its
    // floor and its widest line.
    let at = |level: usize| -> Vec<usize> {
        lines
            .iter()
            .zip(&floor)
            .map(|(&line, &lo)| level.clamp(lo, line.max(lo)))
            .collect()
    };
    let mut level = 1;
    while at(level + 1).iter().sum::<usize>() <= room {
        level += 1;
    }
    let mut out = at(level);
    let mut spare = room.saturating_sub(out.iter().sum());
    // Whole words first: the columns whose longest word is nearest to fitting.
    let mut short: Vec<usize> = (0..out.len()).filter(|&c| words[c] > out[c]).collect();
    short.sort_by_key(|&c| words[c] - out[c]);
    for c in short {
        let need = words[c] - out[c];
        if need <= spare {
            out[c] += need;
            spare -= need;
        }
    }
    // Then a character each, from the left, to columns short of their
    // widest line (the level is the highest, so one round uses it up).
    for (w, &line) in out.iter_mut().zip(lines) {
        if spare > 0 && *w < line {
            *w += 1;
            spare -= 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{widths, wrapped};

    #[test]
    fn a_column_that_wraps_narrower_leaves_its_room_to_the_others() {
        let rows = vec![
            vec!["x".to_string(), "aaaaaaa bb".to_string()],
            vec!["one two three four".to_string(), "c".to_string()],
        ];
        // 23 columns hold 16 characters of text (2 columns: 3 borders and
        // 4 spaces). Longest words 5 and 7 fit: the even level gives 8 and
        // 8; the second wraps to "aaaaaaa" (7), so the first gets 9, wraps
        // to "one two" / "three" / "four" (7) and needs only 7.
        let t = wrapped(rows, Some(23)).to_string();
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0].chars().count(), 3 + 4 + 7 + 7, "{t}");
        assert!(t.contains("│ one two ┆"), "{t}");
        assert!(t.contains("┆ aaaaaaa │"), "{t}");
    }

    #[test]
    fn columns_keep_their_words_whole_while_they_fit() {
        let (lines, words) = ([10, 20, 30], [5, 8, 12]);
        // Room for every line: each as wide as its widest.
        assert_eq!(widths(&lines, &words, 60), [10, 20, 30]);
        // Room for every word (25 of 40): the even level 15 (10 + 15 + 15
        // = 40), the first column no wider than its widest line.
        assert_eq!(widths(&lines, &words, 40), [10, 15, 15]);
        // Room for every word exactly: each its longest word.
        assert_eq!(widths(&lines, &words, 25), [5, 8, 12]);
        // Not room for every word (20 of 25): the even level 6 (18), and
        // the 2 left over keep the second column's 8-letter word whole.
        assert_eq!(widths(&lines, &words, 20), [6, 8, 6]);
    }
}
