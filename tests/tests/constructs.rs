//! The generator on small schemas, one construct each: the generated module as a snapshot,
//! and the errors a schema it cannot handle gets.

use std::collections::BTreeMap;
use std::path::Path;

use oxen_codegen::SchemaSet;
use oxen_codegen::catalog::Catalog;
use oxen_codegen::error::GenerateErrors;
use oxen_codegen::generate::{generate_crate, model_names};
use oxen_tests::{catalog_of, repo_root};
use serde_json::{Value, json};

/// The generated module of a one-model catalog.
fn module_for(schema: Value) -> String {
    let set = catalog_of(&[("test-model", schema)]);
    let files = generate_crate(&set).unwrap_or_else(|e| panic!("{e}"));
    let name = &model_names(&set.catalog.models)[0];
    files.0[Path::new(&format!("src/models/{}.rs", name.module))].clone()
}

fn errors_for(schema: Value) -> GenerateErrors {
    generate_crate(&catalog_of(&[("test-model", schema)])).expect_err("the schema is refused")
}

#[test]
fn string_enum_with_ratios_and_sizes() {
    insta::assert_snapshot!(module_for(json!({
        "type": "object",
        "properties": {
            "aspect_ratio": {"type": "string", "enum": ["16:9", "9:16", "match_input_image", "auto"], "default": "16:9", "x-order": 0},
            "resolution": {"type": "string", "enum": ["1 MP", "0.5 MP", "1080p", "4k"], "x-order": 1}
        }
    })));
}

#[test]
fn integer_or_string_enum_becomes_one_literal_enum() {
    insta::assert_snapshot!(module_for(json!({
        "type": "object",
        "properties": {
            "duration": {"type": ["integer", "string"], "enum": ["auto", 4, 5, 6], "default": "auto"}
        }
    })));
}

#[test]
fn required_properties_bounds_and_formats() {
    insta::assert_snapshot!(module_for(json!({
        "type": "object",
        "required": ["prompt", "image_url"],
        "properties": {
            "prompt": {"type": "string", "minLength": 1, "maxLength": 2000, "x-order": 0},
            "image_url": {"type": "string", "format": "uri", "x-order": 1},
            "steps": {"type": "integer", "minimum": 1, "maximum": 50, "x-order": 2},
            "strength": {"type": "number", "exclusiveMinimum": 0, "maximum": 1, "x-order": 3},
            "images": {"type": "array", "items": {"type": "string", "format": "uri"}, "maxItems": 4, "x-order": 4}
        }
    })));
}

#[test]
fn openapi_nullable_and_one_of_with_nested_objects() {
    insta::assert_snapshot!(module_for(json!({
        "type": "object",
        "required": ["messages"],
        "properties": {
            "messages": {"type": "array", "items": {
                "type": "object",
                "required": ["role", "content"],
                "properties": {
                    "role": {"type": "string", "enum": ["user", "assistant"]},
                    "content": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "object"}}]}
                }
            }},
            "temperature": {"type": "number", "nullable": true},
            "tool_choice": {"nullable": true, "oneOf": [{"type": "string"}, {"type": "object"}]}
        }
    })));
}

#[test]
fn keyword_and_colliding_property_names_get_distinct_identifiers() {
    insta::assert_snapshot!(module_for(json!({
        "type": "object",
        "properties": {
            "type": {"type": "string"},
            "fooBar": {"type": "string"},
            "foo_bar": {"type": "string"},
            "2pass": {"type": "boolean"}
        }
    })));
}

#[test]
fn a_dangling_ref_names_model_pointer_and_keyword() {
    let errors = errors_for(json!({
        "type": "object",
        "properties": {"mode": {"$ref": "#/$defs/Missing"}}
    }));
    assert_eq!(errors.0.len(), 1);
    let error = &errors.0[0];
    assert_eq!(error.model.as_str(), "test-model");
    assert_eq!(error.error.pointer.as_str(), "/properties/mode/$ref");
    assert_eq!(error.error.keyword, "$ref");
    assert!(error.error.message.contains("points at nothing"), "{error}");
}

#[test]
fn a_keyword_without_a_rust_shape_generates_and_is_documented_as_a_rule() {
    let module = module_for(json!({
        "type": "object",
        "properties": {"mode": {"type": "string", "if": {"const": "a"}, "then": {"minLength": 2}}}
    }));
    assert!(module.contains("pub mode: Option<String>"), "{module}");
    assert!(
        module.contains("If it matches `{\"const\":\"a\"}`"),
        "{module}"
    );
}

#[test]
fn a_schema_that_breaks_the_meta_schema_is_refused_with_its_pointer() {
    let errors = errors_for(
        json!({"type": "object", "properties": {"n": {"type": "integer", "minimum": "one"}}}),
    );
    let error = &errors.0[0].error;
    assert_eq!(error.pointer.as_str(), "/properties/n/minimum");
    assert!(
        error.message.contains("not a valid JSON Schema"),
        "{}",
        error.message
    );
}

#[test]
fn every_failing_model_is_reported_not_just_the_first() {
    let set = catalog_of(&[
        (
            "bad-one",
            json!({"type": "object", "properties": {"a": {"$ref": "#/$defs/Missing"}}}),
        ),
        (
            "good",
            json!({"type": "object", "properties": {"a": {"type": "string"}}}),
        ),
        (
            "bad-two",
            json!({"type": "object", "properties": {"b": {"$ref": "https://example.com/x.json"}}}),
        ),
    ]);
    let errors = generate_crate(&set).expect_err("two models fail");
    let failed: Vec<&str> = errors.0.iter().map(|e| e.model.as_str()).collect();
    assert_eq!(failed, ["bad-one", "bad-two"]);
}

/// `value` with the keys of every object (`properties`, `$defs`, ...) in another order, the
/// same for the same `seed`. While `serde_json` keeps object keys sorted this changes nothing;
/// it guards against its `preserve_order` feature being turned on by any crate.
fn shuffled_keys(value: &Value, seed: u64) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by_key(|(key, _)| scramble(seed, key));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.clone(), shuffled_keys(v, seed)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| shuffled_keys(v, seed)).collect()),
        other => other.clone(),
    }
}

/// A fixed pseudo-random rank of `key` for `seed` (SipHash with fixed keys).
fn scramble(seed: u64, key: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    (seed, key).hash(&mut hasher);
    hasher.finish()
}

/// The committed catalog and the generating hostile fixtures (which use `$defs`, `allOf` and
/// recursion) as one catalog.
fn catalog_with_hostile_fixtures() -> SchemaSet {
    let mut set = SchemaSet::read(&repo_root().join("schemas")).expect("committed schemas");
    let dir = repo_root().join("tests/fixtures/hostile");
    let mut extra = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("fixtures") {
        let path = entry.expect("entry").path();
        let fixture: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
        if fixture.get("payload").is_some() {
            let id = format!(
                "hostile-{}",
                path.file_stem().and_then(|s| s.to_str()).expect("name")
            );
            extra.push((id, fixture["schema"].clone()));
        }
    }
    let extra: Vec<(&str, Value)> = extra
        .iter()
        .map(|(id, s)| (id.as_str(), s.clone()))
        .collect();
    let fixtures = catalog_of(&extra);
    set.catalog.models.extend(fixtures.catalog.models);
    set.schemas.extend(fixtures.schemas);
    set
}

#[test]
fn generation_does_not_depend_on_the_order_of_models_properties_or_defs() {
    let set = catalog_with_hostile_fixtures();
    let first = generate_crate(&set).unwrap_or_else(|e| panic!("{e}"));
    for seed in [1, 2] {
        let mut shuffled = set.clone();
        shuffled
            .catalog
            .models
            .sort_by_key(|entry| scramble(seed, entry.id.as_str()));
        assert_ne!(
            shuffled.catalog.models, set.catalog.models,
            "the order changed"
        );
        for schema in shuffled.schemas.values_mut() {
            *schema = shuffled_keys(schema, seed);
        }
        let again = generate_crate(&shuffled).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            again == first,
            "seed {seed}: the output depends on the input order:\n{}",
            first.diff(&again)
        );
    }
}

#[test]
fn ids_that_collide_after_conversion_get_distinct_modules_and_types() {
    let schema = json!({"type": "object", "properties": {"prompt": {"type": "string"}}});
    let set = catalog_of(&[
        ("happyhorse-1.1-r2v", schema.clone()),
        ("happyhorse-1-1-r2v", schema),
    ]);
    let names = model_names(&set.catalog.models);
    let modules: BTreeMap<&str, &str> = set
        .catalog
        .models
        .iter()
        .zip(&names)
        .map(|(e, n)| (e.id.as_str(), n.module.as_str()))
        .collect();
    assert_eq!(modules["happyhorse-1-1-r2v"], "happyhorse_1_1_r2v");
    assert_eq!(modules["happyhorse-1.1-r2v"], "happyhorse_1_1_r2v2");
    assert_ne!(names[0].request, names[1].request);
    generate_crate(&set).expect("both generate");
}

#[test]
fn catalog_round_trips_through_its_canonical_files() {
    let set = catalog_of(&[("m", json!({"type": "object", "properties": {}}))]);
    let dir = tempfile::tempdir().expect("tempdir");
    oxen_codegen::tree::FileTree(set.to_files())
        .write_replacing(dir.path())
        .expect("written");
    let read = SchemaSet::read(dir.path()).expect("read back");
    assert_eq!(
        read.catalog,
        Catalog {
            models: set.catalog.models.clone(),
            left_out: Vec::new(),
        }
    );
}

#[test]
fn numeric_enums_and_free_form_objects() {
    insta::assert_snapshot!(module_for(json!({
        "type": "object",
        "properties": {
            "duration": {"type": "integer", "enum": [-1, 4, 5], "default": -1, "x-order": 0},
            "target_fps": {"type": "number", "enum": [24, 23.976, 29.97], "x-order": 1},
            "source_position": {"type": "object", "description": "Free-form placement.", "x-order": 2},
            "input_images": {"type": "array", "items": {"type": "string"}, "x-order": 3}
        }
    })));
}
