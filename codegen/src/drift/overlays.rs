//! The committed overlays against a new catalog: an overlay that now matches no model, and a
//! property an overlay adds that the hub has started to define itself.

use serde_json::Value;

use crate::catalog::{CatalogEntry, ModelId, SchemaSet, SchemaSource};
use crate::overlay::Overlay;
use crate::schema::JsonPointer;

use super::{Change, ChangeKind};

/// The changes the overlays of `old` meet in `new`, in overlay order.
pub fn compare(old: &SchemaSet, new: &SchemaSet) -> Vec<Change> {
    let mut changes = Vec::new();
    for overlay in &old.overlays {
        let matched: Vec<&CatalogEntry> = new
            .catalog
            .models
            .iter()
            .filter(|entry| applies(overlay, entry))
            .collect();
        if matched.is_empty() {
            changes.push(Change::new(
                reported_model(overlay),
                ChangeKind::OverlayUnmatched,
                JsonPointer::root(),
                Value::Null,
                Value::Null,
                format!(
                    "overlay overlays/{}.json matches no model of the new catalog: generation will warn and apply it nowhere; update its applies_to or remove it",
                    overlay.name
                ),
            ).about_overlay(&overlay.name));
            continue;
        }
        for entry in matched {
            for property in overlay.property_names() {
                let defined_by_hub = |set: &SchemaSet, id: &ModelId| {
                    let entry = set.catalog.models.iter().find(|e| &e.id == id)?;
                    set.schema_of(entry)?
                        .pointer(property_pointer(property).as_str())
                        .cloned()
                };
                let Some(now) = defined_by_hub(new, &entry.id) else {
                    continue;
                };
                if defined_by_hub(old, &entry.id).is_some() {
                    continue;
                }
                let ours = overlay
                    .schema
                    .pointer(property_pointer(property).as_str())
                    .cloned()
                    .unwrap_or(Value::Null);
                changes.push(Change::new(
                    entry.id.clone(),
                    ChangeKind::OverlayOverlaps,
                    property_pointer(property),
                    ours,
                    now,
                    format!(
                        "the hub now defines `{property}`, which overlay overlays/{}.json also defines: check whether the overlay is redundant or contradicts the hub",
                        overlay.name
                    ),
                ).about_overlay(&overlay.name));
            }
        }
    }
    changes
}

fn applies(overlay: &Overlay, entry: &CatalogEntry) -> bool {
    overlay.applies_to_model(&entry.id)
        || matches!(entry.schema, SchemaSource::Endpoint(body) if overlay.applies_to_body(body))
}

/// A change names a model: an unmatched overlay is reported under the first model id it
/// names literally, or under its own name.
fn reported_model(overlay: &Overlay) -> ModelId {
    let literal = match &overlay.applies_to {
        crate::overlay::AppliesTo::Models(patterns) => patterns
            .iter()
            .find(|p| !p.contains('*'))
            .and_then(|p| ModelId::parse(p).ok()),
        crate::overlay::AppliesTo::EndpointBody(_) => None,
    };
    literal
        .or_else(|| ModelId::parse(&overlay.name).ok())
        .unwrap_or_else(|| ModelId::parse("overlay").unwrap_or_else(|_| unreachable!("a valid id")))
}

fn property_pointer(property: &str) -> JsonPointer {
    JsonPointer::root().join("properties").join(property)
}
