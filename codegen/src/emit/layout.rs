//! The generated crate's files: one module per model, the shared bodies, the crate root with
//! the model list and embedded schemas, `Cargo.toml`, the reference pages and the templates.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;
use rayon::prelude::*;
use serde_json::Value;

use crate::canonical;
use crate::catalog::{CatalogEntry, Endpoint, Family, ModelId, ResponseBody, SchemaSource};
use crate::emit::example::{ExampleSize, request_example};
use crate::emit::markdown::{self, ModelPage};
use crate::emit::rust::{
    ModelParam, doc_attrs, ident, request_items, request_items_reusing, value_items,
};
use crate::emit::templates::TEMPLATES;
use crate::emit::{self, STAMP, docs};
use crate::error::ModelError;
use crate::ir::RequestDef;
use crate::names::{self, Scope};
use crate::plan::{LoweredSource, PlannedModel, TypeKey};
use crate::tree::FileTree;

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

/// A generated file that is not Rust: a bug of the generator.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: emitted invalid Rust: {message}", file.display())]
pub struct EmitError {
    /// The file, relative to the crate, e.g. `src/models/flux_2_pro.rs`.
    pub file: PathBuf,
    /// The models whose code the file holds (every model for the crate-wide files).
    pub models: Vec<ModelId>,
    /// syn's message.
    pub message: String,
}

/// Formats `tokens` into the file `path` of `files`; a failure blames `models`.
fn insert_rust<'a>(
    files: &mut BTreeMap<PathBuf, String>,
    path: PathBuf,
    tokens: TokenStream,
    doc: &str,
    models: impl IntoIterator<Item = &'a PlannedModel<'a>>,
) -> Result<(), EmitError> {
    let text = rust_file(&path, tokens, doc, models)?;
    files.insert(path, text);
    Ok(())
}

/// [`emit::rust_file`], its failure blaming `models`.
fn rust_file<'a>(
    path: &std::path::Path,
    tokens: TokenStream,
    doc: &str,
    models: impl IntoIterator<Item = &'a PlannedModel<'a>>,
) -> Result<String, EmitError> {
    emit::rust_file(tokens, doc).map_err(|error| EmitError {
        file: path.to_owned(),
        models: models.into_iter().map(|m| m.entry.id.clone()).collect(),
        message: error.to_string(),
    })
}

/// The files of the crate holding `models` (in catalog order, each with the key of its type
/// in `sources`). `left_out`: models of the catalog that could not be generated
/// (`--keep-going`), listed in `LEFT_OUT` of the generated catalog and in `docs/README.md`.
pub(crate) fn emit_crate(
    models: &[PlannedModel<'_>],
    sources: &BTreeMap<TypeKey, LoweredSource>,
    left_out: &[ModelError],
    responses: &BTreeMap<ResponseBody, RequestDef>,
) -> Result<FileTree, EmitError> {
    let mut files = BTreeMap::new();
    let response_names = response_modules(models, responses, &mut files)?;
    let response_types = response_names.values().map(|name| ident(name));
    let (schema_consts, schema_const_of) = embedded_schemas(sources, &mut files);
    shared_modules(models, sources, &schema_const_of, &mut files)?;
    let reexports = model_modules(
        models,
        sources,
        &schema_const_of,
        left_out,
        &response_names,
        &mut files,
    )?;
    let left_out_count = left_out.len();
    let left_out_doc = left_out_doc(left_out);
    let left_out_items = left_out.iter().map(|error| {
        let id = error.model.as_str();
        let reason = error.error.to_string();
        quote!(LeftOut { id: #id, reason: #reason },)
    });

    let infos = models.iter().map(|model| {
        let (entry, key) = (model.entry, &model.key);
        let id = entry.id.as_str();
        let display_name = &entry.display_name;
        let summary = match &entry.summary {
            Some(s) => quote!(Some(#s)),
            None => quote!(None),
        };
        let endpoint = ident(endpoint_variant(entry.endpoint));
        let schema = ident(&schema_const_of[key]);
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
    let model_count = models.len();
    let all_features = Family::ALL.map(Family::feature);
    let visit_arms = models.iter().map(|model| {
        let id = model.entry.id.as_str();
        let feature = model.entry.endpoint.family().feature();
        let request = ident(&model.names.request);
        quote!(#[cfg(feature = #feature)] #id => Some(visitor.visit::<#request>()),)
    });
    let catalog = quote! {
        use crate::RequestVisitor;

        #(pub use crate::responses::#response_types;)*

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

        /// A model of the hub's catalog that this crate does not have.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct LeftOut {
            /// The model's id, e.g. `flux-2-pro`.
            pub id: &'static str,
            /// Why it could not be generated: the schema file, JSON pointer, keyword and reason.
            pub reason: &'static str,
        }

        #left_out_doc
        pub static LEFT_OUT: [LeftOut; #left_out_count] = [#(#left_out_items)*];
    };
    insert_rust(
        &mut files,
        PathBuf::from("src/catalog.rs"),
        catalog,
        CATALOG_DOC,
        models,
    )?;
    for (path, text) in TEMPLATES {
        files.insert(PathBuf::from(path), format!("// {STAMP}\n{text}"));
    }
    files.insert(PathBuf::from("Cargo.toml"), cargo_toml());
    Ok(FileTree(files))
}

const CATALOG_DOC: &str =
    "The catalog at the crate root: every model's [`ModelInfo`] with its embedded schema,
its marker and request types, and [`visit_request`] to pick a request type at run time.";

fn cargo_toml() -> String {
    let features: Vec<String> = Family::ALL
        .iter()
        .map(|f| format!("{} = []", f.feature()))
        .collect();
    let default: Vec<String> = Family::ALL
        .iter()
        .map(|f| format!("\"{}\"", f.feature()))
        .collect();
    let client_deps: Vec<String> = CLIENT_DEPENDENCIES
        .iter()
        .map(|(name, _)| format!("\"dep:{name}\""))
        .collect();
    let dependencies: Vec<String> = CLIENT_DEPENDENCIES
        .iter()
        .map(|(name, extra)| format!("{name} = {{ workspace = true, optional = true{extra} }}"))
        .collect();
    format!(
        r#"# {STAMP}
[package]
name = "oxen-models"
description = "Typed request builders for every model of the Oxen.ai inference hub"
version.workspace = true
edition.workspace = true
rust-version.workspace = true
license.workspace = true
publish = false

[features]
default = [{}]
{}
# `batch` checks large `--ndjson` inputs on every core (rayon).
parallel = ["dep:rayon"]
# The `oxen-validate` command line (clap, and mimalloc as its allocator); the library does
# not need it.
cli = ["dep:clap", "dep:mimalloc", "parallel"]
# The typed client of the hub (`Client`): off by default, the request types stay light.
client = [{}]

[[bin]]
name = "oxen-validate"
path = "src/bin/oxen-validate.rs"
required-features = ["cli"]

[dependencies]
clap = {{ workspace = true, optional = true }}
jsonschema.workspace = true
memchr.workspace = true
mimalloc = {{ workspace = true, optional = true }}
rayon = {{ workspace = true, optional = true }}
regex.workspace = true
schemars.workspace = true
serde.workspace = true
serde_json.workspace = true
strsim.workspace = true
{}

[lints]
workspace = true
"#,
        default.join(", "),
        features.join("\n"),
        client_deps.join(", "),
        dependencies.join("\n"),
    )
}

/// The rustdoc of `LEFT_OUT`, listing each model with its reason.
fn left_out_doc(left_out: &[ModelError]) -> TokenStream {
    let mut doc = String::from(
        "The models of the hub's catalog that `cargo xtask generate --keep-going` could not generate, so this crate does not have them (empty when every model generated).",
    );
    for error in left_out {
        doc.push_str(&format!("\n- {}", left_out_line(error)));
    }
    doc_attrs(&doc)
}

/// One left-out model as a Markdown list item: id, file, pointer, keyword and reason.
fn left_out_line(error: &ModelError) -> String {
    format!(
        "`{}`: `{}` at `{}` (`{}`): {}",
        error.model,
        error.error.source_file,
        error.error.pointer,
        error.error.keyword,
        docs::escape(&error.error.message)
    )
}

/// The dependencies of the `client` feature, with what the client needs beyond the workspace's
/// features of each.
const CLIENT_DEPENDENCIES: &[(&str, &str)] = &[
    ("backon", ""),
    ("eventsource-stream", ""),
    ("futures-util", ""),
    ("httpdate", ""),
    ("reqwest", ", features = [\"stream\"]"),
    ("thiserror", ""),
    ("tokio", ""),
];

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
    if let Some(response) = page.response_type {
        doc.push_str(&format!(
            " Response: [`{response}`](crate::responses::{response})."
        ));
    }
    if let Some(description) = &entry.description {
        doc.push_str(&format!("\n\n{}", docs::escape(description)));
    }
    let from_overlays = markdown::overlay_properties(page.request);
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
        let check = match markdown::example_note(page, &example) {
            None => "assert!(request.validate().is_ok());".to_owned(),
            Some(note) => format!("// {note}\nassert!(request.validate().is_err());"),
        };
        doc.push_str(&format!(
            "\n\n{}:\n\n```\n{}\n{check}\nassert_eq!(\n    serde_json::to_value(&request).unwrap(),\n    serde_json::json!({json})\n);\n```",
            size.title(),
            markdown::rust_example(page, &example.rust)
        ));
    }
    doc
}

/// `src/shared/`: each endpoint body, generic over the model.
fn shared_modules(
    models: &[PlannedModel<'_>],
    sources: &BTreeMap<TypeKey, LoweredSource>,
    schema_const_of: &BTreeMap<TypeKey, String>,
    files: &mut BTreeMap<PathBuf, String>,
) -> Result<(), EmitError> {
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
            &format!("{description}\n\nGeneric over the model: each model has an alias."),
        );
        let items = with_schema_alias(&lowered.request, &schema_const_of[key], items);
        let users = models
            .iter()
            .filter(|m| matches!(m.entry.schema, SchemaSource::Endpoint(b) if b == *body));
        insert_rust(
            files,
            PathBuf::from(format!("src/shared/{module}.rs")),
            items,
            &doc,
            users,
        )?;
        let module = ident(module);
        let cfg = cfg_for(&lowered.families);
        shared_mods.push(quote!(#cfg pub mod #module;));
    }
    insert_rust(
        files,
        PathBuf::from("src/shared/mod.rs"),
        quote!(#(#shared_mods)*),
        "Request bodies shared by several models.",
        models,
    )?;

    Ok(())
}

/// `src/responses/`: each response body the catalog has, in a module of its own, its type
/// re-exported. Returns the type of each response, e.g. `ChatCompletionResponse`.
fn response_modules(
    models: &[PlannedModel<'_>],
    responses: &BTreeMap<ResponseBody, RequestDef>,
    files: &mut BTreeMap<PathBuf, String>,
) -> Result<BTreeMap<ResponseBody, String>, EmitError> {
    let mut items = Vec::new();
    let mut names = BTreeMap::new();
    for (body, def) in responses {
        let module = names::snake(body.as_str());
        let description = def
            .body
            .description
            .clone()
            .map(|d| docs::escape(&d))
            .unwrap_or_else(|| format!("The `{}` response body.", def.name));
        let doc = format!(
            "{description}\n\nFrom the hub's OpenAPI description (`{}`, `schemas/responses/{}.json`). Properties the hub adds later are kept in `extra`, not refused.",
            body.openapi_component(),
            body.as_str()
        );
        let file_doc = format!(
            "The `{}` response: what the hub answers with.",
            body.openapi_component()
        );
        let users = models
            .iter()
            .filter(|m| m.entry.endpoint.response() == *body);
        insert_rust(
            files,
            PathBuf::from(format!("src/responses/{module}.rs")),
            value_items(def, &doc),
            &file_doc,
            users,
        )?;
        let module = ident(&module);
        let name = ident(&def.name);
        items.push(quote!(pub mod #module; pub use #module::#name;));
        names.insert(*body, def.name.clone());
    }
    insert_rust(
        files,
        PathBuf::from("src/responses/mod.rs"),
        quote!(#(#items)*),
        "What the hub answers with: one module per response body of `schemas/responses/`, generated like the requests. Unknown properties are kept in each struct's `extra` map.",
        models,
    )?;
    Ok(names)
}

/// `src/models/` and `docs/`: a module and a reference page per model, the models shared out
/// over every core and their files taken back in catalog order. Returns the crate root's
/// re-exports of every marker and request type.
fn model_modules(
    models: &[PlannedModel<'_>],
    sources: &BTreeMap<TypeKey, LoweredSource>,
    schema_const_of: &BTreeMap<TypeKey, String>,
    left_out: &[ModelError],
    responses: &BTreeMap<ResponseBody, String>,
    files: &mut BTreeMap<PathBuf, String>,
) -> Result<Vec<TokenStream>, EmitError> {
    let emitted: Vec<Result<ModelFiles, EmitError>> = models
        .par_iter()
        .map(|model| model_files(model, sources, schema_const_of, responses))
        .collect();
    let mut model_mods = Vec::new();
    let mut reexports = Vec::new();
    for (model, emitted) in models.iter().zip(emitted) {
        let emitted = emitted?;
        files.insert(
            PathBuf::from(format!("src/models/{}.rs", model.names.module)),
            emitted.module,
        );
        files.insert(
            PathBuf::from(format!("docs/{}.md", model.entry.id)),
            emitted.page,
        );
        let feature = model.entry.endpoint.family().feature();
        let module = ident(&model.names.module);
        let marker = ident(&model.names.marker);
        let request = ident(&model.names.request);
        model_mods.push(quote!(#[cfg(feature = #feature)] pub mod #module;));
        reexports.push(
            quote!(#[cfg(feature = #feature)] pub use crate::models::#module::{#marker, #request};),
        );
    }
    let entries: Vec<&CatalogEntry> = models.iter().map(|model| model.entry).collect();
    let mut index = markdown::index(&entries);
    if !left_out.is_empty() {
        index.push_str("\n## Models left out\n\nThese models of the hub's catalog could not be generated (`cargo xtask generate --keep-going`):\n\n");
        for error in left_out {
            index.push_str(&format!("- {}\n", left_out_line(error)));
        }
    }
    files.insert(PathBuf::from("docs/README.md"), index);
    insert_rust(
        files,
        PathBuf::from("src/models/mod.rs"),
        quote!(#(#model_mods)*),
        "One module per model of the catalog, each behind its endpoint family's feature.",
        models,
    )?;

    Ok(reexports)
}

/// One model's Rust module and Markdown reference page.
struct ModelFiles {
    module: String,
    page: String,
}

fn model_files(
    model: &PlannedModel<'_>,
    sources: &BTreeMap<TypeKey, LoweredSource>,
    schema_const_of: &BTreeMap<TypeKey, String>,
    responses: &BTreeMap<ResponseBody, String>,
) -> Result<ModelFiles, EmitError> {
    let (entry, name, key) = (model.entry, &model.names, &model.key);
    let lowered = &sources[key];
    // An overlaid model on a shared body uses the body's types where they are the same.
    let shared_body = match (key, &entry.schema) {
        (TypeKey::Overlaid(_), SchemaSource::Endpoint(_)) => {
            sources.get(&TypeKey::File(entry.schema.clone()))
        }
        _ => None,
    };
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
    let response_type = responses.get(&entry.endpoint.response());
    let response = match response_type {
        Some(name) => {
            let name = ident(name);
            quote!(crate::responses::#name)
        }
        None => quote!(::serde_json::Value),
    };
    let page = ModelPage {
        response_type: response_type.map(String::as_str),
        entry,
        schema: &lowered.normalized,
        request: &lowered.request,
        request_type: &name.request,
        module: &name.module,
        shared_module: shared_path.as_deref(),
        warnings: &lowered.warnings,
    };
    let request_doc = request_doc(&page);
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
    let request_items = match &lowered.shared_module {
        None => with_schema_alias(&lowered.request, &schema_const_of[key], request_items),
        Some(_) => request_items,
    };
    let tokens = quote! {
        #[doc = #marker_doc]
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
        pub struct #marker;

        impl crate::Model for #marker {
            const ID: &'static str = #id;
            const ENDPOINT: crate::Endpoint = crate::Endpoint::#endpoint;
            const DISPLAY_NAME: &'static str = #display_name;
            type Response = #response;
        }

        #request_items
    };
    let path = PathBuf::from(format!("src/models/{}.rs", name.module));
    Ok(ModelFiles {
        module: rust_file(&path, tokens, &format!("{title}."), [model])?,
        page: markdown::model_page(&page),
    })
}

/// `items` preceded by `use crate::catalog::SCHEMA_.. as SCHEMA;` when their rules need the
/// embedded schema (see `crate::validate::SchemaRules` in the generated crate).
fn with_schema_alias(
    request: &crate::ir::RequestDef,
    schema_const: &str,
    items: TokenStream,
) -> TokenStream {
    if request.has_schema_rules() {
        let schema_const = ident(schema_const);
        quote! {
            use crate::catalog::#schema_const as SCHEMA;
            #items
        }
    } else {
        items
    }
}

/// `schemas/`: every normalized schema, and the constants that embed them.
fn embedded_schemas(
    sources: &BTreeMap<TypeKey, LoweredSource>,
    files: &mut BTreeMap<PathBuf, String>,
) -> (Vec<TokenStream>, BTreeMap<TypeKey, String>) {
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
        let name = const_names.claim(format!(
            "SCHEMA_{}",
            names::snake(
                &source
                    .to_string()
                    .trim_end_matches(".json")
                    .replace('/', "-")
            )
            .to_uppercase()
        ));
        let include = format!("../{path}");
        let const_ident = ident(&name);
        schema_consts.push(quote!(pub(crate) const #const_ident: &str = include_str!(#include);));
        schema_const_of.insert(key.clone(), name);
    }
    (schema_consts, schema_const_of)
}
