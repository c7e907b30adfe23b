//! A newer hub's answers still decode (issue 22): every response type keeps an enum value it
//! does not list (as sent, and sent back unchanged), a `null` where its schema allows one, and
//! properties it does not declare; each body below re-encodes equal to itself.

use oxen_models::responses::queue_generation::{
    QueueGenerationResponseMediaTypeKnown, QueueGenerationResponseStatusKnown,
};
use oxen_models::responses::{
    AudioGenerateResponse, ChatCompletionChunk, ChatCompletionResponse, ImageGenerateResponse,
    QueueCreateResponse, QueueGenerationResponse, VideoGenerateResponse,
};
use oxen_models::runtime::Open;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// Decodes `body` as `T` and encodes it back: the same JSON.
fn round_trip<T: DeserializeOwned + Serialize>(body: &Value) -> T {
    let decoded: T = serde_json::from_value(body.clone()).expect("decodes");
    assert_eq!(&serde_json::to_value(&decoded).expect("encodes"), body);
    decoded
}

#[test]
fn a_chat_completion_keeps_an_unknown_object_and_its_nulls() {
    let body = json!({
        "id": "chatcmpl-1", "object": "chat.completion.v2", "created": 1, "model": "m",
        "choices": [{"index": 0, "finish_reason": "tool_calls",
            "message": {"role": "assistant", "content": null, "tool_calls": null, "refusal": null}}],
        "usage": null,
        "service_tier": "flex",
    });
    let response: ChatCompletionResponse = round_trip(&body);
    assert_eq!(
        response.object,
        Some(Open::Unknown(json!("chat.completion.v2")))
    );
    let message = response.choices.expect("choices")[0]
        .message
        .clone()
        .expect("a message");
    assert_eq!(message.content, Some(None));
    assert_eq!(response.usage, Some(None));
}

#[test]
fn a_chat_completion_chunk_keeps_an_unknown_object_and_its_nulls() {
    let body = json!({
        "id": "c", "object": "chat.completion.chunk.v2", "created": 1, "model": "m",
        "choices": [{"index": 0, "finish_reason": null,
            "delta": {"content": null, "tool_calls": null}}],
        "usage": null,
    });
    let chunk: ChatCompletionChunk = round_trip(&body);
    assert_eq!(
        chunk.object,
        Some(Open::Unknown(json!("chat.completion.chunk.v2")))
    );
    assert_eq!(chunk.choices.expect("choices")[0].finish_reason, Some(None));
}

#[test]
fn an_image_answer_keeps_a_null_revised_prompt_and_new_fields() {
    let body = json!({
        "created": 1, "model": "m",
        "images": [{"url": "https://x.invalid/0.png", "revised_prompt": null, "seed": 7}],
        "usage": {"cost": 1},
    });
    let response: ImageGenerateResponse = round_trip(&body);
    assert_eq!(
        response.images.expect("images")[0].revised_prompt,
        Some(None)
    );
}

/// The video and audio answers list no enum and allow no `null`: what a newer hub adds stays.
#[test]
fn a_video_answer_keeps_new_fields() {
    let body = json!({"created": 1, "model": "m", "videos": [{"url": "https://x.invalid/0.mp4", "duration": 5}], "audio": true});
    let response: VideoGenerateResponse = round_trip(&body);
    assert_eq!(response.extra["audio"], true);
}

#[test]
fn an_audio_answer_keeps_new_fields() {
    let body = json!({"created": 1, "model": "m", "audios": [{"url": "https://x.invalid/0.mp3", "format": "mp3"}], "voice": "v"});
    let response: AudioGenerateResponse = round_trip(&body);
    assert_eq!(response.extra["voice"], "v");
}

#[test]
fn a_queue_create_answer_keeps_an_unknown_status() {
    let body = json!({"generations": [{"generation_id": "g", "status": "accepted"}]});
    let response: QueueCreateResponse = round_trip(&body);
    assert_eq!(response.generations[0].status.to_string(), r#""accepted""#);
}

#[test]
fn a_queue_generation_keeps_an_unknown_status_and_media_type_and_its_nulls() {
    let body = json!({
        "generation_id": "g", "model_name": "m", "media_type": "audio", "status": "moderating",
        "enqueued_at": 1, "started_at": null, "completed_at": null, "error_message": null,
        "result_url": null, "target_directory": null, "target_namespace": null, "target_repo": null,
    });
    let generation: QueueGenerationResponse = round_trip(&body);
    assert_eq!(generation.media_type, Open::Unknown(json!("audio")));
    assert_eq!(generation.status, Open::Unknown(json!("moderating")));
    assert_eq!(generation.status.known(), None);
    assert_eq!(generation.result_url, Some(None));
}

#[test]
fn a_listed_value_decodes_as_known_and_compares_with_the_strict_enum() {
    let body = json!({"generation_id": "g", "model_name": "m", "media_type": "video", "status": "succeeded", "enqueued_at": 1});
    let generation: QueueGenerationResponse = round_trip(&body);
    assert_eq!(
        generation.status,
        QueueGenerationResponseStatusKnown::Succeeded
    );
    assert_eq!(
        generation.media_type,
        QueueGenerationResponseMediaTypeKnown::Video
    );
}
