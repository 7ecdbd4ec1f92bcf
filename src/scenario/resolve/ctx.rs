//! The resolution context: the source text and its line index, the problems
//! found so far, and the per-trial parameters made so far, with the helpers
//! that read one value (a number, a distribution, a whole number) and
//! report what is wrong with it.

use super::values::{num_to_dist, wrong_type};
use crate::core::dist::{Dist, Range};
use crate::scenario::file::{Num, Sp};
use crate::scenario::problems::{LineIndex, Problem, Problems, Severity};
use crate::scenario::{P, ParamDef};
use std::ops::Range as ByteRange;

/// A byte range in the source, when known.
pub(super) type Span = Option<ByteRange<usize>>;

pub(super) struct Ctx<'a> {
    pub(super) src: &'a str,
    pub(super) idx: LineIndex,
    pub(super) problems: Vec<Problem>,
    pub(super) params: Vec<ParamDef>,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(src: &'a str) -> Ctx<'a> {
        Ctx {
            src,
            idx: LineIndex::new(src),
            problems: Vec::new(),
            params: Vec::new(),
        }
    }

    pub(super) fn push(
        &mut self,
        severity: Severity,
        path: &str,
        span: Span,
        message: String,
        fix: String,
    ) {
        let line = self.idx.of_span(span, self.src);
        self.problems.push(Problem {
            severity,
            path: path.to_string(),
            line,
            message,
            fix,
            place: None,
        });
    }

    pub(super) fn err(
        &mut self,
        path: &str,
        span: Span,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.push(Severity::Error, path, span, message.into(), fix.into());
    }

    /// A word from a fixed list (`options`: each word with its value):
    /// `default` when the key is absent; a word not in the list is an error
    /// (`what` says what it is not, the fix names the nearest word and then
    /// `fix`) and gives `None`.
    pub(super) fn word<T: Copy>(
        &mut self,
        v: Option<&Sp<String>>,
        path: &str,
        (options, default): (&[(&str, T)], T),
        what: &str,
        fix: &str,
    ) -> Option<T> {
        let Some(v) = v else {
            return Some(default);
        };
        let given = v.get_ref().as_str();
        if let Some((_, x)) = options.iter().find(|(w, _)| *w == given) {
            return Some(*x);
        }
        let hint = crate::core::hint::nearest(given, options.iter().map(|(w, _)| *w))
            .map(|n| format!("did you mean {n:?}? "))
            .unwrap_or_default();
        self.err(
            path,
            Some(v.span()),
            format!("{given:?} {what}"),
            format!("{hint}{fix}"),
        );
        None
    }

    pub(super) fn warn(
        &mut self,
        path: &str,
        span: Span,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.push(Severity::Warning, path, span, message.into(), fix.into());
    }

    pub(super) fn into_problems(self, label: &str) -> Problems {
        let mut list = self.problems;
        // Errors first, then in file order: the scenario's, then the
        // account book's (in the order they were found, row by row).
        list.sort_by(|a, b| {
            a.severity
                .cmp(&b.severity)
                .then(a.place.is_some().cmp(&b.place.is_some()))
                .then(a.line.cmp(&b.line))
        });
        Problems {
            file: label.to_string(),
            list,
        }
    }

    pub(super) fn param(&mut self, path: &str, key_path: &str, dist: Dist) -> P {
        self.params.push(ParamDef {
            path: path.to_string(),
            key_path: key_path.to_string(),
            dist,
        });
        P((self.params.len() - 1) as u32)
    }

    /// A value that may be a distribution, checked against `range`.
    pub(super) fn dist(&mut self, v: &Sp<Num>, path: &str, range: Range) -> Option<Dist> {
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
    pub(super) fn value(
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
    pub(super) fn global(
        &mut self,
        v: Option<&Sp<Num>>,
        path: &str,
        default: f64,
        range: Range,
    ) -> P {
        self.value(v, path, path, default, range)
    }

    /// A required per-trial parameter.
    pub(super) fn required(
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
    pub(super) fn int(
        &mut self,
        v: Option<&Sp<Num>>,
        path: &str,
        default: i64,
        min: i64,
        max: i64,
    ) -> i64 {
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
                // `{x:?}` keeps the decimal point the file has: "(got 6.0)".
                self.err(
                    path,
                    span,
                    format!("must be a whole number (got {x:?})"),
                    fix,
                );
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
