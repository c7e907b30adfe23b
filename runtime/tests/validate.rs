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
fn the_typed_check_is_the_schema_checks_verdict_with_the_same_violations() {
    let request = Flux2ProRequest::new("x")
        .num_inference_steps(80)
        .guidance(11);
    let typed = Request::validate(&request).expect_err("two bounds broken");
    let schema = request.validate_schema().expect_err("two bounds broken");
    assert_eq!(typed.0, schema.violations());
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

/// `[[[ ... ]]]`, `levels` arrays deep.
fn nested_arrays(levels: usize) -> serde_json::Value {
    // Not `json!([inner])`, which copies `inner` through `to_value`, recursively.
    (1..levels).fold(json!([]), |inner, _| serde_json::Value::Array(vec![inner]))
}

/// Drops a deep value one level at a time: the compiler's drop of a `Value` recurses.
fn dismantle(value: serde_json::Value) {
    let mut stack = vec![value];
    while let Some(mut value) = stack.pop() {
        match &mut value {
            serde_json::Value::Array(items) => stack.append(items),
            serde_json::Value::Object(map) => {
                stack.extend(std::mem::take(map).into_iter().map(|(_, v)| v));
            }
            _ => {}
        }
    }
}

#[test]
fn a_payload_nested_past_the_depth_limit_is_one_violation_at_the_first_value_too_deep() {
    use oxen_models::validate::MAX_PAYLOAD_DEPTH;
    let mut payload = json!({"model": "flux-2-pro", "prompt": "x"});
    payload["deep"] = nested_arrays(100_000);
    let error = validate_payload("flux-2-pro", &payload).expect_err("too deep");
    let violations = error.violations();
    assert_eq!(violations.len(), 1, "{error}");
    assert_eq!(violations[0].keyword, "depth");
    // The payload is level 1, `deep` level 2: the first value past the limit is MAX - 1 arrays in.
    let expected = format!("/deep{}", "/0".repeat(MAX_PAYLOAD_DEPTH - 1));
    assert_eq!(violations[0].instance_path, expected);
    assert!(
        violations[0].message.contains("MAX_PAYLOAD_DEPTH"),
        "{}",
        violations[0].message
    );
    dismantle(payload);
}

#[test]
fn the_typed_path_refuses_a_payload_nested_past_the_depth_limit_too() {
    let mut payload = json!({"model": "flux-2-pro", "prompt": "x"});
    payload["deep"] = nested_arrays(100_000);
    let error =
        oxen_models::validate::check_typed_as::<Flux2ProRequest>(&payload).expect_err("too deep");
    assert!(error.to_string().contains("MAX_PAYLOAD_DEPTH"), "{error}");
    dismantle(payload);
}

#[test]
fn a_payload_at_the_depth_limit_is_checked_through_a_recursive_schema_on_a_small_stack() {
    use oxen_models::validate::{MAX_PAYLOAD_DEPTH, compile_payload_schema};
    // Every level is an array of the same schema: the validator recurses once per level.
    let schema = json!({"$defs": {"n": {"type": "array", "items": {"$ref": "#/$defs/n"}, "maxItems": 0}},
                        "properties": {"deep": {"$ref": "#/$defs/n"}}});
    let payload = json!({"deep": nested_arrays(MAX_PAYLOAD_DEPTH - 1)});
    let checked = std::thread::Builder::new()
        .stack_size(256 << 10)
        .spawn(move || {
            let validator = compile_payload_schema(&schema).expect("a valid schema");
            let errors: Vec<String> = validator
                .iter_errors(&payload)
                .map(|e| e.to_string())
                .collect();
            (validator.is_valid(&payload), errors.len())
        })
        .expect("a thread")
        .join()
        .expect("no overflow");
    // Each level but the innermost holds one item, one more than `maxItems` allows.
    assert_eq!(checked, (false, MAX_PAYLOAD_DEPTH - 2));
}

mod hub_schema {
    use oxen_models::HubSchema;
    use serde_json::json;

    fn schema() -> HubSchema {
        HubSchema::new(
            "oxen:my-lora",
            &json!({
                "type": "object",
                "required": ["prompt"],
                "properties": {
                    "prompt": {"type": "string", "nullable": true},
                    "strength": {"type": "number", "maximum": 1, "exclusiveMaximum": true},
                    "style": {"type": "string", "enum": ["a", "b"], "nullable": true},
                },
            }),
        )
        .expect("compiles")
    }

    fn messages(payload: serde_json::Value) -> Vec<String> {
        match schema().validate(&payload) {
            Ok(()) => Vec::new(),
            Err(violations) => violations.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn openapi_nullable_admits_null_in_a_schema_the_hub_returns() {
        let payload = json!({"model": "oxen:my-lora", "prompt": null, "style": null});
        assert_eq!(messages(payload), Vec::<String>::new());
    }

    #[test]
    fn a_draft_4_boolean_exclusive_maximum_makes_the_bound_exclusive() {
        let payload = json!({"model": "oxen:my-lora", "prompt": "x", "strength": 1});
        assert_eq!(
            messages(payload),
            ["/strength: 1 is greater than or equal to the exclusive maximum of 1"]
        );
    }

    #[test]
    fn the_payload_must_name_the_model_the_schema_is_for() {
        let payload = json!({"model": "oxen:other", "prompt": "x"});
        assert_eq!(
            messages(payload),
            [r#"/model: "oxen:other" is not this model's id "oxen:my-lora""#]
        );
    }

    #[test]
    fn a_schema_the_validator_cannot_compile_is_an_error() {
        let error = HubSchema::new("oxen:bad", &json!({"type": 12})).expect_err("refused");
        assert!(!error.is_empty());
    }
}
