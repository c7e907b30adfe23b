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
    /// A JSON body for [`Client::send_json`](crate::Client::send_json) names no model, or
    /// breaks the schema the hub gave for its model: every violation, by JSON pointer. Nothing
    /// was sent to the inference endpoint.
    #[error(
        "{}: request refused locally, nothing was sent:\n{}",
        if model.is_empty() { "a body without a model" } else { model },
        listed(violations)
    )]
    Invalid {
        /// The model id the body names (empty when it names none).
        model: String,
        /// Every broken constraint.
        violations: Vec<crate::PayloadViolation>,
    },
    /// The schema the hub gave for a model is not one the validator can use. Nothing was sent
    /// to the inference endpoint; [`Client::with_validation`](crate::Client::with_validation)
    /// `(false)` sends unchecked.
    #[error("{model}: the hub's request schema cannot be used: {message}")]
    HubSchema {
        /// The model id.
        model: String,
        /// The validator's message.
        message: String,
    },
    /// The call does not apply to this model, e.g. streaming an image model. Nothing was sent.
    #[error("{model}: {what}; nothing was sent")]
    Unsupported {
        /// The model id.
        model: &'static str,
        /// What does not apply.
        what: &'static str,
    },
    /// The hub answered with an error status (after the retries a 429 or 5xx gets). The
    /// error bodies the hub documents (Oxen-AI/docs `inference-api/overview.mdx`, "Error
    /// Format") are read into `code`, `message` and `param`; `body` keeps the start of the
    /// body as it came.
    #[error(
        "{endpoint}: the hub answered HTTP {status} after {attempts} attempt(s): {}",
        described(code.as_deref(), message.as_deref(), param.as_deref(), body)
    )]
    Status {
        /// The path called, e.g. `/api/ai/images/edit`.
        endpoint: String,
        /// The HTTP status, e.g. 401.
        status: u16,
        /// The hub's error type, e.g. `invalid_params`, `unauthenticated`,
        /// `resource_not_found` (`error.type`, else `status_message`, else an
        /// OpenAI-style `error.code`).
        code: Option<Box<str>>,
        /// What went wrong in the hub's words: `error.detail`, else `error.message`, else
        /// `error.title`.
        message: Option<Box<str>>,
        /// The request parameter at fault, when the hub names one (`error.param`, as
        /// OpenAI-compatible servers send it).
        param: Option<Box<str>>,
        /// The first [`BODY_SNIPPET_BYTES`] of the hub's error body, as it came.
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

/// The fields of a documented error body: `{"error": {"type", "title", "detail"}, "status":
/// "error", "status_message"}` or `{"error": {"message"}}` (Oxen-AI/docs
/// `inference-api/overview.mdx`, "Error Format"), and `error.param`/`error.code` of
/// OpenAI-compatible answers. `None` for each field a body (or a body that is not JSON) lacks.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct ErrorFields {
    pub code: Option<String>,
    pub message: Option<String>,
    pub param: Option<String>,
}

impl ErrorFields {
    pub(crate) fn of(bytes: &[u8]) -> Self {
        let Ok(body) = serde_json::from_slice::<serde_json::Value>(bytes) else {
            return Self::default();
        };
        let error = body.get("error");
        let text = |value: Option<&serde_json::Value>| {
            value
                .and_then(serde_json::Value::as_str)
                .filter(|text| !text.is_empty())
                .map(str::to_owned)
        };
        let in_error = |key: &str| text(error.and_then(|error| error.get(key)));
        Self {
            code: in_error("type")
                .or_else(|| text(body.get("status_message")))
                .or_else(|| in_error("code")),
            message: in_error("detail")
                .or_else(|| in_error("message"))
                .or_else(|| in_error("title")),
            param: in_error("param"),
        }
    }
}

/// One violation a line.
fn listed(violations: &[crate::PayloadViolation]) -> String {
    let lines: Vec<String> = violations.iter().map(ToString::to_string).collect();
    lines.join("\n")
}

/// `code: message (parameter param)` from what the body says, else the body itself.
fn described(code: Option<&str>, message: Option<&str>, param: Option<&str>, body: &str) -> String {
    let Some(message) = message else {
        return body.to_owned();
    };
    let mut out = match code {
        Some(code) => format!("{code}: {message}"),
        None => message.to_owned(),
    };
    if let Some(param) = param {
        out += &format!(" (parameter {param:?})");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::ErrorFields;

    #[test]
    fn the_documented_error_body_with_a_type_gives_its_code_and_detail() {
        let body = br#"{"error": {"type": "invalid_params", "title": "Invalid parameters supplied, please check your request and try again.", "detail": "Specific error details"}, "status": "error", "status_message": "invalid_params"}"#;
        assert_eq!(
            ErrorFields::of(body),
            ErrorFields {
                code: Some("invalid_params".to_owned()),
                message: Some("Specific error details".to_owned()),
                param: None,
            }
        );
    }

    #[test]
    fn the_documented_error_body_with_a_message_gives_the_message() {
        let body = br#"{"error": {"message": "Model not found: bad-model-name"}}"#;
        assert_eq!(
            ErrorFields::of(body),
            ErrorFields {
                code: None,
                message: Some("Model not found: bad-model-name".to_owned()),
                param: None,
            }
        );
    }

    #[test]
    fn an_openai_style_error_body_gives_its_code_and_param() {
        let body =
            br#"{"error": {"message": "bad", "code": "invalid_value", "param": "messages"}}"#;
        let fields = ErrorFields::of(body);
        assert_eq!(fields.code.as_deref(), Some("invalid_value"));
        assert_eq!(fields.param.as_deref(), Some("messages"));
    }

    #[test]
    fn a_body_that_is_not_json_gives_no_fields() {
        assert_eq!(ErrorFields::of(b"<html>oops"), ErrorFields::default());
    }
}
