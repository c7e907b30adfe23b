//! The model-level comparison: which models came and went, and what changed in their
//! catalog entries, before each schema is walked.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::change::{Change, ChangeKind};
use super::error::{DriftError, Side};
use super::keywords::show_both;
use super::walk::Walker;
use crate::catalog::{CatalogEntry, ModelId, SchemaSet};
use crate::error::ModelError;
use crate::schema::JsonPointer;

pub fn compare(old: &SchemaSet, new: &SchemaSet) -> Result<Vec<Change>, DriftError> {
    let old_entries = by_id(old);
    let new_entries = by_id(new);
    let mut changes = Vec::new();
    // What the new catalog leaves out (marked by fetch, or a file it cannot read) is one
    // change of its own, once, unless the old one left it out too.
    let left_out = left_out(new);
    let was_left_out = left_out_ids(old);
    for (id, error) in &left_out {
        if !was_left_out.contains(id) {
            let message = format!("model `{id}` is left out: {}", error.error);
            let change = Change::new(
                (*id).clone(),
                ChangeKind::ModelLeftOut,
                JsonPointer::root(),
                Value::Null,
                Value::String(error.error.source_file.to_string()),
                message,
            );
            changes.push(change);
        }
    }
    for (id, before) in &old_entries {
        if !new_entries.contains_key(id) && !left_out.contains_key(id) {
            changes.push(entry_change(
                before,
                ChangeKind::ModelRemoved,
                Value::String(before.schema.to_string()),
                Value::Null,
                format!("model `{id}` was removed from the catalog"),
            ));
        }
    }
    for (id, after) in &new_entries {
        match old_entries.get(id) {
            None => changes.push(entry_change(
                after,
                ChangeKind::ModelAdded,
                Value::Null,
                Value::String(after.schema.to_string()),
                format!("model `{id}` was added to the catalog"),
            )),
            Some(_) if left_out.contains_key(id) => {}
            Some(_) if was_left_out.contains(id) => changes.push(entry_change(
                after,
                ChangeKind::ModelAdded,
                Value::Null,
                Value::String(after.schema.to_string()),
                format!("model `{id}` is no longer left out"),
            )),
            Some(before) => {
                changes.extend(entry_changes(before, after));
                // Compared by content, so a model moving between its own schema file and an
                // endpoint body reports only what a payload notices.
                let old_schema = schema_of(old, before, Side::Old)?;
                let new_schema = schema_of(new, after, Side::New)?;
                if old_schema != new_schema {
                    changes.extend(Walker::new(id, old_schema, new_schema).run());
                }
            }
        }
    }
    Ok(changes)
}

fn schema_of<'s>(
    set: &'s SchemaSet,
    entry: &CatalogEntry,
    side: Side,
) -> Result<&'s Value, DriftError> {
    set.schema_of(entry)
        .ok_or_else(|| DriftError::MissingSchema {
            model: entry.id.clone(),
            schema: entry.schema.clone(),
            side,
        })
}

/// The models `set` leaves out, each with why: marked in its catalog, or listed with a schema
/// file that could not be read.
fn left_out(set: &SchemaSet) -> BTreeMap<&ModelId, ModelError> {
    let marked = set
        .catalog
        .left_out
        .iter()
        .map(|e| (&e.id, e.to_model_error()));
    let unreadable = set.catalog.models.iter().filter_map(|entry| {
        let error = set.unreadable.get(&entry.schema)?;
        let error = ModelError {
            model: entry.id.clone(),
            error: Box::new(error.clone()),
        };
        Some((&entry.id, error))
    });
    marked.chain(unreadable).collect()
}

fn left_out_ids(set: &SchemaSet) -> BTreeSet<&ModelId> {
    left_out(set).into_keys().collect()
}

fn by_id(set: &SchemaSet) -> BTreeMap<&ModelId, &CatalogEntry> {
    set.catalog.models.iter().map(|e| (&e.id, e)).collect()
}

fn entry_change(
    entry: &CatalogEntry,
    kind: ChangeKind,
    old: Value,
    new: Value,
    message: String,
) -> Change {
    Change::new(
        entry.id.clone(),
        kind,
        JsonPointer::root(),
        old,
        new,
        message,
    )
}

/// The differences between two catalog entries of one model, other than its schema.
fn entry_changes(before: &CatalogEntry, after: &CatalogEntry) -> Vec<Change> {
    let field = |kind, name: &str, old: Value, new: Value| {
        (old != new).then(|| {
            let (shown_old, shown_new) = show_both(&old, &new);
            let message = format!("{name} changed from {shown_old} to {shown_new}");
            entry_change(before, kind, old, new, message)
        })
    };
    let text = |v: &Option<String>| v.clone().map_or(Value::Null, Value::String);
    let capabilities =
        |e: &CatalogEntry| serde_json::to_value(&e.capabilities).unwrap_or(Value::Null);
    [
        field(
            ChangeKind::EndpointChanged,
            "endpoint",
            Value::String(before.endpoint.to_string()),
            Value::String(after.endpoint.to_string()),
        )
        .map(|mut change| {
            change.message.push_str("; requests go to another URL");
            change
        }),
        field(
            ChangeKind::SchemaSourceChanged,
            "schema file",
            Value::String(before.schema.to_string()),
            Value::String(after.schema.to_string()),
        )
        .map(|mut change| {
            change
                .message
                .push_str("; the schemas are compared by content");
            change
        }),
        field(
            ChangeKind::DisplayNameChanged,
            "display name",
            Value::String(before.display_name.clone()),
            Value::String(after.display_name.clone()),
        ),
        field(
            ChangeKind::SummaryChanged,
            "summary",
            text(&before.summary),
            text(&after.summary),
        ),
        field(
            ChangeKind::ModelDescriptionChanged,
            "model description",
            text(&before.description),
            text(&after.description),
        ),
        field(
            ChangeKind::CapabilitiesChanged,
            "capabilities",
            capabilities(before),
            capabilities(after),
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}
