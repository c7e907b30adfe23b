//! `stream` sends `stream: true` and yields typed chunks from server-sent events until
//! `data: [DONE]`; a malformed event is an error item, a cut stream a last error item.

use futures_util::StreamExt;
use oxen_models::shared::chat_completions::Message;
use oxen_models::{ChatCompletionChunk, ClientError, Flux2ProRequest, Gpt5_5_2026_04_23Request};
use xtask::fake_hub::STREAMED_WORDS;

use crate::support::FakeHub;
use crate::{KEY_FLAGS, block_on, client_of};

fn chat() -> Gpt5_5_2026_04_23Request {
    Gpt5_5_2026_04_23Request::new(vec![Message::user("What is a lighthouse for?")])
}

/// Every item of the stream of `chat()` from `hub`.
fn stream_items(hub: &FakeHub) -> Vec<Result<ChatCompletionChunk, ClientError>> {
    block_on(async {
        let chunks = client_of(hub)
            .stream(&chat())
            .await
            .expect("the stream starts");
        chunks.collect().await
    })
}

fn content(chunk: &ChatCompletionChunk) -> String {
    chunk
        .choices
        .iter()
        .flatten()
        .filter_map(|choice| choice.delta.as_ref()?.content.clone().flatten())
        .collect()
}

#[test]
fn a_streamed_chat_yields_typed_chunks_and_ends_at_done() {
    let hub = FakeHub::start(&KEY_FLAGS);
    let items = stream_items(&hub);
    let chunks: Vec<ChatCompletionChunk> = items
        .into_iter()
        .map(|item| item.expect("a chunk"))
        .collect();
    // The role, one chunk per word, the finish reason; `[DONE]` is not a chunk.
    assert_eq!(chunks.len(), STREAMED_WORDS.len() + 2);
    let text: String = chunks.iter().map(content).collect();
    assert_eq!(text, STREAMED_WORDS.concat());
    let last = chunks
        .last()
        .and_then(|c| c.choices.as_ref())
        .expect("choices");
    assert_eq!(last[0].finish_reason, Some(Some("stop".to_owned())));
    assert_eq!(chunks[0].extra["fake_hub"], "chunk");
}

#[test]
fn a_malformed_event_is_an_error_item_and_the_stream_goes_on() {
    let hub = FakeHub::start(&["--fault", "malformed=gpt-5-5-2026-04-23"]);
    let items = stream_items(&hub);
    let errors: Vec<&ClientError> = items
        .iter()
        .filter_map(|item| item.as_ref().err())
        .collect();
    assert_eq!(errors.len(), 1, "{items:?}");
    assert!(
        matches!(
            errors[0],
            ClientError::Decode {
                status: 200,
                expected: "ChatCompletionChunk",
                ..
            }
        ),
        "{errors:?}"
    );
    let text: String = items.iter().flatten().map(content).collect();
    assert_eq!(text, STREAMED_WORDS.concat());
}

#[test]
fn a_stream_cut_before_done_ends_with_a_transport_error() {
    let hub = FakeHub::start(&["--fault", "truncated=gpt-5-5-2026-04-23"]);
    let items = stream_items(&hub);
    let (last, before) = items.split_last().expect("items");
    assert!(
        matches!(last, Err(ClientError::Transport { .. })),
        "{last:?}"
    );
    assert!(
        !before.is_empty() && before.iter().all(Result::is_ok),
        "{items:?}"
    );
}

#[test]
fn a_stream_that_fails_to_start_is_an_error_not_a_stream() {
    let hub = FakeHub::start(&["--fault", "500=gpt-5-5-2026-04-23"]);
    let client = client_of(&hub).with_retries(oxen_models::client::RetryPolicy::none());
    let error = block_on(client.stream(&chat())).err().expect("no stream");
    assert!(
        matches!(error, ClientError::Status { status: 500, .. }),
        "{error:?}"
    );
}

#[test]
fn only_chat_models_stream_and_nothing_is_sent_for_others() {
    let hub = FakeHub::start(&KEY_FLAGS);
    let error = block_on(client_of(&hub).stream(&Flux2ProRequest::new("x")))
        .err()
        .expect("refused");
    assert!(
        matches!(
            error,
            ClientError::Unsupported {
                model: "flux-2-pro",
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(hub.stats().requests, 0);
}
