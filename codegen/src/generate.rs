//! Runs every stage over the whole catalog: plan each model's type, normalize, check and lower
//! each schema once, then lay out the crate's files.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::catalog::{EndpointBody, SchemaSet, SchemaSource};
use crate::check::check_against_meta_schema;
use crate::emit::layout::emit_crate;
use crate::error::{GENERATOR_BUG, GenerateErrors, JsonPointer, ModelError, SchemaError};
use crate::ir::RequestDef;
use crate::lower::lower_request;
use crate::names;
use crate::normalize::normalize;
use crate::plan::{LoweredSource, TypeKey, body_schema, plan_model, shared_request_name};
pub use crate::plan::{ModelNames, model_names};
use crate::tree::FileTree;

/// Normalizes, checks and lowers one schema.
fn lower_source(
    source: &SchemaSource,
    raw: &Value,
    request_name: &str,
    reserved: &[&str],
) -> Result<(Value, RequestDef), SchemaError> {
    crate::lower::check_limits(raw, source)?;
    let normalized = normalize(raw);
    if let Some(violation) = check_against_meta_schema(&normalized).into_iter().next() {
        return Err(SchemaError {
            source_file: source.clone(),
            pointer: violation.pointer,
            keyword: violation.keyword,
            message: format!(
                "not a valid JSON Schema (draft 2020-12): {}",
                violation.message
            ),
        });
    }
    let request = lower_request(&normalized, request_name, source, reserved)?;
    Ok((normalized, request))
}

/// Generates the whole crate in memory. Every model that fails is reported; nothing is
/// returned unless all succeed.
pub fn generate_crate(set: &SchemaSet) -> Result<FileTree, GenerateErrors> {
    // Every output (module list, re-exports, the docs index, which of two colliding names gets
    // the suffix) follows the models' ids, not the order the catalog happens to list them in.
    let sorted;
    let set = if set.catalog.models.is_sorted_by(|a, b| a.id <= b.id) {
        set
    } else {
        let mut copy = set.clone();
        copy.catalog.models.sort_by(|a, b| a.id.cmp(&b.id));
        sorted = copy;
        &sorted
    };
    let entries = &set.catalog.models;
    let names = model_names(entries);
    let mut errors = Vec::new();
    let mut sources: BTreeMap<TypeKey, LoweredSource> = BTreeMap::new();

    // Shared bodies first: every model on one uses it, directly or through its own overlaid
    // type, which imports the body's types rather than repeating them.
    let mut body_failures: BTreeMap<EndpointBody, SchemaError> = BTreeMap::new();
    for entry in entries {
        let SchemaSource::Endpoint(body) = entry.schema else {
            continue;
        };
        let key = TypeKey::File(entry.schema.clone());
        if let Some(lowered) = sources.get_mut(&key) {
            lowered.families.insert(entry.endpoint.family());
            continue;
        }
        if body_failures.contains_key(&body) {
            continue;
        }
        let lowered = match body_schema(set, body) {
            None => continue,
            Some(Err(error)) => Err(error.into_schema_error(&entry.schema)),
            Some(Ok((schema, overlays))) => {
                lower_source(&entry.schema, &schema, &shared_request_name(body), &[]).map(
                    |(normalized, request)| LoweredSource {
                        normalized,
                        request,
                        shared_module: Some(names::snake(body.as_str())),
                        families: BTreeSet::from([entry.endpoint.family()]),
                        overlays,
                    },
                )
            }
        };
        match lowered {
            Ok(lowered) => {
                sources.insert(key, lowered);
            }
            Err(error) => {
                body_failures.insert(body, error);
            }
        }
    }

    let mut keys = Vec::with_capacity(entries.len());
    for (entry, name) in entries.iter().zip(&names) {
        if let SchemaSource::Endpoint(body) = entry.schema
            && let Some(error) = body_failures.get(&body)
        {
            errors.push(ModelError {
                model: entry.id.clone(),
                error: error.clone(),
            });
            continue;
        }
        let planned = match plan_model(set, entry) {
            Ok(planned) => planned,
            Err(error) => {
                errors.push(error);
                continue;
            }
        };
        keys.push(planned.key.clone());
        if sources.contains_key(&planned.key) {
            continue;
        }
        match lower_source(
            &entry.schema,
            &planned.schema,
            &name.request,
            &[name.marker.as_str()],
        ) {
            Ok((normalized, request)) => {
                let families = BTreeSet::from([entry.endpoint.family()]);
                sources.insert(
                    planned.key,
                    LoweredSource {
                        normalized,
                        request,
                        shared_module: None,
                        families,
                        overlays: planned.overlays,
                    },
                );
            }
            Err(error) => errors.push(ModelError {
                model: entry.id.clone(),
                error,
            }),
        }
    }
    if !errors.is_empty() {
        return Err(GenerateErrors(errors));
    }
    emit_crate(set, &names, &keys, &sources).map_err(|error| {
        GenerateErrors(vec![ModelError {
            model: entries[0].id.clone(),
            error: SchemaError {
                source_file: entries[0].schema.clone(),
                pointer: JsonPointer::root(),
                keyword: GENERATOR_BUG.into(),
                message: format!("emitted invalid Rust: {error}"),
            },
        }])
    })
}
