//! One HTTP client for the hub: bearer key, timeouts, body cap, and retries.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::{ACCEPT, LOCATION, RETRY_AFTER};
use reqwest::{StatusCode, Url, redirect};
use serde_json::Value;

use super::config::{ApiKey, FetchConfig};
use super::error::{FetchError, RequestError, RequestFailure};
use super::progress::Observer;
use super::retry::{Retrier, RetryPolicy, parse_retry_after};

/// Redirects are followed only within the hub's own origin, so the key never follows one
/// elsewhere; reqwest would drop it, but the fetch would then fail in a confusing way.
const MAX_REDIRECTS: usize = 5;

pub struct HubClient {
    http: reqwest::Client,
    api_key: Option<ApiKey>,
    retry: RetryPolicy,
    timeout: Duration,
    max_body_bytes: u64,
    observer: Arc<dyn Observer>,
}

impl fmt::Debug for HubClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HubClient")
            .field("api_key", &self.api_key)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("max_body_bytes", &self.max_body_bytes)
            .finish_non_exhaustive()
    }
}

/// What one attempt ended with, and how long the hub asked to wait before the next.
struct AttemptError {
    error: RequestError,
    retry_after: Option<Duration>,
}

impl From<RequestError> for AttemptError {
    fn from(error: RequestError) -> Self {
        Self {
            error,
            retry_after: None,
        }
    }
}

impl HubClient {
    pub fn new(config: &FetchConfig, observer: Arc<dyn Observer>) -> Result<Self, FetchError> {
        let mut builder = reqwest::Client::builder()
            .timeout(config.request_timeout)
            .connect_timeout(config.request_timeout.min(Duration::from_secs(10)))
            .user_agent(concat!("oxen-xtask-fetch/", env!("CARGO_PKG_VERSION")))
            .pool_max_idle_per_host(config.concurrency)
            .redirect(same_origin_redirects());
        if config.base_url.is_loopback() {
            // A proxy from the environment has no business relaying loopback traffic.
            builder = builder.no_proxy();
        }
        let http = builder
            .build()
            .map_err(|error| FetchError::Client(describe(&error)))?;
        Ok(Self {
            http,
            api_key: config.api_key.clone(),
            retry: config.retry,
            timeout: config.request_timeout,
            max_body_bytes: config.max_body_bytes,
            observer,
        })
    }

    /// GETs `url` as JSON, retrying what is worth retrying; `what` names it in progress messages.
    pub async fn get_json(&self, url: &Url, what: &str) -> Result<Value, RequestFailure> {
        let mut retrier = Retrier::new(self.retry);
        loop {
            let attempt = retrier.attempt();
            self.observer.request_sent();
            let AttemptError { error, retry_after } = match self.attempt(url).await {
                Ok(value) => return Ok(value),
                Err(failed) => failed,
            };
            if !error.is_retryable() {
                return Err(RequestFailure {
                    error,
                    attempts: attempt,
                    gave_up: None,
                });
            }
            match retrier.next_delay(retry_after) {
                Ok(delay) => {
                    self.observer.retrying(what, &error, attempt, delay);
                    tokio::time::sleep(delay).await;
                }
                Err(gave_up) => {
                    return Err(RequestFailure {
                        error,
                        attempts: retrier.attempts(),
                        gave_up: Some(gave_up),
                    });
                }
            }
        }
    }

    async fn attempt(&self, url: &Url) -> Result<Value, AttemptError> {
        let mut request = self
            .http
            .get(url.clone())
            .header(ACCEPT, "application/json");
        if let Some(key) = &self.api_key {
            // `bearer_auth` marks the header sensitive, so reqwest's own Debug hides it too.
            request = request.bearer_auth(key.expose());
        }
        let response = request
            .send()
            .await
            .map_err(|error| self.transport_error(&error))?;
        let status = response.status();
        if status.is_success() {
            let body = self.read_capped(response).await?;
            return serde_json::from_slice(&body).map_err(|error| {
                RequestError::InvalidJson {
                    detail: error.to_string(),
                }
                .into()
            });
        }
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|value: &reqwest::header::HeaderValue| value.to_str().ok())
        };
        let retry_after = header(RETRY_AFTER).and_then(|v| parse_retry_after(v, SystemTime::now()));
        let error = match status {
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
                RequestError::AuthRefused { status }
            }
            _ if status.is_redirection() => RequestError::Redirect {
                location: header(LOCATION)
                    .unwrap_or("(no Location header)")
                    .to_owned(),
            },
            _ => RequestError::Status { status },
        };
        Err(AttemptError { error, retry_after })
    }

    /// Reads the body, refusing to hold more than the cap whatever the server claims.
    async fn read_capped(&self, mut response: reqwest::Response) -> Result<Vec<u8>, AttemptError> {
        let limit = self.max_body_bytes;
        if response
            .content_length()
            .is_some_and(|length| length > limit)
        {
            return Err(RequestError::TooLarge { limit }.into());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|error| self.transport_error(&error))?
        {
            if (body.len() + chunk.len()) as u64 > limit {
                return Err(RequestError::TooLarge { limit }.into());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    fn transport_error(&self, error: &reqwest::Error) -> AttemptError {
        if error.is_timeout() {
            RequestError::Timeout {
                timeout: self.timeout,
            }
            .into()
        } else {
            RequestError::Connection {
                detail: describe(error),
            }
            .into()
        }
    }
}

fn same_origin_redirects() -> redirect::Policy {
    redirect::Policy::custom(|attempt| {
        let same_origin = attempt.previous().first().is_some_and(|first| {
            let next = attempt.url();
            first.scheme() == next.scheme()
                && first.host_str() == next.host_str()
                && first.port_or_known_default() == next.port_or_known_default()
        });
        if same_origin && attempt.previous().len() <= MAX_REDIRECTS {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// An error and its causes on one line, without the URL reqwest puts first.
fn describe(error: &reqwest::Error) -> String {
    let mut text = String::new();
    let mut source: Option<&dyn std::error::Error> = Some(error);
    while let Some(current) = source {
        let part = current.to_string();
        if !text.contains(&part) {
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&part);
        }
        source = current.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fetch::config::HubUrl;
    use crate::fetch::progress::Silent;

    #[test]
    fn the_client_debug_output_redacts_the_key() {
        let key = ApiKey::new("sk-top-secret-987".to_owned()).expect("key");
        let url = HubUrl::parse("https://hub.example").expect("url");
        let config = FetchConfig::new(url, Some(key)).expect("config");
        let client = HubClient::new(&config, Arc::new(Silent)).expect("client");
        let printed = format!("{client:?}");
        assert!(!printed.contains("top-secret"), "{printed}");
        assert!(printed.contains("<redacted>"), "{printed}");
    }
}
