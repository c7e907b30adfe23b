//! The schema catalog: `schemas/catalog.json` and the schema files it names.
//!
//! This is the one source of truth the generator reads and `cargo xtask fetch` writes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::canonical;
pub use crate::ids::{
    Endpoint, EndpointBody, Family, InvalidModelId, MAX_MODEL_ID_LEN, ModelId, RESPONSES_DIR,
    ResponseBody, SchemaSource,
};
use crate::overlay::{AppliesTo, Overlay, OverlayError, read_overlays};

/// Reading or writing a `schemas/` directory.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is not valid JSON: {source}", path.display())]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{}: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
    #[error(transparent)]
    Overlay(#[from] OverlayError),
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capabilities {
    #[serde(default)]
    pub input: Vec<String>,
    #[serde(default)]
    pub output: Vec<String>,
}

/// One model of `schemas/catalog.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogEntry {
    pub id: ModelId,
    pub display_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub endpoint: Endpoint,
    #[serde(default)]
    pub capabilities: Capabilities,
    pub schema: SchemaSource,
}

/// `schemas/catalog.json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    pub models: Vec<CatalogEntry>,
}

pub const CATALOG_FILE: &str = "catalog.json";

/// A whole `schemas/` directory in memory: the catalog, every schema file it names, and the
/// hand-maintained overlays.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SchemaSet {
    pub catalog: Catalog,
    pub schemas: BTreeMap<SchemaSource, Value>,
    /// `overlays/*.json`, sorted by name. Not part of [`SchemaSet::to_files`]: they are not
    /// fetched data, and a fetch keeps the files as they are.
    pub overlays: Vec<Overlay>,
}

impl SchemaSet {
    /// Reads `dir/catalog.json` and every schema it names.
    pub fn read(dir: &Path) -> Result<Self, CatalogError> {
        let catalog_path = dir.join(CATALOG_FILE);
        let catalog: Catalog =
            serde_json::from_str(&read_text(&catalog_path)?).map_err(|source| {
                CatalogError::Json {
                    path: catalog_path.clone(),
                    source,
                }
            })?;
        let mut set = SchemaSet {
            catalog,
            schemas: BTreeMap::new(),
            overlays: read_overlays(dir)?,
        };
        set.check_catalog(&catalog_path)?;
        let mut sources: Vec<SchemaSource> = set
            .catalog
            .models
            .iter()
            .map(|m| m.schema.clone())
            .collect();
        sources.extend(
            EndpointBody::ALL
                .iter()
                .map(|&body| SchemaSource::Endpoint(body)),
        );
        sources.extend(
            ResponseBody::ALL
                .iter()
                .map(|&body| SchemaSource::Response(body)),
        );
        let mut named = BTreeSet::new();
        sources.retain(|source| named.insert(source.clone()));
        // Read and parsed on every core; the first failure in this order is reported.
        let read: Vec<Result<Option<(SchemaSource, Value)>, CatalogError>> = sources
            .into_par_iter()
            .map(|source| {
                let path = dir.join(source.relative_path());
                // Endpoint and response bodies are optional: a catalog may not need them.
                if !matches!(source, SchemaSource::Model(_)) && !path.exists() {
                    return Ok(None);
                }
                let schema = serde_json::from_str(&read_text(&path)?)
                    .map_err(|source| CatalogError::Json { path, source })?;
                Ok(Some((source, schema)))
            })
            .collect();
        for schema in read {
            set.schemas.extend(schema?);
        }
        Ok(set)
    }

    /// Ids are unique and sorted, and a model's own schema file carries its own id.
    fn check_catalog(&self, path: &Path) -> Result<(), CatalogError> {
        for pair in self.catalog.models.windows(2) {
            if pair[0].id >= pair[1].id {
                return Err(CatalogError::Invalid {
                    path: path.to_owned(),
                    message: format!(
                        "models must be sorted by id without repeats, but \"{}\" comes before \"{}\"",
                        pair[0].id, pair[1].id
                    ),
                });
            }
        }
        for entry in &self.catalog.models {
            if let SchemaSource::Model(id) = &entry.schema
                && id != &entry.id
            {
                return Err(CatalogError::Invalid {
                    path: path.to_owned(),
                    message: format!("model \"{}\" names the schema file of \"{id}\"", entry.id),
                });
            }
        }
        Ok(())
    }

    /// The overlays that patch a model's own schema (not its endpoint body's), in name order.
    pub fn model_overlays(&self, entry: &CatalogEntry) -> Vec<&Overlay> {
        self.overlays
            .iter()
            .filter(|o| o.applies_to_model(&entry.id))
            .collect()
    }

    /// The overlays that apply to nothing in the catalog (their models left the hub): stale,
    /// a warning for `generate` and an `overlay-unmatched` change for `check`.
    pub fn unmatched_overlays(&self) -> impl Iterator<Item = &Overlay> {
        self.overlays.iter().filter(|overlay| match &overlay.applies_to {
            AppliesTo::Models(_) => !self.catalog.models.iter().any(|m| overlay.applies_to_model(&m.id)),
            AppliesTo::EndpointBody(_) => !self.catalog.models.iter().any(|m| {
                matches!(m.schema, SchemaSource::Endpoint(body) if overlay.applies_to_body(body))
            }),
        })
    }

    /// The schema a model's request body is described by.
    pub fn schema_of(&self, entry: &CatalogEntry) -> Option<&Value> {
        self.schemas.get(&entry.schema)
    }

    /// Every file of the directory, in canonical form, keyed by path relative to it.
    pub fn to_files(&self) -> BTreeMap<PathBuf, String> {
        let mut files = BTreeMap::new();
        let catalog = serde_json::to_value(&self.catalog).unwrap_or(Value::Null);
        files.insert(PathBuf::from(CATALOG_FILE), canonical::to_string(&catalog));
        for (source, schema) in &self.schemas {
            files.insert(source.relative_path(), canonical::to_string(schema));
        }
        files
    }
}

fn read_text(path: &Path) -> Result<String, CatalogError> {
    std::fs::read_to_string(path).map_err(|source| CatalogError::Io {
        path: path.to_owned(),
        source,
    })
}
