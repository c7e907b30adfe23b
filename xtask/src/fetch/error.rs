//! What can go wrong in a fetch, with the model and the reason, and never the API key.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use oxen_codegen::catalog::CatalogError;
use oxen_codegen::catalog::InvalidModelId;
use oxen_codegen::hub::HubDataError;
use reqwest::StatusCode;

use super::config::{API_KEY_VAR, ApiKey, ConfigError, FetchConfig};
use super::retry::GaveUp;

/// One attempt's failure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    #[error("the hub answered HTTP {status}")]
    Status { status: StatusCode },
    #[error("the hub refused the API key (HTTP {status})")]
    AuthRefused { status: StatusCode },
    #[error("the hub did not answer within {} s", .timeout.as_secs_f64())]
    Timeout { timeout: Duration },
    #[error("the connection failed: {detail}")]
    Connection { detail: String },
    #[error("the response is larger than the limit of {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("the response is not valid JSON: {detail}")]
    InvalidJson { detail: String },
    #[error(
        "the hub redirected to {location}, outside its own address; pass that address as --base-url"
    )]
    Redirect { location: String },
}

impl RequestError {
    /// Failures worth another attempt: the network and an overloaded or failing server.
    pub fn is_retryable(&self) -> bool {
        match self {
            RequestError::Status { status } => {
                *status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error()
            }
            RequestError::Timeout { .. } | RequestError::Connection { .. } => true,
            RequestError::AuthRefused { .. }
            | RequestError::TooLarge { .. }
            | RequestError::InvalidJson { .. }
            | RequestError::Redirect { .. } => false,
        }
    }
}

/// A request that failed for good, after however many attempts it was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestFailure {
    pub error: RequestError,
    pub attempts: u32,
    pub gave_up: Option<GaveUp>,
}

impl fmt::Display for RequestFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.error)?;
        match self.gave_up {
            Some(GaveUp::Attempts) => write!(f, " (gave up after {} attempts)", self.attempts),
            Some(GaveUp::TimeBudget) => write!(
                f,
                " (gave up after {} attempts: the retry time budget is used up)",
                self.attempts
            ),
            None => Ok(()),
        }
    }
}

impl std::error::Error for RequestFailure {}

/// Why one model could not be fetched.
#[derive(Debug, thiserror::Error)]
pub enum ModelProblem {
    #[error("{0}")]
    Request(RequestFailure),
    #[error(transparent)]
    UnsafeId(InvalidModelId),
    #[error("the hub has no model with this id (HTTP 404){}", did_you_mean(.nearest))]
    NotOnHub {
        /// The listed ids nearest to it, nearest first (empty when the list was not asked for).
        nearest: Vec<String>,
    },
    #[error("the response is not a JSON object")]
    NotAnObject,
    #[error("the response is not a hub model object: {0}")]
    Shape(serde_json::Error),
    #[error("the hub answered with model \"{got}\" instead")]
    WrongId { got: String },
    #[error("{0}")]
    Data(HubDataError),
}

impl ModelProblem {
    /// Whether the message already names the model (codegen's errors do).
    pub fn names_model(&self) -> bool {
        matches!(self, ModelProblem::UnsafeId(_) | ModelProblem::Data(_))
    }
}

/// `; did you mean "a" or "b"?`, or nothing without candidates.
fn did_you_mean(nearest: &[String]) -> String {
    let quoted: Vec<String> = nearest.iter().map(|id| format!("{id:?}")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => format!("; did you mean {one}?"),
        [init @ .., last] => format!("; did you mean {} or {last}?", init.join(", ")),
    }
}

/// A model that failed, named as the hub named it (escaped, since it is untrusted).
#[derive(Debug)]
pub struct ModelFailure {
    pub model: String,
    pub problem: ModelProblem,
}

impl ModelFailure {
    pub fn new(raw_id: &str, problem: ModelProblem) -> Self {
        Self {
            model: raw_id.escape_debug().to_string(),
            problem,
        }
    }
}

/// Every model that failed in one run.
#[derive(Debug)]
pub struct ModelFailures(pub Vec<ModelFailure>);

impl fmt::Display for ModelFailures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} model(s) could not be fetched:", self.0.len())?;
        for failure in &self.0 {
            if failure.problem.names_model() {
                write!(f, "\n  - {}", failure.problem)?;
            } else {
                write!(f, "\n  - {}: {}", failure.model, failure.problem)?;
            }
        }
        Ok(())
    }
}

/// A fetch that produced nothing to write.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("cannot set up the HTTP client: {0}")]
    Client(String),
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
    #[error(
        "the hub refused the API key (HTTP {status}); check that OXEN_API_KEY holds a current key for this hub"
    )]
    AuthRefused { status: StatusCode },
    #[error(
        "the hub asks for an API key (HTTP {status}) and {API_KEY_VAR} is {}: run `export \
         {API_KEY_VAR}=<your key>` with a key from your Oxen hub account settings",
        if *empty { "empty" } else { "not set" }
    )]
    KeyRequired {
        status: StatusCode,
        /// The variable is set, to nothing.
        empty: bool,
    },
    #[error("listing the hub's models (GET {url}) failed: {failure}")]
    List {
        url: String,
        failure: RequestFailure,
    },
    #[error("the hub's model list is not of the expected shape: {0}")]
    ListShape(String),
    #[error("{0}")]
    Models(ModelFailures),
    #[error("the fetched models do not make a consistent catalog: {0}")]
    Catalog(HubDataError),
}

impl FetchError {
    /// HTTP 401/403: a wrong key, or none sent.
    pub(crate) fn auth_refused(status: StatusCode, config: &FetchConfig) -> Self {
        if config.api_key.is_some() {
            FetchError::AuthRefused { status }
        } else {
            FetchError::KeyRequired {
                status,
                empty: ApiKey::env_is_empty(),
            }
        }
    }
}

/// Reading the current `schemas/` or writing the new one.
#[derive(Debug, thiserror::Error)]
pub enum SchemasError {
    #[error("cannot read the current catalog: {0}")]
    Read(#[from] CatalogError),
    #[error("cannot write {}: {source}", dir.display())]
    Write {
        dir: PathBuf,
        source: std::io::Error,
    },
}
