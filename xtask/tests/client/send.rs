//! `send` posts each endpoint family's request to its endpoint and decodes the typed answer.

use oxen_models::shared::chat_completions::Message;
use oxen_models::{
    BytedanceSeedAudio1_0Request, BytedanceSeedance2_0FastTextToVideoRequest, Flux2ProRequest,
    Gpt5_5_2026_04_23Request, GptAudioRequest, QwenImageRequest,
};
use xtask::fake_hub::STREAMED_WORDS;

use crate::support::FakeHub;
use crate::{KEY_FLAGS, block_on, client_of};

fn question() -> Vec<Message> {
    vec![Message::user("What is a lighthouse for?")]
}

#[test]
fn a_chat_model_gets_a_typed_chat_completion() {
    let hub = FakeHub::start(&KEY_FLAGS);
    let response = block_on(client_of(&hub).send(&Gpt5_5_2026_04_23Request::new(question())))
        .expect("the chat completes");
    assert_eq!(response.model.as_deref(), Some("gpt-5-5-2026-04-23"));
    let choices = response.choices.expect("choices");
    let message = choices[0].message.as_ref().expect("a message");
    assert_eq!(
        message.content.clone().flatten().as_deref(),
        Some(STREAMED_WORDS.concat().as_str())
    );
    assert_eq!(
        response.usage.flatten().and_then(|u| u.total_tokens),
        Some(19.into())
    );
}

#[test]
fn properties_the_schema_does_not_declare_are_kept() {
    let hub = FakeHub::start(&KEY_FLAGS);
    let response = block_on(client_of(&hub).send(&Gpt5_5_2026_04_23Request::new(question())))
        .expect("the chat completes");
    assert_eq!(response.extra["fake_hub"], "chat");
}

#[test]
fn an_image_generation_model_posts_to_images_generate() {
    let hub = FakeHub::start(&KEY_FLAGS);
    let response = block_on(client_of(&hub).send(&QwenImageRequest::new("a lighthouse")))
        .expect("the image is made");
    let images = response.images.expect("images");
    assert_eq!(
        images[0].url.as_deref(),
        Some("https://fake-hub.invalid/images/qwen-image/0.png")
    );
    assert_eq!(response.extra["fake_hub"], "image");
}

#[test]
fn an_image_edit_model_posts_to_images_edit() {
    let hub = FakeHub::start(&KEY_FLAGS);
    let response = block_on(client_of(&hub).send(&Flux2ProRequest::new("a lighthouse")))
        .expect("the image is made");
    assert_eq!(response.model.as_deref(), Some("flux-2-pro"));
    assert!(response.images.is_some_and(|images| images.len() == 1));
}

#[test]
fn a_video_model_gets_a_typed_video_response() {
    let hub = FakeHub::start(&KEY_FLAGS);
    let request = BytedanceSeedance2_0FastTextToVideoRequest::new("waves on a lighthouse");
    let response = block_on(client_of(&hub).send(&request)).expect("the video is made");
    let videos = response.videos.expect("videos");
    assert!(
        videos[0]
            .url
            .as_deref()
            .is_some_and(|url| url.ends_with(".mp4"))
    );
}

#[test]
fn an_audio_speech_model_gets_a_typed_audio_response() {
    let hub = FakeHub::start(&KEY_FLAGS);
    let request = BytedanceSeedAudio1_0Request::new("The light is on.");
    let response = block_on(client_of(&hub).send(&request)).expect("the audio is made");
    let audios = response.audios.expect("audios");
    assert!(
        audios[0]
            .url
            .as_deref()
            .is_some_and(|url| url.ends_with(".mp3"))
    );
}

#[test]
fn a_transcription_model_posts_to_audio_transcriptions_and_gets_a_chat_completion() {
    let hub = FakeHub::start(&KEY_FLAGS);
    let response = block_on(client_of(&hub).send(&GptAudioRequest::new(question())))
        .expect("the transcription completes");
    assert_eq!(response.model.as_deref(), Some("gpt-audio"));
}
