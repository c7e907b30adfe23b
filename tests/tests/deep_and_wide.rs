//! Fuzzing that runs in CI, on the debug build (`cargo test`): random deep and wide schemas,
//! and the fuzz target's committed corpus (`codegen/fuzz/seeds`, the deep shapes among them),
//! through reading, generating and comparing. Nothing may panic or abort (a stack overflow
//! would end the test process); a model is generated, or refused by name with a reason.
//!
//! `PROPTEST_CASES` sets the number of random schemas (64 by default, about 20 s on the
//! 2-core build machine); a failing case is kept in `tests/tests/deep_and_wide.regressions`,
//! to be committed: it is replayed first on every run.

use std::path::Path;

use oxen_codegen::drift::compare;
use oxen_codegen::error::GENERATOR_BUG;
use oxen_codegen::generate::generate;
use oxen_codegen::lower::MAX_SCHEMA_DEPTH;
use oxen_codegen::tree::FileTree;
use oxen_codegen::{SchemaSet, SchemaSource};
use oxen_tests::{catalog_of, repo_root};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use serde_json::{Map, Value, json};

const ID: &str = "random-model";

/// One level of nesting around the schema inside it.
#[derive(Debug, Clone, Copy)]
enum Wrap {
    /// An object holding it as a property, beside this many other properties.
    Property(usize),
    Items,
    NullableAnyOf,
    AllOf,
    /// A definition of its own, reached by a `$ref`.
    Ref,
}

fn wrap() -> impl Strategy<Value = Wrap> {
    prop_oneof![
        (0..4usize).prop_map(Wrap::Property),
        Just(Wrap::Items),
        Just(Wrap::NullableAnyOf),
        Just(Wrap::AllOf),
        Just(Wrap::Ref),
    ]
}

/// An object built by moving its values in: `json!` would copy each one, recursively.
fn object(pairs: Vec<(&str, Value)>) -> Value {
    Value::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

/// A request schema: `wraps` levels around a string (innermost last), and `width` more
/// properties beside them.
fn build(wraps: &[Wrap], width: usize, max_length: u64) -> Value {
    let mut defs = Map::new();
    let mut inner = json!({"type": "string", "maxLength": max_length});
    for (level, wrap) in wraps.iter().enumerate().rev() {
        inner = match *wrap {
            Wrap::Property(siblings) => {
                let mut properties: Map<String, Value> = (0..siblings)
                    .map(|i| (format!("s{i}"), json!({"type": "integer", "minimum": i})))
                    .collect();
                properties.insert("p".to_owned(), inner);
                object(vec![
                    ("type", json!("object")),
                    ("properties", Value::Object(properties)),
                ])
            }
            Wrap::Items => object(vec![("type", json!("array")), ("items", inner)]),
            Wrap::NullableAnyOf => object(vec![(
                "anyOf",
                Value::Array(vec![inner, json!({"type": "null"})]),
            )]),
            Wrap::AllOf => object(vec![("allOf", Value::Array(vec![inner]))]),
            Wrap::Ref => {
                defs.insert(format!("d{level}"), inner);
                json!({"$ref": format!("#/$defs/d{level}")})
            }
        };
    }
    let mut properties: Map<String, Value> = (0..width)
        .map(|i| (format!("w{i}"), json!({"type": "number", "maximum": i})))
        .collect();
    properties.insert("deep".to_owned(), inner);
    object(vec![
        ("type", json!("object")),
        ("properties", Value::Object(properties)),
        ("$defs", Value::Object(defs)),
    ])
}

/// The nesting of arrays and objects of `value`, counted without recursion.
fn json_depth(value: &Value) -> usize {
    let mut stack = vec![(value, 1)];
    let mut deepest = 0;
    while let Some((value, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        match value {
            Value::Array(items) => stack.extend(items.iter().map(|v| (v, depth + 1))),
            Value::Object(map) => stack.extend(map.values().map(|v| (v, depth + 1))),
            _ => {}
        }
    }
    deepest
}

/// Generates `set` with `--keep-going`: every model either has its reference page or is
/// refused with a keyword and a reason, and no refusal is a generator bug. Returns the
/// refusals' keywords by model.
fn generated_or_refused(set: &SchemaSet) -> Vec<(String, String)> {
    let refused = match generate(set, true) {
        Ok(generated) => {
            for entry in &set.catalog.models {
                let page = format!("docs/{}.md", entry.id);
                let left_out = generated.left_out.iter().any(|e| e.model == entry.id);
                assert!(
                    left_out || generated.files.0.contains_key(Path::new(&page)),
                    "{} is neither generated nor left out",
                    entry.id
                );
            }
            generated.left_out
        }
        Err(errors) => errors.0,
    };
    for error in &refused {
        assert_ne!(error.error.keyword, GENERATOR_BUG, "{error}");
        assert!(!error.error.message.is_empty(), "{error}");
    }
    refused
        .into_iter()
        .map(|e| (e.model.to_string(), e.error.keyword))
        .collect()
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(64)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn deep_and_wide_schemas_generate_or_are_refused_and_compare_without_aborting(
        wraps in proptest::collection::vec(wrap(), 0..300),
        width in 0..200usize,
    ) {
        let schema = build(&wraps, width, 8);
        let too_deep_to_read = json_depth(&schema) > MAX_SCHEMA_DEPTH;
        let set = catalog_of(&[(ID, schema)]);
        let refused = generated_or_refused(&set);
        if too_deep_to_read {
            prop_assert_eq!(refused, vec![(ID.to_owned(), "limit".to_owned())]);
        }
        // The drift walk over the same shape, with the innermost bound changed.
        let mut changed = set.clone();
        let source = SchemaSource::Model(oxen_codegen::ModelId::parse(ID).expect("id"));
        changed.schemas.insert(source, build(&wraps, width, 9));
        let changes = compare(&set, &changed).expect("comparable");
        prop_assert!(!changes.is_empty());
    }
}

/// The fuzz target's corpus, as the models of one catalog read from disk: each seed's first
/// byte picks a model id in the fuzz target, the rest is the schema file.
#[test]
fn the_fuzz_corpus_generates_or_is_refused_by_model_without_a_generator_bug() {
    let seeds = repo_root().join("codegen/fuzz/seeds");
    let mut files = FileTree::read(&repo_root().join("schemas")).expect("committed schemas");
    let mut catalog: Value =
        serde_json::from_str(&files.0[Path::new("catalog.json")]).expect("catalog");
    let mut ids = Vec::new();
    for (name, bytes) in FileTree::read(&seeds).expect("seeds").0 {
        let id = format!("seed-{}", name.display());
        let text = bytes.get(1..).unwrap_or_default().to_owned();
        files.0.insert(format!("models/{id}.json").into(), text);
        let models = catalog["models"].as_array_mut().expect("models");
        models.push(
            json!({"id": id, "display_name": id, "endpoint": "/images/generate",
                           "schema": format!("models/{id}.json")}),
        );
        ids.push(id);
    }
    let models = catalog["models"].as_array_mut().expect("models");
    models.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    files.0.insert("catalog.json".into(), catalog.to_string());
    let dir = tempfile::tempdir().expect("tempdir");
    files
        .write_replacing(dir.path())
        .expect("write the catalog");
    let set = SchemaSet::read(dir.path()).expect("one model's file never fails the catalog");
    let refused = generated_or_refused(&set);
    for deep in [
        "seed-deep-arrays",
        "seed-deep-objects",
        "seed-deep-ref-chain",
    ] {
        assert!(ids.iter().any(|id| id == deep), "{deep} is in the corpus");
        assert!(
            refused.contains(&(deep.to_owned(), "limit".to_owned())),
            "{deep}: {refused:?}"
        );
    }
    // Only seeds are refused: every committed model still generates beside them.
    assert!(
        refused.iter().all(|(id, _)| id.starts_with("seed-")),
        "{refused:?}"
    );
}
