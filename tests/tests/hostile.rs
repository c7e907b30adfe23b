//! Hostile schemas and names: the generator either emits code that compiles and round-trips
//! every original name, or refuses the one model with its id, a JSON pointer, the keyword and
//! advice. Never a panic.
//!
//! - `tests/fixtures/hostile/*.json`: one case each (`schema`, and for cases that generate a
//!   valid `payload`, more valid payloads in `also`, and `rejected` payloads); the outcome is an
//!   insta snapshot
//!   (`hostile__fixture@<case>.json.snap`): the generated module, or the error.
//! - one test compiles every generating fixture as one crate and runs a program that
//!   round-trips each payload through the generated type, checks that each rejected
//!   payload is refused by deserialization or `validate()`, and that the near misses of each
//!   valid payload ([`oxen_tests::near_miss`]) get the schema validator's verdict;
//! - a property test feeds random schemas, inside and beyond what is supported;
//! - large inputs (10,000 enum values, 100 levels of nesting, `$ref` cycles, 5 MB) are bounded.

use std::path::{Path, PathBuf};
use std::time::Instant;

use oxen_codegen::generate::{generate, generate_crate, model_names};
use oxen_codegen::lower::{MAX_ENUM_VALUES, MAX_SCHEMA_BYTES, MAX_SCHEMA_DEPTH, MAX_SUBSCHEMAS};
use oxen_codegen::tree::FileTree;
use oxen_tests::near_miss::{NearMiss, near_misses};
use oxen_tests::{catalog_of, repo_root, scratch_cargo, scratch_workspace};
use proptest::prelude::*;
use serde_json::{Value, json};

/// The generated module of a one-model catalog, or the error text.
fn outcome(id: &str, schema: &Value) -> Result<String, String> {
    let set = catalog_of(&[(id, schema.clone())]);
    match generate_crate(&set) {
        Ok(files) => {
            let name = &model_names(&set.catalog.models)[0];
            Ok(files.0[Path::new(&format!("src/models/{}.rs", name.module))].clone())
        }
        Err(errors) => Err(errors.to_string()),
    }
}

struct Fixture {
    id: String,
    schema: Value,
    payload: Option<Value>,
    /// More valid payloads (every value of an enum, say).
    also: Vec<Value>,
    rejected: Vec<Value>,
}

fn fixtures() -> Vec<Fixture> {
    let dir = repo_root().join("tests/fixtures/hostile");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixture directory")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("fixture readable");
            let fixture: Value = serde_json::from_str(&text).expect("fixture is JSON");
            Fixture {
                id: path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .expect("name")
                    .to_owned(),
                schema: fixture["schema"].clone(),
                payload: fixture.get("payload").cloned(),
                also: fixture
                    .get("also")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default(),
                rejected: fixture
                    .get("rejected")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default(),
            }
        })
        .collect()
}

#[test]
fn fixture() {
    insta::glob!("../fixtures/hostile", "*.json", |path| {
        let text = std::fs::read_to_string(path).expect("fixture readable");
        let fixture: Value = serde_json::from_str(&text).expect("fixture is JSON");
        let id = path.file_stem().and_then(|s| s.to_str()).expect("name");
        let shown = match outcome(id, &fixture["schema"]) {
            Ok(module) => {
                assert!(
                    fixture.get("payload").is_some(),
                    "{id} generates: give it a payload to round-trip"
                );
                syn::parse_file(&module).unwrap_or_else(|e| panic!("{id}: not Rust: {e}"));
                module
            }
            Err(error) => {
                assert!(
                    fixture.get("payload").is_none(),
                    "{id} was expected to generate:\n{error}"
                );
                assert!(error.contains(&format!("model \"{id}\"")), "{error}");
                format!("ERROR\n{error}")
            }
        };
        insta::assert_snapshot!(shown);
    });
}

/// Model ids that collide after conversion or clash with names of the crate root.
const HOSTILE_IDS: &[&str] = &[
    "happyhorse-1.1-r2v",
    "happyhorse-1-1-r2v",
    "happyhorse_1_1_r2v",
    "1password",
    "2",
    "a.b.c",
    "endpoint",
    "request",
    "model",
    "models",
    "runtime",
    "self",
    "Self",
    "crate",
    "validate-payload",
    "visit_request",
];

#[test]
fn hostile_model_ids_get_distinct_modules_and_types() {
    let schema = json!({"type": "object", "properties": {"prompt": {"type": "string"}}});
    let models: Vec<(&str, Value)> = HOSTILE_IDS.iter().map(|id| (*id, schema.clone())).collect();
    let set = catalog_of(&models);
    let names = model_names(&set.catalog.models);
    let shown: Vec<String> = set
        .catalog
        .models
        .iter()
        .zip(&names)
        .map(|(e, n)| {
            format!(
                "{:<20} {:<22} {:<22} {}",
                e.id.as_str(),
                n.module,
                n.marker,
                n.request
            )
        })
        .collect();
    insta::assert_snapshot!(shown.join("\n"));
    generate_crate(&set).expect("every id generates");
}

/// Writes `files` as a crate in a temporary workspace pinned to this repository's lock file,
/// adds a program that checks `payloads` (id → {payload, rejected}), and runs it.
fn build_and_check(files: &FileTree, payloads: &Value) -> String {
    let dir = scratch_workspace(files);
    let krate = dir.path().join("oxen-models");
    std::fs::write(krate.join("src/bin/check-payloads.rs"), CHECK_PROGRAM).expect("program");
    std::fs::write(dir.path().join("payloads.json"), payloads.to_string()).expect("payloads");
    let started = Instant::now();
    let output = scratch_cargo(
        dir.path(),
        &[
            "run",
            "--quiet",
            "--bin",
            "check-payloads",
            "--",
            "payloads.json",
        ],
    );
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    eprintln!(
        "scratch crate built and checked in {:.1?}",
        started.elapsed()
    );
    assert!(
        output.status.success(),
        "the scratch crate failed:\n{stderr}\n{stdout}"
    );
    assert!(
        !stderr.contains("warning"),
        "the generated crate has warnings:\n{stderr}"
    );
    stdout
}

/// Round-trips each payload through the generated request type and checks that rejected
/// payloads are refused by deserialization or `validate()`.
const CHECK_PROGRAM: &str = r#"
use oxen_models::{Model, Request, RequestVisitor};
use serde_json::Value;

struct Check {
    payloads: Vec<Value>,
    rejected: Vec<Value>,
    /// (kind, payload) whose verdict the schema validator gives.
    near_misses: Vec<(String, Value)>,
}

fn with_model(mut value: Value, id: &str) -> Value {
    if let Value::Object(map) = &mut value {
        map.insert("model".to_owned(), Value::from(id));
    }
    value
}

/// JSON equality with numbers compared by value (`2` and `2.0` are one number).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

impl RequestVisitor for Check {
    type Output = Vec<String>;
    fn visit<R: Request>(self) -> Vec<String> {
        let id = <R::Model as Model>::ID;
        let mut failures = Vec::new();
        for payload in self.payloads {
            let payload = with_model(payload, id);
            match serde_json::from_value::<R>(payload.clone()) {
                Err(e) => failures.push(format!("{id}: {payload} does not deserialize: {e}")),
                Ok(request) => {
                    if let Err(v) = oxen_models::runtime::validate(&request) {
                        failures.push(format!("{id}: {payload} does not validate: {v}"));
                    }
                    let back = serde_json::to_value(&request).expect("serializes");
                    if !same(&back, &payload) {
                        failures.push(format!("{id}: the round trip changed the payload:\n  sent {payload}\n  got  {back}"));
                    }
                }
            }
        }
        for (i, rejected) in self.rejected.into_iter().enumerate() {
            let rejected = with_model(rejected, id);
            if let Ok(request) = serde_json::from_value::<R>(rejected.clone())
                && oxen_models::runtime::validate(&request).is_ok()
            {
                failures.push(format!("{id}: rejected[{i}] {rejected} was accepted"));
            }
        }
        // Near misses: the schema validator decides; the typed path must agree.
        for (kind, payload) in self.near_misses {
            let payload = with_model(payload, id);
            let schema_ok = oxen_models::validate_payload(id, &payload).is_ok();
            let typed_ok = serde_json::from_value::<R>(payload.clone())
                .is_ok_and(|request| oxen_models::runtime::validate(&request).is_ok());
            println!("NEAR {kind} {}", if schema_ok { "valid" } else { "invalid" });
            if schema_ok != typed_ok {
                failures.push(format!("{id}: near miss ({kind}) {payload}: the schema says {schema_ok}, the typed path {typed_ok}"));
            }
        }
        failures
    }
}

fn main() {
    let path = std::env::args().nth(1).expect("payload file");
    let text = std::fs::read_to_string(path).expect("payload file readable");
    let cases: serde_json::Map<String, Value> = serde_json::from_str(&text).expect("payloads");
    let mut failures = Vec::new();
    for (id, case) in &cases {
        let mut payloads = vec![case["payload"].clone()];
        payloads.extend(case["also"].as_array().cloned().unwrap_or_default());
        let check = Check {
            payloads,
            rejected: case["rejected"].as_array().cloned().unwrap_or_default(),
            near_misses: serde_json::from_value(case["near_misses"].clone()).unwrap_or_default(),
        };
        match oxen_models::visit_request(id, check) {
            Some(found) => failures.extend(found),
            None => failures.push(format!("{id}: no such model")),
        }
    }
    for failure in &failures {
        println!("FAIL {failure}");
    }
    println!("{} models checked, {} failures", cases.len(), failures.len());
    if !failures.is_empty() {
        std::process::exit(1);
    }
}
"#;

#[test]
fn generating_fixtures_compile_and_round_trip_every_payload() {
    let mut models = Vec::new();
    let mut payloads = serde_json::Map::new();
    for fixture in fixtures() {
        if let Some(payload) = &fixture.payload {
            models.push((fixture.id.clone(), fixture.schema.clone()));
            payloads.insert(
                fixture.id.clone(),
                json!({"payload": payload, "also": fixture.also, "rejected": fixture.rejected,
                    "near_misses": fixture_near_misses(&fixture)}),
            );
        }
    }
    let simple = json!({"type": "object", "properties": {"prompt": {"type": "string"}}});
    for id in HOSTILE_IDS {
        models.push(((*id).to_owned(), simple.clone()));
        payloads.insert(
            (*id).to_owned(),
            json!({"payload": {"prompt": "x"}, "rejected": [{"prompt": 1}]}),
        );
    }
    let borrowed: Vec<(&str, Value)> = models
        .iter()
        .map(|(id, s)| (id.as_str(), s.clone()))
        .collect();
    let files = generate_crate(&catalog_of(&borrowed)).unwrap_or_else(|e| panic!("{e}"));
    let report = build_and_check(&files, &Value::Object(payloads));
    assert!(report.contains(", 0 failures"), "{report}");
    assert_every_near_miss_was_tried(&report);
}

/// The near misses of every valid payload of a fixture, as `[kind, payload]` pairs.
fn fixture_near_misses(fixture: &Fixture) -> Vec<(String, Value)> {
    let valid = fixture.payload.iter().chain(&fixture.also);
    valid
        .flat_map(|payload| near_misses(&fixture.schema, payload))
        .map(|(kind, payload)| (format!("{kind:?}"), payload))
        .collect()
}

/// Each kind of near miss was applied to the fixtures, and at least once the schema refused
/// the result (else it tested nothing).
fn assert_every_near_miss_was_tried(report: &str) {
    for kind in NearMiss::ALL {
        let outcomes: Vec<&str> = report
            .lines()
            .filter_map(|l| l.strip_prefix(&format!("NEAR {kind:?} ")))
            .collect();
        eprintln!(
            "near miss {kind:?} ({}): {} applied, {} invalid",
            kind.keyword(),
            outcomes.len(),
            outcomes.iter().filter(|o| **o == "invalid").count()
        );
        assert!(
            outcomes.contains(&"invalid"),
            "no fixture gave the near miss {kind:?} ({}) an invalid payload: add a fixture that uses the keyword",
            kind.keyword()
        );
    }
}

// ---------------------------------------------------------------------------------------
// Large inputs: each generates in bounded time or is refused with a limit error.

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = f();
    eprintln!("{what}: {:.1?}", started.elapsed());
    out
}

#[test]
fn an_enum_of_10000_values_generates_and_one_more_is_refused() {
    let values: Vec<String> = (0..MAX_ENUM_VALUES).map(|i| format!("value {i}")).collect();
    let schema = json!({"type": "object", "properties": {"e": {"type": "string", "enum": values}}});
    let module =
        timed("enum of 10,000 values", || outcome("big-enum", &schema)).expect("generates");
    assert!(module.contains("Value9999"));
    let mut values = values;
    values.push("one too many".to_owned());
    let schema = json!({"type": "object", "properties": {"e": {"type": "string", "enum": values}}});
    let error = outcome("big-enum", &schema).expect_err("refused");
    assert!(error.contains("MAX_ENUM_VALUES"), "{error}");
    assert!(error.contains("/properties/e/enum"), "{error}");
}

#[test]
fn ten_thousand_enum_values_that_all_collide_stay_linear() {
    // Punctuation only: every value is named `V`, `V2`, …
    let values: Vec<String> = (0..MAX_ENUM_VALUES)
        .map(|i| {
            i.to_string()
                .chars()
                .map(|d| b"!@#$%^&*()"[d as usize - '0' as usize] as char)
                .collect()
        })
        .collect();
    let schema = json!({"type": "object", "properties": {"e": {"enum": values}}});
    let module = timed("10,000 colliding enum values", || {
        outcome("blank-enum", &schema)
    })
    .expect("generates");
    assert!(module.contains("V10000"));
}

fn nested(levels: usize) -> Value {
    let mut schema = json!({"type": "string"});
    for _ in 0..levels {
        schema = json!({"type": "object", "properties": {"inner": schema}});
    }
    schema
}

#[test]
fn nesting_100_levels_deep_is_refused_and_60_generates() {
    let error = timed("100 levels", || outcome("deep", &nested(100))).expect_err("refused");
    assert!(error.contains("MAX_SCHEMA_DEPTH"), "{error}");
    assert!(error.contains(&MAX_SCHEMA_DEPTH.to_string()), "{error}");
    let module = timed("60 levels", || outcome("deep", &nested(60))).expect("generates");
    syn::parse_file(&module).expect("parses");
}

/// A one-property schema whose property is `{"$ref": "#/$defs/<first>"}`, with these `$defs`.
fn with_defs(first: &str, defs: serde_json::Map<String, Value>) -> Value {
    json!({"type": "object", "properties": {"a": {"$ref": format!("#/$defs/{first}")}}, "$defs": defs})
}

#[test]
fn a_ref_cycle_through_structs_generates_boxed_fields() {
    let schema = json!({"type": "object", "properties": {"a": {"$ref": "#/$defs/A"}}, "$defs": {"A": {"type": "object", "properties": {"b": {"$ref": "#/$defs/B"}}}, "B": {"type": "object", "properties": {"a": {"$ref": "#/$defs/A"}}}}});
    let module =
        outcome("cycle", &schema).expect("a cycle through optional struct fields is finite");
    assert!(module.contains("Box<"), "{module}");
}

#[test]
/// A `$ref` cycle no finite Rust type can name makes the value plain JSON checked by the
/// schema validator, with a warning naming the cycle; a union that is its own alternative is
/// refused. Either way the cycle is reported where it is, and nothing loops.
fn ref_cycles_that_name_no_finite_type_are_reported_with_the_cycle() {
    // (schema, where the cycle is reported, what the message says)
    let through_no_object =
        "contains itself through a schema that is not an object with properties";
    let through_all_of = "contains itself through `allOf`";
    for (schema, pointer, says) in [
        (
            json!({"type": "object", "properties": {"a": {"$ref": "#/properties/a"}}}),
            "/properties/a/$ref",
            through_no_object,
        ),
        (
            json!({"type": "object", "properties": {"a": {"$ref": "#/$defs/A"}}, "$defs": {"A": {"anyOf": [{"$ref": "#/$defs/A"}, {"type": "string"}]}}}),
            "/$defs/A",
            "is one of its own alternatives",
        ),
        (
            json!({"type": "object", "properties": {"a": {"$ref": "#/$defs/A"}}, "$defs": {"A": {"type": "object", "additionalProperties": {"$ref": "#/$defs/A"}}}}),
            "/properties/a/$ref",
            through_no_object,
        ),
        (
            json!({"type": "object", "properties": {"a": {"$ref": "#/$defs/A"}}, "$defs": {"A": {"allOf": [{"$ref": "#/$defs/A"}]}}}),
            "/$defs/A/allOf/0/$ref",
            through_all_of,
        ),
    ] {
        let reported = match generate(&catalog_of(&[("cycle", schema.clone())]), false) {
            Ok(generated) => {
                let warnings: Vec<String> =
                    generated.warnings.iter().map(|w| w.to_string()).collect();
                warnings.join("\n")
            }
            Err(errors) => errors.to_string(),
        };
        assert!(reported.contains(says), "{schema}:\n{reported}");
        assert!(
            reported.contains(&format!("at {pointer} ")),
            "{schema}:\n{reported}"
        );
    }
}

#[test]
fn a_ref_to_the_root_is_a_recursive_type_of_its_own() {
    let schema = json!({"type": "object", "properties": {"a": {"$ref": "#"}}});
    let module = outcome("cycle", &schema).expect("the root is an object with properties");
    assert!(module.contains("pub a: Option<Root>"), "{module}");
    assert!(module.contains("pub a: Option<Box<Root>>"), "{module}");
}

/// `$defs` `<prefix>0` .. `<prefix><levels>`, each level naming the next twice through
/// `wrap`, the last a string.
fn doubled(
    prefix: &str,
    levels: usize,
    wrap: impl Fn(Value) -> Value,
) -> serde_json::Map<String, Value> {
    let mut defs: serde_json::Map<String, Value> = (0..levels)
        .map(|i| {
            (
                format!("{prefix}{i}"),
                wrap(json!({"$ref": format!("#/$defs/{prefix}{}", i + 1)})),
            )
        })
        .collect();
    defs.insert(format!("{prefix}{levels}"), json!({"type": "string"}));
    defs
}

fn doubled_struct(next: Value) -> Value {
    json!({"type": "object", "properties": {"l": next, "r": next}})
}

fn doubled_all_of(next: Value) -> Value {
    json!({"allOf": [next, next]})
}

#[test]
fn forty_levels_of_doubled_struct_refs_generate_each_target_once() {
    // 2^40 uses if expanded naively.
    let schema = with_defs("L0", doubled("L", 40, doubled_struct));
    let module = timed("40 levels of doubled struct refs", || {
        outcome("bomb", &schema)
    })
    .expect("each target lowered once");
    assert_eq!(module.matches("pub struct L").count(), 40, "{module}");
}

#[test]
fn ten_levels_of_doubled_all_of_refs_merge() {
    // 2^10 merges of the same targets, well inside MAX_SUBSCHEMAS.
    let schema = with_defs("A0", doubled("A", 10, doubled_all_of));
    let module = outcome("bomb", &schema).expect("a finite allOf tree merges");
    assert!(module.contains("pub a: Option<String>"), "{module}");
}

#[test]
fn fifteen_levels_of_doubled_all_of_refs_are_refused_by_max_subschemas() {
    // 2^15 merges of several subschemas each: past the budget before the 32 levels of
    // MAX_MERGE_DEPTH (two per level).
    const { assert!(MAX_SUBSCHEMAS < 1 << 16) };
    let schema = with_defs("A0", doubled("A", 15, doubled_all_of));
    let error = timed("15 levels of doubled allOf refs", || {
        outcome("bomb", &schema)
    })
    .expect_err("refused");
    assert!(error.contains("(`limit`)"), "{error}");
    assert!(
        error.contains(&format!(
            "more than {MAX_SUBSCHEMAS} subschemas (MAX_SUBSCHEMAS)"
        )),
        "{error}"
    );
}

#[test]
fn forty_levels_of_doubled_all_of_refs_are_refused_by_the_merge_depth() {
    let schema = with_defs("A0", doubled("A", 40, doubled_all_of));
    let error = timed("40 levels of doubled allOf refs", || {
        outcome("bomb", &schema)
    })
    .expect_err("refused");
    assert!(error.contains("(`allOf`)"), "{error}");
    assert!(error.contains("nest more than 32 deep"), "{error}");
}

#[test]
fn a_5_mb_schema_is_refused_with_the_size_limit() {
    let properties: serde_json::Map<String, Value> = (0..50_000)
        .map(|i| {
            (
                format!("property_{i:05}"),
                json!({"type": "string", "description": "x".repeat(60)}),
            )
        })
        .collect();
    let schema = json!({"type": "object", "properties": properties});
    let bytes = serde_json::to_vec(&schema).expect("json").len();
    assert!(bytes > 5_000_000, "{bytes}");
    const { assert!(MAX_SCHEMA_BYTES < 5_000_000) };
    let error = timed("5 MB schema", || outcome("huge", &schema)).expect_err("refused");
    assert!(error.contains("MAX_SCHEMA_BYTES"), "{error}");
}

// ---------------------------------------------------------------------------------------
// Random schemas.

const NAMES: &[&str] = &[
    "a", "type", "self", "Self", "fooBar", "foo_bar", "foo-bar", "", " ", "1x", "größe", "名前",
    "new", "build", "clear_a", "model", "r#try", "x.y", "!!!", "extra",
];

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(NAMES).prop_map(str::to_owned),
        "[a-zA-Z0-9 _.:-]{0,12}",
        any::<String>().prop_map(|s| s.chars().take(8).collect()),
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({"type": "string"})),
        Just(json!({"type": "integer", "minimum": 0, "maximum": 10})),
        Just(json!({"type": "number", "exclusiveMinimum": 0})),
        Just(json!({"type": "number", "minimum": 1, "exclusiveMinimum": true})),
        Just(json!({"type": "boolean", "default": true})),
        Just(json!({"type": "string", "format": "uri"})),
        Just(json!({"type": "string", "pattern": "^[a-z]+$", "minLength": 1})),
        Just(json!({"type": ["string", "null"]})),
        Just(json!({"type": "integer", "nullable": true})),
        Just(json!({})),
        Just(json!(true)),
        Just(json!(false)),
        Just(json!({"const": "fixed"})),
        Just(json!({"$ref": "#/$defs/Shared"})),
        Just(json!({"$ref": "#/$defs/Node"})),
        Just(json!({"$ref": "#/$defs/Missing"})),
        Just(json!({"$ref": "#"})),
        Just(json!({"if": {"type": "string"}, "then": {}})),
        Just(json!({"not": {}})),
        Just(json!({"type": "string", "default": 5})),
        Just(json!({"type": "string", "pattern": "(?=a)"})),
        proptest::collection::vec(
            prop_oneof![
                name().prop_map(Value::from),
                any::<i32>().prop_map(Value::from),
                Just(Value::Null),
                Just(json!(1.5)),
                any::<bool>().prop_map(Value::from)
            ],
            0..6
        )
        .prop_map(|values| json!({ "enum": values })),
    ]
}

fn schema() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 40, 5, |inner| {
        prop_oneof![
            (proptest::collection::btree_map(name(), inner.clone(), 0..5), proptest::collection::vec(name(), 0..3), any::<Option<bool>>())
                .prop_map(|(properties, required, closed)| {
                    let mut schema = json!({"type": "object", "properties": properties, "required": required});
                    if let Some(closed) = closed {
                        schema["additionalProperties"] = Value::Bool(!closed);
                    }
                    schema
                }),
            inner.clone().prop_map(|items| json!({"type": "array", "items": items, "maxItems": 3})),
            proptest::collection::vec(inner.clone(), 1..4).prop_map(|v| json!({"anyOf": v})),
            proptest::collection::vec(inner.clone(), 1..4).prop_map(|v| json!({"oneOf": v})),
            proptest::collection::vec(inner.clone(), 1..3).prop_map(|v| json!({"allOf": v})),
            inner.clone().prop_map(|v| json!({"type": "object", "additionalProperties": v})),
            (name(), inner.clone()).prop_map(|(p, v)| json!({"type": "object", "patternProperties": {p: v}})),
            (name(), inner).prop_map(|(tag, v)| json!({"oneOf": [
                {"type": "object", "required": [tag.clone()], "properties": {tag.clone(): {"const": "a"}, "v": v}},
                {"type": "object", "required": [tag.clone()], "properties": {tag: {"const": "b"}}}
            ]})),
        ]
    })
}

/// A request schema around random properties, with definitions the `$ref`s may use.
fn request_schema() -> impl Strategy<Value = Value> {
    (proptest::collection::btree_map(name(), schema(), 0..6), schema(), proptest::collection::vec(name(), 0..3)).prop_map(
        |(properties, shared, required)| {
            json!({
                "type": "object",
                "required": required,
                "properties": properties,
                "$defs": {
                    "Shared": shared,
                    "Node": {"type": "object", "properties": {"next": {"$ref": "#/$defs/Node"}, "v": {"type": "string"}}}
                }
            })
        },
    )
}

/// Every Rust file of a generated crate parses.
fn assert_parses(files: &FileTree) {
    for (path, text) in &files.0 {
        if path.extension().is_some_and(|e| e == "rs") {
            syn::parse_file(text).unwrap_or_else(|e| panic!("{}: {e}\n{text}", path.display()));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_schemas_never_panic_and_successes_parse(schema in request_schema()) {
        let set = catalog_of(&[("random-model", schema)]);
        match generate_crate(&set) {
            Ok(files) => assert_parses(&files),
            Err(errors) => {
                prop_assert!(errors.generator_bug().is_none(), "emitted code that does not parse: {}", errors);
                for error in &errors.0 {
                    prop_assert_eq!(error.model.as_str(), "random-model");
                    prop_assert!(!error.error.keyword.is_empty(), "{}", error);
                    prop_assert!(!error.error.message.is_empty(), "{}", error);
                }
            }
        }
    }
}

/// A sample of random schemas that generate, compiled together as one crate (one build).
#[test]
fn a_sample_of_random_successes_compiles() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]),
    );
    let strategy = request_schema();
    let mut models: Vec<(String, Value)> = Vec::new();
    let mut tried = 0;
    while models.len() < 40 && tried < 2_000 {
        tried += 1;
        let schema = strategy.new_tree(&mut runner).expect("tree").current();
        let id = format!("random-{tried}");
        if generate_crate(&catalog_of(&[(id.as_str(), schema.clone())])).is_ok() {
            models.push((id, schema));
        }
    }
    assert!(
        models.len() >= 20,
        "only {} of {tried} random schemas generated",
        models.len()
    );
    let borrowed: Vec<(&str, Value)> = models
        .iter()
        .map(|(id, s)| (id.as_str(), s.clone()))
        .collect();
    let files = generate_crate(&catalog_of(&borrowed)).unwrap_or_else(|e| panic!("{e}"));
    eprintln!(
        "{} of {tried} random schemas generated; compiling them together",
        models.len()
    );
    let report = build_and_check(&files, &json!({}));
    assert!(report.contains("0 models checked, 0 failures"), "{report}");
}
