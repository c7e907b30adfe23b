//! `src/catalog.rs` of the generated crate: every model's `ModelInfo` with its embedded
//! schema, the re-exports of the marker and request types, `visit_request`, and the models
//! left out.

use std::collections::BTreeMap;
use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;

use crate::catalog::{Endpoint, Family, ResponseBody};
use crate::emit::docs;
use crate::emit::layout::{Files, rust_file, schema_path};
use crate::emit::rust::{doc_attrs, ident};
use crate::error::ModelError;
use crate::plan::{LoweredSource, PlannedModel, TypeKey};

/// `src/catalog.rs`, for `models` (in catalog order) whose request types are in `sources` and
/// whose schemas are embedded under the constants `schema_const_of`.
pub(super) fn catalog_module(
    models: &[PlannedModel<'_>],
    sources: &BTreeMap<TypeKey, LoweredSource>,
    schema_const_of: &BTreeMap<TypeKey, String>,
    left_out: &[ModelError],
    response_names: &BTreeMap<ResponseBody, String>,
) -> Files {
    let response_types = response_names.values().map(|name| ident(name));
    let reexports = models.iter().map(|model| {
        let feature = model.entry.endpoint.family().feature();
        let module = ident(&model.names.module);
        let marker = ident(&model.names.marker);
        let request = ident(&model.names.request);
        quote!(#[cfg(feature = #feature)] pub use crate::models::#module::{#marker, #request};)
    });
    let schema_consts = schema_const_of.iter().map(|(key, name)| {
        let include = format!("../{}", schema_path(key));
        let name = ident(name);
        quote!(pub(crate) const #name: &str = include_str!(#include);)
    });
    let parameter_consts = schema_const_of.iter().map(|(key, name)| {
        let name = ident(&parameters_const(name));
        let rows = docs::parameter_rows(&sources[key].request).into_iter().map(|row| {
            let docs::ParameterRow { parent, name, required, type_label, default, default_invalid, allowed, constraints, description, overlay } = row;
            let default = optional_str(default.as_deref());
            let overlay = optional_str(overlay.as_deref());
            quote!(Parameter { parent: #parent, name: #name, required: #required, type_label: #type_label, default: #default, default_invalid: #default_invalid, allowed: &[#(#allowed),*], constraints: #constraints, description: #description, overlay: #overlay },)
        });
        quote!(const #name: &[Parameter] = &[#(#rows)*];)
    });
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
        let parameters = ident(&parameters_const(&schema_const_of[key]));
        let schema_file = entry.schema.to_string();
        let overlays = &sources[key].overlays;
        quote!(ModelInfo { id: #id, display_name: #display_name, summary: #summary, endpoint: Endpoint::#endpoint, schema_file: #schema_file, overlays: &[#(#overlays),*], schema: #schema, parameters: #parameters },)
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

        #(#schema_consts)*

        #(#parameter_consts)*

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
    let path = PathBuf::from("src/catalog.rs");
    let text = rust_file(&path, catalog, CATALOG_DOC, models)?;
    Ok(BTreeMap::from([(path, text)]))
}

const CATALOG_DOC: &str =
    "The catalog at the crate root: every model's [`ModelInfo`] with its embedded schema,
its marker and request types, and [`visit_request`] to pick a request type at run time.";

/// The rustdoc of `LEFT_OUT`, listing each model with its reason.
fn left_out_doc(left_out: &[ModelError]) -> TokenStream {
    let mut doc = String::from(
        "The models of the hub's catalog that this crate does not have, with why: `cargo xtask fetch` found them unusable (an endpoint the project does not know, a schema that is not valid JSON Schema), or `cargo xtask generate --keep-going` could not generate them (empty when every model generated).",
    );
    for error in left_out {
        doc.push_str(&format!("\n- {}", left_out_line(error)));
    }
    doc_attrs(&doc)
}

/// One left-out model as a Markdown list item: id, file, pointer, keyword and reason.
pub(super) fn left_out_line(error: &ModelError) -> String {
    format!(
        "`{}`: `{}` at `{}` (`{}`): {}",
        error.model,
        error.error.source_file,
        error.error.pointer,
        error.error.keyword,
        docs::escape(&error.error.message)
    )
}

/// The constant holding the parameter rows of the schema embedded as `schema_const`
/// (`SCHEMA_MODELS_FLUX_2_PRO` → `PARAMETERS_MODELS_FLUX_2_PRO`).
fn parameters_const(schema_const: &str) -> String {
    format!("PARAMETERS_{}", schema_const.trim_start_matches("SCHEMA_"))
}

fn optional_str(text: Option<&str>) -> TokenStream {
    match text {
        Some(text) => quote!(Some(#text)),
        None => quote!(None),
    }
}

/// The variant of the generated `Endpoint` enum for `endpoint`.
pub(super) fn endpoint_variant(endpoint: Endpoint) -> &'static str {
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
