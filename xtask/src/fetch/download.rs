//! Fetching from the hub: the model list, page by page, then every model, a bounded number at
//! a time. Nothing here writes anywhere; the result is checked and complete, or an error.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use oxen_codegen::hub::{self, HubModel};
use oxen_codegen::{EndpointBody, ModelId, SchemaSet};
use reqwest::StatusCode;
use serde::Deserialize;
use serde_json::Value;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::checks::check_model;
use super::client::HubClient;
use super::config::FetchConfig;
use super::error::{
    FetchError, ModelFailure, ModelFailures, ModelProblem, RequestError, RequestFailure,
};
use super::progress::Observer;

/// A hub that never returns an empty or repeated page must still not page forever.
const MAX_PAGES: u64 = 1000;

/// Lists every model on the hub and fetches each, checked; writes nothing.
///
/// `endpoint_bodies` stand in for models whose schema is null (see `schemas/endpoints/`).
pub async fn fetch_catalog(
    config: &FetchConfig,
    endpoint_bodies: &BTreeMap<EndpointBody, Value>,
    observer: Arc<dyn Observer>,
) -> Result<SchemaSet, FetchError> {
    let result = async {
        let client = Arc::new(HubClient::new(config, observer.clone())?);
        let (ids, unsafe_ids) = list_models(&client, config, &*observer).await?;
        let models =
            fetch_checked(client, config, ids, unsafe_ids, endpoint_bodies, &observer).await?;
        hub::schema_set_from_hub(models, endpoint_bodies).map_err(FetchError::Catalog)
    }
    .await;
    observer.finished();
    result
}

/// Fetches the named models only, checked, without listing the catalog; writes nothing.
pub async fn fetch_models(
    config: &FetchConfig,
    ids: &[ModelId],
    endpoint_bodies: &BTreeMap<EndpointBody, Value>,
    observer: Arc<dyn Observer>,
) -> Result<Vec<HubModel>, FetchError> {
    let result = async {
        let client = Arc::new(HubClient::new(config, observer.clone())?);
        let mut unique: Vec<ModelId> = ids.to_vec();
        unique.sort();
        unique.dedup();
        fetch_checked(
            client,
            config,
            unique,
            Vec::new(),
            endpoint_bodies,
            &observer,
        )
        .await
    }
    .await;
    observer.finished();
    result
}

/// [`fetch_catalog`] on a runtime of its own, for callers that are not async.
pub fn fetch_catalog_blocking(
    config: &FetchConfig,
    endpoint_bodies: &BTreeMap<EndpointBody, Value>,
    observer: Arc<dyn Observer>,
) -> Result<SchemaSet, FetchError> {
    runtime()?.block_on(fetch_catalog(config, endpoint_bodies, observer))
}

/// A single-threaded runtime: the work is waiting on the network, not computing.
pub fn runtime() -> Result<tokio::runtime::Runtime, FetchError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(FetchError::Runtime)
}

/// `GET /api/ai/models`, one page or many.
#[derive(Debug, Deserialize)]
struct ListPage {
    #[serde(default)]
    object: Option<String>,
    data: Vec<ListedModel>,
    #[serde(default)]
    page_num: Option<u64>,
    #[serde(default)]
    page_size: Option<u64>,
    #[serde(default)]
    total_pages: Option<u64>,
    #[serde(default)]
    total_entries: Option<u64>,
}

#[derive(Debug, Deserialize)]
struct ListedModel {
    id: String,
}

/// Every listed id, in list order without repeats; ids that are not safe file names are
/// returned as failures and never requested.
async fn list_models(
    client: &HubClient,
    config: &FetchConfig,
    observer: &dyn Observer,
) -> Result<(Vec<ModelId>, Vec<ModelFailure>), FetchError> {
    let mut page = list_page(client, config, None).await?;
    let paged = page.page_num.is_some() || page.page_size.is_some();
    let page_size = page.page_size.unwrap_or(page.data.len() as u64).max(1);
    let mut number = page.page_num.unwrap_or(1);
    let total_entries = page.total_entries;
    let mut seen_pages = HashSet::new();
    let mut raw_ids = Vec::new();
    loop {
        let ids: Vec<String> = page.data.into_iter().map(|model| model.id).collect();
        if ids.is_empty() || !seen_pages.insert(ids.clone()) {
            break;
        }
        raw_ids.extend(ids);
        if !paged || page.total_pages.is_some_and(|total| number >= total) {
            break;
        }
        number += 1;
        if number > MAX_PAGES {
            return Err(FetchError::ListShape(format!(
                "the list goes on past {MAX_PAGES} pages"
            )));
        }
        page = list_page(client, config, Some((number, page_size))).await?;
    }

    if raw_ids.is_empty() {
        // Taken at its word, an empty list would empty schemas/; a hub in trouble sends one.
        return Err(FetchError::ListShape(
            "the hub listed no models at all; refusing to remove the whole catalog".to_owned(),
        ));
    }
    let mut seen = HashSet::new();
    raw_ids.retain(|id| seen.insert(id.clone()));
    // A hub that ignores `page_num` repeats its first page; stopping there would silently drop
    // every later model (and a full refresh would delete them), so a stated total is checked.
    if let Some(total) = total_entries.filter(|&total| total != raw_ids.len() as u64) {
        return Err(FetchError::ListShape(format!(
            "the hub says it has {total} models but its pages listed {}",
            raw_ids.len()
        )));
    }
    let mut ids = Vec::new();
    let mut failures = Vec::new();
    for raw in raw_ids {
        match ModelId::parse(&raw) {
            Ok(id) => ids.push(id),
            Err(error) => {
                let problem = ModelProblem::UnsafeId(error);
                observer.failed(&raw.escape_debug().to_string(), &problem);
                failures.push(ModelFailure::new(&raw, problem));
            }
        }
    }
    Ok((ids, failures))
}

async fn list_page(
    client: &HubClient,
    config: &FetchConfig,
    page: Option<(u64, u64)>,
) -> Result<ListPage, FetchError> {
    let url = config.base_url.models_url(page);
    let value = client
        .get_json(&url, "model list")
        .await
        .map_err(|failure| match failure.error {
            RequestError::AuthRefused { status } => FetchError::AuthRefused { status },
            _ => FetchError::List(failure),
        })?;
    let page: ListPage =
        serde_json::from_value(value).map_err(|error| FetchError::ListShape(error.to_string()))?;
    match page.object.as_deref() {
        None | Some("list") => Ok(page),
        Some(other) => Err(FetchError::ListShape(format!(
            "`object` is \"{}\", not \"list\"",
            other.escape_debug()
        ))),
    }
}

/// Fetches and checks every model, at most `config.concurrency` at once, and fails with every
/// failed model listed, or at once when the hub refuses the key.
async fn fetch_checked(
    client: Arc<HubClient>,
    config: &FetchConfig,
    ids: Vec<ModelId>,
    mut failures: Vec<ModelFailure>,
    endpoint_bodies: &BTreeMap<EndpointBody, Value>,
    observer: &Arc<dyn Observer>,
) -> Result<Vec<HubModel>, FetchError> {
    observer.listed(ids.len() + failures.len());
    let slots = Arc::new(Semaphore::new(config.concurrency.max(1)));
    let bodies = Arc::new(endpoint_bodies.clone());
    let mut tasks = JoinSet::new();
    for id in ids {
        let (client, slots, bodies) = (client.clone(), slots.clone(), bodies.clone());
        let url = config.base_url.model_url(&id);
        tasks.spawn(async move {
            // The semaphore is never closed, so acquiring only waits for a free slot.
            let _slot = slots.acquire_owned().await;
            let result = match client.get_json(&url, id.as_str()).await {
                Ok(value) => check_model(&id, value, &bodies),
                Err(RequestFailure {
                    error: RequestError::Status { status },
                    ..
                }) if status == StatusCode::NOT_FOUND => Err(ModelProblem::NotOnHub),
                Err(failure) => Err(ModelProblem::Request(failure)),
            };
            (id, result)
        });
    }

    let mut models = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        let (id, result) =
            joined.map_err(|error| FetchError::Client(format!("a fetch task stopped: {error}")))?;
        match result {
            Ok(model) => {
                observer.fetched(&id);
                models.push(model);
            }
            Err(ModelProblem::Request(RequestFailure {
                error: RequestError::AuthRefused { status },
                ..
            })) => {
                // Every other request would be refused too: stop now, retry nothing.
                tasks.abort_all();
                return Err(FetchError::AuthRefused { status });
            }
            Err(problem) => {
                observer.failed(id.as_str(), &problem);
                failures.push(ModelFailure::new(id.as_str(), problem));
            }
        }
    }
    if failures.is_empty() {
        Ok(models)
    } else {
        failures.sort_by(|a, b| a.model.cmp(&b.model));
        Err(FetchError::Models(ModelFailures(failures)))
    }
}
