//! Models the build does not know (a deployed fine-tune's `oxen:…` slug): a JSON body checked
//! against the schema the hub returns for the id, and the answer decoded as the endpoint's.

use oxen_models::responses::{ChatCompletionResponse, ImageGenerateResponse};
use oxen_models::{ClientError, Endpoint};
use serde_json::json;

use crate::support::FakeHub;
use crate::{KEY_FLAGS, block_on, client_of};

const LORA: &str = "oxen:my-lora";

fn hub_with_deployed_models() -> FakeHub {
    let mut flags = KEY_FLAGS.to_vec();
    flags.extend([
        "--deployed-model",
        "oxen:my-lora=/images/generate",
        "--deployed-model",
        "oxen:my-chat=/chat/completions",
    ]);
    FakeHub::start(&flags)
}

#[test]
fn a_body_breaking_the_hub_s_schema_for_an_unknown_model_is_refused_and_not_sent() {
    let hub = hub_with_deployed_models();
    let body = json!({"model": LORA, "num_inference_steps": 80});
    let error = block_on(
        client_of(&hub).send_json::<ImageGenerateResponse>(Endpoint::ImagesGenerate, &body),
    )
    .expect_err("refused");
    let ClientError::Invalid { model, violations } = &error else {
        panic!("not a local refusal: {error:?}");
    };
    assert_eq!(model, LORA);
    let shown: Vec<String> = violations.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            r#"/: the required property "prompt" is missing"#,
            "/num_inference_steps: 80 is greater than the maximum of 50",
        ]
    );
    let stats = hub.stats();
    assert_eq!(
        stats.inference_requests, 0,
        "the inference endpoint was called"
    );
    assert_eq!(stats.requests, 1, "only the model's schema was fetched");
}

#[test]
fn a_valid_body_for_an_unknown_model_is_sent_and_decoded_as_the_endpoint_s_response() {
    let hub = hub_with_deployed_models();
    // `nullable` in the hub's schema admits null, as the generator reads it.
    let body = json!({"model": LORA, "prompt": "a lighthouse", "num_inference_steps": null});
    let client = client_of(&hub);
    let images =
        block_on(client.send_json::<ImageGenerateResponse>(Endpoint::ImagesGenerate, &body))
            .expect("sent");
    assert_eq!(images.model.as_deref(), Some(LORA));
    assert_eq!(images.images.map(|images| images.len()), Some(1));
    block_on(client.send_json::<ImageGenerateResponse>(Endpoint::ImagesGenerate, &body))
        .expect("sent again");
    let stats = hub.stats();
    assert_eq!(stats.inference_requests, 2);
    assert_eq!(
        stats.requests, 3,
        "the schema was fetched once for both calls"
    );
}

#[test]
fn a_model_the_hub_has_no_schema_for_is_sent_unchecked() {
    let hub = hub_with_deployed_models();
    let body = json!({"model": "oxen:my-chat", "messages": [{"role": "user", "content": "hi"}]});
    let answer = block_on(
        client_of(&hub).send_json::<ChatCompletionResponse>(Endpoint::ChatCompletions, &body),
    )
    .expect("sent");
    assert_eq!(answer.model.as_deref(), Some("oxen:my-chat"));
    assert_eq!(hub.stats().inference_requests, 1);
}

#[test]
fn a_model_the_hub_does_not_have_is_its_documented_404() {
    let hub = hub_with_deployed_models();
    let body = json!({"model": "oxen:nobody", "prompt": "x"});
    let error = block_on(
        client_of(&hub).send_json::<ImageGenerateResponse>(Endpoint::ImagesGenerate, &body),
    )
    .expect_err("404");
    let ClientError::Status { status, code, .. } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(
        (*status, code.as_deref()),
        (404, Some("resource_not_found"))
    );
    assert_eq!(hub.stats().inference_requests, 0);
}

#[test]
fn a_response_type_the_endpoint_does_not_answer_with_is_refused_before_anything_is_sent() {
    let hub = hub_with_deployed_models();
    let body = json!({"model": LORA, "prompt": "x"});
    let error = block_on(
        client_of(&hub).send_json::<ChatCompletionResponse>(Endpoint::ImagesGenerate, &body),
    )
    .expect_err("refused");
    assert_eq!(
        error.to_string(),
        "client configuration: /images/generate does not answer with ChatCompletionResponse; it answers ImageGenerateResponse"
    );
    assert_eq!(hub.stats().requests, 0);
}
