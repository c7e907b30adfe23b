//! The catalog's vocabulary: model ids, endpoints, the shared request and response bodies,
//! endpoint families, and which schema file describes a body ([`SchemaSource`]). Apart from
//! [`crate::catalog`] so that overlays and errors can name them without reading a catalog.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// A model id as the hub names it, checked to be safe as a file name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ModelId(String);

/// Longest id accepted; real ids are under 60 characters.
pub const MAX_MODEL_ID_LEN: usize = 128;

impl ModelId {
    /// Accepts ids made of ASCII letters, digits, `-`, `_` and `.`, not starting with `.`.
    ///
    /// Ids come from a server; anything else could escape `schemas/models/` when used as a path.
    pub fn parse(raw: &str) -> Result<Self, InvalidModelId> {
        let reason = if raw.is_empty() {
            Some("it is empty")
        } else if raw.len() > MAX_MODEL_ID_LEN {
            Some("it is longer than 128 characters")
        } else if raw.starts_with('.') {
            Some("it starts with `.`")
        } else if raw.chars().any(|c| c == '/' || c == '\\') {
            Some("it contains a path separator")
        } else if raw.chars().any(char::is_control) {
            Some("it contains a control character")
        } else if !raw
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            Some("it contains a character other than ASCII letters, digits, `-`, `_` and `.`")
        } else {
            None
        };
        match reason {
            Some(reason) => Err(InvalidModelId {
                id: raw.escape_debug().to_string(),
                reason,
            }),
            None => Ok(Self(raw.to_owned())),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ModelId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for ModelId {
    type Error = InvalidModelId;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse(&raw)
    }
}

impl From<ModelId> for String {
    fn from(id: ModelId) -> Self {
        id.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("model id \"{id}\" is not a safe file name: {reason}")]
pub struct InvalidModelId {
    /// The id with control characters escaped, so it prints safely.
    pub id: String,
    pub reason: &'static str,
}

macro_rules! string_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name { $($(#[$vmeta])* #[serde(rename = $text)] $variant,)+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)+ }
            }

            pub fn parse(text: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|e| e.as_str() == text)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum! {
    /// The hub endpoint a model is called through.
    pub enum Endpoint {
        ChatCompletions => "/chat/completions",
        ImagesGenerate => "/images/generate",
        ImagesEdit => "/images/edit",
        VideosGenerate => "/videos/generate",
        AudioSpeech => "/audio/speech",
        AudioTranscriptions => "/audio/transcriptions",
        AudioGenerate => "/audio/generate",
    }
}

string_enum! {
    /// A request body of the hub's OpenAPI description, used for models whose
    /// `json_request_schema` is null.
    pub enum EndpointBody {
        ChatCompletions => "chat-completions",
        ImagesGenerate => "images-generate",
        ImagesEdit => "images-edit",
        VideosGenerate => "videos-generate",
        AudioGenerate => "audio-generate",
    }
}

string_enum! {
    /// A response body of the hub's OpenAPI description: what an endpoint answers with.
    pub enum ResponseBody {
        ChatCompletion => "chat-completion",
        ChatCompletionChunk => "chat-completion-chunk",
        ImageGenerate => "image-generate",
        VideoGenerate => "video-generate",
        AudioGenerate => "audio-generate",
        QueueCreate => "queue-create",
        QueueGeneration => "queue-generation",
    }
}

/// Endpoint families, one cargo feature each in the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    Chat,
    Image,
    Video,
    Audio,
}

impl Family {
    pub const ALL: [Family; 4] = [Family::Chat, Family::Image, Family::Video, Family::Audio];

    pub fn feature(self) -> &'static str {
        match self {
            Family::Chat => "chat",
            Family::Image => "image",
            Family::Video => "video",
            Family::Audio => "audio",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Family::Chat => "Chat",
            Family::Image => "Image generation and editing",
            Family::Video => "Video",
            Family::Audio => "Audio",
        }
    }
}

impl Endpoint {
    /// The body a model of this endpoint uses when the hub gives no schema of its own.
    ///
    /// `/audio/transcriptions` has no body in the hub's OpenAPI description; its models
    /// (GPT Audio, Gemini 3.1 Pro) take audio as a content part of a chat completion.
    pub fn default_body(self) -> EndpointBody {
        match self {
            Endpoint::ChatCompletions | Endpoint::AudioTranscriptions => {
                EndpointBody::ChatCompletions
            }
            Endpoint::ImagesGenerate => EndpointBody::ImagesGenerate,
            Endpoint::ImagesEdit => EndpointBody::ImagesEdit,
            Endpoint::VideosGenerate => EndpointBody::VideosGenerate,
            Endpoint::AudioSpeech | Endpoint::AudioGenerate => EndpointBody::AudioGenerate,
        }
    }

    pub fn family(self) -> Family {
        match self {
            Endpoint::ChatCompletions => Family::Chat,
            Endpoint::ImagesGenerate | Endpoint::ImagesEdit => Family::Image,
            Endpoint::VideosGenerate => Family::Video,
            Endpoint::AudioSpeech | Endpoint::AudioTranscriptions | Endpoint::AudioGenerate => {
                Family::Audio
            }
        }
    }
}

impl Endpoint {
    /// What the endpoint answers with (the `200` response of its path in the OpenAPI
    /// description). `/audio/speech` and `/audio/transcriptions` have no path there: their
    /// models take the bodies of `/audio/generate` and `/chat/completions`, and are taken to
    /// answer as those do.
    pub fn response(self) -> ResponseBody {
        match self {
            Endpoint::ChatCompletions | Endpoint::AudioTranscriptions => {
                ResponseBody::ChatCompletion
            }
            Endpoint::ImagesGenerate | Endpoint::ImagesEdit => ResponseBody::ImageGenerate,
            Endpoint::VideosGenerate => ResponseBody::VideoGenerate,
            Endpoint::AudioSpeech | Endpoint::AudioGenerate => ResponseBody::AudioGenerate,
        }
    }
}

impl ResponseBody {
    /// The responses a model of `endpoint` can get: its endpoint's, the stream chunks of a
    /// chat model, and the queue's answers for image and video models (the hub queues those).
    pub fn for_endpoint(endpoint: Endpoint) -> Vec<ResponseBody> {
        let mut bodies = vec![endpoint.response()];
        match endpoint.family() {
            Family::Chat => bodies.push(ResponseBody::ChatCompletionChunk),
            Family::Image | Family::Video => {
                bodies.extend([ResponseBody::QueueCreate, ResponseBody::QueueGeneration]);
            }
            Family::Audio => {}
        }
        bodies
    }

    /// The component of the hub's OpenAPI description this response is taken from; the
    /// stream chunk has none and is derived from [`ResponseBody::ChatCompletion`]
    /// (see [`crate::hub::chat_completion_chunk`]).
    pub fn openapi_component(self) -> &'static str {
        match self {
            ResponseBody::ChatCompletion => "ChatCompletionResponse",
            ResponseBody::ChatCompletionChunk => "ChatCompletionChunk",
            ResponseBody::ImageGenerate => "ImageGenerateResponse",
            ResponseBody::VideoGenerate => "VideoGenerateResponse",
            ResponseBody::AudioGenerate => "AudioGenerateResponse",
            ResponseBody::QueueCreate => "QueueCreateResponse",
            ResponseBody::QueueGeneration => "QueueGenerationResponse",
        }
    }
}

impl EndpointBody {
    /// The component of the hub's OpenAPI description this body is taken from.
    pub fn openapi_component(self) -> &'static str {
        match self {
            EndpointBody::ChatCompletions => "ChatCompletionRequest",
            EndpointBody::ImagesGenerate => "ImageGenerateRequest",
            EndpointBody::ImagesEdit => "ImageEditRequest",
            EndpointBody::VideosGenerate => "VideoGenerateRequest",
            EndpointBody::AudioGenerate => "AudioGenerateRequest",
        }
    }
}

/// Which schema file a model's request body is described by.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum SchemaSource {
    /// `models/<id>.json`: the model's own `json_request_schema`.
    Model(ModelId),
    /// `endpoints/<body>.json`: the endpoint's standard body.
    Endpoint(EndpointBody),
    /// `responses/<body>.json`: what an endpoint answers with. Never named by a catalog entry.
    Response(ResponseBody),
    /// `left-out/<id>.json`: the hub's model object of a model the catalog leaves out
    /// ([`LeftOutEntry`](crate::catalog::LeftOutEntry)), as fetched. Not a schema.
    LeftOut(ModelId),
}

impl SchemaSource {
    pub fn relative_path(&self) -> PathBuf {
        PathBuf::from(self.to_string())
    }
}

impl fmt::Display for SchemaSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SchemaSource::Model(id) => write!(f, "models/{id}.json"),
            SchemaSource::Endpoint(body) => write!(f, "endpoints/{}.json", body.as_str()),
            SchemaSource::Response(body) => write!(f, "{RESPONSES_DIR}/{}.json", body.as_str()),
            SchemaSource::LeftOut(id) => write!(f, "{LEFT_OUT_DIR}/{id}.json"),
        }
    }
}

impl From<SchemaSource> for String {
    fn from(source: SchemaSource) -> Self {
        source.to_string()
    }
}

impl TryFrom<String> for SchemaSource {
    type Error = String;
    fn try_from(path: String) -> Result<Self, Self::Error> {
        let parsed = if let Some(id) = path
            .strip_prefix("models/")
            .and_then(|p| p.strip_suffix(".json"))
        {
            ModelId::parse(id).ok().map(SchemaSource::Model)
        } else if let Some(id) = path
            .strip_prefix("left-out/")
            .and_then(|p| p.strip_suffix(".json"))
        {
            ModelId::parse(id).ok().map(SchemaSource::LeftOut)
        } else {
            path.strip_prefix("endpoints/")
                .and_then(|p| p.strip_suffix(".json"))
                .and_then(EndpointBody::parse)
                .map(SchemaSource::Endpoint)
        };
        parsed.ok_or_else(|| {
            format!(
                "schema path \"{path}\" is none of models/<id>.json, endpoints/<body>.json and left-out/<id>.json"
            )
        })
    }
}

/// Where `schemas/` keeps the response bodies ([`SchemaSource::Response`]).
pub const RESPONSES_DIR: &str = "responses";

/// Where `schemas/` keeps the model objects of left-out models ([`SchemaSource::LeftOut`]).
pub const LEFT_OUT_DIR: &str = "left-out";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_ids_from_the_catalog_are_accepted() {
        for id in [
            "flux-2-pro",
            "happyhorse-1.0-i2v",
            "ltx-2-3-pro-22b-IC-LoRA-Union-Control",
        ] {
            assert!(ModelId::parse(id).is_ok(), "{id}");
        }
    }

    #[test]
    fn model_ids_that_could_escape_the_schema_directory_are_rejected() {
        for id in [
            "",
            "..",
            "../etc/passwd",
            "a/b",
            "a\\b",
            ".hidden",
            "a\nb",
            "é",
            &"a".repeat(129),
        ] {
            assert!(ModelId::parse(id).is_err(), "{id:?}");
        }
    }

    #[test]
    fn schema_source_round_trips_through_its_path() {
        for source in [
            SchemaSource::Model(ModelId::parse("flux-2-pro").expect("valid id")),
            SchemaSource::Endpoint(EndpointBody::ChatCompletions),
        ] {
            let path = String::from(source.clone());
            assert_eq!(SchemaSource::try_from(path), Ok(source));
        }
    }

    #[test]
    fn schema_source_rejects_other_paths() {
        assert!(SchemaSource::try_from("models/../x.json".to_owned()).is_err());
        assert!(SchemaSource::try_from("endpoints/unknown.json".to_owned()).is_err());
    }
}
