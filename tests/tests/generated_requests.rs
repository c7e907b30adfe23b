//! The generated crate as an application uses it: building, serializing, deserializing and
//! validating requests of real catalog models.

use oxen_models::models::bytedance_seedance_2_5_text_to_video::{
    BytedanceSeedance2_5TextToVideoRequest as SeedanceRequest, Duration,
};
use oxen_models::models::flux_2_pro::AspectRatio;
use oxen_models::models::topazlabs_proteus_video::{TargetFps, TopazlabsProteusVideoRequest};
use oxen_models::shared::chat_completions::{Message, ToolChoiceMode};
use oxen_models::{
    ClaudeSonnet4_6Request, Flux2ProRequest, Gpt5_5_2026_04_23Request, MODELS, Model,
};
use serde_json::json;

#[test]
fn the_model_field_is_always_serialized_with_the_model_id() {
    let body = serde_json::to_value(Flux2ProRequest::new("a cat")).expect("serializes");
    assert_eq!(body, json!({"model": "flux-2-pro", "prompt": "a cat"}));
}

#[test]
fn a_payload_for_another_model_does_not_deserialize() {
    let error = serde_json::from_value::<Flux2ProRequest>(
        json!({"model": "flux-2-flex", "prompt": "a cat"}),
    )
    .expect_err("wrong model");
    assert!(
        error.to_string().contains("expected model \"flux-2-pro\""),
        "{error}"
    );
}

#[test]
fn a_missing_required_property_does_not_deserialize() {
    let error = serde_json::from_value::<Flux2ProRequest>(json!({"model": "flux-2-pro"}))
        .expect_err("no prompt");
    assert!(error.to_string().contains("prompt"), "{error}");
}

#[test]
fn null_is_rejected_where_the_schema_does_not_allow_it() {
    let payload = json!({"model": "flux-2-pro", "prompt": "a cat", "seed": null});
    assert!(serde_json::from_value::<Flux2ProRequest>(payload).is_err());
}

#[test]
fn null_is_accepted_where_the_openapi_body_says_nullable() {
    let payload = json!({"model": "gpt-5-5-2026-04-23", "messages": [], "temperature": null});
    let request: Gpt5_5_2026_04_23Request =
        serde_json::from_value(payload).expect("nullable temperature");
    assert_eq!(request.temperature, Some(None));
}

#[test]
fn enum_values_serialize_to_the_exact_hub_strings() {
    let request = Flux2ProRequest::new("a cat").aspect_ratio(AspectRatio::Ratio16x9);
    assert_eq!(
        serde_json::to_value(&request).expect("serializes")["aspect_ratio"],
        "16:9"
    );
    let back: Flux2ProRequest = serde_json::from_value(
        json!({"model": "flux-2-pro", "prompt": "x", "aspect_ratio": "match_input_image"}),
    )
    .expect("deserializes");
    assert_eq!(back.aspect_ratio, Some(AspectRatio::MatchInputImage));
}

#[test]
fn a_mixed_enum_serializes_auto_as_a_string_and_durations_as_numbers() {
    let auto = SeedanceRequest::new("waves").duration(Duration::Auto);
    let ten = SeedanceRequest::new("waves").duration(Duration::N10);
    assert_eq!(
        serde_json::to_value(&auto).expect("serializes")["duration"],
        json!("auto")
    );
    assert_eq!(
        serde_json::to_value(&ten).expect("serializes")["duration"],
        json!(10)
    );
    let parsed: SeedanceRequest = serde_json::from_value(
        json!({"model": "bytedance-seedance-2-5-text-to-video", "prompt": "w", "duration": 4}),
    )
    .expect("deserializes");
    assert_eq!(parsed.duration, Some(Duration::N4));
    assert!(
        serde_json::from_value::<SeedanceRequest>(
            json!({"model": "bytedance-seedance-2-5-text-to-video", "prompt": "w", "duration": "4"})
        )
        .is_err()
    );
}

#[test]
fn float_enum_values_round_trip() {
    let request = TopazlabsProteusVideoRequest::new("https://example.com/in.mp4")
        .target_fps(TargetFps::N23_976);
    let body = serde_json::to_value(&request).expect("serializes");
    assert_eq!(body["target_fps"], json!(23.976));
    let back: TopazlabsProteusVideoRequest = serde_json::from_value(body).expect("deserializes");
    assert_eq!(back, request);
}

#[test]
fn validate_lists_every_violation_by_field() {
    let request = Flux2ProRequest::new("a cat")
        .num_inference_steps(0)
        .output_quality(101);
    let violations = request.validate().expect_err("two violations");
    let found: Vec<(&str, &str)> = violations
        .iter()
        .map(|v| (v.instance_path.as_str(), v.keyword.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("/num_inference_steps", "minimum"),
            ("/output_quality", "maximum")
        ]
    );
}

#[test]
fn validate_checks_uri_formats() {
    let request = TopazlabsProteusVideoRequest::new("not a url");
    let violations = request.validate().expect_err("bad uri");
    assert_eq!(
        violations.to_string(),
        "/input_video: \"not a url\" is not a valid URI"
    );
    assert!(
        TopazlabsProteusVideoRequest::new("https://example.com/a.mp4")
            .validate()
            .is_ok()
    );
}

#[test]
fn a_setter_and_its_clear_leave_the_field_unset() {
    let request = Flux2ProRequest::new("a cat").seed(7).clear_seed();
    assert_eq!(request, Flux2ProRequest::new("a cat"));
}

#[test]
fn a_realistic_chat_payload_round_trips_without_losing_fields() {
    let payload = json!({
        "model": "gpt-5-5-2026-04-23",
        "messages": [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": [{"type": "text", "text": "Describe"}, {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}}]},
            {"role": "assistant", "content": "", "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]},
            {"role": "tool", "content": "42", "tool_call_id": "c1"}
        ],
        "tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}],
        "tool_choice": {"type": "function", "function": {"name": "f"}},
        "response_format": {"type": "json_object"},
        "stream": true,
        "temperature": 0.3
    });
    let request: Gpt5_5_2026_04_23Request =
        serde_json::from_value(payload.clone()).expect("deserializes");
    assert_eq!(serde_json::to_value(&request).expect("serializes"), payload);
}

#[test]
fn chat_requests_build_from_messages() {
    let request =
        Gpt5_5_2026_04_23Request::new(vec![Message::user("hi")]).tool_choice(ToolChoiceMode::Auto);
    let body = serde_json::to_value(&request).expect("serializes");
    assert_eq!(
        body,
        json!({"model": "gpt-5-5-2026-04-23", "messages": [{"role": "user", "content": "hi"}], "tool_choice": "auto"})
    );
}

#[test]
fn the_model_list_matches_the_committed_catalog() {
    let catalog: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(oxen_tests::repo_root().join("schemas/catalog.json"))
            .expect("catalog"),
    )
    .expect("json");
    let ids: Vec<&str> = catalog["models"]
        .as_array()
        .expect("models")
        .iter()
        .filter_map(|m| m["id"].as_str())
        .collect();
    let listed: Vec<&str> = MODELS.iter().map(|m| m.id).collect();
    assert_eq!(listed, ids);
    let model = oxen_models::model("flux-2-pro").expect("listed");
    assert_eq!(
        (model.display_name, model.endpoint),
        ("FLUX.2 [pro]", oxen_models::Endpoint::ImagesEdit)
    );
    assert_eq!(oxen_models::Flux2Pro::ID, "flux-2-pro");
}

#[test]
fn every_embedded_schema_is_json() {
    for model in &MODELS {
        let schema: serde_json::Value = serde_json::from_str(model.schema).expect(model.id);
        assert!(schema.is_object(), "{}", model.id);
    }
}

/// What reading `payload` as `T` says, from a JSON value and from JSON text.
fn refusals<T: serde::de::DeserializeOwned + std::fmt::Debug>(
    payload: &serde_json::Value,
) -> [String; 2] {
    [
        serde_json::from_value::<T>(payload.clone())
            .expect_err("an array is not an object")
            .to_string(),
        serde_json::from_str::<T>(&payload.to_string())
            .expect_err("an array is not an object")
            .to_string(),
    ]
}

#[test]
fn a_request_body_is_read_from_an_object_never_from_an_array_of_its_fields() {
    for error in refusals::<Flux2ProRequest>(&json!(["flux-2-pro", "a cat"])) {
        assert!(
            error.starts_with("invalid type: sequence, expected struct Flux2ProRequest"),
            "{error}"
        );
    }
    // A body several models share (generic over its model) too.
    for error in refusals::<ClaudeSonnet4_6Request>(&json!(["claude-sonnet-4-6", []])) {
        assert!(
            error.starts_with("invalid type: sequence, expected struct ChatCompletionsRequest"),
            "{error}"
        );
    }
    let request: Flux2ProRequest =
        serde_json::from_value(json!({"model": "flux-2-pro", "prompt": "a cat"}))
            .expect("an object");
    assert_eq!(request, Flux2ProRequest::new("a cat"));
}

#[test]
fn a_tagged_union_alternative_is_read_from_an_object_never_from_an_array() {
    let with_part = |part: serde_json::Value| json!({"model": "gpt-5-5-2026-04-23", "messages": [{"role": "user", "content": [part]}]});
    // serde's internally tagged enums take `[tag, fields...]`; the alternative refuses the rest.
    let error =
        serde_json::from_value::<Gpt5_5_2026_04_23Request>(with_part(json!(["text", "hi"])))
            .expect_err("an array is not an object");
    assert!(error.to_string().contains("MessageContent"), "{error}");
    serde_json::from_value::<Gpt5_5_2026_04_23Request>(with_part(
        json!({"type": "text", "text": "hi"}),
    ))
    .expect("an object");
}

#[test]
fn a_response_is_read_from_an_object_never_from_an_array_of_its_fields() {
    use oxen_models::responses::image_generate::{
        ImageGenerateResponse, ImageGenerateResponseImage,
    };
    let images = json!([{"url": "https://example.com/a.png"}]);
    for error in refusals::<ImageGenerateResponse>(&json!([1_700_000_000, images])) {
        assert!(
            error.starts_with("invalid type: sequence, expected struct ImageGenerateResponse"),
            "{error}"
        );
    }
    let error = serde_json::from_value::<ImageGenerateResponse>(
        json!({"images": [["https://example.com/a.png"]]}),
    )
    .expect_err("an item is an object");
    assert!(
        error
            .to_string()
            .starts_with("invalid type: sequence, expected struct ImageGenerateResponseImage"),
        "{error}"
    );
    let response: ImageGenerateResponse =
        serde_json::from_value(json!({"created": 1_700_000_000, "images": images}))
            .expect("an object");
    let image = ImageGenerateResponseImage::new().url("https://example.com/a.png");
    assert_eq!(response.images, Some(vec![image]));
}
