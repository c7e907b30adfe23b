//! Runs every stage over the whole catalog and lays out the generated crate's files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use crate::canonical;
use crate::catalog::{CatalogEntry, Endpoint, EndpointBody, Family, SchemaSet, SchemaSource};
use crate::check::check_against_meta_schema;
use crate::emit::example::{ExampleSize, request_example};
use crate::emit::markdown::{self, ModelPage};
use crate::emit::rust::{ModelParam, doc_attrs, ident, request_items, request_items_reusing};
use crate::emit::{self, STAMP, docs};
use crate::error::{GenerateErrors, JsonPointer, ModelError, SchemaError};
use crate::ir::RequestDef;
use crate::lower::lower_request;
use crate::names::{self, Scope};
use crate::normalize::normalize;
use crate::overlay::OverlayError;
use crate::plan::{TypeKey, body_schema, plan_model};
use crate::tree::FileTree;

/// The Rust names of one model.
#[derive(Debug, Clone)]
pub struct ModelNames {
    pub module: String,
    pub marker: String,
    pub request: String,
}

/// A request type after normalization and lowering, with the families of its models.
struct LoweredSource {
    normalized: Value,
    request: RequestDef,
    /// Only for endpoint bodies: the shared module it is emitted into.
    shared_module: Option<String>,
    families: BTreeSet<Family>,
    /// The overlays merged into the schema, by name.
    overlays: Vec<String>,
}

/// Names for every model: unique modules and types even when ids collide after conversion.
pub fn model_names(entries: &[CatalogEntry]) -> Vec<ModelNames> {
    let mut modules = Scope::with_reserved(&["runtime", "shared", "models"]);
    let mut types = Scope::with_reserved(names::RESERVED_TYPE_NAMES);
    for body in crate::catalog::EndpointBody::ALL {
        types.claim(shared_request_name(*body));
    }
    entries
        .iter()
        .map(|entry| {
            let module = modules.claim(names::field_ident(entry.id.as_str(), "model"));
            let marker = types.claim(names::type_ident(entry.id.as_str(), "Model"));
            let request = types.claim(format!("{marker}Request"));
            ModelNames {
                module,
                marker,
                request,
            }
        })
        .collect()
}

fn shared_request_name(body: crate::catalog::EndpointBody) -> String {
    format!("{}Request", names::type_ident(body.as_str(), "Body"))
}

/// Normalizes, checks and lowers one schema.
fn lower_source(
    source: &SchemaSource,
    raw: &Value,
    request_name: &str,
    reserved: &[&str],
) -> Result<(Value, RequestDef), SchemaError> {
    crate::lower::check_limits(raw, source)?;
    let normalized = normalize(raw);
    if let Some(violation) = check_against_meta_schema(&normalized).into_iter().next() {
        return Err(SchemaError {
            source_file: source.clone(),
            pointer: violation.pointer,
            keyword: violation.keyword,
            message: format!(
                "not a valid JSON Schema (draft 2020-12): {}",
                violation.message
            ),
        });
    }
    let request = lower_request(&normalized, request_name, source, reserved)?;
    Ok((normalized, request))
}

/// Generates the whole crate in memory. Every model that fails is reported; nothing is
/// returned unless all succeed.
pub fn generate_crate(set: &SchemaSet) -> Result<FileTree, GenerateErrors> {
    let entries = &set.catalog.models;
    let names = model_names(entries);
    let mut errors = Vec::new();
    let mut sources: BTreeMap<TypeKey, LoweredSource> = BTreeMap::new();

    // Shared bodies first: every model on one uses it, directly or through its own overlaid
    // type, which imports the body's types rather than repeating them.
    let mut body_failures: BTreeMap<EndpointBody, SchemaError> = BTreeMap::new();
    for entry in entries {
        let SchemaSource::Endpoint(body) = entry.schema else {
            continue;
        };
        let key = TypeKey::File(entry.schema.clone());
        if let Some(lowered) = sources.get_mut(&key) {
            lowered.families.insert(entry.endpoint.family());
            continue;
        }
        if body_failures.contains_key(&body) {
            continue;
        }
        let lowered = match body_schema(set, body) {
            None => continue,
            Some(Err(error)) => Err(overlay_schema_error(&entry.schema, error)),
            Some(Ok((schema, overlays))) => {
                lower_source(&entry.schema, &schema, &shared_request_name(body), &[]).map(
                    |(normalized, request)| LoweredSource {
                        normalized,
                        request,
                        shared_module: Some(names::snake(body.as_str())),
                        families: BTreeSet::from([entry.endpoint.family()]),
                        overlays,
                    },
                )
            }
        };
        match lowered {
            Ok(lowered) => {
                sources.insert(key, lowered);
            }
            Err(error) => {
                body_failures.insert(body, error);
            }
        }
    }

    let mut keys = Vec::with_capacity(entries.len());
    for (entry, name) in entries.iter().zip(&names) {
        if let SchemaSource::Endpoint(body) = entry.schema
            && let Some(error) = body_failures.get(&body)
        {
            errors.push(ModelError {
                model: entry.id.clone(),
                error: error.clone(),
            });
            continue;
        }
        let planned = match plan_model(set, entry) {
            Ok(planned) => planned,
            Err(error) => {
                errors.push(error);
                continue;
            }
        };
        keys.push(planned.key.clone());
        if sources.contains_key(&planned.key) {
            continue;
        }
        match lower_source(
            &entry.schema,
            &planned.schema,
            &name.request,
            &[name.marker.as_str()],
        ) {
            Ok((normalized, request)) => {
                let families = BTreeSet::from([entry.endpoint.family()]);
                sources.insert(
                    planned.key,
                    LoweredSource {
                        normalized,
                        request,
                        shared_module: None,
                        families,
                        overlays: planned.overlays,
                    },
                );
            }
            Err(error) => errors.push(ModelError {
                model: entry.id.clone(),
                error,
            }),
        }
    }
    if !errors.is_empty() {
        return Err(GenerateErrors(errors));
    }
    emit_crate(set, &names, &keys, &sources).map_err(|error| {
        GenerateErrors(vec![ModelError {
            model: entries[0].id.clone(),
            error: SchemaError {
                source_file: entries[0].schema.clone(),
                pointer: JsonPointer::root(),
                keyword: "".into(),
                message: format!("generator bug: emitted invalid Rust: {error}"),
            },
        }])
    })
}

/// An overlay that breaks a shared body, reported against the body's file.
fn overlay_schema_error(source: &SchemaSource, error: OverlayError) -> SchemaError {
    let keyword = error
        .pointer
        .as_str()
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    SchemaError {
        source_file: source.clone(),
        pointer: error.pointer,
        keyword,
        message: format!("{}: {}", error.file.display(), error.message),
    }
}

/// JSON has no comments: the stamp goes into `$comment`, which sorts first and which JSON
/// Schema defines as a note for readers that validators ignore.
fn stamped_json(schema: &Value) -> String {
    let mut stamped = schema.clone();
    if let Value::Object(map) = &mut stamped {
        map.insert("$comment".to_owned(), Value::from(STAMP));
    }
    canonical::to_string(&stamped)
}

fn cfg_for(families: &BTreeSet<Family>) -> TokenStream {
    let features: Vec<&str> = families.iter().map(|f| f.feature()).collect();
    match features.as_slice() {
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

fn emit_crate(
    set: &SchemaSet,
    names: &[ModelNames],
    keys: &[TypeKey],
    sources: &BTreeMap<TypeKey, LoweredSource>,
) -> Result<FileTree, syn::Error> {
    let mut files = BTreeMap::new();
    let entries = &set.catalog.models;

    // Shared endpoint bodies, generic over the model.
    let mut shared_mods = Vec::new();
    for (key, lowered) in sources {
        let Some(module) = &lowered.shared_module else {
            continue;
        };
        let TypeKey::File(SchemaSource::Endpoint(body)) = key else {
            continue;
        };
        let doc = format!(
            "The `{}` request body shared by every model that uses it, from the hub's OpenAPI description (`{}`).",
            body.as_str(),
            body.openapi_component()
        );
        let description = lowered
            .request
            .body
            .description
            .clone()
            .map(|d| docs::escape(&d))
            .unwrap_or_default();
        let items = request_items(
            &lowered.request,
            ModelParam::Generic,
            &format!(
                "{description}\n\nGeneric over the model: each model has an alias, e.g. `Gpt5_5_2026_04_23Request`."
            ),
        );
        files.insert(
            PathBuf::from(format!("src/shared/{module}.rs")),
            emit::rust_file(items, &doc)?,
        );
        let module = ident(module);
        let cfg = cfg_for(&lowered.families);
        shared_mods.push(quote!(#cfg pub mod #module;));
    }
    files.insert(
        PathBuf::from("src/shared/mod.rs"),
        emit::rust_file(
            quote!(#(#shared_mods)*),
            "Request bodies shared by several models.",
        )?,
    );

    // One module per model.
    let mut model_mods = Vec::new();
    let mut reexports = Vec::new();
    for ((entry, name), key) in entries.iter().zip(names).zip(keys) {
        let lowered = &sources[key];
        // An overlaid model on a shared body uses the body's types where they are the same.
        let shared_body = match (key, &entry.schema) {
            (TypeKey::Overlaid(_), SchemaSource::Endpoint(_)) => {
                sources.get(&TypeKey::File(entry.schema.clone()))
            }
            _ => None,
        };
        let module = ident(&name.module);
        let feature = entry.endpoint.family().feature();
        let marker = ident(&name.marker);
        let request = ident(&name.request);
        let title = model_title(entry);
        let marker_doc = format!(
            " The model {} as a type: names it in [`{}`].",
            title, name.request
        );
        let id = entry.id.as_str();
        let display_name = &entry.display_name;
        let endpoint = ident(endpoint_variant(entry.endpoint));
        let shared_path = lowered
            .shared_module
            .as_ref()
            .map(|m| format!("shared::{m}"));
        let page = ModelPage {
            entry,
            schema: &lowered.normalized,
            request: &lowered.request,
            request_type: &name.request,
            module: &name.module,
            shared_module: shared_path.as_deref(),
        };
        let request_doc = request_doc(&page);
        files.insert(
            PathBuf::from(format!("docs/{}.md", entry.id)),
            markdown::model_page(&page),
        );
        let request_items = match &lowered.shared_module {
            None => match shared_body {
                Some(body) => request_items_reusing(
                    &lowered.request,
                    ModelParam::Concrete(&name.marker),
                    &request_doc,
                    &body.request.types,
                    body.shared_module.as_deref().unwrap_or_default(),
                ),
                None => request_items(
                    &lowered.request,
                    ModelParam::Concrete(&name.marker),
                    &request_doc,
                ),
            },
            Some(shared) => {
                let shared = ident(shared);
                let shared_type = ident(&lowered.request.name);
                let doc = doc_attrs(&request_doc);
                quote! {
                    #doc
                    pub type #request = crate::shared::#shared::#shared_type<#marker>;
                }
            }
        };
        let tokens = quote! {
            #[doc = #marker_doc]
            #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
            pub struct #marker;

            impl crate::Model for #marker {
                const ID: &'static str = #id;
                const ENDPOINT: crate::Endpoint = crate::Endpoint::#endpoint;
                const DISPLAY_NAME: &'static str = #display_name;
            }

            #request_items
        };
        let file_doc = format!("{title}.");
        files.insert(
            PathBuf::from(format!("src/models/{}.rs", name.module)),
            emit::rust_file(tokens, &file_doc)?,
        );
        model_mods.push(quote!(#[cfg(feature = #feature)] pub mod #module;));
        reexports
            .push(quote!(#[cfg(feature = #feature)] pub use models::#module::{#marker, #request};));
    }
    files.insert(PathBuf::from("docs/README.md"), markdown::index(entries));
    files.insert(
        PathBuf::from("src/models/mod.rs"),
        emit::rust_file(
            quote!(#(#model_mods)*),
            "One module per model of the catalog, each behind its endpoint family's feature.",
        )?,
    );

    // Normalized schemas, embedded for offline validation.
    let mut schema_consts = Vec::new();
    let mut schema_const_of = BTreeMap::new();
    // Ids that differ only in punctuation (`a-1.1` and `a-1-1`) would share a constant name.
    let mut const_names = Scope::default();
    for (key, lowered) in sources {
        let source = match key {
            TypeKey::File(source) => source.clone(),
            TypeKey::Overlaid(id) => SchemaSource::Model(id.clone()),
        };
        let path = format!("schemas/{source}");
        files.insert(PathBuf::from(&path), stamped_json(&lowered.normalized));
        let name = ident(&const_names.claim(format!(
            "SCHEMA_{}",
            names::snake(
                &source
                    .to_string()
                    .trim_end_matches(".json")
                    .replace('/', "-")
            )
            .to_uppercase()
        )));
        let include = format!("../{path}");
        schema_consts.push(quote!(const #name: &str = include_str!(#include);));
        schema_const_of.insert(key.clone(), name);
    }
    let infos = entries.iter().zip(keys).map(|(entry, key)| {
        let id = entry.id.as_str();
        let display_name = &entry.display_name;
        let summary = match &entry.summary {
            Some(s) => quote!(Some(#s)),
            None => quote!(None),
        };
        let endpoint = ident(endpoint_variant(entry.endpoint));
        let schema = &schema_const_of[key];
        let schema_file = entry.schema.to_string();
        let overlays = &sources[key].overlays;
        quote!(ModelInfo { id: #id, display_name: #display_name, summary: #summary, endpoint: Endpoint::#endpoint, schema_file: #schema_file, overlays: &[#(#overlays),*], schema: #schema },)
    });
    let endpoint_variants = Endpoint::ALL.iter().map(|e| {
        let variant = ident(endpoint_variant(*e));
        let path = e.as_str();
        let doc = format!(" `{path}`");
        quote!(#[doc = #doc] #[serde(rename = #path)] #variant,)
    });
    let endpoint_arms = Endpoint::ALL.iter().map(|e| {
        let variant = ident(endpoint_variant(*e));
        let path = e.as_str();
        quote!(Endpoint::#variant => #path,)
    });
    let model_count = entries.len();
    let all_features = Family::ALL.map(Family::feature);
    let visit_arms = entries.iter().zip(names).map(|(entry, name)| {
        let id = entry.id.as_str();
        let feature = entry.endpoint.family().feature();
        let request = ident(&name.request);
        quote!(#[cfg(feature = #feature)] #id => Some(visitor.visit::<#request>()),)
    });
    let lib = quote! {
        #![forbid(unsafe_code)]
        #![deny(rustdoc::broken_intra_doc_links)]

        pub mod models;
        pub mod runtime;
        pub mod shared;
        pub mod validate;
        pub mod cli;

        pub use runtime::{Model, ModelTag, Request, RequestVisitor, Violation, Violations};
        pub use validate::{PayloadError, PayloadViolation, UnknownModel, ValidateSchema, validate_payload};
        #(#reexports)*

        /// The hub endpoint a model is called through.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        pub enum Endpoint {
            #(#endpoint_variants)*
        }

        impl Endpoint {
            /// The path below the hub's `/api/ai`, e.g. `/images/edit`.
            pub fn as_str(self) -> &'static str {
                match self {
                    #(#endpoint_arms)*
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

        #(#schema_consts)*

        /// Every model of the catalog, sorted by id.
        pub static MODELS: [ModelInfo; #model_count] = [#(#infos)*];

        /// Runs `visitor` with the request type of the model `id`; `None` for an unknown id or
        /// one whose endpoint family's feature is off.
        #[cfg_attr(not(any(#(feature = #all_features),*)), allow(unused_variables))]
        pub fn visit_request<V: RequestVisitor>(id: &str, visitor: V) -> Option<V::Output> {
            match id {
                #(#visit_arms)*
                _ => None,
            }
        }

        /// The model with this id.
        pub fn model(id: &str) -> Option<&'static ModelInfo> {
            MODELS.binary_search_by(|m| m.id.cmp(id)).ok().map(|i| &MODELS[i])
        }
    };
    files.insert(
        PathBuf::from("src/lib.rs"),
        emit::rust_file(lib, CRATE_DOC)?,
    );
    for (path, text) in TEMPLATES {
        files.insert(PathBuf::from(path), format!("// {STAMP}\n{text}"));
    }
    files.insert(PathBuf::from("Cargo.toml"), cargo_toml());
    Ok(FileTree(files))
}

/// Hand-written support code, copied into the generated crate as it is (stamped like the rest).
const TEMPLATES: &[(&str, &str)] = &[
    ("src/runtime.rs", include_str!("../templates/runtime.rs")),
    ("src/validate.rs", include_str!("../templates/validate.rs")),
    ("src/cli.rs", include_str!("../templates/cli.rs")),
    (
        "src/bin/oxen-validate.rs",
        include_str!("../templates/bin/oxen-validate.rs"),
    ),
];

const CRATE_DOC: &str = "Typed request builders for every model of the Oxen.ai inference hub.

Each model has a module in [`models`], a marker type naming it (e.g. [`Flux2Pro`]) and a
request type (e.g. [`Flux2ProRequest`]) whose constructor takes the required properties and
whose setters take the optional ones. `validate()` checks every value constraint of the schema.
Chat models share one body, [`shared::chat_completions::ChatCompletionsRequest`], through a
per-model alias such as [`Gpt5_5_2026_04_23Request`].

Cargo features `chat`, `image`, `video` and `audio` (all on by default) select the endpoint
families to compile; [`MODELS`] and the embedded schemas are always there.";

fn cargo_toml() -> String {
    let features: Vec<String> = Family::ALL
        .iter()
        .map(|f| format!("{} = []", f.feature()))
        .collect();
    let default: Vec<String> = Family::ALL
        .iter()
        .map(|f| format!("\"{}\"", f.feature()))
        .collect();
    format!(
        "# {STAMP}\n[package]\nname = \"oxen-models\"\ndescription = \"Typed request builders for every model of the Oxen.ai inference hub\"\nversion.workspace = true\nedition.workspace = true\nrust-version.workspace = true\nlicense.workspace = true\npublish = false\n\n[features]\ndefault = [{}]\n{}\n\n[[bin]]\nname = \"oxen-validate\"\npath = \"src/bin/oxen-validate.rs\"\n\n[dependencies]\njsonschema.workspace = true\nregex.workspace = true\nschemars.workspace = true\nserde.workspace = true\nserde_json.workspace = true\n\n[lints]\nworkspace = true\n",
        default.join(", "),
        features.join("\n")
    )
}

fn endpoint_variant(endpoint: Endpoint) -> &'static str {
    match endpoint {
        Endpoint::ChatCompletions => "ChatCompletions",
        Endpoint::ImagesGenerate => "ImagesGenerate",
        Endpoint::ImagesEdit => "ImagesEdit",
        Endpoint::VideosGenerate => "VideosGenerate",
        Endpoint::AudioSpeech => "AudioSpeech",
        Endpoint::AudioTranscriptions => "AudioTranscriptions",
        Endpoint::AudioGenerate => "AudioGenerate",
    }
}

fn model_title(entry: &CatalogEntry) -> String {
    format!("{} (`{}`)", docs::escape(&entry.display_name), entry.id)
}

fn request_doc(page: &ModelPage<'_>) -> String {
    let entry = page.entry;
    let mut doc = format!("A request to {}", model_title(entry));
    match &entry.summary {
        Some(summary) => doc.push_str(&format!(
            ": {}.",
            docs::escape(summary.trim_end_matches('.'))
        )),
        None => doc.push('.'),
    }
    doc.push_str(&format!(
        "\n\nEndpoint: `POST /api/ai{}`.",
        entry.endpoint.as_str()
    ));
    if let Some(description) = &entry.description {
        doc.push_str(&format!("\n\n{}", docs::escape(description)));
    }
    let from_overlays = markdown::overlay_properties(page.schema);
    if !from_overlays.is_empty() {
        doc.push_str("\n\n# From overlays\n\nThe hub's schema does not state these; they come from `schemas/overlays/`:\n");
        for (path, overlay) in from_overlays {
            doc.push_str(&format!("\n- `{path}`: `overlays/{overlay}.json`"));
        }
    }
    doc.push_str("\n\n# Examples");
    let minimal = request_example(
        page.request,
        page.request_type,
        entry.id.as_str(),
        ExampleSize::Minimal,
    );
    let full = request_example(
        page.request,
        page.request_type,
        entry.id.as_str(),
        ExampleSize::Full,
    );
    // A model whose optional properties have no defaults has one example, not the same twice.
    let examples = if full == minimal {
        vec![(ExampleSize::Minimal, minimal)]
    } else {
        vec![(ExampleSize::Minimal, minimal), (ExampleSize::Full, full)]
    };
    for (size, example) in examples {
        let json = example.pretty_json().replace('\n', "\n    ");
        doc.push_str(&format!(
            "\n\n{}:\n\n```\n{}\nassert!(request.validate().is_ok());\nassert_eq!(\n    serde_json::to_value(&request).unwrap(),\n    serde_json::json!({json})\n);\n```",
            size.title(),
            markdown::rust_example(page, &example.rust)
        ));
    }
    doc
}
