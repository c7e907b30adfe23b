//! Stand-in for the generated catalog (`generated/src/catalog.rs`), not copied into oxen-models:
//! the items the hand-written modules use, with one model of the committed catalog
//! (`flux-2-pro`), so that they compile and can be tested here. `Endpoint`, `ModelInfo`,
//! `Parameter`, `model` and `LeftOut` are as the generator writes them (`tests/stand_in.rs` checks it).

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
    /// The rows of the model's parameter tables, as its reference page lists them: the
    /// body's required properties, then its optional ones, then those of the objects
    /// they hold.
    pub parameters: &'static [Parameter],
}

/// One row of a model's parameter tables: what its reference page (and `oxen
/// describe`) says about one property, in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parameter {
    /// Where the property is: `""` for the body, `messages[].` for a message's.
    pub parent: &'static str,
    /// The property's name in JSON, e.g. `num_inference_steps`.
    pub name: &'static str,
    /// Whether its object requires it.
    pub required: bool,
    /// The JSON type in words, e.g. `integer`, `string or null`, `array of string`.
    pub type_label: &'static str,
    /// The hub's default as compact JSON, e.g. `"1:1"`.
    pub default: Option<&'static str>,
    /// Whether that default breaks its own schema (shown, never used).
    pub default_invalid: bool,
    /// The allowed values as compact JSON.
    pub allowed: &'static [&'static str],
    /// The value checks in words (range, multiple, length, pattern, format, item
    /// counts), with Markdown code spans.
    pub constraints: &'static str,
    /// The schema's description.
    pub description: &'static str,
    /// The overlay of `schemas/overlays/` that added or changed the property.
    pub overlay: Option<&'static str>,
}

const PARAMETERS_MODELS_FLUX_2_PRO: &[Parameter] = &[
    Parameter {
        parent: "",
        name: "prompt",
        required: true,
        type_label: "string",
        default: None,
        default_invalid: false,
        allowed: &[],
        constraints: "",
        description: "Prompt for generated image. Use @Image1, @Image2, etc. to reference the input images.",
        overlay: None,
    },
    Parameter {
        parent: "",
        name: "input_image",
        required: false,
        type_label: "array<string>",
        default: None,
        default_invalid: false,
        allowed: &[],
        constraints: "",
        description: "Input images to transform or use as reference. Reference them in the prompt as @Image1, @Image2, etc.",
        overlay: None,
    },
    Parameter {
        parent: "",
        name: "aspect_ratio",
        required: false,
        type_label: "string",
        default: Some("\"16:9\""),
        default_invalid: false,
        allowed: &[
            "\"1:1\"",
            "\"16:9\"",
            "\"9:16\"",
            "\"4:3\"",
            "\"3:4\"",
            "\"3:2\"",
            "\"2:3\"",
            "\"match_input_image\"",
        ],
        constraints: "",
        description: "Aspect ratio for the generated image",
        overlay: None,
    },
    Parameter {
        parent: "",
        name: "resolution",
        required: false,
        type_label: "string",
        default: Some("\"1 MP\""),
        default_invalid: false,
        allowed: &["\"1 MP\"", "\"2 MP\"", "\"0.5 MP\""],
        constraints: "",
        description: "Resolution for the generated image",
        overlay: None,
    },
    Parameter {
        parent: "",
        name: "num_inference_steps",
        required: false,
        type_label: "integer",
        default: Some("30"),
        default_invalid: false,
        allowed: &[],
        constraints: "Range: 1 ≤ value ≤ 50.",
        description: "Number of denoising steps. Recommended range is 28-50, and lower number of steps produce lower quality outputs, faster.",
        overlay: None,
    },
    Parameter {
        parent: "",
        name: "guidance",
        required: false,
        type_label: "number",
        default: Some("2"),
        default_invalid: false,
        allowed: &[],
        constraints: "Range: 0 ≤ value ≤ 10.",
        description: "Guidance for generated image. Lower values can give more realistic images. Good values to try are 2, 2.5, 3 and 3.5",
        overlay: None,
    },
    Parameter {
        parent: "",
        name: "seed",
        required: false,
        type_label: "integer",
        default: None,
        default_invalid: false,
        allowed: &[],
        constraints: "",
        description: "Random seed. Set for reproducible generation",
        overlay: None,
    },
    Parameter {
        parent: "",
        name: "output_format",
        required: false,
        type_label: "string",
        default: Some("\"webp\""),
        default_invalid: false,
        allowed: &["\"webp\"", "\"jpg\"", "\"png\""],
        constraints: "",
        description: "Format of the output images",
        overlay: None,
    },
    Parameter {
        parent: "",
        name: "output_quality",
        required: false,
        type_label: "integer",
        default: Some("80"),
        default_invalid: false,
        allowed: &[],
        constraints: "Range: 0 ≤ value ≤ 100.",
        description: "Quality when saving the output images, from 0 to 100. 100 is best quality, 0 is lowest quality. Not relevant for .png outputs",
        overlay: None,
    },
    Parameter {
        parent: "",
        name: "disable_safety_checker",
        required: false,
        type_label: "boolean",
        default: Some("false"),
        default_invalid: false,
        allowed: &[],
        constraints: "",
        description: "Disable safety checker for generated images.",
        overlay: None,
    },
];

/// Every model of the catalog, sorted by id.
pub static MODELS: [ModelInfo; 1] = [ModelInfo {
    id: "flux-2-pro",
    display_name: "FLUX.2 [pro]",
    summary: Some("Professional FLUX.2 image generation"),
    endpoint: Endpoint::ImagesEdit,
    schema_file: "models/flux-2-pro.json",
    overlays: &[],
    schema: include_str!("../../generated/schemas/models/flux-2-pro.json"),
    parameters: PARAMETERS_MODELS_FLUX_2_PRO,
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
