//! The chat requests the hub documents are accepted, and its documented refusals are refused
//! with messages that name the rule.
//!
//! `tests/fixtures/hub-docs/chat-requests.json` holds every request body of the hub's three
//! chat pages (Oxen-AI/docs `inference-api/reference/chat_completions.mdx`,
//! `examples/inference/chat_completions.mdx`, `inference-api/quickstart/chat.mdx`), each naming
//! its page and section.

use oxen_models::shared::chat_completions::{
    Message, MessageContentPart, MessageContentPartFile, MessageContentPartFileFile,
};
use oxen_models::{Gpt5_5_2026_04_23Request, Request, RequestVisitor, validate_payload};
use serde_json::{Value, json};

/// The model a documented body is checked as: its own, or, for one the catalog does not
/// have (`gemini-3-1-flash-lite-preview`), another chat model, as the chat body is shared.
fn model_of(body: &Value) -> String {
    let id = body["model"]
        .as_str()
        .expect("a documented body names its model");
    if oxen_models::model(id).is_some() {
        id.to_owned()
    } else {
        "claude-sonnet-4-6".to_owned()
    }
}

fn documented() -> Vec<(String, Value)> {
    let path = oxen_tests::repo_root().join("tests/fixtures/hub-docs/chat-requests.json");
    let text = std::fs::read_to_string(&path).expect("the fixture");
    let cases: Vec<Value> = serde_json::from_str(&text).expect("JSON");
    cases
        .into_iter()
        .map(|case| {
            let name = format!("{}: {}", case["source"], case["section"]);
            let mut body = case["body"].clone();
            body["model"] = json!(model_of(&body));
            (name, body)
        })
        .collect()
}

/// Deserializes the body into the model's request type, validates it there and serializes it
/// back.
struct TypedRoundTrip<'a>(&'a Value);

impl RequestVisitor for TypedRoundTrip<'_> {
    type Output = Result<Value, String>;
    fn visit<R: Request>(self) -> Self::Output {
        let request: R = serde_json::from_value(self.0.clone())
            .map_err(|error| format!("does not deserialize: {error}"))?;
        request
            .validate()
            .map_err(|violations| format!("validate(): {violations}"))?;
        serde_json::to_value(&request).map_err(|error| error.to_string())
    }
}

#[test]
fn every_documented_chat_request_is_valid_typed_and_given_back_unchanged() {
    let cases = documented();
    assert!(cases.len() >= 25, "{} bodies", cases.len());
    for (name, body) in &cases {
        let model = model_of(body);
        if let Err(error) = validate_payload(&model, body) {
            panic!("{name}: validate_payload refuses it:\n{error}");
        }
        let typed = oxen_models::visit_request(&model, TypedRoundTrip(body))
            .expect("a chat model of the catalog");
        match typed {
            Ok(back) => assert_eq!(&back, body, "{name}: serialized back differently"),
            Err(error) => panic!("{name}: {error}"),
        }
    }
}

/// A GPT 5.5 request whose one user message has `parts`.
fn with_parts(parts: Value) -> Value {
    json!({
        "model": "gpt-5-5-2026-04-23",
        "messages": [{"role": "user", "content": parts}],
    })
}

fn payload_refusal(payload: &Value) -> String {
    validate_payload("gpt-5-5-2026-04-23", payload)
        .expect_err("refused")
        .to_string()
}

/// The typed request with one user message holding the document `file`.
fn typed_refusal(file: MessageContentPartFileFile) -> String {
    let part = MessageContentPart::File(MessageContentPartFile::new(file));
    Gpt5_5_2026_04_23Request::new([Message::user(vec![part])])
        .validate()
        .expect_err("refused")
        .to_string()
}

const NEITHER: &str = r#"/messages/0/content/0/file: {"filename":"report.pdf"} needs one of the properties "file_data" or "file_url""#;
const BOTH: &str = r#"/messages/0/content/0/file: "file_data" and "file_url" are both given; pass exactly one of them"#;
const FILE_ID: &str = r#"/messages/0/content/0/file: referencing a file by "file_id" is not supported by the hub; inline it with "file_data" or pass "file_url""#;

#[test]
fn a_file_part_with_neither_file_data_nor_file_url_is_refused_by_both_checks() {
    let payload = with_parts(json!([{"type": "file", "file": {"filename": "report.pdf"}}]));
    assert_eq!(payload_refusal(&payload), NEITHER);
    let typed = typed_refusal(MessageContentPartFileFile::new().filename("report.pdf"));
    assert_eq!(typed, NEITHER);
}

#[test]
fn a_file_part_with_both_file_data_and_file_url_is_refused_by_both_checks() {
    let file = json!({"file_data": "data:application/pdf;base64,JVBERi0xLjQK", "file_url": "https://arxiv.org/pdf/1706.03762"});
    assert_eq!(
        payload_refusal(&with_parts(json!([{"type": "file", "file": file}]))),
        BOTH
    );
    let typed = typed_refusal(
        MessageContentPartFileFile::new()
            .file_data("data:application/pdf;base64,JVBERi0xLjQK")
            .file_url("https://arxiv.org/pdf/1706.03762"),
    );
    assert_eq!(typed, BOTH);
}

#[test]
fn a_file_part_by_file_id_is_refused_as_not_supported_by_both_checks() {
    let file = json!({"file_id": "file-abc123", "file_url": "https://arxiv.org/pdf/1706.03762"});
    assert_eq!(
        payload_refusal(&with_parts(json!([{"type": "file", "file": file}]))),
        FILE_ID
    );
    let typed = typed_refusal(
        MessageContentPartFileFile::new()
            .file_url("https://arxiv.org/pdf/1706.03762")
            .extra("file_id", "file-abc123"),
    );
    assert_eq!(typed, FILE_ID);
}

#[test]
fn a_part_of_an_unknown_type_is_refused_naming_the_types_there_are() {
    let payload = with_parts(json!([
        {"type": "text", "text": "What is said?"},
        {"type": "audio_uri", "audio_uri": {"url": "https://example.com/a.mp3"}}
    ]));
    assert_eq!(
        payload_refusal(&payload),
        r#"/messages/0/content/1/type: "audio_uri" is not one of "text", "image_url", "video_url", "audio_url", "file" or "input_audio""#
    );
}

#[test]
fn a_part_naming_its_type_gets_the_violations_of_that_type_only() {
    let payload = with_parts(json!([{"type": "audio_url", "audio_url": {}}]));
    assert_eq!(
        payload_refusal(&payload),
        r#"/messages/0/content/0/audio_url: the required property "url" is missing"#
    );
}

#[test]
fn an_assistant_message_with_tool_calls_may_have_null_content() {
    let payload = json!({
        "model": "gpt-5-5-2026-04-23",
        "messages": [{"role": "assistant", "content": null, "tool_calls": [
            {"id": "call_1", "index": 0, "type": "function", "function": {"name": "f", "arguments": "{}"}}
        ]}],
    });
    assert_eq!(validate_payload("gpt-5-5-2026-04-23", &payload), Ok(()));
}
