//! The payload validator and the typed checks, on the stand-in catalog's one model.

use oxen_models::validate::{payload_schema, validate_payload, validate_payload_by_model_field};
use oxen_models::{Flux2ProRequest, PayloadError, Request, ValidateSchema};
use serde_json::json;

#[test]
fn a_payload_lists_every_violation_by_pointer_in_display_order() {
    let payload =
        json!({"model": "flux-2-pro", "prompt": "x", "guidance": 11, "num_inference_steps": 80});
    let error = validate_payload("flux-2-pro", &payload).expect_err("two bounds broken");
    assert_eq!(
        error.to_string(),
        "/num_inference_steps: 80 is greater than the maximum of 50\n\
         /guidance: 11 is greater than the maximum of 10"
    );
}

#[test]
fn the_typed_check_and_the_schema_check_find_the_same_violations() {
    let request = Flux2ProRequest::new("x")
        .num_inference_steps(80)
        .guidance(11);
    let typed = Request::validate(&request).expect_err("two bounds broken");
    let schema = request.validate_schema().expect_err("two bounds broken");
    let typed: Vec<(&str, &str)> = typed
        .iter()
        .map(|v| (v.instance_path.as_str(), v.keyword))
        .collect();
    let schema: Vec<(&str, &str)> = schema
        .violations()
        .iter()
        .map(|v| (v.instance_path.as_str(), v.keyword.as_str()))
        .collect();
    assert_eq!(typed, schema);
}

#[test]
fn an_unknown_model_is_named_with_the_nearest_known_id() {
    let payload = json!({"model": "flux-2-prp", "prompt": "x"});
    let error = validate_payload_by_model_field(&payload).expect_err("no such model");
    assert!(matches!(error, PayloadError::UnknownModel(_)));
    assert_eq!(
        error.to_string(),
        r#"unknown model "flux-2-prp"; did you mean "flux-2-pro"?"#
    );
}

#[test]
fn the_payload_schema_requires_the_model_id() {
    let schema = payload_schema("flux-2-pro").expect("a model of the catalog");
    assert_eq!(schema["properties"]["model"]["const"], "flux-2-pro");
    let required = schema["required"].as_array().expect("a required list");
    assert!(required.contains(&json!("model")));
}

#[test]
fn a_request_refuses_another_models_id() {
    let payload = json!({"model": "flux-2-flex", "prompt": "x"});
    let error = serde_json::from_value::<Flux2ProRequest>(payload).expect_err("wrong model");
    assert!(error.to_string().contains("flux-2-pro"), "{error}");
}
