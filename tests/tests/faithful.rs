//! Typed requests are faithful (issue 12): they accept exactly what the schema accepts, and
//! give back exactly what they were given.
//!
//! `tests/fixtures/faithful/*.json` hold the schema and payloads of each numbered case of the
//! issue and of every numeric and string format. They are generated as one crate, built once,
//! and every payload is put to the schema validator (`validate_payload`) and to the typed path
//! (deserialize, then `Request::build`, through the trait as generic code calls it): a valid
//! payload must pass both and serialize back to the same JSON value (numbers by value,
//! exactly), a rejected one must fail both.

use std::sync::OnceLock;

use oxen_codegen::generate::generate_crate;
use oxen_models::validate::check_typed;
use oxen_models::{Request, RequestVisitor, Violations};
use oxen_tests::catalog_of;
use oxen_tests::scratch::{Fixture, Verdict, fixtures, verdicts};
use serde_json::{Value, json};

type Checked = (Vec<Fixture>, Vec<Verdict>);

/// The fixtures, and the verdict on every payload (valid ones first, per fixture); built once
/// for all tests (a failure to build is reported by each).
fn checked() -> &'static Checked {
    static CHECKED: OnceLock<Result<Checked, String>> = OnceLock::new();
    let checked = CHECKED.get_or_init(|| {
        std::panic::catch_unwind(build).map_err(|panic| {
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default()
        })
    });
    match checked {
        Ok(checked) => checked,
        Err(error) => panic!("{error}"),
    }
}

fn build() -> Checked {
    let fixtures = fixtures("faithful");
    let models: Vec<(&str, Value)> = fixtures
        .iter()
        .map(|f| (f.id.as_str(), f.schema.clone()))
        .collect();
    let files = generate_crate(&catalog_of(&models)).unwrap_or_else(|e| panic!("{e}"));
    let payloads: Vec<(String, Vec<Value>)> = fixtures
        .iter()
        .map(|f| (f.id.clone(), f.all_with_model()))
        .collect();
    let verdicts = verdicts(&files, &payloads);
    (fixtures, verdicts)
}

/// Every valid payload of the fixture passes both paths and round-trips; every rejected one
/// fails both.
fn assert_faithful(id: &str) {
    let (fixtures, verdicts) = checked();
    let fixture = fixtures
        .iter()
        .find(|f| f.id == id)
        .unwrap_or_else(|| panic!("no fixture {id}"));
    let mine: Vec<&Verdict> = verdicts.iter().filter(|v| v.id == id).collect();
    let valid = fixture.valid().len();
    assert_eq!(mine.len(), valid + fixture.rejected.len());
    let mut failures = Vec::new();
    for v in &mine[..valid] {
        if !v.schema_ok {
            failures.push(format!("the schema rejects the valid {}", v.payload));
        }
        if let Some(error) = &v.typed_error {
            failures.push(format!(
                "the typed path rejects the valid {}: {error}",
                v.payload
            ));
        } else if !v.round_trips() {
            failures.push(format!(
                "the round trip changed {} into {}",
                v.payload,
                v.back.clone().unwrap_or_default()
            ));
        }
    }
    for v in &mine[valid..] {
        if v.schema_ok {
            failures.push(format!("the schema accepts the rejected {}", v.payload));
        }
        if v.typed_ok() {
            failures.push(format!("the typed path accepts the rejected {}", v.payload));
        }
    }
    assert!(failures.is_empty(), "{id}:\n{}", failures.join("\n"));
}

#[test]
fn case_1_an_integer_wider_than_i64_deserializes_into_u64() {
    assert_faithful("case-1-integer-wider-than-i64");
}

#[test]
fn case_2_integer_bounds_are_compared_exactly() {
    assert_faithful("case-2-bound-compared-exactly");
}

#[test]
fn case_3_validate_checks_the_date_format_like_validate_payload() {
    assert_faithful("case-3-date-format");
}

#[test]
fn case_4_an_integer_or_number_keeps_its_exact_value() {
    assert_faithful("case-4-integer-or-number");
}

#[test]
fn case_5_the_union_alternative_that_keeps_the_whole_value_wins() {
    assert_faithful("case-5-overlapping-union");
}

#[test]
fn case_6_unknown_properties_of_open_objects_are_kept() {
    assert_faithful("case-6-open-object-items");
}

#[test]
fn case_7_explicit_null_and_absent_are_different() {
    assert_faithful("case-7-explicit-null");
}

#[test]
fn every_numeric_format_chooses_and_bounds_its_integer() {
    assert_faithful("numeric-formats");
}

#[test]
fn every_string_format_is_checked_alike_by_both_paths() {
    assert_faithful("string-formats");
}

#[test]
fn an_object_is_read_from_a_json_object_never_from_an_array_of_its_fields() {
    assert_faithful("objects-not-arrays");
    // Refused by serde with the type it wanted, wherever the object is: the request body, a
    // nested, optional or nullable object, an array item, a map value, a tagged union's
    // alternative; an untagged union finds no shape it fits.
    let (fixtures, verdicts) = checked();
    let fixture = fixtures
        .iter()
        .find(|f| f.id == "objects-not-arrays")
        .expect("the fixture");
    let rejected = verdicts
        .iter()
        .filter(|v| v.id == fixture.id)
        .skip(fixture.valid().len());
    for verdict in rejected {
        let error = verdict.typed_error.as_deref().unwrap_or_default();
        let untagged = verdict.payload.get("either").is_some();
        assert!(
            if untagged {
                error.contains("matches none of the shapes of `Either`")
            } else {
                error.contains("invalid type: sequence, expected struct ")
            },
            "{}: {error}",
            verdict.payload
        );
    }
}

/// Generic code: validates and builds a request of a model chosen at run time, knowing only
/// that its type is a `Request`.
struct ValidateGenerically(Value);

impl RequestVisitor for ValidateGenerically {
    type Output = (Result<(), Violations>, bool);
    fn visit<R: Request>(self) -> Self::Output {
        let request: R = serde_json::from_value(self.0).expect("deserializes");
        let verdict = request.validate();
        (verdict, request.build().is_ok())
    }
}

#[test]
fn case_8_generic_code_validates_and_builds_through_the_request_trait() {
    let too_many_steps =
        json!({"model": "flux-2-pro", "prompt": "a lighthouse", "num_inference_steps": 80});
    let (verdict, built) =
        oxen_models::visit_request("flux-2-pro", ValidateGenerically(too_many_steps.clone()))
            .expect("a known model");
    assert_eq!(
        verdict.expect_err("80 steps").to_string(),
        "/num_inference_steps: 80 is greater than the maximum of 50"
    );
    assert!(!built);
    let fine = json!({"model": "flux-2-pro", "prompt": "a lighthouse", "num_inference_steps": 40});
    let (verdict, built) =
        oxen_models::visit_request("flux-2-pro", ValidateGenerically(fine)).expect("a known model");
    assert!(verdict.is_ok() && built);
    // `check_typed` is such generic code too.
    assert!(
        check_typed("flux-2-pro", &too_many_steps)
            .expect("known")
            .is_err()
    );
}
