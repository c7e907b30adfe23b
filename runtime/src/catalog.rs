//! Stand-in for the generated catalog (`generated/src/catalog.rs`), not copied into oxen-models:
//! the items the hand-written modules use, with one model of the committed catalog
//! (`flux-2-pro`), so that they compile and can be tested here. `Endpoint`, `ModelInfo`,
//! `model` and `LeftOut` are as the generator writes them (`tests/stand_in.rs` checks it).

use crate::RequestVisitor;
pub use crate::models::flux_2_pro::{Flux2Pro, Flux2ProRequest};
pub use crate::responses::{
    AudioGenerateResponse, ChatCompletionChunk, ChatCompletionResponse, ImageGenerateResponse,
    QueueCreateResponse, QueueGenerationResponse, VideoGenerateResponse,
};

/// The hub endpoint a model is called through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
pub enum Endpoint {
    /// `/chat/completions`
    #[serde(rename = "/chat/completions")]
    ChatCompletions,
    /// `/images/generate`
    #[serde(rename = "/images/generate")]
    ImagesGenerate,
    /// `/images/edit`
    #[serde(rename = "/images/edit")]
    ImagesEdit,
    /// `/videos/generate`
    #[serde(rename = "/videos/generate")]
    VideosGenerate,
    /// `/audio/speech`
    #[serde(rename = "/audio/speech")]
    AudioSpeech,
    /// `/audio/transcriptions`
    #[serde(rename = "/audio/transcriptions")]
    AudioTranscriptions,
    /// `/audio/generate`
    #[serde(rename = "/audio/generate")]
    AudioGenerate,
}
impl Endpoint {
    /// The path below the hub's `/api/ai`, e.g. `/images/edit`.
    pub fn as_str(self) -> &'static str {
        match self {
            Endpoint::ChatCompletions => "/chat/completions",
            Endpoint::ImagesGenerate => "/images/generate",
            Endpoint::ImagesEdit => "/images/edit",
            Endpoint::VideosGenerate => "/videos/generate",
            Endpoint::AudioSpeech => "/audio/speech",
            Endpoint::AudioTranscriptions => "/audio/transcriptions",
            Endpoint::AudioGenerate => "/audio/generate",
        }
    }
}
/// One model of the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelInfo {
    /// The id sent as a request's `model`, e.g. `flux-2-pro`.
    pub id: &'static str,
    /// The hub's name for the model, e.g. `FLUX.2 [pro]`.
    pub display_name: &'static str,
    /// The hub's one-line summary.
    pub summary: Option<&'static str>,
    /// The endpoint requests are posted to.
    pub endpoint: Endpoint,
    /// The catalog file the request schema comes from, e.g. `models/flux-2-pro.json`.
    pub schema_file: &'static str,
    /// The overlays of `schemas/overlays/` merged into that file, by name.
    pub overlays: &'static [&'static str],
    /// The normalized request schema (JSON Schema draft 2020-12), overlays merged in,
    /// without the `model` property.
    pub schema: &'static str,
}

/// Every model of the catalog, sorted by id.
pub static MODELS: [ModelInfo; 1] = [ModelInfo {
    id: "flux-2-pro",
    display_name: "FLUX.2 [pro]",
    summary: Some("Professional FLUX.2 image generation"),
    endpoint: Endpoint::ImagesEdit,
    schema_file: "models/flux-2-pro.json",
    overlays: &[],
    schema: include_str!("../../generated/schemas/models/flux-2-pro.json"),
}];

/// Runs `visitor` with the request type of the model `id`; `None` for an unknown id.
pub fn visit_request<V: RequestVisitor>(id: &str, visitor: V) -> Option<V::Output> {
    match id {
        "flux-2-pro" => Some(visitor.visit::<Flux2ProRequest>()),
        _ => None,
    }
}
/// The model with this id.
pub fn model(id: &str) -> Option<&'static ModelInfo> {
    MODELS
        .binary_search_by(|m| m.id.cmp(id))
        .ok()
        .map(|i| &MODELS[i])
}
/// A model of the hub's catalog that this crate does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeftOut {
    /// The model's id, e.g. `flux-2-pro`.
    pub id: &'static str,
    /// Why it could not be generated: the schema file, JSON pointer, keyword and reason.
    pub reason: &'static str,
}

/// The models of the hub's catalog that this crate does not have: none.
pub static LEFT_OUT: [LeftOut; 0] = [];
