//! Overlays: what `schemas/overlays/` adds to the hub's schemas reaches the typed requests, the
//! offline validator and the docs (issue 6's acceptance case), and bad overlays are refused.

use oxen_codegen::SchemaSet;
use oxen_models::models::gpt_5_5_2026_04_23::{Gpt5_5_2026_04_23Request, ReasoningEffort};
use oxen_models::shared::chat_completions::Message;
use oxen_models::{ClaudeSonnet5Request, validate_payload};
use oxen_tests::repo_root;
use serde_json::json;

fn gpt_5_5() -> Gpt5_5_2026_04_23Request {
    Gpt5_5_2026_04_23Request::new([Message::user(
        "Prove that there are infinitely many primes.",
    )])
}

#[test]
fn a_gpt_5_5_request_with_xhigh_reasoning_serializes_and_validates_offline() {
    let request = gpt_5_5()
        .reasoning_effort(ReasoningEffort::Xhigh)
        .max_tokens(128_000);
    assert!(request.validate().is_ok());
    let payload = serde_json::to_value(&request).expect("serializes");
    assert_eq!(payload["reasoning_effort"], "xhigh");
    assert!(validate_payload("gpt-5-5-2026-04-23", &payload).is_ok());
}

#[test]
fn an_unknown_reasoning_effort_is_rejected_by_the_type_and_the_offline_validator() {
    let payload = json!({"model": "gpt-5-5-2026-04-23", "messages": [{"role": "user", "content": "hi"}], "reasoning_effort": "ultra"});
    let typed = serde_json::from_value::<Gpt5_5_2026_04_23Request>(payload.clone())
        .expect_err("not a level");
    assert!(
        typed.to_string().contains("\"ultra\" is not one of"),
        "{typed}"
    );
    let offline = validate_payload("gpt-5-5-2026-04-23", &payload).expect_err("not a level");
    assert!(
        offline.to_string().starts_with("/reasoning_effort: "),
        "{offline}"
    );
}

#[test]
fn more_output_tokens_than_gpt_5_5_produces_are_rejected_by_validate_and_the_offline_validator() {
    let typed = gpt_5_5()
        .max_tokens(200_000)
        .validate()
        .expect_err("over the ceiling");
    assert_eq!(
        typed.to_string(),
        "/max_tokens: 200000 is greater than the maximum of 128000"
    );
    let payload = serde_json::to_value(gpt_5_5().max_tokens(200_000)).expect("serializes");
    let offline = validate_payload("gpt-5-5-2026-04-23", &payload).expect_err("over the ceiling");
    assert_eq!(
        offline.to_string(),
        "/max_tokens: 200000 is greater than the maximum of 128000"
    );
}

#[test]
fn a_chat_model_without_the_overlay_accepts_200000_max_tokens() {
    let request = ClaudeSonnet5Request::new([Message::user("hi")]).max_tokens(200_000);
    assert!(request.validate().is_ok());
    let payload = serde_json::to_value(&request).expect("serializes");
    assert!(validate_payload("claude-sonnet-5", &payload).is_ok());
    assert!(payload.get("reasoning_effort").is_none());
}

#[test]
fn overlaid_chat_models_share_the_chat_body_message_types() {
    // `Message` is the shared type: the same value builds both requests.
    let message = Message::user("hi");
    let _ = Gpt5_5_2026_04_23Request::new([message.clone()]);
    let _ = ClaudeSonnet5Request::new([message]);
}

#[test]
fn the_model_list_names_the_overlays_of_each_model() {
    let model = oxen_models::model("gpt-5-5-2026-04-23").expect("listed");
    assert_eq!(
        model.overlays,
        [
            "chat-completions",
            "gpt-5-5-2026-04-23",
            "gpt-5-reasoning-effort"
        ]
    );
    assert_eq!(
        oxen_models::model("flux-2-pro").expect("listed").overlays,
        [] as [&str; 0]
    );
}

fn schemas_with_overlay(name: &str, overlay: serde_json::Value) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut files =
        oxen_codegen::tree::FileTree::read(&repo_root().join("schemas")).expect("schemas");
    files
        .0
        .insert(format!("overlays/{name}.json").into(), overlay.to_string());
    files.write_replacing(dir.path()).expect("copy");
    dir
}

#[test]
fn an_overlay_that_matches_no_model_is_a_warning_and_the_catalog_still_generates() {
    let dir = schemas_with_overlay(
        "stale",
        json!({"$comment": "x", "applies_to": {"models": ["gpt-9-*"]}, "schema": {}}),
    );
    let set = SchemaSet::read(dir.path()).expect("a stale overlay does not stop reading");
    let stale: Vec<&str> = set.unmatched_overlays().map(|o| o.name.as_str()).collect();
    assert_eq!(stale, ["stale"]);
    let generated = oxen_codegen::generate::generate(&set, false).expect("generates");
    assert_eq!(generated.unmatched_overlays, ["stale"]);
}

#[test]
fn an_overlay_that_leaves_no_valid_value_is_an_error_naming_file_model_and_pointer() {
    let dir = schemas_with_overlay(
        "too-tight",
        json!({"$comment": "x", "applies_to": {"models": ["flux-2-pro"]}, "schema": {"properties": {"num_inference_steps": {"minimum": 60}}}}),
    );
    let set = SchemaSet::read(dir.path()).expect("reads");
    let errors = oxen_codegen::generate::generate_crate(&set).expect_err("contradiction");
    let error = &errors.0[0];
    assert_eq!(error.model.as_str(), "flux-2-pro");
    assert_eq!(
        error.error.pointer.as_str(),
        "/properties/num_inference_steps/minimum"
    );
    assert!(
        error.error.message.contains("overlays/too-tight.json"),
        "{}",
        error.error.message
    );
}

#[test]
fn an_overlay_that_is_not_json_schema_is_an_error_naming_file_and_pointer() {
    let dir = schemas_with_overlay(
        "broken",
        json!({"$comment": "x", "applies_to": {"models": ["flux-2-pro"]}, "schema": {"properties": {"seed": {"type": "integr"}}}}),
    );
    let error = SchemaSet::read(dir.path()).expect_err("invalid schema");
    let text = error.to_string();
    assert!(
        text.contains("overlays/broken.json") && text.contains("/schema/properties/seed/type"),
        "{text}"
    );
}

fn committed() -> SchemaSet {
    SchemaSet::read(&repo_root().join("schemas")).expect("committed schemas")
}

#[test]
fn the_drift_check_reports_a_property_the_hub_starts_to_define_that_an_overlay_also_defines() {
    let old = committed();
    let mut new = old.clone();
    let body = new
        .schemas
        .get_mut(&oxen_codegen::SchemaSource::Endpoint(
            oxen_codegen::EndpointBody::ChatCompletions,
        ))
        .expect("chat body");
    body["properties"]["reasoning_effort"] =
        json!({"type": "string", "enum": ["low", "medium", "high"]});
    let changes = oxen_codegen::drift::compare(&old, &new).expect("compares");
    let overlaps: Vec<&str> = changes
        .iter()
        .filter(|c| c.kind == oxen_codegen::drift::ChangeKind::OverlayOverlaps)
        .map(|c| c.model.as_str())
        .collect();
    assert_eq!(
        overlaps,
        [
            "gpt-5-2-2025-12-11",
            "gpt-5-4-2026-03-05",
            "gpt-5-5-2026-04-23"
        ]
    );
}

#[test]
fn the_drift_check_reports_an_overlay_whose_model_is_gone() {
    let old = committed();
    let mut new = old.clone();
    new.catalog
        .models
        .retain(|m| m.id.as_str() != "gpt-5-5-2026-04-23");
    let changes = oxen_codegen::drift::compare(&old, &new).expect("compares");
    let unmatched: Vec<&oxen_codegen::drift::Change> = changes
        .iter()
        .filter(|c| c.kind == oxen_codegen::drift::ChangeKind::OverlayUnmatched)
        .collect();
    assert_eq!(unmatched.len(), 1);
    assert!(
        unmatched[0]
            .message
            .contains("overlays/gpt-5-5-2026-04-23.json"),
        "{}",
        unmatched[0].message
    );
    assert_eq!(
        unmatched[0].severity,
        oxen_codegen::drift::Severity::Breaking
    );
}
