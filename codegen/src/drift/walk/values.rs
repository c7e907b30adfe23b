//! Keywords that constrain or describe a value: type, `nullable`, enum, `const`, bounds,
//! `multipleOf`, `pattern`, `format`, `uniqueItems`, unfollowable `$ref`s, defaults and
//! documentation.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::{Edit, Walker, get, truthy, type_set};
use crate::drift::change::{Bound, BoundChange, ChangeKind};
use crate::drift::field;
use crate::drift::keywords::{self, same_value, show};
use crate::schema::JsonPointer;

impl Walker<'_> {
    pub(super) fn types(
        &mut self,
        old: &Map<String, Value>,
        new: &Map<String, Value>,
        at: &JsonPointer,
    ) {
        // Null is the `nullable` rule's business when both sides name other types too.
        let (old_types, new_types) = match (type_set(old), type_set(new)) {
            (Some(o), Some(n)) => (Some(without_null(o)), Some(without_null(n))),
            other => other,
        };
        if old_types == new_types {
            // Same meaning; unless a `type` that is no type name at all changed.
            if old_types.is_none() && old.get("type") != new.get("type") {
                self.generic("type", old, new, at);
            }
            return;
        }
        let kind = match (&old_types, &new_types) {
            (_, None) => ChangeKind::TypeWidened,
            (None, Some(_)) => ChangeKind::TypeNarrowed,
            (Some(o), Some(n)) if covers(n, o) => ChangeKind::TypeWidened,
            (Some(o), Some(n)) if covers(o, n) => ChangeKind::TypeNarrowed,
            _ => ChangeKind::TypeChanged,
        };
        let verb = match kind {
            ChangeKind::TypeWidened => "widened",
            ChangeKind::TypeNarrowed => "narrowed",
            _ => "changed",
        };
        let message = format!(
            "{}: type {verb} from {} to {}",
            field::name(at),
            show_types(&old_types),
            show_types(&new_types)
        );
        self.push(
            kind,
            at.join("type"),
            get(old, "type"),
            get(new, "type"),
            message,
        );
    }

    /// Whether null is accepted, spelled `nullable: true` (OpenAPI 3.0) or `"null"` in a
    /// `type` list. Where a side has no `type` at all, the type rule speaks for null, and only
    /// the `nullable` keyword itself is compared.
    pub(super) fn nullable(
        &mut self,
        old: &Map<String, Value>,
        new: &Map<String, Value>,
        at: &JsonPointer,
    ) {
        let (old_types, new_types) = (type_set(old), type_set(new));
        let accepts_null = |map: &Map<String, Value>, types: &Option<BTreeSet<String>>| {
            truthy(map, "nullable") || types.as_ref().is_some_and(|t| t.contains("null"))
        };
        let (was, is) = if old_types.is_some() && new_types.is_some() {
            (accepts_null(old, &old_types), accepts_null(new, &new_types))
        } else {
            (truthy(old, "nullable"), truthy(new, "nullable"))
        };
        if was == is {
            return;
        }
        let (kind, what) = if was {
            (ChangeKind::NullableRemoved, "null is rejected now")
        } else {
            (ChangeKind::NullableAdded, "null is accepted now")
        };
        // Point at whichever keyword spelled it.
        let keyword = if old.contains_key("nullable") || new.contains_key("nullable") {
            "nullable"
        } else {
            "type"
        };
        let message = format!("{}: {what}", field::name(at));
        self.push(
            kind,
            at.join(keyword),
            get(old, keyword),
            get(new, keyword),
            message,
        );
    }

    pub(super) fn enums(
        &mut self,
        old: &Map<String, Value>,
        new: &Map<String, Value>,
        at: &JsonPointer,
    ) {
        let here = at.join("enum");
        let name = field::name(at);
        match (old.get("enum"), new.get("enum")) {
            (None, None) => {}
            (None, Some(values)) => {
                let message = format!("{name}: only the values {} are accepted now", show(values));
                self.push(
                    ChangeKind::EnumIntroduced,
                    here,
                    Value::Null,
                    values.clone(),
                    message,
                );
            }
            (Some(values), None) => {
                let message = format!(
                    "{name}: any value is accepted now, not only {}",
                    show(values)
                );
                self.push(
                    ChangeKind::EnumRemoved,
                    here,
                    values.clone(),
                    Value::Null,
                    message,
                );
            }
            (Some(Value::Array(o)), Some(Value::Array(n))) => {
                let contains = |list: &[Value], v: &Value| list.iter().any(|x| same_value(x, v));
                let mut changed = false;
                for value in o.iter().filter(|v| !contains(n, v)) {
                    changed = true;
                    let message = format!("{name}: enum value {} was removed", show(value));
                    self.push(
                        ChangeKind::EnumValueRemoved,
                        here.clone(),
                        value.clone(),
                        Value::Null,
                        message,
                    );
                }
                for value in n.iter().filter(|v| !contains(o, v)) {
                    changed = true;
                    let message = format!("{name}: enum value {} was added", show(value));
                    self.push(
                        ChangeKind::EnumValueAdded,
                        here.clone(),
                        Value::Null,
                        value.clone(),
                        message,
                    );
                }
                if !changed && !same_value(&Value::Array(o.clone()), &Value::Array(n.clone())) {
                    let message = format!("{name}: the enum values were reordered");
                    self.push(
                        ChangeKind::EnumReordered,
                        here,
                        Value::Array(o.clone()),
                        Value::Array(n.clone()),
                        message,
                    );
                }
            }
            (Some(o), Some(n)) => {
                if o != n {
                    let message = format!("{name}: `enum` is not a list and changed");
                    self.push(
                        ChangeKind::KeywordChanged,
                        here,
                        o.clone(),
                        n.clone(),
                        message,
                    );
                }
            }
        }
    }

    pub(super) fn consts(
        &mut self,
        old: &Map<String, Value>,
        new: &Map<String, Value>,
        at: &JsonPointer,
    ) {
        use ChangeKind::{ConstAdded, ConstChanged, ConstRemoved};
        self.edited(
            "const",
            old,
            new,
            at,
            [ConstAdded, ConstRemoved, ConstChanged],
            |edit| match edit {
                Edit::Added(n) => format!("only {} is accepted now", show(n)),
                Edit::Removed(o) => format!("values other than {} are accepted now", show(o)),
                Edit::Changed(o, n) => format!(
                    "the only accepted value changed from {} to {}",
                    show(o),
                    show(n)
                ),
            },
        );
    }

    pub(super) fn bound(
        &mut self,
        bound: Bound,
        old: &Map<String, Value>,
        new: &Map<String, Value>,
        at: &JsonPointer,
    ) {
        let (before, after) = (Limit::of(bound, old), Limit::of(bound, new));
        let change = match (&before, &after) {
            (None, None) => return,
            (None, Some(_)) => BoundChange::Added,
            (Some(_), None) => BoundChange::Removed,
            (Some(b), Some(a)) if b.value == a.value && b.exclusive == a.exclusive => return,
            (Some(b), Some(a)) => {
                let raised =
                    a.value > b.value || (a.value == b.value && (a.exclusive == bound.is_lower()));
                if raised {
                    BoundChange::Raised
                } else {
                    BoundChange::Lowered
                }
            }
        };
        let keyword = after
            .as_ref()
            .or(before.as_ref())
            .map_or(bound.keyword(), |l| l.keyword);
        let show_limit = |l: &Option<Limit>| l.as_ref().map_or("none".to_owned(), Limit::show);
        let verb = match change {
            BoundChange::Added => "set",
            BoundChange::Removed => "removed",
            BoundChange::Raised => "raised",
            BoundChange::Lowered => "lowered",
        };
        let message = format!(
            "{}: {} {verb} ({} → {})",
            field::name(at),
            bound.keyword(),
            show_limit(&before),
            show_limit(&after)
        );
        let value = |l: &Option<Limit>| l.as_ref().map_or(Value::Null, |l| l.raw.clone());
        self.push(
            ChangeKind::Bound(bound, change),
            at.join(keyword),
            value(&before),
            value(&after),
            message,
        );
    }

    pub(super) fn multiple_of(
        &mut self,
        old: &Map<String, Value>,
        new: &Map<String, Value>,
        at: &JsonPointer,
    ) {
        let number = |m: &Map<String, Value>| m.get("multipleOf").and_then(Value::as_f64);
        let name = field::name(at);
        let (kind, message) = match (number(old), number(new)) {
            (None, None) => return,
            (Some(o), Some(n)) if o == n => return,
            (None, Some(n)) => (
                ChangeKind::MultipleOfAdded,
                format!("{name}: must be a multiple of {n} now"),
            ),
            (Some(o), None) => (
                ChangeKind::MultipleOfRemoved,
                format!("{name}: need not be a multiple of {o} any more"),
            ),
            // Every multiple of `o` is still accepted when `o` is itself a multiple of `n`.
            (Some(o), Some(n)) if n != 0.0 && (o / n).fract() == 0.0 => (
                ChangeKind::MultipleOfRelaxed,
                format!(
                    "{name}: must be a multiple of {n} instead of {o}, which accepts every old value"
                ),
            ),
            (Some(o), Some(n)) => (
                ChangeKind::MultipleOfChanged,
                format!("{name}: must be a multiple of {n} instead of {o}"),
            ),
        };
        self.push(
            kind,
            at.join("multipleOf"),
            get(old, "multipleOf"),
            get(new, "multipleOf"),
            message,
        );
    }

    /// `pattern` and `format`: any new or different one may reject what was accepted.
    pub(super) fn text_constraint(
        &mut self,
        keyword: &str,
        old: &Map<String, Value>,
        new: &Map<String, Value>,
        at: &JsonPointer,
    ) {
        use ChangeKind::*;
        let kinds = match keyword {
            "pattern" => [PatternAdded, PatternRemoved, PatternChanged],
            _ => [FormatAdded, FormatRemoved, FormatChanged],
        };
        self.edited(keyword, old, new, at, kinds, |edit| match edit {
            Edit::Added(n) => format!("must match {keyword} {} now", show(n)),
            Edit::Removed(o) => format!("need not match {keyword} {} any more", show(o)),
            Edit::Changed(o, n) => format!("{keyword} changed from {} to {}", show(o), show(n)),
        });
    }

    pub(super) fn unique_items(
        &mut self,
        old: &Map<String, Value>,
        new: &Map<String, Value>,
        at: &JsonPointer,
    ) {
        let (was, is) = (truthy(old, "uniqueItems"), truthy(new, "uniqueItems"));
        if was == is {
            return;
        }
        let name = field::name(at);
        let (kind, message) = if is {
            (
                ChangeKind::UniqueItemsAdded,
                format!("{name}: items must be unique now"),
            )
        } else {
            (
                ChangeKind::UniqueItemsRemoved,
                format!("{name}: items need not be unique any more"),
            )
        };
        self.push(
            kind,
            at.join("uniqueItems"),
            get(old, "uniqueItems"),
            get(new, "uniqueItems"),
            message,
        );
    }

    /// A `$ref` left after resolution could not be followed; its text is all there is to compare.
    pub(super) fn remote_ref(
        &mut self,
        old: &Map<String, Value>,
        new: &Map<String, Value>,
        at: &JsonPointer,
    ) {
        let (before, after) = (old.get("$ref"), new.get("$ref"));
        if before != after {
            let message = format!(
                "{}: reference changed from {} to {}",
                field::name(at),
                before.map_or("none".to_owned(), show),
                after.map_or("none".to_owned(), show)
            );
            self.push(
                ChangeKind::RefChanged,
                at.join("$ref"),
                get(old, "$ref"),
                get(new, "$ref"),
                message,
            );
        }
    }

    /// A default moving changes what a payload without the property means; on a property
    /// required both before and after there is no such payload, so it is documentation.
    pub(super) fn default(
        &mut self,
        old: &Map<String, Value>,
        new: &Map<String, Value>,
        at: &JsonPointer,
        required: bool,
    ) {
        use ChangeKind::{DefaultAdded, DefaultChanged, DefaultRemoved, RequiredDefaultChanged};
        let kinds = if required {
            [RequiredDefaultChanged; 3]
        } else {
            [DefaultAdded, DefaultRemoved, DefaultChanged]
        };
        self.edited("default", old, new, at, kinds, |edit| {
            let note = if required {
                "; the property is required, so no payload relies on it"
            } else {
                ""
            };
            format!("default {}{note}", edit.describe())
        });
    }

    pub(super) fn documentation(
        &mut self,
        old: &Map<String, Value>,
        new: &Map<String, Value>,
        at: &JsonPointer,
    ) {
        for &keyword in keywords::DOCUMENTATION {
            let (kind, what) = match keyword {
                "description" => (ChangeKind::DescriptionChanged, "description"),
                "title" => (ChangeKind::TitleChanged, "title"),
                "x-order" => (ChangeKind::OrderChanged, "display position (x-order)"),
                "basic" => (
                    ChangeKind::BasicChanged,
                    "properties shown by default (basic)",
                ),
                _ => (ChangeKind::ExampleChanged, "example"),
            };
            self.edited(keyword, old, new, at, [kind; 3], |edit| {
                format!("{what} {}", edit.describe())
            });
        }
    }
}

/// A `minimum`/`maximum`-like limit with its exclusivity, from whichever keyword spells it.
#[derive(Debug, Clone)]
struct Limit {
    value: f64,
    exclusive: bool,
    keyword: &'static str,
    raw: Value,
}

impl Limit {
    fn of(bound: Bound, schema: &Map<String, Value>) -> Option<Limit> {
        let inclusive_keyword = bound.keyword();
        let mut inclusive = schema.get(inclusive_keyword).and_then(|raw| {
            Some(Limit {
                value: raw.as_f64()?,
                exclusive: false,
                keyword: inclusive_keyword,
                raw: raw.clone(),
            })
        });
        let Some(exclusive_keyword) = bound.exclusive_keyword() else {
            return inclusive;
        };
        let exclusive = match schema.get(exclusive_keyword) {
            // OpenAPI 3.0 and draft 4: a flag on `minimum`/`maximum`.
            Some(Value::Bool(true)) => {
                if let Some(limit) = inclusive.as_mut() {
                    limit.exclusive = true;
                }
                None
            }
            Some(raw @ Value::Number(n)) => n.as_f64().map(|value| Limit {
                value,
                exclusive: true,
                keyword: exclusive_keyword,
                raw: raw.clone(),
            }),
            _ => None,
        };
        match (inclusive, exclusive) {
            (Some(i), Some(e)) => {
                let tighter = if bound.is_lower() {
                    e.value >= i.value
                } else {
                    e.value <= i.value
                };
                Some(if tighter { e } else { i })
            }
            (i, e) => i.or(e),
        }
    }

    fn show(&self) -> String {
        if self.exclusive {
            format!("{} exclusive", self.raw)
        } else {
            self.raw.to_string()
        }
    }
}

/// Whether every value of the types `inner` is also of the types `outer`.
fn covers(outer: &BTreeSet<String>, inner: &BTreeSet<String>) -> bool {
    inner
        .iter()
        .all(|t| outer.contains(t) || (t == "integer" && outer.contains("number")))
}

/// `types` without `null`, unless `null` is all there is.
fn without_null(mut types: BTreeSet<String>) -> BTreeSet<String> {
    if types.len() > 1 {
        types.remove("null");
    }
    types
}

fn show_types(types: &Option<BTreeSet<String>>) -> String {
    match types {
        None => "any".to_owned(),
        Some(set) => set.iter().cloned().collect::<Vec<_>>().join(" | "),
    }
}
