//! The schema catalog: `schemas/catalog.json` and the schema files it names.
//!
//! This is the one source of truth the generator reads and `cargo xtask fetch` writes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::canonical;
use crate::error::{ModelError, SchemaError};
pub use crate::ids::{
    Endpoint, EndpointBody, Family, InvalidModelId, LEFT_OUT_DIR, MAX_MODEL_ID_LEN, ModelId,
    RESPONSES_DIR, ResponseBody, SchemaSource,
};
use crate::overlay::{AppliesTo, Overlay, OverlayError, read_overlays};
use crate::schema::JsonPointer;

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
    /// The models of the hub that `fetch` kept but the project cannot use, sorted by id;
    /// `generate` leaves them out (absent from the file when there are none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub left_out: Vec<LeftOutEntry>,
}

/// A model whose answer arrived but cannot be used: an endpoint the project does not know, a
/// schema that is not a valid JSON Schema once normalized, or past a limit. Its model object
/// is kept in `left-out/<id>.json` as fetched, so nothing the hub said is lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeftOutEntry {
    pub id: ModelId,
    /// The endpoint as the hub names it (maybe one the project does not know).
    pub endpoint: String,
    /// `left-out/<id>.json`.
    pub file: SchemaSource,
    /// A JSON Pointer into the model object to what cannot be used (`/endpoint`,
    /// `/json_request_schema/...`).
    pub pointer: String,
    /// The keyword (or field) at fault.
    pub keyword: String,
    /// Why, in a sentence.
    pub reason: String,
}

impl LeftOutEntry {
    /// The entry as the error `generate` lists it with (`LEFT_OUT`, `docs/README.md`).
    pub fn to_model_error(&self) -> ModelError {
        ModelError {
            model: self.id.clone(),
            error: Box::new(SchemaError {
                source_file: self.file.clone(),
                pointer: JsonPointer::from(self.pointer.as_str()),
                keyword: self.keyword.clone(),
                message: format!("left out by fetch: {}", self.reason),
            }),
        }
    }
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
    /// The schema files of models and endpoint bodies that could not be read (unreadable, not
    /// JSON, nested past what `serde_json` reads): each is the refusal of the models described
    /// by it, not the catalog's failure.
    pub unreadable: BTreeMap<SchemaSource, SchemaError>,
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
            unreadable: BTreeMap::new(),
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
        sources.extend(set.catalog.left_out.iter().map(|entry| entry.file.clone()));
        let mut named = BTreeSet::new();
        sources.retain(|source| named.insert(source.clone()));
        // Read and parsed on every core; the first failure of a response body (which every
        // model of an endpoint family needs) in this order is the catalog's.
        let read: Vec<(SchemaSource, Result<Option<Value>, CatalogError>)> = sources
            .into_par_iter()
            .map(|source| {
                let path = dir.join(source.relative_path());
                // Endpoint and response bodies are optional: a catalog may not need them.
                let optional = matches!(
                    source,
                    SchemaSource::Endpoint(_) | SchemaSource::Response(_)
                );
                if optional && !path.exists() {
                    return (source, Ok(None));
                }
                let parsed = read_text(&path).and_then(|text| {
                    serde_json::from_str(&text)
                        .map_err(|source| CatalogError::Json { path, source })
                });
                (source, parsed.map(Some))
            })
            .collect();
        for (source, schema) in read {
            match schema {
                Ok(schema) => set.schemas.extend(schema.map(|schema| (source, schema))),
                Err(error) if matches!(source, SchemaSource::Response(_)) => return Err(error),
                Err(error) => {
                    let refusal = unreadable(&source, &error);
                    set.unreadable.insert(source, refusal);
                }
            }
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

/// Why a schema file could not be read, as the refusal of the models it describes.
fn unreadable(source: &SchemaSource, error: &CatalogError) -> SchemaError {
    let (keyword, message) = match error {
        CatalogError::Json { source: json, .. } if canonical::is_too_deep(json) => (
            "limit",
            format!(
                "the file nests arrays and objects deeper than the {} levels `serde_json` reads \
                 (at line {} column {}), past MAX_SCHEMA_DEPTH; flatten it with `$defs` and \
                 `$ref`s",
                canonical::SERDE_JSON_DEPTH,
                json.line(),
                json.column()
            ),
        ),
        CatalogError::Json { source: json, .. } => ("json", format!("not valid JSON: {json}")),
        CatalogError::Io { source: io, .. } => ("read", format!("cannot read the file: {io}")),
        other => ("read", other.to_string()),
    };
    SchemaError {
        source_file: source.clone(),
        pointer: JsonPointer::root(),
        keyword: keyword.to_owned(),
        message,
    }
}

fn read_text(path: &Path) -> Result<String, CatalogError> {
    std::fs::read_to_string(path).map_err(|source| CatalogError::Io {
        path: path.to_owned(),
        source,
    })
}
