//! Fetching from the hub: the model list, page by page, then every model, a bounded number at
//! a time. Nothing here writes anywhere; the result is checked and complete, or an error.

use std::collections::BTreeMap;
use std::sync::Arc;

use oxen_codegen::hub::{self, HubModel};
use oxen_codegen::{EndpointBody, ModelId, SchemaSet};
use reqwest::StatusCode;
use serde_json::Value;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::checks::{check_model, usable_schema};
use super::client::HubClient;
use super::config::FetchConfig;
use super::error::{
    FetchError, ModelFailure, ModelFailures, ModelProblem, RequestError, RequestFailure,
};
use super::list::list_models;
use super::progress::Observer;

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
        let (ids, unsafe_ids) = list_models(&client, config).await?;
        let models =
            fetch_checked(client, config, ids, unsafe_ids, endpoint_bodies, &observer).await?;
        hub::schema_set_from_hub(models, endpoint_bodies, &usable_schema)
            .map_err(FetchError::Catalog)
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
        let fetched = fetch_checked(
            client.clone(),
            config,
            unique,
            Vec::new(),
            endpoint_bodies,
            &observer,
        )
        .await;
        match fetched {
            Err(FetchError::Models(failures)) => Err(FetchError::Models(
                with_nearest_ids(&client, config, failures).await,
            )),
            other => other,
        }
    }
    .await;
    observer.finished();
    result
}

/// Names the listed ids nearest to each id the hub does not have (a typo in `--model`). The
/// list costs one more request, made only then; without it the failures stay as they are.
async fn with_nearest_ids(
    client: &HubClient,
    config: &FetchConfig,
    mut failures: ModelFailures,
) -> ModelFailures {
    let unknown = |failure: &ModelFailure| matches!(failure.problem, ModelProblem::NotOnHub { .. });
    if !failures.0.iter().any(unknown) {
        return failures;
    }
    let Ok((listed, _)) = list_models(client, config).await else {
        return failures;
    };
    for failure in &mut failures.0 {
        if let ModelProblem::NotOnHub { nearest } = &mut failure.problem {
            *nearest = nearest_ids(&failure.model, &listed);
        }
    }
    failures
}

/// Up to three of `listed` nearest to `id` by edit distance, nearest first; ids that contain
/// `id` (or that `id` contains) count as near.
pub fn nearest_ids(id: &str, listed: &[ModelId]) -> Vec<String> {
    let wanted = id.to_ascii_lowercase();
    let threshold = (wanted.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = listed
        .iter()
        .map(ModelId::as_str)
        .filter_map(|candidate| {
            let distance = strsim::levenshtein(&wanted, candidate);
            let contains = !wanted.is_empty()
                && (candidate.contains(wanted.as_str()) || wanted.contains(candidate));
            let score = if contains {
                distance.min(threshold)
            } else {
                distance
            };
            (distance <= threshold || contains).then_some((score, candidate))
        })
        .collect();
    scored.sort();
    scored
        .into_iter()
        .take(3)
        .map(|(_, candidate)| candidate.to_owned())
        .collect()
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
    for failure in &failures {
        observer.failed(&failure.model, &failure.problem);
    }
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
                }) if status == StatusCode::NOT_FOUND => Err(ModelProblem::NotOnHub {
                    nearest: Vec::new(),
                }),
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
                return Err(FetchError::auth_refused(status, config));
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
