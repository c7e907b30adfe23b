//! The fake hub's inference endpoints: a canned answer of each response shape of
//! `schemas/responses/` for every model the snapshot has, server-sent events for a chat with
//! `stream: true`, and the queue, whose generations succeed after a set number of polls.
//!
//! Every answer carries one property no response schema declares (`fake_hub`), so tests can see
//! that clients keep what the hub adds later.

use std::sync::Mutex;

use hyper::StatusCode;
use serde_json::{Value, json};

use super::snapshot::Snapshot;

/// The `created` of every answer: 2026-11-30T00:00:00Z, so answers are the same every run.
const CREATED: i64 = 1_764_460_800;

/// Paths below `/api/ai` that take a request body, by the endpoint models name.
const INFERENCE_ENDPOINTS: &[&str] = &[
    "/chat/completions",
    "/images/generate",
    "/images/edit",
    "/videos/generate",
    "/audio/speech",
    "/audio/transcriptions",
    "/audio/generate",
];

/// Where the fake hub serves result files with `--serve-results` (not part of the hub's API).
pub const RESULTS_PATH: &str = "/_fake_hub/results";

/// The bytes of every result file: `fake <path>`, so a test can tell which file it got.
pub fn result_file(path: &str) -> String {
    format!("fake {path}")
}

/// The queue's path below `/api/ai`.
pub const QUEUE: &str = "/queue";

/// The words a streamed chat completion sends, one chunk each.
pub const STREAMED_WORDS: &[&str] = &["A lighthouse", " warns ships", " of the coast."];

/// What the hub answers when nothing goes wrong.
pub enum Answer {
    /// One JSON body.
    Json(Value),
    /// Server-sent events: the `data` of each, `[DONE]` last.
    Events(Vec<String>),
}

/// A request the hub refuses: the status and the message of its error body.
pub type Refusal = (StatusCode, String);

/// Queued generations: the model each is for and how often it was polled.
pub struct Queue {
    generations: Mutex<Vec<Generation>>,
    /// Polls a generation stays unfinished for (`queued`, then `processing`).
    polls_until_done: u32,
    /// Where result URLs point: the fake hub's own origin when it serves the results
    /// (`--serve-results`), else a host that does not resolve.
    results_base: String,
}

struct Generation {
    model: String,
    media_type: &'static str,
    polls: u32,
}

impl Queue {
    pub fn new(polls_until_done: u32, results_origin: Option<&str>) -> Self {
        let results_base = match results_origin {
            Some(origin) => format!("{origin}{RESULTS_PATH}"),
            None => "https://fake-hub.invalid".to_owned(),
        };
        Self {
            generations: Mutex::new(Vec::new()),
            polls_until_done,
            results_base,
        }
    }

    /// The URL of a result file, e.g. `<base>/images/flux-2-pro/0.png`.
    fn result_url(&self, path: &str) -> String {
        format!("{}/{path}", self.results_base)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Generation>> {
        self.generations
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    /// `POST /api/ai/queue`: `num_generations` (default 1) new generations of `model`.
    fn enqueue(&self, model: &str, media_type: &'static str, request: &Value) -> Value {
        let count = request
            .get("num_generations")
            .and_then(Value::as_u64)
            .unwrap_or(1)
            .clamp(1, 12);
        let mut generations = self.lock();
        let created: Vec<Value> = (0..count)
            .map(|_| {
                generations.push(Generation {
                    model: model.to_owned(),
                    media_type,
                    polls: 0,
                });
                json!({"generation_id": generation_id(generations.len()), "status": "queued"})
            })
            .collect();
        json!({"generations": created, "fake_hub": "queue"})
    }

    /// The model of generation `id` (for faults aimed at it), if there is one.
    pub fn model_of(&self, id: &str) -> Option<String> {
        let index = generation_index(id)?;
        self.lock().get(index).map(|g| g.model.clone())
    }

    /// `GET /api/ai/queue/{id}`: `queued`, `processing`, then `succeeded` with a result URL.
    pub fn poll(&self, id: &str) -> Option<Value> {
        let index = generation_index(id)?;
        let mut generations = self.lock();
        let generation = generations.get_mut(index)?;
        generation.polls += 1;
        let status = match generation.polls {
            polls if polls > self.polls_until_done => "succeeded",
            1 => "queued",
            _ => "processing",
        };
        let mut answer = json!({
            "generation_id": id,
            "model_name": generation.model,
            "media_type": generation.media_type,
            "status": status,
            "enqueued_at": CREATED,
            "fake_hub": "generation",
        });
        if status == "succeeded" {
            answer["completed_at"] = json!(CREATED + 60);
            let extension = if generation.media_type == "video" {
                "mp4"
            } else {
                "png"
            };
            answer["result_url"] = json!(self.result_url(&format!("queue/{id}.{extension}")));
        }
        Some(answer)
    }
}

/// Generation ids look like the hub's (UUIDs), numbered from 1.
fn generation_id(number: usize) -> String {
    format!("00000000-0000-4000-8000-{number:012}")
}

fn generation_index(id: &str) -> Option<usize> {
    let number: usize = id.strip_prefix("00000000-0000-4000-8000-")?.parse().ok()?;
    number.checked_sub(1)
}

/// The model object of a deployed model (`--deployed-model`), as `GET /api/ai/models/<id>`
/// answers it.
pub fn deployed_model(id: &str, endpoint: &str) -> Value {
    let schema = if endpoint == "/chat/completions" {
        Value::Null
    } else {
        json!({
            "type": "object",
            "required": ["prompt"],
            "properties": {
                "prompt": {"type": "string"},
                "num_inference_steps": {"type": "integer", "minimum": 1, "maximum": 50, "nullable": true},
            },
        })
    };
    json!({
        "id": id,
        "object": "model",
        "display_name": "Deployed fine-tune",
        "endpoint": endpoint,
        "json_request_schema": schema,
    })
}

/// Whether `path` (below `/api/ai`) is one the inference side serves with a POST.
pub fn is_inference_post(path: &str) -> bool {
    path == QUEUE || INFERENCE_ENDPOINTS.contains(&path)
}

/// The model a POST names, checked against the snapshot: it must exist and be served at `path`
/// (the queue takes image and video models). Returns its id and endpoint.
pub fn model_of_request(
    snapshot: &Snapshot,
    path: &str,
    request: &Value,
) -> Result<(String, String), Refusal> {
    let bad = |message: String| (StatusCode::BAD_REQUEST, message);
    let id = request
        .get("model")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("You must specify a model to call".to_owned()))?;
    let model = snapshot
        .models
        .get(id)
        .ok_or_else(|| (StatusCode::NOT_FOUND, format!("Model not found: {id}")))?;
    let endpoint = model
        .get("endpoint")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let fits = if path == QUEUE {
        media_type(endpoint).is_some()
    } else {
        endpoint == path
    };
    if !fits {
        return Err(bad(format!(
            "model {id:?} is served at {endpoint}, not {path}"
        )));
    }
    Ok((id.to_owned(), endpoint.to_owned()))
}

/// The answer to a POST to `path` for `model` (at `endpoint`).
pub fn answer(queue: &Queue, path: &str, model: &str, endpoint: &str, request: &Value) -> Answer {
    if path == QUEUE {
        let media_type = media_type(endpoint).unwrap_or("image");
        return Answer::Json(queue.enqueue(model, media_type, request));
    }
    let url =
        |kind: &str, extension: &str| queue.result_url(&format!("{kind}/{model}/0.{extension}"));
    Answer::Json(match endpoint {
        "/chat/completions" | "/audio/transcriptions" => {
            if request.get("stream") == Some(&Value::Bool(true)) {
                return Answer::Events(chat_events(model));
            }
            let (finish_reason, message) = chat_turn(request);
            json!({
                "id": "chatcmpl-fake-1",
                "object": "chat.completion",
                "created": CREATED,
                "model": model,
                "choices": [{"index": 0, "finish_reason": finish_reason, "message": message}],
                "usage": {"prompt_tokens": 12, "completion_tokens": 7, "total_tokens": 19},
                "fake_hub": "chat",
            })
        }
        "/images/generate" | "/images/edit" => json!({
            "created": CREATED,
            "model": model,
            "images": [{"url": url("images", "png"), "revised_prompt": null}],
            "fake_hub": "image",
        }),
        "/videos/generate" => json!({
            "created": CREATED,
            "model": model,
            "videos": [{"url": url("videos", "mp4")}],
            "fake_hub": "video",
        }),
        _ => json!({
            "created": CREATED,
            "model": model,
            "audios": [{"url": url("audios", "mp3")}],
            "fake_hub": "audio",
        }),
    })
}

/// The assistant's turn, as the hub's tool-use page (Oxen-AI/docs
/// `examples/inference/chat_completions.mdx`) shows it: a request offering `tools` whose last
/// message is not a tool's result gets a call of the first tool (`content: null`, the call's
/// `index` included, finish reason `tool_calls`), its `arguments` giving each required
/// parameter a sample value; a request whose last message is a tool's result gets text quoting
/// every result since the calls; any other request gets [`STREAMED_WORDS`].
fn chat_turn(request: &Value) -> (&'static str, Value) {
    let messages = request
        .get("messages")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    let is_tool = |message: &Value| message.get("role").and_then(Value::as_str) == Some("tool");
    if messages.last().is_some_and(is_tool) {
        let results: Vec<String> = messages
            .iter()
            .rev()
            .take_while(|message| is_tool(message))
            .map(|message| {
                let call = message.get("tool_call_id").and_then(Value::as_str);
                let content = match message.get("content") {
                    Some(Value::String(text)) => text.clone(),
                    other => other.cloned().unwrap_or(Value::Null).to_string(),
                };
                format!("{} said {content}", call.unwrap_or("a tool"))
            })
            .collect();
        let text = format!(
            "The tools answered: {}.",
            results.into_iter().rev().collect::<Vec<_>>().join("; ")
        );
        return ("stop", json!({"role": "assistant", "content": text}));
    }
    let first_tool = request
        .get("tools")
        .and_then(Value::as_array)
        .and_then(|tools| tools.first())
        .and_then(|tool| tool.get("function"));
    let Some(function) = first_tool else {
        let text = STREAMED_WORDS.concat();
        return (
            "stop",
            json!({"role": "assistant", "content": text, "tool_calls": null}),
        );
    };
    let name = function
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("tool");
    let parameters = function.get("parameters");
    let mut arguments = serde_json::Map::new();
    for required in parameters
        .and_then(|p| p.get("required"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        let ty = parameters
            .and_then(|p| p.get("properties")?.get(required)?.get("type")?.as_str())
            .unwrap_or("string");
        let sample = match ty {
            "integer" | "number" => json!(1),
            "boolean" => json!(true),
            "array" => json!([]),
            "object" => json!({}),
            _ => json!("Paris"),
        };
        arguments.insert(required.to_owned(), sample);
    }
    let call = json!({
        "id": "call_fake_1",
        "index": 0,
        "type": "function",
        "function": {"name": name, "arguments": Value::Object(arguments).to_string()},
    });
    (
        "tool_calls",
        json!({"role": "assistant", "content": null, "tool_calls": [call]}),
    )
}

/// A chat completion as OpenAI-compatible streams send it: the role, one chunk per word, the
/// finish reason, then `[DONE]`.
fn chat_events(model: &str) -> Vec<String> {
    let chunk = |delta: Value, finish_reason: Value| {
        json!({
            "id": "chatcmpl-fake-1",
            "object": "chat.completion.chunk",
            "created": CREATED,
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
            "fake_hub": "chunk",
        })
        .to_string()
    };
    let mut events = vec![chunk(json!({"role": "assistant"}), Value::Null)];
    events.extend(
        STREAMED_WORDS
            .iter()
            .map(|word| chunk(json!({"content": word}), Value::Null)),
    );
    events.push(chunk(json!({}), json!("stop")));
    events.push("[DONE]".to_owned());
    events
}

fn media_type(endpoint: &str) -> Option<&'static str> {
    match endpoint {
        "/images/generate" | "/images/edit" => Some("image"),
        "/videos/generate" => Some("video"),
        _ => None,
    }
}
