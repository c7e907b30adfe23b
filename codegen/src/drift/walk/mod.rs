//! The recursive comparison of one model's old and new schema.
//!
//! [`Walker::schema`] resolves each pair of subschemas and dispatches keyword groups to the
//! submodules: [`values`] (type, enum, bounds, formats, defaults, documentation), [`objects`]
//! (properties, `required`, subschemas, items) and [`unions`] (`anyOf`/`oneOf`/`allOf`).

mod objects;
mod unions;
mod values;

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::change::{Bound, Change, ChangeKind, Combinator};
use super::field;
use super::keywords::{self, same_value, show, show_both};
use super::resolve::{Node, resolve};
use crate::catalog::ModelId;
use crate::lower::MAX_SCHEMA_DEPTH;
use crate::schema::JsonPointer;
use crate::schema::keywords as schema_keywords;
use crate::schema::reference as schema_reference;
use objects::owner;
use unions::lift_into_union;

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
    /// Set by the caller of [`Walker::schema`] for a property required on both sides, and
    /// taken by that call alone: nested schemas are not the property itself.
    next_is_required: bool,
    /// How many schema pairs are being compared further up, `$ref`s followed included.
    depth: usize,
    changes: Vec<Change>,
}

impl<'a> Walker<'a> {
    pub fn new(model: &'a ModelId, old_root: &'a Value, new_root: &'a Value) -> Self {
        Self {
            model,
            old_root,
            new_root,
            active: Vec::new(),
            next_is_required: false,
            depth: 0,
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
        let required = std::mem::take(&mut self.next_is_required);
        let is_schema = |v: &Value| v.is_object() || v.is_boolean();
        if !(is_schema(old) && is_schema(new)) {
            if !same_below(old, self.old_root, new, self.new_root) {
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
        if self.depth >= MAX_SCHEMA_DEPTH {
            // Past the limit the walk would only risk the stack: a difference below is one
            // change, of a kind whose effect is not analysed (failing closed).
            if !same_below(old, self.old_root, new, self.new_root) {
                let message = format!(
                    "{}: the schemas differ below {MAX_SCHEMA_DEPTH} levels of nested subschemas \
                     (MAX_SCHEMA_DEPTH), where the comparison stops",
                    field::name(at)
                );
                self.push(
                    ChangeKind::KeywordChanged,
                    at.clone(),
                    Value::Null,
                    Value::Null,
                    message,
                );
            }
            return;
        }
        self.depth += 1;
        self.compare_resolved(old, new, at, slot, required);
        self.depth -= 1;
    }

    /// [`Walker::schema`] for two schemas (objects or booleans), one level deeper.
    fn compare_resolved(
        &mut self,
        old: &Value,
        new: &Value,
        at: &JsonPointer,
        slot: Slot,
        required: bool,
    ) {
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
            (old_node, new_node) => {
                self.keywords(map_of(old_node), map_of(new_node), at, required);
            }
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

    fn keywords(
        &mut self,
        old: &Map<String, Value>,
        new: &Map<String, Value>,
        at: &JsonPointer,
        required: bool,
    ) {
        if old == new && !has_ref(old) {
            return;
        }
        if let Some(lifted) = lift_into_union(old, new, self.old_root, self.new_root) {
            return self.keywords(&lifted, new, at, required);
        }
        if let Some(lifted) = lift_into_union(new, old, self.new_root, self.old_root) {
            return self.keywords(old, &lifted, at, required);
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
        self.default(old, new, at, required);
        self.documentation(old, new, at);
        self.others(old, new, at);
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
        } else if schema_keywords::accepts_anything(keyword) {
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

/// Whether `old` and `new` are equal with every schema their `$ref`s lead to (followed
/// without recursion, each reference once): what the walk would find no change in.
fn same_below(old: &Value, old_root: &Value, new: &Value, new_root: &Value) -> bool {
    let mut pending = vec![(old, new)];
    let mut followed = BTreeSet::new();
    while let Some((old, new)) = pending.pop() {
        if old != new {
            return false;
        }
        for (_, schema) in crate::schema::walk::subschemas(old) {
            let Some(reference) = schema.get("$ref") else {
                continue;
            };
            if !followed.insert(reference.to_string()) {
                continue;
            }
            let targets = (
                schema_reference::resolve(reference, old_root),
                schema_reference::resolve(reference, new_root),
            );
            match targets {
                (Ok(old), Ok(new)) => pending.push((old.schema, new.schema)),
                (Err(old), Err(new)) if old == new => {}
                _ => return false,
            }
        }
    }
    true
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
