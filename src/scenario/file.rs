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

/// The whole scenario file. Keys are optional here; resolution reports the missing ones.
#[derive(Deserialize, Debug, Default)]
pub struct FileScenario {
    /// The scenario's name.
    pub name: Option<Sp<String>>,
    /// `[simulation]`.
    pub simulation: Option<Sp<FileSimulation>>,
    /// `[roles]`.
    pub roles: Option<Sp<FileRoles>>,
    /// `[[management]]`, the first layer over the reps.
    pub management: Option<Vec<Sp<FileLayer>>>,
    /// `[motions.<name>]`, by name.
    pub motions: Option<Sp<BTreeMap<String, Sp<FileMotion>>>>,
    /// `[[products]]`.
    pub products: Option<Vec<Sp<FileProduct>>>,
    /// `[[tiers]]`.
    pub tiers: Option<Vec<Sp<FileTier>>>,
    /// `[[splits]]`.
    pub splits: Option<Vec<Sp<FileSplit>>>,
    /// `[[correlations]]`.
    pub correlations: Option<Vec<Sp<FileCorrelation>>>,
    /// `[transition]`: the move from today's team (see [`FileTransition`]).
    pub transition: Option<Sp<FileTransition>>,
    /// `[book]`: accounts read from a CSV or XLSX file.
    pub book: Option<Sp<FileBook>>,
}

/// The `[book]` table. Keys are optional here; resolution reports the missing ones.
#[derive(Deserialize, Debug, Default)]
pub struct FileBook {
    /// The file, relative to the scenario file: `.csv` or `.xlsx`.
    pub file: Option<Sp<String>>,
    /// The sheet of an `.xlsx` file (default: the first).
    pub sheet: Option<Sp<String>>,
    /// Multiplier of every owned spend, drawn per account, product and trial.
    pub spend_uncertainty: Option<Sp<Num>>,
}

/// One `[[splits.overrides]]` entry: rules for the accounts `where` matches.
/// Keys are optional here; resolution reports the missing ones.
#[derive(Deserialize, Debug, Default)]
pub struct FileOverride {
    /// The accounts it applies to: `{ tier = "...", account = [...], <attribute> = ... }`.
    #[serde(rename = "where")]
    pub where_: Option<Sp<BTreeMap<String, Sp<WhereSpec>>>>,
    /// Who owns each motion at those accounts.
    pub assign: Option<Sp<BTreeMap<String, Sp<RuleSpec>>>>,
    /// Who owns single products at those accounts.
    pub assign_products: Option<Sp<BTreeMap<String, Sp<RuleSpec>>>>,
}

/// The values of one `where` key as written: a string or a list of strings.
/// A value that is not a string is kept, described for people (`Err`), so
/// that it becomes a problem with its key path.
#[derive(Debug, Clone)]
pub struct WhereSpec(pub Vec<Result<String, String>>);

impl<'de> Deserialize<'de> for WhereSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        fn describe(v: &toml::Value) -> String {
            match v {
                toml::Value::Integer(i) => format!("the number {i}"),
                toml::Value::Float(x) => format!("the number {x}"),
                toml::Value::Boolean(b) => format!("the boolean {b}"),
                toml::Value::Datetime(_) => "a date".into(),
                toml::Value::Array(_) => "a list".into(),
                toml::Value::Table(_) => "a table".into(),
                toml::Value::String(s) => format!("{s:?}"),
            }
        }
        impl<'de> Visitor<'de> for V {
            type Value = WhereSpec;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a list of strings")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<WhereSpec, E> {
                Ok(WhereSpec(vec![Ok(v.to_string())]))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<WhereSpec, E> {
                Ok(WhereSpec(vec![Err(format!("the number {v}"))]))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<WhereSpec, E> {
                Ok(WhereSpec(vec![Err(format!("the number {v}"))]))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<WhereSpec, E> {
                Ok(WhereSpec(vec![Err(format!("the number {v}"))]))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<WhereSpec, E> {
                Ok(WhereSpec(vec![Err(format!("the boolean {v}"))]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<WhereSpec, A::Error> {
                let mut out = Vec::new();
                while let Some(v) = seq.next_element::<toml::Value>()? {
                    out.push(match v {
                        toml::Value::String(s) => Ok(s),
                        other => Err(describe(&other)),
                    });
                }
                Ok(WhereSpec(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// One `[[correlations]]` entry. Keys are optional here; resolution reports the missing ones.
#[derive(Deserialize, Debug, Default)]
pub struct FileCorrelation {
    /// The key path of one uncertain input.
    pub a: Option<Sp<String>>,
    /// The key path of the other.
    pub b: Option<Sp<String>>,
    /// The rank correlation, from -1 to 1.
    pub rank: Option<Sp<Num>>,
}

/// The `[simulation]` table. Keys are optional here; resolution reports the missing ones.
#[derive(Deserialize, Debug, Default)]
pub struct FileSimulation {
    /// `trials`, as written (see [`Scenario::trials`](super::Scenario::trials)).
    pub trials: Option<Sp<Num>>,
    /// Months simulated.
    pub horizon_months: Option<Sp<Num>>,
    /// `seed`, as written (see [`Scenario::seed`](super::Scenario::seed)).
    pub seed: Option<Sp<Num>>,
    /// `discount_rate`, as written (see [`Scenario::discount_rate`](super::Scenario::discount_rate)).
    pub discount_rate: Option<Sp<Num>>,
    /// `max_intensity`, as written (see [`Scenario::max_intensity`](super::Scenario::max_intensity)).
    pub max_intensity: Option<Sp<Num>>,
    /// `response_elasticity`, as written (see [`Scenario::response_elasticity`](super::Scenario::response_elasticity)).
    pub response_elasticity: Option<Sp<Num>>,
    /// `undercoverage_churn`, as written (see [`Scenario::undercoverage_churn`](super::Scenario::undercoverage_churn)).
    pub undercoverage_churn: Option<Sp<Num>>,
    /// The hand-off churn: `{ churn_multiplier, months }`.
    pub handoff: Option<Sp<FileHandoff>>,
    /// `"random"` (the default) or `"lhs"`.
    pub sampling: Option<Sp<String>>,
    /// The metric a run is decided on (default `ltv_with_terminal`).
    pub decision_metric: Option<Sp<String>>,
}

/// `[simulation] handoff = { churn_multiplier, months }`. Keys are optional here; resolution reports the missing ones.
#[derive(Deserialize, Debug, Default)]
pub struct FileHandoff {
    /// Churn multiplier on a product handed to a new role.
    pub churn_multiplier: Option<Sp<Num>>,
    /// Months it lasts.
    pub months: Option<Sp<Num>>,
}

/// The `[roles]` table: one table per role. Keys are optional here; resolution reports the missing ones.
#[derive(Deserialize, Debug, Default)]
pub struct FileRoles {
    /// `[roles.outside]`: field reps.
    pub outside: Option<Sp<FileRole>>,
    /// `[roles.inside]`: inside reps.
    pub inside: Option<Sp<FileRole>>,
}

/// A `[roles.outside]` or `[roles.inside]` table. Keys are optional here; resolution reports the missing ones.
#[derive(Deserialize, Debug, Default)]
pub struct FileRole {
    /// `annual_hours`, as written (see [`RoleSpec::annual_hours`](super::RoleSpec::annual_hours)).
    pub annual_hours: Option<Sp<Num>>,
    /// `admin_share`, as written (see [`RoleSpec::admin_share`](super::RoleSpec::admin_share)).
    pub admin_share: Option<Sp<Num>>,
    /// `target_utilization`, as written (see [`RoleSpec::target_utilization`](super::RoleSpec::target_utilization)).
    pub target_utilization: Option<Sp<Num>>,
    /// `base_salary`, as written (see [`RoleSpec::base_salary`](super::RoleSpec::base_salary)).
    pub base_salary: Option<Sp<Num>>,
    /// `benefits_load`, as written (see [`RoleSpec::benefits_load`](super::RoleSpec::benefits_load)).
    pub benefits_load: Option<Sp<Num>>,
    /// `other_cost`, as written (see [`RoleSpec::other_cost`](super::RoleSpec::other_cost)).
    pub other_cost: Option<Sp<Num>>,
    /// `commission_rate`, as written (see [`RoleSpec::commission_rate`](super::RoleSpec::commission_rate)).
    pub commission_rate: Option<Sp<Num>>,
    /// `travel_hours_per_visit`, as written (see [`RoleSpec::travel_hours_per_visit`](super::RoleSpec::travel_hours_per_visit)).
    pub travel_hours_per_visit: Option<Sp<Num>>,
    /// `travel_cost_per_visit`, as written (see [`RoleSpec::travel_cost_per_visit`](super::RoleSpec::travel_cost_per_visit)).
    pub travel_cost_per_visit: Option<Sp<Num>>,
    /// `annual_attrition`, as written (see [`RoleSpec::annual_attrition`](super::RoleSpec::annual_attrition)).
    pub annual_attrition: Option<Sp<Num>>,
    /// `months_to_hire`, as written (see [`RoleSpec::months_to_hire`](super::RoleSpec::months_to_hire)).
    pub months_to_hire: Option<Sp<Num>>,
    /// `ramp_months`, as written (see [`RoleSpec::ramp_months`](super::RoleSpec::ramp_months)).
    pub ramp_months: Option<Sp<Num>>,
    /// `hire_cost`, as written (see [`RoleSpec::hire_cost`](super::RoleSpec::hire_cost)).
    pub hire_cost: Option<Sp<Num>>,
}

/// One `[[management]]` layer. Keys are optional here; resolution reports the missing ones.
#[derive(Deserialize, Debug, Default)]
pub struct FileLayer {
    /// `name`, as written (see [`Layer::name`](super::Layer::name)).
    pub name: Option<Sp<String>>,
    /// `span`, as written (see [`Layer::span`](super::Layer::span)).
    pub span: Option<Sp<Num>>,
    /// `annual_cost`, as written (see [`Layer::annual_cost`](super::Layer::annual_cost)).
    pub annual_cost: Option<Sp<Num>>,
}

/// A value per role: `{ outside = ..., inside = ... }`. Keys are optional here; resolution reports the missing ones.
#[derive(Deserialize, Debug, Default)]
pub struct FileByRole {
    /// The field reps' value.
    pub outside: Option<Sp<Num>>,
    /// The inside reps' value.
    pub inside: Option<Sp<Num>>,
}

/// A `[motions.<name>]` table. Keys are optional here; resolution reports the missing ones.
#[derive(Deserialize, Debug, Default)]
pub struct FileMotion {
    /// `touches_per_year`, as written (see [`Motion::touches_per_year`](super::Motion::touches_per_year)).
    pub touches_per_year: Option<Sp<Num>>,
    /// `in_person_share`, as written (see [`Motion::in_person_share`](super::Motion::in_person_share)).
    pub in_person_share: Option<Sp<Num>>,
    /// `hours_per_touch`, as written (see [`Motion::hours_per_touch`](super::Motion::hours_per_touch)).
    pub hours_per_touch: Option<Sp<FileByRole>>,
    /// `annual_churn`, as written (see [`Motion::annual_churn`](super::Motion::annual_churn)).
    pub annual_churn: Option<Sp<FileByRole>>,
    /// `win_rate`, as written (see [`Motion::win_rate`](super::Motion::win_rate)).
    pub win_rate: Option<Sp<FileByRole>>,
    /// `upsell_per_year`, as written (see [`Motion::upsell_per_year`](super::Motion::upsell_per_year)).
    pub upsell_per_year: Option<Sp<Num>>,
    /// `cross_sell_per_year`, as written (see [`Motion::cross_sell_per_year`](super::Motion::cross_sell_per_year)).
    pub cross_sell_per_year: Option<Sp<Num>>,
    /// Size of a won up-sell, as a multiple of the cell's starting spend.
    pub upsell_size: Option<Sp<Num>>,
    /// `prospect_touches_per_year`, as written (see [`Motion::prospect_touches_per_year`](super::Motion::prospect_touches_per_year)).
    pub prospect_touches_per_year: Option<Sp<Num>>,
}

/// One `[[products]]` entry. Keys are optional here; resolution reports the missing ones.
#[derive(Deserialize, Debug, Default)]
pub struct FileProduct {
    /// `name`, as written (see [`Product::name`](super::Product::name)).
    pub name: Option<Sp<String>>,
    /// The name of its motion.
    pub motion: Option<Sp<String>>,
    /// `gross_margin`, as written (see [`Product::gross_margin`](super::Product::gross_margin)).
    pub gross_margin: Option<Sp<Num>>,
    /// Annual value of a won cross-sell deal.
    pub cross_sell_size: Option<Sp<Num>>,
}

/// One `[[tiers]]` entry. Keys are optional here; resolution reports the missing ones.
#[derive(Deserialize, Debug, Default)]
pub struct FileTier {
    /// `name`, as written (see [`Tier::name`](super::Tier::name)).
    pub name: Option<Sp<String>>,
    /// `accounts`, as written (see [`Tier::accounts`](super::Tier::accounts)).
    pub accounts: Option<Sp<Num>>,
    /// Annual spend per owned product, by product name.
    pub spend: Option<Sp<BTreeMap<String, Sp<Num>>>>,
    /// Products its accounts lack and may buy (whitespace).
    pub cross_sell: Option<Sp<Vec<Sp<String>>>>,
}

/// One `[[splits]]` entry. Keys are optional here; resolution reports the missing ones.
#[derive(Deserialize, Debug, Default)]
pub struct FileSplit {
    /// `name`, as written (see [`Split::name`](super::Split::name)).
    pub name: Option<Sp<String>>,
    /// Whether the others are compared with this split.
    pub baseline: Option<Sp<bool>>,
    /// Whether this split is today's organisation.
    pub current: Option<Sp<bool>>,
    /// Who owns each motion: `"inside"`, `"outside"` or `{ inside = share }`.
    pub assign: Option<Sp<BTreeMap<String, Sp<RuleSpec>>>>,
    /// Overrides of the motion's rule for single products.
    pub assign_products: Option<Sp<BTreeMap<String, Sp<RuleSpec>>>>,
    /// `"sized"` or a headcount or `"sized"` per role.
    pub staffing: Option<Sp<StaffingSpec>>,
    /// The commission credit policy.
    pub credit: Option<Sp<FileCredit>>,
    /// `[[splits.overrides]]`: rules for some accounts, first claim wins.
    pub overrides: Option<Vec<Sp<FileOverride>>>,
    /// How share rules rank their pool: `"cell"` (the default) or `"account"`.
    pub rank_by: Option<Sp<String>>,
    /// This split's own transition keys, overriding `[transition]` key by key.
    pub transition: Option<Sp<FileTransition>>,
}

/// `[transition]`, or a split's `transition = { ... }` (every key but
/// `start`). Keys are optional here; resolution reports the missing ones.
#[derive(Deserialize, Debug, Default)]
pub struct FileTransition {
    /// `"current"` (the default) or `"target"`; top-level table only.
    pub start: Option<Sp<String>>,
    /// Months over which the hand-offs are spread (a whole number).
    pub phase_months: Option<Sp<Num>>,
    /// `"layoff"` (the default) or `"attrition"`.
    pub reduce: Option<Sp<String>>,
    /// Months of loaded pay per laid-off rep: a value, or `{ outside, inside }`.
    pub severance_months: Option<Sp<Num>>,
    /// Whether reps above target in one role fill the other role's new seats.
    pub redeploy: Option<Sp<bool>>,
    /// Ramp of a redeployed rep (default: the new role's `ramp_months`).
    pub redeploy_ramp_months: Option<Sp<Num>>,
    /// Money paid in month 1 (enablement, tooling, advisers).
    pub one_off_cost: Option<Sp<Num>>,
}

/// A split's `credit = { ... }` table. Keys are optional here; resolution reports the missing ones.
#[derive(Deserialize, Debug, Default)]
pub struct FileCredit {
    /// `"exclusive"` (the default), `"double"` or `"team"`.
    pub policy: Option<Sp<String>>,
    /// `conflict_penalty`, as written (see [`Credit::conflict_penalty`](super::Credit::conflict_penalty)).
    pub conflict_penalty: Option<Sp<Num>>,
    /// `team_bonus_rate`, as written (see [`Credit::team_bonus_rate`](super::Credit::team_bonus_rate)).
    pub team_bonus_rate: Option<Sp<Num>>,
}

/// A numeric value as written: an integer, a float, or a distribution table
/// (checked during resolution, so that all of its problems are reported).
/// Any other value (a string, a boolean, an array, a date) is kept as
/// `Wrong`, described for people, so that it too becomes a problem with its
/// key path instead of stopping the whole file at the first wrong type.
#[derive(Debug, Clone)]
pub enum Num {
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A table: a distribution, checked during resolution.
    Table(BTreeMap<String, toml::Value>),
    /// A value of another type.
    Wrong(Wrong),
}

/// A value of the wrong type where a number was expected.
#[derive(Debug, Clone, PartialEq)]
pub enum Wrong {
    /// A string.
    Str(String),
    /// A boolean.
    Bool(bool),
    /// An array.
    Array,
    /// A date or time.
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
    /// A role's name: `"inside"` or `"outside"`.
    Role(String),
    /// A share table: `{ inside = share }`.
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
    /// A word: `"sized"`.
    Word(String),
    /// A value per role.
    Table(BTreeMap<String, Sp<StaffEntry>>),
}

/// One role's staffing: a headcount or a word (`"sized"`).
#[derive(Debug, Clone)]
pub enum StaffEntry {
    /// A headcount.
    Num(Num),
    /// A word: `"sized"`.
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
