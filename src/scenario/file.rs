//! The file-facing types: exactly what a scenario file may say, as serde reads
//! it. Nearly every field is optional here so that a missing key becomes a
//! precise validation problem (with its key path and line) rather than a
//! parse failure; unknown keys are collected by `serde_ignored` and rejected
//! all together. Resolution into [`crate::scenario::Scenario`], which has no
//! options left, happens in `resolve.rs`.

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;
use toml::Spanned;

/// A spanned value: the span gives the line and column in error messages.
pub type Sp<T> = Spanned<T>;

#[derive(Deserialize, Debug, Default)]
pub struct FileScenario {
    pub name: Option<Sp<String>>,
    pub simulation: Option<Sp<FileSimulation>>,
    pub roles: Option<Sp<FileRoles>>,
    pub management: Option<Vec<Sp<FileLayer>>>,
    pub motions: Option<Sp<BTreeMap<String, Sp<FileMotion>>>>,
    pub products: Option<Vec<Sp<FileProduct>>>,
    pub tiers: Option<Vec<Sp<FileTier>>>,
    pub splits: Option<Vec<Sp<FileSplit>>>,
    pub correlations: Option<Vec<Sp<FileCorrelation>>>,
}

#[derive(Deserialize, Debug, Default)]
pub struct FileCorrelation {
    pub a: Option<Sp<String>>,
    pub b: Option<Sp<String>>,
    pub rank: Option<Sp<Num>>,
}

#[derive(Deserialize, Debug, Default)]
pub struct FileSimulation {
    pub trials: Option<Sp<Num>>,
    pub horizon_months: Option<Sp<Num>>,
    pub seed: Option<Sp<Num>>,
    pub discount_rate: Option<Sp<Num>>,
    pub max_intensity: Option<Sp<Num>>,
    pub response_elasticity: Option<Sp<Num>>,
    pub undercoverage_churn: Option<Sp<Num>>,
    pub handoff: Option<Sp<FileHandoff>>,
    pub sampling: Option<Sp<String>>,
}

#[derive(Deserialize, Debug, Default)]
pub struct FileHandoff {
    pub churn_multiplier: Option<Sp<Num>>,
    pub months: Option<Sp<Num>>,
}

#[derive(Deserialize, Debug, Default)]
pub struct FileRoles {
    pub outside: Option<Sp<FileRole>>,
    pub inside: Option<Sp<FileRole>>,
}

#[derive(Deserialize, Debug, Default)]
pub struct FileRole {
    pub annual_hours: Option<Sp<Num>>,
    pub admin_share: Option<Sp<Num>>,
    pub target_utilization: Option<Sp<Num>>,
    pub base_salary: Option<Sp<Num>>,
    pub benefits_load: Option<Sp<Num>>,
    pub other_cost: Option<Sp<Num>>,
    pub commission_rate: Option<Sp<Num>>,
    pub travel_hours_per_visit: Option<Sp<Num>>,
    pub travel_cost_per_visit: Option<Sp<Num>>,
    pub annual_attrition: Option<Sp<Num>>,
    pub months_to_hire: Option<Sp<Num>>,
    pub ramp_months: Option<Sp<Num>>,
    pub hire_cost: Option<Sp<Num>>,
}

#[derive(Deserialize, Debug, Default)]
pub struct FileLayer {
    pub name: Option<Sp<String>>,
    pub span: Option<Sp<Num>>,
    pub annual_cost: Option<Sp<Num>>,
}

#[derive(Deserialize, Debug, Default)]
pub struct FileByRole {
    pub outside: Option<Sp<Num>>,
    pub inside: Option<Sp<Num>>,
}

#[derive(Deserialize, Debug, Default)]
pub struct FileMotion {
    pub touches_per_year: Option<Sp<Num>>,
    pub in_person_share: Option<Sp<Num>>,
    pub hours_per_touch: Option<Sp<FileByRole>>,
    pub annual_churn: Option<Sp<FileByRole>>,
    pub win_rate: Option<Sp<FileByRole>>,
    pub upsell_per_year: Option<Sp<Num>>,
    pub cross_sell_per_year: Option<Sp<Num>>,
    pub upsell_size: Option<Sp<Num>>,
    pub prospect_touches_per_year: Option<Sp<Num>>,
}

#[derive(Deserialize, Debug, Default)]
pub struct FileProduct {
    pub name: Option<Sp<String>>,
    pub motion: Option<Sp<String>>,
    pub gross_margin: Option<Sp<Num>>,
    pub cross_sell_size: Option<Sp<Num>>,
}

#[derive(Deserialize, Debug, Default)]
pub struct FileTier {
    pub name: Option<Sp<String>>,
    pub accounts: Option<Sp<Num>>,
    pub spend: Option<Sp<BTreeMap<String, Sp<Num>>>>,
    pub cross_sell: Option<Sp<Vec<Sp<String>>>>,
}

#[derive(Deserialize, Debug, Default)]
pub struct FileSplit {
    pub name: Option<Sp<String>>,
    pub baseline: Option<Sp<bool>>,
    pub current: Option<Sp<bool>>,
    pub assign: Option<Sp<BTreeMap<String, Sp<RuleSpec>>>>,
    pub assign_products: Option<Sp<BTreeMap<String, Sp<RuleSpec>>>>,
    pub staffing: Option<Sp<StaffingSpec>>,
    pub credit: Option<Sp<FileCredit>>,
}

#[derive(Deserialize, Debug, Default)]
pub struct FileCredit {
    pub policy: Option<Sp<String>>,
    pub conflict_penalty: Option<Sp<Num>>,
    pub team_bonus_rate: Option<Sp<Num>>,
}

/// A numeric value as written: an integer, a float, or a distribution table
/// (checked during resolution, so that all of its problems are reported).
/// Any other value (a string, a boolean, an array, a date) is kept as
/// `Wrong`, described for people, so that it too becomes a problem with its
/// key path instead of stopping the whole file at the first wrong type.
#[derive(Debug, Clone)]
pub enum Num {
    Int(i64),
    Float(f64),
    Table(BTreeMap<String, toml::Value>),
    Wrong(Wrong),
}

/// A value of the wrong type where a number was expected.
#[derive(Debug, Clone, PartialEq)]
pub enum Wrong {
    Str(String),
    Bool(bool),
    Array,
    Date,
    /// An integer beyond 64 bits.
    Huge,
}

impl fmt::Display for Wrong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Wrong::Str(s) => write!(f, "the string {s:?}"),
            Wrong::Bool(b) => write!(f, "the boolean {b}"),
            Wrong::Array => f.write_str("an array"),
            Wrong::Date => f.write_str("a date"),
            Wrong::Huge => f.write_str("an integer too large for 64 bits"),
        }
    }
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Num;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number or a distribution table such as { dist = \"pert\", min = 1, mode = 2, max = 4 }")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Num, E> {
                Ok(Num::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Num, E> {
                Ok(i64::try_from(v)
                    .map(Num::Int)
                    .unwrap_or(Num::Wrong(Wrong::Huge)))
            }
            fn visit_i128<E: de::Error>(self, _: i128) -> Result<Num, E> {
                Ok(Num::Wrong(Wrong::Huge))
            }
            fn visit_u128<E: de::Error>(self, _: u128) -> Result<Num, E> {
                Ok(Num::Wrong(Wrong::Huge))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Num, E> {
                Ok(Num::Float(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Num, E> {
                Ok(Num::Wrong(Wrong::Str(v.to_string())))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Num, E> {
                Ok(Num::Wrong(Wrong::Bool(v)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Num, A::Error> {
                // Read (not ignore) the items, or each would also be an unknown key.
                while seq.next_element::<toml::Value>()?.is_some() {}
                Ok(Num::Wrong(Wrong::Array))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Num, A::Error> {
                let mut t = BTreeMap::new();
                while let Some((k, v)) = map.next_entry::<String, toml::Value>()? {
                    t.insert(k, v);
                }
                // toml hands a date over as a map with one private key.
                if t.keys().any(|k| k.starts_with("$__toml_private")) {
                    return Ok(Num::Wrong(Wrong::Date));
                }
                Ok(Num::Table(t))
            }
        }
        d.deserialize_any(V)
    }
}

/// An assignment rule as written: `"inside"`, `"outside"` or `{ inside = s }`.
#[derive(Debug, Clone)]
pub enum RuleSpec {
    Role(String),
    Share(BTreeMap<String, Sp<Num>>),
}

impl<'de> Deserialize<'de> for RuleSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RuleSpec;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("\"inside\", \"outside\" or a share table { inside = 0.5 }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RuleSpec, E> {
                Ok(RuleSpec::Role(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RuleSpec, A::Error> {
                let mut t = BTreeMap::new();
                while let Some((k, v)) = map.next_entry::<String, Sp<Num>>()? {
                    t.insert(k, v);
                }
                Ok(RuleSpec::Share(t))
            }
        }
        d.deserialize_any(V)
    }
}

/// Staffing as written: `"sized"` or `{ outside = n | "sized", inside = ... }`.
#[derive(Debug, Clone)]
pub enum StaffingSpec {
    Word(String),
    Table(BTreeMap<String, Sp<StaffEntry>>),
}

/// One role's staffing: a headcount or a word (`"sized"`).
#[derive(Debug, Clone)]
pub enum StaffEntry {
    Num(Num),
    Word(String),
}

impl<'de> Deserialize<'de> for StaffEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = StaffEntry;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a whole number of reps or \"sized\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<StaffEntry, E> {
                Ok(StaffEntry::Word(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<StaffEntry, E> {
                Ok(StaffEntry::Num(Num::Int(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<StaffEntry, E> {
                Num::deserialize(de::value::U64Deserializer::new(v)).map(StaffEntry::Num)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<StaffEntry, E> {
                Ok(StaffEntry::Num(Num::Float(v)))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<StaffEntry, A::Error> {
                let mut t = BTreeMap::new();
                while let Some((k, v)) = map.next_entry::<String, toml::Value>()? {
                    t.insert(k, v);
                }
                Ok(StaffEntry::Num(Num::Table(t)))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for StaffingSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = StaffingSpec;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("\"sized\" or a table { outside = 12, inside = \"sized\" }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<StaffingSpec, E> {
                Ok(StaffingSpec::Word(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<StaffingSpec, A::Error> {
                let mut t = BTreeMap::new();
                while let Some((k, v)) = map.next_entry::<String, Sp<StaffEntry>>()? {
                    t.insert(k, v);
                }
                Ok(StaffingSpec::Table(t))
            }
        }
        d.deserialize_any(V)
    }
}
