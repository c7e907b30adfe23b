//! The official JSON-Schema-Test-Suite, draft 2020-12 (`tests/fixtures/json-schema-test-suite/`,
//! vendored with its license and commit), through the generator and the typed path.
//!
//! Each group's schema becomes the request body `{"value": <schema>}` of a model of its own
//! (its local `$ref`s rewritten to point where the schema now is), and each of its tests the
//! payload `{"model": <id>, "value": <data>}`. Every group generates, or is named with the
//! generator's reason; every group that generates is compiled into one crate, where a program
//! deserializes each payload into the request type and runs `validate()`: that verdict must be
//! the suite's, and a payload the typed path reads must serialize back to itself.
//! Groups that need what a request body cannot hold offline are left out ([`LEFT_OUT`]).

use std::collections::BTreeMap;
use std::path::PathBuf;

use oxen_codegen::generate::generate;
use oxen_tests::{catalog_of, repo_root, scratch_cargo, scratch_workspace};
use serde_json::{Value, json};

/// Files left out whole, and why.
const LEFT_OUT: &[(&str, &str)] = &[
    (
        "dynamicRef.json",
        "`$dynamicRef` resolves through `$id`-scoped resources",
    ),
    (
        "refRemote.json",
        "remote references: nothing is fetched offline",
    ),
    (
        "vocabulary.json",
        "custom meta-schemas and `$vocabulary`, fetched by URI",
    ),
    (
        "format.json",
        "the suite takes `format` as an annotation; `validate_payload` asserts it",
    ),
];

/// Keywords that make a group left out wherever they appear: the group's schema is a
/// resource of its own (`$id`, `$schema` of a custom meta-schema) that a request body
/// cannot hold, or it refers outside itself.
fn left_out_reason(file: &str, schema: &Value) -> Option<String> {
    if let Some((_, reason)) = LEFT_OUT.iter().find(|(name, _)| *name == file) {
        return Some((*reason).to_owned());
    }
    let text = schema.to_string();
    if text.contains("\"$id\"") {
        return Some("`$id`: the schema names resources of its own".to_owned());
    }
    if text.contains("\"$dynamicRef\"") || text.contains("\"$dynamicAnchor\"") {
        return Some("`$dynamicRef`".to_owned());
    }
    if references(schema).any(|r| !r.starts_with('#')) {
        return Some("a `$ref` to a remote schema".to_owned());
    }
    None
}

fn references(schema: &Value) -> Box<dyn Iterator<Item = &str> + '_> {
    match schema {
        Value::Object(map) => Box::new(
            map.get("$ref")
                .and_then(Value::as_str)
                .into_iter()
                .chain(map.values().flat_map(references)),
        ),
        Value::Array(items) => Box::new(items.iter().flat_map(references)),
        _ => Box::new(std::iter::empty()),
    }
}

/// `schema` with every local `$ref` JSON pointer (`#`, `#/$defs/a`) rewritten to point below
/// `/properties/value`, where the request body holds it.
fn relocated(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, value)| {
                    let value = match (key.as_str(), value) {
                        ("$ref", Value::String(reference))
                            if reference == "#" || reference.starts_with("#/") =>
                        {
                            Value::String(format!("#/properties/value{}", &reference[1..]))
                        }
                        // Values, not subschemas: a `$ref` in them is data.
                        ("const" | "enum" | "default" | "examples", _) => value.clone(),
                        _ => relocated(value),
                    };
                    (key.clone(), value)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(relocated).collect()),
        other => other.clone(),
    }
}

struct Group {
    id: String,
    file: String,
    description: String,
    schema: Value,
    /// (description, data, valid)
    tests: Vec<(String, Value, bool)>,
}

fn groups() -> Vec<Group> {
    let dir = repo_root().join("tests/fixtures/json-schema-test-suite/draft2020-12");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("suite directory")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    let mut groups = Vec::new();
    for path in paths {
        let file = path.file_name().and_then(|n| n.to_str()).expect("name");
        let stem: String = file
            .trim_end_matches(".json")
            .chars()
            .flat_map(|c| {
                if c.is_ascii_uppercase() {
                    vec!['-', c.to_ascii_lowercase()]
                } else if c.is_ascii_alphanumeric() {
                    vec![c]
                } else {
                    vec!['-']
                }
            })
            .collect();
        let text = std::fs::read_to_string(&path).expect("suite file readable");
        let parsed: Vec<Value> = serde_json::from_str(&text).expect("suite file is JSON");
        for (i, group) in parsed.into_iter().enumerate() {
            let tests = group["tests"]
                .as_array()
                .expect("tests")
                .iter()
                .map(|test| {
                    (
                        test["description"]
                            .as_str()
                            .expect("description")
                            .to_owned(),
                        test["data"].clone(),
                        test["valid"].as_bool().expect("valid"),
                    )
                })
                .collect();
            groups.push(Group {
                id: format!("suite-{stem}-{i}"),
                file: file.to_owned(),
                description: group["description"]
                    .as_str()
                    .expect("description")
                    .to_owned(),
                schema: group["schema"].clone(),
                tests,
            });
        }
    }
    groups
}

/// The request body holding a group's schema.
fn body(schema: &Value) -> Value {
    json!({"type": "object", "properties": {"value": relocated(schema)}, "required": ["value"]})
}

/// Reads each payload into its model's request type, runs `validate()`, and compares the
/// verdict with the suite's; a payload the typed path reads must serialize back to itself.
const CHECK_PROGRAM: &str = r#"
use oxen_models::{Request, RequestVisitor};
use serde_json::Value;

/// JSON equality with numbers compared by value, exactly (`2` and `2.0` are one number,
/// `9007199254740993` and `9007199254740992` are two).
fn same(a: &Value, b: &Value) -> bool {
    let exact = |n: &serde_json::Number| {
        n.as_i64().map(i128::from).or(n.as_u64().map(i128::from)).or_else(|| {
            let f = n.as_f64()?;
            (f.fract() == 0.0 && f.abs() < 1e38).then_some(f as i128)
        })
    };
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (exact(x), exact(y)) {
            (Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

struct Check(Vec<Value>);

impl RequestVisitor for Check {
    type Output = Vec<String>;
    fn visit<R: Request>(self) -> Vec<String> {
        let mut lines = Vec::new();
        for (i, test) in self.0.into_iter().enumerate() {
            let payload = &test["payload"];
            let suite = test["valid"].as_bool().expect("valid");
            let (typed, why) = match serde_json::from_value::<R>(payload.clone()) {
                Err(error) => (false, format!("does not deserialize: {error}")),
                Ok(request) => {
                    let back = serde_json::to_value(&request).unwrap_or(Value::Null);
                    if !same(&back, payload) {
                        lines.push(format!("LOSS {i}: {payload} came back as {back}"));
                    }
                    match oxen_models::runtime::validate(&request) {
                        Ok(()) => (true, String::new()),
                        Err(violations) => (false, violations.to_string().replace('\n', "; ")),
                    }
                }
            };
            let schema = oxen_models::validate_payload(payload["model"].as_str().unwrap_or(""), payload).is_ok();
            if schema != suite {
                lines.push(format!("SCHEMA {i}: the suite says {suite}, validate_payload {schema}"));
            }
            if typed != suite {
                lines.push(format!("TYPED {i}: the suite says {suite}, the typed path {typed} {why}"));
            }
            lines.push(format!("TEST {i} {}", if typed == suite { "agrees" } else { "disagrees" }));
        }
        lines
    }
}

fn main() {
    let path = std::env::args().nth(1).expect("payload file");
    let text = std::fs::read_to_string(path).expect("payload file readable");
    let cases: serde_json::Map<String, Value> = serde_json::from_str(&text).expect("payloads");
    for (id, tests) in cases {
        let tests = tests.as_array().cloned().unwrap_or_default();
        match oxen_models::visit_request(&id, Check(tests)) {
            Some(lines) => lines.iter().for_each(|line| println!("{id} {line}")),
            None => println!("{id} MISSING"),
        }
    }
}
"#;

#[test]
fn the_typed_path_gives_the_suites_verdict_on_every_generated_group() {
    let groups = groups();
    let mut left_out = Vec::new();
    let mut models = Vec::new();
    for group in &groups {
        match left_out_reason(&group.file, &group.schema) {
            Some(reason) => left_out.push(format!(
                "{} ({}: {}): {reason}",
                group.id, group.file, group.description
            )),
            None => models.push((group.id.as_str(), body(&group.schema))),
        }
    }
    let generated = generate(&catalog_of(&models), true).unwrap_or_else(|e| panic!("{e}"));
    let refused: BTreeMap<String, String> = generated
        .left_out
        .iter()
        .map(|error| (error.model.to_string(), error.to_string()))
        .collect();
    let mut cases = serde_json::Map::new();
    let mut tests = 0;
    for group in &groups {
        if left_out_reason(&group.file, &group.schema).is_some() || refused.contains_key(&group.id)
        {
            continue;
        }
        let payloads: Vec<Value> = group
            .tests
            .iter()
            .map(|(_, data, valid)| {
                json!({"payload": {"model": group.id, "value": data}, "valid": valid})
            })
            .collect();
        tests += payloads.len();
        cases.insert(group.id.clone(), Value::Array(payloads));
    }
    let dir = scratch_workspace(&generated.files);
    let krate = dir.path().join("oxen-models");
    std::fs::write(krate.join("src/bin/check-suite.rs"), CHECK_PROGRAM).expect("program");
    std::fs::write(
        dir.path().join("suite.json"),
        Value::Object(cases).to_string(),
    )
    .expect("payloads");
    let output = scratch_cargo(
        dir.path(),
        &["run", "--quiet", "--bin", "check-suite", "--", "suite.json"],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the suite's crate failed:\n{}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    let problems: Vec<&str> = stdout
        .lines()
        .filter(|line| !line.contains(" TEST "))
        .collect();
    let agreed = stdout.lines().filter(|l| l.ends_with(" agrees")).count();
    eprintln!(
        "{} groups: {} left out, {} not generated, {} generated with {tests} tests, {agreed} agreeing",
        groups.len(),
        left_out.len(),
        refused.len(),
        groups.len() - left_out.len() - refused.len(),
    );
    for line in &left_out {
        eprintln!("left out: {line}");
    }
    for reason in refused.values() {
        eprintln!("not generated: {reason}");
    }
    // The one refusal: the group's schema is `false`, and a request body requires the value
    // (no value satisfies the body: README, Robustness, "a type no finite value has").
    let refused_ids: Vec<&str> = refused.keys().map(String::as_str).collect();
    assert_eq!(refused_ids, ["suite-boolean-schema-1"], "{refused:#?}");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert_eq!(agreed, tests);
}
