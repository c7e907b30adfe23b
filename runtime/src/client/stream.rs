//! Streamed chat completions: server-sent events (`data: {...}` lines, ending at
//! `data: [DONE]`), each decoded into a [`ChatCompletionChunk`].

use std::pin::Pin;

use eventsource_stream::{EventStreamError, Eventsource};
use futures_util::{Stream, StreamExt};

use super::{Client, ClientError, error};
use crate::responses::ChatCompletionChunk;
use crate::{Endpoint, Model, Request};

/// The chunks of one streamed chat completion, in order. It ends after `data: [DONE]`; a
/// malformed event is an [`ClientError::Decode`] item (the stream goes on), and a connection
/// that breaks or ends before `[DONE]` is a last [`ClientError::Transport`] item.
pub type ChunkStream = Pin<Box<dyn Stream<Item = Result<ChatCompletionChunk, ClientError>> + Send>>;

/// The end of a stream, as the hub's OpenAI-compatible `/chat/completions` sends it.
const DONE: &str = "[DONE]";

impl Client {
    /// Sends a chat `request` with `stream: true` and returns its chunks as they arrive.
    ///
    /// # Errors
    /// Before the stream starts, as [`Client::send`]; [`ClientError::Unsupported`] (nothing
    /// sent) for a model whose endpoint is not `/chat/completions`. Errors while streaming are
    /// items of the stream.
    pub async fn stream<R: Request>(&self, request: &R) -> Result<ChunkStream, ClientError> {
        if R::Model::ENDPOINT != Endpoint::ChatCompletions {
            return Err(ClientError::Unsupported {
                model: R::Model::ID,
                what: "only /chat/completions models stream",
            });
        }
        let mut body = self.body_of(request)?;
        if let Some(map) = body.as_object_mut() {
            map.insert("stream".to_owned(), serde_json::Value::Bool(true));
        }
        let endpoint = format!("/api/ai{}", Endpoint::ChatCompletions.as_str());
        let response = self
            .execute(
                reqwest::Method::POST,
                &endpoint,
                Some(&body),
                "text/event-stream",
            )
            .await?;
        let status = response.status().as_u16();
        let state = State {
            events: Box::pin(response.bytes_stream().eventsource()),
            client: self.clone(),
            endpoint,
            status,
            finished: false,
        };
        Ok(Box::pin(futures_util::stream::unfold(state, next_chunk)))
    }
}

type Events = Pin<
    Box<
        dyn Stream<Item = Result<eventsource_stream::Event, EventStreamError<reqwest::Error>>>
            + Send,
    >,
>;

struct State {
    events: Events,
    client: Client,
    endpoint: String,
    status: u16,
    finished: bool,
}

async fn next_chunk(mut state: State) -> Option<(Result<ChatCompletionChunk, ClientError>, State)> {
    if state.finished {
        return None;
    }
    let item = match state.events.next().await {
        Some(Ok(event)) if event.data.trim() == DONE => return None,
        Some(Ok(event)) => serde_json::from_str(&event.data).map_err(|error| ClientError::Decode {
            endpoint: state.endpoint.clone(),
            status: state.status,
            expected: "ChatCompletionChunk",
            message: error.to_string(),
            snippet: state.client.redact(&error::snippet(event.data.as_bytes())),
        }),
        Some(Err(EventStreamError::Transport(error))) => {
            state.finished = true;
            Err(state.client.transport_error(&state.endpoint, &error))
        }
        Some(Err(error)) => {
            state.finished = true;
            Err(ClientError::Transport {
                endpoint: state.endpoint.clone(),
                message: state
                    .client
                    .redact(&format!("malformed event stream: {error}")),
            })
        }
        None => {
            state.finished = true;
            Err(ClientError::Transport {
                endpoint: state.endpoint.clone(),
                message: format!("the stream ended before `data: {DONE}`"),
            })
        }
    };
    Some((item, state))
}
