//! The generated types accept exactly what the schemas accept.
//!
//! For every model of the catalog, proptest generates payloads from the model's payload schema
//! (`oxen_models::validate::payload_schema`): valid ones, and near misses of one property each
//! (a value just outside a bound or exactly on it, a value not in the enum, a missing required
//! property, a wrong type, an object given as an array, `null`, an unknown property, a bad or
//! unusual URI, a wrong `model`).
//! For each payload, "deserializes into the generated request type and passes its `validate()`"
//! must give the same verdict as the JSON Schema validator behind `validate_payload`.
//!
//! Schemas with rules no Rust type states (`not`, `if`/`then`/`else`, `dependentRequired`,
//! ...) get one more near miss, [`Mutation::BreakRule`], a value made to break such a rule;
//! the catalog has none today, so `tests/tests/tolerant.rs` runs this same file against a crate
//! generated from the fixtures that do.
//!
//! Cases per model: `PROPTEST_CASES` (default 256, the CI run). The long run:
//! `PROPTEST_CASES=20000 cargo test --release -p oxen-tests --test agreement`.
//!
//! It also asserts the round trip: a payload both accept deserializes and serializes back to
//! the same JSON value (numbers compared by value, exactly; key order aside).
//!
//! Beyond the catalog, [`generated_types_and_schemas_agree_for_every_fixture`] does the same
//! for every generating fixture of `tests/fixtures/` (the hostile and the faithful sets,
//! generated as one crate and built once): their own payloads and `PROPTEST_CASES` generated
//! ones each.
//!
//! No difference is intended: `validate()` is the schema validator's verdict on the request's
//! JSON, so what is left to find is deserialization refusing what the schema accepts (a whole
//! float such as `30.0` where an integer is wanted included, which 2020-12 calls an integer)
//! and a round trip that loses something.

use std::cell::Cell;
use std::collections::BTreeMap;

use oxen_models::validate::{check_typed, payload_schema};
use oxen_models::{MODELS, Request, RequestVisitor};
use proptest::prelude::*;
use proptest::strategy::Union;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{Map, Number, Value, json};

/// Cases per model: `PROPTEST_CASES`, else 256.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256)
}

/// A near miss applied to one place of a valid payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mutation {
    /// A number just past `maximum`/`minimum` (or on an exclusive bound).
    JustOutsideBound,
    /// A number exactly on an inclusive bound (valid).
    OnBound,
    /// A value not in the `enum`.
    NotInEnum,
    /// A required property removed.
    MissingRequired,
    /// A value of another JSON type.
    WrongType,
    /// An object (the body too) replaced by a JSON array: empty, or of its values (the form
    /// serde's derived struct reader also takes, which `type: object` refuses).
    ObjectAsArray,
    /// `null` (valid only where nullable).
    Null,
    /// A property the schema does not name (invalid only where forbidden).
    UnknownProperty,
    /// A string that is not a URI, or an unusual one that is, where `format: uri`.
    BadUri,
    /// `model` naming another model, or not a string.
    WrongModel,
    /// A fractional number where an integer is wanted (invalid for both).
    FractionalInteger,
    /// Intended difference: a whole float such as `30.0` where an integer is wanted.
    IntegerAsWholeFloat,
    /// An integer outside the `i64` range (`2^63`, `u64::MAX`), where the bounds allow it.
    IntegerBeyondI64,
    /// A value made to break a rule no Rust type states (`not`, `dependentRequired`, ...).
    BreakRule,
}

const MUTATIONS: [Mutation; 14] = [
    Mutation::JustOutsideBound,
    Mutation::OnBound,
    Mutation::NotInEnum,
    Mutation::MissingRequired,
    Mutation::WrongType,
    Mutation::ObjectAsArray,
    Mutation::Null,
    Mutation::UnknownProperty,
    Mutation::BadUri,
    Mutation::WrongModel,
    Mutation::FractionalInteger,
    Mutation::IntegerAsWholeFloat,
    Mutation::IntegerBeyondI64,
    Mutation::BreakRule,
];

/// Keywords whose rules `validate()` leaves to the schema validator.
const RULE_KEYWORDS: &[&str] = &[
    "not",
    "if",
    "dependentRequired",
    "dependentSchemas",
    "minProperties",
    "maxProperties",
    "propertyNames",
    "contains",
    "unevaluatedProperties",
    "unevaluatedItems",
    "prefixItems",
    "oneOf",
    "anyOf",
    "enum",
    "const",
    "pattern",
];

/// Whether a schema has a keyword of [`RULE_KEYWORDS`] that only the schema validator checks,
/// anywhere inside.
fn has_rules(schema: &Value) -> bool {
    match schema {
        Value::Object(map) => {
            map.iter().any(|(keyword, value)| {
                matches!(
                    keyword.as_str(),
                    "not"
                        | "if"
                        | "dependentRequired"
                        | "dependentSchemas"
                        | "minProperties"
                        | "maxProperties"
                        | "propertyNames"
                        | "contains"
                        | "unevaluatedProperties"
                        | "unevaluatedItems"
                        | "prefixItems"
                ) || (keyword == "enum"
                    && value
                        .as_array()
                        .is_some_and(|v| v.iter().any(|v| v.is_object() || v.is_array())))
            }) || map.values().any(has_rules)
        }
        Value::Array(items) => items.iter().any(has_rules),
        _ => false,
    }
}

/// A plain value a schema describes: its `const`, first `enum` value, or one of its type.
fn sample_of(schema: &Value) -> Value {
    if let Some(value) = schema.get("const") {
        return value.clone();
    }
    if let Some(first) = schema
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|v| v.first())
    {
        return first.clone();
    }
    match types_of(schema).first().copied() {
        Some("integer") => json!(7),
        Some("number") => json!(1.5),
        Some("boolean") => json!(true),
        Some("array") => json!([]),
        Some("object") => json!({}),
        Some("null") => Value::Null,
        _ => json!("text"),
    }
}

/// Values that break one of the rules of `schema` at a place that holds `current`.
fn rule_breakers(schema: &Value, current: Option<&Value>) -> Vec<Value> {
    let mut out = Vec::new();
    let object = current
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let property = |name: &str| {
        schema
            .get("properties")
            .and_then(|p| p.get(name))
            .map_or(json!("x"), sample_of)
    };
    let with = |changes: &[(&str, Option<Value>)]| {
        let mut object = object.clone();
        for (name, value) in changes {
            match value {
                Some(value) => object.insert((*name).to_owned(), value.clone()),
                None => object.remove(*name),
            };
        }
        Value::Object(object)
    };
    for keyword in RULE_KEYWORDS {
        let Some(rule) = schema.get(*keyword) else {
            continue;
        };
        match *keyword {
            "not" => out.push(sample_of(rule)),
            "if" => {
                out.push(sample_of(rule));
                if let Some(Value::Object(conditions)) = rule.get("properties") {
                    let set: Vec<(&str, Option<Value>)> = conditions
                        .iter()
                        .map(|(name, condition)| (name.as_str(), Some(sample_of(condition))))
                        .collect();
                    out.push(with(&set));
                }
            }
            "dependentRequired" | "dependentSchemas" => {
                for (name, needs) in rule.as_object().into_iter().flatten() {
                    let needed = needs
                        .as_array()
                        .or_else(|| needs.get("required").and_then(Value::as_array));
                    let mut changes = vec![(name.as_str(), Some(property(name)))];
                    for other in needed.into_iter().flatten().filter_map(Value::as_str) {
                        changes.push((other, None));
                    }
                    out.push(with(&changes));
                }
            }
            "minProperties" => out.push(json!({})),
            "maxProperties" | "unevaluatedProperties" | "propertyNames" => {
                let value = object.values().next().cloned().unwrap_or(json!("x"));
                let extra: Vec<(String, Option<Value>)> = (0..4)
                    .map(|i| (format!("zz {i}!"), Some(value.clone())))
                    .collect();
                let borrowed: Vec<(&str, Option<Value>)> =
                    extra.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
                out.push(with(&borrowed));
            }
            "contains" => {
                out.push(json!([]));
                out.push(json!([sample_of(rule), sample_of(rule), sample_of(rule)]));
            }
            "prefixItems" | "unevaluatedItems" => {
                let mut items = current
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                items.reverse();
                out.push(Value::Array(items.clone()));
                items.push(json!(true));
                out.push(Value::Array(items));
            }
            "oneOf" | "anyOf" => {
                out.push(json!({}));
                let all: Vec<(&str, Option<Value>)> = schema
                    .get("properties")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                    .map(|(name, sub)| (name.as_str(), Some(sample_of(sub))))
                    .collect();
                out.push(with(&all));
            }
            "enum" | "const" => {
                let options = rule
                    .as_array()
                    .cloned()
                    .unwrap_or_else(|| vec![rule.clone()]);
                for option in options {
                    match option {
                        Value::Object(mut map) => {
                            map.insert("zz".to_owned(), json!(1));
                            out.push(Value::Object(map));
                        }
                        Value::Array(mut items) => {
                            items.reverse();
                            items.push(json!(0));
                            out.push(Value::Array(items));
                        }
                        _ => {}
                    }
                }
            }
            "pattern" => {
                for text in ["abcdefgh", "a1", "", "ABC", "aaa"] {
                    out.push(json!(text));
                }
            }
            _ => {}
        }
    }
    out
}

const BAD_OR_ODD_URIS: &[&str] = &[
    "not a uri",
    "example.com/image.png",
    "//example.com/image.png",
    "/images/cat.png",
    "http://exa mple.com/cat.png",
    "https://example.com/cat%zz.png",
    "https://example.com/cat.png#a#b",
    "http://[::1/cat.png",
    "http://example.com:port/cat.png",
    "1http://example.com",
    ":no-scheme",
    "",
    "https://例え.jp/猫.png",
    "https://example.com/a\"b",
    "https://example.com/a{b}",
    "https://example.com/a\\b",
    "urn:isbn:0451450523",
    "mailto:someone@example.com",
    "file:///tmp/cat.png",
    "s3://bucket/key/cat.png",
    "data:image/png;base64,iVBORw0KGgo=",
    "HTTPS://EXAMPLE.COM/CAT.PNG",
    "https://example.com/%E2%9C%93?q=1&r=[2]",
    "http://[::1]:8080/cat.png",
    "https://user:pass@example.com/",
];

fn types_of(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// A small JSON value of any kind.
fn any_json() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-1000i64..1000).prop_map(Value::from),
        (-1000.0f64..1000.0).prop_map(Value::from),
        "[a-z ]{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::btree_map("[a-z]{1,6}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
    .boxed()
}

/// Values the schema accepts (as far as its keywords go: the schema validator has the last word).
fn valid_value(schema: &Value) -> BoxedStrategy<Value> {
    if let Some(value) = schema.get("const") {
        return Just(value.clone()).boxed();
    }
    if let Some(Value::Array(options)) = schema.get("enum") {
        return prop::sample::select(options.clone()).boxed();
    }
    // Beside `properties`, alternatives only add rules to the object (the validator judges).
    for combinator in ["oneOf", "anyOf"] {
        if let Some(Value::Array(branches)) = schema.get(combinator)
            && schema.get("properties").is_none()
        {
            return Union::new(branches.iter().map(valid_value)).boxed();
        }
    }
    let types = types_of(schema);
    if types.is_empty() {
        return any_json();
    }
    Union::new(types.into_iter().map(|t| valid_of_type(schema, t))).boxed()
}

fn bound(schema: &Value, keyword: &str) -> Option<f64> {
    schema.get(keyword).and_then(Value::as_f64)
}

fn valid_of_type(schema: &Value, ty: &str) -> BoxedStrategy<Value> {
    match ty {
        "null" => Just(Value::Null).boxed(),
        "boolean" => any::<bool>().prop_map(Value::Bool).boxed(),
        "integer" => {
            let low = bound(schema, "minimum").map(|m| m.ceil() as i64).or(bound(
                schema,
                "exclusiveMinimum",
            )
            .map(|m| m.floor() as i64 + 1));
            let high = bound(schema, "maximum").map(|m| m.floor() as i64).or(bound(
                schema,
                "exclusiveMaximum",
            )
            .map(|m| m.ceil() as i64 - 1));
            match (low, high) {
                (Some(low), Some(high)) => (low..=high).prop_map(Value::from).boxed(),
                (Some(low), None) => prop_oneof![
                    (low..low.saturating_add(1000)).prop_map(Value::from),
                    Just(Value::from(i64::MAX)),
                ]
                .boxed(),
                (None, Some(high)) => (high.saturating_sub(1000)..=high)
                    .prop_map(Value::from)
                    .boxed(),
                (None, None) => prop_oneof![
                    (-1_000_000i64..1_000_000).prop_map(Value::from),
                    prop::sample::select(vec![i64::MIN, i64::MAX, 0]).prop_map(Value::from),
                ]
                .boxed(),
            }
        }
        "number" => {
            let low = bound(schema, "minimum").or(bound(schema, "exclusiveMinimum"));
            let high = bound(schema, "maximum").or(bound(schema, "exclusiveMaximum"));
            let low = low.unwrap_or(high.map_or(-1e6, |h| h - 1e6));
            let high = high.unwrap_or(low + 1e6);
            let exclusive = schema.get("exclusiveMinimum").is_some()
                || schema.get("exclusiveMaximum").is_some();
            let float = (low..=high).prop_map(Value::from).boxed();
            let (first, last) = (low.ceil() as i64, high.floor() as i64);
            let strategy = if first <= last {
                prop_oneof![(first..=last).prop_map(Value::from), float].boxed()
            } else {
                float
            };
            if exclusive {
                let (low, high) = (low, high);
                strategy
                    .prop_filter("inside exclusive bounds", move |v| {
                        let x = v.as_f64().unwrap_or(low);
                        x > low && x < high
                    })
                    .boxed()
            } else {
                strategy.boxed()
            }
        }
        "string" => {
            if schema.get("format").and_then(Value::as_str) == Some("uri") {
                return prop_oneof![
                    "https://[a-z]{1,10}\\.(com|ai|io)/[a-z0-9_-]{0,12}\\.(png|jpg|mp4|wav)",
                    "https://[a-z]{1,10}\\.com/[a-z0-9/]{0,12}\\?[a-z]{1,4}=[a-z0-9]{0,4}",
                    "data:image/png;base64,[A-Za-z0-9+/]{4,16}={0,2}",
                    "s3://[a-z]{3,8}/[a-z0-9/]{1,12}",
                ]
                .prop_map(Value::String)
                .boxed();
            }
            if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
                return prop::string::string_regex(pattern)
                    .map(|s| s.prop_map(Value::String).boxed())
                    .unwrap_or_else(|_| Just(Value::String(String::new())).boxed());
            }
            let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0);
            let max = schema
                .get("maxLength")
                .and_then(Value::as_u64)
                .unwrap_or(min + 24)
                .min(min + 64);
            prop_oneof![
                prop::string::string_regex(&format!("[ -~]{{{min},{max}}}")).expect("regex"),
                prop::string::string_regex(&format!(".{{{min},{max}}}")).expect("regex"),
            ]
            .prop_map(Value::String)
            .boxed()
        }
        "array" => {
            let items = schema.get("items").map_or_else(any_json, valid_value);
            let min = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0) as usize;
            let max = schema
                .get("maxItems")
                .and_then(Value::as_u64)
                .map_or(min + 3, |m| (m as usize).min(min + 3));
            prop::collection::vec(items, min..=max)
                .prop_map(Value::Array)
                .boxed()
        }
        "object" => valid_object(schema),
        other => panic!("a type the test does not know: {other}"),
    }
}

fn valid_object(schema: &Value) -> BoxedStrategy<Value> {
    let Some(Value::Object(properties)) = schema.get("properties") else {
        return prop::collection::btree_map("[a-z_]{1,8}", any_json(), 0..3)
            .prop_map(|m| Value::Object(m.into_iter().collect()))
            .boxed();
    };
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let fields: Vec<BoxedStrategy<Option<(String, Value)>>> = properties
        .iter()
        .map(|(name, sub)| {
            let name = name.clone();
            let value = valid_value(sub);
            if required.contains(&name.as_str()) {
                value.prop_map(move |v| Some((name.clone(), v))).boxed()
            } else {
                prop::option::weighted(0.6, value)
                    .prop_map(move |v| v.map(|v| (name.clone(), v)))
                    .boxed()
            }
        })
        .collect();
    fields
        .prop_map(|fields| {
            Value::Object(fields.into_iter().flatten().collect::<Map<String, Value>>())
        })
        .boxed()
}

/// A place in a payload: the pointer to it and its schema.
struct Site<'s> {
    pointer: String,
    schema: &'s Value,
}

/// Every place of `value` that a schema keyword describes.
fn sites<'s>(value: &Value, schema: &'s Value, pointer: String, out: &mut Vec<Site<'s>>) {
    out.push(Site {
        pointer: pointer.clone(),
        schema,
    });
    match value {
        Value::Object(object) => {
            if let Some(Value::Object(properties)) = schema.get("properties") {
                for (name, sub) in properties {
                    if let Some(v) = object.get(name) {
                        sites(v, sub, format!("{pointer}/{}", escape(name)), out);
                    }
                }
            }
        }
        Value::Array(items) => {
            if let Some(sub) = schema.get("items") {
                for (i, item) in items.iter().enumerate() {
                    sites(item, sub, format!("{pointer}/{i}"), out);
                }
            }
        }
        _ => {}
    }
    for combinator in ["oneOf", "anyOf"] {
        if let Some(Value::Array(branches)) = schema.get(combinator) {
            for branch in branches {
                // The branch this value was generated from, as far as a type tells.
                if branch_admits_type(branch, value) {
                    sites(value, branch, pointer.clone(), out);
                }
            }
        }
    }
}

fn branch_admits_type(schema: &Value, value: &Value) -> bool {
    let types = types_of(schema);
    types.is_empty() || types.iter().any(|t| json_type_matches(t, value))
}

fn json_type_matches(ty: &str, value: &Value) -> bool {
    match (ty, value) {
        ("null", Value::Null) | ("boolean", Value::Bool(_)) | ("string", Value::String(_)) => true,
        ("array", Value::Array(_))
        | ("object", Value::Object(_))
        | ("number", Value::Number(_)) => true,
        ("integer", Value::Number(n)) => n.is_i64() || n.is_u64(),
        _ => false,
    }
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Applies `mutation` at one of the sites it applies to (chosen by `pick`); `None` when it
/// applies nowhere in this payload.
fn mutate(
    payload: &Value,
    schema: &Value,
    mutation: Mutation,
    pick: usize,
    model_id: &str,
) -> Option<Value> {
    let mut all = Vec::new();
    sites(payload, schema, String::new(), &mut all);
    let mut candidates: Vec<(String, Edit)> = Vec::new();
    for site in &all {
        let types = types_of(site.schema);
        let is_integer = types.contains(&"integer");
        let is_number = is_integer || types.contains(&"number");
        let step: f64 = if types == ["integer"] { 1.0 } else { 1e-6 };
        match mutation {
            Mutation::JustOutsideBound => {
                if !is_number {
                    continue;
                }
                if let Some(max) = bound(site.schema, "maximum") {
                    candidates.push((
                        site.pointer.clone(),
                        Edit::Set(number(max + step.max(max.abs() * 1e-9))),
                    ));
                }
                if let Some(min) = bound(site.schema, "minimum") {
                    candidates.push((
                        site.pointer.clone(),
                        Edit::Set(number(min - step.max(min.abs() * 1e-9))),
                    ));
                }
                for keyword in ["exclusiveMaximum", "exclusiveMinimum"] {
                    if let Some(limit) = bound(site.schema, keyword) {
                        candidates.push((site.pointer.clone(), Edit::Set(number(limit))));
                    }
                }
            }
            Mutation::OnBound => {
                for keyword in ["maximum", "minimum"] {
                    if let (true, Some(limit)) = (is_number, site.schema.get(keyword)) {
                        candidates.push((site.pointer.clone(), Edit::Set(limit.clone())));
                    }
                }
            }
            Mutation::NotInEnum => {
                if let Some(Value::Array(options)) = site.schema.get("enum") {
                    let near = match options.first() {
                        Some(Value::String(s)) => vec![
                            Value::String(format!("{s} ")),
                            Value::String(s.to_uppercase()),
                            Value::String("not-an-option".into()),
                        ],
                        Some(Value::Number(n)) => {
                            let n = n.as_f64().unwrap_or(0.0);
                            vec![
                                number(n + 0.5),
                                number(n - 1.0),
                                Value::String(n.to_string()),
                            ]
                        }
                        _ => vec![Value::String("not-an-option".into())],
                    };
                    for value in near {
                        if !options.contains(&value) {
                            candidates.push((site.pointer.clone(), Edit::Set(value)));
                        }
                    }
                }
            }
            Mutation::MissingRequired => {
                if let Some(Value::Array(required)) = site.schema.get("required") {
                    for name in required.iter().filter_map(Value::as_str) {
                        candidates
                            .push((format!("{}/{}", site.pointer, escape(name)), Edit::Remove));
                    }
                }
            }
            Mutation::WrongType => {
                if site.pointer.is_empty() {
                    continue;
                }
                for value in [
                    json!(true),
                    json!(7),
                    json!(2.5),
                    json!("text"),
                    json!([]),
                    json!([1]),
                    json!({}),
                    json!({"a": 1}),
                ] {
                    candidates.push((site.pointer.clone(), Edit::Set(value)));
                }
            }
            Mutation::ObjectAsArray => {
                if let Some(Value::Object(object)) = payload.pointer(&site.pointer) {
                    for value in [json!([]), object.values().cloned().collect()] {
                        candidates.push((site.pointer.clone(), Edit::Set(value)));
                    }
                }
            }
            Mutation::Null => {
                if !site.pointer.is_empty() {
                    candidates.push((site.pointer.clone(), Edit::Set(Value::Null)));
                }
            }
            Mutation::UnknownProperty => {
                if types.contains(&"object") || site.schema.get("properties").is_some() {
                    candidates.push((
                        format!("{}/zz_unknown", site.pointer),
                        Edit::Set(json!("surprise")),
                    ));
                }
            }
            Mutation::BadUri => {
                if site.schema.get("format").and_then(Value::as_str) == Some("uri") {
                    for uri in BAD_OR_ODD_URIS {
                        candidates.push((
                            site.pointer.clone(),
                            Edit::Set(Value::String((*uri).to_owned())),
                        ));
                    }
                }
            }
            Mutation::WrongModel => {
                if site.pointer.is_empty() {
                    let other = MODELS
                        .iter()
                        .map(|m| m.id)
                        .find(|id| *id != model_id)
                        .unwrap_or("other");
                    for value in [
                        json!(other),
                        json!(format!("{model_id}-x")),
                        json!(model_id.to_uppercase()),
                        json!(null),
                        json!(1),
                    ] {
                        candidates.push(("/model".to_owned(), Edit::Set(value)));
                    }
                }
            }
            Mutation::FractionalInteger => {
                if types == ["integer"] || (is_integer && !types.contains(&"number")) {
                    let base = bound(site.schema, "minimum").unwrap_or(0.0);
                    // Past 2^52 a float has no halves: the mutation would be a whole float.
                    if (base + 0.5).fract() != 0.0 {
                        candidates.push((site.pointer.clone(), Edit::Set(number(base + 0.5))));
                    }
                }
            }
            Mutation::IntegerAsWholeFloat => {
                if is_integer && !types.contains(&"number") {
                    let base = bound(site.schema, "minimum")
                        .or(bound(site.schema, "maximum"))
                        .unwrap_or(3.0);
                    candidates.push((
                        site.pointer.clone(),
                        Edit::Set(Value::Number(
                            Number::from_f64(base.round()).expect("finite"),
                        )),
                    ));
                }
            }
            Mutation::IntegerBeyondI64 => {
                if is_integer && bound(site.schema, "maximum").is_none() {
                    candidates.push((site.pointer.clone(), Edit::Set(Value::from(u64::MAX))));
                    candidates.push((site.pointer.clone(), Edit::Set(Value::from(1u64 << 63))));
                }
            }
            Mutation::BreakRule => {
                let current = payload.pointer(&site.pointer);
                for value in rule_breakers(site.schema, current) {
                    // The body stays an object with its model.
                    if site.pointer.is_empty() && !value.is_object() {
                        continue;
                    }
                    let value = if site.pointer.is_empty() {
                        let mut value = value;
                        value["model"] = json!(model_id);
                        value
                    } else {
                        value
                    };
                    candidates.push((site.pointer.clone(), Edit::Set(value)));
                }
            }
        }
    }
    if candidates.is_empty() {
        return None;
    }
    let (pointer, edit) = &candidates[pick % candidates.len()];
    let mut out = payload.clone();
    apply(&mut out, pointer, edit.clone());
    Some(out)
}

#[derive(Debug, Clone)]
enum Edit {
    Set(Value),
    Remove,
}

/// `50` for whole numbers, so that an integer bound stays an integer.
fn number(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9e15 {
        Value::from(x as i64)
    } else {
        Value::from(x)
    }
}

fn apply(root: &mut Value, pointer: &str, edit: Edit) {
    if pointer.is_empty() {
        if let Edit::Set(value) = edit {
            *root = value;
        }
        return;
    }
    let (parent, last) = pointer.rsplit_once('/').expect("a pointer");
    let last = last.replace("~1", "/").replace("~0", "~");
    let Some(parent) = root.pointer_mut(parent) else {
        return;
    };
    match (parent, edit) {
        (Value::Object(object), Edit::Set(value)) => {
            object.insert(last, value);
        }
        (Value::Object(object), Edit::Remove) => {
            object.remove(&last);
        }
        (Value::Array(items), Edit::Set(value)) => {
            if let Some(slot) = last.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                *slot = value;
            }
        }
        _ => {}
    }
}

/// What the test saw for one model.
#[derive(Debug, Default)]
struct Tally {
    schema_valid: Cell<u64>,
    schema_invalid: Cell<u64>,
    by_mutation: [Cell<u64>; MUTATIONS.len()],
}

fn bump(cell: &Cell<u64>) {
    cell.set(cell.get() + 1);
}

fn check_model(id: &'static str, cases: u32) -> Tally {
    let schema = payload_schema(id).expect("a known model");
    let validator = oxen_models::validate::compile_payload_schema(&schema)
        .expect("the payload schema compiles");
    let strategy = (valid_value(&schema), maybe_mutation());
    let tally = Tally::default();
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&strategy, |(payload, mutation)| {
        let (payload, mutation) = mutated(payload, mutation, &schema, id);
        if let Some(kind) = mutation {
            bump(&tally.by_mutation[MUTATIONS.iter().position(|m| *m == kind).expect("listed")]);
        }
        let schema_errors: Vec<String> = validator
            .iter_errors(&payload)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        let schema_ok = schema_errors.is_empty();
        bump(if schema_ok {
            &tally.schema_valid
        } else {
            &tally.schema_invalid
        });
        // The library call agrees with the bare validator it is built on.
        let library_ok = oxen_models::validate_payload(id, &payload).is_ok();
        if library_ok != schema_ok {
            return Err(TestCaseError::fail(format!(
                "validate_payload says {library_ok}, the schema {schema_ok}"
            )));
        }
        let typed = oxen_models::visit_request(id, TypedRoundTrip(&payload))
            .expect("every family feature is on");
        match judge(
            schema_ok,
            typed.as_ref().err().map(String::as_str),
            typed.as_ref().ok(),
            &payload,
            mutation,
        ) {
            Ok(()) => Ok(()),
            Err(why) => Err(TestCaseError::fail(format!(
                "{id}: {why}\n  schema: {schema_errors:?}"
            ))),
        }
    });
    if let Err(error) = result {
        panic!("{id}: types and schema disagree: {error}");
    }
    tally
}

/// A payload with a mutation applied (when it applies anywhere), and the mutation applied.
fn mutated(
    payload: Value,
    mutation: Option<(Mutation, usize)>,
    schema: &Value,
    id: &str,
) -> (Value, Option<Mutation>) {
    match mutation {
        None => (payload, None),
        Some((kind, pick)) => match mutate(&payload, schema, kind, pick, id) {
            Some(mutated) => (mutated, Some(kind)),
            None => (payload, None),
        },
    }
}

/// `None`, or a mutation and the pick of its site.
fn maybe_mutation() -> BoxedStrategy<Option<(Mutation, usize)>> {
    prop_oneof![
        2 => Just(None),
        5 => (prop::sample::select(MUTATIONS.to_vec()), any::<usize>()).prop_map(Some),
    ]
    .boxed()
}

/// The typed path as generic code runs it: deserialize, `Request::validate`, serialize back.
struct TypedRoundTrip<'a>(&'a Value);

impl RequestVisitor for TypedRoundTrip<'_> {
    type Output = Result<Value, String>;
    fn visit<R: Request>(self) -> Self::Output {
        let request: R = serde_json::from_value(self.0.clone())
            .map_err(|e| format!("does not deserialize: {e}"))?;
        request.validate().map_err(|v| v.to_string())?;
        serde_json::to_value(&request).map_err(|e| format!("does not serialize: {e}"))
    }
}

/// Compares the schema's verdict with the typed path's (`typed_error`, or the request
/// serialized back); `Err` says how they disagree, or what the round trip lost.
fn judge(
    schema_ok: bool,
    typed_error: Option<&str>,
    back: Option<&Value>,
    payload: &Value,
    mutation: Option<Mutation>,
) -> Result<(), String> {
    let typed_ok = typed_error.is_none();
    if typed_ok == schema_ok {
        return match back {
            Some(back) if typed_ok && !same_value(back, payload) => Err(format!(
                "the round trip lost something\n  payload: {payload}\n  back:    {back}\n  mutation: {mutation:?}"
            )),
            _ => Ok(()),
        };
    }
    Err(format!(
        "the schema says {}, the typed path says {}\n  payload: {payload}\n  mutation: {mutation:?}\n  typed: {}",
        if schema_ok { "valid" } else { "invalid" },
        if typed_ok { "valid" } else { "invalid" },
        typed_error.unwrap_or_default(),
    ))
}

#[test]
fn generated_types_and_schemas_agree_for_every_model() {
    let cases = cases();
    let mut totals: BTreeMap<&str, u64> = BTreeMap::new();
    let mut failures = Vec::new();
    for model in &MODELS {
        let id = model.id;
        match std::panic::catch_unwind(|| check_model(id, cases)) {
            Ok(tally) => {
                *totals.entry("schema-valid").or_default() += tally.schema_valid.get();
                *totals.entry("schema-invalid").or_default() += tally.schema_invalid.get();
                // Every model must see both verdicts, or the comparison says little.
                assert!(
                    tally.schema_valid.get() > 0 && tally.schema_invalid.get() > 0,
                    "{id}: one-sided cases: {tally:?}"
                );
                for (kind, count) in MUTATIONS.iter().zip(&tally.by_mutation) {
                    *totals.entry(mutation_name(*kind)).or_default() += count.get();
                }
            }
            Err(panic) => failures.push(
                panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default(),
            ),
        }
    }
    eprintln!("{} models, {cases} cases each: {totals:#?}", MODELS.len());
    assert!(
        failures.is_empty(),
        "{} of {} models disagree:\n{}",
        failures.len(),
        MODELS.len(),
        failures.join("\n\n")
    );
    // A catalog without rules no Rust type states has nothing for `BreakRule` to break.
    let any_rules = MODELS
        .iter()
        .any(|m| payload_schema(m.id).is_ok_and(|schema| has_rules(&schema)));
    for kind in MUTATIONS {
        if kind == Mutation::BreakRule && !any_rules {
            continue;
        }
        assert!(
            totals[mutation_name(kind)] > 0,
            "the mutation {kind:?} was never applied"
        );
    }
}

fn mutation_name(kind: Mutation) -> &'static str {
    match kind {
        Mutation::JustOutsideBound => "mutation: just outside a bound",
        Mutation::OnBound => "mutation: on a bound",
        Mutation::NotInEnum => "mutation: not in the enum",
        Mutation::MissingRequired => "mutation: missing required",
        Mutation::WrongType => "mutation: wrong type",
        Mutation::ObjectAsArray => "mutation: object as array",
        Mutation::Null => "mutation: null",
        Mutation::UnknownProperty => "mutation: unknown property",
        Mutation::BadUri => "mutation: bad or unusual URI",
        Mutation::WrongModel => "mutation: wrong model",
        Mutation::FractionalInteger => "mutation: fractional integer",
        Mutation::IntegerAsWholeFloat => "mutation: integer as whole float",
        Mutation::IntegerBeyondI64 => "mutation: integer beyond i64",
        Mutation::BreakRule => "mutation: a rule of the schema validator broken",
    }
}

#[test]
fn every_embedded_schema_compiles_into_a_payload_validator() {
    for model in &MODELS {
        let schema = payload_schema(model.id).expect("known");
        oxen_models::validate::compile_payload_schema(&schema)
            .unwrap_or_else(|e| panic!("{}: {e}", model.id));
        assert!(
            check_typed(model.id, &Value::Null).is_some(),
            "{}: no typed dispatch",
            model.id
        );
    }
}

/// JSON equality with numbers compared by value, exactly: `2` and `2.0` are one number,
/// `9007199254740993` and `9007199254740992` are two. (This file is also copied alone into
/// scratch crates by `tolerant.rs`, so it does not use `oxen_tests::scratch::same_value`.)
fn same_value(a: &Value, b: &Value) -> bool {
    let exact = |n: &Number| {
        n.as_i64()
            .map(i128::from)
            .or(n.as_u64().map(i128::from))
            .or_else(|| {
                let f = n.as_f64()?;
                (f.fract() == 0.0 && f.abs() < 1e38).then_some(f as i128)
            })
    };
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (exact(x), exact(y)) {
            (Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_value(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_value(v, w)))
        }
        _ => a == b,
    }
}

// ---------------------------------------------------------------------------------------
// Beyond the catalog: every generating fixture of `tests/fixtures/`. (Needs the generator:
// `tolerant.rs` copies this file into a scratch crate only up to this line.)
#[cfg(test)]
mod beyond_the_catalog {
    use std::path::Path;

    use oxen_codegen::generate::generate_crate;
    use oxen_tests::catalog_of;
    use oxen_tests::scratch::{fixtures, verdicts};
    use proptest::strategy::{Strategy, ValueTree};
    use proptest::test_runner::{Config, TestRunner};
    use serde_json::{Value, json};

    use super::{Mutation, cases, judge, maybe_mutation, mutated, valid_value};

    /// The schema payloads of fixture `id` are checked against, as `payload_schema` makes it:
    /// the normalized schema the generated crate embeds, with `model` required and constant.
    fn fixture_payload_schema(files: &oxen_codegen::tree::FileTree, id: &str) -> Value {
        let text = &files.0[Path::new(&format!("schemas/models/{id}.json"))];
        let mut schema: Value = serde_json::from_str(text).expect("an embedded schema");
        if schema == Value::Bool(true) {
            schema = json!({});
        }
        if let Value::Object(root) = &mut schema {
            root.entry("type").or_insert_with(|| json!("object"));
            let properties = root.entry("properties").or_insert_with(|| json!({}));
            properties["model"] = json!({"type": "string", "const": id});
            let required = root.entry("required").or_insert_with(|| json!([]));
            if let Value::Array(required) = required {
                required.insert(0, json!("model"));
            }
        }
        schema
    }

    #[test]
    fn generated_types_and_schemas_agree_for_every_fixture() {
        let cases = cases();
        let fixtures: Vec<_> = ["hostile", "faithful"]
            .into_iter()
            .flat_map(fixtures)
            .filter(|f| f.payload.is_some())
            .collect();
        let models: Vec<(&str, Value)> = fixtures
            .iter()
            .map(|f| (f.id.as_str(), f.schema.clone()))
            .collect();
        let files = generate_crate(&catalog_of(&models)).unwrap_or_else(|e| panic!("{e}"));
        let mut runner = TestRunner::new(Config {
            failure_persistence: None,
            ..Config::default()
        });
        // Per fixture: its own payloads, then generated ones with the mutation applied.
        let mut payloads = Vec::new();
        let mut mutations = Vec::new();
        for fixture in &fixtures {
            let schema = fixture_payload_schema(&files, &fixture.id);
            let mut mine = fixture.all_with_model();
            mutations.extend(mine.iter().map(|_| None));
            let strategy = (valid_value(&schema), maybe_mutation());
            for _ in 0..cases {
                // A strategy that rejects too often (a tight exclusive range) gives fewer cases.
                let Ok(tree) = strategy.new_tree(&mut runner) else {
                    continue;
                };
                let (payload, mutation) = tree.current();
                let (payload, mutation) = mutated(payload, mutation, &schema, &fixture.id);
                mine.push(payload);
                mutations.push(mutation);
            }
            payloads.push((fixture.id.clone(), mine));
        }
        let verdicts = verdicts(&files, &payloads);
        let mut failures = Vec::new();
        let mut valid = 0;
        for (verdict, mutation) in verdicts.iter().zip(&mutations) {
            valid += u64::from(verdict.schema_ok);
            match judge(
                verdict.schema_ok,
                verdict.typed_error.as_deref(),
                verdict.back.as_ref(),
                &verdict.payload,
                *mutation,
            ) {
                Ok(()) => {}
                Err(why) => failures.push(format!("{}: {why}", verdict.id)),
            }
        }
        eprintln!(
            "{} fixtures, {} payloads ({valid} schema-valid), {} disagreements or round-trip losses",
            fixtures.len(),
            verdicts.len(),
            failures.len()
        );
        assert_eq!(verdicts.len(), mutations.len());
        // The near miss that found serde's array form of structs keeps being made.
        let as_arrays = mutations
            .iter()
            .filter(|m| **m == Some(Mutation::ObjectAsArray))
            .count();
        eprintln!("{as_arrays} payloads with an object given as an array");
        assert!(as_arrays > 0, "no object was given as an array");
        assert!(
            failures.is_empty(),
            "{} of {} payloads:\n{}",
            failures.len(),
            verdicts.len(),
            failures.join("\n\n")
        );
    }
}
