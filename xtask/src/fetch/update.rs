//! Turning a fetch into the new `schemas/`: merging a partial refresh, telling what changed,
//! and writing it all at once.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use oxen_codegen::catalog::CatalogError;
use oxen_codegen::catalog::{CATALOG_FILE, RESPONSES_DIR};
use oxen_codegen::hub::HubDataError;
use oxen_codegen::hub::{self, HubModel};
use oxen_codegen::tree::FileTree;
use oxen_codegen::{EndpointBody, ModelId, SchemaSet, SchemaSource};
use serde_json::Value;

use super::checks::usable_schema;
use super::error::SchemasError;

/// The catalog in `dir`, or an empty one when there is none yet.
pub fn read_current(dir: &Path) -> Result<SchemaSet, SchemasError> {
    if dir.join(CATALOG_FILE).exists() {
        Ok(SchemaSet::read(dir)?)
    } else {
        Ok(SchemaSet::default())
    }
}

/// The endpoint bodies in `dir/endpoints/` (read even when there is no catalog yet), which the
/// hub's model objects do not carry and every fetch keeps as they are.
pub fn read_endpoint_bodies(dir: &Path) -> Result<BTreeMap<EndpointBody, Value>, SchemasError> {
    let mut bodies = BTreeMap::new();
    for &body in EndpointBody::ALL {
        let path = dir.join(SchemaSource::Endpoint(body).relative_path());
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
            Err(source) => return Err(CatalogError::Io { path, source }.into()),
        };
        let schema =
            serde_json::from_str(&text).map_err(|source| CatalogError::Json { path, source })?;
        bodies.insert(body, schema);
    }
    Ok(bodies)
}

/// `current` with the fetched models put in place of their old entries; the rest is kept.
pub fn merge_models(
    current: &SchemaSet,
    fetched: Vec<HubModel>,
    endpoint_bodies: &BTreeMap<EndpointBody, Value>,
) -> Result<SchemaSet, HubDataError> {
    let refreshed: BTreeSet<&str> = fetched.iter().map(|model| model.id.as_str()).collect();
    let mut models: Vec<HubModel> = current
        .catalog
        .models
        .iter()
        .filter(|entry| !refreshed.contains(entry.id.as_str()))
        .map(|entry| HubModel {
            id: entry.id.to_string(),
            display_name: Some(entry.display_name.clone()),
            summary: entry.summary.clone(),
            description: entry.description.clone(),
            endpoint: Some(entry.endpoint.to_string()),
            capabilities: Some(entry.capabilities.clone()),
            // A model on its endpoint's body goes back as null, as the hub sends it.
            json_request_schema: match &entry.schema {
                SchemaSource::Model(_) => current.schema_of(entry).cloned(),
                SchemaSource::Endpoint(_)
                | SchemaSource::Response(_)
                | SchemaSource::LeftOut(_) => None,
            },
        })
        .collect();
    // The left-out models stay as they were fetched, and are checked again with the rest.
    models.extend(
        current
            .catalog
            .left_out
            .iter()
            .filter(|entry| !refreshed.contains(entry.id.as_str()))
            .filter_map(|entry| current.schemas.get(&entry.file))
            .filter_map(|object| serde_json::from_value::<HubModel>(object.clone()).ok()),
    );
    models.extend(fetched);
    hub::schema_set_from_hub(models, endpoint_bodies, &usable_schema)
}

/// Models added, changed (entry or schema) and removed between two catalogs.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: Vec<ModelId>,
    pub changed: Vec<ModelId>,
    pub removed: Vec<ModelId>,
    pub unchanged: usize,
}

impl Changes {
    pub fn between(old: &SchemaSet, new: &SchemaSet) -> Self {
        let index = |set: &SchemaSet| {
            set.catalog
                .models
                .iter()
                .map(|entry| {
                    (
                        entry.id.clone(),
                        (entry.clone(), set.schema_of(entry).cloned()),
                    )
                })
                .collect::<BTreeMap<_, _>>()
        };
        let (old, new) = (index(old), index(new));
        let mut changes = Changes::default();
        for (id, now) in &new {
            match old.get(id) {
                None => changes.added.push(id.clone()),
                Some(before) if before != now => changes.changed.push(id.clone()),
                Some(_) => changes.unchanged += 1,
            }
        }
        changes.removed = old
            .keys()
            .filter(|id| !new.contains_key(*id))
            .cloned()
            .collect();
        changes
    }

    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

/// Makes `dir` hold `set` in canonical form, writing only the files that change (see
/// [`FileTree::write_replacing`]); leaves `dir` untouched when it already holds these bytes.
/// Returns whether anything was written.
pub fn write_schemas(set: &SchemaSet, dir: &Path) -> Result<bool, SchemasError> {
    let write_error = |source| SchemasError::Write {
        dir: dir.to_owned(),
        source,
    };
    let current = FileTree::read(dir).map_err(write_error)?;
    // Overlays are hand-maintained: they go back exactly as they were. Responses come from
    // the OpenAPI description: a set without them (a fetch) keeps the ones there are.
    let mut wanted = FileTree(set.to_files());
    let has_responses = wanted.0.keys().any(|path| path.starts_with(RESPONSES_DIR));
    wanted.0.extend(
        current
            .0
            .iter()
            .filter(|(path, _)| {
                path.starts_with(oxen_codegen::overlay::OVERLAY_DIR)
                    || (!has_responses && path.starts_with(RESPONSES_DIR))
            })
            .map(|(path, text)| (path.clone(), text.clone())),
    );
    if current == wanted {
        return Ok(false);
    }
    wanted.write_replacing(dir).map_err(write_error)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn hub_model(id: &str, schema: Option<Value>) -> HubModel {
        serde_json::from_value(json!({
            "id": id,
            "display_name": id.to_uppercase(),
            "endpoint": "/images/generate",
            "json_request_schema": schema,
        }))
        .expect("hub model")
    }

    fn bodies() -> BTreeMap<EndpointBody, Value> {
        BTreeMap::from([(EndpointBody::ImagesGenerate, json!({"type": "object"}))])
    }

    fn catalog(models: Vec<HubModel>) -> SchemaSet {
        hub::schema_set_from_hub(models, &bodies(), &usable_schema).expect("catalog")
    }

    #[test]
    fn merging_replaces_only_the_fetched_models() {
        let current = catalog(vec![
            hub_model("a", Some(json!({"type": "object"}))),
            hub_model("b", None),
        ]);
        let merged = merge_models(
            &current,
            vec![hub_model(
                "a",
                Some(json!({"type": "object", "title": "new"})),
            )],
            &bodies(),
        )
        .expect("merged");
        let changes = Changes::between(&current, &merged);
        assert_eq!(changes.changed, vec![ModelId::parse("a").expect("id")]);
        assert_eq!(changes.unchanged, 1);
        assert_eq!(merged.to_files().len(), current.to_files().len());
    }

    #[test]
    fn merging_nothing_reproduces_the_catalog_exactly() {
        let current = catalog(vec![
            hub_model("a", Some(json!({"type": "object"}))),
            hub_model("b", None),
        ]);
        let merged = merge_models(&current, Vec::new(), &bodies()).expect("merged");
        assert_eq!(merged.to_files(), current.to_files());
    }

    #[test]
    fn changes_name_added_changed_and_removed_models() {
        let old = catalog(vec![
            hub_model("keep", None),
            hub_model("gone", None),
            hub_model("edit", None),
        ]);
        let new = catalog(vec![
            hub_model("keep", None),
            hub_model("edit", Some(json!({"type": "object"}))),
            hub_model("new", None),
        ]);
        let ids = |names: &[&str]| -> Vec<ModelId> {
            names
                .iter()
                .map(|n| ModelId::parse(n).expect("id"))
                .collect()
        };
        assert_eq!(
            Changes::between(&old, &new),
            Changes {
                added: ids(&["new"]),
                changed: ids(&["edit"]),
                removed: ids(&["gone"]),
                unchanged: 1,
            }
        );
    }

    #[test]
    fn writing_the_same_catalog_again_touches_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let schemas = dir.path().join("schemas");
        let set = catalog(vec![hub_model("a", None)]);
        assert!(write_schemas(&set, &schemas).expect("first write"));
        assert!(!write_schemas(&set, &schemas).expect("second write"));
    }
}
