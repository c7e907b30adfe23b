//! Models the build does not know: fine-tuned and deployed models, called by slugs such as
//! `oxen:my-model` (the deploy step of Oxen's fine-tuning docs), and models the hub added after
//! this crate was generated. [`Client::send_json`] posts a JSON body to any model id, checked
//! against the schema the hub itself returns for that id.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{Client, ClientError, path_segment};
use crate::Endpoint;
use crate::responses::{
    AudioGenerateResponse, ChatCompletionResponse, ImageGenerateResponse, VideoGenerateResponse,
};
use crate::validate::HubSchema;

/// A response type and the endpoints that answer with it (as the generated models' `Response`
/// types say).
pub trait EndpointResponse: DeserializeOwned {
    /// The endpoints whose answers decode into this type.
    const ENDPOINTS: &'static [Endpoint];
}

impl EndpointResponse for ChatCompletionResponse {
    const ENDPOINTS: &'static [Endpoint] =
        &[Endpoint::ChatCompletions, Endpoint::AudioTranscriptions];
}

impl EndpointResponse for ImageGenerateResponse {
    const ENDPOINTS: &'static [Endpoint] = &[Endpoint::ImagesGenerate, Endpoint::ImagesEdit];
}

impl EndpointResponse for VideoGenerateResponse {
    const ENDPOINTS: &'static [Endpoint] = &[Endpoint::VideosGenerate];
}

impl EndpointResponse for AudioGenerateResponse {
    const ENDPOINTS: &'static [Endpoint] = &[Endpoint::AudioSpeech, Endpoint::AudioGenerate];
}

/// The request schemas the hub gave this client, by model id (`None`: the hub has none).
/// Shared by the clones of a client; each model's schema is fetched once.
#[derive(Clone, Default)]
pub(super) struct HubSchemas(Arc<Mutex<HashMap<String, Arc<Option<HubSchema>>>>>);

impl fmt::Debug for HubSchemas {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.lock().map_or(0, |schemas| schemas.len());
        write!(f, "HubSchemas({count} fetched)")
    }
}

impl HubSchemas {
    fn get(&self, id: &str) -> Option<Arc<Option<HubSchema>>> {
        self.0.lock().ok()?.get(id).cloned()
    }

    fn insert(&self, id: &str, schema: Arc<Option<HubSchema>>) {
        if let Ok(mut schemas) = self.0.lock() {
            schemas.insert(id.to_owned(), schema);
        }
    }
}

impl Client {
    /// Posts `body`, a JSON object naming its model in `model` (any id: a deployed
    /// `oxen:…` slug, a model newer than this crate), to `endpoint`, and decodes the answer as
    /// `R`, the endpoint's response type (e.g. [`ImageGenerateResponse`] for
    /// [`Endpoint::ImagesGenerate`]).
    ///
    /// With validation on, the body is first checked against the schema the hub returns for
    /// the model (`json_request_schema` of `GET /api/ai/models/<id>`, fetched once per client
    /// and kept; its OpenAPI `nullable` and draft-4 bounds read as the generator reads them),
    /// with the same validator as [`validate_payload`](crate::validate_payload). A model whose
    /// schema is `null` (chat models, whose body is the chat body) is sent unchecked.
    ///
    /// # Errors
    /// [`ClientError::Config`] when `R` is not what `endpoint` answers with (nothing sent);
    /// [`ClientError::Invalid`] when the body has no `model` or breaks the model's schema
    /// (every violation; nothing sent to the endpoint); [`ClientError::HubSchema`] when the
    /// hub's schema cannot be used; the errors of [`Client::send`], also for the model lookup
    /// (a 404 with code `resource_not_found` for an id the hub does not have).
    pub async fn send_json<R: EndpointResponse>(
        &self,
        endpoint: Endpoint,
        body: &Value,
    ) -> Result<R, ClientError> {
        if !R::ENDPOINTS.contains(&endpoint) {
            return Err(ClientError::Config(format!(
                "{} does not answer with {}; it answers {}",
                endpoint.as_str(),
                super::short_type_name::<R>(),
                answer_type_of(endpoint),
            )));
        }
        let model = match body.get("model") {
            Some(Value::String(model)) => model.clone(),
            _ => {
                let violations = crate::validate::model_of(body)
                    .err()
                    .map(|error| error.violations().to_vec())
                    .unwrap_or_default();
                return Err(ClientError::Invalid {
                    model: String::new(),
                    violations,
                });
            }
        };
        if self.validate
            && let Some(schema) = self.hub_schema(&model).await?.as_ref()
        {
            schema
                .validate(body)
                .map_err(|violations| ClientError::Invalid {
                    model: model.clone(),
                    violations,
                })?;
        }
        let path = format!("/api/ai{}", endpoint.as_str());
        self.call(reqwest::Method::POST, &path, Some(body.clone()))
            .await
    }

    /// The request schema the hub has for `model`, fetched on first use.
    async fn hub_schema(&self, model: &str) -> Result<Arc<Option<HubSchema>>, ClientError> {
        if let Some(known) = self.hub_schemas.get(model) {
            return Ok(known);
        }
        let path = format!("/api/ai/models/{}", path_segment(model));
        let info: Value = self.call(reqwest::Method::GET, &path, None).await?;
        let schema =
            match info.get("json_request_schema") {
                None | Some(Value::Null) => None,
                Some(schema) => Some(HubSchema::new(model, schema).map_err(|message| {
                    ClientError::HubSchema {
                        model: model.to_owned(),
                        message,
                    }
                })?),
            };
        let schema = Arc::new(schema);
        self.hub_schemas.insert(model, schema.clone());
        Ok(schema)
    }
}

/// The response type `endpoint` answers with, by name.
fn answer_type_of(endpoint: Endpoint) -> &'static str {
    let fits = |endpoints: &[Endpoint]| endpoints.contains(&endpoint);
    if fits(ChatCompletionResponse::ENDPOINTS) {
        "ChatCompletionResponse"
    } else if fits(ImageGenerateResponse::ENDPOINTS) {
        "ImageGenerateResponse"
    } else if fits(VideoGenerateResponse::ENDPOINTS) {
        "VideoGenerateResponse"
    } else {
        "AudioGenerateResponse"
    }
}
