//! Which request type each model gets, under which Rust names, and the schema it is
//! generated from: the catalog's schema file with the overlays that apply merged in.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::catalog::{CatalogEntry, EndpointBody, Family, SchemaSet, SchemaSource};
use crate::error::{ModelError, SchemaError};
use crate::ir::RequestDef;
use crate::names::{self, Scope};
use crate::overlay::{Overlay, OverlayError};
use crate::schema::JsonPointer;

/// What one request type is generated from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeKey {
    /// A schema file as the catalog has it (an endpoint body with its body overlays), one type
    /// shared by every model that names it.
    File(SchemaSource),
    /// A model's schema merged with overlays of its own: the model gets a type of its own.
    Overlaid(crate::catalog::ModelId),
}

/// One model's plan.
#[derive(Debug, Clone)]
pub struct Planned {
    pub key: TypeKey,
    /// The raw schema with every applying overlay merged in.
    pub schema: Value,
    /// Names of the overlays merged in, body overlays first.
    pub overlays: Vec<String>,
}

/// The schema of the shared body `body`, with its body overlays.
pub fn body_schema(
    set: &SchemaSet,
    body: EndpointBody,
) -> Option<Result<(Value, Vec<String>), OverlayError>> {
    let raw = set.schemas.get(&SchemaSource::Endpoint(body))?;
    let overlays: Vec<&Overlay> = set
        .overlays
        .iter()
        .filter(|o| o.applies_to_body(body))
        .collect();
    Some(apply_all(raw, &overlays))
}

fn apply_all(raw: &Value, overlays: &[&Overlay]) -> Result<(Value, Vec<String>), OverlayError> {
    let mut schema = raw.clone();
    for overlay in overlays {
        schema = overlay.apply(&schema)?;
    }
    Ok((schema, overlays.iter().map(|o| o.name.clone()).collect()))
}

pub fn plan_model(set: &SchemaSet, entry: &CatalogEntry) -> Result<Planned, ModelError> {
    let model_error = |pointer: JsonPointer, keyword: &str, message: String| ModelError {
        model: entry.id.clone(),
        error: Box::new(SchemaError {
            source_file: entry.schema.clone(),
            pointer,
            keyword: keyword.to_owned(),
            message,
        }),
    };
    let overlay_error = |error: OverlayError| ModelError {
        model: entry.id.clone(),
        error: Box::new(error.into_schema_error(&entry.schema)),
    };
    let (base, mut applied) = match &entry.schema {
        SchemaSource::Endpoint(body) => body_schema(set, *body),
        SchemaSource::Model(_) | SchemaSource::Response(_) | SchemaSource::LeftOut(_) => set
            .schema_of(entry)
            .map(|raw| Ok((raw.clone(), Vec::new()))),
    }
    .ok_or_else(|| {
        model_error(
            JsonPointer::root(),
            "$schema",
            "the schema file is missing from the catalog directory".into(),
        )
    })?
    .map_err(overlay_error)?;
    let own = set.model_overlays(entry);
    let (schema, names) = apply_all(&base, &own).map_err(overlay_error)?;
    applied.extend(names);
    Ok(Planned {
        key: type_key(set, entry),
        schema,
        overlays: applied,
    })
}

/// The request type `entry` gets: its schema file's, or one of its own when overlays of its
/// own apply.
pub fn type_key(set: &SchemaSet, entry: &CatalogEntry) -> TypeKey {
    if set.model_overlays(entry).is_empty() {
        TypeKey::File(entry.schema.clone())
    } else {
        TypeKey::Overlaid(entry.id.clone())
    }
}

/// One model of the generated crate, carried whole from planning through lowering to emitting.
#[derive(Debug, Clone)]
pub struct PlannedModel<'a> {
    pub entry: &'a CatalogEntry,
    pub names: ModelNames,
    /// The request type it uses: a key of the lowered sources.
    pub key: TypeKey,
}

/// The Rust names of one model.
#[derive(Debug, Clone)]
pub struct ModelNames {
    pub module: String,
    pub marker: String,
    pub request: String,
}

/// A request type after normalization and lowering, with the families of its models.
pub struct LoweredSource {
    pub normalized: Value,
    pub request: RequestDef,
    /// Only for endpoint bodies: the shared module it is emitted into.
    pub shared_module: Option<String>,
    pub families: BTreeSet<Family>,
    /// The overlays merged into the schema, by name.
    pub overlays: Vec<String>,
    /// What lowering warned about (bad defaults, subschemas left as JSON).
    pub warnings: Vec<SchemaError>,
}

/// Names for every model: unique modules and types even when ids collide after conversion.
pub fn model_names(entries: &[CatalogEntry]) -> Vec<ModelNames> {
    let mut modules = Scope::with_reserved(&["runtime", "shared", "models"]);
    let mut types = Scope::with_reserved(names::RESERVED_TYPE_NAMES);
    for body in crate::catalog::EndpointBody::ALL {
        types.claim(shared_request_name(*body));
    }
    // Response types are re-exported at the crate root beside the markers.
    for body in crate::catalog::ResponseBody::ALL {
        types.claim(body.openapi_component().to_owned());
    }
    entries
        .iter()
        .map(|entry| {
            let module = modules.claim(names::field_ident(entry.id.as_str(), "model"));
            let marker = types.claim(names::type_ident(entry.id.as_str(), "Model"));
            let request = types.claim(format!("{marker}Request"));
            ModelNames {
                module,
                marker,
                request,
            }
        })
        .collect()
}

pub fn shared_request_name(body: crate::catalog::EndpointBody) -> String {
    format!("{}Request", names::type_ident(body.as_str(), "Body"))
}
