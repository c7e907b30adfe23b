//! Objects and arrays: properties and `required`, `additionalProperties` and the other
//! single subschemas, `items` and `prefixItems`.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::{ANYTHING, EMPTY, Slot, Walker};
use crate::drift::change::ChangeKind;
use crate::drift::field;
use crate::schema::JsonPointer;

impl Walker<'_> {
    pub(super) fn properties(
        &mut self,
        old: &Map<String, Value>,
        new: &Map<String, Value>,
        at: &JsonPointer,
    ) {
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
                    let (was, is) = (
                        old_required.contains(name.as_str()),
                        new_required.contains(name.as_str()),
                    );
                    self.next_is_required = was && is;
                    self.schema(o, n, &here, Slot::Other);
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

    pub(super) fn requiredness(&mut self, was: bool, is: bool, here: JsonPointer) {
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
    pub(super) fn subschema(
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
    pub(super) fn items(
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

/// The object an `additionalProperties` pointer belongs to.
pub(super) fn owner(at: &JsonPointer) -> String {
    let parent = at.parent().map(|(parent, _)| parent).unwrap_or_default();
    field::name(&parent)
}
