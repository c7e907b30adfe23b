//! Sending what `oxen run` prepared: through the [`Client`] with the request type of the model
//! ([`visit_request`]), then the answer printed, the results downloaded, the queue waited for.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde_json::Value;

use super::oxen::{Failure, Session};
use super::run::{Run, is_chat};
use crate::client::{Client, ClientError};
use crate::responses::queue_generation::QueueGenerationResponseStatusKnown as Status;
use crate::{Request, RequestVisitor, visit_request};

/// Sends `run` to the hub at `base_url` with the session's key and prints the outcome.
///
/// # Errors
/// [`Failure::Usage`] without `OXEN_API_KEY` or for a model this build has no request type
/// for; [`Failure::Hub`] when the call fails; [`Failure::Io`] when the output or a download
/// cannot be written.
pub fn send(run: &Run, base_url: &str, session: &mut Session<'_>) -> Result<(), Failure> {
    let key = session.api_key.clone().unwrap_or_default();
    if key.trim().is_empty() {
        return Err(Failure::Usage(
            "OXEN_API_KEY is not set: export an API key from your Oxen hub account settings (--dry-run needs none)".to_owned(),
        ));
    }
    let client = Client::new(key).with_base_url(base_url);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| Failure::Io(format!("starting the async runtime: {error}")))?;
    let call = Call {
        run,
        client,
        runtime: &runtime,
        session,
    };
    visit_request(run.model.id, call).unwrap_or_else(|| {
        Err(Failure::Usage(format!(
            "{} is not a model of this build (its endpoint family's feature is off)",
            run.model.id
        )))
    })
}

struct Call<'c, 's> {
    run: &'c Run,
    client: Client,
    runtime: &'c tokio::runtime::Runtime,
    session: &'c mut Session<'s>,
}

impl RequestVisitor for Call<'_, '_> {
    type Output = Result<(), Failure>;

    fn visit<R: Request>(self) -> Self::Output {
        let Call {
            run,
            client,
            runtime,
            session,
        } = self;
        // The body passed validate_payload; the typed request reads it losslessly.
        let request: R = serde_json::from_value(run.body.clone())
            .map_err(|error| Failure::Usage(format!("{}: {error}", run.model.id)))?;
        runtime.block_on(async {
            if run.queue {
                queued(run, &client, &request, session).await
            } else if run.stream {
                streamed(run, &client, &request, session).await
            } else {
                let response = client.send(&request).await.map_err(Failure::Hub)?;
                let response = serde_json::to_value(&response).unwrap_or(Value::Null);
                answered(run, &response, session).await
            }
        })
    }
}

/// A synchronous answer: its JSON with `--json`; else a chat's text, or each result's URL or,
/// with `--out`, the file it was downloaded to.
async fn answered(run: &Run, response: &Value, session: &mut Session<'_>) -> Result<(), Failure> {
    let out = &mut session.streams.stdout;
    if run.json {
        return print_json(out, response);
    }
    if is_chat(run.model) {
        let text = response
            .pointer("/choices/0/message/content")
            .map(content_text)
            .unwrap_or_default();
        return writeln!(out, "{text}").map_err(io);
    }
    let urls = result_urls(response);
    if urls.is_empty() {
        return Err(Failure::Hub(ClientError::Decode {
            endpoint: format!("/api/ai{}", run.model.endpoint.as_str()),
            status: 200,
            expected: "a response with result URLs",
            message: "no result URL in the answer".to_owned(),
            snippet: response.to_string().chars().take(200).collect(),
        }));
    }
    deliver(run, &urls, session).await
}

/// `--stream`: each chunk's text as it arrives (each chunk's JSON, one a line, with `--json`).
async fn streamed<R: Request>(
    run: &Run,
    client: &Client,
    request: &R,
    session: &mut Session<'_>,
) -> Result<(), Failure> {
    let mut chunks = client.stream(request).await.map_err(Failure::Hub)?;
    let out = &mut session.streams.stdout;
    let mut failed = None;
    while let Some(chunk) = chunks.next().await {
        match chunk {
            Ok(chunk) => {
                if run.json {
                    let line = serde_json::to_string(&chunk).unwrap_or_default();
                    writeln!(out, "{line}").map_err(io)?;
                } else {
                    for choice in chunk.choices.unwrap_or_default() {
                        let text = choice
                            .delta
                            .and_then(|delta| delta.content.flatten())
                            .unwrap_or_default();
                        write!(out, "{text}").map_err(io)?;
                    }
                }
                out.flush().map_err(io)?;
            }
            // A malformed event is reported and the stream goes on; the run then fails.
            Err(error @ ClientError::Decode { .. }) => {
                let _ = writeln!(session.streams.stderr, "error: {error}");
                failed = Some(error);
            }
            Err(error) => {
                failed = Some(error);
                break;
            }
        }
    }
    if !run.json {
        writeln!(session.streams.stdout).map_err(io)?;
    }
    match failed {
        Some(error) => Err(Failure::Hub(error)),
        None => Ok(()),
    }
}

/// `--queue`: enqueue, wait for every generation (progress on standard error), then deliver
/// each result.
async fn queued<R: Request>(
    run: &Run,
    client: &Client,
    request: &R,
    session: &mut Session<'_>,
) -> Result<(), Failure> {
    let queued = client.enqueue(request).await.map_err(Failure::Hub)?;
    let ids: Vec<String> = queued
        .generations
        .iter()
        .map(|generation| generation.generation_id.clone())
        .collect();
    let progress = super::progress::Progress::new(session, &ids);
    let deadline = Duration::from_secs_f64(run.wait.max(0.0));
    let poll_every = Duration::from_secs_f64(run.poll_every.max(0.01));
    let mut urls = Vec::new();
    let mut finished = Vec::new();
    for (index, id) in ids.iter().enumerate() {
        let done = wait(client, id, deadline, poll_every, |status| {
            progress.status(session, index, status);
        })
        .await;
        progress.finish(index, done.is_ok());
        let done = done.map_err(Failure::Hub)?;
        if let Some(Some(url)) = &done.result_url {
            urls.push(url.clone());
        }
        finished.push(serde_json::to_value(&done).unwrap_or(Value::Null));
    }
    if run.json {
        return print_json(session.streams.stdout, &Value::Array(finished));
    }
    deliver(run, &urls, session).await
}

/// Polls generation `id` until it succeeds, telling `on_status` each status seen.
async fn wait(
    client: &Client,
    id: &str,
    deadline: Duration,
    poll_every: Duration,
    mut on_status: impl FnMut(&str),
) -> Result<crate::responses::QueueGenerationResponse, ClientError> {
    let started = Instant::now();
    loop {
        let generation = client.generation(id).await?;
        let status = generation.status.clone();
        on_status(&status.to_string());
        match status.known() {
            Some(Status::Succeeded) => return Ok(generation),
            Some(Status::Failed | Status::Cancelled) => {
                return Err(ClientError::GenerationFailed {
                    generation_id: id.to_owned(),
                    status: status.to_string(),
                    message: generation
                        .error_message
                        .flatten()
                        .unwrap_or_else(|| "no message".to_owned()),
                });
            }
            // A status this crate does not know (a newer hub's) is not an end: wait on.
            Some(Status::Queued | Status::Processing) | None => {}
        }
        let waited = started.elapsed();
        if waited + poll_every > deadline {
            return Err(ClientError::Deadline {
                generation_id: id.to_owned(),
                status: status.to_string(),
                waited,
            });
        }
        tokio::time::sleep(poll_every).await;
    }
}

/// Each result: downloaded into `--out` (the path printed), or its URL printed.
async fn deliver(run: &Run, urls: &[String], session: &mut Session<'_>) -> Result<(), Failure> {
    let Some(dir) = &run.out else {
        for url in urls {
            writeln!(session.streams.stdout, "{url}").map_err(io)?;
        }
        return Ok(());
    };
    std::fs::create_dir_all(dir)
        .map_err(|error| Failure::Io(format!("--out {}: {error}", dir.display())))?;
    let http = reqwest::Client::builder()
        .user_agent(concat!("oxen-models/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|error| Failure::Io(format!("the HTTP client could not start: {error}")))?;
    for (index, url) in urls.iter().enumerate() {
        let path = dir.join(file_name(run.model.id, index, url));
        super::download::download(&http, url, &path).await?;
        writeln!(session.streams.stdout, "{}", path.display()).map_err(io)?;
    }
    Ok(())
}

/// `<model>-<index>.<extension of the URL's file>`, `.bin` when it has none.
fn file_name(model: &str, index: usize, url: &str) -> PathBuf {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let last = path.rsplit('/').next().unwrap_or_default();
    let extension = Path::new(last)
        .extension()
        .and_then(|e| e.to_str())
        .filter(|e| !e.is_empty() && e.len() <= 5 && e.chars().all(|c| c.is_ascii_alphanumeric()))
        .unwrap_or("bin")
        .to_ascii_lowercase();
    PathBuf::from(format!("{model}-{index}.{extension}"))
}

/// Every `url` of the response's `images`, `videos` and `audios`, in order.
fn result_urls(response: &Value) -> Vec<String> {
    ["images", "videos", "audios"]
        .iter()
        .filter_map(|key| response.get(key)?.as_array())
        .flatten()
        .filter_map(|item| item.get("url")?.as_str().map(str::to_owned))
        .collect()
}

/// A message's content as text: a string, or the text of its `text` parts.
fn content_text(content: &Value) -> String {
    match content {
        Value::String(text) => text.clone(),
        Value::Array(parts) => parts
            .iter()
            .filter_map(|part| part.get("text")?.as_str())
            .collect(),
        _ => String::new(),
    }
}

fn print_json(out: &mut dyn Write, value: &Value) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    writeln!(out, "{text}").map_err(io)
}

fn io(error: std::io::Error) -> Failure {
    Failure::Io(error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_named_after_the_model_the_index_and_the_urls_extension() {
        assert_eq!(
            file_name("flux-2-pro", 0, "https://cdn/x/0.PNG?sig=1"),
            PathBuf::from("flux-2-pro-0.png")
        );
        assert_eq!(
            file_name("m", 3, "https://cdn/result"),
            PathBuf::from("m-3.bin")
        );
        assert_eq!(
            file_name("m", 1, "https://cdn/a.b/c.mp4#t"),
            PathBuf::from("m-1.mp4")
        );
    }
}
