//! The generated crate's files: one module per model, the shared bodies, the responses, the
//! embedded schemas, `Cargo.toml`, the reference pages and the templates, with the catalog
//! module of [`super::catalog`]; every part built on every core.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;
use rayon::prelude::*;
use serde_json::Value;

use crate::canonical;
use crate::catalog::{CatalogEntry, EndpointBody, Family, ModelId, ResponseBody, SchemaSource};
use crate::emit::catalog::{catalog_module, endpoint_variant, left_out_line};
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

/// The files of one part of the crate, keyed by path relative to it, or the first that is not
/// Rust.
pub(super) type Files = Result<BTreeMap<PathBuf, String>, EmitError>;

/// [`emit::rust_file`], its failure blaming `models`.
pub(super) fn rust_file<'a>(
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
    let response_names: BTreeMap<ResponseBody, String> = responses
        .iter()
        .map(|(body, def)| (*body, def.name.clone()))
        .collect();
    let schema_const_of = schema_const_names(sources);
    // The parts are independent: each is built on whichever core is free (the models' part
    // shares its models out again), and the files are keyed by path, so the order in which
    // they finish does not matter. The catalog, the largest single file, goes first.
    let parts: [&(dyn Fn() -> Files + Sync); 5] = [
        &|| catalog_module(models, sources, &schema_const_of, left_out, &response_names),
        &|| shared_modules(models, sources, responses),
        &|| response_modules(models, responses),
        &|| Ok(embedded_schemas(sources)),
        &|| model_modules(models, sources, left_out, &response_names),
    ];
    let mut files = BTreeMap::new();
    let mut failures = Vec::new();
    for part in parts.par_iter().map(|part| part()).collect::<Vec<Files>>() {
        match part {
            Ok(part) => files.extend(part),
            Err(error) => failures.push(error),
        }
    }
    // One bug can break several files (a bad name is in a model's module and in the catalog's
    // re-exports): the file holding the fewest models' code names the culprit.
    if let Some(error) = failures.into_iter().min_by_key(|error| error.models.len()) {
        return Err(error);
    }
    for (path, text) in TEMPLATES {
        files.insert(PathBuf::from(path), format!("// {STAMP}\n{text}"));
    }
    files.insert(PathBuf::from("Cargo.toml"), cargo_toml());
    Ok(FileTree(files))
}

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
# The `oxen` command: the command line and the client, shell completions, the queue's progress.
oxen = ["cli", "client", "dep:clap_complete", "dep:indicatif"]

[[bin]]
name = "oxen-validate"
path = "src/bin/oxen-validate.rs"
required-features = ["cli"]

[[bin]]
name = "oxen"
path = "src/bin/oxen.rs"
required-features = ["oxen"]

[dependencies]
clap = {{ workspace = true, optional = true }}
clap_complete = {{ workspace = true, optional = true }}
indicatif = {{ workspace = true, optional = true }}
jsonschema.workspace = true
memchr.workspace = true
mimalloc = {{ workspace = true, optional = true }}
rayon = {{ workspace = true, optional = true }}
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
    responses: &BTreeMap<ResponseBody, RequestDef>,
) -> Files {
    let mut files = BTreeMap::new();
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
        let users = models
            .iter()
            .filter(|m| matches!(m.entry.schema, SchemaSource::Endpoint(b) if b == *body));
        insert_rust(
            &mut files,
            PathBuf::from(format!("src/shared/{module}.rs")),
            items,
            &doc,
            users,
        )?;
        let module = ident(module);
        let cfg = cfg_for(&lowered.families);
        shared_mods.push(quote!(#cfg pub mod #module;));
        if *body == EndpointBody::ChatCompletions && chat_helpers_fit(&lowered.request, responses) {
            shared_mods.push(quote!(#cfg #[path = "../chat.rs"] mod chat;));
        }
    }
    insert_rust(
        &mut files,
        PathBuf::from("src/shared/mod.rs"),
        quote!(#(#shared_mods)*),
        "Request bodies shared by several models.",
        models,
    )?;
    Ok(files)
}

/// Whether the chat body and the chat completion response have the types the hand-written
/// `src/chat.rs` (message constructors, a response's message as a request's) names, as the
/// chat overlay makes them; a catalog without them leaves the file out of the build.
fn chat_helpers_fit(chat: &RequestDef, responses: &BTreeMap<ResponseBody, RequestDef>) -> bool {
    let has = |def: &RequestDef, name: &str| def.types.iter().any(|t| t.name() == name);
    [
        "Message",
        "MessageContent",
        "MessageRole",
        "MessageToolCall",
    ]
    .iter()
    .all(|name| has(chat, name))
        && responses
            .get(&ResponseBody::ChatCompletion)
            .is_some_and(|response| has(response, "ChatCompletionResponseChoiceMessage"))
}

/// `src/responses/`: each response body the catalog has, in a module of its own, its type
/// re-exported.
fn response_modules(
    models: &[PlannedModel<'_>],
    responses: &BTreeMap<ResponseBody, RequestDef>,
) -> Files {
    let mut files = BTreeMap::new();
    let mut items = Vec::new();
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
            &mut files,
            PathBuf::from(format!("src/responses/{module}.rs")),
            value_items(def, &doc),
            &file_doc,
            users,
        )?;
        let module = ident(&module);
        let name = ident(&def.name);
        items.push(quote!(pub mod #module; pub use #module::#name;));
    }
    insert_rust(
        &mut files,
        PathBuf::from("src/responses/mod.rs"),
        quote!(#(#items)*),
        "What the hub answers with: one module per response body of `schemas/responses/`, generated like the requests. Unknown properties are kept in each struct's `extra` map.",
        models,
    )?;
    Ok(files)
}

/// `src/models/` and `docs/`: a module and a reference page per model, the models shared out
/// over every core and their files taken back in catalog order.
fn model_modules(
    models: &[PlannedModel<'_>],
    sources: &BTreeMap<TypeKey, LoweredSource>,
    left_out: &[ModelError],
    responses: &BTreeMap<ResponseBody, String>,
) -> Files {
    let mut files = BTreeMap::new();
    let emitted: Vec<Result<ModelFiles, EmitError>> = models
        .par_iter()
        .map(|model| model_files(model, sources, responses))
        .collect();
    let mut model_mods = Vec::new();
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
        model_mods.push(quote!(#[cfg(feature = #feature)] pub mod #module;));
    }
    let entries: Vec<&CatalogEntry> = models.iter().map(|model| model.entry).collect();
    let mut index = markdown::index(&entries);
    if !left_out.is_empty() {
        index.push_str("\n## Models left out\n\nThese models of the hub's catalog are not in this crate: `cargo xtask fetch` found them unusable, or `cargo xtask generate --keep-going` could not generate them:\n\n");
        for error in left_out {
            index.push_str(&format!("- {}\n", left_out_line(error)));
        }
    }
    files.insert(PathBuf::from("docs/README.md"), index);
    insert_rust(
        &mut files,
        PathBuf::from("src/models/mod.rs"),
        quote!(#(#model_mods)*),
        "One module per model of the catalog, each behind its endpoint family's feature.",
        models,
    )?;
    Ok(files)
}

/// One model's Rust module and Markdown reference page.
struct ModelFiles {
    module: String,
    page: String,
}

fn model_files(
    model: &PlannedModel<'_>,
    sources: &BTreeMap<TypeKey, LoweredSource>,
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

/// The schema file `key`'s type is generated from: its own, or its model's for an overlaid
/// type.
fn embedded_source(key: &TypeKey) -> SchemaSource {
    match key {
        TypeKey::File(source) => source.clone(),
        TypeKey::Overlaid(id) => SchemaSource::Model(id.clone()),
    }
}

/// Where the normalized schema of `key` is embedded from, relative to the crate, e.g.
/// `schemas/models/flux-2-pro.json`.
pub(super) fn schema_path(key: &TypeKey) -> String {
    format!("schemas/{}", embedded_source(key))
}

/// `schemas/`: every normalized schema, stamped.
fn embedded_schemas(sources: &BTreeMap<TypeKey, LoweredSource>) -> BTreeMap<PathBuf, String> {
    sources
        .iter()
        .map(|(key, lowered)| {
            (
                PathBuf::from(schema_path(key)),
                stamped_json(&lowered.normalized),
            )
        })
        .collect()
}

/// The name of the constant that embeds each schema, e.g. `SCHEMA_MODELS_FLUX_2_PRO`.
fn schema_const_names(sources: &BTreeMap<TypeKey, LoweredSource>) -> BTreeMap<TypeKey, String> {
    // Ids that differ only in punctuation (`a-1.1` and `a-1-1`) would share a constant name.
    let mut const_names = Scope::default();
    sources
        .keys()
        .map(|key| {
            let file = embedded_source(key).to_string();
            let file = file.trim_end_matches(".json").replace('/', "-");
            let name = format!("SCHEMA_{}", names::snake(&file).to_uppercase());
            (key.clone(), const_names.claim(name))
        })
        .collect()
}
