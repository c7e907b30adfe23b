//! One test per rule, each direction separately: the change a schema edit produces, its
//! pointer and its severity.

mod bounds;
mod catalog;
mod defaults;
mod documentation;
mod enums;
mod properties;
mod references;
mod strings_and_arrays;
mod types;
mod unanalysed;
mod unions;

pub(super) use serde_json::{Value, json};

pub(super) use super::walk::Walker;
pub(super) use super::*;
pub(super) use crate::catalog::{
    Capabilities, CatalogEntry, Endpoint, EndpointBody, ModelId, SchemaSet, SchemaSource,
};

pub(super) fn model() -> ModelId {
    ModelId::parse("test-model").expect("valid id")
}

pub(super) fn walk(old: Value, new: Value) -> Vec<Change> {
    let id = model();
    Walker::new(&id, &old, &new).run()
}

/// The one change `old` → `new` produces.
pub(super) fn only(old: Value, new: Value) -> Change {
    let changes = walk(old, new);
    assert_eq!(changes.len(), 1, "expected one change, got {changes:#?}");
    changes.into_iter().next().expect("one change")
}

pub(super) fn assert_change(change: &Change, kind: &str, pointer: &str, severity: Severity) {
    assert_eq!(
        (
            change.kind.name().as_str(),
            change.pointer.as_str(),
            change.severity
        ),
        (kind, pointer, severity),
        "{change:#?}"
    );
}

pub(super) fn object(properties: Value, required: &[&str]) -> Value {
    json!({"type": "object", "properties": properties, "required": required})
}

pub(super) fn prop(schema: Value) -> Value {
    json!({"properties": {"size": schema}})
}
