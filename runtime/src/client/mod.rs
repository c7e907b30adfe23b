//! A typed client for the hub (cargo feature `client`): posts any generated request to its
//! model's endpoint and returns that endpoint's typed response.
//!
//! ```no_run
//! # async fn run() -> Result<(), oxen_models::ClientError> {
//! use oxen_models::{Client, Flux2ProRequest};
//!
//! let client = Client::from_env()?; // OXEN_API_KEY, and OXEN_BASE_URL if set
//! let images = client.send(&Flux2ProRequest::new("a lighthouse")).await?;
//! for image in images.images.unwrap_or_default() {
//!     println!("{}", image.url.unwrap_or_default());
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Every call checks the request against its schema first ([`Client::with_validation`]),
//! retries a 429 or 5xx answer with exponential backoff and jitter, waiting at least as long
//! as a `Retry-After` asks ([`RetryPolicy`]), and reports failures as one [`ClientError`].

mod dynamic;
mod error;
mod queue;
mod retry;
mod stream;

use std::fmt;
use std::time::Duration;

use reqwest::header::{ACCEPT, CONTENT_TYPE, RETRY_AFTER};
use serde::de::DeserializeOwned;

pub use dynamic::EndpointResponse;
pub use error::{BODY_SNIPPET_BYTES, ClientError};
pub use retry::RetryPolicy;
pub use stream::ChunkStream;

use crate::{Model, Request};

/// The hub used when neither [`Client::with_base_url`] nor `OXEN_BASE_URL` says otherwise.
pub const DEFAULT_BASE_URL: &str = "https://hub.oxen.ai";

/// The API key; prints as `[redacted]`.
#[derive(Clone)]
struct ApiKey(String);

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// A client of the hub's inference API. Cheap to clone (the connection pool is shared).
///
/// `Debug` shows the base URL and options, never the key.
#[derive(Clone, Debug)]
pub struct Client {
    http: Result<reqwest::Client, String>,
    api_key: ApiKey,
    base_url: String,
    timeout: Duration,
    retry: RetryPolicy,
    validate: bool,
    /// The schemas `GET /api/ai/models/<id>` gave for [`Client::send_json`], kept.
    hub_schemas: dynamic::HubSchemas,
}

impl Client {
    /// A client sending `api_key` as `Authorization: Bearer …` to [`DEFAULT_BASE_URL`], with a
    /// 300 s timeout per attempt, [`RetryPolicy::default`] and validation on.
    pub fn new(api_key: impl Into<String>) -> Self {
        let http = reqwest::Client::builder()
            .user_agent(concat!("oxen-models/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|error| error.to_string());
        Self {
            http,
            api_key: ApiKey(api_key.into()),
            base_url: DEFAULT_BASE_URL.to_owned(),
            timeout: Duration::from_secs(300),
            retry: RetryPolicy::default(),
            validate: true,
            hub_schemas: dynamic::HubSchemas::default(),
        }
    }

    /// A client from the environment: the key from `OXEN_API_KEY`, the hub from `OXEN_BASE_URL`
    /// (default [`DEFAULT_BASE_URL`]).
    ///
    /// # Errors
    /// [`ClientError::Config`] when `OXEN_API_KEY` is unset or empty.
    pub fn from_env() -> Result<Self, ClientError> {
        let key = std::env::var("OXEN_API_KEY").unwrap_or_default();
        if key.trim().is_empty() {
            return Err(ClientError::Config(
                "OXEN_API_KEY is not set: export an API key from your Oxen hub account settings"
                    .to_owned(),
            ));
        }
        let client = Self::new(key);
        Ok(match std::env::var("OXEN_BASE_URL") {
            Ok(url) if !url.trim().is_empty() => client.with_base_url(url),
            _ => client,
        })
    }

    /// Sends to the hub at `url` (e.g. `http://127.0.0.1:8080` for a local one); requests go to
    /// `<url>/api/ai/...`. Checked when a call is made: `https://`, or `http://` to a loopback
    /// host only, else [`ClientError::Config`].
    pub fn with_base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into().trim_end_matches('/').to_owned();
        self
    }

    /// How long the hub may take to start answering an attempt, and then again to send the
    /// whole body (a stream's events are not limited). Default 300 s.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How a 429 or 5xx answer is retried.
    pub fn with_retries(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Whether requests are checked against their schema before they are sent (default: on).
    /// Off, an invalid request goes to the hub, which answers with an error status.
    pub fn with_validation(mut self, validate: bool) -> Self {
        self.validate = validate;
        self
    }

    /// The hub's base URL, e.g. `https://hub.oxen.ai`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Posts `request` to its model's endpoint and decodes the answer, e.g. a
    /// [`ChatCompletionResponse`](crate::ChatCompletionResponse) for a chat model or an
    /// [`ImageGenerateResponse`](crate::ImageGenerateResponse) for an image model.
    ///
    /// # Errors
    /// [`ClientError::Refused`] (nothing sent) when validation is on and the request breaks
    /// its schema; [`ClientError::Config`] for an unusable base URL; [`ClientError::Status`]
    /// for an error status (429 and 5xx after retries); [`ClientError::Timeout`],
    /// [`ClientError::Transport`]; [`ClientError::Decode`] when the answer is not the
    /// response type.
    pub async fn send<R: Request>(
        &self,
        request: &R,
    ) -> Result<<R::Model as Model>::Response, ClientError> {
        let body = self.body_of(request)?;
        let endpoint = format!("/api/ai{}", R::Model::ENDPOINT.as_str());
        self.call(reqwest::Method::POST, &endpoint, Some(body))
            .await
    }

    /// The JSON body of `request`, checked first when validation is on.
    fn body_of<R: Request>(&self, request: &R) -> Result<serde_json::Value, ClientError> {
        if self.validate {
            crate::runtime::validate(request).map_err(|violations| ClientError::Refused {
                model: R::Model::ID,
                violations,
            })?;
        }
        serde_json::to_value(request).map_err(|error| ClientError::Unsupported {
            model: R::Model::ID,
            what: if error.is_data() {
                "the request does not serialize to JSON"
            } else {
                "the request does not serialize"
            },
        })
    }

    /// One call with retries, decoded as `T`.
    async fn call<T: DeserializeOwned>(
        &self,
        method: reqwest::Method,
        endpoint: &str,
        body: Option<serde_json::Value>,
    ) -> Result<T, ClientError> {
        let response = self
            .execute(method, endpoint, body.as_ref(), "application/json")
            .await?;
        let status = response.status().as_u16();
        let bytes = tokio::time::timeout(self.timeout, response.bytes())
            .await
            .map_err(|_| self.timeout_error(endpoint))?
            .map_err(|error| self.transport_error(endpoint, &error))?;
        serde_json::from_slice(&bytes).map_err(|error| ClientError::Decode {
            endpoint: endpoint.to_owned(),
            status,
            expected: short_type_name::<T>(),
            message: error.to_string(),
            snippet: self.redact(&error::snippet(&bytes)),
        })
    }

    /// Sends until the hub answers with a success, retrying 429 and 5xx as [`RetryPolicy`]
    /// allows; returns the answer with its body unread.
    async fn execute(
        &self,
        method: reqwest::Method,
        endpoint: &str,
        body: Option<&serde_json::Value>,
        accept: &str,
    ) -> Result<reqwest::Response, ClientError> {
        let url = self.url(endpoint)?;
        let http = self
            .http
            .as_ref()
            .map_err(|message| ClientError::Transport {
                endpoint: endpoint.to_owned(),
                message: format!("the HTTP client could not start: {message}"),
            })?;
        let mut retrier = retry::Retrier::new(self.retry);
        loop {
            let attempt = retrier.attempt();
            let mut builder = http
                .request(method.clone(), url.clone())
                .bearer_auth(&self.api_key.0)
                .header(ACCEPT, accept);
            if let Some(body) = body {
                builder = builder
                    .header(CONTENT_TYPE, "application/json")
                    .body(body.to_string());
            }
            let response = tokio::time::timeout(self.timeout, builder.send())
                .await
                .map_err(|_| self.timeout_error(endpoint))?
                .map_err(|error| self.transport_error(endpoint, &error))?;
            let status = response.status();
            if status.is_success() {
                return Ok(response);
            }
            let retry_after = response
                .headers()
                .get(RETRY_AFTER)
                .and_then(|value| value.to_str().ok())
                .and_then(|value| retry::parse_retry_after(value, std::time::SystemTime::now()));
            let retryable = status.as_u16() == 429 || status.is_server_error();
            let delay = if retryable {
                retrier.next_delay(retry_after)
            } else {
                None
            };
            let Some(delay) = delay else {
                let bytes = tokio::time::timeout(self.timeout, response.bytes())
                    .await
                    .ok()
                    .and_then(Result::ok)
                    .unwrap_or_default();
                let fields = error::ErrorFields::of(&bytes);
                let redacted = |text: Option<String>| text.map(|text| self.redact(&text).into());
                return Err(ClientError::Status {
                    endpoint: endpoint.to_owned(),
                    status: status.as_u16(),
                    code: redacted(fields.code),
                    message: redacted(fields.message),
                    param: redacted(fields.param),
                    body: self.redact(&error::snippet(&bytes)),
                    attempts: attempt,
                });
            };
            tokio::time::sleep(delay).await;
        }
    }

    /// `<base URL><endpoint>`, refusing a URL that would send the key in clear text.
    fn url(&self, endpoint: &str) -> Result<reqwest::Url, ClientError> {
        let config =
            |reason: String| ClientError::Config(format!("base URL {:?}: {reason}", self.base_url));
        let url = reqwest::Url::parse(&format!("{}{endpoint}", self.base_url))
            .map_err(|error| config(error.to_string()))?;
        let host = url.host_str().unwrap_or_default();
        let loopback = host == "localhost"
            || host
                .trim_matches(['[', ']'])
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        match url.scheme() {
            "https" => Ok(url),
            "http" if loopback => Ok(url),
            "http" => Err(config(
                "plain http:// is only allowed to a loopback host; use https://".to_owned(),
            )),
            other => Err(config(format!("the scheme {other:?} is not http(s)"))),
        }
    }

    fn timeout_error(&self, endpoint: &str) -> ClientError {
        ClientError::Timeout {
            endpoint: endpoint.to_owned(),
            timeout: self.timeout,
        }
    }

    fn transport_error(&self, endpoint: &str, error: &reqwest::Error) -> ClientError {
        let mut message = error.to_string();
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        ClientError::Transport {
            endpoint: endpoint.to_owned(),
            message: self.redact(&message),
        }
    }

    /// `text` with the API key, should the hub or a proxy echo it, replaced by `[redacted]`.
    fn redact(&self, text: &str) -> String {
        if self.api_key.0.is_empty() {
            text.to_owned()
        } else {
            text.replace(&self.api_key.0, "[redacted]")
        }
    }
}

/// `id` as one path segment: unreserved characters (RFC 3986) as they are, others
/// percent-encoded, so an id can never reach another path.
fn path_segment(id: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(id.len());
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// `ChatCompletionResponse` rather than `oxen_models::responses::chat_completion::ChatCompletionResponse`.
fn short_type_name<T>() -> &'static str {
    let full = std::any::type_name::<T>();
    let path = full.split('<').next().unwrap_or(full);
    path.rsplit("::").next().unwrap_or(path)
}
