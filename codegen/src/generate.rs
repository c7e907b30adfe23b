//! Runs every stage over the whole catalog: plan each model's type, normalize, check and lower
//! each schema once, then lay out the crate's files.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::catalog::{EndpointBody, ResponseBody, SchemaSet, SchemaSource};
use crate::check::check_against_meta_schema;
use crate::emit::layout::emit_crate;
use crate::error::{
    GENERATOR_BUG, GenerateErrors, JsonPointer, ModelError, ModelWarning, SchemaError,
};
use crate::ir::RequestDef;
use crate::lower::{LoweredRequest, lower_request, lower_response};
use crate::names;
use crate::normalize::normalize;
use crate::overlay::Overlay;
use crate::plan::{LoweredSource, TypeKey, body_schema, plan_model, shared_request_name};
pub use crate::plan::{ModelNames, model_names};
use crate::tree::FileTree;

/// Normalizes, checks and lowers one request schema.
fn lower_source(
    source: &SchemaSource,
    raw: &Value,
    request_name: &str,
    reserved: &[&str],
) -> Result<(Value, LoweredRequest), SchemaError> {
    let normalized = normalize_checked(source, raw)?;
    let request = lower_request(&normalized, request_name, source, reserved)?;
    Ok((normalized, request))
}

/// Normalizes a schema and checks it against the draft 2020-12 meta-schema.
fn normalize_checked(source: &SchemaSource, raw: &Value) -> Result<Value, SchemaError> {
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
    Ok(normalized)
}

/// Lowers every response body of the catalog (`responses/`), each into a type named after its
/// OpenAPI component. A response that fails is reported for every model that can get it.
fn lower_responses(
    set: &SchemaSet,
    errors: &mut Vec<ModelError>,
) -> BTreeMap<ResponseBody, RequestDef> {
    let mut responses = BTreeMap::new();
    for &body in ResponseBody::ALL {
        let source = SchemaSource::Response(body);
        let Some(raw) = set.schemas.get(&source) else {
            continue;
        };
        let mut schema = raw.clone();
        keep_unknown_properties(&mut schema);
        let lowered = normalize_checked(&source, &schema)
            .and_then(|normalized| lower_response(&normalized, body.openapi_component(), &source));
        match lowered {
            Ok(lowered) => {
                responses.insert(body, lowered.request);
            }
            Err(error) => errors.extend(
                set.catalog
                    .models
                    .iter()
                    .filter(|entry| ResponseBody::for_endpoint(entry.endpoint).contains(&body))
                    .map(|entry| ModelError {
                        model: entry.id.clone(),
                        error: error.clone(),
                    }),
            ),
        }
    }
    responses
}

/// Responses keep what the hub adds later: an object schema with `properties` that says
/// nothing of others gets `additionalProperties: {}` (the same meaning in JSON Schema), which
/// lowers to a flattened map holding every undeclared property.
fn keep_unknown_properties(schema: &mut Value) {
    let Value::Object(map) = schema else {
        return;
    };
    if map.contains_key("properties") && !map.contains_key("additionalProperties") {
        map.insert(
            "additionalProperties".to_owned(),
            Value::Object(Default::default()),
        );
    }
    for (keyword, child) in map.iter_mut() {
        match (keyword.as_str(), child) {
            ("properties" | "$defs" | "definitions", Value::Object(children)) => {
                children.values_mut().for_each(keep_unknown_properties);
            }
            ("allOf" | "anyOf" | "oneOf", Value::Array(children)) => {
                children.iter_mut().for_each(keep_unknown_properties);
            }
            ("items", child) => keep_unknown_properties(child),
            _ => {}
        }
    }
}

/// A generated crate, in memory, and what generation had to say about the catalog.
#[derive(Debug)]
pub struct Generated {
    pub files: FileTree,
    /// Schema faults that did not stop a model, one per place (a bad `default`, ...).
    pub warnings: Vec<ModelWarning>,
    /// Overlays that match no model of the catalog: nothing to apply them to.
    pub unmatched_overlays: Vec<String>,
    /// With `keep_going`: the models left out, and why. Otherwise always empty.
    pub left_out: Vec<ModelError>,
}

/// Generates the whole crate in memory. Every model that fails is reported; nothing is
/// returned unless all succeed.
pub fn generate_crate(set: &SchemaSet) -> Result<FileTree, GenerateErrors> {
    generate(set, false).map(|generated| generated.files)
}

/// Generates the crate in memory. Without `keep_going`, all or nothing: every model that
/// fails is reported in the error. With it, the crate holds every model that generates, and
/// [`Generated::left_out`] lists the others (the crate's documentation lists them too); only
/// a catalog where no model generates is an error.
pub fn generate(set: &SchemaSet, keep_going: bool) -> Result<Generated, GenerateErrors> {
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
    let mut warnings = Vec::new();
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
                    |(normalized, lowered)| {
                        let source_warnings = lowered.warnings.clone();
                        warnings.extend(lowered.warnings.into_iter().map(|warning| ModelWarning {
                            model: entry.id.clone(),
                            warning,
                        }));
                        LoweredSource {
                            normalized,
                            request: lowered.request,
                            shared_module: Some(names::snake(body.as_str())),
                            families: BTreeSet::from([entry.endpoint.family()]),
                            overlays,
                            warnings: source_warnings,
                        }
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

    let mut keys = BTreeMap::new();
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
        if sources.contains_key(&planned.key) {
            keys.insert(entry.id.clone(), planned.key);
            continue;
        }
        match lower_source(
            &entry.schema,
            &planned.schema,
            &name.request,
            &[name.marker.as_str()],
        ) {
            Ok((normalized, lowered)) => {
                let source_warnings = lowered.warnings.clone();
                warnings.extend(lowered.warnings.into_iter().map(|warning| ModelWarning {
                    model: entry.id.clone(),
                    warning,
                }));
                let families = BTreeSet::from([entry.endpoint.family()]);
                keys.insert(entry.id.clone(), planned.key.clone());
                sources.insert(
                    planned.key,
                    LoweredSource {
                        normalized,
                        request: lowered.request,
                        shared_module: None,
                        families,
                        overlays: planned.overlays,
                        warnings: source_warnings,
                    },
                );
            }
            Err(error) => errors.push(ModelError {
                model: entry.id.clone(),
                error,
            }),
        }
    }
    let responses = lower_responses(set, &mut errors);
    if !errors.is_empty() && (!keep_going || keys.is_empty()) {
        return Err(GenerateErrors(errors));
    }
    // The catalog of the crate: the models that generate, under the names they have in the
    // whole catalog.
    let mut kept = set.clone();
    kept.catalog.models.clear();
    let mut kept_names = Vec::new();
    let mut kept_keys = Vec::new();
    for (entry, name) in entries.iter().zip(names) {
        if let Some(key) = keys.remove(&entry.id) {
            kept.catalog.models.push(entry.clone());
            kept_names.push(name);
            kept_keys.push(key);
        }
    }
    sources.retain(|key, _| {
        kept_keys.contains(key)
            || matches!(key, TypeKey::File(source) if kept.catalog.models.iter().any(|e| &e.schema == source))
    });
    let files = emit_crate(
        &kept,
        &kept_names,
        &kept_keys,
        &sources,
        &errors,
        &responses,
    )
    .map_err(|error| {
        let entry = &kept.catalog.models[0];
        GenerateErrors(vec![ModelError {
            model: entry.id.clone(),
            error: SchemaError {
                source_file: entry.schema.clone(),
                pointer: JsonPointer::root(),
                keyword: GENERATOR_BUG.into(),
                message: format!("emitted invalid Rust: {error}"),
            },
        }])
    })?;
    Ok(Generated {
        files,
        warnings,
        unmatched_overlays: set
            .unmatched_overlays()
            .map(|overlay: &Overlay| overlay.name.clone())
            .collect(),
        left_out: errors,
    })
}
