//! The hub's model objects (`GET /api/ai/models/<id>`) and how they become a [`SchemaSet`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::catalog::{
    Capabilities, CatalogEntry, Endpoint, EndpointBody, InvalidModelId, LeftOutEntry, ModelId,
    ResponseBody, SchemaSet, SchemaSource,
};

/// Hub model objects that cannot become a catalog entry.
#[derive(Debug, thiserror::Error)]
pub enum HubDataError {
    #[error(transparent)]
    InvalidId(#[from] InvalidModelId),
    #[error("model \"{model}\": the hub sent no `{field}`")]
    MissingField { model: ModelId, field: &'static str },
    #[error("model \"{model}\": its schema is null and there is no endpoints/{}.json body to use instead", body.as_str())]
    MissingEndpointBody { model: ModelId, body: EndpointBody },
    #[error("model \"{model}\" is listed twice")]
    DuplicateModel { model: ModelId },
    #[error("the OpenAPI description has no components.schemas.{component}")]
    MissingOpenApiComponent { component: &'static str },
}

/// The fields of a hub model object that the catalog keeps; others are ignored.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct HubModel {
    pub id: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub endpoint: Option<String>,
    #[serde(default)]
    pub capabilities: Option<Capabilities>,
    /// The hub's docs name this field both ways; the OpenAPI `Model` says `request_schema`.
    #[serde(default, alias = "request_schema")]
    pub json_request_schema: Option<Value>,
}

/// `GET /api/ai/models`.
#[derive(Debug, Clone, Deserialize)]
pub struct HubModelList {
    pub data: Vec<HubModel>,
}

/// Why a model the hub answered with cannot be used; the catalog keeps it left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unusable {
    /// A JSON Pointer into the model object (`/endpoint`, `/json_request_schema/...`).
    pub pointer: String,
    pub keyword: String,
    pub reason: String,
}

/// Builds the catalog from hub model objects and the endpoint bodies of the OpenAPI description.
///
/// Every model with a null schema must have its endpoint's body in `endpoint_bodies`. A model
/// that cannot be used (an endpoint the catalog does not know, a `json_request_schema` that is
/// not an object, or one `check_schema` refuses) goes into [`Catalog::left_out`]
/// (crate::catalog::Catalog::left_out), its model object into `left-out/<id>.json`.
pub fn schema_set_from_hub(
    models: Vec<HubModel>,
    endpoint_bodies: &BTreeMap<EndpointBody, Value>,
    check_schema: &dyn Fn(&ModelId, &Value) -> Result<(), Unusable>,
) -> Result<SchemaSet, HubDataError> {
    let mut set = SchemaSet::default();
    // Every body is kept, used or not, so a model that later loses its own schema still has one.
    for (body, schema) in endpoint_bodies {
        set.schemas
            .insert(SchemaSource::Endpoint(*body), schema.clone());
    }
    for model in models {
        let id = ModelId::parse(&model.id)?;
        let endpoint_text = model
            .endpoint
            .clone()
            .ok_or_else(|| HubDataError::MissingField {
                model: id.clone(),
                field: "endpoint",
            })?;
        let known: Vec<&str> = Endpoint::ALL.iter().map(|e| e.as_str()).collect();
        let usable = match (Endpoint::parse(&endpoint_text), &model.json_request_schema) {
            (None, _) => Err(Unusable {
                pointer: "/endpoint".to_owned(),
                keyword: "endpoint".to_owned(),
                reason: format!(
                    "unknown endpoint \"{}\" (known: {})",
                    endpoint_text.escape_debug(),
                    known.join(", ")
                ),
            }),
            (Some(endpoint), Some(schema @ Value::Object(_))) => {
                check_schema(&id, schema).map(|()| endpoint)
            }
            (Some(endpoint), Some(Value::Null) | None) => Ok(endpoint),
            (Some(_), Some(_)) => Err(Unusable {
                pointer: "/json_request_schema".to_owned(),
                keyword: "type".to_owned(),
                reason: "json_request_schema is neither an object nor null".to_owned(),
            }),
        };
        let endpoint = match usable {
            Ok(endpoint) => endpoint,
            Err(unusable) => {
                let file = SchemaSource::LeftOut(id.clone());
                let object = serde_json::to_value(&model).unwrap_or(Value::Null);
                set.schemas.insert(file.clone(), object);
                set.catalog.left_out.push(LeftOutEntry {
                    id,
                    endpoint: endpoint_text,
                    file,
                    pointer: unusable.pointer,
                    keyword: unusable.keyword,
                    reason: unusable.reason,
                });
                continue;
            }
        };
        let (schema, source) = match model.json_request_schema {
            Some(schema @ Value::Object(_)) => (Some(schema), SchemaSource::Model(id.clone())),
            _ => {
                let body = endpoint.default_body();
                if !endpoint_bodies.contains_key(&body) {
                    return Err(HubDataError::MissingEndpointBody { model: id, body });
                }
                (None, SchemaSource::Endpoint(body))
            }
        };
        if let Some(schema) = schema {
            set.schemas.insert(source.clone(), schema);
        }
        set.catalog.models.push(CatalogEntry {
            display_name: model.display_name.unwrap_or_else(|| id.to_string()),
            summary: model.summary,
            description: model.description,
            endpoint,
            capabilities: model.capabilities.unwrap_or_default(),
            schema: source,
            id,
        });
    }
    set.catalog.models.sort_by(|a, b| a.id.cmp(&b.id));
    set.catalog.left_out.sort_by(|a, b| a.id.cmp(&b.id));
    let mut ids: Vec<&ModelId> = (set.catalog.models.iter().map(|m| &m.id))
        .chain(set.catalog.left_out.iter().map(|m| &m.id))
        .collect();
    ids.sort();
    if let Some(pair) = ids.windows(2).find(|p| p[0] == p[1]) {
        return Err(HubDataError::DuplicateModel {
            model: pair[0].clone(),
        });
    }
    Ok(set)
}

/// Extracts every endpoint body from the hub's OpenAPI description.
pub fn endpoint_bodies_from_openapi(
    openapi: &Value,
) -> Result<BTreeMap<EndpointBody, Value>, HubDataError> {
    EndpointBody::ALL
        .iter()
        .map(|&body| {
            let component = body.openapi_component();
            openapi
                .pointer(&format!("/components/schemas/{component}"))
                .filter(|schema| schema.is_object())
                .map(|schema| (body, schema.clone()))
                .ok_or(HubDataError::MissingOpenApiComponent { component })
        })
        .collect()
}

/// Extracts every response body from the hub's OpenAPI description, and derives the stream
/// chunk, which it does not describe, from the chat completion ([`chat_completion_chunk`]).
pub fn response_bodies_from_openapi(
    openapi: &Value,
) -> Result<BTreeMap<ResponseBody, Value>, HubDataError> {
    let component = |body: ResponseBody| {
        let component = body.openapi_component();
        openapi
            .pointer(&format!("/components/schemas/{component}"))
            .filter(|schema| schema.is_object())
            .cloned()
            .ok_or(HubDataError::MissingOpenApiComponent { component })
    };
    let mut bodies = BTreeMap::new();
    for &body in ResponseBody::ALL {
        let schema = match body {
            ResponseBody::ChatCompletionChunk => {
                chat_completion_chunk(&component(ResponseBody::ChatCompletion)?)
            }
            other => component(other)?,
        };
        bodies.insert(body, schema);
    }
    Ok(bodies)
}

/// The schema of one event of a streamed chat completion (`stream: true`), derived from the
/// `ChatCompletionResponse` schema the way OpenAI-compatible streams (which the hub's
/// `/chat/completions` says it is) differ from it: `object` is `chat.completion.chunk`, a
/// choice carries the new part of the message as `delta` instead of `message`, and
/// `finish_reason` is null until the last chunk.
pub fn chat_completion_chunk(response: &Value) -> Value {
    let mut chunk = response.clone();
    if let Some(map) = chunk.as_object_mut() {
        map.insert("title".into(), "ChatCompletionChunk".into());
        map.insert(
            "description".into(),
            "One server-sent event of a streamed chat completion. Derived from ChatCompletionResponse: the hub's OpenAPI description has no schema for it.".into(),
        );
    }
    if let Some(object) = chunk.pointer_mut("/properties/object") {
        *object = serde_json::json!({"enum": ["chat.completion.chunk"], "type": "string"});
    }
    if let Some(Value::Object(choice)) = chunk.pointer_mut("/properties/choices/items/properties") {
        if let Some(message) = choice.remove("message") {
            choice.insert("delta".into(), message);
        }
        choice.insert(
            "finish_reason".into(),
            serde_json::json!({"nullable": true, "type": "string"}),
        );
    }
    chunk
}
