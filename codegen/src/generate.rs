//! Runs every stage over the whole catalog: plan each model's type, normalize, check and lower
//! each schema once, then lay out the crate's files.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde_json::Value;

use crate::catalog::{CatalogEntry, EndpointBody, ResponseBody, SchemaSet, SchemaSource};
use crate::check::check_against_meta_schema;
use crate::emit::layout::{EmitError, emit_crate};
use crate::error::{GENERATOR_BUG, GenerateErrors, ModelError, ModelWarning, SchemaError};
use crate::ir::RequestDef;
use crate::lower::{LoweredRequest, lower_request, lower_response, on_worker_stacks};
use crate::names;
use crate::normalize::normalize_reporting;
use crate::overlay::Overlay;
use crate::plan::{
    LoweredSource, PlannedModel, TypeKey, body_schema, plan_model, shared_request_name, type_key,
};
pub use crate::plan::{ModelNames, model_names};
use crate::schema::{JsonPointer, walk};
use crate::tree::FileTree;

/// Normalizes, checks and lowers one request schema.
fn lower_source(
    source: &SchemaSource,
    raw: &Value,
    request_name: &str,
    reserved: &[&str],
) -> Result<(Value, LoweredRequest), SchemaError> {
    let (normalized, rewrites) = normalize_checked(source, raw)?;
    let mut request = lower_request(&normalized, request_name, source, reserved)?;
    request.warnings.splice(0..0, rewrites);
    Ok((normalized, request))
}

/// Normalizes a schema and checks it against the draft 2020-12 meta-schema: the schema and
/// the rewrites normalizing made (warnings), or why it cannot be used (past a size limit, or
/// not valid JSON Schema even normalized). What `fetch` asks of a model before it keeps it.
pub fn normalize_checked(
    source: &SchemaSource,
    raw: &Value,
) -> Result<(Value, Vec<SchemaError>), SchemaError> {
    on_worker_stacks(|| normalize_checked_here(source, raw))
}

/// [`normalize_checked`] on the calling thread.
fn normalize_checked_here(
    source: &SchemaSource,
    raw: &Value,
) -> Result<(Value, Vec<SchemaError>), SchemaError> {
    crate::lower::check_limits(raw, source)?;
    let (normalized, rewrites) = normalize_reporting(raw);
    let rewrites = rewrites
        .into_iter()
        .map(|rewrite| SchemaError {
            source_file: source.clone(),
            pointer: rewrite.pointer,
            keyword: rewrite.keyword.to_owned(),
            message: rewrite.message,
        })
        .collect();
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
    Ok((normalized, rewrites))
}

/// Lowers every response body of the catalog (`responses/`), each into a type named after its
/// OpenAPI component. A response that fails is reported for every model that can get it.
fn lower_responses(set: &SchemaSet) -> (BTreeMap<ResponseBody, RequestDef>, Vec<ModelError>) {
    let mut responses = BTreeMap::new();
    let mut errors = Vec::new();
    for &body in ResponseBody::ALL {
        let source = SchemaSource::Response(body);
        let Some(raw) = set.schemas.get(&source) else {
            continue;
        };
        let mut schema = raw.clone();
        keep_unknown_properties(&mut schema);
        let lowered = normalize_checked(&source, &schema).and_then(|(normalized, _)| {
            lower_response(&normalized, body.openapi_component(), &source)
        });
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
                        error: Box::new(error.clone()),
                    }),
            ),
        }
    }
    (responses, errors)
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
    walk::children_mut(map)
        .into_iter()
        .for_each(keep_unknown_properties);
}

/// Plans and lowers one model. A model on a shared body that is already lowered gets no
/// request type of its own (the `LoweredSource` is `None`).
fn lower_model<'a>(
    set: &SchemaSet,
    sources: &BTreeMap<TypeKey, LoweredSource>,
    body_failures: &BTreeMap<EndpointBody, SchemaError>,
    entry: &'a CatalogEntry,
    names: ModelNames,
) -> Result<(PlannedModel<'a>, Option<LoweredSource>), ModelError> {
    let model_error = |error| ModelError {
        model: entry.id.clone(),
        error: Box::new(error),
    };
    if let Some(error) = set.unreadable.get(&entry.schema) {
        return Err(model_error(error.clone()));
    }
    if let SchemaSource::Endpoint(body) = entry.schema
        && let Some(error) = body_failures.get(&body)
    {
        return Err(model_error(error.clone()));
    }
    let key = type_key(set, entry);
    if sources.contains_key(&key) {
        return Ok((PlannedModel { entry, names, key }, None));
    }
    let planned = plan_model(set, entry)?;
    let (normalized, lowered) = lower_source(
        &entry.schema,
        &planned.schema,
        &names.request,
        &[names.marker.as_str()],
    )
    .map_err(model_error)?;
    let lowered = LoweredSource {
        normalized,
        request: lowered.request,
        shared_module: None,
        families: BTreeSet::from([entry.endpoint.family()]),
        overlays: planned.overlays,
        warnings: lowered.warnings,
    };
    let model = PlannedModel {
        entry,
        names,
        key: planned.key,
    };
    Ok((model, Some(lowered)))
}

/// An emit failure is a generator bug, reported for each model whose code the file holds.
fn blame(error: EmitError, models: &[PlannedModel]) -> GenerateErrors {
    GenerateErrors(
        models
            .iter()
            .filter(|model| error.models.contains(&model.entry.id))
            .map(|model| ModelError {
                model: model.entry.id.clone(),
                error: Box::new(SchemaError {
                    source_file: model.entry.schema.clone(),
                    pointer: JsonPointer::root(),
                    keyword: GENERATOR_BUG.into(),
                    message: format!(
                        "emitted invalid Rust into {}: {}",
                        error.file.display(),
                        error.message
                    ),
                }),
            })
            .collect(),
    )
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
    /// The models the catalog itself leaves out ([`Catalog::left_out`](crate::catalog::Catalog::left_out),
    /// marked by `fetch`): listed with the others, but not a failure of this run.
    pub catalog_left_out: Vec<ModelError>,
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
///
/// Runs on the generator's own threads ([`on_worker_stacks`]), whose stack holds every walk to
/// its depth limit whatever thread calls it.
pub fn generate(set: &SchemaSet, keep_going: bool) -> Result<Generated, GenerateErrors> {
    on_worker_stacks(|| generate_here(set, keep_going))
}

/// [`generate`] on the calling thread.
fn generate_here(set: &SchemaSet, keep_going: bool) -> Result<Generated, GenerateErrors> {
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
    let LoweredCatalog {
        models,
        mut sources,
        responses,
        errors,
        warnings,
    } = lower_catalog(set);
    if !errors.is_empty() && (!keep_going || models.is_empty()) {
        return Err(GenerateErrors(errors));
    }
    // The crate holds the request types of the models that generate, and the shared bodies
    // their own overlaid types reuse.
    let used: BTreeSet<TypeKey> = models
        .iter()
        .flat_map(|model| [model.key.clone(), TypeKey::File(model.entry.schema.clone())])
        .collect();
    sources.retain(|key, _| used.contains(key));
    let catalog_left_out: Vec<ModelError> = set
        .catalog
        .left_out
        .iter()
        .map(|entry| entry.to_model_error())
        .collect();
    let mut listed = errors.clone();
    listed.extend(catalog_left_out.iter().cloned());
    listed.sort_by(|a, b| a.model.cmp(&b.model));
    let files = emit_crate(&models, &sources, &listed, &responses)
        .map_err(|error| blame(error, &models))?;
    Ok(Generated {
        files,
        warnings,
        unmatched_overlays: set
            .unmatched_overlays()
            .map(|overlay: &Overlay| overlay.name.clone())
            .collect(),
        left_out: errors,
        catalog_left_out,
    })
}

/// A catalog after planning and lowering: the models that lowered, in catalog order, and what
/// went wrong with the others.
struct LoweredCatalog<'a> {
    models: Vec<PlannedModel<'a>>,
    /// Every request type, shared bodies included.
    sources: BTreeMap<TypeKey, LoweredSource>,
    responses: BTreeMap<ResponseBody, RequestDef>,
    errors: Vec<ModelError>,
    warnings: Vec<ModelWarning>,
}

/// Plans and lowers every model of `set` (sorted by id) and every response body.
fn lower_catalog(set: &SchemaSet) -> LoweredCatalog<'_> {
    // The responses depend on no request: they are lowered beside them, on the other core.
    let (requests, (responses, response_errors)) =
        rayon::join(|| lower_requests(set), || lower_responses(set));
    let LoweredRequests {
        models,
        sources,
        mut errors,
        warnings,
    } = requests;
    errors.extend(response_errors);
    LoweredCatalog {
        models,
        sources,
        responses,
        errors,
        warnings,
    }
}

/// [`LoweredCatalog`] without the responses.
struct LoweredRequests<'a> {
    models: Vec<PlannedModel<'a>>,
    sources: BTreeMap<TypeKey, LoweredSource>,
    errors: Vec<ModelError>,
    warnings: Vec<ModelWarning>,
}

/// Plans and lowers every model of `set` (sorted by id): the shared bodies first, then the
/// others on every core.
fn lower_requests(set: &SchemaSet) -> LoweredRequests<'_> {
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

    // Every other model, on every core; the results come back in catalog order, so the
    // output does not depend on which thread finished first.
    let outcomes: Vec<_> = entries
        .par_iter()
        .zip(names)
        .map(|(entry, names)| lower_model(set, &sources, &body_failures, entry, names))
        .collect();
    let mut models = Vec::with_capacity(outcomes.len());
    for outcome in outcomes {
        match outcome {
            Ok((model, lowered)) => {
                if let Some(lowered) = lowered {
                    warnings.extend(lowered.warnings.iter().map(|warning| ModelWarning {
                        model: model.entry.id.clone(),
                        warning: warning.clone(),
                    }));
                    sources.entry(model.key.clone()).or_insert(lowered);
                }
                models.push(model);
            }
            Err(error) => errors.push(error),
        }
    }
    LoweredRequests {
        models,
        sources,
        errors,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Capabilities, Endpoint, ModelId};
    use serde_json::json;

    fn catalog(ids: &[&str]) -> SchemaSet {
        let mut set = SchemaSet::default();
        for id in ids {
            let id = ModelId::parse(id).expect("valid id");
            let source = SchemaSource::Model(id.clone());
            let schema = json!({"type": "object", "properties": {"prompt": {"type": "string"}}});
            set.schemas.insert(source.clone(), schema);
            set.catalog.models.push(CatalogEntry {
                display_name: id.to_string(),
                summary: None,
                description: None,
                endpoint: Endpoint::ImagesGenerate,
                capabilities: Capabilities::default(),
                schema: source,
                id,
            });
        }
        set
    }

    #[test]
    fn an_emit_failure_is_blamed_on_the_model_whose_code_failed() {
        let set = catalog(&["first", "second", "third"]);
        let mut lowered = lower_catalog(&set);
        assert!(lowered.errors.is_empty(), "{:?}", lowered.errors);
        // A keyword as the marker's name: the module of `second` is not Rust.
        lowered.models[1].names.marker = "struct".to_owned();
        let error = emit_crate(&lowered.models, &lowered.sources, &[], &lowered.responses)
            .expect_err("`pub struct struct;` does not parse");
        let blamed = blame(error, &lowered.models);
        assert_eq!(blamed.0.len(), 1, "{blamed}");
        let error = &blamed.0[0];
        assert_eq!(error.model.as_str(), "second");
        assert_eq!(error.error.keyword, GENERATOR_BUG);
        assert!(
            error.error.message.contains("src/models/second.rs"),
            "{}",
            error.error.message
        );
    }
}

#[cfg(test)]
mod depth_tests {
    //! Every deep shape stops at its limit, by name, on an eighth of the stack the generator's
    //! threads get: in the debug build, where frames are largest (`cargo test`).

    use super::*;
    use crate::catalog::{Capabilities, Endpoint, ModelId};
    use crate::lower::{MAX_SCHEMA_DEPTH, on_small_stacks};
    use serde_json::json;

    /// `$defs` `d0` … `d<links - 1>`, each linking to the next through `link`.
    fn chain(links: usize, link: impl Fn(String) -> Value) -> Value {
        let mut defs = serde_json::Map::new();
        for i in 0..links {
            let next = if i + 1 == links {
                json!({"type": "object", "properties": {"x": {"type": "string"}}})
            } else {
                link(format!("#/$defs/d{}", i + 1))
            };
            defs.insert(format!("d{i}"), next);
        }
        json!({"type": "object", "properties": {"root": {"$ref": "#/$defs/d0"}}, "$defs": defs})
    }

    /// `levels` schemas inside each other through `wrap`.
    fn nested(levels: usize, wrap: impl Fn(Value) -> Value) -> Value {
        let inner = (0..levels).fold(json!({"type": "string"}), |inner, _| wrap(inner));
        json!({"type": "object", "properties": {"deep": inner}})
    }

    pub(crate) fn shapes() -> Vec<(&'static str, Value)> {
        vec![
            (
                "ref-chain",
                chain(
                    1000,
                    |next| json!({"type": "object", "properties": {"next": {"$ref": next}}}),
                ),
            ),
            (
                "ref-chain-at-the-limit",
                chain(
                    MAX_SCHEMA_DEPTH / 2 - 1,
                    |next| json!({"type": "object", "properties": {"next": {"$ref": next}}}),
                ),
            ),
            (
                "all-of-chain",
                chain(
                    1000,
                    |next| json!({"allOf": [{"$ref": next}], "properties": {"a": {"type": "string"}}}),
                ),
            ),
            (
                "any-of-chain",
                chain(
                    1000,
                    |next| json!({"anyOf": [{"type": "null"}, {"$ref": next}]}),
                ),
            ),
            (
                "array-chain",
                chain(
                    1000,
                    |next| json!({"type": "array", "items": {"$ref": next}}),
                ),
            ),
            // As deep as a file can be read: two JSON levels per object, one per array.
            (
                "inline-objects",
                nested(
                    MAX_SCHEMA_DEPTH / 2 - 2,
                    |inner| json!({"type": "object", "properties": {"a": inner}}),
                ),
            ),
            (
                "inline-arrays",
                nested(
                    MAX_SCHEMA_DEPTH - 4,
                    |inner| json!({"type": "array", "items": inner}),
                ),
            ),
            (
                "inline-any-of",
                nested(
                    MAX_SCHEMA_DEPTH / 2 - 2,
                    |inner| json!({"anyOf": [inner, {"type": "null"}]}),
                ),
            ),
        ]
    }

    fn catalog_of(schemas: &[(&str, Value)]) -> SchemaSet {
        let mut set = SchemaSet::default();
        for (id, schema) in schemas {
            let id = ModelId::parse(id).expect("valid id");
            let source = SchemaSource::Model(id.clone());
            set.schemas.insert(source.clone(), schema.clone());
            set.catalog.models.push(CatalogEntry {
                display_name: id.to_string(),
                summary: None,
                description: None,
                endpoint: Endpoint::ImagesGenerate,
                capabilities: Capabilities::default(),
                schema: source,
                id,
            });
        }
        set
    }

    #[test]
    fn every_deep_shape_generates_or_is_refused_at_its_limit_on_an_eighth_of_the_worker_stack() {
        let set = catalog_of(&shapes());
        let generated = on_small_stacks(move || generate_here(&set, true).map(|g| g.left_out));
        let left_out = generated.expect("some models generate");
        let refused: Vec<(&str, &str)> = left_out
            .iter()
            .map(|e| (e.model.as_str(), e.error.keyword.as_str()))
            .collect();
        // Each refusal names its limit (`allOf` chains meet the merge depth first).
        assert!(
            left_out.iter().all(|e| e.error.message.contains("_DEPTH)")),
            "{left_out:#?}"
        );
        assert_eq!(
            refused,
            [
                ("all-of-chain", "allOf"),
                ("any-of-chain", "limit"),
                ("array-chain", "limit"),
                ("ref-chain", "limit")
            ]
        );
    }
}
