//! [`ClientError`]: every way a call to the hub can fail, told apart by where it failed.

use std::time::Duration;

use crate::Violations;

/// How many bytes of a body an error keeps: enough to read the hub's message, not a whole page.
pub const BODY_SNIPPET_BYTES: usize = 1024;

/// A failed call to the hub. No variant holds the API key: texts that come from the network
/// (bodies, transport messages) have it replaced by `[redacted]` before they are kept.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClientError {
    /// The client is not usable as configured: no `OXEN_API_KEY`, or a base URL that is not
    /// `https://` (plain `http://` is only allowed to a loopback host, so the key never travels
    /// in clear text). Nothing was sent.
    #[error("client configuration: {0}")]
    Config(String),
    /// The request breaks its model's schema: every violation, by JSON pointer. Nothing was sent.
    #[error("{model}: request refused locally, nothing was sent:\n{violations}")]
    Refused {
        /// The model id.
        model: &'static str,
        /// Every broken constraint.
        violations: Violations,
    },
    /// The call does not apply to this model, e.g. streaming an image model. Nothing was sent.
    #[error("{model}: {what}; nothing was sent")]
    Unsupported {
        /// The model id.
        model: &'static str,
        /// What does not apply.
        what: &'static str,
    },
    /// The hub answered with an error status (after the retries a 429 or 5xx gets).
    #[error("{endpoint}: the hub answered HTTP {status} after {attempts} attempt(s): {body}")]
    Status {
        /// The path called, e.g. `/api/ai/images/edit`.
        endpoint: String,
        /// The HTTP status, e.g. 401.
        status: u16,
        /// The first [`BODY_SNIPPET_BYTES`] of the hub's error body.
        body: String,
        /// Attempts made, the first included.
        attempts: u32,
    },
    /// No complete answer within the client's timeout. Not retried: the hub may have started
    /// the (paid) work.
    #[error("{endpoint}: no answer within {timeout:?}")]
    Timeout {
        /// The path called.
        endpoint: String,
        /// The timeout of the client ([`Client::with_timeout`](crate::Client::with_timeout)).
        timeout: Duration,
    },
    /// The connection failed or broke (refused, reset, cut short). Not retried, as a timeout.
    #[error("{endpoint}: transport error: {message}")]
    Transport {
        /// The path called.
        endpoint: String,
        /// What went wrong, with its causes.
        message: String,
    },
    /// The hub answered, but not with the expected type: the status and the start of the body.
    #[error(
        "{endpoint}: the answer (HTTP {status}) is not a {expected}: {message}; it starts with {snippet:?}"
    )]
    Decode {
        /// The path called.
        endpoint: String,
        /// The HTTP status of the answer.
        status: u16,
        /// The Rust type expected, e.g. `ChatCompletionChunk`.
        expected: &'static str,
        /// The decoder's message (line and column for JSON).
        message: String,
        /// The first [`BODY_SNIPPET_BYTES`] of the body (for a stream: of the event's data).
        snippet: String,
    },
    /// A queued generation ended as `failed` or `cancelled`.
    #[error("generation {generation_id}: {status}: {message}")]
    GenerationFailed {
        /// The generation's id.
        generation_id: String,
        /// The final status, e.g. `failed`.
        status: String,
        /// The hub's `error_message`, or `no message`.
        message: String,
    },
    /// A queued generation was not done when the deadline of [`Client::wait`](crate::Client::wait)
    /// passed; it may still finish.
    #[error("generation {generation_id}: still {status} after {waited:?}")]
    Deadline {
        /// The generation's id.
        generation_id: String,
        /// Its last status, e.g. `processing`.
        status: String,
        /// How long the client waited.
        waited: Duration,
    },
}

/// The start of `bytes` as text, at most [`BODY_SNIPPET_BYTES`], cut on a character boundary.
pub(crate) fn snippet(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(BODY_SNIPPET_BYTES)]);
    text.trim_end_matches('\u{FFFD}').to_owned()
}
