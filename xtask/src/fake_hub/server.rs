//! The fake hub's HTTP side: routes, the bearer check, latency and injected faults.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full};
use hyper::body::{Body, Bytes, Frame, Incoming};
use hyper::header::{
    AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, HeaderValue, LOCATION, RETRY_AFTER,
};
use hyper::http::request::Parts;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use percent_encoding::percent_decode_str;
use serde_json::{Value, json};
use tokio::net::TcpListener;

use super::faults::{FaultKind, FaultPlan, Target};
use super::inference::{self, Answer, Queue};
use super::snapshot::Snapshot;

type ResponseBody = BoxBody<Bytes, io::Error>;

/// How the fake hub behaves, besides its faults.
pub struct HubSettings {
    pub api_key: Option<String>,
    pub latency: Duration,
    /// Serve the list in pages of this size (`page_num`/`page_size`), else all at once.
    pub page_size: Option<usize>,
    pub paging_quirk: PagingQuirk,
    pub retry_after_secs: u64,
    pub slow: Duration,
    pub oversized_bytes: usize,
    pub log_requests: bool,
    /// Polls a queued generation stays unfinished for.
    pub queue_polls: u32,
    /// The fake hub's own origin (`http://127.0.0.1:PORT`) when it serves the result files
    /// its answers point at, below [`inference::RESULTS_PATH`].
    pub results_origin: Option<String>,
}

/// How a paged list departs from the plain one (`total_pages` and `total_entries` given).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum PagingQuirk {
    /// Totals given, and every page as asked.
    #[default]
    None,
    /// No totals: the end shows as an empty page.
    NoTotal,
    /// No totals, and a page past the end repeats the last one.
    Clamp,
    /// Every page is the first one; `total_entries` still tells the truth.
    IgnorePageNum,
}

/// Another host (loopback all the same, and nothing listens on port 1).
const REDIRECT_AWAY: &str = "http://127.0.0.2:1/elsewhere";

/// Where tests read what the hub saw; not part of the hub's API, never delayed or faulted.
pub const STATS_PATH: &str = "/_fake_hub/stats";

pub struct FakeHub {
    snapshot: Snapshot,
    settings: HubSettings,
    faults: FaultPlan,
    queue: Queue,
    requests: AtomicUsize,
    /// POSTs to an inference endpoint or the queue.
    inference_requests: AtomicUsize,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
}

impl FakeHub {
    pub fn new(snapshot: Snapshot, settings: HubSettings, faults: FaultPlan) -> Self {
        Self {
            queue: Queue::new(settings.queue_polls, settings.results_origin.as_deref()),
            snapshot,
            settings,
            faults,
            requests: AtomicUsize::new(0),
            inference_requests: AtomicUsize::new(0),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
        }
    }

    /// Serves connections until the process ends.
    pub async fn serve(self: Arc<Self>, listener: TcpListener) -> io::Result<()> {
        loop {
            let (stream, _) = listener.accept().await?;
            let hub = self.clone();
            tokio::spawn(async move {
                let service = service_fn(move |request| {
                    let hub = hub.clone();
                    async move { Ok::<_, Infallible>(hub.respond(request).await) }
                });
                // A client that drops the connection, or a truncated body, ends it; no matter.
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    }

    async fn respond(&self, request: Request<Incoming>) -> Response<ResponseBody> {
        if request.uri().path() == STATS_PATH {
            return json_response(Bytes::from(self.stats().to_string()));
        }
        if let Some(file) = self.result_file(request.uri().path()) {
            return file;
        }
        self.requests.fetch_add(1, Ordering::SeqCst);
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.max_in_flight.fetch_max(now, Ordering::SeqCst);
        tokio::time::sleep(self.settings.latency).await;
        let (parts, body) = request.into_parts();
        let (response, note) = match body.collect().await {
            Ok(body) => self.route(&parts, &body.to_bytes()).await,
            Err(_) => (
                error(StatusCode::BAD_REQUEST, "the body could not be read"),
                "",
            ),
        };
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        if self.settings.log_requests {
            let path = parts.uri.path();
            eprintln!("{} {path} -> {}{note}", parts.method, response.status());
        }
        response
    }

    /// A result file its answers point at, when it serves them; not counted as a request.
    fn result_file(&self, path: &str) -> Option<Response<ResponseBody>> {
        self.settings.results_origin.as_ref()?;
        let file = path
            .strip_prefix(inference::RESULTS_PATH)?
            .strip_prefix('/')?;
        let mut response = Response::new(
            Full::new(Bytes::from(inference::result_file(file)))
                .map_err(|never| match never {})
                .boxed(),
        );
        response.headers_mut().insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/octet-stream"),
        );
        Some(response)
    }

    /// Requests served so far and the most that were in progress at once.
    fn stats(&self) -> Value {
        json!({
            "requests": self.requests.load(Ordering::SeqCst),
            "inference_requests": self.inference_requests.load(Ordering::SeqCst),
            "max_in_flight": self.max_in_flight.load(Ordering::SeqCst),
        })
    }

    async fn route(&self, request: &Parts, body: &Bytes) -> (Response<ResponseBody>, &'static str) {
        if !self.authorized(request) {
            // Echoes what it got, as sloppy servers do: clients must not print it.
            let message = format!("invalid API key: {}", bearer(request).unwrap_or("none"));
            return (error(StatusCode::UNAUTHORIZED, &message), "");
        }
        let (target, answer) = match self.answer(request, body) {
            Ok(served) => served,
            Err((status, message)) => return (error(status, &message), ""),
        };
        let Some(fault) = self.faults.strike(&target) else {
            return (served(answer), "");
        };
        let body = match answer {
            Answer::Events(events) => {
                return (
                    faulty_events(fault, events, &self.settings).await,
                    " (injected)",
                );
            }
            Answer::Json(value) => Bytes::from(value.to_string()),
        };
        let response = match fault {
            FaultKind::ServerError => error(StatusCode::INTERNAL_SERVER_ERROR, "injected fault"),
            FaultKind::RateLimited => rate_limited(&self.settings),
            FaultKind::Slow => {
                tokio::time::sleep(self.settings.slow).await;
                json_response(body)
            }
            FaultKind::Malformed => {
                let text = String::from_utf8_lossy(&body).into_owned();
                let cut: String = text.chars().take(text.chars().count() / 2).collect();
                json_response(Bytes::from(format!("{cut} <html>oops")))
            }
            FaultKind::Truncated => truncated(body),
            FaultKind::Oversized => oversized(self.settings.oversized_bytes),
            FaultKind::RedirectAway => {
                let mut response = error(StatusCode::FOUND, "moved");
                response
                    .headers_mut()
                    .insert(LOCATION, HeaderValue::from_static(REDIRECT_AWAY));
                response
            }
            FaultKind::InvalidSchema => {
                let mut value: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                value["json_request_schema"] = json!({"type": 12, "properties": []});
                json_response(Bytes::from(value.to_string()))
            }
        };
        (response, " (injected)")
    }

    /// What `request` is about (for faults) and its answer when nothing goes wrong.
    fn answer(
        &self,
        request: &Parts,
        body: &Bytes,
    ) -> Result<(Target, Answer), inference::Refusal> {
        let not_found = |what: &str| (StatusCode::NOT_FOUND, what.to_owned());
        let path = request.uri.path();
        let Some(api) = path.strip_prefix("/api/ai") else {
            return Err(not_found("no such route"));
        };
        match request.method {
            Method::GET => {
                if let Some(raw) = api.strip_prefix(&format!("{}/", inference::QUEUE)) {
                    let id = percent_decode_str(raw).decode_utf8_lossy().into_owned();
                    let model = self.queue.model_of(&id).unwrap_or_default();
                    let answer = self
                        .queue
                        .poll(&id)
                        .ok_or_else(|| not_found("generation not found"))?;
                    return Ok((Target::Model(model), Answer::Json(answer)));
                }
                let target = if api == "/models" {
                    Target::List
                } else if let Some(raw) = api.strip_prefix("/models/") {
                    Target::Model(percent_decode_str(raw).decode_utf8_lossy().into_owned())
                } else {
                    return Err(not_found("no such route"));
                };
                let answer = self
                    .body_of(&target, request.uri.query())
                    .ok_or_else(|| not_found("model not found"))?;
                Ok((target, Answer::Json(answer)))
            }
            Method::POST if inference::is_inference_post(api) => {
                self.inference_requests.fetch_add(1, Ordering::SeqCst);
                let sent: Value = serde_json::from_slice(body).map_err(|error| {
                    (
                        StatusCode::BAD_REQUEST,
                        format!("the body is not JSON: {error}"),
                    )
                })?;
                let (model, endpoint) = inference::model_of_request(&self.snapshot, api, &sent)?;
                let answer = inference::answer(&self.queue, api, &model, &endpoint, &sent);
                Ok((Target::Model(model), answer))
            }
            _ => Err((
                StatusCode::METHOD_NOT_ALLOWED,
                "GET for models and the queue, POST for inference".to_owned(),
            )),
        }
    }

    fn authorized(&self, request: &Parts) -> bool {
        match &self.settings.api_key {
            None => true,
            Some(key) => bearer(request) == Some(key.as_str()),
        }
    }

    /// The JSON body a request for `target` gets when nothing goes wrong.
    fn body_of(&self, target: &Target, query: Option<&str>) -> Option<Value> {
        match target {
            Target::List => Some(self.list(query)),
            Target::Model(id) => self.snapshot.models.get(id).cloned(),
            Target::Every => None,
        }
    }

    fn list(&self, query: Option<&str>) -> Value {
        let listed = &self.snapshot.listed;
        let Some(default_size) = self.settings.page_size else {
            return json!({"object": "list", "data": listed});
        };
        let param = |name: &str| {
            query?
                .split('&')
                .filter_map(|pair| pair.split_once('='))
                .find(|(key, _)| *key == name)
                .and_then(|(_, value)| value.parse::<usize>().ok())
        };
        let size = param("page_size").unwrap_or(default_size).max(1);
        let pages = listed.len().div_ceil(size);
        let asked = param("page_num").unwrap_or(1).max(1);
        let number = match self.settings.paging_quirk {
            PagingQuirk::Clamp => asked.min(pages),
            PagingQuirk::IgnorePageNum => 1,
            PagingQuirk::None | PagingQuirk::NoTotal => asked,
        };
        let page: Vec<&Value> = listed.iter().skip((number - 1) * size).take(size).collect();
        let mut body = json!({
            "object": "list",
            "data": page,
            "page_num": asked,
            "page_size": size,
        });
        match self.settings.paging_quirk {
            PagingQuirk::None => {
                body["total_pages"] = json!(pages);
                body["total_entries"] = json!(listed.len());
            }
            PagingQuirk::IgnorePageNum => body["total_entries"] = json!(listed.len()),
            PagingQuirk::NoTotal | PagingQuirk::Clamp => {}
        }
        body
    }
}

/// The key of `Authorization: Bearer KEY`.
fn bearer(request: &Parts) -> Option<&str> {
    request
        .headers
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
}

fn served(answer: Answer) -> Response<ResponseBody> {
    match answer {
        Answer::Json(value) => json_response(Bytes::from(value.to_string())),
        Answer::Events(events) => event_stream(events, false),
    }
}

/// `events` as server-sent events (`data: ...` and a blank line each); with `then_fail`, the
/// connection drops after them.
fn event_stream(events: Vec<String>, then_fail: bool) -> Response<ResponseBody> {
    let queue = events
        .into_iter()
        .map(|data| Bytes::from(format!("data: {data}\n\n")))
        .collect();
    let pause = then_fail.then(|| Box::pin(tokio::time::sleep(Duration::from_millis(50))));
    let mut response = Response::new(BodyExt::boxed(Chunks {
        queue,
        then_fail,
        pause,
    }));
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    response
}

/// A fault on a stream: `truncated` sends the first half of the events and drops the
/// connection, `malformed` puts an event that is not JSON second; the others answer as for
/// any request.
async fn faulty_events(
    fault: FaultKind,
    mut events: Vec<String>,
    settings: &HubSettings,
) -> Response<ResponseBody> {
    match fault {
        FaultKind::Truncated => {
            events.truncate(events.len() / 2);
            event_stream(events, true)
        }
        FaultKind::Malformed => {
            events.insert(1, "{\"choices\": [oops".to_owned());
            event_stream(events, false)
        }
        FaultKind::Slow => {
            tokio::time::sleep(settings.slow).await;
            event_stream(events, false)
        }
        FaultKind::ServerError => error(StatusCode::INTERNAL_SERVER_ERROR, "injected fault"),
        FaultKind::RateLimited => rate_limited(settings),
        _ => event_stream(events, false),
    }
}

fn rate_limited(settings: &HubSettings) -> Response<ResponseBody> {
    let mut response = error(StatusCode::TOO_MANY_REQUESTS, "slow down");
    response.headers_mut().insert(
        RETRY_AFTER,
        settings
            .retry_after_secs
            .to_string()
            .parse()
            .unwrap_or_else(|_| HeaderValue::from_static("1")),
    );
    response
}

fn json_response(body: Bytes) -> Response<ResponseBody> {
    let mut response = Response::new(Full::new(body).map_err(|never| match never {}).boxed());
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// An error in one of the two forms the hub documents (Oxen-AI/docs
/// `inference-api/overview.mdx`, "Error Format"): a typed one for a refused request (400
/// `invalid_params`, 401 `unauthenticated`, 404 `resource_not_found`, `message` as its
/// `detail`), `{"error": {"message": ...}}` for anything else.
fn error(status: StatusCode, message: &str) -> Response<ResponseBody> {
    let typed = match status {
        StatusCode::BAD_REQUEST => Some((
            "invalid_params",
            "Invalid parameters supplied, please check your request and try again.",
        )),
        StatusCode::UNAUTHORIZED => Some(("unauthenticated", "You are not authenticated.")),
        StatusCode::NOT_FOUND => Some(("resource_not_found", "The resource was not found.")),
        _ => None,
    };
    let body = match typed {
        Some((kind, title)) => json!({
            "error": {"type": kind, "title": title, "detail": message},
            "status": "error",
            "status_message": kind,
        }),
        None => json!({"error": {"message": message}}),
    };
    let mut response = json_response(Bytes::from(body.to_string()));
    *response.status_mut() = status;
    response
}

/// Announces the whole length, sends half, then fails, which makes hyper drop the connection.
fn truncated(body: Bytes) -> Response<ResponseBody> {
    let length = body.len();
    let half = body.slice(..length / 2);
    let mut response = Response::new(BodyExt::boxed(Chunks {
        queue: VecDeque::from([half]),
        then_fail: true,
        pause: None,
    }));
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(CONTENT_LENGTH, length.into());
    response
}

/// `bytes` of padding in 64 KiB chunks, with no `Content-Length`, so only counting catches it.
fn oversized(bytes: usize) -> Response<ResponseBody> {
    const CHUNK: usize = 64 * 1024;
    let chunk = Bytes::from(vec![b' '; CHUNK]);
    let mut queue: VecDeque<Bytes> = std::iter::repeat_n(chunk.clone(), bytes / CHUNK).collect();
    queue.push_back(chunk.slice(..bytes % CHUNK));
    let mut response = Response::new(BodyExt::boxed(Chunks {
        queue,
        then_fail: false,
        pause: None,
    }));
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// A body sent chunk by chunk, optionally failing after the last one (after `pause`, if any,
/// so that what came before reaches the client first).
struct Chunks {
    queue: VecDeque<Bytes>,
    then_fail: bool,
    pause: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl Body for Chunks {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        context: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        if self.queue.is_empty()
            && let Some(pause) = &mut self.pause
        {
            std::task::ready!(pause.as_mut().poll(context));
            self.pause = None;
        }
        Poll::Ready(match self.queue.pop_front() {
            Some(chunk) => Some(Ok(Frame::data(chunk))),
            None if self.then_fail => Some(Err(io::Error::other("body cut short on purpose"))),
            None => None,
        })
    }
}
