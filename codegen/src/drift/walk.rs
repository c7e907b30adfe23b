//! The recursive comparison of one model's old and new schema.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::change::{Bound, BoundChange, Change, ChangeKind, Combinator};
use super::field;
use super::keywords::{self, same_value, show, show_both};
use super::resolve::{Node, resolve};
use crate::catalog::ModelId;
use crate::error::JsonPointer;

static EMPTY: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);
const ANYTHING: Value = Value::Bool(true);

/// The JSON types keywords apply to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Number,
    String,
    Array,
    Object,
}

impl Kind {
    fn of_bound(bound: Bound) -> Kind {
        match bound {
            Bound::Minimum | Bound::Maximum => Kind::Number,
            Bound::MinLength | Bound::MaxLength => Kind::String,
            Bound::MinItems | Bound::MaxItems | Bound::MinContains | Bound::MaxContains => {
                Kind::Array
            }
            Bound::MinProperties | Bound::MaxProperties => Kind::Object,
        }
    }

    /// Whether a value of this kind can pass the schema's `type` (no `type`: any value can).
    fn allowed_by(self, schema: &Map<String, Value>) -> bool {
        let Some(types) = type_set(schema) else {
            return true;
        };
        let names: &[&str] = match self {
            Kind::Number => &["number", "integer"],
            Kind::String => &["string"],
            Kind::Array => &["array"],
            Kind::Object => &["object"],
        };
        names.iter().any(|name| types.contains(*name))
    }
}

/// Where a subschema sits, for the few rules that name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    AdditionalProperties,
    Other,
}

/// Compares two schemas of `model`, collecting changes in traversal order.
pub struct Walker<'a> {
    model: &'a ModelId,
    old_root: &'a Value,
    new_root: &'a Value,
    /// The `$ref` chains of the schema pairs being compared further up: meeting one again
    /// is a recursive schema, already being compared.
    active: Vec<(Vec<String>, Vec<String>)>,
    changes: Vec<Change>,
}

impl<'a> Walker<'a> {
    pub fn new(model: &'a ModelId, old_root: &'a Value, new_root: &'a Value) -> Self {
        Self {
            model,
            old_root,
            new_root,
            active: Vec::new(),
            changes: Vec::new(),
        }
    }

    /// Compares the two roots and returns every change found.
    pub fn run(mut self) -> Vec<Change> {
        self.schema(
            self.old_root,
            self.new_root,
            &JsonPointer::root(),
            Slot::Other,
        );
        self.changes
    }

    fn push(&mut self, kind: ChangeKind, at: JsonPointer, old: Value, new: Value, message: String) {
        self.changes
            .push(Change::new(self.model.clone(), kind, at, old, new, message));
    }

    fn schema(&mut self, old: &Value, new: &Value, at: &JsonPointer, slot: Slot) {
        let is_schema = |v: &Value| v.is_object() || v.is_boolean();
        if !(is_schema(old) && is_schema(new)) {
            if old != new {
                let message = format!("{}: a value that is not a schema changed", field::name(at));
                self.push(
                    ChangeKind::KeywordChanged,
                    at.clone(),
                    old.clone(),
                    new.clone(),
                    message,
                );
            }
            return;
        }
        let old_resolved = resolve(old, self.old_root);
        let new_resolved = resolve(new, self.new_root);
        let chains = (old_resolved.refs.clone(), new_resolved.refs.clone());
        let recursive = !(chains.0.is_empty() && chains.1.is_empty());
        if recursive {
            if self.active.contains(&chains) {
                return;
            }
            self.active.push(chains);
        }
        match (&old_resolved.node, &new_resolved.node) {
            (Node::Bool(a), Node::Bool(b)) if a == b => {}
            (_, Node::Bool(false)) => self.closed(old, at, slot),
            (Node::Bool(false), _) => self.opened(new, at, slot),
            (old_node, new_node) => self.keywords(map_of(old_node), map_of(new_node), at),
        }
        if recursive {
            self.active.pop();
        }
    }

    fn closed(&mut self, old: &Value, at: &JsonPointer, slot: Slot) {
        let (kind, message) = match slot {
            Slot::AdditionalProperties => (
                ChangeKind::AdditionalPropertiesClosed,
                format!("{}: properties not listed are rejected now", owner(at)),
            ),
            Slot::Other => (
                ChangeKind::SchemaClosed,
                format!(
                    "{}: no value is accepted any more (schema `false`)",
                    field::name(at)
                ),
            ),
        };
        self.push(kind, at.clone(), old.clone(), Value::Bool(false), message);
    }

    fn opened(&mut self, new: &Value, at: &JsonPointer, slot: Slot) {
        let (kind, message) = match slot {
            Slot::AdditionalProperties => (
                ChangeKind::AdditionalPropertiesOpened,
                format!("{}: properties not listed are accepted now", owner(at)),
            ),
            Slot::Other => (
                ChangeKind::SchemaOpened,
                format!(
                    "{}: values are accepted where none were (schema `false`)",
                    field::name(at)
                ),
            ),
        };
        self.push(kind, at.clone(), Value::Bool(false), new.clone(), message);
    }

    fn keywords(&mut self, old: &Map<String, Value>, new: &Map<String, Value>, at: &JsonPointer) {
        if old == new && !has_ref(old) {
            return;
        }
        if let Some(lifted) = lift_into_union(old, new, self.old_root, self.new_root) {
            return self.keywords(&lifted, new, at);
        }
        if let Some(lifted) = lift_into_union(new, old, self.new_root, self.old_root) {
            return self.keywords(old, &lifted, at);
        }
        self.types(old, new, at);
        self.nullable(old, new, at);
        self.enums(old, new, at);
        self.consts(old, new, at);
        // Keywords of one JSON type are compared only where both sides allow that type: a
        // string that became an array reports the type change, not `items` appearing.
        let both = |kind: Kind| kind.allowed_by(old) && kind.allowed_by(new);
        for bound in Bound::ALL {
            if both(Kind::of_bound(bound)) {
                self.bound(bound, old, new, at);
            }
        }
        if both(Kind::Number) {
            self.multiple_of(old, new, at);
        }
        if both(Kind::String) {
            self.text_constraint("pattern", old, new, at);
        }
        // Formats name string shapes, and number widths in OpenAPI (`int32`, `double`).
        if both(Kind::String) || both(Kind::Number) {
            self.text_constraint("format", old, new, at);
        }
        if both(Kind::Array) {
            self.unique_items(old, new, at);
            self.items("items", old, new, at);
            self.items("prefixItems", old, new, at);
            for keyword in ["additionalItems", "unevaluatedItems"] {
                self.subschema(keyword, old, new, at, Slot::Other);
            }
        }
        if both(Kind::Object) {
            self.properties(old, new, at);
            let slot = Slot::AdditionalProperties;
            self.subschema("additionalProperties", old, new, at, slot);
            for keyword in ["unevaluatedProperties", "propertyNames"] {
                self.subschema(keyword, old, new, at, Slot::Other);
            }
        }
        for combinator in Combinator::ALL {
            self.union(combinator, old, new, at);
        }
        self.remote_ref(old, new, at);
        self.default(old, new, at);
        self.documentation(old, new, at);
        self.others(old, new, at);
    }

    fn types(&mut self, old: &Map<String, Value>, new: &Map<String, Value>, at: &JsonPointer) {
        let (old_types, new_types) = (type_set(old), type_set(new));
        if old_types == new_types {
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

    fn nullable(&mut self, old: &Map<String, Value>, new: &Map<String, Value>, at: &JsonPointer) {
        let (was, is) = (truthy(old, "nullable"), truthy(new, "nullable"));
        if was == is {
            return;
        }
        let (kind, what) = if was {
            (ChangeKind::NullableRemoved, "null is rejected now")
        } else {
            (ChangeKind::NullableAdded, "null is accepted now")
        };
        let message = format!("{}: {what}", field::name(at));
        self.push(
            kind,
            at.join("nullable"),
            get(old, "nullable"),
            get(new, "nullable"),
            message,
        );
    }

    fn enums(&mut self, old: &Map<String, Value>, new: &Map<String, Value>, at: &JsonPointer) {
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

    fn consts(&mut self, old: &Map<String, Value>, new: &Map<String, Value>, at: &JsonPointer) {
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

    fn bound(
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

    fn multiple_of(
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
    fn text_constraint(
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

    fn unique_items(
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

    fn properties(&mut self, old: &Map<String, Value>, new: &Map<String, Value>, at: &JsonPointer) {
        let (old_props, new_props) = (object_at(old, "properties"), object_at(new, "properties"));
        let (old_required, new_required) = (required(old), required(new));
        let props = at.join("properties");
        let names: BTreeSet<&String> = old_props.keys().chain(new_props.keys()).collect();
        for name in names {
            let here = props.join(name);
            let shown = field::name(&here);
            match (old_props.get(name), new_props.get(name)) {
                (Some(schema), None) => {
                    let message = format!("{shown} was removed");
                    self.push(
                        ChangeKind::PropertyRemoved,
                        here,
                        schema.clone(),
                        Value::Null,
                        message,
                    );
                }
                (None, Some(schema)) if new_required.contains(name.as_str()) => {
                    let note = if object_at_value(schema).contains_key("default") {
                        ", even though it has a default"
                    } else {
                        ""
                    };
                    let message = format!(
                        "{shown} was added as a required property: payloads without it are rejected{note}"
                    );
                    self.push(
                        ChangeKind::RequiredPropertyAdded,
                        here,
                        Value::Null,
                        schema.clone(),
                        message,
                    );
                }
                (None, Some(schema)) => {
                    let message = format!("optional property {shown} was added");
                    self.push(
                        ChangeKind::PropertyAdded,
                        here,
                        Value::Null,
                        schema.clone(),
                        message,
                    );
                }
                (Some(o), Some(n)) => {
                    self.schema(o, n, &here, Slot::Other);
                    let (was, is) = (
                        old_required.contains(name.as_str()),
                        new_required.contains(name.as_str()),
                    );
                    self.requiredness(was, is, here);
                }
                (None, None) => {}
            }
        }
        // `required` may name properties defined elsewhere (in an `allOf` part, or nowhere).
        let unlisted: BTreeSet<&str> = old_required
            .iter()
            .chain(new_required.iter())
            .copied()
            .filter(|n| !old_props.contains_key(*n) && !new_props.contains_key(*n))
            .collect();
        for name in unlisted {
            let (was, is) = (old_required.contains(name), new_required.contains(name));
            self.requiredness(was, is, props.join(name));
        }
    }

    fn requiredness(&mut self, was: bool, is: bool, here: JsonPointer) {
        let shown = field::name(&here);
        let (kind, message) = match (was, is) {
            (false, true) => (
                ChangeKind::PropertyBecameRequired,
                format!("{shown} is required now"),
            ),
            (true, false) => (
                ChangeKind::PropertyBecameOptional,
                format!("{shown} is optional now"),
            ),
            _ => return,
        };
        self.push(kind, here, Value::Bool(was), Value::Bool(is), message);
    }

    /// A keyword holding one subschema, absent meaning "anything".
    fn subschema(
        &mut self,
        keyword: &str,
        old: &Map<String, Value>,
        new: &Map<String, Value>,
        at: &JsonPointer,
        slot: Slot,
    ) {
        let (before, after) = (old.get(keyword), new.get(keyword));
        if before.is_none() && after.is_none() {
            return;
        }
        self.schema(
            before.unwrap_or(&ANYTHING),
            after.unwrap_or(&ANYTHING),
            &at.join(keyword),
            slot,
        );
    }

    /// `items` (one schema, or a tuple in drafts before 2020-12) and `prefixItems` (a tuple).
    fn items(
        &mut self,
        keyword: &str,
        old: &Map<String, Value>,
        new: &Map<String, Value>,
        at: &JsonPointer,
    ) {
        match (old.get(keyword), new.get(keyword)) {
            (None, None) => {}
            (Some(Value::Array(o)), Some(Value::Array(n))) => {
                let here = at.join(keyword);
                for index in 0..o.len().max(n.len()) {
                    self.schema(
                        o.get(index).unwrap_or(&ANYTHING),
                        n.get(index).unwrap_or(&ANYTHING),
                        &here.join(index),
                        Slot::Other,
                    );
                }
            }
            (Some(Value::Array(_)), _) | (_, Some(Value::Array(_))) => {
                self.generic(keyword, old, new, at)
            }
            _ => self.subschema(keyword, old, new, at, Slot::Other),
        }
    }

    fn union(
        &mut self,
        combinator: Combinator,
        old: &Map<String, Value>,
        new: &Map<String, Value>,
        at: &JsonPointer,
    ) {
        let keyword = combinator.keyword();
        let here = at.join(keyword);
        let name = field::name(at);
        match (old.get(keyword), new.get(keyword)) {
            (None, None) => {}
            (None, Some(n)) => {
                let message = format!("{name}: must match {keyword} {} now", count_of(n));
                self.push(
                    ChangeKind::UnionIntroduced(combinator),
                    here,
                    Value::Null,
                    n.clone(),
                    message,
                );
            }
            (Some(o), None) => {
                let message = format!("{name}: the {keyword} of {} was removed", count_of(o));
                self.push(
                    ChangeKind::UnionRemoved(combinator),
                    here,
                    o.clone(),
                    Value::Null,
                    message,
                );
            }
            (Some(Value::Array(o)), Some(Value::Array(n))) => {
                let pairs = pair_variants(o, n, self.old_root, self.new_root);
                for (i, j) in &pairs.matched {
                    self.schema(&o[*i], &n[*j], &here.join(i), Slot::Other);
                }
                for i in pairs.removed {
                    let message = format!("{name}: {keyword} variant #{i} was removed");
                    self.push(
                        ChangeKind::VariantRemoved(combinator),
                        here.join(i),
                        o[i].clone(),
                        Value::Null,
                        message,
                    );
                }
                for j in pairs.added {
                    let message = format!("{name}: {keyword} variant #{j} was added");
                    self.push(
                        ChangeKind::VariantAdded(combinator),
                        here.join(j),
                        Value::Null,
                        n[j].clone(),
                        message,
                    );
                }
            }
            _ => self.generic(keyword, old, new, at),
        }
    }

    /// A `$ref` left after resolution could not be followed; its text is all there is to compare.
    fn remote_ref(&mut self, old: &Map<String, Value>, new: &Map<String, Value>, at: &JsonPointer) {
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

    fn default(&mut self, old: &Map<String, Value>, new: &Map<String, Value>, at: &JsonPointer) {
        use ChangeKind::{DefaultAdded, DefaultChanged, DefaultRemoved};
        self.edited(
            "default",
            old,
            new,
            at,
            [DefaultAdded, DefaultRemoved, DefaultChanged],
            |edit| format!("default {}", edit.describe()),
        );
    }

    fn documentation(
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

    /// Every keyword without a rule of its own.
    fn others(&mut self, old: &Map<String, Value>, new: &Map<String, Value>, at: &JsonPointer) {
        let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for key in keys {
            if !keywords::is_analysed(key) {
                self.generic(key, old, new, at);
            }
        }
    }

    fn generic(
        &mut self,
        keyword: &str,
        old: &Map<String, Value>,
        new: &Map<String, Value>,
        at: &JsonPointer,
    ) {
        let (kind, suffix) = if keyword.starts_with("x-") {
            (ChangeKind::ExtensionChanged, "")
        } else if keywords::is_annotation(keyword) {
            (ChangeKind::AnnotationChanged, "")
        } else {
            (
                ChangeKind::KeywordChanged,
                "; its effect on requests is not analysed, so it counts as breaking",
            )
        };
        let what = if kind == ChangeKind::ExtensionChanged {
            "extension"
        } else {
            "keyword"
        };
        self.edited(keyword, old, new, at, [kind; 3], |edit| {
            format!("{what} `{keyword}` {}{suffix}", edit.describe())
        });
    }

    /// Reports a keyword whose value was added, removed or changed, as the kind in that
    /// position of `kinds`, with `describe` saying what the edit means for `at`.
    fn edited(
        &mut self,
        keyword: &str,
        old: &Map<String, Value>,
        new: &Map<String, Value>,
        at: &JsonPointer,
        [added, removed, changed]: [ChangeKind; 3],
        describe: impl Fn(&Edit) -> String,
    ) {
        let Some(edit) = Edit::of(old.get(keyword), new.get(keyword)) else {
            return;
        };
        let kind = match edit {
            Edit::Added(_) => added,
            Edit::Removed(_) => removed,
            Edit::Changed(..) => changed,
        };
        let message = format!("{}: {}", field::name(at), describe(&edit));
        self.push(
            kind,
            at.join(keyword),
            get(old, keyword),
            get(new, keyword),
            message,
        );
    }
}

/// How one keyword's value moved between the two schemas.
enum Edit<'v> {
    Added(&'v Value),
    Removed(&'v Value),
    Changed(&'v Value, &'v Value),
}

impl<'v> Edit<'v> {
    /// `None` when the value is the same (numbers compared as numbers).
    fn of(before: Option<&'v Value>, after: Option<&'v Value>) -> Option<Self> {
        match (before, after) {
            (None, Some(n)) => Some(Edit::Added(n)),
            (Some(o), None) => Some(Edit::Removed(o)),
            (Some(o), Some(n)) if !same_value(o, n) => Some(Edit::Changed(o, n)),
            _ => None,
        }
    }

    fn describe(&self) -> String {
        match self {
            Edit::Added(n) => format!("added: {}", show(n)),
            Edit::Removed(o) => format!("removed (was {})", show(o)),
            Edit::Changed(o, n) => {
                let (o, n) = show_both(o, n);
                format!("changed from {o} to {n}")
            }
        }
    }
}

/// A plain schema meeting an `anyOf`/`oneOf` is compared as a union of itself: making a
/// field nullable with `anyOf: [{…}, {type: null}]` then reads as one variant added. Only
/// keywords the union side does not set beside its union move into the variant, and only if
/// that variant pairs with one of the union's; otherwise the union was introduced or removed.
fn lift_into_union(
    plain: &Map<String, Value>,
    union: &Map<String, Value>,
    plain_root: &Value,
    union_root: &Value,
) -> Option<Map<String, Value>> {
    if plain.contains_key("anyOf") || plain.contains_key("oneOf") {
        return None;
    }
    let keyword = ["anyOf", "oneOf"]
        .into_iter()
        .find(|k| union.get(*k).is_some_and(Value::is_array))?;
    let (mut lifted, mut variant) = (Map::new(), Map::new());
    for (key, value) in plain {
        if keywords::is_annotation(key) || union.contains_key(key) {
            lifted.insert(key.clone(), value.clone());
        } else {
            variant.insert(key.clone(), value.clone());
        }
    }
    let variants = union.get(keyword)?.as_array()?;
    let variant = Value::Object(variant);
    let pairs = pair_variants(
        std::slice::from_ref(&variant),
        variants,
        plain_root,
        union_root,
    );
    if pairs.matched.is_empty() {
        return None;
    }
    lifted.insert(keyword.to_owned(), Value::Array(vec![variant]));
    Some(lifted)
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

/// Which old union variant became which new one.
#[derive(Debug, Default, PartialEq, Eq)]
struct Pairs {
    matched: Vec<(usize, usize)>,
    removed: Vec<usize>,
    added: Vec<usize>,
}

/// Pairs identical variants first, then variants of the same shape (type, reference, title),
/// then variants whose types overlap, in order; what is left was removed or added. Position alone never pairs, so a reordered
/// union reports nothing.
fn pair_variants(old: &[Value], new: &[Value], old_root: &Value, new_root: &Value) -> Pairs {
    let mut taken = vec![false; new.len()];
    let mut matched: Vec<Option<usize>> = vec![None; old.len()];
    for (i, variant) in old.iter().enumerate() {
        if let Some(j) = (0..new.len()).find(|&j| !taken[j] && new[j] == *variant) {
            taken[j] = true;
            matched[i] = Some(j);
        }
    }
    let old_shapes: Vec<String> = old.iter().map(|v| shape(v, old_root)).collect();
    let new_shapes: Vec<String> = new.iter().map(|v| shape(v, new_root)).collect();
    for i in 0..old.len() {
        if matched[i].is_some() {
            continue;
        }
        if let Some(j) = (0..new.len()).find(|&j| !taken[j] && new_shapes[j] == old_shapes[i]) {
            taken[j] = true;
            matched[i] = Some(j);
        }
    }
    // Last, a variant whose types overlap (a union of types narrowed to one of them).
    for i in 0..old.len() {
        if matched[i].is_some() {
            continue;
        }
        let old_types = type_set(map_of(&resolve(&old[i], old_root).node));
        let overlaps = |j: usize| {
            let new_types = type_set(map_of(&resolve(&new[j], new_root).node));
            match (&old_types, &new_types) {
                (Some(o), Some(n)) => !o.is_disjoint(n),
                _ => false,
            }
        };
        if let Some(j) = (0..new.len()).find(|&j| !taken[j] && overlaps(j)) {
            taken[j] = true;
            matched[i] = Some(j);
        }
    }
    Pairs {
        matched: matched
            .iter()
            .enumerate()
            .filter_map(|(i, j)| j.map(|j| (i, j)))
            .collect(),
        removed: matched
            .iter()
            .enumerate()
            .filter(|(_, j)| j.is_none())
            .map(|(i, _)| i)
            .collect(),
        added: taken
            .iter()
            .enumerate()
            .filter(|(_, t)| !**t)
            .map(|(j, _)| j)
            .collect(),
    }
}

fn shape(variant: &Value, root: &Value) -> String {
    let reference = variant
        .get("$ref")
        .map(Value::to_string)
        .unwrap_or_default();
    let resolved = resolve(variant, root);
    let map = map_of(&resolved.node);
    let title = map.get("title").map(Value::to_string).unwrap_or_default();
    format!("{:?}|{reference}|{title}", type_set(map))
}

fn map_of<'n>(node: &'n Node<'_>) -> &'n Map<String, Value> {
    match node {
        Node::Object(map) => map,
        Node::Bool(_) => &EMPTY,
    }
}

fn has_ref(map: &Map<String, Value>) -> bool {
    map.iter().any(|(k, v)| k == "$ref" || value_has_ref(v))
}

fn value_has_ref(value: &Value) -> bool {
    match value {
        Value::Object(map) => has_ref(map),
        Value::Array(items) => items.iter().any(value_has_ref),
        _ => false,
    }
}

fn get(map: &Map<String, Value>, keyword: &str) -> Value {
    map.get(keyword).cloned().unwrap_or(Value::Null)
}

fn truthy(map: &Map<String, Value>, keyword: &str) -> bool {
    map.get(keyword) == Some(&Value::Bool(true))
}

fn object_at<'m>(map: &'m Map<String, Value>, keyword: &str) -> &'m Map<String, Value> {
    map.get(keyword).map_or(&EMPTY, object_at_value)
}

fn object_at_value(value: &Value) -> &Map<String, Value> {
    value.as_object().unwrap_or(&EMPTY)
}

fn required(map: &Map<String, Value>) -> BTreeSet<&str> {
    map.get("required")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// The JSON types a schema allows, `None` for any.
fn type_set(map: &Map<String, Value>) -> Option<BTreeSet<String>> {
    match map.get("type")? {
        Value::String(t) => Some(BTreeSet::from([t.clone()])),
        Value::Array(ts) => Some(
            ts.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
        ),
        _ => None,
    }
}

/// Whether every value of the types `inner` is also of the types `outer`.
fn covers(outer: &BTreeSet<String>, inner: &BTreeSet<String>) -> bool {
    inner
        .iter()
        .all(|t| outer.contains(t) || (t == "integer" && outer.contains("number")))
}

fn show_types(types: &Option<BTreeSet<String>>) -> String {
    match types {
        None => "any".to_owned(),
        Some(set) => set.iter().cloned().collect::<Vec<_>>().join(" | "),
    }
}

fn count_of(value: &Value) -> String {
    match value.as_array().map(Vec::len) {
        Some(1) => "1 schema".to_owned(),
        Some(n) => format!("{n} schemas"),
        None => show(value),
    }
}

/// The object an `additionalProperties` pointer belongs to.
fn owner(at: &JsonPointer) -> String {
    let tokens = field::tokens(at);
    let parent = tokens[..tokens.len().saturating_sub(1)]
        .iter()
        .fold(JsonPointer::root(), |p, t| p.join(t));
    field::name(&parent)
}
